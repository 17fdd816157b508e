/*
 * load_grid — a form as read from a file: the tables and the lines of text
 * of an Excel workbook (.xlsx), a Word document (.docx) or a text or
 * Markdown export, every cell and line knowing where it was in the file.
 *
 * Owns the grid_doc and everything in it (one allocation arena per
 * document, freed at once by grid_free), the limits every reader keeps
 * (grid_limits), choosing the reader by the file's content and name,
 * positions as text, and the comparison of printed labels.  Memory comes
 * through base_alloc, whose one answer to none left is to abort; the limits
 * keep that far off.  The readers
 * (load_xlsx, load_docx, load_text) fill a grid_doc through the "building"
 * functions at the end of this header; nothing else calls those.
 *
 * Knows nothing about reports, indicators, scores or form layouts: the next
 * stage finds its tables here by their printed labels.
 *
 * Documents share nothing: several threads may each read a file at once
 * (as `check -j` does with report files).
 *
 *   grid_doc *doc = grid_open("自评表.xlsx", NULL);
 *   for (size_t i = 0; i < doc->problem_count; i++) ...   (file unreadable, ...)
 *   for (size_t t = 0; t < doc->table_count; t++)
 *           const grid_cell *c = grid_value_at(&doc->tables[t], 7, 1);
 *   grid_free(doc);
 */
#ifndef PEVCHECK_LOAD_GRID_H
#define PEVCHECK_LOAD_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Every limit a reader keeps, so that no file, however made, can take
 * unbounded time or memory.  What is over a limit is refused with a problem
 * saying which limit; nothing is silently cut.
 */
typedef struct grid_limits {
	size_t max_file_bytes;      /* the file itself (64 MiB) */
	/* zip archives: .xlsx and .docx */
	size_t max_entries;         /* entries in the archive (10,000) */
	size_t max_entry_bytes;     /* one entry, as its header declares it
	                               uncompressed (64 MiB) */
	size_t max_total_bytes;     /* all entries together, declared (256 MiB) */
	size_t max_ratio;           /* uncompressed / compressed size of one
	                               entry larger than 1 MiB (200): a zip
	                               bomb inflates thousands of times */
	/* XML parts */
	size_t max_xml_depth;       /* elements nested (256) */
	size_t max_shared_strings;  /* strings in an .xlsx sharedStrings part
	                               (1,000,000) */
	size_t max_shared_bytes;    /* their text together (64 MiB) */
	size_t max_styles;          /* cell formats (cellXfs) and number formats
	                               of an .xlsx (100,000) */
	/* what the document becomes */
	size_t max_table_cells;     /* rows × columns of one table (500,000) */
	size_t max_doc_cells;       /* of all its tables together (2,000,000) */
	size_t max_tables;          /* tables, or sheets (1,000) */
	size_t max_merges;          /* merged areas of one table (100,000) */
	size_t max_lines;           /* lines or paragraphs (1,000,000) */
} grid_limits;

extern const grid_limits grid_limits_default;

typedef enum grid_kind {
	GRID_UNKNOWN, /* the file could not be read: see the problems */
	GRID_XLSX,
	GRID_DOCX,
	GRID_TEXT
} grid_kind;

typedef enum grid_cell_type {
	GRID_BLANK,     /* nothing in it */
	GRID_STRING,    /* text, including numbers stored as text ("383,506.13") */
	GRID_NUMBER,    /* an .xlsx number: text as Excel shows it, raw as stored */
	GRID_BOOLEAN,   /* an .xlsx TRUE or FALSE */
	GRID_DATE,      /* an .xlsx number in a date format: text "2022-12-31" */
	GRID_ERROR_VALUE, /* an .xlsx error value: text "#DIV/0!" */
	GRID_UNCOMPUTED /* an .xlsx formula saved without its value (the
	                   workbook was written by a program that does not
	                   calculate): text "", formula set */
} grid_cell_type;

/*
 * One cell of a table's grid.  A merged area is held by its anchor, the
 * top-left cell: it has the value and row_span × col_span; every other cell
 * of the area is "covered": it names the anchor in anchor_row/anchor_col and
 * has spans 0, so a consumer asking for row 7 of a 一级指标 merged down
 * rows 5 to 9 finds 5 there (grid_value_at does it).
 */
