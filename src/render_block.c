/* render_block.c: the block format of the draft agreement (see render_doc.h): headings,
 * sections, paragraphs, lists and tables, and the data text inside them, written as one
 * self-contained HTML5 file that also parses as XML, as GitHub-flavoured Markdown, or as the
 * body of a WordprocessingML document (word/document.xml, packed by render_docx.c). One
 * walk of the document calls these writers whatever the format, so the three never disagree.
 *
 * Word's blocks: headings are paragraphs in the styles Title (level 1) and Heading 1 to 3
 * (levels 2, 3 and below); list items List Bullet; captions Caption; notes Footnote Text;
 * tables Table Grid, their header row repeating on each page (w:tblHeader) and a highlighted
 * row shaded and bold; a note is a real footnote (its paragraph in Footnote Text, collected
 * for word/footnotes.xml), referenced where the HTML puts its mark and numbered, as Word and
 * LibreOffice number footnotes, in the order of the references. Text is always inside a run
 * inside a paragraph.
 *
 * What it guarantees: every piece of data text is escaped for the format (HTML entities; a
 * backslash before anything Markdown could read as markup), controls and bidirectional
 * controls in it are neutralised, and every table row has its table's width. What it does
 * not know: what the document says. */
#include "render_doc.h"
#include "csa/utf8.h"

#include <stdio.h>
#include <string.h>

/* The next character of s as it may appear in a document: its length is returned and *cp
 * set; a byte that is not UTF-8 reads as U+FFFD. Controls and bidirectional controls
 * (utf8_is_control) are neutralised: a line break, tab or other control reads as a space, a
 * bidirectional control as nothing (*cp = 0), so no wording can break the document's lines or
 * reorder the text that follows it. */
