/*
 * rules_history — previous(): the same unit's report for the year before,
 * from the report's previous: path or among the files being checked,
 * loaded (once per report) through the same loader and report model as
 * the report itself.  What it looked for and read is recorded in the
 * result (input_read): the results cache reuses a result only while that
 * is unchanged.
 */
#include "rules_internal.h"

#include <lauxlib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_digest.h"
#include "base_i18n.h"
#include "load_inputs.h"
#include "load_yaml.h"
#include "model_report.h"

static const char key_previous = 0;

/* Load the report at path into a normalised table (pushed), or push nil
 * and set why; what was read goes into read (the results cache's). */
static void load_previous(lua_State *L, const char *path, input_read *read, char *why, size_t size)
{
	yload ld;
	why[0] = '\0';
	if (yload_open(&ld, path, NULL, why, size) != 0) {
		read->unreadable = true;
		lua_pushnil(L);
		return;
	}
	digest_bytes(ld.text, ld.length, read->digest);
	pos_tree pos;
	pos_tree_init(&pos);
	doc_result *r = result_new(path, 0);
	if (yload_next(&ld, L, &pos, r) != 1)
		lua_pushnil(L);
	else if (lua_istable(L, -1) && report_model(L, -1, &pos, r) != 0)
		lua_pushnil(L), lua_remove(L, -2);
	for (size_t i = 0; i < r->finding_count && !why[0]; i++)
		if (r->findings[i].severity == SEV_ERROR)
			snprintf(why, size, "%d:%d: %s", r->findings[i].line, r->findings[i].column,
			         r->findings[i].message);
	if (why[0] && !lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushnil(L);
	}
	result_free(r);
	pos_tree_free(&pos);
	yload_close(&ld);
}

/* previous(): the same unit's report for the year before (read-only), from
 * the report's previous: path or among the files being checked; nil when
 * there is none.  Loaded once per report. */
static int api_previous(lua_State *L)
{
	run_ctx *c = rules_checking(L, "previous");
	rule_set *rs = rules_from_state(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_previous);
	if (!lua_isnil(L, -1)) {
		if (lua_toboolean(L, -1) && lua_istable(L, -1))
			sandbox_push_view(L, -1);
		else
			lua_pushnil(L);
		return 1;
	}
	lua_pop(L, 1);
	char path[4096] = "";
	const char *looked_up = NULL; /* the unit looked for among the inputs */
	if (c->previous_path && c->previous_path[0]) {
		if (c->previous_path[0] == '/') {
			snprintf(path, sizeof path, "%s", c->previous_path);
		} else {
			const char *slash = strrchr(c->r->file, '/');
			snprintf(path, sizeof path, "%.*s%s%s", slash ? (int)(slash - c->r->file) : 0,
			         c->r->file, slash ? "/" : "", c->previous_path);
		}
	} else if (c->r->unit && c->r->has_year) {
		input_index_find(rs->options->inputs, c->r->unit, c->r->year - 1, path, sizeof path);
		looked_up = c->r->unit;
	}
	if (!path[0] && looked_up)
		result_add_read(c->r, NULL, looked_up, c->r->year - 1);
	if (!path[0]) {
		lua_pushboolean(L, 0);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &key_previous);
		lua_pushnil(L);
		return 1;
	}
	/* The previous report is data, not the rule's doing: load it with the
	 * rule's meter paused. */
	char why[512];
	input_read *read = result_add_read(c->r, path, looked_up, c->r->year - 1);
	sandbox_pause pause;
	sandbox_data_begin(L, &pause);
	load_previous(L, path, read, why, sizeof why);
	sandbox_data_end(L, &pause);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 0);
		if (!c->previous_reported) {
			c->previous_reported = true;
			/* at the previous: line that named the file */
			int complete;
			int32_t node = c->previous_path ? pos_resolve(c->pos, "previous", &complete) : -1;
			result_addf(c->r, RULE_HISTORY, SEV_WARNING, "previous",
			            node >= 0 ? (int)c->pos->nodes[node].line : 0,
			            node >= 0 ? (int)c->pos->nodes[node].column : 0,
			            _("cannot read the previous year's report %s: %s"), path,
			            why[0] ? why : _("not a valid report"));
		}
	}
	lua_pushvalue(L, -1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_previous);
	if (lua_istable(L, -1))
		sandbox_push_view(L, -1);
	else
		lua_pushnil(L);
	return 1;
}

void rules_history_begin(lua_State *L, run_ctx *c, int root)
{
	free(c->previous_path);
	c->previous_path = NULL;
	c->previous_reported = false;
	lua_pushliteral(L, "previous");
	if (lua_rawget(L, root) == LUA_TSTRING)
		c->previous_path = xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	lua_pushnil(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_previous);
}

const luaL_Reg rules_history_api[] = {
	{ "previous", api_previous },
	{ NULL, NULL },
};
