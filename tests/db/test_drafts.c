/* test_drafts.c: draft control (doc/cli.md, "Drafts") through the real command line: the
 * first draft's number and data-as-of date, a rerun that changes nothing, a second draft
 * after one more submission that lists the change and keeps the first under drafts/, the
 * year-on-year counts, --final refused while something is open and written with --force,
 * and an analyst who may read the record but never write it; the Word document's status box
 * says what the HTML's does, and --final leaves it out of both; `csa run --draft-formats`
 * drafts the formats listed, and without Chromium still writes the others and exits 3. */
#include "dbtest.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <sys/stat.h>

#define PASSWORD "csa-test-7f3a"


static char *doc_at(const char *dir, const char *rel)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    return test_slurp(path);
}

static int exists(const char *dir, const char *rel)
{
    char path[1200];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    return stat(path, &st) == 0;
}

/* csa agreement for 2011 into dir as conninfo db, with up to two more arguments. */
static int agreement_as(const char *db, const char *dir, char **out, char **err, const char *x1,
                        const char *x2)
{
    return test_csa(out, err, "--db", db, "--county", test_path("etl/counties/kent.xml"),
                    "agreement", "--year", "2011", "--out", dir, "--date", "2011-05-20", x1, x2,
                    NULL);
}

static void draft_ok(const char *dir, char **out)
{
    char *err = NULL;
    int rc = agreement_as(test_db_conninfo(), dir, out, &err, NULL, NULL);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    free(err);
    assert_int_equal(rc, 0);
}

static long drafts_recorded(void)
{
    PGresult *r = PQexec(conn, "SELECT count(*) FROM csa.draft WHERE plan_year = 2011");
    long n = atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    return n;
}

static void load(const char *path)
{
    assert_int_equal(test_csa(NULL, NULL, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "load", path, NULL),
                     0);
}

static const char *const no_swale[] = {"swale-2011.xml", NULL};

static void test_the_first_draft_is_number_one_with_its_data_as_of_date(void **state)
{
    (void)state;
    load_kent_except(no_swale);
    const char *dir = test_tmp("first");
    draft_ok(dir, NULL);
    char *html = doc_at(dir, "agreement.html"), *md = doc_at(dir, "agreement.md");
    /* the newest sign-off date of the ten, not the clock */
    assert_non_null(strstr(html, "<p>This is draft 1 of the 2011/12 agreement, with its data "
                                 "as of 25 February 2011. It is the first draft.</p>"));
    assert_non_null(strstr(md, "> This is draft 1 of the 2011/12 agreement, with its data as of "
                               "25 February 2011. It is the first draft."));
    assert_null(strstr(html, "changed since"));
    char *kept = doc_at(dir, "drafts/1/agreement.html");
    assert_string_equal(kept, html);
    PGresult *r = PQexec(conn, "SELECT number, data_as_of::text FROM csa.draft");
    assert_int_equal(PQntuples(r), 1);
    assert_string_equal(PQgetvalue(r, 0, 0), "1");
    assert_string_equal(PQgetvalue(r, 0, 1), "2011-02-25");
    PQclear(r);
    free(html);
    free(md);
    free(kept);
}

static void test_a_rerun_with_nothing_new_changes_no_byte_and_makes_no_draft_two(void **state)
{
    (void)state;
    load_kent_except(no_swale);
    const char *dir = test_tmp("rerun");
    draft_ok(dir, NULL);
    char path[1200];
    snprintf(path, sizeof path, "%s/drafts/1/agreement.md", dir);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);
    char *first = doc_at(dir, "agreement.html");
    char *out = NULL;
    draft_ok(dir, &out);
    assert_null(strstr(out, "wrote "));
    assert_non_null(strstr(out, "unchanged "));
    assert_non_null(strstr(out, "/drafts/1/agreement.html\n"));
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(before.st_ino, after.st_ino);
    char *second = doc_at(dir, "agreement.html");
    assert_string_equal(first, second);
    assert_false(exists(dir, "drafts/2"));
    assert_int_equal(drafts_recorded(), 1);
    free(first);
    free(second);
    free(out);
}

