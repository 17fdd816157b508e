/*
 * rules_fields — a rule that reads a field a report table cannot have
 * (`t.gaol` for `t.goal`) fails at its line, naming the table, the field
 * and the nearest known one.  Without this a misspelt field reads as nil
 * like an absent one, and a rule guarded with `t.gaol ~= nil` silently
 * finds nothing.  Fields that may be absent still read as nil; `facts` is
 * free-form (model_fields.h says which tables know their fields).
 */
#include "rules_internal.h"

#include <lauxlib.h>

#include "base_i18n.h"
#include "model_fields.h"

static void absent_field(lua_State *L, int table, int key)
{
	if (lua_type(L, key) != LUA_TSTRING)
		return;
	const model_fields *f = model_fields_of(L, table);
	const char *name = lua_tostring(L, key);
	if (!f || model_fields_has(f, name))
		return;
	const char *near = model_fields_nearest(f, name);
	if (near)
		luaL_error(L, _("%s has no field %s; did you mean %s?"), f->table, name, near);
	char known[512];
	model_fields_list(f, known, sizeof known);
	luaL_error(L, _("%s has no field %s (its fields: %s; free-form data goes under facts)"), f->table,
	           name, known);
}

void rules_fields_init(lua_State *L)
{
	sandbox_on_absent_key(L, absent_field);
}
