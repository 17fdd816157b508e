/*
 * load_form_pattern — see load_form_pattern.h.
 */
#include "load_form_pattern.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "load_layout.h"

void normal_make(normal *n, const char *text)
{
	size_t len = strlen(text);
	n->s = xmalloc(len + 1);
	n->at = xmalloc((len + 1) * sizeof *n->at);
	n->length = 0;
	n->end = len;
	bool start = true;
	for (size_t i = 0; i < len;) {
		const unsigned char *p = (const unsigned char *)text + i;
		size_t step = 1;
		uint32_t cp = p[0];
		if (p[0] >= 0xF0 && i + 3 < len + 1)
			step = 4;
		else if (p[0] >= 0xE0)
			step = 3;
		else if (p[0] >= 0xC0)
			step = 2;
		if (step > len - i)
			step = len - i;
		if (step == 3)
			cp = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		bool drop = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '*' ||
		            cp == 0x3000 || cp == 0xA0 || (start && cp == '#');
		if (cp != '#' && !drop)
			start = false;
		if (!drop) {
			if (step == 3 && cp >= 0xFF01 && cp <= 0xFF5E) {
				n->at[n->length] = i;
				n->s[n->length++] = (char)(cp - 0xFEE0);
			} else {
				for (size_t k = 0; k < step; k++) {
					n->at[n->length] = i;
					n->s[n->length++] = (char)p[k];
				}
			}
		}
		i += step;
	}
	n->s[n->length] = '\0';
	n->at[n->length] = len;
}

void normal_free(normal *n)
{
	free(n->s);
	free(n->at);
}

void pattern_compile(const char *text, pattern *out)
{
	memset(out, 0, sizeof *out);
	const char *p = text;
	if (*p == '^') {
		out->anchored = true;
		p++;
	}
	while (*p) {
		out->tokens = xrealloc(out->tokens, (out->count + 1) * sizeof *out->tokens);
		token *t = &out->tokens[out->count];
		memset(t, 0, sizeof *t);
		if (*p == '{') {
			const char *end = strchr(p, '}');
			if (!end)
				break; /* load_layout refused it: not reached */
			t->path = xmalloc((size_t)(end - p));
			snprintf(t->path, (size_t)(end - p), "%.*s", (int)(end - p - 1), p + 1);
			bool text_capture = layout_path_is_text(t->path) || !strcmp(t->path, "_") ||
			                    !strcmp(t->path, "reason") || !strcmp(t->path, "fix");
			t->kind = !strcmp(t->path, "year") ? TOK_YEAR : text_capture ? TOK_TEXT : TOK_NUMBER;
			p = end + 1;
		} else {
			const char *end = strchr(p, '{');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			char *raw = xmalloc(len + 1);
			memcpy(raw, p, len);
			raw[len] = '\0';
			normal n;
			normal_make(&n, raw);
			free(raw);
			t->kind = TOK_LITERAL;
			t->literal = xstrdup(n.s);
			t->length = strlen(t->literal);
			normal_free(&n);
			p += len;
			if (!t->literal[0]) {
				free(t->literal);
				continue; /* only spaces */
			}
		}
		out->count++;
	}
}

void pattern_free(pattern *p)
{
	for (size_t i = 0; i < p->count; i++) {
		free(p->tokens[i].literal);
		free(p->tokens[i].path);
	}
	free(p->tokens);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A printed number at s: [+-] digits with , grouping, . decimals, %. */
static size_t number_at(const char *s)
{
	size_t i = 0;
	if (s[i] == '-' || s[i] == '+')
		i++;
	if (!is_digit(s[i]))
		return 0;
	while (is_digit(s[i]))
		i++;
	while (s[i] == ',' && is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3]) &&
	       !is_digit(s[i + 4]))
		i += 4;
	if (s[i] == '.' && is_digit(s[i + 1])) {
		i++;
		while (is_digit(s[i]))
			i++;
	}
	if (s[i] == '%')
		i++;
	return i;
}

/* The length of a money unit printed at s, 0 if none. */
static size_t money_unit_at(const char *s)
{
	static const char *const units[] = { "百万元", "万元", "亿元", "千元", "元", NULL };
	for (const char *const *u = units; *u; u++)
		if (!strncmp(s, *u, strlen(*u)))
			return strlen(*u);
	return 0;
}

