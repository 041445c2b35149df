/* count.c: reads one plan year's count from SQL into struct agreement (see count.h).
 *
 * Lists come back from SQL joined with the ASCII unit separator (0x1F), a character XML 1.0
 * cannot carry, so no submitted or register text can contain it. */
#include "csa/count.h"
#include "csa/db.h"

#include <stdlib.h>
#include <string.h>

#define SEP "chr(31)"

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

/* Column value copied into the arena; NULL for SQL NULL. */
static const char *col(struct arena *a, const PGresult *r, int row, int c)
{
    return PQgetisnull(r, row, c) ? NULL : arena_strdup(a, PQgetvalue(r, row, c));
}

static enum csa_rc query(PGconn *c, struct agreement *a, const char *sql, PGresult **res,
                         struct csa_error *err)
{
    return db_query_year(c, a->reg->code, a->year, sql, res, err);
}

static enum csa_rc read_partnerships(PGconn *c, struct agreement *a, struct csa_error *err)
{
    PGresult *r;
    enum csa_rc rc = query(
        c, a,
        "SELECT f.code, f.name,"
        "       EXISTS (SELECT 1 FROM csa.submission s WHERE s.county = $1"
        "                  AND s.partnership = f.code AND s.plan_year = $2::integer"
        "                  AND s.is_current),"
        "       array_to_string(ARRAY(SELECT d.name FROM csa.reg_district d"
        "                 WHERE d.county = $1 AND d.partnership = f.code ORDER BY d.ord), " SEP "),"
        "       (SELECT count(DISTINCT d.gss) FROM csa.reg_district d"
        "         WHERE d.county = $1 AND d.partnership IN"
        "               (SELECT code FROM csa.in_force($1, $2::integer)))"
        "  FROM csa.in_force($1, $2::integer) f ORDER BY f.ord",
        &r, err);
    if (rc != CSA_OK)
        return rc;
    int n = PQntuples(r);
    a->partnerships = arena_alloc(&a->arena, (size_t)(n + 1) * sizeof *a->partnerships);
    for (int i = 0; i < n; i++) {
        struct agr_partnership *p = &a->partnerships[a->npartnerships++];
        p->code = col(&a->arena, r, i, 0);
        p->name = col(&a->arena, r, i, 1);
        p->submitted = PQgetvalue(r, i, 2)[0] == 't';
        p->districts = split_list(&a->arena, PQgetvalue(r, i, 3));
        a->nsubmitted += p->submitted;
        a->ndistricts = (size_t)atol(PQgetvalue(r, i, 4));
    }
    PQclear(r);
    return CSA_OK;
}

static enum csa_rc read_counts(PGconn *c, struct agreement *a, struct csa_error *err)
{
    PGresult *r;
    enum csa_rc rc = query(c, a,
                           "SELECT priority, label, title, note, folds_into, partnerships,"
                           "       total_score::text, selected, basis,"
                           "       array_to_string(members, " SEP "),"
                           "       array_to_string(leads, " SEP ")"
                           "  FROM csa.count_table($1, $2::integer) ORDER BY ord",
                           &r, err);
    if (rc != CSA_OK)
        return rc;
    int n = PQntuples(r);
    a->counts = arena_alloc(&a->arena, (size_t)(n + 1) * sizeof *a->counts);
    for (int i = 0; i < n; i++) {
        struct agr_count *k = &a->counts[a->ncounts++];
        k->id = col(&a->arena, r, i, 0);
        k->label = col(&a->arena, r, i, 1);
        k->title = col(&a->arena, r, i, 2);
        k->note = col(&a->arena, r, i, 3);
        k->folds_into = col(&a->arena, r, i, 4);
        k->partnerships = atoi(PQgetvalue(r, i, 5));
        k->total_score = col(&a->arena, r, i, 6);
        k->selected = PQgetvalue(r, i, 7)[0] == 't';
        k->basis = col(&a->arena, r, i, 8);
        k->members = split_list(&a->arena, PQgetvalue(r, i, 9));
        k->leads = split_list(&a->arena, PQgetvalue(r, i, 10));
    }
    PQclear(r);
    return CSA_OK;
}