static size_t doc_char(const char *s, unsigned long *cp)
{
    size_t len = utf8_decode(s, strnlen(s, 4), cp);
    if (len == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    if (utf8_is_control(*cp))
        *cp = *cp < 0x20 || (*cp >= 0x7F && *cp < 0xA0) ? ' ' : 0;
    return len;
}

/* Appends the character cp that stood as s[0..len): the bytes themselves when cp is what
 * they say, else cp's own encoding (a space, U+FFFD); nothing for 0. */
static void put_char(struct buf *b, const char *s, size_t len, unsigned long cp)
{
    unsigned long was;
    if (cp == 0)
        return;
    if (utf8_decode(s, len, &was) == len && was == cp)
        buf_append(b, s, len);
    else if (cp < 0x80)
        buf_putc(b, (char)cp);
    else
        buf_puts(b, "\xEF\xBF\xBD"); /* U+FFFD */
}

/* How many bytes s opens with that doc_html_esc copies as they are: printable ASCII other
 * than the five it escapes. */
static size_t html_plain_run(const char *s)
{
    size_t n = 0;
    for (unsigned char ch; (ch = (unsigned char)s[n]) >= 0x20 && ch < 0x7F; n++)
        if (ch == '&' || ch == '<' || ch == '>' || ch == '"' || ch == '\'')
            break;
    return n;
}

void doc_html_esc(struct buf *b, const char *s)
{
    for (size_t len; s && *s; s += len) {
        unsigned long c;
        len = html_plain_run(s); /* most text: copied a run at a time, not a character */
        if (len > 0) {
            buf_append(b, s, len);
            continue;
        }
        len = doc_char(s, &c);
        if (c == '&')
            buf_puts(b, "&amp;");
        else if (c == '<')
            buf_puts(b, "&lt;");
        else if (c == '>')
            buf_puts(b, "&gt;");
        else if (c == '"')
            buf_puts(b, "&quot;");
        else if (c == '\'')
            buf_puts(b, "&#39;");
        else
            put_char(b, s, len, c);
    }
}

/* Where s would start a Markdown block if it began a line ("1. ", "- ", "+ ", "---", "--"): the
 * index of the character to escape, or -1. */
static long md_block_marker(const char *s)
{
    size_t d = strspn(s, "0123456789");
    if (d > 0 && (s[d] == '.' || s[d] == ')'))
        return (long)d;
    if ((s[0] == '-' || s[0] == '+') && (s[1] == ' ' || s[1] == '\t' || s[1] == '\0'))
        return 0;
    if ((s[0] == '-' || s[0] == '=') && s[1] == s[0]) /* a thematic break or a heading's rule */
        return 0;
    return -1;
}

/* Escapes text for GitHub-flavoured Markdown, inline, in a table cell or at a line start:
 * every character that could make markup is backslash-escaped (| as \|), as is a possible
 * entity's &; controls are neutralised as in doc_char, so a wording can never end its line,
 * start a heading or a list, or break a table's row. */
static void md_esc(struct buf *b, const char *s)
{
    if (s == NULL)
        return;
    long marker = md_block_marker(s);
    for (size_t i = 0, len; s[i]; i += len) {
        unsigned long c;
        /* most text: printable ASCII that needs no backslash, copied a run at a time */
        for (len = 0; (unsigned char)s[i + len] >= 0x20 && (unsigned char)s[i + len] < 0x7F &&
                      !strchr("\\`*_[]<>|#~$&", s[i + len]) && (long)(i + len) != marker;
             len++)
            ;
        if (len > 0) {
            buf_append(b, s + i, len);
            continue;
        }
        len = doc_char(s + i, &c);
        int entity = c == '&' && (ascii_alnum(s[i + 1]) || s[i + 1] == '#');
        if ((long)i == marker || entity || (c < 0x80 && c && strchr("\\`*_[]<>|#~$", (int)c)))
            buf_putc(b, '\\');
        put_char(b, s + i, len, c);
    }
}

/* ===== Word: paragraphs and runs ===== */

/* Opens a Word paragraph in style (may be NULL), aligned right when right is set. */
static void docx_p(struct doc *d, const char *style, int right)
{
    d->after_table = 0;
    buf_puts(d->out, "<w:p>");
    if (style || right) {
        buf_puts(d->out, "<w:pPr>");
        if (style)
            buf_printf(d->out, "<w:pStyle w:val=\"%s\"/>", style);
        if (right)
            buf_puts(d->out, "<w:jc w:val=\"right\"/>");
        buf_puts(d->out, "</w:pPr>");
    }
}

/* A run of data text with the run properties rpr (may be NULL); nothing for empty text. */
static void docx_run(struct doc *d, const char *rpr, const char *s)
{
    if (!is_set(s))
        return;
    buf_puts(d->out, "<w:r>");
    if (rpr)
        buf_printf(d->out, "<w:rPr>%s</w:rPr>", rpr);
    buf_puts(d->out, "<w:t xml:space=\"preserve\">");
    doc_html_esc(d->out, s);
    buf_puts(d->out, "</w:t></w:r>");
}

#define DOCX_BOLD "<w:b/>"
#define DOCX_SUP "<w:vertAlign w:val=\"superscript\"/>"
#define DOCX_HEAD_FILL "D9D9D9"   /* a table's header row */
#define DOCX_SELECT_FILL "E2EFDA" /* a highlighted row: the selected priorities */
#define DOCX_BOX_FILL "FFF2CC"    /* the status box */
#define DOCX_TEXT_WIDTH 9026      /* A4 less 1-inch margins, in twentieths of a point */

/* ===== Inline ===== */

void doc_text(struct doc *d, const char *s)
{
    if (d->fmt == DOC_MD)
        md_esc(d->out, s);
    else if (d->fmt == DOC_DOCX)
        docx_run(d, NULL, s);
    else
        doc_html_esc(d->out, s);
}

void doc_strong(struct doc *d, const char *s)
{
    if (!is_set(s))
        return;
    if (d->fmt == DOC_DOCX) {
        docx_run(d, DOCX_BOLD, s);
        return;
    }
    int md = d->fmt == DOC_MD;
    buf_puts(d->out, md ? "**" : "<strong>");
    doc_text(d, s);
    buf_puts(d->out, md ? "**" : "</strong>");
}

/* Writes fixed markup: html in HTML, md in Markdown, nothing in Word. */
void doc_raw(struct doc *d, const char *html, const char *md)
{
    if (d->fmt != DOC_DOCX)
        buf_puts(d->out, d->fmt == DOC_MD ? md : html);
}

void doc_line_break(struct doc *d)
{
    if (d->fmt == DOC_DOCX)
        buf_puts(d->out, "<w:r><w:br/></w:r>");
    else
        doc_raw(d, "<br/>", "  \n");
}

/* Word's footnote reference mark, in the body and at the start of the note. */
#define DOCX_NOTE_MARK "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr>"

void doc_note_mark(struct doc *d, int n)
{
    char s[16];
    snprintf(s, sizeof s, "%d", n);
    if (d->fmt == DOC_DOCX && d->notes && n >= 1 && n <= DOC_NOTES_MAX) {
        if (d->note_id[n] == 0) /* a note marked twice is one footnote, referenced once */
            buf_printf(d->out, DOCX_NOTE_MARK "<w:footnoteReference w:id=\"%d\"/></w:r>",
                       d->note_id[n] = ++d->nnote_ids);
    } else if (d->fmt == DOC_DOCX)
        docx_run(d, DOCX_SUP, s);
    else if (d->fmt == DOC_MD)
        buf_printf(d->out, "<sup>%d</sup>", n);
    else
        buf_printf(d->out, "<sup><a href=\"#note-%d\">%d</a></sup>", n, n);
}

/* ===== Blocks ===== */

void doc_heading(struct doc *d, int level, const char *id, const char *s)
{
    if (d->fmt == DOC_DOCX) {
        /* the status box's headings are bold text, so the contents field leaves them out */
        static const char *const styles[] = {"Title", "Heading1", "Heading2", "Heading3"};
        docx_p(d, d->inbox ? NULL : styles[level < 1 ? 0 : level > 4 ? 3 : level - 1], 0);
        docx_run(d, d->inbox ? DOCX_BOLD : NULL, s);
        buf_puts(d->out, "</w:p>\n");
        return;
    }
    if (d->fmt == DOC_MD) {
        buf_printf(d->out, "%.*s ", level, "######");
        doc_text(d, s);
        buf_puts(d->out, "\n\n");
        return;
    }
    buf_printf(d->out, "<h%d", level);
    if (id) {
        buf_puts(d->out, " id=\"");
        doc_html_esc(d->out, id);
        buf_putc(d->out, '"');
    }
    buf_putc(d->out, '>');
    doc_text(d, s);
    buf_printf(d->out, "</h%d>\n", level);
}

/* Opens an HTML <section> (nothing in Markdown or Word) headed by a level-2 heading. */
void doc_section_begin(struct doc *d, const char *id, const char *cls, const char *title)
{
    if (d->fmt == DOC_HTML) {
        buf_puts(d->out, "<section id=\"");
        doc_html_esc(d->out, id);
        buf_printf(d->out, "\"%s%s%s>\n", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    }
    doc_heading(d, 2, NULL, title);
}

void doc_section_end(struct doc *d)
{
    doc_raw(d, "</section>\n", "");
}

/* The status box. Markdown writes it aside first, to quote it line by line at the end. */
void doc_box_begin(struct doc *d)
{
    if (d->fmt == DOC_HTML) {
        buf_puts(d->out, "<aside class=\"status\" aria-label=\"Draft status\">\n");
    } else if (d->fmt == DOC_MD) {
        d->outer = d->out;
        d->box = (struct buf){0};
        d->out = &d->box;
    } else {
        buf_printf(d->out,
                   "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/>"
                   "<w:tblW w:w=\"5000\" w:type=\"pct\"/></w:tblPr>"
                   "<w:tblGrid><w:gridCol w:w=\"%d\"/></w:tblGrid>\n<w:tr><w:tc><w:tcPr>"
                   "<w:tcW w:w=\"%d\" w:type=\"dxa\"/>"
                   "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"" DOCX_BOX_FILL "\"/>"
                   "</w:tcPr>\n",
                   DOCX_TEXT_WIDTH, DOCX_TEXT_WIDTH);
        d->inbox = 1;
        d->after_table = 0;
    }
}

void doc_box_end(struct doc *d)
{
    if (d->fmt == DOC_HTML) {
        buf_puts(d->out, "</aside>\n");
    } else if (d->fmt == DOC_DOCX) {
        if (d->after_table) /* a cell ends with a paragraph */
            buf_puts(d->out, "<w:p/>");
        buf_puts(d->out, "</w:tc></w:tr></w:tbl>\n");
        d->inbox = 0;
        d->after_table = 1;
    } else {
        struct buf *box = &d->box;
        d->out = d->outer;
        d->outer = NULL;
        while (box->len > 0 && box->data[box->len - 1] == '\n')
            box->data[--box->len] = '\0';
        for (const char *p = buf_str(box); *p;) {
            size_t n = strcspn(p, "\n");
            buf_puts(d->out, n ? "> " : ">");
            buf_append(d->out, p, n);
            buf_putc(d->out, '\n');
            p += n + (p[n] == '\n');
        }
        buf_puts(d->out, "\n");
        buf_free(box);
    }
}

void doc_p_begin(struct doc *d, const char *cls)
{
    if (d->fmt == DOC_DOCX)
        docx_p(d, !cls                          ? NULL
                  : strcmp(cls, "note") == 0    ? "FootnoteText"
                  : strcmp(cls, "caption") == 0 ? "Caption"
                                                : NULL,
               0);
    else if (d->fmt == DOC_HTML)
        buf_printf(d->out, "<p%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
}

void doc_p_end(struct doc *d)
{
    if (d->fmt == DOC_DOCX) {
        buf_puts(d->out, "</w:p>\n");
        if (d->in_note) { /* the footnote ends with its paragraph; the body goes on */
            buf_puts(d->out, "</w:footnote>\n");
            d->out = d->in_note;
            d->in_note = NULL;
        }
    } else
        doc_raw(d, "</p>\n", "\n\n");
}

void doc_note_begin(struct doc *d, int n)
{
    int id = d->fmt == DOC_DOCX && d->notes && n >= 1 && n <= DOC_NOTES_MAX ? d->note_id[n] : 0;
    if (id > 0 && d->note_xml[id - 1].len == 0) {
        int after = d->after_table; /* the note is not in the body's flow */
        d->in_note = d->out;
        d->out = &d->note_xml[id - 1];
        buf_printf(d->out, "<w:footnote w:id=\"%d\">", id);
        doc_p_begin(d, "note");
        d->after_table = after;
        buf_puts(d->out, DOCX_NOTE_MARK "<w:footnoteRef/></w:r>");
        docx_run(d, NULL, " ");
        return;
    }
    if (d->fmt == DOC_DOCX) {
        doc_p_begin(d, "note");
        doc_note_mark(d, n);
        docx_run(d, NULL, " ");
        return;
    }
    if (d->fmt == DOC_HTML)
        buf_printf(d->out, "<p class=\"note\" id=\"note-%d\">", n);
    buf_printf(d->out, "<sup>%d</sup> ", n);
}

void doc_notes_end(struct doc *d)
{
    for (int i = 0; i < d->nnote_ids; i++) {
        if (d->note_xml[i].len == 0)
            buf_printf(&d->note_xml[i], "<w:footnote w:id=\"%d\"><w:p><w:pPr><w:pStyle "
                                        "w:val=\"FootnoteText\"/></w:pPr></w:p></w:footnote>\n",
                       i + 1);
        if (d->notes)
            buf_append(d->notes, d->note_xml[i].data, d->note_xml[i].len);
        buf_free(&d->note_xml[i]);
    }
    d->nnote_ids = 0;
}

/* A paragraph. Markdown loses its leading white space, which would make it a code block. */
void doc_para(struct doc *d, const char *s)
{
    while (d->fmt == DOC_MD && s && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++;
    doc_p_begin(d, NULL);
    doc_text(d, s);
    doc_p_end(d);
}

/* A numbered paragraph of a section: "1.1 ..." */
void doc_numbered(struct doc *d, int section, int n, const char *s)
{
    doc_p_begin(d, "numbered");
    if (d->fmt == DOC_DOCX)
        buf_printf(d->out, "<w:r><w:rPr>" DOCX_BOLD "</w:rPr><w:t xml:space=\"preserve\">%d.%d "
                           "</w:t></w:r>", section, n);
    else if (d->fmt == DOC_MD)
        buf_printf(d->out, "**%d.%d** ", section, n);
    else
        buf_printf(d->out, "<span class=\"n\">%d.%d</span> ", section, n);
    doc_text(d, s);
    doc_p_end(d);
}

void doc_list_begin(struct doc *d)
{
    doc_raw(d, "<ul>\n", "");
}

void doc_item_begin(struct doc *d)
{
    if (d->fmt == DOC_DOCX)
        docx_p(d, "ListBullet", 0);
    else
        doc_raw(d, "<li>", "- ");
}

void doc_item_end(struct doc *d)
{
    if (d->fmt == DOC_DOCX)
        buf_puts(d->out, "</w:p>\n");
    else
        doc_raw(d, "</li>\n", "\n");
}

void doc_list_end(struct doc *d)
{
    doc_raw(d, "</ul>\n", "\n");
}

void doc_item(struct doc *d, const char *s)
{
    doc_item_begin(d);
    doc_text(d, s);
    doc_item_end(d);
}

/* A bulleted list of v, or the paragraph `none` when it is empty. */
void doc_list_or(struct doc *d, const char *const *v, size_t n, const char *none)
{
    if (n == 0) {
        doc_para(d, none);
        return;
    }
    doc_list_begin(d);
    for (size_t i = 0; i < n; i++)
        doc_item(d, v[i]);
    doc_list_end(d);
}

/* The contents. In Word a complex field: begin, instruction and separate open the first
 * entry's paragraph, the entries are its cached result, and end closes it. */
void doc_contents_begin(struct doc *d, const char *title)
{
    if (d->fmt == DOC_DOCX) {
        docx_p(d, "TOCHeading", 0);
        docx_run(d, NULL, title);
        buf_puts(d->out, "</w:p>\n");
        d->toc_first = 1;
        return;
    }
    doc_raw(d, "<nav class=\"contents\" aria-label=\"Contents\">\n", "");
    doc_heading(d, 2, NULL, title);
    doc_list_begin(d);
}

void doc_contents_item(struct doc *d, const char *id, const char *s)
{
    if (d->fmt == DOC_DOCX) {
        docx_p(d, "TOC1", 0);
        if (d->toc_first)
            buf_puts(d->out, "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                             "<w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h \\z \\u "
                             "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>");
        d->toc_first = 0;
        docx_run(d, NULL, s);
        buf_puts(d->out, "</w:p>\n");
        return;
    }
    doc_item_begin(d);
    if (d->fmt == DOC_HTML)
        buf_printf(d->out, "<a href=\"#%s\">", id);
    doc_text(d, s);
    doc_raw(d, "</a>", "");
    doc_item_end(d);
}

void doc_contents_end(struct doc *d)
{
    if (d->fmt == DOC_DOCX) {
        docx_p(d, NULL, 0);
        buf_puts(d->out, "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>\n");
        return;
    }
    doc_list_end(d);
    doc_raw(d, "</nav>\n", "");
}

/* ===== Tables ===== */

static void table_head_md(struct doc *d, const char *caption)
{
    if (caption) {
        doc_p_begin(d, NULL);
        buf_puts(d->out, "*");
        doc_text(d, caption);
        buf_puts(d->out, "*");
        doc_p_end(d);
    }
    for (size_t i = 0; i < d->ncols; i++) {
        buf_puts(d->out, "| ");
        doc_text(d, d->cols[i].head);
        if (d->cols[i].note)
            doc_note_mark(d, d->cols[i].note);
        buf_putc(d->out, ' ');
    }
    buf_puts(d->out, "|\n");
    for (size_t i = 0; i < d->ncols; i++)
        buf_puts(d->out, d->cols[i].num ? "| ---: " : "| --- ");
    buf_puts(d->out, "|\n");
}

static void table_head_html(struct doc *d, const char *cls, const char *caption)
{
    buf_printf(d->out, "<table class=\"%s\">\n", cls);
    if (caption) {
        buf_puts(d->out, "<caption>");
        doc_text(d, caption);
        buf_puts(d->out, "</caption>\n");
    }
    buf_puts(d->out, "<thead><tr>");
    for (size_t i = 0; i < d->ncols; i++) {
        buf_printf(d->out, "<th scope=\"col\"%s>", d->cols[i].num ? " class=\"num\"" : "");
        doc_text(d, d->cols[i].head);
        if (d->cols[i].note)
            doc_note_mark(d, d->cols[i].note);
        buf_puts(d->out, "</th>");
    }
    buf_puts(d->out, "</tr></thead>\n<tbody>\n");
}

/* Word's table: its caption a paragraph above it, the columns of equal width, and the header
 * row a row like the others that repeats on every page. */
static void table_head_docx(struct doc *d, const char *caption)
{
    if (caption) {
        docx_p(d, "Caption", 0);
        docx_run(d, NULL, caption);
        buf_puts(d->out, "</w:p>\n");
    } else if (d->after_table) { /* two tables in a row would merge into one */
        buf_puts(d->out, "<w:p/>\n");
    }
    int w = DOCX_TEXT_WIDTH / (int)(d->ncols ? d->ncols : 1);
    buf_puts(d->out, "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/>"
                     "<w:tblW w:w=\"5000\" w:type=\"pct\"/></w:tblPr><w:tblGrid>");
    for (size_t i = 0; i < d->ncols; i++)
        buf_printf(d->out, "<w:gridCol w:w=\"%d\"/>", w);
    buf_puts(d->out, "</w:tblGrid>\n<w:tr><w:trPr><w:tblHeader/></w:trPr>");
    d->head = 1;
    for (size_t i = 0; i < d->ncols; i++) {
        d->col = i;
        doc_cell(d, d->cols[i].head, d->cols[i].note);
    }
    d->head = 0;
    buf_puts(d->out, "</w:tr>\n");
}

/* Opens a table of n columns (cols must outlive it), with its caption when not NULL.
 * rowhead: the first cell of each row is the row's header (HTML). */
void doc_table_begin(struct doc *d, const char *cls, const char *caption,
                     const struct col *cols, size_t n, int rowhead)
{
    d->cols = cols;
    d->ncols = n;
    d->rowhead = rowhead;
    d->strong = 0;
    if (d->fmt == DOC_MD)
        table_head_md(d, caption);
    else if (d->fmt == DOC_DOCX)
        table_head_docx(d, caption);
    else
        table_head_html(d, cls, caption);
}

void doc_row_begin(struct doc *d, int highlight)
{
    d->col = 0;
    d->strong = highlight;
    if (d->fmt == DOC_MD)
        buf_putc(d->out, '|');
    else if (d->fmt == DOC_DOCX)
        buf_puts(d->out, "<w:tr>");
    else
        buf_puts(d->out, highlight ? "<tr class=\"selected\">" : "<tr>");
}

/* A Word cell: shaded in the header row and a highlighted row, bold there, figures right. */
static void docx_cell(struct doc *d, const char *s, int num, int note)
{
    const char *fill = d->head ? DOCX_HEAD_FILL : d->strong ? DOCX_SELECT_FILL : NULL;
    buf_printf(d->out, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>",
               DOCX_TEXT_WIDTH / (int)d->ncols);
    if (fill)
        buf_printf(d->out, "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"%s\"/>", fill);
    buf_puts(d->out, "</w:tcPr>");
    docx_p(d, NULL, num);
    docx_run(d, fill ? DOCX_BOLD : NULL, s);
    if (note > 0)
        doc_note_mark(d, note);
    buf_puts(d->out, "</w:p></w:tc>");
}

/* The next cell of the open row; note > 0 puts a footnote marker after the text. Cells past
 * the table's width are dropped. */
void doc_cell(struct doc *d, const char *s, int note)
{
    if (d->col >= d->ncols)
        return;
    int first = d->col == 0 && d->rowhead, num = d->cols[d->col++].num;
    if (d->fmt == DOC_DOCX) {
        docx_cell(d, s, num, note);
        return;
    }
    int md = d->fmt == DOC_MD;
    if (md)
        buf_putc(d->out, ' ');
    else
        buf_printf(d->out, "<%s%s>", first ? "th scope=\"row\"" : "td",
                   num ? " class=\"num\"" : "");
    if (d->strong && is_set(s))
        doc_strong(d, s);
    else
        doc_text(d, s);
    if (note > 0)
        doc_note_mark(d, note);
    if (md)
        buf_puts(d->out, " |");
    else
        buf_puts(d->out, first ? "</th>" : "</td>");
}

/* Ends the open row, first filling any cell not written, so every row has the table's width. */
void doc_row_end(struct doc *d)
{
    while (d->col < d->ncols)
        doc_cell(d, "", 0);
    if (d->fmt == DOC_DOCX)
        buf_puts(d->out, "</w:tr>\n");
    else
        doc_raw(d, "</tr>\n", "\n");
}

void doc_table_end(struct doc *d)
{
    if (d->fmt == DOC_DOCX) {
        buf_puts(d->out, "</w:tbl>\n");
        d->after_table = 1;
    } else {
        doc_raw(d, "</tbody>\n</table>\n", "\n");
    }
    d->cols = NULL;
    d->ncols = 0;
}
