/*
 * rules_pattern — see rules_pattern.h.
 *
 * A backtracking matcher written from the reference manual (§6.4.1) and
 * checked against the real library by tests/unit/test_rules_pattern.c.  Where
 * the manual is silent, the standard library's observable behaviour is the
 * specification: which malformed patterns are errors and with what
 * message, the recursion limit (200 nested attempts, "pattern too
 * complex"), that the character after the end of the subject counts as
 * '\0' for %f, that a position capture never equals a back-reference.
 *
 * Patterns and subjects are Lua strings, so they may contain '\0'; nothing
 * here relies on the terminator Lua puts after them: every read past an end
 * is explicit and yields what the standard library would have read there.
 */
#include "rules_pattern.h"

#include <ctype.h>
#include <lauxlib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ESC '%'
#define MAX_CAPTURES 32 /* LUA_MAXCAPTURES */
#define MAX_DEPTH 200   /* lstrlib's MAXCCALLS: also bounds our C stack */
#define SPECIALS "^$*+?.([%-"

/* Capture lengths that are not lengths. */
#define CAP_OPEN (-1)
#define CAP_POSITION (-2)

typedef struct capture {
	const char *start;
	ptrdiff_t len; /* or CAP_OPEN, CAP_POSITION */
} capture;

typedef struct matcher {
	lua_State *L;
	const char *src, *src_end;
	const char *pat_end;
	int depth;             /* nested match attempts still allowed */
	int level;             /* captures started */
	unsigned long pending; /* steps not yet handed to the meter */
	pattern_meter meter;
	void *ctx;
	capture cap[MAX_CAPTURES];
} matcher;

static void flush(matcher *m)
{
	unsigned long steps = m->pending;
	/* Zero first: the meter may not return. */
	m->pending = 0;
	if (m->meter && steps)
		m->meter(m->L, m->ctx, steps);
}

static inline void charge(matcher *m, unsigned long steps)
{
	m->pending += steps;
	if (m->pending >= LUA_PATTERN_METER_INTERVAL)
		flush(m);
}

static void init_matcher(matcher *m, lua_State *L, const char *s, size_t ls, const char *p,
                         size_t lp, pattern_meter meter, void *ctx)
{
	m->L = L;
	m->src = s;
	m->src_end = s + ls;
	m->pat_end = p + lp;
	m->depth = MAX_DEPTH;
	m->level = 0;
	m->pending = 0;
	m->meter = meter;
	m->ctx = ctx;
}

/* Before each attempt at a new start position. */
static void restart(matcher *m)
{
	m->level = 0;
	m->depth = MAX_DEPTH;
	charge(m, 1);
}

/* The pattern byte at p, or the '\0' the standard library finds at the end. */
static inline unsigned char pat_at(const matcher *m, const char *p)
{
	return p < m->pat_end ? (unsigned char)*p : '\0';
}

static inline unsigned char src_at(const matcher *m, const char *s)
{
	return s < m->src_end ? (unsigned char)*s : '\0';
}

/* ---- single characters ---------------------------------------------------- */

/* c against %cl: the ctype functions, as the standard library uses them, so
 * the classes follow the process locale exactly as string.find's do. */
static bool class_match(int c, int cl)
{
	bool res;
	switch (tolower(cl)) {
	case 'a': res = isalpha(c); break;
	case 'c': res = iscntrl(c); break;
	case 'd': res = isdigit(c); break;
	case 'g': res = isgraph(c); break;
	case 'l': res = islower(c); break;
	case 'p': res = ispunct(c); break;
	case 's': res = isspace(c); break;
	case 'u': res = isupper(c); break;
	case 'w': res = isalnum(c); break;
	case 'x': res = isxdigit(c); break;
	case 'z': res = c == '\0'; break; /* deprecated, but still there */
	default: return cl == c;          /* %. %% %q ...: the character itself */
	}
	return isupper(cl) ? !res : res;
}

/* c against the set [...] from p (its '[') to close (its ']'). */
static bool set_match(matcher *m, int c, const char *p, const char *close)
{
	bool inside = true;
	unsigned long examined = 0;
	if (p[1] == '^') {
		inside = false;
		p++;
	}
	bool found = false;
	while (++p < close) {
		examined++;
		if (*p == ESC) {
			p++;
			if (class_match(c, (unsigned char)*p)) {
				found = true;
				break;
			}
		} else if (p[1] == '-' && p + 2 < close) {
			/* a range; "a-" just before ']' is two characters */
			p += 2;
			if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p) {
				found = true;
				break;
			}
		} else if ((unsigned char)*p == c) {
			found = true;
			break;
		}
	}
	charge(m, examined);
	return found ? inside : !inside;
}

