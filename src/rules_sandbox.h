/*
 * rules_sandbox — a Lua state that rule scripts cannot escape or exhaust.
 *
 * Memory: every allocation goes through a counting allocator with a ceiling
 * for the state, and an account per owner (a rule): what it allocated that
 * is still alive, across calls; one call may add rule_memory_bytes to it.  Work: a
 * count hook charges instructions against a per-call budget; C code that
 * loops (the library, rules_meter.h; the pattern matcher; allocation;
 * load) charges the same budget in instructions' worth; and the call's
 * CPU time has a limit, for what no count sees.  Once a limit is reached
 * the hook fires on every instruction, so a pcall inside the rule cannot
 * swallow the error (the way Redis stops a script), and xpcall's message
 * handler does not run.
 *
 * The base environment is an allow-list: the safe parts of the base library
 * and read-only views of string, table, math and utf8.  os, io, debug,
 * package, dofile, loadfile, string.dump and the rest are stubs that raise
 * "沙箱中不允许使用 NAME" so the author learns what happened.  load takes text
 * only.  The string metatable is locked.
 *
 * Read-only views: sandbox_push_view() wraps a table in an empty proxy whose
 * reads are forwarded (nested tables wrapped in turn, lazily) and whose
 * writes raise.  This is how rules get the report without being able to
 * change what the next rule reads.
 *
 * Knows nothing about reports or rules.
 */
#ifndef PEVCHECK_RULES_SANDBOX_H
#define PEVCHECK_RULES_SANDBOX_H

#include <lua.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct sandbox_limits {
	size_t memory_bytes;      /* ceiling for the whole state */
	/* What one rule call may add to what the rule holds (its account:
	 * what it allocated that is still alive), and what the top level of a
	 * rule file may add while it loads.  What a rule may keep from one
	 * call to the next (a file-level table it fills) the rule runtime
	 * holds to the same figure. */
	size_t rule_memory_bytes;
	/* Budget of one rule call in steps: a Lua instruction, or work done in
	 * C (a byte allocated, scanned or compiled, an element moved) counted
	 * in instructions' worth (rules_meter.h). */
	long rule_instructions;
	long rule_seconds;        /* CPU time of one rule call */
	/* Findings and deductions one rule may report on one report.  The
	 * sandbox does not count them (they live outside the Lua state, so
	 * the memory ceiling does not see them); the rule runtime does. */
	long rule_findings;
} sandbox_limits;

extern const sandbox_limits sandbox_limits_default;

/* A new state with the sandbox installed; NULL when out of memory. */
lua_State *sandbox_new(const sandbox_limits *limits);
void sandbox_close(lua_State *L);

/* Push the shared base environment (read-only: a rule's own globals live in
 * a table whose __index is this). */
void sandbox_push_base(lua_State *L);
/* Add a function to the base environment (the rule API). */
void sandbox_register(lua_State *L, const char *name, lua_CFunction f);

/* Start metering one rule call: the budget, the time limit and the memory
 * limit apply until sandbox_end_rule().  What it allocates is charged to
 * `owner` (1, 2, ...: say, one per rule), whose account lasts across calls;
 * owner 0 is the top level of a rule file loading, which may add
 * rule_memory_bytes to what is in use. */
void sandbox_begin_rule(lua_State *L, unsigned owner);
void sandbox_end_rule(lua_State *L);
/* Why the current rule was stopped, or NULL: "instructions", "time" or
 * "interrupted" (SIGINT, SIGTERM). */
const char *sandbox_stop_reason(lua_State *L);
/* The error the stopped rule got ("instruction budget exceeded ..."), or
 * NULL. */
const char *sandbox_stop_message(lua_State *L);
const sandbox_limits *sandbox_limits_of(lua_State *L);
/* Was an allocation refused (the rule's memory limit, or the state's) and
 * none made since? */
bool sandbox_out_of_memory(lua_State *L);
/* Charge work done in C to the running rule, in steps; raises (a Lua
 * error) when the rule is over its budget or time, or SIGINT or SIGTERM
 * arrived.  Nothing happens outside a rule call.  Every loop a rule can
 * make C code run charges here. */
void sandbox_charge(lua_State *L, unsigned long steps);

/* Work done for the data, not by the rule (previous() loading a report):
 * between these, nothing is charged to the rule, neither memory nor
 * steps nor time. */
typedef struct sandbox_pause {
	unsigned owner;
	bool metering;
	long long cpu;
} sandbox_pause;
void sandbox_data_begin(lua_State *L, sandbox_pause *pause);
void sandbox_data_end(lua_State *L, const sandbox_pause *pause);

size_t sandbox_memory_used(lua_State *L);
size_t sandbox_memory_peak(lua_State *L);
size_t sandbox_memory_limit(lua_State *L);
/* Bytes an owner allocated that are still alive (garbage included until
 * it is collected). */
size_t sandbox_memory_of(lua_State *L, unsigned owner);
/* The owner other than 0 holding the most memory; 0 when none holds any. */
unsigned sandbox_largest_owner(lua_State *L);

/* Read-only views.  Views of the same table are cached until the next
 * sandbox_reset_views(), so `r.budget == r.budget` holds. */
void sandbox_push_view(lua_State *L, int index);
/* The table behind a view at index, pushed; pushes the value itself when it
 * is not a view.  Returns true for a view. */
bool sandbox_unwrap(lua_State *L, int index);
void sandbox_reset_views(lua_State *L);
/* Called when a view is read at a key its table does not have (`table`
 * and `key` are stack indexes: the real table, the key); it may raise an
 * error saying the key cannot exist there.  NULL: such reads give nil. */
typedef void (*sandbox_absent_key)(lua_State *L, int table, int key);
void sandbox_on_absent_key(lua_State *L, sandbox_absent_key hook);

/* Call `observe` for every line any chunk runs (the rule test coverage);
 * NULL stops it.  Costs a hook call per line, so `check` never sets it. */
typedef void (*sandbox_line_observer)(void *context, const char *source, int line);
void sandbox_observe_lines(lua_State *L, sandbox_line_observer observe, void *context);

/* The _ENV `load` gives chunks by default: the one of the Lua function at
 * index (its upvalue 1, shared: a chunk loaded by a rule file sees the
 * globals the file's own functions see, whatever they are later set to);
 * nil: a new upvalue holding the base. */
void sandbox_share_env(lua_State *L, int index);

/* A chunk loaded as text only (never binary), with env as its _ENV. */
int sandbox_load(lua_State *L, const char *text, size_t length, const char *chunkname,
                 int env_index);
/* Give the chunk on top of the stack the table at env_index (an absolute
 * index) as its _ENV. */
void sandbox_bind_env(lua_State *L, int env_index);

#endif
