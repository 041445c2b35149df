/* test_agreement.c: `csa agreement` against the real database: the Kent draft matches the
 * golden files, reruns are byte-identical and rewrite nothing, the HTML is well-formed, the
 * Markdown tables are square, submitted text cannot break either, another county's draft
 * speaks only of that county, a draft over six of eleven says it is provisional and what
 * could still cross, a year nobody has submitted for is a stub with no other year's front
 * matter, and Appendix A shows Maidstone how each of its wordings was counted; no paragraph
 * of the Kent draft appears twice, and it reads as the seed writes (numbers and dates in
 * words, 4.2 as two lists, no code-like labels, the status box in sentences). */
#include "dbtest.h"
#include "doctext.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <sys/stat.h>



/* Runs csa agreement for plan year `year` into a new folder under the test folder; returns
 * the folder. */
static const char *agreement_for(const char *reg, const char *year, const char *folder,
                                 char **out)
{
    static char dirs[4][1024];
    static int next;
    char *dir = dirs[next++ % 4];
    snprintf(dir, sizeof dirs[0], "%s", test_tmp(folder));
    char *err = NULL;
    int rc = test_csa(out, &err, "--db", test_db_conninfo(), "--county", reg, "agreement",
                      "--year", year, "--out", dir, "--date", "2011-05-20", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    free(err);
    assert_int_equal(rc, 0);
    return dir;
}

/* Runs csa agreement for 2011 (see agreement_for). */
static const char *agreement(const char *reg, const char *folder, char **out)
{
    return agreement_for(reg, "2011", folder, out);
}

static char *doc(const char *dir, const char *ext)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/agreement.%s", dir, ext);
    return test_slurp(path);
}

static void assert_well_formed(const char *html)
{
    xmlDocPtr d = xmlReadMemory(html, (int)strlen(html), "agreement.html", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    assert_non_null(d);
    xmlFreeDoc(d);
}

/* Every table row of the Markdown has as many unescaped "|" as its table's header. */
static void assert_square_tables(const char *md)
{
    int want = -1;
    for (const char *line = md; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > 0 && line[0] == '|') {
            int bars = 0;
            for (size_t i = 0; i < len; i++)
                bars += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
            if (want < 0)
                want = bars;
            if (bars != want)
                fail_msg("ragged Markdown table row: %.*s", (int)len, line);
        } else {
            want = -1;
        }
        line += len + (end != NULL);
    }
}

static void assert_golden(const char *actual, const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/golden/%s", name);
    if (getenv("CSA_UPDATE_GOLDEN")) {
        FILE *f = fopen(test_path(rel), "wb");
        fputs(actual, f);
        fclose(f);
    }
    char *want = test_slurp(test_path(rel));
    int same = strcmp(want, actual) == 0;
    free(want);
    if (!same)
        fail_msg("%s differs from the golden file (CSA_UPDATE_GOLDEN=1 rewrites it; review "
                 "the diff like code)",
                 rel);
}

static void test_the_kent_draft_matches_the_golden_files(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *dir = agreement(test_path("etl/counties/kent.xml"), "kent", NULL);
    char *html = doc(dir, "html"), *md = doc(dir, "md");
    assert_well_formed(html);
    assert_square_tables(md);
    assert_non_null(strstr(html, "<svg"));
    assert_golden(html, "kent-2011.html");
    assert_golden(md, "kent-2011.md");
    free(html);
    free(md);
}


/* The text of every paragraph (w:p) of a WordprocessingML document outside tables, one a
 * line, and of every table row (w:tr) its cells' texts joined by "|", one a line after
 * "ROW ". */
static void docx_text(xmlNodePtr n, struct buf *out)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcmp(n->name, BAD_CAST "tr") == 0) {
            buf_puts(out, "ROW ");
            int first = 1;
            for (xmlNodePtr c = n->children; c; c = c->next) {
                if (c->type != XML_ELEMENT_NODE || xmlStrcmp(c->name, BAD_CAST "tc") != 0)
                    continue;
                xmlChar *t = xmlNodeGetContent(c);
                buf_printf(out, "%s%s", first ? "" : "|", (const char *)t);
                xmlFree(t);
                first = 0;
            }
            buf_putc(out, '\n');
        } else if (xmlStrcmp(n->name, BAD_CAST "p") == 0) {
            xmlChar *t = xmlNodeGetContent(n);
            buf_printf(out, "%s\n", (const char *)t);
            xmlFree(t);
        } else {
            docx_text(n->children, out);
        }
    }
}


