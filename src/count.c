/* count.c: reads one plan year's count from SQL into struct agreement (see count.h).
 *
 * The year's count table is worked out first, once (csa.count_json, jsonb), and handed back
 * to every reader built on it, which at national scale is most of a draft's database time.
 * The whole read is one pipeline (read_pipelined): one round trip, not one per reader.
 * Every read is one named SQL function with a fixed column list (sql/logic/50_agreement.sql), called
 * with the county's code and the plan year (and that count), and read by column name: a column the function
 * does not return is reported as a database error, never read as empty. Lists come back
 * joined with the ASCII unit separator (0x1F), a character XML 1.0 cannot carry, so no
 * submitted or register text can contain it. */
#include "csa/count.h"
#include "csa/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One row of a result, and the arena its copies go to. */
struct row {
    struct arena *arena;
    const PGresult *res;
    int i;
};

static struct strlist split_list(struct arena *a, const char *s)
{
    struct strlist l = {0};
    if (s == NULL || *s == '\0')
        return l;
    size_t n = 1;
    for (const char *p = s; *p; p++)
        n += *p == '\x1f';
    l.v = arena_alloc(a, n * sizeof *l.v);
    for (const char *p = s;;) {
        const char *e = strchr(p, '\x1f');
        if (e == NULL) {
            l.v[l.n++] = arena_strdup(a, p);
            break;
        }
        l.v[l.n++] = arena_strndup(a, p, (size_t)(e - p));
        p = e + 1;
    }
    return l;
}

/* The value of column `name` as SQL sent it, or NULL for SQL NULL. take_reader() has checked
 * that every column read exists. */
static const char *raw(const struct row *w, const char *name)
{
    return db_value(w->res, w->i, name);
}

/* Column `name` copied into the arena; NULL for SQL NULL. */
static const char *text(const struct row *w, const char *name)
{
    return arena_strdup(w->arena, raw(w, name));
}

static long long number(const struct row *w, const char *name)
{
    const char *v = raw(w, name);
    return v ? strtoll(v, NULL, 10) : 0;
}

static int yes(const struct row *w, const char *name)
{
    const char *v = raw(w, name);
    return v && v[0] == 't';
}

static struct strlist list(const struct row *w, const char *name)
{
    return split_list(w->arena, raw(w, name));
}

/* A reader's with_year when it takes the year's count too (csa.count_json). */
enum { WITH_COUNT = 2 };

/* One read: the SQL function (called with the county, and the plan year when with_year, and
 * the year's count too when it is WITH_COUNT), the columns it must return, and what to do
 * with each row. */
struct reader {
    const char *fn;
    int with_year;
    const char *const *cols; /* NULL-terminated */
    void (*put)(struct agreement *a, const struct row *w, int nrows);
};

/* Sends, in pipeline mode, `SELECT * FROM csa.fn($1[, $2[, count]])` with the county and,
 * when with_year, the plan year, and (with_year WITH_COUNT) the year's count as the
 * transaction's csa.count setting holds it (the opening put it there), so the count is not
 * sent again for every reader. 0: the connection failed. */
static int send_reader(PGconn *c, const struct agreement *a, const struct reader *rd)
{
    char sql[160], year[16];
    snprintf(sql, sizeof sql, "SELECT * FROM csa.%s($1%s%s)", rd->fn,
             rd->with_year ? ", $2::integer" : "",
             rd->with_year == WITH_COUNT ? ", current_setting('csa.count')::jsonb" : "");
    snprintf(year, sizeof year, "%d", a->year);
    const char *params[2] = {a->reg->code, year};
    return PQsendQueryParams(c, sql, rd->with_year ? 2 : 1, NULL, params, NULL, NULL, 0);
}

/* Reads r, rd's result, into a: checks that it has every column of rd->cols, then hands
 * each row to rd->put. */
