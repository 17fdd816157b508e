/*
 * load_docx — a Word document (.docx, also WPS's) read into a grid_doc:
 * the body's paragraphs become lines, numbered in order, and its tables
 * become tables, numbered in the order they start (a table nested in a
 * cell counts after the one holding it, and keeps the outer grid intact:
 * its text is not part of the outer cell's).
 *
 * A paragraph's text is its runs' text (<w:t>), a tab for <w:tab/>, a line
 * break for <w:br/> and <w:cr/>.  Tracked changes read as if accepted:
 * insertions are kept, deletions (<w:del>, <w:moveFrom>) left out.  A field
 * reads as its displayed result, never its instruction.  Text boxes,
 * drawings and the fallback copies of mc:AlternateContent are left out: the
 * forms keep their numbers in paragraphs and tables.
 *
 * A cell's text is its paragraphs joined by "\n".  Horizontal merges
 * (<w:gridSpan>, legacy <w:hMerge>) and vertical ones (<w:vMerge
 * w:val="restart"/> and the continuing <w:vMerge/> below it) become the
 * grid's merged areas; cells skipped by <w:gridBefore> are blank.
 *
 * Reads word/document.xml only (not headers, footers or notes), through
 * load_xml within the limits of grid_limits.  Knows nothing about what the
 * document means.
 */
#ifndef PEVCHECK_LOAD_DOCX_H
#define PEVCHECK_LOAD_DOCX_H

#include "load_grid.h"
#include "load_zip.h"

/* Read the document in z (it holds word/document.xml) into doc. */
void docx_read(grid_doc *doc, zipr *z);

#endif
