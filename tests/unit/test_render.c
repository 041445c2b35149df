/* test_render.c: the draft agreement as HTML and Markdown (render_doc.c), from agreements
 * built by hand, with no database. An invented county, Wessex (four partnerships over five
 * districts, one of them joint), checks that every word comes from the data: it must never
 * say "Kent" or "eleven". The Kent register checks the seed's sentences ("All eleven ...",
 * "Eight of the eleven ..."). The HTML must parse as XML; every Markdown table must keep
 * one width; hostile text must come out escaped in both. */
#include "support.h"

#include "csa/cmd.h"
#include "csa/render.h"
#include "csa/utf8.h"
#include "csa/xml.h"
#include "../../src/render_doc.h" /* the words of the prose: words_date, words_partnership */

#include <ctype.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EVIL "<script>alert(\"x\")</script> & 'y' | z"

static const char wessex_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<county version=\"1\" code=\"E10000099\" name=\"Wessex\">\n"
    "  <agreement title=\"Wessex Community Safety Agreement\"\n"
    "             body=\"Wessex Community Safety Partnership\"\n"
    "             committee=\"Wessex Scrutiny &amp; Crime Committee\"\n"
    "             start=\"2021-04-01\" end=\"2024-03-31\"\n"
    "             contact=\"Wessex Community Safety Unit\" chair=\"Tess Durbeyfield\"\n"
    "             chair-role=\"Chair, Wessex Community Safety Partnership\"/>\n"
    "  <selection min-share=\"0.4\"/>\n"
    "  <partnerships>\n"
    "    <partnership code=\"casterbridge\" name=\"Casterbridge CSP\">\n"
    "      <district gss=\"E07000901\">Casterbridge</district></partnership>\n"
    "    <partnership code=\"budmouth-sandbourne\" name=\"Budmouth and Sandbourne CSP\">\n"
    "      <district gss=\"E07000902\">Budmouth</district>\n"
    "      <district gss=\"E07000903\">Sandbourne</district></partnership>\n"
    "    <partnership code=\"melchester\" name=\"Melchester CSP\">\n"
    "      <district gss=\"E07000904\">Melchester</district></partnership>\n"
    "    <partnership code=\"christminster\" name=\"Christminster CSP\">\n"
    "      <district gss=\"E07000905\">Christminster</district></partnership>\n"
    "  </partnerships>\n"
    "  <priorities>\n"
    "    <priority id=\"asb\" label=\"ASB\" title=\"Anti-social Behaviour in Casterbridge\"/>\n"
    "    <priority id=\"cse\" label=\"CSE\" title=\"CSE and gangs\"/>\n"
    "    <priority id=\"burglary\" label=\"Burglary\" title=\"Burglary\"/>\n"
    "    <priority id=\"road-safety\" label=\"Road Safety\" title=\"Road Safety\"/>\n"
    "  </priorities>\n"
    "  <themes><theme id=\"early\" title=\"Early Intervention\"/></themes>\n"
    "  <signatories><signatory>Wessex Police</signatory>\n"
    "    <signatory>Wessex County Council</signatory></signatories>\n"
    "  <linked-plans><plan>Wessex Police and Crime Plan, 2021-2024</plan></linked-plans>\n"
    "</county>\n";

static struct csa_register *load_wessex(void)
{
    xml_init();
    struct csa_register *r = NULL;
    struct diags d = {0};
    struct csa_error err = {0};
    enum csa_rc rc = register_load(test_write("wessex.xml", wessex_xml), &r, &d, &err);
    if (rc != CSA_OK) {
        cli_print_diags("wessex.xml", &d);
        cli_print_error(&err);
    }
    assert_int_equal(rc, CSA_OK);
    diags_free(&d);
    return r;
}

/* ----- Wessex, 2021/22, by hand ----- */

static const char *d_cast[] = {"Casterbridge"}, *d_bs[] = {"Budmouth", "Sandbourne"},
                  *d_mel[] = {"Melchester"}, *d_chr[] = {"Christminster"};
static struct agr_partnership wessex_parts[] = {
    {"casterbridge", "Casterbridge CSP", {d_cast, 1}, 1},
    {"budmouth-sandbourne", "Budmouth and Sandbourne CSP", {d_bs, 2}, 1},
    {"melchester", "Melchester CSP", {d_mel, 1}, 1},
    {"christminster", "Christminster CSP", {d_chr, 1}, 0},
};
static const char *asb_leads[] = {"Head of Community Safety, Wessex Police",
                                  "Wessex Fire & Rescue Service", "Wessex Housing"};
