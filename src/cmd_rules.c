/*
 * cmd_rules — `pevcheck rules` lists the loaded rules, `pevcheck frameworks`
 * the scoring frameworks; `pevcheck explain RULE-ID | FRAMEWORK` prints
 * everything about one.  Views of one loading: the same options,
 * configuration and rule set, so they share this file.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base_i18n.h"
#include "base_textwidth.h"
#include "cmd_common.h"
#include "model_report.h"
#include "rules.h"
#include "run_config.h"
#include "run_rule_tests.h"

static const char *const rules_usage = N_(
	"Usage: pevcheck rules [-r DIR]... [--config FILE | --no-config] [--overlap]\n"
	"  List the loaded rules: id, severity, indicator, title.  Without -r, the rule\n"
	"  directories, switched-off rules and severities of .pevcheck.yaml apply, as in check.\n"
	"      --overlap   run the rule tests of the rule directories and list the rules that\n"
	"                  report on the same data path for the same report\n");
static const char *const explain_usage = N_(
	"Usage: pevcheck explain [-r DIR]... [--config FILE | --no-config] RULE-ID | FRAMEWORK\n"
	"  Show one rule: its policy and reference, its parameters and their values, what it\n"
	"  applies to, where it is defined.  Or one scoring framework: its source, its indicator\n"
	"  tree with full marks and scoring methods, the concepts it maps and what it changes.\n");
static const char *const frameworks_usage = N_(
	"Usage: pevcheck frameworks [-r DIR]... [--config FILE | --no-config]\n"
	"  List the scoring frameworks: name, kind, first-level indicators, title, file.\n"
	"  pevcheck explain NAME shows one whole.\n");


/* What both commands load: the rule directories, the project
 * configuration, and the rule set with the configuration applied. */
typedef struct listing {
	string_list dirs;
	bool overlap; /* rules --overlap */
	project_config config;
	rule_options options; /* outlives the rule set, which reads it */
	rule_set *rules;
} listing;

/* Parse -r, --config and --no-config and load the project configuration
 * the way check does (cmd_rule_options). */
static int parse_rule_options(listing *l, int argc, char **argv, const char *usage)
{
	return cmd_rule_options(argc, argv, usage, &l->dirs, &l->config, NULL);
}

/* Load the rules, their parameters described, and apply the configuration
 * to them (disable, severity, grades), so what is shown is what check
 * would run; false when they do not load (reported). */
static bool open_rules(listing *l)
{
	l->options.limits = sandbox_limits_default;
	l->options.describe_params = true;
	char error[2048];
	l->rules = ruleset_open((const char *const *)l->dirs.items, l->dirs.count, &l->options, error,
	                        sizeof error);
	if (!l->rules) {
		text_complain(stderr, _("pevcheck: rules failed to load: %s\n"), error);
		return false;
	}
	if (l->config.file && config_apply_rules(&l->config, l->rules, error, sizeof error) != 0) {
		text_complain(stderr, _("pevcheck: error in the configuration file: %s\n"), error);
		return false;
	}
	return true;
}

static void listing_close(listing *l)
{
	ruleset_close(l->rules);
	string_list_free(&l->dirs);
	config_free(&l->config);
}

/* ---- pevcheck rules -------------------------------------------------------------- */

