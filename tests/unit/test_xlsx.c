/* test_xlsx.c: reading a submission workbook (doc/workbook.md), one fixture per reading rule.
 *
 * Each workbook is packed in the test from its sheets' XML (tests/wbfix.h), so the test shows
 * the cells it is about; only the archive-level attacks that minizip will not write
 * (encryption, ZIP64) are patched into the packed bytes. Each asserts what the analyst reads:
 * the whole message and the cell it points at, as printed: FILE:SHEET!CELL: level: msg. */
#include "kentval.h"
#include "wbfix.h"

#include <minizip/unzip.h>
#include <minizip/zip.h>

#include "csa/cell.h"
#include "csa/cmd.h"
#include "csa/read_workbook.h"
#include "csa/validate.h"
#include "csa/xlsx.h"
#include "csa/zipread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes the bytes to a temporary file called name and returns its path. */
static const char *save(const char *name, const struct buf *bytes)
{
    const char *path = test_tmp(name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes->data, 1, bytes->len, f), bytes->len);
    assert_int_equal(fclose(f), 0);
    return path;
}

static const char *pack(const char *name, const struct wbfix *w)
{
    struct buf b = {0};
    wbfix_pack(w, &b);
    const char *path = save(name, &b);
    buf_free(&b);
    return path;
}

/* Validates path with v and returns the report as csa prints it (malloc'd), naming the file
 * by its base name; *rc gets the result and *s (may be NULL) the submission. */
static char *report_v(const struct validator *v, const char *path, enum csa_rc *rc,
                      struct csa_submission **s)
{
    struct diags d = {0};
    *rc = validate_file(v, path, s, &d);
    struct buf b = {0};
    const char *base = strrchr(path, '/');
    diags_format(&b, base ? base + 1 : path, &d);
    diags_free(&d);
    char *out = xstrdup(buf_str(&b));
    buf_free(&b);
    return out;
}

static char *report(const char *path, enum csa_rc *rc, struct csa_submission **s)
{
    return report_v(&val, path, rc, s);
}

/* Asserts that the workbook's report is exactly want, with the result want_rc. */
static void reports(const char *path, enum csa_rc want_rc, const char *want)
{
    enum csa_rc rc;
    char *got = report(path, &rc, NULL);
    int ok = rc == want_rc && strcmp(got, want) == 0;
    if (!ok)
        print_error("expected rc %d and:\n%sgot rc %d and:\n%s", want_rc, want, rc, got);
    free(got);
    if (!ok)
        fail();
}

#define SUBMISSION {"Submission", WB_SUBMISSION_ROWS}
#define PRIORITIES {"Priorities", WB_PRIORITIES_ROWS}

/* ---- what reads ----------------------------------------------------------------------- */

static void test_a_plain_workbook_reads_into_the_submission(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES}};
    enum csa_rc rc;
    struct csa_submission *s = NULL;
    char *got = report(pack("plain.xlsx", &w), &rc, &s);
    assert_string_equal(got, "");
    assert_int_equal(rc, CSA_OK);
    assert_non_null(s);
    assert_string_equal(s->code, "maidstone");
    assert_string_equal(s->version, "1");
    assert_int_equal(s->plan_year, 2011);
    assert_string_equal(s->submitted, "2011-01-21"); /* the date cell 40564 */
    assert_int_equal(s->npriorities, 2);
    assert_string_equal(s->priorities[1].wording, "Domestic abuse");
    assert_string_equal(s->priorities[1].rank, "2");
    assert_int_equal(s->priorities[1].line, cell_place(CELL_PRIORITIES, 5, 1));
    assert_true(s->was_workbook);
    assert_memory_equal(s->xml.data, "PK\3\4", 4); /* the workbook's own bytes are kept */
    submission_free(s);
    free(got);
}

static void test_the_rules_speak_of_sheets_and_columns_not_elements(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION,
                                 {"Priorities", WB_PRIORITIES_HEAD WB_ROW(
                                                    4, WB_S("A4", "Domestic abuse") WB_S(
                                                           "B4", "subsidiary"))}}};
    reports(pack("swale-2025.xlsx", &w), CSA_EINVALID,
            "swale-2025.xlsx:Priorities!3:3: error: the Priorities sheet has no priority of kind "
            "core; at least one is required (write core in its Kind column)\n");
}

