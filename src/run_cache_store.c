/*
 * run_cache_store — see run_cache_store.h.
 *
 * Entries are opened relative to the results folder's descriptor, taken
 * once when it was checked: a directory swapped in under the same name
 * later is never read.  (Its entries would fail the MAC anyway; the
 * descriptor keeps the checks and the use on the same folder.)
 */
#include "run_cache_store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "base_i18n.h"

#define MAGIC "PEVRES01"
#define MAGIC_SIZE 8
#define HEADER_SIZE (MAGIC_SIZE + DIGEST_SIZE)
#define MAX_ENTRY_BYTES (64u << 20) /* no report's results come near */
#define KEY_MIN_BYTES 32            /* 128 bits written as hex at least */
#define KEY_MAX_BYTES 4096
#define RESULTS_FOLDER "results"
#define DEFAULT_MAX_BYTES (1ull << 30)
/* An entry not used for this long has its time refreshed when it is: the
 * size bound drops the entries used longest ago, to the day. */
#define TOUCH_AFTER_SECONDS (24 * 3600)
/* A temporary file this old was left by a run that was killed. */
#define STALE_TEMP_SECONDS 3600

typedef struct pending {
	unsigned char key[DIGEST_SIZE];
	unsigned serial;
} pending;

struct cache_store {
	int dir_fd; /* the results folder */
	uid_t owner;
	unsigned char key[KEY_MAX_BYTES];
	size_t key_length;
	pthread_mutex_t lock; /* pending */
	pending *pending;
	size_t pending_count, pending_capacity;
	uint64_t pending_bytes;
	unsigned serial;
};

static const char *nonempty_env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* $env_dir/pevcheck/name when env_dir is set and absolute, else
 * ~/home_dir/pevcheck/name; false without either. */
static bool xdg_path(char *out, size_t size, const char *env_dir, const char *home_dir,
                     const char *name)
{
	const char *xdg = nonempty_env(env_dir);
	const char *home = nonempty_env("HOME");
	int n;
	if (xdg && xdg[0] == '/')
		n = snprintf(out, size, "%s/pevcheck%s%s", xdg, name ? "/" : "", name ? name : "");
	else if (home)
		n = snprintf(out, size, "%s/%s/pevcheck%s%s", home, home_dir, name ? "/" : "",
		             name ? name : "");
	else
		return false;
	return n > 0 && (size_t)n < size;
}

bool store_default_dir(const char *dir, char *out, size_t size)
{
	if (!dir)
		dir = nonempty_env("PEVCHECK_CACHE_DIR");
	if (dir) {
		int n = snprintf(out, size, "%s", dir);
		return n > 0 && (size_t)n < size;
	}
	return xdg_path(out, size, "XDG_CACHE_HOME", ".cache", NULL);
}

uint64_t store_max_bytes(void)
{
	const char *v = nonempty_env("PEVCHECK_CACHE_SIZE");
	if (!v)
		return DEFAULT_MAX_BYTES;
	char *end;
	unsigned long long n = strtoull(v, &end, 10);
	unsigned shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' || *end == 'm' ? 20
	                 : *end == 'G' || *end == 'g'                           ? 30
	                                                                        : 0;
	if (end == v || (shift ? end[1] != '\0' : *end != '\0') || n > (UINT64_MAX >> shift))
		return DEFAULT_MAX_BYTES;
	return (uint64_t)n << shift;
}

/* mkdir -p, every level it makes private to the user. */
static void make_dirs(const char *path)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s", path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		(void)mkdir(p, 0700);
		*s = '/';
	}
	(void)mkdir(p, 0700);
}

