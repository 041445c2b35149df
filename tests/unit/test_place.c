/* test_place.c: where a police.uk record belongs, from the Kent register and a lookup file:
 * LSOA names with their code cut off, former names, case, lookup rows by GSS code and by
 * name, and what is outside or has no location. */
#include "support.h"

#include "csa/place.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct csa_register *kent;

static int setup(void **state)
{
    (void)state;
    kent = test_kent();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    register_free(kent);
    return 0;
}

/* The GSS code places_find gives (NULL stays NULL); none must come out as expected. */
static const char *find(const struct places *p, const char *code, const char *name,
                        int want_none)
{
    int none = -1;
    const char *gss = places_find(p, code, name, &none);
    assert_int_equal(none, want_none);
    return gss;
}

static void test_an_lsoa_name_minus_its_code_is_a_district_of_the_register(void **state)
{
    (void)state;
    struct places *p = places_from_register(kent);
    assert_string_equal(find(p, "E01024330", "Maidstone 012C", 0), "E07000110");
    assert_string_equal(find(p, "", "Tunbridge Wells 003A", 0), "E07000116");
    assert_string_equal(find(p, "E01024330", "MAIDSTONE 012C", 0), "E07000110");
    places_free(p);
}

static void test_a_former_name_is_the_district_it_became(void **state)
{
    (void)state;
    struct places *p = places_from_register(kent);
    assert_string_equal(find(p, "E01024500", "Shepway 011A", 0), "E07000112");
    places_free(p);
}

static void test_a_district_outside_the_register_or_a_name_without_a_code_is_outside(void **state)
{
    (void)state;
    struct places *p = places_from_register(kent);
    assert_null(find(p, "E01016000", "Medway 023A", 0));
    assert_null(find(p, "E01024330", "Maidstone", 0));      /* no trailing code */
    assert_null(find(p, "E01024330", "Maidstone 12C", 0));  /* two digits are not a code */
    assert_null(find(p, "E01024330", "Maidstone 012c", 0)); /* the letter is a capital */
    assert_null(find(p, "E01024330", " 012C", 0));
    places_free(p);
}

static void test_a_record_with_no_lsoa_has_no_location(void **state)
{
    (void)state;
    struct places *p = places_from_register(kent);
    assert_null(find(p, "", "", 1));
    places_free(p);
}

static void test_long_names_are_matched_whole_not_cut(void **state)
{
    (void)state;
    /* a register of one district with a 600-character name and a long former name */
    static char name[601], former[700], lsoa[700];
    memset(name, 'n', 600);
    memset(former, 'f', 590);
    snprintf(former + 590, sizeof former - 590, "; Old Town");
    struct reg_district d = {.gss = "E07000999", .name = name, .former_names = former};
    struct reg_partnership part = {.code = "long", .name = "Long CSP", .districts = &d,
                                   .ndistricts = 1};
    struct csa_register reg = {.code = "E10000999", .name = "Long", .partnerships = &part,
                               .npartnerships = 1};
    struct places *p = places_from_register(&reg);
    snprintf(lsoa, sizeof lsoa, "%s 001A", name);
    assert_string_equal(find(p, "E01000001", lsoa, 0), "E07000999");
    lsoa[599] = '\0'; /* one character short is another name */
    assert_null(find(p, "E01000001", strcat(lsoa, " 001A"), 0));
    assert_string_equal(find(p, "E01000001", "Old Town 001A", 0), "E07000999");
    snprintf(lsoa, sizeof lsoa, "%.590s 002B", former);
    assert_string_equal(find(p, "E01000001", lsoa, 0), "E07000999");
    places_free(p);
}

static void test_a_lookup_places_lsoa_codes_by_gss_code_or_district_name(void **state)
{
    (void)state;
    struct places *p = places_from_register(kent);
    struct csa_error err = {0};
    const char *lookup = test_write("lookup.csv", "LSOA code,district,extra\r\n"
                                                  "E01024500,E07000108,whatever\r\n"
                                                  "\r\n"
                                                  "W01099999,maidstone\r\n");
    assert_int_equal(places_read_lookup(p, lookup, &err), CSA_OK);
    /* the lookup comes before the name: "Shepway 011A" is Dover here */
    assert_string_equal(find(p, "E01024500", "Shepway 011A", 0), "E07000108");
    assert_string_equal(find(p, "W01099999", "Nowhere 001A", 0), "E07000110");
    /* codes not in the lookup still go by their name */
    assert_string_equal(find(p, "E01024501", "Shepway 011B", 0), "E07000112");
    places_free(p);
}

static void test_a_lookup_without_a_header_starts_with_its_first_row(void **state)
{
    (void)state;
    struct places *p = places_from_register(kent);
    struct csa_error err = {0};
    assert_int_equal(places_read_lookup(p, test_write("nohead.csv", "E01000001,Swale\n"), &err),
                     CSA_OK);
    assert_string_equal(find(p, "E01000001", "", 0), "E07000113");
    places_free(p);
}

static void test_a_lookup_naming_an_unknown_district_is_refused_with_its_line(void **state)
{
    (void)state;
    struct places *p = places_from_register(kent);
    struct csa_error err = {0};
    const char *lookup = test_write("bad.csv", "LSOA code,district\nE01000001,Swale\n"
                                               "E01000002,Atlantis\n");
    assert_int_equal(places_read_lookup(p, lookup, &err), CSA_EINVALID);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "district \"Atlantis\" is not a district of the register");
    places_free(p);
}

static void test_a_missing_lookup_file_is_an_environment_error(void **state)
{
    (void)state;
    struct places *p = places_from_register(kent);
    struct csa_error err = {0};
    assert_int_equal(places_read_lookup(p, test_tmp("no-such-lookup.csv"), &err), CSA_EENV);
    assert_non_null(strstr(err.msg, "could not open the LSOA lookup: "));
    places_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_lsoa_name_minus_its_code_is_a_district_of_the_register),
        cmocka_unit_test(test_a_former_name_is_the_district_it_became),
        cmocka_unit_test(test_a_district_outside_the_register_or_a_name_without_a_code_is_outside),
        cmocka_unit_test(test_a_record_with_no_lsoa_has_no_location),
        cmocka_unit_test(test_long_names_are_matched_whole_not_cut),
        cmocka_unit_test(test_a_lookup_places_lsoa_codes_by_gss_code_or_district_name),
        cmocka_unit_test(test_a_lookup_without_a_header_starts_with_its_first_row),
        cmocka_unit_test(test_a_lookup_naming_an_unknown_district_is_refused_with_its_line),
        cmocka_unit_test(test_a_missing_lookup_file_is_an_environment_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
