/* run.c: the nightly batch (see run.h for what it guarantees and how): scan, validate,
 * quarantine and draft; the load stage is run_load.c's. It fills a struct run_report and
 * prints nothing itself: the stage lines and the bar are progress.c's, the report's words
 * run_report.c's, the ledger's rows run_ledger.c's.
 *
 * Each settled file is claimed into the inbox's processing folder (inbox.h) before it is
 * read, opened there without following a link or blocking (read_open), and exactly the file
 * read moves on. What the environment does (a file that cannot be read, a worker that cannot
 * connect, the database gone, a draft that cannot be written) is never the district's fault:
 * such a file goes back where it was found and the run exits 3, saying so once. */
#include "csa/run.h"
#include "csa/db.h"
#include "csa/draft.h"
#include "csa/fault.h"
#include "csa/fsio.h"
#include "csa/inbox.h"
#include "csa/load.h"
#include "csa/planyear.h"
#include "csa/progress.h"
#include "csa/read.h"
#include "csa/run_ledger.h"
#include "csa/run_receipt.h"
#include "run_state.h"
#include "csa/validate.h"

#include <errno.h>
#include <omp.h>
#include <stdatomic.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


/* Adds a problem that did not stop the run (any thread). */
void run_note(struct run *r, const char *msg)
{
#pragma omp critical(run_notes)
    buf_printf(&r->notes, "%s\n", msg);
}

/* The connection c is gone: the first to see it words the run's one message. */
void run_lose(struct run *r, PGconn *c)
{
    int was = 0;
    if (atomic_compare_exchange_strong(&r->lost, &was, 1))
        run_ledger_lost_error(c, &r->lost_err);
}


/* Writes the receipt of f when it came from a partnership folder (any thread). A receipt
 * that cannot be written is said once per folder and makes the run exit 3; the file's
 * outcome stands. */
static void run_receipt_of(struct run *r, const struct run_report_file *f)
{
    struct csa_error err = {0};
    if (f->folder == NULL || run_receipt_write(r->cfg->inbox, f, &err) == CSA_OK)
        return;
    struct buf key = {0}, msg = {0};
    buf_printf(&key, "\n%s\n", f->folder);
    buf_printf(&msg, "receipts of the upload folder of %s not written: %s%s%s; the files' "
               "outcomes stand", f->folder, err.file, err.file[0] ? ": " : "", err.msg);
    int first = 0;
#pragma omp critical(run_receipts)
    {
        if (r->unreceipted.len == 0)
            buf_putc(&r->unreceipted, '\n'); /* every code between two newlines */
        if (strstr(buf_str(&r->unreceipted), buf_str(&key)) == NULL) {
            buf_puts(&r->unreceipted, buf_str(&key) + 1);
            first = 1;
        }
        r->env_failed = 1;
    }
    if (first)
        run_note(r, buf_str(&msg));
    buf_free(&key);
    buf_free(&msg);
}

void run_file_receipt(struct run *r, const struct item *it)
{
    struct run_report_file f;
    run_file_report(it, &f);
    run_receipt_of(r, &f);
}

/* Writes the ledger row (and the receipt) of a file that has ended, on connection c (the
 * main one, or a worker's). A lost connection stops the run; a refused row only adds a note. */
void run_file_ledger(struct run *r, PGconn *c, const struct item *it)
{
    struct run_report_file f;
    struct csa_error note = {0}, err = {0};
    run_file_report(it, &f);
    run_receipt_of(r, &f);
    if (atomic_load(&r->lost))
        return;
    if (run_ledger_file(c, r->id, &f, &note, &err) != CSA_OK)
        run_lose(r, c);
    else if (note.msg[0])
        run_note(r, note.msg);
}

