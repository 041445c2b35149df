/* run.c: the nightly batch (see run.h for what it guarantees and how). It fills a struct
 * run_report and prints nothing itself: the stage lines and the bar are progress.c's, the
 * report's words run_report.c's. The ledger is written through the functions of
 * sql/logic/25_run.sql. */
#include "csa/run.h"
#include "csa/db.h"
#include "csa/draft.h"
#include "csa/fault.h"
#include "csa/fsio.h"
#include "csa/inbox.h"
#include "csa/json.h"
#include "csa/load.h"
#include "csa/progress.h"
#include "csa/validate.h"

#include <omp.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


/* One inbox entry and what became of it. */
struct item {
    struct inbox_entry *e;
    struct diags diags;
    struct csa_submission *sub; /* while valid and not yet loaded */
    enum run_outcome outcome;
    struct load_result load;
    char code[64];
    int year;
    char msg[1200];   /* why it failed */
    char *moved;      /* where it went (owned; NULL while in the inbox) */
};

struct run {
    const struct run_config *cfg;
    PGconn *conn; /* the main connection: lock, ledger, drafting */
    long long id;
    struct inbox_entry *entries;
    size_t n;
    struct item *items;
    int years[256];
    size_t nyears;
    size_t count[RUN_OUTCOMES];
    int env_failed; /* an environment error happened: exit 3 */
    struct progress progress;
    struct draft_files drafted;
    struct csa_error note; /* a problem that did not stop the run */
};

/* ---- stages --------------------------------------------------------------------------- */

static int add_year(struct run *r, int y)
{
    for (size_t i = 0; i < r->nyears; i++)
        if (r->years[i] == y)
            return 0;
    if (r->nyears < sizeof r->years / sizeof *r->years)
        r->years[r->nyears++] = y;
    return 1;
}

static void validate_all(struct run *r, const struct validator *v)
{
    size_t done = 0, total = 0;
    for (size_t i = 0; i < r->n; i++)
        total += r->entries[i].kind == INBOX_FILE;
#pragma omp parallel for schedule(dynamic, 1) num_threads(r->cfg->jobs)
    for (size_t i = 0; i < r->n; i++) {
        struct item *it = &r->items[i];
        if (it->e->kind != INBOX_FILE)
            continue;
        if (validate_file(v, it->e->path, &it->sub, &it->diags) == CSA_OK) {
            snprintf(it->code, sizeof it->code, "%s", it->sub->code);
            it->year = it->sub->plan_year;
        } else {
            it->outcome = RUN_REJECTED;
        }
        size_t d;
#pragma omp atomic capture
        d = ++done;
        progress_bar(&r->progress, "validate", d, total);
    }
}

/* Orders valid files so that each partnership's plan year is one run of versions, oldest
 * first: by code, year, submitted (none first), file time, name. */
static const struct item *sort_items;
static int by_version(const void *a, const void *b)
{
    const struct item *x = &sort_items[*(const size_t *)a], *y = &sort_items[*(const size_t *)b];
    int c = strcmp(x->code, y->code);
    if (c == 0 && x->year != y->year)
        c = x->year < y->year ? -1 : 1;
    if (c == 0) {
        const char *sx = x->sub->submitted ? x->sub->submitted : "";
        const char *sy = y->sub->submitted ? y->sub->submitted : "";
        c = strcmp(sx, sy);
    }
    if (c == 0 && x->e->mtime != y->e->mtime)
        c = x->e->mtime < y->e->mtime ? -1 : 1;
    return c ? c : strcmp(x->e->name, y->e->name);
}

/* Loads one partnership's plan year (its files in version order) and archives each. */
static void load_group(struct run *r, PGconn *c, const struct csa_error *cerr,
                       const size_t *idx, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        struct item *it = &r->items[idx[k]];
        struct csa_error err = {0};
        if (c == NULL) {
            it->outcome = RUN_FAILED;
            snprintf(it->msg, sizeof it->msg, "%s", cerr->msg);
            continue;
        }
        if (load_submission(c, it->sub, &it->diags, it->e->name, it->e->mtime, &it->load,
                            &err) != CSA_OK) {
            it->outcome = RUN_FAILED;
            snprintf(it->msg, sizeof it->msg, "%s", err.msg);
            continue;
        }
        it->outcome = it->load.unchanged ? RUN_UNCHANGED : RUN_LOADED;
        fault_point("run-after-commit");
        /* the file leaves the inbox only now that its transaction has committed */
        if (inbox_move_to(it->e->path, r->cfg->archive, it->e->name, &it->moved, &err) !=
            CSA_OK) {
            it->outcome = RUN_FAILED;
            snprintf(it->msg, sizeof it->msg, "loaded, but %s", err.msg);
        }
    }
}

