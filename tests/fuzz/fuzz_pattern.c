/*
 * fuzz_pattern — libFuzzer target for the metered pattern functions
 * (lua_pattern.h), checked against Lua's own string library.
 *
 * The input is: one byte choosing the function and its extra arguments,
 * then the pattern, a NUL byte, and the subject.  Ours runs first, with a
 * meter that stops it after STEP_LIMIT steps; only when it finished is the
 * standard library run on the same call (its matcher is unmetered, and a
 * call that is cheap for one is cheap for the other).  Results, or the
 * fact of an error and its message, must be the same; a difference aborts,
 * so libFuzzer keeps the input.
 */
#include <lauxlib.h>
#include <lualib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_pattern.h"

#define STEP_LIMIT 2000000UL

static unsigned long steps;

static void meter(lua_State *L, void *ctx, unsigned long n)
{
	(void)ctx;
	steps += n;
	if (steps > STEP_LIMIT)
		luaL_error(L, "fuzz: step limit");
}

/* Runs CALL(fn, p, s, a, b) and returns a printable account of the
 * results; for gmatch, every match of the iteration. */
static const char driver[] =
	"local fn, p, s, a, b = ...\n"
	"local out = {}\n"
	"local function add(...)\n"
	"  local n = select('#', ...)\n"
	"  for i = 1, n do out[#out + 1] = tostring((select(i, ...))) end\n"
	"  out[#out + 1] = '|'\n"
	"end\n"
	"if fn.name == 'gmatch' then\n"
	"  local k = 0\n"
	"  for x, y in fn.f(s, p, a) do\n"
	"    add(x, y); k = k + 1\n"
	"    if k > 200 then break end\n"
	"  end\n"
	"elseif fn.name == 'gsub' then\n"
	"  add(fn.f(s, p, b, a))\n"
	"elseif fn.name == 'find' then\n"
	"  add(fn.f(s, p, a, b ~= nil))\n"
	"else\n"
	"  add(fn.f(s, p, a))\n"
	"end\n"
	"return table.concat(out, ',')\n";

static const char *const names[] = { "find", "match", "gmatch", "gsub" };

/* Push {name=, f=} for the standard or the metered function. */
static void push_fn(lua_State *L, int lib, const char *name)
{
	lua_newtable(L);
	lua_pushstring(L, name);
	lua_setfield(L, -2, "name");
	lua_getfield(L, lib, name);
	lua_setfield(L, -2, "f");
}

/* Run the driver; leaves the result or the error message on the stack and
 * returns the pcall status. */
static int run(lua_State *L, int chunk, int lib, const char *name, const char *p, size_t pl,
               const char *s, size_t sl, int a, const char *b)
{
	lua_pushvalue(L, chunk);
	push_fn(L, lib, name);
	lua_pushlstring(L, p, pl);
	lua_pushlstring(L, s, sl);
	if (a)
		lua_pushinteger(L, a);
	else
		lua_pushnil(L);
	if (b)
		lua_pushstring(L, b);
	else
		lua_pushnil(L);
	return lua_pcall(L, 5, 1, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2 || size > 512)
		return 0;
	unsigned char mode = data[0];
	const char *p = (const char *)data + 1;
	const char *nul = memchr(p, '\0', size - 1);
	size_t pl = nul ? (size_t)(nul - p) : size - 1;
	const char *s = nul ? nul + 1 : "";
	size_t sl = nul ? size - 1 - pl - 1 : 0;
	const char *name = names[mode & 3];
	static const int inits[] = { 0, 1, 2, -1, -3, 5, 100, -100 };
	int a = inits[(mode >> 2) & 7];
	static const char *const repls[] = { "%0", "<%1>", "x", "%%" };
	const char *b = !strcmp(name, "gsub") ? repls[(mode >> 5) & 3]
	                : (mode & 0x80) ? "plain" : NULL;

	lua_State *L = luaL_newstate();
	if (!L)
		return 0;
	luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
	luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
	luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
	lua_settop(L, 0);
	lua_getglobal(L, "string");
	int real = lua_gettop(L);
	lua_newtable(L);
	int ours = lua_gettop(L);
	pattern_install(L, ours, meter, NULL);
	if (luaL_loadbuffer(L, driver, sizeof driver - 1, "=driver") != LUA_OK)
		abort();
	int chunk = lua_gettop(L);

	steps = 0;
	int st_ours = run(L, chunk, ours, name, p, pl, s, sl, a, b);
	const char *r_ours = lua_tostring(L, -1);
	if (st_ours != LUA_OK && r_ours && strstr(r_ours, "fuzz: step limit")) {
		lua_close(L);
		return 0;
	}
	int st_real = run(L, chunk, real, name, p, pl, s, sl, a, b);
	const char *r_real = lua_tostring(L, -1);
	bool same = (st_ours == LUA_OK) == (st_real == LUA_OK);
	/* Errors: the messages agree apart from "bad argument" naming the
	 * function, which Lua finds through package.loaded. */
	if (same && r_ours && r_real && strcmp(r_ours, r_real) &&
	    !(st_ours != LUA_OK && strstr(r_ours, "bad argument")))
		same = false;
	if (!same) {
		fprintf(stderr, "fuzz_pattern: %s differs\n  ours (%d): %s\n  real (%d): %s\n", name,
		        st_ours, r_ours ? r_ours : "(null)", st_real, r_real ? r_real : "(null)");
		abort();
	}
	lua_close(L);
	return 0;
}
