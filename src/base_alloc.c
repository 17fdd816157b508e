/*
 * base_alloc — see base_alloc.h.
 */
#include "base_alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xout_of_memory(void)
{
	fputs("pevcheck: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		xout_of_memory();
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		xout_of_memory();
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		xout_of_memory();
	return q;
}

char *xstrdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

FILE *xopen_memstream(char **data, size_t *size)
{
	FILE *f = open_memstream(data, size);
	if (!f)
		xout_of_memory();
	return f;
}

void *array_grow(void *items, size_t *capacity, size_t need, size_t item_size)
{
	size_t n = *capacity ? *capacity : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			xout_of_memory();
		n *= 2;
	}
	if (n > SIZE_MAX / item_size)
		xout_of_memory();
	*capacity = n;
	return xrealloc(items, n * item_size);
}

void string_list_add(string_list *l, const char *s)
{
	ARRAY_GROW(l->items, l->count, l->capacity);
	l->items[l->count++] = xstrdup(s);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void string_list_sort(string_list *l)
{
	if (l->count > 1)
		qsort(l->items, l->count, sizeof *l->items, compare_strings);
}

void string_list_free(string_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->count = l->capacity = 0;
}

void strbuf_add(strbuf *b, const char *s, size_t length)
{
	if (b->length + length + 1 > b->capacity)
		b->s = array_grow(b->s, &b->capacity, b->length + length + 1, 1);
	memcpy(b->s + b->length, s, length);
	b->length += length;
	b->s[b->length] = '\0';
}

void strbuf_addc(strbuf *b, char c)
{
	strbuf_add(b, &c, 1);
}

const char *strbuf_text(const strbuf *b)
{
	return b->s ? b->s : "";
}
