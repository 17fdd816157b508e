/*
 * rules_helpers — the pure functions of the rule API: exact decimal
 * arithmetic (round, ratio, percent, sum, same_at_precision, fixed), dates
 * (days_between, is_date) and grade_for.  They read nothing of the report
 * and record nothing.
 */
#include "rules_internal.h"

#include <lauxlib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_decimal.h"

static int check_places(lua_State *L, int arg, int fallback)
{
	lua_Integer p = luaL_optinteger(L, arg, fallback);
	luaL_argcheck(L, p >= 0 && p <= DEC_MAX_SCALE, arg, "places must be 0..18");
	return (int)p;
}

static int api_round(lua_State *L)
{
	decimal d = ldec_check(L, 1), out;
	int places = check_places(L, 2, 0);
	if (!dec_round(d, places, &out))
		return luaL_error(L, "decimal overflow in 'round'");
	ldec_push(L, out);
	return 1;
}

/* ratio(a, b [, places]): a / b, exactly rounded; nil when b is zero. */
static int api_ratio(lua_State *L)
{
	decimal a = ldec_check(L, 1), b = ldec_check(L, 2), out;
	int places = check_places(L, 3, DEC_DIV_SCALE);
	if (dec_is_zero(b)) {
		lua_pushnil(L);
		return 1;
	}
	if (!dec_div(a, b, places, &out))
		return luaL_error(L, "decimal overflow in 'ratio'");
	ldec_push(L, out);
	return 1;
}

/* percent(a, b [, places]): a / b × 100; nil when b is zero. */
static int api_percent(lua_State *L)
{
	decimal a = ldec_check(L, 1), b = ldec_check(L, 2), out, scaled;
	int places = check_places(L, 3, DEC_DIV_SCALE - 2);
	if (dec_is_zero(b)) {
		lua_pushnil(L);
		return 1;
	}
	if (!dec_shift(a, 2, &scaled) || !dec_div(scaled, b, places, &out))
		return luaL_error(L, "decimal overflow in 'percent'");
	ldec_push(L, out);
	return 1;
}

/* sum(list [, field]): the exact sum of the numbers in a list (or of one
 * field of each item), and how many there were; non-numbers are skipped. */
/* Add the value on top of the stack to *total when it is a number, and
 * pop it; false on overflow. */
static bool sum_top(lua_State *L, decimal *total, lua_Integer *count)
{
	decimal d;
	bool ok = true;
	if (ldec_to(L, -1, &d)) {
		ok = dec_add(*total, d, total);
		*count += ok;
	}
	lua_pop(L, 1);
	return ok;
}

#define SUM_CHUNK 1024

static int api_sum(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	const char *field = luaL_optstring(L, 2, NULL);
	decimal total = dec_from_int(0);
	lua_Integer count = 0;
	/* The length is taken once, and the loop charges as it goes, every
	 * SUM_CHUNK items: a __len answering math.maxinteger once looped in C
	 * for ever, deaf to SIGTERM. */
	lua_Integer n = luaL_len(L, 1);
	for (lua_Integer i = 1; i <= n; i++) {
		if (i % SUM_CHUNK == 0)
			sandbox_charge(L, SUM_CHUNK);
		lua_geti(L, 1, i);
		bool ok = true;
		if (!field) {
			ok = sum_top(L, &total, &count);
		} else {
			if (lua_istable(L, -1)) {
				lua_getfield(L, -1, field);
				ok = sum_top(L, &total, &count);
			}
			lua_pop(L, 1);
		}
		if (!ok)
			return luaL_error(L, "decimal overflow in 'sum'");
	}
	sandbox_charge(L, 1 + (n > 0 ? (unsigned long)(n % SUM_CHUNK) : 0));
	ldec_push(L, total);
	lua_pushinteger(L, count);
	return 2;
}

/* same_at_precision(printed, exact): does `exact`, rounded half away from
 * zero to the places `printed` was written with, equal it?  Also returns
 * that rounded value, for the message. */
static int api_same_at_precision(lua_State *L)
{
	decimal printed = ldec_check(L, 1), exact = ldec_check(L, 2), rounded;
	if (!dec_round(exact, printed.scale, &rounded))
		return luaL_error(L, "decimal overflow in 'same_at_precision'");
	lua_pushboolean(L, dec_cmp(rounded, printed) == 0);
	ldec_push(L, rounded);
	return 2;
}

/* Days since 1970-01-01 of an ISO date "YYYY-MM-DD"; false if invalid. */
static bool iso_days(const char *s, long *days)
{
	int y, m, d;
	char tail;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(s) != 10)
		return false;
	static const int month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 ||
	    d > month_days[m - 1] + (m == 2 && leap))
		return false;
	/* days_from_civil (Howard Hinnant's algorithm) */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*days = era * 146097 + doe - 719468;
	return true;
}

static long check_date(lua_State *L, int arg)
{
	const char *s = lua_tostring(L, arg);
	long days;
	if (!s || lua_rawlen(L, arg) != 10 || !iso_days(s, &days))
		luaL_error(L, "bad argument #%d to 'days_between' (date YYYY-MM-DD expected, got %s)",
		           arg, s ? s : luaL_typename(L, arg));
	return days;
}

/* days_between(from, to): whole days from one ISO date to another. */
static int api_days_between(lua_State *L)
{
	long a = check_date(L, 1), b = check_date(L, 2);
	lua_pushinteger(L, b - a);
	return 1;
}

static int api_is_date(lua_State *L)
{
	/* A date has ten characters: a longer string is not read at all. */
	const char *s = lua_type(L, 1) == LUA_TSTRING && lua_rawlen(L, 1) == 10 ? lua_tostring(L, 1) : NULL;
	long days;
	lua_pushboolean(L, s && iso_days(s, &days));
	return 1;
}

static int api_grade_for(lua_State *L)
{
	decimal total = ldec_check(L, 1);
	const char *g = score_grade_for(ruleset_bands(rules_from_state(L)), total);
	if (g)
		lua_pushstring(L, g);
	else
		lua_pushnil(L);
	return 1;
}

/* fixed(x, places): x as text with exactly `places` decimal places
 * (half away from zero): fixed(312.6, 2) is "312.60". */
static int api_fixed(lua_State *L)
{
	decimal d = ldec_check(L, 1), out;
	int places = check_places(L, 2, 2);
	if (!dec_rescale(d, places, &out))
		return luaL_error(L, "decimal overflow in 'fixed'");
	char buf[DEC_BUFSIZE];
	dec_format(out, buf);
	lua_pushstring(L, buf);
	return 1;
}

const luaL_Reg rules_helper_api[] = {
	{ "round", api_round },
	{ "ratio", api_ratio },
	{ "percent", api_percent },
	{ "sum", api_sum },
	{ "same_at_precision", api_same_at_precision },
	{ "days_between", api_days_between },
	{ "is_date", api_is_date },
	{ "grade_for", api_grade_for },
	{ "fixed", api_fixed },
	{ NULL, NULL },
};
