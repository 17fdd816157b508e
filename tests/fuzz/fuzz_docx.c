/*
 * fuzz_docx — libFuzzer target for reading a Word document: the input is a
 * whole file, given the name "fuzz.docx", through load_grid (load_zip,
 * load_xml, load_docx), with the checks of fuzz_grid.h.
 *
 * The seeds (tests/fuzz/corpus/fuzz_docx/) are small documents from
 * tests/forms/gen_forms.py stored without compression, so that mutations
 * reach the XML (see fuzz_xlsx.c).
 */
#define FUZZ_NAME "fuzz_docx"
#include "fuzz_grid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_check_document(grid_open_buffer(data, size, "fuzz.docx", &fuzz_limits), &fuzz_limits);
	return 0;
}
