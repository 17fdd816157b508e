/*
 * run_check — see run_check.h.
 */
#include "run_check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base_alloc.h"
#include "base_i18n.h"
#include "base_interrupt.h"
#include "base_version.h"
#include "base_textwidth.h"
#include "fmt.h"
#include "load_files.h"
#include "load_form.h"
#include "load_inputs.h"
#include "run_batch.h"
#include "run_cache.h"
#include "run_engine.h"
#include "run_limits.h"
#include "score_framework.h"

/* ---- the printer's side: summary, progress, worst severity ----------------- */

typedef struct check_run {
	printer out;
	const check_settings *settings;
	char checked_at[32]; /* ISO 8601, when the run started */
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
	if (run->settings->observe)
		run->settings->observe(run->settings->observe_context, r);
}

/* The printer for the settings' format, writing to out; progress only when
 * someone watches a terminal that is not also the report. */
static void start_printer(check_run *run, const check_settings *s, const engine *e, FILE *out,
                          size_t files)
{
	time_t now = time(NULL);
	strftime(run->checked_at, sizeof run->checked_at, "%Y-%m-%dT%H:%M:%S%z", localtime(&now));
	format_options fo = { .out = out, .fail_on = s->fail_on, .version = PEVCHECK_VERSION,
		              .rules = e->rules, .checked_at = run->checked_at };
	bool terminal = !s->output && isatty(fileno(stdout));
	struct winsize ws;
	if (terminal && ioctl(fileno(stdout), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		fo.width = ws.ws_col;
	fo.color = !strcmp(s->color, "always") ||
	           (!strcmp(s->color, "auto") && terminal && !getenv("NO_COLOR"));
	run->files_total = files;
	run->progress = files >= 20 && isatty(fileno(stderr)) && (s->output || !isatty(fileno(stdout)));
	format_printer(s->format, &fo, &run->out);
}

/* When the report goes to a file or a pipe, a person watching the terminal
 * still wants the outcome in one line. */
static void print_outcome(const run_summary *s)
{
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

/* How many reports the results cache gave, for whoever watches the run
 * (never in the report: it reads the same with and without the cache). */
static void print_cache_use(const results_cache *cache, const run_summary *s)
{
	fprintf(stderr,
	        ngettext("pevcheck: %zu of %zu report from the results cache\n",
	                 "pevcheck: %zu of %zu reports from the results cache\n", s->documents),
	        cache_hits(cache), s->documents);
}

/* ---- the report file ---------------------------------------------------------- */

typedef struct report_file {
	const char *path; /* -o, or NULL for stdout */
	char *temp;       /* written there and renamed over path at the end, or NULL */
	FILE *f;
} report_file;

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

/* false when it cannot be written (reported). */
static bool report_open(report_file *o, const char *path)
{
	o->path = path;
	o->f = open_output(path, &o->temp);
	interrupt_remove_on_force(o->temp);
	if (!o->f)
		fprintf(stderr, _("pevcheck: cannot write %s: %s\n"), path, strerror(errno));
	return o->f != NULL;
}

/* Flush the report and put it in place: close it and rename the temporary
 * over the target; when the run was interrupted (*signo), throw it away.
 * false when it could not be written (reported). */
static bool report_close(report_file *o, int *signo)
{
	bool failed = fflush(o->f) != 0 || ferror(o->f);
	interrupt_remove_on_force(NULL);
	*signo = interrupt_signal();
	if (*signo) {
		/* An interrupted run leaves the old report, or none: never half. */
		if (o->path)
			fclose(o->f);
		if (o->temp)
			unlink(o->temp);
		return true;
	}
	if (!o->path) {
		if (failed)
			fprintf(stderr, _("pevcheck: writing the results failed: %s\n"), strerror(errno));
		return !failed;
	}
	failed |= fclose(o->f) != 0;
	if (failed || (o->temp && rename(o->temp, o->path) != 0)) {
		fprintf(stderr, _("pevcheck: cannot write %s: %s\n"), o->path, strerror(errno));
		if (o->temp)
			unlink(o->temp);
		return false;
	}
	return true;
}

static bool same_file(int a, int b)
{
	struct stat sa, sb;
	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* ---- the run ------------------------------------------------------------------ */

/* The options every engine of the run opens from.  Limits: the defaults,
 * then the configuration, then the command line; false on a bad --limit
 * (reported). */
static bool settle_options(run_options *o, const check_settings *s, input_index *inputs)
{
	run_options_init(o);
	o->rule_dirs = s->rule_dirs;
	o->rule_dir_count = s->rule_dir_count;
	o->load = s->config->data_limits;
	o->rules.limits = s->config->rule_limits;
	o->rules.profile = s->profile;
	o->rules.framework = s->framework;
	o->rules.inputs = inputs;
	o->config = s->config->file ? s->config : NULL;
	char error[2048];
	for (size_t i = 0; i < s->limit_count; i++)
		if (limits_parse(&o->load, &o->rules.limits, s->limits[i], error, sizeof error) != 0) {
			text_complain(stderr, "pevcheck: %s\n", error);
			return false;
		}
	return true;
}

/* The results cache, when the settings ask for it and it can be used (why
 * not, on stderr, when there is something to say); its rule digest is
 * taken before any engine loads the rules. */
static results_cache *open_cache(const check_settings *s, const run_options *o, input_index *inputs)
{
	if (!s->cache)
		return NULL;
	char why[1024];
	results_cache *c = cache_open(s->cache_dir, o, inputs, why, sizeof why);
	if (!c && why[0])
		fprintf(stderr, _("pevcheck: results cache not used: %s\n"), why);
	return c;
}

/* The first engine, and the check of --framework against its rules; false
 * when the rules do not load or the framework is unknown (reported). */
static bool open_rules(engine *e, const run_options *options, const char *framework_name)
{
	char error[2048];
	if (engine_open(e, options, error, sizeof error) != 0) {
		/* Interrupted while loading: the rules are fine, the run says so
		 * at its end. */
		if (!interrupt_signal())
			text_complain(stderr, _("pevcheck: rules failed to load: %s\n"), error);
		return false;
	}
	if (framework_name && !framework_find(ruleset_frameworks(e->rules), framework_name)) {
		char names[1024];
		framework_names(ruleset_frameworks(e->rules), names, sizeof names);
		fprintf(stderr, _("pevcheck: unknown scoring framework '%s' (known: %s)\n"), framework_name, names);
		return false;
	}
	return true;
}

/* The operands, then --files-from; false when the list cannot be read
 * (reported). */
static bool read_files(file_list *files, const check_settings *s)
{
	for (size_t i = 0; i < s->path_count; i++)
		file_list_add(files, s->paths[i]);
	if (s->files_from && file_list_read(files, s->files_from) != 0) {
		fprintf(stderr, _("pevcheck: cannot read the file list %s: %s\n"), s->files_from,
		        strerror(errno));
		return false;
	}
	return true;
}

/* Is any of the files a form (by its name: .xlsx, .docx, .txt, .md)?
 * The form layouts are read only then. */
static bool any_form(const file_list *files)
{
	char path[4096];
	for (size_t i = 0; i < files->count; i++)
		if (form_is_form_file(file_list_path(files, i, path, sizeof path)))
			return true;
	return false;
}

/* Check every file and print the results, then the configuration's own
 * findings (expired or unused waivers); false when a worker's rules failed
 * to load, a file could not be read or a rule crashed. */
static bool check_all(check_run *run, engine *e, const check_settings *s, const file_list *files)
{
	bool ok = true;
	batch_stats stats;
	char error[2048];
	run->out.begin(&run->out);
	run->summary.files = files->count;
	if (batch_run(e, s->jobs, files, sink, run, &stats, error, sizeof error) != 0) {
		if (!interrupt_signal()) /* said once, at the end of the run */
			text_complain(stderr, _("pevcheck: rules failed to load: %s\n"), error);
		ok = false;
	}
	doc_result *waivers = config_waiver_report(s->config);
	if (waivers) {
		result_sort(waivers);
		sink(run, waivers);
		/* The configuration's findings count; it is not a report. */
		run->summary.documents--;
		result_free(waivers);
	}
	if (run->progress)
		fputs("\r\033[K", stderr);
	run->out.end(&run->out, &run->summary);
	if (s->profile)
		ruleset_print_profile(e->rules, stderr);
	return ok && !stats.crashes && !stats.unreadable;
}

check_outcome run_check(const check_settings *s)
{
	check_outcome outcome = { .worst = -1, .trouble = true };
	check_run run = { .worst = -1, .settings = s };
	file_list files = { 0 };
	/* previous() finds last year's report among the inputs: an index by
	 * unit and year, read only when a report first asks. */
	input_index *inputs = input_index_new(&files);
	run_options options;
	engine e = { 0 };
	report_file report = { 0 };
	results_cache *cache = NULL;
	if (!settle_options(&options, s, inputs))
		goto out;
	cache = open_cache(s, &options, inputs);
	if (!read_files(&files, s))
		goto out;
	options.rules.without_layouts = !any_form(&files);
	if (!open_rules(&e, &options, s->framework) || !report_open(&report, s->output))
		goto out;
	cache_key_run(cache, &options, e.rules);
	options.cache = cache;
	start_printer(&run, s, &e, report.f, files.count);
	bool ok = check_all(&run, &e, s, &files);
	cache_finish(cache, &options);
	/* Not when stderr is the report's own file or pipe (2>&1, a CI log),
	 * where it would repeat the report's summary or break its JSON. */
	bool own_stderr = !same_file(fileno(stderr), fileno(report.f));
	if ((s->output || !isatty(fileno(stdout))) && own_stderr)
		print_outcome(&run.summary);
	if (cache && (own_stderr || isatty(fileno(stderr))))
		print_cache_use(cache, &run.summary);
	ok = report_close(&report, &outcome.signal) && ok;
	outcome.trouble = !ok;
	outcome.worst = run.worst;
out:
	/* A signal before the report was opened (while the rules loaded, or
	 * the file list was read) is an interrupted run too, not a failed
	 * one: the caller exits 128 + the signal. */
	if (!outcome.signal)
		outcome.signal = interrupt_signal();
	if (outcome.signal)
		fprintf(stderr, _("pevcheck: check interrupted (signal %d); the results are incomplete\n"),
		        outcome.signal);
	free(report.temp);
	engine_close(&e);
	cache_close(cache);
	input_index_free(inputs);
	file_list_free(&files);
	return outcome;
}
