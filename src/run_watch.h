/*
 * run_watch — `--watch`: edit, save, see.  A run (of check or test) is
 * repeated whenever a rule, test, report or configuration file it read
 * changes.  inotify watches the folders: every level of a directory the
 * run names, the folder of a file (for that file only).  An editor saves
 * in a burst of events (a temporary file, a rename); they are gathered
 * until the folders are quiet for a moment, then the screen is cleared
 * (on a terminal) and the run repeats, headed by the files that changed
 * and followed by what changed in its results since the last run: cases
 * now passing or failing, findings new or gone.
 *
 * SIGINT (Ctrl-C) or SIGTERM ends the watch between runs, or stops the run
 * under way as it stops any run; the status is the last run's.
 * $PEVCHECK_WATCH_RUNS=N ends it after N runs (for tests, which then need
 * no timing to stop it).
 */
#ifndef PEVCHECK_RUN_WATCH_H
#define PEVCHECK_RUN_WATCH_H

#include "base_alloc.h"

/* What one run reports to the watch: each of its results (a test case, a
 * finding) as a key and a state, and the files and folders it read. */
typedef struct watch_results {
	string_list results; /* "KEY\x1fSTATE" */
	string_list paths;
} watch_results;

/* Record a result: key names it ("file: case"), state is what it came to
 * ("ok", "FAIL", "warning"). */
void watch_result(watch_results *r, const char *key, const char *state);
/* A file or folder (a folder with every level below it) to watch. */
void watch_path(watch_results *r, const char *path);

/* One run: its exit status, its results in *results. */
typedef int (*watch_run)(void *context, watch_results *results);

/* Run, then run again on every change until interrupted; the last run's
 * exit status (2 when the files cannot be watched).  command names the
 * run in its heading ("pevcheck test"). */
int watch_loop(const char *command, watch_run run, void *context);

#endif
