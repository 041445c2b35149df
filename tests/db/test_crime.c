/* test_crime.c: police.uk street-level files into the real database and the crime table out
 * of it, checked against counts worked out by hand. */
#include "dbtest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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
    assert_int_equal(test_scalar(conn, "SELECT coalesce(sum(n), 0) FROM csa.crime_count"), 0);
    assert_int_equal(crime(&out, &err, "load", "--skip-bad-rows", f), 0);
    assert_non_null(strstr(out, ": 2 rows (2013-01, Kent Police); not loaded: 0 outside the "
                                "county's districts, 0 with no location, 1 malformed row skipped "
                                "(line 4)\n"));
    assert_non_null(strstr(err, "2013-01-kent-street.csv:4: warning: row skipped: the row has "
                                "10 fields; police.uk street-level rows have 12\n"));
    free(out);
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT coalesce(sum(n), 0) FROM csa.crime_count"), 2);
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
    /* one submission for 2013/14, so the draft is an agreement rather than the stub */
    const char *sub = maidstone_variant("maidstone-2013.xml", "<plan-year>2011/12",
                                      "<plan-year>2013/14");
    assert_int_equal(test_csa(NULL, NULL, "--db", test_db_conninfo(), "--county", kent(),
                              "load", sub, NULL),
                     0);
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
    assert_non_null(strstr(md, "Police-recorded crime in Kent from police.uk street-level crime "
                               "(Kent Police), the twelve months to December 2012 against the "
                               "twelve months to December 2011"));
    assert_non_null(strstr(md, "Every month of the two periods is loaded."));
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
    assert_int_equal(test_scalar(conn, "SELECT sum(n) FROM csa.crime_count "
                                       "WHERE district = 'E07000108'"),
                     1);
    assert_int_equal(test_scalar(conn, "SELECT sum(n) FROM csa.crime_count "
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
    assert_int_equal(test_scalar(conn, "SELECT coalesce(sum(n), 0) FROM csa.crime_count"), 0);
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
    assert_int_equal(test_scalar(conn, "SELECT coalesce(sum(n), 0) FROM csa.crime_count"), 0);
    PQclear(PQexec(conn, "INSERT INTO csa.crime_type VALUES "
                         "(16, 'Anti-social behaviour', 16, false, false, false, false, true)"));
    assert_int_equal(crime(NULL, NULL, "load", f, NULL), 0);
    assert_int_equal(test_scalar(conn, "SELECT coalesce(sum(n), 0) FROM csa.crime_count"), 2);
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

/* ---- issue 9: a file is one force's month ------------------------------------------- */

static long rows_of(const char *month)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT coalesce(sum(n), 0) FROM csa.crime_count "
                                  "WHERE month = '%s-01'",
             month);
    return test_scalar(conn, sql);
}

/* police.uk's 2013-08 Kent file with one row of 2013-04 in it, at line 3. */
static const char *august_with_an_april_row(void)
{
    return test_write("2013-08-kent-street.csv", HEADER
        "a,2013-08,Kent Police,Kent Police,,,X,E01024330,Maidstone 012C,Burglary,,\n"
        "s,2013-04,Kent Police,Kent Police,,,X,E01024330,Maidstone 012C,Drugs,,\n"
        "c,2013-08,Kent Police,Kent Police,,,X,E01024500,Shepway 011A,Drugs,,\n");
}

static void test_a_row_of_another_month_rejects_its_file_and_leaves_that_month_alone(void **state)
{
    (void)state;
    assert_int_equal(crime(NULL, NULL, "load", month_file(2013, 4, 5, 2), NULL), 0);
    assert_int_equal(rows_of("2013-04"), 7);
    char *out = NULL, *err = NULL;
    assert_int_equal(crime(&out, &err, "load", august_with_an_april_row(), NULL), 1);
    assert_non_null(strstr(err, "2013-08-kent-street.csv:3: error: Month \"2013-04\" is not the "
                                "file's month, 2013-08 (from its name); a police.uk file holds "
                                "one force's month, and this one may only replace that month\n"));
    assert_non_null(strstr(out, "rejected "));
    free(out);
    free(err);
    /* April as loaded, whole; nothing of August */
    assert_int_equal(rows_of("2013-04"), 7);
    assert_int_equal(rows_of("2013-08"), 0);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.crime_month"), 1);
    assert_int_equal(test_scalar(conn, "SELECT rows FROM csa.crime_month"), 7);
}