/* Where the single-character item at p ends (its quantifier, if any,
 * follows).  Raises the standard errors for an item cut short. */
static const char *item_end(matcher *m, const char *p)
{
	const char *start = p;
	switch (*p++) {
	case ESC:
		if (p >= m->pat_end)
			luaL_error(m->L, "malformed pattern (ends with '%%')");
		return p + 1;
	case '[':
		if (pat_at(m, p) == '^')
			p++;
		/* do-while: the first member is taken as is, so []] and [^]]
		 * are sets containing ']' */
		do {
			if (p >= m->pat_end)
				luaL_error(m->L, "malformed pattern (missing ']')");
			if (*p++ == ESC && p < m->pat_end)
				p++;
		} while (pat_at(m, p) != ']');
		charge(m, (unsigned long)(p - start));
		return p + 1;
	default: return p;
	}
}

/* Does the subject character at s match the item from p to ep? */
static bool single_match(matcher *m, const char *s, const char *p, const char *ep)
{
	charge(m, 1);
	if (s >= m->src_end)
		return false;
	int c = (unsigned char)*s;
	switch (*p) {
	case '.': return true;
	case ESC: return class_match(c, (unsigned char)p[1]);
	case '[': return set_match(m, c, p, ep - 1);
	default: return (unsigned char)*p == c;
	}
}

/* ---- the matcher ---------------------------------------------------------- */

static const char *match(matcher *m, const char *s, const char *p);

/* %bxy at p (pointing at x). */
static const char *match_balance(matcher *m, const char *s, const char *p)
{
	if (p + 1 >= m->pat_end)
		luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
	if (s >= m->src_end || *s != *p)
		return NULL;
	char open = p[0], close = p[1];
	const char *start = s;
	long nesting = 1;
	while (++s < m->src_end) {
		if (*s == close) {
			if (--nesting == 0) {
				charge(m, (unsigned long)(s - start));
				return s + 1;
			}
		} else if (*s == open) {
			nesting++;
		}
	}
	charge(m, (unsigned long)(s - start));
	return NULL;
}

/* %1..%9 in a pattern: the capture must exist and be closed. */
static int backref_index(matcher *m, int digit)
{
	int i = digit - '1';
	if (i < 0 || i >= m->level || m->cap[i].len == CAP_OPEN)
		return luaL_error(m->L, "invalid capture index %%%d", i + 1);
	return i;
}

static const char *match_backref(matcher *m, const char *s, int digit)
{
	const capture *c = &m->cap[backref_index(m, digit)];
	/* A position capture has a negative length: as a size it is huge and
	 * never fits, so "()%1" never matches, as in the standard library. */
	size_t len = (size_t)c->len;
	size_t left = (size_t)(m->src_end - s);
	if (left < len) {
		charge(m, 1);
		return NULL;
	}
	charge(m, 1 + len);
	return memcmp(c->start, s, len) == 0 ? s + len : NULL;
}

static const char *start_capture(matcher *m, const char *s, const char *p, ptrdiff_t what)
{
	if (m->level >= MAX_CAPTURES)
		luaL_error(m->L, "too many captures");
	m->cap[m->level].start = s;
	m->cap[m->level].len = what;
	m->level++;
	const char *res = match(m, s, p);
	if (!res)
		m->level--;
	return res;
}

static const char *end_capture(matcher *m, const char *s, const char *p)
{
	int i = m->level - 1;
	while (i >= 0 && m->cap[i].len != CAP_OPEN)
		i--;
	if (i < 0)
		luaL_error(m->L, "invalid pattern capture");
	m->cap[i].len = s - m->cap[i].start;
	const char *res = match(m, s, p);
	if (!res)
		m->cap[i].len = CAP_OPEN;
	return res;
}

/* item* (and item+ after its first match): longest first. */
static const char *max_expand(matcher *m, const char *s, const char *p, const char *ep)
{
	ptrdiff_t n = 0;
	while (single_match(m, s + n, p, ep))
		n++;
	for (; n >= 0; n--) {
		const char *res = match(m, s + n, ep + 1);
		if (res)
			return res;
	}
	return NULL;
}

/* item-: shortest first. */
static const char *min_expand(matcher *m, const char *s, const char *p, const char *ep)
{
	for (;;) {
		const char *res = match(m, s, ep + 1);
		if (res)
			return res;
		if (!single_match(m, s, p, ep))
			return NULL;
		s++;
	}
}

