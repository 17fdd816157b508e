/*
 * Unit tests for decimal.c: parsing, arithmetic, rounding, formatting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "base_decimal.h"

/* Parses text that must be a decimal; fails the test otherwise. */
static decimal parse(const char *text)
{
	decimal d = { 0, 0 };
	if (!dec_parse(text, strlen(text), &d))
		fail_msg("dec_parse refused \"%s\"", text);
	return d;
}

static void assert_format(decimal d, const char *expected)
{
	char buf[DEC_BUFSIZE];
	size_t len = dec_format(d, buf);
	assert_string_equal(buf, expected);
	assert_int_equal(len, strlen(expected));
}

static void assert_trim(decimal d, const char *expected)
{
	char buf[DEC_BUFSIZE];
	size_t len = dec_format_trim(d, buf);
	assert_string_equal(buf, expected);
	assert_int_equal(len, strlen(expected));
}

static void test_parse_keeps_scale(void **state)
{
	(void)state;
	decimal d = parse("-12.340");
	assert_int_equal(d.mant, -12340);
	assert_int_equal(d.scale, 3);
	d = parse("+7");
	assert_int_equal(d.mant, 7);
	assert_int_equal(d.scale, 0);
	d = parse("0.05");
	assert_int_equal(d.mant, 5);
	assert_int_equal(d.scale, 2);
	d = parse("-0");
	assert_int_equal(d.mant, 0);
	d = parse("9223372036854775807");
	assert_true(d.mant == INT64_MAX);
	d = parse("0.000000000000000001");
	assert_int_equal(d.mant, 1);
	assert_int_equal(d.scale, DEC_MAX_SCALE);
}

static void test_parse_uses_length_not_nul(void **state)
{
	(void)state;
	decimal d;
	assert_true(dec_parse("12.5xyz", 4, &d));
	assert_int_equal(d.mant, 125);
	assert_int_equal(d.scale, 1);
}

static void test_parse_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "-", "+", ".5", "5.", "1.2.3", "1,234", "1e5", " 5", "5 ", "5%",
		"--5", "+-5", "0x10", "abc", "9223372036854775808", "-9223372036854775808",
		"0.0000000000000000001", "１", "5.-1",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		decimal d = { 42, 1 };
		if (dec_parse(bad[i], strlen(bad[i]), &d))
			fail_msg("dec_parse accepted \"%s\"", bad[i]);
		/* *out is untouched on failure */
		assert_int_equal(d.mant, 42);
		assert_int_equal(d.scale, 1);
	}
	decimal d;
	assert_false(dec_parse(NULL, 0, &d));
}

static void test_format_own_scale(void **state)
{
	(void)state;
	assert_format(parse("9.50"), "9.50");
	assert_format(parse("-0.05"), "-0.05");
	assert_format(parse("0"), "0");
	assert_format(parse("0.00"), "0.00");
	assert_format(parse("-12.340"), "-12.340");
	assert_format(parse("383506.13"), "383506.13");
	assert_format(dec_from_int(-7), "-7");
	decimal smallest = { 1, DEC_MAX_SCALE };
	assert_format(smallest, "0.000000000000000001");
	decimal extreme = { -INT64_MAX, DEC_MAX_SCALE };
	assert_format(extreme, "-9.223372036854775807");
}

static void test_format_trim(void **state)
{
	(void)state;
	assert_trim(parse("9.50"), "9.5");
	assert_trim(parse("10.00"), "10");
	assert_trim(parse("-0.00"), "0");
	assert_trim(parse("-0.050"), "-0.05");
	assert_trim(parse("100"), "100");
	decimal negative_zero = { 0, 3 };
	assert_trim(dec_neg(negative_zero), "0");
}

static void test_normalize(void **state)
{
	(void)state;
	decimal d = dec_normalize(parse("10.00"));
	assert_int_equal(d.mant, 10);
	assert_int_equal(d.scale, 0);
	d = dec_normalize(parse("0.000"));
	assert_int_equal(d.mant, 0);
	assert_int_equal(d.scale, 0);
	d = dec_normalize(parse("100"));
	assert_int_equal(d.mant, 100); /* integer zeros are value, not places */
	assert_int_equal(d.scale, 0);
}

static void test_add_sub(void **state)
{
	(void)state;
	decimal sum;
	assert_true(dec_add(parse("0.1"), parse("0.2"), &sum));
	assert_trim(sum, "0.3");
	assert_true(dec_cmp(sum, parse("0.3")) == 0);
	assert_true(dec_add(parse("1.5"), parse("2.25"), &sum));
	assert_format(sum, "3.75");
	assert_true(dec_add(parse("45.07"), parse("49.5"), &sum));
	assert_format(sum, "94.57");
	decimal difference;
	assert_true(dec_sub(parse("383506.13"), parse("383193.53"), &difference));
	assert_format(difference, "312.60"); /* scale of the operands kept */
	assert_true(dec_sub(parse("1"), parse("1.25"), &difference));
	assert_format(difference, "-0.25");
}

