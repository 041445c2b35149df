/* test_normalize.c: the wording comparison of doc/county.md. Each variant a district
 * writes must normalise to the register's form; different words must never meet; and the
 * similarity score, which only ranks suggestions, must put a near wording above a far one. */
#include "support.h"

#include "csa/normalize.h"

#include <stdlib.h>
#include <string.h>

/* Asserts that s normalises to want. */
static void norm_is(const char *s, const char *want)
{
    char *n = normalize_wording(s);
    if (strcmp(n, want) != 0) {
        char got[512];
        snprintf(got, sizeof got, "%s", n);
        free(n);
        fail_msg("normalize_wording(\"%s\") is \"%s\", expected \"%s\"", s, got, want);
    }
    free(n);
}

/* True when a and b normalise to the same string, i.e. would match each other. */
static int same(const char *a, const char *b)
{
    char *x = normalize_wording(a), *y = normalize_wording(b);
    int r = strcmp(x, y) == 0;
    free(x);
    free(y);
    return r;
}

static void test_case_is_folded(void **state)
{
    (void)state;
    norm_is("Antisocial BEHAVIOUR", "antisocial behaviour");
    assert_true(same("Substance Misuse", "substance misuse"));
}

static void test_runs_of_white_space_become_one_space(void **state)
{
    (void)state;
    norm_is("Substance  \t Misuse\n and\r\nHarm", "substance misuse and harm");
}

static void test_leading_and_trailing_space_is_dropped(void **state)
{
    (void)state;
    norm_is("  \n\tRoad Safety \n ", "road safety");
}

static void test_no_break_space_counts_as_space(void **state)
{
    (void)state;
    norm_is("Road\xC2\xA0Safety", "road safety");
}

static void test_en_dash_em_dash_and_minus_sign_read_as_hyphen(void **state)
{
    (void)state;
    const char *want = "violent crime - domestic abuse";
    norm_is("Violent Crime \xE2\x80\x93 domestic abuse", want); /* U+2013 en dash */
    norm_is("Violent Crime \xE2\x80\x94 domestic abuse", want); /* U+2014 em dash */
    norm_is("Violent Crime \xE2\x88\x92 domestic abuse", want); /* U+2212 minus */
    norm_is("Violent Crime - domestic abuse", want);
    norm_is("Re\xE2\x80\x90offending", "re-offending"); /* U+2010 hyphen */
}

static void test_curly_quotes_read_as_straight_ones(void **state)
{
    (void)state;
    norm_is("Children\xE2\x80\x99s safety", "children's safety");       /* U+2019 */
    norm_is("\xE2\x80\x9CLegal highs\xE2\x80\x9D", "\"legal highs\""); /* U+201C, U+201D */
    norm_is("\xE2\x80\x98Hate\xE2\x80\x99 crime", "'hate' crime");     /* U+2018, U+2019 */
}

static void test_ampersand_reads_as_and(void **state)
{
    (void)state;
    norm_is("Drugs & Alcohol", "drugs and alcohol");
    norm_is("Drugs&Alcohol", "drugs and alcohol");
    assert_true(same("Kent & Medway", "Kent and Medway"));
}

static void test_trailing_punctuation_is_dropped(void **state)
{
    (void)state;
    const char *marks[] = {".", ",", ";", ":", "!", "?", "...", ". ", "?!"};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        char s[64];
        snprintf(s, sizeof s, "Road Safety%s", marks[i]);
        norm_is(s, "road safety");
    }
}

static void test_punctuation_inside_a_wording_is_kept(void **state)
{
    (void)state;
    norm_is("Anti-social behaviour inc. environmental", "anti-social behaviour inc. environmental");
    norm_is("Reducing Violence (including Serious Violence, DA and VAWG)",
            "reducing violence (including serious violence, da and vawg)");
}

