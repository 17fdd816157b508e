/*
 * fuzz_text — libFuzzer target for reading a text or Markdown export: the
 * input is a whole file, read as "fuzz.txt" and as "fuzz.csv", through
 * load_grid (load_text: encodings, lines, tab and pipe tables, CSV
 * records over lines), with the checks of
 * fuzz_grid.h; every text cell must also lie on a line of the file.
 */
#define FUZZ_NAME "fuzz_text"
#include "fuzz_grid.h"

static void read_as(const uint8_t *data, size_t size, const char *name)
{
	grid_doc *doc = grid_open_buffer(data, size, name, &fuzz_limits);
	if (doc->kind == GRID_TEXT) {
		uint32_t last = doc->line_count ? doc->lines[doc->line_count - 1].number : 0;
		for (size_t i = 0; i < doc->table_count; i++) {
			const grid_table *t = &doc->tables[i];
			REQUIRE(t->number == i + 1 && t->line >= 1 && t->line <= last);
			for (size_t k = 0; k < (size_t)t->rows * t->cols; k++)
				REQUIRE(t->cells[k].line >= t->line && t->cells[k].line <= last);
		}
	}
	fuzz_check_document(doc, &fuzz_limits);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_as(data, size, "fuzz.txt");
	read_as(data, size, "fuzz.csv"); /* the same bytes as comma-separated values */
	return 0;
}
