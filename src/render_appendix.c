/* render_appendix.c: the draft agreement's appendices (see render_doc.h).
 *
 * Appendix A: how many partnerships named each priority (the count table, with a footnote for
 * each row's note and one on why there are fewer partnerships than districts, and what it is
 * counted over while submissions are still coming), the chart (render_chart.c; none in
 * Markdown), each partnership's wordings and what they were counted as, the county additions
 * and where the cross-cutting themes come from.
 * Appendix B: for each county priority its count in words (over the priorities it draws on,
 * when the register names them; an addition nobody named in the register's words), why the
 * county added it, and then its figures (render_evidence.c, with the police.uk table).
 *
 * It does not write the narrative evidence of the seed's Appendix B, which no submission
 * carries. */
#include "csa/planyear.h"
#include "csa/render.h"
#include "render_doc.h"

#include <stdio.h>
#include <string.h>

/* ===== Appendix A ===== */

void appendix_a_title(const struct agreement *a, char *s, size_t n)
{
    char py[PLANYEAR_LABEL_MAX];
    snprintf(s, n, "Appendix A: Key Priorities and Cross-Cutting Themes (%s)",
             planyear_label(a->year, '-', py, sizeof py));
}


static void footnote(struct doc *d, int n, const char *s)
{
    doc_note_begin(d, n);
    doc_text(d, s);
    doc_p_end(d);
}

/* The notes of the count table's rows, numbered from 1 in the order of the rows. */
static void row_notes(struct doc *d)
{
    int n = 0;
    for (size_t i = 0; i < d->a->ncounts; i++)
        if (facts_in_appendix_a(&d->a->counts[i]) && is_set(d->a->counts[i].note))
            footnote(d, ++n, d->a->counts[i].note);
}

/* The count table with its footnotes: one per row with a note, numbered in order, and a last
 * one on the column header saying why there are fewer partnerships than districts. */
static void appendix_a_counts(struct doc *d)
{
    const struct agreement *a = d->a;
    int notes = 0, n = 0;
    for (size_t i = 0; i < a->ncounts; i++)
        notes += facts_in_appendix_a(&a->counts[i]) && is_set(a->counts[i].note);
    int district_note = facts_njoint(a) > 0 || a->ndistricts != a->npartnerships;
    struct col cols[] = {{"Priority", 0, 0},
                         {"No. of CSPs selecting the priority", 1, district_note ? notes + 1 : 0},
                         {"Could still be selected", 0, 0}};
    struct buf cap = {0};
    buf_puts(&cap, "County priorities are highlighted");
    if (a->provisional) {
        buf_puts(&cap, "; provisional: counted over ");
        words_submitted_so_far(a, &cap);
        buf_puts(&cap, ", and ");
        words_still_to_come(a, &cap);
    }
    doc_table_begin(d, "counts", buf_str(&cap), cols, a->provisional ? 3 : 2, 1);
    buf_free(&cap);
    for (size_t i = 0; i < a->ncounts; i++) {
        const struct agr_count *k = &a->counts[i];
        char num[16];
        if (!facts_in_appendix_a(k))
            continue;
        snprintf(num, sizeof num, "%d", k->partnerships);
        doc_row_begin(d, k->selected);
        doc_cell(d, k->label, is_set(k->note) ? ++n : 0);
        doc_cell(d, num, 0);
        if (a->provisional)
            doc_cell(d, k->could_cross ? "yes, if enough still to come name it" : "", 0);
        doc_row_end(d);
    }
    doc_table_end(d);
    row_notes(d);
    if (district_note) {
        struct buf s = {0};
        words_districts_sentence(a, &s);
        footnote(d, notes + 1, buf_str(&s));
        buf_free(&s);
    }
}

/* True when the priority with this id is a county priority (it has its Appendix B heading). */
static int selected(const struct agreement *a, const char *id)
{
    for (size_t i = 0; i < a->ncounts; i++)
        if (a->counts[i].selected && a->counts[i].id && strcmp(a->counts[i].id, id) == 0)
            return 1;
    return 0;
}

