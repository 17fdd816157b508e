/*
 * Unit tests for positions.c: building the node tree, finding children by
 * key and index, resolving data paths and spelling them out again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "load_positions.h"

static int setup(void **state)
{
	pos_tree *t = malloc(sizeof *t);
	if (t == NULL)
		return -1;
	pos_tree_init(t);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	pos_tree_free(*state);
	free(*state);
	return 0;
}

static int32_t add_key(pos_tree *t, int32_t parent, enum pos_kind kind, uint32_t line,
                       uint32_t column, const char *key)
{
	int32_t id = pos_add(t, parent, kind, line, column, key, strlen(key), -1);
	assert_true(id >= 0);
	return id;
}

static int32_t add_item(pos_tree *t, int32_t parent, enum pos_kind kind, uint32_t line,
                        uint32_t column, int32_t index)
{
	int32_t id = pos_add(t, parent, kind, line, column, NULL, 0, index);
	assert_true(id >= 0);
	return id;
}

static void assert_path(const pos_tree *t, int32_t node, const char *expected)
{
	char buf[256];
	size_t len = pos_path(t, node, buf, sizeof buf);
	assert_string_equal(buf, expected);
	assert_int_equal(len, strlen(expected));
}

/* Resolves a path that must exist completely; returns its node. */
static int32_t resolve(const pos_tree *t, const char *path)
{
	int complete = -1;
	int32_t node = pos_resolve(t, path, &complete);
	if (complete != 1)
		fail_msg("\"%s\" did not resolve completely (stopped at node %d)", path, node);
	return node;
}

/*
 * The shape of the report's scoring table, as the loader would record it:
 *
 *   pev: 1                                   line 1
 *   scores:                                  line 2
 *     total: 94.57                           line 3
 *     indicators:                            line 4
 *       - name: 履职效能                      line 5
 *         score: 45.07                       line 6
 *       - name: 管理效率                      line 7
 *         children:                          line 8
 *           - {name: c0, score: 3}           lines 9..14, score at column 24
 *           ...
 */
typedef struct report_tree {
	int32_t root, pev, scores, total, indicators, first, first_name, first_score, second,
		children, child[6], child_score[6];
} report_tree;

static report_tree build_report(pos_tree *t)
{
	report_tree n;
	/* The root has neither key nor index. */
	n.root = pos_add(t, -1, POS_MAPPING, 1, 1, NULL, 0, -1);
	assert_int_equal(n.root, 0);
	n.pev = add_key(t, n.root, POS_SCALAR, 1, 1, "pev");
	n.scores = add_key(t, n.root, POS_MAPPING, 2, 1, "scores");
	n.total = add_key(t, n.scores, POS_SCALAR, 3, 3, "total");
	n.indicators = add_key(t, n.scores, POS_SEQUENCE, 4, 3, "indicators");
	n.first = add_item(t, n.indicators, POS_MAPPING, 5, 7, 0);
	n.first_name = add_key(t, n.first, POS_SCALAR, 5, 7, "name");
	n.first_score = add_key(t, n.first, POS_SCALAR, 6, 7, "score");
	n.second = add_item(t, n.indicators, POS_MAPPING, 7, 7, 1);
	add_key(t, n.second, POS_SCALAR, 7, 7, "name");
	n.children = add_key(t, n.second, POS_SEQUENCE, 8, 7, "children");
	for (int i = 0; i < 6; i++) {
		n.child[i] = add_item(t, n.children, POS_MAPPING, (uint32_t)(9 + i), 13, i);
		add_key(t, n.child[i], POS_SCALAR, (uint32_t)(9 + i), 14, "name");
		n.child_score[i] = add_key(t, n.child[i], POS_SCALAR, (uint32_t)(9 + i), 24, "score");
	}
	return n;
}

