/* draft.c: count, render and write one plan year's agreement (see draft.h). */
#include "csa/draft.h"
#include "csa/count.h"
#include "csa/fault.h"
#include "csa/fsio.h"
#include "csa/render.h"

#include <stdio.h>
#include <stdlib.h>

static enum csa_rc write_one(const struct agreement *a, const char *dir, int html, FILE *log,
                             int *written, struct csa_error *err)
{
    struct buf b = {0};
    char *path = fsio_join(dir, html ? "agreement.html" : "agreement.md");
    if (html)
        render_html(a, &b);
    else
        render_markdown(a, &b);
    int changed = 0;
    enum csa_rc rc = fsio_write_if_changed(path, b.data, b.len, &changed, err);
    buf_free(&b);
    if (rc == CSA_OK && log)
        fprintf(log, "%s %s\n", changed ? "wrote" : "unchanged", path);
    if (written)
        *written += changed;
    free(path);
    return rc;
}

enum csa_rc draft_year(PGconn *c, const struct csa_register *reg, int y, const char *date,
                       const char *dir, int formats, FILE *log, int *written,
                       struct csa_error *err)
{
    struct agreement a;
    enum csa_rc rc = fsio_mkdirs(dir, err);
    if (rc == CSA_OK)
        rc = count_year(c, reg, y, date, COUNT_AGREEMENT, &a, err);
    if (rc != CSA_OK)
        return rc;
    if (formats & DRAFT_HTML)
        rc = write_one(&a, dir, 1, log, written, err);
    fault_point("draft-between-documents");
    if (rc == CSA_OK && (formats & DRAFT_MD))
        rc = write_one(&a, dir, 0, log, written, err);
    agreement_free(&a);
    return rc;
}
