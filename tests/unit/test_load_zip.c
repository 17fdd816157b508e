/*
 * Unit tests for load_zip.c: entries read from a workbook of
 * tests/forms/gen_forms.py, names compared as OPC compares them, every limit
 * (entries, bytes per entry and in total, compression ratio), and the
 * archives refused: OLE compound files with advice by extension, truncated,
 * not zip at all, encrypted, a name climbing out, a name twice, a bomb, a
 * header that lies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "forms_fixture.h"
#include "load_zip.h"

typedef struct collected {
	char *data;
	size_t length, capacity, chunks, stop_after;
} collected;

static bool collect(void *ctx, const char *data, size_t length)
{
	collected *c = ctx;
	if (c->length + length + 1 > c->capacity)
		c->data = array_grow(c->data, &c->capacity, c->length + length + 1, 1);
	memcpy(c->data + c->length, data, length);
	c->length += length;
	c->data[c->length] = '\0';
	return ++c->chunks != c->stop_after;
}

/* A generated form's bytes (malloc'd). */
static char *form_bytes(const char *name, size_t *size)
{
	char *data = fs_read_file(form_path(name), 0, 1u << 30, size, NULL);
	assert_non_null(data);
	return data;
}

static void reads_entries_by_their_opc_names(void **state)
{
	(void)state;
	size_t size;
	char *data = form_bytes("national-langfang-2019.xlsx", &size);
	char error[512];
	zipr *z = zipr_open(data, size, "x.xlsx", NULL, error, sizeof error);
	assert_non_null(z);
	assert_true(zipr_has(z, "xl/workbook.xml"));
	assert_true(zipr_has(z, "XL/Workbook.XML")); /* part names ignore case */
	assert_false(zipr_has(z, "xl/workbook"));
	collected c = { 0 };
	assert_int_equal(zipr_read(z, "xl/workbook.xml", collect, &c, error, sizeof error), 0);
	assert_string_equal(error, "");
	assert_memory_equal(c.data, "<?xml", 5);
	assert_non_null(strstr(c.data, "<sheet name=\"自评表\""));
	free(c.data);
	assert_int_equal(zipr_read(z, "xl/nothing.xml", collect, &c, error, sizeof error), -1);
	assert_string_equal(error, "missing from the zip archive");
	/* a sink that stops: -1 with no error of the archive's */
	collected stop = { .stop_after = 1 };
	assert_int_equal(zipr_read(z, "xl/sharedStrings.xml", collect, &stop, error, sizeof error),
	                 -1);
	assert_string_equal(error, "");
	free(stop.data);
	zipr_close(z);
	free(data);
}

static void keeps_its_limits(void **state)
{
	(void)state;
	size_t size;
	char *data = form_bytes("national-langfang-2019.xlsx", &size);
	char error[512];
	grid_limits lim = grid_limits_default;
	lim.max_entries = 3;
	assert_null(zipr_open(data, size, NULL, &lim, error, sizeof error));
	assert_string_equal(error, "the zip archive has 7 entries, more than the limit of 3");

	lim = grid_limits_default;
	lim.max_entry_bytes = 100;
	zipr *z = zipr_open(data, size, NULL, &lim, error, sizeof error);
	assert_non_null(z);
	collected c = { 0 };
	assert_int_equal(zipr_read(z, "xl/worksheets/sheet1.xml", collect, &c, error, sizeof error),
	                 -1);
	assert_non_null(strstr(error, "bytes uncompressed, more than the limit of 100 (a zip bomb?)"));
	assert_null(c.data); /* refused before a byte was inflated */
	zipr_close(z);

	/* the total counts every entry read: the workbook fits, then the
	 * sheet does not */
	lim = grid_limits_default;
	z = zipr_open(data, size, NULL, &lim, error, sizeof error);
	assert_int_equal(zipr_read(z, "xl/workbook.xml", collect, &c, error, sizeof error), 0);
	zipr_close(z);
	lim.max_total_bytes = c.length + 10;
	free(c.data);
	c = (collected){ 0 };
	z = zipr_open(data, size, NULL, &lim, error, sizeof error);
	assert_int_equal(zipr_read(z, "xl/workbook.xml", collect, &c, error, sizeof error), 0);
	assert_int_equal(zipr_read(z, "xl/worksheets/sheet1.xml", collect, &c, error, sizeof error),
	                 -1);
	assert_non_null(strstr(error, "the entries read come to more than the limit of"));
	free(c.data);
	zipr_close(z);
	free(data);
}

