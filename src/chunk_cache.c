/*
 * chunk_cache — see chunk_cache.h.
 *
 * A disk entry is one file, named after the chunk name's hash:
 *
 *   "PEVLUAC1" | u32 name length | u32 source length | u32 code length |
 *   u32 Lua release | u64 checksum of the code | name | source | code
 *
 * The name and the source are compared byte for byte with what was read
 * now, so a hash collision or an edited rule file can only miss.
 */
#include "chunk_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox.h"

#define MAGIC "PEVLUAC1"
#define HEADER_SIZE (8 + 4 * 4 + 8)
#define MAX_ENTRY (16u << 20) /* no rule file compiles to more */

typedef struct entry {
	char *name;
	char *source;
	size_t source_length;
	char *code;
	size_t code_length;
} entry;

struct chunk_cache {
	entry *entries;
	size_t count, capacity;
};

/* ---- the process's disk cache directory ----------------------------------- */

static bool disk_disabled;
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
	return (directory ? S_ISDIR(st->st_mode) : S_ISREG(st->st_mode)) && st->st_uid == geteuid() &&
	       (st->st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

static void find_disk_dir(void)
{
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

chunk_cache *chunk_cache_new(void)
{
	chunk_cache *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	return c;
}

static void entry_free(entry *e)
{
	free(e->name);
	free(e->source);
	free(e->code);
}

void chunk_cache_free(chunk_cache *cache)
{
	if (!cache)
		return;
	for (size_t i = 0; i < cache->count; i++)
		entry_free(&cache->entries[i]);
	free(cache->entries);
	free(cache);
}

static entry *find(chunk_cache *cache, const char *name)
{
	for (size_t i = 0; i < cache->count; i++)
		if (!strcmp(cache->entries[i].name, name))
			return &cache->entries[i];
	return NULL;
}

static bool same_source(const entry *e, const char *text, size_t length)
{
	return e->source_length == length && !memcmp(e->source, text, length);
}

/* Keep `e` (taking its buffers), replacing an older entry of its name. */
static entry *remember(chunk_cache *cache, entry e)
{
	entry *old = find(cache, e.name);
	if (old) {
		entry_free(old);
		*old = e;
		return old;
	}
	if (cache->count == cache->capacity) {
		size_t capacity = cache->capacity ? cache->capacity * 2 : 32;
		entry *p = realloc(cache->entries, capacity * sizeof *p);
		if (!p)
			abort();
		cache->entries = p;
		cache->capacity = capacity;
	}
	cache->entries[cache->count] = e;
	return &cache->entries[cache->count++];
}

static char *copy(const char *p, size_t length)
{
	char *out = malloc(length + 1);
	if (!out)
		abort();
	memcpy(out, p, length);
	out[length] = '\0';
	return out;
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

/* The code for (name, text) from the disk, or false.  The entry must
 * match what was read now byte for byte: the name, the source, the Lua
 * release and the code's checksum. */
static bool disk_read(const char *dir, const char *name, const char *text, size_t length, entry *out)
{
	char path[4200];
	entry_path(path, sizeof path, dir, name);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	unsigned char *buf = NULL;
	bool ok = fstat(fd, &st) == 0 && trusted(&st, false) && st.st_size >= HEADER_SIZE &&
	          (uint64_t)st.st_size <= MAX_ENTRY && (buf = malloc((size_t)st.st_size));
	size_t size = ok ? (size_t)st.st_size : 0, got = 0;
	while (ok && got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			ok = false;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	size_t name_length = strlen(name);
	if (ok) {
		uint32_t nl = get_u32(buf + 8), sl = get_u32(buf + 12), cl = get_u32(buf + 16);
		ok = !memcmp(buf, MAGIC, 8) && get_u32(buf + 20) == LUA_VERSION_RELEASE_NUM && nl == name_length &&
		     sl == length && (uint64_t)HEADER_SIZE + nl + sl + cl == size && cl > 0 &&
		     !memcmp(buf + HEADER_SIZE, name, nl) && !memcmp(buf + HEADER_SIZE + nl, text, sl) &&
		     checksum(buf + HEADER_SIZE + nl + sl, cl) == get_u64(buf + 24);
		if (ok) {
			out->name = copy(name, name_length);
			out->source = copy(text, length);
			out->source_length = length;
			out->code = copy((const char *)buf + HEADER_SIZE + nl + sl, cl);
			out->code_length = cl;
		}
	}
	free(buf);
	return ok;
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
static void disk_write(const char *dir, const entry *e)
{
	size_t name_length = strlen(e->name);
	if (HEADER_SIZE + name_length + e->source_length + e->code_length > MAX_ENTRY)
		return;
	unsigned char header[HEADER_SIZE];
	memcpy(header, MAGIC, 8);
	put_u32(header + 8, (uint32_t)name_length);
	put_u32(header + 12, (uint32_t)e->source_length);
	put_u32(header + 16, (uint32_t)e->code_length);
	put_u32(header + 20, LUA_VERSION_RELEASE_NUM);
	put_u64(header + 24, checksum(e->code, e->code_length));
	char temp[4200], path[4200];
	snprintf(temp, sizeof temp, "%s/.tmp-XXXXXX", dir);
	int fd = mkstemp(temp);
	if (fd < 0)
		return;
	bool ok = write_all(fd, header, sizeof header) && write_all(fd, e->name, name_length) &&
	          write_all(fd, e->source, e->source_length) && write_all(fd, e->code, e->code_length);
	ok = close(fd) == 0 && ok;
	entry_path(path, sizeof path, dir, e->name);
	if (!ok || rename(temp, path) != 0)
		unlink(temp);
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

static int load_code(lua_State *L, const entry *e, int env_index)
{
	int status = luaL_loadbufferx(L, e->code, e->code_length, e->name, "b");
	if (status == LUA_OK)
		sandbox_bind_env(L, env_index);
	return status;
}

int chunk_cache_load(chunk_cache *cache, lua_State *L, const char *text, size_t length,
                     const char *chunkname, int env_index)
{
	env_index = lua_absindex(L, env_index);
	entry *e = find(cache, chunkname);
	if (e && same_source(e, text, length)) {
		if (load_code(L, e, env_index) == LUA_OK)
			return LUA_OK;
		lua_pop(L, 1);
	}
	const char *dir = chunk_cache_dir();
	entry fresh = { 0 };
	if (dir && disk_read(dir, chunkname, text, length, &fresh)) {
		e = remember(cache, fresh);
		if (load_code(L, e, env_index) == LUA_OK)
			return LUA_OK;
		lua_pop(L, 1); /* a Lua that reads bytecode differently: compile */
	}
	int status = sandbox_load(L, text, length, chunkname, env_index);
	if (status != LUA_OK)
		return status;
	buffer code = { 0 };
	if (lua_dump(L, buffer_writer, &code, 0) != 0 || code.length == 0) {
		free(code.data);
		return LUA_OK;
	}
	e = remember(cache, (entry){ .name = copy(chunkname, strlen(chunkname)), .source = copy(text, length),
	                             .source_length = length, .code = code.data, .code_length = code.length });
	if (dir)
		disk_write(dir, e);
	return LUA_OK;
}
