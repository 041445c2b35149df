/* test_front.c: the draft's front matter comes from the register's agreement period for the
 * plan year, against the real database: Kent 2011/12 reads as seed 004 (the five workshop
 * items, Shepway, section 3.1's statutory partners apart from the signatories); Kent 2021/22
 * with submissions carries nothing of 2011-14 and lists its TBC pieces in the status box,
 * and --final refuses naming them; an invented county with two periods gives each year its
 * own period's text; a register of today's format (one <agreement>) still drafts as before. */
#include "dbtest.h"

#include "csa/buf.h"

#include <stdarg.h>


/* csa agreement for year into a new folder `folder`, with the extra arguments (NULL-ended);
 * returns the exit code, and the folder in *dir. */
static int draft(const char *reg, const char *year, const char *folder, char **err,
                 const char **dir, const char *extra, const char *extra2)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s", test_tmp(folder));
    *dir = path;
    return test_csa(NULL, err, "--db", test_db_conninfo(), "--county", reg, "agreement",
                    "--year", year, "--out", path, extra, extra2, NULL);
}

static char *doc(const char *dir, const char *ext)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/agreement.%s", dir, ext);
    return test_slurp(path);
}

static void load(const char *reg, const char *file)
{
    char *err = NULL;
    int rc = test_csa(NULL, &err, "--db", test_db_conninfo(), "--county", reg, "load", file,
                      NULL);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    free(err);
    assert_int_equal(rc, 0);
}

/* A Kent sample moved ten years on: every "from" replaced by its "to" (pairs, NULL-ended). */
static const char *moved(const char *name, const char *out, ...)
{
    char *text = test_slurp(sample(name));
    va_list ap;
    va_start(ap, out);
    for (const char *from; (from = va_arg(ap, const char *)) != NULL;) {
        const char *to = va_arg(ap, const char *);
        struct buf b = {0};
        for (const char *p = text, *at; *p; p = at + strlen(from)) {
            at = strstr(p, from);
            if (at == NULL) {
                buf_puts(&b, p);
                break;
            }
            buf_append(&b, p, (size_t)(at - p));
            buf_puts(&b, to);
        }
        free(text);
        text = strdup(buf_str(&b));
        buf_free(&b);
    }
    va_end(ap);
    const char *path = test_write(out, text);
    free(text);
    return path;
}

/* Section 5 of a Markdown draft, up to section 6 (caller frees). */
static char *section5(const char *md)
{
    const char *a = strstr(md, "## 5\\. Priority Leads\n"), *b = a ? strstr(a, "## 6\\.") : NULL;
    if (b == NULL)
        fail_msg("no section 5 in the draft");
    return strndup(a, (size_t)(b - a));
}

/* The 2011-14 agreement's lead officers, as section 5 prints them. */
static const char *const kent_2011_leads[] = {
    "Chair of Kent & Medway Domestic Abuse Strategy Group",
    "Head of Kent Drug and Alcohol Action Team (KDAAT)",
    "Head of Partnership and Communities Command, Kent Police",
    "Director Community Safety, Kent Fire & Rescue Service", NULL};

