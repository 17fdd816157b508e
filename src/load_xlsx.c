/*
 * load_xlsx — see load_xlsx.h.
 *
 * The workbook is read part by part: the workbook part (sheet names, order
 * and state, the date system), its relationships (which part is which
 * sheet), the shared strings, the styles (each cell format's number
 * format), then each worksheet into a sparse list of the cells that hold
 * something, which becomes the table's dense grid once the sheet's extent
 * is known.
 */
#include "load_xlsx.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base_alloc.h"
#include "base_i18n.h"
#include "load_xml.h"

/* Excel's own largest sheet. */
#define MAX_ROW 1048576u
#define MAX_COL 16384u
/* The longest number format code Excel accepts. */
#define MAX_FORMAT_CODE 255

/* UTF-8 of a code point into out (at least 4 bytes); its length. */
static size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * A string as Excel stores it, into the document's arena: "_xHHHH_" stands
 * for the character U+HHHH (how OOXML writes characters XML cannot hold;
 * Excel writes a cell's line break as "_x000D_\n").  Carriage returns are
 * dropped, so a line break is one "\n".
 */
static const char *intern_excel_string(grid_doc *doc, const char *s, size_t length)
{
	if (!memchr(s, '_', length) && !memchr(s, '\r', length))
		return grid_intern(doc, s, length);
	strbuf b = { 0 };
	for (size_t i = 0; i < length; i++) {
		unsigned cp;
		if (s[i] == '_' && i + 6 < length && s[i + 1] == 'x' && s[i + 6] == '_' &&
		    isxdigit((unsigned char)s[i + 2]) && isxdigit((unsigned char)s[i + 3]) &&
		    isxdigit((unsigned char)s[i + 4]) && isxdigit((unsigned char)s[i + 5]) &&
		    sscanf(s + i + 2, "%4x", &cp) == 1) {
			i += 6;
			if (cp == '\r' || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
				continue;
			char utf8[4];
			size_t n = utf8_encode(cp, utf8);
			strbuf_add(&b, utf8, n);
		} else if (s[i] != '\r') {
			strbuf_addc(&b, s[i]);
		}
	}
	const char *out = grid_intern(doc, strbuf_text(&b), b.length);
	free(b.s);
	return out;
}

/* --- numbers as decimal text ---------------------------------------------------- */

/* Significant digits kept from a stored number: Excel keeps 15, and its
 * files write at most 17. */
#define MAX_DIGITS 40
/* Excel's precision: what it shows is rounded to this many digits first. */
#define EXCEL_DIGITS 15

/* value = (neg ? -1 : 1) × 0.d[0]d[1]...d[n-1] × 10^exp; n = 0 is zero.
 * d holds no leading and no trailing zeros. */
typedef struct xnum {
	bool neg;
	int n, exp;
	char d[MAX_DIGITS];
} xnum;

static void xnum_trim(xnum *x)
{
	while (x->n > 0 && x->d[x->n - 1] == '0')
		x->n--;
	if (x->n == 0)
		x->neg = false, x->exp = 0;
}

/* "-12.5", "1.2E-3", "+7": the syntax of a stored number. */
static bool xnum_parse(const char *s, xnum *x)
{
	memset(x, 0, sizeof *x);
	const char *p = s;
	if (*p == '-' || *p == '+')
		x->neg = *p++ == '-';
	bool any = false, dot = false, leading = true;
	int exp = 0;
	for (;; p++) {
		if (*p >= '0' && *p <= '9') {
			any = true;
			if (leading && *p == '0') {
				if (dot)
					exp--;
				continue;
			}
			leading = false;
			if (x->n < MAX_DIGITS)
				x->d[x->n++] = *p;
			if (!dot)
				exp++;
		} else if (*p == '.' && !dot) {
			dot = true;
		} else {
			break;
		}
	}
	if (!any)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		bool negative = *p == '-';
		if (*p == '-' || *p == '+')
			p++;
		if (*p < '0' || *p > '9')
			return false;
		long e = 0;
		for (; *p >= '0' && *p <= '9'; p++)
			if ((e = e * 10 + (*p - '0')) > 10000)
				return false;
		exp += negative ? -(int)e : (int)e;
	}
	if (*p != '\0')
		return false;
	x->exp = exp;
	xnum_trim(x);
	/* Far past any double: not a number Excel could have stored. */
	return x->n == 0 || (x->exp >= -330 && x->exp <= 330);
}

/* Keep the first m significant digits, rounding half away from zero. */
static void xnum_round_at(xnum *x, int m)
{
	if (m >= x->n)
		return;
	if (m < 0) {
		x->n = 0;
		xnum_trim(x);
		return;
	}
	bool up = x->d[m] >= '5';
	x->n = m;
	if (up) {
		int i = m - 1;
		while (i >= 0 && x->d[i] == '9')
			x->d[i--] = '0';
		if (i >= 0) {
			x->d[i]++;
		} else { /* 9.99 -> 10: one digit, one place up */
			x->d[0] = '1';
			x->n = 1;
			x->exp++;
		}
	}
	xnum_trim(x);
}

/* Round to `places` decimal places. */
static void xnum_round_places(xnum *x, int places)
{
	if (x->n > 0)
		xnum_round_at(x, x->exp + places);
}

/* The digit standing for 10^power. */
static char xnum_digit(const xnum *x, int power)
{
	int i = x->exp - 1 - power;
	return i >= 0 && i < x->n ? x->d[i] : '0';
}

/* Decimal places the value needs (0 for an integer). */
static int xnum_places(const xnum *x)
{
	return x->n > x->exp ? x->n - x->exp : 0;
}

/* The digits of x, min_int integer digits at least (0: "0.5" is ".5"),
 * exactly `places` decimals, grouped by thousands when asked. */
static void put_fixed(strbuf *out, const xnum *x, int min_int, int places, bool group)
{
	int int_len = x->exp > 0 ? x->exp : 0;
	if (int_len < min_int)
		int_len = min_int;
	for (int p = int_len - 1; p >= 0; p--) {
		strbuf_addc(out, xnum_digit(x, p));
		if (group && p > 0 && p % 3 == 0)
			strbuf_addc(out, ',');
	}
	if (places > 0) {
		strbuf_addc(out, '.');
		for (int p = -1; p >= -places; p--)
			strbuf_addc(out, xnum_digit(x, p));
	}
}

/* d.dddE+XX with `places` decimals (as many as needed when places < 0)
 * and at least exp_digits exponent digits. */
static void put_scientific(strbuf *out, xnum x, int places, int exp_digits, bool exp_plus)
{
	if (x.n == 0) {
		put_fixed(out, &x, 1, places < 0 ? 0 : places, false);
		strbuf_add(out, exp_plus ? "E+" : "E", exp_plus ? 2 : 1);
		for (int i = 0; i < (exp_digits > 0 ? exp_digits : 1); i++)
			strbuf_addc(out, '0');
		return;
	}
	int e = x.exp - 1;
	x.exp = 1; /* 1 <= mantissa < 10 */
	if (places >= 0)
		xnum_round_places(&x, places);
	if (x.exp == 2) { /* 9.99 rounded to 10.0 */
		x.exp = 1;
		e++;
	}
	put_fixed(out, &x, 1, places >= 0 ? places : xnum_places(&x), false);
	char tail[48];
	int width = exp_digits < 1 ? 1 : exp_digits > 4 ? 4 : exp_digits;
	snprintf(tail, sizeof tail, "%s%0*d", e < 0 ? "-" : exp_plus ? "+" : "", width,
	         e < 0 ? -e : e);
	strbuf_addc(out, 'E');
	strbuf_add(out, tail, strlen(tail));
}

/*
 * General: 15 significant digits, no trailing zeros; scientific from 12
 * integer digits on, or below 1E-9, as Excel's General does.
 */
static void put_general(strbuf *out, xnum x)
{
	xnum_round_at(&x, EXCEL_DIGITS);
	if (x.n > 0 && (x.exp > 11 || x.exp < -8)) {
		put_scientific(out, x, -1, 2, true);
		return;
	}
	put_fixed(out, &x, 1, xnum_places(&x), false);
}

/* --- number format codes --------------------------------------------------------- */

/* Built-in formats: ECMA-376 Part 1 §18.8.30, with the zh-CN locale's
 * currency (5-8) and date (14, 22, 27-36, 50-58) codes. */
const char *xlsx_builtin_format(unsigned id)
{
	static const char *const builtin[59] = {
		[0] = "General",
		[1] = "0",
		[2] = "0.00",
		[3] = "#,##0",
		[4] = "#,##0.00",
		[5] = "\"¥\"#,##0;\"¥\"\\-#,##0",
		[6] = "\"¥\"#,##0;[Red]\"¥\"\\-#,##0",
		[7] = "\"¥\"#,##0.00;\"¥\"\\-#,##0.00",
		[8] = "\"¥\"#,##0.00;[Red]\"¥\"\\-#,##0.00",
		[9] = "0%",
		[10] = "0.00%",
		[11] = "0.00E+00",
		[12] = "# ?/?",
		[13] = "# ?\?/??",
		[14] = "yyyy/m/d",
		[15] = "d-mmm-yy",
		[16] = "d-mmm",
		[17] = "mmm-yy",
		[18] = "h:mm AM/PM",
		[19] = "h:mm:ss AM/PM",
		[20] = "h:mm",
		[21] = "h:mm:ss",
		[22] = "yyyy/m/d h:mm",
		[27] = "yyyy\"年\"m\"月\"",
		[28] = "m\"月\"d\"日\"",
		[29] = "m\"月\"d\"日\"",
		[30] = "m-d-yy",
		[31] = "yyyy\"年\"m\"月\"d\"日\"",
		[32] = "h\"时\"mm\"分\"",
		[33] = "h\"时\"mm\"分\"ss\"秒\"",
		[34] = "上午/下午h\"时\"mm\"分\"",
		[35] = "上午/下午h\"时\"mm\"分\"ss\"秒\"",
		[36] = "yyyy\"年\"m\"月\"",
		[37] = "#,##0 ;(#,##0)",
		[38] = "#,##0 ;[Red](#,##0)",
		[39] = "#,##0.00;(#,##0.00)",
		[40] = "#,##0.00;[Red](#,##0.00)",
		[41] = "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)",
		[42] = "_(\"¥\"* #,##0_);_(\"¥\"* \\(#,##0\\);_(\"¥\"* \"-\"_);_(@_)",
		[43] = "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)",
		[44] = "_(\"¥\"* #,##0.00_);_(\"¥\"* \\(#,##0.00\\);_(\"¥\"* \"-\"??_);_(@_)",
		[45] = "mm:ss",
		[46] = "[h]:mm:ss",
		[47] = "mmss.0",
		[48] = "##0.0E+0",
		[49] = "@",
		[50] = "yyyy\"年\"m\"月\"",
		[51] = "m\"月\"d\"日\"",
		[52] = "yyyy\"年\"m\"月\"",
		[53] = "m\"月\"d\"日\"",
		[54] = "m\"月\"d\"日\"",
		[55] = "上午/下午h\"时\"mm\"分\"",
		[56] = "上午/下午h\"时\"mm\"分\"ss\"秒\"",
		[57] = "yyyy\"年\"m\"月\"",
		[58] = "m\"月\"d\"日\"",
	};
	return id < sizeof builtin / sizeof *builtin ? builtin[id] : NULL;
}

/* Bytes of the UTF-8 sequence starting at s (1 for a stray byte). */
static size_t utf8_length(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 1;
	return n;
}

/* Split a format code into its sections (positive; negative; zero; text)
 * at semicolons outside quotes, brackets and escapes. */
static int split_sections(const char *code, const char *start[4], size_t length[4])
{
	int n = 0;
	const char *s = code;
	start[0] = s;
	for (; *s; s++) {
		if (*s == '"') {
			const char *q = strchr(s + 1, '"');
			s = q ? q : s + strlen(s) - 1;
		} else if (*s == '[') {
			const char *q = strchr(s + 1, ']');
			s = q ? q : s + strlen(s) - 1;
		} else if ((*s == '\\' || *s == '_' || *s == '*') && s[1]) {
			s += utf8_length(s + 1);
		} else if (*s == ';') {
			length[n] = (size_t)(s - start[n]);
			if (n == 3)
				return 4;
			start[++n] = s + 1;
		}
	}
	length[n] = (size_t)(s - start[n]);
	return n + 1;
}

/* What a date section shows: the date, the time, seconds. */
typedef struct date_parts {
	bool date, time, seconds;
} date_parts;

/* The date and time letters of a section outside quotes, escapes and
 * brackets ([h], [mm], [ss] elapsed-time brackets count as time). */
static date_parts date_letters(const char *s, size_t length)
{
	bool y = false, d = false, m = false, h = false, sec = false, ampm = false;
	for (size_t i = 0; i < length; i++) {
		char c = (char)tolower((unsigned char)s[i]);
		if (c == '"') {
			const char *q = memchr(s + i + 1, '"', length - i - 1);
			i = q ? (size_t)(q - s) : length;
		} else if (c == '[') {
			const char *q = memchr(s + i + 1, ']', length - i - 1);
			size_t end = q ? (size_t)(q - s) : length;
			char first = i + 1 < length ? (char)tolower((unsigned char)s[i + 1]) : 0;
			h |= first == 'h';
			sec |= first == 's';
			i = end;
		} else if ((c == '\\' || c == '_' || c == '*') && i + 1 < length) {
			i += utf8_length(s + i + 1);
		} else if (c == 'g' && length - i >= 7 && strncasecmp(s + i, "general", 7) == 0) {
			i += 6;
		} else if (c == 'a' && (strncasecmp(s + i, "am/pm", 5) == 0 ||
		                        strncasecmp(s + i, "a/p", 3) == 0)) {
			ampm = true;
			i += 2;
		} else {
			y |= c == 'y';
			d |= c == 'd';
			m |= c == 'm';
			h |= c == 'h';
			sec |= c == 's';
		}
	}
	date_parts parts = { y || d || (m && !h && !sec), h || sec || ampm, sec };
	return parts;
}

/* One section of a number format, read for a number. */
typedef struct number_section {
	strbuf prefix, suffix; /* literal text before and after the digits */
	int min_int;           /* '0's before the decimal point */
	int min_places, places; /* '0's after it, and all placeholders */
	bool group;            /* a ',' between integer placeholders */
	int scale;             /* ',' after the last one: ÷ 1000 each */
	int percent;           /* '%' signs: × 100 each */
	bool scientific, exp_plus;
	int exp_digits;
	bool general, fraction, digits;
} number_section;

static void literal(number_section *f, const char *s, size_t length)
{
	strbuf_add(f->digits ? &f->suffix : &f->prefix, s, length);
}

/*
 * The token of a format section at s[i] that shows as written or not at
 * all: a quoted string, an escaped character, padding (_x) and fill (*x),
 * a bracket ([Red], [>100], [DBNum1]; of [$¥-804] the currency sign).  The
 * index of its last byte, or i itself when s[i] starts none of these.
 */
static size_t literal_token(number_section *f, const char *s, size_t length, size_t i)
{
	char c = s[i];
	if (c == '"') {
		const char *q = memchr(s + i + 1, '"', length - i - 1);
		size_t end = q ? (size_t)(q - s) : length;
		literal(f, s + i + 1, end - i - 1);
		return end;
	}
	if (c == '\\' && i + 1 < length) {
		size_t n = utf8_length(s + i + 1);
		literal(f, s + i + 1, n);
		return i + n;
	}
	if ((c == '_' || c == '*') && i + 1 < length)
		return i + utf8_length(s + i + 1); /* no visible text */
	if (c == '[') {
		const char *q = memchr(s + i + 1, ']', length - i - 1);
		size_t end = q ? (size_t)(q - s) : length;
		if (i + 1 < end && s[i + 1] == '$') {
			const char *dash = memchr(s + i + 2, '-', end - i - 2);
			literal(f, s + i + 2, (size_t)((dash ? dash : s + end) - (s + i + 2)));
		}
		return end;
	}
	return i;
}

/* A digit placeholder (0, #, ?) where the reading has got to. */
static void placeholder(number_section *f, char c, bool in_places, bool in_exp,
                        int *pending_commas)
{
	if (in_exp) {
		f->exp_digits++;
	} else if (in_places) {
		f->places++;
		f->min_places += c == '0';
	} else {
		f->group |= *pending_commas > 0 && f->digits;
		*pending_commas = 0;
		f->min_int += c == '0';
	}
	f->digits = true;
}

static void read_section(number_section *f, const char *s, size_t length)
{
	memset(f, 0, sizeof *f);
	bool in_places = false, in_exp = false;
	int pending_commas = 0; /* a ',' after digits: grouping or ÷ 1000 */
	for (size_t i = 0; i < length; i++) {
		char c = s[i];
		size_t end = literal_token(f, s, length, i);
		if (end != i) {
			i = end;
		} else if (c == '0' || c == '#' || c == '?') {
			placeholder(f, c, in_places, in_exp, &pending_commas);
		} else if (c == '.' && !in_places && !in_exp) {
			f->scale += pending_commas;
			pending_commas = 0;
			in_places = f->digits = true;
		} else if (c == ',' && f->digits && !in_places && !in_exp) {
			pending_commas++;
		} else if (c == '%') {
			f->percent++;
			literal(f, "%", 1);
		} else if ((c == 'E' || c == 'e') && f->digits && i + 1 < length &&
		           (s[i + 1] == '+' || s[i + 1] == '-')) {
			f->scale += pending_commas;
			pending_commas = 0;
			f->scientific = in_exp = true;
			f->exp_plus = s[++i] == '+';
		} else if (c == '/') {
			f->fraction = true;
		} else if ((c == 'G' || c == 'g') && length - i >= 7 &&
		           strncasecmp(s + i, "general", 7) == 0) {
			f->general = f->digits = true;
			i += 6;
		} else if (c != '@') { /* "@", the text placeholder, shows nothing here */
			if (pending_commas && f->digits && !in_places) {
				f->scale += pending_commas;
				pending_commas = 0;
			}
			size_t n = utf8_length(s + i);
			literal(f, s + i, n);
			i += n - 1;
		}
	}
	f->scale += pending_commas;
}

/* Days from 1970-01-01 to a civil date (H. Hinnant's days_from_civil,
 * inverted): year, month, day of a day number. */
static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long long)yoe + era * 400 + (*m <= 2);
}

