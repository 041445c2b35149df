/* test_validate.c: validate_file() against one bad file per rule of doc/submission.md.
 *
 * Each fixture in tests/data/bad/ breaks exactly one rule, so each test asserts the one
 * problem it reports: its level, its line and the whole message an analyst will read. The
 * hostile inputs that are too big to commit (gzip bomb, element-count bomb, truncated gzip)
 * are generated into temporary files. The last tests run `csa validate` itself, to check
 * what a user sees on stdout and stderr and the exit code a script gets. No database. */
#include "kentval.h"

#include "csa/cmd.h"
#include "csa/read.h"
#include "csa/validate.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <zlib.h>

static const char *bad(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/bad/%s", name);
    return test_path(rel);
}

static const char *good(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/good/%s", name);
    return test_path(rel);
}

/* Validates path and checks that it reports exactly one problem, of this level at this line,
 * whose message is msg (whole == 1) or contains msg (whole == 0); prints what it got if not. */
static void check_one(const char *path, enum csa_rc want_rc, enum diag_level level, long line,
                      const char *msg, int whole)
{
    struct diags d = {0};
    enum csa_rc rc = validate_file(&val, path, NULL, &d);
    int ok = rc == want_rc && d.n == 1 && d.errors + d.warnings == 1 && d.v[0].level == level &&
             d.v[0].line == line &&
             (whole ? strcmp(d.v[0].msg, msg) == 0 : strstr(d.v[0].msg, msg) != NULL);
    if (!ok) {
        cli_print_diags(path, &d);
        diags_free(&d);
        fail_msg("expected rc %d and only %s:%ld: %s: %s%s; got rc %d (above)", want_rc, path,
                 line, level == DIAG_ERROR ? "error" : "warning", whole ? "" : "...", msg, rc);
    }
    diags_free(&d);
}

static void error_is(const char *name, long line, const char *msg)
{
    check_one(bad(name), CSA_EINVALID, DIAG_ERROR, line, msg, 1);
}

static void error_has(const char *name, long line, const char *part)
{
    check_one(bad(name), CSA_EINVALID, DIAG_ERROR, line, part, 0);
}

static void warning_is(const char *name, long line, const char *msg)
{
    check_one(bad(name), CSA_OK, DIAG_WARNING, line, msg, 1);
}

/* Asserts that path is valid with no problem at all. */
static void assert_clean(const char *path)
{
    struct diags d = {0};
    enum csa_rc rc = validate_file(&val, path, NULL, &d);
    if (rc != CSA_OK || d.n != 0) {
        cli_print_diags(path, &d);
        diags_free(&d);
        fail_msg("expected %s to be valid with no warnings; got rc %d (above)", path, rc);
    }
    diags_free(&d);
}

/* ---- the header: version, partnership, county, plan year ------------------------------ */

static void test_version_2_is_not_a_version_this_build_reads(void **state)
{
    (void)state;
    error_is("version-2.xml", 2,
             "strategic-assessment version \"2\" is not one this build reads (it reads version 1)");
}

static void test_partnership_medway_is_not_in_the_kent_register(void **state)
{
    (void)state;
    error_has("partnership-code-unknown.xml", 3,
              "partnership code \"medway\" is not in the Kent register (its codes are: ashford, "
              "canterbury, ");
}

static void test_county_other_than_kent_is_refused(void **state)
{
    (void)state;
    error_is("partnership-county-not-kent.xml", 3,
             "partnership county \"E10000003\" is not the register's county, Kent (E10000016)");
}

static void test_plan_year_with_a_four_digit_end_fails_the_schema(void **state)
{
    (void)state;
    error_is("plan-year-four-digit-end.xml", 4,
             "plan-year \"2016/2017\" is not a plan year written like 2016/17 or 2016-17");
}

static void test_plan_year_2016_18_is_not_a_plan_year(void **state)
{
    (void)state;
    error_is("plan-year-wrong-successor.xml", 4,
             "plan-year \"2016/18\" is not a plan year: after 2016 comes 17 (write 2016/17)");
}

