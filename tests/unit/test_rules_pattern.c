/*
 * Unit tests for rules_pattern.c: the metered find, match, gmatch and gsub
 * compared with the real string library, case by case and on random
 * patterns, and the meter itself: that it stops a pattern which would
 * otherwise backtrack for ages, and that ordinary matching costs what it
 * should.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <lualib.h>
#include <string.h>
#include <time.h>

#include "rules_pattern.h"

/* Random differential cases: enough to reach every error path many times,
 * few enough to stay well under a second under ASan. */
#define RANDOM_ITERATIONS 2500

/* What the catastrophic-pattern test allows before the meter raises. */
#define STEP_LIMIT 10000000UL

typedef struct meter_log {
	unsigned long total;
	unsigned long calls;
	unsigned long small_calls; /* calls with less than one interval */
	unsigned long limit;       /* raise once total exceeds it; 0: never */
} meter_log;

static void record(lua_State *L, void *ctx, unsigned long steps)
{
	meter_log *log = ctx;
	log->total += steps;
	log->calls++;
	if (steps < LUA_PATTERN_METER_INTERVAL)
		log->small_calls++;
	if (log->limit && log->total > log->limit)
		luaL_error(L, "step limit reached");
}

/*
 * A state with the standard libraries, `mine` (the functions under test,
 * unmetered) and `metered` (metered into the fixture's log).
 */
typedef struct fixture {
	lua_State *L;
	meter_log log;
} fixture;

static int setup(void **state)
{
	fixture *f = test_calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	f->L = luaL_newstate();
	if (f->L == NULL)
		return -1;
	luaL_openlibs(f->L);
	lua_newtable(f->L);
	pattern_install(f->L, -1, NULL, NULL);
	lua_setglobal(f->L, "mine");
	lua_newtable(f->L);
	pattern_install(f->L, lua_gettop(f->L), record, &f->log);
	lua_setglobal(f->L, "metered");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	lua_close(f->L);
	test_free(f);
	return 0;
}

/* The differential driver.  Called with (mine, mode, iterations); returns
 * the number of cases, how many of them were errors in the real library,
 * and a description of the first mismatches ("" when there are none). */
