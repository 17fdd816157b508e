/*
 * run_test_overlap — see run_test_overlap.h.
 */
#include "run_test_overlap.h"

#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"
#include "base_i18n.h"

/* A finding of a rule about data: not the engine's, not a rule failure. */
static bool counts(const finding *f)
{
	return f->path && f->path[0] && !f->source && strncmp(f->rule, "pev.", 4) != 0;
}

static overlap_pair *find_pair(overlaps *o, const char *a, const char *b)
{
	for (size_t i = 0; i < o->count; i++)
		if (!strcmp(o->items[i].a, a) && !strcmp(o->items[i].b, b))
			return &o->items[i];
	return NULL;
}

/* Count the pair once for this case (seen: pairs already counted). */
static void add_pair(overlaps *o, const finding *x, const finding *y, const char *where,
                     overlaps *seen)
{
	const char *a = strcmp(x->rule, y->rule) < 0 ? x->rule : y->rule;
	const char *b = a == x->rule ? y->rule : x->rule;
	if (find_pair(seen, a, b))
		return;
	ARRAY_GROW(seen->items, seen->count, seen->capacity);
	seen->items[seen->count++] = (overlap_pair){ .a = (char *)a, .b = (char *)b };
	overlap_pair *p = find_pair(o, a, b);
	if (!p) {
		ARRAY_GROW(o->items, o->count, o->capacity);
		p = &o->items[o->count++];
		*p = (overlap_pair){ .a = xstrdup(a), .b = xstrdup(b), .path = xstrdup(x->path),
			             .where = xstrdup(where) };
	}
	p->cases++;
}

void overlaps_add(overlaps *o, const doc_result *r, const char *where)
{
	overlaps seen = { 0 }; /* borrows the result's ids */
	for (size_t i = 0; i < r->finding_count; i++)
		for (size_t j = i + 1; j < r->finding_count; j++) {
			const finding *x = &r->findings[i], *y = &r->findings[j];
			if (counts(x) && counts(y) && strcmp(x->rule, y->rule) && !strcmp(x->path, y->path))
				add_pair(o, x, y, where, &seen);
		}
	free(seen.items);
}

static int by_ids(const void *pa, const void *pb)
{
	const overlap_pair *a = pa, *b = pb;
	int c = strcmp(a->a, b->a);
	return c ? c : strcmp(a->b, b->b);
}

size_t overlaps_print(const overlaps *o, FILE *out,
                      bool (*keep)(const char *a, const char *b, void *context), void *context)
{
	overlap_pair *sorted = xmalloc((o->count + 1) * sizeof *sorted);
	if (o->count) /* items is NULL while empty */
		memcpy(sorted, o->items, o->count * sizeof *sorted);
	qsort(sorted, o->count, sizeof *sorted, by_ids);
	size_t printed = 0;
	for (size_t i = 0; i < o->count; i++) {
		const overlap_pair *p = &sorted[i];
		if (keep && !keep(p->a, p->b, context))
			continue;
		fprintf(out, ngettext("warning: rules %s and %s report on the same data, %s, in %zu case (first: %s); does one repeat the other?\n",
		                      "warning: rules %s and %s report on the same data, %s, in %zu cases (first: %s); does one repeat the other?\n",
		                      p->cases),
		        p->a, p->b, p->path, p->cases, p->where);
		printed++;
	}
	free(sorted);
	return printed;
}

void overlaps_free(overlaps *o)
{
	for (size_t i = 0; i < o->count; i++) {
		free(o->items[i].a);
		free(o->items[i].b);
		free(o->items[i].path);
		free(o->items[i].where);
	}
	free(o->items);
	memset(o, 0, sizeof *o);
}
