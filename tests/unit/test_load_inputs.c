/*
 * Unit tests for input_index.c: a unit's file for a year is found among
 * the inputs by its top-level unit: and year: lines (quoted or not, with
 * a comment after); the first of two files for the same unit and year
 * wins, as in input order; nothing is read until the first lookup, and a
 * missing unit, year or file gives NULL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load_files.h"
#include "load_inputs.h"

static char dir[64];
static char *files[6];

/* The first n files as a run's file list. */
static file_list list_of(size_t n)
{
	file_list l = { 0 };
	for (size_t i = 0; i < n; i++)
		file_list_add(&l, files[i]);
	return l;
}

static char found[4096];

static const char *find(input_index *index, const char *unit, long year)
{
	return input_index_find(index, unit, year, found, sizeof found);
}

static char *write_file(const char *name, const char *text)
{
	char *path = malloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/pevcheck-index-test.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	files[0] = write_file("a2022.yaml", "pev: 1\nkind: department\nunit: 甲单位\nyear: 2022\n");
	files[1] = write_file("a2021.yaml", "unit: \"甲单位\"   # quoted\nyear: 2021\n");
	files[2] = write_file("b2021.yaml", "unit: 乙单位\nyear: 2021 # a comment\n");
	files[3] = write_file("a2021-again.yaml", "unit: 甲单位\nyear: 2021\n");
	files[4] = write_file("no-year.yaml", "unit: 丙单位\n");
	files[5] = write_file("gone.yaml", "unit: 丁单位\nyear: 2021\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < 6; i++) {
		unlink(files[i]);
		free(files[i]);
	}
	rmdir(dir);
	return 0;
}

static void finds_the_unit_and_year(void **state)
{
	(void)state;
	file_list l = list_of(5);
	input_index *index = input_index_new(&l);
	assert_string_equal(find(index, "甲单位", 2021), files[1]);
	assert_string_equal(find(index, "甲单位", 2022), files[0]);
	assert_string_equal(find(index, "乙单位", 2021), files[2]);
	assert_null(find(index, "乙单位", 2020));
	assert_null(find(index, "丙单位", 2021));
	assert_null(find(index, "没有的单位", 2021));
	input_index_free(index);
	file_list_free(&l);
}

static void nothing_is_read_before_the_first_lookup(void **state)
{
	(void)state;
	file_list l = list_of(6);
	input_index *index = input_index_new(&l);
	/* made while gone.yaml exists, asked after it is gone: the build
	 * happens at the first lookup and skips what cannot be read */
	char *moved = write_file("moved.yaml", "");
	rename(files[5], moved);
	assert_null(find(index, "丁单位", 2021));
	rename(moved, files[5]);
	free(moved);
	input_index_free(index);
	file_list_free(&l);
}

static void no_index_finds_nothing(void **state)
{
	(void)state;
	assert_null(find(NULL, "甲单位", 2021));
	file_list none = { 0 };
	input_index *empty = input_index_new(&none);
	assert_null(find(empty, "甲单位", 2021));
	input_index_free(empty);
	input_index_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_the_unit_and_year),
		cmocka_unit_test(nothing_is_read_before_the_first_lookup),
		cmocka_unit_test(no_index_finds_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
