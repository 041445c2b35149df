/* render_stub.c: the draft of a plan year nobody has submitted for yet (see render_doc.h): a
 * short stub, not an agreement. It has the status box, a cover and the list of who is still
 * to submit, and nothing else: no foreword, no sections, no appendices.
 *
 * It is built only from what the register knows for that plan year (the county's name, the
 * partnerships in force and their names then, the districts they cover), never from the
 * register's agreement front matter (title, period, chair, signatories, plans), which belongs
 * to some agreement period and would put another period's names and dates on this year. */
#include "csa/planyear.h"
#include "csa/render.h"
#include "render_doc.h"

#include <stdio.h>

void stub_title(struct doc *d, struct buf *s)
{
    char py[PLANYEAR_LABEL_MAX];
    buf_printf(s, "%s Community Safety Agreement, plan year %s", or_empty(d->a->reg->name),
               planyear_label(d->a->year, '/', py, sizeof py));
}

static void stub_cover(struct doc *d)
{
    const struct agreement *a = d->a;
    char py[PLANYEAR_LABEL_MAX];
    struct buf s = {0};
    doc_raw(d, "<header class=\"cover\">\n", "");
    buf_printf(&s, "%s Community Safety Agreement", or_empty(a->reg->name));
    doc_heading(d, 1, NULL, buf_str(&s));
    buf_reset(&s);
    buf_printf(&s, "Plan year %s", planyear_label(a->year, '/', py, sizeof py));
    doc_p_begin(d, "period");
    doc_strong(d, buf_str(&s));
    doc_p_end(d);
    buf_reset(&s);
    buf_printf(&s, "No strategic assessment has been submitted for %s yet, so there is nothing "
                   "to count. The agreement is drafted once the first arrives; until then this "
                   "draft lists who is still to submit.", py);
    doc_p_begin(d, "generated");
    doc_text(d, buf_str(&s));
    doc_p_end(d);
    buf_free(&s);
    doc_raw(d, "</header>\n", "");
}

/* The partnerships in force, each by its name then, with the districts it covers when the
 * name leaves one out. */
static void stub_missing(struct doc *d)
{
    const struct agreement *a = d->a;
    char w[32], py[PLANYEAR_LABEL_MAX];
    struct buf s = {0};
    doc_section_begin(d, "missing", NULL, "Still to submit");
    if (a->npartnerships == 0) {
        buf_printf(&s, "The county register has no partnership in force in %s for %s.",
                   or_empty(a->reg->name), planyear_label(a->year, '/', py, sizeof py));
        doc_para(d, buf_str(&s));
        buf_free(&s);
        doc_section_end(d);
        return;
    }
    words_districts_sentence(a, &s);
    buf_printf(&s, " The %s %s in force for %s, none of which has submitted yet, %s:",
               render_number_words((int)a->npartnerships, 0, w, sizeof w),
               words_csps(a->npartnerships), planyear_label(a->year, '/', py, sizeof py),
               a->npartnerships == 1 ? "is" : "are");
    doc_para(d, buf_str(&s));
    doc_list_begin(d);
    for (size_t i = 0; i < a->npartnerships; i++) {
        const struct agr_partnership *p = &a->partnerships[i];
        buf_reset(&s);
        words_partnership(p, &s);
        doc_item(d, buf_str(&s));
    }
    doc_list_end(d);
    buf_free(&s);
    doc_section_end(d);
}

void stub_write(struct doc *d)
{
    sections_status_box(d);
    stub_cover(d);
    stub_missing(d);
}
