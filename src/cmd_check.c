/*
 * cmd_check — `pevcheck check [options] PATH...`: the options, the project
 * configuration, then the run (run_check.c) and its exit status.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_i18n.h"
#include "base_interrupt.h"
#include "cmd_common.h"
#include "fmt.h"
#include "run_batch.h"
#include "run_check.h"
#include "run_watch.h"

static const char *const usage = N_(
	"Usage: pevcheck check [options] PATH...\n"
	"  Check performance self-evaluation reports: data files (.yaml .yml .json) and forms\n"
	"  (.xlsx .docx .txt .md); for a directory, every data file, workbook and Word file\n"
	"  in it and its subdirectories.\n"
	"  -r, --rules DIR      rule directory, repeatable (default: the bundled standard rules)\n"
	"  -f, --format FMT     text (default) | json | junit | sarif | github | markdown | html\n"
	"  -o, --output FILE    write the report there instead of stdout\n"
	"      --fail-on LEVEL  error (default) | warning | info | never\n"
	"  -j, --jobs N         files checked in parallel (default: the number of CPUs)\n"
	"      --files-from F   also check the paths listed in F, one a line (- for stdin)\n"
	"      --color WHEN     auto (default) | always | never\n"
	"      --config FILE    project configuration (default: .pevcheck.yaml found from the\n"
	"                       current directory upward)\n"
	"      --no-config      ignore any .pevcheck.yaml\n"
	"      --no-cache       check every file again: take no results from the results cache\n"
	"                       and keep none (PEVCHECK_CACHE=off)\n"
	"      --cache-dir DIR  where results are kept between runs (default: $PEVCHECK_CACHE_DIR,\n"
	"                       else ~/.cache/pevcheck); a file checked before, with nothing it\n"
	"                       depends on changed, is not checked again\n"
	"      --framework NAME scoring framework (frameworks/NAME.yaml in a rule directory) for\n"
	"                       every report; default: each report's framework: field, else the one\n"
	"                       its score table's first-level indicators match (pevcheck frameworks)\n"
	"      --profile        time every rule; print the slowest first (on stderr)\n"
	"      --limit NAME=N   change a limit, repeatable: file-size, depth, nodes, aliases,\n"
	"                       alias-expansion, scalar, instructions, rule-seconds, findings,\n"
	"                       rule-memory, memory (see docs/security.md)\n"
	"      --watch          check again whenever a report, rule or the configuration changes,\n"
	"                       showing the findings new and gone since the last run; Ctrl-C ends\n");

/* What the command line said, before the configuration fills the gaps. */
typedef struct check_options {
	string_list rules;
	const char *format, *output, *color, *files_from, *config_file, *framework;
	int fail_on; /* -1: not given */
	int jobs;    /* 0: not given */
	bool no_config, profile, watch, no_cache;
	const char *cache_dir;
	const char *limits[32];
	size_t limit_count;
	char *const *paths; /* the operands */
	size_t path_count;
} check_options;

/* One option into o; returns -1 to go on, else the exit status (an invalid
 * value, already reported; --help, already printed). */
static int take_option(check_options *o, int opt, const char *arg)
{
	switch (opt) {
	case 'r': cmd_add_dir(&o->rules, arg); return -1;
	case 'f': o->format = arg; return -1;
	case 'o': o->output = arg; return -1;
	case 'L': o->files_from = arg; return -1;
	case 'G': o->config_file = arg; return -1;
	case 'N': o->no_config = true; return -1;
	case 'K': o->no_cache = true; return -1;
	case 'D': o->cache_dir = arg; return -1;
	case 'P': o->profile = true; return -1;
	case 'W': o->framework = arg; return -1;
	case 'w': o->watch = true; return -1;
	case 'F':
		o->fail_on = severity_parse(arg);
		if (o->fail_on >= 0)
			return -1;
		fprintf(stderr, _("pevcheck: invalid --fail-on value '%s': expected error, warning, info or never\n"),
		        arg);
		return EXIT_TROUBLE;
	case 'j': {
		char *end;
		long j = strtol(arg, &end, 10);
		o->jobs = (int)j;
		if (!*end && j >= 1 && j <= 256)
			return -1;
		fprintf(stderr, _("pevcheck: invalid -j value '%s': expected an integer from 1 to 256\n"), arg);
		return EXIT_TROUBLE;
	}
	case 'C':
		o->color = arg;
		if (!strcmp(arg, "auto") || !strcmp(arg, "always") || !strcmp(arg, "never"))
			return -1;
		fputs(_("pevcheck: --color takes auto, always or never\n"), stderr);
		return EXIT_TROUBLE;
	case 'M':
		if (o->limit_count < sizeof o->limits / sizeof *o->limits) {
			o->limits[o->limit_count++] = arg;
			return -1;
		}
		fputs(_("pevcheck: at most 32 --limit options\n"), stderr);
		return EXIT_TROUBLE;
	case 'h': fputs(_(usage), stdout); return EXIT_CLEAN;
	default: fputs(_(usage), stderr); return EXIT_TROUBLE;
	}
}

