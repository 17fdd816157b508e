/*
 * model_number — numbers as printed in Chinese reports (see model_number.h).
 *
 * The text is decoded to code points first, so full-width forms are handled
 * by the same code as ASCII ones.  Anything that does not clearly read as a
 * number with an optional unit word is refused: a wrong number is worse than
 * a finding that says "this is text".
 */
#include "model_number.h"

#include <string.h>

/* Far more than any printed number with its unit; longer is text. */
#define MAX_CODE_POINTS 128
/* Sign, digits and one point, in ASCII for dec_parse. */
#define MAX_NUMBER_CHARS 64

typedef struct decoded_text {
	uint32_t code_point[MAX_CODE_POINTS];
	size_t offset[MAX_CODE_POINTS + 1]; /* byte offset of each, then the end */
	size_t count;
} decoded_text;

static const struct {
	const char *name;
	int exp;
} currency_units[] = {
	{ "元", 0 }, { "千元", 3 }, { "万元", 4 }, { "百万元", 6 }, { "亿元", 8 },
};

/* Words that make a number approximate or a bound ("3400家以上", "100余人",
 * "5万元左右"), or a range: the value is not the number printed. */
static const char *const qualifiers[] = {
	"以上", "以下", "以内", "左右", "上下", "前后", "不足", "不到",
	"多", "余", "餘", "内", "超", "约", "約", "近", "逾", "来", "许",
	"几", "至", "到", "或",
};

/* Chinese numerals that are digits rather than powers of ten: "十万元" is a
 * numeral, while 百 千 万 亿 stay legal in units such as 万元 or 万人次. */
static const uint32_t chinese_digits[] = {
	0x96F6, /* 零 */ 0x3007, /* 〇 */ 0x4E00, /* 一 */ 0x4E8C, /* 二 */
	0x4E09, /* 三 */ 0x56DB, /* 四 */ 0x4E94, /* 五 */ 0x516D, /* 六 */
	0x4E03, /* 七 */ 0x516B, /* 八 */ 0x4E5D, /* 九 */ 0x5341, /* 十 */
	0x4E24, /* 两 */ 0x58F9, /* 壹 */ 0x8D30, /* 贰 */ 0x53C1, /* 叁 */
	0x8086, /* 肆 */ 0x4F0D, /* 伍 */ 0x9646, /* 陆 */ 0x67D2, /* 柒 */
	0x634C, /* 捌 */ 0x7396, /* 玖 */ 0x62FE, /* 拾 */ 0x5EFF, /* 廿 */
	0x5345, /* 卅 */
};

/* Strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF. */
static bool decode_one(const unsigned char *s, size_t len, size_t *pos, uint32_t *out)
{
	unsigned char lead = s[*pos];
	size_t continuation;
	uint32_t value, smallest;
	if (lead < 0x80) {
		*out = lead;
		*pos += 1;
		return true;
	} else if ((lead & 0xE0) == 0xC0) {
		continuation = 1;
		value = lead & 0x1F;
		smallest = 0x80;
	} else if ((lead & 0xF0) == 0xE0) {
		continuation = 2;
		value = lead & 0x0F;
		smallest = 0x800;
	} else if ((lead & 0xF8) == 0xF0) {
		continuation = 3;
		value = lead & 0x07;
		smallest = 0x10000;
	} else {
		return false;
	}
	if (len - *pos <= continuation)
		return false;
	for (size_t k = 1; k <= continuation; k++) {
		unsigned char byte = s[*pos + k];
		if ((byte & 0xC0) != 0x80)
			return false;
		value = value << 6 | (byte & 0x3F);
	}
	if (value < smallest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
		return false;
	*out = value;
	*pos += continuation + 1;
	return true;
}

/* False for invalid UTF-8, control characters (a newline means the value
 * spans lines: text) and anything too long to be a number. */
static bool decode(const char *s, size_t len, decoded_text *text)
{
	size_t pos = 0;
	text->count = 0;
	while (pos < len) {
		if (text->count == MAX_CODE_POINTS)
			return false;
		text->offset[text->count] = pos;
		uint32_t code_point;
		if (!decode_one((const unsigned char *)s, len, &pos, &code_point))
			return false;
		if (code_point < 0x20 || (code_point >= 0x7F && code_point < 0xA0))
			return false;
		text->code_point[text->count++] = code_point;
	}
	text->offset[text->count] = pos;
	return true;
}

static bool is_space(uint32_t c)
{
	return c == ' ' || c == 0x3000 /* ideographic space */ || c == 0xA0 /* NBSP */;
}

/* The digit's value, or -1; full-width digits are U+FF10..U+FF19. */
static int digit_value(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0xFF10 && c <= 0xFF19)
		return (int)(c - 0xFF10);
	return -1;
}

static bool is_group_separator(uint32_t c)
{
	return c == ',' || c == 0xFF0C /* ， */;
}

static bool is_decimal_point(uint32_t c)
{
	return c == '.' || c == 0xFF0E /* ． */;
}

static bool is_percent(uint32_t c)
{
	return c == '%' || c == 0xFF05 /* ％ */;
}

/* Between two parts of a unit: 元/人, 人·次. */
static bool is_unit_joiner(uint32_t c)
{
	return c == '/' || c == 0xFF0F /* ／ */ || c == 0xB7 /* · */;
}

static bool is_chinese_digit(uint32_t c)
{
	for (size_t i = 0; i < sizeof chinese_digits / sizeof chinese_digits[0]; i++)
		if (chinese_digits[i] == c)
			return true;
	return false;
}

