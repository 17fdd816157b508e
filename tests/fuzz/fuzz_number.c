/*
 * fuzz_number — libFuzzer target for printed numbers (number.h) and the
 * decimal arithmetic done on them (decimal.h).
 *
 * The input is one printed number, or two separated by a newline.  Each is
 * parsed with number_parse; what parses goes through every decimal
 * operation, and the results are checked against properties that must
 * hold whatever the input (a formatted value reads back the same; a + b - b
 * is a; rounding moves a value by at most half a unit in the last place; a
 * plain ASCII decimal is a printed number too).  A violated property
 * aborts, so libFuzzer keeps the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_decimal.h"
#include "model_number.h"

#define REQUIRE(cond)                                                                   \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fprintf(stderr, "fuzz_number: invariant failed: %s (%s:%d)\n", \
			        #cond, __FILE__, __LINE__);                             \
			abort();                                                        \
		}                                                                       \
	} while (0)

static bool valid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned char c = p[i];
		size_t k;
		uint32_t v, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			k = 1, v = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			k = 2, v = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			k = 3, v = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if (i + k >= n)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((p[i + j] & 0xC0) != 0x80)
				return false;
			v = v << 6 | (p[i + j] & 0x3F);
		}
		if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return false;
		i += k + 1;
	}
	return true;
}

/* dec_format, then dec_parse: the same mantissa and scale. */
static void check_format(decimal d)
{
	char buf[DEC_BUFSIZE];
	size_t n = dec_format(d, buf);
	REQUIRE(n < DEC_BUFSIZE && strlen(buf) == n);
	decimal back;
	REQUIRE(dec_parse(buf, n, &back));
	REQUIRE(back.mant == d.mant && back.scale == d.scale);
	n = dec_format_trim(d, buf);
	REQUIRE(n < DEC_BUFSIZE && strlen(buf) == n);
	REQUIRE(dec_parse(buf, n, &back));
	REQUIRE(dec_cmp(back, d) == 0);
}

/* |a - r| <= 10^-places / 2, and r has at most `places` places. */
static void check_round(decimal a, int places)
{
	decimal r;
	if (!dec_round(a, places, &r))
		return;
	REQUIRE(r.scale <= (a.scale > places ? places : a.scale));
	decimal diff, half;
	if (!dec_sub(a, r, &diff))
		return;
	diff = dec_abs(diff);
	/* half a unit in the last place: 5 * 10^-(places + 1) */
	half.mant = 5;
	half.scale = places + 1;
	if (half.scale <= DEC_MAX_SCALE)
		REQUIRE(dec_cmp(diff, half) <= 0);
	check_format(r);
	decimal padded;
	if (dec_rescale(a, places, &padded)) {
		REQUIRE(padded.scale == places);
		check_format(padded);
	}
}

static void check_arithmetic(decimal a, decimal b)
{
	decimal s, d, m, q, back;
	if (dec_add(a, b, &s)) {
		check_format(s);
		REQUIRE(s.scale == (a.scale > b.scale ? a.scale : b.scale));
		if (dec_sub(s, b, &back))
			REQUIRE(dec_cmp(back, a) == 0);
	}
	if (dec_sub(a, b, &d)) {
		check_format(d);
		if (dec_add(d, b, &back))
			REQUIRE(dec_cmp(back, a) == 0);
	}
	REQUIRE(dec_cmp(a, b) == -dec_cmp(b, a));
	if (dec_mul(a, b, &m)) {
		check_format(m);
		if (dec_is_zero(a) || dec_is_zero(b))
			REQUIRE(dec_is_zero(m));
	}
	if (!dec_is_zero(b)) {
		for (int places = 0; places <= DEC_MAX_SCALE; places += 6)
			if (dec_div(a, b, places, &q)) {
				REQUIRE(q.scale == places);
				check_format(q);
			}
		if (dec_div_default(a, b, &q))
			check_format(q);
	} else {
		REQUIRE(!dec_div(a, b, 2, &q));
		REQUIRE(!dec_div_default(a, b, &q));
	}
}

