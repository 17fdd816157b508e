/*
 * rules_sandbox — see rules_sandbox.h.
 */
#include "rules_sandbox.h"

#include "base_interrupt.h"
#include "base_i18n.h"
#include "base_textwidth.h"
#include "rules_meter.h"
#include "rules_pattern.h"
#include "base_small_pool.h"

#include <lauxlib.h>
#include <limits.h>
#include <lualib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const sandbox_limits sandbox_limits_default = {
	.memory_bytes = (size_t)2 << 30,
	.rule_memory_bytes = (size_t)64 << 20,
	.rule_instructions = 20000000,
	.rule_seconds = 3,
	.rule_findings = 1000,
};

/* The hook fires every HOOK_STEP instructions: often enough to stop a loop
 * quickly, rarely enough to cost nothing measurable.  Once a rule holds a
 * long string, one instruction can take milliseconds (== of two 30 MiB
 * strings compares them byte by byte, a for loop whose limit is a long
 * numeric string converts it): then, or when an interval between two
 * hook calls was slow, the hook fires every PRECISE_STEP instructions, so
 * that the time limit is heard within a few of them. */
#define HOOK_STEP 1000
#define PRECISE_STEP 8
#define LONG_STRING (64u << 10)
#define SLOW_INTERVAL_NS 2000000LL /* 2 ms for HOOK_STEP instructions */

/* `load` compiles at most this much source, and a byte costs as much as
 * a few instructions (compiling is about 30 ns a byte). */
#define LOAD_MAX_BYTES (1u << 20)
#define LOAD_STEPS_PER_BYTE 4

/* Every block carries the owner it is charged to in front of it: eight
 * bytes, so blocks stay aligned for anything Lua stores (LUAI_MAXALIGN). */
#define HEADER 8

typedef struct header {
	uint32_t owner;
	uint32_t unused;
} header; /* sizeof (header) == HEADER */

/* Thread CPU time is a system call here (~0.4 µs); the monotonic clock is
 * not.  CPU time cannot run ahead of the monotonic clock, so the CPU clock
 * is read only when enough monotonic time has passed for the limit to be
 * possibly reached, and a reading is reused, as an upper bound, for up to
 * CPU_REFRESH_NS. */
#define CPU_REFRESH_NS 100000000LL

typedef struct clock_state {
	long long cpu, monotonic; /* the last reading of both clocks */
} clock_state;

typedef struct sandbox {
	size_t used, peak, limit;
	long spent;            /* steps charged to the running rule */
	long next_clock;       /* spent at which charging next looks at the clock */
	bool metering;
	const char *stop;      /* why the running rule is being stopped */
	char stop_message[256]; /* and the error it got */
	bool refused;          /* an allocation was refused, none has succeeded since */
	sandbox_limits limits;
	sandbox_line_observer observe;
	void *observe_context;
	int step; /* instructions between two hook calls */
	small_pool *pool; /* blocks up to SMALL_POOL_MAX bytes */
	lua_State *L;
	/* Memory by owner: what is alive of what each owner allocated. */
	unsigned owner;
	size_t *accounts;
	size_t account_count;
	size_t account_start; /* the running owner's account when its call began */
	/* Time: the running rule started at started_cpu (an upper bound) and
	 * cannot have used its time before the monotonic `deadline`. */
	clock_state clock;
	long long started_cpu, deadline, last_hook;
	sandbox_absent_key absent; /* see sandbox_on_absent_key */
} sandbox;

static const char key_view_mt = 0, key_base = 0;

static sandbox *get_sandbox(lua_State *L)
{
	return *(sandbox **)lua_getextraspace(L);
}

static void count_hook(lua_State *L, lua_Debug *ar);

/* ---- memory ---------------------------------------------------------------------- */

static void *raw_get(sandbox *s, size_t size)
{
	return size <= SMALL_POOL_MAX ? small_pool_get(s->pool, size) : malloc(size);
}

static void raw_put(sandbox *s, void *block, size_t size)
{
	if (size <= SMALL_POOL_MAX)
		small_pool_put(s->pool, block, size);
	else
		free(block);
}

/* Move a block to a new size where pool and malloc are different homes. */
static void *move_block(sandbox *s, void *ptr, size_t old, size_t nsize)
{
	void *p = raw_get(s, nsize);
	if (!p)
		return NULL;
	memcpy(p, ptr, old < nsize ? old : nsize);
	raw_put(s, ptr, old);
	return p;
}

