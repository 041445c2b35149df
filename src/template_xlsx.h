/* template_xlsx.h: a small SpreadsheetML (ECMA-376 part 1, §18) writer for the submission
 * workbook (template.c): sheets of cells written row by row, a fixed set of cell styles,
 * column widths, frozen heading rows, data validations, sheet protection without a password,
 * hidden sheets and workbook-level defined names, packed with zip_pack into reproducible
 * bytes (no timestamps anywhere).
 *
 * Text cells are inline strings (t="inlineStr"), so the package needs no shared-strings part.
 * The book owns everything it holds (strings are copied); tx_book_free releases it. */
#ifndef CSA_TEMPLATE_XLSX_H
#define CSA_TEMPLATE_XLSX_H

#include "csa/buf.h"
#include "csa/error.h"

#include <stddef.h>

/* The cell styles (cellXfs indexes, in this order in styles.xml). Locked styles are locked
 * only while their sheet is protected; TX_INPUT* cells stay editable then. */
enum tx_style {
    TX_PLAIN = 0,   /* default: locked */
    TX_TITLE,       /* bold, larger: a sheet's title in A1 */
    TX_HELP,        /* italic: a line of help */
    TX_HEADING,     /* bold on a fill, bordered below: a table's headings, Submission's labels */
    TX_LOCKED,      /* a pre-filled value the county fixes: grey fill, locked */
    TX_INPUT,       /* what the analyst fills: unlocked, text kept as typed */
    TX_INPUT_DATE,  /* unlocked, shown yyyy-mm-dd */
    TX_NSTYLES
};

#define TX_MAX_SHEETS 12
#define TX_MAX_COLS 8

struct tx_sheet {
    char *name;
    int hidden;   /* state="hidden" */
    int protect;  /* sheetProtection, no password */
    int freeze;   /* rows frozen at the top; 0: none */
    double widths[TX_MAX_COLS]; /* 0: the default width */
    struct buf data;  /* the <row> elements so far */
    struct buf valid; /* the <dataValidation> elements */
    int nvalid;
    int row;      /* the open row, 1-based; 0 before the first */
};

struct tx_book {
    struct tx_sheet sheets[TX_MAX_SHEETS];
    size_t nsheets;
    struct buf names; /* <definedName> elements */
    char *title;      /* docProps/core.xml's title */
};

/* Adds an empty visible sheet called name (at most TX_MAX_SHEETS; more aborts) and returns it. */
struct tx_sheet *tx_sheet_add(struct tx_book *b, const char *name);

/* Opens row r (1-based), closing the one open; rows must come in increasing order. */
void tx_row(struct tx_sheet *s, int r);

/* Cells of the open row; col is 0-based (0 is A) and columns must come in increasing order. */
void tx_text(struct tx_sheet *s, int col, enum tx_style st, const char *text); /* NULL: blank */
void tx_number(struct tx_sheet *s, int col, enum tx_style st, const char *number); /* decimal text */
void tx_blank(struct tx_sheet *s, int col, enum tx_style st);
/* A date cell from "YYYY-MM-DD" (its Excel serial in the 1900 system); anything else is
 * written as text so nothing is lost. */
void tx_date(struct tx_sheet *s, int col, enum tx_style st, const char *iso);

/* A data validation over the cells sqref ("C4:C43"): type "list", "whole", "decimal" or
 * "date"; op an operator ("greaterThanOrEqual") or NULL; formula1 its formula (a defined
 * name for a list). strict: an entry breaking the rule is refused (errorStyle stop);
 * otherwise no error message shows and any entry stays (a list offers, never imposes).
 * prompt: the input message (may be NULL). Blank cells are always allowed. */
void tx_validation(struct tx_sheet *s, const char *sqref, const char *type, const char *op,
                   const char *formula1, int strict, const char *prompt);

/* A workbook-level defined name: name refers to ref ("Lists!$A$2:$A$13"). */
void tx_define(struct tx_book *b, const char *name, const char *ref);

/* Replaces *out with the package's bytes. Fails (CSA_EENV) only when zip_pack does. */
enum csa_rc tx_pack(struct tx_book *b, struct buf *out, struct csa_error *err);

void tx_book_free(struct tx_book *b);

#endif
