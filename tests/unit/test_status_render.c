/* test_status_render.c: `csa status` as text and JSON from a struct status built by hand, with
 * no database: the renderers are pure, so what a county officer reads is tested on its own. */
#include "support.h"

#include "csa/status.h"

#include <stdlib.h>
#include <string.h>

/* Wessex 2011/12: north has submitted with one warning, south is missing, one wording of
 * north's maps to nothing, and last night's run rejected a file. */
static struct status wessex(void)
{
    static struct status_partnership parts[] = {
        {"north", "North and East CSP", 2, "2011-03-01", "north-2011.xml", 1},
        {"south", "South CSP", 0, NULL, NULL, 0},
    };
    static struct status_warning warnings[] = {
        {"north-2011.xml", "category \"Burglary\" difference -3 does not agree", 14},
    };
    static struct status_unmapped unmapped[] = {
        {"north-2011.xml", "Tackling \"yobs\"", 9, 0, "core",
         {{"asb", "ASB", 0.5}}, 1},
    };
    static struct status_run_file files[] = {{"south-2011.xml", "rejected", "q/south-2011.xml"}};
    struct status st = {
        .county = "Wessex",
        .year = 2011,
        .partnerships = parts,
        .npartnerships = 2,
        .submitted = 1,
        .warnings = warnings,
        .nwarnings = 1,
        .unmapped = unmapped,
        .nunmapped = 1,
        .runs = {{7, "2011-04-02 02:30", "rejections", 2, 1, 0, 1, 0, 0}},
        .nruns = 1,
        .run_files = files,
        .nrun_files = 1,
    };
    return st;
}

static void test_the_text_names_the_missing_partnership_and_the_unmapped_wording(void **state)
{
    (void)state;
    struct status st = wessex();
    struct buf b = {0};
    status_text(&st, &b);
    const char *t = buf_str(&b);
    assert_non_null(strstr(t, "Wessex, plan year 2011/12\n"));
    assert_non_null(strstr(t, "partnerships with a current submission: 1 of 2\n"));
    assert_non_null(strstr(t, "version 2, submitted 2011-03-01, from north-2011.xml (1 warning)"));
    assert_non_null(strstr(t, "missing: \n  south                South CSP\n"));
    assert_non_null(strstr(t, "north-2011.xml:9: core \"Tackling \"yobs\"\"; closest: ASB (asb)\n"));
    assert_non_null(strstr(t, "run 7 at 2011-04-02 02:30: rejections; 2 files: 1 loaded"));
    buf_free(&b);
}

static void test_the_json_parses_and_carries_what_the_text_shows(void **state)
{
    (void)state;
    struct status st = wessex();
    struct buf b = {0};
    status_json(&st, &b);
    const char *j = buf_str(&b);
    assert_true(test_json_parses(j));
    assert_non_null(strstr(j, "\"county\":\"Wessex\""));
    assert_non_null(strstr(j, "\"plan_year\":2011,\"plan_year_label\":\"2011/12\""));
    assert_non_null(strstr(j, "\"in_force\":2"));
    assert_non_null(strstr(j, "\"submitted\":1"));
    assert_non_null(strstr(j, "\"South CSP\""));
    assert_non_null(strstr(j, "\"Tackling \\\"yobs\\\"\""));
    assert_non_null(strstr(j, "\"line\":9"));
    assert_non_null(strstr(j, "\"south-2011.xml\""));
    assert_int_equal(j[b.len - 1], '\n');
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_text_names_the_missing_partnership_and_the_unmapped_wording),
        cmocka_unit_test(test_the_json_parses_and_carries_what_the_text_shows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
