/*
 * fuzz_text — libFuzzer target for reading a text or Markdown export: the
 * input is a whole file, given the name "fuzz.txt", through load_grid
 * (load_text: encodings, lines, tab and pipe tables), with the checks of
 * fuzz_grid.h; every text cell must also lie on a line of the file.
 */
#define FUZZ_NAME "fuzz_text"
#include "fuzz_grid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	grid_doc *doc = grid_open_buffer(data, size, "fuzz.txt", &fuzz_limits);
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
	return 0;
}
