/*
 * load_text — see load_text.h.
 */
#include "load_text.h"

#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base_alloc.h"
#include "base_i18n.h"

/* --- encoding ----------------------------------------------------------------------- */

/* Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, at most
 * U+10FFFF).  False with the offset of the first bad byte. */
static bool valid_utf8(const unsigned char *s, size_t n, size_t *bad)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			len = 2, cp = c & 0x1F, min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3, cp = c & 0x0F, min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else {
			*bad = i;
			return false;
		}
		if (n - i < len) {
			*bad = i;
			return false;
		}
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80) {
				*bad = i;
				return false;
			}
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
			*bad = i;
			return false;
		}
		i += len;
	}
	return true;
}

/* data converted from `from` to UTF-8 (malloc'd, NUL-terminated), or NULL
 * when it is not valid in that encoding. */
static char *convert(const char *from, const char *data, size_t size, size_t *length)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return NULL;
	/* GB18030 and UTF-16 grow by at most half again in UTF-8. */
	size_t capacity = size + size / 2 + 16;
	char *out = xmalloc(capacity + 1);
	char *in = (char *)data, *o = out;
	size_t in_left = size, out_left = capacity;
	size_t r = iconv(cd, &in, &in_left, &o, &out_left);
	if (r != (size_t)-1)
		r = iconv(cd, NULL, NULL, &o, &out_left); /* flush any shift state */
	iconv_close(cd);
	if (r == (size_t)-1 || in_left > 0) {
		free(out);
		return NULL;
	}
	*length = capacity - out_left;
	out[*length] = '\0';
	return out;
}

/* The line (from 1) holding byte offset `at`. */
static size_t line_of(const char *s, size_t at)
{
	size_t line = 1;
	for (size_t i = 0; i < at; i++)
		line += s[i] == '\n';
	return line;
}

/*
 * The text as UTF-8: the data itself (after a byte order mark) when it is
 * UTF-8, else a converted copy in *owned.  NULL, with a problem added, when
 * it cannot be read as text.
 */
static const char *decode(grid_doc *doc, const char *data, size_t size, size_t *length,
                          char **owned)
{
	const unsigned char *b = (const unsigned char *)data;
	*owned = NULL;
	if (size >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
		*owned = convert("UTF-16", data, size, length);
		size_t bad;
		if (!*owned || memchr(*owned, '\0', *length) ||
		    !valid_utf8((const unsigned char *)*owned, *length, &bad)) {
			free(*owned);
			*owned = NULL;
			grid_add_problem(doc, GRID_ERROR, NULL, "%s",
			                 _("the file starts like UTF-16 text but is not: it cannot be "
			                   "read"));
			return NULL;
		}
		grid_add_problem(doc, GRID_NOTE, NULL, "%s",
		                 _("the file is UTF-16 text; it was converted to UTF-8 to be read"));
		return *owned;
	}
	if (size >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		data += 3;
		size -= 3;
	}
	const char *nul = memchr(data, '\0', size);
	if (nul) {
		grid_add_problem(doc, GRID_ERROR, NULL,
		                 _("the file holds NUL bytes (the first on line %zu): it is not a "
		                   "text file, nor an .xlsx or .docx"),
		                 line_of(data, (size_t)(nul - data)));
		return NULL;
	}
	size_t bad;
	if (valid_utf8((const unsigned char *)data, size, &bad)) {
		*length = size;
		return data;
	}
	*owned = convert("GB18030", data, size, length);
	if (!*owned) {
		grid_add_problem(doc, GRID_ERROR, NULL,
		                 _("the file is neither UTF-8 nor GB18030 (GBK) text: the first "
		                   "byte that is not is on line %zu"),
		                 line_of(data, bad));
		return NULL;
	}
	grid_add_problem(doc, GRID_NOTE, NULL, "%s",
	                 _("the file is not UTF-8; it was read as GB18030 (GBK) text and "
	                   "converted"));
	return *owned;
}

/* --- cells -------------------------------------------------------------------------- */

typedef struct text_cell {
	const char *text; /* in the document's arena */
	uint32_t column;
	uint32_t line; /* 0: the row's; a CSV record goes on over lines */
} text_cell;

typedef struct text_row {
	uint32_t line, width; /* width: the line's length in characters */
	text_cell *cells;
	size_t count;
} text_row;

typedef struct text_table {
	text_row *rows;
	size_t count, capacity, cells;
	bool too_big;
} text_table;

static bool continuation_byte(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* Characters in s[0..n). */
static uint32_t chars(const char *s, size_t n)
{
	uint32_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += !continuation_byte(s[i]);
	return k;
}

static size_t space_at(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r'))
		return 1;
	if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) /* U+3000 */
		return 3;
	return 0;
}

