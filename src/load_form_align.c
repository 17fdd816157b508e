/*
 * load_form_align — see load_form_align.h.
 */
#include "load_form_align.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "model_number.h"

/* The comparison signs, in the label form (full-width ones are ASCII). */
static const char *const signs[] = { "≥", "≤", ">=", "<=", "=", ">", "<", "≧", "≦", NULL };

/* The sign a normalized text is, or NULL. */
static const char *comparison_in(const char *n)
{
	for (const char *const *op = signs; *op; op++)
		if (!strcmp(n, *op))
			return *op;
	return NULL;
}

static bool not_applicable_in(const char *n)
{
	static const char *const marks[] = { "—", "——", "-", "--", "/", "／", "－", "─", "无", NULL };
	for (const char *const *m = marks; *m; m++)
		if (!strcmp(n, *m))
			return true;
	return false;
}

const char *form_comparison(const char *text)
{
	char *n = grid_label_normalize(text);
	const char *hit = comparison_in(n);
	free(n);
	return hit;
}

bool form_not_applicable(const char *text)
{
	char *n = grid_label_normalize(text);
	bool yes = not_applicable_in(n);
	free(n);
	return yes;
}

/* What a cell prints, as far as placing it goes. */
enum {
	T_EMPTY,    /* nothing, or a not-applicable mark: fits anywhere */
	T_SIGN,     /* a comparison alone */
	T_NUMBER,   /* a plain number, or one in 元, 万元 or 分 */
	T_PERCENT,  /* a percentage */
	T_QUANTITY, /* a number with another unit: 300人次, 2023年度培训 */
	T_TARGET,   /* a comparison and what it compares: ≥300人次 */
	T_LEVEL,    /* an indicator level's name: 产出指标, 社会效益指标（15分） */
	T_TEXT,     /* anything else: a name, a sentence */
	T_KINDS
};

/* "产出指标", "数量指标(20分)" (normalized): the names the national forms
 * give their first and second levels all end so. */
static bool level_name_in(const char *n)
{
	size_t len = strlen(n);
	if (len && n[len - 1] == ')') {
		const char *open = strrchr(n, '(');
		len = open ? (size_t)(open - n) : len;
	}
	static const char suffix[] = "指标";
	return len > strlen(suffix) && !strncmp(n + len - strlen(suffix), suffix, strlen(suffix));
}

/* The kind of a cell's text, n its label form. */
static int kind_in(const char *text, const char *n)
{
	if (not_applicable_in(n))
		return T_EMPTY;
	if (comparison_in(n))
		return T_SIGN;
	for (const char *const *sign = signs; *sign; sign++)
		if (!strncmp(n, *sign, strlen(*sign)))
			return T_TARGET;
	printed_number number;
	if (!number_parse(text, strlen(text), &number))
		return level_name_in(n) ? T_LEVEL : T_TEXT;
	if (number.percent)
		return T_PERCENT;
	return !number.unit[0] || number.currency_exp >= 0 || !strcmp(number.unit, "分") ? T_NUMBER : T_QUANTITY;
}

/* The kind of a cell's text, normalized once. */
static int text_kind(const char *text)
{
	if (!text[0])
		return T_EMPTY;
	char *n = grid_label_normalize(text);
	int kind = kind_in(text, n);
	free(n);
	return kind;
}

/* How well a cell of text kind t sits in a column of kind k: a sign under
 * 指标性质 fits best, a name under 分值 worst. */
static int fit(align_kind k, int t)
{
	static const signed char table[][T_KINDS] = {
		/*                EMPTY SIGN NUMBER PERCENT QUANTITY TARGET LEVEL TEXT */
		[ALIGN_ANY] = { 0, -1, 0, 0, 0, 0, 0, 0 },
		[ALIGN_LABEL] = { 0, -2, -2, -2, 0, -2, 0, 1 },
		[ALIGN_LEVEL] = { 0, -2, -2, -2, 0, -2, 2, 1 },
		[ALIGN_NUMBER] = { 0, -2, 1, 1, -1, -2, -2, -2 },
		[ALIGN_MONEY] = { 0, -2, 1, -2, -1, -2, -2, -2 },
		[ALIGN_RATE] = { 0, -2, 0, 1, -1, -2, -2, -2 },
		[ALIGN_OPERATOR] = { 0, 2, -2, -2, -2, -2, -2, 0 },
	};
	return table[k][t];
}

/* The shift that fits row r's n printed cells best under a header of
 * width cells.  Of shifts that fit as well, the largest: a web page copies
 * a row's empty cells at its end (its trailing tabs), so what a short row
 * lacks is at its start; a row printed in place fits better where it was
 * printed whenever its cells say anything at all. */
static uint32_t best_shift(const grid_table *g, uint32_t r, uint32_t n, const align_kind *kinds, uint32_t width)
{
	int kind[ALIGN_MAX_COLUMNS];
	for (uint32_t i = 0; i < n; i++)
		kind[i] = text_kind(g->cells[(size_t)(r - 1) * g->cols + i].text);
	uint32_t best = 0;
	int best_fit = 0;
	for (uint32_t s = 0; s + n <= width; s++) {
		int sum = 0;
		for (uint32_t i = 0; i < n; i++)
			sum += fit(kinds[s + i], kind[i]);
		if (s == 0 || sum >= best_fit) {
			best = s;
			best_fit = sum;
		}
	}
	return best;
}

uint32_t *align_rows(const grid_table *g, uint32_t header, const align_kind *kinds, uint32_t width)
{
	if (!g->printed || header < 1 || header > g->rows || width > ALIGN_MAX_COLUMNS || width > g->cols)
		return NULL;
	uint32_t *shift = NULL;
	for (uint32_t r = header + 1; r <= g->rows; r++) {
		uint32_t n = g->printed[r - 1];
		if (n == 0 || n >= width)
			continue;
		uint32_t s = best_shift(g, r, n, kinds, width);
		if (s && !shift)
			shift = xcalloc(g->rows, sizeof *shift);
		if (s)
			shift[r - 1] = s;
	}
	return shift;
}