typedef struct grid_cell {
	const char *text;    /* as displayed, UTF-8; "" when blank, never NULL.
	                        Kept as written (inner spaces and newlines too):
	                        compare labels with grid_label_equal */
	const char *raw;     /* the stored value where it differs from text
	                        (.xlsx: "0.9862" shown "98.62%", a date's serial
	                        number), else NULL */
	const char *formula; /* .xlsx: the formula as stored, without "=" ("" for
	                        a cell sharing another cell's formula), or NULL */
	grid_cell_type type;
	bool hidden;         /* .xlsx: its row or its column is hidden */
	uint32_t row, col;   /* 1-based place in the grid */
	uint32_t anchor_row, anchor_col; /* the merged area's anchor; its own
	                                    row and col when not covered */
	uint32_t row_span, col_span;     /* an anchor's area, 1 × 1 when not
	                                    merged; 0 × 0 for a covered cell */
	/* Text exports: where the cell's first character is in the file, line
	 * and column from 1, the column counted in characters (not bytes; a tab
	 * is one), as an editor shows it.  0 for .xlsx and .docx, where the
	 * row and column are the position. */
	uint32_t line, column;
} grid_cell;

/*
 * A table: a worksheet, a Word table or a table found in a text export.
 * Rows and columns count from 1.  An .xlsx sheet's grid starts at A1, so
 * row and col are the sheet's own; it ends at the last cell holding a value
 * (merged areas are cut there).  A Word table's columns are its grid
 * columns (w:gridCol), a merged cell counted as its first.
 */
typedef struct grid_table {
	const char *name;  /* .xlsx: the sheet name as written; NULL otherwise */
	uint32_t number;   /* .xlsx: the sheet's place among the workbook's
	                      sheets (1 = first tab, hidden sheets counted);
	                      .docx and text: the table's number in document
	                      order, from 1 (a nested table counts after the one
	                      it is in) */
	bool hidden;       /* .xlsx: a hidden or very hidden sheet */
	uint32_t parent;   /* .docx: number of the table a nested table is in,
	                      else 0 */
	uint32_t line;     /* text: line of its first row; .docx: number of the
	                      body paragraph just before it (0: none); .xlsx: 0 */
	uint32_t rows, cols;
	grid_cell *cells;  /* rows × cols, row after row */
	/* Text exports: how many cells each row printed (printed[r - 1]); the
	 * cells after them are padding.  A table copied from a web page drops
	 * the cells merged into a row from above, so a short row's cells may
	 * belong further right (the form reader aligns them).  NULL for .xlsx
	 * and .docx, whose rows are whole. */
	uint32_t *printed;
} grid_table;

/* A line of a text export, or a body paragraph of a Word document (not
 * those inside tables, which are their cells' text). */
typedef struct grid_line {
	const char *text;  /* without the line end; a paragraph's line breaks
	                      are "\n", its tabs "\t" */
	uint32_t number;   /* text: line number; .docx: paragraph number, every
	                      body paragraph counted (empty ones too), from 1 */
} grid_line;

typedef enum grid_level {
	GRID_NOTE,    /* worth knowing: the text was converted from GB18030 */
	GRID_WARNING, /* read, but something is odd: a merge overlapping another
	                 was left out, a stored number that is not one */
	GRID_ERROR    /* something could not be read: the whole file, a sheet
	                 over the limits, a cell whose value is lost */
} grid_level;

typedef struct grid_problem {
	grid_level level;
	const char *where;   /* "xl/worksheets/sheet1.xml", "自评表!G15",
	                        "第 12 行", or NULL for the file as a whole */
	const char *message; /* a sentence for the preparer, translated */
} grid_problem;

struct grid_arena;

typedef struct grid_doc {
	grid_kind kind;
	const char *path;
	grid_table *tables;
	size_t table_count;
	grid_line *lines;
	size_t line_count;
	grid_problem *problems;
	size_t problem_count;
	/* private */
	size_t table_capacity, line_capacity, problem_capacity, cell_count;
	unsigned said; /* limits already reported */
	const grid_limits *limits;
	struct grid_arena *arena;
} grid_doc;

