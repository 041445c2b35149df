/* cell.c: workbook cells packed into a message's line, and written as Excel writes them
 * (see cell.h). Bits 40 and up mark a cell; then 4 bits of sheet, 20 of row, 14 of column.
 * An XML file of the 16 MiB a submission may be has fewer than 2^24 lines. */
#include "csa/cell.h"

#include <string.h>

_Static_assert(sizeof(long) >= 8, "a cell place needs a 64-bit long");

#define CELL_FLAG (1L << 40)

static const char *const sheet_names[CELL_NSHEETS] = {
    [CELL_SUBMISSION] = "Submission", [CELL_PRIORITIES] = "Priorities",
    [CELL_THEMES] = "Themes",         [CELL_CRIME] = "Crime",
    [CELL_INDICATORS] = "Indicators", [CELL_ISSUES] = "Emerging issues",
};

long cell_place(enum cell_sheet sheet, long row, int col)
{
    if (row < 1)
        row = 1;
    if (row > CELL_MAX_ROW)
        row = CELL_MAX_ROW;
    if (col < 0)
        col = 0;
    if (col > CELL_MAX_COL)
        col = CELL_MAX_COL;
    /* the row is stored less one, so that 1,048,576 fits its 20 bits */
    return CELL_FLAG | ((long)sheet << 34) | ((row - 1) << 14) | (long)col;
}

int cell_is(long line)
{
    return line >= CELL_FLAG;
}

long cell_row(long line)
{
    return cell_is(line) ? ((line >> 14) & 0xFFFFF) + 1 : line;
}

const char *cell_sheet_name(enum cell_sheet sheet)
{
    return sheet > 0 && sheet < CELL_NSHEETS ? sheet_names[sheet] : "?";
}

void cell_column(struct buf *b, int col)
{
    char letters[8];
    int n = 0;
    for (; col > 0 && n < (int)sizeof letters; col = (col - 1) / 26)
        letters[n++] = (char)('A' + (col - 1) % 26);
    while (n > 0)
        buf_putc(b, letters[--n]);
}

void cell_format(struct buf *b, long place)
{
    const char *name = cell_sheet_name((enum cell_sheet)((place >> 34) & 0xF));
    /* Excel quotes a sheet name holding a space: 'Emerging issues'!A4 */
    if (strchr(name, ' '))
        buf_printf(b, "'%s'!", name);
    else
        buf_printf(b, "%s!", name);
    long row = cell_row(place);
    int col = (int)(place & 0x3FFF);
    if (col == 0) {
        buf_printf(b, "%ld:%ld", row, row);
        return;
    }
    cell_column(b, col);
    buf_printf(b, "%ld", row);
}

void cell_words(struct buf *b, long place)
{
    if (cell_is(place))
        cell_format(b, place);
    else
        buf_printf(b, "line %ld", place);
}
