/*
 * base_small_pool — see base_small_pool.h.
 */
#include "base_small_pool.h"

#include <stdlib.h>

#define GRAIN 16
#define CLASSES (SMALL_POOL_MAX / GRAIN)
#define SLAB_SIZE (64 * 1024)

#if defined(__SANITIZE_ADDRESS__)
#define POOL_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_OFF 1
#endif
#endif

typedef struct slab {
	struct slab *next;
	/* blocks follow, 16-byte aligned */
} slab;

typedef struct free_block {
	struct free_block *next;
} free_block;

struct small_pool {
	free_block *free[CLASSES];
	char *bump, *end; /* the unused tail of the newest slab */
	slab *slabs;
};

small_pool *small_pool_new(void)
{
	return calloc(1, sizeof(small_pool));
}

void small_pool_free(small_pool *pool)
{
	if (!pool)
		return;
	for (slab *s = pool->slabs, *next; s; s = next) {
		next = s->next;
		free(s);
	}
	free(pool);
}

#ifdef POOL_OFF

/* Every block is exactly the size asked for. */
int small_pool_same_class(size_t a, size_t b)
{
	return a == b;
}

void *small_pool_get(small_pool *pool, size_t size)
{
	(void)pool;
	return malloc(size);
}

void small_pool_put(small_pool *pool, void *block, size_t size)
{
	(void)pool;
	(void)size;
	free(block);
}

#else

static size_t class_of(size_t size)
{
	return (size - 1) / GRAIN;
}

int small_pool_same_class(size_t a, size_t b)
{
	return class_of(a) == class_of(b);
}

void *small_pool_get(small_pool *pool, size_t size)
{
	size_t c = class_of(size);
	free_block *b = pool->free[c];
	if (b) {
		pool->free[c] = b->next;
		return b;
	}
	size_t bytes = (c + 1) * GRAIN;
	if (pool->bump + bytes > pool->end || !pool->bump) {
		/* The old slab's tail is too short for this class: give it to
		 * the classes it fits, then start a new slab. */
		while (pool->bump && pool->end - pool->bump >= GRAIN) {
			size_t rest = (size_t)(pool->end - pool->bump);
			size_t k = class_of(rest > SMALL_POOL_MAX ? SMALL_POOL_MAX : rest);
			if ((k + 1) * GRAIN > rest)
				k--;
			free_block *tail = (free_block *)pool->bump;
			tail->next = pool->free[k];
			pool->free[k] = tail;
			pool->bump += (k + 1) * GRAIN;
		}
		slab *s = malloc(SLAB_SIZE);
		if (!s)
			return NULL;
		s->next = pool->slabs;
		pool->slabs = s;
		pool->bump = (char *)s + GRAIN; /* the header, rounded to a grain */
		pool->end = (char *)s + SLAB_SIZE;
	}
	void *p = pool->bump;
	pool->bump += bytes;
	return p;
}

void small_pool_put(small_pool *pool, void *block, size_t size)
{
	free_block *b = block;
	size_t c = class_of(size);
	b->next = pool->free[c];
	pool->free[c] = b;
}

#endif