static void test_dartford_gravesham_is_not_in_force_for_2021(void **state)
{
    (void)state;
    error_is("dartford-gravesham-2021.xml", 3,
             "partnership \"dartford-gravesham\" was not in force for plan year 2021/22 (the "
             "register has it until 2020-09-30); submit under the partnership that covered the "
             "district then");
}

static void test_gravesham_alone_is_not_in_force_for_2011(void **state)
{
    (void)state;
    error_is("gravesham-2011.xml", 3,
             "partnership \"gravesham\" was not in force for plan year 2011/12 (the register has "
             "it from 2020-10-01); submit under the partnership that covered the district then");
}

static void test_missing_plan_year_names_the_element_expected(void **state)
{
    (void)state;
    error_is("plan-year-missing.xml", 4,
             "<priorities> is not expected here inside <strategic-assessment>; expected "
             "<plan-year>");
}

static void test_submitted_17_11_2015_is_not_a_date(void **state)
{
    (void)state;
    error_is("submitted-not-a-date.xml", 5,
             "submitted \"17/11/2015\" is not a date written YYYY-MM-DD");
}

/* ---- priorities ----------------------------------------------------------------------- */

static void test_priorities_without_a_core_one_are_refused(void **state)
{
    (void)state;
    error_is("no-core-priority.xml", 5,
             "<priorities> has no priority with kind=\"core\"; at least one is required");
}

static void test_rank_two_is_not_a_whole_number(void **state)
{
    (void)state;
    error_is("rank-two.xml", 7, "priority rank \"two\" is not a whole number (1, 2, 3, ...)");
}

static void test_rank_repeated_among_core_priorities_names_the_first(void **state)
{
    (void)state;
    /* rank 1 is also on a subsidiary priority (line 8): only core ranks must be unique */
    error_is("rank-repeated.xml", 9,
             "priority rank 2 is also given to the core priority on line 7; each core priority "
             "needs its own rank");
}

static void test_kind_main_is_not_core_or_subsidiary(void **state)
{
    (void)state;
    error_is("kind-main.xml", 6, "priority kind \"main\" is not \"core\" or \"subsidiary\"");
}

static void test_missing_kind_is_reported_on_its_priority(void **state)
{
    (void)state;
    error_is("kind-missing.xml", 7,
             "<priority> is missing its \"kind\" attribute (\"core\" or \"subsidiary\")");
}

static void test_negative_score_is_refused(void **state)
{
    (void)state;
    error_is("score-negative.xml", 6,
             "priority score \"-3\" is not a number of 0 or more, such as 81.5");
}

static void test_score_high_is_not_a_number(void **state)
{
    (void)state;
    error_is("score-not-a-number.xml", 6,
             "priority score \"high\" is not a number of 0 or more, such as 81.5");
}

static void test_empty_priority_wording_is_refused(void **state)
{
    (void)state;
    error_is("priority-empty.xml", 7,
             "<priority> is empty; write the partnership's wording of the priority");
}

static void test_empty_priorities_element_is_missing_a_priority(void **state)
{
    (void)state;
    error_is("priorities-empty.xml", 5, "<priorities> is missing <priority>");
}

/* ---- unknown names and misplaced content (the XSD) ------------------------------------ */

static void test_misspelt_prority_is_an_unknown_element(void **state)
{
    (void)state;
    error_is("element-misspelt.xml", 7,
             "<prority> is not expected here inside <priorities>; expected <priority>");
}

static void test_unknown_attribute_weight_is_refused(void **state)
{
    (void)state;
    error_is("attribute-unknown.xml", 6,
             "<priority> has an attribute \"weight\" that the format does not have; check its "
             "spelling");
}

static void test_misspelt_root_says_what_the_document_should_start_with(void **state)
{
    (void)state;
    error_is("root-wrong.xml", 2,
             "the document starts with <strategic-assesment>, but it should start with "
             "<strategic-assessment>");
}

static void test_submitted_out_of_order_lists_what_may_follow(void **state)
{
    (void)state;
    error_is("submitted-after-priorities.xml", 8,
             "<submitted> is not expected here inside <strategic-assessment>; expected one of "
             "<cross-cutting-themes>, <crime-statistics>, <indicators>, <emerging-issues>");
}

