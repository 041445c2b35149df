/* diag.h: the list of problems found in one input file, each with its line (or its cell).
 *
 * Validation does not stop at the first problem: an analyst wants every problem in a file
 * at once. Each diagnostic is an error (the file is refused) or a warning (the file loads
 * and the warning is kept with it). Printed as "FILE:LINE: error: message". */
#ifndef CSA_DIAG_H
#define CSA_DIAG_H

#include "csa/buf.h"

#include <stddef.h>
#include <stdio.h>

/* The most bytes of one message kept; a longer one is cut and ends in "...". */
#define DIAG_MSG_MAX 4000

enum diag_level { DIAG_WARNING, DIAG_ERROR };

struct diag {
    enum diag_level level;
    long line; /* 0 when the problem is with the file as a whole; a workbook's cell is a
                * cell_place (cell.h) */
    char *msg; /* owned by the list */
    size_t seq; /* order of discovery, to keep sorting stable */
};

struct diags {
    struct diag *v; /* owned */
    size_t n, cap;
    size_t errors, warnings;
    size_t max; /* stop recording past this many (0: default); the counts still grow */
};

/* Records a problem. The message is kept valid UTF-8 whatever it quotes (a bad byte is shown
 * as \xHH) and is cut between two characters, ending in "...", past DIAG_MSG_MAX bytes. */
void diags_add(struct diags *d, enum diag_level level, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* True when an error at this line with exactly this message is already recorded. */
int diags_has(const struct diags *d, long line, const char *msg);
/* True when a problem at this line (or cell) is already recorded. */
int diags_at(const struct diags *d, long line);
/* Appends each diagnostic as a line "FILE:LINE: level: msg" ("FILE:SHEET!CELL: ..." for a
 * workbook's cell) (and a note of any not kept) to b:
 * the form csa prints, writes into NAME.errors and keeps in its run ledger. FILE and msg are
 * shown escaped (utf8_escape), so each diagnostic is one line whatever they hold. */
void diags_format(struct buf *b, const char *file, const struct diags *d);
/* Appends ":LINE" or, for a workbook cell (cell.h), ":SHEET!CELL": the place as printed
 * after a file's name. */
void diag_place(struct buf *b, long line);
/* Sorts by line (stable), so that reports read top to bottom. */
void diags_sort(struct diags *d);
void diags_free(struct diags *d);

#endif