/* Work a rule does by allocating (a string built, a table grown): a step
 * per METER_BYTES_PER_STEP bytes.  Raising is not allowed here: when the
 * budget is spent, the hook is made to fire at the next instruction. */
static void charge_allocation(sandbox *s, size_t bytes)
{
	long steps = (long)(bytes / METER_BYTES_PER_STEP);
	s->spent = s->spent > LONG_MAX - steps ? LONG_MAX : s->spent + steps;
	int step = s->spent > s->limits.rule_instructions ? 1
	           : bytes >= LONG_STRING                 ? PRECISE_STEP
	                                                  : s->step;
	if (step < s->step && s->L) {
		s->step = step;
		lua_sethook(s->L, count_hook, LUA_MASKCOUNT | (s->observe ? LUA_MASKLINE : 0), step);
	}
}

/* May the running owner have `more` bytes more?  A rule may add
 * rule_memory_bytes to what it held when its call began (that may include
 * garbage not yet collected: Lua does not collect before growing a
 * luaL_Buffer, so a limit on the account alone would fail a rule for its
 * own old garbage); what it keeps across calls run_rule checks. */
static bool allowed(sandbox *s, size_t state_growth, size_t more)
{
	if (s->used + state_growth > s->limit)
		return false;
	return !s->metering || !s->owner ||
	       s->accounts[s->owner] + more <= s->account_start + s->limits.rule_memory_bytes;
}

/* A block changing size (Lua's realloc): it becomes the running owner's. */
static void *resize(sandbox *s, header *h, size_t old, size_t nsize)
{
	size_t growth = nsize > old ? nsize - old : 0;
	unsigned was = h->owner;
	if (growth && !allowed(s, growth, was == s->owner ? growth : nsize)) {
		s->refused = true;
		return NULL; /* Lua collects garbage and asks once more */
	}
	header *p;
	size_t real = nsize + HEADER, real_old = old + HEADER;
	if (real_old <= SMALL_POOL_MAX && real <= SMALL_POOL_MAX && small_pool_same_class(real_old, real))
		p = h;
	else if (real_old > SMALL_POOL_MAX && real > SMALL_POOL_MAX)
		p = realloc(h, real);
	else
		p = move_block(s, h, real_old, real);
	if (!p) {
		if (nsize >= old)
			return NULL;
		p = h; /* Lua counts on a shrink never failing: keep the block */
	}
	s->refused = false;
	s->accounts[was] -= old;
	s->accounts[s->owner] += nsize;
	p->owner = s->owner;
	s->used = s->used - old + nsize;
	if (s->used > s->peak)
		s->peak = s->used;
	if (s->metering && growth)
		charge_allocation(s, growth);
	return p + 1;
}

static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	sandbox *s = ud;
	if (ptr) {
		header *h = (header *)ptr - 1;
		if (nsize)
			return resize(s, h, osize, nsize);
		s->used -= osize;
		s->accounts[h->owner] -= osize;
		raw_put(s, h, osize + HEADER); /* the free list writes over the header */
		return NULL;
	}
	/* A new block (osize is a type tag, not a size). */
	if (nsize == 0)
		return NULL;
	if (!allowed(s, nsize, nsize)) {
		s->refused = true;
		return NULL; /* Lua collects garbage and asks once more */
	}
	header *p = raw_get(s, nsize + HEADER);
	if (!p)
		return NULL;
	s->refused = false;
	p->owner = s->owner;
	s->accounts[s->owner] += nsize;
	s->used += nsize;
	if (s->used > s->peak)
		s->peak = s->used;
	if (s->metering)
		charge_allocation(s, nsize);
	return p + 1;
}

/* ---- time ------------------------------------------------------------------------ */

