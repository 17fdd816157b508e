/*
 * Unit tests for number.c: numbers as printed, units, currency conversion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "model_number.h"

static const struct {
	const char *text;
	const char *value; /* dec_format, with the scale as written */
	const char *unit;
	bool percent;
	int currency_exp;
} accepted[] = {
	{ "3400", "3400", "", false, -1 },
	{ "383,506.13", "383506.13", "", false, -1 },
	{ "383,506.13 万元", "383506.13", "万元", false, 4 },
	{ "38.35亿元", "38.35", "亿元", false, 8 },
	{ "6.65%", "6.65", "%", true, -1 },
	{ "99.9％", "99.9", "%", true, -1 },
	{ "100 %", "100", "%", true, -1 },
	{ "３８３，５０６．１３", "383506.13", "", false, -1 },
	{ "３８３,５０６.１３万元", "383506.13", "万元", false, 4 },
	{ "１２３４", "1234", "", false, -1 },
	{ "-5", "-5", "", false, -1 },
	{ "+5", "5", "", false, -1 },
	{ "－0.05", "-0.05", "", false, -1 },
	{ "＋12", "12", "", false, -1 },
	{ "  42  ", "42", "", false, -1 },
	{ "\u300042\u3000", "42", "", false, -1 },
	{ "\u00a042\u00a0元", "42", "元", false, 0 },
	{ "42\u3000家", "42", "家", false, -1 },
	{ "72890元", "72890", "元", false, 0 },
	{ "2,289.3 千元", "2289.3", "千元", false, 3 },
	{ "1.5百万元", "1.5", "百万元", false, 6 },
	{ "5万", "5", "万", false, -1 },
	{ "5亿", "5", "亿", false, -1 },
	{ "3400家", "3400", "家", false, -1 },
	{ "6 次", "6", "次", false, -1 },
	{ "2200篇", "2200", "篇", false, -1 },
	{ "12人", "12", "人", false, -1 },
	{ "3个", "3", "个", false, -1 },
	{ "4项", "4", "项", false, -1 },
	{ "0.5分", "0.5", "分", false, -1 },
	{ "30天", "30", "天", false, -1 },
	{ "1.2万人次", "1.2", "万人次", false, -1 },
	{ "500元/人", "500", "元/人", false, -1 },
	{ "12km", "12", "km", false, -1 },
	{ "1,234,567", "1234567", "", false, -1 },
	{ "1，234，567", "1234567", "", false, -1 },
	{ "0.000", "0.000", "", false, -1 },
	{ "007", "7", "", false, -1 },
	{ "-0", "0", "", false, -1 },
	{ "123,456", "123456", "", false, -1 },
	{ "1,000.5", "1000.5", "", false, -1 },
};

static const char *const rejected[] = {
	"",
	"   ",
	"\u3000",
	"-",
	"＋",
	"超过3400家",
	"约5万元",
	"近100人",
	"逾3000家",
	"三十八万",
	"3400家以上",
	"50人以下",
	"5万元左右",
	"100余人",
	"100多人",
	"3天内",
	"5天以内",
	"5万元以上",
	"5%以上",
	"1.2.3",
	"1,23",
	"12,3456",
	"1234,567",
	"0,123",
	"1,234,",
	"1,234，567",
	",123",
	"1.234,5",
	"5.",
	".5",
	"．5",
	"- 5",
	"--5",
	"5%%",
	"5％元",
	"5 万 元",
	"5万3千",
	"5十万元",
	"5m2",
	"5个１",
	"5家。",
	"5（万元）",
	"5/",
	"5元/",
	"1\n2",
	"12\n",
	"12\t",
	"1e5",
	"0x10",
	"abc",
	"\xff",
	"12\xe4\xb8",
	"\xc0\xb1",
	"\xed\xa0\x80",
	"99999999999999999999",
	"0.0000000000000000001",
	"5家家家家家家家家家家家家",
};

static void test_accepted_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
		printed_number number;
		const char *text = accepted[i].text;
		if (!number_parse(text, strlen(text), &number))
			fail_msg("refused \"%s\"", text);
		char buf[DEC_BUFSIZE];
		dec_format(number.value, buf);
		if (strcmp(buf, accepted[i].value) != 0)
			fail_msg("\"%s\": value %s, expected %s", text, buf, accepted[i].value);
		if (strcmp(number.unit, accepted[i].unit) != 0)
			fail_msg("\"%s\": unit \"%s\", expected \"%s\"", text, number.unit,
			         accepted[i].unit);
		if (number.percent != accepted[i].percent)
			fail_msg("\"%s\": percent %d", text, number.percent);
		if (number.currency_exp != accepted[i].currency_exp)
			fail_msg("\"%s\": currency_exp %d, expected %d", text, number.currency_exp,
			         accepted[i].currency_exp);
	}
}

