/* load.h: one checked submission into PostgreSQL, all or nothing.
 *
 * Each file is one transaction around one call of csa.load_submission (sql/logic/10_load.sql):
 * a failure anywhere leaves nothing of the file behind. The same bytes loaded again change
 * nothing; new bytes for a partnership's plan year become its next version, and the current
 * version is the latest by sign-off date, file time and name (so it never depends on which
 * of two parallel loads committed first). */
#ifndef CSA_LOAD_H
#define CSA_LOAD_H

#include "csa/diag.h"
#include "csa/error.h"
#include "csa/submission.h"

#include <libpq-fe.h>
#include <time.h>

struct load_result {
    int unchanged;       /* the same bytes were already stored; nothing was written */
    long long id;        /* csa.submission.id */
    int version;
    int is_current;
    int current_version; /* the version now current for the partnership's plan year */
};

/* Loads s (with the warnings found in it, may be NULL) under source_name, a file whose
 * modification time was mtime (0: unknown), that came from origin: "csa load", "inbox" or
 * "inbox/CODE" (stored with the version, with the database role that loaded it). A string of
 * s or of warnings, or source_name, that is not valid UTF-8 is refused before the database is
 * touched: CSA_EINVALID, with the element's line. A partnership the session's role may not
 * load (doc/cli.md, Access) is refused by the database: CSA_EINVALID too, err's message
 * naming both partnerships ("ROLE may load ashford only, and this file is swale's"), nothing
 * stored. On any other database failure the transaction is rolled back: CSA_EENV. Either way
 * err's file is source_name and err says why. */
enum csa_rc load_submission(PGconn *c, const struct csa_submission *s,
                            const struct diags *warnings, const char *source_name,
                            time_t mtime, const char *origin, struct load_result *res,
                            struct csa_error *err);

/* One file of a load_batch: what load_submission takes, and what became of it. */
struct load_job {
    const struct csa_submission *s; /* borrowed, as are the three strings */
    const struct diags *warnings;
    const char *source_name;
    time_t mtime;
    const char *origin;
    enum csa_rc rc; /* CSA_OK: stored; else err says why, as load_submission would */
    int sent;       /* it reached the database (a file refused before, e.g. not UTF-8: 0) */
    struct load_result res;
    struct csa_error err;
};

/* Loads the n files of jobs on c, each as load_submission would (its own transaction, all or
 * nothing, refused alone: the others' transactions are untouched), but all sent at once in
 * libpq's pipeline mode, one Sync a file, and each committed with synchronous_commit off:
 * without waiting for its WAL flush. A job whose rc is CSA_OK is stored but NOT yet durable: a
 * database crash may undo it until the caller's next synchronous commit that writes WAL (which
 * flushes every commit before it) has been acknowledged. Returns CSA_OK when every answer was
 * read; CSA_EENV, err saying why, when the connection failed (no job's outcome can then be
 * trusted). Crash point (fault.h) "load-before-commit": every file sent, no answer read. */
enum csa_rc load_batch(PGconn *c, struct load_job *jobs, size_t n, struct csa_error *err);

/* Appends the result line of a load of partnership code's plan year, as `csa load` and
 * `csa run` print it: "loaded NAME: maidstone 2011/12 version 2\n", "unchanged NAME: ...",
 * with " (not current: version 3 is later)" when another version stays current. Pure. */
void load_line(struct buf *out, const char *name, const char *code, int year,
               const struct load_result *res);

#endif
