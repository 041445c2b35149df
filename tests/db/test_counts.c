/* test_counts.c: the county count (sql/logic/30_counts.sql) through `csa counts`, against the real
 * database: who counts, how often, what is selected and in which order. Uses the Kent sample
 * and an invented county, Wessex, whose small numbers make the edges easy to reach. */
#include "dbtest.h"


static char *counts(const char *reg, const char *format)
{
    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "--db", test_db_conninfo(), "--county", reg, "counts",
                      "--year", "2011", "--format", format, NULL);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    free(err);
    assert_int_equal(rc, 0);
    return out;
}

static const char *kent(void)
{
    return test_path("etl/counties/kent.xml");
}

static void test_kent_2011_reproduces_appendix_a(void **state)
{
    (void)state;
    load_kent_except(NULL);
    char *out = counts(kent(), "csv");
    assert_string_equal(out, "priority,label,partnerships,selected,basis\n"
                             "asb,ASB/Environmental,11,yes,count\n"
                             "domestic-abuse,Domestic Abuse,11,yes,count\n"
                             "substance-misuse,Substance Misuse,8,yes,count\n"
                             "theft,Theft,6,yes,count\n"
                             "violence,Violence (other than DA),6,yes,count\n"
                             "road-safety,Road Safety,0,yes,addition\n"
                             "burglary,Burglary,4,no,\n"
                             "criminal-damage,Criminal Damage,4,no,\n"
                             "young-people,Young People,4,no,\n"
                             "offenders,Offenders/Re-offending,4,no,\n"
                             "vehicle,Vehicle Related,3,no,\n"
                             "public-perceptions,Public Perceptions,2,no,\n"
                             "vulnerable-adults,Vulnerable Adults,1,no,\n");
    free(out);
}

static void test_a_joint_partnership_counts_once(void **state)
{
    (void)state;
    const char *reg = wessex_register("wessex.xml", NULL);
    load_wessex(reg, "north", "Tackling ASB");
    char *out = counts(reg, "csv");
    /* north covers two districts but is one partnership */
    assert_non_null(strstr(out, "asb,ASB,1,no,\n"));
    free(out);
}

static void test_two_wordings_of_one_priority_in_one_file_count_once(void **state)
{
    (void)state;
    const char *reg = wessex_register("wessex.xml", NULL);
    load_wessex(reg, "south", "Tackling ASB;Nuisance neighbours;Drug dealing");
    char *out = counts(reg, "csv");
    assert_non_null(strstr(out, "asb,ASB,1,no,\n"));
    assert_non_null(strstr(out, "drugs,Drugs,1,no,\n"));
    free(out);
}

static void test_a_count_of_exactly_half_is_not_selected_but_one_more_is(void **state)
{
    (void)state;
    const char *reg = wessex_register("wessex.xml", NULL);
    load_wessex(reg, "north", "Tackling ASB;Drug dealing");
    load_wessex(reg, "south", "anti-social behaviour;Drug misuse");
    load_wessex(reg, "west", "Drugs");
    char *out = counts(reg, "csv");
    /* N = 4, min-share 0.5: 2 is exactly half and is not selected, 3 is */
    assert_string_equal(out, "priority,label,partnerships,selected,basis\n"
                             "drugs,Drugs,3,yes,count\n"
                             "roads,Roads,0,yes,addition\n"
                             "asb,ASB,2,no,\n");
    free(out);
}

static void test_ties_order_by_total_score_then_register_order(void **state)
{
    (void)state;
    const char *reg = wessex_register("wessex.xml", NULL);
    load_wessex(reg, "north", "Drug dealing;Tackling ASB");
    char *out = counts(reg, "csv");
    /* equal counts, no scores: register order puts asb first */
    assert_non_null(strstr(out, "asb,ASB,1,no,\ndrugs,Drugs,1,no,\n"));
    free(out);
    /* a score for drugs puts it ahead */
    const char *scored = test_write("wessex-south.xml",
        "<?xml version=\"1.0\"?>\n<strategic-assessment version=\"1\">\n"
        "  <partnership code=\"south\" county=\"E10000099\">South</partnership>\n"
        "  <plan-year>2011/12</plan-year>\n  <priorities>\n"
        "    <priority kind=\"core\" score=\"10\">Drug dealing</priority>\n"
        "    <priority kind=\"core\" score=\"2\">Tackling ASB</priority>\n"
        "  </priorities>\n</strategic-assessment>\n");
    assert_int_equal(test_csa(NULL, NULL, "--db", test_db_conninfo(), "--county", reg, "load",
                              scored, NULL),
                     0);
    out = counts(reg, "csv");
    assert_non_null(strstr(out, "drugs,Drugs,2,no,\nasb,ASB,2,no,\n"));
    free(out);
}

