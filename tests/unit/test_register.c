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

/* ---- issue 11: agreement periods, names by date, draws-on, evidence ties -------------- */

/* Loads path, which must load cleanly; the caller frees the register. */
static struct csa_register *loads(const char *path)
{
    struct csa_register *r = NULL;
    struct diags d = {0};
    struct csa_error err = {0};
    enum csa_rc rc = register_load(path, &r, &d, &err);
    if (rc != CSA_OK) {
        cli_print_diags(path, &d);
        cli_print_error(&err);
    }
    diags_free(&d);
    assert_int_equal(rc, CSA_OK);
    return r;
}

/* A register of Wessex with two partnerships (south was Sandport until 2015), two
 * priorities drawing on a third, evidence ties, and the given agreement text (line 3 on). */
static const char *wessex_periods(const char *name, const char *agreement)
{
    static char xml[16384];
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?>\n"
             "<county version=\"1\" code=\"E10000099\" name=\"Wessex\">\n"
             "%s"
             "  <selection min-share=\"0.5\"/>\n"
             "  <partnerships>\n"
             "    <partnership code=\"north\" name=\"North CSP\"><district "
             "gss=\"E07000901\">North</district></partnership>\n"
             "    <partnership code=\"south\" name=\"South Coast CSP\">\n"
             "      <former-name until=\"2015-03-31\">Sandport CSP</former-name>\n"
             "      <former-name until=\"2009-03-31\">Sandport Crime Reduction Partnership"
             "</former-name>\n"
             "      <former-name gss=\"E07000902\" until=\"2015-03-31\">Sandport</former-name>\n"
             "      <district gss=\"E07000902\">South Coast</district>\n"
             "    </partnership>\n"
             "  </partnerships>\n"
             "  <priorities>\n"
             "    <priority id=\"theft\" label=\"Theft\" title=\"Acquisitive crime\">\n"
             "      <draws-on priority=\"theft\"/><draws-on priority=\"burglary\"/>\n"
             "      <crime-type name=\"Shoplifting\"/><crime-type name=\"Other theft\"/>\n"
             "    </priority>\n"
             "    <priority id=\"burglary\" label=\"Burglary\" title=\"Burglary\">\n"
             "      <crime-type name=\"Burglary\"/>\n"
             "    </priority>\n"
             "    <priority id=\"asb\" label=\"ASB\" title=\"ASB\">\n"
             "      <indicator name=\"ASB incidents\"><alias>Anti-social behaviour "
             "incidents</alias></indicator>\n"
             "    </priority>\n"
             "  </priorities>\n"
             "  <themes><theme id=\"young\" title=\"Young people\"/></themes>\n"
             "</county>\n",
             agreement);
    return test_write(name, xml);
}

static const char two_periods[] =
    "  <agreements>\n"
    "    <period id=\"first\" start=\"2011-04-01\" end=\"2014-03-31\" title=\"First\" "
    "period=\"April 2011 to March 2014\">\n"
    "      <foreword><para>One.</para><para>Two.</para>\n"
    "        <signed name=\"A Chair\"><title>Chair</title><title>Member</title></signed>"
    "</foreword>\n"
    "      <governance><para>Gov.</para><statutory-partners><partner>Police</partner>"
    "<partner>Council</partner></statutory-partners></governance>\n"
    "      <signatories><signatory>Police</signatory></signatories>\n"
    "      <contact name=\"Unit\" email=\"u@example.org\" phone=\"01234 567890\">"
    "<address-line>1 Street</address-line><address-line>Town</address-line></contact>\n"
    "      <alternative-formats phone=\"01234 000000\">Other formats.</alternative-formats>\n"
    "      <county-additions><add priority=\"burglary\">Asked for.</add></county-additions>\n"
    "      <workshop when=\"January 2011\">\n"
    "        <item became=\"priority\" priority=\"burglary\">Burglary</item>\n"
    "        <item became=\"theme\" theme=\"young\">Youth</item>\n"
    "        <item became=\"not-adopted\">Hate Crime</item>\n"
    "        <item>Noise</item>\n"
    "      </workshop>\n"
    "    </period>\n"
    "    <period id=\"second\" start=\"2014-04-01\" end=\"2017-03-31\" title=\"Second\">\n"
    "      <county-additions><add theme=\"young\">Later.</add></county-additions>\n"
    "    </period>\n"
    "  </agreements>\n";

