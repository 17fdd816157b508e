/*
 * run_engine — see run_engine.h.
 */
#include "run_engine.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "base_i18n.h"
#include "base_interrupt.h"
#include "model_report.h"
#include "run_cache.h"
#include "run_form.h"

void run_options_init(run_options *o)
{
	memset(o, 0, sizeof *o);
	o->rules.limits = sandbox_limits_default;
	o->load = load_limits_default;
}

int engine_open(engine *e, const run_options *options, char *error, size_t error_size)
{
	memset(e, 0, sizeof *e);
	e->options = options;
	pos_tree_init(&e->positions);
	e->rules = ruleset_open(options->rule_dirs, options->rule_dir_count, &options->rules, error,
	                        error_size);
	if (!e->rules)
		return -1;
	return options->config ? config_apply_rules(options->config, e->rules, error, error_size) : 0;
}

void engine_close(engine *e)
{
	ruleset_close(e->rules);
	e->rules = NULL;
	pos_tree_free(&e->positions);
	score_effects_free(&e->effects);
}

/* Adapts a lending sink to the taking interface used inside. */
typedef struct lend {
	engine_sink sink;
	void *context;
} lend;

static void lend_and_free(void *context, doc_result *r)
{
	lend *l = context;
	l->sink(l->context, r);
	result_free(r);
}

/* Record in r the framework chosen (f, with a parameters-only overlay)
 * and what it decides of the budget printers show. */
static void record_framework(doc_result *r, const framework *f, const framework *overlay,
                             enum fw_chosen_by by, const char *why)
{
	if (r->budget.present)
		model_budget_rate(&r->budget, f && f->rate_includes_opening_balance, f && f->rate_uses_received_funds);
	if (f || overlay) {
		r->framework = xstrdup((overlay ? overlay : f)->name);
		r->framework_chosen_by = framework_chosen_by_name(by);
		r->framework_why = xstrdup(why);
	}
}

/* Choose the framework that scores the report whose table is at index
 * (framework_choose decides), tell the rules, and record it in r. */
static void use_framework(engine *e, int index, doc_result *r)
{
	lua_State *L = ruleset_state(e->rules);
	const char *first[64];
	size_t n = 0;
	for (size_t i = 0; i < r->indicator_count && n < 64; i++)
		if (r->indicators[i].depth == 0)
			first[n++] = r->indicators[i].name;
	lua_getfield(L, index, "framework");
	fw_report rep = { .kind = r->kind, .named = lua_tostring(L, -1),
		          .forced = e->options->rules.framework, .first_level = first,
		          .first_level_count = n };
	enum fw_chosen_by by;
	bool unknown;
	char why[1024];
	const framework_set *set = ruleset_frameworks(e->rules);
	const framework *f = framework_choose(set, &rep, &by, &unknown, why, sizeof why);
	const framework *overlay = NULL;
	if (f && f->node_count == 0) {
		/* Parameters only: over the framework the report's table shows. */
		overlay = f;
		fw_report plain = rep;
		plain.named = plain.forced = NULL;
		enum fw_chosen_by base_by;
		bool ignored;
		char base_why[512];
		f = framework_choose(set, &plain, &base_by, &ignored, base_why, sizeof base_why);
		if (f) {
			size_t used = strlen(why);
			/* TRANSLATORS: appended to why a framework was chosen. */
			snprintf(why + used, sizeof why - used, _("; over %s, %s"), f->name, base_why);
		}
	}
	if (unknown) {
		char names[1024], path[64];
		int line, column;
		framework_names(set, names, sizeof names);
		model_locate(&e->positions, model_node_of(L, index), "framework", path, sizeof path, &line,
		             &column);
		result_addf(r, RULE_FRAMEWORK, SEV_WARNING, path, line, column,
		            _("unknown scoring framework '%s' (known frameworks: %s); %s"), rep.named, names,
		            f ? why : _("no framework applies: deductions by concept are reported, not made"));
	}
	lua_pop(L, 1);
	record_framework(r, f, overlay, by, why);
	ruleset_use_framework(e->rules, f, overlay, by);
}

static int check_loaded(engine *e, const char *name, yload *ld, engine_taker take,
                        void *context)
{
	lua_State *L = ruleset_state(e->rules);
	int documents = 0;
	for (;;) {
		doc_result *r = result_new(name, 0);
		if (!r)
			return documents;
		int top = lua_gettop(L);
		if (yload_next(ld, L, &e->positions, r) != 1) {
			result_free(r);
			break;
		}
		documents++;
		r->document = documents == 1 && !yload_more(ld) ? 0 : documents;
		r->from_form = e->reading_form;
		if (lua_istable(L, -1)) {
			if (report_model(L, -1, &e->positions, r) == 0) {
				score_effects_clear(&e->effects);
				use_framework(e, lua_gettop(L), r);
				ruleset_check(e->rules, -1, &e->positions, r, &e->effects);
				score_compute(r, &e->effects, ruleset_bands(e->rules));
			}
		} else if (r->finding_count == 0) {
			/* Loaded without a problem, but a scalar or an empty
			 * document: not a report (the loader reports its own
			 * failures, which also leave no table). */
			report_model(L, -1, &e->positions, r);
		}
		lua_settop(L, top);
		result_sort(r);
		take(context, r);
	}
	return documents;
}

/* The last steps of every result of a checked document: recorded for the
 * results cache, then the waivers (after the cache, so that a waiver and
 * its expiry are weighed every run, against today), then the caller's
 * taker.  A result from the cache takes the same last steps. */
