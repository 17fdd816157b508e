/*
 * run_cache_key — what the results of checking a file depend on, named by
 * a digest: the results cache (run_cache.h) reuses results only under the
 * same key.
 *
 * A file's key is the SHA-256 of the run's digest, the file's path as the
 * run names it and its bytes (for a form, the form's).  The run's digest
 * covers everything else a result can depend on, and it is meant to be
 * complete by construction rather than by a list of what rules read today:
 *
 *  - pevcheck itself: its version and the build ID of the executable and
 *    of every shared library loaded (Lua, libyaml, libzip, expat ...), or
 *    the file's bytes when it has none; a rebuild with the same version is
 *    another pevcheck;
 *  - the language: the locale, LANGUAGE, the message catalog's header and
 *    its bytes (messages are translated when findings are made);
 *  - every file under every rule directory the rule set reads (the ones
 *    given and the bundled one: rule files, lib/ modules, ruleset.yaml,
 *    frameworks/, forms/, whatever else is there), with its path and
 *    bytes: the sandbox lets a rule read nothing else but the report and
 *    previous() (which run_cache.c records per result);
 *  - what the project configuration and the command line change: each
 *    rule's id, severity and whether it is switched off, the grade bands,
 *    --framework, every data and rule limit.  Waivers are not in it: they
 *    are applied to every result after the cache, today.
 *
 * Knows nothing of the cache's directory or entries.
 */
#ifndef PEVCHECK_RUN_CACHE_KEY_H
#define PEVCHECK_RUN_CACHE_KEY_H

#include <stdint.h>

#include "base_digest.h"
#include "run_engine.h"

/* The rule directories (those given and the bundled one) as a run found
 * them: the digest of every file under them, and each one's status.  A run
 * takes it before its first engine opens, and before it keeps any entry
 * checks that the rules did not change under it (cache_rules_unchanged). */
typedef struct rules_snapshot rules_snapshot;
rules_snapshot *cache_rules_digest(const run_options *o);
const unsigned char *cache_rules_snapshot_digest(const rules_snapshot *snap);
/* Is everything in the rule directories as the snapshot found it: the
 * same status (a change moves a file's change time); and when something
 * had changed just before the snapshot was taken, where a change time may
 * not move again at once, the same bytes? */
bool cache_rules_unchanged(const rules_snapshot *snap, const run_options *o);
void cache_rules_snapshot_free(rules_snapshot *snap);

/* The run's digest: the rule directories' (above), the options every
 * engine opens with and the first engine's rule set (opened, the
 * configuration applied). */
void cache_run_digest(const run_options *o, const rule_set *rs,
                      const unsigned char rules[DIGEST_SIZE], unsigned char out[DIGEST_SIZE]);

/* A file's key. */
void cache_file_key(const unsigned char run[DIGEST_SIZE], const char *path, const void *bytes,
                    size_t length, unsigned char out[DIGEST_SIZE]);

#endif
