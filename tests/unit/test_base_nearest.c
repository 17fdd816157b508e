/*
 * Unit tests for base_nearest.c: the edits between two names, and which of
 * a list a misspelt name was meant to be.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "base_nearest.h"

static void test_distance(void **state)
{
	(void)state;
	assert_int_equal(nearest_distance("goal", "goal"), 0);
	assert_int_equal(nearest_distance("", "goal"), 4);
	assert_int_equal(nearest_distance("goal", ""), 4);
	assert_int_equal(nearest_distance("gaol", "goal"), 1); /* a swap is one edit */
	assert_int_equal(nearest_distance("actul", "actual"), 1);
	assert_int_equal(nearest_distance("kitten", "sitting"), 3);
	assert_int_equal(nearest_distance("registraton-late", "registration-late"), 1);
}

static void test_distance_counts_characters_not_bytes(void **state)
{
	(void)state;
	/* one Chinese character replaced is one edit, not three bytes */
	assert_int_equal(nearest_distance("资产管理", "资产登记"), 2);
	assert_int_equal(nearest_distance("管理效率/资产管理", "管理效率/资产管里"), 1);
	/* a broken UTF-8 byte is a character of its own */
	assert_int_equal(nearest_distance("a\xff", "a"), 1);
}

static void test_nearest(void **state)
{
	(void)state;
	static const char *const fields[] = { "name", "target", "actual", "goal", "goal_unit",
		                              "met", "reason" };
	size_t n = sizeof fields / sizeof *fields;
	assert_string_equal(nearest_name("gaol", fields, n), "goal");
	assert_string_equal(nearest_name("actaul", fields, n), "actual");
	assert_string_equal(nearest_name("resaon", fields, n), "reason");
	assert_string_equal(nearest_name("goal_units", fields, n), "goal_unit");
	/* nothing close: no guess */
	assert_null(nearest_name("satisfaction", fields, n));
	assert_null(nearest_name("xy", fields, n));
	/* the word itself is no suggestion */
	assert_null(nearest_name("goal", (const char *const[]){ "goal" }, 1));
	assert_null(nearest_name("goal", fields, 0));
}

static void test_nearest_ties_go_to_the_first(void **state)
{
	(void)state;
	static const char *const ids[] = { "a.bc", "a.bd" };
	assert_string_equal(nearest_name("a.bx", ids, 2), "a.bc");
}

static void test_long_names_are_cut_not_overrun(void **state)
{
	(void)state;
	char a[400], b[400];
	memset(a, 'x', sizeof a - 1);
	a[sizeof a - 1] = '\0';
	memcpy(b, a, sizeof b);
	b[300] = 'y'; /* past NEAREST_MAX_CHARS: not seen */
	assert_int_equal(nearest_distance(a, b), 0);
	b[3] = 'y';
	assert_int_equal(nearest_distance(a, b), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_distance_counts_characters_not_bytes),
		cmocka_unit_test(test_nearest),
		cmocka_unit_test(test_nearest_ties_go_to_the_first),
		cmocka_unit_test(test_long_names_are_cut_not_overrun),
	};
	return cmocka_run_group_tests_name("nearest", tests, NULL, NULL);
}
