/*
 * cmd_check — `pevcheck check [options] PATH...`
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base_alloc.h"
#include "cmd_common.h"
#include "run_engine.h"
#include "run_batch.h"
#include "run_config.h"
#include "fmt.h"
#include "rules_chunk_cache.h"
#include "load_inputs.h"
#include "base_interrupt.h"
#include "run_limits.h"
#include "score_framework.h"
#include "base_i18n.h"

static const char *const usage = N_(
	"Usage: pevcheck check [options] PATH...\n"
	"  Check performance self-evaluation report data files; for a directory, every\n"
	"  .yaml/.yml/.json file in it and its subdirectories.\n"
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
	"      --no-cache       compile the rules from source, without the cache of compiled\n"
	"                       rules (default: ~/.cache/pevcheck; PEVCHECK_CACHE=off)\n"
	"      --framework NAME scoring framework (rules/profiles/NAME.yaml) for every report;\n"
	"                       default: each report's framework: field, else the standard rules\n"
	"      --profile        time every rule; print the slowest first (on stderr)\n"
	"      --limit NAME=N   change a limit, repeatable: file-size, depth, nodes, aliases,\n"
	"                       alias-expansion, scalar, instructions, findings, rule-memory,\n"
	"                       memory (see docs/security.md)\n");

typedef struct check_run {
	printer out;
	run_summary summary;
	int worst; /* highest severity seen, -1 for none */
	/* progress on a terminal's stderr for long runs */
	bool progress;
	size_t files_total, files_done;
	const char *last_file;
	struct timespec last_shown;
} check_run;

static void show_progress(check_run *run, const doc_result *r)
{
	if (!run->last_file || strcmp(run->last_file, r->file) != 0)
		run->files_done++;
	run->last_file = r->file;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (now.tv_sec - run->last_shown.tv_sec) * 1000 +
	          (now.tv_nsec - run->last_shown.tv_nsec) / 1000000;
	if (ms < 100 && run->files_done < run->files_total)
		return;
	run->last_shown = now;
	fputc('\r', stderr);
	fprintf(stderr,
	        ngettext("checking %zu/%zu files, %zu error ", "checking %zu/%zu files, %zu errors ",
	                 run->summary.errors),
	        run->files_done, run->files_total, run->summary.errors);
}

static void sink(void *context, const doc_result *r)
{
	check_run *run = context;
	run->summary.documents++;
	run->summary.errors += result_count(r, SEV_ERROR);
	run->summary.warnings += result_count(r, SEV_WARNING);
	run->summary.infos += result_count(r, SEV_INFO);
	run->summary.waived += result_count_waived(r);
	if (run->progress)
		show_progress(run, r);
	int m = result_max_severity(r);
	if (m > run->worst)
		run->worst = m;
	run->out.document(&run->out, r);
}

static bool same_file(int a, int b)
{
	struct stat sa, sb;
	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

static FILE *open_output(const char *path, char **temp)
{
	*temp = NULL;
	if (!path)
		return stdout;
	/* A device or a pipe (-o /dev/null, -o /dev/stdout) is written in
	 * place: renaming a temporary over it would replace it. */
	struct stat st;
	bool exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode))
		return fopen(path, "w");
	size_t n = strlen(path) + 16;
	*temp = xmalloc(n);
	snprintf(*temp, n, "%s.tmp.XXXXXX", path);
	/* Written beside the target and renamed at the end, so an
	 * interrupted run leaves the old report or none, never half of one. */
	int fd = mkstemp(*temp);
	if (fd < 0)
		return NULL;
	/* mkstemp makes the file 0600; the report gets the mode a plain
	 * fopen would give it, or keeps the one it had. */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, exists ? st.st_mode & 07777 : 0666 & ~mask) != 0) {
		close(fd);
		unlink(*temp);
		return NULL;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(*temp);
	}
	return f;
}