static const char *members4[] = {"casterbridge", "budmouth-sandbourne", "melchester"};
static struct agr_count wessex_counts[] = {
    {"asb", "ASB", "Anti-social Behaviour in Casterbridge", NULL, NULL, 3, "9", 1, "count",
     {members4, 3}, {asb_leads, 3}, 0},
    {"cse", "CSE", "CSE and gangs", "Includes " EVIL, NULL, 2, "5", 1, "count", {members4, 2},
     {NULL, 0}, 0},
    {"burglary", "Burglary", "Burglary", "Domestic and other", NULL, 1, "2", 0, "",
     {members4, 1}, {NULL, 0}, 0},
    {"road-safety", "Road Safety", "Road Safety", NULL, NULL, 0, "0", 1, "addition", {NULL, 0},
     {NULL, 0}, 0},
};
static struct agr_addition wessex_additions[] = {
    {"road-safety", NULL, "Road Safety", "Raised at the county workshop"},
    {NULL, "early", "Early Intervention", "Stakeholder workshop, January 2021."},
};
static const char *early_from[] = {"melchester"}, *early_folded[] = {"Young People"};
static struct agr_theme wessex_themes[] = {
    {"early", "Early Intervention", 1, {early_from, 1}, {early_folded, 1}},
};
static struct agr_unmapped wessex_unmapped[] = {
    {"melchester", "melchester-2021.xml", "core", EVIL, 12,
     {{"asb", "ASB", 0.5}, {"cse", "CSE", 0.3}}, 2, NULL},
};
static struct agr_evidence wessex_evidence[] = {
    {"asb", "Criminal Damage", 1200, 1000, 3, "2020-01-01", "2020-12-31", "2019-01-01",
     "2019-12-31"},
    {"asb", "Public order offences", 5, 0, 2, "2020-04-01", "2021-03-31", NULL, NULL},
    {"cse", "Sexual Offences", 90, 100, 3, "2020-01-01", "2020-12-31", "2019-01-01",
     "2019-12-31"},
};

static struct agreement wessex(const struct csa_register *r)
{
    struct agreement a = {0};
    a.reg = r;
    a.year = 2021;
    a.date = "2021-02-25";
    a.ndistricts = 5;
    a.partnerships = wessex_parts;
    a.npartnerships = 4;
    a.nsubmitted = 3;
    /* as csa.selection_rule states it: more than 0.4 x 4 */
    a.rule = (struct agr_rule){"1.6", 0, "min-share", "0.4", 0};
    a.counts = wessex_counts;
    a.ncounts = 4;
    a.additions = wessex_additions;
    a.nadditions = 2;
    a.themes = wessex_themes;
    a.nthemes = 1;
    a.unmapped = wessex_unmapped;
    a.nunmapped = 1;
    a.evidence = wessex_evidence;
    a.nevidence = 3;
    return a;
}

static char *render(const struct agreement *a, int md)
{
    struct buf b = {0};
    if (md)
        render_markdown(a, &b);
    else
        render_html(a, &b);
    return b.data; /* the caller frees */
}

static void contains(const char *doc, const char *want)
{
    if (strstr(doc, want) == NULL)
        fail_msg("the document does not contain \"%s\"", want);
}

/* The first place s contains w, ignoring ASCII case, or NULL. */
static const char *find_nocase(const char *s, const char *w)
{
    for (size_t n = strlen(w); *s; s++)
        if (strncasecmp(s, w, n) == 0)
            return s;
    return NULL;
}

static void lacks(const char *doc, const char *unwanted)
{
    const char *at = find_nocase(doc, unwanted);
    if (at != NULL)
        fail_msg("the document contains \"%s\": ...%.80s", unwanted, at);
}

/* ----- HTML ----- */

static int xml_errors;
static void count_error(void *ctx, const xmlError *e)
{
    (void)ctx;
    fprintf(stderr, "xml line %d: %s", e->line, e->message);
    xml_errors++;
}

static void assert_well_formed(const char *html)
{
    xml_errors = 0;
#if LIBXML_VERSION >= 21200
    xmlSetStructuredErrorFunc(NULL, count_error);
#else
    xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)count_error);