static void test_one_more_submission_makes_draft_two_listing_it_and_keeps_draft_one(
    void **state)
{
    (void)state;
    load_kent_except(no_swale);
    const char *dir = test_tmp("second");
    draft_ok(dir, NULL);
    char *one = doc_at(dir, "agreement.html");
    load(sample("swale-2011.xml"));
    char *out = NULL;
    draft_ok(dir, &out);
    assert_non_null(strstr(out, "/drafts/2/agreement.html\n"));
    char *html = doc_at(dir, "agreement.html"), *md = doc_at(dir, "agreement.md");
    assert_non_null(strstr(html, "<p>This is draft 2 of the 2011/12 agreement, with its data "
                                 "as of 25 February 2011.</p>\n<p>What has changed since draft "
                                 "1:</p>"));
    assert_non_null(strstr(html, "<li>Submission received from Swale Community Safety "
                                 "Partnership (version 1).</li>"));
    assert_non_null(strstr(html, "<li>Domestic Abuse: now named by eleven partnerships, up "
                                 "from ten.</li>"));
    assert_non_null(strstr(html, "<li>Violence (other than DA) crossed the line: it is now a "
                                 "county priority.</li>"));
    assert_non_null(strstr(md, "> - Submission received from Swale Community Safety "
                               "Partnership (version 1)."));
    char *kept1 = doc_at(dir, "drafts/1/agreement.html");
    char *kept2 = doc_at(dir, "drafts/2/agreement.html");
    assert_string_equal(kept1, one);
    assert_string_equal(kept2, html);
    assert_int_equal(drafts_recorded(), 2);
    free(one), free(out), free(html), free(md), free(kept1), free(kept2);
}

static void test_the_year_before_shows_each_priority_count_then_and_now(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *y2010 = maidstone_variant("maidstone-2010.xml", "<plan-year>2011/12",
                                          "<plan-year>2010/11");
    load(y2010);
    const char *dir = test_tmp("yoy");
    draft_ok(dir, NULL);
    char *html = doc_at(dir, "agreement.html");
    assert_non_null(strstr(html, "<p>How many partnerships named each priority, 2011/12 "
                                 "against 2010/11:</p>"));
    assert_non_null(strstr(html, "<li>Domestic Abuse: one in 2010/11, eleven in 2011/12 (up "
                                 "ten).</li>"));
    assert_non_null(strstr(html, "<li>Substance Misuse: one in 2010/11, eight in 2011/12 "
                                 "(up seven).</li>"));
    free(html);
}

static void test_final_is_refused_while_a_partnership_is_missing(void **state)
{
    (void)state;
    load_kent_except(no_swale);
    const char *dir = test_tmp("final-refused");
    char *out = NULL, *err = NULL;
    assert_int_equal(agreement_as(test_db_conninfo(), dir, &out, &err, "--final", NULL), 1);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "csa: error: the 2011/12 agreement is not final, so nothing "
                                "was written: provisional: no submission yet from Swale "
                                "Community Safety Partnership; TBC: no lead officer for "));
    assert_non_null(strstr(err, "; --final --force writes it without the status box all the "
                                "same\n"));
    assert_false(exists(dir, "agreement.html"));
    assert_int_equal(drafts_recorded(), 0);
    free(out), free(err);
    assert_int_equal(agreement_as(test_db_conninfo(), dir, &out, &err, "--final", "--force"),
                     0);
    char *html = doc_at(dir, "agreement.html"), *md = doc_at(dir, "agreement.md");
    assert_null(strstr(html, "<aside"));
    assert_null(strstr(html, "Draft for review"));
    assert_null(strstr(md, "Draft for review"));
    assert_non_null(strstr(html, "Swale")); /* the document itself is all there */
    assert_false(exists(dir, "drafts"));
    free(out), free(err), free(html), free(md);
    /* --force alone is a usage error */
    assert_int_equal(agreement_as(test_db_conninfo(), dir, &out, &err, "--force", NULL), 2);
    assert_non_null(strstr(err, "csa: --force goes with --final only\n"));
    free(out), free(err);
}

static void test_kent_with_all_eleven_is_refused_final_for_the_lead_it_lacks(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *dir = test_tmp("final-kent");
    char *out = NULL, *err = NULL;
    assert_int_equal(agreement_as(test_db_conninfo(), dir, &out, &err, "--final", NULL), 1);
    assert_string_equal(err, "csa: error: the 2011/12 agreement is not final, so nothing was "
                             "written: TBC: no lead officer for Anti-social behaviour including "
                             "environmental; --final --force writes it without the status box "
                             "all the same\n");
    free(out), free(err);
}

/* The conninfo as role kent_analyst, an analyst of Ashford. */
static const char *analyst(void)
{
    static char b[1024];
    PQclear(PQexec(conn, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                         "'draft_analyst') THEN CREATE ROLE draft_analyst LOGIN PASSWORD '" PASSWORD
                         "'; END IF; END $$"));
    assert_int_equal(test_csa(NULL, NULL, "--db", test_db_conninfo(), "access", "grant",
                              "draft_analyst", "--partnership", "ashford", NULL),
                     0);
    snprintf(b, sizeof b, "%s user=draft_analyst password=" PASSWORD, test_db_conninfo());
    return b;
}

