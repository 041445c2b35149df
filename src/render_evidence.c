/* render_evidence.c: the figures of the draft agreement's Appendix B (see render_doc.h): the
 * county's police.uk crime table, and under each county priority the evidence the register
 * ties to it: the county totals of the indicators the partnerships submitted, the county
 * totals of their submitted crime tables, and the police.uk figures of its crime types. Every
 * table names its source and its period in words ("April 2010 to March 2011", "the twelve
 * months to March 2011"); where the partnerships' figures and police.uk's both bear on a
 * priority a sentence says they cover different periods and definitions.
 *
 * It adds nothing up and drops nothing: SQL gives the totals and leaves out rows that are 0
 * in every column (sql/logic/50_agreement.sql, 30_counts.sql). The sentences above the
 * figures are render_appendix.c's. */
#include "csa/render.h"
#include "render_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const month_names[12] = {"January", "February", "March",     "April",
                                            "May",     "June",     "July",      "August",
                                            "September", "October", "November", "December"};

struct ymd {
    int y, m, d;
};

/* "2010-04-01" (or "2010-04" with day 0); 0 when s is no such date. */
static int parse_date(const char *s, struct ymd *t)
{
    t->d = 0;
    int n = s ? sscanf(s, "%4d-%2d-%2d", &t->y, &t->m, &t->d) : 0;
    return n >= 2 && t->m >= 1 && t->m <= 12;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap);
}

void evidence_period_words(const char *start, const char *end, struct buf *s)
{
    struct ymd a, b;
    if (!parse_date(start, &a) || !parse_date(end, &b)) {
        buf_printf(s, "%s to %s", or_empty(start), or_empty(end));
        return;
    }
    if (a.d != 1 || b.d != month_days(b.y, b.m)) {
        /* not whole months: the days too */
        buf_printf(s, "%d %s %d to %d %s %d", a.d, month_names[a.m - 1], a.y, b.d,
                   month_names[b.m - 1], b.y);
        return;
    }
    if (a.y == b.y && a.m == b.m)
        buf_printf(s, "%s %d", month_names[a.m - 1], a.y);
    else if (a.y == b.y)
        buf_printf(s, "%s to %s %d", month_names[a.m - 1], month_names[b.m - 1], b.y);
    else
        buf_printf(s, "%s %d to %s %d", month_names[a.m - 1], a.y, month_names[b.m - 1], b.y);
}

/* The month "YYYY-MM" less `back` months, in words: "March 2011". */
static void month_words(const char *ym, int back, struct buf *s)
{
    struct ymd t;
    if (!parse_date(ym, &t)) {
        buf_puts(s, or_empty(ym));
        return;
    }
    int k = t.y * 12 + (t.m - 1) - back;
    buf_printf(s, "%s %d", month_names[k % 12], k / 12);
}

/* "police.uk street-level crime (Kent Police), the twelve months to March 2011 against the
 * twelve months to March 2010" */
static void policeuk_source(const struct agreement *a, struct buf *s)
{
    buf_puts(s, "police.uk street-level crime");
    if (is_set(a->crime_forces))
        buf_printf(s, " (%s)", a->crime_forces);
    buf_puts(s, ", the twelve months to ");
    month_words(a->crime_end, 0, s);
    buf_puts(s, " against the twelve months to ");
    month_words(a->crime_end, 12, s);
}

/* A decimal as SQL writes it, with thousands separators: "29578" -> "29,578", "12.5". */
static const char *decimal_words(const char *v, char *s, size_t n)
{
    v = or_empty(v);
    size_t whole = strcspn(v, ".");
    char digits[32];
    if (whole == 0 || whole >= sizeof digits) {
        snprintf(s, n, "%s", v);
        return s;
    }
    memcpy(digits, v, whole);
    digits[whole] = '\0';
    words_count(strtoll(digits, NULL, 10), s, n);
    size_t len = strlen(s);
    snprintf(s + len, n - len, "%s", v + whole);
    return s;
}

static int same(const char *x, const char *y)
{
    return x != NULL && y != NULL && strcmp(x, y) == 0;
}

/* The level-1 (crime type) row of the county's police.uk table called name; NULL when it is
 * not there (not loaded, or 0 in both windows). */
static const struct agr_crime *policeuk_row(const struct agreement *a, const char *name)
{
    for (size_t i = 0; i < a->ncrime; i++)
        if (a->crime[i].level == 1 && same(a->crime[i].category, name))
            return &a->crime[i];
    return NULL;
}

static const struct agr_evidence *submitted_row(const struct agreement *a, const char *priority,
                                                const char *category)
{
    for (size_t i = 0; i < a->nevidence; i++)
        if (same(a->evidence[i].priority, priority) && same(a->evidence[i].category, category))
            return &a->evidence[i];
    return NULL;
}

/* One row of figures: current, previous, change and percentage change. */
static void figure_cells(struct doc *d, long long current, long long previous)
{
    char cur[32], prev[32], chg[32], pct[32];
    doc_cell(d, words_count(current, cur, sizeof cur), 0);
    doc_cell(d, words_count(previous, prev, sizeof prev), 0);
    doc_cell(d, words_change(current - previous, chg, sizeof chg), 0);
    doc_cell(d, words_percent(current, previous, pct, sizeof pct), 0);
}