/*
 * A serial number as an ISO date and time.  The 1900 system counts 1 for
 * 1900-01-01 and, as Lotus 1-2-3 did, has a 29 February 1900 (serial 60);
 * the 1904 system counts 0 for 1904-01-01.  False outside 1900 to 9999,
 * where Excel shows ####.
 */
static bool put_date(strbuf *out, const char *value, bool date1904, date_parts parts)
{
	double v = strtod(value, NULL);
	if (!(v >= 0 && v < 2958466.0))
		return false;
	long long days = (long long)floor(v);
	long long seconds = llround((v - (double)days) * 86400.0);
	if (seconds >= 86400) {
		days++;
		seconds -= 86400;
	}
	char text[48];
	long long y;
	unsigned m, d;
	if (date1904) {
		civil_from_days(days - 24107, &y, &m, &d); /* 1904-01-01 is day -24107 */
	} else if (days == 0) {
		y = 1900, m = 1, d = 0; /* Excel shows serial 0 as 1900-01-00 */
	} else if (days == 60) {
		y = 1900, m = 2, d = 29;
	} else {
		civil_from_days(days - (days < 60 ? 25568 : 25569), &y, &m, &d);
	}
	if (y > 9999)
		return false;
	int n = 0;
	if (parts.date || !parts.time)
		n = snprintf(text, sizeof text, "%04lld-%02u-%02u", y, m, d);
	if (parts.time) {
		n += snprintf(text + n, sizeof text - (size_t)n, "%s%02lld:%02lld", n ? " " : "",
		              seconds / 3600, seconds / 60 % 60);
		if (parts.seconds)
			snprintf(text + n, sizeof text - (size_t)n, ":%02lld", seconds % 60);
	}
	strbuf_add(out, text, strlen(text));
	return true;
}