/*
 * The end of a match of pattern p at s, or NULL.  Where the rest of the
 * pattern is simply matched further on (a plain item, %b, %f, a
 * back-reference, an optional item that did not match), the loop goes round
 * instead of recursing, so that only quantifiers and captures count
 * against MAX_DEPTH — the same nesting the standard library counts, which
 * decides which patterns are "too complex".
 *
 * Long (about 90 lines) on purpose: one loop over the pattern, one switch
 * per item, every way out through `done`, which gives back the depth; cut
 * into functions, each would need to say whether to go round, stop or fail,
 * and the one exit that keeps the depth count right would be several.
 */
static const char *match(matcher *m, const char *s, const char *p)
{
	if (m->depth-- == 0)
		luaL_error(m->L, "pattern too complex");
	charge(m, 1);
	while (p < m->pat_end) {
		const char *ep;
		switch (*p) {
		case '(':
			if (pat_at(m, p + 1) == ')')
				s = start_capture(m, s, p + 2, CAP_POSITION);
			else
				s = start_capture(m, s, p + 1, CAP_OPEN);
			goto done;
		case ')': s = end_capture(m, s, p + 1); goto done;
		case '$':
			if (p + 1 != m->pat_end)
				break; /* an ordinary character */
			if (s != m->src_end)
				s = NULL;
			goto done;
		case ESC: {
			unsigned char what = pat_at(m, p + 1);
			if (what == 'b') {
				s = match_balance(m, s, p + 2);
				if (!s)
					goto done;
				p += 4;
				continue;
			}
			if (what == 'f') {
				p += 2;
				if (pat_at(m, p) != '[')
					luaL_error(m->L, "missing '[' after '%%f' in pattern");
				ep = item_end(m, p);
				int before = s == m->src ? '\0' : (unsigned char)s[-1];
				if (set_match(m, before, p, ep - 1) ||
				    !set_match(m, src_at(m, s), p, ep - 1)) {
					s = NULL;
					goto done;
				}
				p = ep;
				continue;
			}
			if (what >= '0' && what <= '9') {
				s = match_backref(m, s, what);
				if (!s)
					goto done;
				p += 2;
				continue;
			}
			break; /* a class such as %a */
		}
		default: break;
		}

		/* A single-character item with an optional quantifier. */
		ep = item_end(m, p);
		unsigned char quantifier = pat_at(m, ep);
		if (!single_match(m, s, p, ep)) {
			if (quantifier == '*' || quantifier == '?' || quantifier == '-') {
				p = ep + 1; /* zero repetitions are fine */
				continue;
			}
			s = NULL;
			goto done;
		}
		switch (quantifier) {
		case '?': {
			const char *res = match(m, s + 1, ep + 1);
			if (res) {
				s = res;
				goto done;
			}
			p = ep + 1;
			continue;
		}
		case '+': s = max_expand(m, s + 1, p, ep); goto done;
		case '*': s = max_expand(m, s, p, ep); goto done;
		case '-': s = min_expand(m, s, p, ep); goto done;
		default:
			s++;
			p = ep;
			continue;
		}
	}
done:
	m->depth++;
	return s;
}

/* ---- captures as Lua values ----------------------------------------------- */

/*
 * Capture i of the match [s, e): its text in *text, its length returned; a
 * position capture pushes its position and returns CAP_POSITION.  Without
 * captures, "capture 0" is the whole match.
 */
static ptrdiff_t get_capture(matcher *m, int i, const char *s, const char *e, const char **text)
{
	if (i >= m->level) {
		if (i != 0)
			luaL_error(m->L, "invalid capture index %%%d", i + 1);
		*text = s;
		return e - s;
	}
	ptrdiff_t len = m->cap[i].len;
	*text = m->cap[i].start;
	if (len == CAP_OPEN)
		luaL_error(m->L, "unfinished capture");
	if (len == CAP_POSITION)
		lua_pushinteger(m->L, (lua_Integer)(m->cap[i].start - m->src) + 1);
	return len;
}

static void push_capture(matcher *m, int i, const char *s, const char *e)
{
	const char *text;
	ptrdiff_t len = get_capture(m, i, s, e, &text);
	if (len != CAP_POSITION)
		lua_pushlstring(m->L, text, (size_t)len);
}

/* All captures (the whole match when there are none and s is given). */
static int push_captures(matcher *m, const char *s, const char *e)
{
	int n = m->level == 0 && s ? 1 : m->level;
	luaL_checkstack(m->L, n, "too many captures");
	for (int i = 0; i < n; i++)
		push_capture(m, i, s, e);
	return n;
}

