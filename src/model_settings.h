/*
 * model_settings — a settings file pevcheck reads into C (a scoring
 * framework, a form layout), as the Lua table load_document made of it:
 * its keys checked against the known ones, its texts and lists of texts
 * read, and every mistake told at the file and line of the key it is
 * about ("file:line: what is wrong").
 *
 * Knows nothing about what the settings mean.
 */
#ifndef PEVCHECK_MODEL_SETTINGS_H
#define PEVCHECK_MODEL_SETTINGS_H

#include <lua.h>
#include <stdbool.h>
#include <stddef.h>

#include "load_positions.h"

typedef struct settings_reader {
	lua_State *L;
	const pos_tree *pos; /* the file's node positions */
	const char *file;
	char *error; /* "file:line: what" when a function fails */
	size_t error_size;
} settings_reader;

/* The line of key field of the mapping at stack index t (of the mapping
 * itself when field is NULL or absent). */
int settings_line(const settings_reader *r, int t, const char *field);
/* Write "file:line: what" for field of the mapping at t; returns -1. */
int settings_fail(settings_reader *r, int t, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Is s one of the NULL-terminated list? */
bool settings_one_of(const char *s, const char *const *list);
/* Visit the members of the mapping at t in the order the file writes them
 * (the order a reader expects them listed back), each with its value
 * pushed: nil for a YAML null, which the loader leaves out of the table,
 * so that "concepts: {X: ~}" is seen at all.  visit returns 0 to go on and
 * leaves the stack as it found it. */
typedef int (*settings_visit)(settings_reader *r, int t, const char *key, void *arg);
int settings_each_member(settings_reader *r, int t, settings_visit visit, void *arg);
/* The mapping at root[key] pushed, its index in *t: 1; 0 with nothing
 * pushed when absent; -1 (reported with should) when not a mapping. */
int settings_open_mapping(settings_reader *r, int root, const char *key, const char *should, int *t);
/* root[key], a mapping, each member visited in file order (absent: 0). */
int settings_read_mapping(settings_reader *r, int root, const char *key, const char *should,
                          settings_visit visit, void *arg);
/* root[key], a list: each item pushed in turn and visited with its place
 * (from 1) and its type checked first (type LUA_TSTRING: non-empty text;
 * LUA_TTABLE: a mapping); absent: 0.  should is the message for a root[key]
 * that is not a list (or is empty, when a list must have items). */
typedef int (*settings_item_visit)(settings_reader *r, int item, lua_Integer i, void *arg);
int settings_each_item(settings_reader *r, int root, const char *key, int type, bool nonempty,
                       const char *should, settings_item_visit visit, void *arg);
/* Every key of the mapping at t, in file order, is one of known
 * (known_text lists them for the message); 0, or -1 naming the first that
 * is not. */
int settings_check_fields(settings_reader *r, int t, const char *where, const char *const *known,
                          const char *known_text);
/* t[key] as non-empty text (a number is written as printed): *out a copy,
 * NULL when absent; 0, or -1 when it is something else. */
int settings_text(settings_reader *r, int t, const char *key, char **out);
/* settings_text, and missing (a message) when t[key] is absent. */
int settings_need_text(settings_reader *r, int t, const char *key, const char *missing, char **out);
/* t[key]: one text or a list of texts, appended to *out (count *count). */
int settings_text_list(settings_reader *r, int t, const char *key, char ***out, size_t *count);

#endif
