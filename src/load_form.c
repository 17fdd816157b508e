/*
 * load_form — see load_form.h.
 *
 * A form is read in parts: each sheet of a workbook is a part (a cover
 * sheet, or two forms in one workbook); a Word document or a text export
 * is one part with all its tables and lines.  For each part the first
 * layout whose required labels it shows reads it:
 *
 *   tables    found by their header row; their rows become budget.funds,
 *             targets and the indicator tree, a score table, or data paths;
 *   fields    the value printed beside a label;
 *   patterns  sentences and cells matched against texts with {captures};
 *   indicators made from captured values (the 自评表's 预算执行率 row).
 *
 * What tables give is set first, then fields, then patterns: each value
 * is set once, by the first that finds it.
 */
#include "load_form.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base_alloc.h"
#include "base_i18n.h"
#include "load_form_align.h"
#include "load_form_pattern.h"
#include "load_form_split.h"

/* ---- texts as a reader compares them -------------------------------------------------- */

/* Is a label (normalized) printed in text (normalized): text contains
 * it? */
static bool shows(const char *normalized_text, const char *label)
{
	return *label && strstr(normalized_text, label) != NULL;
}

/* Is text the label itself, or the label with a note in brackets after
 * it ("分值（分）", "产出指标（50分）")?  Both normalized. */
static bool is_label(const char *normalized_text, const char *label)
{
	size_t n = strlen(label);
	return n && !strncmp(normalized_text, label, n) &&
	       (normalized_text[n] == '\0' || normalized_text[n] == '(');
}

static bool is_any_label(const char *normalized_text, const layout_labels *labels)
{
	for (size_t i = 0; normalized_text && i < labels->count; i++)
		if (is_label(normalized_text, labels->norm[i]))
			return true;
	return false;
}

static bool same_number(const char *a, const char *b);
static uint32_t column_of(const char *text, size_t at);


/* ---- a part of the form: its tables and lines ---------------------------------------- */

typedef struct part {
	const grid_doc *doc;
	const grid_table **tables;
	size_t table_count;
	char ***norm; /* per table, per cell: the label form of its text (NULL: none) */
	const grid_line *lines;
	size_t line_count;
	char **line_norm;
} part;

static const char *norm_at(const part *p, size_t t, uint32_t row, uint32_t col)
{
	const grid_table *g = p->tables[t];
	if (row < 1 || col < 1 || row > g->rows || col > g->cols)
		return NULL;
	return p->norm[t][(size_t)(row - 1) * g->cols + (col - 1)];
}

static void part_open(part *p, const grid_doc *doc, const grid_table **tables, size_t count,
                      const grid_line *lines, size_t line_count)
{
	memset(p, 0, sizeof *p);
	p->doc = doc;
	p->tables = tables;
	p->table_count = count;
	p->norm = xcalloc(count ? count : 1, sizeof *p->norm);
	for (size_t t = 0; t < count; t++) {
		const grid_table *g = tables[t];
		size_t cells = (size_t)g->rows * g->cols;
		p->norm[t] = xcalloc(cells ? cells : 1, sizeof **p->norm);
		for (size_t i = 0; i < cells; i++) {
			const grid_cell *c = &g->cells[i];
			if (!grid_is_covered(c) && !c->hidden && c->text[0])
				p->norm[t][i] = grid_label_normalize(c->text);
		}
	}
	p->lines = lines;
	p->line_count = line_count;
	p->line_norm = xcalloc(line_count ? line_count : 1, sizeof *p->line_norm);
	for (size_t i = 0; i < line_count; i++)
		p->line_norm[i] = grid_label_normalize(lines[i].text);
}

static void part_close(part *p)
{
	for (size_t t = 0; t < p->table_count; t++) {
		const grid_table *g = p->tables[t];
		for (size_t i = 0; i < (size_t)g->rows * g->cols; i++)
			free(p->norm[t][i]);
		free(p->norm[t]);
	}
	free(p->norm);
	for (size_t i = 0; i < p->line_count; i++)
		free(p->line_norm[i]);
	free(p->line_norm);
}

/* Does the part show the label anywhere? */
static bool part_shows(const part *p, const char *label)
{
	for (size_t t = 0; t < p->table_count; t++) {
		const grid_table *g = p->tables[t];
		for (size_t i = 0; i < (size_t)g->rows * g->cols; i++)
			if (p->norm[t][i] && shows(p->norm[t][i], label))
				return true;
	}
	for (size_t i = 0; i < p->line_count; i++)
		if (shows(p->line_norm[i], label))
			return true;
	return false;
}

static void place_of_cell(const part *p, size_t t, const grid_cell *c, form_place *out)
{
	memset(out, 0, sizeof *out);
	const grid_table *g = p->tables[t];
	grid_cell_position(p->doc, g, c, out->text, sizeof out->text);
	switch (p->doc->kind) {
	case GRID_XLSX:
		out->kind = PLACE_CELL;
		_Static_assert(sizeof out->cell == sizeof out->text, "a cell is its place");
		memcpy(out->cell, out->text, sizeof out->cell);
		break;
	case GRID_DOCX:
		out->kind = PLACE_TABLE;
		out->table = g->number;
		out->row = c->row;
		out->col = c->col;
		break;
	default:
		out->kind = PLACE_LINE;
		out->line = c->line;
		out->column = c->column;
		break;
	}
}

static void place_of_line(const part *p, const grid_line *l, uint32_t column, form_place *out)
{
	memset(out, 0, sizeof *out);
	grid_line_position(p->doc, l, out->text, sizeof out->text);
	if (p->doc->kind == GRID_DOCX) {
		out->kind = PLACE_PARAGRAPH;
		out->line = l->number;
		return;
	}
	out->kind = PLACE_LINE;
	out->line = l->number;
	out->column = column;
}

/* ---- what one part becomes --------------------------------------------------------------- */

/* What a pattern with {indicator} captured: the indicator as printed
 * ("1.履职效能"), its full marks, score, and a deduction's reason and fix,
 * each with where it was printed. */
enum { CAP_MAX, CAP_SCORE, CAP_REASON, CAP_FIX, CAP_COUNT };

typedef struct captured_indicator {
	char *name;
	form_place place;
	char *value[CAP_COUNT];
	form_place at[CAP_COUNT];
} captured_indicator;

static const char *const capture_names[CAP_COUNT] = { "max", "score", "reason", "fix" };

static int capture_slot(const char *path)
{
	for (int i = 0; i < CAP_COUNT; i++)
		if (!strcmp(path, capture_names[i]))
			return i;
	return -1;
}

typedef struct reading {
	const part *p;
	const form_layout *layout;
	ynode *doc;
	form_report *out;
	captured_indicator *indicators;
	size_t indicator_count;
	long year; /* the report's, once read (0: not known): for {year} labels */
	struct texts *texts; /* the part's texts normalized, made on first use */
} reading;