static void test_a_rank_in_words_points_at_its_cell(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION,
                                 {"Priorities", WB_PRIORITIES_HEAD WB_ROW(
                                                    7, WB_S("A7", "Domestic abuse") WB_S(
                                                           "B7", "core") WB_S("C7", "two"))}}};
    reports(pack("swale-2025.xlsx", &w), CSA_EINVALID,
            "swale-2025.xlsx:Priorities!C7: error: rank \"two\" is not a whole number (1, 2, "
            "3, ...)\n");
}

static void test_shared_strings_are_read_with_their_runs_joined(void **state)
{
    (void)state;
    struct wbfix w = {
        .sheets = {SUBMISSION,
                   {"Priorities", WB_PRIORITIES_HEAD WB_ROW(4, WB_SS("A4", "0") WB_SS("B4", "1")
                                                                   WB_N("C4", "1"))}},
        .shared = "<si><r><t>Domestic </t></r><r><rPr><b/></rPr><t>abuse</t></r>"
                  "<rPh><t>ignored</t></rPh></si><si><t>core</t></si>"};
    enum csa_rc rc;
    struct csa_submission *s = NULL;
    char *got = report(pack("shared.xlsx", &w), &rc, &s);
    assert_string_equal(got, "");
    assert_string_equal(s->priorities[0].wording, "Domestic abuse");
    assert_true(s->priorities[0].core);
    submission_free(s);
    free(got);
}

static void test_a_shared_string_index_past_the_table_is_refused(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, {"Priorities", WB_PRIORITIES_HEAD WB_ROW(
                                                              4, WB_SS("A4", "5"))}},
                      .shared = "<si><t>core</t></si>"};
    reports(pack("sst.xlsx", &w), CSA_EINVALID,
            "sst.xlsx: error: the workbook's sheet \"Priorities\" cell A4 names shared string "
            "\"5\", which the workbook does not have (a damaged workbook?)\n");
}

static void test_inline_strings_and_numbers_stored_as_text_are_read(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION,
                                 {"Priorities", WB_PRIORITIES_HEAD WB_ROW(
                                                    4, WB_S("A4", "ASB") WB_S("B4", " Core ")
                                                           WB_S("C4", " 1 ") WB_S("D4", " 81.5 "))}}};
    enum csa_rc rc;
    struct csa_submission *s = NULL;
    char *got = report(pack("astext.xlsx", &w), &rc, &s);
    assert_string_equal(got, "");
    assert_string_equal(s->priorities[0].rank, "1");
    assert_string_equal(s->priorities[0].score, "81.5");
    assert_true(s->priorities[0].core);
    submission_free(s);
    free(got);
}

static void test_text_stored_as_a_number_reads_as_excel_shows_it(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES,
                                 {"Themes", WB_ROW(1, WB_S("A1", "Theme"))
                                                WB_ROW(2, WB_N("A2", "0.30000000000000004"))}}};
    enum csa_rc rc;
    struct csa_submission *s = NULL;
    char *got = report(pack("asnumber.xlsx", &w), &rc, &s);
    assert_string_equal(got, "");
    assert_int_equal(s->nthemes, 1);
    assert_string_equal(s->themes[0].wording, "0.3");
    submission_free(s);
    free(got);
}

static void test_a_decimal_that_is_not_a_number_names_the_cell_and_the_value(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION,
                                 {"Priorities", WB_PRIORITIES_HEAD WB_ROW(
                                                    4, WB_S("A4", "ASB") WB_S("B4", "core")
                                                           WB_N("C4", "1") WB_S("D4", "high"))}}};
    reports(pack("score.xlsx", &w), CSA_EINVALID,
            "score.xlsx:Priorities!D4: error: score \"high\" is not a number of 0 or more, such "
            "as 81.5\n");
}

/* The Crime sheet: the four period labels (the first date's cell is start) and the heading
 * row 6, then more. */