static void test_empty_and_blank_wordings_normalise_to_empty(void **state)
{
    (void)state;
    norm_is("", "");
    norm_is("   \t\n", "");
    norm_is(" . ", "");
}

static void test_normalising_twice_changes_nothing(void **state)
{
    (void)state;
    const char *s = "  Tackling \xE2\x80\x9C""Anti\xE2\x80\x93Social\xE2\x80\x9D Behaviour & Crime.";
    char *once = normalize_wording(s);
    char *twice = normalize_wording(once);
    assert_string_equal(once, twice);
    free(once);
    free(twice);
}

static void test_different_words_never_map_together(void **state)
{
    (void)state;
    /* near misses that must stay apart: a missing hyphen or space, a plural, a word order,
     * leading punctuation, a typo */
    assert_false(same("Anti-social behaviour", "Antisocial behaviour"));
    assert_false(same("Anti-social behaviour", "Anti social behaviour"));
    assert_false(same("Burglary", "Burglaries"));
    assert_false(same("Drugs and alcohol", "Alcohol and drugs"));
    assert_false(same("Road safety", "Road-safety"));
    assert_false(same("Road safety", ".Road safety"));
    assert_false(same("Substance misuse", "Substance abuse"));
    assert_false(same("Domestic abuse", "Domestic abuses"));
    assert_false(same("A & E", "AE"));
}

static void test_similarity_is_1_for_equal_and_0_for_nothing_shared(void **state)
{
    (void)state;
    assert_true(normalize_similarity("road safety", "road safety") == 1.0);
    assert_true(normalize_similarity("road safety", "xyz qvw") == 0.0);
}

static void test_similarity_ranks_a_near_wording_above_an_unrelated_one(void **state)
{
    (void)state;
    const char *term = "anti-social behaviour";
    double near = normalize_similarity("tackling anti-social behaviour in town", term);
    double slip = normalize_similarity("anti-social behavour", term); /* a spelling slip */
    double far = normalize_similarity("road traffic collisions and speeding", term);
    assert_true(near > far);
    assert_true(slip > far);
    assert_true(near > 0.0 && near < 1.0);
    assert_true(far >= 0.0 && far < 0.3);
}

static void test_similarity_is_symmetric(void **state)
{
    (void)state;
    const char *a = "domestic abuse and other violent crime", *b = "domestic abuse";
    assert_true(normalize_similarity(a, b) == normalize_similarity(b, a));
}

static void test_a_word_with_no_meaning_of_its_own_costs_less_than_a_real_one(void **state)
{
    (void)state;
    /* "the" is a stop word, "tackling" is not */
    double stop = normalize_similarity("the burglary", "burglary");
    double real = normalize_similarity("tackling burglary", "burglary");
    assert_true(stop > real);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_is_folded),
        cmocka_unit_test(test_runs_of_white_space_become_one_space),
        cmocka_unit_test(test_leading_and_trailing_space_is_dropped),
        cmocka_unit_test(test_no_break_space_counts_as_space),
        cmocka_unit_test(test_en_dash_em_dash_and_minus_sign_read_as_hyphen),
        cmocka_unit_test(test_curly_quotes_read_as_straight_ones),
        cmocka_unit_test(test_ampersand_reads_as_and),
        cmocka_unit_test(test_trailing_punctuation_is_dropped),
        cmocka_unit_test(test_punctuation_inside_a_wording_is_kept),
        cmocka_unit_test(test_empty_and_blank_wordings_normalise_to_empty),
        cmocka_unit_test(test_normalising_twice_changes_nothing),
        cmocka_unit_test(test_different_words_never_map_together),
        cmocka_unit_test(test_similarity_is_1_for_equal_and_0_for_nothing_shared),
        cmocka_unit_test(test_similarity_ranks_a_near_wording_above_an_unrelated_one),
        cmocka_unit_test(test_similarity_is_symmetric),
        cmocka_unit_test(test_a_word_with_no_meaning_of_its_own_costs_less_than_a_real_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
