/* run.c: the nightly batch (see run.h for what it guarantees and how). */
#include "csa/run.h"
#include "csa/db.h"
#include "csa/migrate.h"
#include "csa/draft.h"
#include "csa/fault.h"
#include "csa/inbox.h"
#include "csa/json.h"
#include "csa/load.h"
#include "csa/output.h"
#include "csa/validate.h"

#include <omp.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum outcome { O_NONE, O_LOADED, O_UNCHANGED, O_REJECTED, O_WAITING, O_SKIPPED, O_FAILED };
static const char *const outcome_word[] = {"", "loaded", "unchanged", "rejected",
                                           "waiting", "skipped", "failed"};

/* One inbox entry and what became of it. */
struct item {
    struct inbox_entry *e;
    struct diags diags;
    struct csa_submission *sub; /* while valid and not yet loaded */
    enum outcome outcome;
    struct load_result load;
    char code[64];
    int year;
    char msg[1200];   /* why it failed */
    char moved[4200]; /* where it went */
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
    size_t count[O_FAILED + 1];
    int env_failed; /* an environment error happened: exit 3 */
    double t0;     /* when the run started */
    double tstage; /* when the current stage started */
};

/* ---- progress ------------------------------------------------------------------------- */

/* Asked once: the answer does not change during a run, and workers ask per file. */
static int stderr_is_tty(void)
{
    static int tty = -1;
    if (tty < 0)
        tty = isatty(2);
    return tty;
}

/* "csa run: STAGE: counts (stage 0.42 s, total 1.30 s)", and the next stage starts. */
static void stage_line(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void stage_line(struct run *r, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    double now = omp_get_wtime();
    fprintf(stderr, "%scsa run: %s (stage %.3f s, total %.3f s)\n",
            stderr_is_tty() ? "\r\033[K" : "", line, now - r->tstage, now - r->t0);
    r->tstage = now;
}

/* A bar on a terminal, redrawn by the master thread only; nothing under cron. */
static void progress(const char *stage, size_t done, size_t total)
{
    if (!stderr_is_tty() || omp_get_thread_num() != 0 || total == 0)
        return;
    int width = 40, fill = (int)(done * (size_t)width / total);
    fprintf(stderr, "\r\033[K%-9s [%.*s%*s] %zu/%zu", stage, fill,
            "########################################", width - fill, "", done, total);
}

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
            it->outcome = O_REJECTED;
        }
        size_t d;
#pragma omp atomic capture
        d = ++done;
        progress("validate", d, total);
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
            it->outcome = O_FAILED;
            snprintf(it->msg, sizeof it->msg, "%s", cerr->msg);
            continue;
        }
        if (load_submission(c, it->sub, &it->diags, it->e->name, it->e->mtime, &it->load,
                            &err) != CSA_OK) {
            it->outcome = O_FAILED;
            snprintf(it->msg, sizeof it->msg, "%s", err.msg);
            continue;
        }
        it->outcome = it->load.unchanged ? O_UNCHANGED : O_LOADED;
        fault_point("run-after-commit");
        /* the file leaves the inbox only now that its transaction has committed */
        if (inbox_move(it->e->path, r->cfg->archive, it->e->name, it->moved, sizeof it->moved,
                       &err) != CSA_OK) {
            it->outcome = O_FAILED;
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
            progress("load", d, nvalid);
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
    diags_format(&report, it->e->name, &it->diags);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.errors", r->cfg->quarantine, it->e->name);
    enum csa_rc rc = output_mkdir(r->cfg->quarantine, &err);
    if (rc == CSA_OK)
        rc = output_write(path, &report, NULL, &err);
    if (rc == CSA_OK)
        rc = inbox_move(it->e->path, r->cfg->quarantine, it->e->name, it->moved,
                        sizeof it->moved, &err);
    if (rc != CSA_OK) {
        it->outcome = O_FAILED;
        snprintf(it->msg, sizeof it->msg, "rejected, but %s", err.msg);
    }
    buf_free(&report);
}

/* ---- the ledger ----------------------------------------------------------------------- */

/* Records the run, and takes over the plan years of any earlier run that was killed before
 * it finished drafting them. */