static void test_kent_2011_reads_as_the_seed(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *dir;
    assert_int_equal(draft(test_path("etl/counties/kent.xml"), "2011", "k2011", NULL, &dir, NULL,
                           NULL),
                     0);
    char *md = doc(dir, "md");
    static const char *const workshop[] = {
        "- Reducing re-offending: part of the cross-cutting theme Reducing Re-Offending\n",
        "- Road Safety: a county priority (Road Safety)\n",
        "- Burglary (domestic, other, distraction): not taken up as a county priority or theme\n",
        "- Vulnerable Adults: part of the cross-cutting theme Vulnerable Households & "
        "Individuals\n",
        "- Hate Crime: not taken up as a county priority or theme\n", NULL};
    for (const char *const *w = workshop; *w; w++)
        if (!strstr(md, *w))
            fail_msg("no workshop item \"%s\"", *w);
    assert_non_null(strstr(md, "during a multi-agency workshop in January 2011."));
    /* names in force in 2011/12 */
    assert_non_null(strstr(md, "- Shepway Community Safety Partnership\n"));
    assert_non_null(strstr(md, "| Shepway Community Safety Partnership | Anti-social"));
    assert_null(strstr(md, "Folkestone"));
    /* section 3.1 as the seed: statutory partners apart from the signatories, no CSPs */
    assert_non_null(strstr(md, "**3.1** The Kent Community Safety Partnership (KCSP) is "
                               "responsible for the delivery of the Kent Community Safety "
                               "Agreement priorities, with membership taken from senior officers "
                               "across statutory partners (see below), local Community Safety "
                               "Partnership (CSP) Chairs and the County Council portfolio "
                               "holder.\n\nThe Statutory Partners are:- Kent Police, Kent Police "
                               "Authority, District & Borough Councils, Kent County Council, "
                               "Primary Care Trusts, Kent Fire & Rescue Service and Kent "
                               "Probation.\n"));
    assert_null(strstr(md, "The partners are"));
    /* the foreword signed with every title; the contact; the alternative formats */
    assert_non_null(strstr(md, "**Mike Hill OBE**  \nChair Kent Community Safety Partnership  \n"
                               "Cabinet Member Customer and Communities\n"));
    assert_non_null(strstr(md, "Maidstone  \nKent  \nME14 1XX\n\nEmail: "
                               "communitysafetyunit@kent.gov.uk\n"));
    assert_non_null(strstr(md, "For details please call 01622 696187.\n"));
    /* the additions credit the workshops as the seed does */
    assert_null(strstr(md, "workshop in January 2011."
                           "\n- **Priority"));
    assert_non_null(strstr(md, "(cross-cutting theme): Identified as a cross-cutting theme at the "
                               "partner workshops"));
    assert_null(strstr(md, "TBC:"));
    assert_null(strstr(md, "Front matter the county register does not give"));
    /* section 5 as the seed: the leads the 2011-14 period gives */
    char *s5 = section5(md);
    assert_non_null(strstr(s5, "| Domestic Abuse | Chair of Kent & Medway Domestic Abuse "
                               "Strategy Group |\n| Substance Misuse | Head of Kent Drug and "
                               "Alcohol Action Team (KDAAT) |\n"));
    assert_non_null(strstr(s5, "| Road Safety | Director Community Safety, Kent Fire & Rescue "
                               "Service |\n"));
    free(s5);
    free(md);
}

