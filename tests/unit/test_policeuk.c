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

/* Reads every record of path; returns how many were good, and the first error in *err. */
static int read_all(const char *path, struct csa_error *err)
{
    struct puk_reader *rd = puk_open(path, err);
    assert_non_null(rd);
    struct puk_record r;
    struct csa_error e = {0};
    int fatal, got, good = 0;
    while ((got = puk_next(rd, &r, &fatal, &e)) != 0) {
        if (got == 1)
            good++;
        else if (err->msg[0] == '\0')
            *err = e;
        if (fatal)
            break;
    }
    puk_close(rd);
    return good;
}

static void test_the_file_month_comes_from_its_name(void **state)
{
    (void)state;
    assert_int_equal(puk_name_month("/x/2013-08/2013-08-kent-street.csv"), 2013 * 12 + 7);
    assert_int_equal(puk_name_month("2013-08-btp-street.csv.gz"), 2013 * 12 + 7);
    assert_int_equal(puk_name_month("2013-13-kent-street.csv"), -1);
    assert_int_equal(puk_name_month("kent-street.csv"), -1);
    assert_int_equal(puk_name_month("2013-08--street.csv"), -1);
    assert_int_equal(puk_name_month("2013-08-kent-outcomes.csv"), -1);
}

static void test_a_row_of_another_month_than_the_name_says_is_refused_with_its_line(void **state)
{
    (void)state;
    struct csa_error err = {0};
    const char *f = test_write("2013-08-kent-street.csv",
        HEADER "\n,2013-08,Kent Police,Kent Police,,,,,,Drugs,,\n"
               ",2013-04,Kent Police,Kent Police,,,,,,Drugs,,\n"
               ",2013-08,Kent Police,Kent Police,,,,,,Drugs,,\n");
    assert_int_equal(read_all(f, &err), 2);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "Month \"2013-04\" is not the file's month, 2013-08 (from its "
                                 "name); a police.uk file holds one force's month, and this one "
                                 "may only replace that month");
}

static void test_without_a_police_uk_name_the_first_row_sets_month_and_force(void **state)
{
    (void)state;
    struct csa_error err = {0};
    const char *f = test_write("crimes.csv",
        HEADER "\n,2013-05,Kent Police,Kent Police,,,,,,Drugs,,\n"
               ",2013-05,BTP,British Transport Police,,,,,,Drugs,,\n"
               ",2013-06,Kent Police,Kent Police,,,,,,Drugs,,\n");
    struct puk_reader *rd = puk_open(f, &err);
    assert_int_equal(puk_file_month(rd), -1);
    assert_null(puk_file_force(rd));
    puk_close(rd);
    assert_int_equal(read_all(f, &err), 1);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "Falls within \"British Transport Police\" is not the file's "
                                 "force, \"Kent Police\" (from its first row); a police.uk file "
                                 "holds one force's month");
    rd = puk_open(f, &err);
    struct puk_record r;
    int fatal;
    assert_int_equal(puk_next(rd, &r, &fatal, &err), 1);
    assert_int_equal(puk_file_month(rd), 2013 * 12 + 4);
    assert_string_equal(puk_file_force(rd), "Kent Police");
    assert_int_equal(puk_next(rd, &r, &fatal, &err), -1);
    assert_int_equal(puk_next(rd, &r, &fatal, &err), -1);
    assert_false(fatal);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "is not the file's month, 2013-05 (from its first row)"));
    puk_close(rd);
}

static void test_invalid_utf8_in_a_field_is_a_row_error_with_its_line(void **state)
{
    (void)state;
    struct csa_error err = {0};
    const char *f = test_write("2013-01-kent-street.csv",
        HEADER "\n,2013-01,Kent Police,Kent Police,,,On or near Caf\xc3\xa9,,,Drugs,,\n"
               ",2013-01,Kent Police,Kent Police,,,On or near Caf\xe9 Road,,,Drugs,,\n");
    assert_int_equal(read_all(f, &err), 1);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "Location is not valid UTF-8 (byte 15 of the field, 0xE9); "
                                 "police.uk files are UTF-8");
}

