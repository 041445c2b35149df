/* db.c: connection, query helpers and register sync (see db.h); migrations are migrate.c. */
#include "csa/db.h"
#include "csa/buf.h"
#include "csa/utf8.h"

#include <stdlib.h>
#include <string.h>

/* libpq messages end with a newline and may run to several lines; keep the first, cut (if
 * it must be) between two characters, since it may quote a value. */
static void first_line(const char *in, char *out, size_t size)
{
    in = in ? in : "";
    utf8_copy(out, size, in, strcspn(in, "\n"));
}

enum csa_rc db_fail(PGconn *c, const PGresult *res, const char *what, struct csa_error *err)
{
    char msg[768];
    first_line(res ? PQresultErrorMessage(res) : PQerrorMessage(c), msg, sizeof msg);
    if (msg[0] == '\0')
        first_line(PQerrorMessage(c), msg, sizeof msg);
    return csa_fail(err, CSA_EENV, NULL, 0, "%s: %s", what, msg);
}

PGconn *db_connect(const char *conninfo, struct csa_error *err)
{
    if (conninfo == NULL)
        conninfo = getenv("CSA_DB");
    if (conninfo == NULL)
        conninfo = "";
    const char *keys[] = {"dbname", "application_name", NULL};
    const char *vals[] = {conninfo, "csa", NULL};
    PGconn *c = PQconnectdbParams(keys, vals, 1); /* expand_dbname: conninfo may be a URI */
    if (PQstatus(c) != CONNECTION_OK) {
        char msg[768];
        first_line(PQerrorMessage(c), msg, sizeof msg);
        csa_fail(err, CSA_EENV, NULL, 0, "could not connect to the database: %s", msg);
        PQfinish(c);
        return NULL;
    }
    /* notices (e.g. "relation already exists, skipping") are not for the user */
    PGresult *r = PQexec(c, "SET client_min_messages = warning");
    PQclear(r);
    return c;
}

enum csa_rc db_exec(PGconn *c, const char *sql, struct csa_error *err)
{
    PGresult *r = PQexec(c, sql);
    enum csa_rc rc = CSA_OK;
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        rc = db_fail(c, r, "database error", err);
    PQclear(r);
    return rc;
}

enum csa_rc db_query(PGconn *c, const char *sql, int n, const char *const *params,
                     PGresult **out, struct csa_error *err)
{
    *out = NULL;
    PGresult *r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        enum csa_rc rc = db_fail(c, r, "database error", err);
        PQclear(r);
        return rc;
    }
    *out = r;
    return CSA_OK;
}

enum csa_rc db_query_year(PGconn *c, const char *county, int year, const char *sql,
                          PGresult **out, struct csa_error *err)
{
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    const char *p[2] = {county, y};
    return db_query(c, sql, 2, p, out, err);
}

const char *db_value(const PGresult *res, int i, const char *name)
{
    int col = PQfnumber(res, name);
    return PQgetisnull(res, i, col) ? NULL : PQgetvalue(res, i, col);
}

enum csa_rc db_sync_register(PGconn *c, const struct csa_register *r, int *changed,
                             struct csa_error *err)
{
    struct buf json = {0};
    register_to_json(r, &json);
    const char *p[1] = {json.data};
    PGresult *res = NULL;
    enum csa_rc rc = db_query(c, "SELECT csa.sync_register($1::jsonb)", 1, p, &res, err);
    if (rc != CSA_OK)
        csa_error_set_file(err, r->path);
    else if (changed)
        *changed = PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    buf_free(&json);
    return rc;
}