static enum csa_rc ledger_start(struct run *r, struct csa_error *err)
{
    char jobs[16], id[32];
    snprintf(jobs, sizeof jobs, "%d", r->cfg->jobs);
    const char *p[3] = {r->cfg->reg->code, r->cfg->inbox, jobs};
    PGresult *res;
    enum csa_rc rc = db_query(r->conn,
                              "INSERT INTO csa.run (county, inbox, jobs) VALUES ($1, $2, $3)"
                              " RETURNING id",
                              3, p, &res, err);
    if (rc != CSA_OK)
        return rc;
    r->id = atoll(PQgetvalue(res, 0, 0));
    PQclear(res);
    snprintf(id, sizeof id, "%lld", r->id);
    const char *q[2] = {r->cfg->reg->code, id};
    rc = db_query(r->conn,
                  "UPDATE csa.run SET finished_at = clock_timestamp(), outcome = 'failed'"
                  " WHERE finished_at IS NULL AND county = $1 AND id <> $2::bigint"
                  " RETURNING array_to_string(years, ' ')",
                  2, q, &res, err);
    if (rc != CSA_OK)
        return rc;
    for (int i = 0; i < PQntuples(res); i++)
        for (char *y = PQgetvalue(res, i, 0); *y;) {
            char *end;
            long v = strtol(y, &end, 10);
            if (end == y)
                break;
            add_year(r, (int)v);
            y = end;
        }
    PQclear(res);
    return CSA_OK;
}

static void json_item(struct buf *b, const struct item *it)
{
    buf_putc(b, '{');
    json_kv(b, "name", it->e->name, 1);
    json_kv(b, "outcome", outcome_word[it->outcome], 0);
    if (it->outcome == O_LOADED || it->outcome == O_UNCHANGED)
        buf_printf(b, ",\"submission\":%lld", it->load.id);
    /* the lines csa printed and wrote into NAME.errors */
    struct buf msg = {0};
    diags_format(&msg, it->e->name, &it->diags);
    if (it->msg[0])
        buf_printf(&msg, "%s\n", it->msg);
    if (it->e->why)
        buf_printf(&msg, "%s\n", it->e->why);
    json_kv(b, "messages", buf_str(&msg), 0);
    json_kv(b, "moved_to", it->moved[0] ? it->moved : NULL, 0);
    buf_putc(b, '}');
    buf_free(&msg);
}

static enum csa_rc ledger_files(struct run *r, struct csa_error *err)
{
    struct buf b = {0};
    buf_putc(&b, '[');
    for (size_t i = 0; i < r->n; i++) {
        if (i)
            buf_putc(&b, ',');
        json_item(&b, &r->items[i]);
    }
    buf_putc(&b, ']');
    char id[32];
    snprintf(id, sizeof id, "%lld", r->id);
    const char *p[2] = {id, b.data};
    PGresult *res = NULL;
    enum csa_rc rc = db_query(
        r->conn,
        "INSERT INTO csa.run_file (run, name, content_sha256, outcome, submission, messages,"
        "                          moved_to)"
        "SELECT $1::bigint, x.name, s.content_sha256, x.outcome, x.submission, x.messages,"
        "       x.moved_to"
        "  FROM jsonb_to_recordset($2::jsonb) AS x(name text, outcome text, submission bigint,"
        "                                          messages text, moved_to text)"
        "  LEFT JOIN csa.submission s ON s.id = x.submission",
        2, p, &res, err);
    PQclear(res);
    buf_free(&b);
    return rc;
}

/* The plan years to draft: --year alone when given; else every year a file of this run
 * touched (unchanged ones too: a killed run may have loaded them without drafting), every
 * year of a killed run, and every year there is when the register itself changed. */
static enum csa_rc plan_years(struct run *r, int register_changed, struct csa_error *err)
{
    if (r->cfg->year) {
        r->nyears = 0;
        add_year(r, r->cfg->year);
        return CSA_OK;
    }
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].outcome == O_LOADED || r->items[i].outcome == O_UNCHANGED)
            add_year(r, r->items[i].year);
    if (!register_changed)
        return CSA_OK;
    const char *p[1] = {r->cfg->reg->code};
    PGresult *res;
    enum csa_rc rc = db_query(r->conn,
                              "SELECT DISTINCT plan_year FROM csa.submission"
                              " WHERE county = $1 AND is_current",
                              1, p, &res, err);
    for (int i = 0; rc == CSA_OK && i < PQntuples(res); i++)
        add_year(r, atoi(PQgetvalue(res, i, 0)));
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
    char id[32];
    snprintf(id, sizeof id, "%lld", r->id);
    const char *p[2] = {arr.data, id};
    PGresult *res = NULL;
    enum csa_rc rc = db_query(r->conn, "UPDATE csa.run SET years = $1::integer[]"
                                       " WHERE id = $2::bigint",
                              2, p, &res, err);
    PQclear(res);
    buf_free(&arr);
    return rc;
}

