/*
 * cmd_rules — `pevcheck rules` lists the loaded rules; `pevcheck explain
 * RULE-ID` prints everything about one.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rules.h"
#include "textwidth.h"

static const char rules_usage[] =
	"用法 Usage: pevcheck rules [-r DIR]...\n"
	"  列出载入的规则：编号、级别、所属指标、标题。\n";
static const char explain_usage[] =
	"用法 Usage: pevcheck explain [-r DIR]... RULE-ID\n"
	"  说明一条规则：政策依据、参数及其取值、适用范围、定义位置。\n";

/* Parse -r options; returns optind of the first operand or -1 on a usage
 * error (already reported), -2 for --help (already printed). */
static int parse_rule_options(int argc, char **argv, dir_list *dirs, const char *usage)
{
	static const struct option options[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "r:h", options, NULL)) != -1) {
		if (opt == 'r') {
			dir_list_add(dirs, optarg);
		} else if (opt == 'h') {
			fputs(usage, stdout);
			return -2;
		} else {
			fputs(usage, stderr);
			return -1;
		}
	}
	if (dirs->count == 0)
		dir_list_add(dirs, cli_bundled_rules());
	return optind;
}

static int open_rules(rule_set *rs, dir_list *dirs)
{
	char error[2048];
	if (ruleset_open(rs, dirs->items, dirs->count, NULL, error, sizeof error) != 0) {
		fprintf(stderr, "pevcheck: 规则载入失败：%s\n", error);
		ruleset_close(rs);
		return -1;
	}
	return 0;
}

static const char *kinds_label(unsigned kinds)
{
	switch (kinds) {
	case KIND_DEPARTMENT: return "department（部门整体支出）";
	case KIND_PROJECT: return "project（项目支出）";
	default: return "department, project（部门整体支出、项目支出）";
	}
}

int cmd_rules(int argc, char **argv)
{
	dir_list dirs = { 0 };
	int first = parse_rule_options(argc, argv, &dirs, rules_usage);
	if (first < 0) {
		dir_list_free(&dirs);
		return first == -2 ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	rule_set rs;
	if (open_rules(&rs, &dirs) != 0) {
		dir_list_free(&dirs);
		return EXIT_TROUBLE;
	}
	size_t id_width = 2, ind_width = 4;
	for (size_t i = 0; i < rs.count; i++) {
		size_t w = text_width(rs.rules[i].id);
		if (w > id_width)
			id_width = w;
		w = rs.rules[i].indicator ? text_width(rs.rules[i].indicator) : 1;
		if (w > ind_width)
			ind_width = w;
	}
	text_pad(stdout, "编号 id", id_width + 2);
	text_pad(stdout, "级别", 10);
	text_pad(stdout, "指标", ind_width + 2);
	fputs("标题\n", stdout);
	for (size_t i = 0; i < rs.count; i++) {
		const rule_decl *d = &rs.rules[i];
		text_pad(stdout, d->id, id_width + 2);
		text_pad(stdout, severity_name(d->severity), 10);
		text_pad(stdout, d->indicator ? d->indicator : "—", ind_width + 2);
		puts(d->title);
	}
	printf("\n共 %zu 条规则（%s %s）\n", rs.count, rs.name, rs.version);
	ruleset_close(&rs);
	dir_list_free(&dirs);
	return EXIT_CLEAN;
}

int cmd_explain(int argc, char **argv)
{
	dir_list dirs = { 0 };
	int first = parse_rule_options(argc, argv, &dirs, explain_usage);
	if (first < 0) {
		dir_list_free(&dirs);
		return first == -2 ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	if (first != argc - 1) {
		fputs(explain_usage, stderr);
		dir_list_free(&dirs);
		return EXIT_TROUBLE;
	}
	rule_set rs;
	if (open_rules(&rs, &dirs) != 0) {
		dir_list_free(&dirs);
		return EXIT_TROUBLE;
	}
	const rule_decl *d = ruleset_find(&rs, argv[first]);
	int status = EXIT_CLEAN;
	if (!d) {
		fprintf(stderr, "pevcheck: 没有编号为“%s”的规则；用 pevcheck rules 查看全部规则\n", argv[first]);
		status = EXIT_TROUBLE;
	} else {
		printf("%s — %s\n\n", d->id, d->title);
		printf("级别 severity:   %s\n", severity_name(d->severity));
		printf("适用 kinds:      %s\n", kinds_label(d->kinds));
		if (d->year_from || d->year_until) {
			printf("适用年度 years:  ");
			if (d->year_from)
				printf("%ld 年起", d->year_from);
			if (d->year_until)
				printf("%s至 %ld 年", d->year_from ? "，" : "", d->year_until);
			putchar('\n');
		}
		printf("指标 indicator:  %s\n", d->indicator ? d->indicator : "—（只报告发现，不扣分）");
		printf("定义 defined at: %s:%d\n", d->file, d->line);
		printf("\n政策 policy:\n  %s\n", d->policy);
		if (d->reference)
			printf("\n依据 reference:\n  %s\n", d->reference);
		if (d->param_count) {
			puts("\n参数 parameters:");
			size_t w = 0;
			for (size_t i = 0; i < d->param_count; i++)
				if (text_width(d->params[i].name) > w)
					w = text_width(d->params[i].name);
			for (size_t i = 0; i < d->param_count; i++) {
				fputs("  ", stdout);
				text_pad(stdout, d->params[i].name, w);
				printf(" = %s", d->params[i].value);
				if (d->params[i].comment)
					printf("    -- %s", d->params[i].comment);
				if (d->params[i].line)
					printf("  (%s:%d)", d->file, d->params[i].line);
				putchar('\n');
			}
		}
	}
	ruleset_close(&rs);
	dir_list_free(&dirs);
	return status;
}
