/*
 * load_grid — see load_grid.h.
 */
#include "load_grid.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "base_i18n.h"
#include "load_docx.h"
#include "load_text.h"
#include "load_xlsx.h"
#include "load_zip.h"

const grid_limits grid_limits_default = {
	.max_file_bytes = 64u << 20,
	.max_entries = 10000,
	.max_entry_bytes = 64u << 20,
	.max_total_bytes = 256u << 20,
	.max_ratio = 200,
	.max_xml_depth = 256,
	.max_shared_strings = 1000000,
	.max_shared_bytes = 64u << 20,
	.max_styles = 100000,
	.max_table_cells = 500000,
	.max_doc_cells = 2000000,
	.max_tables = 1000,
	.max_merges = 100000,
	.max_lines = 1000000,
};

/* Past this many problems a document says only that there were more: a
 * hostile sheet with a million bad cells must not make a million messages. */
#define MAX_PROBLEMS 200

/* Limits said once per document (grid_doc.said). */
enum { SAID_TABLES = 1, SAID_LINES = 2 };

/* --- strings --------------------------------------------------------------- */

/*
 * Every string of a document lives in its arena: blocks freed together.  A
 * cell that shows a shared string points at the one copy, so a sheet that
 * repeats a 32 KB string a million times costs a million pointers, not 32 GB.
 */
struct grid_arena {
	struct grid_arena *next;
	size_t used, size;
	char data[];
};

#define ARENA_BLOCK (64u << 10)

static struct grid_arena *arena_block(size_t size, struct grid_arena *next)
{
	struct grid_arena *a = xmalloc(sizeof *a + size);
	a->next = next;
	a->used = 0;
	a->size = size;
	return a;
}

const char *grid_intern(grid_doc *doc, const char *s, size_t length)
{
	if (length == 0)
		return "";
	struct grid_arena *a = doc->arena;
	if (!a || a->size - a->used < length + 1) {
		if (length + 1 > ARENA_BLOCK / 4) {
			/* A large string gets a block of its own, kept behind the
			 * current one so its free space is not lost. */
			struct grid_arena *big = arena_block(length + 1, a ? a->next : NULL);
			if (a)
				a->next = big;
			else
				doc->arena = big;
			a = big;
		} else {
			a = doc->arena = arena_block(ARENA_BLOCK, doc->arena);
		}
	}
	char *p = a->data + a->used;
	memcpy(p, s, length);
	p[length] = '\0';
	a->used += length + 1;
	return p;
}

/* --- the document --------------------------------------------------------------- */

grid_doc *grid_doc_new(const char *path, const grid_limits *limits)
{
	grid_doc *doc = xcalloc(1, sizeof *doc);
	doc->limits = limits ? limits : &grid_limits_default;
	doc->path = grid_intern(doc, path ? path : "", path ? strlen(path) : 0);
	return doc;
}

void grid_free(grid_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->table_count; i++) {
		free(doc->tables[i].cells);
		free(doc->tables[i].printed);
	}
	free(doc->tables);
	free(doc->lines);
	free(doc->problems);
	for (struct grid_arena *a = doc->arena, *next; a; a = next) {
		next = a->next;
		free(a);
	}
	free(doc);
}

/*
 * Make s valid UTF-8 in place: each byte that does not begin a well-formed
 * sequence becomes '?'.  A message quotes names from the file ("%.200s"),
 * and a cut there can fall inside a character; the output formats need
 * UTF-8.
 */
static void repair_utf8(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		if (n > 0) {
			p += n;
		} else {
			*p++ = '?';
		}
	}
}

void grid_add_problem(grid_doc *doc, grid_level level, const char *where, const char *format, ...)
{
	if (doc->problem_count > MAX_PROBLEMS)
		return;
	char message[1024];
	if (doc->problem_count == MAX_PROBLEMS) {
		snprintf(message, sizeof message,
		         _("more problems were found; only the first %d are listed"), MAX_PROBLEMS);
		level = GRID_NOTE;
		where = NULL;
	} else {
		va_list ap;
		va_start(ap, format);
		vsnprintf(message, sizeof message, format, ap);
		va_end(ap);
	}
	repair_utf8(message);
	ARRAY_GROW(doc->problems, doc->problem_count, doc->problem_capacity);
	grid_problem *p = &doc->problems[doc->problem_count++];
	p->level = level;
	if (where) {
		char *w = xstrdup(where);
		repair_utf8(w);
		p->where = grid_intern(doc, w, strlen(w));
		free(w);
	} else {
		p->where = NULL;
	}
	p->message = grid_intern(doc, message, strlen(message));
}