/* The command line into o; returns -1 to go on, else the exit status. */
static int parse_options(check_options *o, int argc, char **argv)
{
	static const struct option options[] = {
		{ "rules", required_argument, NULL, 'r' },  { "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' }, { "fail-on", required_argument, NULL, 'F' },
		{ "jobs", required_argument, NULL, 'j' },   { "color", required_argument, NULL, 'C' },
		{ "files-from", required_argument, NULL, 'L' },
		{ "config", required_argument, NULL, 'G' },
		{ "no-config", no_argument, NULL, 'N' },
		{ "no-cache", no_argument, NULL, 'K' },
		{ "cache-dir", required_argument, NULL, 'D' },
		{ "profile", no_argument, NULL, 'P' },
		{ "limit", required_argument, NULL, 'M' },
		{ "framework", required_argument, NULL, 'W' },
		{ "watch", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
	};
	optind = 1;
	int opt, status = -1;
	while (status < 0 && (opt = getopt_long(argc, argv, "r:f:o:j:h", options, NULL)) != -1)
		status = take_option(o, opt, optarg);
	if (status >= 0)
		return status;
	if (optind >= argc && !o->files_from) {
		fputs(_("pevcheck: no files to check\n"), stderr);
		fputs(_(usage), stderr);
		return EXIT_TROUBLE;
	}
	o->paths = argv + optind;
	o->path_count = (size_t)(argc - optind);
	format_options probe_options = { .version = PEVCHECK_VERSION };
	printer probe;
	if (!format_printer(o->format, &probe_options, &probe)) {
		fprintf(stderr, _("pevcheck: unknown output format '%s' (known: %s)\n"), o->format,
		        format_names());
		return EXIT_TROUBLE;
	}
	return -1;
}

/* --watch: each finding (its file, rule, data path and message as the key,
 * its severity as the state). */
static void observe(void *context, const doc_result *r)
{
	for (size_t i = 0; i < r->finding_count; i++) {
		const finding *f = &r->findings[i];
		char key[2048];
		snprintf(key, sizeof key, "%s  %s  %s: %.*s", r->file, f->rule, f->path ? f->path : "",
		         (int)strcspn(f->message, "\n"), f->message);
		watch_result(context, key, f->waived ? "waived" : severity_name(f->severity));
	}
}

/* What a run reads, for --watch: the operands, the rule directories and
 * the configuration. */
static void watch_inputs(watch_results *results, const check_options *o, const string_list *rules,
                         const project_config *config)
{
	for (size_t i = 0; i < o->path_count; i++)
		watch_path(results, o->paths[i]);
	for (size_t i = 0; i < rules->count; i++)
		watch_path(results, rules->items[i]);
	if (config->file)
		watch_path(results, config->file);
}

/* One check: the configuration (read again every run, for --watch), the
 * settings it and the options make, the run; its exit status.  results:
 * for --watch, or NULL. */
static int check_once(const check_options *o, watch_results *results)
{
	project_config config;
	config_init(&config);
	string_list rules = { 0 };
	int status = EXIT_TROUBLE;
	if (cmd_load_config(&config, o->config_file, o->no_config) != 0)
		goto out;
	for (size_t i = 0; i < o->rules.count; i++)
		cmd_add_dir(&rules, o->rules.items[i]);
	cmd_default_rule_dirs(&rules, &config);
	if (results)
		watch_inputs(results, o, &rules, &config);
	check_settings s = {
		.rule_dirs = (const char *const *)rules.items,
		.rule_dir_count = rules.count,
		.config = &config,
		.format = o->format,
		.output = o->output,
		.color = o->color,
		.fail_on = o->fail_on >= 0 ? o->fail_on : config.fail_on >= 0 ? config.fail_on : SEV_ERROR,
		.jobs = o->jobs ? o->jobs : config.jobs ? config.jobs : batch_default_jobs(),
		.files_from = o->files_from,
		.framework = o->framework,
		.profile = o->profile,
		/* --profile times the rules: every file must be checked */
		.cache = !o->no_cache && !o->profile && !cmd_cache_off(),
		.cache_dir = o->cache_dir,
		.limits = o->limits,
		.limit_count = o->limit_count,
		.paths = o->paths,
		.path_count = o->path_count,
		.observe = results ? observe : NULL,
		.observe_context = results,
	};
	check_outcome r = run_check(&s);
	if (r.signal)
		status = 128 + r.signal;
	else if (!r.trouble)
		status = r.worst >= (int)s.fail_on && s.fail_on != SEV_NONE ? EXIT_FINDINGS : EXIT_CLEAN;
out:
	config_free(&config);
	string_list_free(&rules);
	return status;
}

static int watched_check(void *context, watch_results *results)
{
	return check_once(context, results);
}

int cmd_check(int argc, char **argv)
{
	/* From the start: a signal during rule loading must still leave no
	 * temporary file behind. */
	interrupt_install();
	check_options o = { .format = "text", .color = "auto", .fail_on = -1 };
	int status = parse_options(&o, argc, argv);
	if (status < 0 && o.watch)
		status = watch_loop("pevcheck check", watched_check, &o);
	else if (status < 0)
		status = check_once(&o, NULL);
	string_list_free(&o.rules);
	return status;
}
