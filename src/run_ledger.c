/* run_ledger.c: the ledger of `csa run` (see run_ledger.h). */
#include "csa/run_ledger.h"
#include "csa/buf.h"
#include "csa/db.h"
#include "csa/utf8.h"

#include <stdlib.h>
#include <string.h>

int run_years_add(struct run_years *y, int year)
{
    for (size_t i = 0; i < y->n; i++)
        if (y->v[i] == year)
            return 0;
    if (y->n < sizeof y->v / sizeof *y->v)
        y->v[y->n++] = year;
    return 1;
}

/* Adds the plan years of the "plan_year" column of a query that worked (rc). */
static void add_years_of(struct run_years *y, enum csa_rc rc, const PGresult *res)
{
    int col = rc == CSA_OK ? PQfnumber(res, "plan_year") : 0;
    for (int i = 0; rc == CSA_OK && i < PQntuples(res); i++)
        run_years_add(y, atoi(PQgetvalue(res, i, col)));
}

int run_ledger_lost(PGconn *c)
{
    return c == NULL || PQstatus(c) != CONNECTION_OK;
}

enum csa_rc run_ledger_lost_error(PGconn *c, struct csa_error *err)
{
    struct buf why = {0};
    const char *m = c ? PQerrorMessage(c) : "";
    size_t n = strcspn(m, "\n");
    utf8_escape(&why, m, n);
    enum csa_rc rc = csa_fail(err, CSA_EENV, NULL, 0,
                              "lost the connection to the database%s%s; the run stops here "
                              "and the files it had not finished are left for the next run",
                              why.len ? ": " : "", buf_str(&why));
    buf_free(&why);
    return rc;
}

enum csa_rc run_ledger_start(PGconn *c, const char *county, const char *inbox, int jobs,
                             long long *id, struct run_years *take_over, struct csa_error *err)
{
    char j[16], idtext[32];
    snprintf(j, sizeof j, "%d", jobs);
    const char *p[3] = {county, inbox, j};
    PGresult *res;
    enum csa_rc rc = db_query(c, "SELECT * FROM csa.run_start($1, $2, $3::integer)", 3, p,
                              &res, err);
    if (rc != CSA_OK)
        return rc;
    *id = atoll(PQgetvalue(res, 0, PQfnumber(res, "id")));
    PQclear(res);
    snprintf(idtext, sizeof idtext, "%lld", *id);
    const char *q[2] = {county, idtext};
    rc = db_query(c, "SELECT * FROM csa.run_take_over($1, $2::bigint)", 2, q, &res, err);
    add_years_of(take_over, rc, res);
    PQclear(res);
    return rc;
}

/* Runs the ledger call sql with the run's id as $1 and n - 1 more text parameters. */
static enum csa_rc call(PGconn *c, long long id, const char *sql, int n, const char **more,
                        struct csa_error *err)
{
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", id);
    const char *p[8] = {idtext};
    for (int i = 1; i < n && i < 8; i++)
        p[i] = more[i - 1];
    PGresult *res = NULL;
    enum csa_rc rc = db_query(c, sql, n, p, &res, err);
    PQclear(res);
    return rc;
}

/* Appends s with every line escaped (utf8_escape), the line breaks kept. */
static void escape_lines(struct buf *b, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "\n");
        utf8_escape(b, s, n);
        s += n;
        if (*s == '\n')
            buf_putc(b, *s++);
    }
}

enum csa_rc run_ledger_file(PGconn *c, long long id, const struct run_report_file *f,
                            struct csa_error *note, struct csa_error *err)
{
    static const char sql[] = "SELECT csa.run_record_file($1::bigint, $2, $3, $4::bigint, $5, $6)";
    char sub[32];
    int loaded = f->outcome == RUN_LOADED || f->outcome == RUN_UNCHANGED;
    snprintf(sub, sizeof sub, "%lld", f->load.id);
    struct buf msg = {0}, name = {0}, safe_msg = {0}, to = {0};
    run_file_messages(f, &msg);
    const char *p[5] = {f->name, run_outcome_word(f->outcome), loaded ? sub : NULL,
                        buf_str(&msg), f->moved_to};
    struct csa_error refused = {0};
    enum csa_rc rc = call(c, id, sql, 6, p, &refused);
    if (rc != CSA_OK && !run_ledger_lost(c)) {
        /* the row as it can be stored: the same facts, every text escaped, and why */
        utf8_escape(&name, f->name, strlen(f->name));
        escape_lines(&safe_msg, buf_str(&msg));
        buf_puts(&safe_msg, "the ledger refused this row as it was (");
        utf8_escape(&safe_msg, refused.msg, strlen(refused.msg));
        buf_puts(&safe_msg, "), so its text is escaped\n");
        if (f->moved_to)
            utf8_escape(&to, f->moved_to, strlen(f->moved_to));
        const char *q[5] = {buf_str(&name), p[1], p[2], buf_str(&safe_msg),
                            f->moved_to ? buf_str(&to) : NULL};
        struct csa_error again = {0};
        rc = call(c, id, sql, 6, q, &again);
        if (note)
            csa_fail(note, CSA_EENV, NULL, 0, "%s %s in the run's ledger: %s",
                     rc == CSA_OK ? "escaped the row of" : "could not record", buf_str(&name),
                     refused.msg);
        if (rc != CSA_OK && !run_ledger_lost(c))
            rc = CSA_OK;
    }
    if (rc != CSA_OK)
        run_ledger_lost_error(c, err);
    buf_free(&msg);
    buf_free(&name);
    buf_free(&safe_msg);
    buf_free(&to);
    return rc;
}

