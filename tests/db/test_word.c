/* test_word.c: the agreement as a Word document, read back the way its readers get it: `csa
 * agreement --format docx` through the real command line, for Kent 2011/12 and for the
 * invented county Wessex (dbtest.h). LibreOffice converts each document to PDF once, and
 * pdftotext must find in it every heading of the Markdown, every Appendix A count, every
 * priority lead and every footnote's text. The chart part is read with minizip and libxml2:
 * its cached labels and values are `csa counts`' rows, in order. The styles the issue names
 * are in styles.xml; two runs give the same bytes; Wessex's document names no Kent in any
 * part, the embedded workbook's too.
 * Needs libreoffice-writer-nogui and poppler-utils (scripts/setup.sh installs them): without
 * them it fails. */
#include "dbtest.h"
#include "doctext.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <minizip/unzip.h>
#include <sys/stat.h>



/* csa agreement --format md,docx for 2011 with register reg into a new folder; returns it. */
static const char *draft(const char *reg, const char *folder)
{
    static char dirs[4][1024];
    static int next;
    char *dir = dirs[next++ % 4];
    snprintf(dir, sizeof dirs[0], "%s", test_tmp(folder));
    char *err = NULL;
    int rc = test_csa(NULL, &err, "--db", test_db_conninfo(), "--county", reg, "agreement",
                      "--year", "2011", "--out", dir, "--date", "2011-05-20", "--format",
                      "md,docx", NULL);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    free(err);
    assert_int_equal(rc, 0);
    return dir;
}

static char *file_in(const char *dir, const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return test_slurp(path);
}

/* The text of dir/agreement.docx as LibreOffice prints it (one conversion), squeezed: in
 * reading order (*flow) and as laid out on the page (*layout, a table row on one line). */
static void office_text(const char *dir, char **flow, char **layout)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && HOME='%s' timeout 180 soffice --headless --norestore "
             "-env:UserInstallation=file://%s/lo-profile --convert-to pdf --outdir pdf "
             "agreement.docx >lo.log 2>&1 && test -s pdf/agreement.pdf && echo ok",
             dir, dir, dir);
    free(doctext_run(cmd));
    snprintf(cmd, sizeof cmd, "pdftotext '%s/pdf/agreement.pdf' -", dir);
    *flow = doctext_squeeze(doctext_run(cmd));
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s/pdf/agreement.pdf' -", dir);
    *layout = doctext_squeeze(doctext_run(cmd));
}


static void assert_in(const char *text, const char *want, const char *what)
{
    if (strstr(text, want) == NULL)
        fail_msg("LibreOffice's PDF of the Word document lacks %s \"%s\"", what, want);
}

/* Every heading, lead and footnote of the Markdown is in the PDF's text: headings are lines
 * starting "#", leads the second cells of the table headed "Lead Officer/Agency", footnotes
 * the lines starting "<sup>N</sup> ". Returns how many leads and notes it found. */
static void assert_says_what_md_says(const char *md, const char *flow, int *leads, int *notes)
{
    int in_leads = 0;
    *leads = *notes = 0;
    for (const char *line = md; *line;) {
        size_t len = strcspn(line, "\n");
        struct buf want = {0};
        if (line[0] == '#') {
            doctext_md_plain(line, len, &want);
            assert_in(flow, buf_str(&want), "the heading");
        } else if (strncmp(line, "| Priority | Lead Officer/Agency |", 34) == 0) {
            in_leads = 1;
        } else if (in_leads && line[0] == '|' && strncmp(line, "| ---", 5) != 0) {
            const char *cell = strstr(line + 1, " | ");
            assert_non_null(cell);
            doctext_md_plain(cell + 3, len - (size_t)(cell + 3 - line) - 2, &want); /* less " |" */
            assert_in(flow, buf_str(&want), "the lead");
            (*leads)++;
        } else if (line[0] != '|') {
            in_leads = 0;
        }
        if (strncmp(line, "<sup>", 5) == 0) {
            const char *text = strstr(line, "</sup> ");
            assert_non_null(text);
            text += 7;
            doctext_md_plain(text, len - (size_t)(text - line), &want);
            assert_in(flow, buf_str(&want), "the footnote");
            (*notes)++;
        }
        buf_free(&want);
        line += len + (line[len] == '\n');
    }
}

/* Appendix A's rows as `csa counts --format csv` gives them (priority,label,partnerships,
 * selected,basis; a row is in Appendix A when it was named or is counted): labels and
 * counts, each followed by "|". */
