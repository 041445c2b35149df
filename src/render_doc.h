/* render_doc.h: the private interfaces between the pieces of the draft agreement's writer.
 * Not installed, not for other modules: their face is include/csa/render.h.
 *
 *   render_doc.c       the three documents: HTML head, Markdown ending, Word body; the order of
 *                      the parts
 *   render_block.c     the block format: headings, paragraphs, lists, tables, escaped text,
 *                      written as HTML, Markdown or WordprocessingML through one struct doc
 *   render_docx.c      the Word container around the body: parts, styles, properties, zip
 *   render_words.c     words and numbers: figures with separators, percentages, the period,
 *                      the selection rule, sentences about the partnerships, titles in a sentence
 *   render_sections.c  the status box, the cover, the contents, sections 1, 4 and 5, the order
 *                      of the foreword and sections 1 to 7
 *   render_front.c     the front matter from the register's period for the plan year: title,
 *                      period, contact, foreword, sections 2, 3, 6 and 7, the workshop, the
 *                      alternative formats; TBC where the period does not give them
 *   render_changes.c   the status box's draft control: number, data as of, what changed
 *   render_appendix.c  Appendix A (the count table and its notes, additions, themes) and
 *                      Appendix B (each priority's context sentence)
 *   render_evidence.c  Appendix B's figures: the police.uk table, and each priority's tied
 *                      indicators, submitted crime and police.uk types, source and period
 *   render_chart.c     Appendix A's chart: the HTML's inline SVG bar chart, its caption
 *   render_docx_chart.c  the same chart as a native Word chart part (DrawingML)
 *   render_stub.c      the short stub drafted while no partnership has submitted
 *   render_css.c       the HTML document's style sheet
 *
 * Ownership: a struct doc borrows its output buffer and agreement; nothing here keeps a
 * pointer past the call that received it. Every writer appends to d->out and only there. */
#ifndef CSA_RENDER_DOC_H
#define CSA_RENDER_DOC_H

#include "csa/buf.h"
#include "csa/count.h"
#include "csa/error.h"

#include <stddef.h>

/* ===== Small facts (inline: used by every piece) ===== */

/* ASCII character classes: the same answer whatever locale the process runs in. */
static inline int ascii_upper(int c)
{
    return c >= 'A' && c <= 'Z';
}

static inline int ascii_lower(int c)
{
    return c >= 'a' && c <= 'z';
}

static inline int ascii_digit(int c)
{
    return c >= '0' && c <= '9';
}

static inline int ascii_alnum(int c)
{
    return ascii_upper(c) || ascii_lower(c) || ascii_digit(c);
}

static inline int is_set(const char *s)
{
    return s != NULL && *s != '\0';
}

static inline const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* ===== The block format (render_block.c) ===== */

/* A table column. */
struct col {
    const char *head;
    int num;  /* right-aligned figures */
    int note; /* footnote marker on the header, 0 for none */
};

/* The formats the block writer writes. DOC_DOCX is the body of word/document.xml (the
 * children of <w:body> before its section properties); render_docx.c packs it. */
enum doc_format { DOC_HTML, DOC_MD, DOC_DOCX };

/* Word: the most notes that become real footnotes; any more are Footnote Text paragraphs. */
#define DOC_NOTES_MAX 128

/* The document being written, and the state of its open table. */
struct doc {
    struct buf *out;
    const struct agreement *a;
    enum doc_format fmt;
    const struct col *cols; /* the open table's columns */
    size_t ncols, col;      /* its width, and the next cell of the open row */
    int rowhead;            /* its first column heads each row */
    int strong;             /* the open row is highlighted */
    int head;               /* Word: the table's header row is being written */
    int inbox;              /* Word: inside the status box (its headings stay out of the contents) */
    int after_table;        /* Word: the last block written was a table */
    int toc_first;          /* Word: the next contents entry opens the TOC field */
    struct buf *outer;      /* Markdown: d->out while the status box is written to box */
    struct buf box;
    struct buf *notes;      /* Word: word/footnotes.xml's w:footnote elements (NULL: notes are
                               Footnote Text paragraphs in the body) */
    struct buf *in_note;    /* Word: d->out while a footnote is written */
    int note_id[DOC_NOTES_MAX + 1]; /* Word: note n's footnote id, in reference order; 0: none */
    int nnote_ids;
    struct buf note_xml[DOC_NOTES_MAX]; /* Word: the footnote of id i + 1 */
};

