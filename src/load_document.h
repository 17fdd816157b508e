/*
 * load_document — one YAML file that is not a report (ruleset.yaml,
 * .pevcheck.yaml): its first document pushed onto a Lua stack, or why it
 * could not be, as "file: why" or "file:line: what".
 */
#ifndef PEVCHECK_LOAD_DOCUMENT_H
#define PEVCHECK_LOAD_DOCUMENT_H

#include <lua.h>
#include <stddef.h>

#include "load_positions.h"

/* Push the first document of the file at path (a table, another value, or
 * nil when the file holds none), its node positions in pos.  Returns 0, or
 * -1 with the error in error and nothing pushed. */
int load_document(lua_State *L, const char *path, pos_tree *pos, char *error, size_t error_size);

#endif