static int counts_of(const char *reg, struct buf *labels, struct buf *values)
{
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county", reg, "counts",
                              "--year", "2011", "--format", "csv", NULL),
                     0);
    int rows = 0;
    char *save = NULL;
    strtok_r(out, "\n", &save); /* the header */
    for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[5] = {0};
        int k = 0;
        for (char *c = line; c && k < 5; k++) { /* a field may be empty */
            f[k] = c;
            c = strchr(c, ',');
            if (c)
                *c++ = '\0';
        }
        assert_int_equal(k, 5); /* no label of these registers holds a comma */
        if (atoi(f[2]) == 0 && strcmp(f[4], "count") != 0)
            continue;
        buf_printf(labels, "%s|", f[1]);
        buf_printf(values, "%s|", f[2]);
        rows++;
    }
    free(out);
    return rows;
}

/* The texts of the nodes expr (c: DrawingML charts', w: WordprocessingML's) finds in the
 * part name of the zip at path, each followed by "|"; returns how many. */
static int part_texts(const char *path, const char *name, const char *expr, struct buf *out)
{
    char *xml = test_unzip(path, name);
    if (xml == NULL)
        fail_msg("%s has no part %s", path, name);
    xmlDocPtr d = xmlReadMemory(xml, (int)strlen(xml), name, NULL, XML_PARSE_NONET);
    assert_non_null(d);
    xmlXPathContextPtr x = xmlXPathNewContext(d);
    xmlXPathRegisterNs(x, BAD_CAST "c",
                       BAD_CAST "http://schemas.openxmlformats.org/drawingml/2006/chart");
    xmlXPathRegisterNs(x, BAD_CAST "w",
                       BAD_CAST "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, x);
    assert_non_null(o);
    int n = o->nodesetval ? o->nodesetval->nodeNr : 0;
    for (int i = 0; i < n; i++) {
        xmlChar *t = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
        buf_printf(out, "%s|", (const char *)t);
        xmlFree(t);
    }
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(x);
    xmlFreeDoc(d);
    free(xml);
    return n;
}

/* The chart's cached labels and values are `csa counts`' Appendix A rows, in order, and
 * every row's count is printed after its label (a footnote mark between them allowed). */
static void assert_chart_and_counts(const char *reg, const char *docx, const char *layout,
                                    int want_rows)
{
    struct buf labels = {0}, values = {0}, cats = {0}, vals = {0};
    assert_int_equal(counts_of(reg, &labels, &values), want_rows);
    assert_int_equal(part_texts(docx, "word/charts/chart1.xml",
                                "//c:ser/c:cat/c:strRef/c:strCache/c:pt/c:v", &cats),
                     want_rows);
    part_texts(docx, "word/charts/chart1.xml", "//c:ser/c:val/c:numRef/c:numCache/c:pt/c:v",
               &vals);
    assert_string_equal(buf_str(&cats), buf_str(&labels));
    assert_string_equal(buf_str(&vals), buf_str(&values));
    char *l = labels.data, *v = values.data, *ls = NULL, *vs = NULL;
    for (char *label = strtok_r(l, "|", &ls), *value = strtok_r(v, "|", &vs); label && value;
         label = strtok_r(NULL, "|", &ls), value = strtok_r(NULL, "|", &vs)) {
        int found = 0;
        for (const char *at = strstr(layout, label); at && !found; at = strstr(at + 1, label)) {
            const char *p = at + strlen(label);
            p += strspn(p, "0123456789"); /* a footnote mark */
            found = *p == ' ' && strncmp(p + 1, value, strlen(value)) == 0 &&
                    (p[1 + strlen(value)] == ' ' || p[1 + strlen(value)] == '\0');
        }
        if (!found)
            fail_msg("LibreOffice's PDF of the Word document lacks the count \"%s %s\"", label,
                     value);
    }
    buf_free(&labels);
    buf_free(&values);
    buf_free(&cats);
    buf_free(&vals);
}

static void assert_styles(const char *docx)
{
    static const char *const names[] = {"Title", "heading 1", "heading 2", "heading 3",
                                        "List Bullet", "Table Grid", "caption", "footnote text"};
    struct buf got = {0};
    part_texts(docx, "word/styles.xml", "//w:style/w:name/@w:val", &got);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char want[64];
        snprintf(want, sizeof want, "|%s|", names[i]);
        struct buf all = {0};
        buf_printf(&all, "|%s", buf_str(&got));
        if (strstr(buf_str(&all), want) == NULL)
            fail_msg("styles.xml has no style named %s", names[i]);
        buf_free(&all);
    }
    buf_free(&got);
}

/* A second draft into another folder gives the same bytes. */
static void assert_same_bytes_again(const char *reg, const char *dir, const char *folder)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/agreement.docx", draft(reg, folder));
    struct stat one, two;
    char first[1200];
    snprintf(first, sizeof first, "%s/agreement.docx", dir);
    assert_int_equal(stat(first, &one), 0);
    assert_int_equal(stat(path, &two), 0);
    assert_int_equal(one.st_size, two.st_size);
    char cmd[2600];
    snprintf(cmd, sizeof cmd, "cmp '%s' '%s' && echo same", first, path);
    free(doctext_run(cmd));
}

