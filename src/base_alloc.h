/*
 * base_alloc — the one way pevcheck asks the C heap for memory, and the one
 * answer when there is none: "pevcheck: out of memory" on stderr, then
 * abort().  A caller of x*() never sees NULL and never checks for it.
 *
 * Why abort and not exit(2): running out may happen in any worker thread
 * while others print (run_batch.c); exit() would run atexit handlers and
 * flush stdio under their feet, abort() does neither.  It leaves a core
 * dump (and an AddressSanitizer report) that shows where, and its status
 * (134, SIGABRT) tells a CI job that pevcheck broke, not that the reports
 * have findings (1) or could not be checked (2).
 *
 * What this policy does not cover, on purpose:
 *  - the rules' own memory: each Lua state allocates through the sandbox's
 *    capped allocator (rules_sandbox.c), which must answer NULL to Lua;
 *    a rule over its limit is a rule failure in the report, not the end of
 *    the run;
 *  - reading a whole input file (load_yaml.c, base_fs.c): its size comes
 *    from the input, so failing to hold it is that file's error.
 *
 * Knows nothing of pevcheck's data: base utilities only.
 */
#ifndef PEVCHECK_BASE_ALLOC_H
#define PEVCHECK_BASE_ALLOC_H

#include <stddef.h>
#include <stdio.h>

/* Say so and abort: for the few allocators that are not x*() (a Lua
 * state of pevcheck's own, not a rule's). */
void xout_of_memory(void) __attribute__((noreturn));
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t size);
/* A copy of s; NULL stays NULL. */
char *xstrdup(const char *s);
/* A stream writing to memory (open_memstream), which fails only for want
 * of memory. */
FILE *xopen_memstream(char **data, size_t *size);

/* The one growable array: `items` holds `count` elements with room for
 * `capacity`.  ARRAY_GROW makes room for one more (doubling, from 8), so
 * the caller then writes items[count++]:
 *
 *     ARRAY_GROW(r->findings, r->finding_count, r->finding_capacity);
 *     finding *f = &r->findings[r->finding_count++];
 */
#define ARRAY_GROW(items, count, capacity)                                                  \
	do {                                                                                \
		if ((count) >= (capacity))                                                  \
			(items) = array_grow((items), &(capacity), (count) + 1, sizeof *(items)); \
	} while (0)

/* items (of item_size bytes each) reallocated to hold at least `need`,
 * *capacity updated. */
void *array_grow(void *items, size_t *capacity, size_t need, size_t item_size);

/* A growable array of strings the list owns (copies of what was added). */
typedef struct string_list {
	char **items;
	size_t count, capacity;
} string_list;

void string_list_add(string_list *l, const char *s);
/* In strcmp order. */
void string_list_sort(string_list *l);
void string_list_free(string_list *l);

/* A growable string: `s` holds `length` bytes and a NUL once anything was
 * added (NULL before: strbuf_text gives ""); free(s) when done. */
typedef struct strbuf {
	char *s;
	size_t length, capacity;
} strbuf;

void strbuf_add(strbuf *b, const char *s, size_t length);
void strbuf_addc(strbuf *b, char c);
const char *strbuf_text(const strbuf *b);

#endif
