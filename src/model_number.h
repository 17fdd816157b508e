/*
 * model_number — numbers as printed in Chinese reports (SPEC §1, "Numbers as
 * printed").
 *
 * Accepts what the documents really contain: "383,506.13", "383,506.13 万元",
 * "38.35亿元", "6.65%", full-width digits and punctuation ("３８３，５０６．１３",
 * "99.9％"), a space or none before the unit, an ideographic space, a leading
 * sign.  Refuses, as text and never as a silent number: "超过3400家", "约5万元",
 * "三十八万", "3400家以上", "5万元左右", "1.2.3", "1,23", an empty string.
 *
 * Knows nothing about YAML or Lua.
 */
#ifndef PEVCHECK_MODEL_NUMBER_H
#define PEVCHECK_MODEL_NUMBER_H

#include "base_decimal.h"

#define NUMBER_UNIT_MAX 32 /* bytes of UTF-8, NUL included */

typedef struct printed_number {
	decimal value;              /* the number as written, before any unit */
	char unit[NUMBER_UNIT_MAX]; /* the unit word after it, UTF-8, "" if none;
	                               "%" for both % and ％ */
	bool percent;               /* unit is a percent sign */
	int currency_exp;           /* for a currency unit: its power of ten in
	                               元 (元 0, 千元 3, 万元 4, 百万元 6, 亿元 8);
	                               -1 when the unit is not a currency */
} printed_number;

/* Parse a printed number.  True on success; false when the text is not a
 * number (then *out is unspecified). */
bool number_parse(const char *s, size_t len, printed_number *out);

/* The power of ten in 元 of a currency unit name ("万元" -> 4), or -1. */
int number_currency_exp(const char *unit);

/* Convert a value from one currency unit to another, exactly:
 * 72890 元 -> 7.289 万元.  False on overflow. */
bool number_convert_currency(decimal v, int from_exp, int to_exp, decimal *out);

#endif
