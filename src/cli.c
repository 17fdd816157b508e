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

const char *cli_find_beside_exe(char *found, size_t size, const char *env_name,
                                const char *const *candidates, size_t count,
                                bool (*accept)(const char *path), const char *fallback)
{
	if (found[0])
		return found;
	const char *env = getenv(env_name);
	if (env && *env) {
		snprintf(found, size, "%s", env);
		return found;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			for (size_t i = 0; i < count; i++) {
				char path[PATH_MAX + 32];
				snprintf(path, sizeof path, "%s/%s", exe, candidates[i]);
				if (accept(path)) {
					char *real = realpath(path, NULL);
					snprintf(found, size, "%s", real ? real : path);
					free(real);
					return found;
				}
			}
		}
	}
	snprintf(found, size, "%s", fallback);
	return found;
}

const char *cli_bundled_rules(void)
{
	static char found[PATH_MAX + 64];
	/* installed; ./pevcheck in a checkout */
	static const char *const candidates[] = { "../share/pevcheck/rules", "rules" };
#ifdef PEVCHECK_RULES_DIR
	const char *fallback = PEVCHECK_RULES_DIR;
#else
	const char *fallback = "rules";
#endif
	return cli_find_beside_exe(found, sizeof found, "PEVCHECK_RULES", candidates,
	                           sizeof candidates / sizeof *candidates, is_dir, fallback);
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
