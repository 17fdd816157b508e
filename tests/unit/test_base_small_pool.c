/*
 * Unit tests for small_pool.c: blocks of every size are distinct, aligned
 * for any Lua value and keep what is written in them while others come
 * and go; a block given back is handed out again before the pool grows;
 * a whole Lua state runs on it (through the sandbox's allocator, by the
 * e2e tests).  Under ASan the pool is plain malloc and the same tests
 * check that path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base_small_pool.h"

#define LIVE 4000

static void every_size_is_aligned_and_distinct(void **state)
{
	(void)state;
	small_pool *pool = small_pool_new();
	assert_non_null(pool);
	unsigned char *blocks[SMALL_POOL_MAX + 1];
	for (size_t size = 1; size <= SMALL_POOL_MAX; size++) {
		blocks[size] = small_pool_get(pool, size);
		assert_non_null(blocks[size]);
		assert_int_equal((uintptr_t)blocks[size] % 16, 0);
		memset(blocks[size], (int)(size & 0xff), size);
	}
	for (size_t size = 1; size <= SMALL_POOL_MAX; size++)
		for (size_t i = 0; i < size; i++)
			assert_int_equal(blocks[size][i], size & 0xff);
	for (size_t size = 1; size <= SMALL_POOL_MAX; size++)
		small_pool_put(pool, blocks[size], size);
	small_pool_free(pool);
}

/* Random gets and puts over many slabs: every live block keeps its
 * contents, whatever happened to the others. */
static void contents_survive_churn(void **state)
{
	(void)state;
	small_pool *pool = small_pool_new();
	unsigned char *block[LIVE] = { 0 };
	size_t size[LIVE] = { 0 };
	unsigned seed = 12345;
	for (int step = 0; step < 200000; step++) {
		seed = seed * 1103515245u + 12345u;
		size_t i = (seed >> 8) % LIVE;
		if (block[i]) {
			for (size_t k = 0; k < size[i]; k++)
				assert_int_equal(block[i][k], (unsigned char)(i + k));
			small_pool_put(pool, block[i], size[i]);
			block[i] = NULL;
		} else {
			size[i] = 1 + (seed >> 16) % SMALL_POOL_MAX;
			block[i] = small_pool_get(pool, size[i]);
			assert_non_null(block[i]);
			for (size_t k = 0; k < size[i]; k++)
				block[i][k] = (unsigned char)(i + k);
		}
	}
	for (size_t i = 0; i < LIVE; i++)
		if (block[i])
			small_pool_put(pool, block[i], size[i]);
	small_pool_free(pool);
}

static void same_class_means_room_enough(void **state)
{
	(void)state;
	small_pool *pool = small_pool_new();
	/* A block may grow in place only within its class: writing the new
	 * size must stay inside it (ASan checks this in its build). */
	for (size_t a = 1; a <= SMALL_POOL_MAX; a++)
		for (size_t b = a; b <= SMALL_POOL_MAX; b++)
			if (small_pool_same_class(a, b)) {
				unsigned char *p = small_pool_get(pool, a);
				memset(p, 1, b);
				small_pool_put(pool, p, b);
			}
	assert_true(small_pool_same_class(7, 7));
	small_pool_free(pool);
}

#if !defined(__SANITIZE_ADDRESS__)
static void a_block_given_back_is_reused(void **state)
{
	(void)state;
	small_pool *pool = small_pool_new();
	void *a = small_pool_get(pool, 40);
	small_pool_put(pool, a, 40);
	assert_ptr_equal(small_pool_get(pool, 33), a); /* same 48-byte class */
	assert_true(small_pool_same_class(33, 48));
	assert_false(small_pool_same_class(48, 49));
	small_pool_free(pool);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_size_is_aligned_and_distinct),
		cmocka_unit_test(contents_survive_churn),
		cmocka_unit_test(same_class_means_room_enough),
#if !defined(__SANITIZE_ADDRESS__)
		cmocka_unit_test(a_block_given_back_is_reused),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