/* x shown under one number section; sign: print a minus sign (unless the
 * number rounds to zero: Excel shows "0.00", not "-0.00"). */
static void put_number(strbuf *out, const number_section *f, xnum x, bool sign)
{
	xnum_round_at(&x, EXCEL_DIGITS);
	if (!f->digits && f->prefix.length > 0) {
		/* Literal text only, such as the "-" accounting formats show for
		 * zero. */
		strbuf_add(out, strbuf_text(&f->prefix), f->prefix.length);
		return;
	}
	strbuf digits = { 0 };
	bool literals = true;
	if (f->fraction) {
		put_general(&digits, x); /* fractions: General, without their spacing */
		literals = false;
	} else if (!f->digits || f->general) {
		put_general(&digits, x); /* "@" on a number, and "General" itself */
	} else {
		if (x.n)
			x.exp += 2 * f->percent - 3 * f->scale;
		if (f->scientific) {
			put_scientific(&digits, x, f->places, f->exp_digits, f->exp_plus);
		} else {
			xnum_round_places(&x, f->places);
			int places = xnum_places(&x);
			put_fixed(&digits, &x, f->min_int,
			          places < f->min_places ? f->min_places : places, f->group);
		}
	}
	if (sign && x.n)
		strbuf_addc(out, '-');
	if (literals)
		strbuf_add(out, strbuf_text(&f->prefix), f->prefix.length);
	strbuf_add(out, strbuf_text(&digits), digits.length);
	if (literals)
		strbuf_add(out, strbuf_text(&f->suffix), f->suffix.length);
	free(digits.s);
}