static void test_text_directly_inside_priorities_is_refused(void **state)
{
    (void)state;
    error_is("priorities-with-text.xml", 5,
             "<priorities> contains text, but only elements belong there");
}

static void test_markup_inside_a_priority_is_refused(void **state)
{
    (void)state;
    error_is("priority-with-element.xml", 6,
             "<priority> must contain only text, not other elements");
}

/* ---- crime statistics and indicators -------------------------------------------------- */

static void test_crime_period_that_ends_before_it_starts_is_refused(void **state)
{
    (void)state;
    error_is("crime-period-reversed.xml", 8,
             "crime-statistics current-start 2015-09-30 is not before current-end 2014-10-01; a "
             "period must start before it ends");
}

static void test_category_name_repeated_names_its_first_line(void **state)
{
    (void)state;
    error_is("category-repeated.xml", 11,
             "category \"Robbery\" is already in this table (line 9); each category name may "
             "appear once");
}

static void test_category_parent_not_in_the_table_is_refused(void **state)
{
    (void)state;
    error_is("category-parent-unknown.xml", 10,
             "category \"Robbery\" names parent \"Violent crimes\", which is not a category of "
             "this table");
}

static void test_negative_current_count_is_refused(void **state)
{
    (void)state;
    error_is("category-current-negative.xml", 9,
             "category current \"-78\" is not a whole number of 0 or more");
}

static void test_fractional_previous_count_is_refused(void **state)
{
    (void)state;
    error_is("category-previous-not-integer.xml", 9,
             "category previous \"60.5\" is not a whole number of 0 or more");
}

static void test_missing_current_count_is_refused(void **state)
{
    (void)state;
    error_is("category-current-missing.xml", 9,
             "<category> is missing its \"current\" attribute (a whole number of 0 or more)");
}

static void test_difference_that_disagrees_is_a_warning_and_the_file_is_valid(void **state)
{
    (void)state;
    warning_is("difference-disagrees.xml", 9,
               "category \"Robbery\" difference 17 does not agree with current 78 - previous 60 "
               "= 18; the counts are what is stored");
}

static void test_percent_change_that_disagrees_is_a_warning(void **state)
{
    (void)state;
    warning_is("percent-disagrees.xml", 9,
               "category \"Robbery\" percent-change 3.0 does not agree with the counts (78 "
               "against 60 is +30.0%); the counts are what is stored");
}

static void test_percent_change_with_previous_zero_is_a_warning(void **state)
{
    (void)state;
    warning_is("percent-with-previous-zero.xml", 9,
               "category \"Modern slavery\" has percent-change 100 but previous is 0, so there "
               "is no percentage change; the counts are what is stored");
}

static void test_percent_within_the_tolerance_gives_no_warning(void **state)
{
    (void)state;
    /* 60 -> 78 written 30, 2612 -> 2945 written 12.7 (exactly 12.749...) and 12.75 (the
     * 0.05 edge), 9410 -> 9178 written -2.5 (exactly -2.465...) */
    assert_clean(good("percent-within-tolerance.xml"));
}

static void test_percent_just_outside_the_tolerance_warns(void **state)
{
    (void)state;
    const char *p = test_write(
        "percent-12.8.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<strategic-assessment version=\"1\">\n"
        "  <partnership code=\"maidstone\" county=\"E10000016\">Safer Maidstone</partnership>\n"
        "  <plan-year>2016-17</plan-year>\n"
        "  <priorities><priority kind=\"core\">ASB</priority></priorities>\n"
        "  <crime-statistics current-start=\"2014-10-01\" current-end=\"2015-09-30\"\n"
        "                    previous-start=\"2013-10-01\" previous-end=\"2014-09-30\">\n"
        "    <category name=\"Violent Crime\" current=\"2945\" previous=\"2612\" "
        "percent-change=\"12.8\"/>\n"
        "  </crime-statistics>\n"
        "</strategic-assessment>\n");
    check_one(p, CSA_OK, DIAG_WARNING, 8,
              "category \"Violent Crime\" percent-change 12.8 does not agree with the counts "
              "(2945 against 2612 is +12.7%); the counts are what is stored",
              1);
}

