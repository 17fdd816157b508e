/*
 * base_textwidth — see base_textwidth.h.
 */
#include "base_textwidth.h"

#include <string.h>
#include <utf8proc.h>

size_t text_width(const char *s)
{
	size_t width = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
		if (n <= 0) {
			/* An invalid byte shows as one replacement column. */
			width++;
			p++;
			left--;
			continue;
		}
		int w = utf8proc_charwidth(cp);
		width += w > 0 ? (size_t)w : 0;
		p += n;
		left -= n;
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
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
		if (n <= 0) {
			n = 1;
			cp = '?';
		}
		int w = cp == '\n' ? 0 : utf8proc_charwidth(cp);
		if (w < 0)
			w = 0;
		if (cp == '\n' || (column + (size_t)w > width && column > indent)) {
			fputc('\n', out);
			for (size_t i = 0; i < indent; i++)
				fputc(' ', out);
			column = indent;
			if (cp == ' ' || cp == '\n') {
				p += n;
				left -= n;
				continue;
			}
		}
		fwrite(p, 1, (size_t)n, out);
		column += (size_t)w;
		p += n;
		left -= n;
	}
}
