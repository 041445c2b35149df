/* status.c: the submission status of one plan year, read into a struct status (see
 * status.h). The facts come from the functions of sql/logic/20_status.sql, read by column
 * name; only the suggestions are computed here, from the register. Nothing
 * here prints: status_render.c turns the struct into text or JSON. */
#include "csa/status.h"
#include "csa/db.h"
#include "csa/normalize.h"

#include <stdlib.h>
#include <string.h>

#define SUGGEST_THRESHOLD 0.25

/* Inserts a candidate into out (best first, at most SUGGEST_MAX kept). */
static void consider(struct suggestion out[SUGGEST_MAX], size_t *n, const char *id,
                     const char *label, double score)
{
    if (score < SUGGEST_THRESHOLD)
        return;
    size_t at = *n;
    while (at > 0 && out[at - 1].score < score)
        at--;
    if (at >= SUGGEST_MAX)
        return;
    size_t moved = (*n < SUGGEST_MAX ? *n : SUGGEST_MAX - 1) - at;
    memmove(&out[at + 1], &out[at], moved * sizeof *out);
    out[at] = (struct suggestion){.id = id, .label = label, .score = score};
    if (*n < SUGGEST_MAX)
        (*n)++;
}

static double best_of(const char *norm, const char *const *extra, size_t nextra,
                      const struct reg_strings *aliases)
{
    double best = 0;
    for (size_t i = 0; i < nextra + aliases->n; i++) {
        const char *t = i < nextra ? extra[i] : aliases->v[i - nextra];
        if (t == NULL)
            continue;
        char *n = normalize_wording(t);
        double s = normalize_similarity(norm, n);
        free(n);
        if (s > best)
            best = s;
    }
    return best;
}

size_t status_suggest(const struct csa_register *r, const char *norm, int theme,
                      struct suggestion out[SUGGEST_MAX])
{
    size_t n = 0;
    if (theme) {
        for (size_t i = 0; i < r->nthemes; i++) {
            const struct reg_theme *t = &r->themes[i];
            const char *extra[1] = {t->title};
            consider(out, &n, t->id, t->title, best_of(norm, extra, 1, &t->aliases));
        }
    } else {
        for (size_t i = 0; i < r->npriorities; i++) {
            const struct reg_priority *p = &r->priorities[i];
            const char *extra[2] = {p->label, p->title};
            consider(out, &n, p->id, p->label, best_of(norm, extra, 2, &p->aliases));
        }
    }
    return n;
}

/* The value of column name in row i, copied into st's arena; NULL when it is NULL. */
static const char *text_at(struct status *st, const PGresult *res, int i, const char *name)
{
    return arena_strdup(&st->mem, db_value(res, i, name));
}

static long long number_at(const PGresult *res, int i, const char *name)
{
    const char *v = db_value(res, i, name);
    return v ? strtoll(v, NULL, 10) : 0;
}

/* Room in st's arena for the rows of res, each size bytes (and one more, so that no rows
 * still gives a valid pointer). */
static void *rows_alloc(struct status *st, const PGresult *res, size_t size)
{
    return arena_alloc(&st->mem, ((size_t)PQntuples(res) + 1) * size);
}

/* Runs "SELECT * FROM csa.FN(...)" with the county (and the plan year when y is not 0). */
static enum csa_rc query(PGconn *c, const struct csa_register *r, int y, const char *sql,
                         PGresult **res, struct csa_error *err)
{
    if (y)
        return db_query_year(c, r->code, y, sql, res, err);
    const char *p[1] = {r->code};
    return db_query(c, sql, 1, p, res, err);
}

/* What one read does with row i of its result. */
typedef void put_row(struct status *st, const struct csa_register *r, const PGresult *res, int i);

/* Runs sql (see query) and hands each row of its result to put. */
static enum csa_rc read_rows(PGconn *c, const struct csa_register *r, int y, const char *sql,
                             put_row *put, struct status *st, struct csa_error *err)
{
    PGresult *res;
    enum csa_rc rc = query(c, r, y, sql, &res, err);
    if (rc != CSA_OK)
        return rc;
    for (int i = 0; i < PQntuples(res); i++)
        put(st, r, res, i);
    PQclear(res);
    return CSA_OK;
}

static void put_partnership(struct status *st, const struct csa_register *r,
                            const PGresult *res, int i)
{
    (void)r;
    if (i == 0)
        st->partnerships = rows_alloc(st, res, sizeof *st->partnerships);
    struct status_partnership *p = &st->partnerships[st->npartnerships++];
    p->code = text_at(st, res, i, "code");
    p->name = text_at(st, res, i, "name");
    p->version = (int)number_at(res, i, "version");
    p->submitted = text_at(st, res, i, "submitted");
    p->source_name = text_at(st, res, i, "source_name");
    p->loaded_by = text_at(st, res, i, "loaded_by");
    p->origin = text_at(st, res, i, "origin");
    p->warnings = (long)number_at(res, i, "warnings");
}

