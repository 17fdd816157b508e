/*
 * run_config — see run_config.h.
 */
#include "run_config.h"

#include <fnmatch.h>
#include <lauxlib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base_alloc.h"
#include "run_limits.h"
#include "rules.h"
#include "rules_decimal.h"
#include "model_report.h"
#include "rules_sandbox.h"
#include "score_grades.h"
#include "load_document.h"
#include "load_yaml.h"
#include "base_i18n.h"

void config_init(project_config *c)
{
	memset(c, 0, sizeof *c);
	c->fail_on = -1;
	c->data_limits = load_limits_default;
	c->rule_limits = sandbox_limits_default;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(c->today, sizeof c->today, "%Y-%m-%d", &tm);
}

bool config_find(char *path, size_t size)
{
	char dir[PATH_MAX];
	if (!getcwd(dir, sizeof dir))
		return false;
	/* Named relative to the current directory ("../.pevcheck.yaml"), as
	 * data files are: findings about it then point into the repository
	 * in SARIF and GitHub annotations, not at one machine's path. */
	for (size_t up = 0;; up++) {
		char full[PATH_MAX + sizeof CONFIG_NAME + 1];
		snprintf(full, sizeof full, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", CONFIG_NAME);
		if (access(full, F_OK) == 0) {
			size_t used = 0;
			path[0] = '\0';
			for (size_t i = 0; i < up && used + 3 < size; i++)
				used += (size_t)snprintf(path + used, size - used, "../");
			if (used + sizeof CONFIG_NAME > size)
				snprintf(path, size, "%s", full);
			else
				snprintf(path + used, size - used, "%s", CONFIG_NAME);
			return true;
		}
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			if (!strcmp(dir, "/"))
				return false;
			strcpy(dir, "/");
		} else {
			*slash = '\0';
		}
	}
}

void config_free(project_config *c)
{
	free(c->file);
	free(c->dir);
	for (size_t i = 0; i < c->rule_dir_count; i++)
		free(c->rule_dirs[i]);
	free(c->rule_dirs);
	for (size_t i = 0; i < c->disabled_count; i++)
		free(c->disabled[i]);
	free(c->disabled);
	free(c->disabled_lines);
	for (size_t i = 0; i < c->override_count; i++)
		free(c->overrides[i].rule);
	free(c->overrides);
	for (size_t i = 0; i < c->waiver_count; i++) {
		waiver *w = &c->waivers[i];
		free(w->rule);
		free(w->files);
		free(w->path);
		free(w->reason);
		free(w->approved_by);
		free(w->expires);
	}
	free(c->waivers);
	free(c->language);
	config_init(c);
}

typedef struct loading {
	project_config *c;
	lua_State *L;
	const pos_tree *pos;
	char *error;
	size_t error_size;
} loading;

static int line_of(loading *l, int t, const char *field)
{
	char path[256];
	int line, column;
	model_locate(l->pos, model_node_of(l->L, t), field, path, sizeof path, &line, &column);
	return line;
}

static int fail(loading *l, int t, const char *field, const char *what)
{
	snprintf(l->error, l->error_size, "%s:%d: %s", l->c->file, line_of(l, t, field), what);
	return -1;
}

static char *string_field(lua_State *L, int t, const char *key)
{
	lua_getfield(L, t, key);
	char *s = NULL;
	if (lua_type(L, -1) == LUA_TSTRING)
		s = xstrdup(lua_tostring(L, -1));
	else if (ldec_is(L, -1, NULL))
		s = xstrdup(luaL_tolstring(L, -1, NULL)), lua_pop(L, 1);
	lua_pop(L, 1);
	return s;
}

/* A list of strings at t[key] (a single string counts as a list of one). */
static int read_strings(loading *l, int t, const char *key, char ***out, int **lines, size_t *count)
{
	lua_State *L = l->L;
	int type = lua_getfield(L, t, key);
	if (type == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	if (type == LUA_TSTRING) {
		lua_newtable(L);
		lua_insert(L, -2);
		lua_rawseti(L, -2, 1);
	} else if (type != LUA_TTABLE) {
		lua_pop(L, 1);
		return fail(l, t, key, _("should be a list of text"));
	}
	int list = lua_gettop(L);
	lua_Integer n = (lua_Integer)lua_rawlen(L, list);
	*out = xcalloc((size_t)n + 1, sizeof **out);
	if (lines)
		*lines = xcalloc((size_t)n + 1, sizeof **lines);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, list, i);
		if (lua_type(L, -1) != LUA_TSTRING) {
			lua_pop(L, 2);
			return fail(l, t, key, _("every item of the list should be text"));
		}
		(*out)[*count] = xstrdup(lua_tostring(L, -1));
		if (lines)
			(*lines)[*count] = line_of(l, t, key);
		(*count)++;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return 0;
}

