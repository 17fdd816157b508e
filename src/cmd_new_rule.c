/*
 * cmd_new_rule — `pevcheck new-rule [-r DIR] [--base REPORT] RULE-ID`:
 * write a new rule and its test from a template, so that the test passes
 * as written and the rule loads.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base_fs.h"
#include "base_i18n.h"
#include "cmd_common.h"
#include "rules_catalog.h"

static const char *const new_rule_usage = N_(
	"Usage: pevcheck new-rule [-r DIR] [--base REPORT] RULE-ID\n"
	"  Write a new rule and its test in the rule directory DIR (default ./rules):\n"
	"  id dept.budget.late goes to DIR/dept/budget-late.lua and DIR/dept/budget-late.test.yaml.\n"
	"  --base REPORT  the report the test is based on (default examples/huangpu-2022.yaml\n"
	"                 if it exists, else the bundled example)\n");

static const char *const rule_template = N_(
	"-- %s\n"
	"-- Policy: (quote the policy and its document number here)\n"
	"\n"
	"local P = params {\n"
	"  points = 0.5,  -- points deducted each time\n"
	"}\n"
	"\n"
	"rule {\n"
	"  id = \"%s\",\n"
	"  title = \"(rule title)\",\n"
	"  severity = \"warning\",           -- error | warning | info\n"
	"  kinds = { \"department\" },       -- department and/or project\n"
	"  -- What it scores: each report's scoring framework places it on one of its indicators\n"
	"  -- (pevcheck frameworks; pevcheck explain FRAMEWORK lists the concepts). For a fixed\n"
	"  -- indicator write indicator = \"LEVEL1/LEVEL2\" instead; drop both for a rule that only reports.\n"
	"  concept = \"资产登记\",\n"
	"  -- The data it needs: when one is absent the rule does not run, and its indicator\n"
	"  -- shows \"could not verify: the report has no facts.example (...)\".\n"
	"  needs = { [\"facts.example\"] = \"(what the data is)\" },\n"
	"  policy = \"(the policy: when, and how many points are deducted)\",\n"
	"  reference = \"(document title and number)\",\n"
	"  check = function(r)\n"
	"    -- r is the report, read-only: r.budget.planned, r.scores.indicators, r.facts ...\n"
	"    -- needs made sure r.facts.example is there.\n"
	"    if r.facts.example > 0 then\n"
	"      deduct(P.points, \"(why points are deducted)\", r.facts, \"example\")\n"
	"    end\n"
	"  end,\n"
	"}\n");

static const char *const test_template = N_(
	"# Tests of %s: each case gives data and the expected result; run them with pevcheck test %s.\n"
	"%s"
	"cases:\n"
	"  - name: complies, nothing deducted\n"
	"    data:\n"
	"      facts: {example: 0}\n"
	"    expect:\n"
	"      no_findings: [%s]\n"
	"\n"
	"  - name: does not comply, points deducted\n"
	"    data:\n"
	"      facts: {example: 1}\n"
	"    expect:\n"
	"      findings:\n"
	"        - {rule: %s, points: 0.5}\n");

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

/* The options into *dir and *base; returns -1 to go on (optind is the id),
 * else the exit status. */
static int parse_options(int argc, char **argv, const char **dir, const char **base)
{
	static const struct option options[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "base", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "r:b:h", options, NULL)) != -1) {
		if (opt == 'r')
			*dir = optarg;
		else if (opt == 'b')
			*base = optarg;
		else if (opt == 'h') {
			fputs(_(new_rule_usage), stdout);
			return EXIT_CLEAN;
		} else {
			fputs(_(new_rule_usage), stderr);
			return EXIT_TROUBLE;
		}
	}
	if (optind != argc - 1) {
		fputs(_(new_rule_usage), stderr);
		return EXIT_TROUBLE;
	}
	return -1;
}

typedef struct rule_files {
	char folder[4096]; /* DIR/dept */
	char lua[4400], test[4400];
} rule_files;

/* Where the rule with this id goes: id dept.budget.late in
 * DIR/dept/budget-late.lua and .test.yaml; the folder is made.  false when
 * the id would not load, a file exists or the folder cannot be made
 * (reported). */