static void check_one(decimal a)
{
	check_format(a);
	REQUIRE(a.scale >= 0 && a.scale <= DEC_MAX_SCALE);
	REQUIRE(dec_cmp(dec_neg(dec_neg(a)), a) == 0);
	REQUIRE(!dec_is_neg(dec_abs(a)));
	decimal n = dec_normalize(a);
	REQUIRE(dec_cmp(n, a) == 0);
	for (int places = 0; places <= DEC_MAX_SCALE; places++)
		check_round(a, places);
	for (int exp = -DEC_MAX_SCALE - 2; exp <= DEC_MAX_SCALE + 2; exp += 2) {
		decimal shifted, back;
		if (dec_shift(a, exp, &shifted)) {
			check_format(shifted);
			if (dec_shift(shifted, -exp, &back))
				REQUIRE(dec_cmp(back, a) == 0);
		}
	}
	/* Every currency to every other: exact, and back again. */
	static const int exps[] = { 0, 3, 4, 6, 8 };
	for (size_t i = 0; i < 5; i++)
		for (size_t j = 0; j < 5; j++) {
			decimal c, back;
			if (number_convert_currency(a, exps[i], exps[j], &c) &&
			    number_convert_currency(c, exps[j], exps[i], &back))
				REQUIRE(dec_cmp(back, a) == 0);
		}
	double v = dec_to_double(a);
	decimal from;
	if (dec_from_double(v, &from))
		check_format(from);
	check_arithmetic(a, a);
}

/* Parse one printed number and check what number_parse promises. */
static bool parse_printed(const char *s, size_t len, decimal *out)
{
	printed_number pn;
	memset(&pn, 0xA5, sizeof pn); /* poison: every field must be set */
	bool ok = number_parse(s, len, &pn);
	decimal plain;
	/* A plain decimal in ASCII ("383506.13", "-1") is a printed number,
	 * with the same value and no unit.  dec_parse takes any number of
	 * leading zeros; number_parse caps the length, so keep it short. */
	if (len <= 40 && dec_parse(s, len, &plain)) {
		REQUIRE(ok);
		REQUIRE(pn.unit[0] == '\0' && !pn.percent && pn.currency_exp == -1);
		REQUIRE(dec_cmp(pn.value, plain) == 0 && pn.value.scale == plain.scale);
	}
	if (!ok)
		return false;
	size_t ulen = strnlen(pn.unit, NUMBER_UNIT_MAX);
	REQUIRE(ulen < NUMBER_UNIT_MAX);
	REQUIRE(valid_utf8(pn.unit, ulen));
	REQUIRE(pn.percent == (strcmp(pn.unit, "%") == 0));
	REQUIRE(pn.currency_exp == number_currency_exp(pn.unit));
	REQUIRE(pn.value.scale >= 0 && pn.value.scale <= DEC_MAX_SCALE);
	/* A number that parsed is never read from text with a newline or
	 * NUL in it. */
	REQUIRE(memchr(s, '\n', len) == NULL && memchr(s, '\0', len) == NULL);
	*out = pn.value;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *newline = memchr(text, '\n', size);
	size_t first = newline ? (size_t)(newline - text) : size;
	decimal a, b;
	bool have_a = parse_printed(text, first, &a);
	bool have_b = false;
	if (newline)
		have_b = parse_printed(newline + 1, size - first - 1, &b);
	/* The whole input too: a newline inside makes it text. */
	decimal whole;
	REQUIRE(!(newline && parse_printed(text, size, &whole)));
	(void)whole;
	if (have_a)
		check_one(a);
	if (have_b)
		check_one(b);
	if (have_a && have_b) {
		check_arithmetic(a, b);
		check_arithmetic(b, a);
	}
	/* And the strict ASCII parser on its own. */
	decimal d;
	if (dec_parse(text, size, &d))
		check_one(d);
	return 0;
}