static enum csa_rc draft_all(struct run *r, int *written, struct csa_error *err)
{
    for (size_t i = 0; i < r->nyears; i++) {
        char dir[4200];
        snprintf(dir, sizeof dir, "%s/%d", r->cfg->out, r->years[i]);
        enum csa_rc rc = draft_year(r->conn, r->cfg->reg, r->years[i], r->cfg->date, dir,
                                    DRAFT_HTML | DRAFT_MD, NULL, written, err);
        if (rc != CSA_OK)
            return rc;
    }
    return CSA_OK;
}

/* Closes the run's ledger row; its counts are those of the csa.run_file rows already written. */
static enum csa_rc ledger_finish(struct run *r, struct csa_error *err)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", r->id);
    const char *outcome = r->env_failed ? "failed" : r->count[O_REJECTED] ? "rejections" : "done";
    const char *p[2] = {id, outcome};
    PGresult *res = NULL;
    enum csa_rc rc = db_query(
        r->conn,
        "UPDATE csa.run SET finished_at = clock_timestamp(), outcome = $2,"
        "       (seen, loaded, unchanged, rejected, waiting, skipped) ="
        "       (SELECT count(*),"
        "               count(*) FILTER (WHERE f.outcome = 'loaded'),"
        "               count(*) FILTER (WHERE f.outcome = 'unchanged'),"
        "               count(*) FILTER (WHERE f.outcome = 'rejected'),"
        "               count(*) FILTER (WHERE f.outcome = 'waiting'),"
        "               count(*) FILTER (WHERE f.outcome = 'skipped')"
        "          FROM csa.run_file f WHERE f.run = $1::bigint)"
        " WHERE id = $1::bigint",
        2, p, &res, err);
    PQclear(res);
    return rc;
}

/* ---- reporting ------------------------------------------------------------------------ */

static void report_item(const struct run *r, const struct item *it)
{
    const char *name = it->e->name;
    switch (it->outcome) {
    case O_LOADED:
    case O_UNCHANGED:
        load_print(stdout, name, it->sub, &it->load);
        diags_print(stderr, it->e->path, &it->diags);
        break;
    case O_REJECTED:
        diags_print(stderr, it->e->path, &it->diags);
        printf("rejected %s: %zu error%s, see %s/%s.errors\n", name, it->diags.errors,
               it->diags.errors == 1 ? "" : "s", r->cfg->quarantine, name);
        break;
    case O_FAILED:
        fprintf(stderr, "%s: error: %s\n", it->e->path, it->msg);
        printf("failed %s: %s\n", name, it->msg);
        break;
    default:
        printf("%s %s: %s\n", outcome_word[it->outcome], name, it->e->why);
    }
}

static void report(struct run *r, int written)
{
    for (size_t i = 0; i < r->n; i++)
        report_item(r, &r->items[i]);
    printf("run %lld: %zu file%s: %zu loaded, %zu unchanged, %zu rejected, %zu waiting, "
           "%zu skipped, %zu failed; drafted",
           r->id, r->n, r->n == 1 ? "" : "s", r->count[O_LOADED], r->count[O_UNCHANGED],
           r->count[O_REJECTED], r->count[O_WAITING], r->count[O_SKIPPED], r->count[O_FAILED]);
    for (size_t i = 0; i < r->nyears; i++)
        printf(" %d/%02d", r->years[i], (r->years[i] + 1) % 100);
    printf("%s into %s (%d file%s written)\n", r->nyears ? "" : " nothing", r->cfg->out, written,
           written == 1 ? "" : "s");
}

/* ---- the batch ------------------------------------------------------------------------ */

/* Connects, migrates, syncs the register and takes the run lock on r->conn. */
static int open_run(struct run *r, int *register_changed)
{
    struct csa_error err = {0};
    r->conn = db_connect(r->cfg->db, &err);
    enum csa_rc rc = r->conn ? CSA_OK : CSA_EENV;
    PGresult *res = NULL;
    /* a session lock: held until this connection closes, however the process ends */
    if (rc == CSA_OK)
        rc = db_query(r->conn, "SELECT pg_try_advisory_lock(hashtext('csa.run'))", 0, NULL, &res,
                      &err);
    if (rc == CSA_OK && PQgetvalue(res, 0, 0)[0] != 't') {
        PQclear(res);
        fprintf(stderr, "csa: another csa run holds the lock; nothing was done\n");
        return CSA_ELOCKED;
    }
    PQclear(res);
    if (rc == CSA_OK)
        rc = migrate_database(r->conn, NULL, &err);
    if (rc == CSA_OK)
        rc = db_sync_register(r->conn, r->cfg->reg, register_changed, &err);
    if (rc == CSA_OK)
        rc = ledger_start(r, &err);
    if (rc != CSA_OK)
        csa_error_print(stderr, &err);
    return rc;
}

