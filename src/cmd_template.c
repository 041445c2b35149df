/* cmd_template.c: the handler of `csa template` (doc/cli.md): the county's submission
 * workbook for one partnership and plan year, blank or (--from-version) pre-filled from the
 * partnership's current submission of the year before, written atomically to --out. The
 * register is opened by cli.c, and the database too, only with --from-version. */
#include "csa/cmd.h"
#include "csa/fsio.h"
#include "csa/planyear.h"
#include "csa/template.h"

#include <stdio.h>
#include <string.h>

int check_template(const struct cli_options *o, int argc, char **argv)
{
    if (argc)
        return cli_usage_error("template takes no arguments (got \"%s\")", argv[0]);
    if (o->npartnerships != 1 || o->year == 0 || o->out == NULL)
        return cli_usage_error("template needs --partnership CODE (one), --year Y and "
                               "--out FILE.xlsx");
    return CSA_OK;
}

/* Whether the session's role may read code's submissions: the county's right, or code among
 * its partnerships as an analyst ("ashford, swale"). */
static int may_read(const struct db_access *a, const char *code)
{
    if (a->county)
        return 1;
    size_t n = strlen(code);
    for (const char *p = a->partnerships; (p = strstr(p, code)) != NULL; p += n)
        if ((p == a->partnerships || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

/* Reads the previous year's submission into *prev; fails (said in err) when the role may
 * not see it (exit 3) or there is none (exit 1). */
static int read_previous(struct cli_ctx *x, const char *code, struct csa_submission **prev,
                         int *version, struct csa_error *err)
{
    char py[PLANYEAR_LABEL_MAX];
    int year = x->o->year - 1;
    planyear_label(year, '/', py, sizeof py);
    if (!may_read(&x->access, code))
        return csa_fail(err, CSA_EENV, NULL, 0,
                        "%s may read the submissions of %s only, not %s's: --from-version "
                        "needs a right to %s",
                        x->access.role, x->access.partnerships[0] ? x->access.partnerships
                                                                  : "no partnership",
                        code, code);
    int rc = template_previous(x->conn, x->reg->code, code, year, prev, version, err);
    if (rc == CSA_OK && *prev == NULL)
        rc = csa_fail(err, CSA_EINVALID, NULL, 0,
                      "%s has no current submission for %s to pre-fill the workbook from: "
                      "leave out --from-version for a blank one",
                      code, py);
    return rc;
}

int cmd_template(struct cli_ctx *x, int argc, char **argv)
{
    (void)argc, (void)argv;
    const struct cli_options *o = x->o;
    const char *code = o->partnerships[0];
    struct csa_error err = {0};
    struct csa_submission *prev = NULL;
    struct template_prefill pf = {.plan_year = o->year - 1};
    struct buf xlsx = {0};
    int rc = CSA_OK;
    const struct reg_partnership *p;
    /* the partnership and year are checked before the database is asked anything */
    rc = template_check(x->reg, code, o->year, &p, &err);
    if (rc == CSA_OK && o->from_version)
        rc = read_previous(x, code, &prev, &pf.version, &err);
    pf.sub = prev;
    if (rc == CSA_OK)
        rc = template_build(x->reg, code, o->year, prev ? &pf : NULL, &xlsx, &err);
    if (rc == CSA_OK)
        rc = fsio_write(o->out, xlsx.data, xlsx.len, &err);
    buf_free(&xlsx);
    submission_free(prev);
    if (rc != CSA_OK) {
        cli_print_error(&err);
        return rc;
    }
    struct buf out = {0};
    if (!o->quiet)
        buf_printf(&out, "wrote %s\n", o->out);
    return cli_write(&out, CSA_OK);
}
