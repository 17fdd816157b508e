/*
 * run_cache_key — see run_cache_key.h.
 */
#include "run_cache_key.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <link.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "base_i18n.h"
#include "base_version.h"

/* Bumped whenever what an entry holds or means changes. */
#define KEY_FORMAT "pevcheck results 1"

/* ---- the rule directories ------------------------------------------------------- */

/* What a thing in the rule directories was when the digest was taken. */
typedef struct seen_status {
	char *path;
	dev_t dev;
	ino_t ino;
	off_t size;
	mode_t mode;
	int64_t modified, changed; /* ns */
} seen_status;

struct rules_snapshot {
	seen_status *items;
	size_t count, capacity;
	int64_t began, newest; /* ns: when the walk began, the latest change in it */
	unsigned char digest[DIGEST_SIZE];
};

typedef struct walk {
	digest *d;
	rules_snapshot *snap;
	struct { dev_t dev; ino_t ino; } *seen; /* directories listed */
	size_t seen_count, seen_capacity;
} walk;

static int64_t ns(struct timespec t)
{
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Keep what path is now, for cache_rules_unchanged. */
static void note_status(rules_snapshot *snap, const char *path, const struct stat *st)
{
	ARRAY_GROW(snap->items, snap->count, snap->capacity);
	snap->items[snap->count++] = (seen_status){ xstrdup(path), st->st_dev, st->st_ino, st->st_size,
		                                    st->st_mode, ns(st->st_mtim), ns(st->st_ctim) };
	if (ns(st->st_ctim) > snap->newest)
		snap->newest = ns(st->st_ctim);
}

/* Has the walk listed this directory (through a link, or a loop)? */
static bool seen_before(walk *w, const struct stat *st)
{
	for (size_t i = 0; i < w->seen_count; i++)
		if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
			return true;
	ARRAY_GROW(w->seen, w->seen_count, w->seen_capacity);
	w->seen[w->seen_count].dev = st->st_dev;
	w->seen[w->seen_count++].ino = st->st_ino;
	return false;
}

/* An entry of a folder, and its kind as the folder says (DT_*). */
typedef struct listed {
	char *name;
	unsigned char type;
} listed;

static int compare_names(const void *a, const void *b)
{
	return strcmp(((const listed *)a)->name, ((const listed *)b)->name);
}

/* The entries of dir, sorted, hidden folders' among them (walk_entry skips
 * those): a hidden file can be a module (require "x." is lib/x/.lua). */
static listed *list_names(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	*count = 0;
	if (!d)
		return NULL;
	size_t capacity = 16;
	listed *names = xmalloc(capacity * sizeof *names);
	for (struct dirent *e; (e = readdir(d));)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			ARRAY_GROW(names, *count, capacity);
			names[*count].name = xstrdup(e->d_name);
			names[(*count)++].type = e->d_type;
		}
	closedir(d);
	qsort(names, *count, sizeof *names, compare_names);
	return names;
}

static void walk_dir(walk *w, const char *dir);

/* A folder: walked, unless hidden (nothing loads from .git: its name is
 * enough) or walked already (a link to it, a loop). */
static void walk_folder(walk *w, const char *path, const char *name, const struct stat *st)
{
	if (name[0] == '.')
		digest_add_string(w->d, "hidden folder");
	else if (seen_before(w, st))
		digest_add_string(w->d, "folder seen");
	else {
		digest_add_string(w->d, "folder");
		walk_dir(w, path);
	}
}

/* One entry: its name and kind, a file's bytes, a folder's entries.  A
 * regular file is read straight away, its status taken from the open
 * file; links are followed: what the loader reads is what they point at. */