static const char *period_rows2(const char *start, const char *more)
{
    static char rows[1024];
    snprintf(rows, sizeof rows,
             WB_ROW(1, WB_S("A1", "Current period start") "%s")
                 WB_ROW(2, WB_S("A2", "Current period end") WB_S("B2", "2010-09-30"))
                     WB_ROW(3, WB_S("A3", "Previous period start") WB_S("B3", "2008-10-01"))
                         WB_ROW(4, WB_S("A4", "Previous period end") WB_S("B4", "2009-09-30"))
                             WB_ROW(6, WB_S("A6", "Category") WB_S("C6", "Current")
                                           WB_S("D6", "Previous")) "%s",
             start, more);
    return rows;
}

static const char *period_rows(const char *start)
{
    return period_rows2(start, "");
}

static void test_date_serials_read_in_the_1900_date_system(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES,
                                 {"Crime", period_rows(WB_N("B1", "40087"))}}};
    enum csa_rc rc;
    struct csa_submission *s = NULL;
    char *got = report(pack("d1900.xlsx", &w), &rc, &s);
    assert_string_equal(got, "");
    assert_string_equal(s->cur_start, "2009-10-01");
    assert_true(s->has_crime);
    submission_free(s);
    free(got);
}

static void test_date_serials_read_in_the_1904_date_system(void **state)
{
    (void)state;
    /* 1904: 2009-10-01 is 1,462 days fewer; and the Submitted date too */
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES,
                                 {"Crime", period_rows(WB_N("B1", "38625"))}},
                      .date1904 = 1};
    enum csa_rc rc;
    struct csa_submission *s = NULL;
    char *got = report(pack("d1904.xlsx", &w), &rc, &s);
    assert_string_equal(got, "");
    assert_string_equal(s->cur_start, "2009-10-01");
    assert_string_equal(s->submitted, "2015-01-22"); /* 40564 counted from 1904 */
    submission_free(s);
    free(got);
}

static void test_serials_around_excels_phantom_leap_day(void **state)
{
    (void)state;
    char out[11];
    assert_true(workbook_serial_date(1, 0, out));
    assert_string_equal(out, "1900-01-01");
    assert_true(workbook_serial_date(59, 0, out));
    assert_string_equal(out, "1900-02-28");
    assert_false(workbook_serial_date(60, 0, out)); /* 29 February 1900 never was */
    assert_true(workbook_serial_date(61, 0, out));
    assert_string_equal(out, "1900-03-01");
    assert_true(workbook_serial_date(0, 1, out));
    assert_string_equal(out, "1904-01-01");
}

static void test_a_crime_table_without_its_dates_is_an_error(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES,
                                 {"Crime", WB_ROW(3, WB_S("A3", "Category") WB_S("C3", "Current")
                                                         WB_S("D3", "Previous"))
                                               WB_ROW(4, WB_S("A4", "Burglary") WB_N("C4", "5")
                                                             WB_N("D4", "4"))}}};
    enum csa_rc rc;
    char *got = report(pack("nodates.xlsx", &w), &rc, NULL);
    assert_int_equal(rc, CSA_EINVALID);
    assert_string_equal(got, "nodates.xlsx: error: the Crime sheet has no \"Current period start\" "
                             "date; the four period dates go together\n"
                             "nodates.xlsx: error: the Crime sheet has no \"Current period end\" "
                             "date; the four period dates go together\n"
                             "nodates.xlsx: error: the Crime sheet has no \"Previous period "
                             "start\" date; the four period dates go together\n"
                             "nodates.xlsx: error: the Crime sheet has no \"Previous period end\" "
                             "date; the four period dates go together\n");
    free(got);
}

static void test_a_count_stored_as_a_negative_number_names_its_cell(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES,
                                 {"Crime", period_rows2(WB_S("B1", "2009-10-01"),
                                                        WB_ROW(7, WB_S("A7", "Burglary")
                                                                      WB_N("C7", "-5")
                                                                          WB_S("D7", "4")))}}};
    reports(pack("negative.xlsx", &w), CSA_EINVALID,
            "negative.xlsx:Crime!C7: error: current \"-5\" is not a whole number of 0 or more\n");
}