static void additions(struct doc *d)
{
    const struct agreement *a = d->a;
    doc_heading(d, 3, NULL, "County additions");
    if (a->nadditions == 0) {
        front_no_additions(d);
        return;
    }
    doc_para(d, "The following priorities and themes were added at county level, each with the "
                "reason for adding it:-");
    doc_list_begin(d);
    for (size_t i = 0; i < a->nadditions; i++) {
        const struct agr_addition *x = &a->additions[i];
        doc_item_begin(d);
        doc_strong(d, x->title);
        /* A selected priority's reason is given in Appendix B, under its own heading: said
         * once, there, as the seed says it. */
        if (x->priority && selected(a, x->priority) && is_set(x->reason))
            doc_text(d, " (priority): The reason it was added is given under its heading in "
                        "Appendix B.");
        else {
            doc_text(d, x->priority ? " (priority): " : " (cross-cutting theme): ");
            doc_text(d, x->reason);
        }
        doc_item_end(d);
    }
    doc_list_end(d);
}

static void themes_table(struct doc *d)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Cross-cutting theme", 0, 0},
                                      {"CSPs raising it", 1, 0},
                                      {"Through priorities", 0, 0},
                                      {"County addition", 0, 0}};
    if (a->nthemes == 0)
        return;
    doc_heading(d, 3, NULL, "Cross-cutting themes");
    doc_table_begin(d, "themes", "Where the cross-cutting themes come from", cols, 4, 1);
    for (size_t i = 0; i < a->nthemes; i++) {
        const struct agr_theme *t = &a->themes[i];
        char n[16];
        struct buf f = {0};
        words_join_and(&f, t->folded.v, t->folded.n);
        snprintf(n, sizeof n, "%zu", t->partnerships.n);
        doc_row_begin(d, 0);
        doc_cell(d, t->title, 0);
        doc_cell(d, n, 0);
        doc_cell(d, buf_str(&f), 0);
        doc_cell(d, t->from_addition ? "yes" : "no", 0);
        doc_row_end(d);
        buf_free(&f);
    }
    doc_table_end(d);
}

/* Appendix A's opening while some partnership has not submitted: what the table counts over. */
static void provisional_intro(const struct agreement *a, struct buf *s)
{
    char w[32], py[PLANYEAR_LABEL_MAX];
    buf_printf(s, "Each of the %s local CSPs in %s identifies its key community safety "
                  "priorities through its strategic assessment, using the data sets and "
                  "contextual information provided by the statutory partners. The following "
                  "table shows how many of ",
               render_number_words((int)a->npartnerships, 0, w, sizeof w), a->reg->name);
    words_submitted_so_far(a, s);
    buf_printf(s, " named each priority in their strategic assessment for %s (",
               planyear_label(a->year, '/', py, sizeof py));
    words_still_to_come(a, s);
    buf_puts(s, "), with the county priorities highlighted. The selection is provisional until "
                "every partnership has submitted:-");
}

/* "Vulnerable Adults" or "ASB/Environmental and Violence (other than DA)": what a wording
 * was counted as, or why it was not counted. */
static void counted_as(const struct agreement *a, const struct agr_wording *x, struct buf *s)
{
    if (x->labels.n == 0) {
        buf_puts(s, "not counted: it matches no priority in the county register");
        return;
    }
    if (!x->counted)
        buf_printf(s, "not counted (%s counts core priorities only); it would count as ",
                   a->reg->name);
    words_join_and(s, x->labels.v, x->labels.n);
}

/* The partnership x priority table: each partnership's own wordings, core or subsidiary, and
 * the priority each was counted under, so a district can check its part of the count. */
