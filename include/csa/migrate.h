/* migrate.h: bringing a database's csa schema and logic up to date with this binary.
 *
 * sql/ holds two kinds of file, both compiled into the binary (resource.h):
 *   sql/schema/NNN_*.sql  released migrations: tables, indexes, types. Each is applied once, in
 *                         name order, in its own transaction, and recorded in csa.schema_migration
 *                         with the SHA-256 of its text. A released migration never changes: a
 *                         database whose record differs from the file is refused.
 *   sql/logic/NN_*.sql    functions, views and reference rows. Applied as a whole, in name order,
 *                         in one transaction, after every function and view of schema csa has
 *                         been dropped, whenever the (name, SHA-256) pairs recorded in
 *                         csa.schema_logic differ from the binary's. So a database always runs
 *                         the logic of the binary that last migrated it, and an upgrade needs no
 *                         hand-written ALTER FUNCTION.
 * A database migrated by the first release (migrations recorded by name only, schema and logic
 * mixed in sql/00N_*.sql) is adopted: its records are renamed to the files that now hold its
 * tables, and its logic is replaced. */
#ifndef CSA_MIGRATE_H
#define CSA_MIGRATE_H

#include "csa/error.h"

#include <libpq-fe.h>
#include <stddef.h>

/* What migrate_database did: the names of the files it applied, in order (schema migrations,
 * then the logic files when the logic was re-applied). Owned by the struct; migrate_report_free. */
struct migrate_report {
    char **applied;
    size_t napplied;
};

/* Reads what the database has recorded, without writing or locking anything, and compares it
 * with this binary: *behind is set when a schema migration or the logic is to be applied.
 * Fails with CSA_EENV, naming the file in err->file, when a recorded migration differs from
 * its file or is unknown to this binary (a newer csa migrated the database). */
enum csa_rc migrate_check(PGconn *c, int *behind, struct csa_error *err);

/* What the connected role may do: migrate (it owns schema csa, or csa does not exist yet and
 * it may create it), and use csa at all (it has been granted it, or csa does not exist yet). */
struct migrate_role {
    char name[128]; /* current_user */
    int may_migrate, may_use;
};

/* Fills *role from the catalogue (sql/meta/role.sql); reads nothing of csa, writes nothing. */
enum csa_rc migrate_role(PGconn *c, struct migrate_role *role, struct csa_error *err);

/* Applies what migrate_check finds missing, under an advisory lock so that two processes
 * migrating at once apply everything once. rep (may be NULL) lists what was applied; with
 * nothing to do it is empty and nothing is written. On failure the file that failed is named
 * in err->file and everything applied before it stays applied. */
enum csa_rc migrate_database(PGconn *c, struct migrate_report *rep, struct csa_error *err);

/* Frees rep's lists and empties it; harmless on an empty report. */
void migrate_report_free(struct migrate_report *rep);

#endif
