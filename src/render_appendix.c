/* render_appendix.c: the draft agreement's appendices (see render_doc.h).
 *
 * Appendix A: how many partnerships named each priority (the count table, with a footnote for
 * each row's note and one on why there are fewer partnerships than districts, and what it is
 * counted over while submissions are still coming), the chart (render_chart.c), each
 * partnership's wordings and what they were counted as, the county additions and where the
 * cross-cutting themes come from.
 * Appendix B: the county's police.uk crime table, then for each county priority its count in
 * words, why the county added it, and the county totals of the crime figures that bear on it.
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
    if (!d->md)
        buf_printf(d->out, "<p class=\"note\" id=\"note-%d\">", n);
    buf_printf(d->out, "<sup>%d</sup> ", n);
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
    if (!d->md)
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


/* "All eleven local Community Safety Partnerships in Kent assessed that domestic abuse was a
 * key priority for their district/borough during the 2010/11 strategic assessment process." */
static void context_sentence(const struct agreement *a, const struct agr_count *k,
                             struct buf *s)
{
    size_t n = a->npartnerships;
    char wn[32], wk[32], ay[16];
    render_number_words((int)n, 0, wn, sizeof wn);
    render_number_words(k->partnerships, 1, wk, sizeof wk);
    if (n == 0) {
        buf_printf(s, "No local Community Safety Partnerships in %s were in force for the plan "
                      "year.", a->reg->name);
        return;
    }
    if ((size_t)k->partnerships >= n && n > 2)
        buf_printf(s, "All %s local %s", wn, words_csps(n));
    else if ((size_t)k->partnerships >= n)
        buf_printf(s, "%s local %s", n == 2 ? "Both" : "The one", words_csps(n));
    else
        buf_printf(s, "%s of the %s local %s", wk, wn, words_csps(n));
    buf_printf(s, " in %s %s that ", a->reg->name, k->partnerships > 0 ? "assessed" : "identified");
    words_title_in_sentence(a, k->title, s);
    buf_printf(s, " was a key priority for %s district/borough during the %s strategic "
                  "assessment process.", n == 1 ? "its" : "their",
               planyear_label(a->year - 1, '/', ay, sizeof ay));
}

/* The sentence while some partnership has not submitted: "Five of the six local Community
 * Safety Partnerships in Kent that have submitted so far assessed that substance misuse was
 * a key priority ...; five of the eleven are still to come." */
static void provisional_context_sentence(const struct agreement *a, const struct agr_count *k,
                                         struct buf *s)
{
    size_t n = a->nsubmitted;
    char wn[32], wk[32], ay[16];
    render_number_words((int)n, 0, wn, sizeof wn);
    render_number_words(k->partnerships, 1, wk, sizeof wk);
    if ((size_t)k->partnerships >= n && n > 2)
        buf_printf(s, "All %s local %s", wn, words_csps(n));
    else if ((size_t)k->partnerships >= n)
        buf_printf(s, "%s local %s", n == 2 ? "Both" : "The one", words_csps(n));
    else
        buf_printf(s, "%s of the %s local %s", wk, wn, words_csps(n));
    buf_printf(s, " in %s that %s submitted so far %s that ", a->reg->name,
               n == 1 ? "has" : "have", k->partnerships > 0 ? "assessed" : "identified");
    words_title_in_sentence(a, k->title, s);
    buf_printf(s, " was a key priority for %s district/borough during the %s strategic "
                  "assessment process; ", n == 1 ? "its" : "their",
               planyear_label(a->year - 1, '/', ay, sizeof ay));
    words_still_to_come(a, s);
    buf_putc(s, '.');
}

/* The sentence, and why the county added the priority when it did. */
static void context_text(const struct agreement *a, const struct agr_count *k,
                         struct buf *s)
{
    if (a->provisional && a->nsubmitted > 0)
        provisional_context_sentence(a, k, s);
    else
        context_sentence(a, k, s);
    const struct agr_addition *x = addition_of(a, k->id);
    if (x == NULL || !is_set(x->reason))
        return;
    buf_printf(s, " It is %sa county addition: %s", k->partnerships > 0 ? "also " : "", x->reason);
    size_t len = strlen(x->reason);
    if (!strchr(".!?", x->reason[len - 1]))
        buf_putc(s, '.');
}