void run_files_ledger(struct run *r, PGconn *c, struct item *const *items, size_t n)
{
    struct run_report_file *f = xcalloc(n + 1, sizeof *f);
    struct csa_error *notes = xcalloc(n + 1, sizeof *notes), err = {0};
    for (size_t i = 0; i < n; i++) {
        run_file_report(items[i], &f[i]);
        run_receipt_of(r, &f[i]);
    }
    if (!atomic_load(&r->lost) && run_ledger_files(c, r->id, f, n, notes, &err) != CSA_OK)
        run_lose(r, c);
    for (size_t i = 0; i < n; i++)
        if (notes[i].msg[0])
            run_note(r, notes[i].msg);
    free(notes);
    free(f);
}

/* ---- stages --------------------------------------------------------------------------- */

/* Opens and checks one claimed file. What is not a regular file (swapped in since the scan)
 * is skipped; a file the system will not let csa read is the environment's failure. Both go
 * back to the inbox at the end of the run. */
static void validate_one(const struct validator *v, struct item *it)
{
    struct csa_error err = {0};
    int fd;
    fault_point("run-before-open");
    /* CSA_FAULT=run-open/NAME:fail: NAME cannot be read, as mode 000 makes it for anyone but
     * root (the tests run as root) */
    char *point = fsio_joinf("run-open", "%s", it->e->name);
    int denied = fault_fails(point);
    free(point);
    if (denied) {
        memset(&it->st, 0, sizeof it->st);
        csa_fail(&err, CSA_EENV, it->e->path, 0, "could not open file: %s", strerror(EACCES));
    }
    if (denied || read_open(it->e->path, 1, &fd, &it->st, &err) != CSA_OK) {
        if (it->st.st_mode != 0) { /* a link, a FIFO, a folder: never read */
            it->outcome = RUN_SKIPPED;
            it->e->why = S_ISLNK(it->st.st_mode)  ? "symbolic link, not followed"
                         : S_ISDIR(it->st.st_mode) ? "folder, not processed"
                                                   : "not a regular file, not processed";
        } else {
            it->outcome = RUN_FAILED;
            it->env = 1;
            snprintf(it->msg, sizeof it->msg, "%s; left in the inbox", err.msg);
        }
        return;
    }
    enum csa_rc rc = validate_fd(v, fd, it->e->path, &it->sub, &it->diags);
    if (rc == CSA_OK && it->e->folder && strcmp(it->sub->code, it->e->folder) != 0) {
        /* a partnership's upload folder takes that partnership's submissions only */
        diags_add(&it->diags, DIAG_ERROR, it->sub->partnership_line,
                  "this file is in the upload folder of %s, but its partnership is %s; only "
                  "%s's submissions are taken from that folder",
                  it->e->folder, it->sub->code, it->e->folder);
        submission_free(it->sub);
        it->sub = NULL;
        it->outcome = RUN_REJECTED;
    } else if (rc == CSA_OK) {
        snprintf(it->code, sizeof it->code, "%s", it->sub->code);
        it->year = it->sub->plan_year;
    } else if (rc == CSA_EENV) { /* the read failed (an I/O error): not the district's */
        it->outcome = RUN_FAILED;
        it->env = 1;
        snprintf(it->msg, sizeof it->msg, "%s; left in the inbox",
                 it->diags.n ? it->diags.v[0].msg : "could not read the file");
        diags_free(&it->diags);
        it->diags = (struct diags){0};
    } else {
        it->outcome = RUN_REJECTED;
    }
}

static void validate_all(struct run *r, const struct validator *v)
{
    size_t done = 0, total = 0;
    for (size_t i = 0; i < r->n; i++)
        total += r->items[i].outcome == RUN_PENDING;
#pragma omp parallel for schedule(dynamic, 1) num_threads(r->cfg->jobs)
    for (size_t i = 0; i < r->n; i++) {
        struct item *it = &r->items[i];
        if (it->outcome != RUN_PENDING)
            continue;
        it->opened = 1;
        validate_one(v, it);
        size_t d;
#pragma omp atomic capture
        d = ++done;
        progress_bar(&r->progress, "validate", d, total);
    }
}