static long long read_clock(clockid_t id)
{
	struct timespec t;
	clock_gettime(id, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The thread's CPU time now, or an upper bound of it. */
static long long cpu_now(sandbox *s, long long monotonic)
{
	if (monotonic - s->clock.monotonic > CPU_REFRESH_NS) {
		s->clock.cpu = read_clock(CLOCK_THREAD_CPUTIME_ID);
		s->clock.monotonic = monotonic;
		return s->clock.cpu;
	}
	return s->clock.cpu + (monotonic - s->clock.monotonic);
}

static long long time_limit_ns(const sandbox *s)
{
	long seconds = s->limits.rule_seconds;
	return seconds > 0 && seconds < LLONG_MAX / 1000000000LL ? seconds * 1000000000LL : LLONG_MAX;
}

static void start_clock(sandbox *s)
{
	long long monotonic = read_clock(CLOCK_MONOTONIC), limit = time_limit_ns(s);
	s->started_cpu = cpu_now(s, monotonic);
	s->deadline = monotonic > LLONG_MAX - limit ? LLONG_MAX : monotonic + limit;
	s->last_hook = monotonic;
}

/* Has the running rule used its CPU time?  Reads the CPU clock only once
 * the monotonic clock says it might have. */
static bool out_of_time(sandbox *s, long long monotonic)
{
	if (monotonic < s->deadline)
		return false;
	s->clock.cpu = read_clock(CLOCK_THREAD_CPUTIME_ID);
	s->clock.monotonic = monotonic;
	long long used = s->clock.cpu - s->started_cpu, limit = time_limit_ns(s);
	if (used >= limit)
		return true;
	s->deadline = monotonic + (limit - used);
	return false;
}

/* ---- stopping a rule ------------------------------------------------------------- */

/* The rule is over a limit, or asked to stop: raise, and from now on
 * fail every instruction, so that no pcall or xpcall in the rule can
 * catch this and carry on (its message handler is not run either, see
 * safe_xpcall). */
static void stop_rule(lua_State *L, sandbox *s, const char *why)
{
	if (!s->stop)
		s->stop = why;
	s->step = 1;
	lua_sethook(L, count_hook, LUA_MASKCOUNT | (s->observe ? LUA_MASKLINE : 0), 1);
	if (!strcmp(s->stop, "interrupted"))
		snprintf(s->stop_message, sizeof s->stop_message, "%s", _("the check was interrupted"));
	else if (!strcmp(s->stop, "time"))
		snprintf(s->stop_message, sizeof s->stop_message,
		         _("time limit exceeded: one check used more than %ld s of CPU time (an endless loop, or slow operations on very long strings?)"),
		         s->limits.rule_seconds);
	else
		snprintf(s->stop_message, sizeof s->stop_message,
		         _("instruction budget exceeded: one check ran more than %ld instructions (an endless loop?)"),
		         s->limits.rule_instructions);
	luaL_error(L, "%s", s->stop_message);
}

/* Raise when the running rule must stop: a signal, its budget, its time. */
static void check_limits(lua_State *L, sandbox *s, long long monotonic)
{
	if (s->stop)
		stop_rule(L, s, s->stop);
	if (interrupt_signal())
		stop_rule(L, s, "interrupted");
	if (s->spent > s->limits.rule_instructions)
		stop_rule(L, s, "instructions");
	if (out_of_time(s, monotonic))
		stop_rule(L, s, "time");
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
	sandbox *s = get_sandbox(L);
	if (ar->event == LUA_HOOKLINE) {
		if (s->observe && lua_getinfo(L, "S", ar))
			s->observe(s->observe_context, ar->source, ar->currentline);
		return;
	}
	if (!s->metering)
		return;
	s->spent = s->spent > LONG_MAX - s->step ? LONG_MAX : s->spent + s->step;
	long long monotonic = read_clock(CLOCK_MONOTONIC);
	check_limits(L, s, monotonic);
	/* Instructions this slow do something long each: look more often. */
	if (s->step > PRECISE_STEP && monotonic - s->last_hook > SLOW_INTERVAL_NS) {
		s->step = PRECISE_STEP;
		lua_sethook(L, count_hook, LUA_MASKCOUNT | (s->observe ? LUA_MASKLINE : 0), s->step);
	}
	s->last_hook = monotonic;
}

void sandbox_charge(lua_State *L, unsigned long steps)
{
	sandbox *s = get_sandbox(L);
	if (!s->metering)
		return;
	long room = s->limits.rule_instructions - s->spent;
	s->spent = steps > (unsigned long)(room > 0 ? room : 0) ? s->limits.rule_instructions + 1
	                                                        : s->spent + (long)steps;
	if (s->stop || s->spent > s->limits.rule_instructions || interrupt_signal())
		check_limits(L, s, read_clock(CLOCK_MONOTONIC));
	if (s->spent >= s->next_clock) {
		/* The clock, every HOOK_STEP steps of work done in C. */
		s->next_clock = s->spent + HOOK_STEP;
		check_limits(L, s, read_clock(CLOCK_MONOTONIC));
	}
}

/* string.find and the other pattern functions charge their steps here. */
static void charge_pattern_steps(lua_State *L, void *context, unsigned long steps)
{
	(void)context;
	sandbox_charge(L, steps);
}

void sandbox_begin_rule(lua_State *L, unsigned owner)
{
	sandbox *s = get_sandbox(L);
	if (owner >= s->account_count) {
		size_t n = owner + 16;
		size_t *grown = realloc(s->accounts, n * sizeof *grown);
		if (!grown)
			abort();
		memset(grown + s->account_count, 0, (n - s->account_count) * sizeof *grown);
		s->accounts = grown;
		s->account_count = n;
	}
	s->owner = owner;
	s->account_start = s->accounts[owner];
	s->spent = 0;
	s->next_clock = HOOK_STEP;
	s->stop = NULL;
	s->refused = false;
	s->metering = true;
	/* The top level of a rule file (owner 0) may add rule_memory_bytes
	 * to what is in use; a rule, hold that much (its account). */
	size_t allowance = owner ? s->limits.memory_bytes : s->used + s->limits.rule_memory_bytes;
	s->limit = allowance < s->limits.memory_bytes ? allowance : s->limits.memory_bytes;
	s->step = s->limits.rule_instructions < HOOK_STEP ? (int)s->limits.rule_instructions : HOOK_STEP;
	if (s->step < 1)
		s->step = 1;
	start_clock(s);
	lua_sethook(L, count_hook, LUA_MASKCOUNT | (s->observe ? LUA_MASKLINE : 0), s->step);
}

void sandbox_end_rule(lua_State *L)
{
	sandbox *s = get_sandbox(L);
	s->metering = false;
	s->owner = 0;
	s->limit = s->limits.memory_bytes;
	if (s->observe)
		lua_sethook(L, count_hook, LUA_MASKLINE, 0);
	else
		lua_sethook(L, NULL, 0, 0);
}

void sandbox_data_begin(lua_State *L, sandbox_pause *pause)
{
	sandbox *s = get_sandbox(L);
	pause->owner = s->owner;
	pause->metering = s->metering;
	pause->cpu = read_clock(CLOCK_THREAD_CPUTIME_ID);
	s->owner = 0;
	s->metering = false;
	s->limit = s->limits.memory_bytes;
}

void sandbox_data_end(lua_State *L, const sandbox_pause *pause)
{
	sandbox *s = get_sandbox(L);
	s->owner = pause->owner;
	s->metering = pause->metering;
	/* The time the data took is not the rule's. */
	long long paused = read_clock(CLOCK_THREAD_CPUTIME_ID) - pause->cpu;
	s->started_cpu += paused;
	s->deadline = s->deadline > LLONG_MAX - paused ? LLONG_MAX : s->deadline + paused;
}

void sandbox_observe_lines(lua_State *L, sandbox_line_observer observe, void *context)
{
	sandbox *s = get_sandbox(L);
	s->observe = observe;
	s->observe_context = context;
	if (!s->metering)
		lua_sethook(L, observe ? count_hook : NULL, observe ? LUA_MASKLINE : 0, 0);
}

const char *sandbox_stop_reason(lua_State *L)
{
	return get_sandbox(L)->stop;
}

const char *sandbox_stop_message(lua_State *L)
{
	sandbox *s = get_sandbox(L);
	return s->stop ? s->stop_message : NULL;
}

const sandbox_limits *sandbox_limits_of(lua_State *L)
{
	return &get_sandbox(L)->limits;
}

bool sandbox_out_of_memory(lua_State *L)
{
	return get_sandbox(L)->refused;
}

size_t sandbox_memory_used(lua_State *L)
{
	return get_sandbox(L)->used;
}

size_t sandbox_memory_peak(lua_State *L)
{
	return get_sandbox(L)->peak;
}

size_t sandbox_memory_of(lua_State *L, unsigned owner)
{
	sandbox *s = get_sandbox(L);
	return owner < s->account_count ? s->accounts[owner] : 0;
}

unsigned sandbox_largest_owner(lua_State *L)
{
	sandbox *s = get_sandbox(L);
	unsigned largest = 0;
	size_t most = 0;
	for (unsigned i = 1; i < s->account_count; i++)
		if (s->accounts[i] > most) {
			most = s->accounts[i];
			largest = i;
		}
	return largest;
}

size_t sandbox_memory_limit(lua_State *L)
{
	return get_sandbox(L)->limits.memory_bytes;
}

/* ---- read-only views ---------------------------------------------------- */

/*
 * A view keeps its table under a hidden light-userdata key, and the table
 * keeps its view the same way: one lookup in a small table each, where a
 * registry map keyed by table would cost a hash of the table per read.
 * Rules cannot make these keys, and every walk of a table skips them.
 */
static const char key_real = 0, key_view = 0;

/* Push the real table behind the view at index, or nil. */
static void push_real(lua_State *L, int index)
{
	lua_rawgetp(L, index, &key_real);
}

void sandbox_push_view(lua_State *L, int index)
{
	index = lua_absindex(L, index);
	if (lua_type(L, index) != LUA_TTABLE) {
		lua_pushvalue(L, index);
		return;
	}
	if (lua_rawgetp(L, index, &key_view) == LUA_TTABLE)
		return;
	lua_pop(L, 1);
	lua_createtable(L, 0, 1); /* the view */
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_view_mt);
	lua_setmetatable(L, -2);
	lua_pushvalue(L, index);
	lua_rawsetp(L, -2, &key_real);
	lua_pushvalue(L, -1);
	lua_rawsetp(L, index, &key_view);
}

bool sandbox_unwrap(lua_State *L, int index)
{
	index = lua_absindex(L, index);
	if (lua_type(L, index) == LUA_TTABLE) {
		push_real(L, index);
		if (!lua_isnil(L, -1))
			return true;
		lua_pop(L, 1);
	}
	lua_pushvalue(L, index);
	return false;
}


void sandbox_reset_views(lua_State *L)
{
	/* Views live and die with their tables: nothing to reset. */
	(void)L;
}

static int view_index(lua_State *L)
{
	push_real(L, 1);
	if (!lua_istable(L, -1))
		return 0;
	if (lua_type(L, 2) == LUA_TLIGHTUSERDATA)
		return 0; /* the loader's hidden keys are not data */
	lua_pushvalue(L, 2);
	int type = lua_rawget(L, -2);
	if (type == LUA_TNIL && get_sandbox(L)->absent)
		get_sandbox(L)->absent(L, lua_absindex(L, -2), 2);
	if (type == LUA_TTABLE)
		sandbox_push_view(L, -1);
	return 1;
}

void sandbox_on_absent_key(lua_State *L, sandbox_absent_key hook)
{
	get_sandbox(L)->absent = hook;
}

static int view_newindex(lua_State *L)
{
	return luaL_error(L, _("read-only data: a rule cannot change the report or its parameters (field %s); keep computed values in local variables"),
	                  luaL_tolstring(L, 2, NULL));
}

static int view_len(lua_State *L)
{
	push_real(L, 1);
	lua_pushinteger(L, lua_istable(L, -1) ? (lua_Integer)lua_rawlen(L, -1) : 0);
	return 1;
}

/* next() over the real table, skipping hidden keys, wrapping tables. */
static int view_next(lua_State *L)
{
	lua_settop(L, 2);
	push_real(L, 1);
	if (!lua_istable(L, -1))
		return 0;
	lua_pushvalue(L, 2);
	while (lua_next(L, 3)) {
		if (lua_type(L, -2) == LUA_TLIGHTUSERDATA) {
			lua_pop(L, 1);
			continue;
		}
		if (lua_istable(L, -1)) {
			sandbox_push_view(L, -1);
			lua_remove(L, -2);
		}
		return 2;
	}
	return 0;
}

static int view_pairs(lua_State *L)
{
	lua_pushcfunction(L, view_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

static bool is_view(lua_State *L, int index)
{
	if (lua_type(L, index) != LUA_TTABLE)
		return false;
	push_real(L, index);
	bool v = !lua_isnil(L, -1);
	lua_pop(L, 1);
	return v;
}

/* ---- the safe base library ------------------------------------------------ */

static int safe_next(lua_State *L)
{
	if (is_view(L, 1))
		return view_next(L);
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	return lua_next(L, 1) ? 2 : (lua_pushnil(L), 1);
}

static int safe_rawget(lua_State *L)
{
	if (is_view(L, 1))
		return view_index(L);
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checkany(L, 2);
	lua_settop(L, 2);
	lua_rawget(L, 1);
	return 1;
}

static int safe_rawset(lua_State *L)
{
	if (is_view(L, 1))
		return view_newindex(L);
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checkany(L, 2);
	luaL_checkany(L, 3);
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 1;
}

static int safe_rawlen(lua_State *L)
{
	if (is_view(L, 1))
		return view_len(L);
	int t = lua_type(L, 1);
	luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TSTRING, 1, "table or string");
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, 1));
	return 1;
}

