/* xlsx.h: an Excel workbook (.xlsx) in memory, read into sheets of cells.
 *
 * The zip is read by zipread.h with its guards; its XML parts by xml.h's hardened parser
 * (no DTD, no entities, no network, bounded depth and element count). A workbook with macros
 * (a vbaProject.bin, a macro-enabled content type) or links to other workbooks (externalLinks
 * parts, an external relationship of the workbook) is refused with its reason. What is read:
 * the sheets' names, order and visibility, the 1904 date system flag, shared strings (rich
 * text runs joined, phonetic runs left out) and each sheet's cells with their values. This
 * module knows nothing of submissions: read_workbook.c maps cells to a submission. */
#ifndef CSA_XLSX_H
#define CSA_XLSX_H

#include "csa/arena.h"
#include "csa/error.h"

#include <stddef.h>

enum xlsx_type {
    XLSX_TEXT,     /* a shared, inline or formula string */
    XLSX_NUMBER,   /* text holds the number as stored ("81.5", "40999") */
    XLSX_BOOL,     /* text is "TRUE" or "FALSE" */
    XLSX_ERROR,    /* text is Excel's error value, such as "#DIV/0!" */
    XLSX_NO_VALUE  /* a formula the workbook holds no cached value for */
};

struct xlsx_cell {
    long row; /* 1 ... */
    int col;  /* 1 = A */
    enum xlsx_type type;
    const char *text; /* never NULL */
};

struct xlsx_sheet {
    const char *name;        /* as the workbook names it */
    const char *part;        /* its zip entry, such as xl/worksheets/sheet2.xml */
    int hidden;              /* state="hidden" or "veryHidden" */
    int loaded;              /* cells read (xlsx_load_sheet) */
    struct xlsx_cell *cells; /* in row, then column order; empty cells are absent */
    size_t ncells;
};

struct xlsx_book {
    struct arena arena; /* owns every string and array here */
    int date1904;       /* the workbook counts dates from 1904 (an old Mac workbook) */
    struct xlsx_sheet *sheets; /* in the workbook's order */
    size_t nsheets;
    const char *file;   /* the caller's name for the file, for messages */
    void *zip;          /* the archive (private) */
    const char **strings; /* the shared strings (private) */
    size_t nstrings;
};

/* Reads the workbook in data[0..len), inflating at most max_bytes in all: its sheets' names
 * and the shared strings, not yet the sheets' cells. file names it in messages. On success
 * the caller owns *out (xlsx_free). On failure (CSA_EINVALID) err says why, with file and the
 * part, and *out needs no freeing. */
enum csa_rc xlsx_read(const char *data, size_t len, const char *file, size_t max_bytes,
                      struct xlsx_book *out, struct csa_error *err);

/* Reads the cells of sheet (one of b's) once. On failure err names the part and its line. */
enum csa_rc xlsx_load_sheet(struct xlsx_book *b, struct xlsx_sheet *sheet, struct csa_error *err);

void xlsx_free(struct xlsx_book *b); /* harmless on a zeroed book */

/* Reads a cell reference "C7" (letters then digits, within Excel's bounds) into *row, *col;
 * returns 0 when it is not one. */
int xlsx_ref(const char *ref, long *row, int *col);

#endif