static void test_skipping_a_row_of_another_month_names_its_line_and_loads_the_rest(void **state)
{
    (void)state;
    assert_int_equal(crime(NULL, NULL, "load", month_file(2013, 4, 5, 2), NULL), 0);
    char *out = NULL, *err = NULL;
    assert_int_equal(crime(&out, &err, "load", "--skip-bad-rows", august_with_an_april_row()),
                     0);
    assert_non_null(strstr(out, ": 2 rows (2013-08, Kent Police); not loaded: 0 outside the "
                                "county's districts, 0 with no location, 1 malformed row "
                                "skipped (line 3)\n"));
    assert_non_null(strstr(err, "2013-08-kent-street.csv:3: warning: row skipped: Month "
                                "\"2013-04\" is not the file's month, 2013-08"));
    free(out);
    free(err);
    assert_int_equal(rows_of("2013-04"), 7);
    assert_int_equal(rows_of("2013-08"), 2);
    assert_int_equal(test_scalar(conn, "SELECT bad_skipped FROM csa.crime_file "
                                       "WHERE source_name = '2013-08-kent-street.csv'"),
                     1);
}

/* Makes the folder name in the test folder; returns its path (one of 4 rotating buffers). */
static const char *folder(const char *name)
{
    static char paths[4][1100];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, sizeof paths[0], "%s", test_tmp(name));
    assert_int_equal(mkdir(p, 0700), 0);
    return p;
}

/* Runs `csa crime load --jobs 2 dir` as its own process; returns its pid. */
static pid_t spawn_load(const char *dir, const char *log)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 1);
        dup2(fd, 2);
        execl(CSA_BINARY, "csa", "--db", test_db_conninfo(), "--county", kent(), "crime",
              "load", "--jobs", "2", dir, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static int wait_for(pid_t pid)
{
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char text[65536];
    text[fread(text, 1, sizeof text - 1, f)] = '\0';
    fclose(f);
    return text;
}

static void test_two_loads_at_once_of_overlapping_files_both_finish(void **state)
{
    (void)state;
    /* a: January to August, b: May to December, of 2014 (no partition yet for any): the
     * processes race for the same partitions and the same force-months, twice */
    const char *a = folder("two-a"), *b = folder("two-b");
    for (int m = 1; m <= 12; m++) {
        if (m <= 8)
            force_month_file("two-a", "kent", "Kent Police", 2014, m, 300, 100);
        if (m >= 5)
            force_month_file("two-b", "kent", "Kent Police", 2014, m, 300, 100);
    }
    for (int round = 0; round < 2; round++) {
        char la[1100], lb[1100];
        snprintf(la, sizeof la, "%s", test_tmp("two-a.log"));
        snprintf(lb, sizeof lb, "%s", test_tmp("two-b.log"));
        pid_t pa = spawn_load(a, la), pb = spawn_load(b, lb);
        int ra = wait_for(pa), rb = wait_for(pb);
        if (ra != 0 || rb != 0)
            fprintf(stderr, "a: %s\nb: %s\n", slurp(la), slurp(lb));
        assert_int_equal(ra, 0);
        assert_int_equal(rb, 0);
        assert_null(strstr(slurp(la), "deadlock"));
        assert_null(strstr(slurp(lb), "deadlock"));
    }
    /* each month once, whole: 400 rows in the county, twelve months, all in partitions */
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.crime_month"), 12);
    assert_int_equal(test_scalar(conn, "SELECT coalesce(sum(n), 0) FROM csa.crime_count"), 12 * 400);
    assert_int_equal(test_scalar(conn, "SELECT count(DISTINCT month) FROM csa.crime_count"),
                     12);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.crime_file"), 32);
}

static char *table_text(const char *year)
{
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county", kent(),
                              "crime", "table", "--year", year, NULL),
                     0);
    return out;
}

