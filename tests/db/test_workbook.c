/* test_workbook.c: submission workbooks through `csa load` and `csa status` against the real
 * (throwaway) PostgreSQL: the Kent 2011 sample, each file turned into the workbook the
 * template lays out (tests/wbfix.h), and the sample workbooks `csa template` wrote and
 * LibreOffice Calc filled in and saved (etl/samples/kent-2011-xlsx), give the same count table
 * as the XML; a run over an inbox mixing XML, gzip and those workbooks drafts the golden
 * agreement; a workbook's own bytes are kept with the version, its kind recorded, and its
 * warnings shown at their cells. */
#include "runtest.h"
#include "wbfix.h"

#include <time.h>
#include <utime.h>

#include "csa/validate.h"
#include "csa/xml.h"

static int csa_kent(char **out, char **err, const char *cmd, const char *arg, const char *arg2)
{
    return test_csa(out, err, "--db", test_db_conninfo(), "--county",
                    test_path("etl/counties/kent.xml"), cmd, arg, arg2, NULL);
}

/* Writes the submission at path as a workbook (its name without .xml/.xml.gz, plus .xlsx)
 * and returns its path and, in *bytes, its size. */
static const char *as_workbook(const char *path, size_t *bytes)
{
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    xml_init();
    struct csa_register *kent = test_kent();
    struct validator v;
    struct csa_error err = {0};
    assert_int_equal(validator_init(&v, kent, &err), CSA_OK);
    struct diags d = {0};
    struct csa_submission *s = NULL;
    assert_int_equal(validate_file(&v, path, &s, &d), CSA_OK);
    struct buf z = {0};
    wbfix_from_submission(s, &z);
    char base[128];
    snprintf(base, sizeof base, "%.*s.xlsx", (int)strcspn(name, "."), name);
    const char *out = test_tmp(base);
    FILE *f = fopen(out, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(z.data, 1, z.len, f), z.len);
    assert_int_equal(fclose(f), 0);
    if (bytes)
        *bytes = z.len;
    buf_free(&z);
    submission_free(s);
    diags_free(&d);
    validator_free(&v);
    register_free(kent);
    return out;
}

static char *counts(void)
{
    char *out = NULL, *err = NULL;
    int rc = csa_kent(&out, &err, "counts", "--year", "2011");
    if (rc != 0)
        fprintf(stderr, "%s", err);
    free(err);
    assert_int_equal(rc, 0);
    return out;
}

static void test_the_kent_sample_as_workbooks_counts_as_the_xml_does(void **state)
{
    (void)state;
    load_kent_except(NULL);
    char *from_xml = counts();
    PQfinish(conn);
    conn = test_db_fresh();
    size_t ashford_bytes = 0;
    for (size_t i = 0; i < KENT_SAMPLES; i++) {
        const char *path = as_workbook(sample(kent_samples[i]), i == 0 ? &ashford_bytes : NULL);
        char *out = NULL, *err = NULL;
        int rc = csa_kent(&out, &err, "load", path, NULL);
        if (rc != 0)
            fprintf(stderr, "%s", err);
        assert_int_equal(rc, 0);
        assert_non_null(strstr(out, "loaded "));
        free(out);
        free(err);
    }
    char *from_xlsx = counts();
    assert_string_equal(from_xlsx, from_xml);
    free(from_xml);
    free(from_xlsx);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"
                                       " WHERE source_kind = 'xlsx' AND is_current"),
                     11);
    /* the workbook's own bytes are what is kept: a zip, of the workbook's size */
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM csa.submission WHERE partnership = 'ashford'"
             " AND content_bytes = %zu",
             ashford_bytes);
    assert_int_equal(test_scalar(conn, sql), 1);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission_priority"
                                       " WHERE cell ~ '^Priorities![A-Z]+[0-9]+$'"),
                     test_scalar(conn, "SELECT count(*) FROM csa.submission_priority"));
}

static void test_xml_and_gzip_versions_record_their_kind(void **state)
{
    (void)state;
    load_kent_except(NULL);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"
                                       " WHERE source_kind = 'gzip'"),
                     3);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"
                                       " WHERE source_kind = 'xml'"),
                     8);
}

static void test_a_workbooks_warning_is_kept_and_shown_at_its_cell(void **state)
{
    (void)state;
    const char *path = as_workbook(maidstone_variant("maidstone-2011.xml", "difference=\"-141\"",
                                                     "difference=\"-140\""),
                                   NULL);
    char *out = NULL, *err = NULL;
    assert_int_equal(csa_kent(&out, &err, "validate", path, NULL), 0);
    /* Violent Crime is the Crime table's second category: row 10, its name in column A */
    assert_non_null(strstr(err, "maidstone-2011.xlsx:Crime!A10: warning: category \"Violent "
                                "Crime\" difference -140 does not agree"));
    free(out);
    free(err);
    assert_int_equal(csa_kent(NULL, NULL, "load", path, NULL), 0);
    assert_int_equal(csa_kent(&out, NULL, "status", "--year", "2011"), 0);
    assert_non_null(strstr(out, "  maidstone-2011.xlsx:Crime!A10: warning: category \"Violent "
                                "Crime\" difference -140"));
    free(out);
}

