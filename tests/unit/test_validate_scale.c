/* test_validate_scale.c: the rules at scale (issue 9, case 5) and the caps on a file's lists.
 *
 * The rules that compare items with each other (a rank repeated among core priorities, a
 * category name repeated, a parent naming a category of the table) used to compare every
 * pair; they now sort (uniq.h). These tests check that they still name the same lines as
 * before, on files generated here at the caps' boundary and on a submission of twenty
 * thousand categories built in memory (past the caps, which guard files, not the rules), and
 * that a file past a cap is refused with the line of its first item too many and the cap.
 * No timed assertions: scripts/bench-validate.sh prints the figures. No database. */
#include "kentval.h"

#include "csa/buf.h"
#include "csa/uniq.h"
#include "csa/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many of each list a generated file holds; rank_mod > 0 gives core priority i (from 0)
 * rank i % rank_mod + 1, so ranks repeat; name_mod likewise repeats category names. */
struct shape {
    int priorities, themes, categories, indicators, issues;
    int rank_mod, name_mod;
};

/* The line of the last item of each list in the generated file. */
struct lines {
    long priority, theme, category, indicator, issue;
};

/* Writes a file of the given shape under the test folder; one element per line, so an
 * item's line is known. Every item is valid on its own: category k (from 0) has parent
 * "C k/2", so each names an earlier one, and the counts agree. */
static const char *write_shaped(const char *name, const struct shape *sh, struct lines *at)
{
    struct buf b = {0};
    long line = 4;
    buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<strategic-assessment version=\"1\">\n"
                 "  <partnership code=\"maidstone\" county=\"E10000016\">Safer Maidstone</partnership>\n"
                 "  <plan-year>2016/17</plan-year>\n");
    buf_puts(&b, "  <priorities>\n"), line++;
    for (int i = 0; i < sh->priorities; i++, line++) {
        int rank = sh->rank_mod ? i % sh->rank_mod + 1 : i + 1;
        buf_printf(&b, "    <priority kind=\"core\" rank=\"%d\">Priority %d</priority>\n", rank, i);
        at->priority = line + 1;
    }
    buf_puts(&b, "  </priorities>\n"), line++;
    if (sh->themes) {
        buf_puts(&b, "  <cross-cutting-themes>\n"), line++;
        for (int i = 0; i < sh->themes; i++, line++) {
            buf_printf(&b, "    <theme>Theme %d</theme>\n", i);
            at->theme = line + 1;
        }
        buf_puts(&b, "  </cross-cutting-themes>\n"), line++;
    }
    if (sh->categories) {
        buf_puts(&b, "  <crime-statistics current-start=\"2014-10-01\" current-end=\"2015-09-30\" "
                     "previous-start=\"2013-10-01\" previous-end=\"2014-09-30\">\n"),
            line++;
        for (int i = 0; i < sh->categories; i++, line++) {
            int n = sh->name_mod ? i % sh->name_mod : i;
            buf_printf(&b, "    <category name=\"C %d\"", n);
            if (i > 0)
                buf_printf(&b, " parent=\"C %d\"", (sh->name_mod ? i % sh->name_mod : i) / 2);
            buf_printf(&b, " current=\"%d\" previous=\"%d\" difference=\"0\"/>\n", i, i);
            at->category = line + 1;
        }
        buf_puts(&b, "  </crime-statistics>\n"), line++;
    }
    if (sh->indicators) {
        buf_puts(&b, "  <indicators>\n"), line++;
        for (int i = 0; i < sh->indicators; i++, line++) {
            buf_printf(&b, "    <indicator name=\"I %d\"><value start=\"2015-04-01\" "
                           "end=\"2016-03-31\">%d</value></indicator>\n", i, i);
            at->indicator = line + 1;
        }
        buf_puts(&b, "  </indicators>\n"), line++;
    }
    if (sh->issues) {
        buf_puts(&b, "  <emerging-issues>\n"), line++;
        for (int i = 0; i < sh->issues; i++, line++) {
            buf_printf(&b, "    <issue title=\"Issue %d\">Text</issue>\n", i);
            at->issue = line + 1;
        }
        buf_puts(&b, "  </emerging-issues>\n");
    }
    buf_puts(&b, "</strategic-assessment>\n");
    const char *path = test_write(name, buf_str(&b));
    buf_free(&b);
    return path;
}

