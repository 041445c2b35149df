/* render_docx.c: the draft agreement as a Word document (see render.h): the Office Open XML
 * container around the body and footnotes that render_block.c writes in its Word mode
 * (render_docx_body).
 *
 * The parts, always in this order: [Content_Types].xml, _rels/.rels, docProps/core.xml
 * (title, subject, the plan year, the draft, en-GB), docProps/app.xml, word/document.xml (the
 * body, then an A4 section whose footer numbers the pages), word/styles.xml (Word's own
 * styles, so a house style applies with one click: Title, Heading 1-3, List Bullet, Table
 * Grid, Caption, Footnote Text, Footnote Reference, TOC Heading, TOC 1, Footer; the language
 * en-GB in the defaults), word/settings.xml (the footnotes' separators), word/numbering.xml
 * (List Bullet's bullet), word/footer1.xml (a PAGE field), word/_rels/document.xml.rels,
 * word/footnotes.xml (Word's separator and continuation separator, ids -1 and 0, then
 * Appendix A's notes as real footnotes); and when Appendix A has rows, its count chart as a
 * native chart (render_docx_chart.c): word/charts/chart1.xml, its relationships and the
 * workbook holding its numbers, word/embeddings/counts.xlsx.
 *
 * What it guarantees: the same agreement gives the same bytes (zip_pack, zipwrite.h).
 *
 * What it does not do: update the contents field (its cached entries are the section titles
 * without page numbers, which Word fills in when the field is updated), or draw the SVG
 * chart's dashed selection line (the caption under it states the rule in words). */
#include "csa/planyear.h"
#include "csa/render.h"
#include "csa/zipwrite.h"
#include "render_doc.h"

#include <stdio.h>
#include <string.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."

/* ===== The parts ===== */

static void content_types(struct buf *s, int chart)
{
    buf_puts(s, XML_DECL
             "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
             "<Default Extension=\"rels\" "
             "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
             "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
             "<Override PartName=\"/word/document.xml\" ContentType=\"" CT_WML
             "document.main+xml\"/>"
             "<Override PartName=\"/word/styles.xml\" ContentType=\"" CT_WML "styles+xml\"/>"
             "<Override PartName=\"/word/settings.xml\" ContentType=\"" CT_WML
             "settings+xml\"/>"
             "<Override PartName=\"/word/numbering.xml\" ContentType=\"" CT_WML
             "numbering+xml\"/>"
             "<Override PartName=\"/word/footer1.xml\" ContentType=\"" CT_WML "footer+xml\"/>"
             "<Override PartName=\"/word/footnotes.xml\" ContentType=\"" CT_WML
             "footnotes+xml\"/>"
             "<Override PartName=\"/docProps/core.xml\" "
             "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
             "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
             "vnd.openxmlformats-officedocument.extended-properties+xml\"/>");
    if (chart)
        buf_puts(s, "<Default Extension=\"xlsx\" ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.spreadsheetml.sheet\"/>"
                    "<Override PartName=\"/word/charts/chart1.xml\" ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>");
    buf_puts(s, "</Types>\n");
}

static void package_rels(struct buf *s)
{
    buf_puts(s, XML_DECL
             "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
             "<Relationship Id=\"rId1\" Type=\"" R_NS "/officeDocument\" "
             "Target=\"word/document.xml\"/>"
             "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/"
             "relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
             "<Relationship Id=\"rId3\" Type=\"" R_NS "/extended-properties\" "
             "Target=\"docProps/app.xml\"/>"
             "</Relationships>\n");
}

static void document_rels(struct buf *s, int chart)
{
    buf_puts(s, XML_DECL
             "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
             "<Relationship Id=\"rId1\" Type=\"" R_NS "/styles\" Target=\"styles.xml\"/>"
             "<Relationship Id=\"rId2\" Type=\"" R_NS "/settings\" Target=\"settings.xml\"/>"
             "<Relationship Id=\"rId3\" Type=\"" R_NS "/numbering\" Target=\"numbering.xml\"/>"
             "<Relationship Id=\"rId4\" Type=\"" R_NS "/footer\" Target=\"footer1.xml\"/>"
             "<Relationship Id=\"rId5\" Type=\"" R_NS "/footnotes\" "
             "Target=\"footnotes.xml\"/>");
    if (chart)
        buf_puts(s, "<Relationship Id=\"" DOCX_CHART_RID "\" Type=\"" R_NS "/chart\" "
                    "Target=\"charts/chart1.xml\"/>");
    buf_puts(s, "</Relationships>\n");
}

/* Title, subject, the plan year and the draft: "draft 3", "final", or "draft" when the
 * draft has no number. */
