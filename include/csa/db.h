/* db.h: the PostgreSQL connection, query helpers and the register's copy in the database.
 * Migrations are migrate.h.
 *
 * The database is named by a libpq connection string, else CSA_DB, else libpq's own
 * defaults (PGHOST, PGDATABASE, ...); nothing here assumes a host. Every helper PQclears
 * what it does not return. One connection belongs to one thread. */
#ifndef CSA_DB_H
#define CSA_DB_H

#include "csa/error.h"
#include "csa/register.h"

#include <libpq-fe.h>
#include <stdio.h>

/* Connects to conninfo (NULL: CSA_DB, else libpq defaults), a key=value string or a URI.
 * The string is parsed first: a malformed one is refused as "the database connection string
 * (--db or CSA_DB) is not valid: ..." with libpq's reason stripped of every quoted fragment.
 * A failed connection is reported in libpq's words, which name host, port, user and
 * database but never the password (any occurrence of it is written "***" all the same).
 * Either way returns NULL with err's code CSA_EENV. The caller PQfinish()es the connection. */
PGconn *db_connect(const char *conninfo, struct csa_error *err);

/* Runs sql, which returns no rows. */
enum csa_rc db_exec(PGconn *c, const char *sql, struct csa_error *err);

/* Runs sql with text parameters; on success *out is the caller's (PQclear). */
enum csa_rc db_query(PGconn *c, const char *sql, int n, const char *const *params,
                     PGresult **out, struct csa_error *err);

/* An SQL expression that, evaluated in any statement of a transaction, makes it commit
 * without waiting for its WAL flush (SET LOCAL synchronous_commit = off, as a function, which
 * also works in the implicit transaction of a pipeline's statements before their Sync): the
 * commit is durable once a later synchronous commit that wrote WAL has been acknowledged. */
#define DB_ASYNC_COMMIT "set_config('synchronous_commit', 'off', true)"

/* Pipeline mode (PQenterPipelineMode): the result of the next statement sent, the NULL that
 * ends its results consumed; the caller PQclears it. NULL when there is none (the connection
 * is gone). A PGRES_PIPELINE_SYNC result is returned as it is. */
PGresult *db_pipeline_result(PGconn *c);

/* Pipeline mode: reads the result of the next Sync; 0 when it is something else (the
 * connection is gone, or the statements sent before it were not all read). */
int db_pipeline_sync(PGconn *c);

/* Pipeline mode: the answer to a statement sent with a Sync of its own (PQpipelineSync after
 * each statement): its result, whatever its status, with the Sync after it read; the caller
 * PQclears it. NULL when the connection is gone or the answers are out of step. */
PGresult *db_pipeline_answer(PGconn *c);

/* Runs sql with $1 the county's code and $2 the plan year (text; cast it in sql). */
enum csa_rc db_query_year(PGconn *c, const char *county, int year, const char *sql,
                          PGresult **out, struct csa_error *err);

/* The value of column name in row i of res as the server sent it, or NULL for SQL NULL. The
 * column must exist (check with PQfnumber first when the query is not fixed). */
const char *db_value(const PGresult *res, int i, const char *name);

/* Makes the database's copy of the register match r (one transaction; nothing written when
 * it already matches). *changed (may be NULL) says whether it wrote. */
enum csa_rc db_sync_register(PGconn *c, const struct csa_register *r, int *changed,
                             struct csa_error *err);

/* The connected role's rights in csa (csa.access_whoami, sql/logic/05_access.sql). */
struct db_access {
    char role[128];
    int owner;  /* owns csa: migrates, manages access */
    int county; /* the owner, or the county unit's right */
    char partnerships[512]; /* as an analyst: "ashford" or "ashford, swale"; "" for none */
};

/* Fills *a for the session's role; the database must be up to date. */
enum csa_rc db_access_read(PGconn *c, struct db_access *a, struct csa_error *err);

/* Fills err from a failed result (or the connection) and returns CSA_EENV. */
enum csa_rc db_fail(PGconn *c, const PGresult *res, const char *what, struct csa_error *err);

#endif
