/*
 * Unit tests for fmt_shared.c: text through an escape, bytes that are not
 * UTF-8 as U+FFFD; amounts grouped by thousands; a data file's lines split
 * where libyaml splits them, a long line cut around its column; the
 * ranking of a page (equal totals share a place, no total comes last).
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

#include "fmt_shared.h"

/* What f wrote: written to memory, returned malloc'd. */
typedef struct capture {
	char *data;
	size_t size;
	FILE *f;
} capture;

static void capture_open(capture *c)
{
	c->data = NULL;
	c->f = open_memstream(&c->data, &c->size);
	assert_non_null(c->f);
}

static char *capture_close(capture *c)
{
	assert_int_equal(fclose(c->f), 0);
	return c->data;
}

static const char *angle_escape(int32_t cp, const char *next, const char *end, void *context)
{
	(void)next, (void)end, (void)context;
	return cp == '<' ? "&lt;" : NULL;
}

static void test_write_text(void **state)
{
	(void)state;
	capture c;
	capture_open(&c);
	const char text[] = "a<b \xE8\xA7\x84\xFF\xC0\xAF\xED\xA0\x80";
	fmt_write_text(c.f, text, sizeof text - 1, angle_escape, NULL);
	char *out = capture_close(&c);
	/* 规 stays; a stray byte, an overlong and a surrogate: U+FFFD a byte */
	assert_string_equal(out, "a&lt;b 规\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	                         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	free(out);
}

static void test_amount(void **state)
{
	(void)state;
	capture c;
	capture_open(&c);
	decimal d;
	assert_true(dec_parse("-1234567.50", 11, &d));
	fmt_amount(c.f, d);
	fputc(' ', c.f);
	assert_true(dec_parse("999", 3, &d));
	fmt_amount(c.f, d);
	char *out = capture_close(&c);
	assert_string_equal(out, "-1,234,567.50 999");
	free(out);
}

static void test_source_lines_and_window(void **state)
{
	(void)state;
	char path[] = "/tmp/pevcheck-fmt-shared.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("\xEF\xBB\xBF" "one\r\ntwo\xC2\x85three\n", f);
	for (int i = 0; i < 2000; i++)
		fputc('x', f);
	fclose(f);
	fmt_source s = { 0 };
	fmt_source_load(&s, path);
	unlink(path);
	fmt_window w;
	assert_true(fmt_source_window(&s, 1, 0, &w));
	assert_int_equal(w.length, 3); /* the byte order mark is not in line 1 */
	assert_memory_equal(w.text, "one", 3);
	assert_true(fmt_source_window(&s, 3, 0, &w));
	assert_memory_equal(w.text, "three", 5); /* NEL ended line 2 */
	assert_true(fmt_source_window(&s, 4, 1000, &w));
	assert_int_equal(w.length, 2000);
	assert_true(w.from > 0 && w.from < 1000 && w.to > 1000 && w.to < 2000);
	assert_false(fmt_source_window(&s, 6, 0, &w));
	fmt_source_clear(&s);
}

static doc_result *scored(const char *file, const char *total)
{
	doc_result *r = result_new(file, 0);
	if (total) {
		r->has_total_computed = true;
		assert_true(dec_parse(total, strlen(total), &r->total_computed));
	}
	return r;
}

static void test_ranking(void **state)
{
	(void)state;
	fmt_page *page = fmt_page_new();
	const char *totals[] = { "80", NULL, "90", "80", "70" };
	for (size_t i = 0; i < 5; i++) {
		doc_result *r = scored("a.yaml", totals[i]);
		assert_int_equal(fmt_page_add(page, r), i + 1);
		result_free(r);
	}
	fmt_ranked *ranked = fmt_page_ranking(page);
	size_t numbers[] = { 3, 1, 4, 5, 2 }, ranks[] = { 1, 2, 2, 4, 0 };
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(ranked[i].doc->number, numbers[i]);
		assert_int_equal(ranked[i].rank, ranks[i]);
	}
	free(ranked);
	fmt_page_free(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_text),
		cmocka_unit_test(test_amount),
		cmocka_unit_test(test_source_lines_and_window),
		cmocka_unit_test(test_ranking),
	};
	return cmocka_run_group_tests_name("fmt_shared", tests, NULL, NULL);
}
