/* test_status.c: `csa status` against the real database: what the county unit sees before
 * drafting (present and missing partnerships, warnings, the review queue). */
#include "dbtest.h"

/* Wessex 2011/12 with north's submission alone, one of its wordings unmapped. */
#define WESSEX_TEXT                                                                          \
    "Wessex, plan year 2011/12\n"                                                             \
    "partnerships with a current submission: 1 of 4\n"                                        \
    "  north                version 1, submitted (no date), from wessex-north.xml, loaded by " \
    "%s from csa load\n"                                                                      \
    "missing: \n"                                                                             \
    "  south                South CSP\n"                                                      \
    "  west                 West CSP\n"                                                       \
    "  central              Central CSP\n"                                                    \
    "warnings held: none\n"                                                                   \
    "unmapped wordings: \n"                                                                   \
    "  wessex-north.xml:8: core \"Knife crime\"; no close match in the register\n"            \
    "  wessex-north.xml:9: core \"Drug misuse in towns\"; closest: Drugs (drugs)\n"         \
    "last runs: none\n"
#define WESSEX_JSON                                                                          \
    "{\"county\":\"Wessex\",\"plan_year\":2011,\"plan_year_label\":\"2011/12\","              \
    "\"in_force\":4,\"submitted\":1,\"sees_all\":true,"                                       \
    "\"partnerships\":["                                                                      \
    "{\"code\":\"north\",\"name\":\"North and East CSP\",\"current\":{\"version\":1,"          \
    "\"submitted\":null,\"source_name\":\"wessex-north.xml\",\"loaded_by\":\"%s\","          \
    "\"origin\":\"csa load\",\"warnings\":0}},"                                                \
    "{\"code\":\"south\",\"name\":\"South CSP\",\"current\":null},"                          \
    "{\"code\":\"west\",\"name\":\"West CSP\",\"current\":null},"                            \
    "{\"code\":\"central\",\"name\":\"Central CSP\",\"current\":null}],"                     \
    "\"missing\":[\"south\",\"west\",\"central\"],"                                             \
    "\"warnings\":[],"                                                                        \
    "\"unmapped\":["                                                                          \
    "{\"file\":\"wessex-north.xml\",\"line\":8,\"what\":\"priority\",\"kind\":\"core\","       \
    "\"wording\":\"Knife crime\",\"closest\":[]},"                                             \
    "{\"file\":\"wessex-north.xml\",\"line\":9,\"what\":\"priority\",\"kind\":\"core\","       \
    "\"wording\":\"Drug misuse in towns\",\"closest\":[{\"id\":\"drugs\",\"label\":\"Drugs\"}]}],"\
    "\"last_runs\":[],\"last_run_not_loaded\":[]}\n"


static char *status(int rc_expected, const char *year)
{
    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "--db", test_db_conninfo(), "--county",
                      test_path("etl/counties/kent.xml"), "status", "--year", year, NULL);
    if (rc != rc_expected)
        fprintf(stderr, "%s", err);
    assert_int_equal(rc, rc_expected);
    free(err);
    return out;
}

static void test_kent_2011_has_eleven_of_eleven_and_nothing_unmapped(void **state)
{
    (void)state;
    load_kent_except(NULL);
    char *out = status(0, "2011");
    assert_non_null(strstr(out, "Kent, plan year 2011/12\n"));
    assert_non_null(strstr(out, "partnerships with a current submission: 11 of 11\n"));
    assert_non_null(strstr(out, "missing: none\n"));
    assert_non_null(strstr(out, "unmapped wordings: none\n"));
    free(out);
}

static void test_the_same_register_expects_twelve_partnerships_in_2021(void **state)
{
    (void)state;
    load_kent_except(NULL);
    char *out = status(0, "2021");
    assert_non_null(strstr(out, "partnerships with a current submission: 0 of 12\n"));
    assert_non_null(strstr(out, "  dartford "));
    assert_non_null(strstr(out, "  gravesham "));
    assert_null(strstr(out, "dartford-gravesham"));
    free(out);
}

static void test_a_missing_partnership_is_named(void **state)
{
    (void)state;
    const char *skip[] = {"swale-2011.xml", NULL};
    load_kent_except(skip);
    char *out = status(0, "2011");
    assert_non_null(strstr(out, "partnerships with a current submission: 10 of 11\n"));
    assert_non_null(strstr(out, "missing: \n  swale "));
    free(out);
}

static void test_an_unmapped_wording_is_listed_with_suggestions(void **state)
{
    (void)state;
    const char *skip[] = {"maidstone-2011.xml", NULL};
    load_kent_except(skip);
    const char *f = maidstone_variant("maidstone-2011.xml", "Substance Misuse</priority>",
                                      "Tackling drug and alcohol misuse in the town</priority>");
    char *err = NULL;
    assert_int_equal(test_csa(NULL, &err, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "load", f, NULL),
                     0);
    free(err);
    char *out = status(0, "2011");
    assert_non_null(strstr(out, "unmapped wordings: \n  maidstone-2011.xml:11: core "
                                "\"Tackling drug and alcohol misuse in the town\"; closest: "
                                "Substance Misuse (substance-misuse)"));
    free(out);
}

