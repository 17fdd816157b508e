/*
 * model_fields — see model_fields.h.
 */
#include "model_fields.h"

#include <stdio.h>
#include <string.h>

#include "base_nearest.h"

/* Any table of the format may gain `blank`: the cells printed empty. */
static const char *const blank_only[] = { "blank", NULL };

const model_fields model_fields_report = {
	"r",
	(const char *const[]){ "pev", "kind", "unit", "year", "project", "department", "framework",
	                       "previous", "budget", "scores", "targets", "facts", NULL },
	blank_only,
};

const model_fields model_fields_budget = {
	"budget",
	(const char *const[]){ "currency", "initial", "planned", "executed", "execution_rate",
	                       "sources", "nature", "carryover", "returned", "items",
	                       "opening_balance", "received", "funds", "items_partial",
	                       "adjustment_reason", NULL },
	blank_only,
};

const model_fields model_fields_funds = {
	"budget.funds",
	(const char *const[]){ "total", "fiscal", "carried", "other", "special_account", "unit_funds", NULL },
	blank_only,
};

const model_fields model_fields_funds_row = {
	"budget.funds.*",
	(const char *const[]){ "initial", "planned", "executed", "max", "rate", "score", NULL },
	blank_only,
};

const model_fields model_fields_items = {
	"budget.items[]",
	(const char *const[]){ "name", "initial", "planned", "executed", NULL },
	blank_only,
};

const model_fields model_fields_scores = {
	"scores",
	(const char *const[]){ "total", "grade", "indicators", NULL },
	blank_only,
};

const model_fields model_fields_indicators = {
	"indicators[]",
	(const char *const[]){ "name", "max", "score", "children", "deductions", "note", NULL },
	(const char *const[]){ "path", "blank", NULL },
};

const model_fields model_fields_deductions = {
	"deductions[]",
	(const char *const[]){ "points", "reason", "fix", NULL },
	blank_only,
};

const model_fields model_fields_targets = {
	"targets[]",
	(const char *const[]){ "name", "indicator", "target", "actual", "unit", "points", "score",
	                       "status", "reason", "fix", "note", NULL },
	(const char *const[]){ "op", "op_implied", "goal", "goal_unit", "goal_word", "actual_unit",
	                       "actual_word", "actual_converted", "units_agree", "met", "blank",
	                       NULL },
};

static const char key_fields = 0;

void model_fields_tag(lua_State *L, int index, const model_fields *f)
{
	index = lua_absindex(L, index);
	lua_pushlightuserdata(L, (void *)f);
	lua_rawsetp(L, index, &key_fields);
}

const model_fields *model_fields_of(lua_State *L, int index)
{
	if (lua_type(L, index) != LUA_TTABLE)
		return NULL;
	lua_rawgetp(L, index, &key_fields);
	const model_fields *f = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return f;
}

static bool in(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

bool model_fields_has(const model_fields *f, const char *name)
{
	return !strncmp(name, "x-", 2) || in(f->written, name) || in(f->derived, name);
}

/* Every field of the set in one list, for nearest_name: at most 32. */
static size_t all_fields(const model_fields *f, const char *out[32])
{
	size_t n = 0;
	for (const char *const *p = f->written; *p && n < 32; p++)
		out[n++] = *p;
	for (const char *const *p = f->derived; *p && n < 32; p++)
		out[n++] = *p;
	return n;
}

const char *model_fields_nearest(const model_fields *f, const char *name)
{
	const char *names[32];
	size_t n = all_fields(f, names);
	return nearest_name(name, names, n);
}

void model_fields_list(const model_fields *f, char *buf, size_t size)
{
	const char *names[32];
	size_t n = all_fields(f, names), used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " " : "", names[i]);
}
