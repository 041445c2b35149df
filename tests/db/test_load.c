/* test_load.c: loading submissions into the real (throwaway) PostgreSQL: all or nothing,
 * versioned, the same bytes twice a no-op, warnings kept. */
#include "dbtest.h"

#include "csa/load.h"
#include "csa/validate.h"


static int load_file(const char *path, char **out, char **err)
{
    return test_csa(out, err, "--db", test_db_conninfo(), "--county",
                    test_path("etl/counties/kent.xml"), "load", path, NULL);
}

static void test_the_kent_sample_loads_one_current_version_each(void **state)
{
    (void)state;
    load_kent_except(NULL);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 11);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission WHERE is_current"),
                     11);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission_priority sp "
                                       "JOIN csa.submission s ON s.id = sp.submission "
                                       "WHERE s.partnership = 'maidstone'"),
                     6);
}

static void test_loading_the_same_bytes_again_changes_nothing(void **state)
{
    (void)state;
    load_kent_except(NULL);
    long before = test_scalar(conn, "SELECT count(*) FROM csa.submission_priority");
    char *out = NULL;
    assert_int_equal(load_file(sample("maidstone-2011.xml"), &out, NULL), 0);
    assert_non_null(strstr(out, "unchanged "));
    assert_non_null(strstr(out, "maidstone 2011/12 version 1"));
    free(out);
    /* the same bytes under another name are still the same submission */
    const char *copy = maidstone_variant("copy-of-maidstone.xml", "<", "<");
    assert_int_equal(load_file(copy, &out, NULL), 0);
    assert_non_null(strstr(out, "unchanged "));
    free(out);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 11);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission_priority"), before);
}

static void test_a_changed_version_supersedes_and_history_keeps_both(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *v2 = maidstone_variant("maidstone-v2.xml", "<submitted>2010-11-23</submitted>",
                                       "<submitted>2010-12-01</submitted>");
    char *out = NULL;
    assert_int_equal(load_file(v2, &out, NULL), 0);
    assert_non_null(strstr(out, "loaded "));
    assert_non_null(strstr(out, "maidstone 2011/12 version 2"));
    free(out);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission "
                                       "WHERE partnership = 'maidstone'"),
                     2);
    assert_int_equal(test_scalar(conn, "SELECT version FROM csa.submission "
                                       "WHERE partnership = 'maidstone' AND is_current"),
                     2);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission "
                                       "WHERE source_name = 'maidstone-2011.xml' "
                                       "AND NOT is_current"),
                     1);
}

static void test_an_earlier_sign_off_loaded_later_does_not_become_current(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *old = maidstone_variant("maidstone-draft.xml", "<submitted>2010-11-23</submitted>",
                                        "<submitted>2010-10-01</submitted>");
    char *out = NULL;
    assert_int_equal(load_file(old, &out, NULL), 0);
    assert_non_null(strstr(out, "version 2 (not current: version 1 is later)"));
    free(out);
    assert_int_equal(test_scalar(conn, "SELECT version FROM csa.submission "
                                       "WHERE partnership = 'maidstone' AND is_current"),
                     1);
}

static void test_a_file_refused_on_its_fifth_row_leaves_nothing_behind(void **state)
{
    (void)state;
    /* the database refuses the fifth priority row of any submission */
    PQclear(PQexec(conn, "CREATE FUNCTION csa.refuse_fifth() RETURNS trigger LANGUAGE plpgsql "
                         "AS $$ BEGIN IF NEW.ord = 5 THEN RAISE EXCEPTION 'refusing row 5'; "
                         "END IF; RETURN NEW; END $$"));
    PQclear(PQexec(conn, "CREATE TRIGGER refuse_fifth BEFORE INSERT ON csa.submission_priority "
                         "FOR EACH ROW EXECUTE FUNCTION csa.refuse_fifth()"));
    char *err = NULL;
    int rc = load_file(sample("maidstone-2011.xml"), NULL, &err);
    assert_int_equal(rc, 3);
    assert_non_null(strstr(err, "maidstone-2011.xml: error: could not store the submission"));
    assert_non_null(strstr(err, "refusing row 5"));
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 0);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission_priority"), 0);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.crime_category"), 0);
    PQclear(PQexec(conn, "DROP TRIGGER refuse_fifth ON csa.submission_priority"));
    /* and the same file loads cleanly afterwards, as version 1 */
    char *out = NULL;
    assert_int_equal(load_file(sample("maidstone-2011.xml"), &out, NULL), 0);
    assert_non_null(strstr(out, "version 1"));
    free(out);
}

