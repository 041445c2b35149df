/* run_state.h: the state of one `csa run` (run.h), shared by its stages: run.c (scan,
 * validate, quarantine, draft, the report) and run_load.c (the load). Private to those two.
 * Every function here may be called from any worker thread unless it says otherwise. */
#ifndef CSA_RUN_STATE_H
#define CSA_RUN_STATE_H

#include "csa/buf.h"
#include "csa/draft.h"
#include "csa/inbox.h"
#include "csa/progress.h"
#include "csa/run.h"
#include "csa/run_ledger.h"

#include <libpq-fe.h>
#include <stdatomic.h>
#include <sys/stat.h>

/* One inbox entry and what became of it. */
struct item {
    struct inbox_entry *e;
    struct diags diags;
    struct csa_submission *sub; /* while valid and not yet loaded */
    char *origin; /* owned: where the load came from, for the audit: "inbox" or "inbox/CODE" */
    enum run_outcome outcome;
    struct load_result load;
    char code[64];
    int year;
    char msg[1200];   /* why it failed */
    char *moved;      /* where it went (owned; NULL while in the inbox) */
    struct stat st;   /* the fstat of the descriptor it was read from */
    int env;          /* failed because of the environment: it goes back to the inbox */
    int opened;       /* it went to validation (its ledger row is written after it) */
};

struct run {
    const struct run_config *cfg;
    PGconn *conn; /* the main connection: lock, ledger, drafting */
    long long id;
    struct inbox_entry *entries;
    size_t n;
    struct item *items;
    struct run_years years, drafted_years, undrafted;
    size_t count[RUN_OUTCOMES];
    int env_failed; /* an environment error happened: exit 3 */
    atomic_int lost; /* the database connection is gone: stop at once */
    struct csa_error lost_err;
    struct progress progress;
    struct draft_files drafted;
    struct buf notes; /* problems that did not stop the run, a line each */
    struct buf unreceipted; /* "\nCODE\n" for each folder whose receipts failed (said once) */
};

/* Adds a problem that did not stop the run, a line of the report's notes. */
void run_note(struct run *r, const char *msg);

/* The connection c is gone: the run stops, and the first to see it words its one message. */
void run_lose(struct run *r, PGconn *c);

/* Fills the report's view of it; the pointers are it's. */
void run_file_report(const struct item *it, struct run_report_file *f);

/* Writes it's receipt when it came from a partnership folder. */
void run_file_receipt(struct run *r, const struct item *it);

/* Writes the ledger row (and the receipt) of a file that has ended, on connection c (the
 * main one, or a worker's). A lost connection stops the run; a refused row only adds a note. */
void run_file_ledger(struct run *r, PGconn *c, const struct item *it);

/* The same for n files at once (their rows sent in one pipeline, see run_ledger_files). */
void run_files_ledger(struct run *r, PGconn *c, struct item *const *items, size_t n);

/* The folder it is filed into under top (the archive, the quarantine): top itself, or
 * top/CODE for a file of partnership folder CODE, so two folders' files of one name never
 * meet. The caller frees it. */
char *run_filed_in(const char *top, const struct item *it);

/* The load stage (run_load.c): loads every valid file, files each loaded one into the
 * archive and writes its ledger row. Files it did not finish (the database lost) stay
 * RUN_PENDING. Main thread. */
void run_load_all(struct run *r);

#endif