static void test_add_sub_overflow(void **state)
{
	(void)state;
	decimal big = dec_from_int(INT64_MAX);
	decimal out = { 42, 1 };
	assert_false(dec_add(big, dec_from_int(1), &out));
	/* INT64_MIN is never produced: it has no negation */
	assert_false(dec_sub(dec_neg(big), dec_from_int(1), &out));
	/* aligning scales can overflow even when the value is small */
	assert_false(dec_add(dec_from_int(INT64_MAX / 10), parse("0.01"), &out));
	assert_int_equal(out.mant, 42);
	assert_int_equal(out.scale, 1);
	assert_true(dec_add(big, dec_from_int(-1), &out));
	assert_true(out.mant == INT64_MAX - 1);
}

static void test_mul(void **state)
{
	(void)state;
	decimal product;
	assert_true(dec_mul(parse("1.5"), parse("-2.25"), &product));
	assert_format(product, "-3.375");
	assert_true(dec_mul(parse("38.35"), dec_from_int(10000), &product));
	assert_trim(product, "383500");
	assert_true(dec_mul(parse("0.1"), parse("0.1"), &product));
	assert_format(product, "0.01");
}

static void test_mul_rounds_to_max_scale(void **state)
{
	(void)state;
	decimal product;
	/* 0.0000000005 * 0.0000000005 = 2.5e-19, rounded half away to 18 places */
	assert_true(dec_mul(parse("0.0000000005"), parse("0.0000000005"), &product));
	assert_int_equal(product.scale, DEC_MAX_SCALE);
	assert_int_equal(product.mant, 0);
	assert_true(dec_mul(parse("0.000000001"), parse("0.0000000015"), &product));
	assert_int_equal(product.mant, 2); /* 1.5e-18 -> 2e-18 */
	assert_true(dec_mul(parse("-0.000000001"), parse("0.0000000015"), &product));
	assert_int_equal(product.mant, -2);
	/* Two quotients multiplied: 24 places do not fit at 18 for a value of 50,
	 * so the result keeps as many places as fit, no fewer than the operands. */
	decimal rate = parse("99.918490125101");
	decimal half = parse("0.500000000000");
	assert_true(dec_mul(rate, half, &product));
	assert_true(product.scale >= 12);
	assert_trim(product, "49.9592450625505");
}

static void test_mul_overflow(void **state)
{
	(void)state;
	decimal out = { 42, 1 };
	assert_false(dec_mul(dec_from_int(INT64_MAX), dec_from_int(2), &out));
	assert_false(dec_mul(parse("10000000000"), parse("10000000000"), &out));
	assert_int_equal(out.mant, 42);
	assert_true(dec_mul(parse("1000000000"), parse("1000000000"), &out));
	assert_trim(out, "1000000000000000000");
}

static void test_div_exact_rounding(void **state)
{
	(void)state;
	decimal quotient, rate;
	/* 383193.53 / 383506.13 * 100 = 99.91849...% */
	assert_true(dec_div(parse("383193.53"), parse("383506.13"), DEC_DIV_SCALE, &quotient));
	assert_true(dec_mul(quotient, dec_from_int(100), &rate));
	decimal rounded;
	assert_true(dec_round(rate, 1, &rounded));
	assert_format(rounded, "99.9");
	assert_true(dec_round(rate, 3, &rounded));
	assert_format(rounded, "99.918");
	/* the same directly at the precision printed */
	assert_true(dec_div(parse("38319353"), parse("383506.13"), 1, &quotient));
	assert_format(quotient, "99.9");
	assert_true(dec_div(parse("38319353"), parse("383506.13"), 3, &quotient));
	assert_format(quotient, "99.918");
}

static void test_div_half_away_from_zero(void **state)
{
	(void)state;
	decimal quotient;
	assert_true(dec_div(dec_from_int(1), dec_from_int(8), 2, &quotient));
	assert_format(quotient, "0.13"); /* 0.125 */
	assert_true(dec_div(dec_from_int(-1), dec_from_int(8), 2, &quotient));
	assert_format(quotient, "-0.13");
	assert_true(dec_div(dec_from_int(1), dec_from_int(-8), 2, &quotient));
	assert_format(quotient, "-0.13");
	assert_true(dec_div(dec_from_int(-1), dec_from_int(-8), 2, &quotient));
	assert_format(quotient, "0.13");
	assert_true(dec_div(dec_from_int(2), dec_from_int(3), 4, &quotient));
	assert_format(quotient, "0.6667");
	assert_true(dec_div(dec_from_int(10), dec_from_int(4), 0, &quotient));
	assert_format(quotient, "3"); /* 2.5 */
	assert_true(dec_div(dec_from_int(1), dec_from_int(3), 0, &quotient));
	assert_format(quotient, "0");
	assert_true(dec_div(parse("7.5"), parse("0.25"), 2, &quotient));
	assert_format(quotient, "30.00");
}