/* ---- the library functions ------------------------------------------------ */

static pattern_meter upvalue_meter(lua_State *L)
{
	return (pattern_meter)(uintptr_t)lua_touserdata(L, lua_upvalueindex(1));
}

static void *upvalue_ctx(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(2));
}

/* An init argument as a 1-based position: negative counts from the end,
 * anything before the start is the start.  May exceed len + 1. */
static size_t start_position(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 1;
	return len + (size_t)pos + 1;
}

static bool has_specials(matcher *m, const char *p, size_t lp)
{
	charge(m, lp);
	for (size_t i = 0; i < lp; i++)
		if (memchr(SPECIALS, p[i], sizeof SPECIALS - 1))
			return true;
	return false;
}

/* The first needle in the haystack, charging every byte looked at. */
static const char *plain_find(matcher *m, const char *hay, size_t hay_len, const char *needle,
                              size_t len)
{
	if (len == 0)
		return hay;
	if (len > hay_len)
		return NULL;
	const char *last = hay + (hay_len - len); /* last possible start */
	const char *from = hay;
	while (from <= last) {
		const char *hit = memchr(from, needle[0], (size_t)(last - from) + 1);
		if (!hit) {
			charge(m, (unsigned long)(last - from) + 1);
			return NULL;
		}
		size_t same = 1;
		while (same < len && hit[same] == needle[same])
			same++;
		charge(m, (unsigned long)(hit - from) + same);
		if (same == len)
			return hit;
		from = hit + 1;
	}
	return NULL;
}

static int find_or_match(lua_State *L, bool find)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	matcher m;
	init_matcher(&m, L, s, ls, p, lp, upvalue_meter(L), upvalue_ctx(L));
	if (find && (lua_toboolean(L, 4) || !has_specials(&m, p, lp))) {
		const char *hit = plain_find(&m, s + init, ls - init, p, lp);
		flush(&m);
		if (!hit) {
			luaL_pushfail(L);
			return 1;
		}
		lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
		lua_pushinteger(L, (lua_Integer)(hit - s) + (lua_Integer)lp);
		return 2;
	}
	bool anchored = lp > 0 && *p == '^';
	if (anchored)
		p++; /* the end of the pattern stays where it is */
	const char *from = s + init;
	do {
		restart(&m);
		const char *e = match(&m, from, p);
		if (e) {
			flush(&m);
			if (!find)
				return push_captures(&m, from, e);
			lua_pushinteger(L, (lua_Integer)(from - s) + 1);
			lua_pushinteger(L, (lua_Integer)(e - s));
			return push_captures(&m, NULL, NULL) + 2;
		}
	} while (from++ < m.src_end && !anchored);
	flush(&m);
	luaL_pushfail(L);
	return 1;
}

static int pattern_find(lua_State *L)
{
	return find_or_match(L, true);
}

static int pattern_match(lua_State *L)
{
	return find_or_match(L, false);
}

/* Between two calls of a gmatch iterator: offsets, since the strings are
 * the iterator's upvalues. */
typedef struct gmatch_state {
	size_t next;    /* where the next search starts */
	ptrdiff_t last; /* end of the previous match; -1 before the first */
	pattern_meter meter;
	void *ctx;
} gmatch_state;

static int gmatch_step(lua_State *L)
{
	size_t ls, lp;
	const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
	const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
	gmatch_state *g = lua_touserdata(L, lua_upvalueindex(3));
	if (g->next > ls)
		return 0;
	matcher m;
	init_matcher(&m, L, s, ls, p, lp, g->meter, g->ctx);
	/* '^' is an ordinary character here: an anchor would stop the
	 * iteration after one match. */
	for (const char *from = s + g->next; from <= m.src_end; from++) {
		restart(&m);
		const char *e = match(&m, from, p);
		/* An empty match right where the previous one ended is no
		 * match: "abc":gmatch("%a*") gives "abc" only. */
		if (e && !(g->last >= 0 && e == s + g->last)) {
			g->next = (size_t)(e - s);
			g->last = e - s;
			flush(&m);
			return push_captures(&m, from, e);
		}
	}
	flush(&m);
	return 0;
}

static int pattern_gmatch(lua_State *L)
{
	size_t ls, lp;
	luaL_checklstring(L, 1, &ls);
	luaL_checklstring(L, 2, &lp);
	size_t init = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
	lua_settop(L, 2); /* the strings become upvalues: they must stay alive */
	gmatch_state *g = lua_newuserdatauv(L, sizeof *g, 0);
	g->next = init > ls ? ls + 1 : init;
	g->last = -1;
	g->meter = upvalue_meter(L);
	g->ctx = upvalue_ctx(L);
	lua_pushcclosure(L, gmatch_step, 3);
	return 1;
}

