/*
 * cmd_rules — `pevcheck rules` lists the loaded rules; `pevcheck explain
 * RULE-ID` prints everything about one; `pevcheck new-rule ID` writes a rule
 * and its test from a template.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static const char new_rule_usage[] =
	"用法 Usage: pevcheck new-rule [-r DIR] [--base REPORT] RULE-ID\n"
	"  在规则目录 DIR（默认 ./rules）下新建一条规则和它的测试：\n"
	"  编号 dept.budget.late 写到 DIR/dept/budget-late.lua 和 DIR/dept/budget-late.test.yaml。\n"
	"  --base REPORT  测试所基于的报告（默认 examples/huangpu-2022.yaml，如存在）\n";

static const char rule_template[] =
	"-- %s\n"
	"-- 政策依据：（在这里写出政策原文和文号）\n"
	"\n"
	"local P = params {\n"
	"  points = 0.5,  -- 每次扣分（分）\n"
	"}\n"
	"\n"
	"rule {\n"
	"  id = \"%s\",\n"
	"  title = \"（规则标题）\",\n"
	"  severity = \"warning\",           -- error | warning | info\n"
	"  kinds = { \"department\" },       -- department（部门整体支出）和/或 project（项目支出）\n"
	"  indicator = \"管理效率/资产管理\",  -- 扣分所针对的评分指标（路径）；只报告问题时可删去\n"
	"  policy = \"（政策原文：在什么情况下扣多少分）\",\n"
	"  reference = \"（文件名称和文号）\",\n"
	"  check = function(r)\n"
	"    -- r 是只读的报告，例如 r.budget.planned、r.scores.indicators、r.facts\n"
	"    local facts = r.facts or {}\n"
	"    if facts.example == nil then\n"
	"      unverified(\"报告没有 facts.example，无法核验\")\n"
	"      return\n"
	"    end\n"
	"    if facts.example > 0 then\n"
	"      deduct(P.points, \"（扣分原因）\", facts, \"example\")\n"
	"    end\n"
	"  end,\n"
	"}\n";

static const char test_template[] =
	"# %s 的测试：每个用例给出数据和预期结果，用 pevcheck test %s 运行。\n"
	"%s"
	"cases:\n"
	"  - name: 符合规定：不扣分\n"
	"    data:\n"
	"      facts: {example: 0}\n"
	"    expect:\n"
	"      no_findings: [%s]\n"
	"\n"
	"  - name: 不符合规定：扣分\n"
	"    data:\n"
	"      facts: {example: 1}\n"
	"    expect:\n"
	"      findings:\n"
	"        - {rule: %s, points: 0.5}\n";

/* The relative path from directory `from` to file `to` (both absolute). */
static void relative_to(const char *from, const char *to, char *out, size_t size)
{
	size_t common = 0;
	for (size_t i = 0; from[i] && to[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	if (!from[common - 1 < strlen(from) ? common : 0] && to[common - 1] == '/')
		common = strlen(from) + 1;
	size_t used = 0;
	out[0] = '\0';
	for (const char *p = from + common - 1; *p; p++)
		if (*p == '/' && used + 3 < size) {
			memcpy(out + used, "../", 3);
			used += 3;
		}
	snprintf(out + used, size - used, "%s", to + common);
}

int cmd_new_rule(int argc, char **argv)
{
	static const struct option options[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "base", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = "rules", *base = NULL;
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "r:b:h", options, NULL)) != -1) {
		if (opt == 'r')
			dir = optarg;
		else if (opt == 'b')
			base = optarg;
		else if (opt == 'h') {
			fputs(new_rule_usage, stdout);
			return EXIT_CLEAN;
		} else {
			fputs(new_rule_usage, stderr);
			return EXIT_TROUBLE;
		}
	}
	if (optind != argc - 1) {
		fputs(new_rule_usage, stderr);
		return EXIT_TROUBLE;
	}
	const char *id = argv[optind];
	const char *dot = strchr(id, '.');
	bool valid = dot && dot != id && dot[1];
	for (const char *p = id; *p && valid; p++)
		valid = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		        *p == '_';
	if (!valid) {
		fprintf(stderr, "pevcheck: 规则编号“%s”无效：应为小写字母、数字和点，至少两段，如 dept.asset.late\n", id);
		return EXIT_TROUBLE;
	}
	char folder[4096], name[256], lua[4400], test[4400];
	snprintf(folder, sizeof folder, "%s/%.*s", dir, (int)(dot - id), id);
	snprintf(name, sizeof name, "%s", dot + 1);
	for (char *p = name; *p; p++)
		if (*p == '.')
			*p = '-';
	snprintf(lua, sizeof lua, "%s/%s.lua", folder, name);
	snprintf(test, sizeof test, "%s/%s.test.yaml", folder, name);
	struct stat st;
	if (stat(lua, &st) == 0 || stat(test, &st) == 0) {
		fprintf(stderr, "pevcheck: %s 或 %s 已存在，不覆盖\n", lua, test);
		return EXIT_TROUBLE;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "pevcheck: 规则目录 %s 不存在\n", dir);
		return EXIT_TROUBLE;
	}
	if (mkdir(folder, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "pevcheck: 无法创建 %s：%s\n", folder, strerror(errno));
		return EXIT_TROUBLE;
	}
	char base_line[4300] = "";
	if (!base && stat("examples/huangpu-2022.yaml", &st) == 0)
		base = "examples/huangpu-2022.yaml";
	if (base) {
		char *abs_base = realpath(base, NULL), *abs_folder = realpath(folder, NULL);
		if (!abs_base || !abs_folder) {
			fprintf(stderr, "pevcheck: 找不到 base 报告 %s\n", base);
			free(abs_base);
			free(abs_folder);
			return EXIT_TROUBLE;
		}
		char rel[4096];
		relative_to(abs_folder, abs_base, rel, sizeof rel);
		snprintf(base_line, sizeof base_line, "base: %s\n", rel);
		free(abs_base);
		free(abs_folder);
	}
	FILE *f = fopen(lua, "wx");
	if (!f) {
		fprintf(stderr, "pevcheck: 无法写入 %s：%s\n", lua, strerror(errno));
		return EXIT_TROUBLE;
	}
	fprintf(f, rule_template, id, id);
	bool bad = fclose(f) != 0;
	f = fopen(test, "wx");
	if (!f || bad) {
		fprintf(stderr, "pevcheck: 无法写入 %s：%s\n", test, strerror(errno));
		if (f)
			fclose(f);
		unlink(lua);
		return EXIT_TROUBLE;
	}
	fprintf(f, test_template, id, dir, base_line, id, id);
	if (fclose(f) != 0) {
		fprintf(stderr, "pevcheck: 无法写入 %s：%s\n", test, strerror(errno));
		unlink(lua);
		unlink(test);
		return EXIT_TROUBLE;
	}
	printf("已创建 %s\n已创建 %s\n下一步：编辑规则，然后运行 pevcheck test %s\n", lua, test, dir);
	return EXIT_CLEAN;
}
