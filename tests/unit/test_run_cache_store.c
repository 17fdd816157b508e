/*
 * Unit tests for run_cache_store.c: an entry written and committed reads
 * back; one not committed, changed in any byte, cut short, moved to
 * another key's name, a link, writable by others, another user's, or
 * written under another key does not; the key file is made private on
 * first use and refused when others may read it; a folder others may
 * write is refused; the size bound drops the entries used longest ago;
 * cleaning removes entries and nothing else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "base_alloc.h"
#include "run_cache_store.h"

typedef struct fixture {
	char root[64];      /* a temporary folder */
	char dir[128];      /* the cache */
	char results[160];  /* its results folder */
	cache_store *store;
} fixture;

static void run(const char *command)
{
	if (system(command) != 0)
		fail_msg("failed: %s", command);
}

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->root, sizeof f->root, "/tmp/pevcheck-store.XXXXXX");
	if (!mkdtemp(f->root))
		return -1;
	snprintf(f->dir, sizeof f->dir, "%s/cache", f->root);
	snprintf(f->results, sizeof f->results, "%s/results", f->dir);
	setenv("PEVCHECK_CACHE_KEY", "a key of thirty-two characters, at least", 1);
	char why[512];
	f->store = store_open(f->dir, why, sizeof why);
	if (!f->store)
		fail_msg("store_open: %s", why);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(f->store);
	char command[256];
	snprintf(command, sizeof command, "chmod -R u+rwX %s; rm -rf %s", f->root, f->root);
	run(command);
	unsetenv("PEVCHECK_CACHE_KEY");
	free(f);
	return 0;
}

static void key_of(unsigned char key[DIGEST_SIZE], int n)
{
	char text[16];
	snprintf(text, sizeof text, "file %d", n);
	digest_bytes(text, strlen(text), key);
}

static void entry_path(const fixture *f, int n, char *out, size_t size)
{
	unsigned char key[DIGEST_SIZE];
	char hex[2 * DIGEST_SIZE + 1];
	key_of(key, n);
	digest_hex(key, hex);
	snprintf(out, size, "%s/%s", f->results, hex);
}

/* Write entry n holding "contents n", committed. */
static void put(fixture *f, int n)
{
	unsigned char key[DIGEST_SIZE];
	char text[32];
	key_of(key, n);
	snprintf(text, sizeof text, "contents %d", n);
	assert_true(store_write(f->store, key, text, strlen(text)));
	store_commit(f->store, UINT64_MAX);
}

/* Does entry n read back as written? */
static bool reads_back(fixture *f, int n)
{
	unsigned char key[DIGEST_SIZE];
	char text[32];
	key_of(key, n);
	snprintf(text, sizeof text, "contents %d", n);
	size_t length;
	unsigned char *data = store_read(f->store, key, &length);
	bool same = data && length == strlen(text) && !memcmp(data, text, length);
	free(data);
	return same;
}