// clang-format off
static const char differential_lua[] =
	"-- Every case runs through the real string library and through `mine`;\n"
	"-- the results, or the errors after normalisation, must be identical.\n"
	"local mine, mode, iterations = ...\n"
	"local real = string\n"
	"local count, errors, failures = 0, 0, {}\n"
	"\n"
	"local function ser(v)\n"
	"  local t = type(v)\n"
	"  if t == 'string' then\n"
	"    return string.format('%q', v)\n"
	"  elseif t == 'number' then\n"
	"    return math.type(v) .. ':' .. tostring(v)\n"
	"  elseif t == 'table' then\n"
	"    local parts = {}\n"
	"    for i = 1, v.n or #v do\n"
	"      parts[#parts + 1] = ser(v[i])\n"
	"    end\n"
	"    return '{' .. table.concat(parts, ',') .. '}'\n"
	"  end\n"
	"  return tostring(v)\n"
	"end\n"
	"\n"
	"-- Positions differ with the caller, and so do function names in \"bad\n"
	"-- argument\" messages (the real ones are found in package.loaded).\n"
	"local function normalise(e)\n"
	"  if type(e) ~= 'string' then\n"
	"    return 'error object ' .. ser(e)\n"
	"  end\n"
	"  e = e:gsub('^[^\\n]-:%d+: ', '')\n"
	"  e = e:gsub(\"bad argument #(%d+) to '[^']*'\", \"bad argument #%1 to '?'\")\n"
	"  return 'error: ' .. e\n"
	"end\n"
	"\n"
	"local function run(lib, fname, args)\n"
	"  local f = lib[fname]\n"
	"  local r\n"
	"  if fname == 'gmatch' then\n"
	"    r = table.pack(pcall(function()\n"
	"      local out = { n = 0 }\n"
	"      local it = f(table.unpack(args, 1, args.n))\n"
	"      for _ = 1, 50 do\n"
	"        local step = table.pack(it())\n"
	"        out.n = out.n + 1\n"
	"        out[out.n] = step\n"
	"        if step.n == 0 then\n"
	"          break\n"
	"        end\n"
	"      end\n"
	"      return out\n"
	"    end))\n"
	"  else\n"
	"    r = table.pack(pcall(f, table.unpack(args, 1, args.n)))\n"
	"  end\n"
	"  if not r[1] then\n"
	"    return normalise(r[2])\n"
	"  end\n"
	"  return ser(table.pack(table.unpack(r, 2, r.n)))\n"
	"end\n"
	"\n"
	"local function check(fname, ...)\n"
	"  local args = table.pack(...)\n"
	"  local a, b = run(real, fname, args), run(mine, fname, args)\n"
	"  count = count + 1\n"
	"  if a:sub(1, 6) == 'error:' then\n"
	"    errors = errors + 1\n"
	"  end\n"
	"  if a ~= b and #failures < 20 then\n"
	"    failures[#failures + 1] = fname .. ser(args) .. '\\n  real: ' .. a .. '\\n  mine: ' .. b\n"
	"  end\n"
	"end\n"
	"\n"
	"local function joined(...)\n"
	"  local t = table.pack(...)\n"
	"  for i = 1, t.n do\n"
	"    t[i] = tostring(t[i])\n"
	"  end\n"
	"  return '[' .. table.concat(t, '|', 1, t.n) .. ']'\n"
	"end\n"
	"\n"
	"local lookup = { a = 'A', b = false, ['1'] = 'one', hello = 'HI', [' '] = '_' }\n"
	"\n"
	"-- find, match, gmatch and three kinds of gsub of one pattern.\n"
	"local function all(s, p)\n"
	"  check('find', s, p)\n"
	"  check('match', s, p)\n"
	"  check('gmatch', s, p)\n"
	"  check('gsub', s, p, '<%0>')\n"
	"  check('gsub', s, p, joined)\n"
	"  check('gsub', s, p, lookup)\n"
	"end\n"
	"\n"
	"local function fixed_cases()\n"
	"  local text = 'Hello World_42 \\t\\n(a(b)c) [x] {y} a.b,c;d \"q\" \\'r\\' 0xFF -3.5e2 caf\\xc3\\xa9 \\x80\\xff\\0z'\n"
	"\n"
	"  -- character classes and their complements\n"
	"  for _, c in ipairs({ 'a', 'c', 'd', 'g', 'l', 'p', 's', 'u', 'w', 'x' }) do\n"
	"    all(text, '%' .. c .. '+')\n"
	"    all(text, '%' .. c:upper() .. '+')\n"
	"    all(text, '[%' .. c .. ']')\n"
	"    all(text, '[^%' .. c .. ']+')\n"
	"  end\n"
	"  -- escapes of non-alphanumerics, and letters that are not classes\n"
	"  for _, p in ipairs({ '%.', '%%', '%(', '%)', '%[', '%]', '%-', '%*', '%+', '%?', '%^', '%$',\n"
	"    '%z', '%q', '%_', '%,', '%\\0', '%\\xff' }) do\n"
	"    all(text .. '%$^*+?-.', p)\n"
	"  end\n"
	"  -- single characters, dot, quantifiers\n"
	"  for _, p in ipairs({ '.', '..', '.-', '.*', '.+', '.?', 'a.b', 'l+', 'l*', 'l-', 'l?', 'x*',\n"
	"    'x+', 'x-', 'x?', 'Hel-o', 'Hel*o', 'Hel?lo', 'Hel+o', 'He.-o', 'o.-o', 'o.*o', 'l-o',\n"
	"    'a?a?a?aaa', '[ab]-b', '.-b', '%d+%.?%d*', '[+-]?%d+', '%s*', '%w*', '%a-%d' }) do\n"
	"    all(text, p)\n"
	"    all('aaab', p)\n"
	"    all('', p)\n"
	"  end\n"
	"  -- sets\n"
	"  for _, p in ipairs({ '[abc]+', '[^abc]+', '[a-f]+', '[%d%s]+', '[%a_][%w_]*', '[]]', '[]a]+',\n"
	"    '[^]]+', '[a-]+', '[-a]+', '[%]]', '[%-]', '[a%-z]+', '[z-a]', '[^%d]', '[.]', '[%.]',\n"
	"    '[^^]', '[a^]', '[\\0-\\31]+', '[%w.,;]+', '[a-c-e]+', '[%a-z]+', '[^%s%p]+', '[]-a]+',\n"
	"    '[\\x80-\\xff]+', '[^\\0-\\x7f]', '[---]', '[%]-]+', '[[]', '[^[]+', '[(]', '[)]' }) do\n"
	"    all(text, p)\n"
	"  end\n"
	"  -- anchors\n"
	"  for _, s in ipairs({ 'abc', 'aaa', '', '$', '^abc$', 'a$b' }) do\n"
	"    for _, p in ipairs({ '^abc', '^b', 'abc$', '^$', '$', '^', 'a$b', '^^', '$$', '%$',\n"
	"      '^a*', 'c$', '^.-$', '^(a)', '^()', 'b*$', '^abc$', '^%^' }) do\n"
	"      all(s, p)\n"
	"    end\n"
	"  end\n"
	"  -- captures\n"
	"  for _, p in ipairs({ '(a)(b)(c)', '()a()', '(l)(l)(o)', '((l)(o))', '(l*)', '()', '(()l())',\n"
	"    '(.-)%s', '(%w+)=(%w+)', '(%a+) (%a+)', '(h?)(e?)', '((((((((((a))))))))))', '(x*)',\n"
	"    '()(x*)()', '(o)(.-)(o)', '%s(%S+)%s' }) do\n"
	"    all('hello world key=val abc', p)\n"
	"  end\n"
	"  -- back-references\n"
	"  for _, p in ipairs({ '(a)%1', '([\"\\'])(.-)%1', '(.)%1', '()%1', '(%w+) %1', '(l)%1', '(.)(.)%2%1',\n"
	"    '(a*)%1b', '(x*)%1' }) do\n"
	"    all('\"quoted\" \\'single\\' hello aa abba aaab aaaab word word', p)\n"
	"  end\n"
	"  -- %b and %f\n"
	"  for _, p in ipairs({ '%b()', '%b{}', '%b((', '%b))', '%b)(', '%b()x', 'a%b()', '%b[]', '%b\"\"',\n"
	"    '%f[%w]%w+', '%f[%W]', '%f[%a]', '%f[%l]', '%f[%c]', '%f[\\0]', '%f[^%s]', '%f[%d]%d+',\n"
	"    '%f[%w](%w+)%f[%W]', '%f[]]', '%f[%a]$', '^%f[%a]', '%f[a]a*', '%f[%W]%s*' }) do\n"
	"    all('f(a(b)c) {x{y}} ((( ))) [a] \"s\" THE (quick) brown fox', p)\n"
	"    all('', p)\n"
	"  end\n"
	"  -- malformed patterns and invalid captures\n"
	"  for _, p in ipairs({ '%', 'a%', '[', '[a', '[^', '[%', '[a%]', '[%]', '[^]', '[]', '(', '((',\n"
	"    '(()', ')', 'a)', '(a))', '%1', '(%1)', '(a%1)', '%0', '(a)%2', '%b', '%bx', 'a%b(', '%f',\n"
	"    '%fx', '%f[a', '%f[', '%g%', '%9', '(a)(b)%3', '[a-', '[%a-', 'a[', 'x*[', '%f[%w]%' }) do\n"
	"    all('abc (a) x', p)\n"
	"    all('', p)\n"
	"  end\n"
	"  -- captures and depth limits\n"
	"  for k = 30, 34 do\n"
	"    all(('a'):rep(k), ('(a)'):rep(k))\n"
	"    all(('a'):rep(k), ('()'):rep(k))\n"
	"    all(('a'):rep(k), ('('):rep(k) .. ('a'):rep(k) .. (')'):rep(k))\n"
	"  end\n"
	"  for k = 195, 205 do\n"
	"    check('find', ('a'):rep(k), ('a?'):rep(k))\n"
	"    check('match', ('a'):rep(k), ('a*'):rep(k) .. 'b?')\n"
	"    check('find', ('a'):rep(k) .. 'b', ('a-'):rep(k) .. 'b')\n"
	"    check('gsub', ('ab'):rep(k), ('(a)b'):rep(k), '%1')\n"
	"    check('find', ('a'):rep(k), ('a?'):rep(k), 1, true)\n"
	"  end\n"
	"  -- find: init and plain\n"
	"  for init = -8, 8 do\n"
	"    check('find', 'hello', 'l', init)\n"
	"    check('find', 'hello', 'l+', init)\n"
	"    check('find', 'hello', '', init)\n"
	"    check('find', 'hello', 'l', init, true)\n"
	"    check('find', 'hello', '^l', init)\n"
	"    check('find', 'hello', '()', init)\n"
	"    check('match', 'hello', '.', init)\n"
	"    check('match', 'hello', '()$', init)\n"
	"    check('match', 'hello', '', init)\n"
	"    check('gmatch', 'hello', '.', init)\n"
	"    check('gmatch', 'hello', '', init)\n"
	"  end\n"
	"  for _, args in ipairs({\n"
	"    { 'abc', '', 10 }, { 'abc', '', 4 }, { 'abc', '', 5 }, { '', '' }, { '', '', 2 }, { '', '', 1 },\n"
	"    { '', 'a' }, { 'abc', 'c', -1 }, { 'abc', 'a', -100 }, { 'abc', 'b', 0 }, { 'abc', 'b', 2.0 },\n"
	"    { 'abc', 'b', '2' }, { 'abc', 'b', 1.5 }, { 'abc', 'b', {} }, { 'abc', 'b', 'x' },\n"
	"    { 'abc', 'b', math.maxinteger }, { 'abc', 'b', math.mininteger },\n"
	"    { 'a.b*c', '.b*', 1, true }, { 'a+b', '+', 1, true }, { 'a.b', '.', 1, 1 },\n"
	"    { 'a.b', '.', 1, false }, { 'a.b', '.', nil, true }, { 'a.b', '%.', 1, true },\n"
	"    { 'a)b', ')' }, { 'a]b', ']' }, { 'a)b', ')', 1, true }, { 'a\\0b', '\\0' }, { 'a\\0b', '%z' },\n"
	"    { 'a\\0b', 'b', 1, true }, { 'a\\0b', '\\0b+' }, { 'a\\0b', '[\\0-a]+' }, { 'ab\\0cd', 'b\\0c' },\n"
	"    { 'aaab', 'aab' }, { 'abababc', 'ababc' }, { 'xyz', 'xyzw' }, { 'x', 'x', 2 },\n"
	"    { 12345, 3 }, { 'a1', 1 }, { 12.5, '%.' }, {}, { 'a' }, { {}, 'a' }, { nil, 'a' },\n"
	"    { 'a', {} }, { 'a', nil },\n"
	"  }) do\n"
	"    local n = 0\n"
	"    for k in pairs(args) do\n"
	"      n = math.max(n, k)\n"
	"    end\n"
	"    args.n = n\n"
	"    check('find', table.unpack(args, 1, n))\n"
	"    check('match', table.unpack(args, 1, math.min(n, 3)))\n"
	"    check('gmatch', table.unpack(args, 1, math.min(n, 3)))\n"
	"  end\n"
	"  -- gsub: replacement strings\n"
	"  for _, r in ipairs({ '%1', '%0', '%%', '%2', '%', '%a', 'x%', '%%%1%%', '[%1|%2]', '%1%1',\n"
	"    '%9', '%00', '', 'plain', '%\\0', '%-' }) do\n"
	"    check('gsub', 'hello world', '(o)', r)\n"
	"    check('gsub', 'hello world', 'o', r)\n"
	"    check('gsub', 'hello world', '(l)(l)', r)\n"
	"    check('gsub', 'hello world', '()ll', r)\n"
	"    check('gsub', 'hello world', 'xyz', r)\n"
	"    check('gsub', 'hello world', '(l', r)\n"
	"  end\n"
	"  -- gsub: other replacements and the maximum\n"
	"  local function returns(v)\n"
	"    return function()\n"
	"      return v\n"
	"    end\n"
	"  end\n"
	"  local replacements = table.pack(5, 2.5, -0.0, math.maxinteger, lookup, { hello = true },\n"
	"    { hello = 7 }, { hello = {} }, returns(nil), returns(false), returns(3), returns('x'),\n"
	"    returns({}), returns(true), joined,\n"
	"    setmetatable({}, { __index = function(_, k) return tostring(k):upper() end }),\n"
	"    function() error('boom') end, function() error({}) end, true, nil, false)\n"
	"  for i = 1, replacements.n do\n"
	"    local r = replacements[i]\n"
	"    check('gsub', 'hello world', '%w+', r)\n"
	"    check('gsub', 'hello world', '(%w+) (%w+)', r)\n"
	"    check('gsub', 'hello world', '()%w+()', r)\n"
	"    check('gsub', 'hello world', 'x', r)\n"
	"  end\n"
	"  for _, n in ipairs({ 0, 1, 2, 3, -1, 100, 1.0, 1.5, '2', 'x', math.mininteger, math.maxinteger }) do\n"
	"    check('gsub', 'abc abc abc', 'b', '-', n)\n"
	"    check('gsub', 'abc', '', '-', n)\n"
	"    check('gsub', 'abc', 'x*', '-', n)\n"
	"  end\n"
	"  -- gsub: anchors and empty matches\n"
	"  for _, args in ipairs({ { 'aaa', '^a', 'b' }, { 'hello', '^', '>' }, { 'abc', '$', '!' },\n"
	"    { 'abc', '', '-' }, { 'abc', '%w*', 'x' }, { 'abc', 'b*', '-' }, { '', '', 'x' },\n"
	"    { '', '^', 'x' }, { 'abc', '^$', 'x' }, { 'abc d', '%w*', '[%0]' }, { 'aaa', '^a*', '' },\n"
	"    { 'ab', '.-', '/' }, { 'ab', 'a?', '/' }, { 'hello', '^h', '%0%0', 0 },\n"
	"    { 'a,b,,c', '[^,]*', '<%0>' }, { 'x', 'x', 'y', 1 }, { 'xx', '^x', 'y', 5 } }) do\n"
	"    check('gsub', table.unpack(args, 1, 4))\n"
	"  end\n"
	"  -- gmatch\n"
	"  for _, args in ipairs({ { 'abc', '%a*' }, { 'a,b,,c', '([^,]*)' }, { 'one two', '%a+', 4 },\n"
	"    { 'abc', '', 10 }, { 'abc', '^a' }, { '^a^a', '^a' }, { 'banana', '()a' },\n"
	"    { 'banana', 'a', -3 }, { 'abc', 'x*' }, { 'abc', '.-' }, { 'a b c', '%s*' },\n"
	"    { 'k1=v1;k2=v2', '(%w+)=(%w+)' }, { 'abc', '()', 2 }, { 'abc', '$' }, { 'abc', '.$' } }) do\n"
	"    check('gmatch', table.unpack(args, 1, 3))\n"
	"  end\n"
	"end\n"
	"\n"
	"-- Random small patterns over random short subjects.\n"
	"local function random_cases()\n"
	"  local pieces = { 'a', 'b', 'c', '.', '%a', '%d', '%s', '%w', '%W', '%p', '[ab]', '[^a]', '[a-c]',\n"
	"    '[%d_]', '[]a]', '(', ')', '()', '*', '+', '-', '?', '^', '$', '%1', '%2', '%b()', '%bab',\n"
	"    '%f[%w]', '%f[%W]', '%f[a]', '%', '[', ']', '%%', '%.', '1', ' ' }\n"
	"  local letters = { 'a', 'b', 'c', '1', ' ', '(', ')', '_', '.', '%' }\n"
	"  local repls = { '%0', '<%1>', '%1%0', 'x' }\n"
	"  local inits = { -3, -1, 0, 1, 2, 3, 5, 12 }\n"
	"  math.randomseed(20240601)\n"
	"  for _ = 1, iterations do\n"
	"    local p, s = {}, {}\n"
	"    for i = 1, math.random(1, 6) do\n"
	"      p[i] = pieces[math.random(#pieces)]\n"
	"    end\n"
	"    for i = 1, math.random(0, 10) do\n"
	"      s[i] = letters[math.random(#letters)]\n"
	"    end\n"
	"    p, s = table.concat(p), table.concat(s)\n"
	"    local init = math.random(3) == 1 and inits[math.random(#inits)] or nil\n"
	"    check('find', s, p, init)\n"
	"    check('find', s, p, init, math.random(4) == 1)\n"
	"    check('match', s, p, init)\n"
	"    check('gmatch', s, p, init)\n"
	"    check('gsub', s, p, repls[math.random(#repls)], math.random(3) == 1 and math.random(0, 2) or nil)\n"
	"  end\n"
	"end\n"
	"\n"
	"if mode == 'fixed' then\n"
	"  fixed_cases()\n"
	"else\n"
	"  random_cases()\n"
	"end\n"
	"return count, errors, table.concat(failures, '\\n')\n"
	;
