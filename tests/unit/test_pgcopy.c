/* test_pgcopy.c: PostgreSQL's binary COPY format, byte for byte: the header and trailer, each
 * field type, and the day numbers of dates either side of PostgreSQL's epoch. (That the
 * server takes the bytes is test_db_crime's business.) */
#include "support.h"

#include "csa/pgcopy.h"

#include <string.h>

static void assert_bytes(const struct buf *b, const void *want, size_t n)
{
    assert_int_equal(b->len, n);
    assert_memory_equal(b->data, want, n);
}

static void test_the_header_is_the_signature_then_no_flags_and_no_extension(void **state)
{
    (void)state;
    struct buf b = {0};
    pgcopy_header(&b);
    assert_bytes(&b, "PGCOPY\n\377\r\n\0" "\0\0\0\0" "\0\0\0\0", 19);
    buf_free(&b);
}

static void test_the_trailer_is_a_field_count_of_minus_one(void **state)
{
    (void)state;
    struct buf b = {0};
    pgcopy_trailer(&b);
    assert_bytes(&b, "\377\377", 2);
    buf_free(&b);
}

static void test_a_tuple_is_its_field_count_then_each_length_and_value_big_endian(void **state)
{
    (void)state;
    struct buf b = {0};
    pgcopy_tuple(&b, 5);
    pgcopy_int2(&b, 258);
    pgcopy_int4(&b, -2);
    pgcopy_text(&b, "E07000110", 9);
    pgcopy_null(&b);
    pgcopy_date(&b, 2000, 1, 2);
    assert_bytes(&b,
                 "\0\5"
                 "\0\0\0\2" "\1\2"
                 "\0\0\0\4" "\377\377\377\376"
                 "\0\0\0\11" "E07000110"
                 "\377\377\377\377"
                 "\0\0\0\4" "\0\0\0\1",
                 2 + 6 + 8 + 13 + 4 + 8);
    buf_free(&b);
}

static void test_an_empty_text_is_a_zero_length_not_a_null(void **state)
{
    (void)state;
    struct buf b = {0};
    pgcopy_text(&b, "", 0);
    assert_bytes(&b, "\0\0\0\0", 4);
    buf_free(&b);
}

static void test_dates_count_days_from_the_first_of_january_2000(void **state)
{
    (void)state;
    assert_int_equal(pgcopy_days(2000, 1, 1), 0);
    assert_int_equal(pgcopy_days(1999, 12, 31), -1);
    assert_int_equal(pgcopy_days(2000, 3, 1), 31 + 29);  /* 2000 is a leap year */
    assert_int_equal(pgcopy_days(2100, 3, 1) - pgcopy_days(2100, 2, 28), 1); /* 2100 is not */
    assert_int_equal(pgcopy_days(1970, 1, 1), -10957);   /* the Unix epoch */
    assert_int_equal(pgcopy_days(2012, 12, 1), 4718);    /* SELECT '2012-12-01'::date - '2000-01-01' */
    assert_int_equal(pgcopy_days(1600, 3, 1), -146037);  /* a 400-year cycle earlier */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_header_is_the_signature_then_no_flags_and_no_extension),
        cmocka_unit_test(test_the_trailer_is_a_field_count_of_minus_one),
        cmocka_unit_test(test_a_tuple_is_its_field_count_then_each_length_and_value_big_endian),
        cmocka_unit_test(test_an_empty_text_is_a_zero_length_not_a_null),
        cmocka_unit_test(test_dates_count_days_from_the_first_of_january_2000),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