static void tally(struct run *r)
{
    memset(r->count, 0, sizeof r->count);
    for (size_t i = 0; i < r->n; i++)
        r->count[r->items[i].outcome]++;
    r->env_failed |= r->count[O_FAILED] > 0;
}

/* The stages between the lock and the drafting; returns CSA_OK or CSA_EENV. */
static enum csa_rc process_inbox(struct run *r)
{
    struct csa_error err = {0};
    struct validator v;
    enum csa_rc rc = inbox_scan(r->cfg->inbox, r->cfg->settle, time(NULL), &r->entries, &r->n,
                                &err);
    if (rc == CSA_OK)
        rc = validator_init(&v, r->cfg->reg, &err);
    if (rc != CSA_OK) {
        csa_error_print(stderr, &err);
        return rc;
    }
    r->items = xcalloc(r->n + 1, sizeof *r->items);
    for (size_t i = 0; i < r->n; i++) {
        r->items[i].e = &r->entries[i];
        r->items[i].outcome = r->entries[i].kind == INBOX_WAITING   ? O_WAITING
                              : r->entries[i].kind == INBOX_SKIPPED ? O_SKIPPED
                                                                    : O_NONE;
    }
    tally(r);
    stage_line(r, "scan: %zu to check, %zu waiting, %zu skipped", r->count[O_NONE],
               r->count[O_WAITING], r->count[O_SKIPPED]);
    validate_all(r, &v);
    validator_free(&v);
    tally(r);
    stage_line(r, "validate: %zu valid, %zu rejected", r->count[O_NONE], r->count[O_REJECTED]);
    load_all(r);
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].outcome == O_REJECTED)
            quarantine(r, &r->items[i]);
    tally(r);
    /* after a bulk load, fresh statistics keep the counting queries' plans sane */
    if (r->count[O_LOADED] > 0 &&
        db_exec(r->conn, "ANALYZE csa.submission, csa.submission_priority, csa.submission_theme,"
                         " csa.crime_period, csa.crime_category", &err) != CSA_OK)
        csa_error_print(stderr, &err);
    stage_line(r, "load: %zu loaded, %zu unchanged, %zu quarantined, %zu failed",
               r->count[O_LOADED], r->count[O_UNCHANGED], r->count[O_REJECTED],
               r->count[O_FAILED]);
    rc = ledger_files(r, &err);
    if (rc != CSA_OK)
        csa_error_print(stderr, &err);
    return rc;
}

static void run_free(struct run *r)
{
    for (size_t i = 0; r->items && i < r->n; i++) {
        submission_free(r->items[i].sub);
        diags_free(&r->items[i].diags);
    }
    free(r->items);
    inbox_free(r->entries, r->n);
    PQfinish(r->conn);
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

int run_batch(const struct run_config *cfg)
{
    prepare_heap();
    struct run r = {.cfg = cfg, .t0 = omp_get_wtime()};
    r.tstage = r.t0;
    int register_changed = 0, written = 0;
    int rc = open_run(&r, &register_changed);
    if (rc == CSA_OK) {
        stage_line(&r, "open: run %lld, database ready, register %s", r.id,
                   register_changed ? "changed" : "unchanged");
        rc = process_inbox(&r);
    }
    struct csa_error err = {0};
    if (rc == CSA_OK && (rc = plan_years(&r, register_changed, &err)) == CSA_OK &&
        (rc = ledger_years(&r, &err)) == CSA_OK) {
        rc = draft_all(&r, &written, &err);
        stage_line(&r, "draft: %zu plan year%s, %d file%s written", r.nyears,
                   r.nyears == 1 ? "" : "s", written, written == 1 ? "" : "s");
    }
    if (rc == CSA_OK)
        rc = ledger_finish(&r, &err);
    if (rc != CSA_OK && err.msg[0])
        csa_error_print(stderr, &err);
    if (r.id)
        report(&r, written);
    if (rc == CSA_OK)
        rc = r.env_failed ? CSA_EENV : r.count[O_REJECTED] ? CSA_EINVALID : CSA_OK;
    run_free(&r);
    return rc;
}