static void test_empty_rows_in_the_middle_of_a_table_are_skipped(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION,
                                 {"Priorities",
                                  WB_PRIORITIES_HEAD WB_ROW(4, WB_S("A4", "ASB") WB_S("B4", "core")
                                                                   WB_N("C4", "1"))
                                      WB_ROW(5, "") WB_ROW(9, WB_S("E9", "a note"))
                                          WB_ROW(12, WB_S("A12", "Domestic abuse")
                                                         WB_S("B12", "core") WB_N("C12", "2"))}}};
    enum csa_rc rc;
    struct csa_submission *s = NULL;
    char *got = report(pack("gaps.xlsx", &w), &rc, &s);
    assert_string_equal(got, "");
    assert_int_equal(s->npriorities, 2);
    assert_int_equal(s->priorities[1].line, cell_place(CELL_PRIORITIES, 12, 1));
    submission_free(s);
    free(got);
}

static void test_a_repeated_rank_names_the_other_cell(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION,
                                 {"Priorities",
                                  WB_PRIORITIES_HEAD WB_ROW(4, WB_S("A4", "ASB") WB_S("B4", "core")
                                                                   WB_N("C4", "1"))
                                      WB_ROW(5, WB_S("A5", "Domestic abuse") WB_S("B5", "core")
                                                    WB_N("C5", "1"))}}};
    reports(pack("rank.xlsx", &w), CSA_EINVALID,
            "rank.xlsx:Priorities!A5: error: priority rank 1 is also given to the core priority "
            "on Priorities!A4; each core priority needs its own rank\n");
}

static void test_an_extra_sheet_is_ignored_with_a_warning(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {{"Instructions", WB_ROW(1, WB_S("A1", "How to"))},
                                 SUBMISSION,
                                 PRIORITIES,
                                 {"My notes", WB_ROW(1, WB_S("A1", "draft"))},
                                 {"Lists", WB_ROW(1, WB_S("A1", "core"))}}};
    reports(pack("extra.xlsx", &w), CSA_OK,
            "extra.xlsx: warning: sheet \"My notes\" is not one of the submission's sheets "
            "(doc/workbook.md); it is ignored\n");
}

static void test_a_missing_required_sheet_is_an_error(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION}};
    reports(pack("nopri.xlsx", &w), CSA_EINVALID,
            "nopri.xlsx: error: the workbook has no Priorities sheet; a submission workbook "
            "needs one (doc/workbook.md)\n");
}

static void test_sheet_names_match_ignoring_case_and_spaces(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {{" submission ", WB_SUBMISSION_ROWS},
                                 {"PRIORITIES", WB_PRIORITIES_ROWS}}};
    reports(pack("case.xlsx", &w), CSA_OK, "");
}

static void test_a_formula_without_a_cached_value_is_an_error_at_its_cell(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION,
                                 {"Priorities", WB_PRIORITIES_HEAD WB_ROW(
                                                    4, WB_S("A4", "ASB") WB_S("B4", "core")
                                                           WB_F("C4", "1+0"))}}};
    reports(pack("formula.xlsx", &w), CSA_EINVALID,
            "formula.xlsx:Priorities!C4: error: rank is a formula with no saved value (the "
            "workbook was not recalculated); open it in Excel or LibreOffice Calc and save it "
            "again, or type the value\n");
}

static void test_a_formula_is_read_by_its_cached_value(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION,
                                 {"Priorities", WB_PRIORITIES_HEAD WB_ROW(
                                                    4, WB_S("A4", "ASB") WB_S("B4", "core")
                                                           "<c r=\"C4\"><f>1+0</f><v>1</v></c>"
                                                           "<c r=\"D4\" t=\"str\"><f>\"8\"&amp;\"1\""
                                                           "</f><v>81</v></c>")}}};
    enum csa_rc rc;
    struct csa_submission *s = NULL;
    char *got = report(pack("cached.xlsx", &w), &rc, &s);
    assert_string_equal(got, "");
    assert_string_equal(s->priorities[0].rank, "1");
    assert_string_equal(s->priorities[0].score, "81");
    submission_free(s);
    free(got);
}

