/*
 * load_form_align — where the cells of a text export's short rows belong.
 *
 * A form's table copied from a web page or a PDF as text loses the cells
 * merged into a row from above: under an 一级指标 spanning four rows, the
 * three rows after the first start with their 二级 or 三级指标, every cell
 * one or two columns left of its heading; a 合计 spanning the label columns
 * prints as one cell.  A printed row of n cells then belongs to columns
 * s+1 .. s+n of its header for some shift s, the columns left of s+1 being
 * the ones merged from above.
 *
 * The shift is chosen by what the cells hold against what each column
 * holds (a 分值 under 分值 is a number, a 二级指标 a name ending in 指标,
 * 指标性质 a sign).  A row that prints as many cells as its header, and
 * every .xlsx or .docx row, is never moved.
 *
 * Knows nothing about layouts: the form reader says what each column holds.
 */
#ifndef PEVCHECK_LOAD_FORM_ALIGN_H
#define PEVCHECK_LOAD_FORM_ALIGN_H

#include <stdbool.h>
#include <stdint.h>

#include "load_grid.h"

/* The comparison a cell prints alone (指标性质: "≥", "≤", "=", "＞" ...) in
 * its ASCII or mathematical form, or NULL for anything else (定性, 定量). */
const char *form_comparison(const char *text);

/* Does the cell print a not-applicable mark ("—", "/", "无") rather than
 * a value? */
bool form_not_applicable(const char *text);

/* What a column of the table holds, as far as placing a cell goes. */
typedef enum align_kind {
	ALIGN_ANY,      /* free text (目标值, 偏差原因), or a column not read */
	ALIGN_LABEL,    /* a name: a 三级指标, a row's label, a caption */
	ALIGN_LEVEL,    /* an indicator level: 一级指标, 二级指标 */
	ALIGN_NUMBER,   /* 分值, 得分: a number */
	ALIGN_MONEY,    /* 年初预算数, 执行数: an amount, never a percentage */
	ALIGN_RATE,     /* 执行率: a percentage */
	ALIGN_OPERATOR, /* 指标性质: ≥, ≤, = */
} align_kind;

/* Tables wider than this are not forms: their rows stay as printed. */
#define ALIGN_MAX_COLUMNS 64

/* The shift of every row of g below row header (shift[r - 1]; 0 for the
 * header and the rows above it), kinds[c - 1] saying what column c of the
 * header holds, for c up to width (the cells the header printed).  NULL
 * when no row moves: g is not a text export, its header is wider than
 * ALIGN_MAX_COLUMNS, or every row is best read as printed.  malloc'd. */
uint32_t *align_rows(const grid_table *g, uint32_t header, const align_kind *kinds, uint32_t width);

#endif
