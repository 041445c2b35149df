/* render_docx_chart.c: Appendix A's count chart as a native Word chart (see render_doc.h),
 * the Word counterpart of render_chart.c's SVG: the same rows in the same order, one bar a
 * priority, the selected ones dark.
 *
 * Three pieces: the paragraph of word/document.xml that holds the chart (w:drawing,
 * wp:inline, a:graphic, c:chart r:id=DOCX_CHART_RID), whose alternative text gives every
 * row's number, so a screen reader or a converter that cannot draw charts still has them;
 * the chart part word/charts/chart1.xml (c:chartSpace with a horizontal c:barChart whose
 * c:strCache holds the labels and c:numCache the counts); and the workbook embedded beside
 * it (word/embeddings/counts.xlsx, cells A1:B(n+1)), which the chart's formulas name and
 * c:externalData points to, so Word's "Edit Data" opens the numbers to change.
 *
 * What it guarantees: the cached values are the agreement's counts, nothing recomputed; the
 * bytes depend on the data alone (the workbook is packed by zip_pack). What it does not
 * draw: the SVG's dashed selection line (the caption under the chart names the rule). */
#include "csa/render.h"
#include "csa/zipwrite.h"
#include "render_doc.h"

#include <stdio.h>

#define C_NS "http://schemas.openxmlformats.org/drawingml/2006/chart"
#define A_NS "http://schemas.openxmlformats.org/drawingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define SML_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define SELECTED_FILL "1D4E89" /* the SVG's colours */
#define OTHER_FILL "A9B4C2"
#define EMU_WIDTH 5731510L /* the text width, 9026 twentieths of a point, in EMU */
#define EMU_ROW 228600L    /* a bar's height: 0.25 inch */
#define EMU_FRAME 685800L  /* title and axis: 0.75 inch */

size_t docx_chart_rows(const struct agreement *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->ncounts; i++)
        n += facts_in_appendix_a(&a->counts[i]) != 0;
    return n;
}

void docx_chart_drawing(struct doc *d)
{
    const struct agreement *a = d->a;
    struct buf alt = {0};
    chart_title(a, &alt);
    buf_putc(&alt, ':');
    for (size_t i = 0, r = 0; i < a->ncounts; i++) {
        const struct agr_count *k = &a->counts[i];
        if (!facts_in_appendix_a(k))
            continue;
        buf_printf(&alt, "%s %s %d of %zu%s", r++ ? ";" : "", or_empty(k->label),
                   k->partnerships, a->npartnerships, k->selected ? ", selected" : "");
    }
    buf_putc(&alt, '.');
    long cy = EMU_FRAME + (long)docx_chart_rows(a) * EMU_ROW;
    d->after_table = 0;
    buf_printf(d->out, "<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing>"
                       "<wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
                       "<wp:extent cx=\"%ld\" cy=\"%ld\"/>"
                       "<wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>"
                       "<wp:docPr id=\"1\" name=\"Chart 1\" descr=\"",
               EMU_WIDTH, cy);
    doc_html_esc(d->out, buf_str(&alt));
    buf_puts(d->out, "\"/><wp:cNvGraphicFramePr/><a:graphic xmlns:a=\"" A_NS "\">"
                     "<a:graphicData uri=\"" C_NS "\"><c:chart xmlns:c=\"" C_NS "\" "
                     "xmlns:r=\"" R_NS "\" r:id=\"" DOCX_CHART_RID "\"/></a:graphicData>"
                     "</a:graphic></wp:inline></w:drawing></w:r></w:p>\n");
    buf_free(&alt);
}

/* A run of text in the chart's rich text: size in hundredths of a point. */
static void rich_text(struct buf *s, int size, int bold, const char *text)
{
    buf_printf(s, "<c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"%d\" b=\"%d\"/>"
                  "</a:pPr><a:r><a:rPr lang=\"en-GB\" sz=\"%d\" b=\"%d\"/><a:t>",
               size, bold, size, bold);
    doc_html_esc(s, text);
    buf_puts(s, "</a:t></a:r></a:p></c:rich>");
}

/* The one series: its name, its colours (a dark point per selected row), its labels and
 * values, cached and named by the workbook's cells. */