static void test_an_analyst_reads_the_draft_record_but_never_writes_it(void **state)
{
    (void)state;
    load_kent_except(no_swale);
    const char *county = test_tmp("county"), *mine = test_tmp("analyst");
    draft_ok(county, NULL);
    const char *db = analyst();
    char *out = NULL, *err = NULL;
    /* the same data: the recorded draft 1, byte for byte */
    assert_int_equal(agreement_as(db, mine, &out, &err, NULL, NULL), 0);
    char *a = doc_at(mine, "agreement.html"), *c = doc_at(county, "agreement.html");
    assert_string_equal(a, c);
    free(a), free(c), free(out), free(err);
    /* new data, nobody of the county has drafted: an unrecorded draw, nothing recorded */
    load(sample("swale-2011.xml"));
    assert_int_equal(agreement_as(db, mine, &out, &err, NULL, NULL), 0);
    a = doc_at(mine, "agreement.html");
    assert_non_null(strstr(a, "<p>This draft has no number of its own: its data has changed "
                              "since draft 1, and only the county unit numbers drafts. It was "
                              "drawn up, with its data as of 25 February 2011.</p>\n<p>What has "
                              "changed since draft 1:</p>"));
    assert_false(exists(mine, "drafts/2"));
    assert_int_equal(drafts_recorded(), 1);
    free(a), free(out), free(err);
    /* and plain SQL as the analyst may not record one */
    PGconn *x = PQconnectdb(db);
    PGresult *r = PQexec(x, "SELECT csa.draft_record('E10000016', 2011, 'x')");
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501");
    PQclear(r);
    r = PQexec(x, "INSERT INTO csa.draft (county, plan_year, number, content_sha256, snapshot) "
                  "VALUES ('E10000016', 2011, 9, sha256('x'), '{}')");
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501");
    PQclear(r);
    PQfinish(x);
    assert_int_equal(drafts_recorded(), 1);
}

/* The text of the first node expr finds in the XML text (w: WordprocessingML, h: XHTML),
 * with no white space at all, so HTML's line breaks and Word's runs compare alike. */
