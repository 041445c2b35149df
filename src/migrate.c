/* migrate.c: schema migrations applied once and checked by hash, logic re-applied whole
 * (see migrate.h).
 *
 * Checking comes first and writes nothing, so a database that is up to date costs two small
 * queries and takes no lock. Only when something is to do is the advisory lock taken; the
 * state is then read again, since another process may have done it while we waited. */
#include "csa/migrate.h"
#include "csa/buf.h"
#include "csa/db.h"
#include "csa/resource.h"
#include "csa/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILES_MAX 256

/* The first release recorded its files sql/00N_*.sql by name only. Each is adopted as the
 * file that holds its tables now, or dropped when it held only logic. */
static const struct {
    const char *old, *now;
} first_release[] = {
    {"sql/001_schema.sql", "sql/schema/001_schema.sql"},
    {"sql/002_load.sql", NULL},
    {"sql/003_status.sql", NULL},
    {"sql/004_counts.sql", NULL},
    {"sql/005_run.sql", "sql/schema/002_run.sql"},
    {"sql/006_crime.sql", "sql/schema/003_crime.sql"},
};
#define FIRST_RELEASE (sizeof first_release / sizeof *first_release)

/* The binary's files of one kind, sorted by name. */
struct files {
    const struct csa_resource *v[FILES_MAX];
    size_t n;
};

/* What the database recorded: a name and its hash (NULL: recorded by the first release). */
struct records {
    char **name, **sha256;
    size_t n;
};

/* The database's record of both kinds. */
struct state {
    struct records schema, logic;
};

static enum csa_rc files_of(const char *prefix, struct files *f, struct csa_error *err)
{
    f->n = resource_list(prefix, f->v, FILES_MAX);
    if (f->n > FILES_MAX)
        return csa_fail(err, CSA_EENV, NULL, 0, "too many files in %s (%zu)", prefix, f->n);
    return CSA_OK;
}

static const struct csa_resource *file_named(const struct files *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->v[i]->name, name) == 0)
            return f->v[i];
    return NULL;
}

static int recorded(const struct records *r, const char *name)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->name[i], name) == 0)
            return 1;
    return 0;
}

static void records_free(struct records *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->name[i]);
        free(r->sha256[i]);
    }
    free(r->name);
    free(r->sha256);
    memset(r, 0, sizeof *r);
}

static void state_free(struct state *s)
{
    records_free(&s->schema);
    records_free(&s->logic);
}

/* Runs sql (returning name and sha256 columns) into *out. */
static enum csa_rc read_records(PGconn *c, const char *sql, struct records *out,
                                struct csa_error *err)
{
    PGresult *r = NULL;
    enum csa_rc rc = db_query(c, sql, 0, NULL, &r, err);
    if (rc != CSA_OK)
        return rc;
    int fname = PQfnumber(r, "name"), fsha = PQfnumber(r, "sha256");
    out->n = (size_t)PQntuples(r);
    out->name = xcalloc(out->n + 1, sizeof *out->name);
    out->sha256 = xcalloc(out->n + 1, sizeof *out->sha256);
    for (size_t i = 0; i < out->n; i++) {
        out->name[i] = xstrdup(PQgetvalue(r, (int)i, fname));
        if (!PQgetisnull(r, (int)i, fsha))
            out->sha256[i] = xstrdup(PQgetvalue(r, (int)i, fsha));
    }
    PQclear(r);
    return CSA_OK;
}

/* Reads both records; a table the database does not have yet reads as empty. */
static enum csa_rc read_state(PGconn *c, struct state *st, struct csa_error *err)
{
    memset(st, 0, sizeof *st);
    PGresult *r = NULL;
    enum csa_rc rc = db_query(c, resource_get("sql/meta/state.sql")->data, 0, NULL, &r, err);
    if (rc != CSA_OK)
        return rc;
    int has_migration = PQgetvalue(r, 0, PQfnumber(r, "migration"))[0] == 't';
    int has_logic = PQgetvalue(r, 0, PQfnumber(r, "logic"))[0] == 't';
    int hashed = PQgetvalue(r, 0, PQfnumber(r, "hashed"))[0] == 't';
    PQclear(r);
    if (has_migration)
        rc = read_records(c,
                          hashed ? "SELECT name, sha256 FROM csa.schema_migration ORDER BY name"
                                 : "SELECT name, NULL AS sha256 FROM csa.schema_migration",
                          &st->schema, err);
    if (rc == CSA_OK && has_logic)
        rc = read_records(c, "SELECT name, sha256 FROM csa.schema_logic ORDER BY name",
                          &st->logic, err);
    if (rc != CSA_OK)
        state_free(st);
    return rc;
}

static int first_release_name(const char *name)
{
    for (size_t i = 0; i < FIRST_RELEASE; i++)
        if (strcmp(first_release[i].old, name) == 0)
            return 1;
    return 0;
}

