/* test_migrate.c: released migrations checked by hash, logic re-applied when it changed, a
 * database of the first release adopted, and the in-force rule the same in C and SQL. */
#include "dbtest.h"

#include "csa/register.h"

#include <sys/wait.h>
#include <unistd.h>

static const char *kent(void)
{
    return test_path("etl/counties/kent.xml");
}

/* Runs sql on the test connection, failing the test on an error. */
static void exec_sql(const char *sql)
{
    PGresult *r = PQexec(conn, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
}

/* Two Wessex partnerships' submissions and their count table as CSV (caller frees). */
static char *wessex_counts(const char *reg)
{
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county", reg, "counts",
                              "--year", "2011", "--format", "csv", NULL),
                     0);
    return out;
}

static void test_a_fresh_database_records_each_file_with_its_sha256(void **state)
{
    (void)state;
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.schema_migration"), 9);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.schema_migration"
                                       " WHERE sha256 ~ '^[0-9a-f]{64}$'"),
                     9);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.schema_logic"
                                       " WHERE sha256 ~ '^[0-9a-f]{64}$'"),
                     test_scalar(conn, "SELECT count(*) FROM csa.schema_logic"));
    assert_true(test_scalar(conn, "SELECT count(*) FROM csa.schema_logic") >= 4);
}

static void test_an_edited_released_migration_is_refused_with_its_name(void **state)
{
    (void)state;
    exec_sql("UPDATE csa.schema_migration SET sha256 = repeat('0', 64)"
             " WHERE name = 'sql/schema/003_crime.sql'");
    char *err = NULL;
    assert_int_equal(test_csa(NULL, &err, "--db", test_db_conninfo(), "--county", kent(),
                              "status", "--year", "2011", NULL),
                     3);
    assert_non_null(strstr(err, "sql/schema/003_crime.sql: error: this migration was changed "
                                "after the database applied it (sha256 000000000000... recorded"));
    assert_non_null(strstr(err, "a released migration never changes"));
    free(err);
    assert_int_equal(test_csa(NULL, &err, "--db", test_db_conninfo(), "db", "migrate", NULL), 3);
    assert_non_null(strstr(err, "sql/schema/003_crime.sql: error: this migration was changed"));
    free(err);
}

static void test_a_migration_this_csa_does_not_know_is_refused(void **state)
{
    (void)state;
    exec_sql("INSERT INTO csa.schema_migration (name, sha256)"
             " VALUES ('sql/schema/900_later.sql', repeat('a', 64))");
    char *err = NULL;
    assert_int_equal(test_csa(NULL, &err, "--db", test_db_conninfo(), "db", "migrate", NULL), 3);
    assert_non_null(strstr(err, "sql/schema/900_later.sql: error: the database has this "
                                "migration applied, but this csa"));
    assert_non_null(strstr(err, "a newer csa migrated the database"));
    free(err);
}

static void test_changed_logic_is_reapplied_by_the_next_command(void **state)
{
    (void)state;
    const char *reg = wessex_register("wessex.xml", NULL);
    load_wessex(reg, "north", "Tackling ASB;Drug dealing");
    load_wessex(reg, "south", "Tackling ASB");
    char *before = wessex_counts(reg);
    assert_non_null(strstr(before, "asb,ASB,2,no,\n")); /* two of four: not above half */

    /* an older csa's counting: it counts nothing, and it left a function behind */
    exec_sql("CREATE OR REPLACE FUNCTION csa.count_table(c text, y integer)"
             " RETURNS TABLE (priority text, label text, title text, note text, folds_into text,"
             " partnerships integer, total_score numeric, selected boolean, basis text,"
             " members text[], leads text[], ord integer)"
             " LANGUAGE sql STABLE AS $$ SELECT NULL::text, NULL::text, NULL::text, NULL::text,"
             " NULL::text, 0, 0::numeric, false, NULL::text, NULL::text[], NULL::text[], 0"
             " WHERE false $$");
    exec_sql("CREATE FUNCTION csa.left_behind() RETURNS integer LANGUAGE sql AS 'SELECT 1'");
    exec_sql("UPDATE csa.schema_logic SET sha256 = repeat('1', 64)"
             " WHERE name = 'sql/logic/30_counts.sql'");

    char *after = wessex_counts(reg);
    assert_string_equal(after, before);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.schema_logic"
                                       " WHERE sha256 = repeat('1', 64)"),
                     0);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM pg_proc"
                                       " WHERE proname = 'left_behind'"),
                     0);
    free(before);
    free(after);
}

static void test_nothing_is_written_when_the_database_is_up_to_date(void **state)
{
    (void)state;
    exec_sql("UPDATE csa.schema_logic SET applied_at = '2000-01-01'");
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "db", "migrate", NULL), 0);
    assert_string_equal(out, "");
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.schema_logic"
                                       " WHERE applied_at <> '2000-01-01'"),
                     0);
    free(out);
}

/* The state the first release left: migrations recorded by name only, no logic record, the
 * crime type added later missing, its own counting function, and nothing of
 * sql/schema/004_access.sql, 005_register_v2.sql, 006_drafts.sql, 007_period_leads.sql and
 * 008_crime_counts.sql and 009_workbook.sql (which came later). */
