/*
 * score_framework — see score_framework.h.
 *
 * In the registry: PROFILES maps a name to {by_file = {file = {param =
 * value}}, disabled = {id = true}}; ACTIVE is the one in force (or nil).
 * The C side keeps, per profile, its name, optional bands and its slot.
 */
#include "score_framework.h"

#include <dirent.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "rules_decimal.h"
#include "model_report.h"
#include "rules_internal.h"
#include "rules_sandbox.h"
#include "load_yaml.h"
#include "base_i18n.h"

static const char key_profiles = 0, key_active = 0;

typedef struct framework_info {
	char *name;
	bool has_bands;
	grade_bands bands;
} framework_info;

typedef struct framework_set {
	framework_info *items;
	size_t count;
	int active; /* -1: none */
} framework_set;

static framework_set *set_of(const rule_set *rs)
{
	return rs->frameworks;
}

static const rule_decl *find_rule(const rule_set *rs, const char *id)
{
	return ruleset_find(rs, id);
}

typedef struct loading {
	rule_set *rs;
	const char *file;
	const pos_tree *pos;
	char *error;
	size_t error_size;
} loading;

static int fail_at(loading *l, int t, const char *field, const char *fmt, const char *detail)
{
	char path[256];
	int line, column;
	model_locate(l->pos, model_node_of(l->rs->L, t), field, path, sizeof path, &line, &column);
	char what[512];
	snprintf(what, sizeof what, fmt, detail);
	snprintf(l->error, l->error_size, "%s:%d: %s", l->file, line, what);
	return -1;
}