static void test_write_commit_read(void **state)
{
	fixture *f = *state;
	unsigned char key[DIGEST_SIZE];
	key_of(key, 1);
	assert_true(store_write(f->store, key, "contents 1", 10));
	assert_false(reads_back(f, 1)); /* not in place before the commit */
	assert_int_equal(store_commit(f->store, UINT64_MAX), 1);
	assert_true(reads_back(f, 1));
	assert_false(reads_back(f, 2));
	struct stat st;
	char path[256];
	entry_path(f, 1, path, sizeof path);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(f->results, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
}

static void test_discard(void **state)
{
	fixture *f = *state;
	unsigned char key[DIGEST_SIZE];
	key_of(key, 3);
	assert_true(store_write(f->store, key, "contents 3", 10));
	store_discard(f->store);
	assert_int_equal(store_commit(f->store, UINT64_MAX), 0);
	assert_false(reads_back(f, 3));
	store_usage u;
	assert_int_equal(store_scan(f->dir, false, &u), 0);
	assert_int_equal(u.entries, 0); /* no temporary left either */
}

/* Every byte of an entry matters: the MAC covers the magic, the key and
 * the contents, and is itself checked. */
static void test_changed_byte(void **state)
{
	fixture *f = *state;
	put(f, 4);
	char path[256];
	entry_path(f, 4, path, sizeof path);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	for (off_t i = 0; i < st.st_size; i++) {
		FILE *file = fopen(path, "r+b");
		fseek(file, i, SEEK_SET);
		int c = fgetc(file);
		fseek(file, i, SEEK_SET);
		fputc(c ^ 0x20, file);
		fclose(file);
		if (reads_back(f, 4))
			fail_msg("an entry with byte %ld changed was read", (long)i);
		file = fopen(path, "r+b");
		fseek(file, i, SEEK_SET);
		fputc(c, file);
		fclose(file);
	}
	assert_true(reads_back(f, 4));
	assert_int_equal(truncate(path, st.st_size - 1), 0);
	assert_false(reads_back(f, 4));
}

/* An entry moved to another entry's name is refused: the MAC covers the
 * key it was written for. */
static void test_swapped(void **state)
{
	fixture *f = *state;
	put(f, 5);
	put(f, 6);
	char five[256], six[256];
	entry_path(f, 5, five, sizeof five);
	entry_path(f, 6, six, sizeof six);
	assert_int_equal(rename(five, six), 0);
	assert_false(reads_back(f, 6));
	assert_false(reads_back(f, 5));
}

/* An entry written under another key (another user's, a forger's) is
 * refused. */
static void test_other_key(void **state)
{
	fixture *f = *state;
	setenv("PEVCHECK_CACHE_KEY", "another key of thirty-two characters", 1);
	char why[512];
	cache_store *other = store_open(f->dir, why, sizeof why);
	assert_non_null(other);
	unsigned char key[DIGEST_SIZE];
	key_of(key, 7);
	assert_true(store_write(other, key, "contents 7", 10));
	store_commit(other, UINT64_MAX);
	store_close(other);
	assert_false(reads_back(f, 7));
}

static void test_link_and_modes(void **state)
{
	fixture *f = *state;
	put(f, 8);
	char eight[256], nine[256];
	entry_path(f, 8, eight, sizeof eight);
	entry_path(f, 9, nine, sizeof nine);
	/* a link at an entry's name, even to a good entry */
	assert_int_equal(symlink(eight, nine), 0);
	assert_false(reads_back(f, 9));
	assert_int_equal(chmod(eight, 0620), 0);
	assert_false(reads_back(f, 8));
	assert_int_equal(chmod(eight, 0644), 0); /* others may read it: still the user's */
	assert_true(reads_back(f, 8));
}

static void test_foreign_owner(void **state)
{
	fixture *f = *state;
	if (geteuid() != 0)
		skip(); /* only root can give a file away */
	put(f, 10);
	char path[256];
	entry_path(f, 10, path, sizeof path);
	assert_int_equal(chown(path, 65534, 65534), 0);
	assert_false(reads_back(f, 10));
	/* rewritten: the next write replaces it with the user's own */
	put(f, 10);
	assert_true(reads_back(f, 10));
}

static void test_folder_others_may_write(void **state)
{
	fixture *f = *state;
	char why[512];
	assert_int_equal(chmod(f->results, 0770), 0);
	assert_null(store_open(f->dir, why, sizeof why));
	assert_non_null(strstr(why, "results"));
	assert_int_equal(chmod(f->results, 0700), 0);
	assert_int_equal(chmod(f->dir, 0777), 0);
	assert_null(store_open(f->dir, why, sizeof why));
	assert_int_equal(chmod(f->dir, 0700), 0);
	cache_store *again = store_open(f->dir, why, sizeof why);
	assert_non_null(again);
	store_close(again);
}

static void test_key_file(void **state)
{
	fixture *f = *state;
	unsetenv("PEVCHECK_CACHE_KEY");
	char config[128], key_path[192], why[512];
	snprintf(config, sizeof config, "%s/config", f->root);
	snprintf(key_path, sizeof key_path, "%s/pevcheck/cache.key", config);
	setenv("XDG_CONFIG_HOME", config, 1);
	cache_store *s = store_open(f->dir, why, sizeof why);
	assert_non_null(s);
	store_close(s);
	struct stat st;
	assert_int_equal(stat(key_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 65); /* 64 hexadecimal digits and a newline */
	/* the same key the next time: what one run wrote, the next reads */
	FILE *k = fopen(key_path, "r");
	char first[80] = "";
	assert_non_null(fgets(first, sizeof first, k));
	fclose(k);
	s = store_open(f->dir, why, sizeof why);
	assert_non_null(s);
	store_close(s);
	k = fopen(key_path, "r");
	char second[80] = "";
	assert_non_null(fgets(second, sizeof second, k));
	fclose(k);
	assert_string_equal(first, second);
	/* refused when others may read it */
	assert_int_equal(chmod(key_path, 0644), 0);
	assert_null(store_open(f->dir, why, sizeof why));
	assert_non_null(strstr(why, "cache.key"));
	assert_int_equal(chmod(key_path, 0600), 0);
	/* refused when it is too short to be a key */
	k = fopen(key_path, "w");
	fputs("short\n", k);
	fclose(k);
	assert_null(store_open(f->dir, why, sizeof why));
	unsetenv("XDG_CONFIG_HOME");
	setenv("PEVCHECK_CACHE_KEY", "short", 1);
	assert_null(store_open(f->dir, why, sizeof why));
}

static void age(const fixture *f, int n, long seconds_ago)
{
	char path[256];
	entry_path(f, n, path, sizeof path);
	struct timeval t[2];
	gettimeofday(&t[0], NULL);
	t[0].tv_sec -= seconds_ago;
	t[1] = t[0];
	assert_int_equal(utimes(path, t), 0);
}

/* Over the bound, the entries used longest ago go first, until 90 % of
 * it is left; an entry read is used now. */
static void test_size_bound(void **state)
{
	fixture *f = *state;
	for (int n = 20; n < 30; n++) {
		put(f, n);
		age(f, n, 3 * 86400 - n * 60); /* 20 the oldest */
	}
	assert_true(reads_back(f, 20)); /* used now: refreshed (older than a day) */
	store_usage u;
	assert_int_equal(store_scan(f->dir, false, &u), 0);
	assert_int_equal(u.entries, 10);
	uint64_t each = u.bytes / 10;
	unsigned char key[DIGEST_SIZE];
	key_of(key, 30);
	assert_true(store_write(f->store, key, "contents 30", 11));
	/* room for about 6 entries: 11 there, 90 % of 6.5 is 5.85 */
	store_commit(f->store, each * 13 / 2);
	assert_int_equal(store_scan(f->dir, false, &u), 0);
	assert_int_equal(u.entries, 5);
	assert_true(reads_back(f, 20));
	assert_true(reads_back(f, 30));
	for (int n = 21; n < 27; n++)
		assert_false(reads_back(f, n));
	assert_true(reads_back(f, 29));
}

static void test_scan_and_clean(void **state)
{
	fixture *f = *state;
	put(f, 40);
	put(f, 41);
	char other[256];
	snprintf(other, sizeof other, "%s/notes.txt", f->results);
	FILE *file = fopen(other, "w");
	fputs("not an entry\n", file);
	fclose(file);
	store_usage u;
	assert_int_equal(store_scan(f->dir, false, &u), 0);
	assert_int_equal(u.entries, 2);
	assert_int_equal(store_scan(f->dir, true, &u), 0);
	assert_int_equal(u.entries, 2);
	assert_true(u.bytes > 20);
	assert_int_equal(store_scan(f->dir, false, &u), 0);
	assert_int_equal(u.entries, 0);
	assert_int_equal(access(other, F_OK), 0);
	/* a directory with no cache in it holds nothing */
	assert_int_equal(store_scan(f->root, false, &u), 0);
	assert_int_equal(u.entries, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_commit_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_discard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_and_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_folder_others_may_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scan_and_clean, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
