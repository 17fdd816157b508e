/*
 * run_engine — one report file through the stages: load -> model -> rules ->
 * score.  Each document's result is handed to a sink (a printer, a test
 * expectation) as soon as it is complete and freed after, so memory does
 * not grow with the number of files.
 *
 * An engine owns a rule set (one Lua state with the rules compiled once);
 * a worker thread has its own engine, opened from the same run_options.
 */
#ifndef PEVCHECK_RUN_ENGINE_H
#define PEVCHECK_RUN_ENGINE_H

#include "load_yaml.h"
#include "rules.h"
#include "run_config.h"

/* Everything a run is, filled once by the command before the first engine
 * opens; every engine of the run (one per worker) reads the same one, so
 * it must outlive them and not change while files are checked. */
typedef struct run_options {
	const char *const *rule_dirs;
	size_t rule_dir_count;
	rule_options rules;     /* how rules run: budget, --profile, --framework, ... */
	load_limits load;       /* how much of a data file is read */
	project_config *config; /* rule settings and waivers, or NULL */
	/* Results kept from earlier runs (run_cache.h), or NULL: none. */
	struct results_cache *cache;
} run_options;

/* The defaults: no directories, default limits, nothing else. */
void run_options_init(run_options *o);

typedef void (*engine_sink)(void *context, const doc_result *r);
/* A sink that takes the result and frees it (result_free) when done. */
typedef void (*engine_taker)(void *context, doc_result *r);

typedef struct engine {
	const run_options *options;
	rule_set *rules;
	pos_tree positions;
	score_effects effects;
	bool reading_form; /* the file being checked is a form (run_form.h) */
} engine;

/* Open the rules of the options' directories and apply the project
 * configuration to them (rules switched off, severities, grade bands).
 * Returns 0, or -1 with a message.  engine_close is safe after either, and
 * on an engine set to zero. */
int engine_open(engine *e, const run_options *options, char *error, size_t error_size);
void engine_close(engine *e);

/* Check a file; returns the number of documents, or -1 when the file could
 * not be read (a result with a pev.io finding was still handed over).
 * With a results cache, a file whose results it holds is not checked
 * again: they are handed over as they were, the waivers applied afresh. */
int engine_check_file(engine *e, const char *path, engine_sink sink, void *context);
/* Same, handing over each result instead of lending it (parallel runs keep
 * results until it is their turn to be printed). */
int engine_check_file_owned(engine *e, const char *path, engine_taker take, void *context);
/* Same over text in memory; `name` is what results call the file. */
int engine_check_buffer(engine *e, const char *name, const char *text, size_t length,
                        engine_sink sink, void *context);

#endif