static void test_a_missing_header_row_is_named(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {{"Submission", WB_ROW(3, WB_S("A3", "Format version")
                                                              WB_N("B3", "1"))
                                                    WB_ROW(4, WB_S("A4", "County:")
                                                                  WB_S("B4", "E10000016"))
                                                        WB_ROW(5, WB_S("A5", "Partnership code")
                                                                      WB_S("B5", "maidstone"))},
                                 PRIORITIES}};
    reports(pack("noyear.xlsx", &w), CSA_EINVALID,
            "noyear.xlsx: error: the Submission sheet has no \"Plan year\" row (the label in "
            "column A, the value in column B)\n");
}

static void test_the_registers_rules_point_at_the_cell(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {{"Submission",
                                  WB_ROW(3, WB_S("A3", "Format version") WB_N("B3", "1"))
                                      WB_ROW(4, WB_S("A4", "County") WB_S("B4", "E10000016"))
                                          WB_ROW(5, WB_S("A5", "Partnership code")
                                                        WB_S("B5", "budmouth"))
                                              WB_ROW(7, WB_S("A7", "Plan year")
                                                            WB_S("B7", "2011/12"))},
                                 PRIORITIES}};
    enum csa_rc rc;
    char *got = report(pack("budmouth.xlsx", &w), &rc, NULL);
    assert_int_equal(rc, CSA_EINVALID);
    assert_non_null(strstr(got, "budmouth.xlsx:Submission!B5: error: partnership code "
                                "\"budmouth\" is not in the Kent register"));
    free(got);
}

static void test_a_sheet_name_with_a_space_is_quoted_as_excel_does(void **state)
{
    (void)state;
    struct buf b = {0};
    cell_format(&b, cell_place(CELL_ISSUES, 4, 28));
    assert_string_equal(buf_str(&b), "'Emerging issues'!AB4");
    buf_free(&b);
    struct csa_error err = {0};
    csa_fail(&err, CSA_EINVALID, "swale.xlsx", cell_place(CELL_CRIME, 9, 3), "bad");
    csa_error_format(&b, &err);
    assert_string_equal(buf_str(&b), "swale.xlsx:Crime!C9: error: bad\n");
    buf_free(&b);
}

/* ---- what is refused ------------------------------------------------------------------ */

static void test_a_macro_enabled_workbook_is_refused_with_its_reason(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES},
                      .extra_name = "xl/vbaProject.bin",
                      .extra_text = "\xD0\xCF\x11\xE0"};
    reports(pack("swale.xlsm", &w), CSA_EINVALID,
            "swale.xlsm: error: the workbook has macros (its part xl/vbaProject.bin); csa does "
            "not take a macro-enabled workbook (.xlsm): save it as an Excel Workbook (.xlsx) "
            "and send that\n");
    struct wbfix t = {.sheets = {SUBMISSION, PRIORITIES},
                      .main_type = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"};
    reports(pack("typed.xlsm", &t), CSA_EINVALID,
            "typed.xlsm: error: the workbook has macros (its content type is macro-enabled); "
            "csa does not take a macro-enabled workbook (.xlsm): save it as an Excel Workbook "
            "(.xlsx) and send that\n");
}

static void test_a_workbook_linking_to_another_is_refused(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES},
                      .extra_rel = "<Relationship Id=\"rId50\" Type=\"http://schemas."
                                   "openxmlformats.org/officeDocument/2006/relationships/"
                                   "externalLink\" Target=\"externalLinks/externalLink1.xml\"/>"};
    reports(pack("linked.xlsx", &w), CSA_EINVALID,
            "linked.xlsx: error: the workbook links to another workbook "
            "(externalLinks/externalLink1.xml); a submission must hold its own values: break "
            "the links (Excel: Data, Edit Links, Break Link) and send it again\n");
    struct wbfix p = {.sheets = {SUBMISSION, PRIORITIES},
                      .extra_name = "xl/externalLinks/externalLink1.xml",
                      .extra_text = "<externalLink/>"};
    reports(pack("linkpart.xlsx", &p), CSA_EINVALID,
            "linkpart.xlsx: error: the workbook links to another workbook "
            "(xl/externalLinks/externalLink1.xml); a submission must hold its own values: break "
            "the links (Excel: Data, Edit Links, Break Link) and send it again\n");
}