// clang-format on

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void run_differential(lua_State *L, const char *mode, int iterations, long min_cases,
                             long min_errors)
{
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (luaL_loadbuffer(L, differential_lua, sizeof differential_lua - 1, "=differential") !=
	    LUA_OK)
		fail_msg("%s", lua_tostring(L, -1));
	lua_getglobal(L, "mine");
	lua_pushstring(L, mode);
	lua_pushinteger(L, iterations);
	if (lua_pcall(L, 3, 3, 0) != LUA_OK)
		fail_msg("%s", lua_tostring(L, -1));
	long cases = (long)lua_tointeger(L, -3);
	long errors = (long)lua_tointeger(L, -2);
	const char *failures = lua_tostring(L, -1);
	if (failures == NULL || *failures != '\0')
		fail_msg("differences from the string library:\n%s", failures ? failures : "?");
	print_message("%s: %ld cases, %ld of them errors, all identical (%.3f s)\n", mode, cases,
	              errors, seconds_since(&start));
	assert_true(cases >= min_cases);
	assert_true(errors >= min_errors);
	lua_pop(L, 3);
}

static void test_differential_cases(void **state)
{
	fixture *f = *state;
	run_differential(f->L, "fixed", 0, 3000, 400);
}

static void test_differential_random(void **state)
{
	fixture *f = *state;
	run_differential(f->L, "random", RANDOM_ITERATIONS, 5L * RANDOM_ITERATIONS,
	                 RANDOM_ITERATIONS / 4);
}