/* The profile document is at the top of the stack. */
static int load_one(loading *l, const char *stem)
{
	lua_State *L = l->rs->L;
	int doc = lua_gettop(L);
	if (!lua_istable(L, doc))
		return fail_at(l, doc, NULL, _("the top level of a scoring framework file should be a mapping%s"), "");
	static const char *const known[] = { "name", "title", "params", "disable", "grades", NULL };
	lua_pushnil(L);
	while (lua_next(L, doc)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			continue;
		bool ok = false;
		for (const char *const *k = known; *k && !ok; k++)
			ok = !strcmp(*k, lua_tostring(L, -1));
		if (!ok) {
			const char *k = lua_tostring(L, -1);
			return fail_at(l, doc, k, _("unknown field '%s' (known: name title params disable grades)"), k);
		}
	}
	lua_getfield(L, doc, "name");
	const char *name = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : stem;
	char *owned = xstrdup(name);
	lua_pop(L, 1);

	lua_newtable(L); /* the profile's Lua side */
	int profile = lua_gettop(L);
	lua_newtable(L);
	lua_setfield(L, profile, "by_file");
	lua_newtable(L);
	lua_setfield(L, profile, "disabled");

	if (lua_getfield(L, doc, "params") == LUA_TTABLE) {
		int params = lua_gettop(L);
		lua_pushnil(L);
		while (lua_next(L, params)) {
			if (lua_type(L, -2) != LUA_TSTRING) {
				lua_pop(L, 1);
				continue;
			}
			const char *id = lua_tostring(L, -2);
			const rule_decl *d = find_rule(l->rs, id);
			if (!d) {
				free(owned);
				return fail_at(l, params, id, _("rule '%s' in params does not exist"), id);
			}
			if (!lua_istable(L, -1)) {
				free(owned);
				return fail_at(l, params, id, _("the parameters of rule %s should be a mapping (name: value)"), id);
			}
			/* by_file[file] gains every name = value of this rule */
			lua_getfield(L, profile, "by_file");
			if (lua_getfield(L, -1, d->file) != LUA_TTABLE) {
				lua_pop(L, 1);
				lua_newtable(L);
				lua_pushvalue(L, -1);
				lua_setfield(L, -3, d->file);
			}
			int target = lua_gettop(L);
			lua_pushnil(L);
			while (lua_next(L, target - 2)) {
				if (lua_type(L, -2) == LUA_TSTRING) {
					bool known_param = false;
					for (size_t i = 0; i < d->param_count && !known_param; i++)
						known_param = !strcmp(d->params[i].name, lua_tostring(L, -2));
					if (!known_param) {
						const char *p = lua_tostring(L, -2);
						char what[256];
						snprintf(what, sizeof what, _("rule %s has no parameter '%s'"), id, p);
						free(owned);
						return fail_at(l, target - 2, p, "%s", what);
					}
					lua_pushvalue(L, -2);
					lua_insert(L, -2);
					lua_rawset(L, target);
				} else {
					lua_pop(L, 1);
				}
			}
			lua_pop(L, 2);
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);

	if (lua_getfield(L, doc, "disable") == LUA_TTABLE) {
		int list = lua_gettop(L);
		lua_getfield(L, profile, "disabled");
		lua_Integer n = (lua_Integer)lua_rawlen(L, list);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, list, i);
			const char *id = lua_tostring(L, -1);
			if (!id || !find_rule(l->rs, id)) {
				free(owned);
				return fail_at(l, doc, "disable", _("rule '%s' in disable does not exist"), id ? id : "?");
			}
			lua_pushboolean(L, 1);
			lua_rawset(L, -3);
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);

	framework_set *s = set_of(l->rs);
	framework_info *grown = realloc(s->items, (s->count + 1) * sizeof *grown);
	if (!grown) {
		free(owned);
		return fail_at(l, doc, NULL, _("out of memory%s"), "");
	}
	s->items = grown;
	framework_info *info = &grown[s->count];
	memset(info, 0, sizeof *info);
	info->name = owned;
	if (lua_getfield(L, doc, "grades") == LUA_TTABLE) {
		int t = lua_gettop(L);
		lua_Integer n = (lua_Integer)lua_rawlen(L, t);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, t, i);
			lua_getfield(L, -1, "grade");
			lua_getfield(L, -2, "min");
			decimal min;
			const char *g = lua_tostring(L, -2);
			grade_bands *b = &info->bands;
			if (!g || !ldec_to(L, -1, &min) || b->count >= GRADE_BANDS_MAX ||
			    strlen(g) >= sizeof b->band[0].name ||
			    (b->count && dec_cmp(min, b->band[b->count - 1].min) >= 0)) {
				free(owned);
				return fail_at(l, doc, "grades",
				               _("every item of grades should be {grade: GRADE, min: LOWEST SCORE}, from the highest score down%s"), "");
			}
			snprintf(b->band[b->count].name, sizeof b->band[0].name, "%s", g);
			b->band[b->count++].min = min;
			lua_pop(L, 3);
		}
		info->has_bands = info->bands.count > 0;
	}
	lua_pop(L, 1);
	for (size_t i = 0; i < s->count; i++)
		if (!strcmp(s->items[i].name, owned)) {
			snprintf(l->error, l->error_size, _("%s: scoring framework name '%s' is used twice"), l->file, owned);
			free(owned);
			return -1;
		}
	s->count++;

	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_profiles);
	lua_pushvalue(L, profile);
	lua_setfield(L, -2, owned);
	lua_pop(L, 1);
	lua_settop(L, doc);
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int framework_load(rule_set *rs, char *error, size_t error_size)
{
	lua_State *L = rs->L;
	framework_set *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(error, error_size, "%s", _("out of memory"));
		return -1;
	}
	s->active = -1;
	rs->frameworks = s;
	lua_newtable(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_profiles);
	for (size_t d = 0; d < rs->dir_count; d++) {
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/profiles", rs->dirs[d]);
		DIR *dp = opendir(dir);
		if (!dp)
			continue;
		char **names = NULL;
		size_t count = 0;
		struct dirent *e;
		while ((e = readdir(dp))) {
			size_t n = strlen(e->d_name);
			if (n > 5 && !strcmp(e->d_name + n - 5, ".yaml") && e->d_name[0] != '.') {
				char **grown = realloc(names, (count + 1) * sizeof *names);
				if (!grown)
					break;
				names = grown;
				names[count++] = xstrdup(e->d_name);
			}
		}
		closedir(dp);
		if (count > 1)
			qsort(names, count, sizeof *names, compare_names);
		int status = 0;
		for (size_t i = 0; i < count; i++) {
			char path[4400], why[512];
			snprintf(path, sizeof path, "%s/%s", dir, names[i]);
			if (status == 0) {
				yload ld;
				if (yload_open(&ld, path, NULL, why, sizeof why) != 0) {
					snprintf(error, error_size, "%s: %s", path, why);
					status = -1;
				} else {
					pos_tree pos;
					pos_tree_init(&pos);
					doc_result *r = result_new(path, 0);
					int top = lua_gettop(L);
					if (yload_next(&ld, L, &pos, r) == 1) {
						if (r->finding_count) {
							snprintf(error, error_size, "%s:%d: %s", path, r->findings[0].line,
							         r->findings[0].message);
							status = -1;
						} else {
							char stem[256];
							snprintf(stem, sizeof stem, "%.*s", (int)(strlen(names[i]) - 5),
							         names[i]);
							loading l = { rs, path, &pos, error, error_size };
							status = load_one(&l, stem);
						}
					}
					lua_settop(L, top);
					result_free(r);
					pos_tree_free(&pos);
					yload_close(&ld);
				}
			}
			free(names[i]);
		}
		free(names);
		if (status)
			return -1;
	}
	return 0;
}

