/*
 * rules_chunk_cache — see rules_chunk_cache.h.
 *
 * A disk entry is one file, named after the chunk name's hash:
 *
 *   "PEVLUAC1" | u32 name length | u32 source length | u32 code length |
 *   u32 Lua release | u64 checksum of the code | name | source | code
 *
 * The name and the source are compared byte for byte with what was read
 * now, so a hash collision or an edited rule file can only miss.
 */
#include "rules_chunk_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base_fs.h"
#include "rules_sandbox.h"

#define MAGIC "PEVLUAC1"
#define HEADER_SIZE (8 + 4 * 4 + 8)
#define MAX_ENTRY (16u << 20) /* no rule file compiles to more */
/* Entries are named after a rule file's path, so every checkout or
 * temporary copy of a rule set adds its own: past this many, the oldest
 * half goes.  (A removed entry costs one compile the next time.) */
#define MAX_ENTRIES 2048
#define STALE_TEMP_SECONDS 3600

/* ---- the process's disk cache directory ----------------------------------- */

static bool disk_disabled;
static uid_t owner; /* geteuid(), read once in find_disk_dir */
static char disk_dir[4096];
static pthread_once_t disk_once = PTHREAD_ONCE_INIT;

void chunk_cache_disable_disk(void)
{
	disk_disabled = true;
}

static const char *nonempty_env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* mkdir -p, each new level private to the user. */
static void make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		(void)mkdir(path, 0700);
		*p = '/';
	}
	(void)mkdir(path, 0700);
}

/* Only a directory of our own that nobody else can write may hold code
 * that Lua will run unverified. */
static bool trusted(const struct stat *st, bool directory)
{
	return (directory ? S_ISDIR(st->st_mode) : S_ISREG(st->st_mode)) && st->st_uid == owner &&
	       (st->st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

static void find_disk_dir(void)
{
	owner = geteuid();
	const char *off = getenv("PEVCHECK_CACHE");
	if (disk_disabled || (off && (!strcmp(off, "off") || !strcmp(off, "0") || !strcmp(off, "no"))))
		return;
	const char *dir = nonempty_env("PEVCHECK_CACHE_DIR");
	const char *xdg = nonempty_env("XDG_CACHE_HOME");
	const char *home = nonempty_env("HOME");
	char path[sizeof disk_dir];
	int n;
	if (dir)
		n = snprintf(path, sizeof path, "%s", dir);
	else if (xdg && xdg[0] == '/')
		n = snprintf(path, sizeof path, "%s/pevcheck", xdg);
	else if (home)
		n = snprintf(path, sizeof path, "%s/.cache/pevcheck", home);
	else
		return;
	if (n <= 0 || (size_t)n >= sizeof path - 32)
		return;
	make_dirs(path);
	struct stat st;
	if (stat(path, &st) != 0 || !trusted(&st, true))
		return;
	memcpy(disk_dir, path, (size_t)n + 1);
}

const char *chunk_cache_dir(void)
{
	pthread_once(&disk_once, find_disk_dir);
	return disk_disabled || !disk_dir[0] ? NULL : disk_dir;
}

/* ---- entries ---------------------------------------------------------------- */

static uint64_t fnv1a(const void *data, size_t length, uint64_t h)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < length; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

/* A checksum of the code, eight bytes a step: it guards against a
 * damaged file, not against an attacker (the directory's ownership does
 * that), and it is on the path of every cached load. */
static uint64_t checksum(const void *data, size_t length)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ull ^ length;
	for (; length >= 8; p += 8, length -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	return fnv1a(p, length, h);
}

#define FNV_START 0xcbf29ce484222325ull

static void entry_path(char *out, size_t size, const char *dir, const char *name)
{
	snprintf(out, size, "%s/%016llx.luac", dir, (unsigned long long)fnv1a(name, strlen(name), FNV_START));
}

/* ---- the disk ---------------------------------------------------------------- */

static void put_u32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The code for (name, text) from the disk: the whole entry in a buffer
 * to free, with *code and *code_length pointing into it, or NULL.  The
 * entry must match what was read now byte for byte: the name, the source,
 * the Lua release and the code's checksum. */
static unsigned char *disk_read(const char *dir, const char *name, const char *text, size_t length,
                                const unsigned char **code, size_t *code_length)
{
	char path[4200];
	entry_path(path, sizeof path, dir, name);
	struct stat st;
	size_t size;
	unsigned char *buf = (unsigned char *)fs_read_file(path, O_NOFOLLOW, MAX_ENTRY, &size, &st);
	bool ok = buf && trusted(&st, false) && size >= HEADER_SIZE;
	if (ok) {
		size_t name_length = strlen(name);
		uint32_t nl = get_u32(buf + 8), sl = get_u32(buf + 12), cl = get_u32(buf + 16);
		ok = !memcmp(buf, MAGIC, 8) && get_u32(buf + 20) == LUA_VERSION_RELEASE_NUM && nl == name_length &&
		     sl == length && (uint64_t)HEADER_SIZE + nl + sl + cl == size && cl > 0 &&
		     !memcmp(buf + HEADER_SIZE, name, nl) && !memcmp(buf + HEADER_SIZE + nl, text, sl) &&
		     checksum(buf + HEADER_SIZE + nl + sl, cl) == get_u64(buf + 24);
		*code = buf + HEADER_SIZE + nl + sl;
		*code_length = cl;
	}
	if (!ok) {
		free(buf);
		return NULL;
	}
	return buf;
}

static bool write_all(int fd, const void *p, size_t length)
{
	const char *c = p;
	while (length > 0) {
		ssize_t n = write(fd, c, length);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		c += n;
		length -= (size_t)n;
	}
	return true;
}

/* Best effort: written whole under a temporary name, then renamed, so a
 * reader sees the old entry or the new one, never half of one. */
static void disk_write(const char *dir, const char *name, const char *text, size_t length,
                       const char *code, size_t code_length)
{
	size_t name_length = strlen(name);
	if (HEADER_SIZE + name_length + length + code_length > MAX_ENTRY)
		return;
	unsigned char header[HEADER_SIZE];
	memcpy(header, MAGIC, 8);
	put_u32(header + 8, (uint32_t)name_length);
	put_u32(header + 12, (uint32_t)length);
	put_u32(header + 16, (uint32_t)code_length);
	put_u32(header + 20, LUA_VERSION_RELEASE_NUM);
	put_u64(header + 24, checksum(code, code_length));
	char temp[4200], path[4200];
	snprintf(temp, sizeof temp, "%s/.tmp-XXXXXX", dir);
	int fd = mkstemp(temp);
	if (fd < 0)
		return;
	bool ok = write_all(fd, header, sizeof header) && write_all(fd, name, name_length) &&
	          write_all(fd, text, length) && write_all(fd, code, code_length);
	ok = close(fd) == 0 && ok;
	entry_path(path, sizeof path, dir, name);
	if (!ok || rename(temp, path) != 0)
		unlink(temp);
}

typedef struct aged {
	time_t mtime;
	char name[32];
} aged;

static int older_first(const void *a, const void *b)
{
	time_t x = ((const aged *)a)->mtime, y = ((const aged *)b)->mtime;
	return x < y ? -1 : x > y;
}

/* Keep the cache bounded: drop the oldest half of the entries when there
 * are more than MAX_ENTRIES, and temporary files a killed run left.  Done
 * at most once a process, and only after a miss wrote an entry. */
static void prune(const char *dir)
{
	static pthread_mutex_t once_lock = PTHREAD_MUTEX_INITIALIZER;
	static bool done;
	pthread_mutex_lock(&once_lock);
	bool first = !done;
	done = true;
	pthread_mutex_unlock(&once_lock);
	if (!first)
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	aged *list = NULL;
	size_t count = 0, capacity = 0;
	time_t now = time(NULL);
	for (struct dirent *e; (e = readdir(d));) {
		bool temp = !strncmp(e->d_name, ".tmp-", 5), luac = strstr(e->d_name, ".luac") != NULL;
		if ((!temp && !luac) || strlen(e->d_name) >= sizeof list->name)
			continue;
		char path[4200];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) != 0)
			continue;
		if (temp) {
			if (now - st.st_mtime > STALE_TEMP_SECONDS)
				unlink(path);
			continue;
		}
		if (count == capacity) {
			capacity = capacity ? capacity * 2 : 256;
			aged *grown = realloc(list, capacity * sizeof *list);
			if (!grown)
				break;
			list = grown;
		}
		list[count].mtime = st.st_mtime;
		memcpy(list[count++].name, e->d_name, strlen(e->d_name) + 1); /* fits: checked above */
	}
	closedir(d);
	if (count > MAX_ENTRIES) {
		qsort(list, count, sizeof *list, older_first);
		for (size_t i = 0; i < count - MAX_ENTRIES / 2; i++) {
			char path[4200];
			snprintf(path, sizeof path, "%s/%s", dir, list[i].name);
			unlink(path);
		}
	}
	free(list);
}