#endif
    xmlDocPtr doc = xmlReadMemory(html, (int)strlen(html), "agreement.html", "UTF-8",
                                  XML_PARSE_NONET);
    xmlSetStructuredErrorFunc(NULL, NULL);
    assert_non_null(doc);
    assert_int_equal(xml_errors, 0);
    xmlFreeDoc(doc);
}

static void test_html_is_well_formed_and_self_contained(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    char *html = render(&a, 0);
    assert_well_formed(html);
    assert_int_equal(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">", 32), 0);
    contains(html, "<meta charset=\"utf-8\"/>");
    contains(html, "<title>Wessex Community Safety Agreement, April 2021 to March 2024 (draft)");
    contains(html, "@media print");
    contains(html, "<th scope=\"col\">Priority</th>");
    lacks(html, "<link");
    lacks(html, "src=");
    lacks(html, "@import");
    free(html);
    register_free(r);
}

static void test_html_draws_the_counts_as_an_svg_bar_chart(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    char *html = render(&a, 0);
    contains(html, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"");
    contains(html, "<title id=\"chart-title\">");
    contains(html, "<title>ASB: 3 of 4, selected</title>");
    contains(html, "<title>Burglary: 1 of 4</title>");
    /* more than 0.4 x 4 = 1.6: the line sits at 1.6 of 4 on a 480-pixel plot, x = 8 + 192 */
    contains(html, "<line x1=\"200.0\"");
    contains(html, "selection line: named by at least two of the four CSPs");
    /* the addition nobody named has no bar: it is listed with the additions */
    lacks(html, "<title>Road Safety:");
    free(html);
    register_free(r);
}

static void test_html_escapes_every_data_text(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    char *html = render(&a, 0);
    lacks(html, "<script");
    contains(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; | z");
    contains(html, "Wessex Fire &amp; Rescue Service");
    contains(html, "Wessex Scrutiny &amp; Crime Committee");
    free(html);
    register_free(r);
}

static void test_html_highlights_selected_rows_with_a_class_and_strong(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    char *html = render(&a, 0);
    contains(html, "<tr class=\"selected\"><th scope=\"row\"><strong>ASB</strong></th>"
                   "<td class=\"num\"><strong>3</strong></td></tr>");
    contains(html, "<tr><th scope=\"row\">Burglary<sup><a href=\"#note-2\">2</a></sup></th>");
    /* the two lists of section 4 are not row headers of each other */
    /* section 4.2 as the seed sets it out: two lists, not a grid */
    contains(html, "<p class=\"list-head\"><strong>Priorities</strong></p>\n<ul>\n"
                   "<li>Anti-social Behaviour in Casterbridge</li>\n");
    contains(html, "<p class=\"list-head\"><strong>Cross-cutting themes</strong></p>\n<ul>\n"
                   "<li>Early Intervention</li>\n");
    free(html);
    register_free(r);
}

/* ----- Markdown ----- */

/* Unescaped | on one line. */
static int pipes(const char *line, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        if (line[i] == '\\')
            i++;
        else if (line[i] == '|')
            k++;
    }
    return k;
}

/* Every run of lines starting with | is a table: a header, a separator of --- cells, rows, all
 * with the same number of cells. Returns the number of tables. */
static int check_tables(const char *md)
{
    int tables = 0, width = -1, row = 0;
    for (const char *p = md; *p;) {
        size_t n = strcspn(p, "\n");
        if (*p == '|') {
            int w = pipes(p, n);
            if (row == 0)
                width = w, tables++;
            if (w != width)
                fail_msg("table row has %d pipes, its header %d: %.*s", w, width, (int)n, p);
            if (row == 1 && strspn(p, "|-: ") != n)
                fail_msg("second table line is not a separator: %.*s", (int)n, p);
            row++;
        } else {
            if (row == 1)
                fail_msg("a table has a header and nothing else");
            row = 0;
        }
        p += n + (p[n] == '\n');
    }
    return tables;
}

static void test_markdown_tables_keep_one_width(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    char *md = render(&a, 1);
    /* section 4, section 5, Appendix A counts and themes, Appendix B for asb and cse */
    assert_int_equal(check_tables(md), 5);
    contains(md, "| Priority | No. of CSPs selecting the priority<sup>3</sup> |\n| --- | ---: |\n");
    contains(md, "| **ASB** | **3** |\n");
    contains(md, "| **CSE**<sup>1</sup> | **2** |\n");
    contains(md, "| Burglary<sup>2</sup> | 1 |\n");
    free(md);
    register_free(r);
}

