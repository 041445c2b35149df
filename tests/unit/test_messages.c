/* test_messages.c: messages, JSON and stored strings are always valid UTF-8 (PostgreSQL
 * refuses anything else): diags_add and csa_fail cut only between characters and say so,
 * bytes that are not UTF-8 are shown as \xHH, diagnostics are one line each whatever they
 * quote, json_str escapes every C0 control, and submission_check_text finds the string that
 * is not UTF-8 with its line. */
#include "support.h"

#include "csa/diag.h"
#include "csa/error.h"
#include "csa/json.h"
#include "csa/submission.h"
#include "csa/utf8.h"

#include <stdlib.h>
#include <string.h>

/* n copies of "é" (two bytes each), malloc'd. */
static char *eacute(size_t n)
{
    char *s = malloc(2 * n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + 2 * i, "\xC3\xA9", 2);
    s[2 * n] = '\0';
    return s;
}

static void test_a_warning_quoting_600_accented_characters_is_kept_whole(void **state)
{
    (void)state;
    char *name = eacute(600); /* 1200 bytes: the old 1024-byte buffer split a character */
    struct diags d = {0};
    diags_add(&d, DIAG_WARNING, 7, "category \"%s\" difference 3 does not agree", name);
    assert_int_equal(strlen(d.v[0].msg),
                     strlen(name) + strlen("category \"\" difference 3 does not agree"));
    assert_non_null(strstr(d.v[0].msg, name));
    diags_free(&d);
    free(name);
}

static void test_a_message_past_the_cap_is_cut_between_characters_and_says_so(void **state)
{
    (void)state;
    char *name = eacute(3000);
    struct diags d = {0};
    diags_add(&d, DIAG_ERROR, 7, "x%s", name); /* "x" puts every é on an odd offset */
    size_t n = strlen(d.v[0].msg);
    assert_true(n <= DIAG_MSG_MAX + 3);
    assert_true(utf8_valid(d.v[0].msg, n));
    assert_string_equal(d.v[0].msg + n - 5, "\xC3\xA9...");
    diags_free(&d);
    free(name);
}

static void test_a_byte_that_is_not_utf8_in_a_message_is_shown_as_hex(void **state)
{
    (void)state;
    struct diags d = {0};
    diags_add(&d, DIAG_ERROR, 1, "could not read \"%s\"", "sw\xE1le");
    assert_string_equal(d.v[0].msg, "could not read \"sw\\xE1le\"");
    diags_free(&d);
}

static void test_each_diagnostic_is_one_line_with_its_file_shown_escaped(void **state)
{
    (void)state;
    struct diags d = {0};
    diags_add(&d, DIAG_ERROR, 3, "theme \"%s\" is listed twice", "a\nfake.xml:1: error: b");
    struct buf b = {0};
    diags_format(&b, "sw\xE1le-2011.xml", &d);
    assert_string_equal(buf_str(&b), "sw\\xE1le-2011.xml:3: error: theme \"a\\u{000A}fake.xml:1: "
                                     "error: b\" is listed twice\n");
    buf_free(&b);
    diags_free(&d);
}

static void test_an_error_too_long_for_its_record_is_cut_between_characters(void **state)
{
    (void)state;
    char *name = eacute(1000);
    struct csa_error err = {0};
    assert_int_equal(csa_fail(&err, CSA_EINVALID, "sw\xE1le.xml", 4, "x%s", name), CSA_EINVALID);
    size_t n = strlen(err.msg);
    assert_true(n < sizeof err.msg);
    assert_true(utf8_valid(err.msg, n));
    assert_string_equal(err.msg + n - 5, "\xC3\xA9...");
    struct buf b = {0};
    csa_error_format(&b, &err);
    assert_int_equal(strncmp(buf_str(&b), "sw\\xE1le.xml:4: error: x\xC3\xA9", 26), 0);
    buf_free(&b);
    free(name);
}

static void test_json_escapes_every_c0_control_and_never_passes_a_bad_byte(void **state)
{
    (void)state;
    char s[40];
    for (int i = 1; i < 32; i++)
        s[i - 1] = (char)i;
    memcpy(s + 31, "\xE1\xE2\x80\xA8\"\\", 6);
    s[37] = '\0';
    struct buf b = {0};
    json_str(&b, s);
    assert_true(utf8_valid(b.data, b.len));
    assert_true(test_json_parses(buf_str(&b)));
    for (size_t i = 0; i < b.len; i++)
        assert_true((unsigned char)b.data[i] >= 0x20);
    assert_non_null(strstr(buf_str(&b), "\"\\u0001\\u0002"));
    assert_non_null(strstr(buf_str(&b), "\\u001f\\\\xE1\\u2028\\\"\\\\\""));
    buf_free(&b);
}

static void test_a_string_that_is_not_utf8_is_refused_with_its_line(void **state)
{
    (void)state;
    struct sub_priority p[2] = {
        {.wording = "Anti-social behaviour", .norm = "anti social", .line = 11},
        {.wording = "Burglary \xE1 homes", .norm = "burglary", .line = 12}};
    struct csa_submission s = {.county = "E10000016", .code = "swale", .priorities = p,
                               .npriorities = 2};
    struct csa_error err = {0};
    assert_int_equal(submission_check_text(&s, NULL, &err), CSA_EINVALID);
    assert_int_equal(err.line, 12);
    assert_string_equal(err.msg, "<priority> \"Burglary \\xE1 homes\" is not valid UTF-8 text; "
                                 "save the file as UTF-8");
    p[1].wording = "Burglary homes";
    struct diags w = {0};
    diags_add(&w, DIAG_WARNING, 20, "fine");
    assert_int_equal(submission_check_text(&s, &w, &err), CSA_OK);
    diags_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_warning_quoting_600_accented_characters_is_kept_whole),
        cmocka_unit_test(test_a_message_past_the_cap_is_cut_between_characters_and_says_so),
        cmocka_unit_test(test_a_byte_that_is_not_utf8_in_a_message_is_shown_as_hex),
        cmocka_unit_test(test_each_diagnostic_is_one_line_with_its_file_shown_escaped),
        cmocka_unit_test(test_an_error_too_long_for_its_record_is_cut_between_characters),
        cmocka_unit_test(test_json_escapes_every_c0_control_and_never_passes_a_bad_byte),
        cmocka_unit_test(test_a_string_that_is_not_utf8_is_refused_with_its_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