bool xlsx_format_number(const char *value, const char *code, bool date1904, char *buf,
                        size_t size, bool *is_date)
{
	xnum x;
	*is_date = false;
	if (!xnum_parse(value, &x))
		return false;
	if (!code || strlen(code) > MAX_FORMAT_CODE)
		code = "General";
	const char *start[4];
	size_t length[4];
	int sections = split_sections(code, start, length);
	int k = 0;
	bool sign = x.neg;
	if (sections >= 3 && x.n == 0) {
		k = 2;
	} else if (sections >= 2 && x.neg) {
		k = 1; /* the negative section shows its own sign, if any */
		sign = false;
	}
	bool negative = x.neg;
	x.neg = false;
	strbuf out = { 0 };
	date_parts parts = date_letters(start[k], length[k]);
	if (length[k] == 0 && sections > 1) {
		/* an empty section ("0;-0;;@" for zero): nothing shown */
	} else if ((parts.date || parts.time) && !negative &&
	           put_date(&out, value, date1904, parts)) {
		*is_date = true;
	} else {
		/* A negative or out-of-range date shows as #### in Excel; the
		 * number is more use to the reader. */
		number_section f;
		if (parts.date || parts.time)
			read_section(&f, "General", 7);
		else
			read_section(&f, start[k], length[k]);
		put_number(&out, &f, x, sign);
		free(f.prefix.s);
		free(f.suffix.s);
	}
	snprintf(buf, size, "%s", strbuf_text(&out));
	free(out.s);
	return true;
}

/* --- relationships ---------------------------------------------------------------- */

typedef struct relationship {
	const char *id, *type, *target; /* target: the part's name in the archive */
} relationship;

typedef struct relationships {
	grid_doc *doc;
	const char *folder; /* of the part the relationships are of: "xl/" */
	relationship *items;
	size_t count, capacity;
} relationships;

/* folder + target, with "." and ".." resolved; "/xl/x.xml" is from the
 * archive's root.  Into the document's arena. */
static const char *resolve_target(grid_doc *doc, const char *folder, const char *target)
{
	strbuf path = { 0 };
	if (target[0] == '/')
		target++;
	else
		strbuf_add(&path, folder, strlen(folder));
	strbuf_add(&path, target, strlen(target));
	/* Resolve segment by segment into out. */
	strbuf out = { 0 };
	const char *s = strbuf_text(&path);
	while (*s) {
		size_t len = strcspn(s, "/");
		if (len == 2 && s[0] == '.' && s[1] == '.') {
			while (out.length > 0 && out.s[out.length - 1] != '/')
				out.length--;
			if (out.length > 0)
				out.length--; /* the slash before the dropped segment */
			while (out.length > 0 && out.s[out.length - 1] != '/')
				out.length--;
		} else if (!(len == 1 && s[0] == '.') && len > 0) {
			strbuf_add(&out, s, len);
			if (s[len] == '/')
				strbuf_addc(&out, '/');
		}
		s += len + (s[len] == '/');
	}
	const char *r = grid_intern(doc, strbuf_text(&out), out.length);
	free(path.s);
	free(out.s);
	return r;
}

static void on_relationship(void *ctx, xmlp *p, const char *name, const char **attrs)
{
	(void)p;
	relationships *r = ctx;
	if (strcmp(name, "Relationship") != 0)
		return;
	const char *id = xmlp_attr(attrs, "Id"), *type = xmlp_attr(attrs, "Type");
	const char *target = xmlp_attr(attrs, "Target"), *mode = xmlp_attr(attrs, "TargetMode");
	if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
		return;
	if (r->count >= 100000) {
		xmlp_fail(p, "%s", _("more than 100,000 relationships"));
		return;
	}
	ARRAY_GROW(r->items, r->count, r->capacity);
	relationship *rel = &r->items[r->count++];
	rel->id = grid_intern(r->doc, id, strlen(id));
	rel->type = grid_intern(r->doc, type, strlen(type));
	rel->target = resolve_target(r->doc, r->folder, target);
}

/* The relationship with this id, or NULL. */
static const relationship *find_relationship(const relationships *r, const char *id)
{
	for (size_t i = 0; id && i < r->count; i++)
		if (strcmp(r->items[i].id, id) == 0)
			return &r->items[i];
	return NULL;
}

/* The first relationship whose type ends with "/kind", or NULL. */
static const relationship *find_type(const relationships *r, const char *kind)
{
	size_t k = strlen(kind);
	for (size_t i = 0; i < r->count; i++) {
		size_t n = strlen(r->items[i].type);
		if (n > k && r->items[i].type[n - k - 1] == '/' &&
		    strcmp(r->items[i].type + n - k, kind) == 0)
			return &r->items[i];
	}
	return NULL;
}

/* --- the workbook ----------------------------------------------------------------- */

typedef struct sheet_entry {
	const char *name, *rid;
	bool hidden;
} sheet_entry;

typedef struct workbook {
	grid_doc *doc;
	zipr *zip;
	bool date1904;
	sheet_entry *sheets;
	size_t sheet_count, sheet_capacity;
	/* shared strings */
	const char **strings;
	size_t string_count, string_capacity, string_bytes;
	bool strings_lost; /* the part could not be read: said once */
	/* styles: each cell format's number format id, and the custom codes */
	uint32_t *xf_formats;
	size_t xf_count, xf_capacity;
	struct custom_format {
		uint32_t id;
		const char *code;
	} *formats;
	size_t format_count, format_capacity;
	/* parsing state shared by the parts' handlers */
	strbuf text;
	int depth_in; /* sheets, si, cellXfs: 1 while inside */
	bool in_run_text, in_phonetic;
} workbook;

