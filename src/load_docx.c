/*
 * load_docx — see load_docx.h.
 *
 * One pass over word/document.xml with a stack of open tables.  Text goes
 * to the innermost open cell, or to the body paragraph when no table is
 * open.  Each table keeps its cells as they come (row, first grid column,
 * width, vertical merge mark); its grid is built when the document ends,
 * when every table's width is known.
 */
#include "load_docx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_i18n.h"
#include "load_xml.h"

/* Widest gridSpan believed: Word's own tables have at most 63 columns. */
#define MAX_SPAN 1024

enum vmerge { VMERGE_NONE, VMERGE_RESTART, VMERGE_CONTINUE };

typedef struct word_cell {
	uint32_t row, col, span; /* row and first grid column from 1 */
	enum vmerge vmerge;
	bool hmerge_continue;    /* legacy <w:hMerge/>: part of the cell before */
	bool has_paragraph;
	strbuf text;
} word_cell;

typedef struct word_table {
	uint32_t number, parent, paragraph;
	uint32_t grid_cols, rows, width;
	uint32_t col;            /* next grid column of the open row, from 0 */
	bool complete;
	word_cell *cells;
	size_t cell_count, cell_capacity;
	long open_cell;          /* index of the open cell, or -1 */
} word_table;

typedef struct reader {
	grid_doc *doc;
	word_table *tables;      /* in the order they start: number - 1 */
	size_t table_count, table_capacity;
	uint32_t *open;          /* stack of open tables (indexes) */
	size_t open_count, open_capacity;
	strbuf paragraph;   /* the body paragraph being read */
	bool in_paragraph, in_text;
	size_t in_run;           /* depth of <w:r>: tabs and breaks count only there */
	uint32_t paragraphs;     /* body paragraphs so far */
	size_t skip;             /* depth inside an element left out, 0 when none */
	size_t cells;            /* cells of all tables */
} reader;

static word_table *top(reader *r)
{
	return r->open_count ? &r->tables[r->open[r->open_count - 1]] : NULL;
}

static word_cell *open_cell(reader *r)
{
	word_table *t = top(r);
	return t && t->open_cell >= 0 ? &t->cells[t->open_cell] : NULL;
}

/* Where text goes: the innermost open cell, else the body paragraph; NULL
 * for text outside both (a table's own markup). */
static strbuf *text_target(reader *r)
{
	if (r->open_count)
		return open_cell(r) ? &open_cell(r)->text : NULL;
	return r->in_paragraph ? &r->paragraph : NULL;
}

static void add_text(reader *r, const char *s, size_t length)
{
	strbuf *b = text_target(r);
	if (b)
		strbuf_add(b, s, length);
}

/* Elements whose content is not part of the text as read: deletions,
 * field instructions, drawings and text boxes, the fallback copy of
 * alternate content. */
