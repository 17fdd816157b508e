/*
 * score_framework — see score_framework.h.
 *
 * Each file is read with the YAML loader into a private plain Lua state
 * (the file is data: no rule code runs in it), checked, and copied into C
 * structures that every worker then reads without locking.
 */
#include "score_framework.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "base_i18n.h"
#include "load_yaml.h"
#include "model_report.h"
#include "model_settings.h"
#include "rules_decimal.h"

#define TREE_DEPTH_MAX 8

/* ---- reading one file -------------------------------------------------------------- */

/* What a file says that is applied once every file is read (extends
 * resolved): kept beside the framework until then. */
typedef struct pending {
	char *extends;
	int extends_line;
	bool is_default;
	int opening_balance; /* rate_includes_opening_balance: 1, 0, or -1 when not said */
	int received;        /* rate_uses_received_funds: the same */
	size_t dir;          /* which rule directory the file is in */
	bool resolved;
	struct {
		char *path;
		decimal max;
		int line;
	} *points; /* points: path -> full marks */
	size_t point_count;
	struct {
		char *path;
		char **names;
		size_t count;
		int line;
	} *aliases; /* indicator_aliases: path -> other printed names */
	size_t alias_count;
} pending;

static void pending_free(pending *p);

typedef struct reader {
	settings_reader in; /* first: a visit's settings_reader is its reader */
	framework *f;
	pending p;
} reader;

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void free_texts(char **list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i]);
	free(list);
}

/* ---- the indicator tree ------------------------------------------------------------- */

static const char *const methods[] = { "formula", "deduction", "bands", "targets", "judgement",
	                               NULL };

static fw_node *add_node(framework *f)
{
	fw_node *grown = xrealloc(f->nodes, (f->node_count + 1) * sizeof *grown);
	f->nodes = grown;
	fw_node *n = &grown[f->node_count++];
	memset(n, 0, sizeof *n);
	return n;
}

static void free_node(fw_node *n)
{
	free(n->name);
	free(n->path);
	free_texts(n->aliases, n->alias_count);
	free(n->method);
	free(n->scoring);
}

/* The number at t[key] (a Decimal, not negative) into *out; 0 absent, 1 set. */
static int opt_points(reader *rd, int t, const char *key, decimal *out)
{
	lua_State *L = rd->in.L;
	int type = lua_getfield(L, t, key);
	bool ok = ldec_is(L, -1, out);
	lua_pop(L, 1);
	if (type == LUA_TNIL)
		return 0;
	if (!ok || dec_is_neg(*out))
		return settings_fail(&rd->in, t, key, _("%s should be a number of points, not negative"), key);
	return 1;
}

static bool name_taken(const framework *f, size_t first_sibling, int depth, const char *name)
{
	for (size_t i = first_sibling; i < f->node_count; i++) {
		const fw_node *n = &f->nodes[i];
		if (n->depth != depth)
			continue;
		if (!strcmp(n->name, name))
			return true;
		for (size_t a = 0; a < n->alias_count; a++)
			if (!strcmp(n->aliases[a], name))
				return true;
	}
	return false;
}

static int read_tree(reader *rd, int list, const char *parent_path, int depth);

static int read_node(reader *rd, int t, const char *parent_path, int depth, size_t first_sibling)
{
	lua_State *L = rd->in.L;
	static const char *const known[] = { "name", "max", "aliases", "method", "scoring",
		                             "children", NULL };
	if (settings_check_fields(&rd->in, t, _("an indicator"), known, "name max aliases method scoring children"))
		return -1;
	char *name;
	if (settings_need_text(&rd->in, t, "name", _("an indicator lacks its name"), &name))
		return -1;
	if (strchr(name, '/')) {
		int status = settings_fail(&rd->in, t, "name", _("indicator name '%s' contains '/', the separator of indicator paths"), name);
		free(name);
		return status;
	}
	if (name_taken(rd->f, first_sibling, depth, name)) {
		int status = settings_fail(&rd->in, t, "name", _("indicator '%s' appears twice at the same level"), name);
		free(name);
		return status;
	}
	size_t index = rd->f->node_count;
	fw_node *n = add_node(rd->f);
	n->name = name;
	size_t plen = strlen(parent_path);
	n->path = xmalloc(plen + strlen(name) + 2);
	sprintf(n->path, "%s%s%s", parent_path, plen ? "/" : "", name);
	n->depth = depth;
	n->line = settings_line(&rd->in, t, NULL);
	int has = opt_points(rd, t, "max", &n->max);
	if (has < 0)
		return -1;
	n->has_max = has > 0;
	if (settings_text_list(&rd->in, t, "aliases", &n->aliases, &n->alias_count))
		return -1;
	if (settings_text(&rd->in, t, "method", &n->method) || settings_text(&rd->in, t, "scoring", &n->scoring))
		return -1;
	if (n->method && !settings_one_of(n->method, methods))
		return settings_fail(&rd->in, t, "method", _("method '%s' is not one of formula, deduction, bands, targets, judgement"),
		            n->method);
	int type = lua_getfield(L, t, "children");
	if (type == LUA_TTABLE) {
		char *path = xstrdup(n->path); /* nodes may move while the children are read */
		int status = read_tree(rd, lua_gettop(L), path, depth + 1);
		free(path);
		if (status)
			return -1;
	} else if (type != LUA_TNIL) {
		lua_pop(L, 1);
		return settings_fail(&rd->in, t, "children", _("children should be a list of indicators"));
	}
	lua_pop(L, 1);
	(void)index;
	return 0;
}

