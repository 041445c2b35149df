/* template_xlsx.c: the SpreadsheetML parts of the submission workbook (see template_xlsx.h).
 *
 * Element order follows the ECMA-376 schemas strictly (Excel refuses a file whose children
 * are out of order, even where LibreOffice is lenient): a worksheet is sheetViews,
 * sheetFormatPr, cols, sheetData, sheetProtection, dataValidations, pageMargins; a
 * styleSheet is numFmts, fonts, fills, borders, cellStyleXfs, cellXfs, cellStyles, dxfs,
 * tableStyles. The parts are packed in one fixed order: [Content_Types].xml, _rels/.rels,
 * docProps/core.xml, docProps/app.xml, xl/workbook.xml, xl/_rels/workbook.xml.rels,
 * xl/styles.xml, then xl/worksheets/sheetN.xml in sheet order. Nothing here knows what the
 * sheets hold: that is template.c's. */
#include "template_xlsx.h"
#include "csa/cell.h"
#include "csa/pgcopy.h"
#include "csa/zipwrite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define SML_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define CT_SML "application/vnd.openxmlformats-officedocument.spreadsheetml."

/* Appends s escaped for XML text or an attribute value. Characters XML 1.0 forbids (C0
 * controls but tab, newline and carriage return) are dropped: no cell may make the part
 * unreadable. */
static void put_esc(struct buf *b, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '&')
            buf_puts(b, "&amp;");
        else if (c == '<')
            buf_puts(b, "&lt;");
        else if (c == '>')
            buf_puts(b, "&gt;");
        else if (c == '"')
            buf_puts(b, "&quot;");
        else if (c == '\r')
            buf_puts(b, "&#13;");
        else if (c >= 0x20 || c == '\t' || c == '\n')
            buf_putc(b, (char)c);
    }
}

struct tx_sheet *tx_sheet_add(struct tx_book *b, const char *name)
{
    if (b->nsheets == TX_MAX_SHEETS)
        abort(); /* a programming error: the template has a fixed set of sheets */
    struct tx_sheet *s = &b->sheets[b->nsheets++];
    memset(s, 0, sizeof *s);
    s->name = xstrdup(name);
    return s;
}

void tx_row(struct tx_sheet *s, int r)
{
    if (s->row)
        buf_puts(&s->data, "</row>");
    buf_printf(&s->data, "<row r=\"%d\">", r);
    s->row = r;
}

/* Opens cell col of the open row: <c r="B4" s="5", left open for a t= attribute. */
static void cell_open(struct tx_sheet *s, int col, enum tx_style st)
{
    buf_puts(&s->data, "<c r=\"");
    cell_column(&s->data, col + 1);
    buf_printf(&s->data, "%d\"", s->row);
    if (st != TX_PLAIN)
        buf_printf(&s->data, " s=\"%d\"", (int)st);
}

void tx_blank(struct tx_sheet *s, int col, enum tx_style st)
{
    cell_open(s, col, st);
    buf_puts(&s->data, "/>");
}

void tx_text(struct tx_sheet *s, int col, enum tx_style st, const char *text)
{
    if (text == NULL || *text == '\0') {
        tx_blank(s, col, st);
        return;
    }
    size_t n = strlen(text);
    int keep = text[0] == ' ' || text[n - 1] == ' ' || strchr(text, '\n') != NULL;
    cell_open(s, col, st);
    buf_puts(&s->data, keep ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                            : " t=\"inlineStr\"><is><t>");
    put_esc(&s->data, text);
    buf_puts(&s->data, "</t></is></c>");
}

/* Whether s is a plain decimal number as SpreadsheetML's <v> holds one. */
static int is_decimal(const char *s)
{
    if (s == NULL || *s == '\0')
        return 0;
    char *end;
    strtod(s, &end);
    return *end == '\0' && strspn(s, "+-0123456789.eE") == strlen(s);
}

void tx_number(struct tx_sheet *s, int col, enum tx_style st, const char *number)
{
    if (!is_decimal(number)) {
        tx_text(s, col, st, number); /* kept as written: the reader names the cell */
        return;
    }
    cell_open(s, col, st);
    buf_puts(&s->data, "><v>");
    put_esc(&s->data, number);
    buf_puts(&s->data, "</v></c>");
}

void tx_date(struct tx_sheet *s, int col, enum tx_style st, const char *iso)
{
    int y, m, d;
    char tail;
    if (iso == NULL || strlen(iso) != 10 ||
        sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1901 || m < 1 || m > 12 ||
        d < 1 || d > 31) {
        tx_text(s, col, st, iso);
        return;
    }
    /* the 1900 system counts from 1899-12-30 for every date after February 1900 */
    long serial = (long)pgcopy_days(y, m, d) - pgcopy_days(1899, 12, 30);
    cell_open(s, col, st);
    buf_printf(&s->data, "><v>%ld</v></c>", serial);
}