static bool place_rule(rule_files *f, const char *dir, const char *id)
{
	/* The id must load (rule_id_valid), and its first part names the
	 * folder the rule goes in. */
	const char *dot = strchr(id, '.');
	if (!rule_id_valid(id) || !dot) {
		fprintf(stderr, _("pevcheck: invalid rule id '%s': use lower-case letters, digits and dots, at least two parts, such as dept.asset.late\n"), id);
		return false;
	}
	char name[256];
	snprintf(f->folder, sizeof f->folder, "%s/%.*s", dir, (int)(dot - id), id);
	snprintf(name, sizeof name, "%s", dot + 1);
	for (char *p = name; *p; p++)
		if (*p == '.')
			*p = '-';
	snprintf(f->lua, sizeof f->lua, "%s/%s.lua", f->folder, name);
	snprintf(f->test, sizeof f->test, "%s/%s.test.yaml", f->folder, name);
	struct stat st;
	if (stat(f->lua, &st) == 0 || stat(f->test, &st) == 0) {
		fprintf(stderr, _("pevcheck: %s or %s already exists; not overwriting\n"), f->lua, f->test);
		return false;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, _("pevcheck: rule directory %s does not exist\n"), dir);
		return false;
	}
	if (mkdir(f->folder, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, _("pevcheck: cannot create %s: %s\n"), f->folder, strerror(errno));
		return false;
	}
	return true;
}

/* The test's "base: REPORT" line into out ("" without a base report).  The
 * scaffold's test must pass as written, so it needs a complete report to
 * start from: --base, else the bundled example, in the checkout or
 * installed beside the standard rules.  false when the base is not found
 * (reported). */
static bool base_line(char *out, size_t size, const char *base, const char *folder)
{
	char bundled[PATH_MAX + 64];
	snprintf(bundled, sizeof bundled, "%s/../examples/huangpu-2022.yaml", fs_bundled_rules());
	struct stat st;
	if (!base && stat("examples/huangpu-2022.yaml", &st) == 0)
		base = "examples/huangpu-2022.yaml";
	else if (!base && stat(bundled, &st) == 0)
		base = bundled;
	out[0] = '\0';
	if (!base)
		return true;
	char *abs_base = realpath(base, NULL), *abs_folder = realpath(folder, NULL);
	bool found = abs_base && abs_folder;
	if (!found) {
		fprintf(stderr, _("pevcheck: base report %s not found\n"), base);
	} else {
		char rel[4096];
		/* Relative within the project; the installed example by its
		 * absolute path, which moves with no project. */
		if (base == bundled)
			snprintf(rel, sizeof rel, "%s", abs_base);
		else
			relative_to(abs_folder, abs_base, rel, sizeof rel);
		snprintf(out, size, "base: %s\n", rel);
	}
	free(abs_base);
	free(abs_folder);
	return found;
}

/* Write the rule and its test; nothing is left behind when either cannot
 * be written (reported). */
static bool write_files(const rule_files *f, const char *id, const char *dir, const char *base)
{
	FILE *out = fopen(f->lua, "wx");
	if (!out) {
		fprintf(stderr, _("pevcheck: cannot write %s: %s\n"), f->lua, strerror(errno));
		return false;
	}
	fprintf(out, _(rule_template), id, id);
	bool bad = fclose(out) != 0;
	out = fopen(f->test, "wx");
	if (!out || bad) {
		fprintf(stderr, _("pevcheck: cannot write %s: %s\n"), f->test, strerror(errno));
		if (out)
			fclose(out);
		unlink(f->lua);
		return false;
	}
	fprintf(out, _(test_template), id, dir, base, id, id);
	if (fclose(out) != 0) {
		fprintf(stderr, _("pevcheck: cannot write %s: %s\n"), f->test, strerror(errno));
		unlink(f->lua);
		unlink(f->test);
		return false;
	}
	return true;
}

int cmd_new_rule(int argc, char **argv)
{
	const char *dir = "rules", *base = NULL;
	int status = parse_options(argc, argv, &dir, &base);
	if (status >= 0)
		return status;
	const char *id = argv[optind];
	rule_files files;
	char line[4300];
	if (!place_rule(&files, dir, id) || !base_line(line, sizeof line, base, files.folder) ||
	    !write_files(&files, id, dir, line))
		return EXIT_TROUBLE;
	printf(_("created %s\ncreated %s\nnext: edit the rule, then run pevcheck test %s\n"), files.lua,
	       files.test, dir);
	return EXIT_CLEAN;
}