static int safe_print(lua_State *L)
{
	/* Rule authors debug with print; it goes to stderr so that it never
	 * corrupts a machine-readable report on stdout. */
	int n = lua_gettop(L);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addstring(&b, "pevcheck: print: ");
	for (int i = 1; i <= n; i++) {
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
		if (i < n)
			luaL_addchar(&b, '\t');
	}
	luaL_addchar(&b, '\n');
	luaL_pushresult(&b);
	/* What a rule prints is often report data: shown with its control
	 * characters escaped, so that it cannot drive the terminal. */
	sandbox_charge(L, lua_rawlen(L, -1) / METER_BYTES_PER_STEP);
	char *shown = text_visible(lua_tostring(L, -1), true);
	fputs(shown ? shown : "pevcheck: print: (out of memory)\n", stderr);
	free(shown);
	return 0;
}

/* setmetatable without finalizers: a __gc function runs whenever the
 * collector gets to it, outside any rule's budget and in another rule's
 * name, so rules may not set one. */
static int safe_setmetatable(lua_State *L)
{
	int t = lua_type(L, 2);
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	bool finalizer = false;
	if (t == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		finalizer = lua_rawget(L, 2) != LUA_TNIL;
		lua_pop(L, 1);
	}
	if (finalizer)
		return luaL_error(L, _("__gc (finalizers) is not allowed in the sandbox: it would run at any moment, under another rule's name"));
	lua_settop(L, 2);
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return luaL_error(L, "cannot change a protected metatable");
	lua_setmetatable(L, 1);
	return 1;
}