/* A real calendar date written YYYY-MM-DD: 2022-02-30 would compare as a
 * string like a date and quietly move the expiry. */
static bool valid_date(const char *s)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1)
		return false;
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

static int load_waivers(loading *l, int root)
{
	lua_State *L = l->L;
	project_config *c = l->c;
	int type = lua_getfield(L, root, "waivers");
	if (type == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	if (type != LUA_TTABLE)
		return fail(l, root, "waivers", _("waivers should be a list"));
	int list = lua_gettop(L);
	lua_Integer n = (lua_Integer)lua_rawlen(L, list);
	c->waivers = xcalloc((size_t)n + 1, sizeof *c->waivers);
	for (lua_Integer i = 1; i <= n; i++) {
		if (lua_rawgeti(L, list, i) != LUA_TTABLE)
			return fail(l, list, NULL, _("every item of waivers should be a mapping"));
		int t = lua_gettop(L);
		waiver *w = &c->waivers[c->waiver_count++];
		w->line = line_of(l, t, NULL);
		w->rule = string_field(L, t, "rule");
		w->files = string_field(L, t, "files");
		w->path = string_field(L, t, "path");
		w->reason = string_field(L, t, "reason");
		w->approved_by = string_field(L, t, "approved_by");
		w->expires = string_field(L, t, "expires");
		if (!w->rule)
			return fail(l, t, NULL, _("waiver lacks rule (the id of the rule it waives)"));
		if (!w->files)
			return fail(l, t, NULL, _("waiver lacks files (the files or a pattern it applies to, such as reports/2022/*.yaml)"));
		if (!w->reason)
			return fail(l, t, NULL, _("waiver lacks reason (why it is waived)"));
		if (!w->approved_by)
			return fail(l, t, NULL, _("waiver lacks approved_by (who approved it)"));
		if (!valid_date(w->expires))
			return fail(l, t, "expires", _("waiver lacks a valid expires (the expiry date, YYYY-MM-DD)"));
		w->expired = strcmp(w->expires, c->today) < 0;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return 0;
}

/* Every top-level key is one this file knows: a typo must not be a setting
 * silently ignored. */
static int check_root_keys(loading *l, int root)
{
	lua_State *L = l->L;
	static const char *const known[] = { "rules", "disable", "severity", "grades", "fail_on",
		                             "jobs", "limits", "waivers", "language", NULL };
	lua_pushnil(L);
	while (lua_next(L, root)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			continue;
		const char *k = lua_tostring(L, -1);
		bool ok = false;
		for (const char *const *p = known; *p && !ok; p++)
			ok = !strcmp(k, *p);
		if (!ok) {
			char what[256];
			snprintf(what, sizeof what, _("unknown configuration key '%s' (known: rules disable severity "
			                              "grades fail_on jobs limits waivers language)"), k);
			lua_pop(L, 1);
			return fail(l, root, k, what);
		}
	}
	return 0;
}

/* rules: the rule directories, relative to the configuration's folder. */
static int load_rule_dirs(loading *l, int root)
{
	project_config *c = l->c;
	char **dirs = NULL;
	size_t n = 0;
	if (read_strings(l, root, "rules", &dirs, NULL, &n) != 0)
		return -1;
	c->rule_dirs = xcalloc(n + 1, sizeof *c->rule_dirs);
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX + 8];
		if (dirs[i][0] == '/')
			snprintf(path, sizeof path, "%s", dirs[i]);
		else
			snprintf(path, sizeof path, "%s/%s", c->dir, dirs[i]);
		c->rule_dirs[c->rule_dir_count++] = xstrdup(path);
		free(dirs[i]);
	}
	free(dirs);
	return 0;
}

/* Call `each` for every text key of the mapping `key` of the table at
 * root (its value on top of the stack); stops at the first that fails. */