/*
 * Read the file at path, choosing the reader by what the file holds (a zip
 * archive with a workbook or a document; an Office 97-2003 or encrypted
 * file, which is refused; else text) and, when the content does not say,
 * by its name.  limits NULL means grid_limits_default.  Never NULL: a file
 * that cannot be read is a document of kind GRID_UNKNOWN whose problems say
 * why.  Aborts only when out of memory, which the limits keep far off.
 */
grid_doc *grid_open(const char *path, const grid_limits *limits);
/* Same over bytes in memory (not kept); name stands for the path. */
grid_doc *grid_open_buffer(const void *data, size_t size, const char *name,
                           const grid_limits *limits);
void grid_free(grid_doc *doc);

/* True when a problem of level GRID_ERROR was met. */
bool grid_has_errors(const grid_doc *doc);

/* The cell at row, col (from 1) as it is, or NULL outside the grid. */
const grid_cell *grid_cell_at(const grid_table *t, uint32_t row, uint32_t col);
/* The cell holding the value shown at row, col: the anchor of the merged
 * area it is in, else the cell itself; NULL outside the grid. */
const grid_cell *grid_value_at(const grid_table *t, uint32_t row, uint32_t col);
/* A covered cell of a merged area (not its anchor). */
static inline bool grid_is_covered(const grid_cell *c)
{
	return c->row_span == 0;
}

#define GRID_A1_SIZE 16
/* "G15" for row 15, column 7. */
void grid_a1(uint32_t row, uint32_t col, char out[GRID_A1_SIZE]);

/* Where a cell is, as the preparer would look for it: "自评表!G15" (.xlsx),
 * "表 2 第 3 行第 4 列" (.docx, in the message language), "第 104 行第 5 列"
 * (text).  Returns the length snprintf would. */
size_t grid_cell_position(const grid_doc *doc, const grid_table *t, const grid_cell *c,
                          char *buf, size_t size);
/* "第 12 行" (text) or "第 12 段" (.docx paragraph). */
size_t grid_line_position(const grid_doc *doc, const grid_line *l, char *buf, size_t size);
/* "PATH: WHERE: MESSAGE" for one problem. */
size_t grid_problem_text(const grid_doc *doc, const grid_problem *p, char *buf, size_t size);

/*
 * Printed labels compared the way a reader sees them: NFKC (full-width
 * letters, digits, colons and parentheses become their ASCII forms), every
 * white space dropped (spaces, U+3000, tabs and line breaks inside a cell),
 * invisible format characters dropped, and trailing colons (":" or "：")
 * ignored.  So "项 目 名 称：" and "项目名称" match, and "（万元）" matches
 * "(万元)".  grid_label_normalize returns that form, malloc'd.
 */
char *grid_label_normalize(const char *s);
bool grid_label_equal(const char *a, const char *b);

/* --- building a grid_doc: for load_xlsx, load_docx and load_text only ------ */

grid_doc *grid_doc_new(const char *path, const grid_limits *limits);
/* A copy of s[0..length) in the document's arena, NUL-terminated. */
const char *grid_intern(grid_doc *doc, const char *s, size_t length);
/* Add a problem; where may be NULL.  The message is printf-formatted. */
void grid_add_problem(grid_doc *doc, grid_level level, const char *where, const char *format,
                      ...) __attribute__((format(printf, 4, 5)));
/*
 * A new table of rows × cols blank cells, each at its place and its own
 * anchor.  NULL, with a problem added, when it would pass max_table_cells,
 * max_doc_cells or max_tables (where names the table).  The pointer is good
 * until the next table is added.
 */
grid_table *grid_add_table(grid_doc *doc, const char *where, uint32_t rows, uint32_t cols);
/* Merge the area of rows × cols cells from row, col: the anchor keeps its
 * value.  False when the area leaves the grid, is 1 × 1, or overlaps a
 * merged area already there (then nothing changes). */
bool grid_merge(grid_table *t, uint32_t row, uint32_t col, uint32_t rows, uint32_t cols);
/* Add a line; false, with a problem added once, past max_lines. */
bool grid_add_line(grid_doc *doc, const char *text, size_t length, uint32_t number);

#endif
