/* test_register_text.c: the register's issue-11 data in the database (sql/schema/
 * 005_register_v2.sql, filled by csa.sync_register) and the functions of
 * sql/logic/35_register_text.sql, on the Kent samples: the agreement period of a year, the
 * names in force, acquisitive crime's distinct partnerships (seed 004: "Eight of the eleven"),
 * the indicator totals and the police.uk crime types tied to each priority. */
#include "dbtest.h"

/* The first cell of sql's result as a new string ("" for NULL); fails on an error. */
static char *cell(const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(conn));
    char *s = strdup(PQntuples(res) ? PQgetvalue(res, 0, 0) : "(no row)");
    PQclear(res);
    return s;
}

static void cell_is(const char *sql, const char *want)
{
    char *got = cell(sql);
    if (strcmp(got, want) != 0)
        fail_msg("%s\n  got:  %s\n  want: %s", sql, got, want);
    free(got);
}

static void test_kent_acquisitive_crime_draws_on_eight_of_the_eleven(void **state)
{
    (void)state;
    load_kent_except(NULL);
    cell_is("SELECT format('%s|%s|%s|%s|%s', priority, draws_on, partnerships, submitted,"
            " in_force) FROM csa.draws_on_count('E10000016', 2011)",
            "theft|{theft,burglary,vehicle}|8|11|11");
    /* each partnership once, in register order; Maidstone through "Road traffic collisions
     * and speeding" (Vehicle Related), Dover, Shepway and Tunbridge Wells name none as core */
    cell_is("SELECT array_to_string(members, ',') FROM csa.draws_on_count('E10000016', 2011)",
            "ashford,canterbury,dartford-gravesham,maidstone,sevenoaks,swale,thanet,"
            "tonbridge-malling");
}

static void test_draws_on_counts_over_what_has_arrived(void **state)
{
    (void)state;
    static const char *const skip[] = {"ashford-2011.xml", "swale-2011.xml", NULL};
    load_kent_except(skip);
    cell_is("SELECT format('%s|%s|%s', partnerships, submitted, in_force)"
            " FROM csa.draws_on_count('E10000016', 2011)",
            "6|9|11");
}

static void test_kent_indicator_totals_per_priority(void **state)
{
    (void)state;
    load_kent_except(NULL);
    cell_is("SELECT string_agg(format('%s:%s:%s', priority, indicator, n), ' ' ORDER BY"
            " priority_ord) FROM (SELECT priority, indicator, priority_ord,"
            " max(partnerships) AS n FROM csa.indicator_evidence('E10000016', 2011)"
            " GROUP BY 1, 2, 3) x",
            "asb:ASB incidents:11 domestic-abuse:Domestic abuse incidents:10"
            " road-safety:KSI casualties:6");
    /* Maidstone's ASB incidents for April to September 2010 are part of that period's total */
    cell_is("SELECT bool_and('maidstone' = ANY (members) AND total >= 2707)"
            " FROM csa.indicator_evidence('E10000016', 2011)"
            " WHERE priority = 'asb' AND period_start = '2010-04-01' AND period_end = '2010-09-30'",
            "t");
    /* totals are sums of what was submitted, never of another indicator */
    cell_is("SELECT count(*) FROM csa.indicator_evidence('E10000016', 2011)"
            " WHERE indicator NOT IN ('ASB incidents', 'Domestic abuse incidents',"
            " 'KSI casualties')",
            "0");
}

static void test_kent_crime_type_ties(void **state)
{
    (void)state;
    load_kent_except(NULL); /* any command syncs the register first */
    cell_is("SELECT string_agg(crime_type, ',' ORDER BY tie_ord) FROM"
            " csa.crime_type_ties('E10000016') WHERE priority = 'theft'",
            "Shoplifting,Theft from the person,Bicycle theft,Other theft");
    cell_is("SELECT string_agg(crime_type, ',' ORDER BY tie_ord) FROM"
            " csa.crime_type_ties('E10000016') WHERE priority = 'asb'",
            "Anti-social behaviour");
    cell_is("SELECT count(*) FROM csa.crime_type_ties('E10000016')"
            " WHERE priority = 'domestic-abuse'",
            "0");
}

static void test_kent_periods_and_names_by_year(void **state)
{
    (void)state;
    load_kent_except(NULL); /* any command syncs the register first */
    cell_is("SELECT format('%s|%s|%s|%s|%s', id, period_words, signed_by,"
            " array_length(statutory_partners, 1), array_length(plans, 1))"
            " FROM csa.agreement_period('E10000016', 2012)",
            "2011-14|April 2011 to March 2014|Mike Hill OBE|7|36");
    /* 2021/22: its own period; nothing of 2011's front matter */
    cell_is("SELECT format('%s|%s|%s|%s', id, signed_by IS NULL, signatories IS NULL,"
            " contact_name IS NULL) FROM csa.agreement_period('E10000016', 2021)",
            "2021-22|t|t|t");
    cell_is("SELECT count(*) FROM csa.agreement_period('E10000016', 2009)", "0");
    cell_is("SELECT count(*) FROM csa.period_additions('E10000016', 2021)", "0");
    cell_is("SELECT string_agg(format('%s=%s', item, coalesce(became_title, became, 'TBC')),"
            " '; ' ORDER BY ord) FROM csa.period_workshop('E10000016', 2011)",
            "Reducing re-offending=Reducing Re-Offending; Road Safety=Road Safety;"
            " Burglary (domestic, other, distraction)=not-adopted;"
            " Vulnerable Adults=Vulnerable Households & Individuals; Hate Crime=not-adopted");
    cell_is("SELECT csa.partnership_name_in('E10000016', 'folkestone-hythe', 2011)",
            "Shepway Community Safety Partnership");
    cell_is("SELECT csa.partnership_name_in('E10000016', 'folkestone-hythe', 2018)",
            "Folkestone and Hythe Community Safety Partnership");
    cell_is("SELECT csa.district_name_in('E10000016', 'E07000112', 2017)", "Shepway");
    cell_is("SELECT string_agg(array_to_string(districts, '+'), ',' ORDER BY ord)"
            " FROM csa.names_in_force('E10000016', 2011)"
            " WHERE code IN ('dartford-gravesham', 'folkestone-hythe')",
            "Dartford+Gravesham,Shepway");
}

static void test_a_register_of_todays_format_syncs_one_period(void **state)
{
    (void)state;
    const char *reg = wessex_register("wessex.xml", NULL);
    load_wessex(reg, "north", "Tackling ASB");
    cell_is("SELECT format('%s|%s|%s|%s', id, first_year, last_year, from_agreement)"
            " FROM csa.reg_period WHERE county = 'E10000099'",
            "agreement|2011|2013|t");
    /* its top-level additions are the period's */
    cell_is("SELECT (SELECT count(*) FROM csa.reg_period_addition WHERE county = 'E10000099')"
            " = (SELECT count(*) FROM csa.reg_addition WHERE county = 'E10000099')"
            " AND EXISTS (SELECT 1 FROM csa.reg_addition WHERE county = 'E10000099')",
            "t");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kent_acquisitive_crime_draws_on_eight_of_the_eleven,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_draws_on_counts_over_what_has_arrived, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_kent_indicator_totals_per_priority, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_kent_crime_type_ties, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kent_periods_and_names_by_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_register_of_todays_format_syncs_one_period,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