static enum csa_rc read_additions(PGconn *c, struct agreement *a, struct csa_error *err)
{
    PGresult *r;
    enum csa_rc rc = query(c, a,
                           "SELECT x.priority, x.theme, coalesce(p.title, t.title), x.reason"
                           "  FROM csa.reg_addition x"
                           "  LEFT JOIN csa.reg_priority p ON p.county = x.county"
                           "       AND p.id = x.priority"
                           "  LEFT JOIN csa.reg_theme t ON t.county = x.county AND t.id = x.theme"
                           " WHERE x.county = $1 AND $2::integer IS NOT NULL ORDER BY x.ord",
                           &r, err);
    if (rc != CSA_OK)
        return rc;
    int n = PQntuples(r);
    a->additions = arena_alloc(&a->arena, (size_t)(n + 1) * sizeof *a->additions);
    for (int i = 0; i < n; i++) {
        struct agr_addition *x = &a->additions[a->nadditions++];
        x->priority = col(&a->arena, r, i, 0);
        x->theme = col(&a->arena, r, i, 1);
        x->title = col(&a->arena, r, i, 2);
        x->reason = col(&a->arena, r, i, 3);
    }
    PQclear(r);
    return CSA_OK;
}

static enum csa_rc read_themes(PGconn *c, struct agreement *a, struct csa_error *err)
{
    PGresult *r;
    enum csa_rc rc = query(c, a,
                           "SELECT theme, title, from_addition,"
                           "       array_to_string(partnerships, " SEP "),"
                           "       array_to_string(folded, " SEP ")"
                           "  FROM csa.theme_table($1, $2::integer)",
                           &r, err);
    if (rc != CSA_OK)
        return rc;
    int n = PQntuples(r);
    a->themes = arena_alloc(&a->arena, (size_t)(n + 1) * sizeof *a->themes);
    for (int i = 0; i < n; i++) {
        struct agr_theme *t = &a->themes[a->nthemes++];
        t->id = col(&a->arena, r, i, 0);
        t->title = col(&a->arena, r, i, 1);
        t->from_addition = PQgetvalue(r, i, 2)[0] == 't';
        t->partnerships = split_list(&a->arena, PQgetvalue(r, i, 3));
        t->folded = split_list(&a->arena, PQgetvalue(r, i, 4));
    }
    PQclear(r);
    return CSA_OK;
}

static enum csa_rc read_unmapped(PGconn *c, struct agreement *a, struct csa_error *err)
{
    PGresult *r;
    enum csa_rc rc = query(c, a,
                           "SELECT partnership, source_name, line,"
                           "       CASE WHEN what = 'theme' THEN 'theme' ELSE kind END,"
                           "       wording, norm"
                           "  FROM csa.unmapped_wording"
                           " WHERE county = $1 AND plan_year = $2::integer"
                           "   AND partnership IN (SELECT code FROM csa.in_force($1, $2::integer))"
                           " ORDER BY partnership, what, line",
                           &r, err);
    if (rc != CSA_OK)
        return rc;
    int n = PQntuples(r);
    a->unmapped = arena_alloc(&a->arena, (size_t)(n + 1) * sizeof *a->unmapped);
    for (int i = 0; i < n; i++) {
        struct agr_unmapped *u = &a->unmapped[a->nunmapped++];
        u->partnership = col(&a->arena, r, i, 0);
        u->file = col(&a->arena, r, i, 1);
        u->line = atol(PQgetvalue(r, i, 2));
        u->what = col(&a->arena, r, i, 3);
        u->wording = col(&a->arena, r, i, 4);
        u->nsuggestions = status_suggest(a->reg, PQgetvalue(r, i, 5),
                                         strcmp(u->what, "theme") == 0, u->suggestions);
    }
    PQclear(r);
    return CSA_OK;
}