static void test_div_errors(void **state)
{
	(void)state;
	decimal out = { 42, 1 };
	assert_false(dec_div(dec_from_int(1), dec_from_int(0), 2, &out));
	assert_false(dec_div(dec_from_int(1), parse("0.00"), 2, &out));
	assert_false(dec_div(dec_from_int(1), dec_from_int(1), -1, &out));
	assert_false(dec_div(dec_from_int(1), dec_from_int(1), DEC_MAX_SCALE + 1, &out));
	assert_false(dec_div(dec_from_int(INT64_MAX), parse("0.5"), 0, &out));
	assert_false(dec_div(dec_from_int(1000), parse("0.000000000000000001"), 18, &out));
	assert_int_equal(out.mant, 42);
	assert_int_equal(out.scale, 1);
	/* the largest exponent path: 1 / 9 at 18 places */
	assert_true(dec_div(dec_from_int(1), parse("9.000000000000000000"), 18, &out));
	assert_format(out, "0.111111111111111111");
}

static void test_div_default(void **state)
{
	(void)state;
	decimal quotient;
	assert_true(dec_div_default(dec_from_int(1), dec_from_int(3), &quotient));
	assert_int_equal(quotient.scale, DEC_DIV_SCALE);
	assert_format(quotient, "0.333333333333");
	/* 3,835,061,300 元 / 7 does not fit at 12 places: fewer are kept */
	assert_true(dec_div_default(dec_from_int(3835061300), dec_from_int(7), &quotient));
	assert_true(quotient.scale < DEC_DIV_SCALE);
	assert_trim(quotient, "547865900");
	assert_false(dec_div_default(dec_from_int(1), dec_from_int(0), &quotient));
	assert_false(dec_div_default(dec_from_int(INT64_MAX), parse("0.5"), &quotient));
}

