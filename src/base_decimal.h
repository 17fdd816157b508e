/*
 * base_decimal — exact decimal numbers for money and scores.
 *
 * A value is mant / 10^scale.  The scale is the number of decimal places the
 * value was written with and is kept through arithmetic, so "99.9" remembers
 * that it was printed to one place: that is the precision a printed rate or
 * total is checked at (SPEC §1, "Exactness").  Rounding is 四舍五入, half away
 * from zero, on the decimal value: 2.675 -> 2.68.
 *
 * Every operation that can overflow returns false and leaves *out untouched;
 * nothing here ever produces binary floating-point noise.
 *
 * Knows nothing about Lua, YAML or units (see model_number.h for printed numbers).
 */
#ifndef PEVCHECK_BASE_DECIMAL_H
#define PEVCHECK_BASE_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEC_MAX_SCALE 18 /* more places than any report prints */
#define DEC_DIV_SCALE 12 /* places kept by dec_div_default */
#define DEC_BUFSIZE 48   /* enough for any formatted decimal and its NUL */

typedef struct decimal {
	int64_t mant;
	int32_t scale; /* 0 .. DEC_MAX_SCALE */
} decimal;

static inline decimal dec_from_int(int64_t v)
{
	decimal d = { v, 0 };
	return d;
}

/* Strict ASCII syntax: optional sign, digits, optional '.' and digits
 * ("-12.340" keeps scale 3; ".5" and "5." are rejected).  No grouping
 * commas, units or exponents: those belong to model_number.h. */
bool dec_parse(const char *s, size_t len, decimal *out);

/* The shortest decimal that reads back as the same double (a rule's literal
 * 0.5 or 9.5 becomes exactly 0.5 or 9.5).  False for inf and nan. */
bool dec_from_double(double v, decimal *out);
double dec_to_double(decimal d);

/* Results keep the larger scale of the operands (mul: the sum of scales,
 * rounded half away from zero to DEC_MAX_SCALE when larger). */
bool dec_add(decimal a, decimal b, decimal *out);
bool dec_sub(decimal a, decimal b, decimal *out);
bool dec_mul(decimal a, decimal b, decimal *out);
/* a / b rounded half away from zero to `places` decimal places, computed
 * exactly (no intermediate rounding).  False when b is zero or on overflow. */
bool dec_div(decimal a, decimal b, int places, decimal *out);
/* a / b to DEC_DIV_SCALE places: what Decimal `/` in a rule gives.  A
 * quotient too large for that many places keeps as many as fit (a sum in 元
 * divided by a small number), so only a quotient beyond int64 is false. */
bool dec_div_default(decimal a, decimal b, decimal *out);

/* Round half away from zero to `places` places (0 .. DEC_MAX_SCALE).  When
 * the value already has fewer places it is returned unchanged, scale kept. */
bool dec_round(decimal a, int places, decimal *out);
/* Same value at exactly `places` places (pads zeros, or rounds). */
bool dec_rescale(decimal a, int places, decimal *out);
/* Drop trailing zeros of the fraction: 9.50 -> 9.5, 10.00 -> 10. */
decimal dec_normalize(decimal a);

/* Multiply by 10^exp (exp may be negative); the scale moves rather than the
 * digits where it can, so 38.35 * 10^4 = 383500 exactly. */
bool dec_shift(decimal a, int exp, decimal *out);

int dec_cmp(decimal a, decimal b); /* -1, 0, 1; by value, 9.5 == 9.50 */
static inline bool dec_is_zero(decimal d) { return d.mant == 0; }
static inline bool dec_is_neg(decimal d) { return d.mant < 0; }
decimal dec_abs(decimal a);
decimal dec_neg(decimal a);

/* Print with the value's own scale ("9.50").  Returns the length written
 * (buf must hold DEC_BUFSIZE). */
size_t dec_format(decimal d, char *buf);
/* Print without trailing fraction zeros ("9.5", "10"): the output form. */
size_t dec_format_trim(decimal d, char *buf);

#endif