static size_t space_before(const char *s, size_t n)
{
	if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		return 1;
	if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

static bool blank(const char *s)
{
	size_t n = strlen(s), k;
	for (size_t i = 0; i < n; i += k)
		if (!(k = space_at(s + i, n - i)))
			return false;
	return true;
}

/*
 * The column (in characters, from 1) of byte `at` of a line, counted on from
 * where the last question left off: a row's cells are asked for in order,
 * so a line of a hundred thousand cells is walked once, not once a cell.
 */
typedef struct column_cursor {
	const char *line;
	size_t at;
	uint32_t chars;
} column_cursor;

static uint32_t column_at(column_cursor *cur, size_t at)
{
	if (at < cur->at) { /* asked backwards: count again from the start */
		cur->at = 0;
		cur->chars = 0;
	}
	cur->chars += chars(cur->line + cur->at, at - cur->at);
	cur->at = at;
	return cur->chars + 1;
}

/* s[*start..*end) without the white space at both ends. */
static void trim(const char *s, size_t *start, size_t *end)
{
	size_t k;
	while (*start < *end && (k = space_at(s + *start, *end - *start)))
		*start += k;
	while (*end > *start && (k = space_before(s + *start, *end - *start)))
		*end -= k;
}

/* A cell from line[start..end): trimmed, with the column of its first
 * character (of `start` when it is empty).  unescape: "\|" is "|". */
static text_cell make_cell(grid_doc *doc, column_cursor *cur, size_t start, size_t end,
                           bool unescape)
{
	const char *line = cur->line;
	size_t first = start;
	trim(line, &start, &end);
	text_cell c = { .column = column_at(cur, start < end ? start : first) };
	if (!unescape || !memchr(line + start, '\\', end - start)) {
		c.text = grid_intern(doc, line + start, end - start);
		return c;
	}
	char *copy = xmalloc(end - start + 1);
	size_t n = 0;
	for (size_t i = start; i < end; i++) {
		if (line[i] == '\\' && i + 1 < end && line[i + 1] == '|')
			i++;
		copy[n++] = line[i];
	}
	c.text = grid_intern(doc, copy, n);
	free(copy);
	return c;
}

static void add_row(grid_doc *doc, text_table *t, uint32_t line, const char *text,
                    text_cell *cells, size_t count)
{
	if (t->too_big || t->cells + count > doc->limits->max_table_cells) {
		t->too_big = true;
		free(cells);
		return;
	}
	ARRAY_GROW(t->rows, t->count, t->capacity);
	text_row *r = &t->rows[t->count++];
	r->line = line;
	r->width = chars(text, strlen(text));
	r->cells = cells;
	r->count = count;
	t->cells += count;
}

/* The cells of a tab-separated line. */
static void tab_row(grid_doc *doc, text_table *t, const grid_line *l)
{
	const char *s = l->text;
	size_t n = strlen(s), count = 1;
	for (size_t i = 0; i < n; i++)
		count += s[i] == '\t';
	if (count > doc->limits->max_table_cells) {
		t->too_big = true;
		return;
	}
	text_cell *cells = xmalloc(count * sizeof *cells);
	column_cursor cur = { .line = s };
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= n; i++)
		if (i == n || s[i] == '\t') {
			cells[k++] = make_cell(doc, &cur, start, i, false);
			start = i + 1;
		}
	add_row(doc, t, l->number, s, cells, count);
}

/* How many unescaped bars a pipe row has, and where (into bars, unless it
 * is NULL). */
static size_t find_bars(const char *s, size_t n, size_t *bars)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			continue;
		}
		if (s[i] == '|') {
			if (bars)
				bars[count] = i;
			count++;
		}
	}
	return count;
}

/* The cells of a pipe row: the text between its bars, a bar first and a
 * bar last (white space aside) opening and closing the row.  NULL when it
 * has no bar, or more than a table may have cells. */
static text_cell *pipe_cells(grid_doc *doc, const char *s, size_t *count)
{
	size_t n = strlen(s);
	size_t nbars = find_bars(s, n, NULL);
	if (nbars == 0 || nbars > doc->limits->max_table_cells)
		return NULL;
	size_t *bars = xmalloc(nbars * sizeof *bars);
	find_bars(s, n, bars);
	size_t first = 0, last = n, k;
	while (first < n && (k = space_at(s + first, n - first)))
		first += k;
	while (last > first && (k = space_before(s + first, last - first)))
		last -= k;
	size_t b0 = 0, b1 = nbars, from = first, end = last;
	if (bars[0] == first) { /* the opening bar */
		from = first + 1;
		b0 = 1;
	}
	if (b1 > b0 && bars[b1 - 1] + 1 == last) { /* the closing bar */
		end = last - 1;
		b1--;
	}
	text_cell *cells = xmalloc((b1 - b0 + 1) * sizeof *cells);
	column_cursor cur = { .line = s };
	*count = 0;
	for (size_t b = b0; b < b1; b++) {
		cells[(*count)++] = make_cell(doc, &cur, from, bars[b], true);
		from = bars[b] + 1;
	}
	cells[(*count)++] = make_cell(doc, &cur, from, end, true);
	free(bars);
	return cells;
}

