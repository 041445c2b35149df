/* test_utf8.c: what is valid UTF-8, where a message may be cut, and how text is shown. */
#include "support.h"

#include "csa/utf8.h"

#include <string.h>

static void test_valid_text_in_several_scripts_is_valid(void **state)
{
    (void)state;
    const char *s = "Caf\xC3\xA9 \xE2\x80\x94 \xD0\x9A\xD0\xB5\xD0\xBD\xD1\x82 \xF0\x9F\x98\x80";
    assert_true(utf8_valid(s, strlen(s)));
    assert_true(utf8_valid("", 0));
}

static void test_bad_sequences_are_found_where_they_start(void **state)
{
    (void)state;
    assert_int_equal(utf8_valid_prefix("sw\xE1le", 5), 2);         /* Latin-1, not UTF-8 */
    assert_int_equal(utf8_valid_prefix("ab\xC3", 3), 2);           /* cut short */
    assert_int_equal(utf8_valid_prefix("a\xC0\xAF", 3), 1);        /* overlong "/" */
    assert_int_equal(utf8_valid_prefix("a\xED\xA0\x80", 4), 1);    /* a surrogate */
    assert_int_equal(utf8_valid_prefix("a\xF4\x90\x80\x80", 5), 1); /* above U+10FFFF */
    assert_int_equal(utf8_valid_prefix("\x80", 1), 0);             /* a lone continuation */
}

static void test_a_cut_never_splits_a_character(void **state)
{
    (void)state;
    const char *s = "\xC3\xA9\xC3\xA9\xE2\x80\x94"; /* é é — : 2 + 2 + 3 bytes */
    assert_int_equal(utf8_cut(s, 7, 1), 0);
    assert_int_equal(utf8_cut(s, 7, 3), 2);
    assert_int_equal(utf8_cut(s, 7, 4), 4);
    assert_int_equal(utf8_cut(s, 7, 6), 4);
    assert_int_equal(utf8_cut(s, 7, 7), 7);
    assert_int_equal(utf8_cut(s, 7, 100), 7);
    for (size_t max = 0; max <= 7; max++)
        assert_true(utf8_valid(s, utf8_cut(s, 7, max)));
}

static void test_a_copy_that_does_not_fit_is_cut_between_characters_and_says_so(void **state)
{
    (void)state;
    char dst[8];
    assert_int_equal(utf8_copy(dst, sizeof dst, "abc", 3), 0);
    assert_string_equal(dst, "abc");
    assert_int_equal(utf8_copy(dst, sizeof dst, "abcdefg", 7), 0); /* exactly fits */
    assert_string_equal(dst, "abcdefg");
    const char *s = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"; /* 4 x é, 8 bytes */
    assert_int_equal(utf8_copy(dst, sizeof dst, s, 8), 1);
    assert_string_equal(dst, "\xC3\xA9\xC3\xA9...");   /* 4 bytes of room: 2 whole é */
    char small[6];
    assert_int_equal(utf8_copy(small, sizeof small, s, 8), 1);
    assert_string_equal(small, "\xC3\xA9..."); /* 2 bytes of room: 1 é, never half of one */
    assert_true(utf8_valid(small, strlen(small)));
}

static void test_escaping_shows_controls_bidi_and_bad_bytes_without_passing_them_on(void **state)
{
    (void)state;
    struct buf b = {0};
    const char *s = "a\nb\\c\xE2\x80\xAE" "d\xE1" "e\xC3\xA9";
    utf8_escape(&b, s, strlen(s));
    assert_string_equal(buf_str(&b), "a\\u{000A}b\\\\c\\u{202E}d\\xE1e\xC3\xA9");
    assert_true(utf8_valid(b.data, b.len));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_text_in_several_scripts_is_valid),
        cmocka_unit_test(test_bad_sequences_are_found_where_they_start),
        cmocka_unit_test(test_a_cut_never_splits_a_character),
        cmocka_unit_test(test_a_copy_that_does_not_fit_is_cut_between_characters_and_says_so),
        cmocka_unit_test(test_escaping_shows_controls_bidi_and_bad_bytes_without_passing_them_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
