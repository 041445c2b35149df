/* test_docx.c: the draft agreement as a Word document (render_docx.c and render_block.c's Word
 * mode), from a small agreement built by hand on the Kent register, with no database. The
 * container is read back with minizip's unz* API: every part is there in a fixed order with
 * fixed timestamps, every part is well-formed XML, the styles a house style needs have their
 * ids, the body keeps text inside paragraphs, escapes data text, repeats the header row and
 * shades the selected rows; Appendix A's chart is a chart part whose cached labels and counts
 * are the table's, with its workbook; the notes are Word footnotes referenced where the marks
 * are; two renders give the same bytes, and --final has no status box. */
#include "support.h"

#include "csa/register.h"
#include "csa/render.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <minizip/unzip.h>
#include <stdlib.h>
#include <string.h>

#define EVIL "<script>alert(\"x\")</script> & 'y' | z"

static const char *d_ash[] = {"Ashford"}, *d_dg[] = {"Dartford", "Gravesham"};
static struct agr_partnership parts[] = {
    {"ashford", "Ashford CSP", {d_ash, 1}, 1},
    {"dartford-gravesham", "North Kent CSP", {d_dg, 2}, 1},
};
static const char *members[] = {"ashford", "dartford-gravesham"};
static const char *leads[] = {"Head of Community Safety, Kent Police & " EVIL};
static struct agr_count counts[] = {
    {"asb", "ASB/Environmental", "Anti-social behaviour", "Includes " EVIL, NULL, 2, "6", 1,
     "count", {members, 2}, {leads, 1}, 0},
    {"burglary", "Burglary", "Burglary", NULL, NULL, 1, "2", 0, "", {members, 1}, {NULL, 0}, 0},
};

static struct agreement small(const struct csa_register *r)
{
    struct agreement a = {0};
    a.reg = r;
    a.year = 2011;
    a.date = "2011-05-20";
    a.ndistricts = 3;
    a.partnerships = parts;
    a.npartnerships = 2;
    a.nsubmitted = 2;
    a.rule = (struct agr_rule){"1", 0, "min-share", "0.5", 0};
    a.counts = counts;
    a.ncounts = 2;
    a.draft.number = 3;
    return a;
}