enum csa_rc run_ledger_files(PGconn *c, long long id, const struct run_report_file *f,
                             size_t n, struct csa_error *notes, struct csa_error *err)
{
    static const char sql[] = "SELECT csa.run_record_file($1::bigint, $2, $3, $4::bigint, $5, "
                              "$6), " DB_ASYNC_COMMIT;
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", id);
    struct buf *msg = xcalloc(n + 1, sizeof *msg);
    char(*sub)[32] = xcalloc(n + 1, sizeof *sub);
    char *refused = xcalloc(n + 1, 1);
    int ok = PQenterPipelineMode(c) == 1;
    for (size_t i = 0; ok && i < n; i++) {
        int loaded = f[i].outcome == RUN_LOADED || f[i].outcome == RUN_UNCHANGED;
        snprintf(sub[i], sizeof sub[i], "%lld", f[i].load.id);
        run_file_messages(&f[i], &msg[i]);
        const char *p[6] = {idtext, f[i].name, run_outcome_word(f[i].outcome),
                            loaded ? sub[i] : NULL, buf_str(&msg[i]), f[i].moved_to};
        ok = PQsendQueryParams(c, sql, 6, NULL, p, NULL, NULL, 0) && PQpipelineSync(c);
    }
    ok = ok && PQflush(c) == 0;
    for (size_t i = 0; ok && i < n; i++) {
        PGresult *row = db_pipeline_answer(c);
        ok = row != NULL;
        refused[i] = ok && PQresultStatus(row) != PGRES_TUPLES_OK;
        PQclear(row);
    }
    ok = ok && PQexitPipelineMode(c) == 1;
    enum csa_rc rc = ok ? CSA_OK : run_ledger_lost_error(c, err);
    /* a row refused as it was: written again on its own, escaped if it must be */
    for (size_t i = 0; rc == CSA_OK && i < n; i++)
        if (refused[i])
            rc = run_ledger_file(c, id, &f[i], &notes[i], err);
    for (size_t i = 0; i < n; i++)
        buf_free(&msg[i]);
    free(msg);
    free(sub);
    free(refused);
    return rc;
}

enum csa_rc run_ledger_durable(PGconn *c, long long id, int loaded, int unchanged,
                               struct csa_error *err)
{
    char l[16], u[16];
    snprintf(l, sizeof l, "%d", loaded);
    snprintf(u, sizeof u, "%d", unchanged);
    const char *p[2] = {l, u};
    /* synchronous whatever the server's or the session's default */
    return call(c, id,
                "SELECT csa.run_durable($1::bigint, $2::integer, $3::integer), "
                "set_config('synchronous_commit', 'on', true)",
                3, p, err);
}

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

enum csa_rc run_ledger_years(PGconn *c, long long id, struct run_years *y,
                             struct csa_error *err)
{
    qsort(y->v, y->n, sizeof *y->v, by_int);
    struct buf arr = {0};
    buf_putc(&arr, '{');
    for (size_t i = 0; i < y->n; i++)
        buf_printf(&arr, "%s%d", i ? "," : "", y->v[i]);
    buf_putc(&arr, '}');
    const char *p[1] = {buf_str(&arr)};
    enum csa_rc rc =
        call(c, id, "SELECT csa.run_set_years($1::bigint, $2::integer[])", 2, p, err);
    buf_free(&arr);
    return rc;
}

enum csa_rc run_ledger_finish(PGconn *c, long long id, const char *outcome,
                              struct csa_error *err)
{
    const char *p[1] = {outcome};
    return call(c, id, "SELECT csa.run_finish($1::bigint, $2)", 2, p, err);
}

enum csa_rc run_current_years(PGconn *c, const char *county, struct run_years *y,
                              struct csa_error *err)
{
    const char *p[1] = {county};
    PGresult *res;
    enum csa_rc rc = db_query(c, "SELECT * FROM csa.current_plan_years($1)", 1, p, &res, err);
    add_years_of(y, rc, res);
    PQclear(res);
    return rc;
}