/* Validates path, expecting exactly one error, at line, saying msg. */
static void only_error(const char *path, long line, const char *msg)
{
    struct diags d = {0};
    enum csa_rc rc = validate_file(&val, path, NULL, &d);
    int ok = rc == CSA_EINVALID && d.n == 1 && d.errors == 1 && d.warnings == 0 &&
             d.v[0].line == line && strcmp(d.v[0].msg, msg) == 0;
    if (!ok) {
        for (size_t i = 0; i < d.n; i++)
            print_message("  got %ld: %s\n", d.v[i].line, d.v[i].msg);
        diags_free(&d);
        fail_msg("expected rc 1 and only %s:%ld: error: %s; got rc %d", path, line, msg, rc);
    }
    diags_free(&d);
}

/* ---- the caps ------------------------------------------------------------------------- */

static void test_every_list_full_to_the_cap_is_valid(void **state)
{
    (void)state;
    struct shape sh = {1000, 1000, 1000, 1000, 1000, 0, 0};
    struct lines at = {0};
    const char *p = write_shaped("full.xml", &sh, &at);
    struct diags d = {0};
    struct csa_submission *s = NULL;
    assert_int_equal(validate_file(&val, p, &s, &d), CSA_OK);
    assert_int_equal(d.n, 0);
    assert_int_equal(s->npriorities, 1000);
    assert_int_equal(s->nthemes, 1000);
    assert_int_equal(s->ncategories, 1000);
    assert_int_equal(s->nindicators, 1000);
    assert_int_equal(s->nissues, 1000);
    submission_free(s);
    diags_free(&d);
    remove(p);
}

static void test_priority_1001_is_refused_on_its_line_naming_the_cap(void **state)
{
    (void)state;
    struct shape sh = {1001, 0, 0, 0, 0, 0, 0};
    struct lines at = {0};
    const char *p = write_shaped("priorities.xml", &sh, &at);
    /* rank 1001 is also too large: the cap comes first and alone, so it is the one message */
    assert_int_equal(at.priority, 1006);
    only_error(p, 1006,
               "more than 1,000 priorities in one submission (this is priority 1,001); a "
               "partnership names a handful");
    remove(p);
}

static void test_forty_thousand_ranked_priorities_are_refused_at_the_first_too_many(void **state)
{
    (void)state;
    struct shape sh = {40000, 0, 0, 0, 0, 0, 0};
    struct lines at = {0};
    const char *p = write_shaped("forty-thousand.xml", &sh, &at);
    only_error(p, 1006,
               "more than 1,000 priorities in one submission (this is priority 1,001); a "
               "partnership names a handful");
    remove(p);
}

static void test_theme_1001_is_refused_on_its_line(void **state)
{
    (void)state;
    struct shape sh = {1, 1001, 0, 0, 0, 0, 0};
    struct lines at = {0};
    const char *p = write_shaped("themes.xml", &sh, &at);
    only_error(p, at.theme,
               "more than 1,000 themes in one submission (this is theme 1,001); a partnership "
               "names a handful");
    remove(p);
}

static void test_category_1001_is_refused_on_its_line(void **state)
{
    (void)state;
    struct shape sh = {1, 0, 1001, 0, 0, 0, 0};
    struct lines at = {0};
    const char *p = write_shaped("categories.xml", &sh, &at);
    only_error(p, at.category,
               "more than 1,000 crime categories in one submission (this is category 1,001); a "
               "crime table has a few dozen");
    remove(p);
}

static void test_indicator_and_issue_1001_are_each_refused_on_their_line(void **state)
{
    (void)state;
    struct shape sh = {1, 0, 0, 1001, 1001, 0, 0};
    struct lines at = {0};
    const char *p = write_shaped("indicators.xml", &sh, &at);
    struct diags d = {0};
    assert_int_equal(validate_file(&val, p, NULL, &d), CSA_EINVALID);
    assert_int_equal(d.errors, 2);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.v[0].line, at.indicator);
    assert_string_equal(d.v[0].msg, "more than 1,000 indicators in one submission (this is "
                                    "indicator 1,001); a partnership tracks a few dozen");
    assert_int_equal(d.v[1].line, at.issue);
    assert_string_equal(d.v[1].msg, "more than 1,000 emerging issues in one submission (this "
                                    "is issue 1,001); a partnership names a handful");
    diags_free(&d);
    remove(p);
}