/* Renders a into a .docx under the test folder and returns its path. */
static const char *render_to_file(const struct agreement *a, const char *name)
{
    struct buf b = {0};
    struct csa_error err = {0};
    assert_int_equal(render_docx(a, &b, &err), CSA_OK);
    const char *path = test_tmp(name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
    assert_int_equal(fclose(f), 0);
    buf_free(&b);
    return path;
}

static const char *const part_names[] = {
    "[Content_Types].xml", "_rels/.rels",       "docProps/core.xml", "docProps/app.xml",
    "word/document.xml",   "word/styles.xml",   "word/settings.xml", "word/numbering.xml",
    "word/footer1.xml",    "word/_rels/document.xml.rels",           "word/footnotes.xml",
    "word/charts/chart1.xml", "word/charts/_rels/chart1.xml.rels",
    "word/embeddings/counts.xlsx"};
#define NPARTS (sizeof part_names / sizeof *part_names)
#define NXML (NPARTS - 1) /* all but the embedded workbook */

static xmlDocPtr parse(const char *text, const char *name)
{
    xmlDocPtr d = xmlReadMemory(text, (int)strlen(text), name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (d == NULL)
        fail_msg("%s is not well-formed XML", name);
    return d;
}

/* The XPath expr's node set in d, w: being WordprocessingML's namespace, c: DrawingML
 * charts', wp: Word's drawings', s: SpreadsheetML's, r: relationships'. */
static xmlXPathObjectPtr xpath(xmlDocPtr d, const char *expr)
{
    xmlXPathContextPtr x = xmlXPathNewContext(d);
    xmlXPathRegisterNs(x, BAD_CAST "w",
                       BAD_CAST "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    xmlXPathRegisterNs(x, BAD_CAST "c",
                       BAD_CAST "http://schemas.openxmlformats.org/drawingml/2006/chart");
    xmlXPathRegisterNs(x, BAD_CAST "wp", BAD_CAST "http://schemas.openxmlformats.org/"
                                                  "drawingml/2006/wordprocessingDrawing");
    xmlXPathRegisterNs(x, BAD_CAST "s",
                       BAD_CAST "http://schemas.openxmlformats.org/spreadsheetml/2006/main");
    xmlXPathRegisterNs(x, BAD_CAST "r", BAD_CAST "http://schemas.openxmlformats.org/"
                                                 "officeDocument/2006/relationships");
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, x);
    assert_non_null(o);
    xmlXPathFreeContext(x);
    return o;
}

/* How many nodes the XPath expr finds in d (prefixes as xpath's). */
static int xpath_count(xmlDocPtr d, const char *expr)
{
    xmlXPathObjectPtr o = xpath(d, expr);
    int n = o->nodesetval ? o->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(o);
    return n;
}

/* The texts of the nodes expr finds, each followed by "|". */
static void xpath_texts(xmlDocPtr d, const char *expr, struct buf *out)
{
    xmlXPathObjectPtr o = xpath(d, expr);
    for (int i = 0; o->nodesetval && i < o->nodesetval->nodeNr; i++) {
        xmlChar *t = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
        buf_printf(out, "%s|", (const char *)t);
        xmlFree(t);
    }
    xmlXPathFreeObject(o);
}

static void test_the_container_holds_every_part_in_order_dated_1980(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    struct agreement a = small(r);
    unzFile z = unzOpen(render_to_file(&a, "order.docx"));
    assert_non_null(z);
    size_t i = 0;
    for (int rc = unzGoToFirstFile(z); rc == UNZ_OK; rc = unzGoToNextFile(z), i++) {
        char name[256];
        unz_file_info info;
        assert_int_equal(unzGetCurrentFileInfo(z, &info, name, sizeof name, NULL, 0, NULL, 0),
                         UNZ_OK);
        assert_true(i < NPARTS);
        assert_string_equal(name, part_names[i]);
        assert_int_equal(info.tmu_date.tm_year, 1980);
        assert_int_equal(info.tmu_date.tm_mon, 0);
        assert_int_equal(info.tmu_date.tm_mday, 1);
        assert_int_equal(info.tmu_date.tm_hour + info.tmu_date.tm_min + info.tmu_date.tm_sec, 0);
    }
    assert_int_equal(i, NPARTS);
    unzClose(z);
    register_free(r);
}

static void test_every_part_is_well_formed_xml(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    struct agreement a = small(r);
    const char *path = render_to_file(&a, "parts.docx");
    for (size_t i = 0; i < NXML; i++) {
        char *text = test_unzip(path, part_names[i]);
        assert_non_null(text);
        xmlFreeDoc(parse(text, part_names[i]));
        free(text);
    }
    register_free(r);
}

static void test_the_styles_a_house_style_needs_have_their_ids_and_en_gb(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    struct agreement a = small(r);
    char *text = test_unzip(render_to_file(&a, "styles.docx"), "word/styles.xml");
    xmlDocPtr d = parse(text, "styles.xml");
    static const char *const ids[] = {"Title",        "Heading1",          "Heading2",
                                      "Heading3",     "ListBullet",        "TableGrid",
                                      "Caption",      "FootnoteText",      "TOCHeading",
                                      "TOC1",         "FootnoteReference"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        char expr[128];
        snprintf(expr, sizeof expr, "//w:style[@w:styleId='%s']", ids[i]);
        if (xpath_count(d, expr) != 1)
            fail_msg("styles.xml does not define the style %s once", ids[i]);
    }
    assert_int_equal(xpath_count(d, "//w:style[@w:styleId='TableGrid'][@w:type='table']"
                                    "/w:name[@w:val='Table Grid']"),
                     1);
    assert_int_equal(xpath_count(d, "/w:styles/w:docDefaults//w:lang[@w:val='en-GB']"), 1);
    xmlFreeDoc(d);
    free(text);
    register_free(r);
}

static void test_the_body_uses_the_styles_escapes_and_shades_the_selected_row(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    struct agreement a = small(r);
    const char *path = render_to_file(&a, "body.docx");
    char *text = test_unzip(path, "word/document.xml");
    xmlDocPtr d = parse(text, "document.xml");
    /* text only inside paragraphs, every paragraph style one styles.xml defines */
    assert_int_equal(xpath_count(d, "/w:document/w:body/w:r"), 0);
    assert_int_equal(xpath_count(d, "//w:tc/w:r"), 0);
    assert_int_equal(xpath_count(d, "//w:pStyle[not(@w:val='Title' or @w:val='Heading1' or "
                                    "@w:val='Heading2' or @w:val='Heading3' or "
                                    "@w:val='ListBullet' or @w:val='Caption' or "
                                    "@w:val='FootnoteText' or @w:val='TOCHeading' or "
                                    "@w:val='TOC1')]"),
                     0);
    assert_int_equal(xpath_count(d, "//w:p[w:pPr/w:pStyle/@w:val='Title']"), 1);
    assert_true(xpath_count(d, "//w:p[w:pPr/w:pStyle/@w:val='Heading1']") >= 10);
    /* every cell ends with a paragraph; every table repeats its first row */
    assert_int_equal(xpath_count(d, "//w:tc[not(*[last()][self::w:p])]"), 0);
    assert_int_equal(xpath_count(d, "//w:tbl[w:tblPr/w:tblStyle/@w:val='TableGrid']"),
                     xpath_count(d, "//w:tbl"));
    assert_int_equal(xpath_count(d, "//w:tbl[not(w:tr[1]/w:trPr/w:tblHeader)][count(w:tr)>1]"),
                     0);
    /* the selected priority's row is shaded and bold, the other not */
    assert_true(xpath_count(d, "//w:tr[w:tc//w:t='ASB/Environmental']/w:tc/w:tcPr/"
                               "w:shd[@w:fill='E2EFDA']") >= 2);
    assert_int_equal(xpath_count(d, "//w:tr[w:tc//w:t='Burglary']/w:tc/w:tcPr/w:shd"), 0);
    /* the contents is a TOC field; the status box a shaded table at the very top */
    assert_non_null(strstr(text, "<w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h"));
    assert_int_equal(xpath_count(d, "/w:document/w:body/*[1][self::w:tbl]//w:shd"
                                    "[@w:fill='FFF2CC']"),
                     1);
    /* data text escaped: the hostile wording is text, never markup */
    assert_null(strstr(text, "<script"));
    assert_non_null(strstr(text, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
                                 "&#39;y&#39; | z"));
    xmlFreeDoc(d);
    free(text);
    char *foot = test_unzip(path, "word/footer1.xml");
    assert_non_null(strstr(foot, "w:instr=\" PAGE \""));
    free(foot);
    char *core = test_unzip(path, "docProps/core.xml");
    assert_non_null(strstr(core, "<dc:title>Kent Community Safety Agreement, April 2011 to "
                                 "March 2014</dc:title>"));
    assert_non_null(strstr(core, "plan year 2011/12, draft 3</dc:subject>"));
    assert_non_null(strstr(core, "<dc:language>en-GB</dc:language>"));
    assert_non_null(strstr(core, "<cp:revision>3</cp:revision>"));
    free(core);
    register_free(r);
}

static void test_two_renders_give_the_same_bytes(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    struct agreement a = small(r);
    struct buf one = {0}, two = {0};
    struct csa_error err = {0};
    assert_int_equal(render_docx(&a, &one, &err), CSA_OK);
    assert_int_equal(render_docx(&a, &two, &err), CSA_OK);
    assert_true(one.len > 1000);
    assert_int_equal(one.len, two.len);
    assert_memory_equal(one.data, two.data, one.len);
    buf_free(&one);
    buf_free(&two);
    register_free(r);
}

static void test_a_final_document_has_no_status_box(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    struct agreement a = small(r);
    a.draft.final = 1;
    const char *path = render_to_file(&a, "final.docx");
    char *text = test_unzip(path, "word/document.xml");
    assert_null(strstr(text, "FFF2CC"));
    assert_null(strstr(text, "Draft for review"));
    free(text);
    char *core = test_unzip(path, "docProps/core.xml");
    assert_non_null(strstr(core, "<cp:contentStatus>Final</cp:contentStatus>"));
    free(core);
    register_free(r);
}

static void test_the_chart_caches_the_labels_and_counts_in_the_tables_order(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    struct agreement a = small(r);
    const char *path = render_to_file(&a, "chart.docx");
    char *text = test_unzip(path, "word/charts/chart1.xml");
    assert_non_null(text);
    xmlDocPtr d = parse(text, "chart1.xml");
    struct buf cats = {0}, vals = {0};
    xpath_texts(d, "//c:barChart/c:ser/c:cat/c:strRef/c:strCache/c:pt/c:v", &cats);
    xpath_texts(d, "//c:barChart/c:ser/c:val/c:numRef/c:numCache/c:pt/c:v", &vals);
    assert_string_equal(buf_str(&cats), "ASB/Environmental|Burglary|");
    assert_string_equal(buf_str(&vals), "2|1|");
    assert_int_equal(xpath_count(d, "//c:barDir[@val='bar']"), 1);
    assert_int_equal(xpath_count(d, "//c:cat//c:ptCount[@val='2']"), 1);
    assert_int_equal(xpath_count(d, "//c:cat/c:strRef/c:f[.='Sheet1!$A$2:$A$3']"), 1);
    assert_int_equal(xpath_count(d, "//c:val/c:numRef/c:f[.='Sheet1!$B$2:$B$3']"), 1);
    /* the selected row alone is dark */
    assert_int_equal(xpath_count(d, "//c:dPt[c:idx/@val='0']"), 1);
    assert_int_equal(xpath_count(d, "//c:dPt"), 1);
    assert_int_equal(xpath_count(d, "/c:chartSpace/c:externalData"), 1);
    xmlFreeDoc(d);
    free(text);
    buf_free(&cats);
    buf_free(&vals);

    /* the document holds it inline, its numbers in the alternative text */
    text = test_unzip(path, "word/document.xml");
    d = parse(text, "document.xml");
    assert_int_equal(xpath_count(d, "//w:p/w:r/w:drawing/wp:inline/*[local-name()='graphic']"
                                    "/*[local-name()='graphicData']/c:chart[@r:id='rId6']"),
                     1);
    assert_int_equal(xpath_count(d, "//w:drawing/wp:inline/wp:docPr[contains(@descr, "
                                    "'ASB/Environmental 2 of 2, selected; Burglary 1 of 2.')]"),
                     1);
    /* its caption states the rule in words: the Word chart draws no dashed line */
    assert_int_equal(xpath_count(d, "//w:p[w:pPr/w:pStyle/@w:val='Caption' and contains(., "
                                    "'a priority is selected when named by')]"),
                     1);
    assert_int_equal(xpath_count(d, "//w:p[contains(., 'dashed')]"), 0);
    xmlFreeDoc(d);
    free(text);
    char *rels = test_unzip(path, "word/_rels/document.xml.rels");
    assert_non_null(strstr(rels, "Id=\"rId6\" Type=\"http://schemas.openxmlformats.org/"
                                 "officeDocument/2006/relationships/chart\" "
                                 "Target=\"charts/chart1.xml\""));
    free(rels);
    char *types = test_unzip(path, "[Content_Types].xml");
    assert_non_null(strstr(types, "<Override PartName=\"/word/charts/chart1.xml\" "
                                  "ContentType=\"application/vnd.openxmlformats-"
                                  "officedocument.drawingml.chart+xml\"/>"));
    assert_non_null(strstr(types, "<Default Extension=\"xlsx\""));
    free(types);

    /* the workbook behind it holds the same rows */
    const char *xlsx = test_tmp("chart-counts.xlsx");
    unzFile z = unzOpen(path);
    assert_int_equal(unzLocateFile(z, "word/embeddings/counts.xlsx", 1), UNZ_OK);
    unz_file_info info;
    assert_int_equal(unzGetCurrentFileInfo(z, &info, NULL, 0, NULL, 0, NULL, 0), UNZ_OK);
    char *bytes = malloc(info.uncompressed_size);
    assert_int_equal(unzOpenCurrentFile(z), UNZ_OK);
    assert_int_equal(unzReadCurrentFile(z, bytes, (unsigned)info.uncompressed_size),
                     (int)info.uncompressed_size);
    unzCloseCurrentFile(z);
    unzClose(z);
    FILE *f = fopen(xlsx, "wb");
    assert_non_null(f);
    fwrite(bytes, 1, info.uncompressed_size, f);
    fclose(f);
    free(bytes);
    text = test_unzip(xlsx, "xl/worksheets/sheet1.xml");
    d = parse(text, "sheet1.xml");
    struct buf cells = {0};
    xpath_texts(d, "//s:c", &cells);
    assert_string_equal(buf_str(&cells), "Priority|No. of CSPs selecting the priority|"
                                         "ASB/Environmental|2|Burglary|1|");
    buf_free(&cells);
    xmlFreeDoc(d);
    free(text);
    register_free(r);
}

static void test_the_notes_are_word_footnotes_referenced_where_the_marks_are(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    struct agreement a = small(r);
    const char *path = render_to_file(&a, "notes.docx");
    char *text = test_unzip(path, "word/footnotes.xml");
    assert_non_null(text);
    xmlDocPtr d = parse(text, "footnotes.xml");
    /* Word's separators first, then a footnote a note, in Footnote Text */
    assert_int_equal(xpath_count(d, "/w:footnotes/w:footnote[1][@w:id='-1'][@w:type='separator']"
                                    "//w:separator"),
                     1);
    assert_int_equal(xpath_count(d, "/w:footnotes/w:footnote[2][@w:id='0']"
                                    "[@w:type='continuationSeparator']//w:continuationSeparator"),
                     1);
    /* two notes: the ASB row's, and the districts' note on the count column's header, which
     * comes first in the document and so is footnote 1 */
    assert_int_equal(xpath_count(d, "/w:footnotes/w:footnote[not(@w:type)]"), 2);
    struct buf notes = {0};
    xpath_texts(d, "/w:footnotes/w:footnote[not(@w:type)]", &notes);
    assert_non_null(strstr(buf_str(&notes), "There are 3 district/boroughs in Kent, but only 2 "));
    assert_non_null(strstr(buf_str(&notes), "| Includes <script>alert"));
    assert_int_equal(xpath_count(d, "//w:footnote[@w:id='1']//w:t[contains(., 'district')]"), 1);
    assert_int_equal(xpath_count(d, "//w:footnote[not(@w:type)]/w:p[w:pPr/w:pStyle/@w:val="
                                    "'FootnoteText'][w:r[1]/w:footnoteRef]"),
                     2);
    buf_free(&notes);
    xmlFreeDoc(d);
    free(text);

    text = test_unzip(path, "word/document.xml");
    d = parse(text, "document.xml");
    assert_int_equal(xpath_count(d, "//w:tr[1]/w:tc[2]//w:r[w:rPr/w:rStyle/@w:val="
                                    "'FootnoteReference']/w:footnoteReference[@w:id='1']"),
                     1);
    assert_int_equal(xpath_count(d, "//w:tc[.//w:t='ASB/Environmental']//w:footnoteReference"
                                    "[@w:id='2']"),
                     1);
    assert_int_equal(xpath_count(d, "//w:footnoteReference"), 2);
    /* the notes are not also in the body */
    assert_int_equal(xpath_count(d, "//w:p[w:pPr/w:pStyle/@w:val='FootnoteText']"
                                    "[.//w:vertAlign or .//w:t[contains(., 'Includes')]]"),
                     0);
    xmlFreeDoc(d);
    free(text);
    char *settings = test_unzip(path, "word/settings.xml");
    assert_non_null(strstr(settings, "<w:footnotePr><w:footnote w:id=\"-1\"/>"
                                     "<w:footnote w:id=\"0\"/></w:footnotePr>"));
    free(settings);
    char *rels = test_unzip(path, "word/_rels/document.xml.rels");
    assert_non_null(strstr(rels, "relationships/footnotes\" Target=\"footnotes.xml\""));
    free(rels);
    register_free(r);
}

static void test_a_stub_has_no_chart_part(void **state)
{
    (void)state;
    struct csa_register *r = test_kent();
    struct agreement a = small(r);
    a.nsubmitted = 0;
    const char *path = render_to_file(&a, "stub.docx");
    char *chart = test_unzip(path, "word/charts/chart1.xml");
    assert_null(chart);
    char *types = test_unzip(path, "[Content_Types].xml");
    assert_null(strstr(types, "chart"));
    free(types);
    char *fn = test_unzip(path, "word/footnotes.xml");
    assert_non_null(fn);
    free(fn);
    register_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_container_holds_every_part_in_order_dated_1980),
        cmocka_unit_test(test_every_part_is_well_formed_xml),
        cmocka_unit_test(test_the_styles_a_house_style_needs_have_their_ids_and_en_gb),
        cmocka_unit_test(test_the_body_uses_the_styles_escapes_and_shades_the_selected_row),
        cmocka_unit_test(test_two_renders_give_the_same_bytes),
        cmocka_unit_test(test_a_final_document_has_no_status_box),
        cmocka_unit_test(test_the_chart_caches_the_labels_and_counts_in_the_tables_order),
        cmocka_unit_test(test_the_notes_are_word_footnotes_referenced_where_the_marks_are),
        cmocka_unit_test(test_a_stub_has_no_chart_part),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