static void test_a_name_with_dot_dot_is_refused(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES}, .extra_name = "xl/../../evil.xml"};
    reports(pack("dots.xlsx", &w), CSA_EINVALID,
            "dots.xlsx: error: the archive's entry \"xl/../../evil.xml\" has a name with a "
            "\"..\" part, which would point outside the archive; refused\n");
}

static void test_absolute_names_and_drive_letters_are_refused(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES}, .extra_name = "/etc/cron.d/x"};
    reports(pack("abs.xlsx", &w), CSA_EINVALID,
            "abs.xlsx: error: the archive's entry \"/etc/cron.d/x\" has an absolute name (it "
            "starts with a slash); refused\n");
    struct wbfix d = {.sheets = {SUBMISSION, PRIORITIES}, .extra_name = "C:/Windows/x.xml"};
    reports(pack("drive.xlsx", &d), CSA_EINVALID,
            "drive.xlsx: error: the archive's entry \"C:/Windows/x.xml\" has a name that starts "
            "with a drive letter; refused\n");
}

static void test_a_name_given_twice_is_refused(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES}, .extra_name = "XL/Workbook.xml",
                      .extra_text = "<workbook/>"};
    reports(pack("twice.xlsx", &w), CSA_EINVALID,
            "twice.xlsx: error: the archive holds the entry \"xl/workbook.xml\" twice (again as "
            "\"XL/Workbook.xml\"); a workbook names each of its parts once, so it is refused\n");
}

/* Sets the "encrypted" flag of every entry, in its local and its central header. */
static void encrypt_flags(struct buf *z)
{
    for (size_t i = 0; i + 10 < z->len; i++) {
        if (memcmp(z->data + i, "PK\3\4", 4) == 0)
            z->data[i + 6] |= 1;
        else if (memcmp(z->data + i, "PK\1\2", 4) == 0)
            z->data[i + 8] |= 1;
    }
}

static void test_an_encrypted_entry_is_refused(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES}};
    struct buf b = {0};
    wbfix_pack(&w, &b);
    encrypt_flags(&b);
    const char *path = save("locked.xlsx", &b);
    buf_free(&b);
    reports(path, CSA_EINVALID,
            "locked.xlsx: error: the archive's entry \"[Content_Types].xml\" is encrypted; save "
            "the workbook without a password to open it\n");
}

/* Writes the entries of the zip z again, in order, each with the extra fields Info-ZIP's zip
 * puts on every entry (extended times 0x5455 and the owner 0x7875), as a workbook zipped again
 * on Linux has them. */
static const char *repack_with_unix_extras(const char *name, const struct buf *z)
{
    const char *src = save("plain-for-extras.zip", z);
    const char *path = test_tmp(name);
    unzFile u = unzOpen64(src);
    zipFile out = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(u);
    assert_non_null(out);
    static const char local[] = "UT\011\000\003\000\000\000\000\000\000\000\000"
                                "ux\013\000\001\004\000\000\000\000\004\000\000\000\000";
    static const char central[] = "UT\005\000\003\000\000\000\000"
                                  "ux\013\000\001\004\000\000\000\000\004\000\000\000\000";
    for (int rc = unzGoToFirstFile(u); rc == UNZ_OK; rc = unzGoToNextFile(u)) {
        char entry[256];
        unz_file_info64 info;
        assert_int_equal(unzGetCurrentFileInfo64(u, &info, entry, sizeof entry, NULL, 0, NULL, 0),
                         UNZ_OK);
        char *data = xmalloc(info.uncompressed_size + 1);
        assert_int_equal(unzOpenCurrentFile(u), UNZ_OK);
        assert_int_equal(unzReadCurrentFile(u, data, (unsigned)info.uncompressed_size),
                         (int)info.uncompressed_size);
        unzCloseCurrentFile(u);
        zip_fileinfo zi = {0};
        assert_int_equal(zipOpenNewFileInZip(out, entry, &zi, local, sizeof local - 1, central,
                                             sizeof central - 1, NULL, Z_DEFLATED,
                                             Z_DEFAULT_COMPRESSION),
                         ZIP_OK);
        assert_int_equal(zipWriteInFileInZip(out, data, (unsigned)info.uncompressed_size), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(out), ZIP_OK);
        free(data);
    }
    unzClose(u);
    assert_int_equal(zipClose(out, NULL), ZIP_OK);
    return path;
}

