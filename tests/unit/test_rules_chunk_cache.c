/*
 * Unit tests for rules_chunk_cache.c: a chunk loaded again from the disk runs
 * with the environment it is given now, an edited source is compiled
 * again, syntax errors are reported every time and never cached, and an
 * entry is written privately and read back.  tests/e2e/cache.sh covers
 * the untrusted-entry cases end to end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules_chunk_cache.h"

static char cache_dir[64];

/* Run `text` as chunk `name` with _ENV = { x = x }; its integer result. */
static lua_Integer run(lua_State *L, const char *name, const char *text, lua_Integer x)
{
	lua_createtable(L, 0, 1);
	lua_pushinteger(L, x);
	lua_setfield(L, -2, "x");
	int status = chunk_cache_load(L, text, strlen(text), name, -1);
	assert_int_equal(status, LUA_OK);
	lua_remove(L, -2);
	assert_int_equal(lua_pcall(L, 0, 1, 0), LUA_OK);
	lua_Integer v = lua_tointeger(L, -1);
	lua_pop(L, 1);
	return v;
}

static int entries(void)
{
	int n = 0;
	DIR *d = opendir(cache_dir);
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d));)
		if (strstr(e->d_name, ".luac"))
			n++;
	closedir(d);
	return n;
}

static void reloads_with_the_environment_given_now(void **state)
{
	(void)state;
	lua_State *L = luaL_newstate();
	assert_int_equal(run(L, "@env.lua", "return x + 1", 4), 5);
	assert_int_equal(run(L, "@env.lua", "return x + 1", 40), 41);
	assert_int_equal(lua_gettop(L), 0);
	lua_close(L);
}

static void an_edited_source_is_compiled_again(void **state)
{
	(void)state;
	lua_State *L = luaL_newstate();
	assert_int_equal(run(L, "@edit.lua", "return x * 2", 3), 6);
	assert_int_equal(run(L, "@edit.lua", "return x * 3", 3), 9);
	/* same length, one byte different */
	assert_int_equal(run(L, "@edit.lua", "return x * 4", 3), 12);
	lua_close(L);
}

static void syntax_errors_are_reported_every_time(void **state)
{
	(void)state;
	lua_State *L = luaL_newstate();
	int before = entries();
	for (int i = 0; i < 2; i++) {
		lua_newtable(L);
		int status = chunk_cache_load(L, "return +", 8, "@bad.lua", -1);
		assert_int_equal(status, LUA_ERRSYNTAX);
		assert_non_null(strstr(lua_tostring(L, -1), "bad.lua:1:"));
		lua_pop(L, 2);
	}
	assert_int_equal(entries(), before);
	lua_close(L);
}

static void binary_sources_are_refused(void **state)
{
	(void)state;
	lua_State *L = luaL_newstate();
	/* A rule file may not be bytecode itself: only the cache's own is. */
	lua_newtable(L);
	assert_int_not_equal(chunk_cache_load(L, "\033Lua\x54", 5, "@bin.lua", -1), LUA_OK);
	lua_pop(L, 2);
	lua_close(L);
}

static void an_entry_is_written_privately_and_read_back(void **state)
{
	(void)state;
	lua_State *L = luaL_newstate();
	int before = entries();
	assert_int_equal(run(L, "@disk.lua", "local t = {} for i = 1, x do t[i] = i end return #t", 7), 7);
	assert_int_equal(entries(), before + 1);
	lua_close(L);
	L = luaL_newstate(); /* another run: only the disk connects them */
	assert_int_equal(run(L, "@disk.lua", "local t = {} for i = 1, x do t[i] = i end return #t", 9), 9);
	assert_int_equal(entries(), before + 1);
	lua_close(L);

	DIR *d = opendir(cache_dir);
	for (struct dirent *e; (e = readdir(d));) {
		if (!strstr(e->d_name, ".luac"))
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", cache_dir, e->d_name);
		struct stat st;
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
	}
	closedir(d);
}

static void remove_dir(void)
{
	DIR *d = opendir(cache_dir);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", cache_dir, e->d_name);
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlink(path);
	}
	closedir(d);
	rmdir(cache_dir);
}

int main(void)
{
	snprintf(cache_dir, sizeof cache_dir, "/tmp/pevcheck-chunk-test.XXXXXX");
	if (!mkdtemp(cache_dir))
		return 1;
	setenv("PEVCHECK_CACHE_DIR", cache_dir, 1);
	unsetenv("PEVCHECK_CACHE");
	if (!chunk_cache_dir() || strcmp(chunk_cache_dir(), cache_dir) != 0) {
		fprintf(stderr, "the cache directory %s was not taken\n", cache_dir);
		remove_dir();
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reloads_with_the_environment_given_now),
		cmocka_unit_test(an_edited_source_is_compiled_again),
		cmocka_unit_test(syntax_errors_are_reported_every_time),
		cmocka_unit_test(binary_sources_are_refused),
		cmocka_unit_test(an_entry_is_written_privately_and_read_back),
	};
	int failures = cmocka_run_group_tests(tests, NULL, NULL);
	remove_dir();
	return failures;
}
