/*
 * rules_framework — what the rule runtime reads of the scoring framework the
 * engine chose for a report (score_framework.h): the parameters it
 * overrides, the rules it switches off, the indicator each rule's concept
 * lands on, and framework() for rules that check the table's shape.
 *
 * The framework module knows nothing of rules; this is the one place where
 * the two meet, so a framework's rule ids and parameter names are checked
 * here, once the rules are loaded.
 *
 * In the registry: PARAMS maps a framework's index to {file = {name =
 * value}}, built when the framework is first used; ACTIVE is the one in
 * force for the report being checked and OVERLAY the parameters-only one
 * over it (nil: none); VIEWS caches framework()'s table per framework.
 */
#include "rules_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_i18n.h"
#include "rules_decimal.h"

static const char key_params = 0, key_active = 0, key_overlay = 0, key_views = 0;

void rules_framework_init(lua_State *L)
{
	lua_newtable(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_params);
	lua_newtable(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_views);
}

static void push_value(lua_State *L, const fw_value *v)
{
	switch (v->kind) {
	case FWV_BOOL: lua_pushboolean(L, v->boolean); break;
	case FWV_NUMBER: ldec_push(L, v->number); break;
	case FWV_TEXT: lua_pushstring(L, v->text); break;
	case FWV_LIST:
		lua_createtable(L, (int)v->count, 0);
		for (size_t i = 0; i < v->count; i++) {
			push_value(L, &v->items[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		break;
	default: lua_pushnil(L); break;
	}
}

const framework_set *ruleset_frameworks(const rule_set *rs)
{
	return &rs->frameworks;
}

const layout_set *ruleset_layouts(const rule_set *rs)
{
	return &rs->layouts;
}

int ruleset_check_frameworks(rule_set *rs, char *error, size_t error_size)
{
	const framework_set *s = &rs->frameworks;
	for (size_t i = 0; i < s->count; i++) {
		const framework *f = &s->items[i];
		for (size_t k = 0; k < f->param_count; k++) {
			const fw_param *p = &f->params[k];
			const rule_decl *d = ruleset_find(rs, p->rule);
			if (!d && f->implicit)
				continue; /* a bundled framework tuning a rule this run did not load */
			if (!d) {
				snprintf(error, error_size, _("%s:%d: rule '%s' in params does not exist"), p->file,
				         p->line, p->rule);
				return -1;
			}
			bool known = false;
			for (size_t j = 0; j < d->param_count && !known; j++)
				known = !strcmp(d->params[j].name, p->name);
			if (!known) {
				snprintf(error, error_size, _("%s:%d: rule %s has no parameter '%s'"), p->file, p->line,
				         p->rule, p->name);
				return -1;
			}
		}
		for (size_t k = 0; k < f->disabled_count && !f->implicit; k++)
			if (!ruleset_find(rs, f->disabled[k])) {
				snprintf(error, error_size, _("%s:%d: rule '%s' in disable does not exist"), f->file,
				         f->disabled_lines[k], f->disabled[k]);
				return -1;
			}
	}
	return 0;
}

/* Push {file = {name = value}} for framework f, building it the first time. */
static void push_params(rule_set *rs, const framework *f)
{
	lua_State *L = rs->L;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_params);
	lua_Integer index = (lua_Integer)(f - rs->frameworks.items) + 1;
	if (lua_rawgeti(L, -1, index) == LUA_TTABLE) {
		lua_remove(L, -2);
		return;
	}
	lua_pop(L, 1);
	lua_newtable(L);
	for (size_t k = 0; k < f->param_count; k++) {
		const fw_param *p = &f->params[k];
		const rule_decl *d = ruleset_find(rs, p->rule);
		if (!d)
			continue; /* ruleset_check_frameworks refused the run */
		if (lua_getfield(L, -1, d->file) != LUA_TTABLE) {
			lua_pop(L, 1);
			lua_newtable(L);
			lua_pushvalue(L, -1);
			lua_setfield(L, -3, d->file);
		}
		push_value(L, &p->value);
		lua_setfield(L, -2, p->name);
		lua_pop(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_rawseti(L, -3, index);
	lua_remove(L, -2);
}

void ruleset_use_framework(rule_set *rs, const framework *f, const framework *overlay,
                           enum fw_chosen_by by)
{
	rs->framework = f;
	rs->overlay = overlay;
	rs->framework_by = by;
	const framework *both[] = { f, overlay };
	const void *keys[] = { &key_active, &key_overlay };
	for (int i = 0; i < 2; i++) {
		if (both[i])
			push_params(rs, both[i]);
		else
			lua_pushnil(rs->L);
		lua_rawsetp(rs->L, LUA_REGISTRYINDEX, keys[i]);
	}
}

static bool disables(const framework *f, const rule_decl *d)
{
	for (size_t i = 0; f && i < f->disabled_count; i++)
		if (!strcmp(f->disabled[i], d->id))
			return true;
	return false;
}

bool ruleset_framework_disables(const rule_set *rs, const rule_decl *d)
{
	return disables(rs->framework, d) || disables(rs->overlay, d);
}

const grade_bands *ruleset_bands(const rule_set *rs)
{
	if (rs->overlay && rs->overlay->has_bands)
		return &rs->overlay->bands;
	if (rs->framework && rs->framework->has_bands)
		return &rs->framework->bands;
	return &rs->bands;
}

const char *rules_wanted_indicator(const rule_set *rs, const rule_decl *d)
{
	if (d->indicator)
		return d->indicator;
	return d->concept ? framework_concept_path(rs->framework, d->concept) : NULL;
}

/* ---- params{}: read through the active framework ------------------------------------ */

/* Push what the framework params table under `key` gives the parameter
 * at index 2 of the file upvalue 2; false (nothing pushed) when it gives
 * nothing. */
static bool framework_param(lua_State *L, const void *key)
{
	int top = lua_gettop(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, key);
	if (lua_istable(L, -1)) {
		lua_pushvalue(L, lua_upvalueindex(2));
		if (lua_rawget(L, -2) == LUA_TTABLE) {
			lua_pushvalue(L, 2);
			if (lua_rawget(L, -2) != LUA_TNIL) {
				lua_replace(L, top + 1);
				lua_settop(L, top + 1);
				return true;
			}
		}
	}
	lua_settop(L, top);
	return false;
}

/* __index of a params table: upvalue 1 the defaults, 2 the file.  The
 * parameters-only framework first, then the framework, then the rule's own. */
static int params_index(lua_State *L)
{
	if (framework_param(L, &key_overlay) || framework_param(L, &key_active)) {
		if (lua_istable(L, -1))
			sandbox_push_view(L, -1);
		/* A framework's YAML number replaces a Lua number: give the
		 * rule the kind of value it was written for. */
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
	/* Iterate the defaults; values through __index so frameworks apply. */
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

void rules_push_params(lua_State *L, int defaults, const char *file)
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

/* ---- framework(): the tree, for rules that check the table's shape ------------------ */

static void set_text(lua_State *L, const char *key, const char *value)
{
	if (!value)
		return;
	lua_pushstring(L, value);
	lua_setfield(L, -2, key);
}

/* Push the children of the node at `parent` (-1: the first level) as a list
 * of {name, path, max, method, scoring, aliases, children}. */
static void push_level(lua_State *L, const framework *f, int parent)
{
	int depth = parent < 0 ? 0 : f->nodes[parent].depth + 1;
	lua_newtable(L);
	lua_Integer n = 0;
	for (size_t i = (size_t)(parent + 1); i < f->node_count; i++) {
		const fw_node *node = &f->nodes[i];
		if (parent >= 0 && node->depth <= f->nodes[parent].depth)
			break;
		if (node->depth != depth)
			continue;
		lua_newtable(L);
		set_text(L, "name", node->name);
		set_text(L, "path", node->path);
		set_text(L, "method", node->method);
		set_text(L, "scoring", node->scoring);
		if (node->has_max) {
			ldec_push(L, node->max);
			lua_setfield(L, -2, "max");
		}
		lua_createtable(L, (int)node->alias_count, 0);
		for (size_t a = 0; a < node->alias_count; a++) {
			lua_pushstring(L, node->aliases[a]);
			lua_rawseti(L, -2, (lua_Integer)a + 1);
		}
		lua_setfield(L, -2, "aliases");
		luaL_checkstack(L, 6, NULL);
		push_level(L, f, (int)i);
		lua_setfield(L, -2, "children");
		lua_rawseti(L, -2, ++n);
	}
}

/* framework(): the scoring framework of the report (read-only), or nil. */
static int api_framework(lua_State *L)
{
	rule_set *rs = rules_from_state(L);
	const framework *f = rs->framework;
	if (!f)
		return 0;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_views);
	lua_Integer index = (lua_Integer)(f - rs->frameworks.items) + 1;
	if (lua_rawgeti(L, -1, index) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		set_text(L, "name", f->name);
		set_text(L, "title", f->title);
		set_text(L, "kind", f->kind);
		set_text(L, "source", f->source);
		lua_pushboolean(L, f->rate_includes_opening_balance);
		lua_setfield(L, -2, "rate_includes_opening_balance");
		lua_pushboolean(L, f->rate_uses_received_funds);
		lua_setfield(L, -2, "rate_uses_received_funds");
		push_level(L, f, -1);
		lua_setfield(L, -2, "indicators");
		lua_pushvalue(L, -1);
		lua_rawseti(L, -3, index);
	}
	/* chosen_by differs per report: a fresh outer table over the cached
	 * tree would cost more than setting it on the view's target. */
	const char *by = framework_chosen_by_name(rs->framework_by);
	lua_pushstring(L, by ? by : "none");
	lua_setfield(L, -2, "chosen_by");
	sandbox_push_view(L, -1);
	return 1;
}

const luaL_Reg rules_framework_api[] = {
	{ "framework", api_framework },
	{ NULL, NULL },
};