static void test_another_force_for_a_later_month_leaves_the_county_period_alone(void **state)
{
    (void)state;
    load_two_years(); /* Kent Police, 2011-01 .. 2012-12 */
    char *before = table_text("2012");
    assert_non_null(strstr(before, "twelve months to 2012-12 against the twelve before\n"
                                   "forces: Kent Police (principal)\n"
                                   "months loaded: 24 of 24\n"));
    /* British Transport Police's file of a later month, all of it outside the county: BTP
     * does not cover Kent, and nothing changes */
    char *out = NULL;
    const char *far = test_write("2013-03-btp-street.csv", HEADER
        ",2013-03,British Transport Police,British Transport Police,,,Station,E01016000,"
        "Medway 023A,Public order,,\n");
    assert_int_equal(crime(NULL, NULL, "load", far, NULL), 0);
    char *same = table_text("2012");
    assert_string_equal(same, before);
    /* BTP's next month has crimes at Maidstone station: BTP now covers Kent, beside Kent
     * Police; Kent's period and months are still Kent Police's, and BTP's missing months say
     * so */
    assert_int_equal(crime(&out, NULL, "load",
                           force_month_file(NULL, "btp", "British Transport Police", 2013, 4, 3,
                                            0),
                           NULL),
                     0);
    assert_non_null(strstr(out, ": 3 rows (2013-04, British Transport Police)"));
    free(out);
    char *after = table_text("2012");
    assert_non_null(strstr(after, "twelve months to 2012-12 against the twelve before\n"
                                  "forces: Kent Police (principal), British Transport Police\n"
                                  "months loaded: 24 of 24\n"
                                  "missing force-months: British Transport Police 2011-01 .. "
                                  "2012-12\n"));
    /* the table itself is Kent Police's months: the same figures as before */
    assert_string_equal(strstr(after, "\n\n"), strstr(before, "\n\n"));
    /* and the agreement's Appendix B uses the same rule: its period ends 2012-12 */
    char *json = NULL;
    assert_int_equal(test_csa(&json, NULL, "--db", test_db_conninfo(), "--county", kent(),
                              "crime", "table", "--year", "2012", "--format", "json", NULL),
                     0);
    assert_non_null(strstr(json, "\"period_end\":\"2012-12\",\"forces\":[\"Kent Police\","
                                 "\"British Transport Police\"],\"principal_force\":\"Kent "
                                 "Police\",\"months_loaded\":24,\"months_missing\":[]"));
    assert_true(test_json_parses(json));
    free(json);
    assert_int_equal(test_scalar(conn, "SELECT count(DISTINCT period_end) "
                                       "FROM csa.agreement_crime('E10000016', 2013)"),
                     1);
    PGresult *r = PQexec(conn, "SELECT period_end, forces, months "
                               "FROM csa.agreement_crime('E10000016', 2013) LIMIT 1");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "2012-12");
    assert_string_equal(PQgetvalue(r, 0, 1), "Kent Police");
    assert_string_equal(PQgetvalue(r, 0, 2), "24");
    PQclear(r);
    free(before);
    free(same);
    free(after);
}

static void test_a_missing_force_month_inside_the_window_is_named(void **state)
{
    (void)state;
    load_two_years();
    /* BTP in Kent for 2012-01 .. 2012-12 but for 2012-07 */
    for (int m = 1; m <= 12; m++)
        if (m != 7)
            assert_int_equal(crime(NULL, NULL, "load",
                                   force_month_file(NULL, "btp", "British Transport Police",
                                                    2012, m, 1, 0),
                                   NULL),
                             0);
    char *out = table_text("2012");
    assert_non_null(strstr(out, "months loaded: 24 of 24\nmissing force-months: British "
                                "Transport Police 2011-01 .. 2011-12, 2012-07\n"));
    free(out);
}

