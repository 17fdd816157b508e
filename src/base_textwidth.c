/*
 * base_textwidth — see base_textwidth.h.
 */
#include "base_textwidth.h"

#include <string.h>
#include <utf8proc.h>

/* The character at p (before end) in *cp, and its length in bytes.  An
 * invalid byte is one '?': it shows as one replacement column. */
static size_t next_char(const char *p, const char *end, utf8proc_int32_t *cp)
{
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p, end - p, cp);
	if (n > 0)
		return (size_t)n;
	*cp = '?';
	return 1;
}

/* Columns cp takes: 0 for controls and combining marks. */
static size_t char_width(utf8proc_int32_t cp)
{
	int w = utf8proc_charwidth(cp);
	return w > 0 ? (size_t)w : 0;
}

size_t text_width(const char *s)
{
	size_t width = 0;
	for (const char *p = s, *end = s + strlen(s); p < end;) {
		utf8proc_int32_t cp;
		p += next_char(p, end, &cp);
		width += char_width(cp);
	}
	return width;
}

void text_pad(FILE *out, const char *s, size_t width)
{
	fputs(s, out);
	for (size_t w = text_width(s); w < width; w++)
		fputc(' ', out);
}

void text_pad_left(FILE *out, const char *s, size_t width)
{
	for (size_t w = text_width(s); w < width; w++)
		fputc(' ', out);
	fputs(s, out);
}

void text_wrap(FILE *out, const char *s, size_t start, size_t indent, size_t width)
{
	if (width == 0 || indent + 10 > width) {
		fputs(s, out);
		return;
	}
	size_t column = start;
	for (const char *p = s, *end = s + strlen(s); p < end;) {
		utf8proc_int32_t cp;
		size_t n = next_char(p, end, &cp);
		size_t w = cp == '\n' ? 0 : char_width(cp);
		if (cp == '\n' || (column + w > width && column > indent)) {
			fputc('\n', out);
			for (size_t i = 0; i < indent; i++)
				fputc(' ', out);
			column = indent;
			if (cp == ' ' || cp == '\n') {
				p += n;
				continue;
			}
		}
		fwrite(p, 1, n, out);
		column += w;
		p += n;
	}
}