static void test_indicator_value_with_a_thousands_comma_is_not_a_number(void **state)
{
    (void)state;
    error_is("indicator-value-not-a-number.xml", 10,
             "value \"2,117\" is not a number, such as 1925 or 28.6");
}

/* ---- well-formedness ------------------------------------------------------------------ */

static void test_mismatched_tags_name_both_tags_and_the_opening_line(void **state)
{
    (void)state;
    error_is("tags-mismatched.xml", 6,
             "<priority> opened on line 6 is closed by </priorty>; the tags must match");
}

static void test_bare_ampersand_is_reported_on_its_line(void **state)
{
    (void)state;
    error_is("ampersand-bare.xml", 6, "a bare \"&\" in text must be written \"&amp;\"");
}

static void test_truncated_document_says_which_element_is_left_open(void **state)
{
    (void)state;
    error_is("truncated.xml", 7,
             "the file ends before <priorities> (opened on line 5) is closed");
}

/* ---- hostile input -------------------------------------------------------------------- */

static const char doctype_msg[] =
    "the file has a <!DOCTYPE> declaration; submissions may not have one (it can pull in other "
    "files or expand entities), so remove it";

static void test_external_entity_is_refused_at_the_doctype_and_never_read(void **state)
{
    (void)state;
    error_is("doctype-xxe.xml", 2, doctype_msg);
    /* and the command line shows nothing of /etc/passwd either */
    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "--county", test_path("etl/counties/kent.xml"), "validate",
                      bad("doctype-xxe.xml"), NULL);
    assert_int_equal(rc, CSA_EINVALID);
    assert_null(strstr(out, "root:"));
    assert_null(strstr(err, "root:"));
    assert_null(strstr(err, "/bin/"));
    free(out);
    free(err);
}

static void test_billion_laughs_is_refused_at_once(void **state)
{
    (void)state;
    /* refused at its DOCTYPE, before a single entity is declared, let alone expanded (no
     * timing asserted here: that would be a test that can flake, and proves less) */
    error_is("billion-laughs.xml", 2, doctype_msg);
}

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Writes n bytes of zeros, gzip-compressed, into a temporary file; returns its path. */
static const char *write_gzip_zeros(const char *name, size_t n)
{
    const char *path = test_write(name, "");
    gzFile gz = gzopen(path, "wb1");
    assert_non_null(gz);
    static char zeros[1 << 16];
    for (size_t done = 0; done < n; done += sizeof zeros)
        assert_int_equal(gzwrite(gz, zeros, sizeof zeros), (int)sizeof zeros);
    assert_int_equal(gzclose(gz), Z_OK);
    return path;
}

static void test_gzip_bomb_is_refused_by_size_with_bounded_memory(void **state)
{
    (void)state;
    const char *path = write_gzip_zeros("bomb.xml.gz", 100u * 1024u * 1024u);
    long before = max_rss_kb();
    check_one(path, CSA_EINVALID, DIAG_ERROR, 0,
              "the file is larger than 16777216 bytes once decompressed; a submission is never "
              "this big, so it is refused",
              1);
    /* the whole bomb would need 100 MB at least; the cap keeps the peak well under that */
    long grew_mb = (max_rss_kb() - before) / 1024;
    print_message("gzip bomb: peak memory grew by %ld MB\n", grew_mb);
    assert_true(grew_mb < 80);
    remove(path);
}

static void test_truncated_gzip_sample_is_refused(void **state)
{
    (void)state;
    FILE *f = fopen(test_path("etl/samples/kent-2011/dover-2011.xml.gz"), "rb");
    assert_non_null(f);
    char half[4096];
    size_t n = fread(half, 1, sizeof half, f);
    fclose(f);
    assert_true(n > 200);
    const char *path = test_write("truncated.xml.gz", "");
    f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(half, 1, n / 2, f);
    fclose(f);
    check_one(path, CSA_EINVALID, DIAG_ERROR, 0,
              "could not read the file: the gzip data is truncated (unexpected end of file)", 1);
}

