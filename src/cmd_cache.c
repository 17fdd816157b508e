/*
 * cmd_cache — `pevcheck cache info|clean [--cache-dir DIR]`: where the
 * results cache of `check` is and how much it holds, and emptying it.
 * Only files named as the cache's entries are touched (run_cache_store.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_i18n.h"
#include "cmd_common.h"
#include "run_cache_store.h"

static const char *const usage = N_(
	"Usage: pevcheck cache info|clean [--cache-dir DIR]\n"
	"  The results cache of pevcheck check: a file checked before, with nothing it depends\n"
	"  on changed, is not checked again (see man pevcheck).\n"
	"  info               where the cache is, how many results it holds and their size\n"
	"  clean              remove every result it holds\n"
	"      --cache-dir DIR  the cache's directory (default: $PEVCHECK_CACHE_DIR, else\n"
	"                       $XDG_CACHE_HOME/pevcheck, else ~/.cache/pevcheck)\n");

/* "12.3 MB", or "57 KB" under a megabyte */
static const char *size_text(char *buf, size_t size, uint64_t bytes)
{
	if (bytes < 1024 * 1024)
		snprintf(buf, size, "%llu KB", (unsigned long long)(bytes + 1023) / 1024);
	else
		snprintf(buf, size, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
	return buf;
}

static int run(const char *what, const char *dir)
{
	bool clean = !strcmp(what, "clean");
	store_usage usage_now;
	if (store_scan(dir, clean, &usage_now) != 0) {
		fprintf(stderr, _("pevcheck: cannot read the cache %s: %s\n"), dir, strerror(errno));
		return EXIT_TROUBLE;
	}
	char bytes[32], most[32];
	size_text(bytes, sizeof bytes, usage_now.bytes);
	size_text(most, sizeof most, store_max_bytes());
	if (clean)
		printf(ngettext("removed %zu result (%s) from %s\n", "removed %zu results (%s) from %s\n",
		                usage_now.entries),
		       usage_now.entries, bytes, dir);
	else
		printf(ngettext("%s: %zu result, %s (at most %s: PEVCHECK_CACHE_SIZE)\n",
		                "%s: %zu results, %s (at most %s: PEVCHECK_CACHE_SIZE)\n", usage_now.entries),
		       dir, usage_now.entries, bytes, most);
	return EXIT_CLEAN;
}

int cmd_cache(int argc, char **argv)
{
	static const struct option options[] = {
		{ "cache-dir", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir_option = NULL;
	optind = 1;
	for (int opt; (opt = getopt_long(argc, argv, "h", options, NULL)) != -1;) {
		if (opt == 'D') {
			dir_option = optarg;
		} else {
			fputs(_(usage), opt == 'h' ? stdout : stderr);
			return opt == 'h' ? EXIT_CLEAN : EXIT_TROUBLE;
		}
	}
	if (optind + 1 != argc || (strcmp(argv[optind], "info") && strcmp(argv[optind], "clean"))) {
		fputs(_(usage), stderr);
		return EXIT_TROUBLE;
	}
	char dir[4096];
	if (!store_default_dir(dir_option, dir, sizeof dir)) {
		fputs(_("pevcheck: no cache directory: set PEVCHECK_CACHE_DIR or HOME, or give --cache-dir\n"),
		      stderr);
		return EXIT_TROUBLE;
	}
	return run(argv[optind], dir);
}