static bool is_unit_letter(uint32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
		return !is_chinese_digit(c);
	return c == 0x2030 /* ‰ */ || c == 0x2103 /* ℃ */ || c == 0x33A1 /* ㎡ */ ||
	       c == 0xB0 /* ° */;
}

/* Appends the ASCII form of code points [*i, ...) that are digits, keeping
 * count of them; false when the buffer would overflow. */
static bool copy_digits(const decoded_text *text, size_t end, size_t *i, char *ascii,
                        size_t *ascii_len, size_t *digit_count)
{
	*digit_count = 0;
	while (*i < end && digit_value(text->code_point[*i]) >= 0) {
		if (*ascii_len + 1 >= MAX_NUMBER_CHARS)
			return false;
		ascii[(*ascii_len)++] = (char)('0' + digit_value(text->code_point[*i]));
		(*i)++;
		(*digit_count)++;
	}
	return true;
}

/*
 * The number part: sign, digits in valid groups of three, a point and
 * fraction digits.  Leaves *i after it and the ASCII form in ascii.
 */
static bool scan_number(const decoded_text *text, size_t end, size_t *i, char *ascii)
{
	size_t ascii_len = 0;
	size_t digit_count;
	uint32_t c = text->code_point[*i];
	if (c == '-' || c == 0xFF0D /* － */) {
		ascii[ascii_len++] = '-';
		(*i)++;
	} else if (c == '+' || c == 0xFF0B /* ＋ */) {
		(*i)++;
	}
	size_t first_group_start = *i;
	if (!copy_digits(text, end, i, ascii, &ascii_len, &digit_count) || digit_count == 0)
		return false;
	if (*i < end && is_group_separator(text->code_point[*i])) {
		/* "1,23" and "12,3456" are not groupings but two numbers or a typo;
		 * "0,123" has no reading as a thousands grouping either. */
		uint32_t separator = text->code_point[*i];
		if (digit_count > 3 || digit_value(text->code_point[first_group_start]) == 0)
			return false;
		while (*i < end && text->code_point[*i] == separator) {
			(*i)++;
			if (!copy_digits(text, end, i, ascii, &ascii_len, &digit_count) ||
			    digit_count != 3)
				return false;
		}
		if (*i < end && is_group_separator(text->code_point[*i]))
			return false; /* mixed separators */
	}
	if (*i < end && is_decimal_point(text->code_point[*i])) {
		ascii[ascii_len++] = '.';
		(*i)++;
		if (!copy_digits(text, end, i, ascii, &ascii_len, &digit_count) || digit_count == 0)
			return false;
		if (*i < end && is_group_separator(text->code_point[*i]))
			return false; /* "1.234,5": a European form or a list */
	}
	ascii[ascii_len] = '\0';
	return true;
}

static bool contains_qualifier(const char *unit)
{
	for (size_t i = 0; i < sizeof qualifiers / sizeof qualifiers[0]; i++)
		if (strstr(unit, qualifiers[i]) != NULL)
			return true;
	return false;
}

/*
 * The unit word, code points [start, end): letters of a unit only, with at
 * most a joiner between two of them; a percent sign only on its own.
 */
static bool scan_unit(const char *s, const decoded_text *text, size_t start, size_t end,
                      printed_number *out)
{
	out->unit[0] = '\0';
	out->percent = false;
	out->currency_exp = -1;
	if (start == end)
		return true;
	if (end - start == 1 && is_percent(text->code_point[start])) {
		memcpy(out->unit, "%", 2);
		out->percent = true;
		return true;
	}
	for (size_t i = start; i < end; i++) {
		uint32_t c = text->code_point[i];
		if (is_unit_letter(c))
			continue;
		bool between_letters = i > start && i + 1 < end &&
		                       is_unit_letter(text->code_point[i - 1]) &&
		                       is_unit_letter(text->code_point[i + 1]);
		if (!is_unit_joiner(c) || !between_letters)
			return false;
	}
	size_t bytes = text->offset[end] - text->offset[start];
	if (bytes >= NUMBER_UNIT_MAX)
		return false;
	memcpy(out->unit, s + text->offset[start], bytes);
	out->unit[bytes] = '\0';
	if (contains_qualifier(out->unit))
		return false;
	out->currency_exp = number_currency_exp(out->unit);
	return true;
}

bool number_parse(const char *s, size_t len, printed_number *out)
{
	decoded_text text;
	if (s == NULL || !decode(s, len, &text))
		return false;
	size_t start = 0;
	size_t end = text.count;
	while (start < end && is_space(text.code_point[start]))
		start++;
	while (end > start && is_space(text.code_point[end - 1]))
		end--;
	if (start == end)
		return false;

	size_t i = start;
	char ascii[MAX_NUMBER_CHARS];
	if (!scan_number(&text, end, &i, ascii))
		return false;
	if (!dec_parse(ascii, strlen(ascii), &out->value))
		return false;
	while (i < end && is_space(text.code_point[i]))
		i++;
	return scan_unit(s, &text, i, end, out);
}

int number_currency_exp(const char *unit)
{
	if (unit == NULL)
		return -1;
	for (size_t i = 0; i < sizeof currency_units / sizeof currency_units[0]; i++)
		if (strcmp(unit, currency_units[i].name) == 0)
			return currency_units[i].exp;
	return -1;
}

bool number_convert_currency(decimal v, int from_exp, int to_exp, decimal *out)
{
	if (from_exp < 0 || to_exp < 0 || from_exp > DEC_MAX_SCALE || to_exp > DEC_MAX_SCALE)
		return false;
	return dec_shift(v, from_exp - to_exp, out);
}