static enum csa_rc take_reader(PGconn *c, struct agreement *a, const struct reader *rd,
                               const PGresult *r, struct csa_error *err)
{
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        return db_fail(c, r, "database error", err);
    for (const char *const *col = rd->cols; *col; col++)
        if (PQfnumber(r, *col) < 0)
            return csa_fail(err, CSA_EENV, NULL, 0,
                            "csa.%s returns no column \"%s\"; the database's functions do not "
                            "match this build of csa",
                            rd->fn, *col);
    for (struct row w = {&a->arena, r, 0}; w.i < PQntuples(r); w.i++)
        rd->put(a, &w, PQntuples(r));
    return CSA_OK;
}

/* Room in the agreement's arena for one element of `size` bytes per row (and one more, so an
 * empty result still gives a valid pointer). */
static void *rows_alloc(struct agreement *a, int nrows, size_t size)
{
    return arena_alloc(&a->arena, ((size_t)nrows + 1) * size);
}

/* csa.selection_rule: one row (none for a county the database does not know). */
static void put_rule(struct agreement *a, const struct row *w, int nrows)
{
    (void)nrows;
    a->rule.basis = text(w, "basis");
    a->rule.min_share = text(w, "min_share");
    a->rule.min_partnerships = (int)number(w, "min_partnerships");
    a->rule.threshold = text(w, "threshold");
    a->rule.at_least = yes(w, "at_least");
}

static void put_partnership(struct agreement *a, const struct row *w, int nrows)
{
    if (w->i == 0)
        a->partnerships = rows_alloc(a, nrows, sizeof *a->partnerships);
    struct agr_partnership *p = &a->partnerships[a->npartnerships++];
    p->code = text(w, "code");
    p->name = text(w, "name");
    p->submitted = yes(w, "submitted");
    p->districts = list(w, "districts");
    a->nsubmitted += p->submitted;
    a->ndistricts = (size_t)number(w, "ndistricts");
}

static void put_count(struct agreement *a, const struct row *w, int nrows)
{
    if (w->i == 0)
        a->counts = rows_alloc(a, nrows, sizeof *a->counts);
    struct agr_count *k = &a->counts[a->ncounts++];
    k->id = text(w, "priority");
    k->label = text(w, "label");
    k->title = text(w, "title");
    k->note = text(w, "note");
    k->folds_into = text(w, "folds_into");
    k->partnerships = (int)number(w, "partnerships");
    k->total_score = text(w, "total_score");
    k->selected = yes(w, "selected");
    k->basis = text(w, "basis");
    k->members = list(w, "members");
    k->leads = list(w, "leads");
}

/* csa.count_standing: every register priority; a count-table row takes its could_cross. */
static void put_standing(struct agreement *a, const struct row *w, int nrows)
{
    if (w->i == 0)
        a->standing = rows_alloc(a, nrows, sizeof *a->standing);
    struct agr_standing *t = &a->standing[a->nstanding++];
    t->id = text(w, "priority");
    t->label = text(w, "label");
    t->title = text(w, "title");
    t->partnerships = (int)number(w, "partnerships");
    t->could_cross = yes(w, "could_cross");
    t->needs = (int)number(w, "needs");
    t->selected = yes(w, "selected");
    t->listed = yes(w, "listed");
    a->provisional = yes(w, "provisional");
    for (size_t i = 0; i < a->ncounts; i++)
        if (a->counts[i].id && t->id && strcmp(a->counts[i].id, t->id) == 0)
            a->counts[i].could_cross = t->could_cross;
}

static void put_wording(struct agreement *a, const struct row *w, int nrows)
{
    if (w->i == 0)
        a->wordings = rows_alloc(a, nrows, sizeof *a->wordings);
    struct agr_wording *x = &a->wordings[a->nwordings++];
    x->partnership = text(w, "partnership");
    x->name = text(w, "name");
    x->wording = text(w, "wording");
    x->kind = text(w, "kind");
    x->labels = list(w, "labels");
    x->counted = yes(w, "counted");
}

