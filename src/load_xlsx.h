/*
 * load_xlsx — an Excel workbook (.xlsx, also .xlsm and WPS's .xlsx) read
 * into a grid_doc: every worksheet a table, in the workbook's order, named
 * as its tab; hidden sheets kept and marked; chart sheets left out.
 *
 * A cell's text is what Excel shows: shared and inline strings (rich-text
 * runs joined, phonetic guides left out, _x000D_-style escapes decoded),
 * numbers under their number format (below), TRUE/FALSE, error values such
 * as #DIV/0!.  A formula's value is the one Excel saved with it; a formula
 * saved without one is GRID_UNCOMPUTED, for the consumer to report.
 * Numbers stored as text stay text.  Merged areas (<mergeCells>), hidden
 * rows and columns are kept; cells without an "r" attribute follow the
 * previous one, as the format allows.
 *
 * Reads workbook.xml, its relationships, sharedStrings.xml, styles.xml and
 * the worksheets the relationships name, each through load_xml within the
 * limits of grid_limits.  Knows nothing about what the sheets mean.
 */
#ifndef PEVCHECK_LOAD_XLSX_H
#define PEVCHECK_LOAD_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "load_grid.h"
#include "load_zip.h"

/* Read the workbook in z (it holds xl/workbook.xml) into doc. */
void xlsx_read(grid_doc *doc, zipr *z);

/*
 * A stored number (the text of a <v>: "0.9862", "1.2E-3") shown as Excel
 * shows it under the number format code (NULL or "General" for General):
 * "0.00%" gives "98.62%", "#,##0.00" "383,506.13", "0.00" "12.50"; General
 * gives at most 15 significant digits, so the stored 0.30000000000000004 is
 * "0.3".  Digits are handled as decimal text, never through binary floating
 * point, and rounded half away from zero as Excel does.  A date format
 * (y, m, d, h, s outside quotes and brackets) turns the serial number into
 * an ISO date "2022-12-31" (with " 12:30" or " 12:30:15" when the format
 * shows a time), in the 1900 date system with Excel's 29 February 1900, or
 * the 1904 one; *is_date says so.  Fractions (# ?/?) and [DBNum] numerals
 * are shown as General.  False, with nothing written, when value is not a
 * number.
 */
bool xlsx_format_number(const char *value, const char *code, bool date1904, char *buf,
                        size_t size, bool *is_date);

/* The format code of a built-in number format id (0 to 58; the Chinese
 * locale's for 27 to 36 and 50 to 58), or NULL when the id is not one. */
const char *xlsx_builtin_format(unsigned id);

#endif
