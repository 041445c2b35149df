/* test_status.c: `csa status` against the real database: what the county unit sees before
 * drafting (present and missing partnerships, warnings, the review queue). */
#include "dbtest.h"


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
                                   "applied sql/schema/003_crime.sql\napplied sql/logic/10_load.sql\n"));
    free(out);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