static void test_kent_2021_has_nothing_of_2011_and_lists_its_tbc(void **state)
{
    (void)state;
    const char *reg = test_path("etl/counties/kent.xml");
    /* seven of the twelve, so a priority all seven name is selected (more than 6) */
    static const char *const names[] = {"ashford-2011.xml", "canterbury-2011.xml",
                                        "maidstone-2011.xml", "swale-2011.xml",
                                        "thanet-2011.xml", "tonbridge-malling-2011.xml",
                                        "folkestone-hythe-2011.xml", NULL};
    for (const char *const *n = names; *n; n++) {
        char out[64];
        snprintf(out, sizeof out, "moved-%s", *n);
        load(reg, moved(*n, out, "2011/12", "2021/22", "2011-12<", "2021/22<", "2011-", "2021-", "2010-", "2020-",
                        "2009-", "2019-", "2010", "2020", "2011", "2021", "Police Authority",
                        "police body", "Shepway", "Folkestone and Hythe", "shepway",
                        "folkestone-hythe", NULL));
    }
    const char *dir;
    assert_int_equal(draft(reg, "2021", "k2021", NULL, &dir, NULL, NULL), 0);
    for (int k = 0; k < 2; k++) {
        char *text = doc(dir, k ? "md" : "html");
        static const char *const never[] = {"2011", "2014", "Mike Hill", "Police Authority",
                                            "Primary Care Trust", "Shepway", "Invicta House",
                                            "(priority): ", "Stakeholder Workshop",
                                            NULL};
        for (const char *const *w = never; *w; w++)
            if (strstr(text, *w))
                fail_msg("the 2021/22 draft (%s) says \"%s\": ...%.200s", k ? "md" : "html",
                         *w, strstr(text, *w) - (strstr(text, *w) - text > 150 ? 150 : 0));
        assert_non_null(strstr(text, "April 2021 to March 2022"));
        free(text);
    }
    char *md = doc(dir, "md");
    assert_non_null(strstr(md, "> Front matter the county register does not give for 2021/22, "
                               "shown as TBC in the draft (10):\n>\n"
                               "> - the contact address and email (cover)\n"
                               "> - the foreword\n"));
    assert_non_null(strstr(md, "> - the signatories (section 7)\n"));
    assert_non_null(strstr(md, "TBC: the foreword is not recorded in the county register for "
                               "2021/22.\n"));
    assert_non_null(strstr(md, "TBC: the signatories (section 7) are not recorded in the county "
                               "register for 2021/22.\n"));
    assert_non_null(strstr(md, "- Folkestone and Hythe Community Safety Partnership"));
    /* section 5: the 2021-22 period gives no leads, so every selected priority's is TBC and
     * no 2011 lead officer appears anywhere */
    char *s5 = section5(md);
    if (!strstr(s5, "| Priority | Lead Officer/Agency |\n| --- | --- |\n|"))
        fail_msg("section 5: %s", s5);
    size_t rows = 0;
    for (const char *p = strstr(s5, "| --- | --- |\n") + 14; *p == '|'; p = strchr(p, '\n') + 1) {
        const char *eol = strchr(p, '\n');
        if (eol - p < 8 || strncmp(eol - 8, " | TBC |", 8) != 0)
            fail_msg("a 2021/22 lead is not TBC: %.*s", (int)(eol - p), p);
        rows++;
    }
    assert_true(rows >= 2);
    free(s5);
    assert_non_null(strstr(md, "No lead officer has been named yet for these county priorities, "
                               "so section 5 shows their leads as TBC:"));
    free(md);
    for (int k = 0; k < 2; k++) {
        char *text = doc(dir, k ? "md" : "html");
        for (const char *const *w = kent_2011_leads; *w; w++) {
            char html[256];
            snprintf(html, sizeof html, "%s", *w);
            char *amp = strchr(html, '&');
            if (k == 0 && amp) /* the HTML escapes it */
                snprintf(amp, sizeof html - (size_t)(amp - html), "&amp;%s", strchr(*w, '&') + 1);
            if (strstr(text, html))
                fail_msg("the 2021/22 draft (%s) names the 2011 lead \"%s\"", k ? "md" : "html",
                         *w);
        }
        assert_null(strstr(text, "KDAAT"));
        free(text);
    }
    /* --final refuses, naming them; --force writes it all the same */
    char *err = NULL;
    assert_int_equal(draft(reg, "2021", "k2021-final", &err, &dir, "--final", NULL), 1);
    assert_non_null(strstr(err, "TBC in the county register for this year: the contact address "
                                "and email (cover), the foreword, "));
    assert_non_null(strstr(err, "the signatories (section 7)"));
    assert_non_null(strstr(err, "TBC: no lead officer for "));
    free(err);
    err = NULL;
    assert_int_equal(draft(reg, "2021", "k2021-force", &err, &dir, "--final", "--force"), 0);
    free(err);
    md = doc(dir, "md");
    assert_null(strstr(md, "Draft for review"));
    assert_non_null(strstr(md, "TBC: the foreword"));
    free(md);
}

/* Wessex with two agreement periods, 2011-14 and 2014-17, each with its own front matter and
 * priority leads (the register's undated lead of ASB is for years neither covers). */