static void test_an_unmapped_wording_of_a_workbook_is_named_by_its_cell(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *path = as_workbook(maidstone_variant("maidstone-2011.xml", "Antisocial Behaviour",
                                                     "Tackling yobs"),
                                   NULL);
    assert_int_equal(csa_kent(NULL, NULL, "load", path, NULL), 0);
    char *out = NULL;
    assert_int_equal(csa_kent(&out, NULL, "status", "--year", "2011"), 0);
    assert_non_null(strstr(out, "  maidstone-2011.xlsx:Priorities!A4: core \"Tackling yobs\""));
    free(out);
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "counts", "--year", "2011",
                              "--format", "json", NULL),
                     0);
    assert_non_null(strstr(out, "\"file\":\"maidstone-2011.xlsx\",\"line\":4,"
                                "\"cell\":\"Priorities!A4\""));
    free(out);
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "agreement", "--year", "2011",
                              "--out", test_tmp("agreement"), NULL),
                     0);
    free(out);
    char *md = test_slurp(test_tmp("agreement/agreement.md"));
    assert_non_null(strstr(md, "(maidstone-2011.xlsx, Priorities!A4)"));
    free(md);
}

/* The path of the Kent sample named (as the XML's name) in its workbook form. */
static const char *sample_workbook(const char *xml_name)
{
    static char rel[256];
    snprintf(rel, sizeof rel, "etl/samples/kent-2011-xlsx/%.*s.xlsx",
             (int)strcspn(xml_name, "."), xml_name);
    return test_path(rel);
}

static void test_the_sample_workbooks_saved_by_calc_count_as_the_xml_does(void **state)
{
    (void)state;
    load_kent_except(NULL);
    char *from_xml = counts();
    PQfinish(conn);
    conn = test_db_fresh();
    for (size_t i = 0; i < KENT_SAMPLES; i++) {
        char *out = NULL, *err = NULL;
        int rc = csa_kent(&out, &err, "load", sample_workbook(kent_samples[i]), NULL);
        if (rc != 0)
            fprintf(stderr, "%s", err);
        assert_int_equal(rc, 0);
        assert_non_null(strstr(out, "loaded "));
        assert_null(strstr(err, "warning"));
        free(out);
        free(err);
    }
    char *from_xlsx = counts();
    assert_string_equal(from_xlsx, from_xml);
    free(from_xml);
    free(from_xlsx);
}

/* Copies src into the inbox under its own name, dated an hour ago (settled). */
static void drop(const char *src)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", src, at("inbox"));
    assert_int_equal(system(cmd), 0);
    struct utimbuf t = {.actime = time(NULL) - 3600, .modtime = time(NULL) - 3600};
    char path[600];
    snprintf(path, sizeof path, "%s/%s", at("inbox"), strrchr(src, '/') + 1);
    assert_int_equal(utime(path, &t), 0);
}

static void test_a_run_over_xml_gzip_and_workbooks_gives_appendix_a(void **state)
{
    (void)state;
    load_kent_except(NULL);
    char *from_xml = counts();
    PQfinish(conn);
    conn = test_db_fresh();
    /* every other sample as the workbook csa template wrote and LibreOffice Calc filled in and
     * saved (etl/samples/kent-2011-xlsx, scripts/make-kent-workbooks.sh), the rest as they are
     * (three of them gzip) */
    for (size_t i = 0; i < KENT_SAMPLES; i++)
        drop(i % 2 ? sample_workbook(kent_samples[i]) : sample(kent_samples[i]));
    struct wbfix macro = {.sheets = {{"Submission", WB_SUBMISSION_ROWS},
                                     {"Priorities", WB_PRIORITIES_ROWS}},
                          .extra_name = "xl/vbaProject.bin"};
    struct buf z = {0};
    wbfix_pack(&macro, &z);
    const char *xlsm = test_tmp("maidstone-macros.xlsm");
    FILE *f = fopen(xlsm, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(z.data, 1, z.len, f), z.len);
    assert_int_equal(fclose(f), 0);
    buf_free(&z);
    drop(xlsm);
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "run", "--inbox", at("inbox"),
                              "--out", at("out"), "--year", "2011", NULL),
                     1); /* the .xlsm is rejected */
    free(out);
    char *from_run = counts();
    assert_string_equal(from_run, from_xml);
    free(from_xml);
    free(from_run);
    /* and the draft is the seed's, word for word: the golden Markdown of test_agreement.c,
     * from the title on (the status box above it says this is the run's second draft) */
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "agreement", "--year", "2011",
                              "--out", at("draft"), "--date", "2011-05-20", NULL),
                     0);
    free(out);
    char *md = test_slurp(at("draft/agreement.md"));
    char *golden = test_slurp(test_path("tests/golden/kent-2011.md"));
    assert_non_null(strstr(md, "\n# ") && strstr(golden, "\n# "));
    assert_string_equal(strstr(md, "\n# "), strstr(golden, "\n# "));
    free(md);
    free(golden);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"
                                       " WHERE source_kind = 'xlsx'"),
                     5);
    char *why = test_slurp(at("quarantine/maidstone-macros.xlsm.errors"));
    assert_string_equal(why, "maidstone-macros.xlsm: error: the workbook has macros (its part "
                             "xl/vbaProject.bin); csa does not take a macro-enabled workbook "
                             "(.xlsm): save it as an Excel Workbook (.xlsx) and send that\n");
    free(why);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_kent_sample_as_workbooks_counts_as_the_xml_does,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_sample_workbooks_saved_by_calc_count_as_the_xml_does,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_xml_and_gzip_versions_record_their_kind, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_workbooks_warning_is_kept_and_shown_at_its_cell,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_unmapped_wording_of_a_workbook_is_named_by_its_cell,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_run_over_xml_gzip_and_workbooks_gives_appendix_a,
                                        inbox_setup, inbox_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
