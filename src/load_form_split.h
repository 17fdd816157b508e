/*
 * load_form_split — the forms of a document that prints several: a
 * department's project 自评表 one after another in one text export or Word
 * document (a workbook keeps each on a sheet of its own, which load_form
 * reads apart already).
 *
 * A form begins where the anchor — the first label its layout requires,
 * 项目名称 for the national 自评表 — is printed as a label: a table cell
 * holding it (or it with a note in brackets, or a colon and a value after
 * it), or a line starting so.  In a text export the title lines just above
 * (项目支出绩效自评表, （2022年度）) belong to the form they head: back to a
 * blank line or a table row.  In a Word document a form is whole tables,
 * with the paragraphs between the tables before them (its title) and none
 * of a nested table's.
 *
 * Knows nothing about layouts: load_form says which label anchors, and
 * keeps the split only when every part reads as the same form.
 */
#ifndef PEVCHECK_LOAD_FORM_SPLIT_H
#define PEVCHECK_LOAD_FORM_SPLIT_H

#include <stddef.h>

#include "load_grid.h"

typedef struct form_segment {
	size_t first_line, line_count;   /* doc->lines[first_line ...] */
	size_t first_table, table_count; /* .docx: doc->tables[first_table ...];
	                                    text: 0, its tables are found anew
	                                    among its lines (form_segment_doc) */
} form_segment;

/* The segments of doc, one per form, in order: how many (2 or more), with
 * *out malloc'd; 0 when doc prints the anchor as a label at most once, or
 * is not a text export or a Word document.  anchor is normalized
 * (grid_label_normalize). */
size_t form_split(const grid_doc *doc, const char *anchor, form_segment **out);

/* The cells of table g printing the anchor as a label, and the first of
 * them after the first in *second (NULL when fewer than two): a workbook
 * sheet holding two forms one under the other, which is read as one. */
size_t form_anchor_cells(const grid_table *g, const char *anchor, const grid_cell **second);

/* A text export's segment as a document of its own: its lines, numbered as
 * in the file, and the tables among them. */
grid_doc *form_segment_doc(const grid_doc *doc, const form_segment *s);

#endif