typedef struct finish {
	engine *e;
	cache_file *cache; /* NULL: nothing to record */
	engine_taker take;
	void *context;
} finish;

static void finish_result(void *context, doc_result *r)
{
	finish *f = context;
	if (f->cache)
		cache_record(f->cache, r);
	if (f->e->options->config)
		config_apply_waivers(f->e->options->config, r);
	f->take(f->context, r);
}

int engine_check_buffer(engine *e, const char *name, const char *text, size_t length,
                        engine_sink sink, void *context)
{
	yload ld;
	if (yload_open_buffer(&ld, text, length, &e->options->load) != 0)
		return -1;
	lend l = { sink, context };
	finish f = { e, NULL, lend_and_free, &l };
	int n = check_loaded(e, name, &ld, finish_result, &f);
	yload_close(&ld);
	return n;
}

/* Checks a file from what was read of it (source): the number of
 * documents, or -1 when it could not be; results go to finish_result with
 * f as context. */
typedef int (*file_checker)(engine *e, const char *path, void *source, finish *f);

/* Hand over the cache's results for the file's bytes, or check them with
 * `check` and keep what it gives when the check was complete: the file
 * read, no rule failed in this engine (a failure can leave the rule set
 * changed for the reports after it), no signal. */
static int check_cached(engine *e, const char *path, const char *bytes, size_t length,
                        file_checker check, void *source, engine_taker take, void *context)
{
	cache_file cf;
	finish f = { e, NULL, take, context };
	int n = cache_lookup(e->options->cache, path, bytes, length, &cf, finish_result, &f);
	if (n >= 0)
		return n;
	f.cache = &cf;
	n = check(e, path, source, &f);
	cache_save(&cf, n >= 0 && ruleset_crashes(e->rules) == 0 && !interrupt_signal());
	return n;
}

static int check_data(engine *e, const char *path, void *source, finish *f)
{
	return check_loaded(e, path, source, finish_result, f);
}

/* Hands each result of a form on, pointed at the form. */
typedef struct form_taker {
	finish *finish;
	const form_report *form;
	bool noted;
} form_taker;

static void take_from_form(void *context, doc_result *r)
{
	form_taker *t = context;
	form_locate_result(r, t->form, !t->noted);
	t->noted = true;
	finish_result(t->finish, r);
}

/* A form (.xlsx, .docx, text) read by the layouts, then checked as the
 * data file it is read as. */
static int check_form_read(engine *e, const char *path, form_report *form, finish *f)
{
	yload ld;
	int documents = -1;
	if (yload_open_buffer(&ld, form->yaml, form->length, &e->options->load) == 0) {
		form_taker t = { f, form, false };
		e->reading_form = true;
		documents = check_loaded(e, path, &ld, take_from_form, &t);
		e->reading_form = false;
		yload_close(&ld);
	}
	return documents;
}

/* A form nothing could be read from: what reading it met, as before the
 * cache (neither waived nor kept). */
static int form_failed(const char *path, const form_report *form, finish *f)
{
	/* unreadable (pev.io), or read but no layout matches (pev.form) */
	doc_result *r = form_failed_result(path, form);
	if (r)
		f->take(f->context, r);
	if (f->cache)
		f->cache->unstorable = true;
	return form->kind == GRID_UNKNOWN ? -1 : 1;
}

/* The bytes of a form file, or none when it could not be read whole. */
typedef struct form_bytes {
	const char *data; /* NULL: read it by its path, to say why it cannot be */
	size_t length;
} form_bytes;

static int check_form(engine *e, const char *path, void *source, finish *f)
{
	const form_bytes *b = source;
	const layout_set *layouts = ruleset_layouts(e->rules);
	form_report form;
	bool read = b->data ? form_read_buffer(b->data, b->length, path, layouts, NULL, &form) != 0
	                    : form_read(path, layouts, NULL, &form) != 0;
	int documents = read ? check_form_read(e, path, &form, f) : form_failed(path, &form, f);
	form_report_free(&form);
	return documents;
}

/* A form's bytes are read once, to key it in the cache and to read it. */
static int check_form_file(engine *e, const char *path, engine_taker take, void *context)
{
	form_bytes b = { NULL, 0 };
	char *bytes = fs_read_file(path, 0, grid_limits_default.max_file_bytes, &b.length, NULL);
	if (!bytes) {
		finish f = { e, NULL, take, context };
		return check_form(e, path, &b, &f);
	}
	b.data = bytes;
	int documents = check_cached(e, path, bytes, b.length, check_form, &b, take, context);
	free(bytes);
	return documents;
}

int engine_check_file_owned(engine *e, const char *path, engine_taker take, void *context)
{
	if (form_is_form_file(path))
		return check_form_file(e, path, take, context);
	yload ld;
	char why[512];
	if (yload_open(&ld, path, &e->options->load, why, sizeof why) != 0) {
		doc_result *r = result_new(path, 0);
		if (r) {
			result_add(r, RULE_IO, SEV_ERROR, why, NULL, 0, 0);
			take(context, r);
		}
		return -1;
	}
	/* the bytes checked are the bytes keyed: read once */
	int n = check_cached(e, path, ld.text, ld.length, check_data, &ld, take, context);
	yload_close(&ld);
	return n;
}

int engine_check_file(engine *e, const char *path, engine_sink sink, void *context)
{
	lend l = { sink, context };
	return engine_check_file_owned(e, path, lend_and_free, &l);
}
