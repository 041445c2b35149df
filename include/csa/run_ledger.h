/* run_ledger.h: the ledger of `csa run` (the tables csa.run and csa.run_file), written through
 * the functions of sql/logic/25_run.sql. Used by run.c only.
 *
 * The ledger never takes the run down: a file's row is written as soon as the file has ended,
 * one row PostgreSQL refuses (a name or a message it will not store) is written again with
 * its text escaped and a word on why, and only a lost connection is an error, so the run can
 * end at once. Nothing here prints. */
#ifndef CSA_RUN_LEDGER_H
#define CSA_RUN_LEDGER_H

#include "csa/error.h"
#include "csa/run.h"

#include <libpq-fe.h>

/* A set of plan years (a county has a few; more than 256 are not kept). */
struct run_years {
    int v[256];
    size_t n;
};

/* Adds y when not there yet; returns whether it was added. */
int run_years_add(struct run_years *y, int year);

/* Records the start of a run of county's inbox with jobs workers: *id is its ledger id. Adds
 * to *take_over the plan years that earlier runs which never finished (or failed to draft)
 * meant to draft, and closes those runs as failed. */
enum csa_rc run_ledger_start(PGconn *c, const char *county, const char *inbox, int jobs,
                             long long *id, struct run_years *take_over, struct csa_error *err);

/* Writes the row of one file of run id. Returns CSA_OK when a row is written, also when the
 * row had to be escaped (then *note, when not NULL, says why) or could not be written at all
 * (then *note says so). Returns CSA_EENV, err saying why, only when the connection is lost. */
enum csa_rc run_ledger_file(PGconn *c, long long id, const struct run_report_file *f,
                            struct csa_error *note, struct csa_error *err);

/* Writes the rows of the n files f as run_ledger_file does each (notes[i] its note, or left
 * as it was), but sent at once in libpq's pipeline mode, each row its own transaction
 * committed with synchronous_commit off: the rows are durable once a later synchronous commit
 * is (the next batch's, the run's close). Returns CSA_EENV, err saying why, only when the
 * connection is lost (rows already acknowledged may then be lost with a database crash). */
enum csa_rc run_ledger_files(PGconn *c, long long id, const struct run_report_file *f,
                             size_t n, struct csa_error *notes, struct csa_error *err);

/* Adds loaded and unchanged files to run id's counts in a transaction that writes WAL and
 * commits synchronously: once it returns CSA_OK, every commit made before it on any
 * connection (the asynchronous ones of load_batch and run_ledger_files) is durable. Returns
 * CSA_EENV, err saying why, when it did not commit. */
enum csa_rc run_ledger_durable(PGconn *c, long long id, int loaded, int unchanged,
                               struct csa_error *err);

/* Records the plan years run id is about to draft (sorted in place, ascending). */
enum csa_rc run_ledger_years(PGconn *c, long long id, struct run_years *y,
                             struct csa_error *err);

/* Closes run id with its outcome ("done", "rejections", "failed"). */
enum csa_rc run_ledger_finish(PGconn *c, long long id, const char *outcome,
                              struct csa_error *err);

/* Adds the plan years that have a current submission in county. */
enum csa_rc run_current_years(PGconn *c, const char *county, struct run_years *y,
                              struct csa_error *err);

/* Whether c's connection to the server is gone (not just a statement refused). */
int run_ledger_lost(PGconn *c);

/* Fills err with the one message a lost connection gets, from c's own words. */
enum csa_rc run_ledger_lost_error(PGconn *c, struct csa_error *err);

#endif