/* Writes NAME.errors into the quarantine (its CODE/ folder for a partnership folder's file),
 * then the receipt, then moves the file beside NAME.errors. */
static void quarantine(struct run *r, struct item *it)
{
    struct buf report = {0};
    struct csa_error err = {0};
    char *dir = run_filed_in(r->cfg->quarantine, it);
    char *path = fsio_joinf(dir, "%s.errors", it->e->name);
    diags_format(&report, it->e->name, &it->diags);
    enum csa_rc rc = fsio_mkdirs(dir, &err);
    if (rc == CSA_OK)
        rc = fsio_write_if_changed(path, report.data, report.len, NULL, &err);
    if (rc == CSA_OK) {
        run_file_receipt(r, it);
        rc = inbox_move_to(it->e->path, dir, it->e->name, &it->st, &it->moved, &err);
    }
    if (rc != CSA_OK) {
        it->outcome = RUN_FAILED;
        it->env = 1;
        snprintf(it->msg, sizeof it->msg, "rejected, but %s", err.msg);
    }
    run_file_ledger(r, r->conn, it);
    buf_free(&report);
    free(path);
    free(dir);
}

/* ---- the ledger and the drafts -------------------------------------------------------- */

/* Fills the report's view of item i. */
void run_file_report(const struct item *it, struct run_report_file *f)
{
    *f = (struct run_report_file){
        .name = it->e->key,
        .base = it->e->name,
        .folder = it->e->folder,
        .path = it->e->found,
        .outcome = it->outcome,
        .code = it->code,
        .year = it->year,
        .load = it->load,
        .diags = &it->diags,
        .msg = it->msg[0] ? it->msg : NULL,
        .why = it->e->why,
        .moved_to = it->moved,
    };
}

/* The plan years to draft: --year alone when given; else every year a file of this run
 * touched (unchanged ones too: a killed run may have loaded them without drafting), every
 * year of a killed run, and every year there is when the register itself changed. */
static enum csa_rc plan_years(struct run *r, struct csa_error *err)
{
    if (r->cfg->year) {
        r->years.n = 0;
        run_years_add(&r->years, r->cfg->year);
        return CSA_OK;
    }
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].outcome == RUN_LOADED || r->items[i].outcome == RUN_UNCHANGED)
            run_years_add(&r->years, r->items[i].year);
    if (!r->cfg->register_changed)
        return CSA_OK;
    return run_current_years(r->conn, r->cfg->reg->code, &r->years, err);
}

/* One plan year's draft, made by whichever worker took it. */
struct year_draft {
    struct draft_files files;
    struct csa_error err;
    enum csa_rc rc;
    int lost; /* failed because its connection is gone */
};

/* Drafts year i of r->years on c into *d. */
static void draft_one(struct run *r, PGconn *c, size_t i, struct draft_shared *shared,
                      struct year_draft *d)
{
    struct buf dir = {0};
    buf_printf(&dir, "%s/%d", r->cfg->out, r->years.v[i]);
    d->rc = draft_year_shared(c, r->cfg->reg, r->years.v[i], r->cfg->date, buf_str(&dir),
                              draft_run_flags(r->cfg->draft_formats), shared, &d->files,
                              &d->err);
    d->lost = d->rc != CSA_OK && run_ledger_lost(c);
    if (d->lost)
        run_ledger_lost_error(c, &d->err);
    buf_free(&dir);
}

/* Moves the documents of from to the end of to; from is left empty. */
static void append_files(struct draft_files *to, struct draft_files *from)
{
    if (from->n == 0)
        return;
    if (to->n + from->n > to->cap) {
        to->cap = to->n + from->n;
        to->v = xrealloc(to->v, (to->cap + 1) * sizeof *to->v);
    }
    memcpy(to->v + to->n, from->v, from->n * sizeof *from->v);
    to->n += from->n;
    to->written += from->written;
    free(from->v);
    *from = (struct draft_files){0};
}