/* The user's own, and nobody else may write to it. */
static bool private_to(const struct stat *st, uid_t owner)
{
	return st->st_uid == owner && (st->st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

/* A checked directory, path relative to at (shown as `shown`): its
 * descriptor, or -1 with why filled. */
static int open_private_dir(int at, const char *path, const char *shown, uid_t owner, char *why,
                            size_t why_size)
{
	int fd = openat(at, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		snprintf(why, why_size, _("cannot use the folder %s: %s"), shown, strerror(errno));
	} else if (!private_to(&st, owner)) {
		/* TRANSLATORS: the results cache refuses a folder another user owns or can write. */
		snprintf(why, why_size, _("the folder %s belongs to another user or others may write to it"),
		         shown);
	} else {
		return fd;
	}
	if (fd >= 0)
		close(fd);
	return -1;
}

/* ---- the key --------------------------------------------------------------------- */

/* Read the key file fd into s; false with why when it is not one to trust. */
static bool read_key_file(cache_store *s, int fd, const char *path, char *why, size_t why_size)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != s->owner ||
	    (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		/* TRANSLATORS: the key authenticates the results cache; %s is its file. */
		snprintf(why, why_size, _("the cache key %s is not a file of your own that only you can read (chmod 600 it)"),
		         path);
		return false;
	}
	ssize_t n = read(fd, s->key, sizeof s->key);
	while (n > 0 && (s->key[n - 1] == '\n' || s->key[n - 1] == '\r' || s->key[n - 1] == ' '))
		n--;
	if (n < KEY_MIN_BYTES || n >= (ssize_t)sizeof s->key) {
		snprintf(why, why_size, _("the cache key %s should hold 32 to 4,000 characters"), path);
		return false;
	}
	s->key_length = (size_t)n;
	return true;
}

/* A new key file at path, whole or not at all: written beside it, then
 * linked into place, so that a run starting at the same moment reads
 * either no key or this one (link fails when another run's came first). */
static void create_key_file(const char *path)
{
	unsigned char random[32];
	char text[2 * DIGEST_SIZE + 2], temp[PATH_MAX + 32];
	if (!digest_random(random, sizeof random))
		return;
	digest_hex(random, text);
	strcat(text, "\n");
	snprintf(temp, sizeof temp, "%s.%ld.tmp", path, (long)getpid());
	int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	bool ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	ok = close(fd) == 0 && ok;
	/* a file system without hard links: renamed, which may replace a key
	 * another run wrote at the same moment (its entries then only miss) */
	if (ok && link(temp, path) != 0 && errno != EEXIST)
		(void)rename(temp, path);
	unlink(temp);
}

static bool load_key(cache_store *s, char *why, size_t why_size)
{
	const char *secret = nonempty_env("PEVCHECK_CACHE_KEY");
	if (secret) {
		size_t n = strlen(secret);
		if (n < KEY_MIN_BYTES || n >= sizeof s->key) {
			snprintf(why, why_size, _("PEVCHECK_CACHE_KEY should hold 32 to 4,000 characters"));
			return false;
		}
		memcpy(s->key, secret, n);
		s->key_length = n;
		return true;
	}
	char path[PATH_MAX], folder[PATH_MAX];
	if (!xdg_path(path, sizeof path, "XDG_CONFIG_HOME", ".config", "cache.key") ||
	    !xdg_path(folder, sizeof folder, "XDG_CONFIG_HOME", ".config", NULL)) {
		why[0] = '\0'; /* no HOME: no cache, quietly */
		return false;
	}
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		make_dirs(folder);
		create_key_file(path);
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	}
	if (fd < 0) {
		snprintf(why, why_size, _("cannot read the cache key %s: %s"), path, strerror(errno));
		return false;
	}
	int folder_fd = open_private_dir(AT_FDCWD, folder, folder, s->owner, why, why_size);
	bool ok = folder_fd >= 0 && read_key_file(s, fd, path, why, why_size);
	if (folder_fd >= 0)
		close(folder_fd);
	close(fd);
	return ok;
}

/* ---- opening ---------------------------------------------------------------------- */

cache_store *store_open(const char *dir, char *why, size_t why_size)
{
	cache_store *s = xcalloc(1, sizeof *s);
	s->owner = geteuid();
	s->dir_fd = -1;
	pthread_mutex_init(&s->lock, NULL);
	why[0] = '\0';
	if (!load_key(s, why, why_size)) {
		store_close(s);
		return NULL;
	}
	make_dirs(dir);
	int top = open_private_dir(AT_FDCWD, dir, dir, s->owner, why, why_size);
	if (top >= 0) {
		char shown[PATH_MAX + 16];
		snprintf(shown, sizeof shown, "%s/%s", dir, RESULTS_FOLDER);
		(void)mkdirat(top, RESULTS_FOLDER, 0700);
		s->dir_fd = open_private_dir(top, RESULTS_FOLDER, shown, s->owner, why, why_size);
		close(top);
	}
	if (s->dir_fd < 0) {
		store_close(s);
		return NULL;
	}
	return s;
}

void store_close(cache_store *s)
{
	if (!s)
		return;
	if (s->dir_fd >= 0)
		close(s->dir_fd);
	pthread_mutex_destroy(&s->lock);
	free(s->pending);
	/* the key stays in no freed memory */
	memset(s->key, 0, sizeof s->key);
	free(s);
}