void framework_free(rule_set *rs)
{
	framework_set *s = set_of(rs);
	if (!s)
		return;
	for (size_t i = 0; i < s->count; i++)
		free(s->items[i].name);
	free(s->items);
	free(s);
	rs->frameworks = NULL;
}

bool framework_activate(rule_set *rs, const char *name)
{
	lua_State *L = rs->L;
	framework_set *s = set_of(rs);
	int found = -1;
	for (size_t i = 0; s && name && i < s->count; i++)
		if (!strcmp(s->items[i].name, name))
			found = (int)i;
	if (s)
		s->active = found;
	if (found >= 0) {
		lua_rawgetp(L, LUA_REGISTRYINDEX, &key_profiles);
		lua_getfield(L, -1, name);
		lua_remove(L, -2);
	} else {
		lua_pushnil(L);
	}
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_active);
	return name == NULL || found >= 0;
}

bool framework_disables(const rule_set *rs, const rule_decl *d)
{
	const framework_set *s = set_of(rs);
	if (!s || s->active < 0)
		return false;
	lua_State *L = rs->L;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_active);
	lua_getfield(L, -1, "disabled");
	lua_getfield(L, -1, d->id);
	bool off = lua_toboolean(L, -1);
	lua_pop(L, 3);
	return off;
}

const grade_bands *framework_bands(const rule_set *rs)
{
	const framework_set *s = set_of(rs);
	if (s && s->active >= 0 && s->items[s->active].has_bands)
		return &s->items[s->active].bands;
	return &rs->bands;
}

void framework_names(const rule_set *rs, char *buf, size_t size)
{
	const framework_set *s = set_of(rs);
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; s && i < s->count && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? _(", ") : "", s->items[i].name);
	if (!buf[0])
		snprintf(buf, size, "%s", _("(none)"));
}

/* __index of a params table: upvalue 1 the defaults, 2 the file. */
static int params_index(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_active);
	if (lua_istable(L, -1)) {
		lua_getfield(L, -1, "by_file");
		lua_pushvalue(L, lua_upvalueindex(2));
		if (lua_rawget(L, -2) == LUA_TTABLE) {
			lua_pushvalue(L, 2);
			if (lua_rawget(L, -2) != LUA_TNIL) {
				if (lua_istable(L, -1))
					sandbox_push_view(L, -1);
				/* A profile's YAML number replaces a Lua number: give
				 * the rule the same kind of value it was written for. */
				decimal d;
				lua_pushvalue(L, 2);
				lua_rawget(L, lua_upvalueindex(1));
				bool lua_number = lua_type(L, -1) == LUA_TNUMBER;
				lua_pop(L, 1);
				if (lua_number && ldec_is(L, -1, &d)) {
					if (d.scale == 0)
						lua_pushinteger(L, d.mant);
					else
						lua_pushnumber(L, dec_to_double(d));
				}
				return 1;
			}
		}
	}
	lua_settop(L, 2);
	lua_pushvalue(L, 2);
	lua_rawget(L, lua_upvalueindex(1));
	if (lua_istable(L, -1))
		sandbox_push_view(L, -1);
	return 1;
}

static int params_newindex(lua_State *L)
{
	return luaL_error(L, _("parameters are read-only (%s): to change one, edit params at the top of the rule file, or override it in a scoring framework file"),
	                  luaL_tolstring(L, 2, NULL));
}

static int params_next(lua_State *L)
{
	/* Iterate the defaults; values through __index so profiles apply. */
	lua_settop(L, 2);
	lua_getmetatable(L, 1);
	lua_getfield(L, -1, "defaults");
	lua_pushvalue(L, 2);
	if (!lua_next(L, -2))
		return 0;
	lua_pop(L, 1);
	lua_pushvalue(L, -1);
	lua_gettable(L, 1);
	return 2;
}

static int params_pairs(lua_State *L)
{
	lua_pushcfunction(L, params_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

void framework_push_params(lua_State *L, int defaults, const char *file)
{
	defaults = lua_absindex(L, defaults);
	lua_newtable(L);
	lua_newtable(L);
	lua_pushvalue(L, defaults);
	lua_pushstring(L, file);
	lua_pushcclosure(L, params_index, 2);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, params_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, params_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushvalue(L, defaults);
	lua_setfield(L, -2, "defaults");
	lua_pushstring(L, _("read-only parameters"));
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
}