static void test_a_file_past_a_cap_still_hears_of_an_unknown_partnership(void **state)
{
    (void)state;
    struct shape sh = {1001, 0, 0, 0, 0, 0, 0};
    struct lines at = {0};
    const char *p = write_shaped("unknown.xml", &sh, &at);
    /* the same file, under a code the register does not have */
    struct buf b = {0};
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    char *code = strstr(b.data, "maidstone");
    memcpy(code, "medwayxxx", 9);
    p = test_write("unknown.xml", buf_str(&b));
    buf_free(&b);
    struct diags d = {0};
    assert_int_equal(validate_file(&val, p, NULL, &d), CSA_EINVALID);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.v[0].line, 3);
    assert_non_null(strstr(d.v[0].msg, "partnership code \"medwayxxx\" is not in the "));
    assert_int_equal(d.v[1].line, 1006);
    diags_free(&d);
    remove(p);
}

static void test_csa_validate_prints_the_cap_with_the_file_and_line_and_exits_1(void **state)
{
    (void)state;
    struct shape sh = {1500, 0, 0, 0, 0, 0, 0};
    struct lines at = {0};
    const char *p = write_shaped("big.xml", &sh, &at);
    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "-c", test_path("etl/counties/kent.xml"), "validate", p, NULL);
    char want[4096];
    snprintf(want, sizeof want,
             "%s:1006: error: more than 1,000 priorities in one submission (this is priority "
             "1,001); a partnership names a handful\n",
             p);
    assert_int_equal(rc, 1);
    assert_string_equal(err, want);
    snprintf(want, sizeof want, "invalid %s: 1 error, 0 warnings\n", p);
    assert_string_equal(out, want);
    free(out);
    free(err);
    remove(p);
}

/* ---- repeats at the cap, found by sorting, named as before ---------------------------- */

static void test_repeated_ranks_at_the_cap_each_name_the_first_core_priority(void **state)
{
    (void)state;
    /* ranks 1..400 then again 1..400 and 1..200: priorities 401..1000 repeat one */
    struct shape sh = {1000, 0, 0, 0, 0, 400, 0};
    struct lines at = {0};
    const char *p = write_shaped("ranks.xml", &sh, &at);
    struct diags d = {.max = 1000};
    assert_int_equal(validate_file(&val, p, NULL, &d), CSA_EINVALID);
    assert_int_equal(d.errors, 600);
    assert_int_equal(d.n, 600);
    /* priority i (from 0) is on line 6 + i; a repeat names the first, not the latest */
    for (size_t k = 0; k < d.n; k++) {
        long i = d.v[k].line - 6, first = i % 400;
        char want[256];
        snprintf(want, sizeof want,
                 "priority rank %ld is also given to the core priority on line %ld; each core "
                 "priority needs its own rank",
                 first + 1, first + 6);
        assert_int_equal(d.v[k].line, 406 + (long)k);
        assert_string_equal(d.v[k].msg, want);
    }
    diags_free(&d);
    remove(p);
}

static void test_a_rank_written_02_repeats_rank_2(void **state)
{
    (void)state;
    const char *p = test_write(
        "zero.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<strategic-assessment version=\"1\">\n"
        "  <partnership code=\"maidstone\" county=\"E10000016\">Safer Maidstone</partnership>\n"
        "  <plan-year>2016/17</plan-year>\n"
        "  <priorities>\n"
        "    <priority kind=\"core\" rank=\"2\">ASB</priority>\n"
        "    <priority kind=\"subsidiary\" rank=\"02\">Drugs</priority>\n"
        "    <priority kind=\"core\" rank=\"02\">Drugs</priority>\n"
        "    <priority kind=\"core\" rank=\"2\">Burglary</priority>\n"
        "  </priorities>\n"
        "</strategic-assessment>\n");
    struct diags d = {0};
    assert_int_equal(validate_file(&val, p, NULL, &d), CSA_EINVALID);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.v[0].line, 8);
    assert_string_equal(d.v[0].msg, "priority rank 02 is also given to the core priority on "
                                    "line 6; each core priority needs its own rank");
    assert_int_equal(d.v[1].line, 9);
    assert_string_equal(d.v[1].msg, "priority rank 2 is also given to the core priority on line "
                                    "6; each core priority needs its own rank");
    diags_free(&d);
}

