/*
 * model_settings — see model_settings.h.
 */
#include "model_settings.h"

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

int settings_check_fields(settings_reader *r, int t, const char *where, const char *const *known,
                          const char *known_text)
{
	lua_State *L = r->L;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			continue; /* the loader's node id, a light userdata key */
		const char *k = lua_tostring(L, -1);
		if (!settings_one_of(k, known)) {
			int status = settings_fail(r, t, k, _("unknown field '%s' in %s (known: %s)"), k, where,
			                           known_text);
			lua_pop(L, 1);
			return status;
		}
	}
	return 0;
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