/* Drafts every year, the years shared out among up to --jobs workers (the main connection
 * and more of their own; a worker that cannot connect drafts nothing), then takes the results
 * in year order, so the report never depends on timing. A year whose documents cannot be
 * written is reported as not drafted and the others are still drafted; only a lost database
 * stops the drafting. */
static enum csa_rc draft_all(struct run *r, struct csa_error *err)
{
    size_t n = r->years.n;
    struct year_draft *d = xcalloc(n + 1, sizeof *d);
    int jobs = r->cfg->jobs > 1 && n > 1 ? ((size_t)r->cfg->jobs < n ? r->cfg->jobs : (int)n) : 1;
    atomic_size_t next = 0;
    struct draft_shared *shared = draft_shared_new(); /* each year counted once */
#pragma omp parallel num_threads(jobs)
    {
        struct csa_error cerr = {0};
        PGconn *c = omp_get_thread_num() == 0 ? r->conn : db_connect(r->cfg->db, &cerr);
        for (size_t i; c && (i = atomic_fetch_add(&next, 1)) < n;)
            draft_one(r, c, i, shared, &d[i]);
        if (c != r->conn)
            PQfinish(c);
    }
    draft_shared_free(shared);
    enum csa_rc rc = CSA_OK;
    for (size_t i = 0; i < n; i++) {
        int y = r->years.v[i];
        append_files(&r->drafted, &d[i].files);
        if (rc != CSA_OK || d[i].rc == CSA_OK) {
            if (rc == CSA_OK)
                run_years_add(&r->drafted_years, y);
        } else if (d[i].lost) {
            *err = d[i].err;
            rc = err->code;
        } else {
            struct buf msg = {0};
            char py[PLANYEAR_LABEL_MAX];
            buf_printf(&msg, "could not draft %s into %s/%d: %s%s%s",
                       planyear_label(y, '/', py, sizeof py), r->cfg->out, y, d[i].err.file,
                       d[i].err.file[0] ? ": " : "", d[i].err.msg);
            run_note(r, buf_str(&msg));
            buf_free(&msg);
            run_years_add(&r->undrafted, y);
            r->env_failed = 1;
        }
        draft_files_free(&d[i].files);
    }
    free(d);
    return rc;
}

/* Closes the run's ledger row; its counts are those of the csa.run_file rows already written. */
static enum csa_rc ledger_finish(struct run *r, struct csa_error *err)
{
    const char *outcome = r->env_failed              ? "failed"
                          : r->count[RUN_REJECTED] ? "rejections"
                                                   : "done";
    return run_ledger_finish(r->conn, r->id, outcome, err);
}

/* ---- the batch ------------------------------------------------------------------------ */

enum csa_rc run_lock(PGconn *c, struct csa_error *err)
{
    PGresult *res = NULL;
    /* a session lock: held until this connection closes, however the process ends */
    enum csa_rc rc = db_query(c, "SELECT pg_try_advisory_lock(hashtext('csa.run'))", 0, NULL,
                              &res, err);
    if (rc == CSA_OK && PQgetvalue(res, 0, 0)[0] != 't')
        rc = csa_fail(err, CSA_ELOCKED, NULL, 0, "another csa run holds the lock; nothing was done");
    PQclear(res);
    return rc;
}

static void tally(struct run *r)
{
    memset(r->count, 0, sizeof r->count);
    for (size_t i = 0; i < r->n; i++)
        r->count[r->items[i].outcome]++;
    r->env_failed |= r->count[RUN_FAILED] > 0;
}

/* Writes the ledger rows of the files that ended at this stage: outcome o, on the main
 * connection. */
static void ledger_ended(struct run *r, enum run_outcome o)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].outcome == o)
            run_file_ledger(r, r->conn, &r->items[i]);
}

/* Puts back into the inbox every claimed file that was not filed: skipped (a link swapped
 * in), failed for the environment, or left pending when the database went (whose receipt
 * says so: it is not in the report). */
