/* status.h: `csa status --year Y`, what the county unit checks before drafting.
 *
 * status_read fills a struct status from the database: which partnerships in force for the
 * plan year have a current submission and which are missing, the warnings held with current
 * submissions, the review queue of wordings that map to nothing (each with the closest
 * register entries as suggestions), and the last nightly runs with the files of the last one
 * that did not load. An analyst's role sees its own partnerships only (the database decides:
 * sql/logic/20_status.sql): of the others just how many have submitted, and no runs.
 * status_text and status_json turn it into bytes and touch nothing else;
 * printing is the command line's. */
#ifndef CSA_STATUS_H
#define CSA_STATUS_H

#include "csa/arena.h"
#include "csa/buf.h"
#include "csa/error.h"
#include "csa/register.h"

#include <libpq-fe.h>

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

/* A partnership in force; version 0 when it has no current submission. */
struct status_partnership {
    const char *code, *name;
    int version;
    const char *submitted; /* NULL: the submission gives no date */
    const char *source_name;
    const char *loaded_by, *origin; /* the audit: the role that loaded it, from where */
    long warnings; /* held with the current submission */
};

struct status_warning {
    const char *source_name, *message;
    long line;
    const char *cell; /* a workbook's cell (Priorities!C7), shown instead of the line; or NULL */
};

struct status_unmapped {
    const char *source_name, *wording;
    long line;
    int theme;        /* a theme wording; else a priority wording */
    const char *kind; /* core or subsidiary; NULL for a theme */
    struct suggestion suggestions[SUGGEST_MAX];
    size_t nsuggestions;
    const char *cell; /* a workbook's cell, shown instead of the line; or NULL */
};

struct status_run {
    long long id;
    const char *started_at; /* "YYYY-MM-DD HH:MM" */
    const char *outcome;    /* done, rejections, failed or running */
    long seen, loaded, unchanged, rejected, waiting, skipped;
};

/* A file of the last run that did not load. */
struct status_run_file {
    const char *name, *outcome;
    const char *moved_to; /* NULL: left in the inbox */
};

#define STATUS_RUNS 3 /* the last runs shown */

struct status {
    const char *county; /* the register's name */
    int year;
    size_t in_force, submitted; /* partnerships in force; how many have a current submission */
    int sees_all;               /* the county's view; else an analyst's, of its own only */
    struct status_partnership *partnerships; /* those the role sees, in register order */
    size_t npartnerships;
    struct status_warning *warnings;
    size_t nwarnings;
    struct status_unmapped *unmapped;
    size_t nunmapped;
    struct status_run runs[STATUS_RUNS]; /* newest first */
    size_t nruns;
    struct status_run_file *run_files; /* of runs[0] */
    size_t nrun_files;
    struct arena mem; /* owns every string and array above but the register's */
};

/* Fills *st with the status of plan year y, in one snapshot. On success the caller owns *st
 * (status_free); it points into r, which must outlive it. On failure *st is empty. */
enum csa_rc status_read(PGconn *c, const struct csa_register *r, int y, struct status *st,
                        struct csa_error *err);

/* Appends the status as the text `csa status` prints. */
void status_text(const struct status *st, struct buf *out);

/* Appends the status as one JSON document (with a final newline), carrying what the text
 * shows. */
void status_json(const struct status *st, struct buf *out);

/* Frees what status_read allocated; harmless on a zeroed struct. */
void status_free(struct status *st);

#endif