static void unmapped(reading *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void unmapped(reading *rd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	form_report *o = rd->out;
	o->unmapped = xrealloc(o->unmapped, (o->unmapped_count + 1) * sizeof *o->unmapped);
	o->unmapped[o->unmapped_count++] = xstrdup(buf);
}

static void note(form_report *o, bool error, const form_place *place, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void note(form_report *o, bool error, const form_place *place, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	o->notes = xrealloc(o->notes, (o->note_count + 1) * sizeof *o->notes);
	form_note *n = &o->notes[o->note_count++];
	memset(n, 0, sizeof *n);
	n->error = error;
	n->message = xstrdup(buf);
	if (place)
		n->place = *place;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A year printed as "2023", "２０２３" or "2023年度" written as the number
 * the data format wants; false when the text is not one. */
static bool set_year(ynode *map, const char *text, const form_place *place)
{
	char *n = grid_label_normalize(text);
	bool year = is_digit(n[0]) && is_digit(n[1]) && is_digit(n[2]) && is_digit(n[3]) && !is_digit(n[4]) &&
	            (!n[4] || !strncmp(n + 4, "年", strlen("年")));
	if (year)
		ynode_set_integer(map, "year", strtol(n, NULL, 10), place);
	free(n);
	return year;
}

/* Write the value of cell c (of table t) at path: its text, empty (~) for
 * a blank cell, nothing for "—" or a formula saved without its value
 * (noted). */
static void put_cell(reading *rd, ynode *map, const char *path, size_t t, const grid_cell *c)
{
	form_place place;
	place_of_cell(rd->p, t, c, &place);
	if (c->type == GRID_UNCOMPUTED) {
		note(rd->out, true, &place,
		     _("%s holds a formula saved without its result (the program that wrote the file does not calculate): open the workbook in a spreadsheet program and save it again"),
		     place.text);
		return;
	}
	if (c->type == GRID_ERROR_VALUE) {
		note(rd->out, true, &place, _("%s shows the error %s instead of a value"), place.text, c->text);
		return;
	}
	if (!c->text[0]) {
		ynode_set_blank(map, path, &place);
		return;
	}
	if (form_not_applicable(c->text))
		return;
	if (!strcmp(path, "year") && set_year(map, c->text, &place))
		return;
	ynode_set_text(map, path, c->text, &place);
}

/* The cell holding the value at row, col of table t when it belongs to
 * that row (a vertical merge from above is not this row's value). */
static const grid_cell *row_value(const part *p, size_t t, uint32_t row, uint32_t col)
{
	const grid_cell *c = grid_value_at(p->tables[t], row, col);
	if (!c || c->row != row || c->hidden)
		return NULL;
	return c;
}

/* ---- fields: the value beside a label ---------------------------------------------------- */

/* Is the normalized text one of the layout's own labels (a field's or a
 * table column's): then it is not a value. */
static bool layout_label(const form_layout *l, const char *normalized_text)
{
	for (size_t i = 0; i < l->field_count; i++)
		if (is_any_label(normalized_text, &l->fields[i].labels))
			return true;
	return false;
}

/* The value of "标签：值" in a line of text (a paragraph "单位名称：某某局");
 * false when the line is not the label's. */
static bool read_field_line(reading *rd, const layout_field *f, const grid_line *l)
{
	const char *colon = strstr(l->text, "：");
	size_t skip = strlen("：");
	const char *ascii = strchr(l->text, ':');
	if (!colon || (ascii && ascii < colon)) {
		colon = ascii;
		skip = 1;
	}
	if (!colon)
		return false;
	char *label = xmalloc((size_t)(colon - l->text) + 1);
	memcpy(label, l->text, (size_t)(colon - l->text));
	label[colon - l->text] = '\0';
	char *n = grid_label_normalize(label);
	bool match = is_any_label(n, &f->labels);
	free(n);
	free(label);
	if (!match)
		return false;
	const char *value = colon + skip;
	while (*value == ' ' || *value == '\t' || !strncmp(value, "　", strlen("　")))
		value += *value == ' ' || *value == '\t' ? 1 : strlen("　");
	form_place place;
	place_of_line(rd->p, l, column_of(l->text, (size_t)(value - l->text)), &place);
	if (!*value)
		ynode_set_blank(rd->doc, f->path, &place);
	else if (!form_not_applicable(value) && !(!strcmp(f->path, "year") && set_year(rd->doc, value, &place)))
		ynode_set_text(rd->doc, f->path, value, &place);
	return true;
}

static bool read_field(reading *rd, const layout_field *f)
{
	const part *p = rd->p;
	for (size_t i = 0; i < p->line_count; i++)
		if (read_field_line(rd, f, &p->lines[i]))
			return true;
	for (size_t t = 0; t < p->table_count; t++) {
		const grid_table *g = p->tables[t];
		for (uint32_t r = 1; r <= g->rows; r++)
			for (uint32_t col = 1; col <= g->cols; col++) {
				const char *n = norm_at(p, t, r, col);
				if (!n || !is_any_label(n, &f->labels))
					continue;
				/* the first cell right of the label's own area */
				const grid_cell *label = grid_cell_at(g, r, col);
				for (uint32_t k = col + label->col_span; k <= g->cols; k++) {
					const grid_cell *v = grid_value_at(g, r, k);
					if (!v || v->hidden || grid_is_covered(grid_cell_at(g, r, k)))
						continue;
					const char *vn = norm_at(p, t, v->row, v->col);
					if (vn && layout_label(rd->layout, vn))
						break; /* the next label: this one's value is empty */
					put_cell(rd, rd->doc, f->path, t, v);
					return true;
				}
				form_place place;
				place_of_cell(p, t, label, &place);
				ynode_set_blank(rd->doc, f->path, &place);
				return true;
			}
	}
	return false;
}

/* ---- patterns over texts ------------------------------------------------------------------ */

/* Quotation marks around a whole capture (等级为“优”): not part of it. */
static void unquote(const char *s, size_t *from, size_t *to)
{
	static const char *const pairs[][2] = { { "“", "”" }, { "\"", "\"" }, { "‘", "’" }, { "「", "」" },
		                                { "《", "》" } };
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		size_t a = strlen(pairs[i][0]), b = strlen(pairs[i][1]);
		if (*to - *from > a + b && !strncmp(s + *from, pairs[i][0], a) &&
		    !strncmp(s + *to - b, pairs[i][1], b)) {
			*from += a;
			*to -= b;
			return;
		}
	}
}

/* The capture's text, from the original (full-width and spaces kept
 * inside, trimmed at both ends, a text's quotation marks dropped). */
static char *capture_text(const char *original, const normal *n, span sp, bool text)
{
	size_t from = n->at[sp.from], to = sp.to < n->length ? n->at[sp.to] : n->end;
	while (from < to && (original[from] == ' ' || original[from] == '\t'))
		from++;
	while (to > from && (original[to - 1] == ' ' || original[to - 1] == '\t'))
		to--;
	if (text)
		unquote(original, &from, &to);
	char *out = xmalloc(to - from + 1);
	memcpy(out, original + from, to - from);
	out[to - from] = '\0';
	return out;
}

/* Column (from 1, in characters) of byte offset `at` of text. */
static uint32_t column_of(const char *text, size_t at)
{
	uint32_t col = 1;
	for (size_t i = 0; i < at; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* Apply one match: each capture to its data path, or an indicator's. */
static void apply_match(reading *rd, const pattern *pt, const char *text, const normal *n,
                        const span *caps, const form_place *base, bool line_place)
{
	captured_indicator ci = { 0 };
	bool indicator = false;
	for (size_t k = 0; k < pt->count; k++) {
		const token *t = &pt->tokens[k];
		if (t->kind == TOK_LITERAL || !strcmp(t->path, "_"))
			continue;
		char *value = capture_text(text, n, caps[k], t->kind == TOK_TEXT);
		form_place place = *base;
		if (line_place && place.kind == PLACE_LINE) {
			place.column = column_of(text, n->at[caps[k].from]);
			size_t used = strlen(place.text);
			/* TRANSLATORS: appended to "line 12": the column */
			snprintf(place.text + used, sizeof place.text - used, _(", column %u"), place.column);
		}
		if (!strcmp(t->path, "indicator")) {
			ci.name = value;
			ci.place = place;
			indicator = true;
			continue;
		}
		int slot = capture_slot(t->path);
		if (slot >= 0) {
			free(ci.value[slot]);
			ci.value[slot] = value;
			ci.at[slot] = place;
			continue;
		}
		if (!strcmp(t->path, "year")) /* the digits as read (full-width ones too) */
			ynode_set_integer(rd->doc, "year", strtol(n->s + caps[k].from, NULL, 10), &place);
		else
			ynode_set_text(rd->doc, t->path, value, &place);
		free(value);
	}
	if (indicator) {
		rd->indicators = xrealloc(rd->indicators, (rd->indicator_count + 1) * sizeof *rd->indicators);
		rd->indicators[rd->indicator_count++] = ci;
	} else {
		for (int i = 0; i < CAP_COUNT; i++)
			free(ci.value[i]);
	}
}

/* Does every capture of the pattern still lack its value? (a pattern
 * fills what tables and fields left) */
static bool pattern_wanted(reading *rd, const pattern *pt)
{
	for (size_t k = 0; k < pt->count; k++) {
		const token *t = &pt->tokens[k];
		if (t->kind == TOK_LITERAL || !strcmp(t->path, "_"))
			continue;
		if (!strcmp(t->path, "indicator"))
			return true;
		if (capture_slot(t->path) >= 0)
			continue;
		if (!ynode_has(rd->doc, t->path))
			return true;
	}
	return false;
}

/* The texts patterns are matched against, each normalized once: the
 * part's lines, then its cells. */
typedef struct texts {
	normal *n;
	const grid_line **line;  /* the line a text is, or NULL for a cell */
	const grid_cell **cell;
	size_t *table;
	size_t count;
} texts;

static void texts_make(const part *p, texts *x)
{
	size_t cells = 0;
	for (size_t t = 0; t < p->table_count; t++)
		for (size_t c = 0; c < (size_t)p->tables[t]->rows * p->tables[t]->cols; c++)
			cells += p->norm[t][c] != NULL;
	size_t room = p->line_count + cells ? p->line_count + cells : 1;
	x->n = xcalloc(room, sizeof *x->n);
	x->line = xcalloc(room, sizeof *x->line);
	x->cell = xcalloc(room, sizeof *x->cell);
	x->table = xcalloc(room, sizeof *x->table);
	x->count = 0;
	for (size_t l = 0; l < p->line_count; l++, x->count++) {
		normal_make(&x->n[x->count], p->lines[l].text);
		x->line[x->count] = &p->lines[l];
	}
	for (size_t t = 0; t < p->table_count; t++)
		for (size_t c = 0; c < (size_t)p->tables[t]->rows * p->tables[t]->cols; c++) {
			if (!p->norm[t][c])
				continue;
			x->cell[x->count] = &p->tables[t]->cells[c];
			x->table[x->count] = t;
			normal_make(&x->n[x->count++], p->tables[t]->cells[c].text);
		}
}

static void texts_free(texts *x)
{
	for (size_t i = 0; i < x->count; i++)
		normal_free(&x->n[i]);
	free(x->n);
	free(x->line);
	free(x->cell);
	free(x->table);
}

/* Apply a match in text k: its place worked out only now (most texts
 * match nothing). */
static void apply_text_match(reading *rd, const texts *x, size_t k, const pattern *pt, const span *caps)
{
	form_place place;
	if (x->line[k])
		place_of_line(rd->p, x->line[k], 0, &place);
	else
		place_of_cell(rd->p, x->table[k], x->cell[k], &place);
	const char *original = x->line[k] ? x->line[k]->text : x->cell[k]->text;
	apply_match(rd, pt, original, &x->n[k], caps, &place, x->line[k] != NULL);
}

/* Lines first (a text export's sentences), then cells; a pattern that
 * names an indicator is applied to every text it matches, any other only
 * while a capture of it is still missing. */
static void read_patterns(reading *rd, bool year_only)
{
	if (!rd->texts) {
		rd->texts = xmalloc(sizeof *rd->texts);
		texts_make(rd->p, rd->texts);
	}
	const texts x = *rd->texts;
	for (size_t i = 0; i < rd->layout->pattern_count; i++) {
		if (year_only && !strstr(rd->layout->patterns[i].text, "{year}"))
			continue;
		pattern pt;
		pattern_compile(rd->layout->patterns[i].text, &pt);
		span caps[80]; /* load_layout allows 32 captures, so 65 tokens */
		/* what is wanted changes only when a match sets something */
		bool wanted = pattern_wanted(rd, &pt);
		for (size_t k = 0; k < x.count && wanted; k++)
			if (pattern_match(&pt, x.n[k].s, caps)) {
				apply_text_match(rd, &x, k, &pt, caps);
				wanted = pattern_wanted(rd, &pt);
			}
		pattern_free(&pt);
	}
}

/* ---- tables ------------------------------------------------------------------------------ */

/* A table spec found in table t: its header row and the column of each
 * of its columns (0: not printed). */
typedef struct found {
	size_t t;
	uint32_t header;
	uint32_t *col;
	/* Text exports: per row, how many columns right of where they were
	 * printed its cells belong (load_form_align.h); NULL when no row moves. */
	uint32_t *shift;
} found;

/* Where column col of the header was printed in row r: col itself, less
 * in a row whose leading cells were merged into it from above (then 0 for
 * those columns). */
static uint32_t printed_col(const found *f, uint32_t r, uint32_t col)
{
	uint32_t s = f->shift ? f->shift[r - 1] : 0;
	return col > s ? col - s : 0;
}

/* How many header columns row r reaches. */
static uint32_t row_reach(const part *p, const found *f, uint32_t r)
{
	return p->tables[f->t]->cols + (f->shift ? f->shift[r - 1] : 0);
}

/* Row r's own cell under column col of the header (row_value, aligned). */
static const grid_cell *cell_in(const part *p, const found *f, uint32_t r, uint32_t col)
{
	uint32_t at = printed_col(f, r, col);
	return at ? row_value(p, f->t, r, at) : NULL;
}

/* The label form of row r's text under column col of the header. */
static const char *norm_in(const part *p, const found *f, uint32_t r, uint32_t col)
{
	uint32_t at = printed_col(f, r, col);
	return at ? norm_at(p, f->t, r, at) : NULL;
}

/* The header row of spec in the part: the row showing the most of its
 * column labels, at least two (or its only one). */
/* A column label with {year} or {year-1} in it, the year put in; NULL
 * when the label has none or the year is not known. */
static char *label_for_year(const char *label, long year)
{
	const char *at = strstr(label, "{year");
	if (!at || year <= 0)
		return NULL;
	long y = !strncmp(at, "{year-1}", 8) ? year - 1 : !strncmp(at, "{year}", 6) ? year : 0;
	if (!y)
		return NULL;
	const char *rest = strchr(at, '}') + 1;
	size_t n = strlen(label) + 16;
	char *out = xmalloc(n);
	snprintf(out, n, "%.*s%ld%s", (int)(at - label), label, y, rest);
	return out;
}

/* Is the text one of a column's labels (those naming {year} as the year
 * of the report)? */
static bool is_column_label(const char *normalized_text, const layout_labels *labels, long year)
{
	for (size_t i = 0; normalized_text && i < labels->count; i++) {
		char *with_year = label_for_year(labels->norm[i], year);
		bool yes = is_label(normalized_text, with_year ? with_year : labels->norm[i]);
		free(with_year);
		if (yes)
			return true;
	}
	return false;
}

static bool find_header(const part *p, const layout_table *spec, long year, found *out)
{
	size_t need = spec->column_count < 2 ? spec->column_count : 2;
	size_t best = 0;
	out->col = xcalloc(spec->column_count + 1, sizeof *out->col);
	uint32_t *cols = xcalloc(spec->column_count + 1, sizeof *cols);
	for (size_t t = 0; t < p->table_count; t++) {
		const grid_table *g = p->tables[t];
		for (uint32_t r = 1; r <= g->rows; r++) {
			size_t hits = 0;
			for (size_t k = 0; k < spec->column_count; k++) {
				cols[k] = 0;
				for (uint32_t c = 1; c <= g->cols && !cols[k]; c++) {
					const char *n = norm_at(p, t, r, c);
					if (n && is_column_label(n, &spec->columns[k].labels, year))
						cols[k] = c;
				}
				hits += cols[k] != 0;
			}
			if (hits >= need && hits > best) {
				best = hits;
				out->t = t;
				out->header = r;
				memcpy(out->col, cols, spec->column_count * sizeof *cols);
			}
		}
	}
	free(cols);
	return best > 0;
}

static uint32_t column_of_key(const layout_table *spec, const found *f, const char *key)
{
	for (size_t k = 0; k < spec->column_count; k++)
		if (!strcmp(spec->columns[k].key, key))
			return f->col[k];
	return 0;
}

/* The smallest column holding one of the table's values: row labels are
 * printed left of it. */
static uint32_t first_value_column(const layout_table *spec, const found *f)
{
	uint32_t first = UINT32_MAX;
	for (size_t k = 0; k < spec->column_count; k++)
		if (f->col[k] && f->col[k] < first)
			first = f->col[k];
	return first;
}

/* The length of the longest of labels the text shows, 0 if none. */
static size_t longest_shown(const char *normalized_text, const layout_labels *labels)
{
	size_t best = 0;
	for (size_t i = 0; i < labels->count; i++) {
		size_t n = strlen(labels->norm[i]);
		if (n > best && strstr(normalized_text, labels->norm[i]))
			best = n;
	}
	return best;
}

/* Which row spec the row's label matches (left of the values), or -1:
 * the one whose label is longest ("其中：当年财政拨款" is 当年财政拨款 rather
 * than 财政拨款), so the answer never depends on the order specs were
 * read in. */
static int row_spec_of(const part *p, const layout_table *spec, const found *f, uint32_t r, uint32_t before)
{
	int found_spec = -1;
	size_t best = 0;
	for (uint32_t c = 1; c < before; c++) {
		uint32_t at = printed_col(f, r, c);
		const grid_cell *cell = at ? grid_value_at(p->tables[f->t], r, at) : NULL;
		if (!cell || cell->row != r)
			continue; /* a label merged down from a row above */
		const char *n = norm_at(p, f->t, cell->row, cell->col);
		for (size_t k = 0; n && k < spec->row_count; k++) {
			size_t len = longest_shown(n, &spec->rows[k].labels);
			if (len > best) {
				best = len;
				found_spec = (int)k;
			}
		}
	}
	return found_spec;
}

/* Is an empty cell of the funds table a blank the preparer should have
 * filled?  分值, 执行率 and 得分 belong to the 年度资金总额 row only: the
 * form leaves them empty (or prints "—") in the rows below. */
static bool funds_cell_wanted(const char *row, const char *column)
{
	return !strcmp(row, "total") ||
	       (strcmp(column, "max") && strcmp(column, "rate") && strcmp(column, "score"));
}

/* Does a source row (not 年度资金总额) print no amount but 0: then its
 * empty cells are nothing to fill in. */
static bool zero_row(const part *p, const layout_table *spec, const found *f, uint32_t r)
{
	for (size_t c = 0; c < spec->column_count; c++) {
		const grid_cell *cell = f->col[c] ? cell_in(p, f, r, f->col[c]) : NULL;
		if (cell && cell->text[0] && !form_not_applicable(cell->text) && !same_number(cell->text, "0"))
			return false;
	}
	return true;
}

static void read_funds(reading *rd, const layout_table *spec, const found *f)
{
	const part *p = rd->p;
	const grid_table *g = p->tables[f->t];
	uint32_t before = first_value_column(spec, f);
	size_t misses = 0;
	for (uint32_t r = f->header + 1; r <= g->rows && misses < 2; r++) {
		int k = row_spec_of(p, spec, f, r, before);
		if (k < 0) {
			misses++;
			continue;
		}
		misses = 0;
		bool zero = strcmp(spec->rows[k].into, "total") && zero_row(p, spec, f, r);
		for (size_t c = 0; c < spec->column_count; c++) {
			if (!f->col[c])
				continue;
			const grid_cell *cell = cell_in(p, f, r, f->col[c]);
			if (!cell || (!cell->text[0] && (zero || !funds_cell_wanted(spec->rows[k].into, spec->columns[c].key))))
				continue;
			char path[256];
			snprintf(path, sizeof path, "budget.funds.%s.%s", spec->rows[k].into, spec->columns[c].key);
			put_cell(rd, rd->doc, path, f->t, cell);
		}
	}
}

/* Split "产出指标（50分）" into the name and its points (points NULL when
 * the name carries none). */
static void split_points(const char *text, char **name, char **points)
{
	*points = NULL;
	const char *open = strstr(text, "（");
	size_t skip = 3;
	if (!open) {
		open = strchr(text, '(');
		skip = 1;
	}
	if (!open || open == text) {
		*name = xstrdup(text);
		return;
	}
	const char *p = open + skip;
	while (*p == ' ')
		p++;
	const char *num = p;
	while (is_digit(*p) || *p == '.')
		p++;
	if (p > num && (!strncmp(p, "分", 3))) {
		*points = xmalloc((size_t)(p - num) + 1);
		memcpy(*points, num, (size_t)(p - num));
		(*points)[p - num] = '\0';
	}
	size_t len = (size_t)(open - text);
	while (len && text[len - 1] == ' ')
		len--;
	*name = xmalloc(len + 1);
	memcpy(*name, text, len);
	(*name)[len] = '\0';
}

/* The indicator printed in cell c of table t ("产出指标（50分）": its name
 * and full marks) in list, made when missing. */
static ynode *indicator_of(reading *rd, ynode *list, size_t t, const grid_cell *c)
{
	char *name, *points;
	split_points(c->text, &name, &points);
	ynode *ind = ynode_find(list, "name", name);
	if (!ind) {
		form_place place;
		place_of_cell(rd->p, t, c, &place);
		ind = ynode_push_map(list);
		ynode_set_text(ind, "name", name, &place);
		if (points)
			ynode_set_text(ind, "max", points, &place);
	}
	free(name);
	free(points);
	return ind;
}

/* Does the row hold the table's total label (in any cell)? */
static bool total_row(const part *p, const layout_table *spec, const found *f, uint32_t r)
{
	for (uint32_t c = 1; c <= row_reach(p, f, r); c++) {
		const char *n = norm_in(p, f, r, c);
		if (n && is_any_label(n, &spec->total))
			return true;
	}
	return false;
}

/* Is column col of the table one of spec's that cannot hold the total
 * score (分值, 目标值, ...)? */
static bool not_a_score_column(const layout_table *spec, const found *f, uint32_t col)
{
	for (size_t k = 0; k < spec->column_count; k++)
		if (f->col[k] == col && strcmp(spec->columns[k].key, "score") && strcmp(spec->columns[k].key, "subtotal") &&
		    strcmp(spec->columns[k].key, "level1") && strcmp(spec->columns[k].key, "level2"))
			return true;
	return false;
}

/* The first value right of the total's label in row r, outside the
 * columns that hold something else (a text export prints "总分  94.57"
 * under 二级指标). */
static const grid_cell *value_right_of_total(const part *p, const layout_table *spec, const found *f,
                                             uint32_t r)
{
	uint32_t reach = row_reach(p, f, r);
	for (uint32_t k = 1; k <= reach; k++) {
		const char *n = norm_in(p, f, r, k);
		if (!n || !is_any_label(n, &spec->total))
			continue;
		for (uint32_t v = k + 1; v <= reach; v++) {
			const grid_cell *c = cell_in(p, f, r, v);
			if (c && c->col == printed_col(f, r, v) && c->text[0] && !not_a_score_column(spec, f, v))
				return c;
		}
	}
	return NULL;
}

/* The total row: its score into scores.total (the score column's cell,
 * else the value printed beside the label, else the empty score cell). */
static void read_total(reading *rd, const layout_table *spec, const found *f, uint32_t r)
{
	const part *p = rd->p;
	uint32_t score = column_of_key(spec, f, "score");
	if (!score)
		score = column_of_key(spec, f, "subtotal");
	const grid_cell *c = score ? cell_in(p, f, r, score) : NULL;
	if (c && c->col != printed_col(f, r, score))
		c = NULL; /* the label's own merged cell reaching under 得分 */
	if (!c || !c->text[0]) {
		const grid_cell *beside = value_right_of_total(p, spec, f, r);
		c = beside ? beside : c;
	}
	if (c)
		put_cell(rd, rd->doc, "scores.total", f->t, c);
}

/* A level name (一级 or 二级) at row r: the value of a merged or printed
 * cell, else the one carried from the rows above (a text export prints it
 * once). */
static const grid_cell *level_at(const part *p, const found *f, uint32_t r, uint32_t col)
{
	uint32_t at = col ? printed_col(f, r, col) : 0;
	if (!at)
		return NULL;
	const grid_cell *c = grid_value_at(p->tables[f->t], r, at);
	return c && c->text[0] ? c : NULL;
}

/* The data path of a target's indicator ("产出指标/数量指标"), the
 * indicators made on the way; "" without a first level. */
static void target_indicator(reading *rd, size_t t, const grid_cell *l1, const grid_cell *l2,
                             char *path, size_t size)
{
	path[0] = '\0';
	if (!l1)
		return;
	ynode *ind1 = indicator_of(rd, ynode_list(rd->doc, "scores.indicators"), t, l1);
	if (!l2) {
		snprintf(path, size, "%s", ynode_text(ind1, "name"));
		return;
	}
	ynode *ind2 = indicator_of(rd, ynode_list(ind1, "children"), t, l2);
	snprintf(path, size, "%s/%s", ynode_text(ind1, "name"), ynode_text(ind2, "name"));
}

/* The target value; with the comparison of an 指标性质 column before it
 * ("≥" and "90%" are the target "≥90%"). */
static void read_target_value(reading *rd, const layout_table *spec, const found *f, uint32_t r, ynode *target)
{
	uint32_t col = column_of_key(spec, f, "target"), oc = column_of_key(spec, f, "operator");
	const grid_cell *c = col ? cell_in(rd->p, f, r, col) : NULL;
	const grid_cell *o = oc ? cell_in(rd->p, f, r, oc) : NULL;
	const char *op = o && c && c->text[0] && c->type != GRID_UNCOMPUTED ? form_comparison(o->text) : NULL;
	if (!op || form_comparison(c->text) || strpbrk(c->text, "<>=")) {
		if (c)
			put_cell(rd, target, "target", f->t, c);
		return;
	}
	size_t n = strlen(op) + strlen(c->text) + 1;
	char *text = xmalloc(n);
	snprintf(text, n, "%s%s", op, c->text);
	form_place place;
	place_of_cell(rd->p, f->t, c, &place);
	ynode_set_text(target, "target", text, &place);
	free(text);
}

/* One row of the targets table: its 三级指标 and what is printed beside. */
static void read_target_row(reading *rd, const layout_table *spec, const found *f, uint32_t r,
                            const grid_cell *name, const char *indicator, const grid_cell *level)
{
	ynode *target = ynode_push_map(ynode_list(rd->doc, "targets"));
	put_cell(rd, target, "name", f->t, name);
	if (indicator[0]) {
		form_place place;
		place_of_cell(rd->p, f->t, level, &place);
		ynode_set_text(target, "indicator", indicator, &place);
	}
	read_target_value(rd, spec, f, r, target);
	static const char *const keys[] = { "actual", "unit", "points", "score", "reason" };
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
		uint32_t col = column_of_key(spec, f, keys[k]);
		const grid_cell *c = col ? cell_in(rd->p, f, r, col) : NULL;
		/* an empty reason is no reason, not a blank cell */
		if (c && !(!strcmp(keys[k], "reason") && !c->text[0]))
			put_cell(rd, target, keys[k], f->t, c);
	}
}

/* A row of the targets table whose values are all empty: the template's
 * spare "指标2：" row, not a target left unfilled. */
static bool unused_target_row(reading *rd, const layout_table *spec, const found *f, uint32_t r)
{
	static const char *const keys[] = { "target", "actual", "points", "score" };
	size_t columns = 0;
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
		uint32_t col = column_of_key(spec, f, keys[k]);
		const grid_cell *c = col ? cell_in(rd->p, f, r, col) : NULL;
		if (c && c->text[0] && !form_not_applicable(c->text))
			return false;
		columns += col != 0;
	}
	return columns > 0;
}

static void read_targets(reading *rd, const layout_table *spec, const found *f)
{
	const part *p = rd->p;
	const grid_table *g = p->tables[f->t];
	uint32_t c1 = column_of_key(spec, f, "level1"), c2 = column_of_key(spec, f, "level2");
	uint32_t cn = column_of_key(spec, f, "name");
	const grid_cell *level1 = NULL, *level2 = NULL;
	for (uint32_t r = f->header + 1; r <= g->rows; r++) {
		if (spec->total.count && total_row(p, spec, f, r)) {
			read_total(rd, spec, f, r);
			break;
		}
		const grid_cell *l1 = level_at(p, f, r, c1), *l2 = level_at(p, f, r, c2);
		if (l1 && l1 != level1) {
			level1 = l1;
			level2 = NULL; /* a new first level starts its own second levels */
		}
		level2 = l2 ? l2 : level2;
		/* a hidden row (a template's placeholder), one without its 三级指标,
		 * or a template's "指标1：" row left unused */
		const grid_cell *name = cn ? cell_in(p, f, r, cn) : NULL;
		if (!name || !name->text[0] || unused_target_row(rd, spec, f, r))
			continue;
		char path[512];
		target_indicator(rd, f->t, level1, level2, path, sizeof path);
		read_target_row(rd, spec, f, r, name, path, level2 ? level2 : level1);
	}
}

/* The cell of row r under the column of key, when the row prints
 * something there. */
static const grid_cell *printed_at(const part *p, const layout_table *spec, const found *f, uint32_t r,
                                   const char *key)
{
	uint32_t col = column_of_key(spec, f, key);
	const grid_cell *c = col ? cell_in(p, f, r, col) : NULL;
	return c && c->text[0] ? c : NULL;
}

/* A score table, one indicator a row: 一级 (its 合计 beside it), 二级 and,
 * where the table has them, 三级 indicators (a level merged down its rows,
 * or printed once); 分值 and 得分 belong to the deepest level the row names. */
static void read_scores(reading *rd, const layout_table *spec, const found *f)
{
	const part *p = rd->p;
	const grid_table *g = p->tables[f->t];
	static const char *const levels[] = { "level1", "level2", "level3" };
	ynode *at[3] = { NULL, NULL, NULL };
	for (uint32_t r = f->header + 1; r <= g->rows; r++) {
		if (spec->total.count && total_row(p, spec, f, r)) {
			read_total(rd, spec, f, r);
			break;
		}
		ynode *deepest = NULL;
		for (int k = 0; k < 3; k++) {
			const grid_cell *name = printed_at(p, spec, f, r, levels[k]);
			if (!name || (k > 0 && !at[k - 1]))
				continue;
			ynode *list = k ? ynode_list(at[k - 1], "children") : ynode_list(rd->doc, "scores.indicators");
			at[k] = deepest = indicator_of(rd, list, f->t, name);
			for (int j = k + 1; j < 3; j++)
				at[j] = NULL; /* a new indicator starts its own children */
		}
		if (!deepest)
			continue;
		const grid_cell *sub = at[0] && printed_at(p, spec, f, r, "level1") ? printed_at(p, spec, f, r, "subtotal")
		                                                                   : NULL;
		uint32_t cs = column_of_key(spec, f, "score"), cm = column_of_key(spec, f, "max");
		const grid_cell *score = cs ? cell_in(p, f, r, cs) : NULL;
		const grid_cell *max = cm ? cell_in(p, f, r, cm) : NULL;
		if (sub)
			put_cell(rd, at[0], "score", f->t, sub);
		if (score)
			put_cell(rd, deepest, "score", f->t, score);
		if (max)
			put_cell(rd, deepest, "max", f->t, max);
	}
}

/* Does row r print nothing under any of the table's columns? */
static bool blank_row(const part *p, const layout_table *spec, const found *f, uint32_t r)
{
	for (size_t c = 0; c < spec->column_count; c++) {
		const grid_cell *cell = f->col[c] ? cell_in(p, f, r, f->col[c]) : NULL;
		if (cell && cell->text[0])
			return false;
	}
	return true;
}

static void read_rows(reading *rd, const layout_table *spec, const found *f)
{
	const part *p = rd->p;
	const grid_table *g = p->tables[f->t];
	uint32_t before = first_value_column(spec, f);
	for (size_t k = 0; k < spec->row_count; k++) {
		const layout_row *row = &spec->rows[k];
		for (uint32_t r = f->header + 1; r <= g->rows; r++) {
			if (row_spec_of(p, spec, f, r, before) != (int)k)
				continue;
			if (blank_row(p, spec, f, r))
				break; /* a heading row ("公用经费" over its 其中 rows): nothing printed */
			for (size_t c = 0; c < spec->column_count; c++) {
				const grid_cell *cell = f->col[c] ? cell_in(p, f, r, f->col[c]) : NULL;
				if (!cell)
					continue;
				const char *key = spec->columns[c].key;
				for (size_t j = 0; j < row->rename_count; j++)
					if (!strcmp(row->rename_from[j], key))
						key = row->rename_to[j];
				if (!strcmp(key, "-"))
					continue; /* this row's value in that column is not read */
				/* the column "value": the row's own path (a table of one
				 * amount a row) */
				char path[512];
				if (!strcmp(key, "value"))
					snprintf(path, sizeof path, "%s", row->into);
				else
					snprintf(path, sizeof path, "%s.%s", row->into, key);
				put_cell(rd, rd->doc, path, f->t, cell);
			}
			break;
		}
	}
}

/* What a column of spec holds, for placing a short row's cells. */
static align_kind kind_of_column(const layout_table *spec, const char *key)
{
	static const char *const free_text[] = { "target", "actual", "unit", "reason", NULL };
	if (!strcmp(key, "level1") || !strcmp(key, "level2") || !strcmp(key, "level3"))
		return ALIGN_LEVEL;
	if (!strcmp(key, "name"))
		return ALIGN_LABEL;
	if (!strcmp(key, "operator"))
		return ALIGN_OPERATOR;
	if (!strcmp(key, "rate"))
		return ALIGN_RATE;
	for (const char *const *k = free_text; spec->into == INTO_TARGETS && *k; k++)
		if (!strcmp(key, *k))
			return ALIGN_ANY;
	if (!strcmp(key, "max") || !strcmp(key, "score") || !strcmp(key, "subtotal") || !strcmp(key, "points"))
		return ALIGN_NUMBER;
	return spec->into == INTO_FUNDS || spec->into == INTO_ROWS ? ALIGN_MONEY : ALIGN_NUMBER;
}

/* The shifts of a text export's short rows under f's header: the columns
 * left of the first one read are labels (a row's name, a caption), the
 * others hold what their key says. */
static void align_table(const part *p, const layout_table *spec, found *f)
{
	const grid_table *g = p->tables[f->t];
	uint32_t width = g->printed ? g->printed[f->header - 1] : 0;
	if (width == 0 || width > ALIGN_MAX_COLUMNS)
		return;
	uint32_t first = first_value_column(spec, f);
	align_kind kinds[ALIGN_MAX_COLUMNS];
	for (uint32_t c = 1; c <= width; c++)
		kinds[c - 1] = c < first ? ALIGN_LABEL : ALIGN_ANY;
	for (size_t k = 0; k < spec->column_count; k++)
		if (f->col[k] && f->col[k] <= width)
			kinds[f->col[k] - 1] = kind_of_column(spec, spec->columns[k].key);
	f->shift = align_rows(g, f->header, kinds, width);
}

static void read_tables(reading *rd)
{
	for (size_t i = 0; i < rd->layout->table_count; i++) {
		const layout_table *spec = &rd->layout->tables[i];
		found f = { 0 };
		if (!find_header(rd->p, spec, rd->year, &f)) {
			char labels[512] = "";
			size_t used = 0;
			for (size_t k = 0; k < spec->column_count && used < sizeof labels; k++)
				used += (size_t)snprintf(labels + used, sizeof labels - used, "%s%s", k ? _(", ") : "",
				                         spec->columns[k].labels.items[0]);
			unmapped(rd, _("no table with the header %s"), labels);
			free(f.col);
			continue;
		}
		align_table(rd->p, spec, &f);
		switch (spec->into) {
		case INTO_FUNDS: read_funds(rd, spec, &f); break;
		case INTO_TARGETS: read_targets(rd, spec, &f); break;
		case INTO_SCORES: read_scores(rd, spec, &f); break;
		case INTO_ROWS: read_rows(rd, spec, &f); break;
		}
		free(f.col);
		free(f.shift);
	}
}

/* ---- captured indicators ------------------------------------------------------------------ */

/* Do two printed numbers say the same ("49.5" and "49.50")? */
static bool same_number(const char *a, const char *b)
{
	char *na = grid_label_normalize(a), *nb = grid_label_normalize(b);
	char *ea, *eb;
	double x = strtod(na, &ea), y = strtod(nb, &eb);
	bool same = ea != na && eb != nb && !*ea && !*eb ? x == y : !strcmp(na, nb);
	free(na);
	free(nb);
	return same;
}

/* The indicator of the score table (first or second level) whose name the
 * printed text ends with ("1.履职效能" is 履职效能); the longest such name. */
static ynode *indicator_named(ynode *list, const char *printed, size_t *best_length)
{
	char *text = grid_label_normalize(printed);
	size_t length = strlen(text);
	ynode *best = NULL;
	for (size_t i = 0; i < ynode_count(list); i++) {
		ynode *ind = ynode_item(list, i);
		const char *name = ynode_text(ind, "name");
		char *n = name ? grid_label_normalize(name) : NULL;
		size_t nl = n ? strlen(n) : 0;
		if (nl && nl <= length && nl > *best_length && !strcmp(text + length - nl, n)) {
			best = ind;
			*best_length = nl;
		}
		free(n);
		ynode *kid = indicator_named(ynode_get(ind, "children"), printed, best_length);
		best = kid ? kid : best;
	}
	free(text);
	return best;
}

/* A captured full marks or score onto the indicator: set when the score
 * table left it out; when the table prints another number, a warning. */
static void apply_capture_value(reading *rd, ynode *ind, const captured_indicator *ci, int slot)
{
	const char *key = capture_names[slot], *value = ci->value[slot];
	if (!value)
		return;
	const char *have = ynode_text(ind, key);
	if (!have) {
		ynode_set_text(ind, key, value, &ci->at[slot]);
		return;
	}
	if (same_number(have, value))
		return;
	const form_place *there = ynode_place(ind, key);
	note(rd->out, false, &ci->at[slot],
	     slot == CAP_MAX ? _("%s: the full marks of %s are printed as %s here, but as %s at %s")
	                     : _("%s: the score of %s is printed as %s here, but as %s at %s"),
	     ci->at[slot].text, ynode_text(ind, "name"), value, have, there ? there->text : "");
}

/* Captured indicators: their full marks and scores onto the indicators of
 * the score table, a captured reason as their deduction. */
static void apply_indicator_captures(reading *rd)
{
	for (size_t i = 0; i < rd->indicator_count; i++) {
		captured_indicator *ci = &rd->indicators[i];
		size_t length = 0;
		ynode *ind = indicator_named(ynode_get(rd->doc, "scores.indicators"), ci->name, &length);
		if (!ind) {
			unmapped(rd, _("%s: %s, which no score table lists"), ci->place.text, ci->name);
		} else {
			apply_capture_value(rd, ind, ci, CAP_MAX);
			apply_capture_value(rd, ind, ci, CAP_SCORE);
			if (ci->value[CAP_REASON] && !ynode_has(ind, "deductions")) {
				ynode *d = ynode_push_map(ynode_list(ind, "deductions"));
				ynode_set_text(d, "reason", ci->value[CAP_REASON], &ci->at[CAP_REASON]);
				if (ci->value[CAP_FIX])
					ynode_set_text(d, "fix", ci->value[CAP_FIX], &ci->at[CAP_FIX]);
			}
		}
		free(ci->name);
		for (int k = 0; k < CAP_COUNT; k++)
			free(ci->value[k]);
	}
	free(rd->indicators);
	rd->indicators = NULL;
	rd->indicator_count = 0;
}

/* The value at data path `from` copied to key of `to`, with its place. */
static void copy_value(reading *rd, ynode *to, const char *key, const char *from)
{
	if (!from || !ynode_has(rd->doc, from))
		return;
	const char *text = ynode_text(rd->doc, from);
	const form_place *place = ynode_place(rd->doc, from);
	if (text)
		ynode_set_text(to, key, text, place);
	else
		ynode_set_blank(to, key, place);
}

/* The layout's indicators made of captured values (the 自评表's 预算执行率,
 * whose 分值 and 得分 are printed in the 项目资金 rows), first in the score
 * table, in the layout's order. */
static void read_indicators(reading *rd)
{
	for (size_t i = rd->layout->indicator_count; i-- > 0;) {
		const layout_indicator *li = &rd->layout->indicators[i];
		bool printed = (li->max && ynode_has(rd->doc, li->max)) || (li->score && ynode_has(rd->doc, li->score));
		ynode *list = printed ? ynode_list(rd->doc, "scores.indicators") : NULL;
		if (!list || ynode_find(list, "name", li->name))
			continue;
		ynode *ind = ynode_unshift_map(list);
		const char *from = li->max ? li->max : li->score;
		ynode_set_text(ind, "name", li->name, ynode_place(rd->doc, from));
		copy_value(rd, ind, "max", li->max);
		copy_value(rd, ind, "score", li->score);
	}
}

/* ---- a part read by a layout ------------------------------------------------------------------ */

static void read_fields(reading *rd)
{
	for (size_t i = 0; i < rd->layout->field_count; i++)
		if (!ynode_has(rd->doc, rd->layout->fields[i].path) && !read_field(rd, &rd->layout->fields[i]))
			unmapped(rd, _("no %s printed (%s)"), rd->layout->fields[i].labels.items[0],
			         rd->layout->fields[i].path);
}

/* The report's year first (its field, the patterns that capture it):
 * column labels may name it ("{year}年预算数"). */
static void read_year(reading *rd)
{
	for (size_t i = 0; i < rd->layout->field_count; i++)
		if (!strcmp(rd->layout->fields[i].path, "year"))
			read_field(rd, &rd->layout->fields[i]);
	read_patterns(rd, true);
	const char *year = ynode_text(rd->doc, "year");
	rd->year = year ? strtol(year, NULL, 10) : 0;
}

/* Each indicator's keys as the data format lists them. */
static void order_indicators(ynode *list)
{
	static const char *const keys[] = { "name", "max", "score", "deductions", "children", NULL };
	for (size_t i = 0; i < ynode_count(list); i++) {
		ynode *ind = ynode_item(list, i);
		ynode_order(ind, keys);
		order_indicators(ynode_get(ind, "children"));
	}
}

/* The data file of one part: what the layout says, then tables, fields,
 * patterns and the indicators made of them; keys in the data format's
 * order. */
static ynode *read_part(const part *p, const form_layout *layout, form_report *out)
{
	reading rd = { .p = p, .layout = layout, .doc = ynode_map(), .out = out };
	ynode_set_integer(rd.doc, "pev", 1, NULL);
	if (layout->kind)
		ynode_set_text(rd.doc, "kind", layout->kind, NULL);
	if (layout->framework)
		ynode_set_text(rd.doc, "framework", layout->framework, NULL);
	read_year(&rd);
	read_tables(&rd);
	read_fields(&rd);
	read_patterns(&rd, false);
	read_indicators(&rd);
	apply_indicator_captures(&rd);
	if (rd.texts) {
		texts_free(rd.texts);
		free(rd.texts);
	}
	if (ynode_has(rd.doc, "budget") && layout->currency)
		ynode_set_text(rd.doc, "budget.currency", layout->currency, NULL);
	static const char *const top[] = { "pev", "kind", "framework", "department", "unit", "project", "year",
		                           "budget", "scores", "targets", "facts", NULL };
	static const char *const budget[] = { "currency", "initial", "planned", "executed", "execution_rate",
		                              "funds", "sources", "nature", "carryover", "returned", NULL };
	static const char *const money[] = { "initial", "planned", "executed", "max", "rate", "score", NULL };
	static const char *const scores[] = { "total", "grade", "indicators", NULL };
	ynode_order(rd.doc, top);
	order_indicators(ynode_get(rd.doc, "scores.indicators"));
	if (ynode_get(rd.doc, "budget"))
		ynode_order(ynode_get(rd.doc, "budget"), budget);
	ynode *funds = ynode_get(rd.doc, "budget.funds");
	for (size_t i = 0; i < ynode_count(funds); i++)
		ynode_order(ynode_item(funds, i), money);
	if (ynode_get(rd.doc, "scores"))
		ynode_order(ynode_get(rd.doc, "scores"), scores);
	return rd.doc;
}

/* Which layouts a part is tried with: a workbook read whole, one sheet of
 * it, or a Word document or text export (any layout). */
enum scope { SCOPE_WORKBOOK, SCOPE_SHEET, SCOPE_ANY };

/* The layout for a part: of those whose required labels it all shows, the
 * one requiring most.  tried says what each other layout missed. */
static const form_layout *choose(const part *p, const layout_set *layouts, enum scope scope, char *tried,
                                 size_t size)
{
	const form_layout *best = NULL;
	size_t used = 0;
	tried[0] = '\0';
	for (size_t i = 0; i < layouts->count; i++) {
		const form_layout *l = &layouts->items[i];
		if ((scope == SCOPE_WORKBOOK && !l->whole_workbook) || (scope == SCOPE_SHEET && l->whole_workbook))
			continue;
		char missing[512] = "";
		size_t m = 0;
		for (size_t k = 0; k < l->requires.count && m < sizeof missing; k++)
			if (!part_shows(p, l->requires.norm[k]))
				m += (size_t)snprintf(missing + m, sizeof missing - m, "%s%s", m ? _(", ") : "",
				                      l->requires.items[k]);
		if (!m) {
			if (!best || l->requires.count > best->requires.count)
				best = l;
			continue;
		}
		if (used < size)
			/* TRANSLATORS: a layout tried, and the labels it did not find */
			used += (size_t)snprintf(tried + used, size - used, _("%s%s (missing: %s)"),
			                         used ? _("; ") : "", l->name, missing);
	}
	return best;
}

/* ---- a file ------------------------------------------------------------------------------------ */

/* The file's problems as notes: errors and warnings (notes such as "read
 * as GB18030" are not the preparer's concern). */
static void problems_as_notes(const grid_doc *doc, form_report *out)
{
	for (size_t i = 0; i < doc->problem_count; i++) {
		const grid_problem *pr = &doc->problems[i];
		if (pr->level == GRID_NOTE)
			continue;
		form_place place = { .kind = PLACE_NONE };
		if (pr->where)
			snprintf(place.text, sizeof place.text, "%s", pr->where);
		note(out, pr->level == GRID_ERROR, &place, "%s", pr->message);
	}
}

typedef struct docs {
	ynode **items;
	size_t count;
} docs;

/* Read one part with the layout it matches; what was tried appended to
 * tried when none does. */
static void add_document(docs *got, ynode *doc)
{
	got->items = xrealloc(got->items, (got->count + 1) * sizeof *got->items);
	got->items[got->count++] = doc;
}

/* A sheet printing a form's anchor twice (two forms one under the other)
 * is read as one form: said, so the second is not dropped unnoticed. */
static void one_form_a_sheet(const part *p, const form_layout *layout, form_report *out)
{
	for (size_t t = 0; t < p->table_count && layout->requires.count; t++) {
		const grid_cell *second;
		size_t n = form_anchor_cells(p->tables[t], layout->requires.norm[0], &second);
		if (n < 2)
			continue;
		form_place place;
		place_of_cell(p, t, second, &place);
		note(out, false, &place,
		     _("this sheet holds %zu forms (%s printed %zu times); only the first is read: put each form on a sheet of its own"),
		     n, layout->requires.items[0], n);
	}
}

static bool read_one(const grid_doc *doc, const grid_table **tables, size_t count, const layout_set *layouts,
                     enum scope scope, form_report *out, docs *got, char *tried, size_t size)
{
	part p;
	part_open(&p, doc, tables, count, NULL, 0);
	char why[2048];
	const form_layout *layout = choose(&p, layouts, scope, why, sizeof why);
	if (layout) {
		add_document(got, read_part(&p, layout, out));
		one_form_a_sheet(&p, layout, out);
	} else if (!tried[0] && scope != SCOPE_WORKBOOK)
		snprintf(tried, size, "%s", why);
	part_close(&p);
	return layout != NULL;
}

/* More forms than this in one document are not read apart (it is no
 * department's bundle of 自评表): the whole is read as one. */
#define FORMS_PER_DOCUMENT 500

/* A segment of a document (load_form_split.h): a text export's lines
 * read anew, or a Word document's tables and paragraphs. */
typedef struct segment_part {
	grid_doc *text; /* a text export's segment, or NULL */
	part p;
} segment_part;

static void segment_open(segment_part *s, const grid_doc *doc, const grid_table **tables, const form_segment *seg)
{
	s->text = doc->kind == GRID_TEXT ? form_segment_doc(doc, seg) : NULL;
	if (!s->text) {
		part_open(&s->p, doc, tables + seg->first_table, seg->table_count, doc->lines + seg->first_line,
		          seg->line_count);
		return;
	}
	const grid_table **own = xcalloc(s->text->table_count ? s->text->table_count : 1, sizeof *own);
	for (size_t t = 0; t < s->text->table_count; t++)
		own[t] = &s->text->tables[t];
	part_open(&s->p, s->text, own, s->text->table_count, s->text->lines, s->text->line_count);
}

static void segment_close(segment_part *s)
{
	const grid_table **own = s->text ? s->p.tables : NULL;
	part_close(&s->p);
	free((void *)own);
	grid_free(s->text);
}

/* Does the part show the header of every table of the layout? */
static bool shows_tables(const part *p, const form_layout *layout)
{
	bool all = true;
	for (size_t i = 0; i < layout->table_count && all; i++) {
		found f = { 0 };
		all = find_header(p, &layout->tables[i], 0, &f);
		free(f.col);
	}
	return all;
}

/* A text export or Word document printing several forms, one after
 * another (a department's project 自评表), the whole matching layout: each
 * read as a document of its own.  Only when every segment is a whole form
 * — it shows all the labels the layout requires and the header of each of
 * its tables (a report's second heading starting with 部门整体支出 is no
 * second report); false (nothing read) otherwise. */
static bool read_forms(const grid_doc *doc, const grid_table **tables, const form_layout *layout,
                       const layout_set *layouts, form_report *out, docs *got)
{
	char why[2048];
	form_segment *seg = NULL;
	size_t n = layout->requires.count ? form_split(doc, layout->requires.norm[0], &seg) : 0;
	/* each part opened alone, the first that is no whole form ending the
	 * look (a text of thousands of 项目名称 lines costs no more than one
	 * part); read only when all are */
	bool all = n > 0 && n <= FORMS_PER_DOCUMENT;
	for (size_t k = 0; all && k < n; k++) {
		segment_part s;
		segment_open(&s, doc, tables, &seg[k]);
		all = choose(&s.p, layouts, SCOPE_ANY, why, sizeof why) == layout && shows_tables(&s.p, layout);
		segment_close(&s);
	}
	for (size_t k = 0; all && k < n; k++) {
		segment_part s;
		segment_open(&s, doc, tables, &seg[k]);
		add_document(got, read_part(&s.p, layout, out));
		segment_close(&s);
	}
	free(seg);
	return all;
}

/* Every part of the document read: a workbook's visible sheets one by
 * one, a Word document or text export whole, or each form it prints. */
static void read_parts(const grid_doc *doc, const layout_set *layouts, form_report *out, docs *got,
                       char *tried, size_t size)
{
	const grid_table **tables = xcalloc(doc->table_count ? doc->table_count : 1, sizeof *tables);
	for (size_t t = 0; t < doc->table_count; t++)
		tables[t] = &doc->tables[t];
	if (doc->kind == GRID_XLSX) {
		/* a form on several sheets first (its layout says workbook:
		 * true), else each visible sheet a form of its own */
		size_t visible = 0;
		for (size_t t = 0; t < doc->table_count; t++)
			if (!doc->tables[t].hidden)
				tables[visible++] = &doc->tables[t];
		if (visible <= 1)
			read_one(doc, tables, visible, layouts, SCOPE_ANY, out, got, tried, size);
		else if (!read_one(doc, tables, visible, layouts, SCOPE_WORKBOOK, out, got, tried, size))
			for (size_t t = 0; t < visible; t++)
				read_one(doc, tables + t, 1, layouts, SCOPE_SHEET, out, got, tried, size);
	} else {
		part whole;
		part_open(&whole, doc, tables, doc->table_count, doc->lines, doc->line_count);
		char why[2048];
		const form_layout *layout = choose(&whole, layouts, SCOPE_ANY, why, sizeof why);
		if (!layout)
			snprintf(tried, size, "%s", why);
		else if (!read_forms(doc, tables, layout, layouts, out, got))
			add_document(got, read_part(&whole, layout, out));
		part_close(&whole);
	}
	free(tables);
}

/* Append a line of text (without its place) to the data file. */
static void header_line(FILE *f, form_lines *lines, unsigned document, const char *text)
{
	form_yaml_comment(f, text);
	fputc('\n', f);
	form_lines_add(lines, NULL, NULL, document);
}

/* The data file: a header naming the form and what could not be mapped,
 * then the documents. */
static void write_report(const grid_doc *doc, docs *got, form_report *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		xout_of_memory();
	char text[1200];
	snprintf(text, sizeof text, _("# Read by pevcheck from %s"), doc->path);
	header_line(f, &out->lines, 0, text);
	if (out->unmapped_count)
		header_line(f, &out->lines, 0, _("# Not found in the form:"));
	for (size_t i = 0; i < out->unmapped_count; i++) {
		snprintf(text, sizeof text, "#   - %s", out->unmapped[i]);
		header_line(f, &out->lines, 0, text);
	}
	for (size_t i = 0; i < got->count; i++) {
		header_line(f, &out->lines, (unsigned)i + 1, "---");
		ynode_write(got->items[i], f, &out->lines, (unsigned)i + 1);
		ynode_free(got->items[i]);
	}
	fclose(f);
	out->yaml = buf;
	out->length = len;
	free(got->items);
}

static size_t read_doc(grid_doc *doc, const layout_set *layouts, form_report *out)
{
	memset(out, 0, sizeof *out);
	out->kind = doc->kind;
	problems_as_notes(doc, out);
	docs got = { 0 };
	char tried[2048] = "";
	if (doc->kind != GRID_UNKNOWN)
		read_parts(doc, layouts, out, &got, tried, sizeof tried);
	if (doc->kind != GRID_UNKNOWN && !got.count)
		note(out, true, NULL,
		     layouts->count ? _("no form layout matches this file: %s")
		                    : _("no form layouts are loaded (the rule directories have no forms/ folder)%s"),
		     tried);
	out->documents = got.count;
	write_report(doc, &got, out);
	return out->documents;
}

/* Documents people keep forms in that pevcheck does not read: named so
 * the preparer learns what to save them as, not that they are bad YAML. */
static const char *const other_documents[] = { ".pdf", ".ods", ".odt", ".wps", ".et", ".numbers", ".pages",
	                                       NULL };

static const char *extension(const char *path)
{
	const char *dot = strrchr(path, '.');
	return dot && !strchr(dot, '/') ? dot : NULL;
}

static bool has_extension(const char *path, const char *const *list)
{
	const char *dot = extension(path);
	for (const char *const *e = list; dot && *e; e++)
		if (!strcasecmp(dot, *e))
			return true;
	return false;
}

/* A file named as a kind of document pevcheck does not read is refused by
 * its name, with a note saying what to save it as: true when it was. */
static bool refused_by_name(const char *path, form_report *out)
{
	if (!has_extension(path, other_documents))
		return false;
	memset(out, 0, sizeof *out);
	out->kind = GRID_UNKNOWN;
	out->yaml = xstrdup("");
	note(out, true, NULL,
	     _("pevcheck does not read %s files: save the form as .xlsx (Excel, WPS) or .docx (Word), or export its text as .txt"),
	     extension(path));
	return true;
}

size_t form_read(const char *path, const layout_set *layouts, const grid_limits *limits, form_report *out)
{
	if (refused_by_name(path, out))
		return 0;
	grid_doc *doc = grid_open(path, limits);
	size_t n = read_doc(doc, layouts, out);
	grid_free(doc);
	return n;
}

size_t form_read_buffer(const void *data, size_t size, const char *name, const layout_set *layouts,
                        const grid_limits *limits, form_report *out)
{
	if (refused_by_name(name, out))
		return 0;
	grid_doc *doc = grid_open_buffer(data, size, name, limits);
	size_t n = read_doc(doc, layouts, out);
	grid_free(doc);
	return n;
}

void form_report_free(form_report *r)
{
	free(r->yaml);
	form_lines_free(&r->lines);
	for (size_t i = 0; i < r->note_count; i++)
		free(r->notes[i].message);
	free(r->notes);
	for (size_t i = 0; i < r->unmapped_count; i++)
		free(r->unmapped[i]);
	free(r->unmapped);
	memset(r, 0, sizeof *r);
}

const form_place *form_place_of_line(const form_report *r, int line)
{
	if (line < 1 || (size_t)line > r->lines.count || r->lines.items[line - 1].place.kind == PLACE_NONE)
		return NULL;
	return &r->lines.items[line - 1].place;
}

const form_place *form_place_of_path(const form_report *r, unsigned document, const char *path)
{
	document = document ? document : 1;
	for (size_t i = 0; i < r->lines.count; i++) {
		const form_line *l = &r->lines.items[i];
		if (l->document == document && l->path && !strcmp(l->path, path) && l->place.kind != PLACE_NONE)
			return &l->place;
	}
	return NULL;
}

bool form_is_form_file(const char *path)
{
	static const char *const forms[] = { ".xlsx", ".xlsm", ".docx", ".txt", ".md", ".markdown", ".csv", ".xls",
		                             ".doc", NULL };
	return has_extension(path, forms) || has_extension(path, other_documents);
}
