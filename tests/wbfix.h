/* wbfix.h: submission workbooks for tests, packed from sheet XML strings with zip_pack, so a
 * test shows the cells it is about. Header-only (static), for the unit, database and fuzz
 * tests alike.
 *
 *   WB_ROW(7, WB_S("A7", "Anti-social behaviour") WB_S("B7", "core") WB_N("C7", "1"))
 *
 * WB_S is an inline string, WB_N a number, WB_SS a shared string (by index), WB_F a formula
 * with no cached value. A workbook is a struct wbfix: its sheets (name, rows), optionally
 * shared strings, the 1904 date system, a main content type, one extra part and one extra
 * relationship of the workbook (for the refusals). */
#ifndef CSA_WBFIX_H
#define CSA_WBFIX_H

#include "csa/buf.h"
#include "csa/submission.h"
#include "csa/zipwrite.h"

#include <stdlib.h>
#include <string.h>

#define WB_S(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"
#define WB_N(ref, num) "<c r=\"" ref "\"><v>" num "</v></c>"
#define WB_SS(ref, index) "<c r=\"" ref "\" t=\"s\"><v>" index "</v></c>"
#define WB_F(ref, formula) "<c r=\"" ref "\"><f>" formula "</f></c>"
#define WB_ROW(r, cells) "<row r=\"" #r "\">" cells "</row>"

/* The Submission sheet of a Maidstone 2011/12 submission, as the template lays it out. */
#define WB_SUBMISSION_ROWS                                                                     \
    WB_ROW(1, WB_S("A1", "Submission")) WB_ROW(3, WB_S("A3", "Format version") WB_N("B3", "1"))     \
    WB_ROW(4, WB_S("A4", "County") WB_S("B4", "E10000016"))                                    \
    WB_ROW(5, WB_S("A5", "Partnership code") WB_S("B5", "maidstone"))                          \
    WB_ROW(6, WB_S("A6", "Partnership name") WB_S("B6", "Maidstone CSP"))                      \
    WB_ROW(7, WB_S("A7", "Plan year") WB_S("B7", "2011/12"))                                   \
    WB_ROW(8, WB_S("A8", "Submitted") WB_N("B8", "40564"))

/* A Priorities sheet's title, help and heading rows (rows 1 to 3). */
#define WB_PRIORITIES_HEAD                                                                     \
    WB_ROW(1, WB_S("A1", "Priorities")) WB_ROW(2, WB_S("A2", "One row per priority."))         \
    WB_ROW(3, WB_S("A3", "Priority") WB_S("B3", "Kind") WB_S("C3", "Rank") WB_S("D3", "Score"))

/* Two core priorities, rows 4 and 5. */
#define WB_PRIORITIES_ROWS                                                                     \
    WB_PRIORITIES_HEAD                                                                         \
    WB_ROW(4, WB_S("A4", "Anti-social behaviour") WB_S("B4", "core") WB_N("C4", "1")           \
                  WB_N("D4", "92"))                                                            \
    WB_ROW(5, WB_S("A5", "Domestic abuse") WB_S("B5", "core") WB_N("C5", "2") WB_N("D5", "90"))

struct wbfix_sheet {
    const char *name;
    const char *rows; /* the <row> elements of <sheetData> */
};

struct wbfix {
    struct wbfix_sheet sheets[10]; /* up to the first with a NULL name */
    const char *shared;            /* the <si> elements of sharedStrings.xml, or NULL */
    int date1904;
    const char *main_type;         /* NULL: an .xlsx workbook's */
    const char *extra_name, *extra_text; /* one more part, or NULL */
    const char *extra_rel;         /* one more <Relationship/> of the workbook, or NULL */
};

static inline void wbfix_add(const char **names, struct buf *parts, size_t *n, const char *name,
                             struct buf *text)
{
    names[*n] = name;
    parts[(*n)++] = *text;
    memset(text, 0, sizeof *text);
}