static void load_all(struct run *r)
{
    size_t *order = xmalloc((r->n + 1) * sizeof *order), nvalid = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].sub)
            order[nvalid++] = i;
    sort_items = r->items;
    qsort(order, nvalid, sizeof *order, by_version);
    size_t *start = xmalloc((nvalid + 1) * sizeof *start), ngroups = 0;
    for (size_t k = 0; k < nvalid; k++) {
        const struct item *a = &r->items[order[k]], *b = k ? &r->items[order[k - 1]] : NULL;
        if (!b || strcmp(a->code, b->code) != 0 || a->year != b->year)
            start[ngroups++] = k;
    }
    start[ngroups] = nvalid;
    size_t done = 0;
#pragma omp parallel num_threads(r->cfg->jobs)
    {
        struct csa_error cerr = {0};
        PGconn *c = db_connect(r->cfg->db, &cerr);
#pragma omp for schedule(dynamic, 1)
        for (size_t g = 0; g < ngroups; g++) {
            size_t len = start[g + 1] - start[g], d;
            load_group(r, c, &cerr, order + start[g], len);
#pragma omp atomic capture
            d = done += len;
            progress_bar(&r->progress, "load", d, nvalid);
        }
        PQfinish(c);
    }
    free(start);
    free(order);
}

/* Writes NAME.errors into the quarantine, then moves the file beside it. */
static void quarantine(struct run *r, struct item *it)
{
    struct buf report = {0};
    struct csa_error err = {0};
    char *path = fsio_joinf(r->cfg->quarantine, "%s.errors", it->e->name);
    diags_format(&report, it->e->name, &it->diags);
    enum csa_rc rc = fsio_mkdirs(r->cfg->quarantine, &err);
    if (rc == CSA_OK)
        rc = fsio_write_if_changed(path, report.data, report.len, NULL, &err);
    if (rc == CSA_OK)
        rc = inbox_move_to(it->e->path, r->cfg->quarantine, it->e->name, &it->moved, &err);
    if (rc != CSA_OK) {
        it->outcome = RUN_FAILED;
        snprintf(it->msg, sizeof it->msg, "rejected, but %s", err.msg);
    }
    buf_free(&report);
    free(path);
}

/* ---- the ledger ----------------------------------------------------------------------- */

/* Runs sql, a call of a ledger function that returns nothing to read, with the run's id as
 * $1 and arg (may be NULL: none) as $2. */
static enum csa_rc ledger_call(struct run *r, const char *sql, const char *arg,
                               struct csa_error *err)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", r->id);
    const char *p[2] = {id, arg};
    PGresult *res = NULL;
    enum csa_rc rc = db_query(r->conn, sql, arg ? 2 : 1, p, &res, err);
    PQclear(res);
    return rc;
}

/* Adds the plan years of the "plan_year" column of a query that worked (rc) to the run's. */
static void add_years_of(struct run *r, enum csa_rc rc, const PGresult *res)
{
    int col = rc == CSA_OK ? PQfnumber(res, "plan_year") : 0;
    for (int i = 0; rc == CSA_OK && i < PQntuples(res); i++)
        add_year(r, atoi(PQgetvalue(res, i, col)));
}

/* Records the run, and takes over the plan years of any earlier run that was killed before
 * it finished drafting them. */
