/* test_agreement.c: `csa agreement` against the real database: the Kent draft matches the
 * golden files, reruns are byte-identical and rewrite nothing, the HTML is well-formed, the
 * Markdown tables are square, submitted text cannot break either, and another county's
 * draft speaks only of that county. */
#include "dbtest.h"

#include <libxml/parser.h>
#include <sys/stat.h>


static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* Runs csa agreement for 2011 into a new folder under the test folder; returns the folder. */
static const char *agreement(const char *reg, const char *folder, char **out)
{
    static char dirs[4][1024];
    static int next;
    char *dir = dirs[next++ % 4];
    snprintf(dir, sizeof dirs[0], "%s", test_tmp(folder));
    char *err = NULL;
    int rc = test_csa(out, &err, "--db", test_db_conninfo(), "--county", reg, "agreement",
                      "--year", "2011", "--out", dir, "--date", "2011-05-20", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    free(err);
    assert_int_equal(rc, 0);
    return dir;
}

static char *doc(const char *dir, const char *ext)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/agreement.%s", dir, ext);
    return slurp(path);
}

static void assert_well_formed(const char *html)
{
    xmlDocPtr d = xmlReadMemory(html, (int)strlen(html), "agreement.html", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    assert_non_null(d);
    xmlFreeDoc(d);
}

/* Every table row of the Markdown has as many unescaped "|" as its table's header. */
static void assert_square_tables(const char *md)
{
    int want = -1;
    for (const char *line = md; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > 0 && line[0] == '|') {
            int bars = 0;
            for (size_t i = 0; i < len; i++)
                bars += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
            if (want < 0)
                want = bars;
            if (bars != want)
                fail_msg("ragged Markdown table row: %.*s", (int)len, line);
        } else {
            want = -1;
        }
        line += len + (end != NULL);
    }
}

static void assert_golden(const char *actual, const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/golden/%s", name);
    if (getenv("CSA_UPDATE_GOLDEN")) {
        FILE *f = fopen(test_path(rel), "wb");
        fputs(actual, f);
        fclose(f);
    }
    char *want = slurp(test_path(rel));
    int same = strcmp(want, actual) == 0;
    free(want);
    if (!same)
        fail_msg("%s differs from the golden file (CSA_UPDATE_GOLDEN=1 rewrites it; review "
                 "the diff like code)",
                 rel);
}

static void test_the_kent_draft_matches_the_golden_files(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *dir = agreement(test_path("etl/counties/kent.xml"), "kent", NULL);
    char *html = doc(dir, "html"), *md = doc(dir, "md");
    assert_well_formed(html);
    assert_square_tables(md);
    assert_non_null(strstr(html, "<svg"));
    assert_golden(html, "kent-2011.html");
    assert_golden(md, "kent-2011.md");
    free(html);
    free(md);
}


static void test_a_rerun_is_byte_identical_and_rewrites_nothing(void **state)
{
    (void)state;
    load_kent_except(NULL);
    char *out = NULL;
    const char *dir = agreement(test_path("etl/counties/kent.xml"), "again", &out);
    assert_non_null(strstr(out, "wrote "));
    free(out);
    char path[1200];
    snprintf(path, sizeof path, "%s/agreement.html", dir);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);
    char *first = doc(dir, "html");
    char *err = NULL;
    assert_int_equal(test_csa(&out, &err, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "agreement", "--year", "2011",
                              "--out", dir, "--date", "2011-05-20", NULL),
                     0);
    assert_non_null(strstr(out, "unchanged "));
    assert_null(strstr(out, "wrote "));
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(before.st_ino, after.st_ino); /* not replaced */
    char *second = doc(dir, "html");
    assert_string_equal(first, second);
    free(first);
    free(second);
    free(out);
    free(err);
}

static void test_a_missing_partnership_and_an_unmapped_wording_show_in_the_status_box(
    void **state)
{
    (void)state;
    const char *skip[] = {"swale-2011.xml", "maidstone-2011.xml", NULL};
    load_kent_except(skip);
    const char *f = maidstone_variant("maidstone-2011.xml", "Substance Misuse</priority>",
                                      "Drugs &amp; &lt;b&gt;booze&lt;/b&gt; | \"town\""
                                      "</priority>");
    assert_int_equal(test_csa(NULL, NULL, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "load", f, NULL),
                     0);
    const char *dir = agreement(test_path("etl/counties/kent.xml"), "gaps", NULL);
    char *html = doc(dir, "html"), *md = doc(dir, "md");
    assert_well_formed(html);
    assert_square_tables(md);
    assert_non_null(strstr(md, "Swale"));
    assert_non_null(strstr(html, "Swale"));
    assert_non_null(strstr(html, "Drugs &amp; &lt;b&gt;booze&lt;/b&gt; | &quot;town&quot;"));
    assert_null(strstr(html, "<b>booze"));
    assert_non_null(strstr(md, "booze"));
    free(html);
    free(md);
}

static void test_another_county_gets_its_own_names_and_numbers(void **state)
{
    (void)state;
    /* central ends before the plan year: three partnerships over four districts */
    const char *reg = wessex_register("wessex.xml", "2011-03-31");
    load_wessex(reg, "north", "ASB");
    load_wessex(reg, "south", "ASB");
    const char *dir = agreement(reg, "wessex", NULL);
    for (int k = 0; k < 2; k++) {
        char *text = doc(dir, k ? "md" : "html");
        assert_non_null(strstr(text, "Wessex"));
        assert_non_null(strstr(text, "three"));
        assert_null(strstr(text, "Kent"));
        assert_null(strstr(text, "eleven"));
        assert_null(strstr(text, "Eleven"));
        free(text);
    }
}

static void test_the_selection_rule_reads_as_sql_states_it(void **state)
{
    (void)state;
    const char *reg =
        wessex_register_selecting("wessex-min2.xml", "<selection min-partnerships=\"2\"/>");
    load_wessex(reg, "north", "ASB");
    load_wessex(reg, "south", "ASB");
    const char *dir = agreement(reg, "wessex-min2", NULL);
    char *md = doc(dir, "md"), *html = doc(dir, "html");
    assert_non_null(strstr(md, "A priority is a county priority when it is named by at least 2 "
                               "of the four local CSPs in their strategic assessments"));
    assert_non_null(strstr(html, "selection line: named by at least 2 of the four CSPs"));
    /* the line sits at 2 of 4 on the 480-pixel plot: x = 8 + 240 */
    assert_non_null(strstr(html, "<line x1=\"248.0\" y1=\"4\" x2=\"248.0\""));
    free(md);
    free(html);
    reg = wessex_register_selecting("wessex-third.xml", "<selection min-share=\"0.333333\"/>");
    dir = agreement(reg, "wessex-third", NULL);
    md = doc(dir, "md");
    assert_non_null(strstr(md, "named by more than 1.333332 of the four local CSPs"));
    free(md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_kent_draft_matches_the_golden_files, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_rerun_is_byte_identical_and_rewrites_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_missing_partnership_and_an_unmapped_wording_show_in_the_status_box, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_another_county_gets_its_own_names_and_numbers,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_selection_rule_reads_as_sql_states_it, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