/* Packs w into *out (the caller's, buf_free). */
static inline void wbfix_pack(const struct wbfix *w, struct buf *out)
{
    static const char ns[] =
        "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    static const char rel[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    const char *names[16];
    struct buf parts[16];
    char *sheet_names[10] = {0};
    size_t n = 0, ns_ = 0;
    while (ns_ < 10 && w->sheets[ns_].name)
        ns_++;
    struct buf b = {0};
    buf_printf(&b, "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
                   "package/2006/content-types\"><Default Extension=\"rels\" ContentType=\""
                   "application/vnd.openxmlformats-package.relationships+xml\"/><Default "
                   "Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\""
                   "/xl/workbook.xml\" ContentType=\"%s\"/></Types>",
               w->main_type ? w->main_type
                            : "application/vnd.openxmlformats-officedocument.spreadsheetml."
                              "sheet.main+xml");
    wbfix_add(names, parts, &n, "[Content_Types].xml", &b);
    buf_printf(&b, "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats"
                   ".org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"%s"
                   "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
               rel);
    wbfix_add(names, parts, &n, "_rels/.rels", &b);
    buf_printf(&b, "<?xml version=\"1.0\"?><workbook %s><workbookPr%s/><sheets>", ns,
               w->date1904 ? " date1904=\"1\"" : "");
    for (size_t i = 0; i < ns_; i++)
        buf_printf(&b, "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", w->sheets[i].name,
                   i + 1, i + 1);
    buf_puts(&b, "</sheets></workbook>");
    wbfix_add(names, parts, &n, "xl/workbook.xml", &b);
    buf_printf(&b, "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats"
                   ".org/package/2006/relationships\">");
    for (size_t i = 0; i < ns_; i++)
        buf_printf(&b, "<Relationship Id=\"rId%zu\" Type=\"%sworksheet\" Target=\"worksheets/"
                       "sheet%zu.xml\"/>",
                   i + 1, rel, i + 1);
    if (w->shared)
        buf_printf(&b, "<Relationship Id=\"rId99\" Type=\"%ssharedStrings\" Target=\""
                       "sharedStrings.xml\"/>",
                   rel);
    buf_printf(&b, "%s</Relationships>", w->extra_rel ? w->extra_rel : "");
    wbfix_add(names, parts, &n, "xl/_rels/workbook.xml.rels", &b);
    if (w->shared) {
        buf_printf(&b, "<?xml version=\"1.0\"?><sst %s>%s</sst>", ns, w->shared);
        wbfix_add(names, parts, &n, "xl/sharedStrings.xml", &b);
    }
    for (size_t i = 0; i < ns_; i++) {
        buf_printf(&b, "<?xml version=\"1.0\"?><worksheet %s><sheetData>%s</sheetData>"
                       "</worksheet>",
                   ns, w->sheets[i].rows);
        sheet_names[i] = malloc(64);
        snprintf(sheet_names[i], 64, "xl/worksheets/sheet%zu.xml", i + 1);
        wbfix_add(names, parts, &n, sheet_names[i], &b);
    }
    if (w->extra_name) {
        buf_puts(&b, w->extra_text ? w->extra_text : "");
        wbfix_add(names, parts, &n, w->extra_name, &b);
    }
    struct csa_error err = {0};
    if (zip_pack(names, parts, n, out, &err) != CSA_OK)
        abort();
    for (size_t i = 0; i < n; i++)
        buf_free(&parts[i]);
    for (size_t i = 0; i < ns_; i++)
        free(sheet_names[i]);
}

/* ---- a submission as the template lays it out (for equivalence tests and fuzz seeds) ---- */

/* Appends an inline string cell at col, row with text escaped for XML (nothing for NULL). */
static inline void wbfix_cell(struct buf *b, const char *col, long row, const char *text)
{
    if (text == NULL)
        return;
    buf_printf(b, "<c r=\"%s%ld\" t=\"inlineStr\"><is><t xml:space=\"preserve\">", col, row);
    for (const char *p = text; *p; p++)
        if (*p == '&')
            buf_puts(b, "&amp;");
        else if (*p == '<')
            buf_puts(b, "&lt;");
        else if (*p == '>')
            buf_puts(b, "&gt;");
        else
            buf_putc(b, *p);
    buf_puts(b, "</t></is></c>");
}

/* Appends a number cell (a whole number or decimal kept as written; nothing for NULL). */
static inline void wbfix_num(struct buf *b, const char *col, long row, const char *num)
{
    if (num)
        buf_printf(b, "<c r=\"%s%ld\"><v>%s</v></c>", col, row, num);
}

static inline void wbfix_label(struct buf *b, long row, const char *label, const char *value)
{
    buf_printf(b, "<row r=\"%ld\">", row);
    wbfix_cell(b, "A", row, label);
    wbfix_cell(b, "B", row, value);
    buf_puts(b, "</row>");
}

/* Packs s as a workbook laid out as doc/workbook.md's template, into *out (the caller's):
 * text in inline strings, counts, ranks, scores and values as numbers, dates as text. */