/* luaL_dostring, but with the status (luaL_dostring ORs the two). */
static int run(lua_State *L, const char *chunk)
{
	int status = luaL_loadstring(L, chunk);
	if (status != LUA_OK)
		fail_msg("%s: %s", chunk, lua_tostring(L, -1));
	return lua_pcall(L, 0, LUA_MULTRET, 0);
}

static void run_ok(lua_State *L, const char *chunk)
{
	if (run(L, chunk) != LUA_OK)
		fail_msg("%s: %s", chunk, lua_tostring(L, -1));
	lua_settop(L, 0);
}

/* Runs chunk; it must raise the meter's error. */
static void assert_stopped(fixture *f, const char *chunk)
{
	f->log = (meter_log){.limit = STEP_LIMIT};
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (run(f->L, chunk) == LUA_OK)
		fail_msg("%s: finished without the meter stopping it", chunk);
	const char *message = lua_tostring(f->L, -1);
	if (message == NULL || strstr(message, "step limit reached") == NULL)
		fail_msg("%s: error \"%s\"", chunk, message ? message : "?");
	lua_pop(f->L, 1);
	double elapsed = seconds_since(&start);
	print_message("%s: stopped after %lu steps in %.3f s\n", chunk, f->log.total, elapsed);
	assert_true(f->log.total > STEP_LIMIT);
	assert_true(f->log.total <= STEP_LIMIT + 2 * LUA_PATTERN_METER_INTERVAL);
	/* Every call but the last carries at least one interval's steps. */
	assert_true(f->log.calls <= f->log.total / LUA_PATTERN_METER_INTERVAL + 1);
	/* Generous: a step is a few nanoseconds, even under ASan. */
	assert_true(elapsed < 10.0);
}

