/*
 * load_files — the data files a run checks, in the order it checks them:
 * each path named (on the command line or in --files-from) as it is, and
 * for a directory every .yaml, .yml and .json file under it, and the forms
 * (.xlsx, .docx) kept beside them, in name order at each level, so the
 * order never depends on the file system.  A walk lists each directory
 * once however many links lead to it (a link back to a directory it is
 * inside is not followed) and stops when SIGINT or SIGTERM asks the run to
 * stop.
 *
 * Kept compactly, because a province checks tens of thousands of files and
 * memory must not grow with their number: a file found in a directory is
 * that directory (stored once) and its name, both in one block of text,
 * about 20 bytes a file instead of a path of its own.
 */
#ifndef PEVCHECK_LOAD_FILES_H
#define PEVCHECK_LOAD_FILES_H

#include <stddef.h>
#include <stdint.h>

typedef struct file_ref {
	uint32_t dir;  /* offset of the directory in text, or FILE_LIST_WHOLE */
	uint32_t name; /* offset of the name (or of the whole path) in text */
} file_ref;

#define FILE_LIST_WHOLE UINT32_MAX

typedef struct file_list {
	char *text;
	size_t used, room;
	file_ref *items;
	size_t count, capacity;
} file_list;

/* Add a path: a directory adds its data files (an unreadable one adds
 * itself, to be reported as unreadable); anything else is added as given. */
void file_list_add(file_list *list, const char *path);
/* --files-from: one path a line, blank lines skipped ("-" is stdin).
 * Returns 0, or -1 when the list cannot be read. */
int file_list_read(file_list *list, const char *from);
/* The path of file i, written into buf (size bytes); returns buf. */
const char *file_list_path(const file_list *list, size_t i, char *buf, size_t size);
void file_list_free(file_list *list);

#endif