/* Escapes text for HTML and XML alike; control characters XML cannot carry become spaces. */
void doc_html_esc(struct buf *b, const char *s);

/* Data text, escaped for the document's format. */
void doc_text(struct doc *d, const char *s);
/* Data text in bold; nothing when s is empty. */
void doc_strong(struct doc *d, const char *s);
/* Fixed markup: html in HTML, md in Markdown, nothing in Word. */
void doc_raw(struct doc *d, const char *html, const char *md);
/* A line break inside the open paragraph. */
void doc_line_break(struct doc *d);
/* A footnote marker n (a link to the note in HTML; in Word, with d->notes, a
 * w:footnoteReference whose footnote id counts the references in document order, as Word
 * and LibreOffice number footnotes: the marks are where the HTML's are, numbered by place). */
void doc_note_mark(struct doc *d, int n);
/* Word: appends the footnotes to d->notes in id order (an empty one for a reference whose
 * note was never written, so every reference has its footnote) and frees them. */
void doc_notes_end(struct doc *d);
/* A heading of level 1 to 6; id (HTML only) may be NULL. */
void doc_heading(struct doc *d, int level, const char *id, const char *s);
/* Opens an HTML <section> (nothing in Markdown) headed by a level-2 heading; cls may be NULL. */
void doc_section_begin(struct doc *d, const char *id, const char *cls, const char *title);
void doc_section_end(struct doc *d);
/* The status box around what is written between the two calls: an <aside> in HTML, a block
 * quote in Markdown, a shaded one-cell table in Word. Not nested. */
void doc_box_begin(struct doc *d);
void doc_box_end(struct doc *d);
/* The contents under its heading: a list of links in HTML, a list in Markdown, a Word
 * table-of-contents field (TOC \o "1-3" \h) in Word, whose cached result is the entries, so
 * the document reads right before Word updates the field. id is the section's HTML id. */
void doc_contents_begin(struct doc *d, const char *title);
void doc_contents_item(struct doc *d, const char *id, const char *s);
void doc_contents_end(struct doc *d);
/* Opens the paragraph of footnote n (its marker written); closed by doc_p_end. In Word (with
 * d->notes) the note referenced by doc_note_mark(d, n) is a real footnote, kept aside until
 * doc_notes_end; one never referenced is a Footnote Text paragraph. */
void doc_note_begin(struct doc *d, int n);
/* A paragraph written piece by piece; cls may be NULL (HTML's class; in Word, "note" is the
 * Footnote Text style and "caption" Caption). */
void doc_p_begin(struct doc *d, const char *cls);
void doc_p_end(struct doc *d);
/* A paragraph of data text. */
void doc_para(struct doc *d, const char *s);
/* A numbered paragraph of a section: "1.1 ..." */
void doc_numbered(struct doc *d, int section, int n, const char *s);
/* A bulleted list, item by item. */
void doc_list_begin(struct doc *d);
void doc_item_begin(struct doc *d);
void doc_item_end(struct doc *d);
void doc_list_end(struct doc *d);
void doc_item(struct doc *d, const char *s);
/* A bulleted list of v, or the paragraph `none` when it is empty. */
void doc_list_or(struct doc *d, const char *const *v, size_t n, const char *none);
/* Opens a table of n columns (cols must outlive it), with its caption when not NULL; cls
 * names its HTML class. rowhead: the first cell of each row is the row's header (HTML). */
void doc_table_begin(struct doc *d, const char *cls, const char *caption,
                     const struct col *cols, size_t n, int rowhead);
/* Opens a row; highlight sets it apart (a class in HTML, bold in Markdown). */
void doc_row_begin(struct doc *d, int highlight);
/* The next cell of the open row; note > 0 puts a footnote marker after the text. Cells past
 * the table's width are dropped. */
void doc_cell(struct doc *d, const char *s, int note);
/* Ends the open row, first filling any cell not written, so every row has the table's width. */
void doc_row_end(struct doc *d);
void doc_table_end(struct doc *d);

