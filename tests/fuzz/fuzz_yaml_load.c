/*
 * fuzz_yaml_load — libFuzzer target for the YAML loader (load_yaml.h).
 *
 * Every input is loaded as a whole stream, document after document, into
 * one sandboxed Lua state created once (as the engine does), and what was
 * built is walked: every table must carry a node id inside the positions
 * tree, every finding must have a rule and a message, and the loader must
 * come to an end.  A violated invariant aborts, so libFuzzer keeps the input.
 *
 *   make -f Makefile -f tests/fuzz/fuzz.mk fuzz
 *   build/fuzz/fuzz_yaml_load tests/fuzz/corpus/fuzz_yaml_load
 */
#include <lauxlib.h>
#include <lua.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_positions.h"
#include "run_result.h"
#include "rules_sandbox.h"
#include "load_yaml.h"

static lua_State *state;
static pos_tree positions;

#define REQUIRE(cond)                                                                     \
	do {                                                                              \
		if (!(cond)) {                                                            \
			fprintf(stderr, "fuzz_yaml_load: invariant failed: %s (%s:%d)\n", \
			        #cond, __FILE__, __LINE__);                               \
			abort();                                                          \
		}                                                                         \
	} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	state = sandbox_new(NULL);
	if (!state) {
		fprintf(stderr, "fuzz_yaml_load: cannot create the Lua state\n");
		exit(1);
	}
	pos_tree_init(&positions);
	return 0;
}

/* The node id a loaded table keeps under its hidden key, or -1. */
static long long node_of(lua_State *L, int t)
{
	lua_pushlightuserdata(L, (void *)&yload_node_key);
	lua_rawget(L, t);
	long long id = lua_isinteger(L, -1) ? (long long)lua_tointeger(L, -1) : -1;
	lua_pop(L, 1);
	return id;
}

/*
 * Walk the value at the top of the stack breadth-first, each table once
 * (aliases share tables and may even make cycles), checking node ids and
 * printing each node's data path as a finding would.
 */
static void walk(lua_State *L, const pos_tree *pos)
{
	int base = lua_gettop(L);
	if (!lua_istable(L, base))
		return;
	lua_newtable(L); /* visited set, base + 1 */
	lua_newtable(L); /* queue, base + 2 */
	int visited = base + 1, queue = base + 2;
	lua_Integer head = 1, tail = 0;
	lua_pushvalue(L, base);
	lua_rawseti(L, queue, ++tail);
	while (head <= tail) {
		lua_rawgeti(L, queue, head);
		lua_pushnil(L);
		lua_rawseti(L, queue, head++);
		int t = lua_gettop(L);
		lua_pushvalue(L, t);
		if (lua_rawget(L, visited) != LUA_TNIL) {
			lua_settop(L, t - 1);
			continue;
		}
		lua_pop(L, 1);
		lua_pushvalue(L, t);
		lua_pushboolean(L, 1);
		lua_rawset(L, visited);

		long long id = node_of(L, t);
		REQUIRE(id >= 0 && (size_t)id < pos->count);
		char path[256];
		size_t n = pos_path(pos, (int32_t)id, path, sizeof path);
		REQUIRE(strlen(path) == (n < sizeof path ? n : sizeof path - 1));
		const pos_node *node = &pos->nodes[id];
		REQUIRE(node->kind == POS_MAPPING || node->kind == POS_SEQUENCE);
		REQUIRE(node->line >= 1 && node->column >= 1);

		lua_pushnil(L);
		while (lua_next(L, t)) {
			int kt = lua_type(L, -2);
			/* Keys are strings (mappings), integers (sequences) or the
			 * hidden node key. */
			REQUIRE(kt == LUA_TSTRING || kt == LUA_TNUMBER || kt == LUA_TLIGHTUSERDATA);
			if (lua_istable(L, -1))
				lua_rawseti(L, queue, ++tail);
			else
				lua_pop(L, 1);
		}
		lua_settop(L, t - 1);
	}
	lua_settop(L, base);
}

static void check_findings(const doc_result *r)
{
	for (size_t i = 0; i < r->finding_count; i++) {
		const finding *f = &r->findings[i];
		REQUIRE(f->rule && f->message);
		REQUIRE(f->line >= 0 && f->column >= 0);
		REQUIRE(f->severity <= SEV_ERROR);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lua_State *L = state;
	yload ld;
	if (yload_open_buffer(&ld, (const char *)data, size, NULL) != 0)
		return 0;
	int top = lua_gettop(L);
	/* Every document takes at least one byte ("---" takes three), so a
	 * loader that keeps returning documents past this has lost its way. */
	size_t bound = size + 2;
	size_t documents = 0;
	for (;;) {
		doc_result *r = result_new("fuzz.yaml", 0);
		REQUIRE(r != NULL);
		int got = yload_next(&ld, L, &positions, r);
		REQUIRE(got == 0 || got == 1);
		REQUIRE(lua_gettop(L) == top + got);
		check_findings(r);
		if (got == 1) {
			documents++;
			REQUIRE(documents <= bound);
			walk(L, &positions);
			(void)yload_more(&ld);
		}
		lua_settop(L, top);
		result_free(r);
		if (got == 0)
			break;
	}
	yload_close(&ld);
	/* Free this input's tables now: libFuzzer runs a leak check after any
	 * input that leaves more allocations than it freed, and garbage the
	 * collector has not reached yet would trigger one every time. */
	lua_gc(L, LUA_GCCOLLECT);
	return 0;
}