static void put_addition(struct agreement *a, const struct row *w, int nrows)
{
    if (w->i == 0)
        a->additions = rows_alloc(a, nrows, sizeof *a->additions);
    struct agr_addition *x = &a->additions[a->nadditions++];
    x->priority = text(w, "priority");
    x->theme = text(w, "theme");
    x->title = text(w, "title");
    x->reason = text(w, "reason");
}

static void put_theme(struct agreement *a, const struct row *w, int nrows)
{
    if (w->i == 0)
        a->themes = rows_alloc(a, nrows, sizeof *a->themes);
    struct agr_theme *t = &a->themes[a->nthemes++];
    t->id = text(w, "theme");
    t->title = text(w, "title");
    t->from_addition = yes(w, "from_addition");
    t->partnerships = list(w, "partnerships");
    t->folded = list(w, "folded");
}

static void put_unmapped(struct agreement *a, const struct row *w, int nrows)
{
    if (w->i == 0)
        a->unmapped = rows_alloc(a, nrows, sizeof *a->unmapped);
    struct agr_unmapped *u = &a->unmapped[a->nunmapped++];
    u->partnership = text(w, "partnership");
    u->file = text(w, "file");
    u->line = (long)number(w, "line");
    u->cell = text(w, "cell");
    u->what = text(w, "what");
    u->wording = text(w, "wording");
    u->nsuggestions = status_suggest(a->reg, raw(w, "norm"), strcmp(u->what, "theme") == 0,
                                     u->suggestions);
}

static void put_evidence(struct agreement *a, const struct row *w, int nrows)
{
    if (w->i == 0)
        a->evidence = rows_alloc(a, nrows, sizeof *a->evidence);
    struct agr_evidence *e = &a->evidence[a->nevidence++];
    e->priority = text(w, "priority");
    e->category = text(w, "category");
    e->current = number(w, "current");
    e->previous = number(w, "previous");
    e->partnerships = (int)number(w, "partnerships");
    e->period_start = text(w, "period_start");
    e->period_end = text(w, "period_end");
    e->previous_start = text(w, "previous_start");
    e->previous_end = text(w, "previous_end");
}

static void put_draws_on(struct agreement *a, const struct row *w, int nrows)
{
    if (w->i == 0)
        a->draws_on = rows_alloc(a, nrows, sizeof *a->draws_on);
    struct agr_draws_on *x = &a->draws_on[a->ndraws_on++];
    x->priority = text(w, "priority");
    x->partnerships = (int)number(w, "partnerships");
    x->members = list(w, "members");
    x->submitted = (int)number(w, "submitted");
    x->in_force = (int)number(w, "in_force");
}

static void put_indicator(struct agreement *a, const struct row *w, int nrows)
{
    if (w->i == 0)
        a->indicators = rows_alloc(a, nrows, sizeof *a->indicators);
    struct agr_indicator *x = &a->indicators[a->nindicators++];
    x->priority = text(w, "priority");
    x->indicator = text(w, "indicator");
    x->unit = text(w, "unit");
    x->period_start = text(w, "period_start");
    x->period_end = text(w, "period_end");
    x->total = text(w, "total");
    x->partnerships = (int)number(w, "partnerships");
    x->submitted = (int)number(w, "submitted");
}

static void put_crime_tie(struct agreement *a, const struct row *w, int nrows)
{
    if (w->i == 0)
        a->crime_ties = rows_alloc(a, nrows, sizeof *a->crime_ties);
    struct agr_crime_tie *x = &a->crime_ties[a->ncrime_ties++];
    x->priority = text(w, "priority");
    x->crime_type = text(w, "crime_type");
    x->submitted_category = text(w, "submitted_category");
}

/* The county's police.uk crime table for the twelve months to the latest month loaded
 * before the plan year starts (April of the year); the period and source are on every row. */
static void put_crime(struct agreement *a, const struct row *w, int nrows)
{
    if (w->i == 0) {
        a->crime = rows_alloc(a, nrows, sizeof *a->crime);
        a->crime_end = text(w, "period_end");
        a->crime_forces = text(w, "forces");
        a->crime_months = (int)number(w, "months");
    }
    struct agr_crime *k = &a->crime[a->ncrime++];
    k->category = text(w, "category");
    k->level = (int)number(w, "level");
    k->current = number(w, "current");
    k->previous = number(w, "previous");
}

