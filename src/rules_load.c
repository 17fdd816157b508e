/*
 * rules_load — a rule set from its directories: finding the rule files,
 * ruleset.yaml (name, version, grade bands), compiling and running each
 * file's top level in its own environment, and closing it all again.
 */
#include "rules_internal.h"

#include <errno.h>
#include <limits.h>
#include <lauxlib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "base_i18n.h"
#include "base_version.h"
#include "load_document.h"
#include "rules_decimal.h"
#include "rules_hints.h"
#include "score_grades.h"

static const char key_ruleset = 0;

rule_set *rules_from_state(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_ruleset);
	rule_set *rs = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return rs;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Every rule file under dir, skipping lib/ folders and hidden entries.
 * Each directory is listed once however many links lead to it (a link to
 * one the walk is inside would loop), and a link must resolve inside the
 * rule directory, whose real path is root: a rule repository cannot make
 * pevcheck load, or quote in an error, a file of someone else's. */
static int find_rule_files(const char *root, const char *dir, fs_walk *walk, string_list *out,
                           char *error, size_t error_size)
{
	size_t count;
	fs_entry *here = fs_walk_list(walk, dir, &count);
	if (!here) {
		if (errno == ELOOP)
			return 0; /* listed already, under another name */
		if (errno == EINTR)
			snprintf(error, error_size, "%s", _("the check was interrupted"));
		else
			snprintf(error, error_size, _("%s: cannot open the rule directory: %s"), dir, strerror(errno));
		return -1;
	}
	int status = 0;
	for (size_t i = 0; i < count && status == 0; i++) {
		char path[4096], resolved[PATH_MAX] = "";
		snprintf(path, sizeof path, "%s/%s", dir, here[i].name);
		bool wanted = (here[i].kind == FS_DIR && strcmp(here[i].name, "lib") != 0) ||
		              (here[i].kind == FS_FILE && ends_with(here[i].name, ".lua"));
		if (wanted && here[i].link && !fs_inside(root, path, resolved, sizeof resolved)) {
			snprintf(error, error_size, _("%s: a link to %s, outside the rule directory %s (rule files and folders must be inside it)"),
			         path, resolved, root);
			status = -1;
		} else if (here[i].kind == FS_DIR && wanted) {
			status = find_rule_files(root, path, walk, out, error, error_size);
		} else if (wanted) {
			string_list_add(out, path);
		}
	}
	fs_free_list(here, count);
	return status;
}

/* A message handler: the error, then the stack restricted to rule files. */

int rules_traceback(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (!msg)
		msg = luaL_tolstring(L, 1, NULL);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addstring(&b, msg);
	lua_Debug ar;
	bool header = false;
	/* lua_getstack walks from the top, so a deep stack (runaway
	 * recursion) would make a full traceback quadratic: show the top. */
	for (int level = 1; level <= 12 && lua_getstack(L, level, &ar); level++) {
		lua_getinfo(L, "Sln", &ar);
		if (ar.source[0] != '@' || ar.currentline <= 0)
			continue;
		if (!header) {
			luaL_addstring(&b, _("\nstack traceback:"));
			header = true;
		}
		char line[512];
		if (ar.name)
			snprintf(line, sizeof line, "\n\t%s:%d: in function '%s'", ar.source + 1,
			         ar.currentline, ar.name);
		else if (!strcmp(ar.what, "main"))
			snprintf(line, sizeof line, "\n\t%s:%d: in main chunk", ar.source + 1,
			         ar.currentline);
		else
			snprintf(line, sizeof line, "\n\t%s:%d: in function <%s:%d>", ar.source + 1,
			         ar.currentline, ar.source + 1, ar.linedefined);
		luaL_addstring(&b, line);
	}
	luaL_pushresult(&b);
	return 1;
}