static void test_invalid_utf8_in_a_field_rejects_the_file_with_its_line(void **state)
{
    (void)state;
    const char *bad = test_write("2013-05-kent-street.csv", HEADER
        "a,2013-05,Kent Police,Kent Police,,,X,E01024330,Maidstone 012C,Burglary,,\n"
        "b,2013-05,Kent Police,Kent Police,,,On or near Caf\xe9,E01024330,Maidstone 012C,"
        "Burglary,,\n");
    char *out = NULL, *err = NULL;
    assert_int_equal(crime(&out, &err, "load", bad, month_file(2013, 6, 2, 0)), 1);
    assert_non_null(strstr(err, "2013-05-kent-street.csv:3: error: Location is not valid "
                                "UTF-8 (byte 15 of the field, 0xE9); police.uk files are "
                                "UTF-8\n"));
    /* the other file loaded; nothing of the bad one */
    assert_non_null(strstr(out, "loaded "));
    assert_int_equal(rows_of("2013-05"), 0);
    assert_int_equal(rows_of("2013-06"), 2);
    free(out);
    free(err);
    /* an invalid force name never reaches the database either */
    const char *force = test_write("2013-07-kent-street.csv", HEADER
        "a,2013-07,Kent Police,Kent Polic\xc3,,,X,E01024330,Maidstone 012C,Burglary,,\n");
    assert_int_equal(crime(NULL, &err, "load", force, NULL), 1);
    assert_non_null(strstr(err, "2013-07-kent-street.csv:2: error: Falls within is not valid "
                                "UTF-8"));
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.crime_force"), 1);
}

static void test_a_force_name_over_127_bytes_is_refused_as_too_long(void **state)
{
    (void)state;
    char text[4096], force[200];
    memset(force, 'K', 150);
    force[150] = '\0';
    snprintf(text, sizeof text, HEADER "a,2013-05,x,%s,,,X,E01024330,Maidstone 012C,Burglary,,\n",
             force);
    char *err = NULL;
    assert_int_equal(crime(NULL, &err, "load", test_write("2013-05-long-street.csv", text),
                           NULL),
                     1);
    assert_non_null(strstr(err, "2013-05-long-street.csv:2: error: Falls within is 150 bytes "
                                "long; a police force's name is at most 127 bytes: \"KKK"));
    assert_null(strstr(err, "force-months"));
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.crime_force"), 0);
}

static void test_an_empty_or_wrong_folder_is_an_error(void **state)
{
    (void)state;
    const char *empty = folder("empty"), *wrong = folder("wrong");
    test_write("wrong/2013-05-kent-outcomes.csv", "Crime ID,Month\n");
    test_write("wrong/notes.txt", "police.uk\n");
    char *out = NULL, *err = NULL;
    assert_int_equal(crime(&out, &err, "load", empty, NULL), 1);
    char want[1400];
    snprintf(want, sizeof want, "%s: error: the folder holds no police.uk street-level file "
                                "(YYYY-MM-FORCE-street.csv or .csv.gz, in it or below it): "
                                "nothing to load\n", empty);
    assert_string_equal(err, want);
    assert_non_null(strstr(out, "rejected "));
    free(out);
    free(err);
    /* a wrong folder beside a good file: the file loads, the command still says 1 */
    assert_int_equal(crime(&out, &err, "load", wrong, month_file(2013, 5, 1, 0)), 1);
    assert_non_null(strstr(err, "wrong: error: the folder holds no police.uk street-level"));
    assert_non_null(strstr(out, "loaded "));
    free(out);
    free(err);
    assert_int_equal(rows_of("2013-05"), 1);
}

static void test_a_header_only_file_is_refused_and_keeps_the_month(void **state)
{
    (void)state;
    assert_int_equal(crime(NULL, NULL, "load", month_file(2013, 4, 5, 2), NULL), 0);
    const char *republished = test_write("2013-04-kent-street.csv", HEADER);
    char *out = NULL, *err = NULL;
    assert_int_equal(crime(&out, &err, "load", republished, NULL), 1);
    assert_non_null(strstr(err, "2013-04-kent-street.csv: error: the file holds a header and "
                                "no rows: a police.uk month always has rows, so nothing was "
                                "loaded and the force's month as loaded before is kept\n"));
    assert_null(strstr(out, "0 rows"));
    assert_int_equal(strncmp(out, "rejected ", 9), 0);
    free(out);
    free(err);
    assert_int_equal(rows_of("2013-04"), 7);
}

/* ---- issue 13: counts at the source ------------------------------------------------- */