/* ===== Words and numbers (render_words.c) ===== */

/* n as a whole number with thousands separators: 29811 -> "29,811". Returns s. */
const char *words_count(long long n, char *s, size_t size);
/* A change with its sign: "+1,800", "-651", "0". Returns s. */
const char *words_change(long long d, char *s, size_t size);
/* The change from prev to cur in per cent, one decimal, rounded half away from zero:
 * "+6.4%"; "n/a" when there is no previous figure to compare with. Returns s. */
const char *words_percent(long long cur, long long prev, char *s, size_t size);
/* A non-negative decimal written by SQL ("5.5", "3") in millionths (5500000, 3000000); digits
 * past the sixth decimal are dropped; 0 for NULL or text that is not such a number. */
long long words_millionths(const char *s);
/* The agreement's period: "April 2011 to March 2014" (lng) or "2011/14". Returns s. */
const char *words_period(const struct csa_register *r, int lng, char *s, size_t n);
/* An ISO date in words: "2011-05-20" -> "20 May 2011", "2011-03" -> "March 2011"; any other
 * text as it is. Returns s. */
const char *words_date(const char *iso, char *s, size_t n);
/* The smallest whole count SQL's rule selects, read from its threshold, never recomputed:
 * more than 5.5 -> 6, at least 3 -> 3. */
int words_rule_smallest(const struct agr_rule *r);
/* A partnership as prose names it: its name, with the districts it covers in brackets only
 * when the name leaves one of them out ("Safer Maidstone Partnership", "North Downs CSP
 * (Dartford and Gravesham)"). */
void words_partnership(const struct agr_partnership *p, struct buf *s);
/* "Community Safety Partnership", plural unless n is 1. */
const char *words_csps(size_t n);
/* Appends v[0], v[1] and v[2] (", " between, " and " before the last). */
void words_join_and(struct buf *s, const char *const *v, size_t n);
/* Why N partnerships cover M districts, e.g. "There are 12 district/boroughs in Kent, but
 * only 11 Community Safety Partnerships (CSPs) as Dartford and Gravesham have a joint CSP." */
void words_districts_sentence(const struct agreement *a, struct buf *s);
/* A title as it reads inside a sentence: "Substance Misuse" -> "substance misuse"; acronyms
 * and the county's and districts' names keep their case. */
void words_title_in_sentence(const struct agreement *a, const char *t, struct buf *s);

/* While submissions are still coming (a->provisional): "five of the eleven are still to
 * come", and "the six partnerships that have submitted so far". */
void words_still_to_come(const struct agreement *a, struct buf *s);
void words_submitted_so_far(const struct agreement *a, struct buf *s);

/* Partnerships covering more than one district. */
size_t facts_njoint(const struct agreement *a);
/* Selected priorities. */
size_t facts_nselected(const struct agreement *a);
/* Appendix A holds the rows some partnership named, and any counted row; a county addition
 * nobody named is listed with the additions instead. */
int facts_in_appendix_a(const struct agr_count *k);

/* ===== The parts of the document ===== */

/* render_sections.c */
void sections_status_box(struct doc *d);
/* The status box's draft control (render_changes.c): the draft's number and data-as-of
 * date and the changes since the previous draft (when it has a number), and the year-on-year
 * counts (when the year before has a count table). */
void sections_draft_status(struct doc *d);
void sections_cover(struct doc *d);
void sections_contents(struct doc *d);
/* The foreword and sections 1 to 7. */
void sections_write(struct doc *d);

/* render_front.c: the front matter of the register's period covering the plan year
 * (register_period), a piece it does not give written TBC (render_front_tbc lists them). */
/* Appends "Kent Community Safety Agreement, April 2011 to March 2014", unescaped. */
void front_title(const struct agreement *a, struct buf *s);
/* The period's partnership and committee, else a description ("Crime and Disorder
 * Committee"): never another period's. */
const char *front_body(const struct agreement *a);
const char *front_committee(const struct agreement *a);
/* The cover's title, period and contact. */
void front_cover(struct doc *d);
void front_foreword(struct doc *d);
void front_purpose(struct doc *d);    /* section 2 */
void front_governance(struct doc *d); /* section 3 */
void front_plans(struct doc *d);      /* section 6 */
void front_signatories(struct doc *d); /* section 7 */
/* Appendix A: the stakeholder workshop's items and what became of each (nothing when the
 * period records no workshop); the line written when there are no county additions. */
