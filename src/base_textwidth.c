/*
 * base_textwidth — see base_textwidth.h.
 */
#include "base_textwidth.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* One character of the text as it is shown: the bytes to print (the
 * character itself, or its escape) and its columns. */
typedef struct shown {
	const char *bytes;
	size_t length;   /* bytes to print */
	size_t consumed; /* bytes of the text it stands for */
	size_t width;
	char escape[12];
} shown;

/* Characters that move the cursor, ring, retitle the window or reorder
 * the line rather than show a glyph. */
static bool needs_escape(utf8proc_int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

/* The next character of s (left > 0 bytes).  keep_layout: a newline and a
 * tab are themselves (text_wrap), not escapes. */
static void next_shown(const char *s, size_t left, bool keep_layout, shown *out)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)left, &cp);
	out->bytes = s;
	if (n <= 0) {
		/* Not UTF-8: the byte's value, never the byte. */
		snprintf(out->escape, sizeof out->escape, "\\x%02x", (unsigned char)s[0]);
		out->consumed = 1;
	} else if (!needs_escape(cp) || (keep_layout && (cp == '\n' || cp == '\t'))) {
		int w = cp < 0x20 ? 0 : utf8proc_charwidth(cp);
		out->length = out->consumed = (size_t)n;
		out->width = w > 0 ? (size_t)w : 0;
		return;
	} else {
		static const char named[] = { '\033', 'e', '\n', 'n', '\r', 'r', '\t', 't', 0 };
		const char *name = NULL;
		for (const char *p = named; *p; p += 2)
			if (*p == cp)
				name = p + 1;
		if (name)
			snprintf(out->escape, sizeof out->escape, "\\%c", *name);
		else if (cp < 0x80)
			snprintf(out->escape, sizeof out->escape, "\\x%02x", (unsigned)cp);
		else
			snprintf(out->escape, sizeof out->escape, "\\u%04x", (unsigned)cp);
		out->consumed = (size_t)n;
	}
	out->bytes = out->escape;
	out->length = out->width = strlen(out->escape);
}

size_t text_width(const char *s)
{
	size_t width = 0, left = strlen(s);
	shown c;
	for (; left > 0; s += c.consumed, left -= c.consumed) {
		next_shown(s, left, false, &c);
		width += c.width;
	}
	return width;
}

void text_put(FILE *out, const char *s)
{
	size_t left = strlen(s);
	shown c;
	for (; left > 0; s += c.consumed, left -= c.consumed) {
		next_shown(s, left, false, &c);
		fwrite(c.bytes, 1, c.length, out);
	}
}

void text_pad(FILE *out, const char *s, size_t width)
{
	text_put(out, s);
	for (size_t w = text_width(s); w < width; w++)
		fputc(' ', out);
}

void text_pad_left(FILE *out, const char *s, size_t width)
{
	for (size_t w = text_width(s); w < width; w++)
		fputc(' ', out);
	text_put(out, s);
}

void text_wrap(FILE *out, const char *s, size_t start, size_t indent, size_t width)
{
	bool wrap = width > 0 && indent + 10 <= width;
	size_t column = start, left = strlen(s);
	shown c;
	for (; left > 0; s += c.consumed, left -= c.consumed) {
		next_shown(s, left, true, &c);
		bool newline = c.length == 1 && c.bytes[0] == '\n';
		if (wrap && (newline || (column + c.width > width && column > indent))) {
			fputc('\n', out);
			for (size_t i = 0; i < indent; i++)
				fputc(' ', out);
			column = indent;
			if (newline || (c.length == 1 && c.bytes[0] == ' '))
				continue;
		}
		fwrite(c.bytes, 1, c.length, out);
		column += c.width;
	}
}

char *text_visible(const char *s, bool lines)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	if (!f)
		return NULL;
	if (lines)
		text_wrap(f, s, 0, 0, 0);
	else
		text_put(f, s);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

void text_complain(FILE *out, const char *format, const char *detail)
{
	char *visible = text_visible(detail, true);
	fprintf(out, format, visible ? visible : detail);
	free(visible);
}