static void test_element_count_bomb_is_refused_at_the_first_element_too_many(void **state)
{
    (void)state;
    /* line 2 holds element 1 (the root), so element k is on line k + 1 */
    struct buf b = {0};
    buf_puts(&b, "<?xml version=\"1.0\"?>\n<strategic-assessment version=\"1\">\n");
    for (int i = 0; i < 300000; i++)
        buf_puts(&b, "<x/>\n");
    buf_puts(&b, "</strategic-assessment>\n");
    const char *path = test_write("many.xml", buf_str(&b));
    buf_free(&b);
    check_one(path, CSA_EINVALID, DIAG_ERROR, 200002,
              "the file has more than 200000 elements; a submission is never this big, so it "
              "is refused",
              1);
    remove(path);
}

static void test_depth_bomb_is_refused_at_the_first_level_too_deep(void **state)
{
    (void)state;
    struct buf b = {0};
    buf_puts(&b, "<?xml version=\"1.0\"?>\n<strategic-assessment version=\"1\">\n");
    for (int i = 2; i <= 100; i++)
        buf_printf(&b, "<level%d>\n", i);
    for (int i = 100; i >= 2; i--)
        buf_printf(&b, "</level%d>\n", i);
    buf_puts(&b, "</strategic-assessment>\n");
    const char *path = test_write("deep.xml", buf_str(&b));
    buf_free(&b);
    /* level k opens on line k + 1; level 33 is the first past the bound of 32 */
    check_one(path, CSA_EINVALID, DIAG_ERROR, 34,
              "<level33> is nested more than 32 elements deep; the format is never this deep", 1);
}

/* ---- the good files ------------------------------------------------------------------- */