void front_workshop(struct doc *d);
void front_no_additions(struct doc *d);
/* The end of the document: the alternative-formats statement. */
void front_back(struct doc *d);

/* render_appendix.c */
/* "Appendix A: Key Priorities and Cross-Cutting Themes (2011-12)" into s. */
void appendix_a_title(const struct agreement *a, char *s, size_t n);
void appendix_a_write(struct doc *d);
void appendix_b_write(struct doc *d);

/* render_evidence.c */
/* A period of two dates "YYYY-MM-DD" in words: "April 2010 to March 2011", "April to
 * September 2010", "January 2010"; with the days when it is not whole months. */
void evidence_period_words(const char *start, const char *end, struct buf *s);
/* The county's police.uk crime table under its heading, with source and period in words;
 * nothing when none is loaded. */
void evidence_policeuk_table(struct doc *d);
/* The figures the register ties to priority k: its indicators' county totals, its submitted
 * crime categories, its police.uk crime types, and a sentence when the partnerships' crime
 * figures and police.uk's both appear; a sentence saying so when there are none. */
void evidence_write(struct doc *d, const struct agr_count *k);

/* render_stub.c: the draft of a plan year with no submission yet (a->nsubmitted == 0). */
/* Appends the stub's document title, e.g. "Kent Community Safety Agreement, plan year
 * 2021/22", unescaped. */
void stub_title(struct doc *d, struct buf *s);
/* The status box, the cover and who is still to submit. */
void stub_write(struct doc *d);

/* render_doc.c: the body of word/document.xml (see DOC_DOCX) into out and its footnotes
 * (w:footnote elements, for word/footnotes.xml) into notes, and the document's title as
 * the HTML's <title> and Word's properties give it, unescaped. */
void render_docx_body(const struct agreement *a, struct buf *out, struct buf *notes);
void render_doc_title(const struct agreement *a, struct buf *out);

/* render_chart.c: Appendix A's counts as a chart: an inline SVG bar chart in HTML, in Word
 * a paragraph holding the native chart (render_docx_chart.c) and its caption; nothing in
 * Markdown or when Appendix A has no rows. */
void chart_write(struct doc *d);
/* The chart's title, "How many of the eleven CSPs selected each priority", appended to s: the
 * SVG's <title>, the Word chart's title and the start of every caption. */
void chart_title(const struct agreement *a, struct buf *s);
/* The chart's caption as the HTML's figcaption and Word's Caption say it, unescaped; only the
 * SVG draws the dashed selection line (dashed_line), so only its caption speaks of it. */
void chart_caption(const struct agreement *a, int dashed_line, struct buf *s);

/* render_docx_chart.c: the count chart as a native Word chart (DrawingML). */
#define DOCX_CHART_RID "rId6" /* the chart part's id in word/_rels/document.xml.rels */
/* Appendix A's rows the chart has (facts_in_appendix_a): 0 means no chart part. */
size_t docx_chart_rows(const struct agreement *a);
/* The paragraph of word/document.xml holding the chart, its numbers in the alternative text. */
void docx_chart_drawing(struct doc *d);
/* word/charts/chart1.xml: a bar chart whose cached categories are the rows' labels and whose
 * cached values are their counts, in the HTML chart's order, the embedded workbook's cells
 * their formulas. */
void docx_chart_part(const struct agreement *a, struct buf *s);
/* word/charts/_rels/chart1.xml.rels: the chart's workbook, word/embeddings/counts.xlsx. */
void docx_chart_rels(struct buf *s);
/* word/embeddings/counts.xlsx, replacing out's contents: the workbook behind the chart (a
 * sheet of the rows' labels and counts under a header row), for Word's "Edit Data". Fails
 * (err says why) only when the zip library does. */
enum csa_rc docx_chart_workbook(const struct agreement *a, struct buf *out,
                                struct csa_error *err);

/* render_css.c: the HTML document's style sheet. */
extern const char render_css[];

#endif