/* Every heading of the Markdown is a paragraph of the Word document, every table row a row
 * of it; the count table has n_counts rows, the leads table n_leads. */
static void assert_docx_says_what_md_says(const char *text, const char *md, int n_counts,
                                          int n_leads)
{
    for (const char *line = md; *line;) {
        size_t len = strcspn(line, "\n");
        struct buf want = {0};
        if (line[0] == '#') {
            doctext_md_plain(line, len, &want);
            buf_printf(&want, "\n");
        } else if (line[0] == '|' && strncmp(line, "| ---", 5) != 0) {
            buf_puts(&want, "ROW ");
            struct buf row = {0};
            doctext_md_plain(line + 2, len - 4, &row); /* between "| " and " |" */
            for (const char *c = buf_str(&row); *c; c++) /* " | " between cells */
                if (strncmp(c, " | ", 3) == 0)
                    buf_putc(&want, '|'), c += 2;
                else
                    buf_putc(&want, *c);
            buf_putc(&want, '\n');
            buf_free(&row);
        }
        if (want.len && strstr(text, buf_str(&want)) == NULL)
            fail_msg("the Word document lacks: %s", buf_str(&want));
        buf_free(&want);
        line += len + (line[len] == '\n');
    }
    const char *counts = strstr(text, "ROW Priority|No. of CSPs selecting the priority\n");
    const char *leads = strstr(text, "ROW Priority|Lead Officer/Agency\n");
    assert_non_null(counts);
    assert_non_null(leads);
    int rows = 0;
    for (const char *p = strchr(counts, '\n') + 1; strncmp(p, "ROW ", 4) == 0;
         p = strchr(p, '\n') + 1)
        rows++;
    assert_int_equal(rows, n_counts);
    rows = 0;
    for (const char *p = strchr(leads, '\n') + 1; strncmp(p, "ROW ", 4) == 0;
         p = strchr(p, '\n') + 1)
        rows++;
    assert_int_equal(rows, n_leads);
}

/* The Kent draft as Word: the same headings and table rows as the Markdown (the twelve
 * counts, the six leads), the same bytes when drafted again (what LibreOffice prints of it:
 * test_word.c). */
static void test_the_kent_docx_says_what_the_markdown_says(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *dir = test_tmp("docx");
    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "--db", test_db_conninfo(), "--county",
                      test_path("etl/counties/kent.xml"), "agreement", "--year", "2011", "--out",
                      dir, "--date", "2011-05-20", "--format", "md,docx", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "wrote "));
    assert_non_null(strstr(out, "/agreement.docx\n"));
    assert_non_null(strstr(out, "/drafts/1/agreement.docx\n"));
    free(out);
    free(err);
    char path[1200];
    snprintf(path, sizeof path, "%s/agreement.docx", dir);
    char *xml = test_unzip(path, "word/document.xml");
    assert_non_null(xml);
    xmlDocPtr d = xmlReadMemory(xml, (int)strlen(xml), "document.xml", NULL, XML_PARSE_NONET);
    assert_non_null(d);
    struct buf text = {0};
    docx_text(xmlDocGetRootElement(d), &text);
    char *md = doc(dir, "md");
    assert_docx_says_what_md_says(buf_str(&text), md, 12, 6);

    /* drafted again: nothing changes */
    out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "agreement", "--year", "2011",
                              "--out", dir, "--date", "2011-05-20", "--format", "docx", NULL),
                     0);
    assert_null(strstr(out, "wrote "));
    free(out);

    /* what LibreOffice prints of it: test_word.c */
    free(md);
    buf_free(&text);
    xmlFreeDoc(d);
    free(xml);
}

/* The Markdown's paragraphs and list items, one by one: a block is a run of lines up to a
 * blank line; a list item or a table row is a block of its own. */
