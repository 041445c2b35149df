/* run.h: `csa run`, the nightly batch (doc/cli.md).
 *
 * scan the inbox -> validate every file in parallel (OpenMP) -> load in parallel, one libpq
 * connection per worker and one transaction per file, a batch of files at a time in pipeline
 * mode made durable by one synchronous commit (run_load.c) -> archive or quarantine each file
 * -> draft the agreement of every plan year whose data changed, the years in parallel. One
 * run at a time (a PostgreSQL advisory lock). Every run and every file it saw is written to
 * the ledger (csa.run, csa.run_file). The outcome never depends on thread timing: versions of
 * one partnership's plan year are loaded by one worker, in the order submitted date, file
 * time, name. A run killed at any point is finished by the next: a file leaves the inbox only
 * after its transaction committed durably or its rejection was written down, the content
 * hash turns a reload into "unchanged", and the years a killed run meant to draft are drafted
 * next time.
 *
 * run_batch fills a struct run_report and prints nothing but its stage lines and progress
 * bar on stderr (progress.c); run_report.c turns the report into text or JSON.
 *
 * Partnership folders: the files of INBOX/CODE/ (CODE a partnership of the register) are
 * taken too, as "CODE/NAME" in the report and the ledger, and filed into archive/CODE/ or
 * quarantine/CODE/; one that is not CODE's submission is rejected. Each gets a receipt in
 * INBOX/CODE/receipts/ (run_receipt.h); a receipt that cannot be written is the
 * environment's failure (exit 3, said once per folder) and changes nothing else.
 *
 * Files are claimed into the inbox's processing folder before they are read (inbox.h) and
 * opened with O_NOFOLLOW | O_NONBLOCK, then fstat'd: exactly the file read is archived or
 * quarantined. The environment's failures are not a district's: a file that cannot be read,
 * or that the database going away left unfinished, goes back to the inbox; a worker that
 * cannot connect takes no files; a lost database ends the run at once with one message; a
 * draft that cannot be written is reported as not drafted. Each is exit 3. */
#ifndef CSA_RUN_H
#define CSA_RUN_H

#include "csa/diag.h"
#include "csa/draft.h"
#include "csa/error.h"
#include "csa/load.h"
#include "csa/register.h"

#include <libpq-fe.h>

struct run_config {
    PGconn *conn; /* the main connection, the caller's: run_lock held, migrated, register synced */
    int register_changed; /* that sync changed the database's register */
    const char *db;       /* conninfo of the workers' connections (NULL: CSA_DB, libpq's) */
    const struct csa_register *reg;
    const char *inbox, *archive, *quarantine, *out;
    int year;   /* draft only this plan year; 0: every year whose data changed */
    int jobs;   /* workers; 0: one per core */
    int settle; /* seconds a file must have been left alone before it is taken */
    const char *date;
    int quiet; /* no stage lines and no progress bar on stderr */
    int draft_formats; /* DRAFT_HTML | DRAFT_MD | DRAFT_DOCX | DRAFT_PDF; 0: HTML and Markdown */
};

/* Takes the session lock that lets one csa run at a time on c; it is held until c closes,
 * however the process ends. Returns CSA_ELOCKED (err says so) when another run holds it. */
enum csa_rc run_lock(PGconn *c, struct csa_error *err);

enum run_outcome {
    RUN_PENDING, /* not decided: only while the run works */
    RUN_LOADED,
    RUN_UNCHANGED,
    RUN_REJECTED,
    RUN_WAITING,
    RUN_SKIPPED,
    RUN_FAILED
};
#define RUN_OUTCOMES (RUN_FAILED + 1)

/* "loaded", "unchanged", ... as the ledger and the report word them ("" for RUN_PENDING). */
const char *run_outcome_word(enum run_outcome o);

/* One inbox entry and what became of it. Every pointer belongs to the report. */
struct run_report_file {
    const char *name;   /* its name in the inbox, unique in a run: NAME, or CODE/NAME for a
                         * file of a partnership folder (the ledger's name) */
    const char *base;   /* the file's own name, NAME */
    const char *folder; /* the partnership folder it was taken from (its code), or NULL */
    const char *path;   /* where it was found */
    enum run_outcome outcome;
    const char *code; /* loaded or unchanged: the partnership, its plan year and the load */
    int year;
    struct load_result load;
    const struct diags *diags; /* the problems found in it */
    const char *msg;           /* failed: why; NULL otherwise */
    const char *why;           /* waiting or skipped: why; NULL otherwise */
    const char *moved_to;      /* where it went; NULL: still in the inbox */
};

struct run_report {
    long long id; /* the ledger's run id; 0 when the run never started */
    struct run_report_file *files; /* in inbox order */
    size_t nfiles;
    size_t count[RUN_OUTCOMES];
    const int *years; /* the plan years drafted (their documents all written), ascending */
    size_t nyears;
    const int *undrafted; /* the plan years whose draft could not be written */
    size_t nundrafted;
    const char *out, *quarantine; /* the config's folders */
    struct draft_files drafted;   /* the documents handled, written or unchanged */
    const char *notes; /* problems that did not stop the run, a line each ("" when none) */
    void *state;                  /* the run's own memory, freed by run_report_free */
};

/* Runs the batch over cfg->conn. Fills *rep (the caller frees it with run_report_free, on
 * failure too) and returns the exit code: 0, 1 (some file rejected), 3 (environment, err
 * says why unless the files' messages do). */
int run_batch(const struct run_config *cfg, struct run_report *rep, struct csa_error *err);

void run_report_free(struct run_report *rep);

/* Appends a file's messages as the ledger keeps them and NAME.errors holds them: its
 * problems as "NAME:LINE: level: ..." lines, then why it failed or was left, a line each. */
void run_file_messages(const struct run_report_file *f, struct buf *out);

/* Appends the report as `csa run` prints it on stdout: a line per file, then the summary. */
void run_report_text(const struct run_report *rep, struct buf *out);

/* Appends the report as one JSON document (with a final newline), carrying what the text
 * shows. */
void run_report_json(const struct run_report *rep, struct buf *out);

/* Appends the problems for stderr: each file's diagnostics under its inbox path, each failed
 * file's reason, and the report's notes. */
void run_report_problems(const struct run_report *rep, struct buf *out);

#endif