/* ---- entries ---------------------------------------------------------------------- */

static void entry_name(const unsigned char key[DIGEST_SIZE], char name[2 * DIGEST_SIZE + 1])
{
	digest_hex(key, name);
}

static void temp_name(const pending *p, char *out, size_t size)
{
	char hex[2 * DIGEST_SIZE + 1];
	entry_name(p->key, hex);
	snprintf(out, size, "%s.%ld.%u.tmp", hex, (long)getpid(), p->serial);
}

/* The whole of an entry file that may be ours: NULL when it is not a
 * regular file of the user's that others cannot write, or not of an
 * entry's size. */
static unsigned char *read_entry_file(cache_store *s, const char *name, size_t *length)
{
	int fd = openat(s->dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	unsigned char *data = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && private_to(&st, s->owner) &&
	    st.st_size >= HEADER_SIZE + DIGEST_SIZE && st.st_size <= MAX_ENTRY_BYTES) {
		data = xmalloc((size_t)st.st_size);
		size_t got = fs_read_all(fd, data, (size_t)st.st_size, NULL);
		*length = got;
		if (got == (size_t)st.st_size && time(NULL) - st.st_mtime > TOUCH_AFTER_SECONDS)
			(void)futimens(fd, NULL);
	}
	close(fd);
	return data;
}

unsigned char *store_read(cache_store *s, const unsigned char key[DIGEST_SIZE], size_t *length)
{
	char name[2 * DIGEST_SIZE + 1];
	entry_name(key, name);
	size_t size = 0;
	unsigned char *data = read_entry_file(s, name, &size);
	if (!data)
		return NULL;
	unsigned char tag[DIGEST_SIZE];
	bool ok = size >= HEADER_SIZE + DIGEST_SIZE && !memcmp(data, MAGIC, MAGIC_SIZE);
	if (ok)
		digest_hmac(s->key, s->key_length, data, size - DIGEST_SIZE, tag);
	/* the MAC first: an entry whose MAC fails is nobody's to read further;
	 * then the key it was written for, so that an entry moved to another
	 * name (a swap) is refused too */
	ok = ok && digest_equal(tag, data + size - DIGEST_SIZE) && digest_equal(key, data + MAGIC_SIZE);
	if (!ok) {
		free(data);
		return NULL;
	}
	*length = size - HEADER_SIZE - DIGEST_SIZE;
	memmove(data, data + HEADER_SIZE, *length);
	return data;
}