static void assert_no_block_twice(const char *md)
{
    size_t n = 0, cap = 0;
    char **blocks = NULL;
    for (const char *p = md; *p;) {
        const char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        for (const char *q = p; q < p + len;) { /* each line of a list or table alone */
            const char *nl = memchr(q, '\n', (size_t)(p + len - q));
            size_t l = nl ? (size_t)(nl - q) : (size_t)(p + len - q);
            int alone = l > 0 && (q[0] == '-' || q[0] == '|' || q[0] == '>');
            size_t take = alone ? l : (size_t)(p + len - q);
            if (n == cap)
                blocks = realloc(blocks, (cap = cap ? cap * 2 : 256) * sizeof *blocks);
            blocks[n++] = strndup(q, take);
            q += take + 1;
        }
        p += len + (end ? 2 : 0);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            /* headings, table rows and short list items ("- Kent Police") may repeat; a
             * paragraph of prose may not */
            if (strlen(blocks[i]) > 80 && blocks[i][0] != '|' && blocks[i][0] != '#' &&
                strcmp(blocks[i], blocks[j]) == 0)
                fail_msg("a paragraph appears twice: %s", blocks[i]);
    for (size_t i = 0; i < n; i++)
        free(blocks[i]);
    free(blocks);
}

static void test_no_paragraph_of_the_kent_draft_appears_twice(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *dir = agreement(test_path("etl/counties/kent.xml"), "once", NULL);
    char *md = doc(dir, "md");
    assert_no_block_twice(md);
    /* the road safety reason the seed gives once, in Appendix B */
    const char *why = "it was highlighted at a county level as an issue that can benefit";
    const char *first = strstr(md, why);
    assert_non_null(first);
    assert_null(strstr(first + 1, why));
    free(md);
}

static void test_the_kent_draft_reads_as_the_seed_writes(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *dir = agreement(test_path("etl/counties/kent.xml"), "seed", NULL);
    char *md = doc(dir, "md");
    /* 4.2: the seed's priorities and cross-cutting themes, as two lists */
    assert_non_null(strstr(md, "**Priorities**\n\n- Anti-social behaviour including "
                               "environmental\n- Domestic Abuse\n- Substance Misuse\n"));
    assert_non_null(strstr(md, "**Cross-cutting themes**\n\n- Early Intervention, Prevention & "
                               "Education\n- Priority Neighbourhoods / Geographic Focus\n"));
    assert_null(strstr(md, "| Priorities | Cross-cutting themes |"));
    /* numbers in words, as the seed counts its partnerships */
    assert_non_null(strstr(md, "named by at least six of the eleven local CSPs"));
    assert_null(strstr(md, "5.5"));
    assert_non_null(strstr(md, "All eleven partnerships in force have submitted their strategic "
                               "assessments."));
    /* names as prose names them: no code-like brackets, no ISO dates */
    assert_non_null(strstr(md, "- Safer Maidstone Partnership\n"));
    assert_null(strstr(md, "(Ashford)"));
    assert_null(strstr(md, "(Dartford and Gravesham)"));
    assert_non_null(strstr(md, "Draft generated from submissions up to 20 May 2011."));
    assert_null(strstr(md, "2011-05-20"));
    /* the status box in sentences */
    assert_non_null(strstr(md, "> No lead officer has been named yet for anti-social behaviour "
                               "including environmental, so section 5 shows its lead as TBC."));
    assert_null(strstr(md, "(1):"));
    assert_null(strstr(md, "(11 of 11 received)")); /* tables may say "11 of 11" reported */
    free(md);
}

static void test_a_rerun_is_byte_identical_and_rewrites_nothing(void **state)
{
    (void)state;
    load_kent_except(NULL);
    char *out = NULL;
    const char *dir = agreement(test_path("etl/counties/kent.xml"), "again", &out);
    assert_non_null(strstr(out, "wrote "));
    free(out);
    char path[1200];
    snprintf(path, sizeof path, "%s/agreement.html", dir);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);
    char *first = doc(dir, "html");
    char *err = NULL;
    assert_int_equal(test_csa(&out, &err, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "agreement", "--year", "2011",
                              "--out", dir, "--date", "2011-05-20", NULL),
                     0);
    assert_non_null(strstr(out, "unchanged "));
    assert_null(strstr(out, "wrote "));
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(before.st_ino, after.st_ino); /* not replaced */
    char *second = doc(dir, "html");
    assert_string_equal(first, second);
    free(first);
    free(second);
    free(out);
    free(err);
}

static void test_a_missing_partnership_and_an_unmapped_wording_show_in_the_status_box(
    void **state)
{
    (void)state;
    const char *skip[] = {"swale-2011.xml", "maidstone-2011.xml", NULL};
    load_kent_except(skip);
    const char *f = maidstone_variant("maidstone-2011.xml", "Substance Misuse</priority>",
                                      "Drugs &amp; &lt;b&gt;booze&lt;/b&gt; | \"town\""
                                      "</priority>");
    assert_int_equal(test_csa(NULL, NULL, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "load", f, NULL),
                     0);
    const char *dir = agreement(test_path("etl/counties/kent.xml"), "gaps", NULL);
    char *html = doc(dir, "html"), *md = doc(dir, "md");
    assert_well_formed(html);
    assert_square_tables(md);
    assert_non_null(strstr(md, "Swale"));
    assert_non_null(strstr(html, "Swale"));
    assert_non_null(strstr(html, "Drugs &amp; &lt;b&gt;booze&lt;/b&gt; | &quot;town&quot;"));
    assert_null(strstr(html, "<b>booze"));
    assert_non_null(strstr(md, "booze"));
    free(html);
    free(md);
}