static int read_tree(reader *rd, int list, const char *parent_path, int depth)
{
	lua_State *L = rd->in.L;
	if (depth >= TREE_DEPTH_MAX)
		return settings_fail(&rd->in, list, NULL, _("the indicator tree is more than %d levels deep"), TREE_DEPTH_MAX);
	luaL_checkstack(L, 8, NULL);
	size_t first = rd->f->node_count;
	lua_Integer n = (lua_Integer)lua_rawlen(L, list);
	if (n == 0)
		return settings_fail(&rd->in, list, NULL, _("a list of indicators should not be empty"));
	for (lua_Integer i = 1; i <= n; i++) {
		if (lua_rawgeti(L, list, i) != LUA_TTABLE) {
			lua_pop(L, 1);
			return settings_fail(&rd->in, list, NULL, _("indicator %d should be a mapping (name: ..., max: ...)"), (int)i);
		}
		int status = read_node(rd, lua_gettop(L), parent_path, depth, first);
		lua_pop(L, 1);
		if (status)
			return -1;
	}
	return 0;
}

/* Where to point when the children of node i do not add up: the points:
 * entry of this file that set its full marks or a child's (a variant's own
 * line, not the line of the tree it extends), else the node's own line. */
static int points_line(const framework *f, size_t i)
{
	const fw_node *p = &f->nodes[i];
	if (p->points_line)
		return p->points_line;
	for (size_t j = i + 1; j < f->node_count && f->nodes[j].depth > p->depth; j++)
		if (f->nodes[j].depth == p->depth + 1 && f->nodes[j].points_line)
			return f->nodes[j].points_line;
	return p->line;
}

/* Children whose full marks are all given must add up to their parent's. */
static int check_points(reader *rd, const framework *f)
{
	for (size_t i = 0; i < f->node_count; i++) {
		const fw_node *p = &f->nodes[i];
		decimal sum = dec_from_int(0);
		size_t children = 0, with_max = 0;
		for (size_t j = i + 1; j < f->node_count && f->nodes[j].depth > p->depth; j++) {
			if (f->nodes[j].depth != p->depth + 1)
				continue;
			children++;
			if (f->nodes[j].has_max) {
				with_max++;
				dec_add(sum, f->nodes[j].max, &sum);
			}
		}
		if (!p->has_max || children == 0 || with_max == 0)
			continue;
		bool over = dec_cmp(sum, p->max) > 0;
		if (over || (with_max == children && dec_cmp(sum, p->max) != 0)) {
			char a[DEC_BUFSIZE], b[DEC_BUFSIZE];
			dec_format_trim(sum, a);
			dec_format_trim(p->max, b);
			snprintf(rd->in.error, rd->in.error_size,
			         _("%s:%d: the full marks of the children of '%s' add up to %s, but its full marks are %s"),
			         f->file, points_line(f, i), p->path, a, b);
			return -1;
		}
	}
	return 0;
}

/* ---- the other sections ------------------------------------------------------------- */

static int read_value(reader *rd, int t, const char *key, int index, fw_value *out, int depth)
{
	lua_State *L = rd->in.L;
	memset(out, 0, sizeof *out);
	decimal d;
	switch (lua_type(L, index)) {
	case LUA_TNIL:
		out->kind = FWV_NULL;
		return 0;
	case LUA_TBOOLEAN:
		out->kind = FWV_BOOL;
		out->boolean = lua_toboolean(L, index);
		return 0;
	case LUA_TSTRING:
		out->kind = FWV_TEXT;
		out->text = xstrdup(lua_tostring(L, index));
		return 0;
	case LUA_TTABLE: {
		lua_Integer n = (lua_Integer)lua_rawlen(L, index);
		bool mapping = false;
		lua_pushnil(L);
		while (lua_next(L, index)) {
			lua_pop(L, 1);
			mapping = mapping || lua_type(L, -1) == LUA_TSTRING;
		}
		if (depth > 0 || mapping)
			return settings_fail(&rd->in, t, key, _("the value of parameter %s should be a number, text, a boolean or a list"), key);
		out->kind = FWV_LIST;
		out->items = xcalloc(n ? (size_t)n : 1, sizeof *out->items);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, index, i);
			int status = read_value(rd, t, key, lua_gettop(L), &out->items[out->count++], depth + 1);
			lua_pop(L, 1);
			if (status)
				return -1;
		}
		return 0;
	}
	default:
		if (ldec_is(L, index, &d)) {
			out->kind = FWV_NUMBER;
			out->number = d;
			return 0;
		}
		return settings_fail(&rd->in, t, key, _("the value of parameter %s should be a number, text, a boolean or a list"), key);
	}
}

static void free_value(fw_value *v)
{
	free(v->text);
	for (size_t i = 0; i < v->count; i++)
		free_value(&v->items[i]);
	free(v->items);
}

/* params: {rule-id: {name: value}}; a value ~ gives the parameter back to
 * the rule (over what the framework extended set). */
static int visit_param(settings_reader *in, int t, const char *name, void *arg)
{
	reader *rd = (reader *)in;
	const char *rule = arg;
	framework *f = rd->f;
	fw_param *grown = xrealloc(f->params, (f->param_count + 1) * sizeof *grown);
	f->params = grown;
	fw_param *p = &grown[f->param_count++];
	memset(p, 0, sizeof *p);
	p->rule = xstrdup(rule);
	p->name = xstrdup(name);
	p->file = xstrdup(rd->in.file);
	p->line = settings_line(&rd->in, t, name);
	return read_value(rd, t, name, lua_gettop(rd->in.L), &p->value, 0);
}