static bool is_true(const char *v)
{
	return v && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0);
}

static void on_workbook(void *ctx, xmlp *p, const char *name, const char **attrs)
{
	workbook *wb = ctx;
	if (strcmp(name, "workbookPr") == 0) {
		wb->date1904 = is_true(xmlp_attr(attrs, "date1904"));
	} else if (strcmp(name, "sheet") == 0) {
		const char *sheet = xmlp_attr(attrs, "name"), *state = xmlp_attr(attrs, "state");
		if (wb->sheet_count >= wb->doc->limits->max_tables) {
			xmlp_fail(p, _("more than %zu sheets"), wb->doc->limits->max_tables);
			return;
		}
		ARRAY_GROW(wb->sheets, wb->sheet_count, wb->sheet_capacity);
		sheet_entry *s = &wb->sheets[wb->sheet_count++];
		s->name = sheet ? grid_intern(wb->doc, sheet, strlen(sheet)) : "";
		const char *rid = xmlp_attr_ns(attrs, "id");
		s->rid = rid ? grid_intern(wb->doc, rid, strlen(rid)) : NULL;
		s->hidden = state && (strcmp(state, "hidden") == 0 || strcmp(state, "veryHidden") == 0);
	}
}

/* --- shared strings ------------------------------------------------------------- */

static void on_sst_start(void *ctx, xmlp *p, const char *name, const char **attrs)
{
	(void)p;
	(void)attrs;
	workbook *wb = ctx;
	if (strcmp(name, "si") == 0) {
		wb->depth_in = 1;
		wb->text.length = 0;
	} else if (strcmp(name, "rPh") == 0) {
		wb->in_phonetic = true; /* a phonetic guide: not shown in the cell */
	} else if (strcmp(name, "t") == 0 && wb->depth_in && !wb->in_phonetic) {
		wb->in_run_text = true;
	}
}

static void on_sst_text(void *ctx, xmlp *p, const char *s, size_t length)
{
	workbook *wb = ctx;
	if (!wb->in_run_text)
		return;
	if (length > wb->doc->limits->max_shared_bytes - wb->string_bytes - wb->text.length) {
		xmlp_fail(p, _("the shared strings hold more than the limit of %zu bytes"),
		          wb->doc->limits->max_shared_bytes);
		return;
	}
	strbuf_add(&wb->text, s, length);
}

static void on_sst_end(void *ctx, xmlp *p, const char *name)
{
	workbook *wb = ctx;
	if (strcmp(name, "t") == 0) {
		wb->in_run_text = false;
	} else if (strcmp(name, "rPh") == 0) {
		wb->in_phonetic = false;
	} else if (strcmp(name, "si") == 0) {
		if (wb->string_count >= wb->doc->limits->max_shared_strings) {
			xmlp_fail(p, _("more than the limit of %zu shared strings"),
			          wb->doc->limits->max_shared_strings);
			return;
		}
		ARRAY_GROW(wb->strings, wb->string_count, wb->string_capacity);
		wb->strings[wb->string_count++] =
		        intern_excel_string(wb->doc, strbuf_text(&wb->text), wb->text.length);
		wb->string_bytes += wb->text.length;
		wb->depth_in = 0;
	}
}

/* --- styles ------------------------------------------------------------------------ */

static void on_styles(void *ctx, xmlp *p, const char *name, const char **attrs)
{
	workbook *wb = ctx;
	size_t max = wb->doc->limits->max_styles;
	if (strcmp(name, "cellXfs") == 0) {
		wb->depth_in = 1;
	} else if (strcmp(name, "cellStyleXfs") == 0) {
		wb->depth_in = 0;
	} else if (strcmp(name, "xf") == 0 && wb->depth_in) {
		if (wb->xf_count >= max) {
			xmlp_fail(p, _("more than %zu cell formats"), max);
			return;
		}
		const char *id = xmlp_attr(attrs, "numFmtId");
		ARRAY_GROW(wb->xf_formats, wb->xf_count, wb->xf_capacity);
		wb->xf_formats[wb->xf_count++] = id ? (uint32_t)strtoul(id, NULL, 10) : 0;
	} else if (strcmp(name, "numFmt") == 0) {
		const char *id = xmlp_attr(attrs, "numFmtId"), *code = xmlp_attr(attrs, "formatCode");
		if (!id || !code)
			return;
		if (wb->format_count >= max) {
			xmlp_fail(p, _("more than %zu number formats"), max);
			return;
		}
		ARRAY_GROW(wb->formats, wb->format_count, wb->format_capacity);
		wb->formats[wb->format_count].id = (uint32_t)strtoul(id, NULL, 10);
		wb->formats[wb->format_count++].code = grid_intern(wb->doc, code, strlen(code));
	}
}

static void on_styles_end(void *ctx, xmlp *p, const char *name)
{
	(void)p;
	workbook *wb = ctx;
	if (strcmp(name, "cellXfs") == 0)
		wb->depth_in = 0;
}