static void test_another_county_gets_its_own_names_and_numbers(void **state)
{
    (void)state;
    /* central ends before the plan year: three partnerships over four districts */
    const char *reg = wessex_register("wessex.xml", "2011-03-31");
    load_wessex(reg, "north", "ASB");
    load_wessex(reg, "south", "ASB");
    const char *dir = agreement(reg, "wessex", NULL);
    for (int k = 0; k < 2; k++) {
        char *text = doc(dir, k ? "md" : "html");
        assert_non_null(strstr(text, "Wessex"));
        assert_non_null(strstr(text, "three"));
        assert_null(strstr(text, "Kent"));
        assert_null(strstr(text, "eleven"));
        assert_null(strstr(text, "Eleven"));
        free(text);
    }
}

static void test_the_selection_rule_reads_as_sql_states_it(void **state)
{
    (void)state;
    const char *reg =
        wessex_register_selecting("wessex-min2.xml", "<selection min-partnerships=\"2\"/>");
    load_wessex(reg, "north", "ASB");
    load_wessex(reg, "south", "ASB");
    const char *dir = agreement(reg, "wessex-min2", NULL);
    char *md = doc(dir, "md"), *html = doc(dir, "html");
    assert_non_null(strstr(md, "A priority is a county priority when it is named by at least "
                               "two of the four local CSPs in their strategic assessments"));
    assert_non_null(strstr(html, "selection line: named by at least two of the four CSPs"));
    /* the line sits at 2 of 4 on the 480-pixel plot: x = 8 + 240 */
    assert_non_null(strstr(html, "<line x1=\"248.0\" y1=\"4\" x2=\"248.0\""));
    free(md);
    free(html);
    reg = wessex_register_selecting("wessex-third.xml", "<selection min-share=\"0.333333\"/>");
    dir = agreement(reg, "wessex-third", NULL);
    md = doc(dir, "md");
    /* more than 1.333332: the smallest whole count it selects is two */
    assert_non_null(strstr(md, "named by at least two of the four local CSPs"));
    assert_null(strstr(md, "1.333332"));
    free(md);
}

static void test_six_of_eleven_is_provisional_and_counts_over_the_six(void **state)
{
    (void)state;
    load_kent_except(kent_five_missing); /* six of eleven */
    const char *dir = agreement(test_path("etl/counties/kent.xml"), "six", NULL);
    char *md = doc(dir, "md"), *html = doc(dir, "html");
    assert_well_formed(html);
    assert_square_tables(md);
    /* the status box: provisional, over six, five still to come, and what could still cross */
    assert_non_null(strstr(md, "> The selection is provisional: every count is over the six "
                               "partnerships that have submitted so far, and five of the eleven "
                               "are still to come. A priority selected now stays selected as more "
                               "arrive, since the line is drawn over all the partnerships in force "
                               "(at least six of the eleven). These priorities below the line "
                               "could still cross it if enough of those still to come name "
                               "them:\n"));
    assert_non_null(strstr(md, "> - Substance Misuse: named by five so far; one more would "
                               "select it\n> - Violent Crime: named by four so far; two more "
                               "would select it\n"));
    assert_non_null(strstr(md, "> - Young People: named by two so far; four more would select "
                               "it\n"));
    /* the count table: over six, marked provisional, substance misuse below the line */
    assert_non_null(strstr(md, "*County priorities are highlighted; provisional: counted over "
                               "the six partnerships that have submitted so far, and five of the "
                               "eleven are still to come*"));
    assert_non_null(strstr(md, "| **Domestic Abuse** | **6** |  |\n"));
    assert_non_null(strstr(md, "| Substance Misuse | 5 | yes, if enough still to come name it |"));
    assert_non_null(strstr(md, "how many of the six partnerships that have submitted so far "
                               "named each priority in their strategic assessment for 2011/12 "
                               "(five of the eleven are still to come)"));
    assert_non_null(strstr(md, "**Priorities (provisional: not every partnership has "
                               "submitted)**"));
    /* the chart's caption, and Appendix B's sentences say what they count over */
    assert_non_null(strstr(html, "named by at least six of the eleven. The counts are provisional: "
                                 "they are over the six partnerships that have submitted so far; "
                                 "five of the eleven are still to come.</figcaption>"));
    assert_non_null(strstr(md, "All six local Community Safety Partnerships in Kent that have "
                               "submitted so far assessed that domestic abuse was a key priority "
                               "for their district/borough during the 2010/11 strategic "
                               "assessment process; five of the eleven are still to come."));
    assert_null(strstr(md, "Six of the eleven"));
    assert_null(strstr(md, "All eleven"));
    assert_null(strstr(md, "context-substance-misuse"));
    free(md);
    free(html);
}