static bool left_out(const char *name)
{
	static const char *const names[] = { "del", "moveFrom", "delText", "instrText",
		                             "delInstrText", "drawing", "pict", "object",
		                             "Fallback", "txbxContent", "fldData", NULL };
	for (size_t i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

static unsigned long number_attr(const char **attrs, unsigned long fallback)
{
	const char *v = xmlp_attr_ns(attrs, "val");
	if (!v)
		return fallback;
	char *end;
	unsigned long n = strtoul(v, &end, 10);
	return end == v ? fallback : n;
}

static void start_table(reader *r, xmlp *p)
{
	const grid_limits *lim = r->doc->limits;
	if (r->table_count >= lim->max_tables) {
		xmlp_fail(p, _("more than %zu tables"), lim->max_tables);
		return;
	}
	/* What the new table takes from the one holding it, read before the
	 * array of tables grows (and may move). */
	const word_table *parent = top(r);
	uint32_t parent_number = parent ? parent->number : 0;
	uint32_t paragraph = parent ? parent->paragraph : r->paragraphs;
	ARRAY_GROW(r->tables, r->table_count, r->table_capacity);
	word_table *t = &r->tables[r->table_count];
	memset(t, 0, sizeof *t);
	t->number = (uint32_t)r->table_count + 1;
	t->parent = parent_number;
	t->paragraph = paragraph;
	t->open_cell = -1;
	ARRAY_GROW(r->open, r->open_count, r->open_capacity);
	r->open[r->open_count++] = (uint32_t)r->table_count++;
}

static void start_cell(reader *r, xmlp *p)
{
	word_table *t = top(r);
	if (!t || t->rows == 0)
		return; /* a cell outside a row: malformed, its text is dropped */
	if (r->cells >= r->doc->limits->max_doc_cells) {
		xmlp_fail(p, _("more than %zu table cells"), r->doc->limits->max_doc_cells);
		return;
	}
	ARRAY_GROW(t->cells, t->cell_count, t->cell_capacity);
	word_cell *c = &t->cells[t->cell_count];
	memset(c, 0, sizeof *c);
	c->row = t->rows;
	c->col = t->col + 1;
	c->span = 1;
	t->open_cell = (long)t->cell_count++;
	r->cells++;
}

/* A paragraph begins: in a cell, after a line break if the cell has one
 * already; in the body, a new line. */
static void start_paragraph(reader *r)
{
	word_cell *c = open_cell(r);
	if (c) {
		if (c->has_paragraph)
			strbuf_add(&c->text, "\n", 1);
		c->has_paragraph = true;
	} else if (!r->open_count) {
		r->in_paragraph = true;
		r->paragraph.length = 0;
	}
}

/* The markup of tables: rows, cells, the grid, merges (other names are
 * passed over). */
static void table_markup(reader *r, xmlp *p, const char *name, const char **attrs)
{
	word_table *t = top(r);
	word_cell *c = open_cell(r);
	if (strcmp(name, "tbl") == 0) {
		start_table(r, p);
	} else if (t && strcmp(name, "gridCol") == 0 && t->rows == 0) {
		t->grid_cols++;
	} else if (t && strcmp(name, "tr") == 0) {
		t->rows++;
		t->col = 0;
	} else if (t && strcmp(name, "gridBefore") == 0 && !c) {
		unsigned long n = number_attr(attrs, 0);
		t->col += n > MAX_SPAN ? MAX_SPAN : (uint32_t)n;
	} else if (t && strcmp(name, "tc") == 0) {
		start_cell(r, p);
	} else if (c && strcmp(name, "gridSpan") == 0) {
		unsigned long n = number_attr(attrs, 1);
		c->span = n < 1 ? 1 : n > MAX_SPAN ? MAX_SPAN : (uint32_t)n;
	} else if (c && strcmp(name, "vMerge") == 0) {
		const char *v = xmlp_attr_ns(attrs, "val");
		c->vmerge = v && strcmp(v, "restart") == 0 ? VMERGE_RESTART : VMERGE_CONTINUE;
	} else if (c && strcmp(name, "hMerge") == 0) {
		const char *v = xmlp_attr_ns(attrs, "val");
		c->hmerge_continue = !(v && strcmp(v, "restart") == 0);
	}
}

static void on_start(void *ctx, xmlp *p, const char *name, const char **attrs)
{
	reader *r = ctx;
	if (r->skip) {
		r->skip++;
		return;
	}
	if (left_out(name)) {
		r->skip = 1;
		return;
	}
	if (strcmp(name, "p") == 0)
		start_paragraph(r);
	else if (strcmp(name, "r") == 0)
		r->in_run++;
	else if (strcmp(name, "t") == 0)
		r->in_text = true;
	else if (r->in_run && strcmp(name, "tab") == 0)
		add_text(r, "\t", 1); /* a tab stop in <w:tabs> is not text */
	else if (r->in_run && (strcmp(name, "br") == 0 || strcmp(name, "cr") == 0))
		add_text(r, "\n", 1);
	else if (r->in_run && strcmp(name, "noBreakHyphen") == 0)
		add_text(r, "-", 1);
	else
		table_markup(r, p, name, attrs);
}

static void end_paragraph(reader *r)
{
	if (!r->in_paragraph || r->open_count)
		return;
	r->in_paragraph = false;
	grid_add_line(r->doc, strbuf_text(&r->paragraph), r->paragraph.length,
	              ++r->paragraphs);
}

static void on_end(void *ctx, xmlp *p, const char *name)
{
	(void)p;
	reader *r = ctx;
	if (r->skip) {
		r->skip--;
		return;
	}
	word_table *t = top(r);
	if (strcmp(name, "t") == 0) {
		r->in_text = false;
	} else if (strcmp(name, "r") == 0 && r->in_run) {
		r->in_run--;
	} else if (strcmp(name, "p") == 0) {
		end_paragraph(r);
	} else if (t && strcmp(name, "tc") == 0 && t->open_cell >= 0) {
		word_cell *c = &t->cells[t->open_cell];
		if (c->hmerge_continue && t->open_cell > 0 && t->cells[t->open_cell - 1].row == c->row) {
			/* legacy horizontal merge: widen the cell before instead */
			t->cells[t->open_cell - 1].span += c->span;
			t->col += c->span;
			free(c->text.s);
			t->cell_count--;
			r->cells--;
		} else {
			t->col = c->col - 1 + c->span;
		}
		t->open_cell = -1;
	} else if (t && strcmp(name, "tr") == 0) {
		if (t->col > t->width)
			t->width = t->col;
	} else if (t && strcmp(name, "tbl") == 0) {
		t->complete = true;
		r->open_count--;
	}
}

static void on_text(void *ctx, xmlp *p, const char *s, size_t length)
{
	(void)p;
	reader *r = ctx;
	if (r->in_text && !r->skip)
		add_text(r, s, length);
}

/* The text of a cell without the line breaks of empty paragraphs at its
 * end (Word wants a paragraph after a nested table). */
static const char *cell_text(grid_doc *doc, const word_cell *c)
{
	size_t n = c->text.length;
	while (n > 0 && c->text.s[n - 1] == '\n')
		n--;
	return grid_intern(doc, strbuf_text(&c->text), n);
}

/*
 * The grid of one table: each cell at its place, merged over its span, and
 * each restarting vertical merge over the continuing cells below it (same
 * grid column, same width).  A continuing cell with nothing to continue
 * stays a cell of its own.
 */
static void build_table(grid_doc *doc, const word_table *w)
{
	uint32_t cols = w->width > w->grid_cols ? w->width : w->grid_cols;
	char where[64];
	snprintf(where, sizeof where, _("table %u"), w->number);
	grid_table *t = grid_add_table(doc, where, w->rows, cols);
	if (!t)
		return;
	t->number = w->number;
	t->parent = w->parent;
	t->line = w->paragraph;
	/* Which cell starts at each place: -1 for none. */
	long *at = xmalloc((size_t)w->rows * cols * sizeof *at + 1);
	for (size_t i = 0; i < (size_t)w->rows * cols; i++)
		at[i] = -1;
	for (size_t i = 0; i < w->cell_count; i++) {
		const word_cell *c = &w->cells[i];
		if (c->col > cols)
			continue;
		grid_cell *g = &t->cells[(size_t)(c->row - 1) * cols + (c->col - 1)];
		g->text = cell_text(doc, c);
		g->type = g->text[0] ? GRID_STRING : GRID_BLANK;
		at[(size_t)(c->row - 1) * cols + (c->col - 1)] = (long)i;
	}
	for (size_t i = 0; i < w->cell_count; i++) {
		const word_cell *c = &w->cells[i];
		if (c->col > cols || c->vmerge == VMERGE_CONTINUE)
			continue;
		uint32_t span = c->span <= cols - c->col + 1 ? c->span : cols - c->col + 1;
		uint32_t rows = 1;
		while (c->row + rows <= w->rows) {
			long below = at[(size_t)(c->row + rows - 1) * cols + (c->col - 1)];
			if (below < 0 || w->cells[below].vmerge != VMERGE_CONTINUE ||
			    w->cells[below].span != c->span)
				break;
			rows++;
		}
		if (rows > 1 || span > 1)
			grid_merge(t, c->row, c->col, rows, span);
	}
	free(at);
}

void docx_read(grid_doc *doc, zipr *z)
{
	reader r = { .doc = doc };
	static const xmlp_handlers handlers = { on_start, on_end, on_text };
	char error[512];
	if (xmlp_parse(z, "word/document.xml", "document", &handlers, &r, doc->limits, error,
	               sizeof error) != 0)
		grid_add_problem(doc, GRID_ERROR, "word/document.xml", "%s", error);
	for (size_t i = 0; i < r.table_count; i++) {
		if (r.tables[i].complete)
			build_table(doc, &r.tables[i]);
		for (size_t k = 0; k < r.tables[i].cell_count; k++)
			free(r.tables[i].cells[k].text.s);
		free(r.tables[i].cells);
	}
	free(r.tables);
	free(r.open);
	free(r.paragraph.s);
}