void tx_validation(struct tx_sheet *s, const char *sqref, const char *type, const char *op,
                   const char *formula1, int strict, const char *prompt)
{
    buf_printf(&s->valid, "<dataValidation type=\"%s\"", type);
    if (!strict)
        buf_puts(&s->valid, " errorStyle=\"information\"");
    if (op)
        buf_printf(&s->valid, " operator=\"%s\"", op);
    buf_printf(&s->valid, " allowBlank=\"1\" showInputMessage=\"%d\" showErrorMessage=\"%d\"",
               prompt != NULL, strict);
    if (strict) {
        buf_puts(&s->valid, " errorTitle=\"Not accepted\" error=\"");
        put_esc(&s->valid, prompt ? prompt : "This value is not accepted here.");
        buf_puts(&s->valid, "\"");
    }
    if (prompt) {
        buf_puts(&s->valid, " prompt=\"");
        put_esc(&s->valid, prompt);
        buf_puts(&s->valid, "\"");
    }
    buf_printf(&s->valid, " sqref=\"%s\"><formula1>", sqref);
    put_esc(&s->valid, formula1);
    buf_puts(&s->valid, "</formula1></dataValidation>");
    s->nvalid++;
}

void tx_define(struct tx_book *b, const char *name, const char *ref)
{
    buf_printf(&b->names, "<definedName name=\"%s\">", name);
    put_esc(&b->names, ref);
    buf_puts(&b->names, "</definedName>");
}

/* ===== The parts ===== */

static void content_types(const struct tx_book *b, struct buf *o)
{
    buf_puts(o, XML_DECL
             "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
             "<Default Extension=\"rels\" "
             "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
             "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
             "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" CT_SML
             "sheet.main+xml\"/>"
             "<Override PartName=\"/xl/styles.xml\" ContentType=\"" CT_SML "styles+xml\"/>");
    for (size_t i = 0; i < b->nsheets; i++)
        buf_printf(o, "<Override PartName=\"/xl/worksheets/sheet%zu.xml\" ContentType=\"" CT_SML
                      "worksheet+xml\"/>",
                   i + 1);
    buf_puts(o, "<Override PartName=\"/docProps/core.xml\" "
                "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
                "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
                "vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
                "</Types>\n");
}

static void package_rels(struct buf *o)
{
    buf_puts(o, XML_DECL
             "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
             "<Relationship Id=\"rId1\" Type=\"" R_NS "/officeDocument\" "
             "Target=\"xl/workbook.xml\"/>"
             "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/"
             "relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
             "<Relationship Id=\"rId3\" Type=\"" R_NS "/extended-properties\" "
             "Target=\"docProps/app.xml\"/>"
             "</Relationships>\n");
}

/* The title and the language; no author and no dates, so the bytes never depend on when. */
static void core_props(const struct tx_book *b, struct buf *o)
{
    buf_puts(o, XML_DECL
             "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
             "metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
             "<dc:title>");
    put_esc(o, b->title);
    buf_puts(o, "</dc:title><dc:language>en-GB</dc:language></cp:coreProperties>\n");
}

static void app_props(struct buf *o)
{
    buf_puts(o, XML_DECL
             "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
             "extended-properties\"><Application>csa</Application></Properties>\n");
}

static void workbook(const struct tx_book *b, struct buf *o)
{
    buf_puts(o, XML_DECL "<workbook xmlns=\"" SML_NS "\" xmlns:r=\"" R_NS "\">"
                "<workbookPr/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>");
    for (size_t i = 0; i < b->nsheets; i++) {
        buf_puts(o, "<sheet name=\"");
        put_esc(o, b->sheets[i].name);
        buf_printf(o, "\" sheetId=\"%zu\"%s r:id=\"rId%zu\"/>", i + 1,
                   b->sheets[i].hidden ? " state=\"hidden\"" : "", i + 1);
    }
    buf_puts(o, "</sheets>");
    if (b->names.len)
        buf_printf(o, "<definedNames>%s</definedNames>", buf_str(&b->names));
    buf_puts(o, "</workbook>\n");
}

