/*
 * run_watch — see run_watch.h.
 */
#include "run_watch.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base_fs.h"
#include "base_i18n.h"
#include "base_interrupt.h"
#include "base_textwidth.h"

/* An editor's save is over when the folders have been quiet this long. */
enum { QUIET_MS = 150, MAX_DEPTH = 32, DELTA_LINES = 30 };

#define SEPARATOR '\x1f'

void watch_result(watch_results *r, const char *key, const char *state)
{
	size_t n = strlen(key) + strlen(state) + 2;
	char *line = xmalloc(n);
	snprintf(line, n, "%s%c%s", key, SEPARATOR, state);
	string_list_add(&r->results, line);
	free(line);
}

void watch_path(watch_results *r, const char *path)
{
	string_list_add(&r->paths, path);
}

static void results_free(watch_results *r)
{
	string_list_free(&r->results);
	string_list_free(&r->paths);
}

/* ---- the folders watched --------------------------------------------------------- */

typedef struct watched {
	int wd;
	char *dir;
	char *only; /* the one file of the folder that counts, or NULL for all */
} watched;

typedef struct watch_set {
	int fd;
	watched *items;
	size_t count, capacity;
} watch_set;

#define EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB)

static void watch_dir(watch_set *ws, const char *dir, const char *only)
{
	int wd = inotify_add_watch(ws->fd, dir, EVENTS | IN_ONLYDIR);
	if (wd < 0)
		return; /* gone, or not ours to read: nothing to see there */
	for (size_t i = 0; i < ws->count; i++) {
		watched *w = &ws->items[i];
		if (w->wd != wd)
			continue;
		if (w->only && (!only || strcmp(w->only, only))) {
			free(w->only); /* two files of one folder: every file counts */
			w->only = NULL;
		}
		return;
	}
	ARRAY_GROW(ws->items, ws->count, ws->capacity);
	ws->items[ws->count++] = (watched){ wd, xstrdup(dir), xstrdup(only) };
}

static void watch_tree(watch_set *ws, const char *dir, int depth)
{
	size_t count;
	fs_entry *entries = depth < MAX_DEPTH ? fs_list_dir(dir, &count) : NULL;
	watch_dir(ws, dir, NULL);
	for (size_t i = 0; entries && i < count; i++) {
		char path[PATH_MAX];
		fs_join(path, sizeof path, dir, entries[i].name);
		if (entries[i].kind == FS_DIR)
			watch_tree(ws, path, depth + 1);
	}
	if (entries)
		fs_free_list(entries, count);
}

/* A folder and every level below it, or the folder of a file. */
static void watch_any(watch_set *ws, const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		watch_tree(ws, path, 0);
		return;
	}
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	const char *name = slash ? slash + 1 : path;
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		strcpy(dir, ".");
	watch_dir(ws, dir, name);
}

static void watch_set_free(watch_set *ws)
{
	for (size_t i = 0; i < ws->count; i++) {
		free(ws->items[i].dir);
		free(ws->items[i].only);
	}
	free(ws->items);
	if (ws->fd >= 0)
		close(ws->fd);
}

/* ---- waiting for a change -------------------------------------------------------- */

/* Is a file of this name one a run reads (a rule, a test, a report, a
 * form, the configuration), not an editor's swap or backup file? */
static bool counts(const char *name)
{
	static const char *const kinds[] = { ".lua", ".yaml", ".yml", ".json", ".xlsx",
		                             ".docx", ".txt",  ".md" };
	if (name[0] == '.')
		return !strcmp(name, ".pevcheck.yaml");
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		size_t k = strlen(kinds[i]);
		if (n > k && !strcmp(name + n - k, kinds[i]))
			return true;
	}
	return false;
}

/* One event: a new folder is watched too; a file that counts joins
 * changed.  True when it did. */
static bool take_event(watch_set *ws, const struct inotify_event *e, string_list *changed)
{
	const watched *w = NULL;
	for (size_t i = 0; i < ws->count && !w; i++)
		if (ws->items[i].wd == e->wd)
			w = &ws->items[i];
	if (!w || !e->len)
		return false;
	char path[PATH_MAX];
	fs_join(path, sizeof path, w->dir, e->name);
	if (e->mask & IN_ISDIR) {
		if (e->mask & (IN_CREATE | IN_MOVED_TO) && !w->only)
			watch_tree(ws, path, 1);
		return false;
	}
	if ((w->only && strcmp(w->only, e->name)) || !counts(e->name))
		return false;
	for (size_t i = 0; i < changed->count; i++)
		if (!strcmp(changed->items[i], path))
			return true;
	string_list_add(changed, path);
	return true;
}

/* Read what inotify has; true when a file that counts changed (or events
 * were lost, when anything may have). */
static bool read_events(watch_set *ws, string_list *changed)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n = read(ws->fd, buf, sizeof buf);
	bool any = false;
	for (ssize_t at = 0; n > 0 && at < n;) {
		const struct inotify_event *e = (const struct inotify_event *)(buf + at);
		if (e->mask & IN_Q_OVERFLOW)
			any = true;
		else
			any = take_event(ws, e, changed) || any;
		at += (ssize_t)(sizeof *e + e->len);
	}
	return any;
}

