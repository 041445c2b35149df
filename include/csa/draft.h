/* draft.h: one plan year's draft agreement, from the database to files on disk.
 *
 * Counts the year (count.h), renders HTML and Markdown (render.h) and writes each document
 * atomically, only when its bytes change (fsio.h). Shared by `csa agreement` and `csa run`. */
#ifndef CSA_DRAFT_H
#define CSA_DRAFT_H

#include "csa/error.h"
#include "csa/register.h"

#include <libpq-fe.h>
#include <stdio.h>

enum { DRAFT_HTML = 1, DRAFT_MD = 2 };

/* Writes dir/agreement.html and/or dir/agreement.md (formats: DRAFT_* bits) for plan year y.
 * date (may be NULL) is the date to show. Prints "wrote PATH" or "unchanged PATH" per file
 * on log (may be NULL); *written (may be NULL) counts the files written. */
enum csa_rc draft_year(PGconn *c, const struct csa_register *reg, int y, const char *date,
                       const char *dir, int formats, FILE *log, int *written,
                       struct csa_error *err);

#endif
