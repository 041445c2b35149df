/* crime_table.c: `csa crime table`, the strategic assessment's crime table (seed 000 section
 * 3.1) for each partnership in force and for the county, read from csa.crime_table() in
 * sql/006_crime.sql and printed as text, CSV or JSON. It adds nothing up itself. */
#include "csa/crime.h"
#include "csa/db.h"
#include "csa/migrate.h"
#include "csa/json.h"
#include "csa/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The window's end: the month asked for, else the latest month loaded. */
static enum csa_rc period_end_of(PGconn *c, const char *asked, char *out, size_t size,
                                 struct csa_error *err)
{
    if (asked) {
        snprintf(out, size, "%s-01", asked);
        return CSA_OK;
    }
    PGresult *r;
    enum csa_rc rc = db_query(c, "SELECT max(month)::text FROM csa.crime_month", 0, NULL, &r,
                              err);
    if (rc == CSA_OK && PQgetisnull(r, 0, 0))
        rc = csa_fail(err, CSA_EINVALID, NULL, 0,
                      "no police.uk crime data is loaded; load it with csa crime load");
    if (rc == CSA_OK)
        snprintf(out, size, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    return rc;
}

/* Which of the 24 months of the two windows have data loaded, for any force. */
struct coverage {
    int loaded;
    int nmissing;
    char missing[24][8];   /* "YYYY-MM", oldest first */
    const char *names[24]; /* pointers to missing, for json_strings */
};

static enum csa_rc read_coverage(PGconn *c, const char *end, struct coverage *cov,
                                 struct csa_error *err)
{
    const char *p[1] = {end};
    PGresult *r;
    enum csa_rc rc = db_query(c,
                              "SELECT to_char(w.month, 'YYYY-MM'),"
                              "       EXISTS (SELECT 1 FROM csa.crime_month m"
                              "                WHERE m.month = w.month)"
                              "  FROM csa.crime_windows($1::date) w ORDER BY w.month",
                              1, p, &r, err);
    if (rc != CSA_OK)
        return rc;
    memset(cov, 0, sizeof *cov);
    for (int i = 0; i < PQntuples(r) && i < 24; i++) {
        if (PQgetvalue(r, i, 1)[0] == 't') {
            cov->loaded++;
            continue;
        }
        snprintf(cov->missing[cov->nmissing], sizeof cov->missing[0], "%s", PQgetvalue(r, i, 0));
        cov->names[cov->nmissing] = cov->missing[cov->nmissing];
        cov->nmissing++;
    }
    PQclear(r);
    return CSA_OK;
}

static void print_text(const PGresult *r, const char *county, const char *end,
                       const struct coverage *cov)
{
    printf("%s: police.uk street-level crime, the twelve months to %.7s against the twelve "
           "before\nmonths loaded: %d of 24%s",
           county, end, cov->loaded, cov->nmissing ? "; missing:" : "");
    for (int i = 0; i < cov->nmissing; i++)
        printf(" %s", cov->missing[i]);
    putchar('\n');
    const char *area = "";
    for (int i = 0; i < PQntuples(r); i++) {
        if (strcmp(area, PQgetvalue(r, i, 0)) != 0) {
            area = PQgetvalue(r, i, 0);
            printf("\n%s\n%-44s %9s %9s %10s %9s\n", PQgetvalue(r, i, 1), "", "current",
                   "previous", "difference", "% change");
        }
        int level = atoi(PQgetvalue(r, i, 4));
        char label[64];
        snprintf(label, sizeof label, "%s%s", level ? "  - " : "", PQgetvalue(r, i, 3));
        /* as the papers write it: +26, -232, and a plain 0 */
        long long diff = atoll(PQgetvalue(r, i, 8));
        char d[32], pc[32];
        snprintf(d, sizeof d, diff ? "%+lld" : "0", diff);
        if (PQgetisnull(r, i, 9))
            snprintf(pc, sizeof pc, "n/a");
        else
            snprintf(pc, sizeof pc, "%s%s%%", PQgetvalue(r, i, 9)[0] == '-' ? "" : "+",
                     PQgetvalue(r, i, 9));
        printf("%-44s %9s %9s %10s %9s\n", label, PQgetvalue(r, i, 6), PQgetvalue(r, i, 7), d,
               pc);
    }
}

static void print_csv(const PGresult *r)
{
    struct buf b = {0};
    buf_puts(&b, "area,area_name,category,level,current,previous,difference,percent_change\n");
    for (int i = 0; i < PQntuples(r); i++) {
        render_csv_field(&b, PQgetvalue(r, i, 0));
        buf_putc(&b, ',');
        render_csv_field(&b, PQgetvalue(r, i, 1));
        buf_putc(&b, ',');
        render_csv_field(&b, PQgetvalue(r, i, 3));
        buf_printf(&b, ",%s,%s,%s,%s,%s\n", PQgetvalue(r, i, 4), PQgetvalue(r, i, 6),
                   PQgetvalue(r, i, 7), PQgetvalue(r, i, 8), PQgetvalue(r, i, 9));
    }
    fwrite(b.data, 1, b.len, stdout);
    buf_free(&b);
}

static void print_json(const PGresult *r, const char *end, const struct coverage *cov)
{
    struct buf b = {0};
    buf_printf(&b, "{\"period_end\":\"%.7s\",\"months_loaded\":%d,\"months_missing\":", end,
               cov->loaded);
    json_strings(&b, cov->names, (size_t)cov->nmissing);
    buf_puts(&b, ",\"rows\":[");
    for (int i = 0; i < PQntuples(r); i++) {
        buf_puts(&b, i ? ",{" : "{");
        json_kv(&b, "area", PQgetvalue(r, i, 0), 1);
        json_kv(&b, "area_name", PQgetvalue(r, i, 1), 0);
        json_kv(&b, "category", PQgetvalue(r, i, 3), 0);
        buf_printf(&b, ",\"level\":%s,\"current\":%s,\"previous\":%s,\"difference\":%s,"
                       "\"percent_change\":%s}",
                   PQgetvalue(r, i, 4), PQgetvalue(r, i, 6), PQgetvalue(r, i, 7),
                   PQgetvalue(r, i, 8), PQgetisnull(r, i, 9) ? "null" : PQgetvalue(r, i, 9));
    }
    buf_puts(&b, "]}\n");
    fwrite(b.data, 1, b.len, stdout);
    buf_free(&b);
}

int crime_table(const char *db, const struct csa_register *reg, int y, const char *period_end,
                const char *format)
{
    struct csa_error err = {0};
    struct coverage cov;
    char end[16], year[16];
    PGresult *r = NULL;
    PGconn *c = db_connect(db, &err);
    enum csa_rc rc = c ? migrate_database(c, NULL, &err) : CSA_EENV;
    if (rc == CSA_OK)
        rc = db_sync_register(c, reg, NULL, &err);
    if (rc == CSA_OK)
        rc = period_end_of(c, period_end, end, sizeof end, &err);
    if (rc == CSA_OK)
        rc = read_coverage(c, end, &cov, &err);
    snprintf(year, sizeof year, "%d", y);
    const char *p[3] = {reg->code, year, end};
    if (rc == CSA_OK)
        rc = db_query(c, "SELECT * FROM csa.crime_table($1, $2::integer, $3::date)", 3, p, &r,
                      &err);
    if (rc == CSA_OK) {
        if (strcmp(format, "csv") == 0)
            print_csv(r);
        else if (strcmp(format, "json") == 0)
            print_json(r, end, &cov);
        else
            print_text(r, reg->name, end, &cov);
    } else {
        csa_error_print(stderr, &err);
    }
    PQclear(r);
    PQfinish(c);
    return rc;
}
