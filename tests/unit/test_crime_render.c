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
         .outside = 1, .no_location = 1, .month = 2012 * 12 + 4, .force = "Kent Police"},
        {.path = "b.csv", .outcome = CRIME_LOADED, .loaded = 7, .bad_skipped = 2,
         .month = 2011 * 12 + 11, .force = "Kent Police",
         .skips = {{3, "the row has 11 fields"}, {9, "Month \"2012-01\" is not the file's"}}},
        {.path = "c.csv", .outcome = CRIME_LOADED, .month = 2012 * 12, .force = "BTP",
         .bad_skipped = 7,
         .skips = {{2, "x"}, {3, "x"}, {4, "x"}, {5, "x"}, {6, "x"}}},
        {.path = "d.csv", .outcome = CRIME_SUPERSEDED, .replaced_by = "e.csv"},
        {.path = "f.csv", .outcome = CRIME_REJECTED,
         .err = {.code = CSA_EINVALID, .file = "f.csv", .line = 4, .msg = "bad row"}},
    };
    struct crime_load l = {.files = f, .nfiles = 5, .rc = CSA_EINVALID};
    struct buf out = {0}, errs = {0};
    crime_load_render(&l, &out, &errs);
    assert_string_equal(buf_str(&out),
        "loaded a/2012-05-kent-street.csv: 4 rows (2012-05, Kent Police); not loaded: 1 outside "
        "the county's districts, 1 with no location\n"
        "loaded b.csv: 7 rows (2011-12, Kent Police); not loaded: 0 outside the county's "
        "districts, 0 with no location, 2 malformed rows skipped (lines 3, 9)\n"
        "loaded c.csv: 0 rows (2012-01, BTP); not loaded: 0 outside the county's districts, 0 "
        "with no location, 7 malformed rows skipped (lines 2, 3, 4, 5, 6, ...)\n"
        "skipped d.csv: e.csv holds the same force and month and replaces it\n"
        "rejected f.csv: bad row\n");
    assert_string_equal(buf_str(&errs),
        "b.csv:3: warning: row skipped: the row has 11 fields\n"
        "b.csv:9: warning: row skipped: Month \"2012-01\" is not the file's\n"
        "c.csv:2: warning: row skipped: x\n"
        "c.csv:3: warning: row skipped: x\n"
        "c.csv:4: warning: row skipped: x\n"
        "c.csv:5: warning: row skipped: x\n"
        "c.csv:6: warning: row skipped: x\n"
        "c.csv: warning: 2 more malformed rows skipped\n"
        "f.csv:4: error: bad row\n");
    buf_free(&out);
    buf_free(&errs);
}

static void test_one_skipped_row_is_named_in_the_singular(void **state)
{
    (void)state;
    struct crime_file f = {.path = "a.csv", .outcome = CRIME_LOADED, .loaded = 1,
                           .bad_skipped = 1, .month = 2013 * 12 + 7, .force = "Kent Police",
                           .skips = {{5, "bad"}}};
    struct crime_load l = {.files = &f, .nfiles = 1};
    struct buf out = {0}, errs = {0};
    crime_load_render(&l, &out, &errs);
    assert_non_null(strstr(buf_str(&out), ", 1 malformed row skipped (line 5)\n"));
    buf_free(&out);
    buf_free(&errs);
}

/* Two areas, one with a quote in its name for the CSV and JSON; 2011-01 missing. */
static const struct crime_summary_row rows[] = {
    {"maidstone", "Safer Maidstone", "All crime", 0, 36, 24, 12, "50.0"},
    {"maidstone", "Safer Maidstone", "Burglary", 1, 20, 24, -4, "-16.7"},
    {"county", "Kent, \"the county\"", "Drugs", 1, 12, 0, 12, NULL},
    {"county", "Kent, \"the county\"", "Robbery", 1, 0, 0, 0, NULL},
};

static const char *forces[] = {"Kent Police", "British Transport Police"};

static struct crime_summary summary(void)
{
    struct crime_summary s = {.county_name = "Kent", .period_end = "2012-12",
                              .months_loaded = 23, .nmissing = 1, .missing = {"2011-01"},
                              .principal = forces[0], .forces = forces, .nforces = 1,
                              .rows = (struct crime_summary_row *)rows, .nrows = 4};
    return s;
}

static void test_missing_force_months_are_named_in_runs(void **state)
{
    (void)state;
    struct crime_gap gaps[] = {{forces[1], "2011-01", 0}, {forces[1], "2011-02", 1},
                               {forces[1], "2011-03", 2}, {forces[1], "2011-05", 4},
                               {"Zed Police", "2012-12", 23}};
    struct crime_summary s = summary();
    s.nforces = 2;
    s.gaps = gaps;
    s.ngaps = 5;
    s.nrows = 0;
    struct buf b = {0};
    crime_summary_text(&s, &b);
    assert_string_equal(buf_str(&b),
        "Kent: police.uk street-level crime, the twelve months to 2012-12 against the twelve "
        "before\nforces: Kent Police (principal), British Transport Police\n"
        "months loaded: 23 of 24; missing: 2011-01\n"
        "missing force-months: British Transport Police 2011-01 .. 2011-03, 2011-05; "
        "Zed Police 2012-12\n");
    buf_reset(&b);
    s.ngaps = 1;
    crime_summary_json(&s, &b);
    assert_non_null(strstr(buf_str(&b), "\"missing_force_months\":[{\"force\":\"British "
                                        "Transport Police\",\"month\":\"2011-01\"}]"));
    buf_free(&b);
}

static void test_the_text_table_writes_signs_as_the_papers_do(void **state)
{
    (void)state;
    struct crime_summary s = summary();
    struct buf b = {0};
    crime_summary_text(&s, &b);
    assert_string_equal(buf_str(&b),
        "Kent: police.uk street-level crime, the twelve months to 2012-12 against the twelve "
        "before\nforces: Kent Police (principal)\nmonths loaded: 23 of 24; missing: 2011-01\n"
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
        "{\"period_end\":\"2012-12\",\"forces\":[\"Kent Police\"],\"principal_force\":"
        "\"Kent Police\",\"months_loaded\":23,\"months_missing\":[\"2011-01\"],"
        "\"missing_force_months\":[],\"rows\":[{\"area\":\"maidstone\",\"area_name\":\"Safer Maidstone\",\"category\":"
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
        cmocka_unit_test(test_one_skipped_row_is_named_in_the_singular),
        cmocka_unit_test(test_missing_force_months_are_named_in_runs),
        cmocka_unit_test(test_the_text_table_writes_signs_as_the_papers_do),
        cmocka_unit_test(test_the_csv_table_quotes_what_needs_it_and_leaves_no_percentage_empty),
        cmocka_unit_test(test_the_json_table_carries_the_months_and_null_for_no_percentage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
