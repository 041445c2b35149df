/* run_load.c: the load stage of `csa run` (run.h): the valid files, grouped by partnership
 * and plan year and ordered oldest version first, are loaded by the workers, a batch at a
 * time, each on its own connection.
 *
 * A batch goes to the database in one round trip (libpq's pipeline mode, load_batch): each
 * file its own transaction, committed without waiting for its WAL flush; then one synchronous
 * commit that writes WAL (run_ledger_durable: the run's counts) flushes them all. Only after
 * that commit is acknowledged does any file of the batch get its receipt or leave the inbox,
 * so a file leaves only once its data is durable:
 * a client killed or a database crashed before it leaves every file of the batch in the
 * inbox (processing), and the next run takes it again (as "unchanged" when its load survived).
 * The batch's ledger rows follow in one more round trip, committed asynchronously too: the
 * next synchronous commit (the next batch's, or the run's close) makes them durable. */
#include "csa/db.h"
#include "csa/fault.h"
#include "csa/fsio.h"
#include "csa/inbox.h"
#include "csa/load.h"
#include "run_state.h"

#include <omp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Files a worker sends in one pipeline: enough to hide the round trips and the flush, few
 * enough that the two workers share the last ones out evenly. */
#define RUN_BATCH_FILES 32

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

char *run_filed_in(const char *top, const struct item *it)
{
    return it->e->folder ? fsio_join(top, it->e->folder) : xstrdup(top);
}

/* A file the batch could not store: it goes back to the inbox, why in its message. */
static void load_failed(struct item *it, const char *why)
{
    it->outcome = RUN_FAILED;
    it->env = 1;
    snprintf(it->msg, sizeof it->msg, "%s", why);
}

/* Archives a loaded file: its receipt first (a run killed between the two writes it again),
 * then the move, of the very file that was read. */
static void archive(struct run *r, struct item *it)
{
    struct csa_error err = {0};
    run_file_receipt(r, it);
    char *dir = run_filed_in(r->cfg->archive, it);
    enum csa_rc moved = inbox_move_to(it->e->path, dir, it->e->name, &it->st, &it->moved, &err);
    free(dir);
    if (moved != CSA_OK) {
        it->outcome = RUN_FAILED;
        it->env = 1;
        snprintf(it->msg, sizeof it->msg, "loaded, but %s", err.msg);
    }
}

/* Loads the n files idx (whole plan years, oldest version first) on connection c, archives
 * each one stored and writes the ledger rows. When the database is lost every file of the
 * batch stays pending, to go back to the inbox: none of them has moved. */
static void load_files(struct run *r, PGconn *c, const size_t *idx, size_t n)
{
    struct load_job *jobs = xcalloc(n + 1, sizeof *jobs);
    struct item **ended = xcalloc(n + 1, sizeof *ended);
    for (size_t k = 0; k < n; k++) {
        const struct item *it = &r->items[idx[k]];
        jobs[k] = (struct load_job){.s = it->sub, .warnings = &it->diags,
                                    .source_name = it->e->name, .mtime = it->e->mtime,
                                    .origin = it->origin};
    }
    struct csa_error err = {0};
    enum csa_rc rc = load_batch(c, jobs, n, &err);
    if (rc == CSA_OK) {
        int loaded = 0, unchanged = 0;
        for (size_t k = 0; k < n; k++) {
            loaded += jobs[k].rc == CSA_OK && !jobs[k].res.unchanged;
            unchanged += jobs[k].rc == CSA_OK && jobs[k].res.unchanged;
        }
        fault_point("load-before-durable");
        rc = run_ledger_durable(c, r->id, loaded, unchanged, &err);
    }
    if (rc != CSA_OK && run_ledger_lost(c)) {
        run_lose(r, c);
    } else if (rc != CSA_OK) { /* stored perhaps, durable not known: taken again next time */
        for (size_t k = 0; k < n; k++) {
            ended[k] = &r->items[idx[k]];
            load_failed(ended[k], err.msg);
        }
    } else {
        /* every file of the batch that was stored is durable now */
        fault_point("run-after-commit");
        for (size_t k = 0; k < n; k++) {
            struct item *it = ended[k] = &r->items[idx[k]];
            if (jobs[k].rc != CSA_OK) {
                load_failed(it, jobs[k].err.msg);
                continue;
            }
            it->load = jobs[k].res;
            it->outcome = it->load.unchanged ? RUN_UNCHANGED : RUN_LOADED;
            archive(r, it);
        }
    }
    if (rc == CSA_OK || !run_ledger_lost(c))
        run_files_ledger(r, c, ended, n);
    free(ended);
    free(jobs);
}

/* Connects a worker: none when CSA_FAULT=run-worker-connect:fail asks every worker but the
 * first to fail, as a server at max_connections would make them. */
static PGconn *worker_connect(const struct run *r, struct csa_error *err)
{
    if (omp_get_thread_num() > 0 && fault_fails("run-worker-connect")) {
        csa_fail(err, CSA_EENV, NULL, 0,
                 "could not connect to the database: too many clients already (injected by "
                 "CSA_FAULT)");
        return NULL;
    }
    return db_connect(r->cfg->db, err);
}

void run_load_all(struct run *r)
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
    int jobs = r->cfg->jobs, failed = 0;
    atomic_size_t next = 0;
    struct csa_error first = {0};
    if ((size_t)jobs > ngroups)
        jobs = ngroups > 0 ? (int)ngroups : 1;
#pragma omp parallel num_threads(jobs)
    {
        struct csa_error cerr = {0};
        PGconn *c = ngroups ? worker_connect(r, &cerr) : NULL;
        if (ngroups && c == NULL) {
#pragma omp critical(run_connect)
            if (failed++ == 0)
                first = cerr;
        }
        /* a worker without a connection takes no files: the others take them all */
        size_t *batch = xmalloc((nvalid + 1) * sizeof *batch);
        for (size_t nb = 1; c && nb > 0 && !atomic_load(&r->lost);) {
            /* whole plan years, oldest version first, until the batch is full */
            nb = 0;
            for (size_t g; nb < RUN_BATCH_FILES && (g = atomic_fetch_add(&next, 1)) < ngroups;)
                for (size_t k = start[g]; k < start[g + 1]; k++)
                    batch[nb++] = order[k];
            if (nb == 0)
                break;
            load_files(r, c, batch, nb);
            size_t d;
#pragma omp atomic capture
            d = done += nb;
            progress_bar(&r->progress, "load", d, nvalid);
        }
        free(batch);
        PQfinish(c);
    }
    if (failed > 0) {
        r->env_failed = 1;
        struct buf msg = {0};
        buf_printf(&msg, "%d of %d workers could not connect to the database (%s)%s", failed,
                   jobs, first.msg, failed < jobs ? "; the others took their files" : "");
        if (failed == jobs) /* nobody loaded anything: the files go back to the inbox */
            csa_fail(&r->lost_err, CSA_EENV, NULL, 0, "%s; every file is left in the inbox",
                     buf_str(&msg)), atomic_store(&r->lost, 1);
        else
            run_note(r, buf_str(&msg));
        buf_free(&msg);
    }
    free(start);
    free(order);
}

