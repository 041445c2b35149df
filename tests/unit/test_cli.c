/* test_cli.c: the command line's rules that need no database: numbers are parsed strictly,
 * an option a command does not take is a usage error, and --quiet leaves only problems.
 * Each runs the real csa_main and asserts what a user reads. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

/* Runs csa with the arguments; asserts exit code 2 and that stderr is exactly message
 * followed by the usual hint. */
#define assert_usage(message, ...)                                                          \
    do {                                                                                     \
        char *out_ = NULL, *err_ = NULL;                                                     \
        assert_int_equal(test_csa(&out_, &err_, __VA_ARGS__, NULL), 2);                      \
        assert_string_equal(err_, "csa: " message "\nTry \"csa --help\".\n");                \
        assert_string_equal(out_, "");                                                       \
        free(out_);                                                                          \
        free(err_);                                                                          \
    } while (0)

static void test_jobs_with_a_letter_after_the_number_is_a_usage_error(void **state)
{
    (void)state;
    assert_usage("--jobs takes a number of workers from 1 to 256, not \"4x\"", "run", "--inbox",
                 "in", "--out", "out", "--jobs", "4x");
}

static void test_settle_written_with_a_unit_is_a_usage_error(void **state)
{
    (void)state;
    assert_usage("--settle takes a number of seconds, not \"5s\"", "run", "--inbox", "in",
                 "--out", "out", "--settle", "5s");
}

static void test_a_year_with_a_letter_after_it_is_a_usage_error(void **state)
{
    (void)state;
    assert_usage("--year takes a start year such as 2011, not \"2011x\"", "status", "--year",
                 "2011x");
}

static void test_numbers_with_a_sign_or_a_space_are_usage_errors(void **state)
{
    (void)state;
    assert_usage("--jobs takes a number of workers from 1 to 256, not \"+2\"", "crime", "load",
                 "x.csv", "--jobs", "+2");
    assert_usage("--jobs takes a number of workers from 1 to 256, not \" 2\"", "crime", "load",
                 "x.csv", "--jobs", " 2");
    assert_usage("--settle takes a number of seconds, not \"-1\"", "run", "--inbox", "in",
                 "--out", "out", "--settle=-1");
    assert_usage("--jobs takes a number of workers from 1 to 256, not \"257\"", "run", "--jobs",
                 "257");
}

static void test_an_option_a_command_does_not_take_is_a_usage_error(void **state)
{
    (void)state;
    assert_usage("status does not take --jobs", "status", "--year", "2011", "--jobs", "2");
    assert_usage("validate does not take --year", "--year", "2011", "validate", "a.xml");
    assert_usage("crime load does not take --format", "crime", "load", "x.csv", "--format",
                 "csv");
    assert_usage("counts does not take --inbox", "counts", "--year", "2011", "--inbox", "in");
    assert_usage("db migrate does not take --skip-bad-rows", "db", "migrate", "--skip-bad-rows");
}

static void test_status_and_run_take_text_or_json_only(void **state)
{
    (void)state;
    assert_usage("--format for status is text or json, not \"csv\"", "status", "--year", "2011",
                 "--format", "csv");
    assert_usage("--format for run is text or json, not \"html\"", "run", "--inbox", "in",
                 "--out", "out", "--format", "html");
}

static void test_quiet_validate_prints_problems_and_no_summary_line(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    const char *kent = test_path("etl/counties/kent.xml");
    const char *good = test_path("etl/samples/kent-2011/swale-2011.xml");
    const char *bad = test_path("tests/data/bad/kind-missing.xml");
    assert_int_equal(test_csa(&out, &err, "--county", kent, "validate", good, bad, NULL), 1);
    assert_non_null(strstr(out, "valid "));
    assert_non_null(strstr(out, "invalid "));
    char *loud_err = err;
    free(out);
    assert_int_equal(test_csa(&out, &err, "--county", kent, "--quiet", "validate", good, bad,
                              NULL),
                     1);
    assert_string_equal(out, "");
    assert_string_equal(err, loud_err); /* the problems, exactly as without --quiet */
    assert_non_null(strstr(err, "kind-missing.xml:"));
    free(out);
    free(err);
    free(loud_err);
}

static void test_the_help_defines_quiet_once_for_every_command(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--help", NULL), 0);
    const char *q = strstr(out, "-q, --quiet");
    assert_non_null(q);
    assert_null(strstr(q + strlen("-q, --quiet"), "--quiet"));
    assert_non_null(strstr(out, "status --year Y [--format text|json]"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jobs_with_a_letter_after_the_number_is_a_usage_error),
        cmocka_unit_test(test_settle_written_with_a_unit_is_a_usage_error),
        cmocka_unit_test(test_a_year_with_a_letter_after_it_is_a_usage_error),
        cmocka_unit_test(test_numbers_with_a_sign_or_a_space_are_usage_errors),
        cmocka_unit_test(test_an_option_a_command_does_not_take_is_a_usage_error),
        cmocka_unit_test(test_status_and_run_take_text_or_json_only),
        cmocka_unit_test(test_quiet_validate_prints_problems_and_no_summary_line),
        cmocka_unit_test(test_the_help_defines_quiet_once_for_every_command),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
