/*
 * chunk_cache — rule files compiled once.
 *
 * Compiling the rule set is most of what a one-file check costs, and a
 * module in lib/ is compiled again for every rule file that requires it.
 * The cache keeps each file's Lua bytecode (lua_dump, with line
 * information) beside the exact source it was compiled from: in memory
 * for the life of a rule set, and on disk across runs.  A cached chunk
 * is used only when the source read now is byte for byte the source it
 * was compiled from; anything else is compiled from source again.
 *
 * Bytecode is trusted input to Lua (lua_load does not verify it), so the
 * disk cache is read only from a directory and files owned by the user
 * running pevcheck and writable by nobody else.  The cache is an
 * optimisation: when it cannot be read or written, pevcheck compiles
 * from source and says nothing.
 *
 * Where: $PEVCHECK_CACHE_DIR, else $XDG_CACHE_HOME/pevcheck, else
 * ~/.cache/pevcheck.  PEVCHECK_CACHE=off (or chunk_cache_disable_disk,
 * pevcheck --no-cache) keeps everything in memory.
 */
#ifndef PEVCHECK_CHUNK_CACHE_H
#define PEVCHECK_CHUNK_CACHE_H

#include <lua.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct chunk_cache chunk_cache;

/* A cache for one rule set (one Lua state): never NULL (aborts when out
 * of memory, like the rest of the core's small allocations). */
chunk_cache *chunk_cache_new(void);
void chunk_cache_free(chunk_cache *cache);

/* Push the function compiled from `text` (a rule file or module named
 * `chunkname`, "@path") with upvalue 1 (_ENV) set to the table at
 * `env_index`, like sandbox_load.  Returns LUA_OK, or a lua_load status
 * with the message pushed (syntax errors are never cached). */
int chunk_cache_load(chunk_cache *cache, lua_State *L, const char *text, size_t length,
                     const char *chunkname, int env_index);

/* The run's choice: no disk cache for this process (--no-cache). */
void chunk_cache_disable_disk(void);
/* The disk cache directory this process would use, or NULL when off. */
const char *chunk_cache_dir(void);

#endif