static void test_add_links_children_in_order(void **state)
{
	pos_tree *t = *state;
	report_tree n = build_report(t);
	assert_int_equal(t->count, 11 + 6 * 3);
	const pos_node *root = &t->nodes[n.root];
	assert_int_equal(root->parent, -1);
	assert_int_equal(root->kind, POS_MAPPING);
	assert_int_equal(root->first_child, n.pev);
	assert_int_equal(root->last_child, n.scores);
	assert_int_equal(t->nodes[n.pev].next_sibling, n.scores);
	assert_int_equal(t->nodes[n.scores].next_sibling, -1);

	const pos_node *ind = &t->nodes[n.indicators];
	assert_int_equal(ind->kind, POS_SEQUENCE);
	assert_int_equal(ind->parent, n.scores);
	assert_int_equal(ind->first_child, n.first);
	assert_int_equal(ind->last_child, n.second);
	assert_int_equal(t->nodes[n.first].index, 0);
	assert_int_equal(t->nodes[n.second].index, 1);
	/* a mapping member has no index, a sequence item no key */
	assert_int_equal(t->nodes[n.total].index, -1);
	assert_int_equal(t->nodes[n.total].key_length, 5);
	assert_memory_equal(t->keys + t->nodes[n.total].key_offset, "total", 5);
	assert_int_equal(t->nodes[n.first].key_length, 0);

	/* leaves have no children */
	const pos_node *leaf = &t->nodes[n.child_score[5]];
	assert_int_equal(leaf->first_child, -1);
	assert_int_equal(leaf->last_child, -1);
	assert_int_equal(leaf->next_sibling, -1);
	assert_int_equal(leaf->line, 14);
	assert_int_equal(leaf->column, 24);
	assert_int_equal(leaf->kind, POS_SCALAR);
}

static void test_child_key_and_index(void **state)
{
	pos_tree *t = *state;
	report_tree n = build_report(t);
	assert_int_equal(pos_child_key(t, n.root, "scores", 6), n.scores);
	assert_int_equal(pos_child_key(t, n.root, "pev", 3), n.pev);
	assert_int_equal(pos_child_key(t, n.scores, "indicators", 10), n.indicators);
	/* the length counts, not the NUL: "scoresX" with length 6 is "scores" */
	assert_int_equal(pos_child_key(t, n.root, "scoresX", 6), n.scores);
	/* a prefix is not the key */
	assert_int_equal(pos_child_key(t, n.root, "score", 5), -1);
	assert_int_equal(pos_child_key(t, n.root, "missing", 7), -1);
	/* keys are looked up only among the node's own children */
	assert_int_equal(pos_child_key(t, n.root, "total", 5), -1);

	assert_int_equal(pos_child_index(t, n.indicators, 0), n.first);
	assert_int_equal(pos_child_index(t, n.indicators, 1), n.second);
	assert_int_equal(pos_child_index(t, n.indicators, 2), -1);
	assert_int_equal(pos_child_index(t, n.children, 5), n.child[5]);
	/* an index does not find a mapping member, nor a key a sequence item */
	assert_int_equal(pos_child_index(t, n.root, 0), -1);
	assert_int_equal(pos_child_key(t, n.indicators, "0", 1), -1);

	/* out-of-range nodes are refused, not read */
	assert_int_equal(pos_child_key(t, -1, "pev", 3), -1);
	assert_int_equal(pos_child_key(t, (int32_t)t->count, "pev", 3), -1);
	assert_int_equal(pos_child_index(t, -1, 0), -1);
	assert_int_equal(pos_child_index(t, (int32_t)t->count + 5, 0), -1);
}

static void test_resolve_full_paths(void **state)
{
	pos_tree *t = *state;
	report_tree n = build_report(t);
	assert_int_equal(resolve(t, "scores.indicators[1].children[5].score"), n.child_score[5]);
	assert_int_equal(resolve(t, "scores.indicators[0].score"), n.first_score);
	assert_int_equal(resolve(t, "scores.indicators[0].name"), n.first_name);
	assert_int_equal(resolve(t, "scores.indicators[1].children[2]"), n.child[2]);
	assert_int_equal(resolve(t, "scores.total"), n.total);
	assert_int_equal(resolve(t, "pev"), n.pev);
	/* the empty path is the root */
	assert_int_equal(resolve(t, ""), n.root);

	const pos_node *score = &t->nodes[resolve(t, "scores.indicators[1].children[3].score")];
	assert_int_equal(score->line, 12);
	assert_int_equal(score->column, 24);
}

