/*
 * cmd_common — see cmd_common.h.
 */
#include "cmd_common.h"

#include "base_fs.h"

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

const char *cmd_bundled_rules(void)
{
	static char found[PATH_MAX + 64];
	/* installed; ./pevcheck in a checkout */
	static const char *const candidates[] = { "../share/pevcheck/rules", "rules" };
#ifdef PEVCHECK_RULES_DIR
	const char *fallback = PEVCHECK_RULES_DIR;
#else
	const char *fallback = "rules";
#endif
	return fs_find_beside_exe(found, sizeof found, "PEVCHECK_RULES", candidates,
	                           sizeof candidates / sizeof *candidates, is_dir, fallback);
}

/* Two spellings of one directory ("rules", "/x/rules") are the same
 * directory. */
static bool same_dir(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return true;
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

void cmd_add_dir(string_list *dirs, const char *dir)
{
	for (size_t i = 0; i < dirs->count; i++)
		if (same_dir(dirs->items[i], dir))
			return;
	string_list_add(dirs, dir);
}
