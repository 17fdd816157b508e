/*
 * run_form — a report read from a form (load_form.h) checked like a data
 * file: its findings point back at the form (a workbook's cell, a Word
 * table's cell or paragraph, a text export's line and column) instead of
 * the lines of the data file the form was read as, and what reading the
 * form met becomes findings (pev.form).
 */
#ifndef PEVCHECK_RUN_FORM_H
#define PEVCHECK_RUN_FORM_H

#include <stdbool.h>

#include "load_form.h"
#include "run_result.h"

/* Point r's findings, indicators, budget and targets at the form; with
 * notes, add the form's notes as findings too (once a file: to its first
 * document). */
void form_locate_result(doc_result *r, const form_report *form, bool notes);

/* A result for a form nothing could be read from: its notes as findings
 * (pev.io when the file itself could not be read, else pev.form). */
doc_result *form_failed_result(const char *path, const form_report *form);

#endif