static void test_resolve_missing_gives_nearest_ancestor(void **state)
{
	pos_tree *t = *state;
	report_tree n = build_report(t);
	int complete = -1;
	assert_int_equal(pos_resolve(t, "scores.indicators[1].children[9].score", &complete),
	                 n.children);
	assert_int_equal(complete, 0);

	complete = -1;
	assert_int_equal(pos_resolve(t, "scores.indicators[0].max", &complete), n.first);
	assert_int_equal(complete, 0);

	complete = -1;
	assert_int_equal(pos_resolve(t, "budget.planned", &complete), n.root);
	assert_int_equal(complete, 0);

	/* a key asked of a sequence, an index asked of a mapping */
	complete = -1;
	assert_int_equal(pos_resolve(t, "scores.indicators.name", &complete), n.indicators);
	assert_int_equal(complete, 0);
	complete = -1;
	assert_int_equal(pos_resolve(t, "scores[0]", &complete), n.scores);
	assert_int_equal(complete, 0);

	/* a scalar has no children */
	complete = -1;
	assert_int_equal(pos_resolve(t, "scores.total.x", &complete), n.total);
	assert_int_equal(complete, 0);

	/* malformed indexes stop where they are */
	static const char *const bad[] = { "scores.indicators[x]", "scores.indicators[-1]",
		                           "scores.indicators[1", "scores.indicators[1x]" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		complete = -1;
		int32_t node = pos_resolve(t, bad[i], &complete);
		if (node != n.indicators || complete != 0)
			fail_msg("pos_resolve(\"%s\") = %d complete %d, expected %d complete 0", bad[i],
			         node, complete, n.indicators);
	}
}

static void test_resolve_empty_index(void **state)
{
	/* BUG: pos_resolve (positions.c, the '[' branch) takes "[]" for "[0]":
	 * strtol parses no digits, returns 0 and leaves end at the ']', so a
	 * malformed path resolves completely to the first item.  Remove the
	 * skip() once pos_resolve requires a digit after '['. */
	pos_tree *t = *state;
	report_tree n = build_report(t);
	static const char *const bad[] = { "scores.indicators[]", "scores.indicators[].name" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int complete = -1;
		int32_t node = pos_resolve(t, bad[i], &complete);
		if (node != n.indicators || complete != 0)
			fail_msg("pos_resolve(\"%s\") = %d complete %d, expected %d complete 0", bad[i],
			         node, complete, n.indicators);
	}
}

static void test_resolve_empty_tree(void **state)
{
	pos_tree *t = *state;
	int complete = -1;
	assert_int_equal(pos_resolve(t, "budget", &complete), -1);
	assert_int_equal(complete, 0);
	complete = -1;
	assert_int_equal(pos_resolve(t, "", &complete), -1);
	assert_int_equal(complete, 0);
}

static void test_path_spells_keys_and_indexes(void **state)
{
	pos_tree *t = *state;
	report_tree n = build_report(t);
	assert_path(t, n.child_score[5], "scores.indicators[1].children[5].score");
	assert_path(t, n.child[0], "scores.indicators[1].children[0]");
	assert_path(t, n.indicators, "scores.indicators");
	assert_path(t, n.first, "scores.indicators[0]");
	assert_path(t, n.pev, "pev");
	assert_path(t, n.root, "");

	/* every node's path resolves back to the node */
	for (int32_t id = 0; id < (int32_t)t->count; id++) {
		char buf[256];
		pos_path(t, id, buf, sizeof buf);
		int complete = 0;
		int32_t back = pos_resolve(t, buf, &complete);
		if (back != id || complete != 1)
			fail_msg("node %d has path \"%s\", which resolves to %d", id, buf, back);
	}
}