static void test_every_kent_sample_is_valid_with_no_warnings(void **state)
{
    (void)state;
    const char *dir = test_path("etl/samples/kent-2011");
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    int files = 0;
    for (struct dirent *e; (e = readdir(dh)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        assert_clean(path);
        files++;
    }
    closedir(dh);
    assert_int_equal(files, 11); /* one per partnership in force for 2011/12 */
}

static void test_spec_example_is_valid_with_no_warnings(void **state)
{
    (void)state;
    assert_clean(good("spec-example.xml"));
}

static void test_gzipped_sample_reads_the_same_as_its_plain_form(void **state)
{
    (void)state;
    const char *gz = test_path("etl/samples/kent-2011/dover-2011.xml.gz");
    struct buf plain = {0};
    struct csa_error err = {0};
    assert_int_equal(read_file(gz, CSA_MAX_INPUT_BYTES, &plain, NULL, &err), CSA_OK);
    const char *flat = test_write("dover-2011.xml", buf_str(&plain));
    buf_free(&plain);

    struct csa_submission *a = NULL, *b = NULL;
    struct diags da = {0}, db = {0};
    assert_int_equal(validate_file(&val, gz, &a, &da), CSA_OK);
    assert_int_equal(validate_file(&val, flat, &b, &db), CSA_OK);
    assert_int_equal(a->was_gzip, 1);
    assert_int_equal(b->was_gzip, 0);
    assert_string_equal(a->code, "dover");
    assert_int_equal(a->plan_year, 2011);
    assert_true(a->npriorities > 0);
    struct buf ja = {0}, jb = {0};
    submission_to_json(a, &da, &ja);
    submission_to_json(b, &db, &jb);
    assert_string_equal(buf_str(&ja), buf_str(&jb));
    buf_free(&ja);
    buf_free(&jb);
    submission_free(a);
    submission_free(b);
    diags_free(&da);
    diags_free(&db);
}

static void test_invalid_file_gives_no_submission(void **state)
{
    (void)state;
    struct csa_submission *s = (struct csa_submission *)&s; /* must be reset to NULL */
    struct diags d = {0};
    assert_int_equal(validate_file(&val, bad("rank-two.xml"), &s, &d), CSA_EINVALID);
    assert_null(s);
    diags_free(&d);
}

static void test_a_schema_error_does_not_hide_an_unknown_partnership(void **state)
{
    (void)state;
    const char *p = test_write(
        "typo-and-code.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<strategic-assessment version=\"1\">\n"
        "  <partnership code=\"maidston\" county=\"E10000016\">Safer Maidstone</partnership>\n"
        "  <plan-year>2016/18</plan-year>\n"
        "  <priorities>\n"
        "    <prority kind=\"core\">ASB</prority>\n"
        "  </priorities>\n"
        "</strategic-assessment>\n");
    struct diags d = {0};
    assert_int_equal(validate_file(&val, p, NULL, &d), CSA_EINVALID);
    assert_int_equal(d.n, 3);
    assert_int_equal(d.v[0].line, 3);
    assert_non_null(strstr(d.v[0].msg, "partnership code \"maidston\" is not in the Kent register"));
    assert_int_equal(d.v[1].line, 4);
    assert_string_equal(d.v[1].msg, "plan-year \"2016/18\" is not a plan year: after 2016 comes "
                                    "17 (write 2016/17)");
    assert_int_equal(d.v[2].line, 6);
    assert_non_null(strstr(d.v[2].msg, "<prority> is not expected here inside <priorities>"));
    diags_free(&d);
}

static void test_file_with_several_problems_reports_them_all_in_line_order(void **state)
{
    (void)state;
    const char *p = test_write(
        "several.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<strategic-assessment version=\"3\">\n"
        "  <partnership code=\"maidstone\" county=\"E10000016\">Safer Maidstone</partnership>\n"
        "  <plan-year>2016/17</plan-year>\n"
        "  <priorities>\n"
        "    <priority kind=\"core\" rank=\"1\">ASB</priority>\n"
        "    <priority kind=\"core\" rank=\"1\">Drugs</priority>\n"
        "  </priorities>\n"
        "  <crime-statistics current-start=\"2014-10-01\" current-end=\"2015-09-30\"\n"
        "                    previous-start=\"2013-10-01\" previous-end=\"2014-09-30\">\n"
        "    <category name=\"Robbery\" current=\"78\" previous=\"60\" difference=\"2\"/>\n"
        "  </crime-statistics>\n"
        "</strategic-assessment>\n");
    struct diags d = {0};
    assert_int_equal(validate_file(&val, p, NULL, &d), CSA_EINVALID);
    assert_int_equal(d.errors, 2);
    assert_int_equal(d.warnings, 1);
    assert_int_equal(d.n, 3);
    assert_int_equal(d.v[0].line, 2);
    assert_int_equal(d.v[1].line, 7);
    assert_int_equal(d.v[2].line, 11);
    assert_int_equal(d.v[2].level, DIAG_WARNING);
    diags_free(&d);
}

/* ---- the command line ----------------------------------------------------------------- */

static void test_csa_validate_prints_problems_on_stderr_and_a_summary_on_stdout(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    const char *f = bad("rank-two.xml");
    int rc = test_csa(&out, &err, "--county", test_path("etl/counties/kent.xml"), "validate", f,
                      NULL);
    char want_err[2048], want_out[2048];
    snprintf(want_err, sizeof want_err,
             "%s:7: error: priority rank \"two\" is not a whole number (1, 2, 3, ...)\n", f);
    snprintf(want_out, sizeof want_out, "invalid %s: 1 error, 0 warnings\n", f);
    assert_int_equal(rc, 1);
    assert_string_equal(err, want_err);
    assert_string_equal(out, want_out);
    free(out);
    free(err);
}

static void test_csa_validate_exits_0_for_a_file_with_only_warnings(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    const char *f = bad("difference-disagrees.xml");
    int rc = test_csa(&out, &err, "-c", test_path("etl/counties/kent.xml"), "validate", f, NULL);
    char want[2048];
    snprintf(want, sizeof want, "valid %s: 0 errors, 1 warning\n", f);
    assert_int_equal(rc, 0);
    assert_string_equal(out, want);
    snprintf(want, sizeof want, "%s:9: warning: category \"Robbery\" difference 17", f);
    assert_non_null(strstr(err, want));
    free(out);
    free(err);
}

static void test_csa_validate_goes_on_past_a_bad_file_and_exits_1(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    const char *a = bad("version-2.xml"), *b = good("spec-example.xml");
    int rc = test_csa(&out, &err, "-c", test_path("etl/counties/kent.xml"), "validate", a, b,
                      NULL);
    char want[4096];
    snprintf(want, sizeof want, "invalid %s: 1 error, 0 warnings\nvalid %s: 0 errors, 0 warnings\n",
             a, b);
    assert_int_equal(rc, 1);
    assert_string_equal(out, want);
    free(out);
    free(err);
}

static void test_csa_validate_quiet_prints_problems_only(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "-q", "-c", test_path("etl/counties/kent.xml"), "validate",
                      bad("kind-main.xml"), NULL);
    assert_int_equal(rc, 1);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "kind-main.xml:6: error: priority kind \"main\""));
    free(out);
    free(err);
}

