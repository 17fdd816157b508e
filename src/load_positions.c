/*
 * load_positions — see load_positions.h.  Children are linked through next_sibling in
 * the order they were read, so a data path resolves by walking siblings; a
 * node has few children, and paths are resolved only for findings.
 */
#include "load_positions.h"

#include "base_alloc.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void pos_tree_init(pos_tree *t)
{
	memset(t, 0, sizeof *t);
}

void pos_tree_reset(pos_tree *t)
{
	t->count = 0;
	t->keys_used = 0;
}

void pos_tree_free(pos_tree *t)
{
	free(t->nodes);
	free(t->keys);
	pos_tree_init(t);
}

static int grow(void **p, size_t *capacity, size_t need, size_t unit)
{
	if (need > *capacity)
		*p = array_grow(*p, capacity, need, unit);
	return 0;
}

int32_t pos_add(pos_tree *t, int32_t parent, enum pos_kind kind, uint32_t line,
                uint32_t column, const char *key, size_t key_length, int32_t index)
{
	if (t->count >= INT32_MAX - 1 || key_length > UINT32_MAX / 2)
		return -1;
	if (grow((void **)&t->nodes, &t->capacity, t->count + 1, sizeof *t->nodes))
		return -1;
	uint32_t key_offset = 0;
	if (key && key_length > 0) {
		if (grow((void **)&t->keys, &t->keys_capacity, t->keys_used + key_length, 1))
			return -1;
		memcpy(t->keys + t->keys_used, key, key_length);
		key_offset = (uint32_t)t->keys_used;
		t->keys_used += key_length;
	}
	int32_t id = (int32_t)t->count++;
	pos_node *n = &t->nodes[id];
	n->line = line;
	n->column = column;
	n->parent = parent;
	n->first_child = -1;
	n->next_sibling = -1;
	n->key_offset = key_offset;
	n->key_length = key ? (uint32_t)key_length : 0;
	n->index = key ? -1 : index;
	n->kind = (uint8_t)kind;
	n->last_child = -1;
	if (parent >= 0) {
		/* Appending at last_child keeps loading linear in the node count,
		 * however long a sequence is. */
		pos_node *p = &t->nodes[parent];
		if (p->first_child < 0)
			p->first_child = id;
		else
			t->nodes[p->last_child].next_sibling = id;
		p->last_child = id;
	}
	return id;
}

int32_t pos_child_key(const pos_tree *t, int32_t node, const char *key, size_t key_length)
{
	if (node < 0 || (size_t)node >= t->count)
		return -1;
	for (int32_t c = t->nodes[node].first_child; c >= 0; c = t->nodes[c].next_sibling) {
		const pos_node *n = &t->nodes[c];
		if (n->index < 0 && n->key_length == key_length &&
		    (key_length == 0 || memcmp(t->keys + n->key_offset, key, key_length) == 0))
			return c;
	}
	return -1;
}

int32_t pos_child_index(const pos_tree *t, int32_t node, int32_t index)
{
	if (node < 0 || (size_t)node >= t->count)
		return -1;
	for (int32_t c = t->nodes[node].first_child; c >= 0; c = t->nodes[c].next_sibling)
		if (t->nodes[c].index == index)
			return c;
	return -1;
}

int32_t pos_resolve(const pos_tree *t, const char *path, int *complete)
{
	*complete = 0;
	if (t->count == 0)
		return -1;
	int32_t node = 0;
	const char *p = path;
	while (*p) {
		int32_t next;
		if (*p == '[') {
			if (p[1] < '0' || p[1] > '9')
				return node;
			char *end;
			long i = strtol(p + 1, &end, 10);
			if (*end != ']' || i < 0 || i > INT32_MAX)
				return node;
			next = pos_child_index(t, node, (int32_t)i);
			p = end + 1;
		} else {
			if (*p == '.')
				p++;
			size_t n = strcspn(p, ".[");
			next = pos_child_key(t, node, p, n);
			p += n;
		}
		if (next < 0)
			return node;
		node = next;
	}
	*complete = 1;
	return node;
}

size_t pos_path(const pos_tree *t, int32_t node, char *buf, size_t size)
{
	/* Collect the chain root-ward, then print it leaf-last. */
	int32_t chain[256];
	size_t depth = 0;
	for (int32_t n = node; n > 0 && depth < 256; n = t->nodes[n].parent)
		chain[depth++] = n;
	size_t len = 0;
	char piece[32];
	for (size_t i = depth; i-- > 0;) {
		const pos_node *n = &t->nodes[chain[i]];
		const char *s;
		size_t sl;
		if (n->index >= 0) {
			sl = (size_t)snprintf(piece, sizeof piece, "[%d]", n->index);
			s = piece;
		} else {
			if (len > 0) {
				if (len + 1 < size)
					buf[len] = '.';
				len++;
			}
			s = t->keys + n->key_offset;
			sl = n->key_length;
		}
		for (size_t k = 0; k < sl; k++, len++)
			if (len + 1 < size)
				buf[len] = s[k];
	}
	if (size)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}
