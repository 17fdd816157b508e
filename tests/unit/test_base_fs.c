/*
 * Unit tests for fs.c: a regular file is read whole; a directory, a FIFO
 * (without blocking) or a file over the limit is refused with an errno
 * saying which; a directory lists in name order, hidden entries left out,
 * links followed and dangling ones marked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base_fs.h"

static char root[64];

static void at(char *out, size_t size, const char *rel)
{
	snprintf(out, size, "%s/%s", root, rel);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/pevcheck-fs-test.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	char p[256], q[256];
	at(p, sizeof p, "b.txt");
	FILE *f = fopen(p, "w");
	fputs("规则\n", f);
	fclose(f);
	at(p, sizeof p, "sub");
	mkdir(p, 0700);
	at(p, sizeof p, ".hidden");
	fclose(fopen(p, "w"));
	at(p, sizeof p, "fifo");
	mkfifo(p, 0600);
	at(p, sizeof p, "a-link");
	at(q, sizeof q, "sub");
	symlink(q, p);
	at(p, sizeof p, "c-dangling");
	symlink("/no/such/target", p);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char command[128];
	snprintf(command, sizeof command, "rm -rf '%s'", root);
	return system(command);
}

static void reads_a_regular_file_whole(void **state)
{
	(void)state;
	char p[256];
	at(p, sizeof p, "b.txt");
	size_t n;
	struct stat st;
	char *text = fs_read_file(p, 0, 1 << 20, &n, &st);
	assert_non_null(text);
	assert_int_equal(n, strlen("规则\n"));
	assert_string_equal(text, "规则\n");
	assert_int_equal(st.st_size, (off_t)n);
	free(text);
}

static void refuses_what_is_not_a_small_regular_file(void **state)
{
	(void)state;
	char p[256];
	size_t n;
	at(p, sizeof p, "sub");
	assert_null(fs_read_file(p, 0, 1 << 20, &n, NULL));
	assert_int_equal(errno, EISDIR);
	at(p, sizeof p, "fifo"); /* no writer: a blocking open would hang here */
	assert_null(fs_read_file(p, 0, 1 << 20, &n, NULL));
	assert_int_equal(errno, EINVAL);
	at(p, sizeof p, "b.txt");
	assert_null(fs_read_file(p, 0, 3, &n, NULL));
	assert_int_equal(errno, EFBIG);
	at(p, sizeof p, "a-link");
	assert_null(fs_read_file(p, O_NOFOLLOW, 1 << 20, &n, NULL));
	assert_int_equal(errno, ELOOP);
	assert_null(fs_read_file("/no/such/file", 0, 1 << 20, &n, NULL));
	assert_int_equal(errno, ENOENT);
}

static void lists_in_name_order(void **state)
{
	(void)state;
	size_t n;
	fs_entry *list = fs_list_dir(root, &n);
	assert_non_null(list);
	assert_int_equal(n, 5);
	assert_string_equal(list[0].name, "a-link");
	assert_int_equal(list[0].kind, FS_DIR);
	assert_string_equal(list[1].name, "b.txt");
	assert_int_equal(list[1].kind, FS_FILE);
	assert_string_equal(list[2].name, "c-dangling");
	assert_int_equal(list[2].kind, FS_DANGLING);
	assert_string_equal(list[3].name, "fifo");
	assert_int_equal(list[3].kind, FS_FILE);
	assert_string_equal(list[4].name, "sub");
	assert_int_equal(list[4].kind, FS_DIR);
	fs_free_list(list, n);
	assert_null(fs_list_dir("/no/such/dir", &n));
}

static void joins_with_one_slash(void **state)
{
	(void)state;
	char out[64];
	fs_join(out, sizeof out, "a", "b");
	assert_string_equal(out, "a/b");
	fs_join(out, sizeof out, "a/", "b");
	assert_string_equal(out, "a/b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_a_regular_file_whole),
		cmocka_unit_test(refuses_what_is_not_a_small_regular_file),
		cmocka_unit_test(lists_in_name_order),
		cmocka_unit_test(joins_with_one_slash),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