static void test_a_year_nobody_has_submitted_for_is_a_stub(void **state)
{
    (void)state;
    load_kent_except(NULL); /* 2011/12 is all in: none of it belongs in 2021/22 */
    const char *dir = agreement_for(test_path("etl/counties/kent.xml"), "2021", "none", NULL);
    for (int k = 0; k < 2; k++) {
        char *text = doc(dir, k ? "md" : "html");
        static const char *const never[] = {"2011", "2014", "Mike Hill", "Police Authority",
                                            "Primary Care Trust", "Foreword", "Appendix",
                                            "Signatories", "need attention", NULL};
        for (const char *const *w = never; *w; w++)
            if (strstr(text, *w))
                fail_msg("the 2021/22 stub (%s) says \"%s\"", k ? "md" : "html", *w);
        assert_non_null(strstr(text, "Kent Community Safety Agreement"));
        assert_non_null(strstr(text, "Plan year 2021/22"));
        assert_non_null(strstr(text, "No strategic assessment has been submitted for 2021/22 "
                                     "yet: this is a stub, not an agreement."));
        assert_non_null(strstr(text, "None of the twelve partnerships in force has submitted "
                                     "yet:"));
        /* after the split of September 2020: Dartford and Gravesham each have their own */
        assert_non_null(strstr(text, "Gravesham Community Safety Partnership"));
        assert_null(strstr(text, "Dartford and Gravesham"));
        assert_non_null(strstr(text, "The twelve Community Safety Partnerships in force for "
                                     "2021/22, none of which has submitted yet, are:"));
        if (k)
            assert_non_null(strstr(text, "\n## Still to submit\n"));
        else
            assert_well_formed(text);
        free(text);
    }
}

static void test_maidstone_sees_how_its_wordings_were_counted(void **state)
{
    (void)state;
    const char *skip[] = {"thanet-2011.xml", NULL};
    load_kent_except(skip);
    const char *f = maidstone_variant("maidstone-2011.xml", "Reducing Re-offending</priority>",
                                      "Tackling the night-time economy</priority>");
    assert_int_equal(test_csa(NULL, NULL, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "load", f, NULL),
                     0);
    const char *dir = agreement(test_path("etl/counties/kent.xml"), "maidstone", NULL);
    char *md = doc(dir, "md"), *html = doc(dir, "html");
    assert_square_tables(md);
    assert_non_null(strstr(md, "### How each partnership's priorities were counted\n"));
    assert_non_null(strstr(
        md, "| Safer Maidstone Partnership | Antisocial Behaviour | core | ASB/Environmental |\n"
            "|  | Domestic Abuse and Other Violent Crime | core | Domestic Abuse and Violence "
            "(other than DA) |\n"
            "|  | Substance Misuse | core | Substance Misuse |\n"
            "|  | Tackling the night-time economy | core | not counted: it matches no priority "
            "in the county register |\n"
            "|  | Road traffic collisions and speeding | core | Vehicle Related |\n"
            "|  | Safeguarding vulnerable adults | subsidiary | not counted (Kent counts core "
            "priorities only); it would count as Vulnerable Adults |\n"));
    /* a partnership still to come has its row too */
    assert_non_null(strstr(md, "| Thanet Community Safety Partnership | no submission yet |  |  |"
                               "\n"));
    assert_non_null(
        strstr(html, "<caption>Each partnership&#39;s priorities as submitted</caption>"));
    free(md);
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_kent_docx_says_what_the_markdown_says, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_the_kent_draft_matches_the_golden_files, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_no_paragraph_of_the_kent_draft_appears_twice, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_the_kent_draft_reads_as_the_seed_writes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_rerun_is_byte_identical_and_rewrites_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_missing_partnership_and_an_unmapped_wording_show_in_the_status_box, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_another_county_gets_its_own_names_and_numbers,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_selection_rule_reads_as_sql_states_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_six_of_eleven_is_provisional_and_counts_over_the_six, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_year_nobody_has_submitted_for_is_a_stub, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_maidstone_sees_how_its_wordings_were_counted, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