/* The newest sign-off date of the year's current submissions: a date that depends only on
 * the data, so a rerun gives the same document. */
static void put_date(struct agreement *a, const struct row *w, int nrows)
{
    (void)nrows;
    a->date = text(w, "agreement_date");
}

static const char *const rule_cols[] = {"basis", "min_share", "min_partnerships", "threshold",
                                        "at_least", NULL};
static const char *const partnership_cols[] = {"code", "name", "submitted", "districts",
                                               "ndistricts", NULL};
static const char *const count_cols[] = {"priority", "label", "title", "note", "folds_into",
                                         "partnerships", "total_score", "selected", "basis",
                                         "members", "leads", NULL};
static const char *const standing_cols[] = {"priority", "label", "title", "partnerships",
                                            "could_cross", "needs", "selected", "listed",
                                            "provisional", NULL};
static const char *const wording_cols[] = {"partnership", "name", "wording", "kind", "labels",
                                           "counted", NULL};
static const char *const addition_cols[] = {"priority", "theme", "title", "reason", NULL};
static const char *const theme_cols[] = {"theme", "title", "from_addition", "partnerships",
                                         "folded", NULL};
static const char *const unmapped_cols[] = {"partnership", "file", "line", "what", "wording",
                                            "norm", "cell", NULL};
static const char *const evidence_cols[] = {"priority",     "category",       "current",
                                            "previous",     "partnerships",   "period_start",
                                            "period_end",   "previous_start", "previous_end",
                                            NULL};
static const char *const draws_on_cols[] = {"priority", "partnerships", "members", "submitted",
                                            "in_force", NULL};
static const char *const indicator_cols[] = {"priority",   "indicator", "unit",
                                             "period_start", "period_end", "total",
                                             "partnerships", "submitted", NULL};
static const char *const crime_tie_cols[] = {"priority", "crime_type", "submitted_category",
                                             NULL};
static const char *const crime_cols[] = {"category", "level", "current", "previous",
                                         "period_end", "forces", "months", NULL};
static const char *const date_cols[] = {"agreement_date", NULL};

/* What `csa counts` needs (COUNT_TABLE), in order; COUNT_AGREEMENT reads agreement_readers
 * after these. */
static const struct reader table_readers[] = {
    {"agreement_partnerships", 1, partnership_cols, put_partnership},
    {"selection_rule", 1, rule_cols, put_rule},
    {"agreement_counts", WITH_COUNT, count_cols, put_count},
    {"agreement_standing", WITH_COUNT, standing_cols, put_standing}, /* after the counts it marks */
    {"agreement_unmapped", 1, unmapped_cols, put_unmapped},
};
static const struct reader agreement_readers[] = {
    {"agreement_additions", 1, addition_cols, put_addition},
    {"agreement_themes", WITH_COUNT, theme_cols, put_theme},
    {"agreement_partnership_priorities", 1, wording_cols, put_wording},
    {"evidence_table_of", WITH_COUNT, evidence_cols, put_evidence},
    {"agreement_draws_on", 1, draws_on_cols, put_draws_on},
    {"agreement_indicators", 1, indicator_cols, put_indicator},
    {"agreement_crime_ties", 1, crime_tie_cols, put_crime_tie},
    {"agreement_crime", 1, crime_cols, put_crime},
};
static const struct reader date_reader = {"agreement_date", 1, date_cols, put_date};

#define NREADERS(v) (sizeof(v) / sizeof *(v))

/* What a read sends before its readers: one snapshot, so the parts agree even while a load
 * commits. A year's rows are reached by a few hundred index probes into tables the server
 * holds in memory; at the default random_page_cost (4, a spinning disk's) the planner scans
 * every year's wordings instead, a quarter of a national draft's time. Then the year's count
 * (csa.count_json), worked out once, kept in the transaction's csa.count setting for every
 * reader that needs it (the costliest thing a draft asks of the database), and returned. */