static int safe_collectgarbage(lua_State *L)
{
	const char *opt = luaL_optstring(L, 1, "collect");
	if (strcmp(opt, "count") != 0)
		return luaL_error(L, _("collectgarbage(\"%s\") is not allowed in the sandbox: only \"count\" is supported"), opt);
	lua_pushnumber(L, (lua_Number)get_sandbox(L)->used / 1024.0);
	return 1;
}

/* The message handler xpcall gives Lua: the rule's handler, unless the
 * rule is being stopped.  A handler runs where the error was raised, and
 * the budget's error is raised inside the count hook, where Lua has
 * turned hooks off: the rule's handler would run unmetered there (one ran
 * 400 M instructions, 20 times the budget).  So once the rule is stopped
 * the error goes on as it is. */
static int guarded_handler(lua_State *L)
{
	if (get_sandbox(L)->stop)
		return 1;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* xpcall(f, msgh, ...) with msgh guarded. */
static int safe_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushboolean(L, 1); /* the first result, if no errors */
	lua_pushvalue(L, 1);
	lua_rotate(L, 3, 2);   /* f, msgh, true, f, args... */
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, guarded_handler, 1);
	lua_replace(L, 2);
	if (lua_pcall(L, n - 2, LUA_MULTRET, 2) != LUA_OK) {
		lua_pushboolean(L, 0);
		lua_pushvalue(L, -2);
		return 2;
	}
	return lua_gettop(L) - 2;
}