static void test_warnings_are_kept_with_the_loaded_submission(void **state)
{
    (void)state;
    const char *w = maidstone_variant("maidstone-warn.xml", "difference=\"-141\"",
                                      "difference=\"-140\"");
    char *out = NULL, *err = NULL;
    assert_int_equal(load_file(w, &out, &err), 0);
    assert_non_null(strstr(out, "loaded "));
    assert_non_null(strstr(err, "maidstone-warn.xml:24: warning: category \"Violent Crime\" "
                                "difference -140 does not agree"));
    free(out);
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT line FROM csa.submission_warning"), 24);
    /* the counts, not the stated difference, are what is stored */
    assert_int_equal(test_scalar(conn, "SELECT current - previous FROM csa.crime_category "
                                       "WHERE name = 'Violent Crime'"),
                     -141);
}

static void test_an_invalid_file_is_rejected_and_nothing_is_stored(void **state)
{
    (void)state;
    const char *bad = maidstone_variant("maidstone-bad.xml", "rank=\"2\"", "rank=\"two\"");
    char *out = NULL, *err = NULL;
    assert_int_equal(load_file(bad, &out, &err), 1);
    assert_non_null(strstr(out, "rejected "));
    assert_non_null(strstr(out, "maidstone-bad.xml: 1 error"));
    assert_non_null(strstr(err, "maidstone-bad.xml:10: error: priority rank \"two\" is not a "
                                "whole number (1, 2, 3, ...)"));
    free(out);
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 0);
}

static void test_an_unreachable_database_is_an_environment_error(void **state)
{
    (void)state;
    char *err = NULL;
    int rc = test_csa(NULL, &err, "--db", "host=/nonexistent-socket-dir dbname=csa", "--county",
                      test_path("etl/counties/kent.xml"), "load", sample("maidstone-2011.xml"),
                      NULL);
    assert_int_equal(rc, 3);
    assert_non_null(strstr(err, "csa: error: could not connect to the database"));
    free(err);
}

static void test_a_quiet_load_prints_problems_and_no_line_per_file(void **state)
{
    (void)state;
    const char *bad = maidstone_variant("maidstone-bad.xml", "rank=\"2\"", "rank=\"two\"");
    char *out = NULL, *err = NULL;
    assert_int_equal(test_csa(&out, &err, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "--quiet", "load",
                              sample("swale-2011.xml"), bad, NULL),
                     1);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "maidstone-bad.xml:10: error: priority rank \"two\""));
    free(out);
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 1);
}

/* load_submission itself, given what no caller should hand it: a source name that is not
 * UTF-8, then a wording that is not. Refused before the database sees either. */
static void test_text_that_is_not_utf8_is_refused_before_the_database(void **state)
{
    (void)state;
    struct csa_register *reg = test_kent();
    struct validator v;
    struct csa_error err = {0};
    assert_int_equal(validator_init(&v, reg, &err), CSA_OK);
    struct csa_submission *s = NULL;
    struct diags d = {0};
    assert_int_equal(validate_file(&v, sample("maidstone-2011.xml"), &s, &d), CSA_OK);
    struct load_result res;
    assert_int_equal(
        load_submission(conn, s, &d, "sw\xE1le-2011.xml", 0, "csa load", &res, &err),
        CSA_EINVALID);
    assert_string_equal(err.msg, "the file name is not valid UTF-8 text, so it cannot be stored "
                                 "with the submission; rename the file");
    s->priorities[2].wording = "Substance \xE1 Misuse";
    assert_int_equal(
        load_submission(conn, s, &d, "maidstone-2011.xml", 0, "csa load", &res, &err),
        CSA_EINVALID);
    assert_string_equal(err.file, "maidstone-2011.xml");
    assert_int_equal(err.line, 11);
    assert_string_equal(err.msg, "<priority> \"Substance \\xE1 Misuse\" is not valid UTF-8 text; "
                                 "save the file as UTF-8");
    assert_int_equal(PQtransactionStatus(conn), PQTRANS_IDLE);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 0);
    submission_free(s);
    diags_free(&d);
    validator_free(&v);
    register_free(reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_text_that_is_not_utf8_is_refused_before_the_database,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_quiet_load_prints_problems_and_no_line_per_file,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_kent_sample_loads_one_current_version_each,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_loading_the_same_bytes_again_changes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_changed_version_supersedes_and_history_keeps_both,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_an_earlier_sign_off_loaded_later_does_not_become_current, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_file_refused_on_its_fifth_row_leaves_nothing_behind,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_warnings_are_kept_with_the_loaded_submission, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_an_invalid_file_is_rejected_and_nothing_is_stored,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_unreachable_database_is_an_environment_error,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