/* Block until a file that counts changes and the folders are quiet again;
 * false when interrupted.  The signals stay blocked but inside ppoll, so
 * one arriving between the check and the wait is not lost. */
static bool wait_for_change(watch_set *ws, string_list *changed)
{
	sigset_t stop, before;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &before);
	bool seen = false;
	struct pollfd p = { .fd = ws->fd, .events = POLLIN };
	while (!interrupt_signal()) {
		struct timespec quiet = { 0, QUIET_MS * 1000000L };
		int ready = ppoll(&p, 1, seen ? &quiet : NULL, &before);
		if (ready == 0)
			break; /* quiet after a change */
		if (ready > 0)
			seen = read_events(ws, changed) || seen;
		else if (errno != EINTR)
			break;
	}
	sigprocmask(SIG_SETMASK, &before, NULL);
	return !interrupt_signal();
}

/* ---- the loop ---------------------------------------------------------------------- */

/* Print one difference, unless DELTA_LINES are out (counted in *shown). */
static void show(size_t *shown, const char *mark, const char *line)
{
	if ((*shown)++ >= DELTA_LINES)
		return;
	const char *sep = strchr(line, SEPARATOR);
	char *key = xmalloc((size_t)(sep - line) + 1);
	memcpy(key, line, (size_t)(sep - line));
	key[sep - line] = '\0';
	printf("  %s %s  ", mark, sep + 1);
	text_put(stdout, key); /* a finding's message, a file's name: data */
	putchar('\n');
	free(key);
}

/* What changed in the results: cases now passing or failing, findings new
 * or gone (both lists sorted). */
static void print_delta(const string_list *before, const string_list *now)
{
	size_t i = 0, j = 0, shown = 0;
	puts(_("changed since the last run:"));
	while (i < before->count || j < now->count) {
		const char *a = i < before->count ? before->items[i] : NULL;
		const char *b = j < now->count ? now->items[j] : NULL;
		size_t ka = a ? (size_t)(strchr(a, SEPARATOR) - a) : 0;
		size_t kb = b ? (size_t)(strchr(b, SEPARATOR) - b) : 0;
		int c = !a ? 1 : !b ? -1 : strncmp(a, b, ka < kb ? ka + 1 : kb + 1);
		if (c == 0 && strcmp(a, b)) {
			char mark[256];
			snprintf(mark, sizeof mark, "%s →", a + ka + 1);
			show(&shown, mark, b);
		} else if (c < 0) {
			show(&shown, "−", a);
		} else if (c > 0) {
			show(&shown, "+", b);
		}
		i += c <= 0;
		j += c >= 0;
	}
	if (shown == 0)
		puts(_("  nothing: the same results as the last run"));
	else if (shown > DELTA_LINES)
		printf(_("  ... and %zu more\n"), shown - DELTA_LINES);
}

/* The screen cleared (on a terminal), then which run this is and why. */
static void print_heading(const char *command, int run, const string_list *changed)
{
	if (isatty(fileno(stdout)))
		fputs("\033[H\033[2J\033[3J", stdout);
	char at[16];
	time_t now = time(NULL);
	strftime(at, sizeof at, "%H:%M:%S", localtime(&now));
	printf(_("%s --watch: run %d at %s"), command, run, at);
	for (size_t i = 0; i < changed->count; i++) {
		fputs(i ? ", " : _("; changed: "), stdout);
		text_put(stdout, changed->items[i]);
	}
	puts("");
}

static int runs_allowed(void)
{
	const char *n = getenv("PEVCHECK_WATCH_RUNS");
	return n && atoi(n) > 0 ? atoi(n) : 0;
}

int watch_loop(const char *command, watch_run run, void *context)
{
	interrupt_install();
	watch_set ws = { .fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK) };
	if (ws.fd < 0) {
		fprintf(stderr, _("pevcheck: cannot watch files for changes: %s\n"), strerror(errno));
		return 2;
	}
	watch_results last = { 0 };
	string_list changed = { 0 };
	int status = 0, limit = runs_allowed();
	for (int n = 1; !interrupt_signal(); n++) {
		print_heading(command, n, &changed);
		watch_results now = { 0 };
		status = run(context, &now);
		for (size_t i = 0; i < now.paths.count; i++)
			watch_any(&ws, now.paths.items[i]);
		string_list_sort(&now.results);
		if (n > 1)
			print_delta(&last.results, &now.results);
		results_free(&last);
		last = now;
		string_list_free(&changed);
		if ((limit && n >= limit) || interrupt_signal())
			break;
		printf(ngettext("watching %zu folder for changes to rules, tests and reports; Ctrl-C ends\n",
		                "watching %zu folders for changes to rules, tests and reports; Ctrl-C ends\n",
		                ws.count),
		       ws.count);
		fflush(stdout);
		if (!wait_for_change(&ws, &changed))
			break;
	}
	if (interrupt_signal())
		fprintf(stderr, _("pevcheck: watch ended (signal %d)\n"), interrupt_signal());
	results_free(&last);
	string_list_free(&changed);
	watch_set_free(&ws);
	return status;
}