static int load_ruleset_config(rule_set *rs, const char *dir, char *error, size_t error_size)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/ruleset.yaml", dir);
	struct stat st;
	if (stat(path, &st) != 0)
		return 0;
	char root[PATH_MAX], resolved[PATH_MAX] = "";
	if (!realpath(dir, root) || !fs_inside(root, path, resolved, sizeof resolved)) {
		snprintf(error, error_size, _("%s: a link to %s, outside the rule directory %s (rule files and folders must be inside it)"),
		         path, resolved, dir);
		return -1;
	}
	lua_State *L = rs->L;
	pos_tree pos;
	pos_tree_init(&pos);
	int status = load_document(L, path, &pos, error, error_size);
	if (status == 0) {
		if (lua_istable(L, -1)) {
			int t = lua_gettop(L);
			if (lua_getfield(L, t, "name") == LUA_TSTRING) {
				free(rs->name);
				rs->name = xstrdup(lua_tostring(L, -1));
			}
			if (lua_getfield(L, t, "version") != LUA_TNIL) {
				free(rs->version);
				rs->version = xstrdup(luaL_tolstring(L, -1, NULL));
				lua_pop(L, 1);
			}
			lua_pop(L, 2);
			if (lua_getfield(L, t, "grades") == LUA_TTABLE) {
				grade_bands b;
				lua_Integer bad = score_read_grades(L, -1, &b);
				if (bad) {
					snprintf(error, error_size,
					         _("%s: grades item %d is invalid: every item should be {grade: GRADE, min: "
					           "LOWEST SCORE}, from the highest score down, at most %d items"),
					         path, (int)bad, GRADE_BANDS_MAX);
					status = -1;
				} else if (b.count) {
					rs->bands = b;
				}
			}
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	pos_tree_free(&pos);
	return status;
}

static int load_rule_file(rule_set *rs, const char *path, char *error, size_t error_size)
{
	lua_State *L = rs->L;
	run_ctx *c = rs->run;
	size_t length;
	char *text = fs_read_file(path, 0, SIZE_MAX, &length, NULL);
	if (!text) {
		snprintf(error, error_size, _("%s: cannot read the rule file: %s"), path, fs_read_problem(errno));
		return -1;
	}
	c->loading = true;
	c->loading_file = path;
	c->loading_text = text;
	c->loading_length = length;
	size_t first = rs->count;

	/* The file's own globals: read through to the base, written here. */
	lua_newtable(L);
	int env = lua_gettop(L);
	lua_newtable(L);
	sandbox_push_base(L);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, env);

	lua_pushcfunction(L, rules_traceback);
	char chunkname[4100];
	snprintf(chunkname, sizeof chunkname, "@%s", path);
	int status = sandbox_load(L, text, length, chunkname, env);
	if (status == LUA_OK) {
		rules_trace_chunk(rs, path);
		/* Every function of the file shares the main chunk's _ENV:
		 * run_rule gives it fresh globals for each check. */
		rules_add_env(L, path, -1, env);
		sandbox_share_env(L, -1);
		sandbox_begin_rule(L, 0);
		status = lua_pcall(L, 0, 0, env + 1);
		sandbox_end_rule(L);
		lua_pushnil(L);
		sandbox_share_env(L, -1);
		lua_pop(L, 1);
	}
	if (status != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		snprintf(error, error_size, "%s", msg ? msg : _("the rule file failed to load"));
		if (status == LUA_ERRSYNTAX)
			hint_append_load(error, error_size, text, length);
		if (status == LUA_ERRMEM)
			snprintf(error, error_size, _("%s: over the memory limit while loading"), path);
	} else if (rs->count == first) {
		snprintf(error, error_size, _("%s: the file declares no rule{ ... } (a rule file declares at least one "
		                              "rule; put shared functions in lib/)"),
		         path);
		status = -1;
	}
	if (status == LUA_OK)
		rules_index_envs(rs, first);
	lua_settop(L, env - 1);
	rules_decl_reset(c);
	c->loading = false;
	c->loading_file = NULL;
	free(text);
	return status == LUA_OK ? 0 : -1;
}

/* The scoring frameworks and form layouts of the rule directories, and
 * always those bundled with pevcheck: they are shared data (a rule written
 * for a concept needs the frameworks wherever it is copied; a region's
 * forms are read with the national ones), so a rule directory only adds
 * its own. */
static int load_shared_data(rule_set *rs, const char *const *dirs, size_t dir_count, char *error,
                            size_t error_size)
{
	size_t count, added;
	const char **all = fs_dirs_with_bundled(dirs, dir_count, &count, &added);
	int status = framework_set_load(&rs->frameworks, all, count, added, error, error_size);
	if (status == 0 && !rs->options->without_layouts)
		status = layout_set_load(&rs->layouts, all, count, error, error_size);
	free(all);
	return status;
}

/* The rule set's Lua state with the rule API registered. */
static lua_State *open_state(rule_set *rs)
{
	lua_State *L = sandbox_new(&rs->options->limits);
	if (!L)
		return NULL;
	lua_pushlightuserdata(L, rs);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_ruleset);
	rules_require_init(L);
	rules_framework_init(L);
	rules_fields_init(L);
	const luaL_Reg *const apis[] = { rules_decl_api,    rules_check_api,   rules_helper_api,
		                         rules_history_api, rules_require_api, rules_framework_api };
	for (size_t i = 0; i < sizeof apis / sizeof *apis; i++)
		for (const luaL_Reg *r = apis[i]; r->name; r++)
			sandbox_register(L, r->name, r->func);
	/* Decimal helpers: dec(x), is_decimal(x). */
	luaL_requiref(L, "pevcheck.decimal", luaopen_decimal, 0);
	sandbox_push_base(L);
	lua_getfield(L, -2, "dec");
	lua_setfield(L, -2, "dec");
	lua_getfield(L, -2, "is_decimal");
	lua_setfield(L, -2, "is_decimal");
	lua_pop(L, 2);
	if (rs->options->coverage)
		sandbox_observe_lines(L, rules_observe_line, rs->options->coverage);
	return L;
}

