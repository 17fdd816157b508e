/*
 * run_engine — see run_engine.h.
 */
#include "run_engine.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "score_framework.h"
#include "model_report.h"

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
		if (lua_istable(L, -1)) {
			if (report_model(L, -1, &e->positions, r) == 0) {
				score_effects_clear(&e->effects);
				ruleset_check(e->rules, -1, &e->positions, r, &e->effects);
				score_compute(r, &e->effects, framework_bands(e->rules));
			}
		} else if (r->finding_count == 0) {
			/* Loaded without a problem, but a scalar or an empty
			 * document: not a report (the loader reports its own
			 * failures, which also leave no table). */
			report_model(L, -1, &e->positions, r);
		}
		lua_settop(L, top);
		if (e->options->config)
			config_apply_waivers(e->options->config, r);
		result_sort(r);
		take(context, r);
	}
	return documents;
}

int engine_check_buffer(engine *e, const char *name, const char *text, size_t length,
                        engine_sink sink, void *context)
{
	yload ld;
	if (yload_open_buffer(&ld, text, length, &e->options->load) != 0)
		return -1;
	lend l = { sink, context };
	int n = check_loaded(e, name, &ld, lend_and_free, &l);
	yload_close(&ld);
	return n;
}

int engine_check_file_owned(engine *e, const char *path, engine_taker take, void *context)
{
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
	int n = check_loaded(e, path, &ld, take, context);
	yload_close(&ld);
	return n;
}

int engine_check_file(engine *e, const char *path, engine_sink sink, void *context)
{
	lend l = { sink, context };
	return engine_check_file_owned(e, path, lend_and_free, &l);
}
