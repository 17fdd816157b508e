/*
 * run_cache — see run_cache.h.
 *
 * An entry's contents (run_cache_store.c authenticates them):
 *
 *   u32 reads, each: path, unit (strings, NULL allowed), i64 year, 32-byte digest
 *   u32 documents, each: a result (run_cache_codec.h)
 */
#include "run_cache.h"

#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "load_inputs.h"
#include "run_cache_key.h"
#include "run_cache_store.h"
#include "run_engine.h"

struct results_cache {
	cache_store *store;
	struct input_index *inputs;
	rules_snapshot *rules; /* the rule directories when the run began */
	unsigned char run[DIGEST_SIZE];
	size_t hits; /* documents; atomic */
};

results_cache *cache_open(const char *dir, const run_options *o, struct input_index *inputs,
                          char *why, size_t why_size)
{
	char path[4096];
	why[0] = '\0';
	if (!store_default_dir(dir, path, sizeof path))
		return NULL;
	cache_store *store = store_open(path, why, why_size);
	if (!store)
		return NULL;
	results_cache *c = xcalloc(1, sizeof *c);
	c->store = store;
	c->inputs = inputs;
	c->rules = cache_rules_digest(o);
	return c;
}

void cache_key_run(results_cache *c, const run_options *o, const rule_set *rs)
{
	if (c)
		cache_run_digest(o, rs, cache_rules_snapshot_digest(c->rules), c->run);
}

void cache_finish(results_cache *c, const run_options *o)
{
	if (!c || !store_pending(c->store))
		return;
	/* A rule file edited while the run went on may have been loaded by
	 * some engine and not by another, before or after the digest: then
	 * the entries of this run are not known to match their keys. */
	if (cache_rules_unchanged(c->rules, o))
		store_commit(c->store, store_max_bytes());
	else
		store_discard(c->store);
}

void cache_close(results_cache *c)
{
	if (!c)
		return;
	store_discard(c->store);
	store_close(c->store);
	cache_rules_snapshot_free(c->rules);
	free(c);
}

size_t cache_hits(const results_cache *c)
{
	return c ? __atomic_load_n(&c->hits, __ATOMIC_RELAXED) : 0;
}

/* ---- looking up ---------------------------------------------------------------------- */

/* Does the file at path (NULL: none) hold bytes with this digest? */
static bool same_file(const char *path, const unsigned char sum[DIGEST_SIZE])
{
	size_t length;
	char *bytes = fs_read_file(path, 0, load_limits_default.max_file_bytes, &length, NULL);
	if (!bytes)
		return false;
	unsigned char now[DIGEST_SIZE];
	digest_bytes(bytes, length, now);
	free(bytes);
	return digest_equal(now, sum);
}

/* Does one read of the entry give what it gave? */
static bool read_holds(results_cache *c, codec_reader *in)
{
	char *path = codec_get_string(in), *unit = codec_get_string(in);
	long year = (long)codec_get_i64(in);
	unsigned char sum[DIGEST_SIZE];
	codec_get(in, sum, sizeof sum);
	bool holds = !in->failed;
	if (holds && unit) {
		/* the inputs' answer now: the same file, or still none */
		char found[4096];
		const char *now = input_index_find(c->inputs, unit, year, found, sizeof found);
		holds = (!now && !path) || (now && path && !strcmp(now, path));
	}
	holds = holds && (!path || same_file(path, sum));
	free(path);
	free(unit);
	return holds;
}

/* The results of an entry whose reads all hold, or NULL (*count 0). */
static doc_result **entry_results(results_cache *c, const unsigned char *data, size_t length,
                                  size_t *count)
{
	codec_reader in = { .data = data, .length = length };
	size_t reads = codec_get_count(&in, 4 + 4 + 8 + DIGEST_SIZE);
	for (size_t i = 0; i < reads && !in.failed; i++)
		if (!read_holds(c, &in))
			return NULL;
	*count = codec_get_count(&in, 64);
	doc_result **docs = xcalloc(*count + 1, sizeof *docs);
	for (size_t i = 0; i < *count && !in.failed; i++)
		docs[i] = codec_get_result(&in);
	if (in.failed || in.at != in.length) {
		for (size_t i = 0; i < *count; i++)
			result_free(docs[i]);
		free(docs);
		*count = 0;
		return NULL;
	}
	return docs;
}

int cache_lookup(results_cache *c, const char *path, const void *bytes, size_t length,
                 cache_file *f, cache_taker take, void *context)
{
	memset(f, 0, sizeof *f);
	if (!c)
		return -1;
	f->cache = c;
	cache_file_key(c->run, path, bytes, length, f->key);
	size_t size, count = 0;
	unsigned char *data = store_read(c->store, f->key, &size);
	doc_result **docs = data ? entry_results(c, data, size, &count) : NULL;
	free(data);
	if (!docs)
		return -1;
	for (size_t i = 0; i < count; i++)
		take(context, docs[i]);
	free(docs);
	__atomic_add_fetch(&c->hits, count, __ATOMIC_RELAXED);
	return (int)count;
}

/* ---- recording and storing ------------------------------------------------------------ */

void cache_record(cache_file *f, const doc_result *r)
{
	if (!f->cache)
		return;
	for (size_t i = 0; i < r->read_count; i++) {
		const input_read *read = &r->reads[i];
		f->unstorable |= read->unreadable;
		codec_put_string(&f->reads, read->path);
		codec_put_string(&f->reads, read->unit);
		codec_put_i64(&f->reads, read->year);
		codec_put(&f->reads, read->digest, DIGEST_SIZE);
		f->read_count++;
	}
	codec_put_result(&f->docs, r);
	f->doc_count++;
}

void cache_save(cache_file *f, bool complete)
{
	if (f->cache && complete && !f->unstorable) {
		codec_writer entry = { 0 };
		codec_put_u32(&entry, (uint32_t)f->read_count);
		codec_put(&entry, f->reads.data, f->reads.length);
		codec_put_u32(&entry, (uint32_t)f->doc_count);
		codec_put(&entry, f->docs.data, f->docs.length);
		store_write(f->cache->store, f->key, entry.data, entry.length);
		codec_writer_free(&entry);
	}
	codec_writer_free(&f->reads);
	codec_writer_free(&f->docs);
	f->cache = NULL;
}
