/*
 * rules_chunk_cache — rule files compiled once.
 *
 * Compiling the rule set was most of what a one-file check cost.  The
 * cache keeps each rule file's and module's Lua bytecode (lua_dump, with
 * line information) on disk, beside the exact source it was compiled
 * from, and uses it only when the source read now is byte for byte that
 * source; anything else is compiled again.  (Within a run each file is
 * loaded once: rules.c keeps a module's compiled chunk for every rule
 * file that requires it, so nothing is kept here in memory.)
 *
 * Bytecode is trusted input to Lua (lua_load does not verify it), so the
 * disk cache is read only from a directory and files owned by the user
 * running pevcheck and writable by nobody else.  The cache is an
 * optimisation: when it cannot be read or written, pevcheck compiles
 * from source and says nothing.
 *
 * Where: $PEVCHECK_CACHE_DIR, else $XDG_CACHE_HOME/pevcheck, else
 * ~/.cache/pevcheck.  PEVCHECK_CACHE=off (or chunk_cache_disable_disk,
 * pevcheck --no-cache) compiles every file from source.
 */
#ifndef PEVCHECK_RULES_CHUNK_CACHE_H
#define PEVCHECK_RULES_CHUNK_CACHE_H

#include <lua.h>
#include <stdbool.h>
#include <stddef.h>

/* Push the function compiled from `text` (a rule file or module named
 * `chunkname`, "@path") with upvalue 1 (_ENV) set to the table at
 * `env_index`, like sandbox_load.  Returns LUA_OK, or a lua_load status
 * with the message pushed (syntax errors are never cached). */
int chunk_cache_load(lua_State *L, const char *text, size_t length, const char *chunkname,
                     int env_index);

/* The run's choice: no disk cache for this process (--no-cache). */
void chunk_cache_disable_disk(void);
/* The disk cache directory this process would use, or NULL when off. */
const char *chunk_cache_dir(void);

#endif
