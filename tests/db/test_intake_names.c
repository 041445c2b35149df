/* test_intake_names.c: text that is not what it should be, through the real command line and
 * the real database (issue 9, cases 1 and 2, and the status of point 8): a warning quoting
 * 600 accented characters validates, loads and is stored whole; a rejected file of that kind
 * in a run gets its NAME.errors and its ledger row, and the other districts still load and
 * draft; a file name that is not UTF-8 is skipped at the scan with its reason, shown escaped,
 * and refused by validate and load; a wording that tries to forge status lines is shown
 * escaped by `csa status`. */
#include "runtest.h"

#include "csa/utf8.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Copies src to dest byte for byte (a name of any bytes: no shell), dated an hour ago. */
static void copy_old(const char *src, const char *dest)
{
    FILE *in = fopen(src, "rb"), *out = fopen(dest, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char chunk[4096];
    for (size_t n; (n = fread(chunk, 1, sizeof chunk, in)) > 0;)
        assert_int_equal(fwrite(chunk, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
    struct utimbuf t = {.actime = time(NULL) - 3600, .modtime = time(NULL) - 3600};
    assert_int_equal(utime(dest, &t), 0);
}

/* 600 copies of "é": 1200 bytes, more than any of the old fixed message buffers. */
static const char *long_name(void)
{
    static char s[1201];
    for (int i = 0; i < 600; i++)
        memcpy(s + 2 * i, "\xC3\xA9", 2);
    s[1200] = '\0';
    return s;
}

/* maidstone with a category named long_name() whose difference disagrees: valid, 1 warning. */
static const char *warned_variant(const char *name)
{
    char to[1400];
    snprintf(to, sizeof to, "<category name=\"%s\" current=\"83\" previous=\"96\" "
             "difference=\"-12\"", long_name());
    return maidstone_variant(name, "<category name=\"Vehicle Interference\" current=\"83\" "
                                   "previous=\"96\" difference=\"-13\"", to);
}

static int csa(char **out, char **err, const char *cmd, const char *path)
{
    return test_csa(out, err, "--db", test_db_conninfo(), "--county",
                    test_path("etl/counties/kent.xml"), cmd, path, NULL);
}

static int run_inbox(char **out, char **err)
{
    return test_csa(out, err, "--db", test_db_conninfo(), "--county",
                    test_path("etl/counties/kent.xml"), "run", "--inbox", at("inbox"), "--out",
                    at("out"), "--jobs", "1", NULL);
}

static void test_a_warning_quoting_600_accented_characters_validates_and_loads(void **state)
{
    (void)state;
    const char *path = warned_variant("maidstone-long.xml");
    char *out = NULL, *err = NULL, want[2048];
    snprintf(want, sizeof want, ":33: warning: category \"%s\" difference -12 does not agree "
             "with current 83 - previous 96 = -13; the counts are what is stored\n", long_name());
    assert_int_equal(csa(&out, &err, "validate", path), 0);
    assert_non_null(strstr(out, "maidstone-long.xml: 0 errors, 1 warning\n"));
    assert_non_null(strstr(err, want));
    free(out);
    free(err);
    assert_int_equal(csa(&out, &err, "load", path), 0);
    assert_non_null(strstr(out, "maidstone 2011/12 version 1\n"));
    assert_non_null(strstr(err, want));
    free(out);
    free(err);
    /* stored whole: the 600 characters and the words after them */
    PGresult *r = PQexec(conn, "SELECT message, line FROM csa.submission_warning");
    assert_int_equal(PQntuples(r), 1);
    assert_non_null(strstr(want, PQgetvalue(r, 0, 0)));
    assert_string_equal(PQgetvalue(r, 0, 1), "33");
    PQclear(r);
}

static void test_a_rejected_file_quoting_them_in_a_run_gets_its_report_and_ledger_row(void **state)
{
    (void)state;
    char to[1400];
    snprintf(to, sizeof to, "parent=\"%s\" current=\"114\"", long_name());
    copy_old(maidstone_variant("bad-parent.xml", "parent=\"Violent Crime\" current=\"114\"", to),
             at("inbox/maidstone-2011.xml"));
    copy_old(sample("swale-2011.xml"), at("inbox/swale-2011.xml"));
    char *out = NULL, *err = NULL;
    assert_int_equal(run_inbox(&out, &err), 1); /* 1: a file was rejected */
    assert_non_null(strstr(out, "rejected maidstone-2011.xml: 1 error, see "));
    assert_non_null(strstr(out, "loaded swale-2011.xml: swale 2011/12 version 1\n"));
    assert_non_null(strstr(out, "drafted 2011/12 into "));
    free(out);
    free(err);
    char want[2048];
    snprintf(want, sizeof want,
             "maidstone-2011.xml:26: error: category \"Sexual Offences\" names parent \"%s\", "
             "which is not a category of this table\n",
             long_name());
    FILE *f = fopen(at("quarantine/maidstone-2011.xml.errors"), "r");
    assert_non_null(f);
    char report[4096] = "";
    assert_non_null(fgets(report, sizeof report, f));
    fclose(f);
    assert_string_equal(report, want);
    assert_true(exists(at("quarantine/maidstone-2011.xml")));
    assert_true(exists(at("archive/swale-2011.xml")));
    assert_true(exists(at("out/2011/agreement.html")));
    /* the ledger holds the rejection, with the whole message */
    char sql[4096];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM csa.run_file WHERE name = 'maidstone-2011.xml' AND "
             "outcome = 'rejected' AND position('%s' in messages) > 0",
             long_name());
    assert_int_equal(test_scalar(conn, sql), 1);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 1);
    assert_int_equal(test_scalar(conn, "SELECT cardinality(years) FROM csa.run"), 1);
}

static void test_a_file_name_not_utf8_is_skipped_and_the_others_load_and_draft(void **state)
{
    (void)state;
    copy_old(sample("swale-2011.xml"), at("inbox/sw\xE1le-2011.xml"));
    copy_old(sample("thanet-2011.xml"), at("inbox/thanet-2011.xml"));
    copy_old(sample("maidstone-2011.xml"), at("inbox/maidstone-2011.xml"));
    char *out = NULL, *err = NULL;
    assert_int_equal(run_inbox(&out, &err), 0); /* 0: skipping a file is not a failure */
    assert_true(utf8_valid(out, strlen(out)));
    assert_non_null(strstr(out, "skipped sw\\xE1le-2011.xml: file name is not valid UTF-8 text, "
                                "not processed; rename it\n"));
    assert_non_null(strstr(out, "loaded maidstone-2011.xml: maidstone 2011/12 version 1\n"));
    assert_non_null(strstr(out, "loaded thanet-2011.xml: thanet 2011/12 version 1\n"));
    assert_non_null(strstr(out, "2 loaded, 0 unchanged, 0 rejected, 0 waiting, 1 skipped, "
                                "0 failed; drafted 2011/12 into "));
    free(out);
    free(err);
    assert_true(exists(at("inbox/sw\xE1le-2011.xml")));
    assert_false(exists(at("archive/sw\xE1le-2011.xml")));
    assert_true(exists(at("out/2011/agreement.html")));
    assert_true(exists(at("out/2011/agreement.md")));
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 2);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.run WHERE skipped = 1 AND "
                                       "cardinality(years) = 1"),
                     1);
    /* the ledger's row names it as it is shown */
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.run_file WHERE outcome = "
                                       "'skipped' AND name = 'sw\\xE1le-2011.xml'"),
                     1);
    /* and the next night it is still skipped, and nothing else is redone */
    assert_int_equal(run_inbox(&out, &err), 0);
    assert_non_null(strstr(out, "skipped sw\\xE1le-2011.xml: "));
    free(out);
    free(err);
}

