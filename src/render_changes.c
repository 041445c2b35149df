/* render_changes.c: the draft-control part of the status box (see render_doc.h): which draft
 * this is and the date its data is as of, what changed since the previous draft (submissions
 * that arrived, counts that moved, priorities that crossed the line) and each priority's
 * count against the plan year before.
 *
 * It words what struct agr_draft holds (draft.c read it from sql/logic/55_drafts.sql); it
 * compares nothing itself. A draft without a number (a->draft.number 0: the content that
 * numbers it, or `csa counts`) shows only the year-on-year counts, which are content. */
#include "csa/planyear.h"
#include "csa/render.h"
#include "render_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "This is draft 2 of the 2011/12 agreement, with its data as of 20 May 2011." */
static void draft_line(struct doc *d)
{
    const struct agr_draft *g = &d->a->draft;
    char py[PLANYEAR_LABEL_MAX], when[64];
    struct buf s = {0};
    if (g->recorded)
        buf_printf(&s, "This is draft %d of the %s agreement", g->number,
                   planyear_label(d->a->year, '/', py, sizeof py));
    else if (g->previous)
        buf_printf(&s, "This draft has no number of its own: its data has changed since draft "
                       "%d, and only the county unit numbers drafts. It was drawn up",
                   g->previous);
    else
        buf_puts(&s, "This draft has no number: no draft of this plan year is numbered yet, and "
                     "only the county unit numbers drafts. It was drawn up");
    if (is_set(g->data_as_of))
        buf_printf(&s, ", with its data as of %s.",
                   words_date(g->data_as_of, when, sizeof when));
    else
        buf_puts(&s, " before any submission arrived.");
    if (g->recorded && g->previous == 0)
        buf_puts(&s, " It is the first draft.");
    doc_para(d, buf_str(&s));
    buf_free(&s);
}

static void change_item(struct doc *d, const struct agr_change *x)
{
    struct buf s = {0};
    if (strcmp(x->kind, "submission") == 0) {
        if (x->before == NULL)
            buf_printf(&s, "Submission received from %s (version %s).", or_empty(x->subject),
                       or_empty(x->after));
        else
            buf_printf(&s, "%s sent a new version: version %s replaces version %s.",
                       or_empty(x->subject), or_empty(x->after), or_empty(x->before));
    } else if (strcmp(x->kind, "count") == 0) {
        int from = atoi(or_empty(x->before)), to = atoi(or_empty(x->after));
        char wt[32], wf[32];
        if (to == 0)
            buf_printf(&s, "%s: no longer named by any partnership, down from %s.",
                       or_empty(x->subject), render_number_words(from, 0, wf, sizeof wf));
        else
            buf_printf(&s, "%s: now named by %s %s, %s from %s.", or_empty(x->subject),
                       render_number_words(to, 0, wt, sizeof wt),
                       to == 1 ? "partnership" : "partnerships", to > from ? "up" : "down",
                       render_number_words(from, 0, wf, sizeof wf));
    } else if (strcmp(x->kind, "selected") == 0) {
        buf_printf(&s, "%s crossed the line: it is now a county priority.", or_empty(x->subject));
    } else {
        buf_printf(&s, "%s fell below the line: it is no longer a county priority.",
                   or_empty(x->subject));
    }
    doc_item(d, buf_str(&s));
    buf_free(&s);
}

/* What changed since the previous draft, when there is one. */
static void changes(struct doc *d)
{
    const struct agr_draft *g = &d->a->draft;
    if (g->previous == 0)
        return;
    struct buf s = {0};
    if (g->nchanges == 0) {
        buf_printf(&s, "Since draft %d no submission for this plan year has arrived and no "
                       "count has moved; other data it shows changed (the plan year before, the "
                       "register, police.uk figures or the date shown).",
                   g->previous);
        doc_para(d, buf_str(&s));
        buf_free(&s);
        return;
    }
    buf_printf(&s, "What has changed since draft %d:", g->previous);
    doc_para(d, buf_str(&s));
    buf_free(&s);
    doc_list_begin(d);
    for (size_t i = 0; i < g->nchanges; i++)
        change_item(d, &g->changes[i]);
    doc_list_end(d);
}

/* Each priority's count the plan year before and this one, when the year before has a
 * count table. */
static void year_on_year(struct doc *d)
{
    const struct agr_draft *g = &d->a->draft;
    if (g->nyears == 0)
        return;
    char was[PLANYEAR_LABEL_MAX], now[PLANYEAR_LABEL_MAX];
    planyear_label(d->a->year - 1, '/', was, sizeof was);
    planyear_label(d->a->year, '/', now, sizeof now);
    struct buf s = {0};
    buf_printf(&s, "How many partnerships named each priority, %s against %s:", now, was);
    doc_para(d, buf_str(&s));
    buf_free(&s);
    doc_list_begin(d);
    for (size_t i = 0; i < g->nyears; i++) {
        const struct agr_year_change *y = &g->years[i];
        int diff = y->current - y->previous;
        struct buf item = {0};
        char wp[32], wc[32], wd[32];
        buf_printf(&item, "%s: %s in %s, %s in %s (", or_empty(y->label),
                   render_number_words(y->previous, 0, wp, sizeof wp), was,
                   render_number_words(y->current, 0, wc, sizeof wc), now);
        if (diff == 0)
            buf_puts(&item, "no change).");
        else
            buf_printf(&item, "%s %s).", diff > 0 ? "up" : "down",
                       render_number_words(abs(diff), 0, wd, sizeof wd));
        doc_item(d, buf_str(&item));
        buf_free(&item);
    }
    doc_list_end(d);
}

void sections_draft_status(struct doc *d)
{
    if (d->a->draft.number != 0) {
        draft_line(d);
        changes(d);
    }
    year_on_year(d);
}