static void put_summary(struct status *st, const struct csa_register *r, const PGresult *res,
                        int i)
{
    (void)r;
    st->in_force = (size_t)number_at(res, i, "in_force");
    st->submitted = (size_t)number_at(res, i, "submitted");
    st->sees_all = db_value(res, i, "sees_all")[0] == 't';
}

static void put_warning(struct status *st, const struct csa_register *r, const PGresult *res,
                        int i)
{
    (void)r;
    if (i == 0)
        st->warnings = rows_alloc(st, res, sizeof *st->warnings);
    struct status_warning *w = &st->warnings[st->nwarnings++];
    w->source_name = text_at(st, res, i, "source_name");
    w->line = (long)number_at(res, i, "line");
    w->cell = text_at(st, res, i, "cell");
    w->message = text_at(st, res, i, "message");
}

static void put_unmapped(struct status *st, const struct csa_register *r, const PGresult *res,
                         int i)
{
    if (i == 0)
        st->unmapped = rows_alloc(st, res, sizeof *st->unmapped);
    struct status_unmapped *u = &st->unmapped[st->nunmapped++];
    u->source_name = text_at(st, res, i, "source_name");
    u->line = (long)number_at(res, i, "line");
    u->cell = text_at(st, res, i, "cell");
    u->theme = strcmp(PQgetvalue(res, i, PQfnumber(res, "what")), "theme") == 0;
    u->kind = u->theme ? NULL : text_at(st, res, i, "kind");
    u->wording = text_at(st, res, i, "wording");
    u->nsuggestions = status_suggest(r, PQgetvalue(res, i, PQfnumber(res, "norm")), u->theme,
                                     u->suggestions);
}

/* The last nightly runs (at most STATUS_RUNS of them). */
static void put_run(struct status *st, const struct csa_register *r, const PGresult *res, int i)
{
    (void)r;
    if (st->nruns == STATUS_RUNS)
        return;
    struct status_run *u = &st->runs[st->nruns++];
    u->id = number_at(res, i, "id");
    u->started_at = text_at(st, res, i, "started_at");
    u->outcome = text_at(st, res, i, "outcome");
    u->seen = (long)number_at(res, i, "seen");
    u->loaded = (long)number_at(res, i, "loaded");
    u->unchanged = (long)number_at(res, i, "unchanged");
    u->rejected = (long)number_at(res, i, "rejected");
    u->waiting = (long)number_at(res, i, "waiting");
    u->skipped = (long)number_at(res, i, "skipped");
}

/* The files of the last run that did not load. */
static void put_run_file(struct status *st, const struct csa_register *r, const PGresult *res,
                         int i)
{
    (void)r;
    if (i == 0)
        st->run_files = rows_alloc(st, res, sizeof *st->run_files);
    struct status_run_file *f = &st->run_files[st->nrun_files++];
    f->name = text_at(st, res, i, "name");
    f->outcome = text_at(st, res, i, "outcome");
    f->moved_to = text_at(st, res, i, "moved_to");
}

enum csa_rc status_read(PGconn *c, const struct csa_register *r, int y, struct status *st,
                        struct csa_error *err)
{
    memset(st, 0, sizeof *st);
    st->county = r->name;
    st->year = y;
    /* one snapshot, so the counts and the lists agree with each other */
    enum csa_rc rc = db_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
    if (rc == CSA_OK)
        rc = read_rows(c, r, y, "SELECT * FROM csa.status_summary($1, $2::integer)",
                       put_summary, st, err);
    if (rc == CSA_OK)
        rc = read_rows(c, r, y, "SELECT * FROM csa.status_partnerships($1, $2::integer)",
                       put_partnership, st, err);
    if (rc == CSA_OK)
        rc = read_rows(c, r, y, "SELECT * FROM csa.status_warnings($1, $2::integer)",
                       put_warning, st, err);
    if (rc == CSA_OK)
        rc = read_rows(c, r, y, "SELECT * FROM csa.status_unmapped($1, $2::integer)",
                       put_unmapped, st, err);
    if (rc == CSA_OK)
        rc = read_rows(c, r, 0, "SELECT * FROM csa.status_runs($1, 3)" /* STATUS_RUNS */,
                       put_run, st, err);
    if (rc == CSA_OK)
        rc = read_rows(c, r, 0, "SELECT * FROM csa.status_last_run_problems($1)", put_run_file,
                       st, err);
    if (rc == CSA_OK)
        rc = db_exec(c, "COMMIT", err);
    if (rc != CSA_OK) {
        PQclear(PQexec(c, "ROLLBACK"));
        status_free(st);
    }
    return rc;
}

void status_free(struct status *st)
{
    arena_free(&st->mem);
    memset(st, 0, sizeof *st);
}