static void test_a_register_of_todays_format_is_one_period_meaning_the_same(void **state)
{
    (void)state;
    struct csa_register *r = loads(small_register("today.xml", one_priority, ""));
    assert_int_equal(r->nperiods, 1);
    const struct reg_period *p = register_period(r, 2011);
    assert_non_null(p);
    assert_true(p->from_agreement);
    assert_string_equal(p->start, "2011-04-01");
    assert_string_equal(p->end, "2014-03-31");
    assert_int_equal(p->first_year, 2011);
    assert_int_equal(p->last_year, 2013);
    assert_string_equal(p->title, "T");
    assert_string_equal(p->body, "B");
    assert_string_equal(p->committee, "C");
    assert_ptr_equal(register_period(r, 2013), p);
    assert_null(register_period(r, 2010));
    assert_null(register_period(r, 2014));
    /* the top-level fields are what they always were */
    assert_string_equal(r->title, "T");
    assert_string_equal(r->start, "2011-04-01");
    register_free(r);
}

static void test_kent_reads_as_before_from_its_first_period(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    /* what the renderer of the single agreement reads, unchanged */
    assert_string_equal(r->title, "Kent Community Safety Agreement");
    assert_string_equal(r->start, "2011-04-01");
    assert_string_equal(r->end, "2014-03-31");
    assert_string_equal(r->chair, "Mike Hill OBE");
    assert_string_equal(r->chair_role, "Chair Kent Community Safety Partnership");
    assert_string_equal(r->contact, "KCC Community Safety Unit");
    assert_int_equal(r->signatories.n, 7);
    assert_int_equal(r->plans.n, 36);
    assert_int_equal(r->nadditions, 3);
    const struct reg_period *p = register_period(r, 2011);
    assert_non_null(p);
    assert_string_equal(p->id, "2011-14");
    assert_string_equal(p->period_words, "April 2011 to March 2014");
    assert_int_equal(p->signer_titles.n, 2);
    assert_string_equal(p->signer_titles.v[1], "Cabinet Member Customer and Communities");
    assert_int_equal(p->statutory_partners.n, 7);
    assert_string_equal(p->statutory_partners.v[4], "Primary Care Trusts");
    assert_string_equal(p->contact_email, "communitysafetyunit@kent.gov.uk");
    assert_int_equal(p->contact_address.n, 5);
    assert_string_equal(p->contact_address.v[4], "ME14 1XX");
    assert_string_equal(p->alt_formats_phone, "01622 696187");
    assert_int_equal(p->nworkshop, 5);
    assert_string_equal(p->workshop[0].text, "Reducing re-offending");
    assert_string_equal(p->workshop[1].became, "priority");
    assert_string_equal(p->workshop[1].ref, "road-safety");
    assert_string_equal(p->workshop[4].text, "Hate Crime");
    assert_string_equal(p->workshop[4].became, "not-adopted");
    /* 2021/22: its own period, with nothing of 2011 in it */
    const struct reg_period *q = register_period(r, 2021);
    assert_non_null(q);
    assert_string_equal(q->id, "2021-22");
    assert_null(q->signed_by);
    assert_null(q->contact_name);
    assert_int_equal(q->signatories.n, 0);
    assert_int_equal(q->plans.n, 0);
    assert_int_equal(q->nadditions, 0);
    assert_null(register_period(r, 2010));
    register_free(r);
}