rule_set *ruleset_open(const char *const *dirs, size_t dir_count, const rule_options *options,
                       char *error, size_t error_size)
{
	rule_set *rs = xcalloc(1, sizeof *rs);
	rs->options = options;
	rs->bands = grade_bands_default;
	rs->name = xstrdup(_("pevcheck rule set"));
	rs->version = xstrdup(PEVCHECK_VERSION);
	rs->max_findings = options->limits.rule_findings;
	rs->run = xcalloc(1, sizeof(run_ctx));
	rs->L = open_state(rs);
	if (!rs->L) {
		snprintf(error, error_size, "%s", _("cannot create a Lua state: out of memory"));
		ruleset_close(rs);
		return NULL;
	}
	rs->dirs = xcalloc(dir_count ? dir_count : 1, sizeof *rs->dirs);
	rs->dir_count = dir_count;
	for (size_t i = 0; i < dir_count; i++)
		rs->dirs[i] = xstrdup(dirs[i]);

	string_list files = { 0 };
	int status = 0;
	for (size_t i = 0; i < dir_count && status == 0; i++) {
		char root[PATH_MAX];
		fs_walk walk = { 0 };
		if (!realpath(dirs[i], root)) {
			snprintf(error, error_size, _("%s: cannot open the rule directory: %s"), dirs[i], strerror(errno));
			status = -1;
		} else {
			status = find_rule_files(root, dirs[i], &walk, &files, error, error_size);
		}
		fs_walk_free(&walk);
		if (status == 0)
			status = load_ruleset_config(rs, dirs[i], error, error_size);
	}
	for (size_t i = 0; i < files.count && status == 0; i++)
		status = load_rule_file(rs, files.items[i], error, error_size);
	string_list_free(&files);
	if (status == 0)
		status = load_shared_data(rs, dirs, dir_count, error, error_size);
	if (status == 0)
		status = ruleset_check_frameworks(rs, error, error_size);
	if (status != 0) {
		ruleset_close(rs);
		return NULL;
	}
	lua_gc(rs->L, LUA_GCCOLLECT);
	return rs;
}

void ruleset_close(rule_set *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->count; i++) {
		rule_decl *d = &rs->rules[i];
		free(d->id);
		free(d->title);
		free(d->policy);
		free(d->reference);
		free(d->indicator);
		free(d->concept);
		for (size_t j = 0; j < d->need_count; j++) {
			free(d->needs[j].path);
			free(d->needs[j].label);
		}
		free(d->needs);
		free(d->file);
		free(rs->code[i].stopped);
		for (size_t j = 0; j < d->param_count; j++) {
			free(d->params[j].name);
			free(d->params[j].value);
			free(d->params[j].comment);
		}
		free(d->params);
	}
	free(rs->rules);
	free(rs->code);
	for (size_t i = 0; i < rs->dir_count; i++)
		free(rs->dirs[i]);
	free(rs->dirs);
	free(rs->name);
	free(rs->version);
	if (rs->run)
		free(((run_ctx *)rs->run)->previous_path);
	free(rs->run);
	framework_set_free(&rs->frameworks);
	layout_set_free(&rs->layouts);
	sandbox_close(rs->L);
	free(rs);
}

/* ---- the catalog's view of the rule set (rules_catalog.h) ---------------- */

size_t ruleset_count(const rule_set *rs)
{
	return rs->count;
}

const rule_decl *ruleset_rule(const rule_set *rs, size_t i)
{
	return i < rs->count ? &rs->rules[i] : NULL;
}

size_t ruleset_index(const rule_set *rs, const char *id)
{
	for (size_t i = 0; i < rs->count; i++)
		if (!strcmp(rs->rules[i].id, id))
			return i;
	return rs->count;
}

const rule_decl *ruleset_find(const rule_set *rs, const char *id)
{
	return ruleset_rule(rs, ruleset_index(rs, id));
}

const char *ruleset_name(const rule_set *rs)
{
	return rs->name;
}

const char *ruleset_version(const rule_set *rs)
{
	return rs->version;
}

/* ---- what the engine and the configuration need ---------------------------- */

lua_State *ruleset_state(const rule_set *rs)
{
	return rs->L;
}

static rule_decl *find_rule(rule_set *rs, const char *id)
{
	size_t i = ruleset_index(rs, id);
	return i < rs->count ? &rs->rules[i] : NULL;
}

bool ruleset_disable(rule_set *rs, const char *id)
{
	rule_decl *d = find_rule(rs, id);
	if (d)
		d->disabled = true;
	return d != NULL;
}

bool ruleset_set_severity(rule_set *rs, const char *id, enum severity severity)
{
	rule_decl *d = find_rule(rs, id);
	if (d)
		d->severity = severity;
	return d != NULL;
}

void ruleset_set_bands(rule_set *rs, const grade_bands *bands)
{
	rs->bands = *bands;
}
