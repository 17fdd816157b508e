/*
 * cmd_rules — `pevcheck rules` lists the loaded rules; `pevcheck explain
 * RULE-ID` prints everything about one; `pevcheck new-rule ID` writes a rule
 * and its test from a template.
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

#include "cmd_common.h"
#include "run_config.h"
#include "rules.h"
#include "base_textwidth.h"
#include "base_i18n.h"

static const char *const rules_usage = N_(
	"Usage: pevcheck rules [-r DIR]... [--config FILE | --no-config]\n"
	"  List the loaded rules: id, severity, indicator, title.  Without -r, the rule\n"
	"  directories, switched-off rules and severities of .pevcheck.yaml apply, as in check.\n");
static const char *const explain_usage = N_(
	"Usage: pevcheck explain [-r DIR]... [--config FILE | --no-config] RULE-ID\n"
	"  Show one rule: its policy and reference, its parameters and their values, what it\n"
	"  applies to, where it is defined.\n");

/* Parse -r, --config and --no-config, and load the project configuration
 * the way check does; returns optind of the first operand or -1 on a usage
 * or configuration error (already reported), -2 for --help (already
 * printed).  config is initialised in every case. */
static int parse_rule_options(int argc, char **argv, string_list *dirs, project_config *config,
                              const char *usage)
{
	static const struct option options[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "config", required_argument, NULL, 'G' },
		{ "no-config", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	config_init(config);
	const char *config_file = NULL;
	bool no_config = false;
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "r:h", options, NULL)) != -1) {
		if (opt == 'r') {
			cmd_add_dir(dirs, optarg);
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
	char found[4096], error[2048];
	if (!no_config && (config_file || config_find(found, sizeof found)) &&
	    config_load(config, config_file ? config_file : found, error, sizeof error) != 0) {
		fprintf(stderr, _("pevcheck: error in the configuration file: %s\n"), error);
		return -1;
	}
	if (dirs->count == 0)
		for (size_t i = 0; i < config->rule_dir_count; i++)
			cmd_add_dir(dirs, config->rule_dirs[i]);
	if (dirs->count == 0)
		cmd_add_dir(dirs, cmd_bundled_rules());
	return optind;
}

/* Load the rules and apply the configuration to them (disable, severity,
 * grades), so what is listed is what check would run; NULL when they do
 * not load (already reported). */
static rule_set *open_rules(const string_list *dirs, const project_config *config,
                            rule_options *options)
{
	memset(options, 0, sizeof *options);
	options->limits = sandbox_limits_default;
	options->describe_params = true;
	char error[2048];
	rule_set *rs = ruleset_open((const char *const *)dirs->items, dirs->count, options, error,
	                            sizeof error);
	if (!rs) {
		fprintf(stderr, _("pevcheck: rules failed to load: %s\n"), error);
		return NULL;
	}
	if (config->file && config_apply_rules(config, rs, error, sizeof error) != 0) {
		fprintf(stderr, _("pevcheck: error in the configuration file: %s\n"), error);
		ruleset_close(rs);
		return NULL;
	}
	return rs;
}

static const char *kinds_label(unsigned kinds)
{
	switch (kinds) {
	case KIND_DEPARTMENT: return _("department (department-wide expenditure)");
	case KIND_PROJECT: return _("project (project expenditure)");
	default: return _("department, project (department-wide and project expenditure)");
	}
}

int cmd_rules(int argc, char **argv)
{
	string_list dirs = { 0 };
	project_config config;
	int first = parse_rule_options(argc, argv, &dirs, &config, _(rules_usage));
	rule_options options;
	rule_set *rs = first < 0 ? NULL : open_rules(&dirs, &config, &options);
	if (!rs) {
		string_list_free(&dirs);
		config_free(&config);
		return first == -2 ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	size_t id_width = 2, ind_width = 4;
	for (size_t i = 0; i < ruleset_count(rs); i++) {
		const rule_decl *d = ruleset_rule(rs, i);
		size_t w = text_width(d->id);
		if (w > id_width)
			id_width = w;
		w = d->indicator ? text_width(d->indicator) : 1;
		if (w > ind_width)
			ind_width = w;
	}
	text_pad(stdout, _("id"), id_width + 2);
	text_pad(stdout, _("severity"), 10);
	text_pad(stdout, _("indicator"), ind_width + 2);
	fputs(_("title\n"), stdout);
	for (size_t i = 0; i < ruleset_count(rs); i++) {
		const rule_decl *d = ruleset_rule(rs, i);
		text_pad(stdout, d->id, id_width + 2);
		/* "off" as ESLint says it: switched off by the configuration. */
		text_pad(stdout, d->disabled ? "off" : severity_name(d->severity), 10);
		text_pad(stdout, d->indicator ? d->indicator : "—", ind_width + 2);
		puts(d->title);
	}
	printf(ngettext("\n%zu rule (%s %s)\n", "\n%zu rules (%s %s)\n", ruleset_count(rs)),
	       ruleset_count(rs), ruleset_name(rs), ruleset_version(rs));
	if (config.file)
		printf(_("configuration: %s\n"), config.file);
	ruleset_close(rs);
	string_list_free(&dirs);
	config_free(&config);
	return EXIT_CLEAN;
}

int cmd_explain(int argc, char **argv)
{
	string_list dirs = { 0 };
	project_config config;
	int first = parse_rule_options(argc, argv, &dirs, &config, _(explain_usage));
	if (first >= 0 && first != argc - 1) {
		fputs(_(explain_usage), stderr);
		first = -1;
	}
	rule_options options;
	rule_set *rs = first < 0 ? NULL : open_rules(&dirs, &config, &options);
	if (!rs) {
		string_list_free(&dirs);
		config_free(&config);
		return first == -2 ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	const rule_decl *d = ruleset_find(rs, argv[first]);
	int status = EXIT_CLEAN;
	if (!d) {
		fprintf(stderr, _("pevcheck: no rule with id '%s'; pevcheck rules lists them all\n"), argv[first]);
		status = EXIT_TROUBLE;
	} else {
		printf("%s — %s\n\n", d->id, d->title);
		if (d->disabled)
			printf(_("severity:    %s (switched off by %s)\n"), severity_name(d->severity),
			       config.file);
		else
			printf(_("severity:    %s\n"), severity_name(d->severity));
		printf(_("kinds:       %s\n"), kinds_label(d->kinds));
		if (d->year_from || d->year_until) {
			fputs(_("years:       "), stdout);
			if (d->year_from && d->year_until)
				printf(_("from %ld until %ld"), d->year_from, d->year_until);
			else if (d->year_from)
				printf(_("from %ld"), d->year_from);
			else
				printf(_("until %ld"), d->year_until);
			putchar('\n');
		}
		printf(_("indicator:   %s\n"),
		       d->indicator ? d->indicator : _("— (reports findings only, deducts no points)"));
		printf(_("defined at:  %s:%d\n"), d->file, d->line);
		printf(_("\npolicy:\n  %s\n"), d->policy);
		if (d->reference)
			printf(_("\nreference:\n  %s\n"), d->reference);
		if (d->param_count) {
			puts(_("\nparameters:"));
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
	ruleset_close(rs);
	string_list_free(&dirs);
	config_free(&config);
	return status;
}

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
	"  indicator = \"管理效率/资产管理\",  -- the scored indicator (path) it deducts from; drop it for a rule that only reports\n"
	"  policy = \"(the policy: when, and how many points are deducted)\",\n"
	"  reference = \"(document title and number)\",\n"
	"  check = function(r)\n"
	"    -- r is the report, read-only: r.budget.planned, r.scores.indicators, r.facts ...\n"
	"    local facts = r.facts or {}\n"
	"    if facts.example == nil then\n"
	"      unverified(\"the report has no facts.example; cannot verify\")\n"
	"      return\n"
	"    end\n"
	"    if facts.example > 0 then\n"
	"      deduct(P.points, \"(why points are deducted)\", facts, \"example\")\n"
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
	const char *id = argv[optind];
	/* The id must load (rule_id_valid), and its first part names the
	 * folder the rule goes in. */
	const char *dot = strchr(id, '.');
	if (!rule_id_valid(id) || !dot) {
		fprintf(stderr, _("pevcheck: invalid rule id '%s': use lower-case letters, digits and dots, at least two parts, such as dept.asset.late\n"), id);
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
		fprintf(stderr, _("pevcheck: %s or %s already exists; not overwriting\n"), lua, test);
		return EXIT_TROUBLE;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, _("pevcheck: rule directory %s does not exist\n"), dir);
		return EXIT_TROUBLE;
	}
	if (mkdir(folder, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, _("pevcheck: cannot create %s: %s\n"), folder, strerror(errno));
		return EXIT_TROUBLE;
	}
	char base_line[4300] = "";
	/* The scaffold's test must pass as written, so it needs a complete
	 * report to start from: the bundled example, in the checkout or
	 * installed beside the standard rules. */
	char bundled[PATH_MAX + 64];
	snprintf(bundled, sizeof bundled, "%s/../examples/huangpu-2022.yaml", cmd_bundled_rules());
	if (!base && stat("examples/huangpu-2022.yaml", &st) == 0)
		base = "examples/huangpu-2022.yaml";
	else if (!base && stat(bundled, &st) == 0)
		base = bundled;
	if (base) {
		char *abs_base = realpath(base, NULL), *abs_folder = realpath(folder, NULL);
		if (!abs_base || !abs_folder) {
			fprintf(stderr, _("pevcheck: base report %s not found\n"), base);
			free(abs_base);
			free(abs_folder);
			return EXIT_TROUBLE;
		}
		char rel[4096];
		/* Relative within the project; the installed example by its
		 * absolute path, which moves with no project. */
		if (base == bundled)
			snprintf(rel, sizeof rel, "%s", abs_base);
		else
			relative_to(abs_folder, abs_base, rel, sizeof rel);
		snprintf(base_line, sizeof base_line, "base: %s\n", rel);
		free(abs_base);
		free(abs_folder);
	}
	FILE *f = fopen(lua, "wx");
	if (!f) {
		fprintf(stderr, _("pevcheck: cannot write %s: %s\n"), lua, strerror(errno));
		return EXIT_TROUBLE;
	}
	fprintf(f, _(rule_template), id, id);
	bool bad = fclose(f) != 0;
	f = fopen(test, "wx");
	if (!f || bad) {
		fprintf(stderr, _("pevcheck: cannot write %s: %s\n"), test, strerror(errno));
		if (f)
			fclose(f);
		unlink(lua);
		return EXIT_TROUBLE;
	}
	fprintf(f, _(test_template), id, dir, base_line, id, id);
	if (fclose(f) != 0) {
		fprintf(stderr, _("pevcheck: cannot write %s: %s\n"), test, strerror(errno));
		unlink(lua);
		unlink(test);
		return EXIT_TROUBLE;
	}
	printf(_("created %s\ncreated %s\nnext: edit the rule, then run pevcheck test %s\n"), lua, test, dir);
	return EXIT_CLEAN;
}
