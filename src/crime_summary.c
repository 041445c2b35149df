/* crime_summary.c: `csa crime table`, the stage (see crime_summary.h): reads the crime
 * tables of csa.crime_comparison (or, --by lsoa, an area's LSOAs of csa.crime_lsoa_table)
 * and the forces and months loaded of csa.crime_coverage, for the window
 * csa.crime_period_end gives, into a struct crime_summary (crime_hotspots), in one snapshot. It adds nothing up itself and prints nothing; the
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

/* Reads the crime table's rows into the struct crime_summary arg. */
static enum csa_rc read_rows(PGconn *c, const char *county, int y, const char *end, void *arg,
                             struct csa_error *err)
{
    struct crime_summary *s = arg;
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

/* What reads the rows of one table: the crime table's (read_rows), or the hotspots'. */
typedef enum csa_rc (*rows_reader)(PGconn *c, const char *county, int y, const char *end,
                                   void *arg, struct csa_error *err);

/* The heading (window, forces, months) into s, then the rows of read, in one snapshot, so
 * the months named agree with the table even while a load commits. */
static enum csa_rc read_snapshot(PGconn *c, const struct csa_register *reg, int y,
                                 const char *period_end, struct crime_summary *s,
                                 rows_reader read, void *arg, struct csa_error *err)
{
    char end[16];
    enum csa_rc rc = db_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
    if (rc != CSA_OK)
        return rc;
    rc = period_end_of(c, reg->code, period_end, end, sizeof end, err);
    if (rc == CSA_OK)
        rc = read_coverage(c, reg->code, end, s, err);
    if (rc == CSA_OK)
        rc = read(c, reg->code, y, end, arg, err);
    PQclear(PQexec(c, "ROLLBACK")); /* it only read */
    if (rc == CSA_OK) {
        s->county_name = arena_strdup(&s->arena, reg->name);
        snprintf(s->period_end, sizeof s->period_end, "%.7s", end);
    }
    return rc;
}

enum csa_rc crime_summary_read(PGconn *c, const struct csa_register *reg, int y,
                               const char *period_end, struct crime_summary *s,
                               struct csa_error *err)
{
    memset(s, 0, sizeof *s);
    enum csa_rc rc = read_snapshot(c, reg, y, period_end, s, read_rows, s, err);
    if (rc != CSA_OK)
        crime_summary_free(s);
    return rc;
}

void crime_summary_free(struct crime_summary *s)
{
    arena_free(&s->arena);
    memset(s, 0, sizeof *s);
}

/* ---- the hotspots --------------------------------------------------------------------- */

struct hotspots_ask {
    struct crime_hotspots *h;
    const char *county_name, *area, *category;
    int top;
};

/* The area's and category's names (csa.crime_lsoa_known), refusing either when unknown. */
static enum csa_rc hotspots_known(PGconn *c, const char *county, int y, struct hotspots_ask *a,
                                  struct csa_error *err)
{
    char year[16];
    snprintf(year, sizeof year, "%d", y);
    const char *p[4] = {county, year, a->area, a->category};
    PGresult *r;
    enum csa_rc rc = db_query(c, "SELECT area_name, category"
                                 " FROM csa.crime_lsoa_known($1, $2::integer, $3, $4)",
                              4, p, &r, err);
    if (rc != CSA_OK)
        return rc;
    int cname = PQfnumber(r, "area_name"), ccat = PQfnumber(r, "category");
    struct arena *m = &a->h->head.arena;
    if (PQgetisnull(r, 0, cname))
        rc = csa_fail(err, CSA_EINVALID, NULL, 0,
                      "--area \"%s\" is not a partnership of %s in force in %d/%02d, nor "
                      "\"county\"", a->area, a->county_name, y, (y + 1) % 100);
    else if (PQgetisnull(r, 0, ccat))
        rc = csa_fail(err, CSA_EINVALID, NULL, 0,
                      "--category \"%s\" is not a row of the crime table (a grouping such as "
                      "\"All crime\" or a police.uk crime type)", a->category);
    else {
        a->h->area = arena_strdup(m, a->area);
        a->h->area_name = arena_strdup(m, PQgetvalue(r, 0, cname));
        a->h->category = arena_strdup(m, PQgetvalue(r, 0, ccat));
    }
    PQclear(r);
    return rc;
}

static enum csa_rc hotspots_rows(PGconn *c, const char *county, int y, const char *end,
                                 void *arg, struct csa_error *err)
{
    struct hotspots_ask *a = arg;
    enum csa_rc rc = hotspots_known(c, county, y, a, err);
    if (rc != CSA_OK)
        return rc;
    char year[16], top[16];
    snprintf(year, sizeof year, "%d", y);
    snprintf(top, sizeof top, "%d", a->top);
    const char *p[6] = {county, year, end, a->area, a->category, top};
    PGresult *r;
    rc = db_query(c, "SELECT rank, lsoa, lsoa_name, district, current, previous, difference,"
                     " percent_change"
                     " FROM csa.crime_lsoa_table($1, $2::integer, $3::date, $4, $5, $6::integer)",
                  6, p, &r, err);
    if (rc != CSA_OK)
        return rc;
    static const char *const names[8] = {"rank",    "lsoa",     "lsoa_name",  "district",
                                         "current", "previous", "difference", "percent_change"};
    int col[8];
    for (int k = 0; k < 8; k++)
        col[k] = PQfnumber(r, names[k]);
    struct crime_hotspots *h = a->h;
    struct arena *m = &h->head.arena;
    h->nrows = (size_t)PQntuples(r);
    h->rows = arena_alloc(m, (h->nrows + 1) * sizeof *h->rows);
    for (size_t i = 0; i < h->nrows; i++) {
        struct crime_lsoa_row *w = &h->rows[i];
        int k = (int)i;
        w->rank = strtoll(PQgetvalue(r, k, col[0]), NULL, 10);
        w->lsoa = arena_strdup(m, PQgetvalue(r, k, col[1]));
        w->lsoa_name = arena_strdup(m, PQgetvalue(r, k, col[2]));
        w->district = arena_strdup(m, PQgetvalue(r, k, col[3]));
        w->current = strtoll(PQgetvalue(r, k, col[4]), NULL, 10);
        w->previous = strtoll(PQgetvalue(r, k, col[5]), NULL, 10);
        w->difference = strtoll(PQgetvalue(r, k, col[6]), NULL, 10);
        w->percent_change = PQgetisnull(r, k, col[7]) ? NULL
                                                      : arena_strdup(m, PQgetvalue(r, k, col[7]));
    }
    PQclear(r);
    return CSA_OK;
}

enum csa_rc crime_hotspots_read(PGconn *c, const struct csa_register *reg, int y,
                                const char *period_end, const char *area, const char *category,
                                int top, struct crime_hotspots *h, struct csa_error *err)
{
    memset(h, 0, sizeof *h);
    struct hotspots_ask a = {h, reg->name, area, category ? category : "All crime", top};
    enum csa_rc rc = read_snapshot(c, reg, y, period_end, &h->head, hotspots_rows, &a, err);
    if (rc != CSA_OK)
        crime_hotspots_free(h);
    return rc;
}

void crime_hotspots_free(struct crime_hotspots *h)
{
    crime_summary_free(&h->head);
    memset(h, 0, sizeof *h);
}
