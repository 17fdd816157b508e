/*
 * run_batch — check many files, in parallel when asked, and hand the results
 * over in input order, so `-j 2` prints exactly what `-j 1` prints.
 *
 * Each worker thread has its own engine (its own Lua state with the rules
 * compiled once); workers run at most a small window ahead of the file
 * being printed, so memory stays flat however many files there are.
 */
#ifndef PEVCHECK_RUN_BATCH_H
#define PEVCHECK_RUN_BATCH_H

#include <stdbool.h>

#include "run_engine.h"
#include "load_files.h"

typedef struct batch_stats {
	size_t unreadable; /* files that could not be read */
	int crashes;       /* rule failures over all workers */
} batch_stats;

/* Check every file of `files` with `jobs` workers.  `first` is an engine
 * already open: it does the work itself when jobs is 1; each other worker
 * opens its own from first's run_options and adds its --profile times to
 * first's rules at the end.  Returns 0, or -1 when a worker could not load
 * the rules (message in error). */
int batch_run(engine *first, int jobs, const file_list *files, engine_sink sink, void *context,
              batch_stats *stats, char *error, size_t error_size);

/* How many files a run of `jobs` workers keeps in flight ahead of the
 * printer: enough to keep every worker busy. */
#define BATCH_WINDOW_PER_JOB 4

/* The number of online CPUs (at least 1). */
int batch_default_jobs(void);

#endif
