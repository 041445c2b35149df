/* render_block.c: the block format of the draft agreement (see render_doc.h): headings,
 * sections, paragraphs, lists and tables, and the data text inside them, written as one
 * self-contained HTML5 file that also parses as XML or as GitHub-flavoured Markdown.
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

void doc_html_esc(struct buf *b, const char *s)
{
    for (size_t len; s && *s; s += len) {
        unsigned long c;
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
        len = doc_char(s + i, &c);
        int entity = c == '&' && (ascii_alnum(s[i + 1]) || s[i + 1] == '#');
        if ((long)i == marker || entity || (c < 0x80 && c && strchr("\\`*_[]<>|#~$", (int)c)))
            buf_putc(b, '\\');
        put_char(b, s + i, len, c);
    }
}

void doc_text(struct doc *d, const char *s)
{
    if (d->md)
        md_esc(d->out, s);
    else
        doc_html_esc(d->out, s);
}

void doc_strong(struct doc *d, const char *s)
{
    if (!is_set(s))
        return;
    buf_puts(d->out, d->md ? "**" : "<strong>");
    doc_text(d, s);
    buf_puts(d->out, d->md ? "**" : "</strong>");
}

/* Writes fixed markup: html in HTML, md in Markdown. */
void doc_raw(struct doc *d, const char *html, const char *md)
{
    buf_puts(d->out, d->md ? md : html);
}

void doc_note_mark(struct doc *d, int n)
{
    if (d->md)
        buf_printf(d->out, "<sup>%d</sup>", n);
    else
        buf_printf(d->out, "<sup><a href=\"#note-%d\">%d</a></sup>", n, n);
}

void doc_heading(struct doc *d, int level, const char *id, const char *s)
{
    if (d->md) {
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

/* Opens an HTML <section> (nothing in Markdown) headed by a level-2 heading. */
void doc_section_begin(struct doc *d, const char *id, const char *cls, const char *title)
{
    if (!d->md) {
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

void doc_p_begin(struct doc *d, const char *cls)
{
    if (!d->md)
        buf_printf(d->out, "<p%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
}

void doc_p_end(struct doc *d)
{
    doc_raw(d, "</p>\n", "\n\n");
}

/* A paragraph. Markdown loses its leading white space, which would make it a code block. */
void doc_para(struct doc *d, const char *s)
{
    while (d->md && s && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++;
    doc_p_begin(d, NULL);
    doc_text(d, s);
    doc_p_end(d);
}

/* A numbered paragraph of a section: "1.1 ..." */
void doc_numbered(struct doc *d, int section, int n, const char *s)
{
    doc_p_begin(d, "numbered");
    if (d->md)
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
    doc_raw(d, "<li>", "- ");
}

void doc_item_end(struct doc *d)
{
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

/* Opens a table of n columns (cols must outlive it), with its caption when not NULL.
 * rowhead: the first cell of each row is the row's header (HTML). */
void doc_table_begin(struct doc *d, const char *cls, const char *caption,
                     const struct col *cols, size_t n, int rowhead)
{
    d->cols = cols;
    d->ncols = n;
    d->rowhead = rowhead;
    if (d->md)
        table_head_md(d, caption);
    else
        table_head_html(d, cls, caption);
}

void doc_row_begin(struct doc *d, int highlight)
{
    d->col = 0;
    d->strong = highlight;
    if (d->md)
        buf_putc(d->out, '|');
    else
        buf_puts(d->out, highlight ? "<tr class=\"selected\">" : "<tr>");
}

/* The next cell of the open row; note > 0 puts a footnote marker after the text. Cells past
 * the table's width are dropped. */
void doc_cell(struct doc *d, const char *s, int note)
{
    if (d->col >= d->ncols)
        return;
    int first = d->col == 0 && d->rowhead, num = d->cols[d->col++].num;
    if (d->md)
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
    if (d->md)
        buf_puts(d->out, " |");
    else
        buf_puts(d->out, first ? "</th>" : "</td>");
}

/* Ends the open row, first filling any cell not written, so every row has the table's width. */
void doc_row_end(struct doc *d)
{
    while (d->col < d->ncols)
        doc_cell(d, "", 0);
    doc_raw(d, "</tr>\n", "\n");
}

void doc_table_end(struct doc *d)
{
    doc_raw(d, "</tbody>\n</table>\n", "\n");
    d->cols = NULL;
    d->ncols = 0;
}
