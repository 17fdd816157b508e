/*
 * grid_dump — print what load_grid reads from a file, one fact a line:
 * a test tool (built beside pevcheck as build/<variant>/grid_dump, never
 * installed), for tests/e2e/forms-read.sh, for replaying the fuzzers'
 * crashers in tests/e2e/hardening.sh, and for a look at a real form.
 *
 *   grid_dump FILE...
 *
 * Output, per file:
 *   file PATH kind xlsx|docx|text|unknown
 *   problem error|warning|note WHERE: MESSAGE
 *   table N name NAME rows R cols C [hidden] [parent P] [line L]
 *   cell POSITION type TYPE text "..." [raw "..."] [formula "..."]
 *        [span RxC] [covered-by POSITION] [hidden]      (blank cells left out,
 *                                                         covered ones kept)
 *   line POSITION "..."
 * Positions and problems are in the language pevcheck would use (base_i18n.h).
 * Exit status: 0 when read without a problem of level error, 1 otherwise.
 */
#include <stdio.h>
#include <string.h>

#include "base_i18n.h"
#include "load_grid.h"

static const char *kind_name(grid_kind k)
{
	switch (k) {
	case GRID_XLSX: return "xlsx";
	case GRID_DOCX: return "docx";
	case GRID_TEXT: return "text";
	default: return "unknown";
	}
}

static const char *type_name(grid_cell_type t)
{
	static const char *const names[] = { "blank", "string", "number", "boolean",
		                             "date",  "error",  "uncomputed" };
	return t <= GRID_UNCOMPUTED ? names[t] : "?";
}

static const char *level_name(grid_level l)
{
	return l == GRID_ERROR ? "error" : l == GRID_WARNING ? "warning" : "note";
}

/* s in double quotes, with \n, \t, \" and \\ escaped. */
static void quoted(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\t')
			fputs("\\t", stdout);
		else if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void dump_table(const grid_doc *doc, const grid_table *t)
{
	printf("table %u name %s rows %u cols %u", t->number, t->name ? t->name : "-", t->rows,
	       t->cols);
	if (t->hidden)
		fputs(" hidden", stdout);
	if (t->parent)
		printf(" parent %u", t->parent);
	if (t->line)
		printf(" line %u", t->line);
	putchar('\n');
	char pos[512];
	for (uint32_t r = 1; r <= t->rows; r++) {
		for (uint32_t c = 1; c <= t->cols; c++) {
			const grid_cell *cell = grid_cell_at(t, r, c);
			if (cell->type == GRID_BLANK && !grid_is_covered(cell) && !cell->formula &&
			    cell->row_span == 1 && cell->col_span == 1)
				continue;
			grid_cell_position(doc, t, cell, pos, sizeof pos);
			printf("cell %s type %s text ", pos, type_name(cell->type));
			quoted(cell->text);
			if (cell->raw) {
				fputs(" raw ", stdout);
				quoted(cell->raw);
			}
			if (cell->formula) {
				fputs(" formula ", stdout);
				quoted(cell->formula);
			}
			if (cell->row_span > 1 || cell->col_span > 1)
				printf(" span %ux%u", cell->row_span, cell->col_span);
			if (grid_is_covered(cell)) {
				grid_cell_position(doc, t, grid_value_at(t, r, c), pos, sizeof pos);
				printf(" covered-by %s", pos);
			}
			if (cell->hidden)
				fputs(" hidden", stdout);
			putchar('\n');
		}
	}
}

int main(int argc, char **argv)
{
	int status = 0;
	i18n_init(); /* positions and problems in the user's language, as pevcheck's */
	for (int i = 1; i < argc; i++) {
		grid_doc *doc = grid_open(argv[i], NULL);
		printf("file %s kind %s\n", doc->path, kind_name(doc->kind));
		for (size_t k = 0; k < doc->problem_count; k++) {
			const grid_problem *p = &doc->problems[k];
			printf("problem %s %s: %s\n", level_name(p->level), p->where ? p->where : "-",
			       p->message);
		}
		for (size_t k = 0; k < doc->table_count; k++)
			dump_table(doc, &doc->tables[k]);
		char pos[64];
		for (size_t k = 0; k < doc->line_count; k++) {
			grid_line_position(doc, &doc->lines[k], pos, sizeof pos);
			printf("line %s ", pos);
			quoted(doc->lines[k].text);
			putchar('\n');
		}
		if (grid_has_errors(doc))
			status = 1;
		grid_free(doc);
	}
	return status;
}
