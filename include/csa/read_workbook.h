/* read_workbook.h: a submission workbook (doc/workbook.md) into the submission model.
 *
 * The workbook's sheets are found by name and its tables by their headings' text; each
 * value is read from its cell (numbers stored as text, text stored as numbers, dates as
 * Excel serials of either date system) and checked for the shape the XML schema would have
 * asked of it. Every problem is added to the caller's diags at its cell (cell.h), so it
 * prints as FILE:SHEET!CELL. The register's rules are validate.c's, run afterwards on what
 * this gives, exactly as for XML. */
#ifndef CSA_READ_WORKBOOK_H
#define CSA_READ_WORKBOOK_H

#include "csa/buf.h"
#include "csa/diag.h"
#include "csa/submission.h"

#include <stddef.h>

/* True when data starts like a zip archive (PK\3\4), as a workbook does. */
int workbook_magic(const char *data, size_t len);

/* Reads the workbook in *data, inflating at most max_bytes, adding every problem to d (file
 * names it in messages of the file as a whole). Returns NULL when it is not a readable
 * workbook (the reason in d); else a submission that takes ownership of *data (left empty),
 * kept as the file's bytes, which the caller frees (submission_free) and which holds only
 * what read cleanly when d has errors. */
struct csa_submission *workbook_read(struct buf *data, const char *file, size_t max_bytes,
                                     struct diags *d);

/* The date of an Excel serial number (whole days; a time of day is dropped) in the 1900 or
 * the 1904 date system into out, "YYYY-MM-DD"; 0 when there is no such date (1900's phantom
 * 29 February, serial 0 of 1900, before 1900 or after 9999). */
int workbook_serial_date(double serial, int date1904, char out[11]);

#endif
