/*
 * run_limits — the limits on data and rules, set by name: `--limit depth=32`
 * on the command line or `limits: {depth: 32}` in .pevcheck.yaml.
 *
 *   file-size    largest data file            (bytes; K, M, G suffixes)
 *   depth        deepest nesting of a document
 *   nodes        nodes in one document
 *   aliases      aliases in one document
 *   alias-expansion  nodes all aliases of one document stand for
 *   scalar       longest scalar or key        (bytes)
 *   instructions Lua instructions one rule may run on one report (and
 *                the work it makes C code do, counted the same way)
 *   rule-seconds CPU time one rule may take on one report   (seconds)
 *   findings     findings, deductions and set_score calls of one rule on one report
 *   rule-memory  memory one rule may hold, across reports   (bytes)
 *   memory       memory of a whole Lua state  (bytes)
 */
#ifndef PEVCHECK_RUN_LIMITS_H
#define PEVCHECK_RUN_LIMITS_H

#include "rules_sandbox.h"
#include "load_yaml.h"

/* Apply one "name=value" (or name and value apart).  Returns 0, or -1 with
 * the reason in error. */
int limits_set(load_limits *data, sandbox_limits *rules, const char *name, const char *value,
               char *error, size_t error_size);
int limits_parse(load_limits *data, sandbox_limits *rules, const char *assignment, char *error,
                 size_t error_size);
/* "file-size, depth, ..." for messages. */
const char *limits_names(void);

#endif