static void test_a_superseding_submission_changes_the_counts(void **state)
{
    (void)state;
    load_kent_except(NULL);
    /* maidstone's new version drops substance misuse for a priority already counted */
    const char *v2 = maidstone_variant("maidstone-v2.xml", "Substance Misuse</priority>",
                                       "Antisocial Behaviour</priority>");
    assert_int_equal(test_csa(NULL, NULL, "--db", test_db_conninfo(), "--county", kent(), "load",
                              v2, NULL),
                     0);
    char *out = counts(kent(), "csv");
    assert_non_null(strstr(out, "substance-misuse,Substance Misuse,7,yes,count\n"));
    assert_non_null(strstr(out, "asb,ASB/Environmental,11,yes,count\n"));
    free(out);
}

static void test_an_unmapped_wording_is_counted_nowhere_and_listed(void **state)
{
    (void)state;
    const char *reg = wessex_register("wessex.xml", NULL);
    load_wessex(reg, "north", "Tackling ASB;Tackling anti social behavour");
    char *out = counts(reg, "json");
    assert_non_null(strstr(out, "\"priority\":\"asb\",\"label\":\"ASB\",\"partnerships\":1,"));
    assert_non_null(strstr(out, "\"unmapped\":[{\"partnership\":\"north\","
                                "\"file\":\"wessex-north.xml\",\"line\":7,\"kind\":\"core\","
                                "\"wording\":\"Tackling anti social behavour\","
                                "\"suggestions\":[\"asb\""));
    assert_non_null(strstr(out, "\"partnerships\":4,\"submitted\":1,"));
    free(out);
}

static void test_a_partnership_out_of_force_for_the_year_is_not_counted(void **state)
{
    (void)state;
    const char *open = wessex_register("wessex.xml", NULL);
    load_wessex(open, "central", "Drug dealing");
    load_wessex(open, "west", "Drug dealing");
    char *out = counts(open, "csv");
    assert_non_null(strstr(out, "drugs,Drugs,2,no,\n"));
    free(out);
    /* the register now says central ended before 1 April 2011 */
    const char *ended = wessex_register("wessex-ended.xml", "2011-03-31");
    out = counts(ended, "json");
    assert_non_null(strstr(out, "\"partnerships\":3,\"submitted\":1,"));
    assert_non_null(strstr(out, "\"priority\":\"drugs\",\"label\":\"Drugs\",\"partnerships\":1,"));
    free(out);
}

static void test_csv_quotes_a_label_with_a_comma(void **state)
{
    (void)state;
    FILE *f = fopen(wessex_register("wessex.xml", NULL), "r");
    static char xml[8192];
    size_t n = fread(xml, 1, sizeof xml - 1, f);
    fclose(f);
    xml[n] = '\0';
    char *at = strstr(xml, "label=\"ASB\"");
    char patched[8400];
    snprintf(patched, sizeof patched, "%.*slabel=\"ASB, &quot;nuisance&quot;\"%s",
             (int)(at - xml), xml, at + strlen("label=\"ASB\""));
    const char *reg = test_write("wessex-quoted.xml", patched);
    load_wessex(reg, "north", "Tackling ASB");
    char *out = counts(reg, "csv");
    assert_non_null(strstr(out, "asb,\"ASB, \"\"nuisance\"\"\",1,no,\n"));
    free(out);
}

static void test_min_partnerships_selects_at_that_count_and_says_so(void **state)
{
    (void)state;
    const char *reg =
        wessex_register_selecting("wessex-min2.xml", "<selection min-partnerships=\"2\"/>");
    load_wessex(reg, "north", "Tackling ASB");
    load_wessex(reg, "south", "anti-social behaviour");
    load_wessex(reg, "west", "Drugs");
    char *out = counts(reg, "text");
    /* 2 of 4 is not more than half, but it is at least min-partnerships */
    assert_non_null(strstr(out, "a priority is selected when named by at least 2 of the 4 "
                                "partnerships (min-partnerships 2), or added by the county\n"));
    assert_non_null(strstr(out, "\nasb "));
    assert_non_null(strstr(out, "    2  yes (count)\n"));
    /* central has not submitted: drugs (1) would reach 2 if it named it */
    assert_non_null(strstr(out, "    1  no (could still cross)\n"));
    assert_non_null(strstr(out, "provisional: counted over the 3 that have submitted, 1 still to "
                                "come\n"));
    free(out);
    out = counts(reg, "json");
    assert_non_null(strstr(out, "\"selection\":{\"basis\":\"min-partnerships\",\"min_share\":0.5,"
                                "\"min_partnerships\":2,\"threshold\":2,\"at_least\":true}"));
    free(out);
}