static enum csa_rc read_evidence(PGconn *c, struct agreement *a, struct csa_error *err)
{
    PGresult *r;
    enum csa_rc rc = query(c, a,
                           "SELECT priority, category, current, previous, partnerships,"
                           "       period_start::text, period_end::text"
                           "  FROM csa.evidence_table($1, $2::integer)",
                           &r, err);
    if (rc != CSA_OK)
        return rc;
    int n = PQntuples(r);
    a->evidence = arena_alloc(&a->arena, (size_t)(n + 1) * sizeof *a->evidence);
    for (int i = 0; i < n; i++) {
        struct agr_evidence *e = &a->evidence[a->nevidence++];
        e->priority = col(&a->arena, r, i, 0);
        e->category = col(&a->arena, r, i, 1);
        e->current = strtoll(PQgetvalue(r, i, 2), NULL, 10);
        e->previous = strtoll(PQgetvalue(r, i, 3), NULL, 10);
        e->partnerships = atoi(PQgetvalue(r, i, 4));
        e->period_start = col(&a->arena, r, i, 5);
        e->period_end = col(&a->arena, r, i, 6);
    }
    PQclear(r);
    return CSA_OK;
}

/* The county's police.uk crime table for the twelve months to the latest month loaded
 * before the plan year starts (April of the year). */
static enum csa_rc read_crime(PGconn *c, struct agreement *a, struct csa_error *err)
{
    PGresult *r;
    enum csa_rc rc = query(c, a,
                           "WITH e AS (SELECT max(month) AS e FROM csa.crime_month"
                           "            WHERE month < make_date($2::integer, 4, 1))"
                           "SELECT t.category, t.level, t.current, t.previous,"
                           "       to_char(e.e, 'YYYY-MM'),"
                           "       (SELECT string_agg(DISTINCT f.name, ', ' ORDER BY f.name)"
                           "          FROM csa.crime_month m JOIN csa.crime_force f"
                           "            ON f.id = m.force"
                           "         WHERE m.month IN (SELECT month FROM csa.crime_windows(e.e))),"
                           "       (SELECT count(DISTINCT m.month) FROM csa.crime_month m"
                           "         WHERE m.month IN (SELECT month FROM csa.crime_windows(e.e)))"
                           "  FROM e, csa.crime_table($1, $2::integer, e.e) t"
                           " WHERE e.e IS NOT NULL AND t.area = 'county'"
                           " ORDER BY t.category_ord",
                           &r, err);
    if (rc != CSA_OK)
        return rc;
    int n = PQntuples(r);
    a->crime = arena_alloc(&a->arena, (size_t)(n + 1) * sizeof *a->crime);
    for (int i = 0; i < n; i++) {
        struct agr_crime *k = &a->crime[a->ncrime++];
        k->category = col(&a->arena, r, i, 0);
        k->level = atoi(PQgetvalue(r, i, 1));
        k->current = strtoll(PQgetvalue(r, i, 2), NULL, 10);
        k->previous = strtoll(PQgetvalue(r, i, 3), NULL, 10);
        if (i == 0) {
            a->crime_end = col(&a->arena, r, i, 4);
            a->crime_forces = col(&a->arena, r, i, 5);
            a->crime_months = atoi(PQgetvalue(r, i, 6));
        }
    }
    PQclear(r);
    return CSA_OK;
}

/* The newest sign-off date of the year's current submissions: a date that depends only on
 * the data, so a rerun gives the same document. */
static enum csa_rc read_date(PGconn *c, struct agreement *a, struct csa_error *err)
{
    PGresult *r;
    enum csa_rc rc = query(c, a,
                           "SELECT max(submitted)::text FROM csa.submission"
                           " WHERE county = $1 AND plan_year = $2::integer AND is_current",
                           &r, err);
    if (rc == CSA_OK)
        a->date = col(&a->arena, r, 0, 0);
    PQclear(r);
    return rc;
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