/* Refuses a recorded migration this binary does not have or has with other text. */
static enum csa_rc check_schema_record(const struct files *schema, const char *name,
                                       const char *sha256, struct csa_error *err)
{
    const struct csa_resource *f = sha256 ? file_named(schema, name) : NULL;
    if (sha256 ? f == NULL : !first_release_name(name))
        return csa_fail(err, CSA_EENV, name, 0,
                        "the database has this migration applied, but this csa (version %s) "
                        "does not know it: a newer csa migrated the database, so upgrade csa",
                        CSA_VERSION);
    if (f && strcmp(f->sha256, sha256) != 0)
        return csa_fail(err, CSA_EENV, name, 0,
                        "this migration was changed after the database applied it (sha256 "
                        "%.12s... recorded, %.12s... in this csa); a released migration never "
                        "changes, so its change belongs in a new migration",
                        sha256, f->sha256);
    return CSA_OK;
}

static int logic_differs(const struct files *logic, const struct records *r)
{
    if (r->n != logic->n)
        return 1;
    for (size_t i = 0; i < r->n; i++) /* both sorted by name */
        if (strcmp(r->name[i], logic->v[i]->name) != 0 ||
            strcmp(r->sha256[i], logic->v[i]->sha256) != 0)
            return 1;
    return 0;
}

/* Compares the database's record with the binary's files: refuses what must not be, and sets
 * *behind when a migration or the logic is to be applied. */
static enum csa_rc compare(const struct state *st, const struct files *schema,
                           const struct files *logic, int *behind, struct csa_error *err)
{
    *behind = logic_differs(logic, &st->logic);
    for (size_t i = 0; i < st->schema.n; i++) {
        enum csa_rc rc = check_schema_record(schema, st->schema.name[i], st->schema.sha256[i],
                                             err);
        if (rc != CSA_OK)
            return rc;
        *behind |= st->schema.sha256[i] == NULL; /* to adopt */
    }
    for (size_t i = 0; i < schema->n; i++)
        *behind |= !recorded(&st->schema, schema->v[i]->name);
    return CSA_OK;
}

static enum csa_rc binary_files(struct files *schema, struct files *logic,
                                struct csa_error *err)
{
    enum csa_rc rc = files_of("sql/schema/", schema, err);
    return rc == CSA_OK ? files_of("sql/logic/", logic, err) : rc;
}

enum csa_rc migrate_check(PGconn *c, int *behind, struct csa_error *err)
{
    struct files schema, logic;
    struct state st;
    enum csa_rc rc = binary_files(&schema, &logic, err);
    if (rc == CSA_OK && (rc = read_state(c, &st, err)) == CSA_OK) {
        rc = compare(&st, &schema, &logic, behind, err);
        state_free(&st);
    }
    return rc;
}

enum csa_rc migrate_role(PGconn *c, struct migrate_role *role, struct csa_error *err)
{
    memset(role, 0, sizeof *role);
    PGresult *r = NULL;
    enum csa_rc rc = db_query(c, resource_get("sql/meta/role.sql")->data, 0, NULL, &r, err);
    if (rc == CSA_OK && PQntuples(r) == 1) {
        snprintf(role->name, sizeof role->name, "%s", db_value(r, 0, "role"));
        role->may_migrate = db_value(r, 0, "may_migrate")[0] == 't';
        role->may_use = db_value(r, 0, "may_use")[0] == 't';
    } else if (rc == CSA_OK) {
        rc = csa_fail(err, CSA_EENV, NULL, 0, "could not read what this role may do");
    }
    PQclear(r);
    return rc;
}

/* ---- applying -------------------------------------------------------------------------- */

static void report_add(struct migrate_report *rep, const char *name)
{
    if (rep == NULL)
        return;
    rep->applied = xrealloc(rep->applied, (rep->napplied + 1) * sizeof *rep->applied);
    rep->applied[rep->napplied++] = xstrdup(name);
}

/* Runs the embedded file name; a failure is reported against it. */
static enum csa_rc run_file(PGconn *c, const struct csa_resource *f, struct csa_error *err)
{
    enum csa_rc rc = db_exec(c, f->data, err);
    if (rc != CSA_OK)
        csa_error_set_file(err, f->name);
    return rc;
}

/* Runs sql with the given text parameters, expecting no rows. */
static enum csa_rc exec_params(PGconn *c, const char *sql, int n, const char *const *p,
                               struct csa_error *err)
{
    PGresult *r = NULL;
    enum csa_rc rc = db_query(c, sql, n, p, &r, err);
    PQclear(r);
    return rc;
}

static enum csa_rc commit_or_roll_back(PGconn *c, enum csa_rc rc, struct csa_error *err)
{
    if (rc == CSA_OK)
        return db_exec(c, "COMMIT", err);
    PQclear(PQexec(c, "ROLLBACK"));
    return rc;
}

