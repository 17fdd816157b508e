/*
 * load_form_split — see load_form_split.h.
 */
#include "load_form_split.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "load_text.h"

/* Does the text (its label form) print the anchor as a label: the anchor
 * alone, with a note in brackets, or with a colon and its value? */
static bool anchored(const char *text, const char *anchor)
{
	/* A Chinese character, which normalizing leaves as it is, must stand
	 * near the start before the text is normalized: most lines are
	 * sentences that do not start with the anchor. */
	unsigned char lead = (unsigned char)anchor[0];
	if (lead >= 0xE4 && lead <= 0xE9) {
		const char *at = text;
		while ((at = strchr(at, anchor[0])) && strncmp(at, anchor, 3))
			at++;
		if (!at || at - text > 64)
			return false;
	}
	char *n = grid_label_normalize(text);
	size_t len = strlen(anchor);
	bool yes = len && !strncmp(n, anchor, len) && (n[len] == '\0' || n[len] == '(' || n[len] == ':');
	free(n);
	return yes;
}

static bool blank(const char *s)
{
	return s[strspn(s, " \t\r")] == '\0';
}

/* The segments of a text export whose forms start at the lines (indexes
 * into doc->lines) marked in start; what comes before the first form's
 * title is its own. */
static size_t segments_of(const grid_doc *doc, const bool *start, form_segment **out)
{
	size_t count = 0;
	for (size_t i = 0; i < doc->line_count; i++)
		count += start[i];
	if (count < 2)
		return 0;
	form_segment *s = xcalloc(count, sizeof *s);
	size_t k = 0;
	for (size_t i = 0; i < doc->line_count; i++)
		if (start[i]) {
			s[k].first_line = k == 0 ? 0 : i;
			k++;
		}
	for (k = 0; k < count; k++)
		s[k].line_count = (k + 1 < count ? s[k + 1].first_line : doc->line_count) - s[k].first_line;
	*out = s;
	return count;
}

/* A text export: forms start at anchor lines, with the title lines above. */
static size_t split_text(const grid_doc *doc, const char *anchor, form_segment **out)
{
	size_t n = doc->line_count;
	if (n == 0)
		return 0;
	uint32_t base = doc->lines[0].number;
	bool *row = xcalloc(n, sizeof *row), *anchor_at = xcalloc(n, sizeof *anchor_at);
	for (size_t t = 0; t < doc->table_count; t++) {
		const grid_table *g = &doc->tables[t];
		for (uint32_t r = 1; r <= g->rows; r++) {
			const grid_cell *cells = &g->cells[(size_t)(r - 1) * g->cols];
			size_t at = cells[0].line - base;
			if (cells[0].line < base || at >= n)
				continue;
			row[at] = true;
			for (uint32_t c = 0; c < g->cols; c++)
				if (cells[c].text[0]) {
					anchor_at[at] |= anchored(cells[c].text, anchor);
					break; /* the row's first printed cell */
				}
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!row[i])
			anchor_at[i] = anchored(doc->lines[i].text, anchor);
	/* each form after the first starts at its title: the lines just above
	 * its anchor that are neither blank nor a row of a table */
	bool *start = xcalloc(n, sizeof *start);
	size_t last = 0;
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (!anchor_at[i])
			continue;
		size_t s = i;
		while (!first && s > last + 1 && !row[s - 1] && !anchor_at[s - 1] && !blank(doc->lines[s - 1].text))
			s--;
		start[s] = true;
		last = i;
		first = false;
	}
	size_t count = segments_of(doc, start, out);
	free(start);
	free(row);
	free(anchor_at);
	return count;
}

/* A Word document: forms start at tables showing the anchor. */
static size_t split_docx(const grid_doc *doc, const char *anchor, form_segment **out)
{
	size_t count = 0;
	bool nested = false; /* then not a run of forms */
	bool *starts = xcalloc(doc->table_count ? doc->table_count : 1, sizeof *starts);
	for (size_t t = 0; t < doc->table_count && !nested; t++) {
		const grid_table *g = &doc->tables[t];
		nested = g->parent != 0;
		for (size_t i = 0; i < (size_t)g->rows * g->cols && !starts[t]; i++)
			starts[t] = !grid_is_covered(&g->cells[i]) && g->cells[i].text[0] &&
			            anchored(g->cells[i].text, anchor);
		count += starts[t];
	}
	if (count < 2 || nested) {
		free(starts);
		return 0;
	}
	/* the tables before the first anchor's are the first form's */
	form_segment *s = xcalloc(count, sizeof *s);
	size_t k = 0;
	bool seen = false;
	for (size_t t = 0; t < doc->table_count; t++) {
		if (starts[t] && seen)
			k++;
		seen |= starts[t];
		if (!s[k].table_count)
			s[k].first_table = t;
		s[k].table_count++;
	}
	/* paragraphs: a table sits just after paragraph tables[t].line, so a
	 * form's are those after the previous form's last table */
	size_t line = 0;
	for (k = 0; k < count; k++) {
		size_t last_table = s[k].first_table + s[k].table_count - 1;
		uint32_t until = k + 1 < count ? doc->tables[last_table].line : UINT32_MAX;
		s[k].first_line = line;
		while (line < doc->line_count && doc->lines[line].number <= until)
			line++;
		s[k].line_count = line - s[k].first_line;
	}
	free(starts);
	*out = s;
	return count;
}

size_t form_anchor_cells(const grid_table *g, const char *anchor, const grid_cell **second)
{
	size_t count = 0;
	*second = NULL;
	for (size_t i = 0; anchor && anchor[0] && i < (size_t)g->rows * g->cols; i++) {
		const grid_cell *c = &g->cells[i];
		if (grid_is_covered(c) || c->hidden || !c->text[0] || !anchored(c->text, anchor))
			continue;
		if (++count == 2)
			*second = c;
	}
	return count;
}

size_t form_split(const grid_doc *doc, const char *anchor, form_segment **out)
{
	*out = NULL;
	if (!anchor || !anchor[0])
		return 0;
	if (doc->kind == GRID_TEXT)
		return split_text(doc, anchor, out);
	if (doc->kind == GRID_DOCX)
		return split_docx(doc, anchor, out);
	return 0;
}

grid_doc *form_segment_doc(const grid_doc *doc, const form_segment *s)
{
	grid_doc *part = grid_doc_new(doc->path, doc->limits);
	part->kind = doc->kind;
	text_read_lines(part, doc->lines + s->first_line, s->line_count);
	return part;
}
