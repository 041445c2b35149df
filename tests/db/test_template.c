/* test_template.c: `csa template`, the county's submission workbook (doc/workbook.md): its
 * parts parse and hold the pre-filled header, the register's lists, the validations and the
 * protection; the same register gives the same bytes; an invented county gets its own words;
 * --from-version pre-fills last year's submission from the database; LibreOffice Calc opens
 * a template, fills it and saves it with the validations and the cells intact, and what it
 * saved validates, loads and counts as the XML does. */
#include "dbtest.h"
#include "csa/fsio.h"

#include <libxml/parser.h>
#include <unistd.h>

static const char *kent(void)
{
    return test_path("etl/counties/kent.xml");
}

/* Runs csa template with the given register, partnership and year into name (under the
 * test's folder); returns the exit code, *err (may be NULL) its stderr. */
static int template(const char *reg, const char *code, const char *year, const char *name,
                    int from_version, char **err)
{
    const char *out = test_tmp(name);
    unlink(out);
    if (from_version)
        return test_csa(NULL, err, "--db", test_db_conninfo(), "--county", reg, "template",
                        "--partnership", code, "--year", year, "--out", out, "--from-version",
                        NULL);
    return test_csa(NULL, err, "--county", reg, "template", "--partnership", code, "--year",
                    year, "--out", out, NULL);
}