static int visit_rule_params(settings_reader *in, int t, const char *rule, void *arg)
{
	reader *rd = (reader *)in;
	(void)arg;
	if (!lua_istable(rd->in.L, -1) || lua_rawlen(rd->in.L, -1) > 0)
		return settings_fail(&rd->in, t, rule, _("the parameters of rule %s should be a mapping (name: value)"), rule);
	return settings_each_member(&rd->in, lua_gettop(rd->in.L), visit_param, (void *)rule);
}

static int read_params(reader *rd, int root)
{
	return settings_read_mapping(&rd->in, root, "params", _("params should be a mapping: rule id -> {parameter: value}"),
	                    visit_rule_params, NULL);
}

static int read_grades(reader *rd, int root)
{
	lua_State *L = rd->in.L;
	if (lua_getfield(L, root, "grades") == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	int t = lua_gettop(L);
	grade_bands *b = &rd->f->bands;
	b->count = 0;
	lua_Integer n = lua_istable(L, t) ? (lua_Integer)lua_rawlen(L, t) : 0;
	bool ok = n > 0;
	for (lua_Integer i = 1; ok && i <= n; i++) {
		lua_rawgeti(L, t, i);
		ok = lua_istable(L, -1);
		if (ok) {
			lua_getfield(L, -1, "grade");
			lua_getfield(L, -2, "min");
			decimal min;
			const char *g = lua_tostring(L, -2);
			ok = g && ldec_to(L, -1, &min) && b->count < GRADE_BANDS_MAX &&
			     strlen(g) < sizeof b->band[0].name &&
			     (b->count == 0 || dec_cmp(min, b->band[b->count - 1].min) < 0);
			if (ok) {
				snprintf(b->band[b->count].name, sizeof b->band[0].name, "%s", g);
				b->band[b->count++].min = min;
			}
			lua_pop(L, 2);
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	if (!ok)
		return settings_fail(&rd->in, root, "grades",
		            _("every item of grades should be {grade: GRADE, min: LOWEST SCORE}, from the highest score down"));
	rd->f->has_bands = true;
	return 0;
}

static int read_disable(reader *rd, int root)
{
	lua_State *L = rd->in.L;
	framework *f = rd->f;
	size_t before = f->disabled_count;
	if (settings_text_list(&rd->in, root, "disable", &f->disabled, &f->disabled_count))
		return -1;
	f->disabled_lines = xrealloc(f->disabled_lines, (f->disabled_count + 1) * sizeof *f->disabled_lines);
	for (size_t i = before; i < f->disabled_count; i++)
		f->disabled_lines[i] = settings_line(&rd->in, root, "disable");
	(void)L;
	return 0;
}

/* concepts: {concept: path}; checked against the tree once extends is
 * resolved.  A concept mapped to ~ is not scored by this framework (a
 * variant takes back what it extends). */
static int visit_concept(settings_reader *in, int t, const char *concept, void *arg)
{
	reader *rd = (reader *)in;
	(void)arg;
	lua_State *L = rd->in.L;
	bool removed = lua_isnil(L, -1);
	if (!removed && (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0))
		return settings_fail(&rd->in, t, concept, _("concept %s should map to an indicator path such as 管理效率/资产管理"),
		            concept);
	framework *f = rd->f;
	fw_concept *grown = xrealloc(f->concepts, (f->concept_count + 1) * sizeof *grown);
	f->concepts = grown;
	fw_concept *c = &grown[f->concept_count++];
	c->concept = xstrdup(concept);
	c->path = removed ? NULL : xstrdup(lua_tostring(L, -1));
	c->file = xstrdup(rd->in.file);
	c->line = settings_line(&rd->in, t, concept);
	return 0;
}

static int read_concepts(reader *rd, int root)
{
	return settings_read_mapping(&rd->in, root, "concepts", _("concepts should be a mapping: concept -> indicator path"),
	                    visit_concept, NULL);
}

/* points: {path: max} — full marks a regional variant prints. */
static int visit_points(settings_reader *in, int t, const char *path, void *arg)
{
	reader *rd = (reader *)in;
	(void)arg;
	decimal max;
	if (!ldec_is(rd->in.L, -1, &max) || dec_is_neg(max))
		return settings_fail(&rd->in, t, path, _("points: %s should be a number of points, not negative"), path);
	pending *p = &rd->p;
	p->points = xrealloc(p->points, (p->point_count + 1) * sizeof *p->points);
	p->points[p->point_count].path = xstrdup(path);
	p->points[p->point_count].max = max;
	p->points[p->point_count].line = settings_line(&rd->in, t, path);
	p->point_count++;
	return 0;
}

static int read_points(reader *rd, int root)
{
	return settings_read_mapping(&rd->in, root, "points", _("points should be a mapping: indicator path -> full marks"),
	                    visit_points, NULL);
}

/* indicator_aliases: {path: [name, ...]} — other names a variant's table
 * prints for indicators of the tree it extends (湖南 预算控制率). */
static int visit_aliases(settings_reader *in, int t, const char *path, void *arg)
{
	reader *rd = (reader *)in;
	(void)arg;
	pending *p = &rd->p;
	p->aliases = xrealloc(p->aliases, (p->alias_count + 1) * sizeof *p->aliases);
	memset(&p->aliases[p->alias_count], 0, sizeof *p->aliases);
	p->aliases[p->alias_count].path = xstrdup(path);
	p->aliases[p->alias_count].line = settings_line(&rd->in, t, path);
	p->alias_count++;
	if (lua_isnil(rd->in.L, -1))
		return settings_fail(&rd->in, t, path, _("indicator_aliases: %s should be a list of names"), path);
	return settings_text_list(&rd->in, t, path, &p->aliases[p->alias_count - 1].names, &p->aliases[p->alias_count - 1].count);
}

static int read_indicator_aliases(reader *rd, int root)
{
	return settings_read_mapping(&rd->in, root, "indicator_aliases",
	                    _("indicator_aliases should be a mapping: indicator path -> [other names]"),
	                    visit_aliases, NULL);
}

/* root[key], true or false, into *out; -1 there when absent. */
static int opt_bool(reader *rd, int root, const char *key, int *out)
{
	lua_State *L = rd->in.L;
	int type = lua_getfield(L, root, key);
	*out = type == LUA_TNIL ? -1 : lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (type != LUA_TNIL && type != LUA_TBOOLEAN)
		return settings_fail(&rd->in, root, key, _("%s should be true or false"), key);
	return 0;
}

/* name, title, kind, source, extends, aliases; detect, default and the
 * execution rate's base. */
static int read_heading(reader *rd, int root, const char *stem, bool legacy)
{
	framework *f = rd->f;
	if (settings_text(&rd->in, root, "name", &f->name) || settings_text(&rd->in, root, "title", &f->title) ||
	    settings_text(&rd->in, root, "kind", &f->kind) || settings_text(&rd->in, root, "source", &f->source) ||
	    settings_text(&rd->in, root, "extends", &rd->p.extends))
		return -1;
	f->line = settings_line(&rd->in, root, "name");
	if (!f->name)
		f->name = xstrdup(stem);
	f->extends = dup_or_null(rd->p.extends);
	if (f->kind && strcmp(f->kind, "department") && strcmp(f->kind, "project"))
		return settings_fail(&rd->in, root, "kind", _("kind should be department or project, not '%s'"), f->kind);
	rd->p.extends_line = settings_line(&rd->in, root, "extends");
	if (settings_text_list(&rd->in, root, "aliases", &f->aliases, &f->alias_count))
		return -1;
	int detect, is_default;
	if (opt_bool(rd, root, "detect", &detect) || opt_bool(rd, root, "default", &is_default) ||
	    opt_bool(rd, root, "rate_includes_opening_balance", &rd->p.opening_balance) ||
	    opt_bool(rd, root, "rate_uses_received_funds", &rd->p.received))
		return -1;
	if (rd->p.opening_balance > 0 && rd->p.received > 0)
		return settings_fail(&rd->in, root, "rate_uses_received_funds",
		            _("rate_includes_opening_balance and rate_uses_received_funds cannot both be true: the execution rate has one denominator"));
	f->detect = detect < 0 ? !legacy : detect;
	rd->p.is_default = is_default > 0;
	return 0;
}

static int read_indicators(reader *rd, int root)
{
	lua_State *L = rd->in.L;
	framework *f = rd->f;
	int type = lua_getfield(L, root, "indicators");
	if (type != LUA_TTABLE) {
		lua_pop(L, 1);
		return type == LUA_TNIL ? 0 : settings_fail(&rd->in, root, "indicators", _("indicators should be a list"));
	}
	int status = read_tree(rd, lua_gettop(L), "", 0);
	lua_pop(L, 1);
	if (status)
		return -1;
	if (!f->title || !f->kind || !f->source)
		return settings_fail(&rd->in, root, NULL, _("a framework with indicators needs its title, kind and source (the policy document it encodes)"));
	return 0;
}

static int read_root(reader *rd, int root, const char *stem, bool legacy)
{
	static const char *const known[] = { "name", "title", "kind", "source", "aliases", "extends",
		                             "detect", "default", "rate_includes_opening_balance",
		                             "rate_uses_received_funds",
		                             "indicators", "concepts", "points", "indicator_aliases",
		                             "grades", "params", "disable", NULL };
	if (settings_check_fields(&rd->in, root, _("a scoring framework file"), known,
	                 "name title kind source aliases extends detect default "
	                 "rate_includes_opening_balance rate_uses_received_funds indicators concepts points "
	                 "indicator_aliases "
	                 "grades params disable"))
		return -1;
	if (read_heading(rd, root, stem, legacy) || read_indicators(rd, root) || read_concepts(rd, root) ||
	    read_points(rd, root) || read_indicator_aliases(rd, root) || read_grades(rd, root) ||
	    read_params(rd, root) || read_disable(rd, root))
		return -1;
	return 0;
}

static void framework_free_one(framework *f)
{
	free(f->name);
	free(f->title);
	free(f->kind);
	free(f->source);
	free(f->file);
	free_texts(f->aliases, f->alias_count);
	for (size_t i = 0; i < f->node_count; i++)
		free_node(&f->nodes[i]);
	free(f->nodes);
	free(f->extends);
	free(f->replaces);
	for (size_t i = 0; i < f->concept_count; i++) {
		free(f->concepts[i].concept);
		free(f->concepts[i].path);
		free(f->concepts[i].file);
	}
	free(f->concepts);
	for (size_t i = 0; i < f->param_count; i++) {
		free(f->params[i].rule);
		free(f->params[i].name);
		free(f->params[i].file);
		free_value(&f->params[i].value);
	}
	free(f->params);
	free_texts(f->disabled, f->disabled_count);
	free(f->disabled_lines);
	memset(f, 0, sizeof *f);
}

/* ---- the set: files, extends, checks ------------------------------------------------ */

static void pending_free(pending *p)
{
	free(p->extends);
	for (size_t i = 0; i < p->point_count; i++)
		free(p->points[i].path);
	free(p->points);
	for (size_t i = 0; i < p->alias_count; i++) {
		free(p->aliases[i].path);
		free_texts(p->aliases[i].names, p->aliases[i].count);
	}
	free(p->aliases);
	memset(p, 0, sizeof *p);
}

/* Read the framework file at path into f and p: 0, or -1 with error set
 * (f and p then hold what was read, for the caller to free). */
static int parse_file(const char *path, const char *stem, bool legacy, framework *f, pending *p,
                      char *error, size_t error_size)
{
	yload ld;
	char why[512];
	memset(p, 0, sizeof *p);
	if (yload_open(&ld, path, NULL, why, sizeof why) != 0) {
		snprintf(error, error_size, "%s: %s", path, why);
		return -1;
	}
	lua_State *L = luaL_newstate();
	if (!L)
		xout_of_memory();
	pos_tree pos;
	pos_tree_init(&pos);
	doc_result *r = result_new(path, 0);
	int status = -1;
	reader rd = { .in = { .L = L, .pos = &pos, .file = path, .error = error, .error_size = error_size },
		      .f = f };
	rd.p.opening_balance = rd.p.received = -1;
	if (yload_next(&ld, L, &pos, r) != 1 || lua_isnil(L, -1))
		snprintf(error, error_size, _("%s: the file is empty; a scoring framework file is a mapping (name: ..., indicators: ...)"), path);
	else if (r->finding_count)
		snprintf(error, error_size, "%s:%d: %s", path, r->findings[0].line, r->findings[0].message);
	else if (!lua_istable(L, -1))
		snprintf(error, error_size, _("%s: the top level of a scoring framework file should be a mapping"), path);
	else
		status = read_root(&rd, lua_gettop(L), stem, legacy);
	*p = rd.p;
	result_free(r);
	pos_tree_free(&pos);
	lua_close(L);
	yload_close(&ld);
	return status;
}

/* Where f, read from rule directory number `dir`, goes in the set: a new
 * slot, or the slot of the framework of that name from an earlier rule
 * directory, which it replaces (a region's edit of a bundled framework, a
 * copied standard rule set).  A name used twice in one directory, or that
 * is another framework's alias, is an error. */
static int place(framework_set *s, pending *pend, framework *f, size_t dir, size_t *slot,
                 char *error, size_t error_size)
{
	*slot = s->count;
	const framework *same = framework_find(s, f->name);
	if (!same)
		return 0;
	size_t i = (size_t)(same - s->items);
	if (strcmp(same->name, f->name)) {
		snprintf(error, error_size, _("%s:%d: scoring framework name '%s' is another name (aliases) of '%s' (%s:%d)"),
		         f->file, f->line, f->name, same->name, same->file, same->line);
		return -1;
	}
	if (pend[i].dir == dir) {
		snprintf(error, error_size, _("%s:%d: scoring framework name '%s' is used twice in one rule directory (also in %s:%d)"),
		         f->file, f->line, f->name, same->file, same->line);
		return -1;
	}
	f->replaces = xstrdup(same->file);
	framework_free_one(&s->items[i]);
	pending_free(&pend[i]);
	*slot = i;
	return 0;
}

static int read_file(framework_set *s, pending **pend, const char *path, const char *stem, bool legacy,
                     size_t dir, bool implicit, char *error, size_t error_size)
{
	framework f;
	memset(&f, 0, sizeof f);
	f.file = xstrdup(path);
	f.implicit = implicit;
	pending p;
	size_t slot = 0;
	int status = parse_file(path, stem, legacy, &f, &p, error, error_size);
	if (status == 0)
		status = place(s, *pend, &f, dir, &slot, error, error_size);
	if (status) {
		framework_free_one(&f);
		pending_free(&p);
		return -1;
	}
	if (slot == s->count) {
		s->items = xrealloc(s->items, (s->count + 1) * sizeof *s->items);
		*pend = xrealloc(*pend, (s->count + 1) * sizeof **pend);
		s->count++;
	}
	s->items[slot] = f;
	p.dir = dir;
	(*pend)[slot] = p;
	return 0;
}

/* A copy of base's indicator tree, for a variant that states none. */
static void inherit_tree(framework *f, const framework *base)
{
	f->nodes = xcalloc(base->node_count, sizeof *f->nodes);
	for (size_t i = 0; i < base->node_count; i++) {
		const fw_node *b = &base->nodes[i];
		fw_node *n = &f->nodes[i];
		*n = *b;
		n->name = xstrdup(b->name);
		n->path = xstrdup(b->path);
		n->method = dup_or_null(b->method);
		n->scoring = dup_or_null(b->scoring);
		n->points_line = 0; /* set in base's file, checked there */
		n->aliases = b->alias_count ? xcalloc(b->alias_count, sizeof *n->aliases) : NULL;
		for (size_t a = 0; a < b->alias_count; a++)
			n->aliases[a] = xstrdup(b->aliases[a]);
	}
	f->node_count = base->node_count;
}

/* base's concepts first, then f's own: a concept f maps replaces base's. */
static void inherit_concepts(framework *f, const framework *base)
{
	size_t own = f->concept_count;
	fw_concept *merged = xcalloc(base->concept_count + own + 1, sizeof *merged);
	size_t m = 0;
	for (size_t i = 0; i < base->concept_count; i++) {
		bool overridden = false;
		for (size_t j = 0; j < own && !overridden; j++)
			overridden = !strcmp(f->concepts[j].concept, base->concepts[i].concept);
		if (overridden)
			continue;
		merged[m].concept = xstrdup(base->concepts[i].concept);
		merged[m].path = dup_or_null(base->concepts[i].path);
		merged[m].file = xstrdup(base->concepts[i].file);
		merged[m++].line = base->concepts[i].line;
	}
	for (size_t j = 0; j < own; j++)
		merged[m++] = f->concepts[j];
	free(f->concepts);
	f->concepts = merged;
	f->concept_count = m;
}

static fw_value copy_value(const fw_value *v)
{
	fw_value c = *v;
	c.text = dup_or_null(v->text);
	c.items = v->count ? xcalloc(v->count, sizeof *c.items) : NULL;
	for (size_t k = 0; k < v->count; k++)
		c.items[k] = copy_value(&v->items[k]);
	return c;
}

/* base's parameters first, then f's own: a parameter f sets replaces base's. */
static void inherit_params(framework *f, const framework *base)
{
	fw_param *params = xcalloc(base->param_count + f->param_count + 1, sizeof *params);
	size_t p = 0;
	for (size_t i = 0; i < base->param_count; i++) {
		const fw_param *b = &base->params[i];
		bool overridden = false;
		for (size_t j = 0; j < f->param_count && !overridden; j++)
			overridden = !strcmp(f->params[j].rule, b->rule) && !strcmp(f->params[j].name, b->name);
		if (overridden)
			continue;
		fw_param *c = &params[p++];
		c->rule = xstrdup(b->rule);
		c->name = xstrdup(b->name);
		c->file = xstrdup(b->file);
		c->line = b->line;
		c->value = copy_value(&b->value);
	}
	for (size_t j = 0; j < f->param_count; j++)
		params[p++] = f->params[j];
	free(f->params);
	f->params = params;
	f->param_count = p;
}

/* Start f from base: everything f does not state itself. */
static void inherit(framework *f, const framework *base)
{
	if (!f->title)
		f->title = dup_or_null(base->title);
	if (!f->kind)
		f->kind = dup_or_null(base->kind);
	if (!f->source)
		f->source = dup_or_null(base->source);
	if (f->node_count == 0 && base->node_count)
		inherit_tree(f, base);
	inherit_concepts(f, base);
	inherit_params(f, base);
	for (size_t i = 0; i < base->disabled_count; i++) {
		f->disabled = xrealloc(f->disabled, (f->disabled_count + 1) * sizeof *f->disabled);
		f->disabled_lines = xrealloc(f->disabled_lines, (f->disabled_count + 1) * sizeof *f->disabled_lines);
		f->disabled[f->disabled_count] = xstrdup(base->disabled[i]);
		f->disabled_lines[f->disabled_count++] = base->disabled_lines[i];
	}
	f->rate_includes_opening_balance = base->rate_includes_opening_balance;
	f->rate_uses_received_funds = base->rate_uses_received_funds;
	if (!f->has_bands && base->has_bands) {
		f->bands = base->bands;
		f->has_bands = true;
	}
}

/* The node at path that f's field (points, indicator_aliases) names at
 * line, or NULL with error set. */
static fw_node *named_node(framework *f, const char *field, const char *path, int line, char *error,
                           size_t error_size)
{
	fw_node *n = (fw_node *)framework_node(f, path);
	if (!n)
		snprintf(error, error_size, _("%s:%d: %s names '%s', which is not an indicator of this framework"),
		         f->file, line, field, path);
	return n;
}

/* Apply what f's own file says of the tree it extends: points (full
 * marks) and indicator_aliases (other printed names). */
static int apply_changes(framework *f, const pending *p, char *error, size_t error_size)
{
	for (size_t k = 0; k < p->point_count; k++) {
		fw_node *n = named_node(f, "points", p->points[k].path, p->points[k].line, error, error_size);
		if (!n)
			return -1;
		if (!n->has_max || dec_cmp(n->max, p->points[k].max) != 0)
			n->points_line = p->points[k].line;
		n->max = p->points[k].max;
		n->has_max = true;
	}
	for (size_t k = 0; k < p->alias_count; k++) {
		fw_node *n = named_node(f, "indicator_aliases", p->aliases[k].path, p->aliases[k].line, error,
		                        error_size);
		if (!n)
			return -1;
		n->aliases = xrealloc(n->aliases, (n->alias_count + p->aliases[k].count + 1) * sizeof *n->aliases);
		for (size_t a = 0; a < p->aliases[k].count; a++)
			n->aliases[n->alias_count++] = xstrdup(p->aliases[k].names[a]);
	}
	return 0;
}

/* Every concept f maps (its own and those it extends) is on its tree. */
static int check_concepts(const framework *f, char *error, size_t error_size)
{
	for (size_t k = 0; k < f->concept_count; k++)
		if (f->concepts[k].path && !framework_node(f, f->concepts[k].path)) {
			snprintf(error, error_size, _("%s:%d: concept %s maps to '%s', which is not an indicator of the scoring framework '%s'"),
			         f->concepts[k].file, f->concepts[k].line, f->concepts[k].concept, f->concepts[k].path,
			         f->name);
			return -1;
		}
	return 0;
}

/* The framework f extends, resolved first; NULL (error set) when unknown
 * or round in a circle. */
static const framework *resolve_base(framework_set *s, pending *pend, size_t i, int depth, char *error,
                                     size_t error_size);

static int resolve(framework_set *s, pending *pend, size_t i, int depth, char *error,
                   size_t error_size)
{
	framework *f = &s->items[i];
	pending *p = &pend[i];
	if (p->resolved)
		return 0;
	if (p->extends) {
		const framework *base = resolve_base(s, pend, i, depth, error, error_size);
		if (!base)
			return -1;
		inherit(f, base);
	}
	/* One denominator: one said true turns off the other extended. */
	if (p->opening_balance >= 0)
		f->rate_includes_opening_balance = p->opening_balance;
	if (p->received >= 0)
		f->rate_uses_received_funds = p->received;
	if (p->opening_balance > 0)
		f->rate_uses_received_funds = false;
	if (p->received > 0)
		f->rate_includes_opening_balance = false;
	if (apply_changes(f, p, error, error_size) || check_concepts(f, error, error_size))
		return -1;
	reader rd = { .in = { .file = f->file, .error = error, .error_size = error_size } };
	if (check_points(&rd, f))
		return -1;
	p->resolved = true;
	return 0;
}

static const framework *resolve_base(framework_set *s, pending *pend, size_t i, int depth, char *error,
                                     size_t error_size)
{
	const framework *f = &s->items[i];
	const pending *p = &pend[i];
	const framework *base = framework_find(s, p->extends);
	if (!base) {
		char names[1024];
		framework_names(s, names, sizeof names);
		snprintf(error, error_size, _("%s:%d: extends names an unknown scoring framework '%s' (known: %s)"),
		         f->file, p->extends_line, p->extends, names);
		return NULL;
	}
	size_t b = (size_t)(base - s->items);
	if (b == i || depth > (int)s->count) {
		snprintf(error, error_size, _("%s:%d: extends goes round in a circle ('%s')"), f->file,
		         p->extends_line, p->extends);
		return NULL;
	}
	return resolve(s, pend, b, depth + 1, error, error_size) ? NULL : &s->items[b];
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a > b && !strcmp(s + a - b, suffix);
}

typedef struct loading {
	framework_set *s;
	pending **pend;
	bool legacy, implicit;
	size_t index;
	char *error;
	size_t error_size;
} loading;

static int load_one(const char *path, const char *stem, void *arg)
{
	loading *l = arg;
	return read_file(l->s, l->pend, path, stem, l->legacy, l->index, l->implicit, l->error, l->error_size);
}

int framework_set_load(framework_set *s, const char *const *dirs, size_t dir_count,
                       size_t implicit, char *error, size_t error_size)
{
	memset(s, 0, sizeof *s);
	pending *pend = NULL;
	int status = 0;
	for (size_t d = 0; d < dir_count && status == 0; d++) {
		loading l = { s, &pend, false, d < implicit, d, error, error_size };
		status = fs_each_yaml(dirs[d], "frameworks", load_one, &l, error, error_size);
		l.legacy = true;
		if (status == 0)
			status = fs_each_yaml(dirs[d], "profiles", load_one, &l, error, error_size);
	}
	for (size_t i = 0; i < s->count && status == 0; i++)
		status = resolve(s, pend, i, 0, error, error_size);
	/* The default framework of a kind goes first among that kind's. */
	for (size_t i = 0; i < s->count && status == 0; i++) {
		if (!pend[i].is_default)
			continue;
		for (size_t j = 0; j < i; j++)
			if (pend[j].is_default && s->items[j].kind && s->items[i].kind &&
			    !strcmp(s->items[j].kind, s->items[i].kind)) {
				snprintf(error, error_size, _("%s: two default scoring frameworks for %s reports (also %s)"),
				         s->items[i].file, s->items[i].kind, s->items[j].file);
				status = -1;
			}
	}
	for (size_t i = 0; i < s->count; i++)
		s->items[i].is_default = pend[i].is_default;
	for (size_t i = 0; i < s->count; i++)
		pending_free(&pend[i]);
	free(pend);
	if (status)
		framework_set_free(s);
	return status;
}

void framework_set_free(framework_set *s)
{
	for (size_t i = 0; i < s->count; i++)
		framework_free_one(&s->items[i]);
	free(s->items);
	memset(s, 0, sizeof *s);
}

/* ---- lookups -------------------------------------------------------------------------- */

void framework_value_text(const fw_value *v, char *buf, size_t size)
{
	char number[DEC_BUFSIZE];
	switch (v->kind) {
	case FWV_BOOL: snprintf(buf, size, "%s", v->boolean ? "true" : "false"); return;
	case FWV_NUMBER:
		dec_format_trim(v->number, number);
		snprintf(buf, size, "%s", number);
		return;
	case FWV_TEXT: snprintf(buf, size, "%s", v->text); return;
	case FWV_LIST: break;
	default: snprintf(buf, size, "~"); return;
	}
	size_t used = (size_t)snprintf(buf, size, "[");
	for (size_t i = 0; i < v->count && used < size; i++) {
		used += (size_t)snprintf(buf + used, size - used, "%s", i ? ", " : "");
		if (used < size)
			framework_value_text(&v->items[i], buf + used, size - used);
		used += strlen(buf + used);
	}
	if (used < size)
		snprintf(buf + used, size - used, "]");
}

const framework *framework_find(const framework_set *s, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < s->count; i++)
		if (!strcmp(s->items[i].name, name))
			return &s->items[i];
	for (size_t i = 0; i < s->count; i++)
		for (size_t a = 0; a < s->items[i].alias_count; a++)
			if (!strcmp(s->items[i].aliases[a], name))
				return &s->items[i];
	return NULL;
}

void framework_names(const framework_set *s, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; s && i < s->count && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? _(", ") : "", s->items[i].name);
	if (!buf[0])
		snprintf(buf, size, "%s", _("(none)"));
}

const char *framework_concept_path(const framework *f, const char *concept)
{
	if (!f || !concept)
		return NULL;
	/* The last mapping of a concept wins (a variant's own over its base's). */
	for (size_t i = f->concept_count; i-- > 0;)
		if (!strcmp(f->concepts[i].concept, concept))
			return f->concepts[i].path;
	return NULL;
}

const fw_node *framework_node(const framework *f, const char *path)
{
	for (size_t i = 0; f && i < f->node_count; i++)
		if (!strcmp(f->nodes[i].path, path))
			return &f->nodes[i];
	return NULL;
}

/* A printed indicator name as the framework would write it: without
 * spaces (ASCII, U+3000) and without a trailing "(50分)"-style note. */
static void normalize_name(const char *in, char *out, size_t size)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)in; *p && o + 4 < size;) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
			continue;
		}
		if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 */
			p += 3;
			continue;
		}
		out[o++] = (char)*p++;
	}
	out[o] = '\0';
	/* "产出指标（50分）", "产出指标(50分)" */
	char *open = strstr(out, "（");
	if (!open)
		open = strchr(out, '(');
	if (open && open != out && (ends_with(out, "）") || ends_with(out, ")")))
		*open = '\0';
}

