/* template.h: the county's submission workbook (doc/workbook.md), written by `csa template`.
 *
 * template_build turns the register (and, for --from-version, last year's submission) into
 * the bytes of an .xlsx file: pure, no files, no database; the same inputs give the same
 * bytes. template_previous reads last year's submission from the database. */
#ifndef CSA_TEMPLATE_H
#define CSA_TEMPLATE_H

#include "csa/buf.h"
#include "csa/error.h"
#include "csa/register.h"
#include "csa/submission.h"

#include <libpq-fe.h>

/* What pre-fills a workbook from a stored submission: the submission (NULL: a blank
 * workbook), its plan year and its version number, for the Instructions' words. */
struct template_prefill {
    const struct csa_submission *sub;
    int plan_year;
    int version;
};

/* Sets *out to the register's partnership code when it is in force in plan year `year`;
 * else CSA_EUSAGE, err saying which (an unknown code, or the dates it is in force). */
enum csa_rc template_check(const struct csa_register *r, const char *code, int year,
                           const struct reg_partnership **out, struct csa_error *err);

/* Replaces *out (the caller's) with the workbook of partnership code for plan year `year`,
 * from register r, pre-filled from prefill (NULL: blank). Fails with CSA_EUSAGE when r has
 * no such partnership or it is not in force that year (err says which years it is), with
 * CSA_EENV when the zip cannot be written. */
enum csa_rc template_build(const struct csa_register *r, const char *code, int year,
                           const struct template_prefill *prefill, struct buf *out,
                           struct csa_error *err);

/* Reads partnership code's current submission of plan year `year` of county `county` from
 * the database (csa.template_previous, sql/logic/60_template.sql) into *out, which the caller
 * frees with submission_free, and its version number into *version. *out is NULL (and the
 * result CSA_OK) when there is none the session's role may see. */
enum csa_rc template_previous(PGconn *c, const char *county, const char *code, int year,
                              struct csa_submission **out, int *version,
                              struct csa_error *err);

#endif