/* "11 of 11": how many reported a figure, of those that have submitted. */
static const char *of_submitted(int n, int of, char *s, size_t size)
{
    snprintf(s, size, "%d of %d", n, of);
    return s;
}

/* The provisional tail of a caption: "; provisional: the six partnerships that have submitted
 * so far, and five of the eleven are still to come". */
static void provisional_tail(const struct agreement *a, struct buf *s)
{
    if (!a->provisional)
        return;
    buf_puts(s, "; provisional: ");
    words_submitted_so_far(a, s);
    buf_puts(s, ", and ");
    words_still_to_come(a, s);
}

static size_t indicator_table(struct doc *d, const struct agr_count *k)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Indicator", 0, 0},
                                      {"Period", 0, 0},
                                      {"County total", 1, 0},
                                      {"CSPs reporting it", 1, 0}};
    size_t rows = 0;
    for (size_t i = 0; i < a->nindicators; i++)
        rows += same(a->indicators[i].priority, k->id);
    if (rows == 0)
        return 0;
    struct buf s = {0};
    buf_printf(&s, "%s: county totals of the indicators the partnerships submitted (source: "
                   "the partnerships' strategic assessments, each figure for the period shown)",
               or_empty(k->title));
    provisional_tail(a, &s);
    doc_table_begin(d, "evidence", buf_str(&s), cols, 4, 1);
    for (size_t i = 0; i < a->nindicators; i++) {
        const struct agr_indicator *x = &a->indicators[i];
        char total[48], n[32];
        if (!same(x->priority, k->id))
            continue;
        buf_reset(&s);
        evidence_period_words(x->period_start, x->period_end, &s);
        doc_row_begin(d, 0);
        doc_cell(d, x->indicator, 0);
        doc_cell(d, buf_str(&s), 0);
        doc_cell(d, decimal_words(x->total, total, sizeof total), 0);
        doc_cell(d, of_submitted(x->partnerships, x->submitted, n, sizeof n), 0);
        doc_row_end(d);
    }
    doc_table_end(d);
    buf_free(&s);
    return rows;
}

/* The periods of the submitted crime rows of priority k: "October 2009 to September 2010
 * against October 2008 to September 2009" (the span, when the partnerships' periods differ). */
static void submitted_period(const struct agr_evidence *e, struct buf *s)
{
    evidence_period_words(e->period_start, e->period_end, s);
    if (is_set(e->previous_start) && is_set(e->previous_end)) {
        buf_puts(s, " against ");
        evidence_period_words(e->previous_start, e->previous_end, s);
    }
}

static const struct agr_evidence *first_submitted(const struct agreement *a, const char *id)
{
    for (size_t i = 0; i < a->nevidence; i++)
        if (same(a->evidence[i].priority, id))
            return &a->evidence[i];
    return NULL;
}

static size_t submitted_table(struct doc *d, const struct agr_count *k)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Category", 0, 0}, {"Current", 1, 0}, {"Previous", 1, 0},
                                      {"Change", 1, 0},   {"% change", 1, 0},
                                      {"CSPs", 1, 0}};
    const struct agr_evidence *e0 = first_submitted(a, k->id);
    if (e0 == NULL)
        return 0;
    struct buf s = {0};
    buf_printf(&s, "%s: county totals of recorded crime in the partnerships' submitted crime "
                   "tables, ", or_empty(k->title));
    submitted_period(e0, &s);
    buf_puts(&s, " (source: the partnerships' strategic assessments)");
    provisional_tail(a, &s);
    doc_table_begin(d, "evidence", buf_str(&s), cols, 6, 1);
    size_t rows = 0;
    for (size_t i = 0; i < a->nevidence; i++) {
        const struct agr_evidence *e = &a->evidence[i];
        char n[32];
        if (!same(e->priority, k->id))
            continue;
        rows++;
        doc_row_begin(d, 0);
        doc_cell(d, e->category, 0);
        figure_cells(d, e->current, e->previous);
        doc_cell(d, of_submitted(e->partnerships, (int)a->nsubmitted, n, sizeof n), 0);
        doc_row_end(d);
    }
    doc_table_end(d);
    buf_free(&s);
    return rows;
}

static size_t policeuk_tied_table(struct doc *d, const struct agr_count *k)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Crime type", 0, 0}, {"Twelve months", 1, 0},
                                      {"The twelve before", 1, 0}, {"Change", 1, 0},
                                      {"% change", 1, 0}};
    size_t rows = 0;
    for (size_t i = 0; i < a->ncrime_ties; i++)
        rows += same(a->crime_ties[i].priority, k->id) &&
                policeuk_row(a, a->crime_ties[i].crime_type) != NULL;
    if (rows == 0)
        return 0;
    struct buf s = {0};
    buf_printf(&s, "%s: county figures of ", or_empty(k->title));
    policeuk_source(a, &s);
    doc_table_begin(d, "evidence", buf_str(&s), cols, 5, 1);
    for (size_t i = 0; i < a->ncrime_ties; i++) {
        const struct agr_crime *c = policeuk_row(a, a->crime_ties[i].crime_type);
        if (!same(a->crime_ties[i].priority, k->id) || c == NULL)
            continue;
        doc_row_begin(d, 0);
        doc_cell(d, c->category, 0);
        figure_cells(d, c->current, c->previous);
        doc_row_end(d);
    }
    doc_table_end(d);
    buf_free(&s);
    return rows;
}