/* The part `part` of the workbook at path; fails the test unless it is well-formed XML. */
static char *part_of(const char *path, const char *part)
{
    char *text = test_unzip(path, part);
    assert_non_null(text);
    xmlDocPtr doc = xmlReadMemory(text, (int)strlen(text), part, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlFreeDoc(doc);
    return text;
}

static void assert_has(const char *text, const char *what)
{
    if (strstr(text, what) == NULL)
        fail_msg("missing %s", what);
}

static void test_the_template_holds_the_header_the_lists_the_validations_and_protection(
    void **state)
{
    (void)state;
    assert_int_equal(template(kent(), "swale", "2012", "swale.xlsx", 0, NULL), 0);
    const char *path = test_tmp("swale.xlsx");
    static const char *const parts[] = {
        "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
        "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        free(part_of(path, parts[i]));
    char *wb = part_of(path, "xl/workbook.xml");
    assert_has(wb, "<sheet name=\"Instructions\" sheetId=\"1\" r:id=\"rId1\"/>"
                   "<sheet name=\"Submission\" sheetId=\"2\" r:id=\"rId2\"/>"
                   "<sheet name=\"Priorities\" sheetId=\"3\" r:id=\"rId3\"/>"
                   "<sheet name=\"Themes\" sheetId=\"4\" r:id=\"rId4\"/>"
                   "<sheet name=\"Crime\" sheetId=\"5\" r:id=\"rId5\"/>"
                   "<sheet name=\"Indicators\" sheetId=\"6\" r:id=\"rId6\"/>"
                   "<sheet name=\"Emerging issues\" sheetId=\"7\" r:id=\"rId7\"/>"
                   "<sheet name=\"Lists\" sheetId=\"8\" state=\"hidden\" r:id=\"rId8\"/>");
    assert_has(wb, "<definedName name=\"PriorityLabels\">Lists!$A$2:$A$19</definedName>");
    free(wb);
    /* the header: county, code and plan year locked (style 4), the name pre-filled, the rest
     * empty input cells (style 5; the date style 6) */
    char *sub = part_of(path, "xl/worksheets/sheet2.xml");
    assert_has(sub, "<c r=\"B3\" s=\"4\"><v>1</v></c>");
    assert_has(sub, "<c r=\"B4\" s=\"4\" t=\"inlineStr\"><is><t>E10000016</t></is></c>");
    assert_has(sub, "<c r=\"B5\" s=\"4\" t=\"inlineStr\"><is><t>swale</t></is></c>");
    assert_has(sub, "<c r=\"B6\" s=\"5\" t=\"inlineStr\"><is><t>Swale Community Safety "
                    "Partnership</t></is></c>");
    assert_has(sub, "<c r=\"B7\" s=\"4\" t=\"inlineStr\"><is><t>2012/13</t></is></c>");
    assert_has(sub, "<c r=\"B8\" s=\"6\"/>");
    assert_has(sub, "<c r=\"B9\" s=\"5\"/>");
    assert_has(sub, "<sheetProtection sheet=\"1\"");
    assert_null(strstr(sub, "password"));
    free(sub);
    char *styles = part_of(path, "xl/styles.xml");
    assert_has(styles, "<protection locked=\"0\"/>");
    assert_has(styles, "formatCode=\"yyyy\\-mm\\-dd\"");
    free(styles);
    /* drop-downs that offer (free wording stays allowed) and rules that refuse */
    char *pri = part_of(path, "xl/worksheets/sheet3.xml");
    assert_has(pri, "<c r=\"A3\" s=\"3\" t=\"inlineStr\"><is><t>Priority</t></is></c>");
    assert_has(pri, "<pane ySplit=\"3\" topLeftCell=\"A4\" activePane=\"bottomLeft\" "
                    "state=\"frozen\"/>");
    assert_has(pri, "<dataValidation type=\"list\" errorStyle=\"information\" allowBlank=\"1\" "
                    "showInputMessage=\"1\" showErrorMessage=\"0\"");
    assert_has(pri, "sqref=\"A4:A43\"><formula1>PriorityLabels</formula1>");
    assert_has(pri, "sqref=\"B4:B43\"><formula1>Kinds</formula1>");
    assert_has(pri, "<dataValidation type=\"whole\" operator=\"greaterThanOrEqual\"");
    assert_has(pri, "sqref=\"C4:C43\"><formula1>1</formula1>");
    assert_has(pri, "sqref=\"D4:D43\"><formula1>0</formula1>");
    assert_has(pri, "<c r=\"D43\" s=\"5\"/>");
    free(pri);
    char *crime = part_of(path, "xl/worksheets/sheet5.xml");
    assert_has(crime, "<t>Previous period end</t>");
    assert_has(crime, "sqref=\"C9:C68\"><formula1>0</formula1>");
    assert_has(crime, "<dataValidation type=\"date\"");
    free(crime);
    char *ind = part_of(path, "xl/worksheets/sheet6.xml");
    assert_has(ind, "<c r=\"A4\" s=\"5\" t=\"inlineStr\"><is><t>ASB incidents</t></is></c>");
    assert_has(ind, "<t>KSI casualties</t>");
    free(ind);
    char *lists = part_of(path, "xl/worksheets/sheet8.xml");
    assert_has(lists, "<c r=\"A2\" t=\"inlineStr\"><is><t>ASB/Environmental</t></is></c>");
    assert_has(lists, "<t>Violence (other than DA)</t>");
    assert_has(lists, "<t>Early Intervention, Prevention &amp; Education</t>");
    assert_has(lists, "<c r=\"C3\" t=\"inlineStr\"><is><t>subsidiary</t></is></c>");
    free(lists);
}

static void test_two_runs_give_identical_bytes(void **state)
{
    (void)state;
    assert_int_equal(template(kent(), "maidstone", "2013", "a.xlsx", 0, NULL), 0);
    sleep(1); /* a timestamp would show */
    assert_int_equal(template(kent(), "maidstone", "2013", "b.xlsx", 0, NULL), 0);
    int same = 0;
    assert_int_equal(fsio_same_files(test_tmp("a.xlsx"), test_tmp("b.xlsx"), &same, NULL), 0);
    assert_true(same);
}

static void test_another_county_gets_its_own_labels_and_no_word_of_kent(void **state)
{
    (void)state;
    const char *reg = wessex_register("wessex-tpl.xml", NULL);
    assert_int_equal(template(reg, "north", "2011", "north.xlsx", 0, NULL), 0);
    const char *path = test_tmp("north.xlsx");
    char *lists = part_of(path, "xl/worksheets/sheet8.xml");
    assert_has(lists, "<t>ASB</t>");
    assert_has(lists, "<t>Drugs</t>");
    assert_has(lists, "<t>Roads</t>");
    assert_has(lists, "<t>Safer homes</t>");
    free(lists);
    char *sub = part_of(path, "xl/worksheets/sheet2.xml");
    assert_has(sub, "<t>E10000099</t>");
    assert_has(sub, "<t>North and East CSP</t>");
    assert_has(sub, "<t>Wessex</t>");
    free(sub);
    for (int i = 1; i <= 8; i++) {
        char name[64];
        snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", i);
        char *text = part_of(path, name);
        assert_null(strstr(text, "Kent"));
        assert_null(strstr(text, "E10000016"));
        free(text);
    }
    char *wb = part_of(path, "xl/workbook.xml");
    assert_has(wb, "Lists!$A$2:$A$5");
    free(wb);
}

static void test_a_wrong_partnership_year_or_out_is_refused_with_its_reason(void **state)
{
    (void)state;
    char *err = NULL;
    assert_int_equal(template(kent(), "wessex", "2011", "x.xlsx", 0, &err), 2);
    assert_has(err, "csa: error: unknown partnership \"wessex\": the register in ");
    free(err);
    assert_int_equal(template(kent(), "dartford", "2011", "x.xlsx", 0, &err), 2);
    assert_string_equal(err, "csa: error: partnership dartford is not in force in plan year "
                             "2011/12: the register has it from 2020-10-01 until now\n");
    free(err);
    assert_int_equal(access(test_tmp("x.xlsx"), F_OK), -1);
    assert_int_equal(test_csa(NULL, &err, "--county", kent(), "template", "--partnership",
                              "swale", "--year", "2011", "--out", "/nonexistent/dir/s.xlsx",
                              NULL),
                     3);
    assert_has(err, "/nonexistent/dir");
    free(err);
    assert_int_equal(test_csa(NULL, &err, "--county", kent(), "template", "--partnership",
                              "swale", "--out", "s.xlsx", NULL),
                     2);
    assert_has(err, "template needs --partnership CODE (one), --year Y and --out FILE.xlsx");
    free(err);
}

static void test_from_version_prefills_last_years_submission(void **state)
{
    (void)state;
    char *err = NULL;
    int rc = test_csa(NULL, &err, "--db", test_db_conninfo(), "--county", kent(), "load",
                      sample("swale-2011.xml"), NULL);
    free(err);
    assert_int_equal(rc, 0);
    assert_int_equal(template(kent(), "swale", "2012", "swale-next.xlsx", 1, NULL), 0);
    const char *path = test_tmp("swale-next.xlsx");
    char *pri = part_of(path, "xl/worksheets/sheet3.xml");
    assert_has(pri, "<c r=\"A4\" s=\"5\" t=\"inlineStr\"><is><t>Tackling anti-social "
                    "behaviour</t></is></c><c r=\"B4\" s=\"5\" t=\"inlineStr\"><is><t>core</t>"
                    "</is></c><c r=\"C4\" s=\"5\"><v>1</v></c>");
    assert_has(pri, "<c r=\"A11\" s=\"5\" t=\"inlineStr\"><is><t>Speeding</t></is></c>"
                    "<c r=\"B11\" s=\"5\" t=\"inlineStr\"><is><t>subsidiary</t></is></c>"
                    "<c r=\"C11\" s=\"5\"/>");
    assert_has(pri, "sqref=\"A4:A43\""); /* 8 filled, 32 empty: still 40 */
    free(pri);
    char *sub = part_of(path, "xl/worksheets/sheet2.xml");
    assert_has(sub, "<t>2012/13</t>");
    assert_has(sub, "<t>T. Harding</t>");
    assert_has(sub, "<c r=\"B8\" s=\"6\"/>"); /* Submitted: left for this year */
    free(sub);
    char *crime = part_of(path, "xl/worksheets/sheet5.xml");
    assert_has(crime, "<c r=\"B3\" s=\"6\"><v>40087</v></c>"); /* 2009-10-01 */
    assert_has(crime, "<t>Victim based crime</t></is></c><c r=\"B9\" s=\"5\"/>"
                      "<c r=\"C9\" s=\"5\"><v>10250</v></c><c r=\"D9\" s=\"5\"><v>10511</v>");
    free(crime);
    char *ind = part_of(path, "xl/worksheets/sheet6.xml");
    assert_has(ind, "<t>Domestic abuse repeat victims</t>");
    assert_has(ind, "<c r=\"E8\" s=\"5\"><v>29.9</v></c>");
    assert_has(ind, "<t>KSI casualties</t>");              /* the register's, not submitted */
    const char *asb = strstr(ind, "<t>ASB incidents</t>");
    assert_non_null(asb);
    assert_null(strstr(asb + 1, "<t>ASB incidents</t>")); /* once: it was submitted */
    free(ind);
    char *issues = part_of(path, "xl/worksheets/sheet7.xml");
    assert_has(issues, "<t>Sheppey prisons</t>");
    free(issues);
    char *ins = part_of(path, "xl/worksheets/sheet1.xml");
    assert_has(ins, "Pre-filled from your 2011/12 submission (version 1)");
    free(ins);
}

static void test_from_version_without_a_previous_submission_exits_1(void **state)
{
    (void)state;
    char *err = NULL;
    assert_int_equal(template(kent(), "thanet", "2012", "thanet.xlsx", 1, &err), 1);
    assert_string_equal(err, "csa: error: thanet has no current submission for 2011/12 to "
                             "pre-fill the workbook from: leave out --from-version for a "
                             "blank one\n");
    free(err);
    assert_int_equal(access(test_tmp("thanet.xlsx"), F_OK), -1);
}

/* Loads path with csa load (it must load) and returns csa counts --year 2011 --format csv. */
static char *load_and_count(const char *path)
{
    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "--db", test_db_conninfo(), "--county", kent(), "load", path,
                      NULL);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "loaded "));
    free(out);
    free(err);
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county", kent(),
                              "counts", "--year", "2011", "--format", "csv", NULL),
                     0);
    return out;
}

