/*
 * main — the driver: one table dispatches the subcommands (as git does),
 * each in its own cmd_*.c.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "check", cmd_check, "check report data files (检查报告数据文件)" },
	{ "test", cmd_test, "run the rules' own tests (运行规则测试)" },
	{ "rules", cmd_rules, "list the loaded rules (列出规则)" },
	{ "explain", cmd_explain, "show everything about one rule (说明一条规则)" },
	{ "new-rule", cmd_new_rule, "write a new rule and its test from a template (新建规则)" },
};

static void print_help(FILE *out)
{
	fputs("pevcheck " PEVCHECK_VERSION " — 绩效自评报告校验 (performance self-evaluation report checker)\n\n"
	      "用法 Usage: pevcheck COMMAND [options] ...\n\n",
	      out);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fputs("\n  pevcheck COMMAND --help   options of one command\n"
	      "  pevcheck --version\n\n"
	      "Exit status: 0 clean; 1 findings at or above --fail-on; 2 usage errors, unreadable\n"
	      "files, rules that fail to load or crash.  See man pevcheck, docs/.\n",
	      out);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
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
	fprintf(stderr, "pevcheck: 未知命令“%s”（unknown command）\n\n", argv[1]);
	print_help(stderr);
	return EXIT_TROUBLE;
}