static void series(const struct agreement *a, struct buf *s, size_t n)
{
    buf_puts(s, "<c:ser><c:idx val=\"0\"/><c:order val=\"0\"/><c:tx><c:strRef>"
                "<c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\">"
                "<c:v>No. of CSPs selecting the priority</c:v></c:pt></c:strCache></c:strRef>"
                "</c:tx><c:spPr><a:solidFill><a:srgbClr val=\"" OTHER_FILL "\"/></a:solidFill>"
                "</c:spPr><c:invertIfNegative val=\"0\"/>");
    size_t r = 0;
    for (size_t i = 0; i < a->ncounts; i++) {
        const struct agr_count *k = &a->counts[i];
        if (!facts_in_appendix_a(k))
            continue;
        if (k->selected)
            buf_printf(s, "<c:dPt><c:idx val=\"%zu\"/><c:invertIfNegative val=\"0\"/>"
                          "<c:bubble3D val=\"0\"/><c:spPr><a:solidFill><a:srgbClr val=\""
                          SELECTED_FILL "\"/></a:solidFill></c:spPr></c:dPt>",
                       r);
        r++;
    }
    buf_puts(s, "<c:dLbls><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
                "<c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/>"
                "<c:showSerName val=\"0\"/><c:showPercent val=\"0\"/>"
                "<c:showBubbleSize val=\"0\"/></c:dLbls>");
    buf_printf(s, "<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$%zu</c:f><c:strCache>"
                  "<c:ptCount val=\"%zu\"/>", n + 1, n);
    r = 0;
    for (size_t i = 0; i < a->ncounts; i++)
        if (facts_in_appendix_a(&a->counts[i])) {
            buf_printf(s, "<c:pt idx=\"%zu\"><c:v>", r++);
            doc_html_esc(s, a->counts[i].label);
            buf_puts(s, "</c:v></c:pt>");
        }
    buf_printf(s, "</c:strCache></c:strRef></c:cat><c:val><c:numRef>"
                  "<c:f>Sheet1!$B$2:$B$%zu</c:f><c:numCache><c:formatCode>General</c:formatCode>"
                  "<c:ptCount val=\"%zu\"/>", n + 1, n);
    r = 0;
    for (size_t i = 0; i < a->ncounts; i++)
        if (facts_in_appendix_a(&a->counts[i]))
            buf_printf(s, "<c:pt idx=\"%zu\"><c:v>%d</c:v></c:pt>", r++,
                       a->counts[i].partnerships);
    buf_puts(s, "</c:numCache></c:numRef></c:val></c:ser>");
}

void docx_chart_part(const struct agreement *a, struct buf *s)
{
    size_t n = docx_chart_rows(a);
    int max = (int)a->npartnerships; /* the SVG's scale: N, or a bigger count */
    for (size_t i = 0; i < a->ncounts; i++)
        if (facts_in_appendix_a(&a->counts[i]) && a->counts[i].partnerships > max)
            max = a->counts[i].partnerships;
    struct buf title = {0};
    chart_title(a, &title);
    buf_puts(s, XML_DECL "<c:chartSpace xmlns:c=\"" C_NS "\" xmlns:a=\"" A_NS "\" "
                "xmlns:r=\"" R_NS "\"><c:date1904 val=\"0\"/><c:lang val=\"en-GB\"/>"
                "<c:roundedCorners val=\"0\"/><c:chart><c:title><c:tx>");
    rich_text(s, 1100, 1, buf_str(&title));
    buf_free(&title);
    buf_puts(s, "</c:tx><c:overlay val=\"0\"/></c:title><c:autoTitleDeleted val=\"0\"/>"
                "<c:plotArea><c:layout/><c:barChart><c:barDir val=\"bar\"/>"
                "<c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>");
    series(a, s, n);
    /* the first row at the top, as in the table: categories from max to min, and the value
     * axis crossing at the last, so it stays at the bottom */
    buf_printf(s, "<c:gapWidth val=\"50\"/><c:axId val=\"1001\"/><c:axId val=\"1002\"/>"
                  "</c:barChart><c:catAx><c:axId val=\"1001\"/><c:scaling>"
                  "<c:orientation val=\"maxMin\"/></c:scaling><c:delete val=\"0\"/>"
                  "<c:axPos val=\"l\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/>"
                  "<c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/>"
                  "<c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"1002\"/>"
                  "<c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/>"
                  "<c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>"
                  "<c:valAx><c:axId val=\"1002\"/><c:scaling><c:orientation val=\"minMax\"/>"
                  "<c:max val=\"%d\"/><c:min val=\"0\"/></c:scaling><c:delete val=\"0\"/>"
                  "<c:axPos val=\"b\"/><c:majorGridlines/>"
                  "<c:numFmt formatCode=\"0\" sourceLinked=\"0\"/>"
                  "<c:majorTickMark val=\"out\"/><c:minorTickMark val=\"none\"/>"
                  "<c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"1001\"/>"
                  "<c:crosses val=\"max\"/><c:crossBetween val=\"between\"/>"
                  "<c:majorUnit val=\"1\"/></c:valAx></c:plotArea>"
                  "<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>"
                  "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"900\">"
                  "<a:latin typeface=\"Arial\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"en-GB\"/>"
                  "</a:p></c:txPr><c:externalData r:id=\"rId1\"><c:autoUpdate val=\"0\"/>"
                  "</c:externalData></c:chartSpace>\n",
               max > 0 ? max : 1);
}