static void walk_entry(walk *w, const char *dir, const listed *e)
{
	char path[PATH_MAX];
	fs_join(path, sizeof path, dir, e->name);
	digest_add_string(w->d, e->name);
	struct stat st;
	size_t length = 0;
	char *bytes = e->type == DT_REG ? fs_read_file(path, 0, SIZE_MAX, &length, &st) : NULL;
	if (!bytes && stat(path, &st) != 0) {
		digest_add_string(w->d, "unreachable");
		return;
	}
	note_status(w->snap, path, &st);
	if (S_ISDIR(st.st_mode)) {
		walk_folder(w, path, e->name, &st);
		return;
	}
	if (!bytes && S_ISREG(st.st_mode))
		bytes = fs_read_file(path, 0, SIZE_MAX, &length, NULL);
	digest_add_string(w->d, bytes ? "file" : S_ISREG(st.st_mode) ? "unreadable" : "other");
	if (bytes) {
		digest_add_u64(w->d, length);
		digest_add(w->d, bytes, length);
	}
	free(bytes);
}

static void walk_dir(walk *w, const char *dir)
{
	size_t count;
	listed *names = list_names(dir, &count);
	digest_add_u64(w->d, names ? count : UINT64_MAX);
	for (size_t i = 0; i < count; i++) {
		walk_entry(w, dir, &names[i]);
		free(names[i].name);
	}
	free(names);
}

