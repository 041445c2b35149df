/* workbook_value.h: a workbook cell's value as the text a submission field holds, private to
 * read_workbook.c and workbook_value.c.
 *
 * Each function takes the cell (NULL: empty), the place to report at, the field's name in the
 * analyst's words ("rank") and the diags, and returns the field's text in the submission's
 * arena (NULL: empty, or refused with an error added at the cell). */
#ifndef CSA_WORKBOOK_VALUE_H
#define CSA_WORKBOOK_VALUE_H

#include "csa/arena.h"
#include "csa/read_workbook.h"
#include "csa/diag.h"
#include "csa/xlsx.h"

struct wb_field {
    struct arena *a;
    struct diags *d;
    long place;       /* cell_place of the cell */
    const char *what; /* "rank", "Partnership code" */
    int date1904;
};

/* Text: a number is shown as Excel's General format shows it (123, 81.5). */
const char *wb_text(const struct wb_field *f, const struct xlsx_cell *c);
/* A whole number, written without sign or spaces: sign 1 means at least 1 ("rank"), 0 means
 * 0 or more, -1 any ("difference"). expect is the words for what was expected. */
const char *wb_whole(const struct wb_field *f, const struct xlsx_cell *c, int sign,
                     const char *expect);
/* A decimal without exponent; nonneg: 0 or more. */
const char *wb_decimal(const struct wb_field *f, const struct xlsx_cell *c, int nonneg,
                       const char *expect);
/* A date: a date cell (a serial of the book's date system) or text YYYY-MM-DD. */
const char *wb_date(const struct wb_field *f, const struct xlsx_cell *c);
#endif