bool store_write(cache_store *s, const unsigned char key[DIGEST_SIZE], const void *data,
                 size_t length)
{
	pending p;
	memcpy(p.key, key, DIGEST_SIZE);
	pthread_mutex_lock(&s->lock);
	p.serial = s->serial++;
	pthread_mutex_unlock(&s->lock);
	char name[128];
	temp_name(&p, name, sizeof name);
	int fd = openat(s->dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return false;
	/* header, contents, then the MAC of both */
	size_t total = HEADER_SIZE + length + DIGEST_SIZE;
	unsigned char *entry = xmalloc(total);
	memcpy(entry, MAGIC, MAGIC_SIZE);
	memcpy(entry + MAGIC_SIZE, key, DIGEST_SIZE);
	memcpy(entry + HEADER_SIZE, data, length);
	digest_hmac(s->key, s->key_length, entry, HEADER_SIZE + length, entry + HEADER_SIZE + length);
	bool ok = fs_write_all(fd, entry, total);
	free(entry);
	ok = close(fd) == 0 && ok;
	if (!ok) {
		unlinkat(s->dir_fd, name, 0);
		return false;
	}
	pthread_mutex_lock(&s->lock);
	ARRAY_GROW(s->pending, s->pending_count, s->pending_capacity);
	s->pending[s->pending_count++] = p;
	s->pending_bytes += total;
	pthread_mutex_unlock(&s->lock);
	return true;
}

void store_discard(cache_store *s)
{
	for (size_t i = 0; i < s->pending_count; i++) {
		char name[128];
		temp_name(&s->pending[i], name, sizeof name);
		unlinkat(s->dir_fd, name, 0);
	}
	s->pending_count = 0;
	s->pending_bytes = 0;
}

size_t store_pending(const cache_store *s)
{
	return s->pending_count;
}

/* ---- the directory's contents ---------------------------------------------------- */

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* 0 for an entry's name, 1 for a temporary file's, -1 for anything else
 * (which the cache never touches). */
static int name_kind(const char *name)
{
	size_t n = strlen(name);
	if (n < 2 * DIGEST_SIZE || !is_hex(name, 2 * DIGEST_SIZE))
		return -1;
	if (n == 2 * DIGEST_SIZE)
		return 0;
	return name[2 * DIGEST_SIZE] == '.' && n > 4 && !strcmp(name + n - 4, ".tmp") ? 1 : -1;
}

typedef struct listed {
	char name[2 * DIGEST_SIZE + 1];
	time_t used;
	uint64_t bytes;
} listed;

static int by_use(const void *a, const void *b)
{
	const listed *x = a, *y = b;
	return x->used < y->used ? -1 : x->used > y->used;
}

/* The entries in the folder dir_fd (an fd of its own is opened for the
 * walk), stale temporary files removed; with remove_all every entry and
 * temporary file is removed and counted instead. */
static listed *list_entries(int dir_fd, bool remove_all, size_t *count, store_usage *usage)
{
	int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	listed *list = xmalloc(sizeof *list);
	size_t n = 0, capacity = 1;
	time_t now = time(NULL);
	for (struct dirent *e; (e = readdir(d));) {
		int kind = name_kind(e->d_name);
		struct stat st;
		if (kind < 0 || fstatat(dir_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		bool stale = kind == 1 && now - st.st_mtime > STALE_TEMP_SECONDS;
		if (remove_all || stale) {
			if (unlinkat(dir_fd, e->d_name, 0) == 0 && remove_all) {
				usage->entries += kind == 0;
				usage->bytes += (uint64_t)st.st_size;
			}
			continue;
		}
		if (kind == 1)
			continue;
		ARRAY_GROW(list, n, capacity);
		memcpy(list[n].name, e->d_name, sizeof list[n].name);
		list[n].used = st.st_mtime;
		list[n++].bytes = (uint64_t)st.st_size;
		usage->entries++;
		usage->bytes += (uint64_t)st.st_size;
	}
	closedir(d);
	*count = n;
	return list;
}

/* Remove the entries used longest ago until the folder holds at most 90 %
 * of max_bytes (not just under it: the next run need not trim again). */
static void trim(cache_store *s, uint64_t max_bytes)
{
	size_t n = 0;
	store_usage usage = { 0 };
	listed *list = list_entries(s->dir_fd, false, &n, &usage);
	if (list && usage.bytes > max_bytes) {
		qsort(list, n, sizeof *list, by_use);
		uint64_t goal = max_bytes / 10 * 9;
		for (size_t i = 0; i < n && usage.bytes > goal; i++)
			if (unlinkat(s->dir_fd, list[i].name, 0) == 0)
				usage.bytes -= list[i].bytes;
	}
	free(list);
}

/* Whether a run that wrote `written` bytes lists the cache to trim it.
 * Listing a cache of 10,000 entries costs more than checking a report, so
 * not every run does: one that wrote a 64th of the bound does, any other
 * by chance, in proportion to what it wrote.  Between two listings some
 * 64th of the bound is written, on average: the cache keeps within about
 * that of its bound. */
static bool trim_now(uint64_t written, uint64_t max_bytes)
{
	uint64_t share = max_bytes / 64 ? max_bytes / 64 : 1, draw = 0;
	if (written >= share)
		return true;
	return digest_random(&draw, sizeof draw) && draw % share < written;
}

size_t store_commit(cache_store *s, uint64_t max_bytes)
{
	size_t committed = 0;
	for (size_t i = 0; i < s->pending_count; i++) {
		char temp[128], name[2 * DIGEST_SIZE + 1];
		temp_name(&s->pending[i], temp, sizeof temp);
		entry_name(s->pending[i].key, name);
		if (renameat(s->dir_fd, temp, s->dir_fd, name) == 0)
			committed++;
		else
			unlinkat(s->dir_fd, temp, 0);
	}
	bool scan = committed && trim_now(s->pending_bytes, max_bytes);
	s->pending_count = 0;
	s->pending_bytes = 0;
	if (scan)
		trim(s, max_bytes);
	return committed;
}

int store_scan(const char *dir, bool remove, store_usage *usage)
{
	memset(usage, 0, sizeof *usage);
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, RESULTS_FOLDER);
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	size_t n = 0;
	listed *list = list_entries(fd, remove, &n, usage);
	int saved = errno, status = list ? 0 : -1;
	close(fd);
	free(list);
	errno = saved;
	return status;
}