static enum csa_rc ledger_start(struct run *r, struct csa_error *err)
{
    char jobs[16];
    snprintf(jobs, sizeof jobs, "%d", r->cfg->jobs);
    const char *p[3] = {r->cfg->reg->code, r->cfg->inbox, jobs};
    PGresult *res;
    enum csa_rc rc = db_query(r->conn, "SELECT * FROM csa.run_start($1, $2, $3::integer)", 3,
                              p, &res, err);
    if (rc != CSA_OK)
        return rc;
    r->id = atoll(PQgetvalue(res, 0, PQfnumber(res, "id")));
    PQclear(res);
    char id[32];
    snprintf(id, sizeof id, "%lld", r->id);
    const char *q[2] = {r->cfg->reg->code, id};
    rc = db_query(r->conn, "SELECT * FROM csa.run_take_over($1, $2::bigint)", 2, q, &res, err);
    add_years_of(r, rc, res);
    PQclear(res);
    return rc;
}

static void json_item(struct buf *b, const struct run_report_file *f)
{
    buf_putc(b, '{');
    json_kv(b, "name", f->name, 1);
    json_kv(b, "outcome", run_outcome_word(f->outcome), 0);
    if (f->outcome == RUN_LOADED || f->outcome == RUN_UNCHANGED)
        buf_printf(b, ",\"submission\":%lld", f->load.id);
    /* the lines csa printed and wrote into NAME.errors */
    struct buf msg = {0};
    run_file_messages(f, &msg);
    json_kv(b, "messages", buf_str(&msg), 0);
    json_kv(b, "moved_to", f->moved_to, 0);
    buf_putc(b, '}');
    buf_free(&msg);
}

/* Fills the report's view of item i. */
static void report_file(const struct item *it, struct run_report_file *f)
{
    *f = (struct run_report_file){
        .name = it->e->name,
        .path = it->e->path,
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

static enum csa_rc ledger_files(struct run *r, struct csa_error *err)
{
    struct buf b = {0};
    buf_putc(&b, '[');
    for (size_t i = 0; i < r->n; i++) {
        struct run_report_file f;
        report_file(&r->items[i], &f);
        if (i)
            buf_putc(&b, ',');
        json_item(&b, &f);
    }
    buf_putc(&b, ']');
    enum csa_rc rc = ledger_call(r, "SELECT csa.run_record_files($1::bigint, $2::jsonb)",
                                 buf_str(&b), err);
    buf_free(&b);
    return rc;
}

/* The plan years to draft: --year alone when given; else every year a file of this run
 * touched (unchanged ones too: a killed run may have loaded them without drafting), every
 * year of a killed run, and every year there is when the register itself changed. */
static enum csa_rc plan_years(struct run *r, struct csa_error *err)
{
    if (r->cfg->year) {
        r->nyears = 0;
        add_year(r, r->cfg->year);
        return CSA_OK;
    }
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].outcome == RUN_LOADED || r->items[i].outcome == RUN_UNCHANGED)
            add_year(r, r->items[i].year);
    if (!r->cfg->register_changed)
        return CSA_OK;
    const char *p[1] = {r->cfg->reg->code};
    PGresult *res;
    enum csa_rc rc = db_query(r->conn, "SELECT * FROM csa.current_plan_years($1)", 1, p, &res,
                              err);
    add_years_of(r, rc, res);
    PQclear(res);
    return rc;
}

static int by_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* Writes the years to the ledger before drafting them, so a kill while drafting is made
 * good by the next run. */
static enum csa_rc ledger_years(struct run *r, struct csa_error *err)
{
    qsort(r->years, r->nyears, sizeof *r->years, by_int);
    struct buf arr = {0};
    buf_putc(&arr, '{');
    for (size_t i = 0; i < r->nyears; i++)
        buf_printf(&arr, "%s%d", i ? "," : "", r->years[i]);
    buf_putc(&arr, '}');
    enum csa_rc rc = ledger_call(r, "SELECT csa.run_set_years($1::bigint, $2::integer[])",
                                 buf_str(&arr), err);
    buf_free(&arr);
    return rc;
}

static enum csa_rc draft_all(struct run *r, struct csa_error *err)
{
    enum csa_rc rc = CSA_OK;
    for (size_t i = 0; rc == CSA_OK && i < r->nyears; i++) {
        struct buf dir = {0};
        buf_printf(&dir, "%s/%d", r->cfg->out, r->years[i]);
        rc = draft_year(r->conn, r->cfg->reg, r->years[i], r->cfg->date, buf_str(&dir),
                        DRAFT_HTML | DRAFT_MD, &r->drafted, err);
        buf_free(&dir);
    }
    return rc;
}