static void test_markdown_escapes_every_data_text(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    char *md = render(&a, 1);
    for (const char *p = md; (p = strstr(p, "<script")) != NULL; p++)
        if (p == md || p[-1] != '\\')
            fail_msg("unescaped <script in the Markdown: ...%.60s", p);
    contains(md, "\\<script\\>alert(\"x\")\\</script\\> & 'y' \\| z");
    free(md);
    register_free(r);
}

static void test_markdown_escapes_markup_and_line_starts(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    static const char *odd[] = {"# not a heading", "1. not a list", "*bold* _em_ `code` [l](x)",
                                "two\nlines", "AT&amp;T"};
    r->plans.v = odd;
    r->plans.n = 5;
    r->periods[0].plans = r->plans; /* the draft reads its period's */
    char *md = render(&a, 1);
    contains(md, "- \\# not a heading\n");
    contains(md, "- 1\\. not a list\n");
    contains(md, "- \\*bold\\* \\_em\\_ \\`code\\` \\[l\\](x)\n");
    contains(md, "- two lines\n");
    contains(md, "- AT\\&amp;T\n");
    free(md);
    register_free(r);
}

/* A wording that tries to forge lines, reorder text (U+202E, right-to-left override), break a
 * table row and smuggle a byte that is not UTF-8 (\xE1). */
#define FORGER "ASB\n## Forged heading\r\n| x | y |\t\xE2\x80\xAE" "desrever\xE2\x80\xAC \xE1!"

static void assert_utf8(const char *doc)
{
    if (!utf8_valid(doc, strlen(doc)))
        fail_msg("the document is not valid UTF-8 at byte %zu",
                 utf8_valid_prefix(doc, strlen(doc)));
}

/* The hostile wording as a table cell (a count's label), in the status box (unmapped) and at
 * the start of list items (linked plans). */
static struct agreement forger(struct csa_register *r, struct agr_count *counts,
                               struct agr_unmapped *unmapped)
{
    static const char *odd[] = {FORGER, "--- not a rule", "- not a list", "== not a heading",
                                "+ not a list either"};
    r->plans.v = odd;
    r->plans.n = 5;
    r->periods[0].plans = r->plans; /* the draft reads its period's */
    struct agreement a = wessex(r);
    memcpy(counts, wessex_counts, sizeof wessex_counts);
    counts[1].label = FORGER;
    a.counts = counts;
    *unmapped = wessex_unmapped[0];
    unmapped->wording = FORGER;
    a.unmapped = unmapped;
    return a;
}

static void test_html_neutralises_controls_bidi_and_bad_bytes_in_data_text(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agr_count counts[4];
    struct agr_unmapped u;
    struct agreement a = forger(r, counts, &u);
    char *html = render(&a, 0);
    assert_well_formed(html);
    assert_utf8(html);
    lacks(html, "\xE2\x80\xAE"); /* no override reaches the reader's screen */
    lacks(html, "\xE2\x80\xAC");
    lacks(html, "\nForged");
    lacks(html, "<h2>Forged");
    /* the line breaks and the tab read as spaces, the bad byte as U+FFFD */
    contains(html, "ASB ## Forged heading  | x | y | desrever \xEF\xBF\xBD!");
    free(html);
    register_free(r);
}

static void test_markdown_neutralises_controls_and_keeps_forged_lines_inline(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agr_count counts[4];
    struct agr_unmapped u;
    struct agreement a = forger(r, counts, &u);
    char *md = render(&a, 1);
    assert_utf8(md);
    lacks(md, "\xE2\x80\xAE");
    lacks(md, "\n## Forged");
    lacks(md, "\n| x | y |");
    assert_int_equal(check_tables(md), 5); /* every row still has its table's width */
    contains(md, "- ASB \\#\\# Forged heading  \\| x \\| y \\| desrever \xEF\xBF\xBD!\n");
    contains(md, "| **ASB \\#\\# Forged heading  \\| x \\| y \\| desrever \xEF\xBF\xBD!**");
    contains(md, "- \\--- not a rule\n");
    contains(md, "- \\- not a list\n");
    contains(md, "- \\== not a heading\n");
    contains(md, "- \\+ not a list either\n");
    free(md);
    register_free(r);
}

/* ----- Words from the data only ----- */