static void test_csa_validate_without_a_file_is_a_usage_error(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "-c", test_path("etl/counties/kent.xml"), "validate", NULL);
    assert_int_equal(rc, CSA_EUSAGE);
    assert_string_equal(err, "csa: validate needs at least one FILE\nTry \"csa --help\".\n");
    assert_string_equal(out, "");
    free(out);
    free(err);
}

static void test_csa_validate_without_a_register_is_a_usage_error(void **state)
{
    (void)state;
    /* cli.md: a missing argument is a usage error (2); 3 is for a register that is bad */
    unsetenv("CSA_COUNTY");
    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "validate", good("spec-example.xml"), NULL);
    assert_int_equal(rc, CSA_EUSAGE);
    assert_non_null(strstr(err, "give --county FILE or set CSA_COUNTY"));
    free(out);
    free(err);
}

static void test_csa_validate_takes_the_register_from_csa_county(void **state)
{
    (void)state;
    setenv("CSA_COUNTY", test_path("etl/counties/kent.xml"), 1);
    char *out = NULL;
    int rc = test_csa(&out, NULL, "validate", good("spec-example.xml"), NULL);
    unsetenv("CSA_COUNTY");
    assert_int_equal(rc, CSA_OK);
    assert_non_null(strstr(out, "valid "));
    free(out);
}

static void test_csa_validate_with_an_unreadable_register_is_an_environment_error(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "-c", "/nonexistent/kent.xml", "validate",
                      good("spec-example.xml"), NULL);
    assert_int_equal(rc, CSA_EENV);
    assert_non_null(strstr(err, "/nonexistent/kent.xml"));
    assert_non_null(strstr(err, "No such file or directory"));
    assert_string_equal(out, "");
    free(out);
    free(err);
}

