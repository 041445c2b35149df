/* test_crime_tally.c: the counts of one police.uk file, keyed by LSOA, district and crime
 * type, as the loader sends them. */
#include "support.h"

#include "csa/crime_tally.h"

#include <stdio.h>
#include <string.h>

static const char maidstone[] = "E07000110", shepway[] = "E07000112";

static void test_records_of_one_key_add_up_and_keys_keep_the_order_first_seen(void **state)
{
    (void)state;
    struct crime_tally *t = tally_new();
    tally_add(t, "E01024330", 9, "Maidstone 012C", 14, maidstone, 4);
    tally_add(t, "E01024500", 9, "Shepway 011A", 12, shepway, 11);
    tally_add(t, "E01024330", 9, "Maidstone 012C (renamed)", 24, maidstone, 4);
    tally_add(t, "E01024330", 9, "Maidstone 012C", 14, maidstone, 11);
    assert_int_equal(tally_size(t), 3);
    assert_int_equal(tally_total(t), 4);
    const struct tally_entry *e = tally_entry(t, 0);
    assert_string_equal(e->lsoa, "E01024330");
    assert_string_equal(e->lsoa_name, "Maidstone 012C"); /* the first name given */
    assert_ptr_equal(e->district, maidstone);
    assert_int_equal(e->crime_type, 4);
    assert_int_equal(e->n, 2);
    assert_int_equal(tally_entry(t, 2)->n, 1);
    tally_free(t);
}

static void test_a_record_placed_without_an_lsoa_code_counts_under_its_district(void **state)
{
    (void)state;
    struct crime_tally *t = tally_new();
    tally_add(t, "", 0, "Maidstone 012C", 14, maidstone, 4);
    tally_add(t, "", 0, "Maidstone 013A", 14, maidstone, 4);
    tally_add(t, "", 0, "Shepway 011A", 12, shepway, 4);
    assert_int_equal(tally_size(t), 2);
    assert_string_equal(tally_entry(t, 0)->lsoa, "");
    assert_string_equal(tally_entry(t, 0)->lsoa_name, ""); /* no code: no name either */
    assert_int_equal(tally_entry(t, 0)->n, 2);
    tally_free(t);
}

static void test_many_keys_grow_the_tally_without_losing_a_count(void **state)
{
    (void)state;
    struct crime_tally *t = tally_new();
    char code[16];
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 5000; i++) {
            snprintf(code, sizeof code, "E01%06d", i);
            tally_add(t, code, strlen(code), code, strlen(code), maidstone, 1 + i % 16);
        }
    assert_int_equal(tally_size(t), 5000);
    assert_int_equal(tally_total(t), 15000);
    for (size_t i = 0; i < tally_size(t); i++)
        assert_int_equal(tally_entry(t, i)->n, 3);
    assert_string_equal(tally_entry(t, 4999)->lsoa, "E01004999");
    tally_free(t);
    tally_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records_of_one_key_add_up_and_keys_keep_the_order_first_seen),
        cmocka_unit_test(test_a_record_placed_without_an_lsoa_code_counts_under_its_district),
        cmocka_unit_test(test_many_keys_grow_the_tally_without_losing_a_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