static void test_another_county_never_says_kent_or_eleven(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    for (int md = 0; md <= 1; md++) {
        char *doc = render(&a, md);
        lacks(doc, "Kent");
        lacks(doc, "eleven");
        lacks(doc, "Medway");
        contains(doc, "Wessex Community Safety Agreement");
        contains(doc, "April 2021 to March 2024");
        contains(doc, "Draft generated from submissions up to 25 February 2021.");
        contains(doc, "undertaken annually by the four local Community Safety Partnerships "
                      "(CSPs) across Wessex");
        contains(doc, "There are 5 district/boroughs in Wessex, but only 4 Community Safety "
                      "Partnerships (CSPs) as Budmouth and Sandbourne have a joint CSP.");
        contains(doc, "Tess Durbeyfield");
        contains(doc, "Wessex Police and Crime Plan, 2021-2024");
        free(doc);
    }
    register_free(r);
}

static void test_appendix_b_counts_in_words(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    char *md = render(&a, 1);
    /* a proper name keeps its capital; an acronym at the start keeps the whole title */
    contains(md, "Three of the four local Community Safety Partnerships in Wessex assessed that "
                 "anti-social behaviour in Casterbridge was a key priority for their "
                 "district/borough during the 2020/21 strategic assessment process.");
    contains(md, "Two of the four local Community Safety Partnerships in Wessex assessed that "
                 "CSE and gangs was a key priority");
    contains(md, "A priority is a county priority when it is named by at least two of the four "
                 "local CSPs");
    /* an addition nobody named: the register's reason is its sentence, never "None of the
     * four ... identified that road safety was a key priority" */
    contains(md, "### Road Safety\n\nRaised at the county workshop.\n");
    lacks(md, "None of the four");
    free(md);
    register_free(r);
}

static void test_appendix_b_totals_the_evidence(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    char *md = render(&a, 1);
    contains(md, "*Anti-social Behaviour in Casterbridge: county totals of recorded crime in the "
                 "partnerships' submitted crime tables, January to December 2020 against "
                 "January to December 2019 (source: the partnerships' strategic assessments)*");
    contains(md, "| Criminal Damage | 1,200 | 1,000 | +200 | +20.0% | 3 of 3 |");
    contains(md, "| Public order offences | 5 | 0 | +5 | n/a | 2 of 3 |");
    contains(md, "| Sexual Offences | 90 | 100 | -10 | -10.0% | 3 of 3 |");
    contains(md, "No figures in the current submissions, nor in the police.uk data loaded, bear "
                 "on this priority.");
    free(md);
    register_free(r);
}

static void test_leads_show_secondaries_and_tbc(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    char *md = render(&a, 1);
    contains(md, "| Anti-social Behaviour in Casterbridge | Head of Community Safety, Wessex "
                 "Police; supported by Wessex Fire & Rescue Service and Wessex Housing |");
    contains(md, "| CSE and gangs | TBC |");
    free(md);
    register_free(r);
}

static void test_status_box_lists_missing_unmapped_and_gaps(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    char *md = render(&a, 1);
    assert_int_equal(strncmp(md, "> ## Draft for review\n", 22), 0);
    contains(md, "> One of the four partnerships in force has not submitted yet:\n");
    contains(md, "> - Christminster CSP\n");
    contains(md, "> - \"\\<script\\>");
    contains(md, "\", a core priority of Melchester CSP (melchester-2021.xml, line 12): the "
                 "closest in the register are ASB (asb) and CSE (cse).\n");
    contains(md, "> No lead officer has been named yet for these county priorities, so section 5 "
                 "shows their leads as TBC:\n");
    lacks(md, "(1):");
    lacks(md, "(2):");
    contains(md, "> - CSE and gangs\n> - Road Safety\n");
    free(md);
    register_free(r);
}

static void test_status_box_says_when_nothing_is_to_review(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    static const char *one[] = {"Wessex Police"};
    struct agr_count counts[] = {wessex_counts[0]};
    counts[0].leads = (struct strlist){one, 1};
    struct agr_partnership parts[4];
    memcpy(parts, wessex_parts, sizeof parts);
    parts[3].submitted = 1;
    a.partnerships = parts;
    a.nsubmitted = 4;
    a.counts = counts;
    a.ncounts = 1;
    a.nunmapped = 0;
    a.date = NULL;
    char *md = render(&a, 1);
    contains(md, "Nothing is waiting for review.");
    contains(md, "All four partnerships in force have submitted their strategic assessments.");
    contains(md, "Every priority and theme the partnerships submitted matches one in the county "
                 "register.");
    contains(md, "Every county priority has a lead officer.");
    contains(md, "Draft generated before any submission was received.");
    free(md);
    register_free(r);
}

