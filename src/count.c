/* count.c: reads one plan year's count from SQL into struct agreement (see count.h).
 *
 * Every read is one named SQL function with a fixed column list (sql/010_render.sql), called
 * with the county's code and the plan year, and read by column name: a column the function
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

/* The value of column `name` as SQL sent it, or NULL for SQL NULL. fetch() has checked that
 * every column read exists. */
static const char *raw(const struct row *w, const char *name)
{
    int c = PQfnumber(w->res, name);
    return PQgetisnull(w->res, w->i, c) ? NULL : PQgetvalue(w->res, w->i, c);
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

/* Runs `SELECT * FROM csa.fn($1[, $2])` with the county and, when with_year, the plan year,
 * and checks that the result has every column of cols (NULL-terminated). On success *res is
 * the caller's (PQclear). */
static enum csa_rc fetch(PGconn *c, const struct agreement *a, const char *fn, int with_year,
                         const char *const *cols, PGresult **res, struct csa_error *err)
{
    char sql[128], year[16];
    snprintf(sql, sizeof sql, "SELECT * FROM csa.%s($1%s)", fn, with_year ? ", $2::integer" : "");
    snprintf(year, sizeof year, "%d", a->year);
    const char *params[2] = {a->reg->code, year};
    enum csa_rc rc = db_query(c, sql, with_year ? 2 : 1, params, res, err);
    if (rc != CSA_OK)
        return rc;
    for (; *cols; cols++)
        if (PQfnumber(*res, *cols) < 0) {
            PQclear(*res);
            *res = NULL;
            return csa_fail(err, CSA_EENV, NULL, 0,
                            "csa.%s returns no column \"%s\"; the database's functions do not "
                            "match this build of csa",
                            fn, *cols);
        }
    return CSA_OK;
}

/* Room in the agreement's arena for one element of `size` bytes per row of r (and one more,
 * so an empty result still gives a valid pointer). */
static void *rows_alloc(struct agreement *a, const PGresult *r, size_t size)
{
    return arena_alloc(&a->arena, ((size_t)PQntuples(r) + 1) * size);
}

static enum csa_rc read_rule(PGconn *c, struct agreement *a, struct csa_error *err)
{
    static const char *const cols[] = {"basis", "min_share", "min_partnerships", "threshold",
                                       "at_least", NULL};
    PGresult *r;
    enum csa_rc rc = fetch(c, a, "selection_rule", 1, cols, &r, err);
    if (rc != CSA_OK)
        return rc;
    if (PQntuples(r) == 1) {
        struct row w = {&a->arena, r, 0};
        a->rule.basis = text(&w, "basis");
        a->rule.min_share = text(&w, "min_share");
        a->rule.min_partnerships = (int)number(&w, "min_partnerships");
        a->rule.threshold = text(&w, "threshold");
        a->rule.at_least = yes(&w, "at_least");
    }
    PQclear(r);
    return CSA_OK;
}

static enum csa_rc read_partnerships(PGconn *c, struct agreement *a, struct csa_error *err)
{
    static const char *const cols[] = {"code", "name", "submitted", "districts", "ndistricts",
                                       NULL};
    PGresult *r;
    enum csa_rc rc = fetch(c, a, "agreement_partnerships", 1, cols, &r, err);
    if (rc != CSA_OK)
        return rc;
    a->partnerships = rows_alloc(a, r, sizeof *a->partnerships);
    for (struct row w = {&a->arena, r, 0}; w.i < PQntuples(r); w.i++) {
        struct agr_partnership *p = &a->partnerships[a->npartnerships++];
        p->code = text(&w, "code");
        p->name = text(&w, "name");
        p->submitted = yes(&w, "submitted");
        p->districts = list(&w, "districts");
        a->nsubmitted += p->submitted;
        a->ndistricts = (size_t)number(&w, "ndistricts");
    }
    PQclear(r);
    return CSA_OK;
}

static enum csa_rc read_counts(PGconn *c, struct agreement *a, struct csa_error *err)
{
    static const char *const cols[] = {"priority", "label",       "title",    "note",
                                       "folds_into", "partnerships", "total_score", "selected",
                                       "basis",    "members",     "leads",    NULL};
    PGresult *r;
    enum csa_rc rc = fetch(c, a, "agreement_counts", 1, cols, &r, err);
    if (rc != CSA_OK)
        return rc;
    a->counts = rows_alloc(a, r, sizeof *a->counts);
    for (struct row w = {&a->arena, r, 0}; w.i < PQntuples(r); w.i++) {
        struct agr_count *k = &a->counts[a->ncounts++];
        k->id = text(&w, "priority");
        k->label = text(&w, "label");
        k->title = text(&w, "title");
        k->note = text(&w, "note");
        k->folds_into = text(&w, "folds_into");
        k->partnerships = (int)number(&w, "partnerships");
        k->total_score = text(&w, "total_score");
        k->selected = yes(&w, "selected");
        k->basis = text(&w, "basis");
        k->members = list(&w, "members");
        k->leads = list(&w, "leads");
    }
    PQclear(r);
    return CSA_OK;
}

static enum csa_rc read_additions(PGconn *c, struct agreement *a, struct csa_error *err)
{
    static const char *const cols[] = {"priority", "theme", "title", "reason", NULL};
    PGresult *r;
    enum csa_rc rc = fetch(c, a, "agreement_additions", 0, cols, &r, err);
    if (rc != CSA_OK)
        return rc;
    a->additions = rows_alloc(a, r, sizeof *a->additions);
    for (struct row w = {&a->arena, r, 0}; w.i < PQntuples(r); w.i++) {
        struct agr_addition *x = &a->additions[a->nadditions++];
        x->priority = text(&w, "priority");
        x->theme = text(&w, "theme");
        x->title = text(&w, "title");
        x->reason = text(&w, "reason");
    }
    PQclear(r);
    return CSA_OK;
}

static enum csa_rc read_themes(PGconn *c, struct agreement *a, struct csa_error *err)
{
    static const char *const cols[] = {"theme", "title", "from_addition", "partnerships",
                                       "folded", NULL};
    PGresult *r;
    enum csa_rc rc = fetch(c, a, "agreement_themes", 1, cols, &r, err);
    if (rc != CSA_OK)
        return rc;
    a->themes = rows_alloc(a, r, sizeof *a->themes);
    for (struct row w = {&a->arena, r, 0}; w.i < PQntuples(r); w.i++) {
        struct agr_theme *t = &a->themes[a->nthemes++];
        t->id = text(&w, "theme");
        t->title = text(&w, "title");
        t->from_addition = yes(&w, "from_addition");
        t->partnerships = list(&w, "partnerships");
        t->folded = list(&w, "folded");
    }
    PQclear(r);
    return CSA_OK;
}

static enum csa_rc read_unmapped(PGconn *c, struct agreement *a, struct csa_error *err)
{
    static const char *const cols[] = {"partnership", "file", "line", "what", "wording", "norm",
                                       NULL};
    PGresult *r;
    enum csa_rc rc = fetch(c, a, "agreement_unmapped", 1, cols, &r, err);
    if (rc != CSA_OK)
        return rc;
    a->unmapped = rows_alloc(a, r, sizeof *a->unmapped);
    for (struct row w = {&a->arena, r, 0}; w.i < PQntuples(r); w.i++) {
        struct agr_unmapped *u = &a->unmapped[a->nunmapped++];
        u->partnership = text(&w, "partnership");
        u->file = text(&w, "file");
        u->line = (long)number(&w, "line");
        u->what = text(&w, "what");
        u->wording = text(&w, "wording");
        u->nsuggestions = status_suggest(a->reg, raw(&w, "norm"),
                                         strcmp(u->what, "theme") == 0, u->suggestions);
    }
    PQclear(r);
    return CSA_OK;
}

static enum csa_rc read_evidence(PGconn *c, struct agreement *a, struct csa_error *err)
{
    static const char *const cols[] = {"priority", "category", "current", "previous",
                                       "partnerships", "period_start", "period_end", NULL};
    PGresult *r;
    enum csa_rc rc = fetch(c, a, "evidence_table", 1, cols, &r, err);
    if (rc != CSA_OK)
        return rc;
    a->evidence = rows_alloc(a, r, sizeof *a->evidence);
    for (struct row w = {&a->arena, r, 0}; w.i < PQntuples(r); w.i++) {
        struct agr_evidence *e = &a->evidence[a->nevidence++];
        e->priority = text(&w, "priority");
        e->category = text(&w, "category");
        e->current = number(&w, "current");
        e->previous = number(&w, "previous");
        e->partnerships = (int)number(&w, "partnerships");
        e->period_start = text(&w, "period_start");
        e->period_end = text(&w, "period_end");
    }
    PQclear(r);
    return CSA_OK;
}

/* The county's police.uk crime table for the twelve months to the latest month loaded
 * before the plan year starts (April of the year). */
static enum csa_rc read_crime(PGconn *c, struct agreement *a, struct csa_error *err)
{
    static const char *const cols[] = {"category", "level", "current", "previous",
                                       "period_end", "forces", "months", NULL};
    PGresult *r;
    enum csa_rc rc = fetch(c, a, "agreement_crime", 1, cols, &r, err);
    if (rc != CSA_OK)
        return rc;
    a->crime = rows_alloc(a, r, sizeof *a->crime);
    for (struct row w = {&a->arena, r, 0}; w.i < PQntuples(r); w.i++) {
        struct agr_crime *k = &a->crime[a->ncrime++];
        k->category = text(&w, "category");
        k->level = (int)number(&w, "level");
        k->current = number(&w, "current");
        k->previous = number(&w, "previous");
        if (w.i == 0) {
            a->crime_end = text(&w, "period_end");
            a->crime_forces = text(&w, "forces");
            a->crime_months = (int)number(&w, "months");
        }
    }
    PQclear(r);
    return CSA_OK;
}

/* The newest sign-off date of the year's current submissions: a date that depends only on
 * the data, so a rerun gives the same document. */
static enum csa_rc read_date(PGconn *c, struct agreement *a, struct csa_error *err)
{
    static const char *const cols[] = {"agreement_date", NULL};
    PGresult *r;
    enum csa_rc rc = fetch(c, a, "agreement_date", 1, cols, &r, err);
    if (rc != CSA_OK)
        return rc;
    struct row w = {&a->arena, r, 0};
    a->date = text(&w, "agreement_date");
    PQclear(r);
    return CSA_OK;
}

enum csa_rc count_year(PGconn *c, const struct csa_register *reg, int year, const char *date,
                       enum count_scope scope, struct agreement *a, struct csa_error *err)
{
    memset(a, 0, sizeof *a);
    a->reg = reg;
    a->year = year;
    a->date = arena_strdup(&a->arena, date);
    /* one snapshot, so the parts agree even while a load commits */
    enum csa_rc rc = db_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
    if (rc == CSA_OK)
        rc = read_partnerships(c, a, err);
    if (rc == CSA_OK)
        rc = read_rule(c, a, err);
    if (rc == CSA_OK)
        rc = read_counts(c, a, err);
    if (rc == CSA_OK)
        rc = read_unmapped(c, a, err);
    if (scope == COUNT_AGREEMENT) {
        if (rc == CSA_OK)
            rc = read_additions(c, a, err);
        if (rc == CSA_OK)
            rc = read_themes(c, a, err);
        if (rc == CSA_OK)
            rc = read_evidence(c, a, err);
        if (rc == CSA_OK)
            rc = read_crime(c, a, err);
        if (rc == CSA_OK && a->date == NULL)
            rc = read_date(c, a, err);
    }
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
