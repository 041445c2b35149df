/* test_crime.c: police.uk street-level files into the real database and the crime table out
 * of it, checked against counts worked out by hand. */
#include "dbtest.h"

#define HEADER "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code," \
               "LSOA name,Crime type,Last outcome category,Context\n"

static const char *kent(void)
{
    return test_path("etl/counties/kent.xml");
}

/* A force's month file, in folder dir (NULL: the test folder) and named as police.uk names
 * them with the force's short name slug: burglaries in Maidstone, drugs under Folkestone's
 * former name Shepway, one crime just outside the county and one with no location. */
static const char *force_month_file(const char *dir, const char *slug, const char *force,
                                    int year, int month, int burglaries, int drugs)
{
    static char text[1 << 20], name[256];
    size_t n = (size_t)snprintf(text, sizeof text, HEADER);
    for (int i = 0; i < burglaries; i++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "b%d,%04d-%02d,%s,%s,0.52,51.27,\"On or near High "
                              "Street, Maidstone\",E01024330,Maidstone 012C,Burglary,"
                              "Under investigation,\n", i, year, month, force, force);
    for (int i = 0; i < drugs; i++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "d%d,%04d-%02d,%s,%s,1.17,51.08,On or near Sandgate "
                              "Road,E01024500,Shepway 011A,Drugs,Local resolution,\n", i, year,
                              month, force, force);
    n += (size_t)snprintf(text + n, sizeof text - n,
                          "m1,%04d-%02d,%s,%s,0.55,51.38,On or near X,E01016000,"
                          "Medway 023A,Shoplifting,Under investigation,\n"
                          ",%04d-%02d,%s,%s,,,No location,,,Anti-social behaviour,,"
                          "\n", year, month, force, force, year, month, force, force);
    snprintf(name, sizeof name, "%s%s%04d-%02d-%s-street.csv", dir ? dir : "", dir ? "/" : "",
             year, month, slug);
    return test_write(name, text);
}

/* A month's file of Kent Police. */
static const char *month_file(int year, int month, int burglaries, int drugs)
{
    return force_month_file(NULL, "kent", "Kent Police", year, month, burglaries, drugs);
}

static int crime(char **out, char **err, const char *a1, const char *a2, const char *a3)
{
    return test_csa(out, err, "--db", test_db_conninfo(), "--county", kent(), "crime", a1, a2,
                    a3, NULL);
}

/* 2011: 2 burglaries a month, no drugs; 2012: 3 burglaries and 1 drugs offence a month. */
static void load_two_years(void)
{
    for (int m = 1; m <= 24; m++) {
        int y = m <= 12 ? 2011 : 2012, mo = (m - 1) % 12 + 1;
        char *out = NULL, *err = NULL;
        int rc = crime(&out, &err, "load", month_file(y, mo, y == 2011 ? 2 : 3, y == 2011 ? 0 : 1),
                       NULL);
        if (rc != 0)
            fprintf(stderr, "%s%s", out, err);
        assert_int_equal(rc, 0);
        free(out);
        free(err);
    }
}

static char *table_csv(void)
{
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county", kent(),
                              "crime", "table", "--year", "2012", "--format", "csv", NULL),
                     0);
    return out;
}

static void test_the_table_adds_up_as_worked_by_hand(void **state)
{
    (void)state;
    load_two_years();
    char *csv = table_csv();
    /* Maidstone: 36 burglaries in 2012 against 24 in 2011 */
    assert_non_null(strstr(csv, "maidstone,Safer Maidstone Partnership,All crime,0,36,24,12,50.0\n"));
    assert_non_null(strstr(csv, "maidstone,Safer Maidstone Partnership,Burglary,1,36,24,12,50.0\n"));
    /* Shepway is Folkestone and Hythe's former name; nothing the year before: no percentage */
    assert_non_null(strstr(csv, "folkestone-hythe,Folkestone and Hythe Community Safety "
                                "Partnership,Drugs,1,12,0,12,\n"));
    assert_non_null(strstr(csv, "county,Kent,All crime,0,48,24,24,100.0\n"));
    assert_non_null(strstr(csv, "county,Kent,Crimes against society,0,12,0,12,\n"));
    /* the crime outside the county and the ASB incident with no location are not in it */
    assert_null(strstr(csv, "Shoplifting"));
    assert_null(strstr(csv, "Anti-social behaviour"));
    free(csv);
}