static void unclaim_unfiled(struct run *r)
{
    for (size_t i = 0; i < r->n; i++) {
        struct item *it = &r->items[i];
        if (!it->e->claimed || it->moved)
            continue;
        if (it->outcome == RUN_PENDING) {
            struct run_report_file f;
            run_file_report(it, &f);
            f.outcome = RUN_FAILED;
            f.msg = "the run stopped before this file was finished";
            run_receipt_of(r, &f);
        }
        struct csa_error err = {0};
        if (inbox_unclaim(r->cfg->inbox, it->e, &err) != CSA_OK)
            run_note(r, err.msg);
    }
}

/* The stages between the lock and the drafting; returns CSA_OK or CSA_EENV. */
static enum csa_rc process_inbox(struct run *r, struct csa_error *err)
{
    struct validator v;
    /* the partnership folders: one per code of the register */
    const struct csa_register *reg = r->cfg->reg;
    const char **codes = xcalloc(reg->npartnerships + 1, sizeof *codes);
    for (size_t i = 0; i < reg->npartnerships; i++)
        codes[i] = reg->partnerships[i].code;
    enum csa_rc rc = inbox_scan(r->cfg->inbox, codes, reg->npartnerships, r->cfg->settle,
                                time(NULL), &r->entries, &r->n, err);
    free(codes);
    if (rc != CSA_OK)
        return rc;
    fault_point("run-after-scan");
    /* claimed before anything is read: what is read is what moves on */
    rc = inbox_claim(r->cfg->inbox, r->entries, r->n, err);
    r->items = xcalloc(r->n + 1, sizeof *r->items);
    for (size_t i = 0; i < r->n; i++) {
        r->items[i].e = &r->entries[i];
        r->items[i].origin = r->entries[i].folder ? fsio_join("inbox", r->entries[i].folder)
                                                  : xstrdup("inbox");
        r->items[i].outcome = r->entries[i].kind == INBOX_WAITING   ? RUN_WAITING
                              : r->entries[i].kind == INBOX_SKIPPED ? RUN_SKIPPED
                                                                    : RUN_PENDING;
    }
    if (rc != CSA_OK) {
        unclaim_unfiled(r);
        return rc;
    }
    fault_point("run-after-claim");
    if ((rc = validator_init(&v, r->cfg->reg, err)) != CSA_OK) {
        unclaim_unfiled(r);
        return rc;
    }
    tally(r);
    progress_stage(&r->progress, "scan: %zu to check, %zu waiting, %zu skipped",
                   r->count[RUN_PENDING], r->count[RUN_WAITING], r->count[RUN_SKIPPED]);
    ledger_ended(r, RUN_WAITING);
    ledger_ended(r, RUN_SKIPPED);
    validate_all(r, &v);
    validator_free(&v);
    /* what validation found to be a link or unreadable ends here */
    for (size_t i = 0; i < r->n; i++) {
        struct item *it = &r->items[i];
        if (it->opened && (it->outcome == RUN_SKIPPED || it->outcome == RUN_FAILED))
            run_file_ledger(r, r->conn, it);
    }
    tally(r);
    progress_stage(&r->progress, "validate: %zu valid, %zu rejected", r->count[RUN_PENDING],
                   r->count[RUN_REJECTED]);
    if (!atomic_load(&r->lost))
        run_load_all(r);
    for (size_t i = 0; i < r->n && !atomic_load(&r->lost); i++)
        if (r->items[i].outcome == RUN_REJECTED)
            quarantine(r, &r->items[i]);
    unclaim_unfiled(r);
    tally(r);
    if (atomic_load(&r->lost))
        return csa_fail(err, CSA_EENV, NULL, 0, "%s", r->lost_err.msg);
    /* after a bulk load, fresh statistics keep the counting queries' plans sane; a failure
     * here slows the counting down but loses nothing */
    struct csa_error note = {0};
    if (r->count[RUN_LOADED] > 0 &&
        db_exec(r->conn, "SELECT csa.submission_analyze()", &note) != CSA_OK)
        run_note(r, note.msg);
    progress_stage(&r->progress, "load: %zu loaded, %zu unchanged, %zu quarantined, %zu failed",
                   r->count[RUN_LOADED], r->count[RUN_UNCHANGED], r->count[RUN_REJECTED],
                   r->count[RUN_FAILED]);
    return CSA_OK;
}

