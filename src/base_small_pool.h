/*
 * base_small_pool — the small blocks of one Lua state, from free lists.
 *
 * A Lua state allocates and frees tables, strings and decimals by the
 * hundred thousand per report, in bursts as the collector runs; glibc's
 * per-thread cache holds only a few blocks of each size, so most of those
 * frees and the mallocs after them took malloc's slow path (about a tenth
 * of a check).  Blocks up to SMALL_POOL_MAX bytes come instead from
 * 64 KiB slabs, in 16-byte size classes, and go back to a free list of
 * their class; the slabs are released with the pool.  Memory held on the
 * free lists is reused by the next report, never returned early.
 *
 * Not thread-safe: one pool per Lua state, and a state is used by one
 * thread at a time.  Built as plain malloc under AddressSanitizer, so the
 * sanitizer still sees every block.
 */
#ifndef PEVCHECK_BASE_SMALL_POOL_H
#define PEVCHECK_BASE_SMALL_POOL_H

#include <stddef.h>

#define SMALL_POOL_MAX 256

typedef struct small_pool small_pool;

small_pool *small_pool_new(void);
void small_pool_free(small_pool *pool);

/* A block of `size` (1 .. SMALL_POOL_MAX) bytes, or NULL when out of memory. */
void *small_pool_get(small_pool *pool, size_t size);
/* Give back a block of `size` bytes that small_pool_get returned. */
void small_pool_put(small_pool *pool, void *block, size_t size);
/* Whether blocks of sizes a and b are interchangeable (the same class). */
int small_pool_same_class(size_t a, size_t b);

#endif