/* A GFM delimiter row: every cell like "---", ":--", "--:" or ":-:". */
static size_t delimiter_cells(grid_doc *doc, const char *s)
{
	if (!strchr(s, '|') || !strchr(s, '-'))
		return 0;
	size_t count;
	text_cell *cells = pipe_cells(doc, s, &count);
	if (!cells)
		return 0;
	for (size_t i = 0; i < count; i++) {
		const char *c = cells[i].text;
		size_t n = strlen(c);
		if (n && c[0] == ':')
			c++, n--;
		if (n && c[n - 1] == ':')
			n--;
		if (n == 0 || strspn(c, "-") != n) {
			count = 0;
			break;
		}
	}
	free(cells);
	return count;
}

/* A tab row that can start a table: a tab between two cells, not only an
 * indent or trailing white space. */
static bool tab_row_starts(const char *s)
{
	size_t n = strlen(s), k;
	while (n > 0 && (k = space_before(s, n)))
		n -= k;
	size_t i = 0;
	while (i < n && s[i] == '\t')
		i++;
	return memchr(s + i, '\t', n - i) != NULL;
}

/* A rule under a header, "----\t-------": no row of the table. */
static bool rule_row(const char *s)
{
	bool dash = false;
	for (; *s; s++) {
		if (*s == '-' || *s == '=')
			dash = true;
		else if (!strchr(":+ \t\r", *s))
			return false;
	}
	return dash;
}

static void free_table(text_table *t)
{
	for (size_t i = 0; i < t->count; i++)
		free(t->rows[i].cells);
	free(t->rows);
	memset(t, 0, sizeof *t);
}

static void emit_table(grid_doc *doc, text_table *t, uint32_t number)
{
	char where[64];
	/* TRANSLATORS: where a table of a text export starts */
	snprintf(where, sizeof where, _("line %u"), t->count ? t->rows[0].line : 0);
	if (t->too_big) {
		grid_add_problem(doc, GRID_ERROR, where,
		                 _("a table of more than %zu cells: it is not read"),
		                 doc->limits->max_table_cells);
		free_table(t);
		return;
	}
	size_t cols = 0;
	for (size_t i = 0; i < t->count; i++)
		if (t->rows[i].count > cols)
			cols = t->rows[i].count;
	grid_table *g = grid_add_table(doc, where, (uint32_t)t->count, (uint32_t)cols);
	if (g) {
		g->number = number;
		g->line = t->rows[0].line;
		g->printed = xmalloc(t->count * sizeof *g->printed);
		for (size_t r = 0; r < t->count; r++) {
			const text_row *row = &t->rows[r];
			g->printed[r] = (uint32_t)row->count;
			for (size_t c = 0; c < cols; c++) {
				grid_cell *cell = &g->cells[r * cols + c];
				cell->line = row->line;
				if (c < row->count) {
					cell->text = row->cells[c].text;
					cell->column = row->cells[c].column;
					if (row->cells[c].line)
						cell->line = row->cells[c].line;
				} else {
					cell->column = row->width + 1;
				}
				cell->type = cell->text[0] ? GRID_STRING : GRID_BLANK;
			}
		}
	}
	free_table(t);
}

/* The tables among the document's lines. */
static void find_tables(grid_doc *doc)
{
	const grid_line *lines = doc->lines;
	size_t n = doc->line_count;
	uint32_t number = 0;
	for (size_t i = 0; i < n;) {
		text_table t = { 0 };
		size_t header_count, delim;
		text_cell *header = strchr(lines[i].text, '|') && i + 1 < n
		                            ? pipe_cells(doc, lines[i].text, &header_count)
		                            : NULL;
		if (header && (delim = delimiter_cells(doc, lines[i + 1].text)) == header_count) {
			add_row(doc, &t, lines[i].number, lines[i].text, header, header_count);
			size_t j = i + 2;
			for (; j < n && !blank(lines[j].text); j++) {
				size_t count;
				text_cell *cells = pipe_cells(doc, lines[j].text, &count);
				if (!cells)
					break; /* no bar but escaped ones: the table ended */
				add_row(doc, &t, lines[j].number, lines[j].text, cells, count);
			}
			emit_table(doc, &t, ++number);
			i = j;
			continue;
		}
		free(header);
		if (!tab_row_starts(lines[i].text)) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n) {
			const char *s = lines[j].text;
			if (strchr(s, '\t')) {
				if (!rule_row(s))
					tab_row(doc, &t, &lines[j]);
				j++;
			} else if (blank(s) && j + 1 < n && tab_row_starts(lines[j + 1].text)) {
				j++; /* one blank line inside the table */
			} else {
				break;
			}
		}
		if (t.count || t.too_big)
			emit_table(doc, &t, ++number);
		else
			free_table(&t);
		i = j;
	}
}

