/*
 * Unit tests for fs.c: a regular file is read whole; a directory, a FIFO
 * (without blocking) or a file over the limit is refused with an errno
 * saying which; a directory lists in name order, hidden entries left out,
 * links followed and dangling ones marked; a walk lists each directory once
 * however many links lead to it; fs_inside tells a path that resolves
 * outside a directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
	assert_true(list[0].link);
	assert_string_equal(list[1].name, "b.txt");
	assert_int_equal(list[1].kind, FS_FILE);
	assert_false(list[1].link);
	assert_string_equal(list[2].name, "c-dangling");
	assert_int_equal(list[2].kind, FS_DANGLING);
	assert_string_equal(list[3].name, "fifo");
	assert_int_equal(list[3].kind, FS_FILE);
	assert_string_equal(list[4].name, "sub");
	assert_int_equal(list[4].kind, FS_DIR);
	fs_free_list(list, n);
	assert_null(fs_list_dir("/no/such/dir", &n));
}

/* Two links to "." and a link to the parent: every walk through them would
 * go on for ever (two links: 2^depth visits); a walk lists each directory
 * once, saying ELOOP for the others. */
static void a_walk_lists_each_directory_once(void **state)
{
	(void)state;
	char dir[128], p[256];
	at(dir, sizeof dir, "loops");
	mkdir(dir, 0700);
	snprintf(p, sizeof p, "%s/x", dir);
	symlink(".", p);
	snprintf(p, sizeof p, "%s/y", dir);
	symlink(".", p);
	snprintf(p, sizeof p, "%s/up", dir);
	symlink("..", p);
	fs_walk walk = { 0 };
	size_t n;
	fs_entry *list = fs_walk_list(&walk, dir, &n);
	assert_non_null(list);
	assert_int_equal(n, 3);
	fs_free_list(list, n);
	snprintf(p, sizeof p, "%s/x", dir);
	errno = 0;
	assert_null(fs_walk_list(&walk, p, &n)); /* the same directory: listed */
	assert_int_equal(errno, ELOOP);
	snprintf(p, sizeof p, "%s/x/y/x", dir);
	assert_null(fs_walk_list(&walk, p, &n));
	snprintf(p, sizeof p, "%s/up", dir); /* the parent: not listed yet */
	list = fs_walk_list(&walk, p, &n);
	assert_non_null(list);
	fs_free_list(list, n);
	snprintf(p, sizeof p, "%s/up/loops", dir); /* back down: listed */
	assert_null(fs_walk_list(&walk, p, &n));
	/* many directories: the set grows */
	for (int i = 0; i < 200; i++) {
		snprintf(p, sizeof p, "%s/d%03d", dir, i);
		mkdir(p, 0700);
		list = fs_walk_list(&walk, p, &n);
		assert_non_null(list);
		fs_free_list(list, n);
	}
	snprintf(p, sizeof p, "%s/d123", dir);
	assert_null(fs_walk_list(&walk, p, &n));
	fs_walk_free(&walk);
	/* a new walk starts afresh */
	list = fs_walk_list(&walk, p, &n);
	assert_non_null(list);
	fs_free_list(list, n);
	fs_walk_free(&walk);
}

static void tells_a_path_that_resolves_outside(void **state)
{
	(void)state;
	char real[PATH_MAX], p[256], resolved[PATH_MAX];
	assert_non_null(realpath(root, real));
	at(p, sizeof p, "b.txt");
	assert_true(fs_inside(real, p, resolved, sizeof resolved));
	at(p, sizeof p, "a-link/../b.txt");
	assert_true(fs_inside(real, p, resolved, sizeof resolved));
	assert_true(fs_inside(real, root, resolved, sizeof resolved)); /* itself */
	at(p, sizeof p, "out-link");
	symlink("/etc/hostname", p);
	assert_false(fs_inside(real, p, resolved, sizeof resolved));
	assert_string_equal(resolved, "/etc/hostname");
	at(p, sizeof p, "c-dangling");
	assert_false(fs_inside(real, p, resolved, sizeof resolved));
	/* a sibling whose name starts like the root is not inside it */
	char sibling[PATH_MAX + 8];
	snprintf(sibling, sizeof sibling, "%s-x", real);
	mkdir(sibling, 0700);
	assert_false(fs_inside(real, sibling, resolved, sizeof resolved));
	rmdir(sibling);
	assert_true(fs_inside("/", root, resolved, sizeof resolved));
	at(p, sizeof p, "out-link");
	unlink(p);
}

/* A device is refused without being opened (opening one can act on it). */
static void refuses_a_device_unopened(void **state)
{
	(void)state;
	size_t n;
	assert_null(fs_read_file("/dev/null", 0, 1 << 20, &n, NULL));
	assert_int_equal(errno, EINVAL);
}

/* fs_write_all and fs_read_all through a pipe: everything written is read,
 * the end of the data ends the read, a failed call says so. */
static void reads_and_writes_all(void **state)
{
	(void)state;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	static const char text[] = "总分\t94.57\n";
	assert_true(fs_write_all(fds[1], text, strlen(text)));
	close(fds[1]);
	char buf[64];
	int error = -1;
	assert_int_equal(fs_read_all(fds[0], buf, sizeof buf, &error), strlen(text));
	assert_int_equal(error, 0);
	assert_memory_equal(buf, text, strlen(text));
	close(fds[0]);
	assert_int_equal(fs_read_all(fds[0], buf, sizeof buf, &error), 0);
	assert_int_equal(error, EBADF);
	assert_false(fs_write_all(fds[1], text, strlen(text)));
	assert_int_equal(errno, EBADF);
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
		cmocka_unit_test(a_walk_lists_each_directory_once),
		cmocka_unit_test(tells_a_path_that_resolves_outside),
		cmocka_unit_test(refuses_a_device_unopened),
		cmocka_unit_test(reads_and_writes_all),
		cmocka_unit_test(joins_with_one_slash),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