static void test_catastrophic_pattern_is_stopped(void **state)
{
	fixture *f = *state;
	/* Unmetered, each of these backtracks through ~C(80, 40) states. */
	static const char *const chunks[] = {
	    "local s, p = ('a'):rep(40), ('a*'):rep(40) .. 'b'\n"
	    "return metered.find(s, p)",
	    "local s, p = ('a'):rep(40), ('a*'):rep(40) .. 'b'\n"
	    "return metered.match(s, p)",
	    "local s, p = ('a'):rep(40), ('a*'):rep(40) .. 'b'\n"
	    "for _ in metered.gmatch(s, p) do end",
	    "local s, p = ('a'):rep(40), ('a*'):rep(40) .. 'b'\n"
	    "return metered.gsub(s, p, 'x')",
	};
	for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++)
		assert_stopped(f, chunks[i]);
	/* The state is fine afterwards. */
	f->log = (meter_log){0};
	run_ok(f->L, "assert(metered.find('xab', 'a*b') == 2)");
}

/* Runs chunk under a fresh log; it must succeed. */
static const meter_log *cost(fixture *f, const char *chunk)
{
	f->log = (meter_log){0};
	run_ok(f->L, chunk);
	return &f->log;
}

static void assert_cost(fixture *f, const char *chunk, unsigned long low, unsigned long high)
{
	const meter_log *log = cost(f, chunk);
	if (log->total < low || log->total > high)
		fail_msg("%s: %lu steps, expected %lu to %lu", chunk, log->total, low, high);
	/* Only the remainder at the end of a call may be short. */
	if (log->small_calls > 1)
		fail_msg("%s: %lu calls of the meter with less than an interval", chunk,
		         log->small_calls);
}