static void test_two_periods_each_give_their_own_front_matter(void **state)
{
    (void)state;
    struct csa_register *r = loads(wessex_periods("two.xml", two_periods));
    assert_int_equal(r->nperiods, 2);
    const struct reg_period *a = register_period(r, 2013), *b = register_period(r, 2014);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a->id, "first");
    assert_string_equal(b->id, "second");
    assert_false(a->from_agreement);
    assert_int_equal(a->foreword.n, 2);
    assert_string_equal(a->signed_by, "A Chair");
    assert_int_equal(a->signer_titles.n, 2);
    assert_string_equal(a->governance.v[0], "Gov.");
    assert_int_equal(a->statutory_partners.n, 2);
    assert_int_equal(a->signatories.n, 1);
    assert_string_equal(a->contact_phone, "01234 567890");
    assert_string_equal(a->contact_address.v[1], "Town");
    assert_string_equal(a->alt_formats, "Other formats.");
    assert_int_equal(a->nadditions, 1);
    assert_string_equal(a->additions[0].priority, "burglary");
    assert_string_equal(a->workshop_when, "January 2011");
    assert_int_equal(a->nworkshop, 4);
    assert_string_equal(a->workshop[1].ref, "young");
    assert_null(a->workshop[3].became); /* not known: TBC */
    assert_string_equal(b->title, "Second");
    assert_null(b->signed_by);
    assert_int_equal(b->foreword.n, 0);
    assert_int_equal(b->nadditions, 1);
    assert_string_equal(b->additions[0].theme, "young");
    assert_int_equal(b->first_year, 2014);
    assert_int_equal(b->last_year, 2016);
    /* older readers see the first period */
    assert_string_equal(r->title, "First");
    assert_int_equal(r->nadditions, 1);
    register_free(r);
}

static void test_a_year_no_period_covers_has_none(void **state)
{
    (void)state;
    struct csa_register *r = loads(wessex_periods("gap.xml", two_periods));
    assert_null(register_period(r, 2010));
    assert_null(register_period(r, 2017));
    assert_null(register_period(r, 2030));
    register_free(r);
}

static void test_names_in_force_follow_their_dates(void **state)
{
    (void)state;
    struct csa_register *r = loads(wessex_periods("names.xml", two_periods));
    const struct reg_partnership *s = register_partnership(r, "south");
    assert_string_equal(register_partnership_name(s, 2008), "Sandport Crime Reduction Partnership");
    assert_string_equal(register_partnership_name(s, 2009), "Sandport CSP");
    assert_string_equal(register_partnership_name(s, 2014), "Sandport CSP");
    assert_string_equal(register_partnership_name(s, 2015), "South Coast CSP");
    assert_string_equal(register_district_name(r, "E07000902", 2014), "Sandport");
    assert_string_equal(register_district_name(r, "E07000902", 2015), "South Coast");
    assert_string_equal(register_district_name(r, "E07000901", 2011), "North");
    assert_null(register_district_name(r, "E07000999", 2011));
    /* the dated former name still finds the district in old papers (place.c) */
    assert_string_equal(s->districts[0].former_names, "Sandport");
    register_free(r);
}

static void test_kent_names_shepway_until_april_2018(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    const struct reg_partnership *p = register_partnership(r, "folkestone-hythe");
    assert_string_equal(register_partnership_name(p, 2011), "Shepway Community Safety Partnership");
    assert_string_equal(register_partnership_name(p, 2017), "Shepway Community Safety Partnership");
    assert_string_equal(register_partnership_name(p, 2018),
                        "Folkestone and Hythe Community Safety Partnership");
    assert_string_equal(register_district_name(r, "E07000112", 2011), "Shepway");
    assert_string_equal(register_district_name(r, "E07000112", 2018), "Folkestone and Hythe");
    assert_string_equal(register_partnership_name(register_partnership(r, "maidstone"), 2011),
                        "Safer Maidstone Partnership");
    register_free(r);
}

static void test_draws_on_and_evidence_ties_are_read(void **state)
{
    (void)state;
    struct csa_register *r = loads(wessex_periods("ties.xml", two_periods));
    const struct reg_priority *t = register_priority(r, "theft");
    assert_int_equal(t->draws_on.n, 2);
    assert_string_equal(t->draws_on.v[1], "burglary");
    assert_int_equal(t->crime_types.n, 2);
    assert_string_equal(t->crime_types.v[0], "Shoplifting");
    const struct reg_priority *a = register_priority(r, "asb");
    assert_int_equal(a->nindicators, 1);
    assert_string_equal(a->indicators[0].name, "ASB incidents");
    assert_string_equal(a->indicators[0].aliases.v[0], "Anti-social behaviour incidents");
    register_free(r);

    struct csa_register *k = test_kent();
    const struct reg_priority *kt = register_priority(k, "theft");
    assert_int_equal(kt->draws_on.n, 3);
    assert_string_equal(kt->draws_on.v[2], "vehicle");
    assert_string_equal(register_priority(k, "road-safety")->indicators[0].name, "KSI casualties");
    register_free(k);
}