/* Closes the run's ledger row; its counts are those of the csa.run_file rows already written. */
static enum csa_rc ledger_finish(struct run *r, struct csa_error *err)
{
    const char *outcome = r->env_failed              ? "failed"
                          : r->count[RUN_REJECTED] ? "rejections"
                                                   : "done";
    return ledger_call(r, "SELECT csa.run_finish($1::bigint, $2)", outcome, err);
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

/* The stages between the lock and the drafting; returns CSA_OK or CSA_EENV. */
static enum csa_rc process_inbox(struct run *r, struct csa_error *err)
{
    struct validator v;
    enum csa_rc rc = inbox_scan(r->cfg->inbox, r->cfg->settle, time(NULL), &r->entries, &r->n,
                                err);
    if (rc == CSA_OK)
        rc = validator_init(&v, r->cfg->reg, err);
    if (rc != CSA_OK)
        return rc;
    r->items = xcalloc(r->n + 1, sizeof *r->items);
    for (size_t i = 0; i < r->n; i++) {
        r->items[i].e = &r->entries[i];
        r->items[i].outcome = r->entries[i].kind == INBOX_WAITING   ? RUN_WAITING
                              : r->entries[i].kind == INBOX_SKIPPED ? RUN_SKIPPED
                                                                    : RUN_PENDING;
    }
    tally(r);
    progress_stage(&r->progress, "scan: %zu to check, %zu waiting, %zu skipped",
                   r->count[RUN_PENDING], r->count[RUN_WAITING], r->count[RUN_SKIPPED]);
    validate_all(r, &v);
    validator_free(&v);
    tally(r);
    progress_stage(&r->progress, "validate: %zu valid, %zu rejected", r->count[RUN_PENDING],
                   r->count[RUN_REJECTED]);
    load_all(r);
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].outcome == RUN_REJECTED)
            quarantine(r, &r->items[i]);
    tally(r);
    /* after a bulk load, fresh statistics keep the counting queries' plans sane; a failure
     * here slows the counting down but loses nothing */
    if (r->count[RUN_LOADED] > 0)
        db_exec(r->conn, "ANALYZE csa.submission, csa.submission_priority, csa.submission_theme,"
                         " csa.crime_period, csa.crime_category", &r->note);
    progress_stage(&r->progress, "load: %zu loaded, %zu unchanged, %zu quarantined, %zu failed",
                   r->count[RUN_LOADED], r->count[RUN_UNCHANGED], r->count[RUN_REJECTED],
                   r->count[RUN_FAILED]);
    return ledger_files(r, err);
}

static void run_free(struct run *r)
{
    for (size_t i = 0; r->items && i < r->n; i++) {
        submission_free(r->items[i].sub);
        diags_free(&r->items[i].diags);
        free(r->items[i].moved);
    }
    free(r->items);
    inbox_free(r->entries, r->n);
    draft_files_free(&r->drafted);
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

/* Hands what the run found to the report, which keeps r alive until run_report_free. */
static void fill_report(struct run *r, struct run_report *rep)
{
    rep->id = r->id;
    rep->nfiles = r->n;
    rep->files = xcalloc(r->n + 1, sizeof *rep->files);
    for (size_t i = 0; i < r->n; i++)
        report_file(&r->items[i], &rep->files[i]);
    memcpy(rep->count, r->count, sizeof rep->count);
    rep->years = r->years;
    rep->nyears = r->nyears;
    rep->out = r->cfg->out;
    rep->quarantine = r->cfg->quarantine;
    rep->drafted = r->drafted;
    rep->note = r->note;
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
    int rc = ledger_start(r, err);
    if (rc == CSA_OK) {
        progress_stage(&r->progress, "open: run %lld, database ready, register %s", r->id,
                       cfg->register_changed ? "changed" : "unchanged");
        rc = process_inbox(r, err);
    }
    if (rc == CSA_OK && (rc = plan_years(r, err)) == CSA_OK &&
        (rc = ledger_years(r, err)) == CSA_OK) {
        rc = draft_all(r, err);
        progress_stage(&r->progress, "draft: %zu plan year%s, %zu file%s written", r->nyears,
                       r->nyears == 1 ? "" : "s", r->drafted.written,
                       r->drafted.written == 1 ? "" : "s");
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