/* One soffice run: Calc opens the Swale 2011 template, types the XML sample in, saves. */
static void test_calc_fills_and_resaves_the_template_with_validations_intact(void **state)
{
    (void)state;
    if (access("/usr/bin/soffice", X_OK) != 0 || access("/usr/bin/python3", X_OK) != 0)
        fail_msg("LibreOffice (soffice) is not installed: scripts/setup.sh installs "
                 "libreoffice-calc-nogui and python3-uno");
    assert_int_equal(template(kent(), "swale", "2011", "swale-2011.xlsx", 0, NULL), 0);
    const char *saved = test_tmp("swale-calc.xlsx");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s %s %s >/dev/null",
             test_path("scripts/fill-workbook.py"), test_tmp("swale-2011.xlsx"),
             sample("swale-2011.xml"), saved);
    assert_int_equal(system(cmd), 0);
    char *pri = part_of(saved, "xl/worksheets/sheet3.xml");
    assert_has(pri, "<formula1>PriorityLabels</formula1>");
    assert_has(pri, "<formula1>Kinds</formula1>");
    assert_has(pri, "type=\"whole\"");
    assert_has(pri, "<sheetProtection sheet=\"true\"");
    free(pri);
    char *wb = part_of(saved, "xl/workbook.xml");
    assert_has(wb, "<sheet name=\"Lists\" sheetId=\"8\" state=\"hidden\"");
    free(wb);
    char *strings = part_of(saved, "xl/sharedStrings.xml");
    assert_has(strings, "Tackling anti-social behaviour");
    assert_has(strings, "Sheppey prisons");
    free(strings);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s %s >/dev/null",
             test_path("scripts/check-workbook.py"), saved, sample("swale-2011.xml"));
    assert_int_equal(system(cmd), 0);

    /* what Calc saved validates and loads, and counts as the XML does */
    char *xml_counts = load_and_count(sample("swale-2011.xml"));
    PQfinish(conn);
    conn = test_db_fresh();
    char *err = NULL;
    assert_int_equal(test_csa(NULL, &err, "--county", kent(), "validate", saved, NULL), 0);
    assert_null(strstr(err, "warning"));
    free(err);
    char *xlsx_counts = load_and_count(saved);
    assert_string_equal(xlsx_counts, xml_counts);
    free(xml_counts);
    free(xlsx_counts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_the_template_holds_the_header_the_lists_the_validations_and_protection),
        cmocka_unit_test(test_two_runs_give_identical_bytes),
        cmocka_unit_test(test_another_county_gets_its_own_labels_and_no_word_of_kent),
        cmocka_unit_test(test_a_wrong_partnership_year_or_out_is_refused_with_its_reason),
        cmocka_unit_test_setup_teardown(test_from_version_prefills_last_years_submission, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_from_version_without_a_previous_submission_exits_1,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_calc_fills_and_resaves_the_template_with_validations_intact, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
