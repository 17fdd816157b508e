/*
 * base_nearest — see base_nearest.h.
 */
#include "base_nearest.h"

#include <stdint.h>
#include <string.h>

/* The characters of s as code points (a byte that does not start a valid
 * sequence counts as one character); returns how many. */
static size_t decode(const char *s, uint32_t *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (*p && n < NEAREST_MAX_CHARS) {
		int extra = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC0 ? 1 : 0;
		uint32_t c = extra ? *p & (0x3F >> extra) : *p;
		int k = 1;
		for (; k <= extra && (p[k] & 0xC0) == 0x80; k++)
			c = (c << 6) | (p[k] & 0x3F);
		if (k <= extra) { /* a broken sequence: its first byte alone */
			c = *p;
			k = 1;
		}
		out[n++] = c;
		p += k;
	}
	return n;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

size_t nearest_distance(const char *a, const char *b)
{
	uint32_t x[NEAREST_MAX_CHARS], y[NEAREST_MAX_CHARS];
	size_t n = decode(a, x), m = decode(b, y);
	/* Three rows of the edit table: two back for a swap. */
	size_t rows[3][NEAREST_MAX_CHARS + 1];
	size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= m; j++)
		prev[j] = j;
	for (size_t i = 1; i <= n; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t cost = x[i - 1] != y[j - 1];
			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
			    before[j - 2] + 1 < cur[j])
				cur[j] = before[j - 2] + 1;
		}
		size_t *spare = before;
		before = prev;
		prev = cur;
		cur = spare;
	}
	return prev[m];
}

const char *nearest_name(const char *word, const char *const *names, size_t count)
{
	uint32_t chars[NEAREST_MAX_CHARS];
	size_t reach = decode(word, chars) / 3;
	reach = reach < 1 ? 1 : reach > 4 ? 4 : reach;
	const char *best = NULL;
	size_t best_distance = reach + 1;
	for (size_t i = 0; i < count; i++) {
		size_t d = nearest_distance(word, names[i]);
		if (d < best_distance && strcmp(word, names[i]) != 0) {
			best = names[i];
			best_distance = d;
		}
	}
	return best;
}
