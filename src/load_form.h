/*
 * load_form — a printed form read as a report: the workbook, Word document
 * or text export (load_grid.h) mapped by a form layout (load_layout.h) onto
 * the data format of SPEC §1.  The result is the data file pevcheck import
 * writes and check reads: one YAML document per form found, every value on
 * a line of its own with a comment naming where it was printed, a list at
 * the top of what could not be mapped, and for every line of the text the
 * place in the form it stands for.
 *
 * Never a guess: a label not found leaves its value out (and says so in
 * the list); a cell printed empty is written empty (~), which the report
 * model reads as a blank cell (未填写); a cell printing "—" (not
 * applicable) is left out; a formula saved without its value is a note.
 *
 * Knows nothing about rules, scoring or output formats.
 */
#ifndef PEVCHECK_LOAD_FORM_H
#define PEVCHECK_LOAD_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "load_form_yaml.h"
#include "load_grid.h"
#include "load_layout.h"

/* Something about the form a check must report (a finding pev.form). */
typedef struct form_note {
	bool error; /* else a warning */
	char *message;
	form_place place;
} form_note;

typedef struct form_report {
	char *yaml; /* the data file, NUL-terminated; "" when nothing was read */
	size_t length;
	form_lines lines;   /* what each line of yaml stands for */
	size_t documents;   /* forms found */
	grid_kind kind;     /* of the file */
	form_note *notes;
	size_t note_count;
	char **unmapped;    /* what could not be mapped, for the reader */
	size_t unmapped_count;
} form_report;

/* Is the file at path one the form readers take: by its name (.xlsx, .docx,
 * .txt, .md, .markdown, .csv; the old .xls and .doc, and the .pdf, .ods,
 * .wps ... people also keep forms in, are refused with a note saying what
 * to save them as)? */
bool form_is_form_file(const char *path);

/* Read the form at path with the first layout that matches each of its
 * parts (a workbook's sheets are tried one by one: several forms give
 * several documents).  Always fills out; returns the number of documents,
 * 0 when none (out->notes say why). */
size_t form_read(const char *path, const layout_set *layouts, const grid_limits *limits,
                 form_report *out);
/* Same over bytes in memory (the results cache reads a form's bytes once,
 * to key it; fuzzing; tests), `name` standing for the path. */
size_t form_read_buffer(const void *data, size_t size, const char *name, const layout_set *layouts,
                        const grid_limits *limits, form_report *out);
void form_report_free(form_report *r);

/* The place of the line of yaml a finding points at (NULL: none). */
const form_place *form_place_of_line(const form_report *r, int line);
/* The place of the value at a data path of a document (from 1; 0 counts
 * as 1), NULL when the form printed none there. */
const form_place *form_place_of_path(const form_report *r, unsigned document, const char *path);

#endif
