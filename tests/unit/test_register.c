/* test_register.c: register_load() on the Kent register and on small registers that each
 * break one rule of doc/county.md; a bad register is an environment error (CSA_EENV)
 * with every problem in the diags, at its line. */
#include "support.h"

#include "csa/cmd.h"
#include "csa/register.h"
#include "csa/xml.h"

#include <string.h>

static int setup(void **state)
{
    (void)state;
    xml_init();
    return 0;
}

/* A small register. Line 6 opens <priorities>; priorities and themes are the given text
 * (each starting on line 7 and on the line after </priorities>, when on one line each). */
static const char *small_register(const char *name, const char *priorities, const char *rest)
{
    static char xml[8192];
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?>\n"
             "<county version=\"1\" code=\"E10000099\" name=\"Wessex\">\n"
             "  <agreement title=\"T\" body=\"B\" committee=\"C\" start=\"2011-04-01\" "
             "end=\"2014-03-31\"/>\n"
             "  <selection min-share=\"0.5\"/>\n"
             "  <partnerships><partnership code=\"north\" name=\"North CSP\"><district "
             "gss=\"E07000901\">North</district></partnership></partnerships>\n"
             "  <priorities>\n"
             "%s"
             "  </priorities>\n"
             "%s"
             "</county>\n",
             priorities, rest);
    return test_write(name, xml);
}

static const char one_priority[] =
    "    <priority id=\"asb\" label=\"ASB\" title=\"Anti-social behaviour\"/>\n";

/* Loads path, which must be refused as an environment error with exactly one problem, at
 * line and with msg; prints what it got otherwise. */
static void refused_with(const char *path, long line, const char *msg)
{
    struct csa_register *r = (struct csa_register *)&r;
    struct diags d = {0};
    struct csa_error err = {0};
    enum csa_rc rc = register_load(path, &r, &d, &err);
    int ok = rc == CSA_EENV && r == NULL && d.n == 1 && d.v[0].level == DIAG_ERROR &&
             d.v[0].line == line && strcmp(d.v[0].msg, msg) == 0 && err.code == CSA_EENV;
    if (!ok) {
        cli_print_diags(path, &d);
        cli_print_error(&err);
        diags_free(&d);
        fail_msg("expected CSA_EENV and only %s:%ld: error: %s; got rc %d (above)", path, line,
                 msg, rc);
    }
    assert_string_equal(err.msg, "the county register is not valid (see above)");
    diags_free(&d);
}

static void test_kent_loads_with_its_thirteen_partnerships(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    assert_string_equal(r->code, "E10000016");
    assert_string_equal(r->name, "Kent");
    assert_int_equal(r->npartnerships, 13);
    assert_true(r->npriorities >= 12);
    assert_true(r->min_share == 0.5);
    assert_int_equal(r->min_partnerships, 0);
    assert_false(r->count_subsidiary);
    assert_non_null(register_partnership(r, "maidstone"));
    assert_null(register_partnership(r, "medway"));
    register_free(r);
}

static void test_kent_has_11_partnerships_in_force_for_2011_and_12_for_2021(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    assert_int_equal(register_count_in_force(r, 2011), 11);
    assert_int_equal(register_count_in_force(r, 2020), 11); /* the split came in October */
    assert_int_equal(register_count_in_force(r, 2021), 12);
    register_free(r);
}

static void test_a_partnership_is_in_force_on_1_april_of_its_dates(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    const struct reg_partnership *joint = register_partnership(r, "dartford-gravesham");
    const struct reg_partnership *alone = register_partnership(r, "gravesham");
    assert_non_null(joint);
    assert_non_null(alone);
    assert_true(register_in_force(joint, 2011));
    assert_true(register_in_force(joint, 2020));
    assert_false(register_in_force(joint, 2021));
    assert_false(register_in_force(alone, 2020));
    assert_true(register_in_force(alone, 2021));
    register_free(r);
}

static void test_folkestone_and_hythe_was_shepway(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    const struct reg_partnership *p = register_partnership(r, "folkestone-hythe");
    assert_non_null(p);
    assert_int_equal(p->ndistricts, 1);
    assert_string_equal(p->districts[0].name, "Folkestone and Hythe");
    assert_string_equal(p->districts[0].gss, "E07000112");
    assert_string_equal(p->districts[0].former_names, "Shepway");
    assert_null(register_partnership(r, "maidstone")->districts[0].former_names);
    register_free(r);
}