static void test_rejected_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rejected / sizeof rejected[0]; i++) {
		printed_number number;
		if (number_parse(rejected[i], strlen(rejected[i]), &number))
			fail_msg("accepted \"%s\" as a number", rejected[i]);
	}
}

static void test_embedded_nul_is_text(void **state)
{
	(void)state;
	printed_number number;
	assert_false(number_parse("12\0" "34", 5, &number));
	assert_false(number_parse(NULL, 0, &number));
}

static void test_length_is_respected(void **state)
{
	(void)state;
	printed_number number;
	/* only the first five bytes are the value */
	assert_true(number_parse("12.5%以上", 5, &number));
	assert_true(number.percent);
	assert_int_equal(number.value.mant, 125);
}

static void test_unit_length_limit(void **state)
{
	(void)state;
	printed_number number;
	/* ten three-byte characters: 30 bytes, just fits with the NUL */
	const char *fits = "5家家家家家家家家家家";
	assert_true(number_parse(fits, strlen(fits), &number));
	assert_int_equal(strlen(number.unit), NUMBER_UNIT_MAX - 2);
	const char *letters = "5abcdefghijklmnopqrstuvwxyzabcde";
	assert_true(number_parse(letters, strlen(letters), &number));
	assert_int_equal(strlen(number.unit), NUMBER_UNIT_MAX - 1);
	const char *too_long = "5abcdefghijklmnopqrstuvwxyzabcdef";
	assert_false(number_parse(too_long, strlen(too_long), &number));
}

static void test_currency_exp(void **state)
{
	(void)state;
	assert_int_equal(number_currency_exp("元"), 0);
	assert_int_equal(number_currency_exp("千元"), 3);
	assert_int_equal(number_currency_exp("万元"), 4);
	assert_int_equal(number_currency_exp("百万元"), 6);
	assert_int_equal(number_currency_exp("亿元"), 8);
	assert_int_equal(number_currency_exp("万"), -1);
	assert_int_equal(number_currency_exp("亿"), -1);
	assert_int_equal(number_currency_exp("家"), -1);
	assert_int_equal(number_currency_exp(""), -1);
	assert_int_equal(number_currency_exp(NULL), -1);
}

static void assert_converted(const char *text, int to_exp, const char *expected)
{
	printed_number number;
	assert_true(number_parse(text, strlen(text), &number));
	decimal converted;
	assert_true(number_convert_currency(number.value, number.currency_exp, to_exp,
	                                    &converted));
	char buf[DEC_BUFSIZE];
	dec_format_trim(converted, buf);
	assert_string_equal(buf, expected);
}

static void test_convert_currency(void **state)
{
	(void)state;
	assert_converted("72890元", 4, "7.289");
	assert_converted("38.35亿元", 4, "383500");
	assert_converted("383,506.13 万元", 8, "38.350613");
	assert_converted("383,506.13万元", 0, "3835061300");
	assert_converted("2,289.3 千元", 4, "228.93");
	assert_converted("1.5百万元", 4, "150");
	assert_converted("5万元", 4, "5");

	/* exact, not approximately equal */
	printed_number number;
	assert_true(number_parse("72890元", strlen("72890元"), &number));
	decimal converted;
	assert_true(number_convert_currency(number.value, 0, 4, &converted));
	decimal expected = { 7289, 3 };
	assert_int_equal(dec_cmp(converted, expected), 0);
}

static void test_convert_currency_refuses(void **state)
{
	(void)state;
	decimal out;
	assert_false(number_convert_currency(dec_from_int(5), -1, 4, &out));
	assert_false(number_convert_currency(dec_from_int(5), 4, -1, &out));
	assert_false(number_convert_currency(dec_from_int(INT64_MAX / 10), 8, 0, &out));
	decimal fine = { 1, 15 };
	assert_false(number_convert_currency(fine, 0, 8, &out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted_forms),
		cmocka_unit_test(test_rejected_forms),
		cmocka_unit_test(test_embedded_nul_is_text),
		cmocka_unit_test(test_length_is_respected),
		cmocka_unit_test(test_unit_length_limit),
		cmocka_unit_test(test_currency_exp),
		cmocka_unit_test(test_convert_currency),
		cmocka_unit_test(test_convert_currency_refuses),
	};
	return cmocka_run_group_tests_name("number", tests, NULL, NULL);
}