void docx_chart_rels(struct buf *s)
{
    buf_puts(s, XML_DECL
             "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
             "<Relationship Id=\"rId1\" Type=\"" R_NS "/package\" "
             "Target=\"../embeddings/counts.xlsx\"/></Relationships>\n");
}

/* ===== The embedded workbook ===== */

/* A text cell of the sheet. */
static void text_cell(struct buf *s, const char *ref, const char *text)
{
    buf_printf(s, "<c r=\"%s\" t=\"inlineStr\"><is><t>", ref);
    doc_html_esc(s, text);
    buf_puts(s, "</t></is></c>");
}

static void sheet(const struct agreement *a, struct buf *s)
{
    buf_puts(s, XML_DECL "<worksheet xmlns=\"" SML_NS "\"><sheetData><row r=\"1\">");
    text_cell(s, "A1", "Priority");
    text_cell(s, "B1", "No. of CSPs selecting the priority");
    buf_puts(s, "</row>");
    size_t r = 2;
    for (size_t i = 0; i < a->ncounts; i++) {
        if (!facts_in_appendix_a(&a->counts[i]))
            continue;
        char ref[32];
        snprintf(ref, sizeof ref, "A%zu", r);
        buf_printf(s, "<row r=\"%zu\">", r);
        text_cell(s, ref, a->counts[i].label);
        buf_printf(s, "<c r=\"B%zu\"><v>%d</v></c></row>", r++, a->counts[i].partnerships);
    }
    buf_puts(s, "</sheetData></worksheet>\n");
}

enum csa_rc docx_chart_workbook(const struct agreement *a, struct buf *out,
                                struct csa_error *err)
{
    enum { NPARTS = 5 };
    static const char *const names[NPARTS] = {"[Content_Types].xml", "_rels/.rels",
                                              "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                              "xl/worksheets/sheet1.xml"};
    struct buf parts[NPARTS] = {{0}};
    buf_puts(&parts[0],
             XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                      "content-types\"><Default Extension=\"rels\" ContentType=\"application/"
                      "vnd.openxmlformats-package.relationships+xml\"/>"
                      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                      "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
                      "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                      "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/"
                      "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                      "</Types>\n");
    buf_puts(&parts[1],
             XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                      "relationships\"><Relationship Id=\"rId1\" Type=\"" R_NS
                      "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>\n");
    buf_puts(&parts[2], XML_DECL "<workbook xmlns=\"" SML_NS "\" xmlns:r=\"" R_NS "\"><sheets>"
                                 "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
                                 "</sheets></workbook>\n");
    buf_puts(&parts[3],
             XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                      "relationships\"><Relationship Id=\"rId1\" Type=\"" R_NS
                      "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>\n");
    sheet(a, &parts[4]);
    enum csa_rc rc = zip_pack(names, parts, NPARTS, out, err);
    for (size_t k = 0; k < NPARTS; k++)
        buf_free(&parts[k]);
    return rc;
}