bool grid_has_errors(const grid_doc *doc)
{
	for (size_t i = 0; i < doc->problem_count; i++)
		if (doc->problems[i].level == GRID_ERROR)
			return true;
	return false;
}

grid_table *grid_add_table(grid_doc *doc, const char *where, uint32_t rows, uint32_t cols)
{
	const grid_limits *lim = doc->limits;
	size_t cells = (size_t)rows * cols; /* no overflow: two 32-bit factors */
	if (doc->table_count >= lim->max_tables) {
		if (!(doc->said & SAID_TABLES))
			grid_add_problem(doc, GRID_ERROR, where,
			                 _("more than %zu tables: the rest are not read"),
			                 lim->max_tables);
		doc->said |= SAID_TABLES;
		return NULL;
	}
	if (cells > lim->max_table_cells) {
		grid_add_problem(doc, GRID_ERROR, where,
		                 _("the table has %u rows and %u columns, more than the limit of %zu "
		                   "cells: it is not read"),
		                 rows, cols, lim->max_table_cells);
		return NULL;
	}
	if (cells > lim->max_doc_cells - doc->cell_count) {
		grid_add_problem(doc, GRID_ERROR, where,
		                 _("the tables hold more than the limit of %zu cells: this one is "
		                   "not read"),
		                 lim->max_doc_cells);
		return NULL;
	}
	ARRAY_GROW(doc->tables, doc->table_count, doc->table_capacity);
	grid_table *t = &doc->tables[doc->table_count++];
	memset(t, 0, sizeof *t);
	t->rows = rows;
	t->cols = cols;
	t->cells = xcalloc(cells, sizeof *t->cells);
	doc->cell_count += cells;
	for (uint32_t r = 1; r <= rows; r++) {
		for (uint32_t c = 1; c <= cols; c++) {
			grid_cell *cell = &t->cells[(size_t)(r - 1) * cols + (c - 1)];
			cell->text = "";
			cell->type = GRID_BLANK;
			cell->row = cell->anchor_row = r;
			cell->col = cell->anchor_col = c;
			cell->row_span = cell->col_span = 1;
		}
	}
	return t;
}

bool grid_merge(grid_table *t, uint32_t row, uint32_t col, uint32_t rows, uint32_t cols)
{
	if (row < 1 || col < 1 || rows < 1 || cols < 1 || (rows == 1 && cols == 1))
		return false;
	if (row > t->rows || col > t->cols || rows > t->rows - row + 1 ||
	    cols > t->cols - col + 1)
		return false;
	for (uint32_t r = row; r < row + rows; r++)
		for (uint32_t c = col; c < col + cols; c++) {
			const grid_cell *cell = grid_cell_at(t, r, c);
			if (cell->row_span != 1 || cell->col_span != 1)
				return false;
		}
	for (uint32_t r = row; r < row + rows; r++)
		for (uint32_t c = col; c < col + cols; c++) {
			grid_cell *cell = &t->cells[(size_t)(r - 1) * t->cols + (c - 1)];
			cell->anchor_row = row;
			cell->anchor_col = col;
			cell->row_span = cell->col_span = 0;
		}
	grid_cell *anchor = &t->cells[(size_t)(row - 1) * t->cols + (col - 1)];
	anchor->row_span = rows;
	anchor->col_span = cols;
	return true;
}

bool grid_add_line(grid_doc *doc, const char *text, size_t length, uint32_t number)
{
	if (doc->line_count >= doc->limits->max_lines) {
		if (!(doc->said & SAID_LINES))
			grid_add_problem(doc, GRID_ERROR, NULL,
			                 _("more than %zu lines: the rest are not read"),
			                 doc->limits->max_lines);
		doc->said |= SAID_LINES;
		return false;
	}
	ARRAY_GROW(doc->lines, doc->line_count, doc->line_capacity);
	grid_line *l = &doc->lines[doc->line_count++];
	l->text = grid_intern(doc, text, length);
	l->number = number;
	return true;
}

/* --- reading ------------------------------------------------------------------- */

const grid_cell *grid_cell_at(const grid_table *t, uint32_t row, uint32_t col)
{
	if (!t || row < 1 || col < 1 || row > t->rows || col > t->cols)
		return NULL;
	return &t->cells[(size_t)(row - 1) * t->cols + (col - 1)];
}

const grid_cell *grid_value_at(const grid_table *t, uint32_t row, uint32_t col)
{
	const grid_cell *c = grid_cell_at(t, row, col);
	if (c && grid_is_covered(c))
		c = grid_cell_at(t, c->anchor_row, c->anchor_col);
	return c;
}