static void test_outside_and_unlocated_records_are_counted_and_reported(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(crime(&out, NULL, "load", month_file(2012, 5, 3, 1), NULL), 0);
    assert_non_null(strstr(out, ": 4 rows (2012-05, Kent Police); not loaded: 1 outside the "
                                "county's districts, 1 with no location\n"));
    free(out);
    assert_int_equal(test_scalar(conn, "SELECT outside + no_location FROM csa.crime_file"), 2);
}

static void test_a_month_loaded_again_replaces_it(void **state)
{
    (void)state;
    load_two_years();
    char *before = table_csv();
    assert_int_equal(crime(NULL, NULL, "load", month_file(2012, 6, 3, 1), NULL), 0);
    char *again = table_csv();
    assert_string_equal(again, before);
    /* a corrected June with one burglary fewer replaces June, it does not add to it */
    assert_int_equal(crime(NULL, NULL, "load", month_file(2012, 6, 2, 1), NULL), 0);
    char *after = table_csv();
    assert_non_null(strstr(after, "maidstone,Safer Maidstone Partnership,Burglary,1,35,24,11,45.8\n"));
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.crime_month"), 24);
    free(before);
    free(again);
    free(after);
}

static void test_a_malformed_row_rejects_its_file_unless_skipping_is_asked(void **state)
{
    (void)state;
    char text[2048];
    snprintf(text, sizeof text, HEADER
             "a,2013-01,Kent Police,Kent Police,,,X,E01024330,Maidstone 012C,Burglary,,\n"
             "b,2013-01,Kent Police,Kent Police,,,X,E01024330,Maidstone 012C,Burglary,,\n"
             "c,2013-01,Kent Police,Kent Police,,,X,E01024330,Maidstone 012C,Burglary\n");
    const char *f = test_write("2013-01-kent-street.csv", text);
    char *out = NULL, *err = NULL;
    assert_int_equal(crime(&out, &err, "load", f, NULL), 1);
    assert_non_null(strstr(err, "2013-01-kent-street.csv:4: error: the row has 10 fields; "
                                "police.uk street-level rows have 12"));
    assert_non_null(strstr(out, "rejected "));
    free(out);
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.street_crime"), 0);
    assert_int_equal(crime(&out, &err, "load", "--skip-bad-rows", f), 0);
    assert_non_null(strstr(out, ": 2 rows (2013-01, Kent Police); not loaded: 0 outside the "
                                "county's districts, 0 with no location, 1 malformed row skipped "
                                "(line 4)\n"));
    assert_non_null(strstr(err, "2013-01-kent-street.csv:4: warning: row skipped: the row has "
                                "10 fields; police.uk street-level rows have 12\n"));
    free(out);
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.street_crime"), 2);
}

static void test_a_wrong_header_is_rejected_with_its_message(void **state)
{
    (void)state;
    const char *f = test_write("2013-02-kent-street.csv", "Crime ID,Month\n");
    char *err = NULL;
    assert_int_equal(crime(NULL, &err, "load", f, NULL), 1);
    assert_non_null(strstr(err, "2013-02-kent-street.csv:1: error: this is not a police.uk "
                                "street-level header: column 3 is \"(missing)\""));
    free(err);
}

static void test_missing_months_are_named(void **state)
{
    (void)state;
    assert_int_equal(crime(NULL, NULL, "load", month_file(2012, 12, 1, 0), NULL), 0);
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county", kent(),
                              "crime", "table", "--year", "2012", NULL),
                     0);
    assert_non_null(strstr(out, "months loaded: 1 of 24; missing: 2011-01 2011-02"));
    free(out);
}

