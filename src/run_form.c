/*
 * run_form — see run_form.h.
 */
#include "run_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base_alloc.h"

/* The place of f in the form; a text export's is its line and column,
 * the others' have no line (the data file's lines mean nothing to the
 * preparer, who never saw it). */
static void place_finding(finding *f, const form_place *p)
{
	f->line = f->column = 0;
	switch (p->kind) {
	case PLACE_NONE:
		break;
	case PLACE_LINE:
		f->line = (int)p->line;
		f->column = (int)p->column;
		return;
	case PLACE_CELL:
		f->cell = xstrdup(p->cell);
		break;
	case PLACE_TABLE:
		f->table = p->table;
		f->row = p->row;
		f->col = p->col;
		break;
	case PLACE_PARAGRAPH:
		f->paragraph = p->line;
		break;
	}
	if (p->text[0])
		f->where = xstrdup(p->text);
}

/* A line of the data file as a line of the text export, else 0. */
static int text_line(const form_report *form, int line)
{
	const form_place *p = form_place_of_line(form, line);
	return p && p->kind == PLACE_LINE ? (int)p->line : 0;
}

/* The place of a data path's value; the budget's totals are read from the
 * 年度资金总额 row of a form (budget.executed is budget.funds.total.executed). */
static const form_place *place_of_path(const form_report *form, unsigned document, const char *path)
{
	const form_place *p = form_place_of_path(form, document, path);
	if (p || strncmp(path, "budget.", 7) || strchr(path + 7, '.'))
		return p;
	char total[256];
	snprintf(total, sizeof total, "budget.funds.total.%s", path + 7);
	return form_place_of_path(form, document, total);
}

static void add_notes(doc_result *r, const form_report *form)
{
	for (size_t i = 0; i < form->note_count; i++) {
		const form_note *n = &form->notes[i];
		finding *f = result_add(r, RULE_FORM, n->error ? SEV_ERROR : SEV_WARNING, n->message, NULL, 0, 0);
		if (f)
			place_finding(f, &n->place);
	}
}

void form_locate_result(doc_result *r, const form_report *form, bool notes)
{
	for (size_t i = 0; i < r->finding_count; i++) {
		finding *f = &r->findings[i];
		const form_place *p = f->line ? form_place_of_line(form, f->line) : NULL;
		if (!p && f->path)
			p = place_of_path(form, (unsigned)r->document, f->path);
		if (p)
			place_finding(f, p);
		else
			f->line = f->column = 0;
	}
	for (size_t i = 0; i < r->indicator_count; i++)
		r->indicators[i].line = text_line(form, r->indicators[i].line);
	for (size_t i = 0; i < r->target_count; i++)
		r->targets[i].line = text_line(form, r->targets[i].line);
	r->budget.line = text_line(form, r->budget.line);
	r->scores_line = text_line(form, r->scores_line);
	if (notes)
		add_notes(r, form);
	if (form->kind == GRID_TEXT)
		result_sort(r); /* by the text's lines now */
}

doc_result *form_failed_result(const char *path, const form_report *form)
{
	doc_result *r = result_new(path, 0);
	if (!r)
		return NULL;
	for (size_t i = 0; i < form->note_count; i++) {
		const form_note *n = &form->notes[i];
		finding *f = result_add(r, form->kind == GRID_UNKNOWN ? RULE_IO : RULE_FORM,
		                        n->error ? SEV_ERROR : SEV_WARNING, n->message, NULL, 0, 0);
		if (f)
			place_finding(f, &n->place);
	}
	return r;
}