static bool node_is_named(const fw_node *n, const char *name)
{
	char want[512], have[512];
	normalize_name(name, want, sizeof want);
	normalize_name(n->name, have, sizeof have);
	if (!strcmp(want, have))
		return true;
	for (size_t a = 0; a < n->alias_count; a++) {
		normalize_name(n->aliases[a], have, sizeof have);
		if (!strcmp(want, have))
			return true;
	}
	return false;
}

const fw_node *framework_child_named(const framework *f, const fw_node *parent, const char *name)
{
	if (!f)
		return NULL;
	size_t from = parent ? (size_t)(parent - f->nodes) + 1 : 0;
	int depth = parent ? parent->depth + 1 : 0;
	for (size_t i = from; i < f->node_count; i++) {
		const fw_node *n = &f->nodes[i];
		if (parent && n->depth <= parent->depth)
			break;
		if (n->depth == depth && node_is_named(n, name))
			return n;
	}
	return NULL;
}

const char *framework_chosen_by_name(enum fw_chosen_by by)
{
	switch (by) {
	case FW_BY_REPORT: return "report";
	case FW_BY_OPTION: return "option";
	case FW_BY_DETECTED: return "detected";
	case FW_BY_DEFAULT: return "default";
	default: return NULL;
	}
}

static bool kind_fits(const framework *f, const char *kind)
{
	return !f->kind || !kind || !strcmp(f->kind, kind);
}