static void test_repeated_category_names_at_the_cap_name_the_first_line(void **state)
{
    (void)state;
    /* names C 0..C 299 three times over and C 0..C 99 once more */
    struct shape sh = {1, 0, 1000, 0, 0, 0, 300};
    struct lines at = {0};
    const char *p = write_shaped("names.xml", &sh, &at);
    struct diags d = {.max = 1000};
    assert_int_equal(validate_file(&val, p, NULL, &d), CSA_EINVALID);
    assert_int_equal(d.errors, 700);
    assert_int_equal(d.warnings, 0);
    /* category i (from 0) is on line 9 + i (one priority, then <crime-statistics>) */
    for (size_t k = 0; k < d.n; k++) {
        long i = d.v[k].line - 9, first = i % 300;
        char want[256];
        snprintf(want, sizeof want,
                 "category \"C %ld\" is already in this table (line %ld); each category name "
                 "may appear once",
                 first, first + 9);
        assert_int_equal(d.v[k].line, 309 + (long)k);
        assert_string_equal(d.v[k].msg, want);
    }
    diags_free(&d);
    remove(p);
}

/* A submission built in memory (no file, so no cap) with n categories "K i", each naming
 * "K i/2" as parent; the caller then spoils some. */
static struct csa_submission *many_categories(size_t n)
{
    struct csa_submission *s = calloc(1, sizeof *s);
    struct arena *a = &s->arena;
    s->version = "1";
    s->code = "maidstone";
    s->county = "E10000016";
    s->plan_year_text = "2016/17";
    s->priorities = arena_alloc(a, sizeof *s->priorities);
    s->priorities[0] = (struct sub_priority){"ASB", "asb", 1, "1", NULL, 6};
    s->npriorities = 1;
    s->has_crime = 1;
    s->cur_start = "2014-10-01", s->cur_end = "2015-09-30";
    s->prev_start = "2013-10-01", s->prev_end = "2014-09-30";
    s->categories = arena_alloc(a, n * sizeof *s->categories);
    s->ncategories = n;
    for (size_t i = 0; i < n; i++) {
        char name[32], parent[32];
        snprintf(name, sizeof name, "K %zu", i);
        snprintf(parent, sizeof parent, "K %zu", i / 2);
        s->categories[i] = (struct sub_category){arena_strdup(a, name),
                                                 i ? arena_strdup(a, parent) : NULL,
                                                 "5", "5", NULL, NULL, (long)(100 + i)};
    }
    return s;
}

static void test_twenty_thousand_categories_find_each_repeat_and_missing_parent(void **state)
{
    (void)state;
    struct csa_submission *s = many_categories(20000);
    struct sub_category *k = s->categories;
    k[15000].name = "K 7";           /* a repeat of category 7, on line 107 */
    k[19999].name = "K 7";           /* and another: it too names line 107 */
    k[12000].parent = "K 12000";     /* its own name, and no other has it */
    k[13000].parent = "K 7";         /* a repeated name is still a category */
    k[14000].parent = "Not a category";
    struct diags d = {0};
    validate_submission(kent, s, &d);
    diags_sort(&d);
    assert_int_equal(d.errors, 4);
    assert_int_equal(d.n, 4);
    assert_int_equal(d.v[0].line, 12100);
    assert_string_equal(d.v[0].msg, "category \"K 12000\" names parent \"K 12000\", which is not "
                                    "a category of this table");
    assert_int_equal(d.v[1].line, 14100);
    assert_string_equal(d.v[1].msg, "category \"K 14000\" names parent \"Not a category\", which "
                                    "is not a category of this table");
    assert_int_equal(d.v[2].line, 15100);
    assert_string_equal(d.v[2].msg, "category \"K 7\" is already in this table (line 107); each "
                                    "category name may appear once");
    assert_int_equal(d.v[3].line, 20099);
    assert_string_equal(d.v[3].msg, "category \"K 7\" is already in this table (line 107); each "
                                    "category name may appear once");
    diags_free(&d);
    submission_free(s);
}