static void test_the_kent_docx_prints_its_headings_counts_leads_and_notes(void **state)
{
    (void)state;
    load_kent_except(NULL);
    const char *reg = test_path("etl/counties/kent.xml");
    const char *dir = draft(reg, "word-kent");
    char docx[1200], *flow, *layout, *md = file_in(dir, "agreement.md");
    snprintf(docx, sizeof docx, "%s/agreement.docx", dir);
    office_text(dir, &flow, &layout);
    int leads, notes;
    assert_says_what_md_says(md, flow, &leads, &notes);
    assert_int_equal(leads, 6);
    assert_int_equal(notes, 3);
    assert_in(flow, "There are 12 district/boroughs in Kent, but only 11 Community Safety "
                    "Partnerships (CSPs) as Dartford and Gravesham have a joint CSP.",
              "the footnote");
    assert_chart_and_counts(reg, docx, layout, 12);
    assert_styles(docx);
    assert_same_bytes_again(reg, dir, "word-kent-again");
    free(md);
    free(flow);
    free(layout);
}

/* Every part of the zip at path holds no "kent" in any case, nor does a zip inside it. */
static void assert_no_kent(const char *path)
{
    unzFile z = unzOpen(path);
    assert_non_null(z);
    int parts = 0;
    for (int rc = unzGoToFirstFile(z); rc == UNZ_OK; rc = unzGoToNextFile(z), parts++) {
        char name[256];
        unz_file_info info;
        assert_int_equal(unzGetCurrentFileInfo(z, &info, name, sizeof name, NULL, 0, NULL, 0),
                         UNZ_OK);
        char *bytes = malloc(info.uncompressed_size + 1);
        assert_int_equal(unzOpenCurrentFile(z), UNZ_OK);
        assert_int_equal(unzReadCurrentFile(z, bytes, (unsigned)info.uncompressed_size),
                         (int)info.uncompressed_size);
        assert_int_equal(unzCloseCurrentFile(z), UNZ_OK);
        bytes[info.uncompressed_size] = '\0';
        size_t len = strlen(name);
        if (len > 5 && strcmp(name + len - 5, ".xlsx") == 0) {
            FILE *f = fopen(test_tmp("inner.xlsx"), "wb");
            assert_non_null(f);
            assert_int_equal(fwrite(bytes, 1, info.uncompressed_size, f),
                             info.uncompressed_size);
            assert_int_equal(fclose(f), 0);
            assert_no_kent(test_tmp("inner.xlsx"));
        } else {
            for (char *c = bytes; *c; c++)
                *c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
            if (strstr(bytes, "kent"))
                fail_msg("%s of %s names Kent", name, path);
        }
        free(bytes);
    }
    unzClose(z);
    assert_true(parts >= 5);
}

static void test_the_invented_countys_docx_prints_its_own_and_names_no_kent(void **state)
{
    (void)state;
    /* four partnerships over five districts (north is joint): a note on the count column */
    const char *reg = wessex_register("wessex.xml", NULL);
    load_wessex(reg, "north", "ASB;Drug dealing");
    load_wessex(reg, "south", "Nuisance neighbours");
    load_wessex(reg, "west", "Tackling ASB;Burglary");
    load_wessex(reg, "central", "ASB;Drug dealing");
    const char *dir = draft(reg, "word-wessex");
    char docx[1200], *flow, *layout, *md = file_in(dir, "agreement.md");
    snprintf(docx, sizeof docx, "%s/agreement.docx", dir);
    office_text(dir, &flow, &layout);
    int leads, notes;
    assert_says_what_md_says(md, flow, &leads, &notes);
    assert_int_equal(leads, 2); /* ASB and drugs are selected, drugs' lead TBC */
    assert_int_equal(notes, 1);
    assert_in(flow, "There are 5 district/boroughs in Wessex, but only 4 Community Safety "
                    "Partnerships",
              "the footnote");
    assert_in(flow, "Wessex Community Safety Agreement", "the title");
    assert_chart_and_counts(reg, docx, layout, 3);
    assert_styles(docx);
    assert_same_bytes_again(reg, dir, "word-wessex-again");
    assert_no_kent(docx);
    assert_null(strstr(flow, "Kent"));
    free(md);
    free(flow);
    free(layout);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_the_kent_docx_prints_its_headings_counts_leads_and_notes, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_the_invented_countys_docx_prints_its_own_and_names_no_kent, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