static const char *const opening[] = {
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    "SET LOCAL random_page_cost = 1.1",
    "SELECT set_config('csa.count', csa.count_json($1, $2::integer)::text, true) AS count_json",
};
enum { NOPENING = NREADERS(opening) };

/* Reads the answer to the i-th statement read_pipelined sent. */
static enum csa_rc take(PGconn *c, struct agreement *a, const struct reader *const *rds,
                        size_t i, const PGresult *r, struct csa_error *err)
{
    if (i >= NOPENING)
        return take_reader(c, a, rds[i - NOPENING], r, err);
    ExecStatusType want = i + 1 < NOPENING ? PGRES_COMMAND_OK : PGRES_TUPLES_OK;
    if (PQresultStatus(r) != want)
        return db_fail(c, r, "database error", err);
    if (i + 1 == NOPENING)
        a->count_json = arena_strdup(&a->arena, db_value(r, 0, "count_json"));
    return CSA_OK;
}

/* Opens the read's transaction, works the count out and runs the n readers rds, all in one
 * pipeline (libpq's pipeline mode): the server runs each statement while the client reads
 * the one before, with no round trip between them. The transaction is left open (the
 * caller ends it); after a failure it is aborted. */
static enum csa_rc read_pipelined(PGconn *c, struct agreement *a,
                                  const struct reader *const *rds, size_t n,
                                  struct csa_error *err)
{
    char year[16];
    snprintf(year, sizeof year, "%d", a->year);
    const char *params[2] = {a->reg->code, year};
    int ok = PQenterPipelineMode(c) == 1;
    size_t sent = 0;
    for (; ok && sent < NOPENING + n; sent++)
        ok = sent >= NOPENING ? send_reader(c, a, rds[sent - NOPENING])
                              : PQsendQueryParams(c, opening[sent], sent + 1 == NOPENING ? 2 : 0,
                                                  NULL, params, NULL, NULL, 0);
    ok = ok && PQpipelineSync(c);
    if (!ok) /* the connection failed: nothing to read */
        return db_fail(c, NULL, "database error", err);
    enum csa_rc rc = CSA_OK;
    for (size_t i = 0; i < sent; i++) {
        PGresult *r = db_pipeline_result(c);
        if (r == NULL)
            return db_fail(c, NULL, "database error", err);
        if (rc == CSA_OK) /* after a failure the rest come back aborted */
            rc = take(c, a, rds, i, r, err);
        PQclear(r);
    }
    if (!db_pipeline_sync(c) || PQexitPipelineMode(c) != 1)
        return rc != CSA_OK ? rc : db_fail(c, NULL, "database error", err);
    return rc;
}

enum csa_rc count_year(PGconn *c, const struct csa_register *reg, int year, const char *date,
                       enum count_scope scope, struct agreement *a, struct csa_error *err)
{
    memset(a, 0, sizeof *a);
    a->reg = reg;
    a->year = year;
    a->date = arena_strdup(&a->arena, date);
    const struct reader *rds[NREADERS(table_readers) + NREADERS(agreement_readers) + 1];
    size_t n = 0;
    for (size_t i = 0; i < NREADERS(table_readers); i++)
        rds[n++] = &table_readers[i];
    if (scope == COUNT_AGREEMENT) {
        for (size_t i = 0; i < NREADERS(agreement_readers); i++)
            rds[n++] = &agreement_readers[i];
        if (a->date == NULL)
            rds[n++] = &date_reader;
    }
    enum csa_rc rc = read_pipelined(c, a, rds, n, err);
    PQclear(PQexec(c, "COMMIT"));
    if (rc != CSA_OK)
        agreement_free(a);
    return rc;
}

void agreement_free(struct agreement *a)
{
    arena_free(&a->arena);
    memset(a, 0, sizeof *a);
}
