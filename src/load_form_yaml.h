/*
 * load_form_yaml — the data file a form becomes, built as a small tree and
 * written as block YAML: one value a line, each with a comment naming where
 * in the form it came from, and for each line of the text the place it
 * stands for (so a finding at a line of the data file can point back at a
 * cell of the workbook).
 *
 * Only load_form uses it.  Knows nothing about layouts or grids beyond the
 * place of a value.
 */
#ifndef PEVCHECK_LOAD_FORM_YAML_H
#define PEVCHECK_LOAD_FORM_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Where a value of the data file was printed in the form. */
typedef struct form_place {
	enum { PLACE_NONE, PLACE_CELL, PLACE_TABLE, PLACE_LINE, PLACE_PARAGRAPH } kind;
	char cell[160];           /* PLACE_CELL: "自评表!G15" */
	uint32_t table, row, col; /* PLACE_TABLE: a Word table's cell, from 1 */
	uint32_t line, column;    /* PLACE_LINE: a text export's line and column;
	                             PLACE_PARAGRAPH: a Word body paragraph's
	                             number in line */
	char text[160];           /* how the preparer finds it ("自评表!G15",
	                             "表 2 第 3 行第 4 列", "第 12 行") */
} form_place;

typedef struct ynode ynode;

ynode *ynode_map(void);
void ynode_free(ynode *n);

/* The mapping at a dotted path under map, made when missing. */
ynode *ynode_path(ynode *map, const char *path);
/* The list at a dotted path (made when missing). */
ynode *ynode_list(ynode *map, const char *path);
/* A new mapping at the end of a list. */
ynode *ynode_push_map(ynode *list);
/* A new mapping at the start of a list. */
ynode *ynode_unshift_map(ynode *list);
/* Is there a value at the dotted path? */
bool ynode_has(ynode *map, const char *path);

/* The node at a dotted path, NULL when there is none (nothing made). */
ynode *ynode_get(ynode *map, const char *path);
/* Put the entries of map named in keys (NULL-terminated) first, in that
 * order; the others after them as they were. */
void ynode_order(ynode *map, const char *const *keys);
/* The text set at path (ynode_set_text, ynode_set_integer); NULL when
 * none is there or the value is blank. */
const char *ynode_text(ynode *map, const char *path);
/* Where the value at path was printed (NULL: no value there). */
const form_place *ynode_place(ynode *map, const char *path);
/* The entries of a list or mapping, and the i-th (NULL past the end). */
size_t ynode_count(const ynode *n);
ynode *ynode_item(ynode *list, size_t i);
/* The first mapping of list whose value at key is text. */
ynode *ynode_find(ynode *list, const char *key, const char *text);

/* Set the scalar at a dotted path (not when one is there already): text
 * is written as a quoted string, or as YAML's empty value (~) for a blank
 * cell when text is NULL; integer: written bare (year). */
void ynode_set_text(ynode *map, const char *path, const char *text, const form_place *place);
void ynode_set_blank(ynode *map, const char *path, const form_place *place);
void ynode_set_integer(ynode *map, const char *path, long value, const form_place *place);
void ynode_set_bool(ynode *map, const char *path, bool value, const form_place *place);

/* What line i (from 1) of the data file stands for: items[i - 1]. */
typedef struct form_line {
	form_place place;  /* PLACE_NONE for structure and comments */
	char *path;        /* data path of the value on it ("targets[0].score"),
	                      or NULL */
	unsigned document; /* its YAML document, from 1; 0 before the first */
} form_line;

typedef struct form_lines {
	form_line *items;
	size_t count, capacity;
} form_lines;

void form_lines_add(form_lines *l, const form_place *place, const char *path, unsigned document);
void form_lines_free(form_lines *l);

/* Write the document under root to out as block YAML, one entry of lines
 * for each line written. */
void ynode_write(const ynode *root, FILE *out, form_lines *lines, unsigned document);
/* Write text as (part of) a comment line: what would end the comment or
 * that YAML refuses (controls, line breaks, U+FFFE/U+FFFF), printed in a
 * cell's text or a file's name, as U+FFFD. */
void form_yaml_comment(FILE *out, const char *text);

#endif
