/* run.h: `csa run`, the nightly batch (shared/spec/cli.md).
 *
 * scan the inbox -> validate every file in parallel (OpenMP) -> load in parallel, one libpq
 * connection per worker and one transaction per file -> archive or quarantine each file ->
 * draft the agreement of every plan year whose data changed. One run at a time (a
 * PostgreSQL advisory lock). Every run and every file it saw is written to the ledger
 * (csa.run, csa.run_file). The outcome never depends on thread timing: versions of one
 * partnership's plan year are loaded by one worker, in the order submitted date, file time,
 * name. A run killed at any point is finished by the next: a file leaves the inbox only
 * after its transaction committed or its rejection was written down, the content hash turns
 * a reload into "unchanged", and the years a killed run meant to draft are drafted next time. */
#ifndef CSA_RUN_H
#define CSA_RUN_H

#include "csa/register.h"

struct run_config {
    const char *db; /* conninfo, or NULL for CSA_DB / libpq defaults */
    const struct csa_register *reg;
    const char *inbox, *archive, *quarantine, *out;
    int year;   /* draft only this plan year; 0: every year whose data changed */
    int jobs;   /* workers; 0: one per core */
    int settle; /* seconds a file must have been left alone before it is taken */
    const char *date;
};

/* Runs the batch; prints per-file lines and a summary on stdout, stage lines on stderr.
 * Returns the exit code: 0, 1 (some file rejected), 3 (environment), 4 (locked). */
int run_batch(const struct run_config *cfg);

#endif