/* The length of a word printed between a label and its number ("为",
 * "是", a colon), 0 if none.  Not "约": an approximate number is not the
 * number. */
static size_t linking_word_at(const char *s)
{
	static const char *const words[] = { "为", "是", ":", "达", NULL };
	for (const char *const *w = words; *w; w++)
		if (!strncmp(s, *w, strlen(*w)))
			return strlen(*w);
	return 0;
}

/* Where a text capture may not reach: the end of a sentence. */
static bool sentence_end(char c)
{
	return c == ';' || c == '\0';
}


/* Match tokens[k..] at s + pos; spans of the captures in caps.  steps
 * bounds the backtracking a text capture may cause. */
static bool match_from(const pattern *pt, size_t k, const char *s, size_t pos, span *caps,
                       long *steps)
{
	if (--*steps < 0)
		return false;
	if (k == pt->count)
		return true;
	const token *t = &pt->tokens[k];
	switch (t->kind) {
	case TOK_LITERAL:
		return !strncmp(s + pos, t->literal, t->length) &&
		       match_from(pt, k + 1, s, pos + t->length, caps, steps);
	case TOK_YEAR:
		if (!(is_digit(s[pos]) && is_digit(s[pos + 1]) && is_digit(s[pos + 2]) && is_digit(s[pos + 3]) &&
		      !is_digit(s[pos + 4])))
			return false;
		caps[k] = (span){ pos, pos + 4 };
		return match_from(pt, k + 1, s, pos + 4, caps, steps);
	case TOK_NUMBER: {
		/* an amount with its unit ("383,506.13万元") when the rest
		 * matches after it, else the number alone; after a word that
		 * links it to its label ("全年预算数为383,506.13万元") */
		size_t n = number_at(s + pos);
		if (!n) {
			size_t link = linking_word_at(s + pos);
			if (!link || !number_at(s + pos + link))
				return false;
			pos += link;
			n = number_at(s + pos);
		}
		size_t u = s[pos + n - 1] == '%' ? 0 : money_unit_at(s + pos + n);
		if (u) {
			caps[k] = (span){ pos, pos + n + u };
			if (match_from(pt, k + 1, s, pos + n + u, caps, steps))
				return true;
		}
		caps[k] = (span){ pos, pos + n };
		return match_from(pt, k + 1, s, pos + n, caps, steps);
	}
	default: {
		/* text: the shortest that lets the rest match; at the end of
		 * the pattern, to the end of the sentence */
		size_t end = pos;
		if (k + 1 == pt->count) {
			while (!sentence_end(s[end]) && s[end] != '.' && !(s[end] == ',' && !is_digit(s[end + 1])))
				end++;
			/* a trailing "。" (kept as UTF-8) ends it too */
			const char *stop = strstr(s + pos, "。");
			if (stop && (size_t)(stop - s) < end)
				end = (size_t)(stop - s);
			if (end == pos)
				return false;
			caps[k] = (span){ pos, end };
			return true;
		}
		for (end = pos + 1; !sentence_end(s[end - 1]); end++) {
			if (((unsigned char)s[end] & 0xC0) == 0x80)
				continue; /* inside a character */
			caps[k] = (span){ pos, end };
			if (match_from(pt, k + 1, s, end, caps, steps))
				return true;
			if (*steps < 0)
				return false;
		}
		return false;
	}
	}
}

/* The first match of the pattern in the normalized text; false if none. */
bool pattern_match(const pattern *pt, const char *s, span *caps)
{
	long steps = 20000;
	size_t len = strlen(s);
	/* a pattern starting with a text capture is anchored at the start */
	size_t last = pt->anchored || (pt->count && pt->tokens[0].kind == TOK_TEXT) ? 0 : len;
	const token *first = pt->count ? &pt->tokens[0] : NULL;
	for (size_t pos = 0; pos <= last; pos++) {
		if (first && first->kind == TOK_LITERAL && last) {
			/* jump to where the leading text is */
			const char *at = strstr(s + pos, first->literal);
			if (!at)
				return false;
			pos = (size_t)(at - s);
		}
		if (pos && ((unsigned char)s[pos] & 0xC0) == 0x80)
			continue;
		if (match_from(pt, 0, s, pos, caps, &steps))
			return true;
		if (steps < 0)
			return false;
	}
	return false;
}

