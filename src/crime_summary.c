/* crime_summary.c: `csa crime table`, the stage (see crime_summary.h): reads the crime
 * tables of csa.crime_comparison and the forces and months loaded of csa.crime_coverage, for
 * the window csa.crime_period_end gives, into a struct
 * crime_summary, in one snapshot. It adds nothing up itself and prints nothing; the
 * renderers are crime_render.c's. */
#include "csa/crime_summary.h"
#include "csa/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The window's end, "YYYY-MM-01": the month asked for, else the latest month of the
 * county's principal force (csa.crime_period_end). */
static enum csa_rc period_end_of(PGconn *c, const char *county, const char *asked, char *out,
                                 size_t size, struct csa_error *err)
{
    if (asked) {
        snprintf(out, size, "%s-01", asked);
        return CSA_OK;
    }
    PGresult *r;
    const char *p[1] = {county};
    enum csa_rc rc = db_query(c, "SELECT csa.crime_period_end($1, NULL)::text AS e", 1, p, &r,
                              err);
    if (rc == CSA_OK && PQgetisnull(r, 0, 0))
        rc = csa_fail(err, CSA_EINVALID, NULL, 0,
                      "no police.uk crime data is loaded for the county's districts; load it "
                      "with csa crime load");
    if (rc == CSA_OK)
        snprintf(out, size, "%s", PQgetvalue(r, 0, PQfnumber(r, "e")));
    PQclear(r);
    return rc;
}

/* The covering forces and which of the 24 months of the two windows each has loaded: the
 * principal force's rows come first and give the months loaded and missing; the others'
 * unloaded months are the missing force-months. */
static enum csa_rc read_coverage(PGconn *c, const char *county, const char *end,
                                 struct crime_summary *s, struct csa_error *err)
{
    const char *p[2] = {county, end};
    PGresult *r;
    enum csa_rc rc = db_query(c, "SELECT force, principal, month, loaded"
                                 " FROM csa.crime_coverage($1, $2::date)",
                              2, p, &r, err);
    if (rc != CSA_OK)
        return rc;
    int cforce = PQfnumber(r, "force"), cprincipal = PQfnumber(r, "principal"),
        cmonth = PQfnumber(r, "month"), cloaded = PQfnumber(r, "loaded");
    int n = PQntuples(r);
    s->forces = arena_alloc(&s->arena, (size_t)(n / 24 + 1) * sizeof *s->forces);
    s->gaps = arena_alloc(&s->arena, (size_t)(n + 1) * sizeof *s->gaps);
    for (int i = 0; i < n; i++) {
        int principal = PQgetvalue(r, i, cprincipal)[0] == 't', at = i % 24;
        int loaded = PQgetvalue(r, i, cloaded)[0] == 't';
        const char *month = PQgetvalue(r, i, cmonth), *force = NULL;
        if (!PQgetisnull(r, i, cforce)) {
            if (at == 0)
                s->forces[s->nforces++] = arena_strdup(&s->arena, PQgetvalue(r, i, cforce));
            force = s->forces[s->nforces - 1];
        }
        if (principal && at == 0)
            s->principal = force;
        if (principal && loaded)
            s->months_loaded++;
        else if (principal && s->nmissing < 24)
            s->missing[s->nmissing++] = arena_strdup(&s->arena, month);
        else if (!loaded)
            s->gaps[s->ngaps++] = (struct crime_gap){force, arena_strdup(&s->arena, month), at};
    }
    PQclear(r);
    return CSA_OK;
}

static enum csa_rc read_rows(PGconn *c, const char *county, int y, const char *end,
                             struct crime_summary *s, struct csa_error *err)
{
    char year[16];
    snprintf(year, sizeof year, "%d", y);
    const char *p[3] = {county, year, end};
    PGresult *r;
    enum csa_rc rc = db_query(c,
                              "SELECT area, area_name, category, level, current, previous,"
                              " difference, percent_change"
                              " FROM csa.crime_comparison($1, $2::integer, $3::date)",
                              3, p, &r, err);
    if (rc != CSA_OK)
        return rc;
    int col[8];
    const char *names[8] = {"area",     "area_name",  "category", "level",
                            "current",  "previous",   "difference", "percent_change"};
    for (int k = 0; k < 8; k++)
        col[k] = PQfnumber(r, names[k]);
    s->nrows = (size_t)PQntuples(r);
    s->rows = arena_alloc(&s->arena, (s->nrows + 1) * sizeof *s->rows);
    for (int i = 0; i < PQntuples(r); i++) {
        struct crime_summary_row *w = &s->rows[i];
        w->area = arena_strdup(&s->arena, PQgetvalue(r, i, col[0]));
        w->area_name = arena_strdup(&s->arena, PQgetvalue(r, i, col[1]));
        w->category = arena_strdup(&s->arena, PQgetvalue(r, i, col[2]));
        w->level = atoi(PQgetvalue(r, i, col[3]));
        w->current = strtoll(PQgetvalue(r, i, col[4]), NULL, 10);
        w->previous = strtoll(PQgetvalue(r, i, col[5]), NULL, 10);
        w->difference = strtoll(PQgetvalue(r, i, col[6]), NULL, 10);
        w->percent_change = PQgetisnull(r, i, col[7])
                                ? NULL
                                : arena_strdup(&s->arena, PQgetvalue(r, i, col[7]));
    }
    PQclear(r);
    return CSA_OK;
}

enum csa_rc crime_summary_read(PGconn *c, const struct csa_register *reg, int y,
                               const char *period_end, struct crime_summary *s,
                               struct csa_error *err)
{
    memset(s, 0, sizeof *s);
    char end[16];
    /* one snapshot, so the months named agree with the table even while a load commits */
    enum csa_rc rc = db_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
    if (rc != CSA_OK)
        return rc;
    rc = period_end_of(c, reg->code, period_end, end, sizeof end, err);
    if (rc == CSA_OK)
        rc = read_coverage(c, reg->code, end, s, err);
    if (rc == CSA_OK)
        rc = read_rows(c, reg->code, y, end, s, err);
    PQclear(PQexec(c, "ROLLBACK")); /* it only read */
    if (rc != CSA_OK) {
        crime_summary_free(s);
        return rc;
    }
    s->county_name = arena_strdup(&s->arena, reg->name);
    snprintf(s->period_end, sizeof s->period_end, "%.7s", end);
    return CSA_OK;
}

void crime_summary_free(struct crime_summary *s)
{
    arena_free(&s->arena);
    memset(s, 0, sizeof *s);
}
