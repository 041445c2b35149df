/* draft.c: count, render and write one plan year's agreement (see draft.h). Nothing here
 * prints: what was written is returned to the caller. */
#include "csa/draft.h"
#include "csa/count.h"
#include "csa/fault.h"
#include "csa/fsio.h"
#include "csa/render.h"

#include <stdlib.h>

static void note(struct draft_files *files, const char *path, int changed)
{
    if (files == NULL)
        return;
    if (files->n == files->cap) {
        files->cap = files->cap ? 2 * files->cap : 4;
        files->v = xrealloc(files->v, files->cap * sizeof *files->v);
    }
    files->v[files->n++] = (struct draft_file){.path = xstrdup(path),
                                               .changed = changed};
    files->written += changed != 0;
}

static enum csa_rc write_one(const struct agreement *a, const char *dir, int html,
                             struct draft_files *files, struct csa_error *err)
{
    struct buf b = {0};
    char *path = fsio_join(dir, html ? "agreement.html" : "agreement.md");
    if (html)
        render_html(a, &b);
    else
        render_markdown(a, &b);
    int changed = 0;
    enum csa_rc rc = fsio_write_if_changed(path, b.data, b.len, &changed, err);
    if (rc == CSA_OK)
        note(files, path, changed);
    buf_free(&b);
    free(path);
    return rc;
}

enum csa_rc draft_year(PGconn *c, const struct csa_register *reg, int y, const char *date,
                       const char *dir, int formats, struct draft_files *files,
                       struct csa_error *err)
{
    struct agreement a;
    enum csa_rc rc = fsio_mkdirs(dir, err);
    if (rc == CSA_OK)
        rc = count_year(c, reg, y, date, COUNT_AGREEMENT, &a, err);
    if (rc != CSA_OK)
        return rc;
    if (formats & DRAFT_HTML)
        rc = write_one(&a, dir, 1, files, err);
    fault_point("draft-between-documents");
    if (rc == CSA_OK && (formats & DRAFT_MD))
        rc = write_one(&a, dir, 0, files, err);
    agreement_free(&a);
    return rc;
}

void draft_files_text(const struct draft_files *files, struct buf *out)
{
    for (size_t i = 0; i < files->n; i++)
        buf_printf(out, "%s %s\n", files->v[i].changed ? "wrote" : "unchanged",
                   files->v[i].path);
}

void draft_files_free(struct draft_files *files)
{
    for (size_t i = 0; i < files->n; i++)
        free(files->v[i].path);
    free(files->v);
    *files = (struct draft_files){0};
}
