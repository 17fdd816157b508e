/*
 * Unit tests for file_list.c: a directory gives its .yaml, .yml and .json
 * files in name order at each level, subdirectories (and links to them) in
 * their place, nothing hidden and nothing else; a named file is taken as
 * named; a directory it cannot walk is kept to be reported; --files-from
 * skips blank lines; and a found file costs its name, not its path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load_files.h"

static char root[64];

static void touch(const char *rel)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
}

static void make_dir(const char *rel)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0700), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/pevcheck-files-test.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	make_dir("d");
	make_dir("d/sub");
	make_dir("d/.hidden");
	make_dir("elsewhere");
	touch("d/b.yaml");
	touch("d/a.yml");
	touch("d/c.json");
	touch("d/notes.txt");
	touch("d/.dot.yaml");
	touch("d/sub/z.yaml");
	touch("d/.hidden/h.yaml");
	touch("elsewhere/e.yaml");
	char target[256], link[256];
	snprintf(target, sizeof target, "%s/elsewhere", root);
	snprintf(link, sizeof link, "%s/d/linked", root);
	return symlink(target, link);
}

static int teardown(void **state)
{
	(void)state;
	char command[128];
	snprintf(command, sizeof command, "rm -rf '%s'", root);
	return system(command);
}

static void expect_paths(const file_list *l, const char *const *want, size_t n)
{
	assert_int_equal(l->count, n);
	for (size_t i = 0; i < n; i++) {
		char buf[4096], full[256];
		snprintf(full, sizeof full, "%s/%s", root, want[i]);
		assert_string_equal(file_list_path(l, i, buf, sizeof buf), full);
	}
}

static void a_directory_in_name_order(void **state)
{
	(void)state;
	file_list l = { 0 };
	char dir[128];
	snprintf(dir, sizeof dir, "%s/d", root);
	file_list_add(&l, dir);
	static const char *const want[] = { "d/a.yml", "d/b.yaml", "d/c.json", "d/linked/e.yaml", "d/sub/z.yaml" };
	expect_paths(&l, want, 5);
	file_list_free(&l);

	/* a trailing slash does not double */
	snprintf(dir, sizeof dir, "%s/d/", root);
	file_list_add(&l, dir);
	expect_paths(&l, want, 5);
	file_list_free(&l);
}

static void named_files_as_named(void **state)
{
	(void)state;
	file_list l = { 0 };
	char path[128];
	snprintf(path, sizeof path, "%s/d/notes.txt", root);
	file_list_add(&l, path); /* named: checked whatever its name */
	file_list_add(&l, "no/such/file.yaml");
	assert_int_equal(l.count, 2);
	char buf[4096];
	assert_string_equal(file_list_path(&l, 0, buf, sizeof buf), path);
	assert_string_equal(file_list_path(&l, 1, buf, sizeof buf), "no/such/file.yaml");
	file_list_free(&l);
}

static void a_directory_too_deep_is_kept(void **state)
{
	(void)state;
	/* Past 64 levels the walk stops and keeps the directory, to be
	 * reported as unreadable, as it does one it cannot open (a test that
	 * runs as root in CI can make no directory unopenable). */
	char dir[4096];
	int n = snprintf(dir, sizeof dir, "%s/deep", root);
	mkdir(dir, 0700);
	for (int level = 0; level < 66; level++) {
		n += snprintf(dir + n, sizeof dir - (size_t)n, "/x");
		assert_int_equal(mkdir(dir, 0700), 0);
	}
	char top[128];
	snprintf(top, sizeof top, "%s/deep", root);
	file_list l = { 0 };
	file_list_add(&l, top);
	assert_int_equal(l.count, 1);
	char buf[4096];
	const char *kept = file_list_path(&l, 0, buf, sizeof buf);
	assert_int_equal(strncmp(kept, top, strlen(top)), 0);
	assert_true(strlen(kept) == strlen(top) + 2 * 65); /* kept at the 65th level below */
	file_list_free(&l);
}

static void files_from_skips_blank_lines(void **state)
{
	(void)state;
	char list[128];
	snprintf(list, sizeof list, "%s/list.txt", root);
	FILE *f = fopen(list, "w");
	fprintf(f, "%s/d/sub\n\n%s/elsewhere/e.yaml\r\n", root, root);
	fclose(f);
	file_list l = { 0 };
	assert_int_equal(file_list_read(&l, list), 0);
	static const char *const want[] = { "d/sub/z.yaml", "elsewhere/e.yaml" };
	expect_paths(&l, want, 2);
	file_list_free(&l);
	assert_int_equal(file_list_read(&l, "/no/such/list"), -1);
	unlink(list);
}

static void a_found_file_costs_its_name(void **state)
{
	(void)state;
	char dir[128];
	snprintf(dir, sizeof dir, "%s/many", root);
	mkdir(dir, 0700);
	for (int i = 0; i < 1000; i++) {
		char path[256];
		snprintf(path, sizeof path, "%s/r%05d.yaml", dir, i);
		fclose(fopen(path, "w"));
	}
	file_list l = { 0 };
	file_list_add(&l, dir);
	assert_int_equal(l.count, 1000);
	/* the directory once, then "r00000.yaml\0" (12 bytes) per file */
	assert_true(l.used < strlen(dir) + 1 + 1000 * 12 + 1);
	char buf[4096], want[256];
	snprintf(want, sizeof want, "%s/r00999.yaml", dir);
	assert_string_equal(file_list_path(&l, 999, buf, sizeof buf), want);
	file_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_directory_in_name_order),
		cmocka_unit_test(named_files_as_named),
		cmocka_unit_test(a_directory_too_deep_is_kept),
		cmocka_unit_test(files_from_skips_blank_lines),
		cmocka_unit_test(a_found_file_costs_its_name),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