static const char key_current_env = 0;

static int safe_load(lua_State *L)
{
	size_t len;
	if (lua_type(L, 1) != LUA_TSTRING)
		return luaL_error(L, _("load in the sandbox only takes source code (a string)"));
	const char *text = lua_tolstring(L, 1, &len);
	if (len > LOAD_MAX_BYTES)
		return luaL_error(L, _("load in the sandbox takes at most %d bytes of source code (this is %I bytes)"),
		                  (int)LOAD_MAX_BYTES, (lua_Integer)len);
	/* Compiling is work the count hook does not see. */
	sandbox_charge(L, (unsigned long)len * LOAD_STEPS_PER_BYTE);
	const char *name = luaL_optstring(L, 2, "=(load)");
	const char *mode = luaL_optstring(L, 3, "t");
	if (!strchr(mode, 't'))
		return luaL_error(L, _("binary chunks cannot be loaded in the sandbox (mode \"%s\")"), mode);
	lua_settop(L, 4);
	/* With no environment given, the chunk shares the _ENV cell of the
	 * code that loads it (sandbox_share_env), so its globals are that
	 * code's: per report while a rule checks one. */
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_current_env); /* 5 */
	bool share = lua_isnil(L, 4) && lua_type(L, 5) == LUA_TFUNCTION;
	if (lua_isnil(L, 4)) /* 6: the environment to bind */
		sandbox_push_base(L);
	else
		lua_pushvalue(L, 4);
	if (sandbox_load(L, text, len, name, lua_gettop(L)) != LUA_OK) {
		lua_pushnil(L);
		lua_insert(L, -2);
		return 2;
	}
	if (share)
		lua_upvaluejoin(L, -1, 1, 5, 1);
	return 1;
}