static int each_setting(loading *l, int root, const char *key,
                        int (*each)(loading *l, int t, const char *name))
{
	lua_State *L = l->L;
	if (lua_getfield(L, root, key) == LUA_TTABLE) {
		int t = lua_gettop(L);
		lua_pushnil(L);
		while (lua_next(L, t)) {
			if (lua_type(L, -2) != LUA_TSTRING) {
				lua_pop(L, 1);
				continue;
			}
			if (each(l, t, lua_tostring(L, -2)) != 0)
				return -1;
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	return 0;
}

/* severity: {rule: level}. */
static int severity_setting(loading *l, int t, const char *rule)
{
	lua_State *L = l->L;
	project_config *c = l->c;
	int s = lua_type(L, -1) == LUA_TSTRING ? severity_parse(lua_tostring(L, -1)) : -1;
	if (s < 0 || s == SEV_NONE) {
		lua_pop(L, 3);
		return fail(l, t, rule, _("a level in severity should be error, warning or info"));
	}
	severity_override *o = xrealloc(c->overrides, (c->override_count + 1) * sizeof *o);
	c->overrides = o;
	o[c->override_count].rule = xstrdup(rule);
	o[c->override_count].severity = (enum severity)s;
	o[c->override_count].line = line_of(l, t, rule);
	c->override_count++;
	return 0;
}

/* limits: {name: value}, over the defaults. */
static int limit_setting(loading *l, int t, const char *name)
{
	lua_State *L = l->L;
	const char *value = luaL_tolstring(L, -1, NULL);
	char why[256];
	if (limits_set(&l->c->data_limits, &l->c->rule_limits, name, value, why, sizeof why)) {
		lua_pop(L, 4);
		return fail(l, t, name, why);
	}
	lua_pop(L, 1);
	return 0;
}

/* grades and fail_on. */
static int load_grades_fail_on(loading *l, int root)
{
	lua_State *L = l->L;
	project_config *c = l->c;
	if (lua_getfield(L, root, "grades") == LUA_TTABLE) {
		if (score_read_grades(L, -1, &c->bands))
			return fail(l, root, "grades", _("every item of grades should be {grade: GRADE, min: LOWEST "
			                                 "SCORE}, from the highest score down"));
		c->has_bands = c->bands.count > 0;
	}
	lua_pop(L, 1);
	char *fail_on = string_field(L, root, "fail_on");
	if (fail_on) {
		c->fail_on = severity_parse(fail_on);
		free(fail_on);
		if (c->fail_on < 0)
			return fail(l, root, "fail_on", _("fail_on should be error, warning, info or never"));
	}
	return 0;
}

static int load_jobs(loading *l, int root)
{
	lua_State *L = l->L;
	lua_getfield(L, root, "jobs");
	decimal jobs;
	if (ldec_to(L, -1, &jobs)) {
		if (jobs.scale != 0 || jobs.mant < 1 || jobs.mant > 256)
			return fail(l, root, "jobs", _("jobs should be an integer from 1 to 256"));
		l->c->jobs = (int)jobs.mant;
	}
	lua_pop(L, 1);
	return 0;
}

/* language: zh | en, the language of pevcheck's messages for the project. */
static int load_language(loading *l, int root)
{
	char *language = string_field(l->L, root, "language");
	if (language && strcmp(language, "zh") && strcmp(language, "en")) {
		free(language);
		return fail(l, root, "language", _("language should be zh (Chinese) or en (English)"));
	}
	l->c->language = language;
	return 0;
}

static int load_root(loading *l, int root)
{
	if (check_root_keys(l, root) != 0 || load_rule_dirs(l, root) != 0 ||
	    read_strings(l, root, "disable", &l->c->disabled, &l->c->disabled_lines,
	                 &l->c->disabled_count) != 0 ||
	    each_setting(l, root, "severity", severity_setting) != 0 ||
	    load_grades_fail_on(l, root) != 0 || each_setting(l, root, "limits", limit_setting) != 0 ||
	    load_jobs(l, root) != 0 || load_language(l, root) != 0)
		return -1;
	return load_waivers(l, root);
}

int config_load(project_config *c, const char *path, char *error, size_t error_size)
{
	config_init(c);
	c->file = xstrdup(path);
	char *real = realpath(path, NULL);
	c->dir = xstrdup(real ? real : path);
	free(real);
	char *slash = strrchr(c->dir, '/');
	if (slash)
		*(slash == c->dir ? slash + 1 : slash) = '\0';
	else
		strcpy(c->dir, ".");

	lua_State *L = sandbox_new(NULL);
	if (!L) {
		snprintf(error, error_size, _("%s: out of memory"), path);
		return -1;
	}
	pos_tree pos;
	pos_tree_init(&pos);
	int status = load_document(L, path, &pos, error, error_size);
	if (status == 0 && lua_istable(L, -1)) {
		loading l = { c, L, &pos, error, error_size };
		status = load_root(&l, lua_gettop(L));
	} else if (status == 0 && !lua_isnil(L, -1)) {
		snprintf(error, error_size, _("%s: the top level of a configuration file should be a mapping"), path);
		status = -1;
	}
	pos_tree_free(&pos);
	sandbox_close(L);
	return status;
}

int config_apply_rules(const project_config *c, rule_set *rs, char *error, size_t error_size)
{
	for (size_t i = 0; i < c->disabled_count; i++) {
		if (!ruleset_disable(rs, c->disabled[i])) {
			snprintf(error, error_size, _("%s:%d: rule '%s' in disable does not exist (pevcheck rules lists the rule ids)"),
			         c->file, c->disabled_lines[i], c->disabled[i]);
			return -1;
		}
	}
	for (size_t i = 0; i < c->override_count; i++) {
		if (!ruleset_set_severity(rs, c->overrides[i].rule, c->overrides[i].severity)) {
			snprintf(error, error_size, _("%s:%d: rule '%s' in severity does not exist"), c->file,
			         c->overrides[i].line, c->overrides[i].rule);
			return -1;
		}
	}
	for (size_t i = 0; i < c->waiver_count; i++) {
		const waiver *w = &c->waivers[i];
		/* pevcheck's own findings (pev.yaml, pev.score, ...) have no
		 * rule file behind them. */
		if (strncmp(w->rule, "pev.", 4) != 0 && !ruleset_find(rs, w->rule)) {
			snprintf(error, error_size, _("%s:%d: the waiver names rule '%s', which does not exist (pevcheck rules lists the rule ids)"),
			         c->file, w->line, w->rule);
			return -1;
		}
	}
	if (c->has_bands)
		ruleset_set_bands(rs, &c->bands);
	return 0;
}

/* The file's path relative to the configuration's folder, so waivers are
 * written the way the repository names its files. */
static void relative_path(const project_config *c, const char *file, char *out, size_t size)
{
	char *real = realpath(file, NULL);
	const char *p = real ? real : file;
	size_t n = strlen(c->dir);
	if (real && !strncmp(p, c->dir, n) && (p[n] == '/' || !strcmp(c->dir, "/")))
		p += strcmp(c->dir, "/") ? n + 1 : 1;
	snprintf(out, size, "%s", p);
	free(real);
}

void config_apply_waivers(project_config *c, doc_result *r)
{
	if (!c || c->waiver_count == 0)
		return;
	char rel[PATH_MAX];
	relative_path(c, r->file, rel, sizeof rel);
	for (size_t k = 0; k < c->waiver_count; k++) {
		waiver *w = &c->waivers[k];
		if (fnmatch(w->files, rel, 0) != 0 && fnmatch(w->files, r->file, 0) != 0)
			continue;
		__atomic_store_n(&w->applicable, 1, __ATOMIC_RELAXED);
		if (w->expired)
			continue;
		for (size_t i = 0; i < r->finding_count; i++) {
			finding *f = &r->findings[i];
			if (f->waived || strcmp(f->rule, w->rule) ||
			    (w->path && (!f->path || strcmp(w->path, f->path))))
				continue;
			f->waived = true;
			f->waiver_reason = xstrdup(w->reason);
			f->waiver_approved_by = xstrdup(w->approved_by);
			f->waiver_expires = xstrdup(w->expires);
			__atomic_store_n(&w->used, 1, __ATOMIC_RELAXED);
		}
	}
}

doc_result *config_waiver_report(const project_config *c)
{
	if (!c || !c->file)
		return NULL;
	doc_result *r = NULL;
	for (size_t k = 0; k < c->waiver_count; k++) {
		const waiver *w = &c->waivers[k];
		bool used = __atomic_load_n(&w->used, __ATOMIC_RELAXED);
		/* A run that checked none of its files (a pre-commit hook on
		 * the staged files) cannot tell whether it is still needed. */
		bool applicable = __atomic_load_n(&w->applicable, __ATOMIC_RELAXED);
		if (!w->expired && (used || !applicable))
			continue;
		if (!r)
			r = result_new(c->file, 0);
		if (w->expired)
			result_addf(r, RULE_CONFIG, SEV_WARNING, NULL, w->line, 0,
			            _("the waiver for rule %s expired on %s (approved by %s) and no longer applies; renew or delete it"),
			            w->rule, w->expires, w->approved_by);
		else
			result_addf(r, RULE_CONFIG, SEV_WARNING, NULL, w->line, 0,
			            _("the waiver for rule %s (%s) matches no finding and may no longer be needed; delete or correct it"),
			            w->rule, w->files);
	}
	return r;
}