static void test_a_category_named_as_its_own_parent_counts_when_another_has_the_name(void **state)
{
    (void)state;
    struct csa_submission *s = many_categories(3);
    s->categories[1].name = "K 0";   /* a repeat of line 100 */
    s->categories[1].parent = "K 0"; /* its own name, but line 100 has it too */
    s->categories[2].parent = "K 2"; /* its own name alone */
    struct diags d = {0};
    validate_submission(kent, s, &d);
    diags_sort(&d);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.v[0].line, 101);
    assert_string_equal(d.v[0].msg, "category \"K 0\" is already in this table (line 100); each "
                                    "category name may appear once");
    assert_int_equal(d.v[1].line, 102);
    assert_string_equal(d.v[1].msg, "category \"K 2\" names parent \"K 2\", which is not a "
                                    "category of this table");
    diags_free(&d);
    submission_free(s);
}

/* ---- uniq.h --------------------------------------------------------------------------- */

static void test_uniq_gives_the_lowest_item_of_a_key_and_how_many_share_it(void **state)
{
    (void)state;
    enum { N = 50000 };
    struct uniq_key *keys = malloc(N * sizeof *keys);
    for (size_t i = 0; i < N; i++) /* item i has key i % 7, with strings "a" and NULL mixed */
        keys[i] = (struct uniq_key){(long)(i % 7), i % 2 ? "a" : NULL, N - 1 - i};
    struct uniq u;
    uniq_init(&u, keys, N);
    size_t count = 0;
    /* item N-1-i has key (i % 7, odd i ? "a" : NULL); key (3, "a") is held by i = 3, 17, ... */
    size_t first = uniq_first(&u, 3, "a", &count);
    size_t last_i = 0;
    for (size_t i = 3; i < N; i += 14)
        last_i = i;
    assert_int_equal(first, N - 1 - last_i);
    assert_int_equal(count, (last_i - 3) / 14 + 1);
    assert_int_equal(uniq_first(&u, 3, "b", &count), UNIQ_NONE);
    assert_int_equal(count, 0);
    assert_int_equal(uniq_first(&u, 8, NULL, NULL), UNIQ_NONE);
    size_t top = 0; /* the largest i with key (0, NULL): i % 14 == 0 */
    for (size_t i = 0; i < N; i += 14)
        top = i;
    assert_int_equal(uniq_first(&u, 0, NULL, &count), N - 1 - top);
    assert_int_equal(count, top / 14 + 1);
    uniq_free(&u);
    uniq_free(&u);

    struct uniq empty;
    uniq_init(&empty, NULL, 0);
    assert_int_equal(uniq_first(&empty, 0, "x", &count), UNIQ_NONE);
    assert_int_equal(count, 0);
    uniq_free(&empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_list_full_to_the_cap_is_valid),
        cmocka_unit_test(test_priority_1001_is_refused_on_its_line_naming_the_cap),
        cmocka_unit_test(test_forty_thousand_ranked_priorities_are_refused_at_the_first_too_many),
        cmocka_unit_test(test_theme_1001_is_refused_on_its_line),
        cmocka_unit_test(test_category_1001_is_refused_on_its_line),
        cmocka_unit_test(test_indicator_and_issue_1001_are_each_refused_on_their_line),
        cmocka_unit_test(test_a_file_past_a_cap_still_hears_of_an_unknown_partnership),
        cmocka_unit_test(test_csa_validate_prints_the_cap_with_the_file_and_line_and_exits_1),
        cmocka_unit_test(test_repeated_ranks_at_the_cap_each_name_the_first_core_priority),
        cmocka_unit_test(test_a_rank_written_02_repeats_rank_2),
        cmocka_unit_test(test_repeated_category_names_at_the_cap_name_the_first_line),
        cmocka_unit_test(test_twenty_thousand_categories_find_each_repeat_and_missing_parent),
        cmocka_unit_test(test_a_category_named_as_its_own_parent_counts_when_another_has_the_name),
        cmocka_unit_test(test_uniq_gives_the_lowest_item_of_a_key_and_how_many_share_it),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