static const char *wessex_two_periods(void)
{
    FILE *f = fopen(wessex_register("wessex-one.xml", NULL), "r");
    assert_non_null(f);
    static char xml[8192];
    size_t n = fread(xml, 1, sizeof xml - 1, f);
    fclose(f);
    xml[n] = '\0';
    /* out: the old <agreement>, the top-level additions, signatories and plans */
    static const char *const cut[][2] = {
        {"  <agreement ", "/>\n"},
        {"  <county-additions>", "</county-additions>\n"},
        {"  <signatories>", "</signatories>\n"},
        {"  <linked-plans>", "</linked-plans>\n"}};
    for (size_t i = 0; i < sizeof cut / sizeof *cut; i++) {
        char *a = strstr(xml, cut[i][0]), *b = a ? strstr(a, cut[i][1]) : NULL;
        assert_non_null(b);
        memmove(a, b + strlen(cut[i][1]), strlen(b + strlen(cut[i][1])) + 1);
    }
    static const char periods[] =
        "  <agreements>\n"
        "    <period id=\"first\" start=\"2011-04-01\" end=\"2014-03-31\" title=\"Wessex Safer "
        "Communities Agreement\" period=\"April 2011 to March 2014\" body=\"Wessex CSP\" "
        "committee=\"Wessex Scrutiny\">\n"
        "      <foreword><para>Alpha foreword.</para><signed name=\"Ann Alpha\">"
        "<title>Chair Alpha</title><title>Leader Alpha</title></signed></foreword>\n"
        "      <purpose><para>Alpha purpose.</para></purpose>\n"
        "      <governance><para>Alpha governance.</para><statutory-partners>"
        "<partner>Alpha Police Authority</partner></statutory-partners></governance>\n"
        "      <linked-plans><plan>Alpha Plan</plan></linked-plans>\n"
        "      <signatories><signatory>Alpha Police</signatory></signatories>\n"
        "      <contact name=\"Alpha Unit\" email=\"alpha@wessex.example\" phone=\"01 111\">"
        "<address-line>1 Alpha Street</address-line></contact>\n"
        "      <alternative-formats phone=\"01 111\">Alpha formats.</alternative-formats>\n"
        "      <county-additions><add priority=\"roads\">Alpha reason.</add></county-additions>\n"
        "      <workshop when=\"March 2011\"><item became=\"priority\" priority=\"roads\">Alpha "
        "roads</item><item became=\"not-adopted\">Alpha hate crime</item></workshop>\n"
        "      <leads><lead priority=\"asb\">Alpha ASB Lead</lead><lead priority=\"roads\">"
        "Alpha Roads Lead</lead><lead priority=\"asb\">Alpha ASB Deputy</lead></leads>\n"
        "    </period>\n"
        "    <period id=\"second\" start=\"2014-04-01\" end=\"2017-03-31\" title=\"Wessex "
        "Community Safety Agreement\" body=\"Wessex Safety Board\" committee=\"Wessex Panel\">\n"
        "      <foreword><para>Beta foreword.</para><signed name=\"Bob Beta\"><title>Chair "
        "Beta</title></signed></foreword>\n"
        "      <purpose><para>Beta purpose.</para></purpose>\n"
        "      <governance><para>Beta governance.</para><statutory-partners>"
        "<partner>Beta Council</partner></statutory-partners></governance>\n"
        "      <linked-plans><plan>Beta Plan</plan></linked-plans>\n"
        "      <signatories><signatory>Beta Police</signatory></signatories>\n"
        "      <contact name=\"Beta Unit\" email=\"beta@wessex.example\"/>\n"
        "      <alternative-formats>Beta formats.</alternative-formats>\n"
        "      <county-additions><add theme=\"homes\">Beta reason.</add></county-additions>\n"
        "      <leads><lead priority=\"asb\">Beta ASB Lead</lead></leads>\n"
        "    </period>\n"
        "  </agreements>\n";
    char *at = strstr(xml, "  <selection ");
    assert_non_null(at);
    static char out[16384];
    snprintf(out, sizeof out, "%.*s%s%s", (int)(at - xml), xml, periods, at);
    return test_write("wessex-two.xml", out);
}

/* A Wessex submission for plan year y/y+1 with one core wording. */
static void load_wessex_year(const char *reg, const char *code, int y, const char *core)
{
    char xml[1024], name[64];
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?>\n<strategic-assessment version=\"1\">\n"
             "  <partnership code=\"%s\" county=\"E10000099\">%s CSP</partnership>\n"
             "  <plan-year>%d/%02d</plan-year>\n  <priorities>\n"
             "    <priority kind=\"core\" rank=\"1\">%s</priority>\n  </priorities>\n"
             "</strategic-assessment>\n",
             code, code, y, (y + 1) % 100, core);
    snprintf(name, sizeof name, "wessex-%s-%d.xml", code, y);
    load(reg, test_write(name, xml));
}