rules_snapshot *cache_rules_digest(const run_options *o)
{
	rules_snapshot *snap = xcalloc(1, sizeof *snap);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	snap->began = ns(now);
	size_t count, added;
	const char **dirs = fs_dirs_with_bundled(o->rule_dirs, o->rule_dir_count, &count, &added);
	walk w = { .d = digest_begin(), .snap = snap };
	for (size_t i = 0; i < count; i++) {
		struct stat st;
		digest_add_string(w.d, dirs[i]);
		if (stat(dirs[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
			digest_add_string(w.d, "not a folder");
			continue;
		}
		note_status(snap, dirs[i], &st);
		/* the same folder twice (given and bundled) is read twice: walked twice */
		w.seen_count = 0;
		seen_before(&w, &st);
		walk_dir(&w, dirs[i]);
	}
	free(dirs);
	free(w.seen);
	digest_end(w.d, snap->digest);
	return snap;
}

const unsigned char *cache_rules_snapshot_digest(const rules_snapshot *snap)
{
	return snap->digest;
}

/* A change this close before the walk began may not move a file's change
 * time again when the file changes once more (change times tick in
 * milliseconds, on some file systems in seconds). */
#define RACY_NS 2000000000LL

bool cache_rules_unchanged(const rules_snapshot *snap, const run_options *o)
{
	for (size_t i = 0; i < snap->count; i++) {
		const seen_status *was = &snap->items[i];
		struct stat st;
		if (stat(was->path, &st) != 0 || st.st_dev != was->dev || st.st_ino != was->ino ||
		    st.st_size != was->size || st.st_mode != was->mode || ns(st.st_mtim) != was->modified ||
		    ns(st.st_ctim) != was->changed)
			return false;
	}
	if (snap->newest < snap->began - RACY_NS)
		return true;
	/* racy: the bytes themselves, again */
	rules_snapshot *again = cache_rules_digest(o);
	bool same = digest_equal(again->digest, snap->digest) && again->count == snap->count;
	cache_rules_snapshot_free(again);
	return same;
}

void cache_rules_snapshot_free(rules_snapshot *snap)
{
	if (!snap)
		return;
	for (size_t i = 0; i < snap->count; i++)
		free(snap->items[i].path);
	free(snap->items);
	free(snap);
}

/* ---- pevcheck itself ------------------------------------------------------------------ */

/* A note segment's GNU build ID, added to d; false when it has none. */
static bool add_build_id(digest *d, const struct dl_phdr_info *info, const ElfW(Phdr) *ph)
{
	size_t align = ph->p_align == 8 ? 8 : 4;
	const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
	while ((size_t)(end - p) >= sizeof(ElfW(Nhdr))) {
		const ElfW(Nhdr) *note = (const void *)p;
		const char *name = p + sizeof *note;
		const char *desc = name + ((note->n_namesz + align - 1) & ~(align - 1));
		const char *next = desc + ((note->n_descsz + align - 1) & ~(align - 1));
		if (next > end || next <= p)
			return false;
		if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && !memcmp(name, "GNU", 4)) {
			digest_add(d, desc, note->n_descsz);
			return true;
		}
		p = next;
	}
	return false;
}

static int add_object(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	digest *d = data;
	const char *name = info->dlpi_name;
	/* the kernel's vDSO answers system calls, not checks */
	if (!strncmp(name, "linux-vdso", 10) || !strncmp(name, "linux-gate", 10))
		return 0;
	digest_add_string(d, name);
	for (int i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_NOTE && add_build_id(d, info, &info->dlpi_phdr[i]))
			return 0;
	/* no build ID: the file itself (the executable has no name here) */
	size_t length;
	char *bytes = fs_read_file(name[0] ? name : "/proc/self/exe", 0, SIZE_MAX, &length, NULL);
	digest_add_u64(d, bytes ? length : UINT64_MAX);
	digest_add(d, bytes, bytes ? length : 0);
	free(bytes);
	return 0;
}

/* The language findings are written in: what i18n_init and --lang chose. */
static void add_language(digest *d)
{
	digest_add_string(d, setlocale(LC_ALL, NULL));
	digest_add_string(d, getenv("LANGUAGE"));
	/* the header of the catalog in use ("" when messages are untranslated),
	 * and the catalog's bytes, which change with any translation */
	const char *header = gettext("");
	digest_add_string(d, header);
	if (header[0]) {
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s/zh_CN/LC_MESSAGES/pevcheck.mo", i18n_locale_dir());
		size_t length;
		char *bytes = fs_read_file(path, 0, SIZE_MAX, &length, NULL);
		digest_add_u64(d, bytes ? length : UINT64_MAX);
		digest_add(d, bytes, bytes ? length : 0);
		free(bytes);
	}
}

/* ---- the options and the configuration ---------------------------------------------- */

static void add_decimal(digest *d, decimal v)
{
	digest_add_u64(d, (uint64_t)v.mant);
	digest_add_u64(d, (uint64_t)v.scale);
}

/* What the configuration and the command line changed: rules switched
 * off, severities, grade bands, --framework, limits. */
static void add_settings(digest *d, const run_options *o, const rule_set *rs)
{
	for (size_t i = 0; i < o->rule_dir_count; i++)
		digest_add_string(d, o->rule_dirs[i]);
	size_t n = ruleset_count(rs);
	digest_add_u64(d, n);
	for (size_t i = 0; i < n; i++) {
		const rule_decl *r = ruleset_rule(rs, i);
		digest_add_string(d, r->id);
		digest_add_u64(d, r->severity);
		digest_add_u64(d, r->disabled);
	}
	const grade_bands *bands = o->config && o->config->has_bands ? &o->config->bands : NULL;
	digest_add_u64(d, bands ? bands->count : UINT64_MAX);
	for (size_t i = 0; bands && i < bands->count; i++) {
		digest_add_string(d, bands->band[i].name);
		add_decimal(d, bands->band[i].min);
	}
	digest_add_string(d, o->rules.framework);
	/* every limit, however many there are: the structures' bytes (no
	 * padding in them; a padding byte could only make a miss) */
	digest_add(d, &o->load, sizeof o->load);
	digest_add(d, &o->rules.limits, sizeof o->rules.limits);
}

void cache_run_digest(const run_options *o, const rule_set *rs,
                      const unsigned char rules[DIGEST_SIZE], unsigned char out[DIGEST_SIZE])
{
	digest *d = digest_begin();
	digest_add_string(d, KEY_FORMAT);
	digest_add_string(d, PEVCHECK_VERSION);
	dl_iterate_phdr(add_object, d);
	add_language(d);
	digest_add(d, rules, DIGEST_SIZE);
	add_settings(d, o, rs);
	digest_end(d, out);
}

void cache_file_key(const unsigned char run[DIGEST_SIZE], const char *path, const void *bytes,
                    size_t length, unsigned char out[DIGEST_SIZE])
{
	digest *d = digest_begin();
	digest_add(d, run, DIGEST_SIZE);
	digest_add_string(d, path);
	digest_add_u64(d, length);
	digest_add(d, bytes, length);
	digest_end(d, out);
}