void grid_a1(uint32_t row, uint32_t col, char out[GRID_A1_SIZE])
{
	char letters[8];
	int n = 0;
	while (col > 0 && n < (int)sizeof letters) {
		col--;
		letters[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	int k = 0;
	while (n > 0)
		out[k++] = letters[--n];
	snprintf(out + k, (size_t)(GRID_A1_SIZE - k), "%u", row);
}

size_t grid_cell_position(const grid_doc *doc, const grid_table *t, const grid_cell *c,
                          char *buf, size_t size)
{
	int n;
	char a1[GRID_A1_SIZE];
	switch (doc->kind) {
	case GRID_XLSX:
		grid_a1(c->row, c->col, a1);
		n = snprintf(buf, size, "%s!%s", t->name ? t->name : "", a1);
		break;
	case GRID_DOCX:
		/* TRANSLATORS: a cell of a Word table: table number, row, column */
		n = snprintf(buf, size, _("table %u, row %u, column %u"), t->number, c->row, c->col);
		break;
	default:
		/* TRANSLATORS: where a cell of a text export starts */
		n = snprintf(buf, size, _("line %u, column %u"), c->line, c->column);
		break;
	}
	return n < 0 ? 0 : (size_t)n;
}

size_t grid_line_position(const grid_doc *doc, const grid_line *l, char *buf, size_t size)
{
	int n = doc->kind == GRID_DOCX ? snprintf(buf, size, _("paragraph %u"), l->number)
	                               : snprintf(buf, size, _("line %u"), l->number);
	return n < 0 ? 0 : (size_t)n;
}

size_t grid_problem_text(const grid_doc *doc, const grid_problem *p, char *buf, size_t size)
{
	int n = p->where ? snprintf(buf, size, "%s: %s: %s", doc->path, p->where, p->message)
	                 : snprintf(buf, size, "%s: %s", doc->path, p->message);
	return n < 0 ? 0 : (size_t)n;
}

/* --- labels ---------------------------------------------------------------------- */

static bool is_space(utf8proc_int32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' || cp == '\r' || cp == 0x85)
		return true;
	utf8proc_category_t cat = utf8proc_category(cp);
	return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	       cat == UTF8PROC_CATEGORY_ZP;
}

/* The code point of the 1-3 byte UTF-8 sequence at p (its length in *len),
 * or -1 for anything else. */
static int32_t utf8_bmp(const unsigned char *p, size_t *len)
{
	if (p[0] < 0x80) {
		*len = 1;
		return p[0];
	}
	if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
		*len = 2;
		int32_t cp = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
		return cp >= 0x80 ? cp : -1;
	}
	if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		*len = 3;
		int32_t cp = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		return cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) ? cp : -1;
	}
	return -1;
}

/* What NFKC and dropping white space make of cp, for the characters a
 * form's labels are nearly always made of: 1 kept as it is, 0 dropped,
 * 2 a full-width ASCII form (its ASCII character), -1 anything else (the
 * slow, general path decides).  Each range was checked to be unchanged by
 * NFKC (CJK Unified Ideographs, CJK punctuation, quotation marks), and
 * tests/unit/test_load_grid.c checks every character against utf8proc. */
static int fast_class(int32_t cp)
{
	if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x3000)
		return 0;
	if ((cp > ' ' && cp < 0x7F) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3001 && cp <= 0x3003) ||
	    (cp >= 0x3008 && cp <= 0x3011) || (cp >= 0x3014 && cp <= 0x301F) || cp == 0x2018 || cp == 0x2019 ||
	    cp == 0x201C || cp == 0x201D || cp == 0x2014 || cp == 0xB7 || cp == 0x2030)
		return 1;
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return 2;
	return -1;
}

/* grid_label_normalize without utf8proc when every character is one
 * fast_class knows (most labels and values of a form): NULL otherwise. */
static char *normalize_fast(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(n + 1);
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t len;
		int32_t cp = utf8_bmp(p, &len);
		int c = cp < 0 ? -1 : fast_class(cp);
		if (c < 0) {
			free(out);
			return NULL;
		}
		if (c == 1) {
			memcpy(out + k, p, len);
			k += len;
		} else if (c == 2) {
			out[k++] = (char)(cp - 0xFEE0);
		}
		p += len;
	}
	while (k > 0 && out[k - 1] == ':')
		k--;
	out[k] = '\0';
	return out;
}

