/* status.c: the submission status of one plan year (see status.h). The facts come from SQL
 * (sql/003_status.sql); only the suggestions are computed here, from the register. */
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

static enum csa_rc print_partnerships(PGconn *c, const struct csa_register *r, int y, FILE *out,
                                      struct csa_error *err)
{
    PGresult *res;
    enum csa_rc rc = db_query_year(c, r->code, y,
        "SELECT f.code, f.name, s.version, s.submitted, s.source_name,"
        "       (SELECT count(*) FROM csa.submission_warning w WHERE w.submission = s.id)"
        "  FROM csa.in_force($1, $2::integer) f"
        "  LEFT JOIN csa.submission s ON s.county = $1 AND s.partnership = f.code"
        "       AND s.plan_year = $2::integer AND s.is_current"
        " ORDER BY f.ord", &res, err);
    if (rc != CSA_OK)
        return rc;
    int n = PQntuples(res), have = 0;
    for (int i = 0; i < n; i++)
        have += !PQgetisnull(res, i, 2);
    fprintf(out, "%s, plan year %d/%02d\n", r->name, y, (y + 1) % 100);
    fprintf(out, "partnerships with a current submission: %d of %d\n", have, n);
    for (int i = 0; i < n; i++) {
        if (PQgetisnull(res, i, 2))
            continue;
        long warns = atol(PQgetvalue(res, i, 5));
        fprintf(out, "  %-20s version %s, submitted %s, from %s", PQgetvalue(res, i, 0),
                PQgetvalue(res, i, 2),
                PQgetisnull(res, i, 3) ? "(no date)" : PQgetvalue(res, i, 3),
                PQgetvalue(res, i, 4));
        if (warns)
            fprintf(out, " (%ld warning%s)", warns, warns == 1 ? "" : "s");
        fputc('\n', out);
    }
    fprintf(out, "missing: %s\n", have == n ? "none" : "");
    for (int i = 0; i < n; i++)
        if (PQgetisnull(res, i, 2))
            fprintf(out, "  %-20s %s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
    PQclear(res);
    return CSA_OK;
}

static enum csa_rc print_warnings(PGconn *c, const struct csa_register *r, int y, FILE *out,
                                  struct csa_error *err)
{
    PGresult *res;
    enum csa_rc rc = db_query_year(c, r->code, y,
                              "SELECT s.source_name, w.line, w.message"
                              "  FROM csa.submission s"
                              "  JOIN csa.submission_warning w ON w.submission = s.id"
                              " WHERE s.county = $1 AND s.plan_year = $2::integer"
                              "   AND s.is_current"
                              " ORDER BY s.partnership, w.ord", &res, err);
    if (rc != CSA_OK)
        return rc;
    int n = PQntuples(res);
    fprintf(out, "warnings held: %s\n", n ? "" : "none");
    for (int i = 0; i < n; i++)
        fprintf(out, "  %s:%s: warning: %s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
                PQgetvalue(res, i, 2));
    PQclear(res);
    return CSA_OK;
}

static enum csa_rc print_unmapped(PGconn *c, const struct csa_register *r, int y, FILE *out,
                                  struct csa_error *err)
{
    PGresult *res;
    enum csa_rc rc = db_query_year(c, r->code, y,
                              "SELECT source_name, line, what, kind, wording, norm"
                              "  FROM csa.unmapped_wording"
                              " WHERE county = $1 AND plan_year = $2::integer"
                              " ORDER BY partnership, what, line", &res, err);
    if (rc != CSA_OK)
        return rc;
    int n = PQntuples(res);
    fprintf(out, "unmapped wordings: %s\n", n ? "" : "none");
    for (int i = 0; i < n; i++) {
        int theme = strcmp(PQgetvalue(res, i, 2), "theme") == 0;
        fprintf(out, "  %s:%s: %s \"%s\"", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
                theme ? "theme" : PQgetvalue(res, i, 3), PQgetvalue(res, i, 4));
        struct suggestion sg[SUGGEST_MAX];
        size_t k = status_suggest(r, PQgetvalue(res, i, 5), theme, sg);
        fprintf(out, "%s", k ? "; closest: " : "; no close match in the register");
        for (size_t j = 0; j < k; j++)
            fprintf(out, "%s%s (%s)", j ? ", " : "", sg[j].label, sg[j].id);
        fputc('\n', out);
    }
    PQclear(res);
    return CSA_OK;
}

/* The last nightly runs, and the files of the last one that did not load. */
static enum csa_rc print_runs(PGconn *c, const struct csa_register *r, FILE *out,
                              struct csa_error *err)
{
    const char *p[1] = {r->code};
    PGresult *res;
    enum csa_rc rc = db_query(c,
                              "SELECT id, to_char(started_at, 'YYYY-MM-DD HH24:MI'),"
                              "       coalesce(outcome, 'running'), seen, loaded, unchanged,"
                              "       rejected, waiting, skipped"
                              "  FROM csa.run WHERE county = $1 ORDER BY id DESC LIMIT 3",
                              1, p, &res, err);
    if (rc != CSA_OK)
        return rc;
    fprintf(out, "last runs: %s\n", PQntuples(res) ? "" : "none");
    for (int i = 0; i < PQntuples(res); i++)
        fprintf(out, "  run %s at %s: %s; %s files: %s loaded, %s unchanged, %s rejected, "
                     "%s waiting, %s skipped\n",
                PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
                PQgetvalue(res, i, 3), PQgetvalue(res, i, 4), PQgetvalue(res, i, 5),
                PQgetvalue(res, i, 6), PQgetvalue(res, i, 7), PQgetvalue(res, i, 8));
    PQclear(res);
    rc = db_query(c,
                  "SELECT f.name, f.outcome, coalesce(f.moved_to, '(left in the inbox)')"
                  "  FROM csa.run_file f"
                  " WHERE f.run = (SELECT max(id) FROM csa.run WHERE county = $1)"
                  "   AND f.outcome NOT IN ('loaded', 'unchanged')"
                  " ORDER BY f.name",
                  1, p, &res, err);
    for (int i = 0; rc == CSA_OK && i < PQntuples(res); i++)
        fprintf(out, "    %s %s: %s\n", PQgetvalue(res, i, 1), PQgetvalue(res, i, 0),
                PQgetvalue(res, i, 2));
    PQclear(res);
    return rc;
}

enum csa_rc status_print(PGconn *c, const struct csa_register *r, int y, FILE *out,
                         struct csa_error *err)
{
    enum csa_rc rc = print_partnerships(c, r, y, out, err);
    if (rc == CSA_OK)
        rc = print_warnings(c, r, y, out, err);
    if (rc == CSA_OK)
        rc = print_unmapped(c, r, y, out, err);
    if (rc == CSA_OK)
        rc = print_runs(c, r, out, err);
    return rc;
}
