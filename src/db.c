/* db.c: connection, query helpers and register sync (see db.h); migrations are migrate.c. */
#include "csa/db.h"
#include "csa/buf.h"
#include "csa/utf8.h"

#include <stdio.h>
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

/* Rewrites libpq's reason for refusing a connection string so that it holds nothing of the
 * string: every quoted fragment becomes "...", except a lone punctuation mark that libpq
 * quotes as what it expected ("=", "]", ":", "/"), which tells the user what to fix. */
static void conninfo_reason(const char *in, char *out, size_t size)
{
    size_t o = 0;
    for (const char *p = in ? in : ""; *p && *p != '\n' && o + 6 < size; p++) {
        const char *close = *p == '"' ? strchr(p + 1, '"') : NULL;
        if (close == NULL) {
            out[o++] = *p;
            continue;
        }
        if (close == p + 2 && strchr("=]:/", p[1]) != NULL)
            o += (size_t)snprintf(out + o, size - o, "\"%c\"", p[1]);
        else
            o += (size_t)snprintf(out + o, size - o, "\"...\"");
        p = close;
    }
    out[o] = '\0';
}

/* Copies in to out (size bytes), writing "***" for each occurrence of secret: the last line
 * of defence, should libpq or a server ever echo a value given as a password. */
static void scrub(const char *in, const char *secret, char *out, size_t size)
{
    size_t n = secret ? strlen(secret) : 0, o = 0;
    while (*in && o + 1 < size) {
        if (n > 0 && strncmp(in, secret, n) == 0) {
            if (o + 4 > size)
                break;
            memcpy(out + o, "***", 3);
            o += 3;
            in += n;
        } else {
            out[o++] = *in++;
        }
    }
    out[o] = '\0';
}

/* The password that opts (from PQconninfoParse) gives, or NULL. */
static const char *conninfo_password(const PQconninfoOption *opts)
{
    for (const PQconninfoOption *o = opts; o && o->keyword; o++)
        if (strcmp(o->keyword, "password") == 0 && o->val && o->val[0])
            return o->val;
    return NULL;
}

PGconn *db_connect(const char *conninfo, struct csa_error *err)
{
    if (conninfo == NULL)
        conninfo = getenv("CSA_DB");
    if (conninfo == NULL)
        conninfo = "";
    /* Parsed before use, so a malformed string is reported without its contents: libpq's
     * own message quotes the words it could not read, and they may be the password. */
    char *why = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &why);
    if (opts == NULL) {
        char reason[512];
        conninfo_reason(why ? why : "out of memory", reason, sizeof reason);
        PQfreemem(why);
        csa_fail(err, CSA_EENV, NULL, 0,
                 "the database connection string (--db or CSA_DB) is not valid: %s", reason);
        return NULL;
    }
    const char *keys[] = {"dbname", "application_name", NULL};
    const char *vals[] = {conninfo, "csa", NULL};
    PGconn *c = PQconnectdbParams(keys, vals, 1); /* expand_dbname: conninfo may be a URI */
    if (PQstatus(c) != CONNECTION_OK) {
        char msg[768], clean[768];
        first_line(PQerrorMessage(c), msg, sizeof msg);
        scrub(msg, conninfo_password(opts), clean, sizeof clean);
        scrub(clean, getenv("PGPASSWORD"), msg, sizeof msg);
        csa_fail(err, CSA_EENV, NULL, 0, "could not connect to the database: %s", msg);
        PQfinish(c);
        PQconninfoFree(opts);
        return NULL;
    }
    PQconninfoFree(opts);
    /* notices (e.g. "relation already exists, skipping") are not for the user; JIT compiling
     * costs csa's queries more than it saves (a draft's counting queries are planned at
     * costs above jit_above_cost, then spend 80 ms a query compiling for a few ms of work) */
    PGresult *r = PQexec(c, "SET client_min_messages = warning; SET jit = off");
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

PGresult *db_pipeline_result(PGconn *c)
{
    PGresult *r = PQgetResult(c);
    if (r == NULL || PQresultStatus(r) == PGRES_PIPELINE_SYNC)
        return r; /* a sync has no NULL after it */
    PGresult *end = PQgetResult(c); /* the NULL that ends the statement's results */
    PQclear(end);
    return r;
}

int db_pipeline_sync(PGconn *c)
{
    PGresult *r = PQgetResult(c);
    int ok = r != NULL && PQresultStatus(r) == PGRES_PIPELINE_SYNC;
    PQclear(r);
    return ok;
}

PGresult *db_pipeline_answer(PGconn *c)
{
    PGresult *r = db_pipeline_result(c);
    if (r != NULL && PQresultStatus(r) != PGRES_PIPELINE_SYNC && db_pipeline_sync(c) &&
        PQstatus(c) == CONNECTION_OK)
        return r;
    PQclear(r);
    return NULL;
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

enum csa_rc db_access_read(PGconn *c, struct db_access *a, struct csa_error *err)
{
    memset(a, 0, sizeof *a);
    PGresult *r = NULL;
    enum csa_rc rc = db_query(c, "SELECT * FROM csa.access_whoami()", 0, NULL, &r, err);
    if (rc == CSA_OK && PQntuples(r) == 1) {
        const char *parts = db_value(r, 0, "partnerships"), *role = db_value(r, 0, "role");
        const char *owner = db_value(r, 0, "owner"), *county = db_value(r, 0, "county");
        /* a role name is at most 63 bytes (NAMEDATALEN), so it always fits */
        utf8_copy(a->role, sizeof a->role, role ? role : "", role ? strlen(role) : 0);
        utf8_copy(a->partnerships, sizeof a->partnerships, parts ? parts : "",
                  parts ? strlen(parts) : 0);
        a->owner = owner && owner[0] == 't';
        a->county = county && county[0] == 't';
    } else if (rc == CSA_OK) {
        rc = csa_fail(err, CSA_EENV, NULL, 0, "could not read this role's rights");
    }
    PQclear(r);
    return rc;
}