static char *first_text(const char *text, const char *expr)
{
    xmlDocPtr d = xmlReadMemory(text, (int)strlen(text), "doc.xml", NULL, XML_PARSE_NONET);
    assert_non_null(d);
    xmlXPathContextPtr x = xmlXPathNewContext(d);
    xmlXPathRegisterNs(x, BAD_CAST "w",
                       BAD_CAST "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, x);
    assert_non_null(o);
    char *got = NULL;
    if (o->nodesetval && o->nodesetval->nodeNr > 0) {
        xmlChar *t = xmlNodeGetContent(o->nodesetval->nodeTab[0]);
        got = strdup((const char *)t);
        xmlFree(t);
        char *w = got;
        for (const char *r = got; *r; r++)
            if (!strchr(" \t\r\n", *r))
                *w++ = *r;
        *w = '\0';
    }
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(x);
    xmlFreeDoc(d);
    return got;
}

static void test_the_word_status_box_says_what_the_html_says_and_final_drops_both(void **state)
{
    (void)state;
    load_kent_except(no_swale);
    const char *dir = test_tmp("box-docx");
    char *out = NULL, *err = NULL;
    assert_int_equal(agreement_as(test_db_conninfo(), dir, &out, &err, "--format",
                                  "html,docx"),
                     0);
    free(out), free(err);
    char path[1200];
    snprintf(path, sizeof path, "%s/agreement.docx", dir);
    char *html = doc_at(dir, "agreement.html"), *xml = test_unzip(path, "word/document.xml");
    char *box_html = first_text(html, "//*[local-name()='aside']");
    char *box_docx = first_text(xml, "/w:document/w:body/w:tbl[1]");
    assert_non_null(box_html);
    assert_non_null(box_docx);
    assert_non_null(strstr(box_html, "Draftforreview"));
    assert_non_null(strstr(box_html, "Thisisdraft1ofthe2011/12agreement"));
    assert_non_null(strstr(box_html, "Swale"));
    assert_string_equal(box_docx, box_html);
    char *core = test_unzip(path, "docProps/core.xml");
    assert_non_null(strstr(core, "<cp:contentStatus>Draft</cp:contentStatus>"));
    assert_non_null(strstr(core, "draft 1</dc:subject>"));
    free(html), free(xml), free(box_html), free(box_docx), free(core);

    /* refused final: no Word document either */
    const char *fin = test_tmp("box-docx-final");
    assert_int_equal(agreement_as(test_db_conninfo(), fin, &out, &err, "--final", "--format"),
                     2); /* --format needs its list */
    free(out), free(err);
    assert_int_equal(test_csa(&out, &err, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "agreement", "--year", "2011",
                              "--out", fin, "--date", "2011-05-20", "--format", "html,docx",
                              "--final", NULL),
                     1);
    free(out), free(err);
    assert_false(exists(fin, "agreement.docx"));
    assert_int_equal(test_csa(&out, &err, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "agreement", "--year", "2011",
                              "--out", fin, "--date", "2011-05-20", "--format", "html,docx",
                              "--final", "--force", NULL),
                     0);
    free(out), free(err);
    snprintf(path, sizeof path, "%s/agreement.docx", fin);
    html = doc_at(fin, "agreement.html");
    xml = test_unzip(path, "word/document.xml");
    assert_null(strstr(html, "<aside"));
    assert_null(strstr(xml, "Draft for review"));
    assert_null(strstr(xml, "This is draft"));
    assert_null(strstr(xml, "FFF2CC")); /* the box's shading */
    assert_non_null(strstr(xml, "Swale")); /* the document itself is all there */
    core = test_unzip(path, "docProps/core.xml");
    assert_non_null(strstr(core, "<cp:contentStatus>Final</cp:contentStatus>"));
    assert_non_null(strstr(core, "final</dc:subject>"));
    assert_false(exists(fin, "drafts"));
    free(html), free(xml), free(core);
}

/* csa run over inbox (Kent's samples, taken at once) into outdir with --draft-formats,
 * drafting 2011/12 whatever the inbox holds. */
static int run_drafting(const char *inbox, const char *outdir, const char *formats, char **err)
{
    return test_csa(NULL, err, "--db", test_db_conninfo(), "--county",
                    test_path("etl/counties/kent.xml"), "run", "--inbox", inbox, "--out", outdir,
                    "--settle", "0", "--date", "2011-05-20", "--year", "2011", "--draft-formats",
                    formats, NULL);
}

static void test_run_drafts_the_formats_listed_and_without_chromium_the_others(void **state)
{
    (void)state;
    const char *inbox = test_tmp("run-formats-inbox"), *outdir = test_tmp("run-formats-out");
    assert_int_equal(mkdir(inbox, 0755), 0);
    for (size_t i = 0; i < 3; i++) {
        char cmd[2048];
        snprintf(cmd, sizeof cmd, "cp '%s' '%s/'", sample(kent_samples[i]), inbox);
        assert_int_equal(system(cmd), 0);
    }
    char *err = NULL;
    assert_int_equal(run_drafting(inbox, outdir, "html,docx", &err), 0);
    free(err);
    assert_true(exists(outdir, "2011/agreement.html"));
    assert_true(exists(outdir, "2011/agreement.docx"));
    assert_true(exists(outdir, "2011/drafts/1/agreement.docx"));
    assert_false(exists(outdir, "2011/agreement.md"));

    /* pdf with no browser: the year's other documents, then exit 3 saying so */
    char *path = xstrdup(getenv("PATH") ? getenv("PATH") : "");
    setenv("PATH", "/nonexistent-csa-bin", 1);
    unsetenv("CSA_CHROMIUM");
    int rc = run_drafting(inbox, outdir, "md,pdf", &err);
    setenv("PATH", path, 1);
    free(path);
    assert_int_equal(rc, 3);
    char want[2600];
    snprintf(want, sizeof want,
             "csa: error: could not draft 2011/12 into %s/2011: agreement.pdf was not written, "
             "though the other documents were: a PDF needs Chromium: install the Debian package "
             "chromium, or name the browser in CSA_CHROMIUM\n",
             outdir);
    assert_non_null(strstr(err, want));
    free(err);
    assert_true(exists(outdir, "2011/agreement.md"));
    assert_false(exists(outdir, "2011/agreement.pdf"));

    /* an unknown format is a usage error */
    assert_int_equal(run_drafting(inbox, outdir, "html,odt", &err), 2);
    assert_non_null(strstr(err, "csa: --draft-formats is html, md, docx, pdf or a list of them "
                                "(html,md,docx,pdf), not \"html,odt\"\n"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_the_first_draft_is_number_one_with_its_data_as_of_date, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_rerun_with_nothing_new_changes_no_byte_and_makes_no_draft_two, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_one_more_submission_makes_draft_two_listing_it_and_keeps_draft_one, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_the_year_before_shows_each_priority_count_then_and_now, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_the_word_status_box_says_what_the_html_says_and_final_drops_both, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_run_drafts_the_formats_listed_and_without_chromium_the_others, setup, teardown),
        cmocka_unit_test_setup_teardown(test_final_is_refused_while_a_partnership_is_missing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_kent_with_all_eleven_is_refused_final_for_the_lead_it_lacks, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_an_analyst_reads_the_draft_record_but_never_writes_it, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