static void test_meter_totals(void **state)
{
	fixture *f = *state;
	/* A plain find looks at every byte once. */
	assert_cost(f, "assert(metered.find(('a'):rep(10000) .. 'b', 'b') == 10001)", 10001, 10010);
	assert_cost(f, "assert(metered.find(('a'):rep(10000) .. '.', '.', 1, true) == 10001)",
	            10001, 10010);
	/* A small call is charged once, at the end. */
	const meter_log *log = cost(f, "assert(metered.find('abc', 'b+') == 2)");
	assert_int_equal(log->calls, 1);
	assert_true(log->total >= 3 && log->total < 30);
	/* Linear patterns cost a few steps per byte. */
	assert_cost(f, "assert(#metered.match(('a'):rep(10000), 'a*$') == 10000)", 10000, 40000);
	assert_cost(f, "assert(select(2, metered.gsub(('word '):rep(2000), '%a+', 'X')) == 2000)",
	            10000, 100000);
	assert_cost(f, "assert(metered.match(('x'):rep(10000) .. '(a)', '%b()') == '(a)')", 10000,
	            40000);
	assert_cost(f, "assert(metered.find(('ab'):rep(5000), '[%d%s]') == nil)", 10000, 200000);
	/* ... and twice the text costs about twice as much. */
	unsigned long one = cost(f, "metered.gsub(('a1 '):rep(1000), '%d+x', '')")->total;
	unsigned long two = cost(f, "metered.gsub(('a1 '):rep(2000), '%d+x', '')")->total;
	assert_true(two >= 2 * one - 10 && two <= 2 * one + 10);
	/* The iterator is metered too: each step charges its remainder. */
	log = cost(f, "local n = 0\n"
	              "for _ in metered.gmatch(('word '):rep(100), '%a+') do n = n + 1 end\n"
	              "assert(n == 100)");
	assert_int_equal(log->calls, 101);
	assert_true(log->total >= 500 && log->total <= 5000);
	/* A gsub replacement function runs on the instruction budget, not on
	 * the matcher's: only the matching is charged. */
	assert_cost(f, "metered.gsub('abc', '%w', function(c) for _ = 1, 1e5 do end return c end)",
	            3, 100);
}