static void wordings_table(struct doc *d)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Partnership", 0, 0},
                                      {"Priority as the partnership worded it", 0, 0},
                                      {"Core or subsidiary", 0, 0},
                                      {"Counted as", 0, 0}};
    if (a->nwordings == 0)
        return;
    doc_heading(d, 3, "wordings", "How each partnership's priorities were counted");
    doc_para(d, "Each partnership's priorities in its own words, whether it named each as a core "
                "or a subsidiary priority, and the priority of the table above it was counted "
                "under. A wording that matches no priority in the county register is marked, and "
                "counts nowhere until the register gives it an alias.");
    doc_table_begin(d, "wordings", "Each partnership's priorities as submitted", cols, 4, 1);
    struct buf s = {0};
    for (size_t i = 0; i < a->nwordings; i++) {
        const struct agr_wording *x = &a->wordings[i];
        int first = i == 0 || strcmp(or_empty(a->wordings[i - 1].partnership),
                                     or_empty(x->partnership)) != 0;
        buf_reset(&s);
        if (x->wording)
            counted_as(a, x, &s);
        doc_row_begin(d, 0);
        doc_cell(d, first ? x->name : "", 0);
        doc_cell(d, x->wording ? x->wording : "no submission yet", 0);
        doc_cell(d, or_empty(x->kind), 0);
        doc_cell(d, buf_str(&s), 0);
        doc_row_end(d);
    }
    buf_free(&s);
    doc_table_end(d);
}

void appendix_a_write(struct doc *d)
{
    const struct agreement *a = d->a;
    char title[128], py[16], w[32];
    struct buf s = {0};
    appendix_a_title(a, title, sizeof title);
    doc_section_begin(d, "appendix-a", "appendix", title);
    doc_heading(d, 3, NULL, "Local Community Safety Partnership (CSP) strategic assessments");
    if (a->provisional)
        provisional_intro(a, &s);
    else
        buf_printf(&s, "Each of the %s local CSPs in %s identified its key community safety "
                       "priorities through its strategic assessment, using the data sets and "
                       "contextual information provided by the statutory partners. The "
                       "following table shows how many named each priority in their strategic "
                       "assessment for %s, with the county priorities highlighted:-",
                   render_number_words((int)a->npartnerships, 0, w, sizeof w), a->reg->name,
                   planyear_label(a->year, '/', py, sizeof py));
    doc_para(d, buf_str(&s));
    buf_free(&s);
    appendix_a_counts(d);
    chart_write(d);
    wordings_table(d);
    front_workshop(d);
    additions(d);
    themes_table(d);
    doc_section_end(d);
}

/* ===== Appendix B ===== */

static const struct agr_addition *addition_of(const struct agreement *a, const char *id)
{
    for (size_t i = 0; i < a->nadditions; i++)
        if (a->additions[i].priority && id && strcmp(a->additions[i].priority, id) == 0)
            return &a->additions[i];
    return NULL;
}


static const struct agr_draws_on *draws_on_of(const struct agreement *a, const char *id)
{
    for (size_t i = 0; i < a->ndraws_on; i++)
        if (a->draws_on[i].priority && id && strcmp(a->draws_on[i].priority, id) == 0)
            return &a->draws_on[i];
    return NULL;
}

/* What the partnerships assessed, in a sentence: "domestic abuse was", or for a priority
 * counted over the priorities it draws on "elements of acquisitive crime were" (the title
 * without its parenthesis: "Acquisitive crime (i.e. thefts/shoplifting)"). */
static void assessed_what(const struct agreement *a, const struct agr_count *k, int elements,
                          struct buf *s)
{
    if (!elements) {
        words_title_in_sentence(a, k->title, s);
        buf_puts(s, " was");
        return;
    }
    const char *t = or_empty(k->title), *paren = strstr(t, " (");
    struct buf core = {0};
    buf_append(&core, t, paren ? (size_t)(paren - t) : strlen(t));
    buf_puts(s, "elements of ");
    words_title_in_sentence(a, buf_str(&core), s);
    buf_puts(s, " were");
    buf_free(&core);
}

/* "All eleven local Community Safety Partnerships in Kent assessed that domestic abuse was a
 * key priority for their district/borough during the 2010/11 strategic assessment process."
 * count of n: over the partnerships in force, or while some have not submitted over those
 * that have ("... in Kent that have submitted so far assessed ...; five of the eleven are still
 * to come."). A priority that draws on others counts the partnerships naming any of them,
 * each once: "Eight of the eleven ... assessed that elements of acquisitive crime were ...". */