static void test_each_period_gets_its_own_front_matter(void **state)
{
    (void)state;
    const char *reg = wessex_two_periods();
    static const char *const codes[] = {"north", "south", "west", "central"};
    for (int y = 2011; y <= 2014; y += 3)
        for (size_t i = 0; i < 4; i++)
            load_wessex_year(reg, codes[i], y, "Tackling ASB");
    static const char *const alpha[] = {"Wessex Safer Communities Agreement",
                                        "April 2011 to March 2014", "Alpha foreword.",
                                        "Ann Alpha", "Leader Alpha", "Alpha purpose.",
                                        "Alpha governance.", "Alpha Police Authority",
                                        "Alpha Plan", "Alpha Police", "1 Alpha Street",
                                        "alpha@wessex.example", "Alpha formats.", "Alpha reason.",
                                        "Alpha roads: a county priority (Road safety)",
                                        "Alpha hate crime",
                                        "Alpha ASB Lead; supported by Alpha ASB Deputy",
                                        "Alpha Roads Lead", NULL};
    static const char *const beta[] = {"Wessex Community Safety Agreement",
                                       "April 2014 to March 2017", "Beta foreword.", "Bob Beta",
                                       "Beta purpose.", "Beta governance.", "Beta Council",
                                       "Beta Plan", "Beta Police", "beta@wessex.example",
                                       "Beta formats.", "Beta reason.",
                                       "Beta ASB Lead", NULL};
    for (int first = 1; first >= 0; first--) {
        const char *dir;
        assert_int_equal(draft(reg, first ? "2011" : "2014", first ? "w2011" : "w2014", NULL,
                               &dir, NULL, NULL),
                         0);
        for (int k = 0; k < 2; k++) {
            char *text = doc(dir, k ? "md" : "html");
            for (const char *const *w = first ? alpha : beta; *w; w++)
                if (!strstr(text, *w))
                    fail_msg("the %s draft (%s) lacks \"%s\"", first ? "2011" : "2014",
                             k ? "md" : "html", *w);
            for (const char *const *w = first ? beta : alpha; *w; w++)
                if (strstr(text, *w) && strcmp(*w, "Wessex Community Safety Agreement") != 0)
                    fail_msg("the %s draft (%s) says \"%s\"", first ? "2011" : "2014",
                             k ? "md" : "html", *w);
            assert_null(strstr(text, "TBC: "));
            assert_null(strstr(text, "Head of Wessex Neighbourhoods"));
            free(text);
        }
    }
    /* roads is the 2011-14 period's addition only */
    const char *dir;
    assert_int_equal(draft(reg, "2014", "w2014b", NULL, &dir, NULL, NULL), 0);
    char *md = doc(dir, "md");
    assert_null(strstr(md, "**Roads**"));
    assert_non_null(strstr(md, "- **Safer homes** (cross-cutting theme): Beta reason.\n"));
    free(md);
    /* each year's leads, and the undated one for a year no period covers */
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.priority_leads('E10000099', 2013)"
                                       " WHERE priority = 'asb' AND period = 'first' AND leads ="
                                       " ARRAY['Alpha ASB Lead', 'Alpha ASB Deputy']"),
                     1);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.priority_leads('E10000099', 2016)"
                                       " WHERE (priority, period, leads) ="
                                       " ('asb', 'second', ARRAY['Beta ASB Lead'])"),
                     1);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.priority_leads('E10000099', 2016)"),
                     1);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.priority_leads('E10000099', 2017)"
                                       " WHERE priority = 'asb' AND period IS NULL AND leads ="
                                       " ARRAY['Head of Wessex Neighbourhoods']"),
                     1);
}

static void test_a_register_of_todays_format_still_drafts(void **state)
{
    (void)state;
    const char *reg = wessex_register("wessex.xml", NULL);
    load_wessex(reg, "north", "Tackling ASB");
    load_wessex(reg, "south", "Tackling ASB");
    load_wessex(reg, "west", "Tackling ASB");
    load_wessex(reg, "central", "Drug dealing");
    const char *dir;
    assert_int_equal(draft(reg, "2011", "today", NULL, &dir, NULL, NULL), 0);
    char *md = doc(dir, "md");
    assert_non_null(strstr(md, "# Wessex Community Safety Agreement\n\n**April 2011 to March "
                               "2014**\n"));
    assert_non_null(strstr(md, "On behalf of the Wessex CSP we are pleased to present the Wessex "
                               "Community Safety Agreement for 2011/14.\n"));
    assert_non_null(strstr(md, "**2.1** To deliver the statutory duty"));
    assert_non_null(strstr(md, "**3.3** The Wessex Scrutiny will also serve"));
    assert_non_null(strstr(md, "- Wessex Plan\n"));
    assert_non_null(strstr(md, "- Wessex Police\n"));
    /* a selected addition's reason is said once, under its heading in Appendix B */
    assert_non_null(strstr(md, "- **Road safety** (priority): The reason it was added is given "
                               "under its heading in Appendix B.\n"));
    assert_non_null(strstr(md, "Asked for by the county."));
    assert_null(strstr(md, "TBC: "));
    assert_null(strstr(md, "Front matter the county register does not give"));
    free(md);
    /* --final is stopped by the addition's missing lead, never by the front matter */
    char *err = NULL;
    assert_int_equal(draft(reg, "2011", "today-final", &err, &dir, "--final", NULL), 1);
    assert_non_null(strstr(err, "TBC: no lead officer for Road safety"));
    assert_null(strstr(err, "TBC in the county register"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kent_2011_reads_as_the_seed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kent_2021_has_nothing_of_2011_and_lists_its_tbc,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_period_gets_its_own_front_matter, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_register_of_todays_format_still_drafts, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