int sandbox_load(lua_State *L, const char *text, size_t length, const char *chunkname,
                 int env_index)
{
	env_index = lua_absindex(L, env_index);
	/* A binary chunk starts with ESC; "t" mode refuses it in the loader
	 * itself, before any of it is interpreted. */
	int status = luaL_loadbufferx(L, text, length, chunkname, "t");
	if (status == LUA_OK)
		sandbox_bind_env(L, env_index);
	return status;
}

void sandbox_bind_env(lua_State *L, int env_index)
{
	lua_pushvalue(L, env_index);
	if (!lua_setupvalue(L, -2, 1))
		lua_pop(L, 1);
}

static int blocked(lua_State *L)
{
	return luaL_error(L, _("%s is not allowed in the sandbox: rules may only read the report data and "
	                       "report findings and deductions, not reach files, the network, the system or "
	                       "the debug interface"),
	                  lua_tostring(L, lua_upvalueindex(1)));
}

static void push_blocked(lua_State *L, const char *name)
{
	lua_pushstring(L, name);
	lua_pushcclosure(L, blocked, 1);
}

static int blocked_library_index(lua_State *L)
{
	const char *lib = lua_tostring(L, lua_upvalueindex(1));
	const char *field = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
	return luaL_error(L, _("%s.%s is not allowed in the sandbox: rules may only read the report data "
	                       "and report findings and deductions, not reach files, the network, the "
	                       "system or the debug interface"),
	                  lib, field);
}

/* A stand-in for a library rules may not have: any field access raises. */
static void push_blocked_library(lua_State *L, const char *name)
{
	lua_newtable(L);
	lua_newtable(L);
	lua_pushstring(L, name);
	lua_pushcclosure(L, blocked_library_index, 1);
	lua_setfield(L, -2, "__index");
	lua_pushstring(L, name);
	lua_pushcclosure(L, blocked_library_index, 1);
	lua_setfield(L, -2, "__newindex");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
}

static int frozen_newindex(lua_State *L)
{
	return luaL_error(L, _("the standard library is read-only; rules cannot change it (%s)"), luaL_tolstring(L, 2, NULL));
}

/* A read-only copy of the library at the top of the stack, without the
 * names in `drop` (those become stubs).  Replaces the top of the stack. */
static void freeze_library(lua_State *L, const char *libname, const char *const *drop)
{
	int lib = lua_gettop(L);
	lua_newtable(L); /* the copy */
	int copy = lib + 1;
	lua_pushnil(L);
	while (lua_next(L, lib)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, copy);
	}
	for (; drop && *drop; drop++) {
		char name[64];
		snprintf(name, sizeof name, "%s.%s", libname, *drop);
		push_blocked(L, name);
		lua_setfield(L, copy, *drop);
	}
	lua_newtable(L); /* the face rules see */
	lua_newtable(L);
	lua_pushvalue(L, copy);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, frozen_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	/* Methods on strings ("x"):upper() must see the filtered copy too. */
	if (strcmp(libname, "string") == 0) {
		lua_pushliteral(L, "");
		lua_getmetatable(L, -1);
		lua_pushvalue(L, copy);
		lua_setfield(L, -2, "__index");
		lua_pushliteral(L, "locked");
		lua_setfield(L, -2, "__metatable");
		lua_pop(L, 2);
	}
	lua_replace(L, lib);
	lua_settop(L, lib);
}

void sandbox_push_base(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_base);
}

void sandbox_register(lua_State *L, const char *name, lua_CFunction f)
{
	sandbox_push_base(L);
	lua_pushcfunction(L, f);
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
}