static size_t size_max(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* "off" as ESLint says it: switched off by the configuration. */
static const char *rule_severity_label(const rule_decl *d)
{
	return d->disabled ? "off" : severity_name(d->severity);
}

/* The indicator column: the rule's fixed path, 〈concept〉 (the framework
 * of each report places it), or "—"; built in buf when needed. */
static const char *rule_indicator_label(const rule_decl *d, char *buf, size_t size)
{
	if (d->indicator || !d->concept)
		return d->indicator ? d->indicator : "—";
	snprintf(buf, size, "〈%s〉", d->concept);
	return buf;
}

static void list_rules(const rule_set *rs, const project_config *config)
{
	size_t id_width = text_width(_("id")), sev_width = text_width(_("severity"));
	size_t ind_width = text_width(_("indicator"));
	char where[512];
	for (size_t i = 0; i < ruleset_count(rs); i++) {
		const rule_decl *d = ruleset_rule(rs, i);
		id_width = size_max(id_width, text_width(d->id));
		sev_width = size_max(sev_width, text_width(rule_severity_label(d)));
		ind_width = size_max(ind_width, text_width(rule_indicator_label(d, where, sizeof where)));
	}
	text_pad(stdout, _("id"), id_width + 2);
	text_pad(stdout, _("severity"), sev_width + 2);
	text_pad(stdout, _("indicator"), ind_width + 2);
	fputs(_("title\n"), stdout);
	for (size_t i = 0; i < ruleset_count(rs); i++) {
		const rule_decl *d = ruleset_rule(rs, i);
		text_pad(stdout, d->id, id_width + 2);
		text_pad(stdout, rule_severity_label(d), sev_width + 2);
		text_pad(stdout, rule_indicator_label(d, where, sizeof where), ind_width + 2);
		puts(d->title);
	}
	printf(ngettext("\n%zu rule (%s %s)\n", "\n%zu rules (%s %s)\n", ruleset_count(rs)),
	       ruleset_count(rs), ruleset_name(rs), ruleset_version(rs));
	if (config->file)
		printf(_("configuration: %s\n"), config->file);
}

/* rules --overlap: the rule tests of the rule directories, run for the
 * pairs of rules that report on the same data (run_test_overlap.h). */
static int list_overlaps(listing *l)
{
	rule_test_settings s = {
		.rule_dirs = (const char *const *)l->dirs.items,
		.rule_dir_count = l->dirs.count,
		.test_dirs = &l->dirs,
		.overlap_report = true,
	};
	rule_test_counts counts;
	return run_rule_tests(&s, &counts) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
}

/* rules --overlap, taken out of argv (before a "--") ahead of the options
 * every listing command shares; the new argc. */
static int take_overlap(listing *l, int argc, char **argv)
{
	int out = 1;
	bool options = true;
	for (int i = 1; i < argc; i++) {
		options = options && strcmp(argv[i], "--") != 0;
		if (options && !strcmp(argv[i], "--overlap"))
			l->overlap = true;
		else
			argv[out++] = argv[i];
	}
	argv[out] = NULL;
	return out;
}

int cmd_rules(int argc, char **argv)
{
	listing l = { 0 };
	argc = take_overlap(&l, argc, argv);
	config_init(&l.config);
	int first = parse_rule_options(&l, argc, argv, _(rules_usage));
	int status = first == -2 ? EXIT_CLEAN : EXIT_TROUBLE;
	if (first >= 0 && l.overlap) {
		status = list_overlaps(&l);
	} else if (first >= 0 && open_rules(&l)) {
		list_rules(l.rules, &l.config);
		status = EXIT_CLEAN;
	}
	listing_close(&l);
	return status;
}

/* ---- pevcheck explain ------------------------------------------------------------ */

static const char *kinds_label(unsigned kinds)
{
	switch (kinds) {
	case KIND_DEPARTMENT: return _("department (department-wide expenditure)");
	case KIND_PROJECT: return _("project (project expenditure)");
	default: return _("department, project (department-wide and project expenditure)");
	}
}

/* The parameters, their names padded to one width, each with its value,
 * comment and line. */
static void explain_params(const rule_decl *d)
{
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

/* Where the rule's concept lands in each framework, and the data it needs. */
static void explain_scoring(const rule_set *rs, const rule_decl *d)
{
	if (d->concept) {
		printf(_("concept:     %s (the scoring framework of each report places it:"), d->concept);
		const framework_set *fs = ruleset_frameworks(rs);
		bool any = false;
		for (size_t k = 0; k < fs->count; k++) {
			const char *path = framework_concept_path(&fs->items[k], d->concept);
			if (!path)
				continue;
			printf(_("%s %s → %s"), any ? _(";") : "", fs->items[k].name, path);
			any = true;
		}
		puts(any ? _(")") : _(" no framework has an indicator for it)"));
	} else {
		printf(_("indicator:   %s\n"),
		       d->indicator ? d->indicator : _("— (reports findings only, deducts no points)"));
	}
	for (size_t k = 0; k < d->need_count; k++) {
		const char *label = d->needs[k].label ? d->needs[k].label : model_field_label(d->needs[k].path);
		printf(k ? "             %s%s%s%s\n" : _("needs:       %s%s%s%s\n"), d->needs[k].path,
		       label ? _(" (") : "", label ? label : "", label ? _(")") : "");
	}
}

/* What else the rule can report beside its declared severity: the
 * severities its check passes to finding{} (read from its source). */
static void explain_other_severities(const rule_decl *d)
{
	for (int s = SEV_ERROR; s >= SEV_INFO; s--)
		if (d->severity_lines[s] && s != (int)d->severity)
			printf(_("             also %s (finding{severity = ...} at %s:%d)\n"),
			       severity_name((enum severity)s), d->file, d->severity_lines[s]);
	if (d->severity_computed_line)
		printf(_("             and one its check chooses when it runs (finding{severity = ...} at %s:%d)\n"),
		       d->file, d->severity_computed_line);
}

static void explain_rule(const rule_set *rs, const rule_decl *d, const project_config *config)
{
	printf("%s — %s\n\n", d->id, d->title);
	if (d->disabled)
		printf(_("severity:    %s (switched off by %s)\n"), severity_name(d->severity),
		       config->file);
	else
		printf(_("severity:    %s\n"), severity_name(d->severity));
	explain_other_severities(d);
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
	explain_scoring(rs, d);
	printf(_("defined at:  %s:%d\n"), d->file, d->line);
	printf(_("\npolicy:\n  %s\n"), d->policy);
	if (d->reference)
		printf(_("\nreference:\n  %s\n"), d->reference);
	if (d->param_count)
		explain_params(d);
}

static const char *kind_name(const char *kind)
{
	if (!kind)
		return _("any kind (parameters only, over the framework the table shows)");
	return !strcmp(kind, "project") ? _("project expenditure") : _("department-wide expenditure");
}

/* "A → B → C": the framework f extends, and what that one extends. */
static void explain_extends(const framework_set *fs, const framework *f)
{
	fputs(_("extends:     "), stdout);
	const char *name = f->extends;
	for (size_t depth = 0; name && depth <= fs->count; depth++) {
		printf("%s%s", depth ? " → " : "", name);
		const framework *base = framework_find(fs, name);
		name = base ? base->extends : NULL;
	}
	putchar('\n');
}

/* Where it comes from and how it is chosen. */
static void explain_framework_heading(const rule_set *rs, const framework *f)
{
	printf("%s — %s\n\n", f->name, f->title ? f->title : "");
	printf(_("kind:        %s\n"), kind_name(f->kind));
	if (f->source)
		printf(_("source:      %s\n"), f->source);
	printf(_("defined in:  %s\n"), f->file);
	if (f->replaces)
		printf(_("             (replaces %s: of two frameworks of one name, the later rule directory's is used)\n"),
		       f->replaces);
	if (f->extends)
		explain_extends(ruleset_frameworks(rs), f);
	if (f->alias_count) {
		fputs(_("also called: "), stdout);
		for (size_t i = 0; i < f->alias_count; i++)
			printf("%s%s", i ? _(", ") : "", f->aliases[i]);
		putchar('\n');
	}
	printf(_("detected:    %s\n"), f->detect ? _("yes, from a report's first-level indicators")
	                                           : _("no: a report names it (framework:) or --framework"));
	if (f->is_default)
		printf(_("default:     for %s reports without a score table\n"), f->kind);
	if (f->rate_includes_opening_balance)
		puts(_("execution rate: executed ÷ (full-year budget + opening balance 年初结转结余)"));
	if (f->rate_uses_received_funds)
		puts(_("execution rate: executed ÷ funds received (实际到位资金; the full-year budget when the report gives none)"));
}

static void explain_tree(const framework *f)
{
	puts(_("\nindicators (full marks, scoring method):"));
	for (size_t i = 0; i < f->node_count; i++) {
		const fw_node *n = &f->nodes[i];
		printf("  %*s%s", n->depth * 2, "", n->name);
		if (n->has_max) {
			char max[DEC_BUFSIZE];
			dec_format_trim(n->max, max);
			printf(_("  %s points"), max);
		}
		if (n->method)
			printf("  [%s]", n->method);
		for (size_t a = 0; a < n->alias_count; a++)
			printf("%s%s", a ? _(", ") : _("  also printed as "), n->aliases[a]);
		putchar('\n');
	}
}

/* What it sets, in the order the files write it (what it extends first),
 * each with its value. */
static void explain_settings(const rule_set *rs, const framework *f)
{
	if (f->concept_count)
		puts(_("\nconcepts (what the rules score → the indicator here):"));
	for (size_t i = 0; i < f->concept_count; i++)
		printf("  %s → %s\n", f->concepts[i].concept,
		       f->concepts[i].path ? f->concepts[i].path : _("— (not scored by this framework)"));
	if (f->param_count)
		puts(_("\nparameters it sets:"));
	for (size_t i = 0; i < f->param_count; i++) {
		const fw_param *p = &f->params[i];
		char value[256];
		framework_value_text(&p->value, value, sizeof value);
		printf("  %s %s = %s", p->rule, p->name,
		       p->value.kind == FWV_NULL ? _("~ (the rule's own value)") : value);
		if (!ruleset_find(rs, p->rule))
			fputs(_(" (rule not loaded)"), stdout);
		printf("  (%s:%d)\n", p->file, p->line);
	}
	if (f->disabled_count)
		puts(_("\nrules it switches off:"));
	for (size_t i = 0; i < f->disabled_count; i++)
		printf("  %s\n", f->disabled[i]);
}

/* A framework whole: where it comes from, its tree, its concepts, what it
 * changes.  The rules it tunes are named by id. */
static void explain_framework(const rule_set *rs, const framework *f)
{
	explain_framework_heading(rs, f);
	if (f->node_count)
		explain_tree(f);
	if (f->has_bands) {
		puts(_("\ngrades:"));
		for (size_t i = 0; i < f->bands.count; i++) {
			char min[DEC_BUFSIZE];
			dec_format_trim(f->bands.band[i].min, min);
			printf(_("  %s from %s\n"), f->bands.band[i].name, min);
		}
	}
	explain_settings(rs, f);
}

/* ---- pevcheck frameworks --------------------------------------------------------- */

static void list_frameworks(const framework_set *fs)
{
	for (size_t i = 0; i < fs->count; i++) {
		const framework *f = &fs->items[i];
		printf("%s%s\n", f->name, f->is_default ? _("  (default)") : "");
		printf(_("    %s; %s\n"), kind_name(f->kind), f->title ? f->title : "");
		if (f->node_count) {
			fputs(_("    first-level indicators: "), stdout);
			bool any = false;
			for (size_t k = 0; k < f->node_count; k++) {
				if (f->nodes[k].depth != 0)
					continue;
				printf("%s%s", any ? _(", ") : "", f->nodes[k].name);
				any = true;
			}
			putchar('\n');
		}
		printf(_("    %s\n"), f->file);
		if (f->replaces)
			printf(_("    (replaces %s)\n"), f->replaces);
	}
	printf(ngettext("\n%zu scoring framework; pevcheck explain NAME shows one\n",
	                "\n%zu scoring frameworks; pevcheck explain NAME shows one\n", fs->count),
	       fs->count);
}

int cmd_frameworks(int argc, char **argv)
{
	listing l = { 0 };
	config_init(&l.config);
	int first = parse_rule_options(&l, argc, argv, _(frameworks_usage));
	if (first >= 0 && first != argc) {
		fputs(_(frameworks_usage), stderr);
		first = -1;
	}
	int status = first == -2 ? EXIT_CLEAN : EXIT_TROUBLE;
	if (first >= 0 && open_rules(&l)) {
		list_frameworks(ruleset_frameworks(l.rules));
		status = EXIT_CLEAN;
	}
	listing_close(&l);
	return status;
}

int cmd_explain(int argc, char **argv)
{
	listing l = { 0 };
	config_init(&l.config);
	int first = parse_rule_options(&l, argc, argv, _(explain_usage));
	if (first >= 0 && first != argc - 1) {
		fputs(_(explain_usage), stderr);
		first = -1;
	}
	int status = first == -2 ? EXIT_CLEAN : EXIT_TROUBLE;
	if (first >= 0 && open_rules(&l)) {
		const rule_decl *d = ruleset_find(l.rules, argv[first]);
		const framework *f = d ? NULL : framework_find(ruleset_frameworks(l.rules), argv[first]);
		if (d) {
			explain_rule(l.rules, d, &l.config);
			status = EXIT_CLEAN;
		} else if (f) {
			explain_framework(l.rules, f);
			status = EXIT_CLEAN;
		} else {
			fprintf(stderr, _("pevcheck: no rule or scoring framework called '%s'; pevcheck rules and pevcheck frameworks list them\n"),
			        argv[first]);
		}
	}
	listing_close(&l);
	return status;
}