int cmd_check(int argc, char **argv)
{
	static const struct option options[] = {
		{ "rules", required_argument, NULL, 'r' },  { "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' }, { "fail-on", required_argument, NULL, 'F' },
		{ "jobs", required_argument, NULL, 'j' },   { "color", required_argument, NULL, 'C' },
		{ "files-from", required_argument, NULL, 'L' },
		{ "config", required_argument, NULL, 'G' },
		{ "no-config", no_argument, NULL, 'N' },
		{ "no-cache", no_argument, NULL, 'K' },
		{ "profile", no_argument, NULL, 'P' },
		{ "limit", required_argument, NULL, 'M' },
		{ "framework", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
	};
	string_list rules = { 0 };
	const char *format = "text", *output = NULL, *color = "auto";
	int fail_on = SEV_ERROR;
	int jobs = 0;
	const char *files_from = NULL, *config_file = NULL, *framework = NULL;
	bool no_config = false, fail_on_given = false, profile = false;
	const char *limit_args[32];
	size_t limit_count = 0;
	/* From the start: a signal during rule loading must still leave no
	 * temporary file behind. */
	interrupt_install();
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "r:f:o:j:h", options, NULL)) != -1) {
		switch (opt) {
		case 'r':
			cmd_add_dir(&rules, optarg);
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'F':
			fail_on = severity_parse(optarg);
			fail_on_given = true;
			if (fail_on < 0) {
				fprintf(stderr, _("pevcheck: invalid --fail-on value '%s': expected error, warning, info or never\n"),
				        optarg);
				string_list_free(&rules);
				return EXIT_TROUBLE;
			}
			break;
		case 'j': {
			char *end;
			long j = strtol(optarg, &end, 10);
			if (*end || j < 1 || j > 256) {
				fprintf(stderr, _("pevcheck: invalid -j value '%s': expected an integer from 1 to 256\n"), optarg);
				string_list_free(&rules);
				return EXIT_TROUBLE;
			}
			jobs = (int)j;
			break;
		}
		case 'C':
			color = optarg;
			if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never")) {
				fputs(_("pevcheck: --color takes auto, always or never\n"), stderr);
				string_list_free(&rules);
				return EXIT_TROUBLE;
			}
			break;
		case 'L':
			files_from = optarg;
			break;
		case 'G':
			config_file = optarg;
			break;
		case 'N':
			no_config = true;
			break;
		case 'K':
			chunk_cache_disable_disk();
			break;
		case 'P':
			profile = true;
			break;
		case 'W':
			framework = optarg;
			break;
		case 'M':
			if (limit_count == sizeof limit_args / sizeof *limit_args) {
				fputs(_("pevcheck: at most 32 --limit options\n"), stderr);
				string_list_free(&rules);
				return EXIT_TROUBLE;
			}
			limit_args[limit_count++] = optarg;
			break;
		case 'h':
			fputs(_(usage), stdout);
			string_list_free(&rules);
			return EXIT_CLEAN;
		default:
			fputs(_(usage), stderr);
			string_list_free(&rules);
			return EXIT_TROUBLE;
		}
	}
	if (optind >= argc && !files_from) {
		fputs(_("pevcheck: no files to check\n"), stderr);
		fputs(_(usage), stderr);
		string_list_free(&rules);
		return EXIT_TROUBLE;
	}
	format_options fo = { .fail_on = (enum severity)fail_on, .version = PEVCHECK_VERSION };
	printer probe;
	if (!format_printer(format, &fo, &probe)) {
		fprintf(stderr, _("pevcheck: unknown output format '%s' (known: %s)\n"), format, format_names());
		string_list_free(&rules);
		return EXIT_TROUBLE;
	}
	project_config config;
	config_init(&config);
	char error[2048], found[4096];
	if (!no_config && (config_file || config_find(found, sizeof found))) {
		if (config_load(&config, config_file ? config_file : found, error, sizeof error) != 0) {
			fprintf(stderr, _("pevcheck: error in the configuration file: %s\n"), error);
			config_free(&config);
			string_list_free(&rules);
			return EXIT_TROUBLE;
		}
	}
	if (rules.count == 0)
		for (size_t i = 0; i < config.rule_dir_count; i++)
			cmd_add_dir(&rules, config.rule_dirs[i]);
	if (rules.count == 0)
		cmd_add_dir(&rules, cmd_bundled_rules());
	if (!fail_on_given && config.fail_on >= 0)
		fail_on = config.fail_on;
	if (jobs == 0)
		jobs = config.jobs ? config.jobs : batch_default_jobs();
	fo.fail_on = (enum severity)fail_on;

	/* Limits: the defaults, then the configuration, then the command line. */
	load_limits data_limits = config.data_limits;
	sandbox_limits rule_limits = config.rule_limits;
	for (size_t i = 0; i < limit_count; i++)
		if (limits_parse(&data_limits, &rule_limits, limit_args[i], error, sizeof error) != 0) {
			fprintf(stderr, "pevcheck: %s\n", error);
			config_free(&config);
			string_list_free(&rules);
			return EXIT_TROUBLE;
		}

	run_options opts;
	run_options_init(&opts);
	opts.rule_dirs = (const char *const *)rules.items;
	opts.rule_dir_count = rules.count;
	opts.rules.limits = rule_limits;
	opts.rules.profile = profile;
	opts.rules.framework = framework;
	opts.load = data_limits;
	opts.config = config.file ? &config : NULL;
	engine e;
	if (engine_open(&e, &opts, error, sizeof error) != 0) {
		fprintf(stderr, _("pevcheck: rules failed to load: %s\n"), error);
		engine_close(&e);
		config_free(&config);
		string_list_free(&rules);
		return EXIT_TROUBLE;
	}

	if (framework) {
		if (!framework_activate(e.rules, framework)) {
			char names[1024];
			framework_names(e.rules, names, sizeof names);
			fprintf(stderr, _("pevcheck: unknown scoring framework '%s' (known: %s)\n"), framework, names);
			engine_close(&e);
			config_free(&config);
			string_list_free(&rules);
			return EXIT_TROUBLE;
		}
	}
	file_list files = { 0 };
	for (int i = optind; i < argc; i++)
		file_list_add(&files, argv[i]);
	if (files_from && file_list_read(&files, files_from) != 0) {
		fprintf(stderr, _("pevcheck: cannot read the file list %s: %s\n"), files_from, strerror(errno));
		engine_close(&e);
		config_free(&config);
		string_list_free(&rules);
		file_list_free(&files);
		return EXIT_TROUBLE;
	}

	char *temp;
	FILE *out = open_output(output, &temp);
	interrupt_remove_on_force(temp);
	if (!out) {
		fprintf(stderr, _("pevcheck: cannot write %s: %s\n"), output, strerror(errno));
		free(temp);
		engine_close(&e);
		config_free(&config);
		string_list_free(&rules);
		file_list_free(&files);
		return EXIT_TROUBLE;
	}
	fo.out = out;
	fo.rules = e.rules;
	char checked_at[32];
	time_t now = time(NULL);
	strftime(checked_at, sizeof checked_at, "%Y-%m-%dT%H:%M:%S%z", localtime(&now));
	fo.checked_at = checked_at;
	if (!output && isatty(fileno(stdout))) {
		struct winsize ws;
		if (ioctl(fileno(stdout), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
			fo.width = ws.ws_col;
	}
	fo.color = !strcmp(color, "always") ||
	           (!strcmp(color, "auto") && !output && isatty(fileno(stdout)) && !getenv("NO_COLOR"));
	check_run run = { .worst = -1 };
	run.files_total = files.count;
	/* Only when someone watches a terminal that is not also the report. */
	run.progress = files.count >= 20 && isatty(fileno(stderr)) &&
	               (output || !isatty(fileno(stdout)));
	format_printer(format, &fo, &run.out);
	run.out.begin(&run.out);
	bool trouble = false;
	batch_stats stats;
	/* previous() finds last year's report among the inputs: an index by
	 * unit and year, read only when a report first asks. */
	input_index *inputs = input_index_new(&files);
	opts.rules.inputs = inputs;
	run.summary.files = files.count;
	if (batch_run(&e, jobs, &files, sink, &run, &stats, error, sizeof error) != 0) {
		fprintf(stderr, _("pevcheck: rules failed to load: %s\n"), error);
		trouble = true;
	}
	opts.rules.inputs = NULL;
	input_index_free(inputs);
	file_list_free(&files);
	doc_result *waivers = config_waiver_report(&config);
	if (waivers) {
		result_sort(waivers);
		sink(&run, waivers);
		/* The configuration's findings count; it is not a report. */
		run.summary.documents--;
		result_free(waivers);
	}
	if (run.progress)
		fputs("\r\033[K", stderr);
	run.out.end(&run.out, &run.summary);
	if (profile)
		ruleset_print_profile(e.rules, stderr);
	if (stats.crashes || stats.unreadable)
		trouble = true;
	/* When the report goes to a file or a pipe, a person watching the
	 * terminal still wants the outcome in one line; not when stderr is
	 * that same file or pipe (2>&1, a CI log), where it would repeat the
	 * report's own summary or break its JSON. */
	if ((output || !isatty(fileno(stdout))) && !same_file(fileno(stderr), fileno(out))) {
		const run_summary *s = &run.summary;
		char n_files[64], n_documents[64], n_errors[64], n_warnings[64], n_infos[64];
		fprintf(stderr, _("pevcheck: %s (%s): %s, %s, %s, %zu waived\n"),
		        i18n_count(n_files, sizeof n_files, ngettext("%zu file", "%zu files", s->files), s->files),
		        i18n_count(n_documents, sizeof n_documents,
		                   ngettext("%zu report", "%zu reports", s->documents), s->documents),
		        i18n_count(n_errors, sizeof n_errors, ngettext("%zu error", "%zu errors", s->errors),
		                   s->errors),
		        i18n_count(n_warnings, sizeof n_warnings,
		                   ngettext("%zu warning", "%zu warnings", s->warnings), s->warnings),
		        i18n_count(n_infos, sizeof n_infos, ngettext("%zu info", "%zu info", s->infos), s->infos),
		        s->waived);
	}

	int status = fflush(out) != 0 || ferror(out);
	interrupt_remove_on_force(NULL);
	int signo = interrupt_signal();
	if (signo) {
		/* An interrupted run leaves the old report, or none: never half. */
		if (temp) {
			fclose(out);
			unlink(temp);
		} else if (output) {
			fclose(out);
		}
		fprintf(stderr, _("pevcheck: check interrupted (signal %d); the results are incomplete\n"), signo);
		free(temp);
		engine_close(&e);
		config_free(&config);
		string_list_free(&rules);
		return 128 + signo;
	}
	if (output && !temp) {
		status |= fclose(out) != 0;
		if (status) {
			fprintf(stderr, _("pevcheck: cannot write %s: %s\n"), output, strerror(errno));
			trouble = true;
		}
	} else if (output) {
		status |= fclose(out) != 0;
		if (status || rename(temp, output) != 0) {
			fprintf(stderr, _("pevcheck: cannot write %s: %s\n"), output, strerror(errno));
			unlink(temp);
			trouble = true;
		}
	}
	free(temp);
	engine_close(&e);
	config_free(&config);
	string_list_free(&rules);
	if (status && !output) {
		fprintf(stderr, _("pevcheck: writing the results failed: %s\n"), strerror(errno));
		return EXIT_TROUBLE;
	}
	if (trouble)
		return EXIT_TROUBLE;
	return run.worst >= fail_on && fail_on != SEV_NONE ? EXIT_FINDINGS : EXIT_CLEAN;
}