const framework *framework_choose(const framework_set *s, const fw_report *rep,
                                  enum fw_chosen_by *by, bool *unknown, char *why,
                                  size_t why_size)
{
	*by = FW_BY_NONE;
	*unknown = false;
	why[0] = '\0';
	if (rep->forced) {
		const framework *f = framework_find(s, rep->forced);
		if (f) {
			*by = FW_BY_OPTION;
			snprintf(why, why_size, _("chosen with --framework %s"), rep->forced);
			return f;
		}
	}
	if (rep->named) {
		const framework *f = framework_find(s, rep->named);
		if (f) {
			*by = FW_BY_REPORT;
			snprintf(why, why_size, _("the report names it (framework: %s)"), rep->named);
			return f;
		}
		*unknown = true;
	}
	/* Detected: the framework whose first-level indicators the score
	 * table prints, most of them both ways. */
	const framework *best = NULL;
	size_t best_matched = 0, best_union = 1;
	for (size_t i = 0; rep->first_level_count && i < s->count; i++) {
		const framework *f = &s->items[i];
		if (!f->detect || !f->node_count || !kind_fits(f, rep->kind))
			continue;
		size_t firsts = 0, matched = 0;
		for (size_t k = 0; k < f->node_count; k++)
			firsts += f->nodes[k].depth == 0;
		for (size_t j = 0; j < rep->first_level_count; j++)
			matched += framework_child_named(f, NULL, rep->first_level[j]) != NULL;
		if (matched * 2 < rep->first_level_count || matched * 2 < firsts)
			continue;
		size_t uni = firsts + rep->first_level_count - matched;
		/* better Jaccard similarity: matched/uni > best_matched/best_union */
		if (!best || matched * best_union > best_matched * uni) {
			best = f;
			best_matched = matched;
			best_union = uni;
		}
	}
	if (best) {
		*by = FW_BY_DETECTED;
		size_t used = (size_t)snprintf(why, why_size, "%s", _("detected from the first-level indicators "));
		for (size_t j = 0; j < rep->first_level_count && used < why_size; j++)
			used += (size_t)snprintf(why + used, why_size - used, "%s%s", j ? _(", ") : "",
			                         rep->first_level[j]);
		return best;
	}
	if (rep->first_level_count == 0) {
		for (size_t i = 0; i < s->count; i++)
			if (s->items[i].is_default && kind_fits(&s->items[i], rep->kind) && rep->kind) {
				*by = FW_BY_DEFAULT;
				snprintf(why, why_size, _("the default for %s reports (the report has no score table to detect one from)"),
				         rep->kind);
				return &s->items[i];
			}
	}
	return NULL;
}
