/* db.c: connection, query helpers, migrations and register sync (see db.h). */
#include "csa/db.h"
#include "csa/buf.h"
#include "csa/resource.h"

#include <stdlib.h>
#include <string.h>

/* libpq messages end with a newline and may run to several lines; keep the first. */
static void first_line(const char *in, char *out, size_t size)
{
    snprintf(out, size, "%s", in ? in : "");
    out[strcspn(out, "\n")] = '\0';
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

/* ---- migrations ----------------------------------------------------------------------- */

#define MIGRATIONS_MAX 128

static enum csa_rc migration_applied(PGconn *c, const char *name, int *applied,
                                     struct csa_error *err)
{
    PGresult *r;
    const char *p[1] = {name};
    enum csa_rc rc = db_query(c, "SELECT 1 FROM csa.schema_migration WHERE name = $1", 1, p, &r,
                              err);
    if (rc == CSA_OK)
        *applied = PQntuples(r) > 0;
    PQclear(r);
    return rc;
}

static enum csa_rc apply_migration(PGconn *c, const struct csa_resource *m, FILE *log,
                                   struct csa_error *err)
{
    const char *p[1] = {m->name};
    PGresult *r = NULL;
    enum csa_rc rc = db_exec(c, "BEGIN", err);
    if (rc == CSA_OK && (rc = db_exec(c, m->data, err)) != CSA_OK)
        snprintf(err->file, sizeof err->file, "%s", m->name);
    if (rc == CSA_OK)
        rc = db_query(c, "INSERT INTO csa.schema_migration (name) VALUES ($1)", 1, p, &r, err);
    PQclear(r);
    if (rc == CSA_OK)
        rc = db_exec(c, "COMMIT", err);
    if (rc != CSA_OK) {
        PQclear(PQexec(c, "ROLLBACK"));
        return rc;
    }
    if (log)
        fprintf(log, "applied %s\n", m->name);
    return CSA_OK;
}

enum csa_rc db_migrate(PGconn *c, FILE *log, struct csa_error *err)
{
    const struct csa_resource *list[MIGRATIONS_MAX];
    size_t n = resource_list("sql/", list, MIGRATIONS_MAX);
    if (n > MIGRATIONS_MAX)
        return csa_fail(err, CSA_EENV, NULL, 0, "too many migrations in sql/ (%zu)", n);
    /* a session lock: held across the per-migration transactions below */
    enum csa_rc rc = db_exec(c, "SELECT pg_advisory_lock(hashtext('csa.migrate'))", err);
    if (rc != CSA_OK)
        return rc;
    rc = db_exec(c,
                 "CREATE SCHEMA IF NOT EXISTS csa;"
                 "CREATE TABLE IF NOT EXISTS csa.schema_migration ("
                 " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                 err);
    for (size_t i = 0; rc == CSA_OK && i < n; i++) {
        int applied = 0;
        rc = migration_applied(c, list[i]->name, &applied, err);
        if (rc == CSA_OK && !applied)
            rc = apply_migration(c, list[i], log, err);
    }
    PQclear(PQexec(c, "SELECT pg_advisory_unlock(hashtext('csa.migrate'))"));
    return rc;
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
        snprintf(err->file, sizeof err->file, "%s", r->path);
    else if (changed)
        *changed = PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    buf_free(&json);
    return rc;
}
