/* test_pdf.c: `csa agreement --format pdf` through the real command line (doc/cli.md): Kent
 * 2011/12 printed by headless Chromium and read back with poppler's pdftotext and pdfinfo:
 * the headings and Appendix A's counts are in its text, every page carries "Page N of M", its
 * title is the agreement's; a rerun on the same data leaves the PDF alone (judged by its HTML,
 * since a PDF's bytes hold its creation time); --final --force prints the document to sign;
 * and without a browser the command says what to install, exits 3 and writes nothing.
 * Needs chromium and poppler-utils (scripts/setup.sh installs them): without them it fails. */
#include "dbtest.h"
#include "doctext.h"

#include <sys/stat.h>

#define KENT_TITLE "Kent Community Safety Agreement, April 2011 to March 2014"

static int agreement(const char *dir, char **out, char **err, const char *x1, const char *x2)
{
    return test_csa(out, err, "--db", test_db_conninfo(), "--county",
                    test_path("etl/counties/kent.xml"), "agreement", "--year", "2011", "--out",
                    dir, "--date", "2011-05-20", "--format", "pdf", x1, x2, NULL);
}

static void agreement_ok(const char *dir, char **out, const char *x1, const char *x2)
{
    char *err = NULL;
    int rc = agreement(dir, out, &err, x1, x2);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    free(err);
    assert_int_equal(rc, 0);
}



/* The value of field (e.g. "Title") in pdfinfo's report on pdf, malloc'd. */
static char *pdfinfo_field(const char *pdf, const char *field)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
    char *report = doctext_run(cmd), *info = xmalloc(strlen(report) + 2);
    sprintf(info, "\n%s", report); /* every field, the first too, after a newline */
    free(report);
    char key[64];
    snprintf(key, sizeof key, "\n%s:", field);
    char *at = strstr(info, key);
    if (at == NULL)
        free(info);
    assert_non_null(at);
    at += strlen(key);
    at += strspn(at, " ");
    char *value = strndup(at, strcspn(at, "\n"));
    free(info);
    return value;
}

static char *page_text(const char *pdf, long first, long last)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "pdftotext -layout -f %ld -l %ld '%s' -", first, last, pdf);
    return doctext_squeeze(doctext_run(cmd));
}

static long mtime_ns(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (long)st.st_mtim.tv_sec * 1000000000L + st.st_mtim.tv_nsec;
}

static void test_kent_prints_with_its_headings_counts_page_numbers_and_title(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *dir = test_tmp("pdf");
    char *out = NULL;
    agreement_ok(dir, &out, NULL, NULL);
    char expect[2600];
    snprintf(expect, sizeof expect, "wrote %s/agreement.pdf\nwrote %s/drafts/1/agreement.pdf\n",
             dir, dir);
    assert_string_equal(out, expect);
    free(out);

    char pdf[1200];
    snprintf(pdf, sizeof pdf, "%s/agreement.pdf", dir);
    char *title = pdfinfo_field(pdf, "Title");
    assert_string_equal(title, KENT_TITLE " (draft)");
    free(title);
    char *pages = pdfinfo_field(pdf, "Pages");
    long m = atol(pages);
    free(pages);
    assert_true(m >= 5);
    fprintf(stderr, "test_pdf: Kent 2011/12 prints on %ld pages\n", m);

    char *all = page_text(pdf, 1, m);
    const char *want[] = {"Kent Community Safety Agreement", "Foreword", "1. Introduction",
                          "4. County Priorities", "5. Priority Leads", "7. Signatories",
                          "Appendix A: Key Priorities and Cross-Cutting Themes (2011-12)",
                          "Appendix B: Current Context", "This is draft 1 of the 2011/12",
                          "ASB/Environmental 11", "Domestic Abuse 11", "Substance Misuse 8",
                          "Burglary 4", "Criminal Damage 4", "Young People 4",
                          "Offenders/Re-offending 4", "Public Perceptions 2",
                          "Vulnerable Adults 1"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        if (strstr(all, want[i]) == NULL)
            fprintf(stderr, "not in the PDF's text: \"%s\"\n", want[i]);
        assert_non_null(strstr(all, want[i]));
    }
    free(all);
    for (long n = 1; n <= m; n++) {
        char *text = page_text(pdf, n, n), footer[64];
        snprintf(footer, sizeof footer, "Page %ld of %ld", n, m);
        if (strstr(text, footer) == NULL)
            fprintf(stderr, "page %ld has no \"%s\"\n", n, footer);
        assert_non_null(strstr(text, footer));
        free(text);
    }

    /* the same data again: the HTML is the same, so the PDF is neither printed nor touched */
    char kept[1200];
    snprintf(kept, sizeof kept, "%s/drafts/1/agreement.pdf", dir);
    long before = mtime_ns(pdf), kept_before = mtime_ns(kept);
    agreement_ok(dir, &out, NULL, NULL);
    snprintf(expect, sizeof expect,
             "unchanged %s/agreement.pdf\nunchanged %s/drafts/1/agreement.pdf\n", dir, dir);
    assert_string_equal(out, expect);
    free(out);
    assert_true(mtime_ns(pdf) == before);
    assert_true(mtime_ns(kept) == kept_before);
}