static void test_a_database_upgraded_from_rows_keeps_its_figures(void **state)
{
    (void)state;
    load_two_years();
    char *before = table_csv();
    /* the database as csa left it before 008_crime_counts.sql: a row per record */
    PQclear(PQexec(conn, "INSERT INTO csa.street_crime (month, force, district, crime_type)"
                         " SELECT month, force, district, crime_type"
                         " FROM csa.crime_count, generate_series(1, n);"
                         "DROP TABLE csa.crime_count;"
                         "DELETE FROM csa.schema_migration"
                         " WHERE name = 'sql/schema/008_crime_counts.sql'"));
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.street_crime"), 12 * 2 + 12 * 4);
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "db", "migrate", NULL), 0);
    assert_non_null(strstr(out, "applied sql/schema/008_crime_counts.sql\n"));
    free(out);
    char *after = table_csv();
    assert_string_equal(after, before);
    /* the rows are counts now, and the old table is empty */
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.street_crime"), 0);
    assert_int_equal(test_scalar(conn, "SELECT sum(n) FROM csa.crime_count"), 12 * 2 + 12 * 4);
    free(before);
    free(after);
}

static void test_a_file_is_stored_as_one_count_per_lsoa_and_type(void **state)
{
    (void)state;
    /* 5 burglaries and 2 drugs offences, in two LSOAs: two counts, not seven rows */
    assert_int_equal(crime(NULL, NULL, "load", month_file(2013, 4, 5, 2), NULL), 0);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.crime_count"), 2);
    assert_int_equal(test_scalar(conn, "SELECT n FROM csa.crime_count"
                                       " WHERE lsoa = 'E01024330' AND crime_type = 4"
                                       " AND lsoa_name = 'Maidstone 012C'"),
                     5);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.street_crime"), 0);
}

/* Maidstone's LSOAs in 2012: E01024330 with 3 burglaries a month, E01024331 with 1 and a
 * drugs offence; in 2011, 2 and 0. Folkestone and Hythe's E01024500 has none. */
static void load_two_years_in_two_lsoas(void)
{
    for (int m = 1; m <= 24; m++) {
        int y = m <= 12 ? 2011 : 2012, mo = (m - 1) % 12 + 1;
        char text[4096], name[64];
        size_t n = (size_t)snprintf(text, sizeof text, HEADER);
        for (int i = 0; i < (y == 2011 ? 2 : 3); i++)
            n += (size_t)snprintf(text + n, sizeof text - n,
                                  "a,%04d-%02d,Kent Police,Kent Police,,,X,E01024330,"
                                  "Maidstone 012C,Burglary,,\n", y, mo);
        if (y == 2012)
            n += (size_t)snprintf(text + n, sizeof text - n,
                                  "b,%04d-%02d,Kent Police,Kent Police,,,X,E01024331,"
                                  "Maidstone 013A,Burglary,,\n"
                                  "c,%04d-%02d,Kent Police,Kent Police,,,X,E01024331,"
                                  "Maidstone 013A,Drugs,,\n"
                                  "d,%04d-%02d,Kent Police,Kent Police,,,X,E01024500,"
                                  "Shepway 011A,Drugs,,\n", y, mo, y, mo, y, mo);
        snprintf(name, sizeof name, "%04d-%02d-kent-street.csv", y, mo);
        assert_int_equal(crime(NULL, NULL, "load", test_write(name, text), NULL), 0);
    }
}

static int lsoa_table(char **out, char **err, const char *area, const char *format,
                      const char *more, const char *value)
{
    return test_csa(out, err, "--db", test_db_conninfo(), "--county", kent(), "crime", "table",
                    "--year", "2012", "--by", "lsoa", "--area", area, "--format", format, more,
                    value, NULL);
}

