/*
 * model_settings — see model_settings.h.
 */
#include "model_settings.h"

#include <lauxlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base_alloc.h"
#include "base_decimal.h"
#include "base_i18n.h"
#include "model_report.h"
#include "rules_decimal.h"

int settings_line(const settings_reader *r, int t, const char *field)
{
	char path[256];
	int line, column;
	model_locate(r->pos, model_node_of(r->L, t), field, path, sizeof path, &line, &column);
	return line;
}

int settings_fail(settings_reader *r, int t, const char *field, const char *fmt, ...)
{
	char what[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(r->error, r->error_size, "%s:%d: %s", r->file, settings_line(r, t, field), what);
	return -1;
}

bool settings_one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

int settings_each_member(settings_reader *r, int t, settings_visit visit, void *arg)
{
	lua_State *L = r->L;
	const pos_tree *pos = r->pos;
	int32_t node = model_node_of(L, t);
	luaL_checkstack(L, 4, NULL);
	for (int32_t k = node >= 0 ? pos->nodes[node].first_child : -1; k >= 0; k = pos->nodes[k].next_sibling) {
		const pos_node *n = &pos->nodes[k];
		if (n->index >= 0)
			continue; /* a list, not a mapping */
		lua_pushlstring(L, pos->keys + n->key_offset, n->key_length);
		const char *key = lua_tostring(L, -1);
		lua_pushvalue(L, -1);
		lua_rawget(L, t);
		int status = visit(r, t, key, arg);
		lua_pop(L, 2);
		if (status)
			return -1;
	}
	return 0;
}

int settings_open_mapping(settings_reader *r, int root, const char *key, const char *should, int *t)
{
	lua_State *L = r->L;
	int type = lua_getfield(L, root, key);
	if (type == LUA_TTABLE && lua_rawlen(L, -1) == 0) {
		*t = lua_gettop(L);
		return 1;
	}
	lua_pop(L, 1);
	return type == LUA_TNIL ? 0 : settings_fail(r, root, key, "%s", should);
}

int settings_read_mapping(settings_reader *r, int root, const char *key, const char *should,
                          settings_visit visit, void *arg)
{
	int t = 0;
	int status = settings_open_mapping(r, root, key, should, &t);
	if (status <= 0)
		return status;
	status = settings_each_member(r, t, visit, arg);
	lua_pop(r->L, 1);
	return status;
}

int settings_each_item(settings_reader *r, int root, const char *key, int type, bool nonempty,
                       const char *should, settings_item_visit visit, void *arg)
{
	lua_State *L = r->L;
	int found = lua_getfield(L, root, key);
	if (found == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	int t = lua_gettop(L);
	lua_Integer n = found == LUA_TTABLE ? (lua_Integer)lua_rawlen(L, t) : 0;
	if (found != LUA_TTABLE || (nonempty && n == 0)) {
		lua_pop(L, 1);
		return settings_fail(r, root, key, "%s", should);
	}
	int status = 0;
	for (lua_Integer i = 1; i <= n && status == 0; i++) {
		bool ok = lua_rawgeti(L, t, i) == type && (type != LUA_TSTRING || lua_rawlen(L, -1) > 0) &&
		          (type != LUA_TTABLE || lua_rawlen(L, -1) == 0);
		if (!ok)
			status = settings_fail(r, root, key,
			                       type == LUA_TSTRING ? _("item %d of %s should be non-empty text")
			                                           : _("item %d of %s should be a mapping"),
			                       (int)i, key);
		else
			status = visit(r, lua_gettop(L), i, arg);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return status ? -1 : 0;
}

typedef struct known_fields {
	const char *where, *const *known, *text;
} known_fields;

static int visit_field(settings_reader *r, int t, const char *key, void *arg)
{
	const known_fields *k = arg;
	if (settings_one_of(key, k->known))
		return 0;
	return settings_fail(r, t, key, _("unknown field '%s' in %s (known: %s)"), key, k->where, k->text);
}

int settings_check_fields(settings_reader *r, int t, const char *where, const char *const *known,
                          const char *known_text)
{
	known_fields k = { where, known, known_text };
	return settings_each_member(r, t, visit_field, &k);
}

int settings_text(settings_reader *r, int t, const char *key, char **out)
{
	lua_State *L = r->L;
	*out = NULL;
	int type = lua_getfield(L, t, key);
	decimal d;
	if (type == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	if (type == LUA_TSTRING && lua_rawlen(L, -1) > 0) {
		*out = xstrdup(lua_tostring(L, -1));
	} else if (ldec_is(L, -1, &d)) {
		char buf[DEC_BUFSIZE];
		dec_format(d, buf);
		*out = xstrdup(buf);
	} else {
		lua_pop(L, 1);
		return settings_fail(r, t, key, _("%s should be non-empty text"), key);
	}
	lua_pop(L, 1);
	return 0;
}

int settings_need_text(settings_reader *r, int t, const char *key, const char *missing, char **out)
{
	if (settings_text(r, t, key, out))
		return -1;
	return *out ? 0 : settings_fail(r, t, NULL, "%s", missing);
}

int settings_text_list(settings_reader *r, int t, const char *key, char ***out, size_t *count)
{
	lua_State *L = r->L;
	int type = lua_getfield(L, t, key);
	if (type == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	if (type == LUA_TSTRING) {
		*out = xrealloc(*out, (*count + 1) * sizeof **out);
		(*out)[(*count)++] = xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
		return 0;
	}
	if (type != LUA_TTABLE) {
		lua_pop(L, 1);
		return settings_fail(r, t, key, _("%s should be a list of text"), key);
	}
	int list = lua_gettop(L);
	lua_Integer n = (lua_Integer)lua_rawlen(L, list);
	for (lua_Integer i = 1; i <= n; i++) {
		if (lua_rawgeti(L, list, i) != LUA_TSTRING || lua_rawlen(L, -1) == 0) {
			lua_pop(L, 2);
			return settings_fail(r, t, key, _("item %d of %s should be non-empty text"), (int)i, key);
		}
		*out = xrealloc(*out, (*count + 1) * sizeof **out);
		(*out)[(*count)++] = xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return 0;
}
