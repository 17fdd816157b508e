/*
 * run_engine — one report file through the stages: load -> model -> rules ->
 * score.  Each document's result is handed to a sink (a printer, a test
 * expectation) as soon as it is complete and freed after, so memory does
 * not grow with the number of files.
 *
 * An engine owns one Lua state with the rules compiled once; a worker
 * thread has its own engine.
 */
#ifndef PEVCHECK_RUN_ENGINE_H
#define PEVCHECK_RUN_ENGINE_H

#include "run_config.h"
#include "rules.h"
#include "load_yaml.h"

#define RULE_IO "pev.io"

typedef void (*engine_sink)(void *context, const doc_result *r);
/* A sink that takes the result and frees it (result_free) when done. */
typedef void (*engine_taker)(void *context, doc_result *r);

typedef struct engine {
	rule_set rules;
	pos_tree positions;
	score_effects effects;
	load_limits limits;
	sandbox_limits sandbox;
	project_config *config; /* waivers and rule settings, or NULL */
} engine;

int engine_open(engine *e, const char *const *rule_dirs, size_t dir_count,
                const sandbox_limits *sandbox, const load_limits *limits, char *error,
                size_t error_size);
/* Same, recording rule line coverage (pevcheck test --coverage). */
int engine_open_traced(engine *e, const char *const *rule_dirs, size_t dir_count,
                       struct rule_coverage *coverage, char *error, size_t error_size);
void engine_close(engine *e);
/* Apply a project configuration (rules switched off, severities, grade
 * bands, waivers) to an open engine.  Returns 0 or -1 with a message. */
int engine_configure(engine *e, project_config *config, char *error, size_t error_size);

/* Check a file; returns the number of documents, or -1 when the file could
 * not be read (a result with a pev.io finding was still handed over). */
int engine_check_file(engine *e, const char *path, engine_sink sink, void *context);
/* Same, handing over each result instead of lending it (parallel runs keep
 * results until it is their turn to be printed). */
int engine_check_file_owned(engine *e, const char *path, engine_taker take, void *context);
/* Same over text in memory; `name` is what results call the file. */
int engine_check_buffer(engine *e, const char *name, const char *text, size_t length,
                        engine_sink sink, void *context);

#endif