static inline void wbfix_from_submission(const struct csa_submission *s, struct buf *out)
{
    struct buf sub = {0}, pri = {0}, th = {0}, cr = {0}, ind = {0}, iss = {0};
    long r = 3;
    wbfix_label(&sub, 1, "Submission", NULL);
    wbfix_label(&sub, r++, "Format version", s->version);
    wbfix_label(&sub, r++, "County", s->county);
    wbfix_label(&sub, r++, "Partnership code", s->code);
    wbfix_label(&sub, r++, "Partnership name", s->partnership_name);
    wbfix_label(&sub, r++, "Plan year", s->plan_year_text);
    wbfix_label(&sub, r++, "Submitted", s->submitted);
    wbfix_label(&sub, r++, "Contact name", s->contact_name);
    wbfix_label(&sub, r++, "Contact role", s->contact_role);
    wbfix_label(&sub, r++, "Contact email", s->contact_email);
    wbfix_label(&sub, r++, "Scoring method", s->scoring);
    buf_puts(&pri, WB_PRIORITIES_HEAD);
    for (size_t i = 0; i < s->npriorities; i++) {
        const struct sub_priority *p = &s->priorities[i];
        buf_printf(&pri, "<row r=\"%zu\">", i + 4);
        wbfix_cell(&pri, "A", (long)i + 4, p->wording);
        wbfix_cell(&pri, "B", (long)i + 4, p->core ? "core" : "subsidiary");
        wbfix_num(&pri, "C", (long)i + 4, p->rank);
        wbfix_num(&pri, "D", (long)i + 4, p->score);
        buf_puts(&pri, "</row>");
    }
    buf_puts(&th, WB_ROW(3, WB_S("A3", "Theme")));
    for (size_t i = 0; i < s->nthemes; i++) {
        buf_printf(&th, "<row r=\"%zu\">", i + 4);
        wbfix_cell(&th, "A", (long)i + 4, s->themes[i].wording);
        buf_puts(&th, "</row>");
    }
    if (s->has_crime) {
        wbfix_label(&cr, 3, "Current period start", s->cur_start);
        wbfix_label(&cr, 4, "Current period end", s->cur_end);
        wbfix_label(&cr, 5, "Previous period start", s->prev_start);
        wbfix_label(&cr, 6, "Previous period end", s->prev_end);
    }
    buf_puts(&cr, WB_ROW(8, WB_S("A8", "Category") WB_S("B8", "Parent") WB_S("C8", "Current")
                                WB_S("D8", "Previous") WB_S("E8", "Difference")
                                    WB_S("F8", "Percent change")));
    for (size_t i = 0; i < s->ncategories; i++) {
        const struct sub_category *k = &s->categories[i];
        long row = (long)i + 9;
        buf_printf(&cr, "<row r=\"%ld\">", row);
        wbfix_cell(&cr, "A", row, k->name);
        wbfix_cell(&cr, "B", row, k->parent);
        wbfix_num(&cr, "C", row, k->current);
        wbfix_num(&cr, "D", row, k->previous);
        wbfix_num(&cr, "E", row, k->difference);
        wbfix_num(&cr, "F", row, k->percent);
        buf_puts(&cr, "</row>");
    }
    buf_puts(&ind, WB_ROW(3, WB_S("A3", "Indicator") WB_S("B3", "Unit") WB_S("C3", "Start")
                                 WB_S("D3", "End") WB_S("E3", "Value")));
    long row = 4;
    for (size_t i = 0; i < s->nindicators; i++) {
        const struct sub_indicator *x = &s->indicators[i];
        for (size_t j = 0; j < x->nvalues || j == 0; j++, row++) {
            buf_printf(&ind, "<row r=\"%ld\">", row);
            if (j == 0) {
                wbfix_cell(&ind, "A", row, x->name);
                wbfix_cell(&ind, "B", row, x->unit);
            }
            if (j < x->nvalues) {
                wbfix_cell(&ind, "C", row, x->values[j].start);
                wbfix_cell(&ind, "D", row, x->values[j].end);
                wbfix_num(&ind, "E", row, x->values[j].value);
            }
            buf_puts(&ind, "</row>");
        }
    }
    buf_puts(&iss, WB_ROW(3, WB_S("A3", "Title") WB_S("B3", "Description")));
    for (size_t i = 0; i < s->nissues; i++) {
        buf_printf(&iss, "<row r=\"%zu\">", i + 4);
        wbfix_cell(&iss, "A", (long)i + 4, s->issues[i].title);
        wbfix_cell(&iss, "B", (long)i + 4, s->issues[i].text);
        buf_puts(&iss, "</row>");
    }
    struct wbfix w = {.sheets = {{"Instructions", WB_ROW(1, WB_S("A1", "Fill in each sheet."))},
                                 {"Submission", buf_str(&sub)},
                                 {"Priorities", buf_str(&pri)},
                                 {"Themes", buf_str(&th)},
                                 {"Crime", buf_str(&cr)},
                                 {"Indicators", buf_str(&ind)},
                                 {"Emerging issues", buf_str(&iss)}}};
    wbfix_pack(&w, out);
    buf_free(&sub);
    buf_free(&pri);
    buf_free(&th);
    buf_free(&cr);
    buf_free(&ind);
    buf_free(&iss);
}

#endif
