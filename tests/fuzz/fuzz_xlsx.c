/*
 * fuzz_xlsx — libFuzzer target for reading an Excel workbook: the input is
 * a whole file, given the name "fuzz.xlsx", through load_grid (load_zip,
 * load_xml, load_xlsx), with the checks of fuzz_grid.h.
 *
 * The seeds (tests/fuzz/corpus/fuzz_xlsx/) are small workbooks from
 * tests/forms/gen_forms.py stored without compression, so that mutations
 * reach the XML; libzip still checks each entry's CRC, but only after the
 * entry was parsed, so the parser sees the mutated XML.
 *
 * An input that does not start like a zip archive is also read as a stored
 * number and a number format, "VALUE\nCODE", for xlsx_format_number.
 */
#define FUZZ_NAME "fuzz_xlsx"
#include "fuzz_grid.h"
#include "load_xlsx.h"

static void check_number_format(const uint8_t *data, size_t size)
{
	char input[512], out[512];
	if (size >= sizeof input)
		return;
	memcpy(input, data, size);
	input[size] = '\0';
	char *code = strchr(input, '\n');
	if (code)
		*code++ = '\0';
	if (!fuzz_valid_utf8(code ? code : ""))
		return;
	bool is_date;
	for (int date1904 = 0; date1904 < 2; date1904++) {
		memset(out, 'x', sizeof out);
		if (xlsx_format_number(input, code, date1904, out, sizeof out, &is_date))
			REQUIRE(memchr(out, '\0', sizeof out) && fuzz_valid_utf8(out));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2 || data[0] != 'P' || data[1] != 'K')
		check_number_format(data, size);
	fuzz_check_document(grid_open_buffer(data, size, "fuzz.xlsx", &fuzz_limits), &fuzz_limits);
	return 0;
}
