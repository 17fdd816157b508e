/*
 * load_layout — see load_layout.h.
 *
 * Each file is read with the YAML loader into a private plain Lua state
 * (data, no code), checked field by field, and copied into C structures
 * the readers of every worker share without locking.
 */
#include "load_layout.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "base_i18n.h"
#include "load_grid.h"
#include "load_document.h"
#include "model_settings.h"

typedef struct reader {
	settings_reader in; /* first: the file, its positions, where errors go */
	form_layout *f;
} reader;

/* A label and the form readers compare it in, normalized once here. */
static void add_label(layout_labels *l, const char *text)
{
	l->items = xrealloc(l->items, (l->count + 1) * sizeof *l->items);
	l->norm = xrealloc(l->norm, (l->count + 1) * sizeof *l->norm);
	l->items[l->count] = xstrdup(text);
	l->norm[l->count++] = grid_label_normalize(text);
}

static int read_labels(reader *rd, int t, const char *key, int index, layout_labels *out)
{
	lua_State *L = rd->in.L;
	index = lua_absindex(L, index);
	if (lua_type(L, index) == LUA_TSTRING && lua_rawlen(L, index) > 0) {
		add_label(out, lua_tostring(L, index));
		return 0;
	}
	if (lua_type(L, index) != LUA_TTABLE || lua_rawlen(L, index) == 0)
		return settings_fail(&rd->in, t, key, _("%s should be a label (text) or a list of labels"), key);
	lua_Integer n = (lua_Integer)lua_rawlen(L, index);
	for (lua_Integer i = 1; i <= n; i++) {
		if (lua_rawgeti(L, index, i) != LUA_TSTRING || lua_rawlen(L, -1) == 0) {
			lua_pop(L, 1);
			return settings_fail(&rd->in, t, key, _("item %d of %s should be non-empty text"), (int)i, key);
		}
		add_label(out, lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	return 0;
}

static void free_labels(layout_labels *l)
{
	for (size_t i = 0; i < l->count; i++) {
		free(l->items[i]);
		free(l->norm[i]);
	}
	free(l->items);
	free(l->norm);
	memset(l, 0, sizeof *l);
}

/* A data path a layout may write: dotted names, no list indexes. */
static bool valid_path(const char *p)
{
	if (!*p || *p == '.')
		return false;
	for (; *p; p++)
		if (*p == '[' || *p == ']' || *p == ' ' || *p == '{' || *p == '}' || (p[0] == '.' && (p[1] == '.' || !p[1])))
			return false;
	return true;
}

/* ---- sections --------------------------------------------------------------------- */

static int read_field(settings_reader *in, int t, const char *path, void *arg)
{
	(void)arg;
	reader *rd = (reader *)in;
	if (!valid_path(path))
		return settings_fail(in, t, path, _("'%s' is not a data path such as unit or scores.total"), path);
	form_layout *f = rd->f;
	f->fields = xrealloc(f->fields, (f->field_count + 1) * sizeof *f->fields);
	layout_field *x = &f->fields[f->field_count++];
	memset(x, 0, sizeof *x);
	x->path = xstrdup(path);
	x->line = settings_line(in, t, path);
	return read_labels(rd, t, path, -1, &x->labels);
}

static int read_fields(reader *rd, int root)
{
	return settings_read_mapping(&rd->in, root, "fields", _("fields should be a mapping: data path -> printed label"),
	                             read_field, NULL);
}

/* Captures that belong to the indicator a pattern names with {indicator}. */
static bool indicator_capture(const char *name)
{
	static const char *const names[] = { "max", "score", "reason", "fix", NULL };
	return settings_one_of(name, names);
}

/* A pattern's captures must be data paths, balanced in braces, at most 32
 * of them; an indicator's (max, score, reason, fix) need {indicator}. */
static int check_pattern(reader *rd, int t, const char *text)
{
	int captures = 0;
	bool names_indicator = strstr(text, "{indicator}") != NULL;
	for (const char *p = text; *p; p++) {
		if (*p == '}')
			return settings_fail(&rd->in, t, "patterns", _("pattern '%s' has a '}' without its '{'"), text);
		if (*p != '{')
			continue;
		const char *end = strchr(p, '}');
		if (!end)
			return settings_fail(&rd->in, t, "patterns", _("pattern '%s' has a '{' without its '}'"), text);
		char path[256];
		snprintf(path, sizeof path, "%.*s", (int)(end - p - 1), p + 1);
		if (indicator_capture(path) && !names_indicator)
			return settings_fail(&rd->in, t, "patterns", _("pattern '%s': {%s} needs {indicator} in the same pattern"),
			            text, path);
		if (strcmp(path, "_") && strcmp(path, "indicator") && !indicator_capture(path) && !valid_path(path))
			return settings_fail(&rd->in, t, "patterns", _("pattern '%s': {%s} is not a data path"), text, path);
		if (++captures > 32)
			return settings_fail(&rd->in, t, "patterns", _("pattern '%s' has more than 32 captures"), text);
		p = end;
	}
	return 0;
}

static int read_pattern(settings_reader *in, int item, lua_Integer i, void *arg)
{
	reader *rd = (reader *)in;
	int root = *(const int *)arg;
	const char *text = lua_tostring(in->L, item);
	if (check_pattern(rd, root, text))
		return -1;
	form_layout *f = rd->f;
	f->patterns = xrealloc(f->patterns, (f->pattern_count + 1) * sizeof *f->patterns);
	f->patterns[f->pattern_count].text = xstrdup(text);
	f->patterns[f->pattern_count++].line = settings_line(in, root, "patterns") + (int)i;
	return 0;
}

static int read_patterns(reader *rd, int root)
{
	return settings_each_item(&rd->in, root, "patterns", LUA_TSTRING, false,
	                          _("patterns should be a list of texts with {data.path} captures"), read_pattern,
	                          &root);
}

static const char *const funds_rows[] = { "total", "fiscal", "carried", "other", "special_account", "unit_funds",
	                                  NULL };
static const char *const funds_columns[] = { "initial", "planned", "executed", "max", "rate", "score",
	                                     NULL };
static const char *const target_columns[] = { "level1", "level2", "name", "operator", "target", "actual", "unit",
	                                      "points", "score", "reason", NULL };
static const char *const score_columns[] = { "level1", "level2", "level3", "max", "score", "subtotal", NULL };

typedef struct table_reading {
	layout_table *x;
	const char *const *allowed; /* the column keys the table knows, or NULL */
} table_reading;

static int read_column(settings_reader *in, int c, const char *key, void *arg)
{
	const table_reading *tr = arg;
	if (tr->allowed && !settings_one_of(key, tr->allowed))
		return settings_fail(in, c, key, _("column '%s' is not one this table knows"), key);
	layout_table *x = tr->x;
	x->columns = xrealloc(x->columns, (x->column_count + 1) * sizeof *x->columns);
	layout_column *col = &x->columns[x->column_count++];
	memset(col, 0, sizeof *col);
	col->key = xstrdup(key);
	return read_labels((reader *)in, c, key, -1, &col->labels);
}

static int read_columns(reader *rd, int t, layout_table *x, const char *const *allowed)
{
	table_reading tr = { x, allowed };
	int c = 0;
	int status = settings_open_mapping(&rd->in, t, "columns",
	                                   _("a table needs its columns: key -> printed header label"), &c);
	if (status == 0)
		return settings_fail(&rd->in, t, "columns", _("a table needs its columns: key -> printed header label"));
	if (status < 0)
		return -1;
	status = settings_each_member(&rd->in, c, read_column, &tr);
	lua_pop(rd->in.L, 1);
	return status;
}

/* rows: {key: label | [labels] | {labels: ..., into: path, columns: {from: to}}} */
static int read_rename(settings_reader *in, int c, const char *from, void *arg)
{
	layout_row *row = arg;
	if (lua_type(in->L, -1) != LUA_TSTRING)
		return settings_fail(in, c, from, _("%s should be non-empty text"), from);
	row->rename_from = xrealloc(row->rename_from, (row->rename_count + 1) * sizeof(char *));
	row->rename_to = xrealloc(row->rename_to, (row->rename_count + 1) * sizeof(char *));
	row->rename_from[row->rename_count] = xstrdup(from);
	row->rename_to[row->rename_count++] = xstrdup(lua_tostring(in->L, -1));
	return 0;
}

/* rows: {key: label | [labels] | {labels: ..., columns: {from: to}}} */
static int read_row(settings_reader *in, int r, const char *key, void *arg)
{
	layout_table *x = arg;
	lua_State *L = in->L;
	if ((x->into == INTO_FUNDS && !settings_one_of(key, funds_rows)) || (x->into == INTO_ROWS && !valid_path(key)))
		return settings_fail(in, r, key,
		                     x->into == INTO_FUNDS ? _("row '%s' should be total, fiscal, carried, other, special_account or unit_funds")
		                                           : _("'%s' is not a data path such as unit or scores.total"),
		                     key);
	x->rows = xrealloc(x->rows, (x->row_count + 1) * sizeof *x->rows);
	layout_row *row = &x->rows[x->row_count++];
	memset(row, 0, sizeof *row);
	row->into = xstrdup(key);
	int v = lua_gettop(L);
	if (lua_type(L, v) != LUA_TTABLE || lua_rawlen(L, v) > 0)
		return read_labels((reader *)in, r, key, v, &row->labels);
	lua_getfield(L, v, "labels");
	int status = read_labels((reader *)in, r, key, -1, &row->labels);
	lua_pop(L, 1);
	if (status == 0)
		status = settings_read_mapping(in, v, "columns", _("columns should be a mapping: column key -> key"),
		                               read_rename, row);
	return status;
}

static int read_rows(reader *rd, int t, layout_table *x)
{
	int r = 0;
	int status = settings_open_mapping(&rd->in, t, "rows", _("rows should be a mapping: key -> printed row label"), &r);
	if (status == 0)
		return x->into == INTO_FUNDS || x->into == INTO_ROWS
		               ? settings_fail(&rd->in, t, NULL, _("this table needs its rows: key -> printed row label"))
		               : 0;
	if (status < 0)
		return -1;
	status = settings_each_member(&rd->in, r, read_row, x);
	lua_pop(rd->in.L, 1);
	return status;
}

static int read_table(reader *rd, int t)
{
	lua_State *L = rd->in.L;
	static const char *const known[] = { "into", "columns", "rows", "total", NULL };
	if (settings_check_fields(&rd->in, t, _("a table"), known, "into columns rows total"))
		return -1;
	char *into;
	if (settings_need_text(&rd->in, t, "into", _("a table needs into: funds, targets, scores or rows"), &into))
		return -1;
	layout_table x;
	memset(&x, 0, sizeof x);
	x.line = settings_line(&rd->in, t, NULL);
	static const char *const intos[] = { "funds", "targets", "scores", "rows", NULL };
	const char *const *allowed[] = { funds_columns, target_columns, score_columns, NULL };
	int which = -1;
	for (int i = 0; intos[i]; i++)
		if (!strcmp(into, intos[i]))
			which = i;
	if (which < 0) {
		int status = settings_fail(&rd->in, t, "into", _("into '%s' should be funds, targets, scores or rows"), into);
		free(into);
		return status;
	}
	free(into);
	x.into = (enum layout_into)which;
	form_layout *f = rd->f;
	f->tables = xrealloc(f->tables, (f->table_count + 1) * sizeof *f->tables);
	f->tables[f->table_count++] = x;
	layout_table *tx = &f->tables[f->table_count - 1];
	if (read_columns(rd, t, tx, allowed[which]) || read_rows(rd, t, tx))
		return -1;
	if (lua_getfield(L, t, "total") != LUA_TNIL) {
		int status = read_labels(rd, t, "total", -1, &tx->total);
		lua_pop(L, 1);
		return status;
	}
	lua_pop(L, 1);
	return 0;
}

static int read_table_item(settings_reader *in, int item, lua_Integer i, void *arg)
{
	(void)i;
	(void)arg;
	return read_table((reader *)in, item);
}

static int read_tables(reader *rd, int root)
{
	return settings_each_item(&rd->in, root, "tables", LUA_TTABLE, false, _("tables should be a list"),
	                          read_table_item, NULL);
}

static int read_indicator(settings_reader *in, int x, lua_Integer i, void *arg)
{
	(void)i;
	(void)arg;
	reader *rd = (reader *)in;
	static const char *const known[] = { "name", "max", "score", NULL };
	layout_indicator ind = { 0 };
	int status = settings_check_fields(in, x, _("an indicator"), known, "name max score");
	if (!status)
		status = settings_text(in, x, "name", &ind.name);
	if (!status)
		status = settings_text(in, x, "max", &ind.max);
	if (!status)
		status = settings_text(in, x, "score", &ind.score);
	if (!status && !ind.name)
		status = settings_fail(in, x, NULL, _("an indicator lacks its name"));
	form_layout *f = rd->f;
	f->indicators = xrealloc(f->indicators, (f->indicator_count + 1) * sizeof *f->indicators);
	f->indicators[f->indicator_count++] = ind;
	return status;
}

static int read_indicators(reader *rd, int root)
{
	return settings_each_item(&rd->in, root, "indicators", LUA_TTABLE, true,
	                          _("indicators should be a list of {name, max, score}"), read_indicator, NULL);
}

static int read_root(reader *rd, int root, const char *stem)
{
	lua_State *L = rd->in.L;
	form_layout *f = rd->f;
	static const char *const known[] = { "name", "title", "source", "kind", "framework", "currency",
		                             "requires", "workbook", "fields", "patterns", "tables",
		                             "indicators", NULL };
	if (settings_check_fields(&rd->in, root, _("a form layout file"), known,
	                 "name title source kind framework currency requires workbook fields patterns "
	                 "tables indicators"))
		return -1;
	int type = lua_getfield(L, root, "workbook");
	f->whole_workbook = type == LUA_TBOOLEAN && lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (type != LUA_TNIL && type != LUA_TBOOLEAN)
		return settings_fail(&rd->in, root, "workbook", _("workbook should be true (every sheet is one form) or false"));
	if (settings_text(&rd->in, root, "name", &f->name) || settings_text(&rd->in, root, "title", &f->title) ||
	    settings_text(&rd->in, root, "source", &f->source) || settings_text(&rd->in, root, "kind", &f->kind) ||
	    settings_text(&rd->in, root, "framework", &f->framework) || settings_text(&rd->in, root, "currency", &f->currency))
		return -1;
	if (!f->name)
		f->name = xstrdup(stem);
	if (!f->kind || (strcmp(f->kind, "department") && strcmp(f->kind, "project")))
		return settings_fail(&rd->in, root, "kind", _("a form layout needs kind: department or project"));
	if (!f->title || !f->source)
		return settings_fail(&rd->in, root, NULL, _("a form layout needs its title and source (the form it reads, with its document number)"));
	if (lua_getfield(L, root, "requires") == LUA_TNIL) {
		lua_pop(L, 1);
		return settings_fail(&rd->in, root, NULL, _("a form layout needs requires: the labels that show a document is this form"));
	}
	int status = read_labels(rd, root, "requires", -1, &f->requires);
	lua_pop(L, 1);
	if (status)
		return -1;
	return read_fields(rd, root) || read_patterns(rd, root) || read_tables(rd, root) ||
	       read_indicators(rd, root);
}

/* ---- freeing, the set ----------------------------------------------------------------- */

static void free_layout(form_layout *f)
{
	free(f->name);
	free(f->title);
	free(f->source);
	free(f->kind);
	free(f->framework);
	free(f->currency);
	free(f->file);
	free_labels(&f->requires);
	for (size_t i = 0; i < f->field_count; i++) {
		free(f->fields[i].path);
		free_labels(&f->fields[i].labels);
	}
	free(f->fields);
	for (size_t i = 0; i < f->pattern_count; i++)
		free(f->patterns[i].text);
	free(f->patterns);
	for (size_t i = 0; i < f->table_count; i++) {
		layout_table *t = &f->tables[i];
		for (size_t k = 0; k < t->column_count; k++) {
			free(t->columns[k].key);
			free_labels(&t->columns[k].labels);
		}
		free(t->columns);
		for (size_t k = 0; k < t->row_count; k++) {
			layout_row *r = &t->rows[k];
			free(r->into);
			free_labels(&r->labels);
			for (size_t j = 0; j < r->rename_count; j++) {
				free(r->rename_from[j]);
				free(r->rename_to[j]);
			}
			free(r->rename_from);
			free(r->rename_to);
		}
		free(t->rows);
		free_labels(&t->total);
	}
	free(f->tables);
	for (size_t i = 0; i < f->indicator_count; i++) {
		free(f->indicators[i].name);
		free(f->indicators[i].max);
		free(f->indicators[i].score);
	}
	free(f->indicators);
	memset(f, 0, sizeof *f);
}

static int read_file(layout_set *s, const char *path, const char *stem, char *error,
                     size_t error_size)
{
	lua_State *L = luaL_newstate();
	if (!L)
		xout_of_memory();
	pos_tree pos;
	pos_tree_init(&pos);
	form_layout f;
	memset(&f, 0, sizeof f);
	f.file = xstrdup(path);
	int status = load_document(L, path, &pos, error, error_size);
	if (status == 0 && !lua_istable(L, -1)) {
		snprintf(error, error_size, _("%s: a form layout file is a mapping (name: ..., requires: ...)"), path);
		status = -1;
	}
	if (status == 0) {
		reader rd = { .in = { .L = L, .pos = &pos, .file = path, .error = error, .error_size = error_size },
			      .f = &f };
		status = read_root(&rd, lua_gettop(L), stem);
	}
	if (status == 0) {
		size_t slot = s->count;
		for (size_t i = 0; i < s->count; i++)
			if (!strcmp(s->items[i].name, f.name))
				slot = i; /* a later directory's layout replaces an earlier one */
		if (slot == s->count)
			s->items = xrealloc(s->items, ++s->count * sizeof *s->items);
		else
			free_layout(&s->items[slot]);
		s->items[slot] = f;
	} else {
		free_layout(&f);
	}
	pos_tree_free(&pos);
	lua_close(L);
	return status;
}

typedef struct loading {
	layout_set *s;
	char *error;
	size_t error_size;
} loading;

static int load_one(const char *path, const char *stem, void *arg)
{
	loading *l = arg;
	return read_file(l->s, path, stem, l->error, l->error_size);
}

int layout_set_load(layout_set *s, const char *const *dirs, size_t dir_count, char *error,
                    size_t error_size)
{
	memset(s, 0, sizeof *s);
	loading l = { s, error, error_size };
	for (size_t d = 0; d < dir_count; d++)
		if (fs_each_yaml(dirs[d], "forms", load_one, &l, error, error_size)) {
			layout_set_free(s);
			return -1;
		}
	return 0;
}

void layout_set_free(layout_set *s)
{
	for (size_t i = 0; i < s->count; i++)
		free_layout(&s->items[i]);
	free(s->items);
	memset(s, 0, sizeof *s);
}

bool layout_path_is_text(const char *path)
{
	static const char *const text[] = { "unit", "department", "project", "framework", "kind",
		                            "scores.grade", "budget.currency", "budget.adjustment_reason",
		                            "facts.budget_explanation", "indicator", NULL };
	if (settings_one_of(path, text) || !strncmp(path, "facts.goal", 10))
		return true;
	const char *last = strrchr(path, '.');
	return last && (!strcmp(last, ".reason") || !strcmp(last, ".name") || !strcmp(last, ".item") ||
	                !strcmp(last, ".text"));
}