static void test_counties_without_joint_partnerships_say_so(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    struct agr_partnership parts[4];
    memcpy(parts, wessex_parts, sizeof parts);
    parts[1].districts.n = 1;
    a.partnerships = parts;
    a.ndistricts = 4;
    char *md = render(&a, 1);
    contains(md, "There are 4 district/boroughs in Wessex, and each has its own Community "
                 "Safety Partnership (CSP).");
    /* no footnote on the header, only the two row notes */
    contains(md, "| Priority | No. of CSPs selecting the priority |\n");
    lacks(md, "<sup>3</sup>");
    free(md);
    register_free(r);
}

static void test_several_joint_partnerships_are_all_named(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    static const char *mc[] = {"Melchester", "Christminster", "Shaston"};
    struct agr_partnership parts[4];
    memcpy(parts, wessex_parts, sizeof parts);
    parts[2].districts = (struct strlist){mc, 3};
    a.partnerships = parts;
    a.npartnerships = 3;
    a.ndistricts = 6;
    char *html = render(&a, 0);
    contains(html, "There are 6 district/boroughs in Wessex, but only 3 Community Safety "
                   "Partnerships (CSPs) as there are joint CSPs for Budmouth and Sandbourne, and "
                   "for Melchester, Christminster and Shaston.");
    assert_well_formed(html);
    free(html);
    register_free(r);
}

static void test_an_empty_agreement_renders_as_a_stub(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = {.reg = r, .year = 2030};
    char *html = render(&a, 0), *md = render(&a, 1);
    assert_well_formed(html);
    lacks(html, "<svg");
    check_tables(md);
    contains(md, "No partnership in the county register is in force for this plan year.");
    /* nobody has submitted: a stub, not an agreement */
    contains(md, "The county register has no partnership in force in Wessex for 2030/31.");
    contains(md, "# Wessex Community Safety Agreement\n\n**Plan year 2030/31**\n");
    lacks(md, "Foreword");
    lacks(md, "Appendix");
    free(html);
    free(md);
    register_free(r);
}

/* ----- Kent, the seed ----- */

static void test_kent_reads_as_the_seed(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    struct agr_partnership parts[16];
    struct agreement a = {.reg = r, .year = 2011, .date = "2011-02-25", .partnerships = parts};
    for (size_t i = 0; i < r->npartnerships; i++) {
        const struct reg_partnership *p = &r->partnerships[i];
        if (!register_in_force(p, 2011))
            continue;
        const char **names = calloc(p->ndistricts, sizeof *names);
        for (size_t j = 0; j < p->ndistricts; j++)
            names[j] = p->districts[j].name;
        parts[a.npartnerships++] = (struct agr_partnership){
            p->code, p->name, {names, p->ndistricts}, 1};
        a.ndistricts += p->ndistricts;
    }
    a.nsubmitted = a.npartnerships;
    static const char *lead[] = {"Chair of Kent & Medway Domestic Abuse Strategy Group"};
    struct agr_count counts[] = {
        {"domestic-abuse", "Domestic Abuse", "Domestic Abuse", NULL, NULL, 11, "0", 1, "count",
         {NULL, 0}, {lead, 1}, 0},
        {"substance-misuse", "Substance Misuse", "Substance Misuse", NULL, NULL, 8, "0", 1,
         "count", {NULL, 0}, {lead, 1}, 0},
    };
    a.counts = counts;
    a.ncounts = 2;
    char *md = render(&a, 1);
    assert_int_equal(a.npartnerships, 11);
    contains(md, "# Kent Community Safety Agreement\n\n**April 2011 to March 2014**\n");
    contains(md, "undertaken annually by the eleven local Community Safety Partnerships (CSPs) "
                 "across Kent.");
    contains(md, "All eleven local Community Safety Partnerships in Kent assessed that domestic "
                 "abuse was a key priority for their district/borough during the 2010/11 "
                 "strategic assessment process.");
    contains(md, "Eight of the eleven local Community Safety Partnerships in Kent assessed that "
                 "substance misuse was a key priority");
    contains(md, "<sup>1</sup> There are 12 district/boroughs in Kent, but only 11 Community "
                 "Safety Partnerships (CSPs) as Dartford and Gravesham have a joint CSP.");
    contains(md, "# Appendix A: Key Priorities and Cross-Cutting Themes (2011-12)");
    contains(md, "Kent & Medway Domestic Abuse Strategy Group");
    contains(md, "This agreement has been drawn up on behalf of the Partners of the Kent "
                 "Community Safety Partnership:-");
    char *html = render(&a, 0);
    assert_well_formed(html);
    free(html);
    free(md);
    for (size_t i = 0; i < a.npartnerships; i++)
        free((void *)parts[i].districts.v);
    register_free(r);
}