static void test_path_of_root_sequence(void **state)
{
	pos_tree *t = *state;
	int32_t root = add_item(t, -1, POS_SEQUENCE, 1, 1, -1);
	int32_t item = add_item(t, root, POS_MAPPING, 1, 3, 0);
	int32_t second = add_item(t, root, POS_MAPPING, 2, 3, 1);
	int32_t actual = add_key(t, second, POS_SCALAR, 2, 5, "actual");
	add_key(t, item, POS_SCALAR, 1, 5, "actual");
	assert_path(t, actual, "[1].actual");
	assert_path(t, second, "[1]");
	assert_int_equal(resolve(t, "[1].actual"), actual);
	assert_int_equal(resolve(t, "[0]"), item);
}

static void test_path_truncates_but_reports_length(void **state)
{
	pos_tree *t = *state;
	report_tree n = build_report(t);
	const char *full = "scores.indicators[1].children[5].score";
	char buf[12];
	memset(buf, 'X', sizeof buf);
	size_t len = pos_path(t, n.child_score[5], buf, sizeof buf);
	assert_int_equal(len, strlen(full));
	assert_string_equal(buf, "scores.indi");

	/* size 1: only the NUL; size 0: nothing written at all */
	char one[2] = { 'X', 'Y' };
	assert_int_equal(pos_path(t, n.child_score[5], one, 1), strlen(full));
	assert_int_equal(one[0], '\0');
	assert_int_equal(one[1], 'Y');
	char none = 'Z';
	assert_int_equal(pos_path(t, n.child_score[5], &none, 0), strlen(full));
	assert_int_equal(none, 'Z');

	/* exactly enough room */
	char exact[39];
	assert_int_equal(pos_path(t, n.child_score[5], exact, sizeof exact), 38);
	assert_string_equal(exact, full);
}

static void test_keys_with_unicode_and_same_prefix(void **state)
{
	pos_tree *t = *state;
	int32_t root = add_item(t, -1, POS_MAPPING, 1, 1, -1);
	int32_t a = add_key(t, root, POS_SCALAR, 1, 1, "资产管理");
	int32_t b = add_key(t, root, POS_SCALAR, 2, 1, "资产");
	int32_t c = add_key(t, root, POS_SCALAR, 3, 1, "资产管理费");
	assert_int_equal(pos_child_key(t, root, "资产", strlen("资产")), b);
	assert_int_equal(pos_child_key(t, root, "资产管理", strlen("资产管理")), a);
	assert_int_equal(pos_child_key(t, root, "资产管理费", strlen("资产管理费")), c);
	assert_path(t, c, "资产管理费");
	assert_int_equal(resolve(t, "资产管理"), a);
}

static void test_long_sequence_is_linear(void **state)
{
	pos_tree *t = *state;
	enum { ITEMS = 100000 };
	int32_t root = add_item(t, -1, POS_MAPPING, 1, 1, -1);
	int32_t list = add_key(t, root, POS_SEQUENCE, 1, 1, "items");
	clock_t start = clock();
	for (int32_t i = 0; i < ITEMS; i++) {
		int32_t item = pos_add(t, list, POS_SCALAR, (uint32_t)(2 + i), 3, NULL, 0, i);
		if (item != i + 2)
			fail_msg("item %d got id %d", i, item);
	}
	double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
	/* Quadratic appending (walking the siblings each time) is 5e9 steps
	 * here; linear is well under a second even under ASan. */
	if (seconds > 2.0)
		fail_msg("appending %d items took %.2f s", ITEMS, seconds);
	assert_int_equal(t->count, ITEMS + 2);
	assert_int_equal(t->nodes[list].first_child, 2);
	assert_int_equal(t->nodes[list].last_child, ITEMS + 1);
	/* siblings stay linked in order */
	int32_t expected = 0;
	for (int32_t c = t->nodes[list].first_child; c >= 0; c = t->nodes[c].next_sibling) {
		if (t->nodes[c].index != expected)
			fail_msg("sibling %d has index %d", expected, t->nodes[c].index);
		expected++;
	}
	assert_int_equal(expected, ITEMS);
	int32_t last = resolve(t, "items[99999]");
	assert_int_equal(last, ITEMS + 1);
	assert_int_equal(t->nodes[last].line, ITEMS + 1);
	assert_path(t, last, "items[99999]");
	int complete = -1;
	assert_int_equal(pos_resolve(t, "items[100000]", &complete), list);
	assert_int_equal(complete, 0);
}