char *grid_label_normalize(const char *s)
{
	char *fast = normalize_fast(s);
	if (fast)
		return fast;
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                                          UTF8PROC_COMPAT | UTF8PROC_IGNORE);
	if (n < 0) {
		/* Not UTF-8: compare the bytes, without ASCII white space. */
		size_t len = strlen(s);
		char *out = xmalloc(len + 1);
		size_t k = 0;
		for (size_t i = 0; i < len; i++)
			if (!strchr(" \t\n\v\f\r", s[i]))
				out[k++] = s[i];
		out[k] = '\0';
		return out;
	}
	char *out = xmalloc((size_t)n + 1);
	size_t k = 0;
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(mapped + i, n - i, &cp);
		if (len <= 0)
			break; /* utf8proc_map gave valid UTF-8: not reached */
		if (!is_space(cp)) {
			memcpy(out + k, mapped + i, (size_t)len);
			k += (size_t)len;
		}
		i += len;
	}
	while (k > 0 && out[k - 1] == ':') /* "：" is ":" after NFKC */
		k--;
	out[k] = '\0';
	free(mapped);
	return out;
}

bool grid_label_equal(const char *a, const char *b)
{
	char *x = grid_label_normalize(a), *y = grid_label_normalize(b);
	bool same = strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

/* --- opening a file ------------------------------------------------------------- */

static bool has_extension(const char *name, const char *const *extensions)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (!dot || strchr(dot, '/'))
		return false;
	for (size_t i = 0; extensions[i]; i++)
		if (strcasecmp(dot + 1, extensions[i]) == 0)
			return true;
	return false;
}

static void read_package(grid_doc *doc, const void *data, size_t size, const char *name)
{
	char error[512];
	zipr *z = zipr_open(data, size, name, doc->limits, error, sizeof error);
	if (!z) {
		grid_add_problem(doc, GRID_ERROR, NULL, "%s", error);
		return;
	}
	if (zipr_has(z, "xl/workbook.xml")) {
		doc->kind = GRID_XLSX;
		xlsx_read(doc, z);
	} else if (zipr_has(z, "word/document.xml")) {
		doc->kind = GRID_DOCX;
		docx_read(doc, z);
	} else if (zipr_has(z, "content.xml") && zipr_has(z, "mimetype")) {
		grid_add_problem(doc, GRID_ERROR, NULL,
		                 _("this is an OpenDocument file (.ods or .odt): save it as .xlsx or "
		                   ".docx"));
	} else {
		grid_add_problem(doc, GRID_ERROR, NULL,
		                 _("a zip archive, but neither an Excel workbook (no "
		                   "xl/workbook.xml) nor a Word document (no word/document.xml)"));
	}
	zipr_close(z);
}

grid_doc *grid_open_buffer(const void *data, size_t size, const char *name,
                           const grid_limits *limits)
{
	static const char *const office[] = { "xlsx", "xlsm", "xltx", "docx", "docm", "dotx",
		                              "xls",  "doc",  "et",   "wps",  NULL };
	grid_doc *doc = grid_doc_new(name, limits);
	const unsigned char *b = data;
	if (size == 0) {
		grid_add_problem(doc, GRID_ERROR, NULL, _("the file is empty"));
	} else if (size >= 5 && memcmp(b, "%PDF-", 5) == 0) {
		grid_add_problem(doc, GRID_ERROR, NULL,
		                 _("this is a PDF file: pevcheck reads the form as .xlsx, .docx or "
		                   "text; use the file the PDF was made from"));
	} else if ((size >= 2 && b[0] == 'P' && b[1] == 'K') || zipr_is_compound_file(data, size) ||
	           has_extension(name, office)) {
		read_package(doc, data, size, name);
	} else {
		doc->kind = GRID_TEXT;
		text_read(doc, data, size);
	}
	if (grid_has_errors(doc) && doc->table_count == 0 && doc->line_count == 0)
		doc->kind = GRID_UNKNOWN;
	return doc;
}

grid_doc *grid_open(const char *path, const grid_limits *limits)
{
	const grid_limits *lim = limits ? limits : &grid_limits_default;
	size_t length;
	char *data = fs_read_file(path, 0, lim->max_file_bytes, &length, NULL);
	if (!data) {
		int error = errno;
		grid_doc *doc = grid_doc_new(path, lim);
		if (error == EFBIG)
			grid_add_problem(doc, GRID_ERROR, NULL,
			                 _("the file is larger than the limit of %zu bytes"),
			                 lim->max_file_bytes);
		else if (error == EISDIR || error == EINVAL)
			grid_add_problem(doc, GRID_ERROR, NULL, _("not a regular file"));
		else
			grid_add_problem(doc, GRID_ERROR, NULL, _("cannot read the file: %s"),
			                 strerror(error));
		return doc;
	}
	grid_doc *doc = grid_open_buffer(data, length, path, lim);
	free(data);
	return doc;
}
