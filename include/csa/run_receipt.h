/* run_receipt.h: the receipts of `csa run`, what an analyst reads in the upload folder of a
 * partnership: for each file taken from INBOX/CODE/, INBOX/CODE/receipts/NAME.receipt says
 * what became of it (doc/cli.md, "Inbox folders and receipts"). Used by run.c only.
 *
 * A receipt is plain text. Its first line is one of
 *     loaded NAME: CODE YEAR version N        (as `csa load` words it, with " (not current ...)")
 *     unchanged NAME: CODE YEAR version N
 *     rejected NAME: N errors
 *     failed NAME: REASON (left to retry)
 *     skipped NAME: WHY
 * then the file's problems as NAME:LINE: level: ... lines, exactly as NAME.errors holds them
 * for a rejection (the warnings of a loaded file). A waiting file has no receipt yet. The
 * receipt is written atomically (fsio_write_in), only when its bytes change, and never
 * through a symbolic link: a link or a file in place of receipts/ means no receipt. */
#ifndef CSA_RUN_RECEIPT_H
#define CSA_RUN_RECEIPT_H

#include "csa/buf.h"
#include "csa/error.h"
#include "csa/run.h"

/* Appends the receipt of f (f->base is the name it was dropped under); returns 0, appending
 * nothing, when f's outcome gets no receipt (waiting, pending). Pure. */
int run_receipt_text(const struct run_report_file *f, struct buf *out);

/* Writes the receipt of f, a file of partnership folder f->folder of inbox, creating that
 * folder's receipts/ when missing. Does nothing for a file without a folder or a receipt, or
 * whose name is not plain (inbox_plain_name: hidden, not UTF-8, a control character). Fails
 * (CSA_EENV, err naming the receipts folder) when the receipt cannot be written; the file's
 * outcome is not the receipt's business. */
enum csa_rc run_receipt_write(const char *inbox, const struct run_report_file *f,
                              struct csa_error *err);

#endif