static void test_reset_reuses_memory(void **state)
{
	pos_tree *t = *state;
	build_report(t);
	pos_node *nodes = t->nodes;
	size_t capacity = t->capacity, keys_capacity = t->keys_capacity;
	assert_true(capacity > 0);
	assert_true(keys_capacity > 0);

	pos_tree_reset(t);
	assert_int_equal(t->count, 0);
	assert_int_equal(t->keys_used, 0);
	assert_ptr_equal(t->nodes, nodes);
	assert_int_equal(t->capacity, capacity);
	assert_int_equal(t->keys_capacity, keys_capacity);
	int complete = -1;
	assert_int_equal(pos_resolve(t, "scores", &complete), -1);

	/* the next document starts from id 0 and sees none of the old keys */
	int32_t root = add_item(t, -1, POS_MAPPING, 1, 1, -1);
	assert_int_equal(root, 0);
	int32_t budget = add_key(t, root, POS_MAPPING, 3, 1, "budget");
	int32_t planned = add_key(t, budget, POS_SCALAR, 4, 3, "planned");
	assert_int_equal(t->nodes[budget].key_offset, 0);
	assert_int_equal(t->keys_used, strlen("budget") + strlen("planned"));
	assert_int_equal(resolve(t, "budget.planned"), planned);
	assert_int_equal(pos_resolve(t, "scores", &complete), root);
	assert_int_equal(complete, 0);
	assert_path(t, planned, "budget.planned");
	assert_ptr_equal(t->nodes, nodes);

	pos_tree_free(t);
	assert_null(t->nodes);
	assert_null(t->keys);
	assert_int_equal(t->count, 0);
	assert_int_equal(t->capacity, 0);
	/* a freed tree is an empty tree, usable again */
	assert_int_equal(add_item(t, -1, POS_MAPPING, 1, 1, -1), 0);
}

static void test_empty_key(void **state)
{
	/* BUG: pos_add (positions.c:56) calls memcpy(t->keys + t->keys_used,
	 * key, 0) while t->keys is still NULL when the first key it ever sees
	 * is "" (grow() allocates nothing for a need of 0); pos_child_key then
	 * memcmp()s from the same NULL.  Undefined behaviour: UBSan aborts the
	 * ASan build ("null pointer passed as argument 1").  A YAML file whose
	 * first key is `"":` reaches it.  Remove the skip() once pos_add copies
	 * only when key_length > 0 (and pos_child_key compares only then). */
	pos_tree *t = *state;
	/* `"": 1` is a legal YAML key; an empty key as the very first key
	 * means the key arena has not been allocated yet. */
	int32_t root = add_item(t, -1, POS_MAPPING, 1, 1, -1);
	int32_t empty = pos_add(t, root, POS_SCALAR, 1, 1, "", 0, -1);
	assert_int_equal(empty, 1);
	assert_int_equal(t->nodes[empty].index, -1);
	assert_int_equal(t->nodes[empty].key_length, 0);
	int32_t other = add_key(t, root, POS_SCALAR, 2, 1, "a");
	assert_int_equal(pos_child_key(t, root, "a", 1), other);
	assert_int_equal(pos_child_key(t, root, "", 0), empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_links_children_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_key_and_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_full_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_missing_gives_nearest_ancestor, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_resolve_empty_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_empty_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_spells_keys_and_indexes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_of_root_sequence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_truncates_but_reports_length, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_keys_with_unicode_and_same_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_sequence_is_linear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_reuses_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_key, setup, teardown),
	};
	return cmocka_run_group_tests_name("positions", tests, NULL, NULL);
}