static void test_the_lsoa_table_ranks_a_partnerships_lsoas_by_crime(void **state)
{
    (void)state;
    load_two_years_in_two_lsoas();
    char *out = NULL;
    assert_int_equal(lsoa_table(&out, NULL, "maidstone", "csv", NULL, NULL), 0);
    assert_string_equal(out, "rank,lsoa,lsoa_name,district,current,previous,difference,"
                             "percent_change\n"
                             "1,E01024330,Maidstone 012C,Maidstone,36,24,12,50.0\n"
                             "2,E01024331,Maidstone 013A,Maidstone,24,0,24,\n");
    free(out);
    /* a crime type, its case ignored; --top cuts the list */
    assert_int_equal(lsoa_table(&out, NULL, "county", "csv", "--category", "drugs"), 0);
    assert_string_equal(out, "rank,lsoa,lsoa_name,district,current,previous,difference,"
                             "percent_change\n"
                             "1,E01024331,Maidstone 013A,Maidstone,12,0,12,\n"
                             "2,E01024500,Shepway 011A,Folkestone and Hythe,12,0,12,\n");
    free(out);
    assert_int_equal(lsoa_table(&out, NULL, "county", "text", "--top", "1"), 0);
    assert_string_equal(out, "Kent: police.uk street-level crime, the twelve months to 2012-12 "
                             "against the twelve before\n"
                             "forces: Kent Police (principal)\n"
                             "months loaded: 24 of 24\n"
                             "\nKent, All crime: the 1 LSOA with the most\n"
                             "rank LSOA       LSOA name                  district               "
                             "  current  previous difference  % change\n"
                             "   1 E01024330  Maidstone 012C             Maidstone              "
                             "       36        24        +12    +50.0%\n");
    free(out);
    char *json = NULL;
    assert_int_equal(lsoa_table(&json, NULL, "folkestone-hythe", "json", NULL, NULL), 0);
    assert_true(test_json_parses(json));
    assert_non_null(strstr(json, "\"area\":\"folkestone-hythe\",\"area_name\":\"Folkestone "
                                 "and Hythe Community Safety Partnership\",\"category\":\"All "
                                 "crime\",\"rows\":[{\"rank\":1,\"lsoa\":\"E01024500\","
                                 "\"lsoa_name\":\"Shepway 011A\",\"district\":\"Folkestone "
                                 "and Hythe\",\"current\":12,\"previous\":0,\"difference\":12,"
                                 "\"percent_change\":null}]}\n"));
    free(json);
}

static void test_the_lsoa_table_names_an_unknown_area_or_category(void **state)
{
    (void)state;
    load_two_years_in_two_lsoas();
    char *err = NULL;
    assert_int_equal(lsoa_table(NULL, &err, "atlantis", "text", NULL, NULL), 1);
    assert_string_equal(err, "csa: error: --area \"atlantis\" is not a partnership of Kent in "
                             "force in 2012/13, nor \"county\"\n");
    free(err);
    assert_int_equal(lsoa_table(NULL, &err, "maidstone", "text", "--category", "Piracy"), 1);
    assert_string_equal(err, "csa: error: --category \"Piracy\" is not a row of the crime "
                             "table (a grouping such as \"All crime\" or a police.uk crime "
                             "type)\n");
    free(err);
    /* --area and --top need --by lsoa */
    assert_int_equal(test_csa(NULL, &err, "--db", test_db_conninfo(), "--county", kent(),
                              "crime", "table", "--year", "2012", "--area", "maidstone", NULL),
                     2);
    assert_non_null(strstr(err, "csa: --area, --category and --top go with --by lsoa\n"));
    free(err);
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
        cmocka_unit_test_setup_teardown(
            test_a_row_of_another_month_rejects_its_file_and_leaves_that_month_alone, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_skipping_a_row_of_another_month_names_its_line_and_loads_the_rest, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_two_loads_at_once_of_overlapping_files_both_finish,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_another_force_for_a_later_month_leaves_the_county_period_alone, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_a_missing_force_month_inside_the_window_is_named,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_invalid_utf8_in_a_field_rejects_the_file_with_its_line, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_force_name_over_127_bytes_is_refused_as_too_long, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_empty_or_wrong_folder_is_an_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_header_only_file_is_refused_and_keeps_the_month,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_database_upgraded_from_rows_keeps_its_figures,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_file_is_stored_as_one_count_per_lsoa_and_type,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_lsoa_table_ranks_a_partnerships_lsoas_by_crime,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_lsoa_table_names_an_unknown_area_or_category,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
