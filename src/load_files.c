/*
 * load_files — see load_files.h.
 */
#include "load_files.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base_alloc.h"
#include "base_fs.h"
#include "base_interrupt.h"

/* Copy s into the text block; its offset. */
static uint32_t keep(file_list *l, const char *s)
{
	size_t n = strlen(s) + 1;
	if (l->used + n > l->room) {
		size_t room = l->room ? l->room * 2 : 4096;
		while (room < l->used + n)
			room *= 2;
		if (room > UINT32_MAX)
			abort(); /* offsets are 32 bits: about 4 GB of paths */
		l->text = xrealloc(l->text, room);
		l->room = room;
	}
	memcpy(l->text + l->used, s, n);
	uint32_t at = (uint32_t)l->used;
	l->used += n;
	return at;
}

static void add_ref(file_list *l, uint32_t dir, uint32_t name)
{
	ARRAY_GROW(l->items, l->count, l->capacity);
	l->items[l->count++] = (file_ref){ dir, name };
}

static bool ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);
	return n > k && !strcasecmp(name + n - k, suffix);
}

/* The files a directory walk checks: data files, and the forms people
 * keep beside them (workbooks and Word reports; not text files, which a
 * folder holds for many other reasons, nor the "~$自评表.xlsx" an open
 * Office document leaves as its lock). */
static bool data_file_name(const char *name)
{
	if (!strncmp(name, "~$", 2))
		return false;
	return ends_with(name, ".yaml") || ends_with(name, ".yml") || ends_with(name, ".json") ||
	       ends_with(name, ".xlsx") || ends_with(name, ".docx");
}

/* Every data file under dir, in name order.  A directory the walk has
 * listed before (a link back to one it is inside, or a second link to the
 * same one) is passed over; an interrupted walk stops. */
static void collect_dir(file_list *l, const char *dir, int depth, fs_walk *walk)
{
	size_t count;
	errno = 0;
	fs_entry *here = depth <= 64 ? fs_walk_list(walk, dir, &count) : NULL;
	if (!here) {
		if (errno != ELOOP && errno != EINTR)
			add_ref(l, FILE_LIST_WHOLE, keep(l, dir)); /* reported as unreadable */
		return;
	}
	uint32_t dir_at = FILE_LIST_WHOLE;
	for (size_t i = 0; i < count && !interrupt_signal(); i++) {
		if (here[i].kind == FS_DIR) {
			char path[4096];
			fs_join(path, sizeof path, dir, here[i].name);
			collect_dir(l, path, depth + 1, walk);
		} else if (data_file_name(here[i].name)) {
			if (dir_at == FILE_LIST_WHOLE)
				dir_at = keep(l, dir);
			add_ref(l, dir_at, keep(l, here[i].name));
		}
	}
	fs_free_list(here, count);
}

void file_list_add(file_list *l, const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		fs_walk walk = { 0 };
		collect_dir(l, path, 0, &walk);
		fs_walk_free(&walk);
	} else
		add_ref(l, FILE_LIST_WHOLE, keep(l, path));
}

int file_list_read(file_list *l, const char *from)
{
	FILE *f = strcmp(from, "-") ? fopen(from, "r") : stdin;
	if (!f)
		return -1;
	char *line = NULL;
	size_t size = 0;
	ssize_t n;
	while ((n = getline(&line, &size, f)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0)
			file_list_add(l, line);
	}
	free(line);
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	return bad ? -1 : 0;
}

const char *file_list_path(const file_list *l, size_t i, char *buf, size_t size)
{
	const file_ref *r = &l->items[i];
	if (r->dir == FILE_LIST_WHOLE)
		snprintf(buf, size, "%s", l->text + r->name);
	else
		fs_join(buf, size, l->text + r->dir, l->text + r->name);
	return buf;
}

void file_list_free(file_list *l)
{
	free(l->text);
	free(l->items);
	memset(l, 0, sizeof *l);
}
