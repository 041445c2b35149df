/* cell.h: a cell of a submission workbook (doc/workbook.md) as a place in messages.
 *
 * Diagnostics, errors and a submission's items carry their place as a long "line". A
 * workbook has no lines, so a cell (sheet, row, column) is packed into the same long, above
 * any line an XML file can have: every stage that passes a line along passes a cell
 * unchanged, and the printers (diags_format, csa_error_format) show FILE:SHEET!CELL where
 * they show FILE:LINE. Sorting by the long sorts cells by sheet (in the contract's order),
 * then row, then column. Sheets are the contract's, by number; their names are its. */
#ifndef CSA_CELL_H
#define CSA_CELL_H

#include "csa/buf.h"

/* The sheets a reader reads, in the contract's order. */
enum cell_sheet {
    CELL_SUBMISSION = 1,
    CELL_PRIORITIES,
    CELL_THEMES,
    CELL_CRIME,
    CELL_INDICATORS,
    CELL_ISSUES,
    CELL_NSHEETS
};

/* Excel's bounds: 1,048,576 rows, 16,384 columns (A to XFD). */
#define CELL_MAX_ROW 1048576L
#define CELL_MAX_COL 16384

/* The place of column col (1 = A) of row (1 ...) of sheet; col 0 means the row as a whole.
 * Rows and columns past Excel's bounds are clamped to them. */
long cell_place(enum cell_sheet sheet, long row, int col);
/* True when line is a cell_place, not a line of an XML file. */
int cell_is(long line);
/* The row of a cell_place (its line for an XML line). */
long cell_row(long line);
/* The contract's name of a sheet ("Emerging issues"). */
const char *cell_sheet_name(enum cell_sheet sheet);
/* Appends the cell as Excel writes a reference: Priorities!C7, 'Emerging issues'!A4, or
 * Crime!5:5 for a whole row. */
void cell_format(struct buf *b, long place);
/* Appends where a place is, in words for a message: "line 12" or "Priorities!C7". */
void cell_words(struct buf *b, long place);
/* Appends the letters of column col (1 = A, 27 = AA). */
void cell_column(struct buf *b, int col);

#endif