static void make_first_release_database(void)
{
    exec_sql("DROP TABLE csa.reg_period_lead, csa.reg_period_addition, csa.reg_workshop_item,"
             " csa.reg_period,"
             " csa.reg_former_name, csa.reg_draws_on, csa.reg_indicator_tie,"
             " csa.reg_crime_type_tie CASCADE;"
             "DROP TABLE csa.access_right; DROP TABLE csa.draft; DROP TABLE csa.crime_count;"
             "ALTER TABLE csa.submission DROP COLUMN loaded_by, DROP COLUMN origin,"
             " DROP COLUMN source_kind, DISABLE ROW LEVEL SECURITY;"
             "ALTER TABLE csa.submission_warning DROP COLUMN cell;"
             "ALTER TABLE csa.submission_priority DROP COLUMN cell CASCADE;"
             "ALTER TABLE csa.submission_theme DROP COLUMN cell CASCADE;"
             "ALTER TABLE csa.schema_migration DROP COLUMN sha256;"
             "DELETE FROM csa.schema_migration;"
             "INSERT INTO csa.schema_migration (name) VALUES ('sql/001_schema.sql'),"
             " ('sql/002_load.sql'), ('sql/003_status.sql'), ('sql/004_counts.sql'),"
             " ('sql/005_run.sql'), ('sql/006_crime.sql');"
             "DROP TABLE csa.schema_logic;"
             "DELETE FROM csa.crime_type WHERE id = 17;"
             "CREATE OR REPLACE FUNCTION csa.in_force(c text, y integer)"
             " RETURNS TABLE (code text, name text, ord integer) LANGUAGE sql STABLE"
             " AS $$ SELECT NULL::text, NULL::text, 0 WHERE false $$");
}

static void test_a_database_of_the_first_release_is_adopted(void **state)
{
    (void)state;
    const char *reg = wessex_register("wessex.xml", NULL);
    load_wessex(reg, "north", "Tackling ASB");
    load_wessex(reg, "west", "Tackling ASB");
    char *before = wessex_counts(reg);
    make_first_release_database();

    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "--db", test_db_conninfo(), "db", "migrate", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    free(err);
    assert_int_equal(rc, 0);
    /* its tables are there already: only what came after it and the logic are applied */
    assert_null(strstr(out, "sql/schema/001"));
    assert_null(strstr(out, "sql/schema/002"));
    assert_null(strstr(out, "sql/schema/003"));
    assert_non_null(strstr(out, "applied sql/schema/004_access.sql\n"
                                "applied sql/schema/005_register_v2.sql\n"
                                "applied sql/schema/006_drafts.sql\n"
                                "applied sql/schema/007_period_leads.sql\n"
                                "applied sql/schema/008_crime_counts.sql\n"
                                "applied sql/schema/009_workbook.sql\napplied sql/logic/"));
    assert_non_null(strstr(out, "applied sql/logic/10_load.sql\n"));
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.schema_migration"
                                       " WHERE name LIKE 'sql/schema/%' AND sha256 IS NOT NULL"),
                     9);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.schema_migration"), 9);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.crime_type WHERE id = 17"), 1);
    char *after = wessex_counts(reg);
    assert_string_equal(after, before);
    free(out);
    free(before);
    free(after);
}

static void test_two_processes_migrating_at_once_apply_everything_once(void **state)
{
    (void)state;
    exec_sql("DROP SCHEMA csa CASCADE");
    pid_t pids[2];
    for (int i = 0; i < 2; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0) {
            execl(CSA_BINARY, "csa", "--db", test_db_conninfo(), "--quiet", "db", "migrate",
                  (char *)NULL);
            _exit(127);
        }
    }
    for (int i = 0; i < 2; i++) {
        int status = 0;
        assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.schema_migration"), 9);
}

/* "In force" is decided in C for validation (no database) and in SQL for counting: the two
 * must agree for every partnership of the Kent register in every year. */
static void test_in_force_means_the_same_in_c_and_in_sql(void **state)
{
    (void)state;
    assert_int_equal(test_csa(NULL, NULL, "--db", test_db_conninfo(), "--county", kent(),
                              "status", "--year", "2011", NULL),
                     0);
    struct csa_register *r = test_kent();
    for (int y = 2003; y <= 2030; y++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT string_agg(code, ',' ORDER BY ord) FROM csa.in_force('%s', %d)", r->code,
                 y);
        PGresult *res = PQexec(conn, sql);
        assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
        char in_c[4096] = "";
        for (size_t i = 0; i < r->npartnerships; i++)
            if (register_in_force(&r->partnerships[i], y))
                snprintf(in_c + strlen(in_c), sizeof in_c - strlen(in_c), "%s%s",
                         in_c[0] ? "," : "", r->partnerships[i].code);
        if (strcmp(in_c, PQgetvalue(res, 0, 0)) != 0)
            fail_msg("%d: C says %s, SQL says %s", y, in_c, PQgetvalue(res, 0, 0));
        PQclear(res);
    }
    register_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_fresh_database_records_each_file_with_its_sha256,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_edited_released_migration_is_refused_with_its_name,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_migration_this_csa_does_not_know_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_changed_logic_is_reapplied_by_the_next_command, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_nothing_is_written_when_the_database_is_up_to_date,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_database_of_the_first_release_is_adopted, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_two_processes_migrating_at_once_apply_everything_once,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_in_force_means_the_same_in_c_and_in_sql, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
