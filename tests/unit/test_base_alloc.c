/*
 * Unit tests for base_alloc.c: xstrdup keeps NULL, ARRAY_GROW grows an
 * array keeping what it holds, a string list owns copies and sorts them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"

static void test_xstrdup(void **state)
{
	(void)state;
	assert_null(xstrdup(NULL));
	char source[] = "资产";
	char *copy = xstrdup(source);
	assert_ptr_not_equal(copy, source);
	assert_string_equal(copy, "资产");
	free(copy);
}

static void test_array_grow(void **state)
{
	(void)state;
	int *items = NULL;
	size_t count = 0, capacity = 0;
	for (int i = 0; i < 1000; i++) {
		ARRAY_GROW(items, count, capacity);
		assert_true(capacity > count);
		items[count++] = i;
	}
	for (int i = 0; i < 1000; i++)
		assert_int_equal(items[i], i);
	assert_true(capacity >= 1000 && capacity < 2000);
	free(items);
}

static void test_array_grow_to_need(void **state)
{
	(void)state;
	size_t capacity = 0;
	char *bytes = array_grow(NULL, &capacity, 100, 1);
	assert_true(capacity >= 100);
	memset(bytes, 'x', 100);
	free(bytes);
}

static void test_string_list(void **state)
{
	(void)state;
	string_list l = { 0 };
	char word[8];
	strcpy(word, "b");
	string_list_add(&l, word);
	strcpy(word, "c");
	string_list_add(&l, word);
	string_list_add(&l, "a");
	assert_int_equal(l.count, 3);
	assert_string_equal(l.items[0], "b"); /* a copy, not the buffer */
	string_list_sort(&l);
	assert_string_equal(l.items[0], "a");
	assert_string_equal(l.items[1], "b");
	assert_string_equal(l.items[2], "c");
	string_list_free(&l);
	assert_null(l.items);
	assert_int_equal(l.count, 0);
	string_list_free(&l); /* twice is harmless */
}

static void test_memstream(void **state)
{
	(void)state;
	char *data = NULL;
	size_t size = 0;
	FILE *f = xopen_memstream(&data, &size);
	fputs("规则", f);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(data, "规则");
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xstrdup),
		cmocka_unit_test(test_array_grow),
		cmocka_unit_test(test_array_grow_to_need),
		cmocka_unit_test(test_string_list),
		cmocka_unit_test(test_memstream),
	};
	return cmocka_run_group_tests_name("alloc", tests, NULL, NULL);
}
