/*
 * Unit tests for textwidth.c: terminal columns of UTF-8 text, and padding
 * by columns rather than bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_textwidth.h"

static void assert_width(const char *s, size_t expected)
{
	size_t w = text_width(s);
	if (w != expected)
		fail_msg("text_width(\"%s\") = %zu, expected %zu", s, w, expected);
}

static void test_ascii(void **state)
{
	(void)state;
	assert_width("", 0);
	assert_width("a", 1);
	assert_width("budget.nature.basic", 19);
	assert_width("94.57", 5);
	assert_width(" ", 1);
}

static void test_cjk(void **state)
{
	(void)state;
	assert_width("资产管理", 8);
	assert_width("优", 2);
	assert_width("管理效率/资产管理", 17);
	assert_width("扣0.5分", 7);
	assert_width("广州市黄埔区科学技术局", 22);
	/* Hangul and kana are wide too */
	assert_width("한국", 4);
	assert_width("カナ", 4);
}

static void test_full_width_punctuation(void **state)
{
	(void)state;
	assert_width("，", 2);
	assert_width("（）", 4);
	assert_width("“”", 2); /* ambiguous width: one column each */
	assert_width("。、：；", 8);
	assert_width("３８３，５０６．１３", 20);
	assert_width("99.9％", 6);
	assert_width("〔2020〕", 8);
	assert_width("\xe3\x80\x80", 2); /* ideographic space */
}

static void test_combining_marks(void **state)
{
	(void)state;
	/* e + combining acute: one column */
	assert_width("e\xcc\x81", 1);
	assert_width("Cafe\xcc\x81", 4);
	/* zero-width space and joiner take none */
	assert_width("a\xe2\x80\x8b" "b", 2);
	assert_width("a\xe2\x80\x8d" "b", 2);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* a byte that is not part of a valid character shows as \xHH */
	assert_width("\xff", 4);
	assert_width("a\xff" "b", 6);
	assert_width("\xc3\x28", 5);       /* bad continuation: \xc3 bad, '(' fine */
	assert_width("\xe8\xb5", 8);       /* truncated 资: two stray bytes */
	assert_width("\xe8\xb5资", 10);
	assert_width("\x80\x80\x80", 12); /* lone continuation bytes */
	assert_width("\xed\xa0\x80", 12); /* a surrogate is not a character */
	assert_width("\xc0\xaf", 8);       /* overlong '/' */
	assert_width("资\xff产", 8);
}

/* Print s with text_put (or text_wrap when wrap) into memory (static). */
static const char *shown(const char *s, bool wrap)
{
	static char out[512];
	FILE *f = fmemopen(out, sizeof out, "w");
	assert_non_null(f);
	if (wrap)
		text_wrap(f, s, 0, 4, 0);
	else
		text_put(f, s);
	assert_int_equal(fclose(f), 0);
	return out;
}

/* Data must not drive the terminal: no control character, C1 control,
 * bidirectional override or stray byte is printed as itself. */
static void test_controls_escaped(void **state)
{
	(void)state;
	assert_string_equal(shown("\033]0;pwned\a", false), "\\e]0;pwned\\x07");
	assert_string_equal(shown("a\rb\nc\td", false), "a\\rb\\nc\\td");
	assert_string_equal(shown("\x7f\x01\x1b[2J", false), "\\x7f\\x01\\e[2J");
	assert_string_equal(shown("x\xc2\x9by", false), "x\\u009by");           /* C1 CSI */
	assert_string_equal(shown("ab\xe2\x80\xae" "cd", false), "ab\\u202ecd");     /* RLO */
	assert_string_equal(shown("\xe2\x81\xa6\xe2\x80\xa8", false), "\\u2066\\u2028");
	assert_string_equal(shown("\x9b" "31m", false), "\\x9b31m");               /* raw C1 byte */
	assert_string_equal(shown("资产 ok", false), "资产 ok");
	/* in wrapped text a newline and a tab keep their meaning */
	assert_string_equal(shown("a\n\tb\rc\033", true), "a\n\tb\\rc\\e");
	assert_width("\033[31m", 6);
	char *v = text_visible("单位\033]0;x\a\n", false);
	assert_non_null(v);
	assert_string_equal(v, "单位\\e]0;x\\x07\\n");
	free(v);
	v = text_visible("line\n\tnext\r", true);
	assert_non_null(v);
	assert_string_equal(v, "line\n\tnext\\r");
	free(v);
}

/* Run a pad function into memory and return what it wrote (static). */
static const char *padded(void (*pad)(FILE *, const char *, size_t), const char *s,
                          size_t width)
{
	static char out[256];
	FILE *f = fmemopen(out, sizeof out, "w");
	assert_non_null(f);
	pad(f, s, width);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void test_pad(void **state)
{
	(void)state;
	assert_string_equal(padded(text_pad, "abc", 6), "abc   ");
	assert_string_equal(padded(text_pad, "资产管理", 10), "资产管理  ");
	assert_string_equal(padded(text_pad, "资产管理", 8), "资产管理");
	/* never truncates */
	assert_string_equal(padded(text_pad, "资产管理", 3), "资产管理");
	assert_string_equal(padded(text_pad, "", 3), "   ");
	assert_string_equal(padded(text_pad, "e\xcc\x81", 3), "e\xcc\x81  ");
	assert_string_equal(padded(text_pad, "x", 0), "x");
}

static void test_pad_left(void **state)
{
	(void)state;
	assert_string_equal(padded(text_pad_left, "9.5", 6), "   9.5");
	assert_string_equal(padded(text_pad_left, "优", 4), "  优");
	assert_string_equal(padded(text_pad_left, "管理效率", 7), "管理效率");
	assert_string_equal(padded(text_pad_left, "", 2), "  ");
	assert_string_equal(padded(text_pad_left, "\xff", 6), "  \\xff");
	assert_string_equal(padded(text_pad, "a\033", 5), "a\\e  ");
}

static void test_pad_columns_line_up(void **state)
{
	(void)state;
	/* a table: every row's second column starts at the same column */
	static const char *const names[] = { "预算编制", "资产管理", "运行成本（公用经费）", "x" };
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	assert_non_null(f);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		text_pad(f, names[i], 22);
		fputc('|', f);
		text_pad_left(f, "9.5", 6);
		fputc('\n', f);
	}
	assert_int_equal(fclose(f), 0);
	char *line = buf;
	int rows = 0;
	for (char *end; (end = strchr(line, '\n')) != NULL; line = end + 1) {
		*end = '\0';
		char *bar = strchr(line, '|');
		assert_non_null(bar);
		*bar = '\0';
		assert_int_equal(text_width(line), 22);
		assert_string_equal(bar + 1, "   9.5");
		rows++;
	}
	assert_int_equal(rows, 4);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_cjk),
		cmocka_unit_test(test_full_width_punctuation),
		cmocka_unit_test(test_combining_marks),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_controls_escaped),
		cmocka_unit_test(test_pad),
		cmocka_unit_test(test_pad_left),
		cmocka_unit_test(test_pad_columns_line_up),
	};
	return cmocka_run_group_tests_name("textwidth", tests, NULL, NULL);
}