static void workbook_rels(const struct tx_book *b, struct buf *o)
{
    buf_puts(o, XML_DECL "<Relationships "
                "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for (size_t i = 0; i < b->nsheets; i++)
        buf_printf(o, "<Relationship Id=\"rId%zu\" Type=\"" R_NS "/worksheet\" "
                      "Target=\"worksheets/sheet%zu.xml\"/>",
                   i + 1, i + 1);
    buf_printf(o, "<Relationship Id=\"rId%zu\" Type=\"" R_NS "/styles\" Target=\"styles.xml\"/>",
               b->nsheets + 1);
    buf_puts(o, "</Relationships>\n");
}

/* The cellXfs, in enum tx_style's order. Protection applies only on a protected sheet. */
static void styles(struct buf *o)
{
    buf_puts(o, XML_DECL "<styleSheet xmlns=\"" SML_NS "\">"
                "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/>"
                "</numFmts>"
                "<fonts count=\"4\">"
                "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
                "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
                "<font><b/><sz val=\"14\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
                "<font><i/><sz val=\"11\"/><color rgb=\"FF595959\"/><name val=\"Calibri\"/>"
                "<family val=\"2\"/></font></fonts>"
                "<fills count=\"4\">"
                "<fill><patternFill patternType=\"none\"/></fill>"
                "<fill><patternFill patternType=\"gray125\"/></fill>"
                "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFD9E1F2\"/>"
                "<bgColor indexed=\"64\"/></patternFill></fill>"
                "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFEDEDED\"/>"
                "<bgColor indexed=\"64\"/></patternFill></fill></fills>"
                "<borders count=\"2\">"
                "<border><left/><right/><top/><bottom/><diagonal/></border>"
                "<border><left/><right/><top/><bottom style=\"thin\"><color auto=\"1\"/>"
                "</bottom><diagonal/></border></borders>"
                "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" "
                "borderId=\"0\"/></cellStyleXfs>"
                "<cellXfs count=\"7\">"
                "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
                "applyFont=\"1\"/>"
                "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
                "applyFont=\"1\"/>"
                "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" "
                "applyFont=\"1\" applyFill=\"1\" applyBorder=\"1\"/>"
                "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"3\" borderId=\"0\" xfId=\"0\" "
                "applyFill=\"1\"/>"
                "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
                "applyProtection=\"1\"><protection locked=\"0\"/></xf>"
                "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
                "applyNumberFormat=\"1\" applyProtection=\"1\"><protection locked=\"0\"/></xf>"
                "</cellXfs>"
                "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/>"
                "</cellStyles><dxfs count=\"0\"/>"
                "<tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium2\" "
                "defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>\n");
}

static void worksheet(const struct tx_sheet *s, int selected, struct buf *o)
{
    buf_puts(o, XML_DECL "<worksheet xmlns=\"" SML_NS "\" xmlns:r=\"" R_NS "\">");
    buf_printf(o, "<sheetViews><sheetView%s workbookViewId=\"0\">",
               selected ? " tabSelected=\"1\"" : "");
    if (s->freeze > 0)
        buf_printf(o, "<pane ySplit=\"%d\" topLeftCell=\"A%d\" activePane=\"bottomLeft\" "
                      "state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A%d\" "
                      "sqref=\"A%d\"/>",
                   s->freeze, s->freeze + 1, s->freeze + 1, s->freeze + 1);
    buf_puts(o, "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>");
    int any = 0;
    for (int c = 0; c < TX_MAX_COLS; c++)
        if (s->widths[c] > 0) {
            buf_printf(o, "%s<col min=\"%d\" max=\"%d\" width=\"%.2f\" customWidth=\"1\"/>",
                       any ? "" : "<cols>", c + 1, c + 1, s->widths[c]);
            any = 1;
        }
    if (any)
        buf_puts(o, "</cols>");
    buf_printf(o, "<sheetData>%s%s</sheetData>", buf_str(&s->data), s->row ? "</row>" : "");
    if (s->protect) /* no password: the county may unprotect it from the Review menu */
        buf_puts(o, "<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" "
                    "formatColumns=\"0\" formatRows=\"0\"/>");
    if (s->nvalid)
        buf_printf(o, "<dataValidations count=\"%d\">%s</dataValidations>", s->nvalid,
                   buf_str(&s->valid));
    buf_puts(o, "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" "
                "header=\"0.3\" footer=\"0.3\"/></worksheet>\n");
}

#define FIXED_PARTS 7

enum csa_rc tx_pack(struct tx_book *b, struct buf *out, struct csa_error *err)
{
    size_t n = FIXED_PARTS + b->nsheets;
    struct buf parts[FIXED_PARTS + TX_MAX_SHEETS];
    char sheet_names[TX_MAX_SHEETS][48];
    const char *names[FIXED_PARTS + TX_MAX_SHEETS] = {
        "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
        "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"};
    memset(parts, 0, sizeof parts);
    content_types(b, &parts[0]);
    package_rels(&parts[1]);
    core_props(b, &parts[2]);
    app_props(&parts[3]);
    workbook(b, &parts[4]);
    workbook_rels(b, &parts[5]);
    styles(&parts[6]);
    for (size_t i = 0; i < b->nsheets; i++) {
        snprintf(sheet_names[i], sizeof sheet_names[i], "xl/worksheets/sheet%zu.xml", i + 1);
        names[FIXED_PARTS + i] = sheet_names[i];
        worksheet(&b->sheets[i], i == 0, &parts[FIXED_PARTS + i]);
    }
    enum csa_rc rc = zip_pack(names, parts, n, out, err);
    for (size_t i = 0; i < n; i++)
        buf_free(&parts[i]);
    return rc;
}

void tx_book_free(struct tx_book *b)
{
    for (size_t i = 0; i < b->nsheets; i++) {
        free(b->sheets[i].name);
        buf_free(&b->sheets[i].data);
        buf_free(&b->sheets[i].valid);
    }
    b->nsheets = 0;
    buf_free(&b->names);
    free(b->title);
    b->title = NULL;
}
