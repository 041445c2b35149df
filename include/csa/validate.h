/* validate.h: the checks of doc/submission.md, from file to checked submission.
 *
 * validate_file() runs the first stages of the pipeline for one file: read (plain or
 * gzip, capped) -> parse (hardened) -> the caps on a file's lists -> XSD -> the rules the XSD
 * cannot state (the register's partnership codes and dates, plan year, ranks, crime table
 * arithmetic ...). Every problem is recorded with its line; arithmetic disagreements are
 * warnings, everything else errors. The rules that compare items with each other sort
 * (uniq.h), so checking a file costs n log n in its items, never n squared. */
#ifndef CSA_VALIDATE_H
#define CSA_VALIDATE_H

#include "csa/diag.h"
#include "csa/error.h"
#include "csa/register.h"
#include "csa/submission.h"
#include "csa/xml.h"

/* The most priorities, themes, categories, indicators or emerging issues one file may hold,
 * each (doc/submission.md, "The file"). No real strategic assessment comes near: a partnership
 * names a handful of priorities and a crime table has a few dozen categories. A file past it
 * is refused before its other checks, with the line of the first item too many, so the work
 * one file can ask of a run stays bounded. Values are bounded by the element count alone. */
#define VALIDATE_MAX_ITEMS 1000

/* What validation needs and shares read-only between threads. */
struct validator {
    const struct csa_register *reg; /* not owned */
    struct xml_schema *xsd;         /* owned */
    struct xml_limits limits;
    size_t max_bytes;
};

/* Compiles the submission XSD. On success the caller owns v's schema (validator_free). */
enum csa_rc validator_init(struct validator *v, const struct csa_register *reg,
                           struct csa_error *err);
void validator_free(struct validator *v);

/* Checks the file at path. Returns CSA_OK when it has no errors (warnings are in d) and then
 * *out, if out is not NULL, is the caller's (submission_free). Returns CSA_EINVALID when it
 * has errors (all in d, with lines), CSA_EENV when the file cannot be opened (also in d). */
enum csa_rc validate_file(const struct validator *v, const char *path,
                          struct csa_submission **out, struct diags *d);

/* validate_file on the file open at fd (read_open's; closed whatever happens), which path
 * only names. fd -1: open path as validate_file does. */
enum csa_rc validate_fd(const struct validator *v, int fd, const char *path,
                        struct csa_submission **out, struct diags *d);

/* The rules beyond the XSD, on a parsed submission; adds to d. Sets s->plan_year. */
void validate_submission(const struct csa_register *reg, struct csa_submission *s,
                         struct diags *d);

#endif
