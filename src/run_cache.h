/*
 * run_cache — the results cache of `pevcheck check`: a file's results
 * (every document's findings and scores, before waivers) are kept on disk
 * and handed over again, without reading a byte of YAML or running a rule,
 * when nothing they depend on changed.
 *
 * What they depend on is the file's key (run_cache_key.h: pevcheck, the
 * language, the rule directories, the settings, the file's path and
 * bytes), and what each check read besides: last year's report previous()
 * found (its path and bytes), or the fact that it found none among the
 * inputs.  An entry is used only when its key matches and every such read
 * gives what it gave; anything else is a miss, and the file is checked.
 *
 * Results are stored only from checks that were complete: the file read,
 * no rule failed in that engine, no signal, every read readable.  They
 * are put in place at the end of the run, and only when the rule
 * directories did not change while it ran (run_cache_store.h: the entries
 * are authenticated and written atomically).
 *
 * One cache per run, shared by every worker: lookups and recording are
 * thread-safe.
 */
#ifndef PEVCHECK_RUN_CACHE_H
#define PEVCHECK_RUN_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "base_digest.h"
#include "run_cache_codec.h"
#include "run_result.h"

struct input_index;
struct run_options;
struct rule_set;

typedef struct results_cache results_cache;

/* Open the cache in dir (--cache-dir; NULL: the default, see
 * run_cache_store.h), looking last year's reports up in inputs, and take
 * the rule directories' digest before any engine opens.  NULL when it
 * cannot be used: why then says why ("" when there is nothing to say, as
 * without a home directory). */
results_cache *cache_open(const char *dir, const struct run_options *o, struct input_index *inputs,
                          char *why, size_t why_size);
/* Key the run once the first engine is open (its rule set configured),
 * before any file is checked. */
void cache_key_run(results_cache *c, const struct run_options *o, const struct rule_set *rs);
/* Put this run's entries in place, unless the rule directories changed
 * while it ran (then they are dropped); trim the cache to its size. */
void cache_finish(results_cache *c, const struct run_options *o);
void cache_close(results_cache *c);

/* Documents handed over from the cache so far. */
size_t cache_hits(const results_cache *c);

/* One file's passage through the cache. */
typedef struct cache_file {
	results_cache *cache; /* NULL: no cache, nothing to record */
	unsigned char key[DIGEST_SIZE];
	codec_writer reads, docs;
	size_t read_count, doc_count;
	bool unstorable; /* a read failed: its results are not to keep */
} cache_file;

typedef void (*cache_taker)(void *context, doc_result *r);

/* Look up the file at path, whose bytes are given: on a hit, hand every
 * result over to take (which owns it) and return how many; else -1, with f
 * ready to record the results of checking the file.  c may be NULL. */
int cache_lookup(results_cache *c, const char *path, const void *bytes, size_t length,
                 cache_file *f, cache_taker take, void *context);
/* Record one result of the check (before waivers), with what it read. */
void cache_record(cache_file *f, const doc_result *r);
/* Keep what was recorded when the check was complete; free f. */
void cache_save(cache_file *f, bool complete);

#endif
