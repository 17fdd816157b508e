/*
 * load_inputs — see load_inputs.h.
 */
#include "load_inputs.h"

#include "base_alloc.h"
#include "base_fs.h"
#include "base_interrupt.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
	char *unit;
	long year;
	size_t file; /* index into files */
} entry;

struct input_index {
	pthread_mutex_t lock;
	bool built;
	const file_list *files;
	entry *entries;
	size_t entry_count;
};

input_index *input_index_new(const file_list *files)
{
	input_index *index = xcalloc(1, sizeof *index);
	pthread_mutex_init(&index->lock, NULL);
	index->files = files;
	return index;
}

void input_index_free(input_index *index)
{
	if (!index)
		return;
	for (size_t i = 0; i < index->entry_count; i++)
		free(index->entries[i].unit);
	free(index->entries);
	pthread_mutex_destroy(&index->lock);
	free(index);
}

/* The value of a top-level "key:" line: unquoted, trimmed, comment cut. */
static bool top_level_value(const char *text, size_t length, const char *key, char *out,
                            size_t size)
{
	size_t kl = strlen(key);
	for (size_t i = 0; i + kl < length; i++) {
		if ((i == 0 || text[i - 1] == '\n') && !strncmp(text + i, key, kl) && text[i + kl] == ':') {
			const char *v = text + i + kl + 1;
			const char *end = memchr(v, '\n', length - (size_t)(v - text));
			size_t n = end ? (size_t)(end - v) : length - (size_t)(v - text);
			while (n && (*v == ' ' || *v == '\t')) {
				v++;
				n--;
			}
			const char *hash = memchr(v, '#', n);
			if (hash && hash > v && (hash[-1] == ' ' || hash[-1] == '\t'))
				n = (size_t)(hash - v);
			while (n && (v[n - 1] == ' ' || v[n - 1] == '\r' || v[n - 1] == '\t'))
				n--;
			if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
				v++;
				n -= 2;
			}
			snprintf(out, size, "%.*s", (int)n, v);
			return n > 0;
		}
	}
	return false;
}

static int compare_entries(const void *pa, const void *pb)
{
	const entry *a = pa, *b = pb;
	int c = strcmp(a->unit, b->unit);
	if (c)
		return c;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	/* the first file of a unit and year wins, as in input order */
	return a->file < b->file ? -1 : a->file > b->file;
}

static void build(input_index *index)
{
	index->entries = xcalloc(index->files->count + 1, sizeof *index->entries);
	for (size_t i = 0; i < index->files->count && !interrupt_signal(); i++) {
		char path[4096], head[8192];
		/* Not a FIFO or a device: fs_read_head refuses them unopened. */
		long got = fs_read_head(file_list_path(index->files, i, path, sizeof path), head, sizeof head);
		if (got < 0)
			continue;
		size_t n = (size_t)got;
		char unit[512], year[32];
		if (top_level_value(head, n, "unit", unit, sizeof unit) &&
		    top_level_value(head, n, "year", year, sizeof year)) {
			index->entries[index->entry_count++] = (entry){ xstrdup(unit), atol(year), i };
		}
	}
	qsort(index->entries, index->entry_count, sizeof *index->entries, compare_entries);
	index->built = true;
}

const char *input_index_find(input_index *index, const char *unit, long year, char *buf,
                             size_t size)
{
	if (!index)
		return NULL;
	pthread_mutex_lock(&index->lock);
	if (!index->built)
		build(index);
	pthread_mutex_unlock(&index->lock);
	/* the first entry of (unit, year): a lower bound */
	size_t lo = 0, hi = index->entry_count;
	entry key = { (char *)unit, year, 0 };
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (compare_entries(&index->entries[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < index->entry_count && index->entries[lo].year == year && !strcmp(index->entries[lo].unit, unit))
		return file_list_path(index->files, index->entries[lo].file, buf, size);
	return NULL;
}