static void run_free(struct run *r)
{
    for (size_t i = 0; r->items && i < r->n; i++) {
        submission_free(r->items[i].sub);
        diags_free(&r->items[i].diags);
        free(r->items[i].moved);
        free(r->items[i].origin);
    }
    free(r->items);
    inbox_free(r->entries, r->n);
    draft_files_free(&r->drafted);
    buf_free(&r->notes);
    buf_free(&r->unreceipted);
    free(r);
}

/* The parsed files stay in memory until they are loaded, so the heap only grows while the
 * workers validate. Grown 128 KiB at a time (glibc's default), each growth is a brk or an
 * mprotect that stops the other workers' page faults: grow it in large steps instead. */
static void prepare_heap(void)
{
#ifdef __GLIBC__
    mallopt(M_TOP_PAD, 64 * 1024 * 1024);
#endif
}

/* Hands what the run found to the report, which keeps r alive until run_report_free. Files
 * the run never finished (the database went) are not listed: they are back in the inbox,
 * and the run's one message says so. */
static void fill_report(struct run *r, struct run_report *rep)
{
    rep->id = r->id;
    rep->files = xcalloc(r->n + 1, sizeof *rep->files);
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].outcome != RUN_PENDING)
            run_file_report(&r->items[i], &rep->files[rep->nfiles++]);
    tally(r);
    memcpy(rep->count, r->count, sizeof rep->count);
    rep->years = r->drafted_years.v;
    rep->nyears = r->drafted_years.n;
    rep->undrafted = r->undrafted.v;
    rep->nundrafted = r->undrafted.n;
    rep->out = r->cfg->out;
    rep->quarantine = r->cfg->quarantine;
    rep->drafted = r->drafted;
    rep->notes = buf_str(&r->notes);
    rep->state = r;
}

int run_batch(const struct run_config *cfg, struct run_report *rep, struct csa_error *err)
{
    prepare_heap();
    memset(rep, 0, sizeof *rep);
    struct run *r = xcalloc(1, sizeof *r);
    r->cfg = cfg;
    r->conn = cfg->conn;
    progress_start(&r->progress, cfg->quiet);
    int rc = run_ledger_start(r->conn, cfg->reg->code, cfg->inbox, cfg->jobs, &r->id, &r->years,
                              err);
    if (rc == CSA_OK) {
        progress_stage(&r->progress, "open: run %lld, database ready, register %s", r->id,
                       cfg->register_changed ? "changed" : "unchanged");
        rc = process_inbox(r, err);
    }
    if (rc == CSA_OK && (rc = plan_years(r, err)) == CSA_OK &&
        (rc = run_ledger_years(r->conn, r->id, &r->years, err)) == CSA_OK) {
        rc = draft_all(r, err);
        progress_stage(&r->progress, "draft: %zu plan year%s, %zu file%s written",
                       r->drafted_years.n, r->drafted_years.n == 1 ? "" : "s",
                       r->drafted.written, r->drafted.written == 1 ? "" : "s");
    }
    if (rc == CSA_OK)
        rc = ledger_finish(r, err);
    if (rc == CSA_OK)
        rc = r->env_failed ? CSA_EENV : r->count[RUN_REJECTED] ? CSA_EINVALID : CSA_OK;
    fill_report(r, rep);
    return rc;
}

void run_report_free(struct run_report *rep)
{
    free(rep->files);
    if (rep->state)
        run_free(rep->state);
    memset(rep, 0, sizeof *rep);
}