static void test_the_agreement_shows_the_county_figures_with_their_source(void **state)
{
    (void)state;
    load_two_years(); /* 2011 and 2012: the plan year 2013/14 starts after both */
    char dir[1100];
    snprintf(dir, sizeof dir, "%s", test_tmp("agreement-2013"));
    assert_int_equal(test_csa(NULL, NULL, "--db", test_db_conninfo(), "--county", kent(),
                              "agreement", "--year", "2013", "--out", dir, "--format", "md",
                              NULL),
                     0);
    char path[1200];
    snprintf(path, sizeof path, "%s/agreement.md", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char md[200000];
    md[fread(md, 1, sizeof md - 1, f)] = '\0';
    fclose(f);
    assert_non_null(strstr(md, "for the twelve months to 2012-12 against the twelve months "
                               "before, from police.uk street-level crime data (Kent Police)"));
    assert_non_null(strstr(md, "Data is loaded for 24 of the 24 months."));
    assert_non_null(strstr(md, "| **All crime** | **48** | **24** | **+24** | **+100.0%** |"));
}

static void test_a_lookup_file_places_records_by_their_lsoa_code(void **state)
{
    (void)state;
    /* E01024500 is named "Shepway 011A" in the file; the lookup puts it in Dover instead,
     * by GSS code, and E01099999 (no name match at all) in Maidstone, by district name */
    const char *lookup = test_write("lookup.csv", "LSOA code,district\n"
                                                  "E01024500,E07000108\n"
                                                  "E01099999,Maidstone\n");
    const char *f = test_write("2013-03-kent-street.csv", HEADER
        "a,2013-03,Kent Police,Kent Police,,,X,E01024500,Shepway 011A,Drugs,,\n"
        "b,2013-03,Kent Police,Kent Police,,,X,E01099999,Nowhere 001A,Drugs,,\n");
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county", kent(),
                              "crime", "load", "--lsoa-lookup", lookup, f, NULL),
                     0);
    assert_non_null(strstr(out, ": 2 rows (2013-03, Kent Police); not loaded: 0 outside"));
    free(out);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.street_crime "
                                       "WHERE district = 'E07000108'"),
                     1);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.street_crime "
                                       "WHERE district = 'E07000110'"),
                     1);
}

static void test_a_lookup_naming_an_unknown_district_is_refused(void **state)
{
    (void)state;
    const char *lookup = test_write("bad-lookup.csv", "E01024500,Atlantis\n");
    char *err = NULL;
    assert_int_equal(test_csa(NULL, &err, "--db", test_db_conninfo(), "--county", kent(),
                              "crime", "load", "--lsoa-lookup", lookup,
                              month_file(2012, 1, 1, 0), NULL),
                     1);
    assert_non_null(strstr(err, "bad-lookup.csv:1: error: district \"Atlantis\" is not a "
                                "district of the register"));
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.street_crime"), 0);
}

static void test_the_old_broad_other_crime_is_kept_out_of_the_groupings(void **state)
{
    (void)state;
    const char *f = test_write("2011-08-kent-street.csv", HEADER
        "a,2011-08,Kent Police,Kent Police,,,X,E01024330,Maidstone 012C,Other crime,,\n");
    const char *g = test_write("2011-09-kent-street.csv", HEADER
        "b,2011-09,Kent Police,Kent Police,,,X,E01024330,Maidstone 012C,Other crime,,\n");
    assert_int_equal(crime(NULL, NULL, "load", f, g), 0);
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county", kent(),
                              "crime", "table", "--year", "2011", "--period-end", "2011-09",
                              "--format", "csv", NULL),
                     0);
    /* August's "Other crime" held thefts and the rest; September's is the modern residue */
    assert_non_null(strstr(out, "county,Kent,All crime,0,2,0,2,\n"));
    assert_non_null(strstr(out, "county,Kent,Crimes against society,0,1,0,1,\n"));
    assert_non_null(strstr(out, "county,Kent,Other crime,1,1,0,1,\n"));
    assert_non_null(strstr(out, "county,Kent,Other crime (before September 2011),1,1,0,1,\n"));
    free(out);
}