static void core_props(const struct agreement *a, struct buf *s)
{
    char py[PLANYEAR_LABEL_MAX], draft[32];
    planyear_label(a->year, '/', py, sizeof py);
    if (a->draft.final)
        snprintf(draft, sizeof draft, "final");
    else if (a->draft.number > 0)
        snprintf(draft, sizeof draft, "draft %d", a->draft.number);
    else
        snprintf(draft, sizeof draft, "draft");
    struct buf t = {0};
    render_doc_title(a, &t);
    buf_puts(s, XML_DECL
             "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
             "metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
             "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
             "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
    doc_html_esc(s, buf_str(&t));
    buf_puts(s, "</dc:title><dc:subject>");
    buf_reset(&t);
    buf_printf(&t, "%s Community Safety Agreement, plan year %s, %s", or_empty(a->reg->name), py,
               draft);
    doc_html_esc(s, buf_str(&t));
    buf_puts(s, "</dc:subject><dc:creator>csa</dc:creator><cp:keywords>");
    buf_reset(&t);
    buf_printf(&t, "plan year %s; %s", py, draft);
    doc_html_esc(s, buf_str(&t));
    buf_printf(s, "</cp:keywords><dc:language>en-GB</dc:language>"
                  "<cp:contentStatus>%s</cp:contentStatus>",
               a->draft.final ? "Final" : "Draft");
    if (a->draft.number > 0)
        buf_printf(s, "<cp:revision>%d</cp:revision>", a->draft.number);
    buf_puts(s, "</cp:coreProperties>\n");
    buf_free(&t);
}

static void app_props(struct buf *s)
{
    buf_puts(s, XML_DECL
             "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
             "extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/"
             "2006/docPropsVTypes\"><Application>csa</Application><DocSecurity>0</DocSecurity>"
             "</Properties>\n");
}

/* word/document.xml into s, and the footnotes its body references into notes. */
static void document(const struct agreement *a, struct buf *s, struct buf *notes)
{
    buf_puts(s, XML_DECL "<w:document xmlns:w=\"" W_NS "\" xmlns:r=\"" R_NS "\" xmlns:wp=\""
                "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\">"
                "<w:body>\n");
    render_docx_body(a, s, notes);
    buf_puts(s, "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/>"
                "<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" "
                "w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" w:footer=\"708\" "
                "w:gutter=\"0\"/></w:sectPr></w:body></w:document>\n");
}

/* A paragraph style: its id, Word's name for it, and its paragraph and run properties. */
static void para_style(struct buf *s, const char *id, const char *name, const char *ppr,
                       const char *rpr)
{
    buf_printf(s, "<w:style w:type=\"paragraph\" w:styleId=\"%s\"><w:name w:val=\"%s\"/>"
                  "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>",
               id, name);
    if (ppr)
        buf_printf(s, "<w:pPr>%s</w:pPr>", ppr);
    if (rpr)
        buf_printf(s, "<w:rPr>%s</w:rPr>", rpr);
    buf_puts(s, "</w:style>");
}

static void styles(struct buf *s)
{
    buf_puts(s, XML_DECL "<w:styles xmlns:w=\"" W_NS "\">"
                "<w:docDefaults><w:rPrDefault><w:rPr>"
                "<w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" "
                "w:cs=\"Arial\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>"
                "<w:lang w:val=\"en-GB\" w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\"/>"
                "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
                "<w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/>"
                "</w:pPr></w:pPrDefault></w:docDefaults>"
                "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
                "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
                "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">"
                "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/>"
                "<w:semiHidden/></w:style>"
                "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
                "<w:name w:val=\"Normal Table\"/><w:semiHidden/><w:tblPr>"
                "<w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>"
                "<w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
                "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
                "</w:tblCellMar></w:tblPr></w:style>");
    para_style(s, "Title", "Title", "<w:spacing w:after=\"240\"/>",
               "<w:b/><w:sz w:val=\"48\"/><w:szCs w:val=\"48\"/>");
    para_style(s, "Heading1", "heading 1",
               "<w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"120\"/>"
               "<w:outlineLvl w:val=\"0\"/>",
               "<w:b/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>");
    para_style(s, "Heading2", "heading 2",
               "<w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/>"
               "<w:outlineLvl w:val=\"1\"/>",
               "<w:b/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/>");
    para_style(s, "Heading3", "heading 3",
               "<w:keepNext/><w:keepLines/><w:spacing w:before=\"200\" w:after=\"80\"/>"
               "<w:outlineLvl w:val=\"2\"/>",
               "<w:b/><w:i/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>");
    para_style(s, "ListBullet", "List Bullet",
               "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"
               "<w:spacing w:after=\"60\"/><w:ind w:left=\"360\" w:hanging=\"360\"/>",
               NULL);
    para_style(s, "Caption", "caption", "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"60\"/>",
               "<w:b/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>");
    para_style(s, "FootnoteText", "footnote text", "<w:spacing w:after=\"40\"/>",
               "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>");
    buf_puts(s, "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\">"
                "<w:name w:val=\"footnote reference\"/><w:basedOn w:val=\"DefaultParagraphFont\"/>"
                "<w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>");
    para_style(s, "TOCHeading", "TOC Heading",
               "<w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/>",
               "<w:b/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>");
    para_style(s, "TOC1", "toc 1", "<w:spacing w:after=\"60\"/>", NULL);
    para_style(s, "Footer", "footer", "<w:jc w:val=\"center\"/>", NULL);
    buf_puts(s, "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/>"
                "<w:basedOn w:val=\"TableNormal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
                "<w:tblPr><w:tblBorders>"
                "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
                "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
                "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
                "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
                "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
                "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
                "</w:tblBorders></w:tblPr></w:style>"
                "</w:styles>\n");
}

static void settings(struct buf *s)
{
    buf_puts(s, XML_DECL "<w:settings xmlns:w=\"" W_NS "\">"
                "<w:defaultTabStop w:val=\"720\"/>"
                "<w:characterSpacingControl w:val=\"doNotCompress\"/>"
                "<w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/>"
                "</w:footnotePr>"
                "<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
                "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
                "<w:themeFontLang w:val=\"en-GB\"/>"
                "</w:settings>\n");
}

static void numbering(struct buf *s)
{
    buf_puts(s, XML_DECL "<w:numbering xmlns:w=\"" W_NS "\">"
                "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>"
                "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/>"
                "<w:lvlText w:val=\"\xE2\x80\xA2\"/><w:lvlJc w:val=\"left\"/>"
                "<w:pPr><w:ind w:left=\"360\" w:hanging=\"360\"/></w:pPr></w:lvl></w:abstractNum>"
                "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
                "</w:numbering>\n");
}

static void footer(struct buf *s)
{
    buf_puts(s, XML_DECL "<w:ftr xmlns:w=\"" W_NS "\" xmlns:r=\"" R_NS "\">"
                "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>"
                "<w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>"
                "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"
                "</w:p></w:ftr>\n");
}

/* word/footnotes.xml: Word's two separators, then the notes (w:footnote elements). */
static void footnotes(const struct buf *notes, struct buf *s)
{
    buf_puts(s, XML_DECL "<w:footnotes xmlns:w=\"" W_NS "\" xmlns:r=\"" R_NS "\">"
                "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr>"
                "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
                "<w:r><w:separator/></w:r></w:p></w:footnote>"
                "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr>"
                "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
                "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>\n");
    buf_append(s, notes->data ? notes->data : "", notes->len);
    buf_puts(s, "</w:footnotes>\n");
}

/* ===== The document ===== */

enum csa_rc render_docx(const struct agreement *a, struct buf *out, struct csa_error *err)
{
    enum { NPARTS = 14 };
    static const char *const names[NPARTS] = {
        "[Content_Types].xml", "_rels/.rels",        "docProps/core.xml", "docProps/app.xml",
        "word/document.xml",   "word/styles.xml",    "word/settings.xml", "word/numbering.xml",
        "word/footer1.xml",    "word/_rels/document.xml.rels",            "word/footnotes.xml",
        "word/charts/chart1.xml", "word/charts/_rels/chart1.xml.rels",
        "word/embeddings/counts.xlsx"};
    struct buf parts[NPARTS] = {{0}}, notes = {0};
    int chart = docx_chart_rows(a) > 0 && a->nsubmitted > 0; /* the stub has no Appendix A */
    content_types(&parts[0], chart);
    package_rels(&parts[1]);
    core_props(a, &parts[2]);
    app_props(&parts[3]);
    document(a, &parts[4], &notes);
    styles(&parts[5]);
    settings(&parts[6]);
    numbering(&parts[7]);
    footer(&parts[8]);
    document_rels(&parts[9], chart);
    footnotes(&notes, &parts[10]);
    enum csa_rc rc = CSA_OK;
    if (chart) {
        docx_chart_part(a, &parts[11]);
        docx_chart_rels(&parts[12]);
        rc = docx_chart_workbook(a, &parts[13], err);
    }
    if (rc == CSA_OK)
        rc = zip_pack(names, parts, chart ? NPARTS : 11, out, err);
    for (size_t k = 0; k < NPARTS; k++)
        buf_free(&parts[k]);
    buf_free(&notes);
    return rc;
}
