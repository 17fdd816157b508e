/*
 * run_cache_store — where the results cache (run_cache.h) keeps its entries,
 * and how it tells its own from anyone else's.
 *
 * The directory: --cache-dir, else $PEVCHECK_CACHE_DIR, else
 * $XDG_CACHE_HOME/pevcheck, else ~/.cache/pevcheck; entries live in its
 * results/ folder, one file per checked file, named after the key of what
 * that file's results depend on (run_cache_key.h).  Both folders are
 * created private (0700) and used only when they belong to the user and
 * nobody else may write to them.
 *
 * The key that authenticates entries: $PEVCHECK_CACHE_KEY (a CI secret),
 * else $XDG_CONFIG_HOME/pevcheck/cache.key, else
 * ~/.config/pevcheck/cache.key, created with 32 random bytes on first use.
 * It is held outside the cache directory and read only when the file is
 * the user's own and nobody else may read or write it.
 *
 * An entry is "PEVRES01", the lookup key, the contents, and the HMAC-SHA-256
 * of all that under the key.  An entry is read only when it is a regular
 * file of the user's own that others cannot write, and used only when its
 * MAC and lookup key check out: a forged, corrupt, truncated or swapped
 * entry is a miss, and rewritten.  So whoever can write the directory (a
 * repository that ships one, a CI cache restored from elsewhere, another
 * local user) but cannot read the key can only cause misses.
 *
 * Entries are written to a temporary file and renamed into place, so two
 * runs sharing a directory never see half an entry.  Knows nothing of
 * results: it stores bytes.
 */
#ifndef PEVCHECK_RUN_CACHE_STORE_H
#define PEVCHECK_RUN_CACHE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base_digest.h"

typedef struct cache_store cache_store;

/* The directory the cache uses: dir when given (--cache-dir), else from
 * the environment as above; false when there is none (no HOME). */
bool store_default_dir(const char *dir, char *out, size_t size);

/* Open the store in dir (store_default_dir), creating what is missing.
 * NULL with the reason in why when it cannot be used (a directory or key
 * that is not the user's own, or that others may write). */
cache_store *store_open(const char *dir, char *why, size_t why_size);
void store_close(cache_store *s);

/* The contents of the entry for key (malloc'd, *length bytes), or NULL
 * when there is none that checks out.  Thread-safe. */
unsigned char *store_read(cache_store *s, const unsigned char key[DIGEST_SIZE], size_t *length);

/* Write the entry for key to a temporary file, to be put in place by
 * store_commit (or thrown away by store_discard); false when it could not
 * be written.  Thread-safe. */
bool store_write(cache_store *s, const unsigned char key[DIGEST_SIZE], const void *data,
                 size_t length);
/* Rename every entry written into place; then, when the directory holds
 * more than max_bytes, remove the entries used longest ago.  (The
 * directory is listed for that by a run that wrote a 64th of max_bytes,
 * and by others only by chance, in proportion to what they wrote: see
 * trim_now.)  Returns the entries put in place. */
size_t store_commit(cache_store *s, uint64_t max_bytes);
/* Remove the entries written and not committed. */
void store_discard(cache_store *s);
/* Entries written and not yet committed or discarded. */
size_t store_pending(const cache_store *s);

/* What the directory holds: entries and their bytes. */
typedef struct store_usage {
	size_t entries;
	uint64_t bytes;
} store_usage;

/* Count the entries in dir (store_default_dir); with remove, delete them
 * (and temporary files), counting what was deleted.  Only files named as
 * entries are touched.  -1 with errno when the directory cannot be read. */
int store_scan(const char *dir, bool remove, store_usage *usage);

/* The cache's size bound: $PEVCHECK_CACHE_SIZE (K, M, G suffixes), else
 * 1 GiB. */
uint64_t store_max_bytes(void);

#endif