static void test_a_warning_held_is_shown_with_its_file_and_line(void **state)
{
    (void)state;
    const char *skip[] = {"maidstone-2011.xml", NULL};
    load_kent_except(skip);
    const char *f = maidstone_variant("maidstone-2011.xml", "difference=\"-141\"",
                                      "difference=\"-140\"");
    assert_int_equal(test_csa(NULL, NULL, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "load", f, NULL),
                     0);
    char *out = status(0, "2011");
    assert_non_null(strstr(out, "(1 warning)"));
    assert_non_null(strstr(out, "warnings held: \n  maidstone-2011.xml:24: warning: category "
                                "\"Violent Crime\" difference -140"));
    free(out);
}

static void test_status_without_a_year_is_a_usage_error(void **state)
{
    (void)state;
    char *err = NULL;
    assert_int_equal(test_csa(NULL, &err, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "status", NULL),
                     2);
    assert_non_null(strstr(err, "status needs --year Y\nTry \"csa --help\"."));
    free(err);
}

static void test_migrating_twice_applies_nothing_the_second_time(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "db", "migrate", NULL), 0);
    assert_string_equal(out, ""); /* the setup migrated already */
    free(out);
    assert_int_equal(test_scalar(conn, "DROP SCHEMA csa CASCADE; SELECT 0"), 0);
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "db", "migrate", NULL), 0);
    assert_non_null(strstr(out, "applied sql/schema/001_schema.sql\napplied sql/schema/002_run.sql\n"
                                   "applied sql/schema/003_crime.sql\napplied sql/schema/004_access.sql\n"
                                   "applied sql/schema/005_register_v2.sql\n"
                                   "applied sql/schema/006_drafts.sql\n"
                                   "applied sql/schema/007_period_leads.sql\n"
                                   "applied sql/schema/008_crime_counts.sql\n"
                                   "applied sql/schema/009_workbook.sql\n"
                                   "applied sql/logic/05_access.sql\napplied sql/logic/10_load.sql\n"));
    free(out);
}

/* csa status for Wessex's 2011/12 (--format FORMAT), exit 0. */
static char *wessex_status(const char *reg, const char *format)
{
    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "--db", test_db_conninfo(), "--county", reg, "status", "--year",
                      "2011", "--format", format, NULL);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    assert_int_equal(rc, 0);
    free(err);
    return out;
}

static void test_status_as_json_carries_what_the_text_shows(void **state)
{
    (void)state;
    const char *reg = wessex_register("wessex.xml", NULL);
    load_wessex(reg, "north", "Tackling ASB;Drugs;Knife crime;Drug misuse in towns");
    char *text = wessex_status(reg, "text");
    char *json = wessex_status(reg, "json");
    /* the audit names the role that loaded the file: the test's own */
    char role[128], want[4096];
    PGresult *r = PQexec(conn, "SELECT session_user");
    snprintf(role, sizeof role, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    snprintf(want, sizeof want, WESSEX_TEXT, role);
    assert_string_equal(text, want);
    assert_true(test_json_parses(json));
    snprintf(want, sizeof want, WESSEX_JSON, role);
    assert_string_equal(json, want);
    free(text);
    free(json);
}

static void test_status_after_a_run_shows_the_run_in_text_and_json(void **state)
{
    (void)state;
    const char *reg = wessex_register("wessex.xml", NULL);
    char *text = wessex_status(reg, "text"); /* syncs the register: the county exists */
    assert_int_equal(test_scalar(conn, "INSERT INTO csa.run (county, inbox, jobs, started_at,"
                                       " finished_at, outcome, seen, rejected)"
                                       " VALUES ('E10000099', '/in', 1, '2011-05-02 02:30',"
                                       " '2011-05-02 02:31', 'rejections', 1, 1);"
                                       "INSERT INTO csa.run_file (run, name, outcome, messages)"
                                       " VALUES (1, 'bad \"one\".xml', 'rejected', 'x');"
                                       "SELECT 0"), 0);
    free(text);
    text = wessex_status(reg, "text");
    char *json = wessex_status(reg, "json");
    assert_non_null(strstr(text, "last runs: \n  run 1 at 2011-05-02 02:30: rejections; 1 files: "
                                 "0 loaded, 0 unchanged, 1 rejected, 0 waiting, 0 skipped\n"
                                 "    rejected bad \"one\".xml: (left in the inbox)\n"));
    assert_true(test_json_parses(json));
    assert_non_null(strstr(json, "\"last_runs\":[{\"id\":1,\"started_at\":\"2011-05-02 02:30\","
                                 "\"outcome\":\"rejections\",\"seen\":1,\"loaded\":0,"
                                 "\"unchanged\":0,\"rejected\":1,\"waiting\":0,\"skipped\":0}],"
                                 "\"last_run_not_loaded\":[{\"name\":\"bad \\\"one\\\".xml\","
                                 "\"outcome\":\"rejected\",\"moved_to\":null}]}\n"));
    free(text);
    free(json);
}

static void test_status_in_csv_is_a_usage_error(void **state)
{
    (void)state;
    char *err = NULL;
    assert_int_equal(test_csa(NULL, &err, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "status", "--year", "2011",
                              "--format", "csv", NULL),
                     2);
    assert_string_equal(err, "csa: --format for status is text or json, not \"csv\"\n"
                             "Try \"csa --help\".\n");
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kent_2011_has_eleven_of_eleven_and_nothing_unmapped,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_same_register_expects_twelve_partnerships_in_2021,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_missing_partnership_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_unmapped_wording_is_listed_with_suggestions,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_warning_held_is_shown_with_its_file_and_line,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_without_a_year_is_a_usage_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_migrating_twice_applies_nothing_the_second_time,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_as_json_carries_what_the_text_shows, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_status_after_a_run_shows_the_run_in_text_and_json,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_in_csv_is_a_usage_error, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
