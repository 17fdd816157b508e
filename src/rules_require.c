/*
 * rules_require — require(): modules from the lib/ folders of the rule
 * directories, compiled once per run and instantiated once per requiring
 * rule file; and the line coverage of every chunk compiled
 * (pevcheck test --coverage).
 */
#include "rules_internal.h"

#include <fcntl.h>
#include <lauxlib.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "base_i18n.h"
#include "rules_coverage.h"
#include "rules_hints.h"

static const char key_modules = 0, key_module_chunks = 0, key_env_cell = 0;

static int dump_writer(lua_State *L, const void *p, size_t size, void *ud)
{
	(void)L;
	FILE *f = ud;
	return fwrite(p, 1, size, f) == size ? 0 : 1;
}

void rules_trace_chunk(rule_set *rs, const char *file)
{
	if (!rs->options->coverage)
		return;
	char *buf = NULL;
	size_t length = 0;
	FILE *f = xopen_memstream(&buf, &length);
	lua_dump(rs->L, dump_writer, f, 0);
	fclose(f);
	coverage_add_chunk(rs->options->coverage, file, (const unsigned char *)buf, length);
	free(buf);
}

void rules_observe_line(void *context, const char *source, int line)
{
	if (source[0] == '@')
		coverage_hit(context, source + 1, line);
}

/* Push the compiled chunk of the module at `path` in the rule directory
 * `dir`, compiling it the first time any rule file requires it; false when
 * there is no such file.  The file must resolve inside the directory: a
 * link to a file elsewhere would let a rule repository load (and quote, in
 * a syntax error) a file of someone else's. */
static bool push_module_chunk(rule_set *rs, const char *dir, const char *path)
{
	lua_State *L = rs->L;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_module_chunks);
	if (lua_getfield(L, -1, path) == LUA_TFUNCTION) {
		lua_remove(L, -2);
		return true;
	}
	lua_pop(L, 2);
	char root[PATH_MAX], resolved[PATH_MAX] = "";
	if (!realpath(dir, root) || access(path, F_OK) != 0)
		return false;
	if (!fs_inside(root, path, resolved, sizeof resolved))
		luaL_error(L, _("%s: a link to %s, outside the rule directory %s (modules must be inside it)"), path,
		           resolved, root);
	size_t length;
	char *text = fs_read_file(resolved, O_NOFOLLOW, SIZE_MAX, &length, NULL);
	if (!text)
		return false;
	char chunkname[4100];
	snprintf(chunkname, sizeof chunkname, "@%s", path);
	lua_newtable(L); /* replaced by each instance's own globals */
	int status = sandbox_load(L, text, length, chunkname, -1);
	char hint[512];
	if (status == LUA_ERRSYNTAX &&
	    hint_for_load_error(lua_tostring(L, -1), text, length, hint, sizeof hint)) {
		lua_pushfstring(L, _("\nhint: %s"), hint);
		lua_concat(L, 2);
	}
	free(text);
	if (status != LUA_OK)
		lua_error(L);
	lua_remove(L, -2);
	rules_trace_chunk(rs, path);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_module_chunks);
	lua_pushvalue(L, -2);
	lua_setfield(L, -2, path);
	lua_pop(L, 1);
	return true;
}

/* require(name): a module from a lib/ folder of the rule directories. */
static int api_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '.' || *p == '-') ||
		    (p[0] == '.' && p[1] == '.'))
			return luaL_error(L, _("require '%s': a module name may only hold letters, digits, dots, - and _"), name);
	/* One instance per requiring rule file: a module's globals and
	 * upvalues must not carry state from one rule file to another. */
	rule_set *rs = rules_from_state(L);
	run_ctx *ctx = rs->run;
	const char *owner = ctx->loading ? ctx->loading_file : ctx->rule ? ctx->rule->file : "";
	char cache_key[4600];
	snprintf(cache_key, sizeof cache_key, "%s\n%s", owner ? owner : "", name);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_modules);
	if (lua_getfield(L, -1, cache_key) != LUA_TNIL)
		return 1;
	lua_pop(L, 1);
	char rel[512];
	snprintf(rel, sizeof rel, "%s", name);
	for (char *p = rel; *p; p++)
		if (*p == '.')
			*p = '/';
	for (size_t i = 0; i < rs->dir_count; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/lib/%s.lua", rs->dirs[i], rel);
		if (!push_module_chunk(rs, rs->dirs[i], path))
			continue;
		lua_newtable(L); /* the module's own globals */
		lua_newtable(L);
		sandbox_push_base(L);
		lua_setfield(L, -2, "__index");
		lua_pushliteral(L, "locked");
		lua_setfield(L, -2, "__metatable");
		lua_setmetatable(L, -2);
		int chunk = lua_gettop(L) - 1, globals = chunk + 1;
		/* A fresh _ENV cell for this instance: the chunk's functions
		 * from earlier instances keep theirs. */
		lua_rawgetp(L, LUA_REGISTRYINDEX, &key_env_cell);
		lua_pushvalue(L, globals);
		lua_call(L, 1, 1);
		lua_upvaluejoin(L, chunk, 1, -1, 1);
		lua_pushvalue(L, chunk);
		lua_call(L, 0, 1);
		if (lua_isnil(L, -1)) {
			lua_pop(L, 1);
			lua_pushboolean(L, 1);
		}
		/* Loaded: from now on its globals, like the requiring file's,
		 * are per rule and report. */
		if (owner && owner[0])
			rules_add_env(L, owner, chunk + 2, globals);
		lua_replace(L, chunk);
		lua_settop(L, chunk);
		/* Every rule that requires the module gets the same value: a
		 * read-only view, so no rule can change it for the others. */
		if (lua_istable(L, -1)) {
			sandbox_push_view(L, -1);
			lua_remove(L, -2);
		}
		lua_pushvalue(L, -1);
		lua_setfield(L, -3, cache_key);
		return 1;
	}
	return luaL_error(L, _("module '%s' not found: require only loads modules from lib/ in a rule directory (such as lib/%s.lua)"),
	                  name, rel);
}

void rules_forget_modules(lua_State *L, const char *file)
{
	size_t n = strlen(file);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_modules);
	int modules = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, modules)) {
		lua_pop(L, 1);
		size_t length;
		const char *key = lua_tolstring(L, -1, &length);
		if (length > n && !memcmp(key, file, n) && key[n] == '\n') {
			/* Clearing a field during lua_next is allowed. */
			lua_pushvalue(L, -1);
			lua_pushnil(L);
			lua_rawset(L, modules);
		}
	}
	lua_pop(L, 1);
}

void rules_require_init(lua_State *L)
{
	lua_newtable(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_modules);
	lua_newtable(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_module_chunks);
	/* env_cell(e) returns a function whose one upvalue is a new cell
	 * holding e (see api_require). */
	if (luaL_loadstring(L, "local e = ... return function() return e end") != LUA_OK)
		abort();
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_env_cell);
}

const luaL_Reg rules_require_api[] = {
	{ "require", api_require },
	{ NULL, NULL },
};