static void test_a_nul_byte_in_a_field_is_a_row_error_with_its_line(void **state)
{
    (void)state;
    static const char text[] =
        HEADER "\n,2013-01,Kent Police,Kent Police,,,On or near X,,,Drugs,,\n"
               ",2013-01,Kent Police,Kent Police,,,On or near X\0Y,,,Drugs,,\n";
    const char *f = test_tmp("2013-01-kent-street.csv");
    FILE *out = fopen(f, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(text, 1, sizeof text - 1, out), sizeof text - 1);
    fclose(out);
    struct csa_error err = {0};
    assert_int_equal(read_all(f, &err), 1); /* the good row before it */
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "Location holds a NUL byte (byte 13 of the field); police.uk "
                                 "files are text");
}

static void test_a_force_name_over_127_bytes_is_refused_as_such(void **state)
{
    (void)state;
    char text[4096], force[300];
    memset(force, 'F', 200);
    force[200] = '\0';
    snprintf(text, sizeof text, HEADER "\n,2013-01,x,%s,,,,,,Drugs,,\n", force);
    struct csa_error err = {0};
    assert_int_equal(read_all(test_write("2013-01-long-street.csv", text), &err), 0);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "Falls within is 200 bytes long; a police force's name is "
                                    "at most 127 bytes: \"FFFF"));
    assert_non_null(strstr(err.msg, "FFF...\""));
    /* 127 bytes is still a name */
    force[127] = '\0';
    snprintf(text, sizeof text, HEADER "\n,2013-01,x,%s,,,,,,Drugs,,\n", force);
    memset(&err, 0, sizeof err);
    assert_int_equal(read_all(test_write("2013-01-long-street.csv", text), &err), 1);
}

static void test_many_blank_lines_are_read_without_recursion(void **state)
{
    (void)state;
    static char text[300000];
    size_t n = (size_t)snprintf(text, sizeof text, "%s\n", HEADER);
    memset(text + n, '\n', 200000);
    text[n + 200000] = '\0';
    struct csa_error err = {0};
    assert_int_equal(read_all(test_write("blank.csv", text), &err), 0);
    assert_string_equal(err.msg, "");
}

static void test_a_quoted_value_in_a_message_is_escaped_and_cut(void **state)
{
    (void)state;
    static char text[4096];
    char type[400];
    memset(type, 'x', 300);
    type[300] = '\0';
    snprintf(text, sizeof text, HEADER "\n,\"2013\n-01\",K,K,,,,,,Drugs,,\n"
                                       ",2013-01,K,K,,,,,,\"Drugs\xe2\x80\xae%s\",,\n", type);
    struct csa_error err = {0};
    struct puk_reader *rd = puk_open(test_write("esc.csv", text), &err);
    struct puk_record r;
    int fatal;
    assert_int_equal(puk_next(rd, &r, &fatal, &err), -1);
    assert_string_equal(err.msg, "Month \"2013\\u{000A}-01\" is not a month written YYYY-MM");
    assert_int_equal(puk_next(rd, &r, &fatal, &err), -1);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "Crime type \"Drugs\\u{202E}xxx"));
    assert_non_null(strstr(err.msg, "xxx...\" is not a police.uk crime type"));
    assert_true(strlen(err.msg) < 200);
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
        cmocka_unit_test(test_the_file_month_comes_from_its_name),
        cmocka_unit_test(test_a_row_of_another_month_than_the_name_says_is_refused_with_its_line),
        cmocka_unit_test(test_without_a_police_uk_name_the_first_row_sets_month_and_force),
        cmocka_unit_test(test_invalid_utf8_in_a_field_is_a_row_error_with_its_line),
        cmocka_unit_test(test_a_nul_byte_in_a_field_is_a_row_error_with_its_line),
        cmocka_unit_test(test_a_force_name_over_127_bytes_is_refused_as_such),
        cmocka_unit_test(test_many_blank_lines_are_read_without_recursion),
        cmocka_unit_test(test_a_quoted_value_in_a_message_is_escaped_and_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
