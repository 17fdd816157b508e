/*
 * Unit tests for load_yaml_hints.c: a YAML error at a bracket inside a flow
 * collection says to quote the value, naming it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "load_yaml_hints.h"

static const char *hint(const char *text, int line, int column, const char *problem)
{
	static char buf[512];
	return yaml_hint(text, strlen(text), line, column, problem, buf, sizeof buf);
}

static void test_path_with_an_index(void **state)
{
	(void)state;
	const char *text = "cases:\n  - {rule: a.b, path: facts.x[0].on}\n";
	const char *h = hint(text, 2, 30, "did not find expected ',' or '}'\n(while parsing a flow mapping)");
	assert_non_null(h);
	assert_string_equal(h, "hint: a value holding [ or { inside { } or [ ] needs quotes: path: \"facts.x[0].on\"");
}

static void test_columns_count_characters(void **state)
{
	(void)state;
	/* 超过 is two characters, six bytes: the column is the brace's */
	const char *text = "x: [{message: 超过 {n} 天}]\n";
	const char *h = hint(text, 1, 18, "while parsing a flow mapping");
	assert_non_null(h);
	assert_non_null(strstr(h, "message: \"超过 {n} 天\""));
	/* a value with a double quote gets single ones */
	h = hint("x: {m: a\"b[1]}\n", 1, 11, "while parsing a flow mapping");
	assert_non_null(h);
	assert_non_null(strstr(h, "m: 'a\"b[1]'"));
}

static void test_no_hint(void **state)
{
	(void)state;
	const char *text = "a: {b: c d}\nx: [1, 2\n";
	/* not at a bracket, not in a flow collection, past the text */
	assert_null(hint(text, 1, 10, "while parsing a flow mapping"));
	assert_null(hint(text, 1, 4, "mapping values are not allowed here"));
	assert_null(hint(text, 9, 1, "while parsing a flow sequence"));
	assert_null(hint(text, 1, 99, "while parsing a flow mapping"));
	/* a bracket without a key before it: the general hint */
	const char *h = hint("- [[1]\n", 1, 4, "while parsing a flow sequence");
	assert_non_null(h);
	assert_non_null(strstr(h, "such as path:"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_with_an_index),
		cmocka_unit_test(test_columns_count_characters),
		cmocka_unit_test(test_no_hint),
	};
	return cmocka_run_group_tests_name("load_yaml_hints", tests, NULL, NULL);
}