static void test_small_register_loads(void **state)
{
    (void)state;
    const char *p = small_register("ok.xml", one_priority, "");
    struct csa_register *r = NULL;
    struct diags d = {0};
    struct csa_error err = {0};
    assert_int_equal(register_load(p, &r, &d, &err), CSA_OK);
    assert_int_equal(d.n, 0);
    assert_int_equal(r->npriorities, 1);
    assert_int_equal(r->priorities[0].line, 7);
    assert_int_equal(register_count_in_force(r, 2011), 1);
    register_free(r);
    diags_free(&d);
}

static void test_same_alias_twice_under_one_priority_is_refused_at_its_line(void **state)
{
    (void)state;
    /* twice once normalised: "ASB problems" and "asb  problems." */
    const char *p = small_register(
        "alias-twice.xml",
        "    <priority id=\"drugs\" label=\"Drugs\" title=\"Drug misuse\"/>\n"
        "    <priority id=\"asb\" label=\"ASB\" title=\"Anti-social behaviour\">\n"
        "      <alias>ASB problems</alias>\n"
        "      <alias>asb  problems.</alias>\n"
        "    </priority>\n",
        "");
    refused_with(p, 8,
                 "priority \"asb\" lists the alias \"asb  problems.\" twice (as \"ASB problems\" "
                 "and \"asb  problems.\"); remove one");
}

static void test_same_alias_under_two_priorities_counts_for_both(void **state)
{
    (void)state;
    const char *p = small_register(
        "alias-shared.xml",
        "    <priority id=\"violence\" label=\"Violence\" title=\"Violent crime\">"
        "<alias>Violence and domestic abuse</alias></priority>\n"
        "    <priority id=\"da\" label=\"DA\" title=\"Domestic abuse\">"
        "<alias>Violence and domestic abuse</alias></priority>\n",
        "");
    struct csa_register *r = NULL;
    struct diags d = {0};
    struct csa_error err = {0};
    assert_int_equal(register_load(p, &r, &d, &err), CSA_OK);
    assert_int_equal(r->npriorities, 2);
    assert_string_equal(r->priorities[1].aliases.v[0], "Violence and domestic abuse");
    register_free(r);
    diags_free(&d);
}

static void test_folds_into_an_unknown_theme_is_refused(void **state)
{
    (void)state;
    const char *p = small_register(
        "folds.xml",
        "    <priority id=\"burglary\" label=\"Burglary\" title=\"Burglary\" "
        "folds-into=\"safer-homes\"/>\n",
        "  <themes><theme id=\"early-help\" title=\"Early help\"/></themes>\n");
    refused_with(p, 7,
                 "priority \"burglary\" folds into theme \"safer-homes\", which is not in "
                 "<themes>");
}

static void test_add_naming_an_unknown_priority_is_refused(void **state)
{
    (void)state;
    const char *p = small_register(
        "add-unknown.xml", one_priority,
        "  <county-additions>\n"
        "    <add priority=\"road-safety\">Asked for by the county.</add>\n"
        "  </county-additions>\n");
    refused_with(p, 10, "<add> names priority \"road-safety\", which is not in <priorities>");
}

static void test_add_naming_both_a_priority_and_a_theme_is_refused(void **state)
{
    (void)state;
    const char *p = small_register(
        "add-both.xml", one_priority,
        "  <themes><theme id=\"early-help\" title=\"Early help\"/></themes>\n"
        "  <county-additions>\n"
        "    <add priority=\"asb\" theme=\"early-help\">Both.</add>\n"
        "  </county-additions>\n");
    refused_with(p, 11, "<add> must name exactly one of priority=\"...\" or theme=\"...\"");
}

static void test_add_naming_neither_is_refused(void **state)
{
    (void)state;
    const char *p = small_register("add-neither.xml", one_priority,
                                   "  <county-additions><add>Neither.</add></county-additions>\n");
    refused_with(p, 9, "<add> must name exactly one of priority=\"...\" or theme=\"...\"");
}

