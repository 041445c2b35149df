/* test_policeuk.c: reading police.uk street-level files exactly as published: quoting,
 * line endings, the byte order mark, empty fields, and the errors an analyst would see. */
#include "support.h"

#include "csa/policeuk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define HEADER "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code," \
               "LSOA name,Crime type,Last outcome category,Context"

static struct puk_reader *open_text(const char *name, const char *text, struct csa_error *err)
{
    return puk_open(test_write(name, text), err);
}

static void test_quoted_fields_keep_commas_quotes_and_line_breaks(void **state)
{
    (void)state;
    struct csa_error err = {0};
    struct puk_reader *rd = open_text(
        "q.csv",
        HEADER "\n"
               "a1,2013-01,Kent Police,Kent Police,0.5,51.2,\"On or near Smith, Jones \"\"Co\"\"\","
               "E01024000,Maidstone 012C,Burglary,\"Investigation complete; no suspect identified\","
               "\"two\nlines\"\n"
               ",2013-01,Kent Police,Kent Police,,,,,,Anti-social behaviour,,\n",
        &err);
    assert_non_null(rd);
    struct puk_record r;
    int fatal;
    assert_int_equal(puk_next(rd, &r, &fatal, &err), 1);
    assert_string_equal(r.f[PUK_LOCATION], "On or near Smith, Jones \"Co\"");
    assert_string_equal(r.f[PUK_CONTEXT], "two\nlines");
    assert_int_equal(r.line, 2);
    assert_int_equal(r.month, 2013 * 12);
    assert_int_equal(r.crime_type, puk_crime_type("Burglary"));
    assert_int_equal(puk_next(rd, &r, &fatal, &err), 1);
    assert_int_equal(r.line, 4); /* the quoted line break moved the count on */
    assert_string_equal(r.f[PUK_CRIME_ID], "");
    assert_int_equal(r.len[PUK_LSOA_NAME], 0);
    assert_int_equal(puk_next(rd, &r, &fatal, &err), 0);
    puk_close(rd);
}

static void test_crlf_and_a_byte_order_mark_read_like_lf(void **state)
{
    (void)state;
    struct csa_error err = {0};
    struct puk_reader *rd = open_text(
        "crlf.csv",
        "\xEF\xBB\xBF" HEADER "\r\n"
        ",2012-12,Kent Police,Kent Police,,,,,,Violent crime,,\r\n",
        &err);
    assert_non_null(rd);
    struct puk_record r;
    int fatal;
    assert_int_equal(puk_next(rd, &r, &fatal, &err), 1);
    assert_string_equal(r.f[PUK_CONTEXT], "");
    assert_string_equal(r.f[PUK_CRIME_TYPE], "Violent crime"); /* the pre-2013 scheme */
    assert_int_equal(puk_next(rd, &r, &fatal, &err), 0);
    puk_close(rd);
}

static void test_a_wrong_header_names_the_column(void **state)
{
    (void)state;
    struct csa_error err = {0};
    assert_null(open_text("h.csv",
                          "Crime ID,Month,Reported By,Falls within,Longitude,Latitude,Location,"
                          "LSOA code,LSOA name,Crime type,Last outcome category,Context\n",
                          &err));
    assert_int_equal(err.code, CSA_EINVALID);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.msg, "this is not a police.uk street-level header: column 3 is "
                                 "\"Reported By\", expected \"Reported by\" (the header is: "
                                 "Crime ID, ...)");
}

static void test_a_row_with_eleven_fields_is_reported_with_its_line(void **state)
{
    (void)state;
    struct csa_error err = {0};
    struct puk_reader *rd = open_text(
        "short.csv", HEADER "\n,2013-01,Kent Police,Kent Police,,,,,,Drugs,,\n"
                            ",2013-01,Kent Police,Kent Police,,,,,Drugs,,\n",
        &err);
    struct puk_record r;
    int fatal;
    assert_int_equal(puk_next(rd, &r, &fatal, &err), 1);
    assert_int_equal(puk_next(rd, &r, &fatal, &err), -1);
    assert_false(fatal); /* the reader can go on past it */
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "the row has 11 fields; police.uk street-level rows have 12");
    assert_int_equal(puk_next(rd, &r, &fatal, &err), 0);
    puk_close(rd);
}

static void test_an_unknown_crime_type_and_a_bad_month_are_named(void **state)
{
    (void)state;
    struct csa_error err = {0};
    struct puk_reader *rd = open_text(
        "bad.csv", HEADER "\n,2013-13,Kent Police,Kent Police,,,,,,Drugs,,\n"
                          ",2013-01,Kent Police,Kent Police,,,,,,Littering,,\n",
        &err);
    struct puk_record r;
    int fatal;
    assert_int_equal(puk_next(rd, &r, &fatal, &err), -1);
    assert_string_equal(err.msg, "Month \"2013-13\" is not a month written YYYY-MM");
    assert_int_equal(puk_next(rd, &r, &fatal, &err), -1);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "Crime type \"Littering\" is not a police.uk crime type");
    puk_close(rd);
}

static void test_an_unclosed_quote_is_fatal_at_its_line(void **state)
{
    (void)state;
    struct csa_error err = {0};
    struct puk_reader *rd = open_text(
        "open.csv", HEADER "\n,2013-01,Kent Police,Kent Police,,,\"On or near,,,,Drugs,,\n", &err);
    struct puk_record r;
    int fatal;
    assert_int_equal(puk_next(rd, &r, &fatal, &err), -1);
    assert_true(fatal);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.msg, "a quoted field that starts on this line is never closed");
    puk_close(rd);
}

static void test_a_truncated_gzip_is_fatal(void **state)
{
    (void)state;
    const char *plain = test_write("big.csv", "");
    FILE *f = fopen(plain, "w");
    fputs(HEADER "\n", f);
    for (int i = 0; i < 20000; i++)
        fprintf(f, "%064x,2013-01,Kent Police,Kent Police,0.5,51.2,On or near X,E01024000,"
                   "Maidstone 012C,Burglary,Under investigation,\n", i);
    fclose(f);
    char gz[1100], cmd[2400];
    snprintf(gz, sizeof gz, "%s.gz", plain);
    snprintf(cmd, sizeof cmd, "gzip -c '%s' | head -c 20000 > '%s'", plain, gz);
    assert_int_equal(system(cmd), 0);
    struct csa_error err = {0};
    struct puk_reader *rd = puk_open(gz, &err);
    assert_non_null(rd);
    struct puk_record r;
    int fatal = 0, got, rows = 0;
    while ((got = puk_next(rd, &r, &fatal, &err)) == 1)
        rows++;
    assert_int_equal(got, -1);
    assert_true(fatal);
    assert_true(rows > 0 && rows < 20000);
    assert_non_null(strstr(err.msg, "the gzip data is truncated"));
    puk_close(rd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoted_fields_keep_commas_quotes_and_line_breaks),
        cmocka_unit_test(test_crlf_and_a_byte_order_mark_read_like_lf),
        cmocka_unit_test(test_a_wrong_header_names_the_column),
        cmocka_unit_test(test_a_row_with_eleven_fields_is_reported_with_its_line),
        cmocka_unit_test(test_an_unknown_crime_type_and_a_bad_month_are_named),
        cmocka_unit_test(test_an_unclosed_quote_is_fatal_at_its_line),
        cmocka_unit_test(test_a_truncated_gzip_is_fatal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
