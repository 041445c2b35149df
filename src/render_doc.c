/* render_doc.c: the draft Community Safety Agreement as HTML, Markdown and the body of a Word
 * document (see render.h; render_docx.c packs the Word container).
 *
 * One walk over a struct agreement writes the document in the structure of the Kent
 * Community Safety Agreement 2011-14: a draft status box, the cover, Foreword, sections 1 to
 * 7, Appendix A (the count table, its chart and footnotes, the county additions, the themes)
 * and Appendix B (each county priority's count in words and the county crime totals). A thin
 * layer of block and inline writers (heading, paragraph, list, table, text) turns that walk
 * into one self-contained HTML5 file that also parses as XML, GitHub-flavoured Markdown,
 * or WordprocessingML. A plan year nobody has submitted for yet gets a short stub instead
 * (render_stub.c). This file holds the two entry points and the order of the parts; the parts live
 * in the files render_doc.h lists.
 *
 * What it guarantees: every name and number in the document (county, partnerships,
 * districts, counts, priorities, leads, plans, signatories, dates) comes from the agreement
 * or its register; the only fixed prose is what any two-tier county's agreement says (the
 * statutory background). Every piece of data text is escaped for its format. The bytes
 * depend on the data alone: no clock, no locale (numbers are formatted here, never with %f
 * or %'d), no pointer values, no hash order.
 *
 * What it does not do: count, select or order anything (sql/logic/30_counts.sql and count.c do),
 * read files or the database, or write the narrative evidence of the seed's Appendix B,
 * which no submission carries. */
#include "csa/render.h"
#include "render_doc.h"

/* ===== The two documents ===== */

static void body(struct doc *d)
{
    sections_write(d);
    appendix_a_write(d);
    appendix_b_write(d);
    front_back(d);
}

/* The whole document as Markdown and Word have it: the stub for a plan year nobody has
 * submitted for, else the status box, the cover, the contents and the body (the HTML wraps
 * the body in <main>, so it calls the parts itself). */
static void whole(struct doc *d)
{
    if (d->a->nsubmitted == 0) {
        stub_write(d);
        return;
    }
    sections_status_box(d);
    sections_cover(d);
    sections_contents(d);
    body(d);
}

void render_doc_title(const struct agreement *a, struct buf *out)
{
    if (a->nsubmitted == 0) { /* the stub: no agreement period's title or dates */
        struct doc d = {.out = out, .a = a, .fmt = DOC_HTML};
        stub_title(&d, out);
    } else {
        front_title(a, out);
    }
}

void render_html(const struct agreement *a, struct buf *out)
{
    struct doc d = {.out = out, .a = a, .fmt = DOC_HTML};
    buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                  "<title>");
    struct buf t = {0};
    render_doc_title(a, &t);
    doc_html_esc(out, buf_str(&t));
    buf_free(&t);
    /* the title every format carries (a PDF's title metadata is this): the final one is no draft */
    buf_puts(out, a->draft.final ? "</title>\n<style>\n" : " (draft)</title>\n<style>\n");
    buf_puts(out, render_css);
    buf_puts(out, "</style>\n</head>\n<body>\n");
    if (a->nsubmitted == 0) {
        stub_write(&d);
        buf_puts(out, "</body>\n</html>\n");
        return;
    }
    sections_status_box(&d);
    sections_cover(&d);
    sections_contents(&d);
    buf_puts(out, "<main>\n");
    body(&d);
    buf_puts(out, "</main>\n</body>\n</html>\n");
}

void render_markdown(const struct agreement *a, struct buf *out)
{
    struct doc d = {.out = out, .a = a, .fmt = DOC_MD};
    whole(&d);
    /* one final newline, whatever the last block left */
    while (out->len > 1 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n')
        out->data[--out->len] = '\0';
}

/* The same walk as the HTML's, Appendix A's notes going to notes; a body ending with a
 * table gets a last paragraph, as Word wants one before the section properties. */
void render_docx_body(const struct agreement *a, struct buf *out, struct buf *notes)
{
    struct doc d = {.out = out, .a = a, .fmt = DOC_DOCX, .notes = notes};
    whole(&d);
    if (d.after_table)
        buf_puts(out, "<w:p/>\n");
    doc_notes_end(&d);
}