/* ----- The selection rule ----- */

static void test_the_rule_is_worded_from_sqls_threshold_never_recomputed(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    /* the register says min-share 0.4, but SQL's word is final */
    a.rule = (struct agr_rule){"3", 1, "min-partnerships", "0.4", 3};
    char *md = render(&a, 1), *html = render(&a, 0);
    contains(md, "A priority is a county priority when it is named by at least three of the "
                 "four local CSPs");
    contains(html, "selection line: named by at least three of the four CSPs");
    contains(html, "<line x1=\"368.0\" y1=\"4\" x2=\"368.0\""); /* 8 + 3/4 x 480 */
    lacks(md, "1.6");
    free(md);
    free(html);
    register_free(r);
}

/* ----- Prose as the seed writes it ----- */

static void test_the_rule_reads_as_the_smallest_count_it_selects(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    struct buf b = {0};
    a.npartnerships = 11; /* Kent: more than 5.5 of the eleven (min-share 0.5) */
    a.rule = (struct agr_rule){"5.5", 0, "min-share", "0.5", 0};
    render_rule_words(&a, 1, &b);
    assert_string_equal(buf_str(&b), "at least six of the eleven");
    buf_reset(&b);
    render_rule_words(&a, 0, &b); /* `csa counts` keeps SQL's own figures */
    assert_string_equal(buf_str(&b), "more than 5.5 of the 11");
    buf_reset(&b);
    a.rule = (struct agr_rule){"3", 1, "min-partnerships", "0.5", 3};
    render_rule_words(&a, 1, &b);
    assert_string_equal(buf_str(&b), "at least three of the eleven");
    buf_reset(&b);
    a.rule = (struct agr_rule){"3", 0, "min-share", "0.25", 0}; /* more than exactly 3 */
    render_rule_words(&a, 1, &b);
    assert_string_equal(buf_str(&b), "at least four of the eleven");
    buf_reset(&b);
    a.rule = (struct agr_rule){"10.5", 0, "min-share", "0.95", 0};
    render_rule_words(&a, 1, &b);
    assert_string_equal(buf_str(&b), "all eleven");
    buf_reset(&b);
    a.rule = (struct agr_rule){"11", 0, "min-share", "1", 0};
    render_rule_words(&a, 1, &b);
    assert_string_equal(buf_str(&b), "more than all eleven");
    buf_free(&b);
    register_free(r);
}

static void test_dates_in_prose_are_in_words(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(words_date("2011-05-20", b, sizeof b), "20 May 2011");
    assert_string_equal(words_date("2011-02-01", b, sizeof b), "1 February 2011");
    assert_string_equal(words_date("2011-03", b, sizeof b), "March 2011");
    assert_string_equal(words_date("2011-13-01", b, sizeof b), "2011-13-01");
    assert_string_equal(words_date("soon", b, sizeof b), "soon");
    assert_string_equal(words_date(NULL, b, sizeof b), "");
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    for (int md = 0; md <= 1; md++) {
        char *doc = render(&a, md);
        contains(doc, "up to 25 February 2021");
        lacks(doc, "2021-02-25");
        free(doc);
    }
    register_free(r);
}

static void test_a_partnership_is_named_without_code_like_brackets(void **state)
{
    (void)state;
    static const char *one[] = {"Maidstone"}, *two[] = {"Dartford", "Gravesham"};
    struct agr_partnership own = {"maidstone", "Safer Maidstone Partnership", {one, 1}, 1},
                           joint = {"dg", "Dartford and Gravesham CSP", {two, 2}, 1},
                           other = {"nk", "North Kent CSP", {two, 2}, 1};
    struct buf b = {0};
    words_partnership(&own, &b);
    assert_string_equal(buf_str(&b), "Safer Maidstone Partnership");
    buf_reset(&b);
    words_partnership(&joint, &b);
    assert_string_equal(buf_str(&b), "Dartford and Gravesham CSP");
    buf_reset(&b);
    words_partnership(&other, &b); /* the brackets add something: which districts */
    assert_string_equal(buf_str(&b), "North Kent CSP (Dartford and Gravesham)");
    buf_free(&b);
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    char *md = render(&a, 1);
    contains(md, "- Casterbridge CSP\n");
    lacks(md, "(Casterbridge)");
    free(md);
    register_free(r);
}

