/* status.h: `csa status --year Y`, what the county unit checks before drafting.
 *
 * Which partnerships in force for the plan year have a current submission and which are
 * missing, the warnings held with current submissions, the review queue of wordings that map
 * to nothing, each with the closest register entries as suggestions, and the last nightly
 * runs with the files of the last one that did not load. */
#ifndef CSA_STATUS_H
#define CSA_STATUS_H

#include "csa/error.h"
#include "csa/register.h"

#include <libpq-fe.h>
#include <stdio.h>

/* Up to SUGGEST_MAX register entries closest to an unmapped wording, best first. */
#define SUGGEST_MAX 3
struct suggestion {
    const char *id, *label; /* pointers into the register */
    double score;
};

/* Ranks the register's priorities (themes when theme is true) by closeness to norm, the
 * normalised wording; fills out and returns how many are close enough to show. */
size_t status_suggest(const struct csa_register *r, const char *norm, int theme,
                      struct suggestion out[SUGGEST_MAX]);

/* Prints the status of plan year y on out. */
enum csa_rc status_print(PGconn *c, const struct csa_register *r, int y, FILE *out,
                         struct csa_error *err);

#endif