/* "violent crime is 23,280 (-3.8%)": a figure with its change, inside a sentence. */
static void figure_words(long long current, long long previous, struct buf *s)
{
    char cur[32], pct[32];
    words_count(current, cur, sizeof cur);
    words_percent(current, previous, pct, sizeof pct);
    if (strcmp(pct, "n/a") == 0)
        buf_printf(s, "%s", cur);
    else
        buf_printf(s, "%s (%s on the year before)", cur, pct);
}

/* The partnerships' figures and police.uk's side by side: they cover different periods and
 * definitions. Names the first measure both give (SQL pairs them) when its figures differ. */
static void disagreement(struct doc *d, const struct agr_count *k)
{
    const struct agreement *a = d->a;
    const struct agr_evidence *e0 = first_submitted(a, k->id);
    const struct agr_evidence *sub = NULL;
    const struct agr_crime *pol = NULL;
    for (size_t i = 0; i < a->ncrime_ties && sub == NULL; i++) {
        const struct agr_crime_tie *t = &a->crime_ties[i];
        if (!same(t->priority, k->id) || !is_set(t->submitted_category))
            continue;
        const struct agr_evidence *e = submitted_row(a, k->id, t->submitted_category);
        const struct agr_crime *c = policeuk_row(a, t->crime_type);
        if (e && c && (e->current != c->current || e->previous != c->previous))
            sub = e, pol = c;
    }
    struct buf s = {0}, p = {0};
    evidence_period_words(e0->period_start, e0->period_end, &p);
    if (sub) {
        buf_puts(&s, "The two sources disagree: the partnerships' crime tables give ");
        words_title_in_sentence(a, sub->category, &s);
        buf_puts(&s, " as ");
        figure_words(sub->current, sub->previous, &s);
        buf_printf(&s, " for %s, police.uk as ", buf_str(&p));
        figure_words(pol->current, pol->previous, &s);
        buf_puts(&s, " for the twelve months to ");
        month_words(a->crime_end, 0, &s);
        buf_puts(&s, ". ");
    }
    buf_printf(&s, "The partnerships' figures (%s) and police.uk's (the twelve months to ",
               buf_str(&p));
    month_words(a->crime_end, 0, &s);
    buf_puts(&s, ") cover different periods and use different definitions: each partnership "
                 "counts its own recorded-crime categories, police.uk counts street-level "
                 "records by its own crime types, placed in a district by each record's LSOA. "
                 "Both are shown; neither corrects the other.");
    doc_para(d, buf_str(&s));
    buf_free(&s);
    buf_free(&p);
}

void evidence_write(struct doc *d, const struct agr_count *k)
{
    size_t n = indicator_table(d, k);
    size_t crimes = submitted_table(d, k);
    size_t police = policeuk_tied_table(d, k);
    if (crimes > 0 && police > 0)
        disagreement(d, k);
    if (n + crimes + police == 0)
        doc_para(d, "No figures in the current submissions, nor in the police.uk data loaded, "
                    "bear on this priority.");
}

void evidence_policeuk_table(struct doc *d)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Category", 0, 0}, {"Twelve months", 1, 0},
                                      {"The twelve before", 1, 0}, {"Change", 1, 0},
                                      {"% change", 1, 0}};
    if (a->ncrime == 0)
        return;
    struct buf s = {0};
    doc_heading(d, 3, "recorded-crime", "Recorded crime");
    buf_printf(&s, "Police-recorded crime in %s from ", or_empty(a->reg->name));
    policeuk_source(a, &s);
    buf_puts(&s, ", counted by the district of each record's LSOA. ");
    if (a->crime_months >= 24)
        buf_puts(&s, "Every month of the two periods is loaded.");
    else
        buf_printf(&s, "Only %d of the 24 months of the two periods are loaded; a month not "
                       "loaded counts as none.", a->crime_months);
    doc_para(d, buf_str(&s));
    buf_reset(&s);
    buf_printf(&s, "Recorded crime in %s, the twelve months to ", or_empty(a->reg->name));
    month_words(a->crime_end, 0, &s);
    buf_puts(&s, " (source: police.uk)");
    doc_table_begin(d, "evidence", buf_str(&s), cols, 5, 1);
    for (size_t i = 0; i < a->ncrime; i++) {
        const struct agr_crime *k = &a->crime[i];
        buf_reset(&s); /* the category whole, however long: never split inside a character */
        buf_printf(&s, "%s%s", k->level ? "- " : "", or_empty(k->category));
        doc_row_begin(d, k->level == 0);
        doc_cell(d, buf_str(&s), 0);
        figure_cells(d, k->current, k->previous);
        doc_row_end(d);
    }
    doc_table_end(d);
    buf_free(&s);
}
