/*
 * cmd_common — see cmd_common.h.
 */
#include "cmd_common.h"

#include "base_fs.h"
#include "base_i18n.h"
#include "base_textwidth.h"

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

void cmd_default_rule_dirs(string_list *dirs, const project_config *config)
{
	if (dirs->count == 0)
		for (size_t i = 0; i < config->rule_dir_count; i++)
			cmd_add_dir(dirs, config->rule_dirs[i]);
	if (dirs->count == 0)
		cmd_add_dir(dirs, fs_bundled_rules());
}

int cmd_load_config(project_config *config, const char *file, bool skip)
{
	char found[4096], error[2048];
	if (skip || (!file && !config_find(found, sizeof found)))
		return 0;
	if (config_load(config, file ? file : found, error, sizeof error) != 0) {
		text_complain(stderr, _("pevcheck: error in the configuration file: %s\n"), error);
		return -1;
	}
	if (config->language) /* --lang, when given, stands */
		i18n_choose(config->language, I18N_PROJECT);
	return 0;
}

int cmd_rule_options(int argc, char **argv, const char *usage, string_list *dirs, project_config *config,
                     const char **output)
{
	static const struct option options[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' },
		{ "config", required_argument, NULL, 'G' },
		{ "no-config", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config_file = NULL;
	bool no_config = false;
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, output ? "r:o:h" : "r:h", options, NULL)) != -1) {
		if (opt == 'r') {
			cmd_add_dir(dirs, optarg);
		} else if (opt == 'o' && output) {
			*output = optarg;
		} else if (opt == 'G') {
			config_file = optarg;
		} else if (opt == 'N') {
			no_config = true;
		} else if (opt == 'h') {
			fputs(usage, stdout);
			return -2;
		} else {
			fputs(usage, stderr);
			return -1;
		}
	}
	if (cmd_load_config(config, config_file, no_config) != 0)
		return -1;
	cmd_default_rule_dirs(dirs, config);
	return optind;
}

bool cmd_cache_off(void)
{
	const char *v = getenv("PEVCHECK_CACHE");
	return v && (!strcmp(v, "off") || !strcmp(v, "0") || !strcmp(v, "no"));
}
