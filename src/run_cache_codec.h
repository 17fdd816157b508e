/*
 * run_cache_codec — a document's result (run_result.h) as bytes and back,
 * for the results cache (run_cache.h): every field, so that a result read
 * back prints exactly as the one written, in every format.
 *
 * The bytes are little-endian and length-prefixed; reading checks every
 * length, count and enumeration against what remains and what the field
 * can hold, and fails rather than guess.  What is read back was written by
 * pevcheck and authenticated before it is decoded (run_cache_store.h), so a
 * failure means a bug or another version, never data to trust half of.
 *
 * Knows nothing of files, keys or the cache's directory.
 */
#ifndef PEVCHECK_RUN_CACHE_CODEC_H
#define PEVCHECK_RUN_CACHE_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "run_result.h"

/* Bytes being written: grows as needed (never fails). */
typedef struct codec_writer {
	unsigned char *data;
	size_t length, capacity;
} codec_writer;

void codec_put(codec_writer *w, const void *data, size_t length);
void codec_put_u8(codec_writer *w, unsigned v);
void codec_put_u32(codec_writer *w, uint32_t v);
void codec_put_i64(codec_writer *w, int64_t v);
void codec_put_string(codec_writer *w, const char *s); /* NULL differs from "" */
void codec_put_result(codec_writer *w, const doc_result *r);
void codec_writer_free(codec_writer *w);

/* Bytes being read: once anything fails, `failed` stays set and every
 * later read gives zeros and NULLs. */
typedef struct codec_reader {
	const unsigned char *data;
	size_t length, at;
	bool failed;
} codec_reader;

bool codec_get(codec_reader *r, void *out, size_t length);
unsigned codec_get_u8(codec_reader *r);
uint32_t codec_get_u32(codec_reader *r);
int64_t codec_get_i64(codec_reader *r);
char *codec_get_string(codec_reader *r); /* malloc'd, or NULL */
/* A count of items of at least min_size bytes each: fails when more could
 * not fit in what remains. */
size_t codec_get_count(codec_reader *r, size_t min_size);
/* A result, or NULL when the bytes are not one (r->failed is then set). */
doc_result *codec_get_result(codec_reader *r);

#endif