static void test_validate_and_load_refuse_a_name_not_utf8_showing_it_escaped(void **state)
{
    (void)state;
    copy_old(sample("swale-2011.xml"), at("sw\xE1le-2011.xml"));
    char *out = NULL, *err = NULL, want[1024];
    snprintf(want, sizeof want,
             "%s/sw\\xE1le-2011.xml: error: the file name is not valid UTF-8 text (as some "
             "upload tools write it), so it cannot be stored; rename the file\n",
             root);
    assert_int_equal(csa(&out, &err, "validate", at("sw\xE1le-2011.xml")), 1);
    assert_string_equal(err, want);
    assert_true(utf8_valid(out, strlen(out)));
    assert_non_null(strstr(out, "invalid "));
    assert_non_null(strstr(out, "/sw\\xE1le-2011.xml: 1 error, 0 warnings\n"));
    free(out);
    free(err);
    assert_int_equal(csa(&out, &err, "load", at("sw\xE1le-2011.xml")), 1);
    assert_string_equal(err, want);
    assert_non_null(strstr(out, "/sw\\xE1le-2011.xml: 1 error\n"));
    free(out);
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 0);
}

static void test_status_shows_a_wording_that_forges_lines_escaped(void **state)
{
    (void)state;
    /* character references put a new line and a right-to-left override into the wording */
    const char *path = maidstone_variant(
        "maidstone-forged.xml", "Substance Misuse",
        "Substance Misuse&#10;  swale-2011.xml:1: warning: all clear&#x202E;dlrow");
    char *out = NULL, *err = NULL;
    assert_int_equal(csa(&out, &err, "load", path), 0);
    free(out);
    free(err);
    assert_int_equal(test_csa(&out, &err, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "status", "--year", "2011",
                              NULL),
                     0);
    assert_true(utf8_valid(out, strlen(out)));
    assert_null(strstr(out, "\xE2\x80\xAE"));
    assert_null(strstr(out, "\n  swale-2011.xml:1: warning: all clear"));
    assert_non_null(strstr(out, "\"Substance Misuse\\u{000A}  swale-2011.xml:1: warning: all "
                                "clear\\u{202E}dlrow\""));
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_a_warning_quoting_600_accented_characters_validates_and_loads, inbox_setup,
            inbox_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_rejected_file_quoting_them_in_a_run_gets_its_report_and_ledger_row,
            inbox_setup, inbox_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_file_name_not_utf8_is_skipped_and_the_others_load_and_draft, inbox_setup,
            inbox_teardown),
        cmocka_unit_test_setup_teardown(
            test_validate_and_load_refuse_a_name_not_utf8_showing_it_escaped, inbox_setup,
            inbox_teardown),
        cmocka_unit_test_setup_teardown(test_status_shows_a_wording_that_forges_lines_escaped,
                                        inbox_setup, inbox_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