/* Renames the first release's records to the files that hold their tables now, with those
 * files' hashes, in one transaction. */
static enum csa_rc adopt_first_release(PGconn *c, const struct files *schema,
                                       struct csa_error *err)
{
    enum csa_rc rc = db_exec(c, "BEGIN", err);
    for (size_t i = 0; rc == CSA_OK && i < FIRST_RELEASE; i++) {
        const struct csa_resource *f =
            first_release[i].now ? file_named(schema, first_release[i].now) : NULL;
        const char *p[3] = {first_release[i].old, f ? f->name : NULL, f ? f->sha256 : NULL};
        rc = f ? exec_params(c,
                             "UPDATE csa.schema_migration SET name = $2, sha256 = $3"
                             " WHERE name = $1 AND sha256 IS NULL",
                             3, p, err)
               : exec_params(c,
                             "DELETE FROM csa.schema_migration WHERE name = $1 AND sha256 IS NULL",
                             1, p, err);
    }
    return commit_or_roll_back(c, rc, err);
}

/* Applies one schema migration and its record in one transaction. */
static enum csa_rc apply_schema(PGconn *c, const struct csa_resource *f, struct csa_error *err)
{
    const char *p[2] = {f->name, f->sha256};
    enum csa_rc rc = db_exec(c, "BEGIN", err);
    if (rc == CSA_OK)
        rc = run_file(c, f, err);
    if (rc == CSA_OK)
        rc = exec_params(c, "INSERT INTO csa.schema_migration (name, sha256) VALUES ($1, $2)",
                         2, p, err);
    return commit_or_roll_back(c, rc, err);
}

/* Drops every function and view of csa and applies all of sql/logic, with its record, in one
 * transaction: a failure leaves the logic as it was. */
static enum csa_rc apply_logic(PGconn *c, const struct files *logic, struct migrate_report *rep,
                               struct csa_error *err)
{
    const struct csa_resource *drop = resource_get("sql/meta/drop_logic.sql");
    enum csa_rc rc = db_exec(c, "BEGIN", err);
    if (rc == CSA_OK)
        rc = run_file(c, drop, err);
    for (size_t i = 0; rc == CSA_OK && i < logic->n; i++)
        rc = run_file(c, logic->v[i], err);
    if (rc == CSA_OK)
        rc = db_exec(c, "DELETE FROM csa.schema_logic", err);
    for (size_t i = 0; rc == CSA_OK && i < logic->n; i++) {
        const char *p[2] = {logic->v[i]->name, logic->v[i]->sha256};
        rc = exec_params(c, "INSERT INTO csa.schema_logic (name, sha256) VALUES ($1, $2)", 2, p,
                         err);
    }
    rc = commit_or_roll_back(c, rc, err);
    for (size_t i = 0; rc == CSA_OK && i < logic->n; i++)
        report_add(rep, logic->v[i]->name);
    return rc;
}

/* Everything migrate_check finds to do; the caller holds the advisory lock. */
static enum csa_rc apply_locked(PGconn *c, struct migrate_report *rep, struct csa_error *err)
{
    struct files schema, logic;
    struct state st = {0};
    int behind = 0;
    enum csa_rc rc = binary_files(&schema, &logic, err);
    if (rc == CSA_OK)
        rc = run_file(c, resource_get("sql/meta/bookkeeping.sql"), err);
    if (rc == CSA_OK)
        rc = adopt_first_release(c, &schema, err);
    if (rc == CSA_OK && (rc = read_state(c, &st, err)) == CSA_OK)
        rc = compare(&st, &schema, &logic, &behind, err);
    for (size_t i = 0; rc == CSA_OK && i < schema.n; i++) {
        if (recorded(&st.schema, schema.v[i]->name))
            continue;
        if ((rc = apply_schema(c, schema.v[i], err)) == CSA_OK)
            report_add(rep, schema.v[i]->name);
    }
    if (rc == CSA_OK && logic_differs(&logic, &st.logic))
        rc = apply_logic(c, &logic, rep, err);
    state_free(&st);
    return rc;
}

enum csa_rc migrate_database(PGconn *c, struct migrate_report *rep, struct csa_error *err)
{
    int behind = 0;
    enum csa_rc rc = migrate_check(c, &behind, err);
    if (rc != CSA_OK || !behind)
        return rc;
    /* a session lock, held across the transactions of apply_locked */
    if ((rc = db_exec(c, "SELECT pg_advisory_lock(hashtext('csa.migrate'))", err)) != CSA_OK)
        return rc;
    rc = apply_locked(c, rep, err);
    PQclear(PQexec(c, "SELECT pg_advisory_unlock(hashtext('csa.migrate'))"));
    return rc;
}

void migrate_report_free(struct migrate_report *rep)
{
    for (size_t i = 0; i < rep->napplied; i++)
        free(rep->applied[i]);
    free(rep->applied);
    rep->applied = NULL;
    rep->napplied = 0;
}