static void context_sentence(const struct agreement *a, const struct agr_count *k,
                             struct buf *s)
{
    const struct agr_draws_on *x = draws_on_of(a, k->id);
    int so_far = a->provisional && a->nsubmitted > 0;
    size_t n = so_far ? a->nsubmitted : a->npartnerships;
    int count = x ? x->partnerships : k->partnerships;
    char wn[32], wk[32], ay[16];
    render_number_words((int)n, 0, wn, sizeof wn);
    render_number_words(count, 1, wk, sizeof wk);
    if (n == 0) {
        buf_printf(s, "No local Community Safety Partnerships in %s were in force for the plan "
                      "year.", a->reg->name);
        return;
    }
    if ((size_t)count >= n && n > 2)
        buf_printf(s, "All %s local %s", wn, words_csps(n));
    else if ((size_t)count >= n)
        buf_printf(s, "%s local %s", n == 2 ? "Both" : "The one", words_csps(n));
    else
        buf_printf(s, "%s of the %s local %s", wk, wn, words_csps(n));
    buf_printf(s, " in %s", a->reg->name);
    if (so_far)
        buf_printf(s, " that %s submitted so far", n == 1 ? "has" : "have");
    buf_printf(s, " %s that ", count > 0 ? "assessed" : "identified");
    assessed_what(a, k, x != NULL, s);
    buf_printf(s, " a key priority for %s district/borough during the %s strategic "
                  "assessment process", n == 1 ? "its" : "their",
               planyear_label(a->year - 1, '/', ay, sizeof ay));
    if (so_far) {
        buf_puts(s, "; ");
        words_still_to_come(a, s);
    }
    buf_putc(s, '.');
}

/* A county addition no partnership named, worded as the seed words it: the register's reason
 * ("Although road safety has not been identified as a common priority by the local
 * district/borough CSPs in Kent it was highlighted at a county-level ..."), never "None of
 * the eleven identified road safety", which a partnership naming road traffic collisions
 * under another priority would contradict. */
static void nobody_chose(const struct agreement *a, const struct agr_count *k,
                         const struct agr_addition *x, struct buf *s)
{
    if (x && is_set(x->reason)) {
        buf_puts(s, x->reason);
        if (!strchr(".!?", x->reason[strlen(x->reason) - 1]))
            buf_putc(s, '.');
    } else {
        size_t at = s->len;
        words_title_in_sentence(a, k->title, s);
        if (ascii_lower(s->data[at]))
            s->data[at] = (char)(s->data[at] - 'a' + 'A');
        buf_printf(s, " has not been identified as a common priority by the local "
                      "district/borough CSPs in %s; it was added at county level.",
                   a->reg->name);
    }
    if (a->provisional && a->nsubmitted > 0) {
        buf_puts(s, " Counted over ");
        words_submitted_so_far(a, s);
        buf_puts(s, "; ");
        words_still_to_come(a, s);
        buf_putc(s, '.');
    }
}

/* The sentence, and why the county added the priority when it did. */
static void context_text(const struct agreement *a, const struct agr_count *k,
                         struct buf *s)
{
    const struct agr_addition *x = addition_of(a, k->id);
    if (x && k->partnerships == 0 && draws_on_of(a, k->id) == NULL) {
        nobody_chose(a, k, x, s);
        return;
    }
    context_sentence(a, k, s);
    if (x == NULL || !is_set(x->reason))
        return;
    buf_printf(s, " It is %sa county addition: %s", k->partnerships > 0 ? "also " : "", x->reason);
    size_t len = strlen(x->reason);
    if (!strchr(".!?", x->reason[len - 1]))
        buf_putc(s, '.');
}

void appendix_b_write(struct doc *d)
{
    const struct agreement *a = d->a;
    struct buf s = {0};
    doc_section_begin(d, "appendix-b", "appendix", "Appendix B: Current Context");
    evidence_policeuk_table(d);
    if (facts_nselected(a) == 0)
        doc_para(d, "No county priority has been selected yet.");
    for (size_t i = 0; i < a->ncounts; i++) {
        const struct agr_count *k = &a->counts[i];
        if (!k->selected)
            continue;
        buf_reset(&s);
        buf_printf(&s, "context-%s", or_empty(k->id));
        doc_heading(d, 3, buf_str(&s), k->title);
        buf_reset(&s);
        context_text(a, k, &s);
        doc_para(d, buf_str(&s));
        evidence_write(d, k);
    }
    buf_free(&s);
    doc_section_end(d);
}