/* --- comma-separated values ------------------------------------------------------- */

/* A quoted CSV field from line *i at byte *pos (just past its opening
 * quote) into b, "" read as ", on over line ends (a line break in the
 * field) to its closing quote; *i and *pos end after it. */
static void csv_quoted(const grid_doc *doc, size_t *i, size_t *pos, strbuf *b)
{
	const char *s = doc->lines[*i].text;
	for (;;) {
		if (!s[*pos]) {
			if (*i + 1 >= doc->line_count)
				return; /* no closing quote: the field ends with the file */
			strbuf_addc(b, '\n');
			s = doc->lines[++*i].text;
			*pos = 0;
			continue;
		}
		if (s[*pos] == '"' && s[*pos + 1] == '"') {
			strbuf_addc(b, '"');
			*pos += 2;
		} else if (s[*pos] == '"') {
			++*pos;
			return;
		} else {
			strbuf_addc(b, s[(*pos)++]);
		}
	}
}

/* A CSV export (RFC 4180, as Excel and WPS write it) is one table, a row
 * per record: the cells of a merged area stay empty in place, as in a
 * tab-separated export.  libcsv (Debian's) parses the same syntax but
 * tells nothing of where a field stood, and every finding must name its
 * line and column. */
static void csv_table(grid_doc *doc)
{
	text_table t = { 0 };
	for (size_t i = 0; i < doc->line_count; i++) {
		const grid_line *first = &doc->lines[i];
		const char *s = first->text;
		column_cursor cur = { .line = s };
		size_t pos = 0, count = 0, capacity = 0;
		text_cell *cells = NULL;
		for (bool more = true; more;) {
			ARRAY_GROW(cells, count, capacity);
			uint32_t line_number = doc->lines[i].number;
			if (s[pos] == '"') {
				text_cell c = { .column = column_at(&cur, pos + 1), .line = line_number };
				strbuf b = { 0 };
				size_t line = i;
				pos++;
				csv_quoted(doc, &i, &pos, &b);
				if (i != line) { /* the field went on over lines */
					s = doc->lines[i].text;
					cur = (column_cursor){ .line = s };
				}
				const char *text = strbuf_text(&b);
				size_t from = 0, to = b.length;
				trim(text, &from, &to);
				c.text = grid_intern(doc, text + from, to - from);
				free(b.s);
				cells[count++] = c;
				pos += strcspn(s + pos, ","); /* what follows a closing quote */
			} else {
				size_t end = pos + strcspn(s + pos, ",");
				cells[count] = make_cell(doc, &cur, pos, end, false);
				cells[count++].line = line_number;
				pos = end;
			}
			more = s[pos] == ',';
			pos += more;
		}
		add_row(doc, &t, first->number, first->text, cells, count);
	}
	if (t.count || t.too_big)
		emit_table(doc, &t, 1);
	else
		free_table(&t);
}

static bool is_csv(const grid_doc *doc)
{
	const char *dot = doc->path ? strrchr(doc->path, '.') : NULL;
	return dot && !strchr(dot, '/') && !strcasecmp(dot, ".csv");
}

void text_read(grid_doc *doc, const void *data, size_t size)
{
	size_t length;
	char *owned;
	const char *text = decode(doc, data, size, &length, &owned);
	if (!text)
		return;
	uint32_t number = 0;
	for (size_t start = 0; start < length;) {
		const char *nl = memchr(text + start, '\n', length - start);
		size_t end = nl ? (size_t)(nl - text) : length;
		size_t stop = end > start && text[end - 1] == '\r' ? end - 1 : end;
		if (!grid_add_line(doc, text + start, stop - start, ++number))
			break;
		start = end + 1;
	}
	free(owned);
	if (is_csv(doc))
		csv_table(doc);
	else
		find_tables(doc);
}

void text_read_lines(grid_doc *doc, const grid_line *lines, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (!grid_add_line(doc, lines[i].text, strlen(lines[i].text), lines[i].number))
			break;
	if (is_csv(doc))
		csv_table(doc);
	else
		find_tables(doc);
}