static void test_a_fractional_threshold_is_shown_as_sql_computes_it(void **state)
{
    (void)state;
    /* 0.333333 x 4 = 1.333332 exactly: no rounding on the way to the page */
    const char *reg =
        wessex_register_selecting("wessex-third.xml", "<selection min-share=\"0.333333\"/>");
    load_wessex(reg, "north", "Tackling ASB");
    load_wessex(reg, "south", "anti-social behaviour");
    load_wessex(reg, "west", "Drugs");
    char *out = counts(reg, "text");
    assert_non_null(strstr(out, "a priority is selected when named by more than 1.333332 of the 4 "
                                "partnerships (min-share 0.333333), or added by the county\n"));
    free(out);
    out = counts(reg, "csv");
    assert_string_equal(out, "priority,label,partnerships,selected,basis\n"
                             "asb,ASB,2,yes,count\n"
                             "roads,Roads,0,yes,addition\n"
                             "drugs,Drugs,1,no,\n");
    free(out);
    out = counts(reg, "json");
    assert_non_null(strstr(out, "\"threshold\":1.333332,\"at_least\":false}"));
    free(out);
}

static void test_six_of_eleven_counts_over_six_and_names_what_could_still_cross(void **state)
{
    (void)state;
    load_kent_except(kent_five_missing); /* six of eleven */
    /* the CSV keeps the contract's columns: no provisional mark there */
    char *out = counts(kent(), "csv");
    assert_string_equal(out, "priority,label,partnerships,selected,basis\n"
                             "asb,ASB/Environmental,6,yes,count\n"
                             "domestic-abuse,Domestic Abuse,6,yes,count\n"
                             "road-safety,Road Safety,0,yes,addition\n"
                             "substance-misuse,Substance Misuse,5,no,\n"
                             "violence,Violence (other than DA),4,no,\n"
                             "theft,Theft,3,no,\n"
                             "criminal-damage,Criminal Damage,3,no,\n"
                             "offenders,Offenders/Re-offending,3,no,\n"
                             "burglary,Burglary,2,no,\n"
                             "vehicle,Vehicle Related,2,no,\n"
                             "young-people,Young People,2,no,\n");
    free(out);
    out = counts(kent(), "text");
    assert_non_null(strstr(out, "Kent, plan year 2011/12: 6 of 11 partnerships have a current "
                                "submission\nprovisional: counted over the 6 that have submitted, "
                                "5 still to come\n"));
    assert_non_null(strstr(out, "\nsubstance-misuse "));
    assert_non_null(strstr(out, "    5  no (could still cross)\n"));
    assert_non_null(strstr(out, "    6  yes (count)\n"));
    free(out);
    out = counts(kent(), "json");
    assert_non_null(strstr(out, "\"partnerships\":11,\"submitted\":6,\"provisional\":true,"));
    assert_non_null(strstr(out, "\"priority\":\"substance-misuse\",\"label\":\"Substance "
                                "Misuse\",\"partnerships\":5,\"selected\":false,"
                                "\"could_cross\":true,"));
    /* 0 + 5 still to come is not more than 5.5: public perceptions cannot cross */
    assert_non_null(strstr(out, "\"could_cross\":[\"substance-misuse\",\"violence\",\"theft\","
                                "\"criminal-damage\",\"offenders\",\"burglary\",\"vehicle\","
                                "\"young-people\"]"));
    free(out);
    /* all eleven: nothing provisional, nothing left to cross */
    load_kent_except(NULL);
    out = counts(kent(), "json");
    assert_non_null(strstr(out, "\"submitted\":11,\"provisional\":false,"));
    assert_non_null(strstr(out, "\"could_cross\":[]"));
    free(out);
}

static void test_with_nothing_submitted_every_reachable_priority_could_cross(void **state)
{
    (void)state;
    const char *reg = wessex_register("wessex.xml", NULL);
    char *out = counts(reg, "json");
    /* four to come, more than 2 of 4 needed: any register priority could still be selected */
    assert_non_null(strstr(out, "\"partnerships\":4,\"submitted\":0,\"provisional\":true,"));
    assert_non_null(strstr(out, "\"could_cross\":[\"roads\",\"asb\",\"drugs\",\"burglary\"]"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kent_2011_reproduces_appendix_a, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_joint_partnership_counts_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_wordings_of_one_priority_in_one_file_count_once,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_count_of_exactly_half_is_not_selected_but_one_more_is, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ties_order_by_total_score_then_register_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_superseding_submission_changes_the_counts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_an_unmapped_wording_is_counted_nowhere_and_listed,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_partnership_out_of_force_for_the_year_is_not_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_quotes_a_label_with_a_comma, setup, teardown),
        cmocka_unit_test_setup_teardown(test_min_partnerships_selects_at_that_count_and_says_so,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_fractional_threshold_is_shown_as_sql_computes_it,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_six_of_eleven_counts_over_six_and_names_what_could_still_cross, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_with_nothing_submitted_every_reachable_priority_could_cross, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
