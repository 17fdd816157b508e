/*
 * base_decimal — exact decimal numbers for money and scores (see base_decimal.h).
 *
 * Mantissas are kept within -INT64_MAX .. INT64_MAX (never INT64_MIN), so
 * negation and absolute value are always exact.  Intermediate results are
 * computed in __int128, which holds the product of any two mantissas and any
 * mantissa times 10^18, so overflow is detected before anything is stored.
 */
#include "base_decimal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef __int128 wide;

/* Largest value an __int128 holds: 2^127 - 1. */
#define WIDE_MAX ((wide)(((unsigned __int128)1 << 127) - 1))

/* 10^n for 0 <= n <= 38, the largest power of ten an __int128 holds. */
static wide pow10_wide(int n)
{
	wide p = 1;
	while (n-- > 0)
		p *= 10;
	return p;
}

static bool scale_valid(int scale)
{
	return scale >= 0 && scale <= DEC_MAX_SCALE;
}

static bool valid(decimal d)
{
	return d.mant != INT64_MIN && scale_valid(d.scale);
}

/* The one place a wide result becomes a decimal: refuses what does not fit. */
static bool store(wide mant, int scale, decimal *out)
{
	if (mant > INT64_MAX || mant < -(wide)INT64_MAX)
		return false;
	out->mant = (int64_t)mant;
	out->scale = scale;
	return true;
}

/* v / divisor rounded half away from zero; divisor > 0. */
static wide divide_rounded(wide v, wide divisor)
{
	wide quotient = v / divisor;
	wide remainder = v % divisor;
	if (remainder < 0)
		remainder = -remainder;
	/* remainder >= divisor / 2, written so that nothing is doubled */
	if (remainder >= divisor - remainder)
		quotient += v < 0 ? -1 : 1;
	return quotient;
}

/* Both mantissas at the larger scale, ready to add or compare. */
static int align(decimal a, decimal b, wide *a_mant, wide *b_mant)
{
	int scale = a.scale > b.scale ? a.scale : b.scale;
	*a_mant = (wide)a.mant * pow10_wide(scale - a.scale);
	*b_mant = (wide)b.mant * pow10_wide(scale - b.scale);
	return scale;
}

bool dec_parse(const char *s, size_t len, decimal *out)
{
	size_t i = 0;
	bool negative = false;
	if (s == NULL)
		return false;
	if (i < len && (s[i] == '-' || s[i] == '+')) {
		negative = s[i] == '-';
		i++;
	}
	wide mant = 0;
	int scale = 0;
	size_t integer_digits = 0;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, integer_digits++) {
		mant = mant * 10 + (s[i] - '0');
		if (mant > INT64_MAX)
			return false;
	}
	if (integer_digits == 0)
		return false;
	if (i < len && s[i] == '.') {
		i++;
		size_t fraction_digits = 0;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, fraction_digits++) {
			if (scale == DEC_MAX_SCALE)
				return false;
			mant = mant * 10 + (s[i] - '0');
			scale++;
			if (mant > INT64_MAX)
				return false;
		}
		if (fraction_digits == 0)
			return false;
	}
	if (i != len)
		return false;
	return store(negative ? -mant : mant, scale, out);
}

/* "1.5e-05", "-0", "1e+20": what printf's %g produces. */
static bool parse_general(const char *text, decimal *out)
{
	const char *exponent_mark = strchr(text, 'e');
	size_t mantissa_len = exponent_mark ? (size_t)(exponent_mark - text) : strlen(text);
	decimal mantissa;
	if (!dec_parse(text, mantissa_len, &mantissa))
		return false;
	if (exponent_mark == NULL) {
		*out = mantissa;
		return true;
	}
	char *end;
	long exponent = strtol(exponent_mark + 1, &end, 10);
	if (*end != '\0' || exponent > 40 || exponent < -40)
		return false;
	return dec_shift(mantissa, (int)exponent, out);
}

bool dec_from_double(double v, decimal *out)
{
	if (!isfinite(v))
		return false;
	char text[64];
	/* The shortest precision that reads back as the same double is the
	 * decimal the writer of the literal meant: 0.1, not 0.1000000000000000055. */
	for (int precision = 1; precision <= 17; precision++) {
		snprintf(text, sizeof text, "%.*g", precision, v);
		if (strtod(text, NULL) == v)
			break;
	}
	return parse_general(text, out);
}

double dec_to_double(decimal d)
{
	/* strtod rounds correctly; dividing by a power of ten would not for
	 * mantissas beyond 2^53. */
	char text[DEC_BUFSIZE];
	dec_format(d, text);
	return strtod(text, NULL);
}

bool dec_add(decimal a, decimal b, decimal *out)
{
	if (!valid(a) || !valid(b))
		return false;
	wide a_mant, b_mant;
	int scale = align(a, b, &a_mant, &b_mant);
	return store(a_mant + b_mant, scale, out);
}

bool dec_sub(decimal a, decimal b, decimal *out)
{
	if (!valid(a) || !valid(b))
		return false;
	wide a_mant, b_mant;
	int scale = align(a, b, &a_mant, &b_mant);
	return store(a_mant - b_mant, scale, out);
}