static void test_overlapping_periods_are_refused(void **state)
{
    (void)state;
    refused_with(wessex_periods("overlap.xml",
                                "  <agreements>\n"
                                "    <period id=\"a\" start=\"2011-04-01\" end=\"2014-03-31\"/>\n"
                                "    <period id=\"b\" start=\"2013-04-01\" end=\"2016-03-31\"/>\n"
                                "  </agreements>\n"),
                 5, "agreement periods \"a\" and \"b\" both cover plan year 2013/14");
}

static void test_agreement_and_agreements_together_are_refused(void **state)
{
    (void)state;
    refused_with(wessex_periods("both.xml",
                                "  <agreement title=\"T\" body=\"B\" committee=\"C\" "
                                "start=\"2011-04-01\" end=\"2014-03-31\"/>\n"
                                "  <agreements><period id=\"a\" start=\"2011-04-01\" "
                                "end=\"2014-03-31\"/></agreements>\n"),
                 2, "<county> has both <agreement> and <agreements>; keep one");
}

static void test_draws_on_an_unknown_priority_is_refused(void **state)
{
    (void)state;
    refused_with(small_register("draws.xml",
                                "    <priority id=\"asb\" label=\"ASB\" title=\"ASB\">"
                                "<draws-on priority=\"noise\"/></priority>\n",
                                ""),
                 7, "priority \"asb\" draws on priority \"noise\", which is not in <priorities>");
}

static void test_an_unknown_crime_type_is_refused(void **state)
{
    (void)state;
    refused_with(small_register("ctype.xml",
                                "    <priority id=\"asb\" label=\"ASB\" title=\"ASB\">"
                                "<crime-type name=\"Antisocial\"/></priority>\n",
                                ""),
                 7, "priority \"asb\" names crime type \"Antisocial\", which is not a police.uk "
                    "crime type (such as \"Anti-social behaviour\" or \"Burglary\")");
}

static void test_a_workshop_item_naming_an_unknown_theme_is_refused(void **state)
{
    (void)state;
    refused_with(wessex_periods("ws.xml",
                                "  <agreements><period id=\"a\" start=\"2011-04-01\" "
                                "end=\"2014-03-31\">\n"
                                "    <workshop><item became=\"theme\" theme=\"old\">Old</item>"
                                "</workshop>\n"
                                "  </period></agreements>\n"),
                 4, "workshop item \"Old\" names theme \"old\", which is not in <themes>");
}

static void test_period_leads_are_read_in_order(void **state)
{
    (void)state;
    struct csa_register *r = loads(wessex_periods(
        "leads.xml", "  <agreements>\n"
                     "    <period id=\"a\" start=\"2011-04-01\" end=\"2014-03-31\">\n"
                     "      <leads><lead priority=\"theft\">Head of Theft</lead>\n"
                     "        <lead priority=\"asb\">ASB Officer</lead>\n"
                     "        <lead priority=\"theft\">Deputy of Theft</lead></leads>\n"
                     "    </period>\n"
                     "    <period id=\"b\" start=\"2014-04-01\" end=\"2017-03-31\"/>\n"
                     "  </agreements>\n"));
    const struct reg_period *a = register_period(r, 2011), *b = register_period(r, 2014);
    assert_int_equal(a->nleads, 3);
    assert_string_equal(a->leads[0].priority, "theft");
    assert_string_equal(a->leads[0].lead, "Head of Theft");
    assert_int_equal(a->leads[0].line, 5);
    assert_string_equal(a->leads[1].priority, "asb");
    assert_string_equal(a->leads[2].lead, "Deputy of Theft");
    assert_int_equal(a->leads[2].line, 7);
    assert_int_equal(b->nleads, 0);
    /* the undated leads are untouched: there are none here */
    assert_int_equal(register_priority(r, "theft")->leads.n, 0);
    struct buf j = {0};
    register_to_json(r, &j);
    assert_non_null(strstr(buf_str(&j), "\"leads\":[{\"priority\":\"theft\",\"lead\":"
                                        "\"Head of Theft\"},{\"priority\":\"asb\""));
    assert_non_null(strstr(buf_str(&j), "\"leads\":[]}"));
    buf_free(&j);
    register_free(r);
}

