/* test_planyear.c: how a plan year is written (planyear.c): "2011/12", "1999/00", the title
 * form "2011-12", and the edges: a small buffer, negative years, INT_MAX. */
#include "support.h"

#include "csa/planyear.h"

#include <limits.h>
#include <stdlib.h>

static void test_a_plan_year_is_its_start_year_and_the_next_two_digits(void **state)
{
    (void)state;
    char s[PLANYEAR_LABEL_MAX];
    assert_string_equal(planyear_label(2011, '/', s, sizeof s), "2011/12");
    assert_string_equal(planyear_label(2011, '-', s, sizeof s), "2011-12");
    assert_string_equal(planyear_label(2009, '/', s, sizeof s), "2009/10");
    assert_int_equal(planyear_short_next(2011), 12);
}

static void test_the_plan_year_of_1999_ends_in_00(void **state)
{
    (void)state;
    char s[PLANYEAR_LABEL_MAX];
    assert_string_equal(planyear_label(1999, '/', s, sizeof s), "1999/00");
    assert_string_equal(planyear_label(2099, '/', s, sizeof s), "2099/00");
    assert_string_equal(planyear_label(2000, '/', s, sizeof s), "2000/01");
    assert_int_equal(planyear_short_next(1999), 0);
}

static void test_every_int_year_fits_and_its_short_year_is_two_digits(void **state)
{
    (void)state;
    char s[PLANYEAR_LABEL_MAX];
    assert_string_equal(planyear_label(INT_MAX, '/', s, sizeof s), "2147483647/48");
    assert_string_equal(planyear_label(INT_MIN, '/', s, sizeof s), "-2147483648/53");
    assert_string_equal(planyear_label(-1, '/', s, sizeof s), "-1/00");
    assert_int_equal(planyear_short_next(-2), 99);
}

static void test_a_small_buffer_is_cut_and_terminated(void **state)
{
    (void)state;
    char s[5];
    assert_string_equal(planyear_label(2011, '/', s, sizeof s), "2011");
    assert_string_equal(planyear_label(2011, '/', s, 0), "");
    assert_string_equal(planyear_label(2011, '/', NULL, 8), "");
}

static void test_a_plan_year_appends_to_a_buffer(void **state)
{
    (void)state;
    struct buf b = {0};
    buf_puts(&b, "plan year ");
    planyear_put(&b, 1999);
    assert_string_equal(buf_str(&b), "plan year 1999/00");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_plan_year_is_its_start_year_and_the_next_two_digits),
        cmocka_unit_test(test_the_plan_year_of_1999_ends_in_00),
        cmocka_unit_test(test_every_int_year_fits_and_its_short_year_is_two_digits),
        cmocka_unit_test(test_a_small_buffer_is_cut_and_terminated),
        cmocka_unit_test(test_a_plan_year_appends_to_a_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
