/*
 * cmd_forms — `pevcheck import FORM` prints the data file a printed form
 * (a 自评表 workbook, a Word report, a text export) is read as; `pevcheck
 * forms` lists the form layouts that read them.  Both load only the
 * layouts (load_layout.h), never the rules: importing a form does not
 * depend on a rule loading.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_fs.h"
#include "base_i18n.h"
#include "base_textwidth.h"
#include "cmd_common.h"
#include "load_form.h"
#include "load_layout.h"

static const char *const import_usage = N_(
	"Usage: pevcheck import [-r DIR]... [--config FILE | --no-config] [-o FILE] FORM\n"
	"  Read a form (a .xlsx workbook, a .docx document, a .txt or .md text export) with\n"
	"  the form layouts of the bundled rules and of the rule directories, and print the\n"
	"  data file it is read as (YAML): every value with a comment naming its cell, and a\n"
	"  list of what the form does not show.  pevcheck check reads forms the same way.\n"
	"  -o FILE  write the data file there (all or nothing) instead of stdout\n");
static const char *const forms_usage = N_(
	"Usage: pevcheck forms [-r DIR]... [--config FILE | --no-config]\n"
	"  List the form layouts: name, kind, the labels a form must show, file.\n");

typedef struct form_options {
	string_list dirs;
	project_config config;
	const char *output;
	layout_set layouts;
} form_options;

static int parse(form_options *o, int argc, char **argv, const char *usage, bool output)
{
	return cmd_rule_options(argc, argv, _(usage), &o->dirs, &o->config, output ? &o->output : NULL);
}

/* The layouts of the bundled rules and the rule directories; false when
 * one does not load (reported). */
static bool load_layouts(form_options *o)
{
	size_t count, added;
	const char **all = fs_dirs_with_bundled((const char *const *)o->dirs.items, o->dirs.count, &count, &added);
	char error[2048];
	int status = layout_set_load(&o->layouts, all, count, error, sizeof error);
	free(all);
	if (status)
		fprintf(stderr, _("pevcheck: error in a form layout: %s\n"), error);
	return status == 0;
}

static void close_options(form_options *o)
{
	layout_set_free(&o->layouts);
	string_list_free(&o->dirs);
	config_free(&o->config);
}

/* The notes of a form read, on stderr: "FORM: WHERE: message". */
static bool print_notes(const char *path, const form_report *r)
{
	bool errors = false;
	for (size_t i = 0; i < r->note_count; i++) {
		const form_note *n = &r->notes[i];
		errors = errors || n->error;
		fprintf(stderr, "%s: %s%s%s%s\n", path, n->place.text[0] ? n->place.text : "",
		        n->place.text[0] ? ": " : "", n->error ? _("error: ") : _("warning: "), n->message);
	}
	return errors;
}

int cmd_import(int argc, char **argv)
{
	form_options o = { 0 };
	config_init(&o.config);
	int first = parse(&o, argc, argv, import_usage, true);
	if (first >= 0 && first != argc - 1) {
		fputs(_(import_usage), stderr);
		first = -1;
	}
	int status = first == -2 ? EXIT_CLEAN : EXIT_TROUBLE;
	if (first >= 0 && load_layouts(&o)) {
		form_report r;
		size_t documents = form_read(argv[first], &o.layouts, NULL, &r);
		bool errors = print_notes(argv[first], &r);
		status = !documents ? EXIT_TROUBLE : errors ? EXIT_FINDINGS : EXIT_CLEAN;
		if (documents && o.output && fs_write_atomic(o.output, r.yaml, r.length) != 0) {
			fprintf(stderr, _("pevcheck: cannot write %s: %s\n"), o.output, strerror(errno));
			status = EXIT_TROUBLE;
		} else if (documents && !o.output && fwrite(r.yaml, 1, r.length, stdout) != r.length) {
			status = EXIT_TROUBLE;
		}
		form_report_free(&r);
	}
	close_options(&o);
	return status;
}

static void list_layouts(const layout_set *s)
{
	size_t name_width = text_width(_("Name")), kind_width = text_width(_("Kind"));
	for (size_t i = 0; i < s->count; i++) {
		size_t w = text_width(s->items[i].name);
		name_width = w > name_width ? w : name_width;
		w = s->items[i].kind ? text_width(s->items[i].kind) : 0;
		kind_width = w > kind_width ? w : kind_width;
	}
	text_pad(stdout, _("Name"), name_width + 2);
	text_pad(stdout, _("Kind"), kind_width + 2);
	printf("%s\n", _("Labels the form must show; file"));
	for (size_t i = 0; i < s->count; i++) {
		const form_layout *l = &s->items[i];
		text_pad(stdout, l->name, name_width + 2);
		text_pad(stdout, l->kind ? l->kind : "", kind_width + 2);
		for (size_t k = 0; k < l->requires.count; k++)
			printf("%s%s", k ? _(", ") : "", l->requires.items[k]);
		printf("; %s\n", l->file);
	}
}

int cmd_forms(int argc, char **argv)
{
	form_options o = { 0 };
	config_init(&o.config);
	int first = parse(&o, argc, argv, forms_usage, false);
	if (first >= 0 && first != argc) {
		fputs(_(forms_usage), stderr);
		first = -1;
	}
	int status = first == -2 ? EXIT_CLEAN : EXIT_TROUBLE;
	if (first >= 0 && load_layouts(&o)) {
		list_layouts(&o.layouts);
		status = EXIT_CLEAN;
	}
	close_options(&o);
	return status;
}