static void test_final_force_prints_the_document_to_sign(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *dir = test_tmp("pdf-final");
    agreement_ok(dir, NULL, "--final", "--force");
    char pdf[1200];
    snprintf(pdf, sizeof pdf, "%s/agreement.pdf", dir);
    char *title = pdfinfo_field(pdf, "Title");
    assert_string_equal(title, KENT_TITLE);
    free(title);
    char *all = page_text(pdf, 1, 9999);
    assert_non_null(strstr(all, "Appendix B: Current Context"));
    assert_null(strstr(all, "This is draft"));
    free(all);
    char drafts[1200];
    struct stat st;
    snprintf(drafts, sizeof drafts, "%s/drafts", dir);
    assert_int_not_equal(stat(drafts, &st), 0);
}

static void test_without_chromium_it_says_what_to_install_and_exits_3(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *dir = test_tmp("pdf-none");
    char *path = xstrdup(getenv("PATH") ? getenv("PATH") : "");
    setenv("PATH", "/nonexistent-csa-bin", 1);
    char *out = NULL, *err = NULL;

    /* CSA_CHROMIUM naming a missing file */
    setenv("CSA_CHROMIUM", "/nonexistent/chromium", 1);
    int rc = agreement(dir, &out, &err, NULL, NULL);
    assert_int_equal(rc, 3);
    assert_string_equal(out, "");
    assert_string_equal(err, "csa: error: --format pdf needs Chromium: install the Debian "
                             "package chromium, or name the browser in CSA_CHROMIUM "
                             "(CSA_CHROMIUM names \"/nonexistent/chromium\", which is not an "
                             "executable file)\n");
    free(out);
    free(err);

    /* nothing named, none on PATH */
    unsetenv("CSA_CHROMIUM");
    rc = test_csa(&out, &err, "--db", test_db_conninfo(), "--county",
                  test_path("etl/counties/kent.xml"), "agreement", "--year", "2011", "--out", dir,
                  "--format", "html,pdf", NULL);
    assert_int_equal(rc, 3);
    assert_string_equal(err, "csa: error: --format pdf needs Chromium: install the Debian "
                             "package chromium, or name the browser in CSA_CHROMIUM\n");
    free(out);
    free(err);
    setenv("PATH", path, 1);
    free(path);

    /* found before anything is written: not even the HTML asked for with it */
    struct stat st;
    assert_int_not_equal(stat(dir, &st), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_kent_prints_with_its_headings_counts_page_numbers_and_title, setup, teardown),
        cmocka_unit_test_setup_teardown(test_final_force_prints_the_document_to_sign, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_without_chromium_it_says_what_to_install_and_exits_3, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