static void test_a_workbook_zipped_again_with_unix_extra_fields_reads(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES}};
    struct buf b = {0};
    wbfix_pack(&w, &b);
    const char *path = repack_with_unix_extras("unix-extras.xlsx", &b);
    buf_free(&b);
    reports(path, CSA_OK, "");
}

static void test_a_zip64_archive_is_refused(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES}};
    struct buf b = {0};
    wbfix_pack(&w, &b);
    /* a ZIP64 end-of-directory locator just before the end record, as a ZIP64 writer puts */
    size_t eocd = b.len - 22;
    struct buf z = {0};
    buf_append(&z, b.data, eocd);
    buf_append(&z, "PK\6\7\0\0\0\0\0\0\0\0\0\0\0\0\1\0\0\0", 20);
    buf_append(&z, b.data + eocd, 22);
    const char *path = save("zip64.xlsx", &z);
    buf_free(&b);
    buf_free(&z);
    reports(path, CSA_EINVALID,
            "zip64.xlsx: error: the archive is a ZIP64 archive; a workbook never needs ZIP64, so "
            "it is refused\n");
}

static void test_a_zip_bomb_by_ratio_is_refused_while_inflating(void **state)
{
    (void)state;
    char *zeros = xcalloc(1, 2u * 1024u * 1024u + 1);
    memset(zeros, ' ', 2u * 1024u * 1024u);
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES}, .extra_name = "xl/bomb.xml",
                      .extra_text = zeros};
    const char *path = pack("bomb.xlsx", &w);
    free(zeros);
    reports(path, CSA_EINVALID,
            "bomb.xlsx: error: the archive's entry \"xl/bomb.xml\" inflates more than 100 times "
            "its compressed size; no workbook compresses that well, so it is refused (a zip "
            "bomb?)\n");
}

/* Text that hardly compresses: letters from a fixed linear congruential sequence. */
static char *noise(size_t n, unsigned seed)
{
    char *s = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        s[i] = (char)('a' + (seed >> 16) % 26);
    }
    s[n] = '\0';
    return s;
}

static void test_a_zip_bomb_by_total_size_is_refused(void **state)
{
    (void)state;
    struct validator small = val;
    small.max_bytes = 100000; /* the total cap follows the validator's */
    char *rows = noise(60000, 7), *sheet = xmalloc(70000);
    snprintf(sheet, 70000, WB_ROW(40, "<c r=\"A40\" t=\"inlineStr\"><is><t>%s</t></is></c>"),
             rows);
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES, {"Notes", sheet}},
                      .extra_name = "xl/notes2.xml", .extra_text = rows};
    const char *path = pack("big.xlsx", &w);
    enum csa_rc rc;
    char *got = report_v(&small, path, &rc, NULL);
    assert_int_equal(rc, CSA_EINVALID);
    assert_string_equal(got, "big.xlsx: error: the archive inflates to more than 100000 bytes "
                             "in all (at the entry \"xl/notes2.xml\"); a submission is never "
                             "this big, so it is refused (a zip bomb?)\n");
    free(got);
    free(rows);
    free(sheet);
}

static void test_an_archive_of_too_many_entries_is_refused(void **state)
{
    (void)state;
    enum { N = 1001 };
    const char **names = xmalloc(N * sizeof *names);
    struct buf *parts = xcalloc(N, sizeof *parts);
    char (*name)[32] = xmalloc(N * sizeof *name);
    for (size_t i = 0; i < N; i++) {
        snprintf(name[i], sizeof name[i], "xl/media/p%zu.png", i);
        names[i] = name[i];
    }
    struct buf z = {0};
    struct csa_error err = {0};
    assert_int_equal(zip_pack(names, parts, N, &z, &err), CSA_OK);
    const char *path = save("many.xlsx", &z);
    buf_free(&z);
    free(names);
    free(parts);
    free(name);
    reports(path, CSA_EINVALID,
            "many.xlsx: error: the archive has 1001 entries, more than the 1000 a workbook may "
            "have\n");
}

