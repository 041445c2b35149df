/* test_status_render.c: `csa status` as text and JSON from a struct status built by hand, with
 * no database: the renderers are pure, so what a county officer reads is tested on its own. */
#include "support.h"

#include "csa/status.h"
#include "csa/utf8.h"

#include <stdlib.h>
#include <string.h>

/* Wessex 2011/12: north has submitted with one warning, south is missing, one wording of
 * north's maps to nothing, and last night's run rejected a file. */
static struct status wessex(void)
{
    static struct status_partnership parts[] = {
        {"north", "North and East CSP", 2, "2011-03-01", "north-2011.xml", "county_unit",
         "inbox/north", 1},
        {"south", "South CSP", 0, NULL, NULL, NULL, NULL, 0},
    };
    static struct status_warning warnings[] = {
        {"north-2011.xml", "category \"Burglary\" difference -3 does not agree", 14, NULL},
    };
    static struct status_unmapped unmapped[] = {
        {"north-2011.xml", "Tackling \"yobs\"", 9, 0, "core",
         {{"asb", "ASB", 0.5}}, 1, NULL},
    };
    static struct status_run_file files[] = {{"south-2011.xml", "rejected", "q/south-2011.xml"}};
    struct status st = {
        .county = "Wessex",
        .year = 2011,
        .partnerships = parts,
        .npartnerships = 2,
        .in_force = 2,
        .submitted = 1,
        .sees_all = 1,
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
    assert_non_null(strstr(t, "version 2, submitted 2011-03-01, from north-2011.xml, loaded by "
                              "county_unit from inbox/north (1 warning)\n"));
    assert_non_null(strstr(t, "missing: \n  south                South CSP\n"));
    assert_non_null(strstr(t, "north-2011.xml:9: core \"Tackling \"yobs\"\"; closest: ASB (asb)\n"));
    assert_non_null(strstr(t, "run 7 at 2011-04-02 02:30: rejections; 2 files: 1 loaded"));
    buf_free(&b);
}

static void test_a_workbooks_warning_and_wording_show_their_cells(void **state)
{
    (void)state;
    struct status st = wessex();
    struct status_warning w = {"north-2011.xlsx", "category \"Burglary\" difference", 14,
                               "Crime!A14"};
    struct status_unmapped u = st.unmapped[0];
    u.source_name = "north-2011.xlsx";
    u.cell = "Priorities!A9";
    st.warnings = &w;
    st.unmapped = &u;
    struct buf b = {0};
    status_text(&st, &b);
    const char *t = buf_str(&b);
    assert_non_null(strstr(t, "  north-2011.xlsx:Crime!A14: warning: category \"Burglary\""));
    assert_non_null(strstr(t, "  north-2011.xlsx:Priorities!A9: core \"Tackling"));
    buf_reset(&b);
    status_json(&st, &b);
    assert_non_null(strstr(buf_str(&b), "\"line\":14,\"cell\":\"Crime!A14\""));
    buf_free(&b);
}

/* An analyst of north sees north only: how many others submitted, not who, and no runs. */
static void test_an_analysts_text_shows_its_partnerships_and_no_runs(void **state)
{
    (void)state;
    struct status st = wessex();
    st.npartnerships = 1; /* north */
    st.in_force = 4;
    st.submitted = 3;
    st.sees_all = 0;
    struct buf b = {0};
    status_text(&st, &b);
    const char *t = buf_str(&b);
    assert_non_null(strstr(t, "partnerships with a current submission: 3 of 4\n(your partnerships "
                              "only; of the others, only how many have submitted)\n  north "));
    assert_non_null(strstr(t, "missing: none\n"));
    assert_null(strstr(t, "South CSP"));
    assert_null(strstr(t, "last runs"));
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
    assert_non_null(strstr(j, "\"loaded_by\":\"county_unit\",\"origin\":\"inbox/north\""));
    assert_non_null(strstr(j, "\"sees_all\":true"));
    assert_non_null(strstr(j, "\"south-2011.xml\""));
    assert_int_equal(j[b.len - 1], '\n');
    buf_free(&b);
}

/* Wessex with a wording that tries to forge a status line and reverse what follows it, a
 * warning holding every other kind of control, and a rejected file whose name is not UTF-8. */
#define FORGED "Tackling yobs\"\n  south-2011.xml:1: warning: all clear\xE2\x80\xAE" "dlrow"

static struct status hostile(struct status_unmapped *u, struct status_warning *w,
                             struct status_run_file *f)
{
    struct status st = wessex();
    *u = st.unmapped[0];
    u->wording = FORGED;
    *w = st.warnings[0];
    w->message = "bell\a tab\t escape\x1b[2J del\x7f c1\xC2\x85 end";
    *f = st.run_files[0];
    f->name = "sw\xE1le-2011.xml";
    st.unmapped = u;
    st.warnings = w;
    st.run_files = f;
    return st;
}

static void test_the_text_shows_controls_bidi_and_bad_bytes_escaped_one_line_a_fact(void **state)
{
    (void)state;
    struct status_unmapped u;
    struct status_warning w;
    struct status_run_file f;
    struct status st = hostile(&u, &w, &f);
    struct buf b = {0}, plain = {0};
    status_text(&st, &b);
    struct status calm = wessex();
    status_text(&calm, &plain);
    const char *t = buf_str(&b);
    assert_true(utf8_valid(t, b.len));
    size_t lines = 0, calm_lines = 0;
    for (size_t i = 0; i < b.len; i++)
        lines += t[i] == '\n';
    for (size_t i = 0; i < plain.len; i++)
        calm_lines += plain.data[i] == '\n';
    assert_int_equal(lines, calm_lines); /* no line forged */
    assert_null(strstr(t, "\n  south-2011.xml:1: warning"));
    assert_null(strstr(t, "\xE2\x80\xAE"));
    assert_non_null(strstr(t, "north-2011.xml:9: core \"Tackling yobs\"\\u{000A}  "
                              "south-2011.xml:1: warning: all clear\\u{202E}dlrow\"; closest"));
    assert_non_null(strstr(t, "north-2011.xml:14: warning: bell\\u{0007} tab\\u{0009} "
                              "escape\\u{001B}[2J del\\u{007F} c1\\u{0085} end\n"));
    assert_non_null(strstr(t, "    rejected sw\\xE1le-2011.xml: q/south-2011.xml\n"));
    buf_free(&b);
    buf_free(&plain);
}

static void test_the_json_escapes_every_control_and_stays_utf8(void **state)
{
    (void)state;
    struct status_unmapped u;
    struct status_warning w;
    struct status_run_file f;
    struct status st = hostile(&u, &w, &f);
    struct buf b = {0};
    status_json(&st, &b);
    const char *j = buf_str(&b);
    assert_true(test_json_parses(j));
    assert_true(utf8_valid(j, b.len));
    for (size_t i = 0; i + 1 < b.len; i++) /* the final new line is the only control */
        if ((unsigned char)j[i] < 0x20)
            fail_msg("raw control 0x%02x at byte %zu of the JSON", (unsigned char)j[i], i);
    assert_non_null(strstr(j, "\"Tackling yobs\\\"\\n  south-2011.xml:1: warning: all "
                              "clear\xE2\x80\xAE" "dlrow\""));
    assert_non_null(strstr(j, "\"bell\\u0007 tab\\t escape\\u001b[2J"));
    assert_non_null(strstr(j, "\"name\":\"sw\\\\xE1le-2011.xml\""));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_text_names_the_missing_partnership_and_the_unmapped_wording),
        cmocka_unit_test(test_a_workbooks_warning_and_wording_show_their_cells),
        cmocka_unit_test(test_an_analysts_text_shows_its_partnerships_and_no_runs),
        cmocka_unit_test(test_the_json_parses_and_carries_what_the_text_shows),
        cmocka_unit_test(test_the_text_shows_controls_bidi_and_bad_bytes_escaped_one_line_a_fact),
        cmocka_unit_test(test_the_json_escapes_every_control_and_stays_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