static void test_round_half_away(void **state)
{
	(void)state;
	static const struct {
		const char *value;
		int places;
		const char *expected;
	} cases[] = {
		{ "2.675", 2, "2.68" },    { "-2.675", 2, "-2.68" },
		{ "2.665", 2, "2.67" },    { "2.674999", 2, "2.67" },
		{ "132.912067", 3, "132.912" }, { "0.5", 0, "1" },
		{ "-0.5", 0, "-1" },       { "0.49", 0, "0" },
		{ "-0.049", 1, "0.0" },    { "99.95", 1, "100.0" },
		{ "9.5", 3, "9.5" },       /* fewer places: unchanged, scale kept */
		{ "1.25", 2, "1.25" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		decimal rounded;
		assert_true(dec_round(parse(cases[i].value), cases[i].places, &rounded));
		char buf[DEC_BUFSIZE];
		dec_format(rounded, buf);
		if (strcmp(buf, cases[i].expected) != 0)
			fail_msg("round(%s, %d) = %s, expected %s", cases[i].value,
			         cases[i].places, buf, cases[i].expected);
	}
	decimal out;
	assert_false(dec_round(parse("1.5"), -1, &out));
	assert_false(dec_round(parse("1.5"), DEC_MAX_SCALE + 1, &out));
}

static void test_rescale(void **state)
{
	(void)state;
	decimal out;
	assert_true(dec_rescale(parse("9.5"), 2, &out));
	assert_format(out, "9.50");
	assert_true(dec_rescale(parse("2.675"), 2, &out));
	assert_format(out, "2.68");
	assert_true(dec_rescale(parse("7"), 0, &out));
	assert_format(out, "7");
	assert_false(dec_rescale(dec_from_int(INT64_MAX / 10), 2, &out));
}

static void test_shift(void **state)
{
	(void)state;
	decimal out;
	assert_true(dec_shift(parse("38.35"), 4, &out));
	assert_format(out, "383500");
	assert_int_equal(out.scale, 0);
	assert_true(dec_shift(parse("38.3506"), 2, &out));
	assert_format(out, "3835.06"); /* the point moves, digits stay */
	assert_true(dec_shift(dec_from_int(72890), -4, &out));
	assert_trim(out, "7.289");
	assert_true(dec_cmp(out, parse("7.289")) == 0);
	assert_true(dec_shift(parse("1.5"), 0, &out));
	assert_format(out, "1.5");
	assert_true(dec_shift(dec_from_int(0), -40, &out));
	assert_trim(out, "0");
	/* trailing zeros make room for places */
	assert_true(dec_shift(parse("1.000000000000000000"), -18, &out));
	assert_format(out, "0.000000000000000001");
	assert_false(dec_shift(parse("0.1"), -18, &out));
	assert_false(dec_shift(dec_from_int(1), 19, &out));
	assert_false(dec_shift(dec_from_int(10), 18, &out));
	assert_true(dec_shift(dec_from_int(1), 18, &out));
	assert_false(dec_shift(dec_from_int(1), INT32_MAX, &out));
	assert_false(dec_shift(dec_from_int(1), INT32_MIN, &out));
}

static void test_cmp(void **state)
{
	(void)state;
	assert_int_equal(dec_cmp(parse("9.5"), parse("9.50")), 0);
	assert_int_equal(dec_cmp(parse("9.49"), parse("9.5")), -1);
	assert_int_equal(dec_cmp(parse("-1"), parse("-1.01")), 1);
	assert_int_equal(dec_cmp(parse("0"), parse("-0.00")), 0);
	assert_int_equal(dec_cmp(dec_from_int(INT64_MAX), parse("0.000000000000000001")), 1);
}

static void test_abs_neg_predicates(void **state)
{
	(void)state;
	assert_format(dec_abs(parse("-3.20")), "3.20");
	assert_format(dec_abs(parse("3.20")), "3.20");
	assert_format(dec_neg(parse("3.20")), "-3.20");
	assert_format(dec_neg(parse("-3.20")), "3.20");
	assert_true(dec_is_zero(parse("0.00")));
	assert_false(dec_is_zero(parse("0.01")));
	assert_true(dec_is_neg(parse("-0.01")));
	assert_false(dec_is_neg(parse("-0")));
}

static void test_from_double_shortest(void **state)
{
	(void)state;
	static const struct {
		double value;
		const char *expected;
	} cases[] = {
		{ 0.1, "0.1" },     { 0.5, "0.5" },         { 9.5, "9.5" },
		{ -2.675, "-2.675" }, { 0.0, "0" },         { -0.0, "0" },
		{ 1e-05, "0.00001" }, { 123456789.0, "123456789" },
		{ 1e18, "1000000000000000000" }, { 0.30000000000000004, "0.30000000000000004" },
		{ 94.57, "94.57" }, { 1.5e-10, "0.00000000015" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		decimal d;
		assert_true(dec_from_double(cases[i].value, &d));
		char buf[DEC_BUFSIZE];
		dec_format(d, buf);
		if (strcmp(buf, cases[i].expected) != 0)
			fail_msg("dec_from_double(%.17g) = %s, expected %s", cases[i].value, buf,
			         cases[i].expected);
	}
}

static void test_from_double_refuses(void **state)
{
	(void)state;
	decimal d = { 42, 1 };
	assert_false(dec_from_double(1e20, &d));
	assert_false(dec_from_double(-1e20, &d));
	assert_false(dec_from_double(1e-19, &d));
	assert_false(dec_from_double(INFINITY, &d));
	assert_false(dec_from_double(-INFINITY, &d));
	assert_false(dec_from_double(NAN, &d));
	assert_int_equal(d.mant, 42);
	assert_int_equal(d.scale, 1);
}

static void test_to_double(void **state)
{
	(void)state;
	assert_true(dec_to_double(parse("0.1")) == 0.1);
	assert_true(dec_to_double(parse("-2.675")) == -2.675);
	assert_true(dec_to_double(parse("9223372036854775807")) == 9223372036854775807.0);
	assert_true(dec_to_double(parse("0.000000000000000001")) == 1e-18);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_keeps_scale),
		cmocka_unit_test(test_parse_uses_length_not_nul),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_format_own_scale),
		cmocka_unit_test(test_format_trim),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_add_sub),
		cmocka_unit_test(test_add_sub_overflow),
		cmocka_unit_test(test_mul),
		cmocka_unit_test(test_mul_rounds_to_max_scale),
		cmocka_unit_test(test_mul_overflow),
		cmocka_unit_test(test_div_exact_rounding),
		cmocka_unit_test(test_div_half_away_from_zero),
		cmocka_unit_test(test_div_errors),
		cmocka_unit_test(test_div_default),
		cmocka_unit_test(test_round_half_away),
		cmocka_unit_test(test_rescale),
		cmocka_unit_test(test_shift),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_abs_neg_predicates),
		cmocka_unit_test(test_from_double_shortest),
		cmocka_unit_test(test_from_double_refuses),
		cmocka_unit_test(test_to_double),
	};
	return cmocka_run_group_tests_name("decimal", tests, NULL, NULL);
}