static void test_the_status_box_reads_as_sentences(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    char *md = render(&a, 1);
    const char *end = strstr(md, "\n\n# ");
    assert_non_null(end);
    char *box = strndup(md, (size_t)(end - md));
    lacks(box, "Submissions received");
    lacks(box, "Still missing");
    lacks(box, "shown as TBC in section");
    lacks(box, ".xml:");
    lacks(box, "suggestions:");
    contains(box, "(melchester-2021.xml, line 12)");
    free(box);
    free(md);
    register_free(r);
}

/* ----- Determinism and number words ----- */

static void test_same_data_gives_the_same_bytes(void **state)
{
    (void)state;
    struct csa_register *r = load_wessex();
    struct agreement a = wessex(r);
    for (int md = 0; md <= 1; md++) {
        char *x = render(&a, md), *y = render(&a, md);
        assert_string_equal(x, y);
        free(x);
        free(y);
    }
    register_free(r);
}

static void test_number_words_as_the_seed_writes_them(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(render_number_words(0, 0, b, sizeof b), "none");
    assert_string_equal(render_number_words(0, 1, b, sizeof b), "None");
    assert_string_equal(render_number_words(1, 0, b, sizeof b), "one");
    assert_string_equal(render_number_words(8, 1, b, sizeof b), "Eight");
    assert_string_equal(render_number_words(11, 0, b, sizeof b), "eleven");
    assert_string_equal(render_number_words(19, 0, b, sizeof b), "nineteen");
    assert_string_equal(render_number_words(20, 0, b, sizeof b), "twenty");
    assert_string_equal(render_number_words(21, 0, b, sizeof b), "twenty-one");
    assert_string_equal(render_number_words(40, 1, b, sizeof b), "Forty");
    assert_string_equal(render_number_words(99, 0, b, sizeof b), "ninety-nine");
    assert_string_equal(render_number_words(100, 1, b, sizeof b), "100");
    assert_string_equal(render_number_words(-3, 0, b, sizeof b), "-3");
    char tiny[4];
    assert_string_equal(render_number_words(21, 0, tiny, sizeof tiny), "twe");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_is_well_formed_and_self_contained),
        cmocka_unit_test(test_html_draws_the_counts_as_an_svg_bar_chart),
        cmocka_unit_test(test_html_escapes_every_data_text),
        cmocka_unit_test(test_html_highlights_selected_rows_with_a_class_and_strong),
        cmocka_unit_test(test_markdown_tables_keep_one_width),
        cmocka_unit_test(test_markdown_escapes_every_data_text),
        cmocka_unit_test(test_markdown_escapes_markup_and_line_starts),
        cmocka_unit_test(test_html_neutralises_controls_bidi_and_bad_bytes_in_data_text),
        cmocka_unit_test(test_markdown_neutralises_controls_and_keeps_forged_lines_inline),
        cmocka_unit_test(test_another_county_never_says_kent_or_eleven),
        cmocka_unit_test(test_appendix_b_counts_in_words),
        cmocka_unit_test(test_appendix_b_totals_the_evidence),
        cmocka_unit_test(test_leads_show_secondaries_and_tbc),
        cmocka_unit_test(test_status_box_lists_missing_unmapped_and_gaps),
        cmocka_unit_test(test_status_box_says_when_nothing_is_to_review),
        cmocka_unit_test(test_counties_without_joint_partnerships_say_so),
        cmocka_unit_test(test_several_joint_partnerships_are_all_named),
        cmocka_unit_test(test_an_empty_agreement_renders_as_a_stub),
        cmocka_unit_test(test_kent_reads_as_the_seed),
        cmocka_unit_test(test_the_rule_is_worded_from_sqls_threshold_never_recomputed),
        cmocka_unit_test(test_same_data_gives_the_same_bytes),
        cmocka_unit_test(test_number_words_as_the_seed_writes_them),
        cmocka_unit_test(test_the_rule_reads_as_the_smallest_count_it_selects),
        cmocka_unit_test(test_dates_in_prose_are_in_words),
        cmocka_unit_test(test_a_partnership_is_named_without_code_like_brackets),
        cmocka_unit_test(test_the_status_box_reads_as_sentences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