/* ---- loading ------------------------------------------------------------------ */

typedef struct buffer {
	char *data;
	size_t length, capacity;
} buffer;

static int buffer_writer(lua_State *L, const void *p, size_t size, void *ud)
{
	(void)L;
	buffer *b = ud;
	if (b->length + size > b->capacity) {
		size_t capacity = b->capacity ? b->capacity : 4096;
		while (capacity < b->length + size)
			capacity *= 2;
		char *data = realloc(b->data, capacity);
		if (!data)
			return 1;
		b->data = data;
		b->capacity = capacity;
	}
	memcpy(b->data + b->length, p, size);
	b->length += size;
	return 0;
}

int chunk_cache_load(lua_State *L, const char *text, size_t length, const char *chunkname, int env_index)
{
	env_index = lua_absindex(L, env_index);
	const char *dir = chunk_cache_dir();
	const unsigned char *code;
	size_t code_length;
	unsigned char *entry = dir ? disk_read(dir, chunkname, text, length, &code, &code_length) : NULL;
	if (entry) {
		int status = luaL_loadbufferx(L, (const char *)code, code_length, chunkname, "b");
		free(entry);
		if (status == LUA_OK) {
			sandbox_bind_env(L, env_index);
			return LUA_OK;
		}
		lua_pop(L, 1); /* a Lua that reads bytecode differently: compile */
	}
	int status = sandbox_load(L, text, length, chunkname, env_index);
	if (status != LUA_OK || !dir)
		return status;
	buffer out = { 0 };
	if (lua_dump(L, buffer_writer, &out, 0) == 0 && out.length > 0) {
		disk_write(dir, chunkname, text, length, out.data, out.length);
		prune(dir);
	}
	free(out.data);
	return LUA_OK;
}