static void test_kent_gives_its_2011_leads_in_the_2011_period_only(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    const struct reg_period *p = register_period(r, 2011);
    assert_int_equal(p->nleads, 5);
    assert_string_equal(p->leads[1].priority, "substance-misuse");
    assert_string_equal(p->leads[1].lead, "Head of Kent Drug and Alcohol Action Team (KDAAT)");
    assert_int_equal(register_period(r, 2021)->nleads, 0);
    for (size_t i = 0; i < r->npriorities; i++)
        assert_int_equal(r->priorities[i].leads.n, 0);
    register_free(r);
}

static void test_a_register_of_todays_format_keeps_its_priority_leads(void **state)
{
    (void)state;
    struct csa_register *r = loads(small_register(
        "today-leads.xml",
        "    <priority id=\"asb\" label=\"ASB\" title=\"ASB\"><lead>First</lead>"
        "<alias>Nuisance</alias><lead>Second</lead></priority>\n",
        ""));
    const struct reg_priority *p = register_priority(r, "asb");
    assert_int_equal(p->leads.n, 2);
    assert_string_equal(p->leads.v[0], "First");
    assert_string_equal(p->leads.v[1], "Second");
    assert_int_equal(register_period(r, 2011)->nleads, 0);
    struct buf j = {0};
    register_to_json(r, &j);
    assert_non_null(strstr(buf_str(&j), "\"leads\":[\"First\",\"Second\"]"));
    buf_free(&j);
    register_free(r);
}

static void test_a_period_lead_of_an_unknown_priority_is_refused_at_its_line(void **state)
{
    (void)state;
    refused_with(wessex_periods("lead-unknown.xml",
                                "  <agreements><period id=\"a\" start=\"2011-04-01\" "
                                "end=\"2014-03-31\">\n"
                                "    <leads><lead priority=\"asb\">ASB Officer</lead>\n"
                                "      <lead priority=\"noise\">Noise Officer</lead></leads>\n"
                                "  </period></agreements>\n"),
                 5, "agreement period \"a\" gives a lead for priority \"noise\", which is not "
                    "in <priorities>");
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
        cmocka_unit_test(test_a_register_of_todays_format_is_one_period_meaning_the_same),
        cmocka_unit_test(test_kent_reads_as_before_from_its_first_period),
        cmocka_unit_test(test_two_periods_each_give_their_own_front_matter),
        cmocka_unit_test(test_a_year_no_period_covers_has_none),
        cmocka_unit_test(test_names_in_force_follow_their_dates),
        cmocka_unit_test(test_kent_names_shepway_until_april_2018),
        cmocka_unit_test(test_draws_on_and_evidence_ties_are_read),
        cmocka_unit_test(test_overlapping_periods_are_refused),
        cmocka_unit_test(test_agreement_and_agreements_together_are_refused),
        cmocka_unit_test(test_draws_on_an_unknown_priority_is_refused),
        cmocka_unit_test(test_an_unknown_crime_type_is_refused),
        cmocka_unit_test(test_a_workshop_item_naming_an_unknown_theme_is_refused),
        cmocka_unit_test(test_period_leads_are_read_in_order),
        cmocka_unit_test(test_kent_gives_its_2011_leads_in_the_2011_period_only),
        cmocka_unit_test(test_a_register_of_todays_format_keeps_its_priority_leads),
        cmocka_unit_test(test_a_period_lead_of_an_unknown_priority_is_refused_at_its_line),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