static void refuses_compound_files_with_advice(void **state)
{
	(void)state;
	size_t size;
	char *data = form_bytes("hostile-old.xls", &size);
	char error[512];
	assert_true(zipr_is_compound_file(data, size));
	assert_false(zipr_is_compound_file(data, 7));
	assert_null(zipr_open(data, size, "2022 自评表.xls", NULL, error, sizeof error));
	assert_non_null(strstr(error, "Excel 97-2003 workbook (.xls) or a password-protected"));
	assert_non_null(strstr(error, "save it as .xlsx without a password"));
	assert_null(zipr_open(data, size, "自评表.XLSX", NULL, error, sizeof error));
	assert_non_null(strstr(error, "save it as .xlsx without a password"));
	assert_null(zipr_open(data, size, "报告.docx", NULL, error, sizeof error));
	assert_non_null(strstr(error, "save it as .docx without a password"));
	assert_null(zipr_open(data, size, "报告.bin", NULL, error, sizeof error));
	assert_non_null(strstr(error, "save it as .xlsx or .docx without a password"));
	assert_null(zipr_open(data, size, NULL, NULL, error, sizeof error));
	assert_non_null(strstr(error, "Office 97-2003 file"));
	free(data);

	/* through grid_open: the same advice, the file as a whole */
	grid_doc *doc = open_form("hostile-encrypted.docx");
	assert_int_equal(doc->kind, GRID_UNKNOWN);
	assert_int_equal(doc->problem_count, 1);
	assert_null(doc->problems[0].where);
	assert_non_null(strstr(doc->problems[0].message, ".docx without a password"));
	grid_free(doc);
}

static void refuses_damaged_and_forged_archives(void **state)
{
	(void)state;
	static const struct {
		const char *file, *message;
	} at_open[] = {
		{ "hostile-truncated.xlsx", "the zip archive is cut short" },
		{ "hostile-plain.zip", NULL },
		{ "hostile-encrypted-entries.xlsx", "the zip archive is encrypted" },
		{ "hostile-zip-slip.xlsx", "an entry named \"../../evil.xml\"" },
		{ "hostile-duplicate.xlsx", "holds the entry \"XL/workbook.xml\" twice" },
	};
	char error[512];
	for (size_t i = 0; i < sizeof at_open / sizeof *at_open; i++) {
		size_t size;
		char *data = form_bytes(at_open[i].file, &size);
		zipr *z = zipr_open(data, size, at_open[i].file, NULL, error, sizeof error);
		if (!at_open[i].message) {
			assert_non_null(z); /* a sound archive, just not a form */
			zipr_close(z);
		} else if (z || !strstr(error, at_open[i].message)) {
			fail_msg("%s: \"%s\", want \"%s\"", at_open[i].file, z ? "opened" : error,
			         at_open[i].message);
		}
		free(data);
	}
	assert_null(zipr_open("hello", 5, "a.xlsx", NULL, error, sizeof error));
	assert_non_null(strstr(error, "not a zip archive"));

	/* what only reading shows */
	static const struct {
		const char *file, *message;
	} at_read[] = {
		{ "hostile-bomb-ratio.xlsx", "more than the limit of 200 (a zip bomb?)" },
		{ "hostile-bomb-size.xlsx", "bytes uncompressed, more than the limit of 67108864" },
		{ "hostile-lying-size.xlsx", "holds more data than the zip archive declares" },
	};
	for (size_t i = 0; i < sizeof at_read / sizeof *at_read; i++) {
		size_t size;
		char *data = form_bytes(at_read[i].file, &size);
		zipr *z = zipr_open(data, size, NULL, NULL, error, sizeof error);
		assert_non_null(z);
		collected c = { 0 };
		assert_int_equal(zipr_read(z, "xl/worksheets/sheet1.xml", collect, &c, error,
		                           sizeof error),
		                 -1);
		if (!strstr(error, at_read[i].message))
			fail_msg("%s: \"%s\", want \"%s\"", at_read[i].file, error, at_read[i].message);
		assert_true(c.length <= 101); /* at most the declared size and one byte */
		free(c.data);
		zipr_close(z);
		free(data);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_entries_by_their_opc_names),
		cmocka_unit_test(keeps_its_limits),
		cmocka_unit_test(refuses_compound_files_with_advice),
		cmocka_unit_test(refuses_damaged_and_forged_archives),
	};
	return cmocka_run_group_tests(tests, forms_setup, forms_teardown);
}
