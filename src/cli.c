/*
 * cli — see cli.h.
 */
#include "cli.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_bundled_rules(void)
{
	static char found[PATH_MAX + 64];
	if (found[0])
		return found;
	const char *env = getenv("PEVCHECK_RULES");
	if (env && *env) {
		snprintf(found, sizeof found, "%s", env);
		return found;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			static const char *const candidates[] = { "%s/../share/pevcheck/rules", "%s/rules" };
			for (size_t i = 0; i < 2; i++) {
				char path[PATH_MAX + 32];
				snprintf(path, sizeof path, candidates[i], exe);
				if (is_dir(path)) {
					char *real = realpath(path, NULL);
					snprintf(found, sizeof found, "%s", real ? real : path);
					free(real);
					return found;
				}
			}
		}
	}
#ifdef PEVCHECK_RULES_DIR
	snprintf(found, sizeof found, "%s", PEVCHECK_RULES_DIR);
#else
	snprintf(found, sizeof found, "rules");
#endif
	return found;
}

/* Two spellings of one directory ("rules", "/x/rules") are the same
 * directory: loading it twice would declare every rule twice. */
static bool same_dir(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return true;
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

void dir_list_add(dir_list *l, const char *dir)
{
	for (size_t i = 0; i < l->count; i++)
		if (same_dir(l->items[i], dir))
			return;
	if (l->count == l->capacity) {
		l->capacity = l->capacity ? l->capacity * 2 : 8;
		l->items = realloc(l->items, l->capacity * sizeof *l->items);
		if (!l->items)
			abort();
	}
	l->items[l->count++] = dir;
}

void dir_list_free(dir_list *l)
{
	free(l->items);
	l->items = NULL;
	l->count = l->capacity = 0;
}
