/* test_crime_render.c: the crime commands' renderers, with no database: the load report's
 * lines (stdout and stderr apart) and the crime table as text, CSV and JSON, from structs
 * filled by hand. */
#include "support.h"

#include "csa/crime_load.h"
#include "csa/crime_summary.h"

#include <string.h>

static void test_the_load_report_has_a_line_per_file_and_errors_apart(void **state)
{
    (void)state;
    struct crime_file f[5] = {
        {.path = "a/2012-05-kent-street.csv", .outcome = CRIME_LOADED, .loaded = 4,
         .outside = 1, .no_location = 1, .nmonths = 1, .first_month = 2012 * 12 + 4,
         .last_month = 2012 * 12 + 4},
        {.path = "b.csv", .outcome = CRIME_LOADED, .loaded = 7, .bad_skipped = 2, .nmonths = 3,
         .first_month = 2011 * 12 + 11, .last_month = 2012 * 12 + 1},
        {.path = "c.csv", .outcome = CRIME_LOADED},
        {.path = "d.csv", .outcome = CRIME_SUPERSEDED, .replaced_by = "e.csv"},
        {.path = "f.csv", .outcome = CRIME_REJECTED,
         .err = {.code = CSA_EINVALID, .file = "f.csv", .line = 4, .msg = "bad row"}},
    };
    struct crime_load l = {.files = f, .nfiles = 5, .rc = CSA_EINVALID};
    struct buf out = {0}, errs = {0};
    crime_load_render(&l, &out, &errs);
    assert_string_equal(buf_str(&out),
        "loaded a/2012-05-kent-street.csv: 4 rows (2012-05); not loaded: 1 outside the "
        "county's districts, 1 with no location\n"
        "loaded b.csv: 7 rows (2011-12 .. 2012-02); not loaded: 0 outside the county's "
        "districts, 0 with no location, 2 malformed rows skipped\n"
        "loaded c.csv: 0 rows (no months); not loaded: 0 outside the county's districts, 0 "
        "with no location\n"
        "skipped d.csv: e.csv holds the same force and month and replaces it\n"
        "rejected f.csv: bad row\n");
    assert_string_equal(buf_str(&errs), "f.csv:4: error: bad row\n");
    buf_free(&out);
    buf_free(&errs);
}

static void test_a_load_that_found_no_file_says_so_on_stderr(void **state)
{
    (void)state;
    struct crime_load l = {0};
    struct buf out = {0}, errs = {0};
    crime_load_render(&l, &out, &errs);
    assert_int_equal(out.len, 0);
    assert_string_equal(buf_str(&errs), "csa: no police.uk street-level files (*street.csv or "
                                        "*street.csv.gz) found\n");
    buf_free(&errs);
}

/* Two areas, one with a quote in its name for the CSV and JSON; 2011-01 missing. */
static const struct crime_summary_row rows[] = {
    {"maidstone", "Safer Maidstone", "All crime", 0, 36, 24, 12, "50.0"},
    {"maidstone", "Safer Maidstone", "Burglary", 1, 20, 24, -4, "-16.7"},
    {"county", "Kent, \"the county\"", "Drugs", 1, 12, 0, 12, NULL},
    {"county", "Kent, \"the county\"", "Robbery", 1, 0, 0, 0, NULL},
};

static struct crime_summary summary(void)
{
    struct crime_summary s = {.county_name = "Kent", .period_end = "2012-12",
                              .months_loaded = 23, .nmissing = 1, .missing = {"2011-01"},
                              .rows = (struct crime_summary_row *)rows, .nrows = 4};
    return s;
}

static void test_the_text_table_writes_signs_as_the_papers_do(void **state)
{
    (void)state;
    struct crime_summary s = summary();
    struct buf b = {0};
    crime_summary_text(&s, &b);
    assert_string_equal(buf_str(&b),
        "Kent: police.uk street-level crime, the twelve months to 2012-12 against the twelve "
        "before\nmonths loaded: 23 of 24; missing: 2011-01\n"
        "\nSafer Maidstone\n"
        "                                               current  previous difference  % change\n"
        "All crime                                           36        24        +12    +50.0%\n"
        "  - Burglary                                        20        24         -4    -16.7%\n"
        "\nKent, \"the county\"\n"
        "                                               current  previous difference  % change\n"
        "  - Drugs                                           12         0        +12       n/a\n"
        "  - Robbery                                          0         0          0       n/a\n");
    buf_free(&b);
}

static void test_the_csv_table_quotes_what_needs_it_and_leaves_no_percentage_empty(void **state)
{
    (void)state;
    struct crime_summary s = summary();
    struct buf b = {0};
    crime_summary_csv(&s, &b);
    assert_string_equal(buf_str(&b),
        "area,area_name,category,level,current,previous,difference,percent_change\n"
        "maidstone,Safer Maidstone,All crime,0,36,24,12,50.0\n"
        "maidstone,Safer Maidstone,Burglary,1,20,24,-4,-16.7\n"
        "county,\"Kent, \"\"the county\"\"\",Drugs,1,12,0,12,\n"
        "county,\"Kent, \"\"the county\"\"\",Robbery,1,0,0,0,\n");
    buf_free(&b);
}

static void test_the_json_table_carries_the_months_and_null_for_no_percentage(void **state)
{
    (void)state;
    struct crime_summary s = summary();
    s.nrows = 2;
    s.rows = (struct crime_summary_row *)rows + 1;
    struct buf b = {0};
    crime_summary_json(&s, &b);
    assert_string_equal(buf_str(&b),
        "{\"period_end\":\"2012-12\",\"months_loaded\":23,\"months_missing\":[\"2011-01\"],"
        "\"rows\":[{\"area\":\"maidstone\",\"area_name\":\"Safer Maidstone\",\"category\":"
        "\"Burglary\",\"level\":1,\"current\":20,\"previous\":24,\"difference\":-4,"
        "\"percent_change\":-16.7},{\"area\":\"county\",\"area_name\":\"Kent, \\\"the "
        "county\\\"\",\"category\":\"Drugs\",\"level\":1,\"current\":12,\"previous\":0,"
        "\"difference\":12,\"percent_change\":null}]}\n");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_load_report_has_a_line_per_file_and_errors_apart),
        cmocka_unit_test(test_a_load_that_found_no_file_says_so_on_stderr),
        cmocka_unit_test(test_the_text_table_writes_signs_as_the_papers_do),
        cmocka_unit_test(test_the_csv_table_quotes_what_needs_it_and_leaves_no_percentage_empty),
        cmocka_unit_test(test_the_json_table_carries_the_months_and_null_for_no_percentage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
