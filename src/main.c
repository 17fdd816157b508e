/*
 * main — the driver: one table dispatches the subcommands (as git does),
 * each in its own cmd_*.c.
 */
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base_i18n.h"
#include "base_textwidth.h"
#include "cmd_common.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "check", cmd_check, N_("check report data files") },
	{ "test", cmd_test, N_("run the rules' own tests") },
	{ "rules", cmd_rules, N_("list the loaded rules") },
	{ "explain", cmd_explain, N_("show everything about one rule or scoring framework") },
	{ "frameworks", cmd_frameworks, N_("list the scoring frameworks") },
	{ "import", cmd_import, N_("read a form (.xlsx, .docx, text) and print it as a data file") },
	{ "forms", cmd_forms, N_("list the form layouts") },
	{ "new-rule", cmd_new_rule, N_("write a new rule and its test from a template") },
	{ "cache", cmd_cache, N_("show or empty the results cache of check") },
};

static void print_help(FILE *out)
{
	fprintf(out,
	        _("pevcheck %s — performance self-evaluation report checker\n\n"
	          "Usage: pevcheck COMMAND [options] ...\n\n"),
	        PEVCHECK_VERSION);
	size_t width = 0;
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (text_width(commands[i].name) > width)
			width = text_width(commands[i].name);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		fputs("  ", out);
		text_pad(out, commands[i].name, width + 2);
		fprintf(out, "%s\n", _(commands[i].summary));
	}
	fputs(_("\n  pevcheck COMMAND --help   options of one command\n"
	        "  pevcheck --version\n"
	        "  pevcheck --lang zh|en COMMAND ...   messages in Chinese or English, whatever the locale\n\n"
	        "Exit status: 0 clean; 1 findings at or above --fail-on; 2 usage errors, unreadable\n"
	        "files, rules that fail to load or crash.  See man pevcheck, docs/.\n"),
	      out);
}

/* Take --lang zh|en (or --lang=...) out of argv, wherever it stands before
 * a "--", and speak it: every command takes it, its usage errors too.
 * Returns the new argc, or -1 for a value that is neither (reported). */
static int take_lang(int argc, char **argv)
{
	int out = 1;
	bool options = true;
	for (int i = 1; i < argc; i++) {
		const char *lang = NULL;
		options = options && strcmp(argv[i], "--") != 0;
		if (options && !strcmp(argv[i], "--lang") && i + 1 < argc)
			lang = argv[++i];
		else if (options && !strncmp(argv[i], "--lang=", 7))
			lang = argv[i] + 7;
		else
			argv[out++] = argv[i];
		if (lang && !i18n_choose(lang, I18N_COMMAND_LINE)) {
			fprintf(stderr, _("pevcheck: --lang takes zh (Chinese) or en (English), not '%s'\n"), lang);
			return -1;
		}
	}
	argv[out] = NULL;
	return out;
}

int main(int argc, char **argv)
{
	i18n_init();
	argc = take_lang(argc, argv);
	if (argc < 0)
		return EXIT_TROUBLE;
	if (argc < 2) {
		print_help(stderr);
		return EXIT_TROUBLE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		print_help(stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		puts("pevcheck " PEVCHECK_VERSION);
		return EXIT_CLEAN;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			int status = commands[i].run(argc - 1, argv + 1);
			if (fflush(stdout) != 0 || ferror(stdout)) {
				perror("pevcheck: stdout");
				return EXIT_TROUBLE;
			}
			return status;
		}
	}
	fprintf(stderr, _("pevcheck: unknown command '%s'\n\n"), argv[1]);
	print_help(stderr);
	return EXIT_TROUBLE;
}