static void build_base(lua_State *L)
{
	luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
	lua_pop(L, 1);
	int g = lua_gettop(L) + 1;
	lua_pushglobaltable(L);
	lua_newtable(L); /* base */
	int base = g + 1;
	static const char *const allowed[] = { "assert", "error", "ipairs", "pairs", "select",
		                               "tonumber", "tostring", "type", "pcall",
		                               "rawequal", "getmetatable", "_VERSION", NULL };
	for (const char *const *p = allowed; *p; p++) {
		lua_getfield(L, g, *p);
		lua_setfield(L, base, *p);
	}
	static const luaL_Reg wrapped[] = {
		{ "next", safe_next },       { "rawget", safe_rawget },
		{ "rawset", safe_rawset },   { "rawlen", safe_rawlen },
		{ "print", safe_print },     { "collectgarbage", safe_collectgarbage },
		{ "load", safe_load },       { "setmetatable", safe_setmetatable },
		{ "xpcall", safe_xpcall },
		{ NULL, NULL },
	};
	for (const luaL_Reg *r = wrapped; r->name; r++) {
		lua_pushcfunction(L, r->func);
		lua_setfield(L, base, r->name);
	}
	meter_install(L, base, "_G", sandbox_charge);
	static const char *const blocked_functions[] = { "dofile", "loadfile", "loadstring",
		                                         "require", NULL };
	for (const char *const *p = blocked_functions; *p; p++) {
		push_blocked(L, *p);
		lua_setfield(L, base, *p);
	}
	static const char *const blocked_libraries[] = { "os", "io", "debug", "package",
		                                         "coroutine", NULL };
	for (const char *const *p = blocked_libraries; *p; p++) {
		push_blocked_library(L, *p);
		lua_setfield(L, base, *p);
	}

	static const char *const string_drop[] = { "dump", NULL };
	static const char *const math_drop[] = { "random", "randomseed", NULL };
	static const struct {
		const char *name;
		lua_CFunction open;
		const char *const *drop;
	} libraries[] = {
		{ LUA_STRLIBNAME, luaopen_string, string_drop },
		{ LUA_TABLIBNAME, luaopen_table, NULL },
		{ LUA_MATHLIBNAME, luaopen_math, math_drop },
		{ LUA_UTF8LIBNAME, luaopen_utf8, NULL },
	};
	for (size_t i = 0; i < sizeof libraries / sizeof *libraries; i++) {
		luaL_requiref(L, libraries[i].name, libraries[i].open, 0);
		if (libraries[i].open == luaopen_string) {
			pattern_install(L, -1, charge_pattern_steps, NULL);
			meter_install_string_metamethods(L, sandbox_charge);
		}
		meter_install(L, -1, libraries[i].name, sandbox_charge);
		freeze_library(L, libraries[i].name, libraries[i].drop);
		lua_setfield(L, base, libraries[i].name);
	}
	/* Rules read globals through this table; it must not change under
	 * them, so it is itself only reachable read-only (see rules.c). */
	lua_pushvalue(L, base);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_base);
	lua_settop(L, g - 1);
}

static void build_views(lua_State *L)
{
	lua_newtable(L);
	lua_pushcfunction(L, view_index);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, view_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, view_len);
	lua_setfield(L, -2, "__len");
	lua_pushcfunction(L, view_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushstring(L, _("read-only report data"));
	lua_setfield(L, -2, "__metatable");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_view_mt);

}

static int build_protected(lua_State *L)
{
	build_base(L);
	build_views(L);
	return 0;
}

lua_State *sandbox_new(const sandbox_limits *limits)
{
	sandbox *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->limits = limits ? *limits : sandbox_limits_default;
	s->limit = s->limits.memory_bytes;
	s->clock.monotonic = LLONG_MIN / 2; /* no reading yet */
	s->account_count = 16;
	s->accounts = calloc(s->account_count, sizeof *s->accounts);
	s->pool = s->accounts ? small_pool_new() : NULL;
	lua_State *L = s->pool ? lua_newstate(sandbox_alloc, s) : NULL;
	if (!L) {
		small_pool_free(s->pool);
		free(s->accounts);
		free(s);
		return NULL;
	}
	*(sandbox **)lua_getextraspace(L) = s;
	s->L = L;
	/* Generational collection suits a state that builds one report's
	 * tables, drops them, and builds the next. */
	lua_gc(L, LUA_GCGEN, 0, 0);
	lua_pushcfunction(L, build_protected);
	if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
		sandbox_close(L);
		return NULL;
	}
	return L;
}

void sandbox_close(lua_State *L)
{
	if (!L)
		return;
	sandbox *s = get_sandbox(L);
	lua_close(L);
	small_pool_free(s->pool);
	free(s->accounts);
	free(s);
}

void sandbox_share_env(lua_State *L, int index)
{
	lua_pushvalue(L, index);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_current_env);
}
