/*
 * load_text — a text or Markdown export of a report read into a grid_doc:
 * every line kept, numbered from 1 (the sentences matter as much as the
 * tables), and the tables found among them.
 *
 * Encoding: UTF-8, with or without a byte order mark.  Text that is not
 * valid UTF-8 is converted from GB18030 (which includes GBK and GB2312,
 * common in China) and text with a UTF-16 byte order mark from UTF-16, each
 * with a note saying so; a file that is neither, or holds NUL bytes, is
 * refused with a problem.  Line ends may be LF or CRLF.
 *
 * Tables, numbered from 1 in the order they start:
 *  - tab-separated: a run of lines with a tab between two cells (a line
 *    indented by a tab is not a row).  A cell left empty, as the first cell
 *    of a row continuing the group above, stays a blank cell.  A rule line
 *    ("----\t-------") is not a row, and one blank line inside the run does
 *    not end the table (the 总分 row often stands apart);
 *  - Markdown pipe tables: a header row, the |---|:--:| delimiter row (not
 *    a row of the table) and the rows after it; "\|" is a literal bar.
 * Columns aligned with spaces alone are not read as tables: telling them
 * from indented prose is guesswork.
 *
 * A cell's text is trimmed of spaces and U+3000 at both ends; its line and
 * column (in characters, from 1) are those of its first character in the
 * file, or where the cell starts when it is empty.  A row shorter than the
 * table is padded with blank cells placed just past the line's end.
 *
 * Knows nothing about what the text means.
 */
#ifndef PEVCHECK_LOAD_TEXT_H
#define PEVCHECK_LOAD_TEXT_H

#include <stddef.h>

#include "load_grid.h"

/* Read size bytes of text into doc. */
void text_read(grid_doc *doc, const void *data, size_t size);

/* Lines already read (a part of another document's, UTF-8), with their
 * numbers, into doc, and the tables among them found anew. */
void text_read_lines(grid_doc *doc, const grid_line *lines, size_t count);

#endif