static void test_priority_id_used_twice_is_refused(void **state)
{
    (void)state;
    const char *p = small_register(
        "id-twice.xml",
        "    <priority id=\"asb\" label=\"ASB\" title=\"Anti-social behaviour\"/>\n"
        "    <priority id=\"asb\" label=\"Nuisance\" title=\"Nuisance\"/>\n",
        "");
    refused_with(p, 8, "priority id \"asb\" is used twice");
}

static void test_register_that_is_not_xml_is_an_environment_error(void **state)
{
    (void)state;
    const char *p = test_write("not-xml.xml", "code,name\nE10000016,Kent\n");
    refused_with(p, 1, "the file is empty or is not XML");
}

static void test_register_failing_the_xsd_is_an_environment_error(void **state)
{
    (void)state;
    /* "parnterships" for "partnerships" */
    const char *p = test_write(
        "xsd.xml",
        "<?xml version=\"1.0\"?>\n"
        "<county version=\"1\" code=\"E10000099\" name=\"Wessex\">\n"
        "  <agreement title=\"T\" body=\"B\" committee=\"C\" start=\"2011-04-01\" "
        "end=\"2014-03-31\"/>\n"
        "  <selection min-share=\"0.5\"/>\n"
        "  <parnterships/>\n"
        "  <priorities><priority id=\"asb\" label=\"ASB\" title=\"ASB\"/></priorities>\n"
        "</county>\n");
    struct csa_register *r = NULL;
    struct diags d = {0};
    struct csa_error err = {0};
    assert_int_equal(register_load(p, &r, &d, &err), CSA_EENV);
    assert_null(r);
    assert_true(d.errors >= 1);
    assert_int_equal(d.v[0].line, 5);
    assert_non_null(strstr(d.v[0].msg, "<parnterships> is not expected here inside <county>"));
    diags_free(&d);
}

static void test_register_with_a_bad_share_names_what_was_expected(void **state)
{
    (void)state;
    const char *p = test_write(
        "share.xml",
        "<?xml version=\"1.0\"?>\n"
        "<county version=\"1\" code=\"E10000099\" name=\"Wessex\">\n"
        "  <agreement title=\"T\" body=\"B\" committee=\"C\" start=\"2011-04-01\" "
        "end=\"2014-03-31\"/>\n"
        "  <selection min-share=\"half\"/>\n"
        "  <partnerships><partnership code=\"north\" name=\"North CSP\"><district "
        "gss=\"E07000901\">North</district></partnership></partnerships>\n"
        "  <priorities><priority id=\"asb\" label=\"ASB\" title=\"ASB\"/></priorities>\n"
        "</county>\n");
    refused_with(p, 4, "selection min-share \"half\" is not a fraction between 0 and 1, such as 0.5");
}

static void test_missing_register_is_an_environment_error(void **state)
{
    (void)state;
    struct csa_register *r = NULL;
    struct diags d = {0};
    struct csa_error err = {0};
    assert_int_equal(register_load("/nonexistent/county.xml", &r, &d, &err), CSA_EENV);
    assert_null(r);
    assert_int_equal(err.code, CSA_EENV);
    assert_non_null(strstr(err.msg, "No such file or directory"));
    diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kent_loads_with_its_thirteen_partnerships),
        cmocka_unit_test(test_kent_has_11_partnerships_in_force_for_2011_and_12_for_2021),
        cmocka_unit_test(test_a_partnership_is_in_force_on_1_april_of_its_dates),
        cmocka_unit_test(test_folkestone_and_hythe_was_shepway),
        cmocka_unit_test(test_small_register_loads),
        cmocka_unit_test(test_same_alias_twice_under_one_priority_is_refused_at_its_line),
        cmocka_unit_test(test_same_alias_under_two_priorities_counts_for_both),
        cmocka_unit_test(test_folds_into_an_unknown_theme_is_refused),
        cmocka_unit_test(test_add_naming_an_unknown_priority_is_refused),
        cmocka_unit_test(test_add_naming_both_a_priority_and_a_theme_is_refused),
        cmocka_unit_test(test_add_naming_neither_is_refused),
        cmocka_unit_test(test_priority_id_used_twice_is_refused),
        cmocka_unit_test(test_register_that_is_not_xml_is_an_environment_error),
        cmocka_unit_test(test_register_failing_the_xsd_is_an_environment_error),
        cmocka_unit_test(test_register_with_a_bad_share_names_what_was_expected),
        cmocka_unit_test(test_missing_register_is_an_environment_error),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
