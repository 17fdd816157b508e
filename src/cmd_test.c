/*
 * cmd_test — `pevcheck test [options] [DIR...]`: which rules to load and
 * which tests to run, then the tests (run_rule_tests.c) and the summary.
 */
#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>

#include "base_fs.h"
#include "base_i18n.h"
#include "cmd_common.h"
#include "run_rule_tests.h"
#include "run_watch.h"

static const char *const usage = N_(
	"Usage: pevcheck test [options] [DIR...]\n"
	"  Run the rule tests (*.test.yaml) in rule directories; by default the standard rule\n"
	"  directory.\n"
	"  -r, --rules DIR   rule directory to load, repeatable\n"
	"                    (default: the bundled standard rules and every DIR)\n"
	"      --coverage    report, for each rule file, the share of its lines the tests ran\n"
	"                    and the lines they never ran\n"
	"      --config FILE project configuration; without DIR and -r its rule directories\n"
	"                    are tested (default: .pevcheck.yaml found upward)\n"
	"      --no-config   ignore any .pevcheck.yaml\n"
	"  -v, --verbose     list every case, not only failures\n"
	"      --watch       run the tests again whenever a rule, test or report file changes,\n"
	"                    showing what changed since the last run; Ctrl-C ends\n");

typedef struct test_options {
	string_list rules, test_dirs;
	bool verbose, coverage, no_config, watch;
	const char *config_file;
} test_options;

/* The command line into o; returns -1 to go on, else the exit status. */
static int parse_options(test_options *o, int argc, char **argv)
{
	static const struct option options[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "coverage", no_argument, NULL, 'c' },
		{ "config", required_argument, NULL, 'G' },
		{ "no-config", no_argument, NULL, 'N' },
		{ "no-cache", no_argument, NULL, 'K' },
		{ "watch", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "r:vh", options, NULL)) != -1) {
		switch (opt) {
		case 'r': cmd_add_dir(&o->rules, optarg); break;
		case 'v': o->verbose = true; break;
		case 'c': o->coverage = true; break;
		case 'G': o->config_file = optarg; break;
		case 'N': o->no_config = true; break;
		case 'K': break; /* --no-cache: rules are always compiled from source now */
		case 'W': o->watch = true; break;
		case 'h': fputs(_(usage), stdout); return EXIT_CLEAN;
		default: fputs(_(usage), stderr); return EXIT_TROUBLE;
		}
	}
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, _("pevcheck: %s is not a directory\n"), argv[i]);
			return EXIT_TROUBLE;
		}
		cmd_add_dir(&o->test_dirs, argv[i]);
	}
	return -1;
}

/* --watch: each case's outcome, and each file the tests read. */
static void observe_case(void *context, const char *file, const char *name, bool passed)
{
	char key[4096];
	snprintf(key, sizeof key, "%s: %s", file, name);
	watch_result(context, key, passed ? "ok" : "FAIL");
}

static void observe_file(void *context, const char *path)
{
	watch_path(context, path);
}

/* The rule and test directories: the command line's, else the
 * configuration's, else the bundled rules. */
static void choose_dirs(const test_options *o, const project_config *config, string_list *rules,
                        string_list *test_dirs)
{
	/* With neither DIR nor -r, the project's rule directories
	 * (.pevcheck.yaml) are what is tested, as check would load them. */
	bool neither = o->test_dirs.count == 0 && o->rules.count == 0;
	for (size_t i = 0; i < o->test_dirs.count; i++)
		cmd_add_dir(test_dirs, o->test_dirs.items[i]);
	for (size_t i = 0; i < o->rules.count; i++)
		cmd_add_dir(rules, o->rules.items[i]);
	for (size_t i = 0; neither && i < config->rule_dir_count; i++)
		cmd_add_dir(test_dirs, config->rule_dirs[i]);
	if (test_dirs->count == 0)
		cmd_add_dir(test_dirs, fs_bundled_rules());
	if (rules->count == 0) {
		if (!neither || config->rule_dir_count == 0)
			cmd_add_dir(rules, fs_bundled_rules());
		for (size_t i = 0; i < test_dirs->count; i++)
			cmd_add_dir(rules, test_dirs->items[i]);
	}
}

/* Choose the directories, run the tests, print the summary; the exit
 * status.  results: for --watch, or NULL. */
static int test(const test_options *o, watch_results *results)
{
	string_list rules = { 0 }, test_dirs = { 0 };
	project_config config;
	config_init(&config);
	int status = EXIT_TROUBLE;
	/* Read with DIR or -r too, for its language. */
	if (cmd_load_config(&config, o->config_file, o->no_config) != 0)
		goto out;
	choose_dirs(o, &config, &rules, &test_dirs);
	rule_test_settings s = {
		.rule_dirs = (const char *const *)rules.items,
		.rule_dir_count = rules.count,
		.test_dirs = &test_dirs,
		.verbose = o->verbose,
		.coverage = o->coverage,
		.observe_case = results ? observe_case : NULL,
		.observe_file = results ? observe_file : NULL,
		.observe_context = results,
	};
	for (size_t i = 0; results && i < rules.count; i++)
		watch_path(results, rules.items[i]);
	for (size_t i = 0; results && i < test_dirs.count; i++)
		watch_path(results, test_dirs.items[i]);
	if (results && config.file)
		watch_path(results, config.file);
	rule_test_counts counts;
	if (run_rule_tests(&s, &counts) == 0) {
		printf("%zu passed, %zu failed\n", counts.passed, counts.failed);
		status = counts.failed ? EXIT_FINDINGS : EXIT_CLEAN;
	}
out:
	string_list_free(&rules);
	string_list_free(&test_dirs);
	config_free(&config);
	return status;
}

static int watched_test(void *context, watch_results *results)
{
	return test(context, results);
}

int cmd_test(int argc, char **argv)
{
	test_options o = { 0 };
	int status = parse_options(&o, argc, argv);
	if (status < 0 && o.watch)
		status = watch_loop("pevcheck test", watched_test, &o);
	else if (status < 0)
		status = test(&o, NULL);
	string_list_free(&o.rules);
	string_list_free(&o.test_dirs);
	return status;
}