static void test_csa_validate_of_a_missing_file_is_an_environment_error(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "-c", test_path("etl/counties/kent.xml"), "validate",
                      "/nonexistent/sub.xml", NULL);
    assert_int_equal(rc, CSA_EENV);
    assert_string_equal(err,
                        "/nonexistent/sub.xml: error: could not open file: No such file or "
                        "directory\n");
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_2_is_not_a_version_this_build_reads),
        cmocka_unit_test(test_partnership_medway_is_not_in_the_kent_register),
        cmocka_unit_test(test_county_other_than_kent_is_refused),
        cmocka_unit_test(test_plan_year_with_a_four_digit_end_fails_the_schema),
        cmocka_unit_test(test_plan_year_2016_18_is_not_a_plan_year),
        cmocka_unit_test(test_dartford_gravesham_is_not_in_force_for_2021),
        cmocka_unit_test(test_gravesham_alone_is_not_in_force_for_2011),
        cmocka_unit_test(test_missing_plan_year_names_the_element_expected),
        cmocka_unit_test(test_submitted_17_11_2015_is_not_a_date),
        cmocka_unit_test(test_priorities_without_a_core_one_are_refused),
        cmocka_unit_test(test_rank_two_is_not_a_whole_number),
        cmocka_unit_test(test_rank_repeated_among_core_priorities_names_the_first),
        cmocka_unit_test(test_kind_main_is_not_core_or_subsidiary),
        cmocka_unit_test(test_missing_kind_is_reported_on_its_priority),
        cmocka_unit_test(test_negative_score_is_refused),
        cmocka_unit_test(test_score_high_is_not_a_number),
        cmocka_unit_test(test_empty_priority_wording_is_refused),
        cmocka_unit_test(test_empty_priorities_element_is_missing_a_priority),
        cmocka_unit_test(test_misspelt_prority_is_an_unknown_element),
        cmocka_unit_test(test_unknown_attribute_weight_is_refused),
        cmocka_unit_test(test_misspelt_root_says_what_the_document_should_start_with),
        cmocka_unit_test(test_submitted_out_of_order_lists_what_may_follow),
        cmocka_unit_test(test_text_directly_inside_priorities_is_refused),
        cmocka_unit_test(test_markup_inside_a_priority_is_refused),
        cmocka_unit_test(test_crime_period_that_ends_before_it_starts_is_refused),
        cmocka_unit_test(test_category_name_repeated_names_its_first_line),
        cmocka_unit_test(test_category_parent_not_in_the_table_is_refused),
        cmocka_unit_test(test_negative_current_count_is_refused),
        cmocka_unit_test(test_fractional_previous_count_is_refused),
        cmocka_unit_test(test_missing_current_count_is_refused),
        cmocka_unit_test(test_difference_that_disagrees_is_a_warning_and_the_file_is_valid),
        cmocka_unit_test(test_percent_change_that_disagrees_is_a_warning),
        cmocka_unit_test(test_percent_change_with_previous_zero_is_a_warning),
        cmocka_unit_test(test_percent_within_the_tolerance_gives_no_warning),
        cmocka_unit_test(test_percent_just_outside_the_tolerance_warns),
        cmocka_unit_test(test_indicator_value_with_a_thousands_comma_is_not_a_number),
        cmocka_unit_test(test_mismatched_tags_name_both_tags_and_the_opening_line),
        cmocka_unit_test(test_bare_ampersand_is_reported_on_its_line),
        cmocka_unit_test(test_truncated_document_says_which_element_is_left_open),
        cmocka_unit_test(test_external_entity_is_refused_at_the_doctype_and_never_read),
        cmocka_unit_test(test_billion_laughs_is_refused_at_once),
        cmocka_unit_test(test_gzip_bomb_is_refused_by_size_with_bounded_memory),
        cmocka_unit_test(test_truncated_gzip_sample_is_refused),
        cmocka_unit_test(test_element_count_bomb_is_refused_at_the_first_element_too_many),
        cmocka_unit_test(test_depth_bomb_is_refused_at_the_first_level_too_deep),
        cmocka_unit_test(test_every_kent_sample_is_valid_with_no_warnings),
        cmocka_unit_test(test_spec_example_is_valid_with_no_warnings),
        cmocka_unit_test(test_gzipped_sample_reads_the_same_as_its_plain_form),
        cmocka_unit_test(test_invalid_file_gives_no_submission),
        cmocka_unit_test(test_a_schema_error_does_not_hide_an_unknown_partnership),
        cmocka_unit_test(test_file_with_several_problems_reports_them_all_in_line_order),
        cmocka_unit_test(test_csa_validate_prints_problems_on_stderr_and_a_summary_on_stdout),
        cmocka_unit_test(test_csa_validate_exits_0_for_a_file_with_only_warnings),
        cmocka_unit_test(test_csa_validate_goes_on_past_a_bad_file_and_exits_1),
        cmocka_unit_test(test_csa_validate_quiet_prints_problems_only),
        cmocka_unit_test(test_csa_validate_without_a_file_is_a_usage_error),
        cmocka_unit_test(test_csa_validate_without_a_register_is_a_usage_error),
        cmocka_unit_test(test_csa_validate_takes_the_register_from_csa_county),
        cmocka_unit_test(test_csa_validate_with_an_unreadable_register_is_an_environment_error),
        cmocka_unit_test(test_csa_validate_of_a_missing_file_is_an_environment_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
