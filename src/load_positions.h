/*
 * load_positions — where every node of a loaded document came from.
 *
 * The loader records one compact entry per YAML node (line, column, parent,
 * the key or index it sits at) in pre-order.  Nothing here is visible to
 * rules: a finding about data carries a node id, and only then is its data
 * path ("scores.indicators[1].children[5].score") spelled out, so the common
 * case (no finding) costs a few integers per node.
 *
 * Knows nothing about Lua or libyaml.
 */
#ifndef PEVCHECK_LOAD_POSITIONS_H
#define PEVCHECK_LOAD_POSITIONS_H

#include <stddef.h>
#include <stdint.h>

enum pos_kind { POS_SCALAR, POS_MAPPING, POS_SEQUENCE };

typedef struct pos_node {
	uint32_t line, column; /* 1-based */
	int32_t parent;        /* -1 for the document root */
	int32_t first_child, last_child, next_sibling; /* -1 when none */
	uint32_t key_offset;   /* mapping member: its key, in the key arena */
	uint32_t key_length;
	int32_t index;         /* sequence item: its 0-based index; else -1 */
	uint8_t kind;
} pos_node;

typedef struct pos_tree {
	pos_node *nodes;
	size_t count, capacity;
	char *keys; /* key arena */
	size_t keys_used, keys_capacity;
} pos_tree;

void pos_tree_init(pos_tree *t);
void pos_tree_reset(pos_tree *t); /* keep the memory for the next document */
void pos_tree_free(pos_tree *t);

/* Append a node under `parent` (-1 for the root).  For a mapping member
 * pass its key; for a sequence item pass key NULL and its index.  Returns
 * the new id or -1 when out of memory. */
int32_t pos_add(pos_tree *t, int32_t parent, enum pos_kind kind, uint32_t line,
                uint32_t column, const char *key, size_t key_length, int32_t index);

/* The child of `node` at mapping key `key`, or -1. */
int32_t pos_child_key(const pos_tree *t, int32_t node, const char *key, size_t key_length);
/* The child of `node` at sequence index `index` (0-based), or -1. */
int32_t pos_child_index(const pos_tree *t, int32_t node, int32_t index);

/* Resolve a data path ("budget.nature.basic", "targets[2].actual") from the
 * root.  Returns the deepest node reached; *complete is set to 1 when the
 * whole path was found (else the result is its nearest existing ancestor). */
int32_t pos_resolve(const pos_tree *t, const char *path, int *complete);

/* Write the data path of `node` into buf (NUL-terminated, truncated to
 * size).  The root is "".  Returns the full length it needed. */
size_t pos_path(const pos_tree *t, int32_t node, char *buf, size_t size);

#endif