static void test_a_quiet_crime_load_prints_no_line_per_file_and_syncs_the_register(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    assert_int_equal(test_csa(&out, &err, "--db", test_db_conninfo(), "--county", kent(),
                              "--quiet", "crime", "load", month_file(2012, 3, 2, 1), NULL),
                     0);
    assert_string_equal(out, "");
    assert_string_equal(err, "");
    free(out);
    free(err);
    /* like every command that uses the database, it brought the register's copy up to date */
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.reg_partnership"), 13);
}

static void test_a_load_refuses_crime_types_that_differ_from_the_database(void **state)
{
    (void)state;
    const char *f = month_file(2012, 2, 1, 1);
    char *out = NULL, *err = NULL;
    /* the rows are stored by id: a renamed or missing type would count crimes as another */
    PQclear(PQexec(conn, "UPDATE csa.crime_type SET name = 'Housebreaking' WHERE id = 4"));
    assert_int_equal(crime(&out, &err, "load", f, NULL), 3);
    assert_string_equal(err, "csa: error: the database's crime types do not match this csa: "
                             "crime type 4 is \"Housebreaking\" in csa.crime_type but "
                             "\"Burglary\" here\n");
    assert_string_equal(out, "");
    free(out);
    free(err);
    PQclear(PQexec(conn, "UPDATE csa.crime_type SET name = 'Burglary' WHERE id = 4"));
    PQclear(PQexec(conn, "DELETE FROM csa.crime_type WHERE id = 16"));
    assert_int_equal(crime(NULL, &err, "load", f, NULL), 3);
    assert_non_null(strstr(err, "crime type 16 (\"Anti-social behaviour\") is missing from "
                                "csa.crime_type"));
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.street_crime"), 0);
    PQclear(PQexec(conn, "INSERT INTO csa.crime_type VALUES "
                         "(16, 'Anti-social behaviour', 16, false, false, false, false, true)"));
    assert_int_equal(crime(NULL, NULL, "load", f, NULL), 0);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.street_crime"), 2);
}

static void test_a_load_brings_the_register_up_to_date_like_every_command(void **state)
{
    (void)state;
    assert_int_equal(crime(NULL, NULL, "load", month_file(2012, 3, 1, 0), NULL), 0);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.reg_partnership "
                                       "WHERE name = 'Safer Maidstone Partnership'"),
                     1);
    /* the register renames Maidstone's partnership: the next crime load shows it */
    FILE *in = fopen(kent(), "r");
    assert_non_null(in);
    static char xml[200000], edited[200000];
    xml[fread(xml, 1, sizeof xml - 1, in)] = '\0';
    fclose(in);
    const char *from = "name=\"Safer Maidstone Partnership\"";
    char *at = strstr(xml, from);
    assert_non_null(at);
    snprintf(edited, sizeof edited, "%.*sname=\"Maidstone Community Safety Partnership\"%s",
             (int)(at - xml), xml, at + strlen(from));
    const char *reg = test_write("kent-renamed.xml", edited);
    assert_int_equal(test_csa(NULL, NULL, "--db", test_db_conninfo(), "--county", reg, "crime",
                              "load", month_file(2012, 4, 1, 0), NULL),
                     0);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.reg_partnership "
                                       "WHERE name = 'Maidstone Community Safety Partnership'"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_a_quiet_crime_load_prints_no_line_per_file_and_syncs_the_register, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_the_table_adds_up_as_worked_by_hand, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_outside_and_unlocated_records_are_counted_and_reported,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_month_loaded_again_replaces_it, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_malformed_row_rejects_its_file_unless_skipping_is_asked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_wrong_header_is_rejected_with_its_message, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_missing_months_are_named, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_the_agreement_shows_the_county_figures_with_their_source, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_lookup_file_places_records_by_their_lsoa_code,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_lookup_naming_an_unknown_district_is_refused,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_the_old_broad_other_crime_is_kept_out_of_the_groupings, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_load_refuses_crime_types_that_differ_from_the_database, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_load_brings_the_register_up_to_date_like_every_command, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_quiet_crime_load_prints_no_line_per_file_and_syncs_the_register, setup,
            teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