/* A string replacement: %0-%9 and %% expanded. */
static void add_template(matcher *m, luaL_Buffer *b, const char *s, const char *e)
{
	lua_State *L = m->L;
	size_t left;
	const char *t = lua_tolstring(L, 3, &left);
	charge(m, left + 1);
	const char *esc;
	while ((esc = memchr(t, ESC, left)) != NULL) {
		luaL_addlstring(b, t, (size_t)(esc - t));
		/* A '%' at the very end is followed by Lua's '\0': an error. */
		unsigned char c = esc + 1 < t + left ? (unsigned char)esc[1] : '\0';
		if (c == ESC) {
			luaL_addchar(b, ESC);
		} else if (c == '0') {
			luaL_addlstring(b, s, (size_t)(e - s));
			charge(m, (unsigned long)(e - s));
		} else if (isdigit(c)) {
			const char *text;
			ptrdiff_t len = get_capture(m, c - '1', s, e, &text);
			if (len == CAP_POSITION) {
				luaL_addvalue(b); /* the position get_capture pushed */
			} else {
				luaL_addlstring(b, text, (size_t)len);
				/* "%1%1%1..." copies far more than the match */
				charge(m, (unsigned long)len);
			}
		} else {
			luaL_error(L, "invalid use of '%c' in replacement string", ESC);
		}
		left -= (size_t)(esc + 2 - t);
		t = esc + 2;
	}
	luaL_addlstring(b, t, left);
}

/* Add the replacement of the match [s, e); true if it changed the text. */
static bool add_replacement(matcher *m, luaL_Buffer *b, const char *s, const char *e, int type)
{
	lua_State *L = m->L;
	if (type == LUA_TFUNCTION) {
		lua_pushvalue(L, 3);
		int n = push_captures(m, s, e);
		lua_call(L, n, 1);
	} else if (type == LUA_TTABLE) {
		push_capture(m, 0, s, e);
		lua_gettable(L, 3);
	} else {
		add_template(m, b, s, e);
		return true;
	}
	if (!lua_toboolean(L, -1)) {
		/* false or nil: the match stays as it was */
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));
		return false;
	}
	if (!lua_isstring(L, -1))
		luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
	luaL_addvalue(b);
	return true;
}

static int pattern_gsub(lua_State *L)
{
	size_t ls, lp;
	const char *src = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	int type = lua_type(L, 3);
	lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
	luaL_argexpected(L,
	                 type == LUA_TNUMBER || type == LUA_TSTRING || type == LUA_TFUNCTION ||
	                     type == LUA_TTABLE,
	                 3, "string/function/table");
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	bool anchored = lp > 0 && *p == '^';
	if (anchored) {
		p++;
		lp--;
	}
	matcher m;
	init_matcher(&m, L, src, ls, p, lp, upvalue_meter(L), upvalue_ctx(L));
	const char *last = NULL;
	lua_Integer n = 0;
	bool changed = false;
	while (n < max) {
		restart(&m);
		const char *e = match(&m, src, p);
		if (e && e != last) {
			n++;
			changed = add_replacement(&m, &b, src, e, type) || changed;
			src = last = e;
		} else if (src < m.src_end) {
			luaL_addchar(&b, *src++);
		} else {
			break;
		}
		if (anchored)
			break;
	}
	flush(&m);
	if (changed) {
		luaL_addlstring(&b, src, (size_t)(m.src_end - src));
		luaL_pushresult(&b);
	} else {
		lua_pushvalue(L, 1); /* the very same string */
	}
	lua_pushinteger(L, n);
	return 2;
}

void pattern_install(lua_State *L, int lib_index, pattern_meter meter, void *ctx)
{
	static const luaL_Reg functions[] = {
	    {"find", pattern_find},
	    {"match", pattern_match},
	    {"gmatch", pattern_gmatch},
	    {"gsub", pattern_gsub},
	};
	lib_index = lua_absindex(L, lib_index);
	for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
		/* A function pointer in a light userdata: fine on every platform
		 * Lua itself supports (lua_CFunction relies on the same). */
		lua_pushlightuserdata(L, (void *)(uintptr_t)meter);
		lua_pushlightuserdata(L, ctx);
		lua_pushcclosure(L, functions[i].func, 2);
		lua_setfield(L, lib_index, functions[i].name);
	}
}
