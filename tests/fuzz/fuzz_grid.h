/*
 * fuzz_grid.h — what fuzz_xlsx, fuzz_docx and fuzz_text check on every
 * document load_grid reads, whatever the bytes were: a document comes back
 * (never NULL), its cells form a grid whose merged areas are consistent
 * (every covered cell names an anchor inside the grid whose area holds it),
 * all text is NUL-terminated UTF-8, positions and problems print, and the
 * limits were kept.  A violated invariant aborts, so libFuzzer keeps the
 * input.  The limits are tighter than the defaults so that a run spends
 * its time on many small inputs, not a few large ones.
 */
#ifndef PEVCHECK_FUZZ_GRID_H
#define PEVCHECK_FUZZ_GRID_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_grid.h"

#define REQUIRE(cond)                                                                              \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s: invariant failed: %s (%s:%d)\n", FUZZ_NAME, #cond,    \
			        __FILE__, __LINE__);                                               \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static const grid_limits fuzz_limits = {
	.max_file_bytes = 1u << 20,
	.max_entries = 200,
	.max_entry_bytes = 1u << 20,
	.max_total_bytes = 4u << 20,
	.max_ratio = 200,
	.max_xml_depth = 64,
	.max_shared_strings = 10000,
	.max_shared_bytes = 1u << 20,
	.max_styles = 1000,
	.max_table_cells = 20000,
	.max_doc_cells = 50000,
	.max_tables = 50,
	.max_merges = 1000,
	.max_lines = 10000,
};

static int fuzz_valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned char c = *p;
		size_t k;
		uint32_t v, min;
		if (c < 0x80) {
			p++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			k = 1, v = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			k = 2, v = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			k = 3, v = c & 0x07, min = 0x10000;
		} else {
			return 0;
		}
		for (size_t j = 1; j <= k; j++) {
			if ((p[j] & 0xC0) != 0x80)
				return 0;
			v = v << 6 | (p[j] & 0x3F);
		}
		if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		p += k + 1;
	}
	return 1;
}

static void fuzz_check_table(const grid_doc *doc, const grid_table *t)
{
	char buf[256];
	REQUIRE(t->rows == 0 || t->cols > 0 || t->cells);
	REQUIRE(doc->kind != GRID_XLSX || t->name);
	REQUIRE(!t->name || fuzz_valid_utf8(t->name));
	for (uint32_t r = 1; r <= t->rows; r++) {
		for (uint32_t c = 1; c <= t->cols; c++) {
			const grid_cell *cell = grid_cell_at(t, r, c);
			REQUIRE(cell && cell->row == r && cell->col == c);
			REQUIRE(cell->text && fuzz_valid_utf8(cell->text));
			REQUIRE(!cell->raw || fuzz_valid_utf8(cell->raw));
			REQUIRE(!cell->formula || fuzz_valid_utf8(cell->formula));
			REQUIRE(cell->type <= GRID_UNCOMPUTED);
			REQUIRE(cell->type != GRID_BLANK || cell->text[0] == '\0');
			const grid_cell *anchor = grid_value_at(t, r, c);
			REQUIRE(anchor && !grid_is_covered(anchor));
			REQUIRE(anchor->row <= r && r < anchor->row + anchor->row_span);
			REQUIRE(anchor->col <= c && c < anchor->col + anchor->col_span);
			REQUIRE(anchor->row + anchor->row_span - 1 <= t->rows);
			REQUIRE(anchor->col + anchor->col_span - 1 <= t->cols);
			if (grid_is_covered(cell))
				REQUIRE(cell->col_span == 0 &&
				        (cell->row != anchor->row || cell->col != anchor->col));
			else
				REQUIRE(anchor == cell && cell->row_span >= 1 &&
				        cell->col_span >= 1);
			if (doc->kind == GRID_TEXT)
				REQUIRE(cell->line >= 1 && cell->column >= 1);
			size_t n = grid_cell_position(doc, t, cell, buf, sizeof buf);
			REQUIRE(n > 0 && strlen(buf) < sizeof buf);
		}
	}
	if (t->rows && t->cols) {
		/* the label comparison on the first cell (utf8proc) */
		char *label = grid_label_normalize(t->cells[0].text);
		REQUIRE(label && fuzz_valid_utf8(label));
		REQUIRE(grid_label_equal(t->cells[0].text, t->cells[0].text));
		free(label);
	}
	REQUIRE(!grid_cell_at(t, 0, 1) && !grid_cell_at(t, t->rows + 1, 1) &&
	        !grid_cell_at(t, 1, t->cols + 1));
}

static void fuzz_check_document(grid_doc *doc, const grid_limits *lim)
{
	char buf[2048];
	REQUIRE(doc);
	REQUIRE(doc->kind <= GRID_TEXT);
	REQUIRE(doc->kind != GRID_UNKNOWN || grid_has_errors(doc));
	REQUIRE(doc->problem_count <= 201);
	for (size_t i = 0; i < doc->problem_count; i++) {
		const grid_problem *p = &doc->problems[i];
		REQUIRE(p->level <= GRID_ERROR && p->message && p->message[0]);
		REQUIRE(fuzz_valid_utf8(p->message));
		REQUIRE(!p->where || fuzz_valid_utf8(p->where));
		REQUIRE(grid_problem_text(doc, p, buf, sizeof buf) > 0);
	}
	REQUIRE(doc->table_count <= lim->max_tables);
	REQUIRE(doc->line_count <= lim->max_lines);
	size_t cells = 0;
	for (size_t i = 0; i < doc->table_count; i++) {
		const grid_table *t = &doc->tables[i];
		REQUIRE((size_t)t->rows * t->cols <= lim->max_table_cells);
		cells += (size_t)t->rows * t->cols;
		fuzz_check_table(doc, t);
	}
	REQUIRE(cells <= lim->max_doc_cells);
	for (size_t i = 0; i < doc->line_count; i++) {
		REQUIRE(doc->lines[i].text && fuzz_valid_utf8(doc->lines[i].text));
		REQUIRE(i == 0 || doc->lines[i].number > doc->lines[i - 1].number);
		REQUIRE(grid_line_position(doc, &doc->lines[i], buf, sizeof buf) > 0);
	}
	grid_free(doc);
}

#endif