static int compare_formats(const void *a, const void *b)
{
	const struct custom_format *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The number format code of cell format s: custom ones first (sorted by id
 * once the styles are read, so a cell costs a binary search, not a walk
 * through a hundred thousand formats), then the built-in ones; NULL
 * (General) when there is none. */
static const char *format_of(const workbook *wb, unsigned long s)
{
	if (s >= wb->xf_count)
		return NULL;
	struct custom_format key = { .id = wb->xf_formats[s] };
	const struct custom_format *found =
	        wb->format_count ? bsearch(&key, wb->formats, wb->format_count,
	                                   sizeof *wb->formats, compare_formats)
	                         : NULL;
	return found ? found->code : xlsx_builtin_format(key.id);
}

/* --- worksheets --------------------------------------------------------------------- */

typedef struct sparse_cell {
	uint32_t row, col;
	size_t order; /* for a stable sort: the later of two at one place wins */
	grid_cell_type type;
	const char *text, *raw, *formula;
} sparse_cell;

typedef struct area {
	uint32_t row, col, rows, cols;
} area;

typedef struct col_range {
	uint32_t min, max;
} col_range;

enum capture { CAPTURE_NONE, CAPTURE_VALUE, CAPTURE_FORMULA, CAPTURE_INLINE };

typedef struct sheet {
	workbook *wb;
	grid_doc *doc;
	const char *name;
	sparse_cell *cells;
	size_t cell_count, cell_capacity;
	area *merges;
	size_t merge_count, merge_capacity;
	uint32_t *hidden_rows;
	size_t hidden_row_count, hidden_row_capacity;
	col_range *hidden_cols;
	size_t hidden_col_count, hidden_col_capacity;
	/* where the parser is */
	bool in_data;
	uint32_t row, col; /* the current row; the last cell's column */
	bool in_cell, in_inline, in_phonetic, has_value, has_formula;
	char type[12];
	unsigned long style;
	enum capture capture;
	strbuf value, formula, inline_text;
} sheet;

/* "G15" into row 15, column 7; column only ("G") when want_row is false. */
static bool parse_ref(const char *ref, uint32_t *row, uint32_t *col)
{
	uint32_t c = 0, r = 0;
	const char *s = ref;
	for (; isalpha((unsigned char)*s); s++) {
		c = c * 26 + (uint32_t)(toupper((unsigned char)*s) - 'A' + 1);
		if (c > MAX_COL)
			return false;
	}
	if (s == ref || !isdigit((unsigned char)*s) || *s == '0')
		return false;
	for (; isdigit((unsigned char)*s); s++) {
		r = r * 10 + (uint32_t)(*s - '0');
		if (r > MAX_ROW)
			return false;
	}
	if (*s)
		return false;
	*row = r;
	*col = c;
	return true;
}

/* "A7:A12" (or "B3", one cell) into an area. */
static bool parse_area(const char *ref, area *a)
{
	char first[24];
	const char *colon = strchr(ref, ':');
	size_t n = colon ? (size_t)(colon - ref) : strlen(ref);
	if (n >= sizeof first)
		return false;
	memcpy(first, ref, n);
	first[n] = '\0';
	uint32_t r1, c1, r2, c2;
	if (!parse_ref(first, &r1, &c1) || !parse_ref(colon ? colon + 1 : first, &r2, &c2))
		return false;
	if (r2 < r1 || c2 < c1)
		return false;
	a->row = r1;
	a->col = c1;
	a->rows = r2 - r1 + 1;
	a->cols = c2 - c1 + 1;
	return true;
}

static void cell_problem(sheet *sh, uint32_t row, uint32_t col, grid_level level,
                         const char *message)
{
	char where[512], a1[GRID_A1_SIZE];
	grid_a1(row, col, a1);
	snprintf(where, sizeof where, "%s!%s", sh->name, a1);
	grid_add_problem(sh->doc, level, where, "%s", message);
}

/* <row r hidden>: the row a cell without r is in, and whether it shows. */
static void start_row(sheet *sh, const char **attrs)
{
	const char *r = xmlp_attr(attrs, "r");
	unsigned long n = r ? strtoul(r, NULL, 10) : 0;
	sh->row = n >= 1 && n <= MAX_ROW ? (uint32_t)n : sh->row + 1;
	sh->col = 0;
	if (is_true(xmlp_attr(attrs, "hidden"))) {
		ARRAY_GROW(sh->hidden_rows, sh->hidden_row_count, sh->hidden_row_capacity);
		sh->hidden_rows[sh->hidden_row_count++] = sh->row;
	}
}

/* <c r t s>: where the cell is (after the previous one when r is missing)
 * and how its value is stored. */
static void start_cell(sheet *sh, const char **attrs)
{
	const char *r = xmlp_attr(attrs, "r"), *t = xmlp_attr(attrs, "t");
	const char *s = xmlp_attr(attrs, "s");
	uint32_t row, col;
	if (r && parse_ref(r, &row, &col)) {
		sh->row = row;
		sh->col = col;
	} else {
		sh->col++;
	}
	if (sh->row == 0)
		sh->row = 1;
	sh->in_cell = true;
	sh->has_value = sh->has_formula = false;
	snprintf(sh->type, sizeof sh->type, "%s", t ? t : "n");
	sh->style = s ? strtoul(s, NULL, 10) : 0;
	sh->value.length = sh->formula.length = sh->inline_text.length = 0;
}

/* <col min max hidden="1">: a range of hidden columns. */
static void hidden_col(sheet *sh, xmlp *p, const char **attrs)
{
	const char *lo = xmlp_attr(attrs, "min"), *hi = xmlp_attr(attrs, "max");
	unsigned long a = lo ? strtoul(lo, NULL, 10) : 0, b = hi ? strtoul(hi, NULL, 10) : a;
	if (a < 1 || b < a || a > MAX_COL)
		return;
	if (sh->hidden_col_count >= MAX_COL) {
		xmlp_fail(p, _("more than %u hidden column ranges"), MAX_COL);
		return;
	}
	ARRAY_GROW(sh->hidden_cols, sh->hidden_col_count, sh->hidden_col_capacity);
	col_range cr = { (uint32_t)a, b > MAX_COL ? MAX_COL : (uint32_t)b };
	sh->hidden_cols[sh->hidden_col_count++] = cr;
}

/* <mergeCell ref="A7:A12">: kept until the grid is built. */
static void merge_cell(sheet *sh, xmlp *p, const char **attrs)
{
	area a;
	const char *ref = xmlp_attr(attrs, "ref");
	if (!ref || !parse_area(ref, &a))
		return;
	if (sh->merge_count >= sh->doc->limits->max_merges) {
		xmlp_fail(p, _("more than %zu merged areas"), sh->doc->limits->max_merges);
		return;
	}
	ARRAY_GROW(sh->merges, sh->merge_count, sh->merge_capacity);
	sh->merges[sh->merge_count++] = a;
}

static void on_sheet_start(void *ctx, xmlp *p, const char *name, const char **attrs)
{
	sheet *sh = ctx;
	if (strcmp(name, "sheetData") == 0) {
		sh->in_data = true;
		sh->row = 0;
	} else if (sh->in_data && strcmp(name, "row") == 0) {
		start_row(sh, attrs);
	} else if (sh->in_data && strcmp(name, "c") == 0) {
		start_cell(sh, attrs);
	} else if (sh->in_cell && strcmp(name, "v") == 0) {
		sh->capture = CAPTURE_VALUE;
		sh->has_value = true;
	} else if (sh->in_cell && strcmp(name, "f") == 0) {
		sh->capture = CAPTURE_FORMULA;
		sh->has_formula = true;
	} else if (sh->in_cell && strcmp(name, "is") == 0) {
		sh->in_inline = true;
		sh->has_value = true;
	} else if (sh->in_inline && strcmp(name, "rPh") == 0) {
		sh->in_phonetic = true;
	} else if (sh->in_inline && !sh->in_phonetic && strcmp(name, "t") == 0) {
		sh->capture = CAPTURE_INLINE;
	} else if (strcmp(name, "col") == 0 && is_true(xmlp_attr(attrs, "hidden"))) {
		hidden_col(sh, p, attrs);
	} else if (strcmp(name, "mergeCell") == 0) {
		merge_cell(sh, p, attrs);
	}
}

static void on_sheet_text(void *ctx, xmlp *p, const char *s, size_t length)
{
	(void)p;
	sheet *sh = ctx;
	switch (sh->capture) {
	case CAPTURE_VALUE: strbuf_add(&sh->value, s, length); break;
	case CAPTURE_FORMULA: strbuf_add(&sh->formula, s, length); break;
	case CAPTURE_INLINE: strbuf_add(&sh->inline_text, s, length); break;
	default: break;
	}
}

/* t="s": the shared string the value counts to. */
static void shared_string_value(sheet *sh, sparse_cell *c, const char *v)
{
	const workbook *wb = sh->wb;
	char *end;
	unsigned long i = strtoul(v, &end, 10);
	if (*end == '\0' && i < wb->string_count) {
		c->type = GRID_STRING;
		c->text = wb->strings[i];
		return;
	}
	c->type = GRID_ERROR_VALUE;
	c->text = "";
	if (!wb->strings_lost) { /* else the part's own problem said it */
		char message[256];
		snprintf(message, sizeof message,
		         _("refers to shared string %.20s, which does not exist: its text is lost"), v);
		cell_problem(sh, c->row, c->col, GRID_ERROR, message);
	}
}

/* t="n" or none: a number shown under the cell's number format. */
static void number_value(sheet *sh, sparse_cell *c, const char *v)
{
	char shown[512];
	bool is_date;
	if (xlsx_format_number(v, format_of(sh->wb, sh->style), sh->wb->date1904, shown,
	                       sizeof shown, &is_date)) {
		c->type = is_date ? GRID_DATE : GRID_NUMBER;
		c->text = grid_intern(sh->doc, shown, strlen(shown));
		if (strcmp(shown, v) != 0)
			c->raw = grid_intern(sh->doc, v, sh->value.length);
	} else {
		c->type = GRID_STRING;
		c->text = grid_intern(sh->doc, v, sh->value.length);
		cell_problem(sh, c->row, c->col, GRID_WARNING,
		             _("is stored as a number but is not one: kept as text"));
	}
}

/* The type and text of a cell that has a value, by how it is stored (t). */
static void typed_value(sheet *sh, sparse_cell *c)
{
	grid_doc *doc = sh->doc;
	const char *t = sh->type, *v = strbuf_text(&sh->value);
	size_t n = sh->value.length;
	if (strcmp(t, "s") == 0) {
		shared_string_value(sh, c, v);
	} else if (strcmp(t, "inlineStr") == 0) {
		c->type = GRID_STRING;
		c->text = intern_excel_string(doc, strbuf_text(&sh->inline_text), sh->inline_text.length);
	} else if (strcmp(t, "str") == 0) {
		c->type = GRID_STRING;
		c->text = intern_excel_string(doc, v, n);
	} else if (strcmp(t, "b") == 0) {
		c->type = GRID_BOOLEAN;
		c->text = is_true(v) ? "TRUE" : "FALSE";
		c->raw = grid_intern(doc, v, n);
	} else if (strcmp(t, "e") == 0) {
		c->type = GRID_ERROR_VALUE;
		c->text = grid_intern(doc, v, n);
	} else if (strcmp(t, "d") == 0) {
		/* An ISO 8601 date written as text: its date part. */
		c->type = GRID_DATE;
		c->text = grid_intern(doc, v, n >= 10 && v[4] == '-' && v[7] == '-' ? 10 : n);
		c->raw = grid_intern(doc, v, n);
	} else {
		number_value(sh, c, v);
	}
}

/* A finished <c>: kept in the sparse list when it holds something. */
static void finish_cell(sheet *sh, xmlp *p)
{
	grid_doc *doc = sh->doc;
	sparse_cell c = { .row = sh->row, .col = sh->col, .order = sh->cell_count };
	if (sh->has_formula)
		c.formula = grid_intern(doc, strbuf_text(&sh->formula), sh->formula.length);
	if (!sh->has_value || (sh->value.length == 0 && strcmp(sh->type, "inlineStr") != 0)) {
		if (!sh->has_formula)
			return; /* a styled empty cell: nothing to keep */
		c.type = sh->has_value ? GRID_BLANK : GRID_UNCOMPUTED;
		c.text = "";
	} else {
		typed_value(sh, &c);
	}
	if (c.type == GRID_STRING && c.text[0] == '\0' && !c.formula)
		return; /* an empty string: as good as a blank cell */
	if (sh->cell_count >= doc->limits->max_table_cells) {
		xmlp_fail(p, _("more than %zu cells hold a value"), doc->limits->max_table_cells);
		return;
	}
	ARRAY_GROW(sh->cells, sh->cell_count, sh->cell_capacity);
	sh->cells[sh->cell_count++] = c;
}

static void on_sheet_end(void *ctx, xmlp *p, const char *name)
{
	sheet *sh = ctx;
	if (strcmp(name, "sheetData") == 0) {
		sh->in_data = false;
	} else if (strcmp(name, "c") == 0 && sh->in_cell) {
		sh->in_cell = sh->in_inline = false;
		sh->capture = CAPTURE_NONE;
		finish_cell(sh, p);
	} else if (strcmp(name, "v") == 0 || strcmp(name, "f") == 0 || strcmp(name, "t") == 0) {
		sh->capture = CAPTURE_NONE;
	} else if (strcmp(name, "rPh") == 0) {
		sh->in_phonetic = false;
	} else if (strcmp(name, "is") == 0) {
		sh->in_inline = false;
	}
}

static int compare_cells(const void *a, const void *b)
{
	const sparse_cell *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* hidden[1..n] from the hidden rows, or from the hidden column ranges
 * (a difference array: linear in the ranges and the columns). */
static bool *hidden_rows(const sheet *sh, uint32_t n)
{
	bool *hidden = xcalloc((size_t)n + 1, sizeof *hidden);
	for (size_t i = 0; i < sh->hidden_row_count; i++)
		if (sh->hidden_rows[i] <= n)
			hidden[sh->hidden_rows[i]] = true;
	return hidden;
}

static bool *hidden_cols(const sheet *sh, uint32_t n)
{
	long *delta = xcalloc((size_t)n + 2, sizeof *delta);
	for (size_t i = 0; i < sh->hidden_col_count; i++) {
		if (sh->hidden_cols[i].min > n)
			continue;
		delta[sh->hidden_cols[i].min]++;
		delta[(sh->hidden_cols[i].max < n ? sh->hidden_cols[i].max : n) + 1]--;
	}
	bool *hidden = xcalloc((size_t)n + 1, sizeof *hidden);
	long depth = 0;
	for (uint32_t c = 1; c <= n; c++)
		hidden[c] = (depth += delta[c]) > 0;
	free(delta);
	return hidden;
}

/*
 * The sheet's merged areas on its grid, cut at its edge.  Areas that do not
 * overlap cover each cell once, so checking them costs about twice the
 * grid; overlapping ones can cost the grid each (a large area that meets
 * another only in its last cell), so past four times the grid the rest are
 * left out.
 */
static void apply_merges(sheet *sh, grid_table *t)
{
	size_t budget = 4 * (size_t)t->rows * t->cols, spent = 0;
	for (size_t i = 0; i < sh->merge_count; i++) {
		area a = sh->merges[i];
		if (a.row > t->rows || a.col > t->cols)
			continue;
		if (a.rows > t->rows - a.row + 1)
			a.rows = t->rows - a.row + 1;
		if (a.cols > t->cols - a.col + 1)
			a.cols = t->cols - a.col + 1;
		if (a.rows == 1 && a.cols == 1)
			continue;
		spent += (size_t)a.rows * a.cols;
		if (spent > budget) {
			cell_problem(sh, a.row, a.col, GRID_WARNING,
			             _("merged areas overlap too much: this and the later ones are "
			               "left out"));
			return;
		}
		if (!grid_merge(t, a.row, a.col, a.rows, a.cols))
			cell_problem(sh, a.row, a.col, GRID_WARNING,
			             _("a merged area overlaps another one: it is left out"));
	}
}

/*
 * The sheet's grid: from A1 to the last row and column holding a value.
 * Merged areas are cut at that edge (a title merged across empty columns
 * loses nothing); an area whose anchor lies beyond it is left out.
 */
static void build_table(sheet *sh, uint32_t number, bool hidden)
{
	uint32_t rows = 0, cols = 0;
	for (size_t i = 0; i < sh->cell_count; i++) {
		if (sh->cells[i].row > rows)
			rows = sh->cells[i].row;
		if (sh->cells[i].col > cols)
			cols = sh->cells[i].col;
	}
	grid_table *t = grid_add_table(sh->doc, sh->name, rows, cols);
	if (!t)
		return;
	t->name = sh->name;
	t->number = number;
	t->hidden = hidden;
	qsort(sh->cells, sh->cell_count, sizeof *sh->cells, compare_cells);
	for (size_t i = 0; i < sh->cell_count; i++) {
		const sparse_cell *s = &sh->cells[i];
		grid_cell *c = &t->cells[(size_t)(s->row - 1) * cols + (s->col - 1)];
		c->type = s->type;
		c->text = s->text;
		c->raw = s->raw;
		c->formula = s->formula;
	}
	if (sh->hidden_row_count || sh->hidden_col_count) {
		bool *hr = hidden_rows(sh, rows), *hc = hidden_cols(sh, cols);
		for (uint32_t r = 1; r <= rows; r++)
			for (uint32_t c = 1; c <= cols; c++)
				t->cells[(size_t)(r - 1) * cols + (c - 1)].hidden = hr[r] || hc[c];
		free(hr);
		free(hc);
	}
	apply_merges(sh, t);
}

static void free_sheet(sheet *sh)
{
	free(sh->cells);
	free(sh->merges);
	free(sh->hidden_rows);
	free(sh->hidden_cols);
	free(sh->value.s);
	free(sh->formula.s);
	free(sh->inline_text.s);
}

static void read_sheet(workbook *wb, const relationships *rels, size_t index)
{
	const sheet_entry *entry = &wb->sheets[index];
	const relationship *rel = find_relationship(rels, entry->rid);
	if (!rel) {
		grid_add_problem(wb->doc, GRID_ERROR, entry->name, "%s",
		                 _("the workbook names this sheet, but not the part holding it: "
		                   "the sheet is not read"));
		return;
	}
	size_t n = strlen(rel->type);
	if (n < 10 || strcmp(rel->type + n - 10, "/worksheet") != 0)
		return; /* a chart sheet or a dialog sheet: no cells */
	sheet sh = { .wb = wb, .doc = wb->doc, .name = entry->name };
	static const xmlp_handlers handlers = { on_sheet_start, on_sheet_end, on_sheet_text };
	char error[512];
	if (xmlp_parse(wb->zip, rel->target, "worksheet", &handlers, &sh, wb->doc->limits, error,
	               sizeof error) != 0) {
		char where[600];
		snprintf(where, sizeof where, "%s (%s)", entry->name, rel->target);
		grid_add_problem(wb->doc, GRID_ERROR, where, _("%s: the sheet is not read"), error);
	} else {
		build_table(&sh, (uint32_t)index + 1, entry->hidden);
	}
	free_sheet(&sh);
}

/* Parse a part that is optional or already known to exist; false (with a
 * problem, level `level`) when it cannot be read. */
static bool read_part(workbook *wb, const char *part, const char *root,
                      const xmlp_handlers *handlers, void *ctx, grid_level level)
{
	char error[512];
	if (xmlp_parse(wb->zip, part, root, handlers, ctx, wb->doc->limits, error, sizeof error) ==
	    0)
		return true;
	grid_add_problem(wb->doc, level, part, "%s", error);
	return false;
}

void xlsx_read(grid_doc *doc, zipr *z)
{
	workbook wb = { .doc = doc, .zip = z };
	relationships rels = { .doc = doc, .folder = "xl/" };
	static const xmlp_handlers workbook_handlers = { on_workbook, NULL, NULL };
	static const xmlp_handlers rels_handlers = { on_relationship, NULL, NULL };
	static const xmlp_handlers sst_handlers = { on_sst_start, on_sst_end, on_sst_text };
	static const xmlp_handlers style_handlers = { on_styles, on_styles_end, NULL };

	if (!read_part(&wb, "xl/workbook.xml", "workbook", &workbook_handlers, &wb, GRID_ERROR))
		goto out;
	if (!read_part(&wb, "xl/_rels/workbook.xml.rels", "Relationships", &rels_handlers, &rels,
	               GRID_ERROR))
		goto out;
	const relationship *strings = find_type(&rels, "sharedStrings");
	if (strings && !read_part(&wb, strings->target, "sst", &sst_handlers, &wb, GRID_ERROR)) {
		wb.strings_lost = true; /* said once; the cells showing them are errors */
		wb.string_count = 0;
	}
	wb.depth_in = 0;
	const relationship *styles = find_type(&rels, "styles");
	if (styles && !read_part(&wb, styles->target, "styleSheet", &style_handlers, &wb,
	                         GRID_WARNING)) {
		wb.xf_count = 0; /* every number shown as General */
		wb.format_count = 0;
	}
	if (wb.format_count > 1)
		qsort(wb.formats, wb.format_count, sizeof *wb.formats, compare_formats);
	for (size_t i = 0; i < wb.sheet_count; i++)
		read_sheet(&wb, &rels, i);
	if (wb.sheet_count == 0)
		grid_add_problem(doc, GRID_ERROR, "xl/workbook.xml", "%s",
		                 _("the workbook has no sheets"));
out:
	free(wb.sheets);
	free(wb.strings);
	free(wb.xf_formats);
	free(wb.formats);
	free(wb.text.s);
	free(rels.items);
}