static void test_a_zip_that_is_not_a_workbook_says_so(void **state)
{
    (void)state;
    const char *names[] = {"word/document.xml"};
    struct buf parts[1] = {{0}}, z = {0};
    buf_puts(&parts[0], "<w/>");
    struct csa_error err = {0};
    assert_int_equal(zip_pack(names, parts, 1, &z, &err), CSA_OK);
    const char *path = save("letter.docx", &z);
    buf_free(&z);
    buf_free(&parts[0]);
    reports(path, CSA_EINVALID,
            "letter.docx: error: the file is a zip but not an Excel workbook: it has no part "
            "[Content_Types].xml\n");
}

static void test_a_truncated_workbook_is_refused(void **state)
{
    (void)state;
    struct wbfix w = {.sheets = {SUBMISSION, PRIORITIES}};
    struct buf b = {0};
    wbfix_pack(&w, &b);
    b.len /= 2;
    const char *path = save("half.xlsx", &b);
    buf_free(&b);
    reports(path, CSA_EINVALID,
            "half.xlsx: error: the file starts like a zip (a workbook) but has no zip directory "
            "at its end; it is truncated or damaged\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_plain_workbook_reads_into_the_submission),
        cmocka_unit_test(test_a_rank_in_words_points_at_its_cell),
        cmocka_unit_test(test_the_rules_speak_of_sheets_and_columns_not_elements),
        cmocka_unit_test(test_shared_strings_are_read_with_their_runs_joined),
        cmocka_unit_test(test_a_shared_string_index_past_the_table_is_refused),
        cmocka_unit_test(test_inline_strings_and_numbers_stored_as_text_are_read),
        cmocka_unit_test(test_text_stored_as_a_number_reads_as_excel_shows_it),
        cmocka_unit_test(test_a_decimal_that_is_not_a_number_names_the_cell_and_the_value),
        cmocka_unit_test(test_date_serials_read_in_the_1900_date_system),
        cmocka_unit_test(test_date_serials_read_in_the_1904_date_system),
        cmocka_unit_test(test_serials_around_excels_phantom_leap_day),
        cmocka_unit_test(test_a_crime_table_without_its_dates_is_an_error),
        cmocka_unit_test(test_a_count_stored_as_a_negative_number_names_its_cell),
        cmocka_unit_test(test_empty_rows_in_the_middle_of_a_table_are_skipped),
        cmocka_unit_test(test_a_repeated_rank_names_the_other_cell),
        cmocka_unit_test(test_an_extra_sheet_is_ignored_with_a_warning),
        cmocka_unit_test(test_a_missing_required_sheet_is_an_error),
        cmocka_unit_test(test_sheet_names_match_ignoring_case_and_spaces),
        cmocka_unit_test(test_a_formula_without_a_cached_value_is_an_error_at_its_cell),
        cmocka_unit_test(test_a_formula_is_read_by_its_cached_value),
        cmocka_unit_test(test_a_missing_header_row_is_named),
        cmocka_unit_test(test_the_registers_rules_point_at_the_cell),
        cmocka_unit_test(test_a_sheet_name_with_a_space_is_quoted_as_excel_does),
        cmocka_unit_test(test_a_macro_enabled_workbook_is_refused_with_its_reason),
        cmocka_unit_test(test_a_workbook_linking_to_another_is_refused),
        cmocka_unit_test(test_a_name_with_dot_dot_is_refused),
        cmocka_unit_test(test_absolute_names_and_drive_letters_are_refused),
        cmocka_unit_test(test_a_name_given_twice_is_refused),
        cmocka_unit_test(test_an_encrypted_entry_is_refused),
        cmocka_unit_test(test_a_workbook_zipped_again_with_unix_extra_fields_reads),
        cmocka_unit_test(test_a_zip64_archive_is_refused),
        cmocka_unit_test(test_a_zip_bomb_by_ratio_is_refused_while_inflating),
        cmocka_unit_test(test_a_zip_bomb_by_total_size_is_refused),
        cmocka_unit_test(test_an_archive_of_too_many_entries_is_refused),
        cmocka_unit_test(test_a_zip_that_is_not_a_workbook_says_so),
        cmocka_unit_test(test_a_truncated_workbook_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