bool dec_mul(decimal a, decimal b, decimal *out)
{
	if (!valid(a) || !valid(b))
		return false;
	wide product = (wide)a.mant * b.mant;
	int scale = a.scale + b.scale;
	if (scale <= DEC_MAX_SCALE)
		return store(product, scale, out);
	/* More places than a decimal keeps: round to DEC_MAX_SCALE, and when the
	 * value is too large for that many, keep fewer -- but never fewer than
	 * either operand was written with, so no written precision is lost. */
	int floor_scale = a.scale > b.scale ? a.scale : b.scale;
	for (int places = DEC_MAX_SCALE; places >= floor_scale; places--) {
		if (store(divide_rounded(product, pow10_wide(scale - places)), places, out))
			return true;
	}
	return false;
}

bool dec_div(decimal a, decimal b, int places, decimal *out)
{
	if (!valid(a) || !valid(b) || !scale_valid(places) || b.mant == 0)
		return false;
	/* result = a.mant * 10^(places + b.scale - a.scale) / b.mant, rounded once
	 * on the exact integer remainder. */
	int exponent = places + b.scale - a.scale;
	wide numerator = a.mant;
	wide denominator = b.mant;
	if (exponent >= 0) {
		wide factor = pow10_wide(exponent);
		/* A numerator beyond __int128 means a quotient beyond int64 too,
		 * since |b.mant| < 2^63. */
		if (numerator > WIDE_MAX / factor || numerator < -(WIDE_MAX / factor))
			return false;
		numerator *= factor;
	} else {
		denominator *= pow10_wide(-exponent);
	}
	if (denominator < 0) {
		denominator = -denominator;
		numerator = -numerator;
	}
	return store(divide_rounded(numerator, denominator), places, out);
}

bool dec_div_default(decimal a, decimal b, decimal *out)
{
	if (!valid(a) || !valid(b) || b.mant == 0)
		return false;
	/* Only overflow is left to fail; a large quotient fits with fewer places. */
	for (int places = DEC_DIV_SCALE; places >= 0; places--)
		if (dec_div(a, b, places, out))
			return true;
	return false;
}

bool dec_round(decimal a, int places, decimal *out)
{
	if (!valid(a) || !scale_valid(places))
		return false;
	if (a.scale <= places) {
		*out = a;
		return true;
	}
	wide rounded = divide_rounded(a.mant, pow10_wide(a.scale - places));
	return store(rounded, places, out);
}

bool dec_rescale(decimal a, int places, decimal *out)
{
	if (!valid(a) || !scale_valid(places))
		return false;
	if (a.scale >= places)
		return dec_round(a, places, out);
	return store((wide)a.mant * pow10_wide(places - a.scale), places, out);
}

decimal dec_normalize(decimal a)
{
	if (a.mant == 0) {
		a.scale = 0;
		return a;
	}
	while (a.scale > 0 && a.mant % 10 == 0) {
		a.mant /= 10;
		a.scale--;
	}
	return a;
}

bool dec_shift(decimal a, int exp, decimal *out)
{
	if (!valid(a))
		return false;
	long long scale = (long long)a.scale - exp;
	if (a.mant == 0) {
		/* Zero is zero at any power of ten; keep what places fit. */
		scale = scale < 0 ? 0 : scale > DEC_MAX_SCALE ? DEC_MAX_SCALE : scale;
		return store(0, (int)scale, out);
	}
	if (scale > DEC_MAX_SCALE) {
		/* Trailing zeros carry no value; dropping them may make room. */
		a = dec_normalize(a);
		scale = (long long)a.scale - exp;
		if (scale > DEC_MAX_SCALE)
			return false;
	}
	if (scale >= 0)
		return store(a.mant, (int)scale, out);
	/* Any nonzero mantissa times 10^19 or more is beyond int64. */
	if (scale < -DEC_MAX_SCALE)
		return false;
	return store((wide)a.mant * pow10_wide((int)-scale), 0, out);
}

int dec_cmp(decimal a, decimal b)
{
	wide a_mant, b_mant;
	align(a, b, &a_mant, &b_mant);
	return (a_mant > b_mant) - (a_mant < b_mant);
}

decimal dec_abs(decimal a)
{
	return a.mant < 0 ? dec_neg(a) : a;
}

decimal dec_neg(decimal a)
{
	/* Through uint64 so a hand-built INT64_MIN wraps instead of being
	 * undefined; this module never produces one. */
	a.mant = (int64_t)(0 - (uint64_t)a.mant);
	return a;
}

size_t dec_format(decimal d, char *buf)
{
	if (!scale_valid(d.scale)) {
		memcpy(buf, "invalid", sizeof "invalid");
		return sizeof "invalid" - 1;
	}
	uint64_t magnitude = d.mant < 0 ? 0 - (uint64_t)d.mant : (uint64_t)d.mant;
	char digits[24];
	int count = 0;
	do {
		digits[count++] = (char)('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude > 0);
	/* At least one digit before the point: 0.05, not .05. */
	while (count <= d.scale)
		digits[count++] = '0';
	size_t n = 0;
	if (d.mant < 0)
		buf[n++] = '-';
	for (int i = count - 1; i >= 0; i--) {
		buf[n++] = digits[i];
		if (i == d.scale && i > 0)
			buf[n++] = '.';
	}
	buf[n] = '\0';
	return n;
}

size_t dec_format_trim(decimal d, char *buf)
{
	return dec_format(dec_normalize(d), buf);
}