static void evidence_row(struct doc *d, const struct agr_evidence *e)
{
    char cur[32], prev[32], chg[32], pct[32], n[16];
    struct buf span = {0};
    buf_printf(&span, "%s to %s", or_empty(e->period_start), or_empty(e->period_end));
    snprintf(n, sizeof n, "%d", e->partnerships);
    doc_row_begin(d, 0);
    doc_cell(d, e->category, 0);
    doc_cell(d, words_count(e->current, cur, sizeof cur), 0);
    doc_cell(d, words_count(e->previous, prev, sizeof prev), 0);
    doc_cell(d, words_change(e->current - e->previous, chg, sizeof chg), 0);
    doc_cell(d, words_percent(e->current, e->previous, pct, sizeof pct), 0);
    doc_cell(d, n, 0);
    doc_cell(d, is_set(e->period_start) || is_set(e->period_end) ? buf_str(&span) : "", 0);
    doc_row_end(d);
    buf_free(&span);
}

static void evidence_table(struct doc *d, const struct agr_count *k)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Category", 0, 0}, {"Current", 1, 0}, {"Previous", 1, 0},
                                      {"Change", 1, 0},   {"% change", 1, 0}, {"CSPs", 1, 0},
                                      {"Period", 0, 0}};
    size_t rows = 0;
    for (size_t i = 0; i < a->nevidence; i++)
        rows += k->id && a->evidence[i].priority && strcmp(a->evidence[i].priority, k->id) == 0;
    if (rows == 0) {
        doc_para(d, "No recorded crime figures in the current submissions bear on this priority.");
        return;
    }
    struct buf cap = {0};
    buf_printf(&cap, "%s: county totals of recorded crime, added up from the current submissions",
               or_empty(k->title));
    doc_table_begin(d, "evidence", buf_str(&cap), cols, 7, 1);
    for (size_t i = 0; i < a->nevidence; i++)
        if (a->evidence[i].priority && strcmp(a->evidence[i].priority, k->id) == 0)
            evidence_row(d, &a->evidence[i]);
    doc_table_end(d);
    buf_free(&cap);
}

/* The county's police.uk crime table, with its source and period named. */
static void appendix_b_policeuk_table(struct doc *d)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Category", 0, 0}, {"Twelve months", 1, 0},
                                      {"The twelve before", 1, 0}, {"Change", 1, 0},
                                      {"% change", 1, 0}};
    if (a->ncrime == 0)
        return;
    struct buf s = {0};
    doc_heading(d, 3, "recorded-crime", "Recorded crime");
    char end[32], wm[32];
    words_date(a->crime_end, end, sizeof end);
    buf_printf(&s, "Police-recorded crime in %s for the twelve months to %s against the twelve "
                   "months before, from police.uk street-level crime data (%s), counted by the "
                   "district of each record's LSOA.",
               or_empty(a->reg->name), end, or_empty(a->crime_forces));
    if (a->crime_months < 24) /* complete data goes without saying */
        buf_printf(&s, " Only %s of those 24 months %s data loaded, so the figures are "
                       "incomplete.", render_number_words(a->crime_months, 0, wm, sizeof wm),
                   a->crime_months == 1 ? "has" : "have");
    doc_para(d, buf_str(&s));
    buf_reset(&s);
    buf_printf(&s, "Recorded crime in %s, twelve months to %s (source: police.uk)",
               or_empty(a->reg->name), end);
    doc_table_begin(d, "evidence", buf_str(&s), cols, 5, 1);
    for (size_t i = 0; i < a->ncrime; i++) {
        const struct agr_crime *k = &a->crime[i];
        char cur[32], prev[32], chg[32], pct[32];
        buf_reset(&s); /* the category whole, however long: never split inside a character */
        buf_printf(&s, "%s%s", k->level ? "- " : "", or_empty(k->category));
        doc_row_begin(d, k->level == 0);
        doc_cell(d, buf_str(&s), 0);
        doc_cell(d, words_count(k->current, cur, sizeof cur), 0);
        doc_cell(d, words_count(k->previous, prev, sizeof prev), 0);
        doc_cell(d, words_change(k->current - k->previous, chg, sizeof chg), 0);
        doc_cell(d, words_percent(k->current, k->previous, pct, sizeof pct), 0);
        doc_row_end(d);
    }
    doc_table_end(d);
    buf_free(&s);
}

void appendix_b_write(struct doc *d)
{
    const struct agreement *a = d->a;
    struct buf s = {0};
    doc_section_begin(d, "appendix-b", "appendix", "Appendix B: Current Context");
    appendix_b_policeuk_table(d);
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
        evidence_table(d, k);
    }
    buf_free(&s);
    doc_section_end(d);
}

