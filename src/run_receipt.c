/* run_receipt.c: the receipts `csa run` writes into a partnership's upload folder (see
 * run_receipt.h). The text is made by a pure function; the write goes through fsio_write_in,
 * which never follows a link, so an analyst who puts a link in place of receipts/ (or of a
 * receipt) can make csa write nothing but never make it write elsewhere. */
#include "csa/run_receipt.h"
#include "csa/fsio.h"
#include "csa/inbox.h"
#include "csa/load.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The failure's reason without the run's own "left in the inbox" (the receipt says "left to
 * retry" in the analyst's words). */
static void put_reason(struct buf *out, const char *msg)
{
    static const char tail[] = "; left in the inbox";
    size_t n = strlen(msg), t = sizeof tail - 1;
    if (n >= t && strcmp(msg + n - t, tail) == 0)
        n -= t;
    buf_append(out, msg, n);
}

int run_receipt_text(const struct run_report_file *f, struct buf *out)
{
    const char *name = f->base ? f->base : f->name;
    switch (f->outcome) {
    case RUN_LOADED:
    case RUN_UNCHANGED:
        load_line(out, name, f->code, f->year, &f->load);
        break;
    case RUN_REJECTED:
        buf_printf(out, "rejected %s: %zu error%s\n", name, f->diags->errors,
                   f->diags->errors == 1 ? "" : "s");
        break;
    case RUN_FAILED:
        buf_printf(out, "failed %s: ", name);
        put_reason(out, f->msg ? f->msg : "the run could not finish it");
        buf_puts(out, " (left to retry)\n");
        return 1;
    case RUN_SKIPPED:
        buf_printf(out, "skipped %s: %s\n", name, f->why ? f->why : "not processed");
        return 1;
    default:
        return 0;
    }
    diags_format(out, name, f->diags);
    return 1;
}

enum csa_rc run_receipt_write(const char *inbox, const struct run_report_file *f,
                              struct csa_error *err)
{
    if (f->folder == NULL || f->base == NULL || !inbox_plain_name(f->base))
        return CSA_OK;
    struct buf text = {0};
    if (!run_receipt_text(f, &text)) {
        buf_free(&text);
        return CSA_OK;
    }
    char *folder = fsio_join(inbox, f->folder);
    char *dir = fsio_join(folder, INBOX_RECEIPTS);
    char *name = fsio_joinf("", "%s.receipt", f->base);
    enum csa_rc rc = CSA_OK;
    /* mkdir never follows a link at dir: whatever is there already is fsio_write_in's to judge */
    if (mkdir(dir, 0777) == 0)
        rc = fsio_sync_dir(folder, err);
    else if (errno != EEXIST)
        rc = csa_fail(err, CSA_EENV, dir, 0, "could not create folder: %s", strerror(errno));
    if (rc == CSA_OK)
        rc = fsio_write_in(dir, name, text.data, text.len, NULL, err);
    free(name);
    free(dir);
    free(folder);
    buf_free(&text);
    return rc;
}