static void test_meter_error_leaves_state_usable(void **state)
{
	fixture *f = *state;
	lua_State *L = f->L;
	/* Stopped with a big luaL_Buffer in progress: nothing may leak (ASan
	 * checks at lua_close) and the state must go on working. */
	f->log = (meter_log){.limit = 100000};
	assert_int_equal(run(L, "return metered.gsub(('ab'):rep(200000), 'a', 'xyz')"), LUA_ERRRUN);
	assert_non_null(strstr(lua_tostring(L, -1), "step limit reached"));
	lua_settop(L, 0);
	/* A gmatch iterator stopped mid-way resumes where it was. */
	run_ok(L, "it = metered.gmatch(('a'):rep(5000) .. 'b', 'a-b')");
	f->log = (meter_log){.limit = 1000};
	assert_int_equal(run(L, "return it()"), LUA_ERRRUN);
	lua_settop(L, 0);
	f->log = (meter_log){0};
	run_ok(L, "assert(#it() == 5001) assert(it() == nil)");
	f->log = (meter_log){0};
	run_ok(L, "collectgarbage() "
	          "assert(select(2, metered.gsub(('ab'):rep(1000), 'a', 'xyz')) == 1000)");
}

static void test_install(void **state)
{
	(void)state;
	lua_State *L = luaL_newstate();
	assert_non_null(L);
	luaL_openlibs(L);
	lua_newtable(L);
	lua_pushinteger(L, 1); /* the table is not on top */
	pattern_install(L, -2, NULL, NULL);
	lua_pop(L, 1);
	static const char *const names[] = {"find", "match", "gmatch", "gsub"};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(lua_getfield(L, -1, names[i]), LUA_TFUNCTION);
		assert_true(lua_iscfunction(L, -1));
		lua_pop(L, 1);
	}
	lua_setglobal(L, "t");
	/* Unmetered, the functions work the same. */
	run_ok(L, "assert(t.match('key = v', '(%w+) = (%w+)') == 'key') "
	          "assert(select(2, t.gsub('aaa', 'a', 'b')) == 3)");
	lua_close(L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_differential_cases, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_differential_random, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_catastrophic_pattern_is_stopped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_meter_totals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_meter_error_leaves_state_usable, setup, teardown),
	    cmocka_unit_test(test_install),
	};
	return cmocka_run_group_tests_name("lua_pattern", tests, NULL, NULL);
}
