/* template.c: what goes in the county's submission workbook (doc/workbook.md), from the
 * register: the sheets, their titles, help lines, headings and labels, the header fields the
 * county fixes, the drop-down lists and validations, the register's indicators pre-listed,
 * and, for --from-version, last year's submission in the input cells.
 *
 * The sheet names, labels and headings are the contract a reader looks for; they are written
 * here once, from doc/workbook.md. How the parts are spelt in SpreadsheetML is
 * template_xlsx.c's. Nothing here reads a file or the database. */
#include "csa/template.h"
#include "csa/cell.h"
#include "csa/planyear.h"
#include "template_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Input rows each table offers beyond what is pre-filled (doc/workbook.md). */
#define PRIORITY_ROWS 40
#define THEME_ROWS 30
#define CATEGORY_ROWS 60
#define INDICATOR_ROWS 100
#define ISSUE_ROWS 20
#define SPARE_ROWS 10 /* at least this many empty rows after pre-filled ones */

/* The defined names of the drop-down lists, on the hidden Lists sheet. */
#define LIST_PRIORITIES "PriorityLabels"
#define LIST_THEMES "ThemeTitles"
#define LIST_KINDS "Kinds"

enum kind { TEXT, NUMBER, DATE };

struct column {
    const char *heading;
    double width;
    enum kind kind;
};

/* What one build knows: the register, the partnership, the year, what pre-fills it. */
struct tpl {
    const struct csa_register *r;
    const struct reg_partnership *p;
    int year;
    const struct csa_submission *prev; /* NULL: blank */
    const struct template_prefill *pf;
    struct tx_book book;
};

/* ===== Building blocks ===== */

/* A sheet with its title in A1 and a line of help in A2, protected (no password). */
static struct tx_sheet *sheet(struct tpl *t, const char *name, const char *title,
                              const char *help)
{
    struct tx_sheet *s = tx_sheet_add(&t->book, name);
    s->protect = 1;
    tx_row(s, 1);
    tx_text(s, 0, TX_TITLE, title);
    tx_row(s, 2);
    tx_text(s, 0, TX_HELP, help);
    return s;
}

/* The heading row r of a table of columns cols, frozen with what is above it. */
static void headings(struct tx_sheet *s, int r, const struct column *cols, int n)
{
    tx_row(s, r);
    for (int c = 0; c < n; c++) {
        tx_text(s, c, TX_HEADING, cols[c].heading);
        s->widths[c] = cols[c].width;
    }
    s->freeze = r;
}

/* An input cell of column kind k holding v (NULL: empty). */
static void input(struct tx_sheet *s, int c, enum kind k, const char *v)
{
    if (k == DATE)
        tx_date(s, c, TX_INPUT_DATE, v);
    else if (k == NUMBER && v)
        tx_number(s, c, TX_INPUT, v);
    else
        tx_text(s, c, TX_INPUT, v);
}

/* Row r of a table: values[c] in column c (NULL: an empty input cell). */
static void data_row(struct tx_sheet *s, int r, const struct column *cols, int n,
                     const char *const *values)
{
    tx_row(s, r);
    for (int c = 0; c < n; c++)
        input(s, c, cols[c].kind, values ? values[c] : NULL);
}

/* Empty input rows from row `from` to row `to`, inclusive. */
static void empty_rows(struct tx_sheet *s, int from, int to, const struct column *cols, int n)
{
    for (int r = from; r <= to; r++)
        data_row(s, r, cols, n, NULL);
}

/* The last row of a table starting at first that holds filled rows: at least `least` rows,
 * and SPARE_ROWS empty ones after what is filled. */
static int last_row(int first, size_t filled, int least)
{
    int n = (int)filled + SPARE_ROWS > least ? (int)filled + SPARE_ROWS : least;
    return first + n - 1;
}

/* "C4:C43" for column c over rows from..to. */
static const char *range(int c, int from, int to, char *out, size_t size)
{
    struct buf l = {0};
    cell_column(&l, c + 1);
    snprintf(out, size, "%s%d:%s%d", buf_str(&l), from, buf_str(&l), to);
    buf_free(&l);
    return out;
}

/* A strict whole-number (or decimal) rule: at least `least`. */
static void at_least(struct tx_sheet *s, int c, int from, int to, const char *type,
                     const char *least, const char *prompt)
{
    char sq[32];
    tx_validation(s, range(c, from, to, sq, sizeof sq), type, "greaterThanOrEqual", least, 1,
                  prompt);
}

/* 1990-01-01 as an Excel serial: no date of a plan year comes before it. */
#define DATE_FLOOR "32874"

static void date_rule(struct tx_sheet *s, int c, int from, int to)
{
    at_least(s, c, from, to, "date", DATE_FLOOR, "A date, yyyy-mm-dd.");
}

/* ===== The sheets ===== */

static const char *county_name(const struct csa_register *r)
{
    return r->name ? r->name : r->code;
}

static void instructions(struct tpl *t)
{
    char title[512], line[1024], py[PLANYEAR_LABEL_MAX];
    const char *name = register_partnership_name(t->p, t->year);
    planyear_label(t->year, '/', py, sizeof py);
    snprintf(title, sizeof title, "Strategic assessment %s: %s", py, name);
    struct tx_sheet *s = sheet(t, "Instructions", title,
                               "How to fill this workbook in. This sheet is never read.");
    s->widths[0] = 110;
    snprintf(line, sizeof line,
             "This workbook is the strategic assessment of %s for %s, plan year %s.", name,
             county_name(t->r), py);
    const char *lines[16] = {line};
    int n = 1;
    lines[n++] = "Fill in the sheets Submission, Priorities, Themes, Crime, Indicators and "
                 "Emerging issues, save the workbook as .xlsx (not .xlsm) and send it as you "
                 "would the XML file.";
    lines[n++] = "Grey cells are fixed by the county (county, partnership code, plan year). The "
                 "sheets are protected, without a password, so that only the white cells "
                 "change.";
    lines[n++] = "Submission: the date the assessment was signed off (yyyy-mm-dd), a contact, "
                 "and how the priorities were scored.";
    lines[n++] = "Priorities: a row a priority, in your own words; the drop-down offers the "
                 "county's labels but any wording is accepted. Kind is core or subsidiary; rank "
                 "the core priorities 1, 2, 3, ...; Score is optional.";
    lines[n++] = "Themes: a row a cross-cutting theme; the drop-down offers the county's "
                 "themes, any wording is accepted.";
    lines[n++] = "Crime: the dates of the current and previous periods above the table, then a "
                 "row a crime category with both periods' counts; Parent names the category it "
                 "belongs to. Difference and Percent change may be left empty.";
    lines[n++] = "Indicators: the county's indicators are listed; a row a value with the start "
                 "and end of its period, a row with an empty Indicator continues the one above. "
                 "An indicator left without any value is not submitted.";
    lines[n++] = "Emerging issues: a title and a description a row.";
    lines[n++] = "Empty rows are skipped anywhere. Columns are found by their headings: keep "
                 "the headings as they are. Sheets you add for your own notes are ignored.";
    char prefilled[1024];
    if (t->prev) {
        char was[PLANYEAR_LABEL_MAX];
        planyear_label(t->pf->plan_year, '/', was, sizeof was);
        snprintf(prefilled, sizeof prefilled,
                 "Pre-filled from your %s submission (version %d): the priorities, themes, "
                 "crime statistics, indicators, emerging issues and contact are last year's, "
                 "as they were submitted. Update every one: the crime figures and their periods "
                 "are last year's too (last year's current period is usually this year's "
                 "previous one). Submitted is left empty.",
                 was, t->pf->version);
        lines[n++] = prefilled;
    }
    for (int i = 0; i < n; i++) {
        tx_row(s, i + 3);
        tx_text(s, 0, TX_PLAIN, lines[i]);
    }
}

/* Submission: a label a row in A, its value in B (doc/workbook.md). */
static void submission(struct tpl *t)
{
    const struct csa_submission *p = t->prev;
    char py[PLANYEAR_LABEL_MAX];
    struct tx_sheet *s = sheet(t, "Submission", "Submission",
                               "The header of the assessment: fill in the white cells.");
    s->widths[0] = 22, s->widths[1] = 60, s->widths[2] = 30;
    static const char *const labels[] = {"Format version", "County", "Partnership code",
                                         "Partnership name", "Plan year", "Submitted",
                                         "Contact name", "Contact role", "Contact email",
                                         "Scoring method"};
    const char *values[] = {
        NULL, t->r->code, t->p->code, register_partnership_name(t->p, t->year),
        planyear_label(t->year, '/', py, sizeof py), NULL,
        p ? p->contact_name : NULL, p ? p->contact_role : NULL, p ? p->contact_email : NULL,
        p ? p->scoring : NULL};
    for (int i = 0; i < 10; i++) {
        tx_row(s, i + 3);
        tx_text(s, 0, TX_HEADING, labels[i]);
        if (i == 0)
            tx_number(s, 1, TX_LOCKED, "1");
        else if (i == 1 || i == 2 || i == 4)
            tx_text(s, 1, TX_LOCKED, values[i]);
        else
            input(s, 1, i == 5 ? DATE : TEXT, values[i]);
        if (i == 1)
            tx_text(s, 2, TX_HELP, county_name(t->r));
    }
    date_rule(s, 1, 8, 8);
}

static const struct column priority_cols[] = {
    {"Priority", 60, TEXT}, {"Kind", 14, TEXT}, {"Rank", 8, NUMBER}, {"Score", 10, NUMBER}};

static void priorities(struct tpl *t)
{
    struct tx_sheet *s = sheet(t, "Priorities", "Priorities",
                               "A row a priority: your wording (or a county label from the "
                               "list), core or subsidiary, the core ones ranked 1, 2, 3, ...");
    headings(s, 3, priority_cols, 4);
    size_t n = t->prev ? t->prev->npriorities : 0;
    int last = last_row(4, n, PRIORITY_ROWS);
    for (size_t i = 0; i < n; i++) {
        const struct sub_priority *p = &t->prev->priorities[i];
        const char *v[4] = {p->wording, p->core ? "core" : "subsidiary", p->rank, p->score};
        data_row(s, 4 + (int)i, priority_cols, 4, v);
    }
    empty_rows(s, 4 + (int)n, last, priority_cols, 4);
    char sq[32];
    tx_validation(s, range(0, 4, last, sq, sizeof sq), "list", NULL, LIST_PRIORITIES, 0,
                  "A county label from the list, or your own wording.");
    tx_validation(s, range(1, 4, last, sq, sizeof sq), "list", NULL, LIST_KINDS, 1,
                  "core or subsidiary.");
    at_least(s, 2, 4, last, "whole", "1", "A whole number: 1, 2, 3, ...");
    at_least(s, 3, 4, last, "decimal", "0", "A number, 0 or more.");
}

static const struct column theme_cols[] = {{"Theme", 60, TEXT}};

static void themes(struct tpl *t)
{
    struct tx_sheet *s = sheet(t, "Themes", "Cross-cutting themes",
                               "A row a theme: your wording, or a county theme from the list.");
    headings(s, 3, theme_cols, 1);
    size_t n = t->prev ? t->prev->nthemes : 0;
    int last = last_row(4, n, THEME_ROWS);
    for (size_t i = 0; i < n; i++)
        data_row(s, 4 + (int)i, theme_cols, 1, &t->prev->themes[i].wording);
    empty_rows(s, 4 + (int)n, last, theme_cols, 1);
    char sq[32];
    tx_validation(s, range(0, 4, last, sq, sizeof sq), "list", NULL, LIST_THEMES, 0,
                  "A county theme from the list, or your own wording.");
}

static const struct column crime_cols[] = {
    {"Category", 40, TEXT}, {"Parent", 30, TEXT},     {"Current", 12, NUMBER},
    {"Previous", 12, NUMBER}, {"Difference", 12, NUMBER}, {"Percent change", 15, NUMBER}};

#define CRIME_HEADING_ROW 8

static void crime(struct tpl *t)
{
    const struct csa_submission *p = t->prev;
    struct tx_sheet *s = sheet(t, "Crime", "Crime statistics",
                               "The two periods' dates, then a row a category with both "
                               "periods' counts.");
    static const char *const labels[] = {"Current period start", "Current period end",
                                         "Previous period start", "Previous period end"};
    const char *dates[] = {p ? p->cur_start : NULL, p ? p->cur_end : NULL,
                           p ? p->prev_start : NULL, p ? p->prev_end : NULL};
    for (int i = 0; i < 4; i++) {
        tx_row(s, 3 + i);
        tx_text(s, 0, TX_HEADING, labels[i]);
        input(s, 1, DATE, dates[i]);
    }
    date_rule(s, 1, 3, 6);
    int first = CRIME_HEADING_ROW + 1;
    headings(s, CRIME_HEADING_ROW, crime_cols, 6);
    size_t n = p ? p->ncategories : 0;
    int last = last_row(first, n, CATEGORY_ROWS);
    for (size_t i = 0; i < n; i++) {
        const struct sub_category *c = &p->categories[i];
        const char *v[6] = {c->name, c->parent, c->current, c->previous, c->difference,
                            c->percent};
        data_row(s, first + (int)i, crime_cols, 6, v);
    }
    empty_rows(s, first + (int)n, last, crime_cols, 6);
    at_least(s, 2, first, last, "whole", "0", "A count: a whole number, 0 or more.");
    at_least(s, 3, first, last, "whole", "0", "A count: a whole number, 0 or more.");
}

static const struct column indicator_cols[] = {{"Indicator", 40, TEXT}, {"Unit", 14, TEXT},
                                               {"Start", 12, DATE},     {"End", 12, DATE},
                                               {"Value", 12, NUMBER}};

/* Whether the previous submission already has the register indicator ri (by its name or an
 * alias, ignoring case). */
static int submitted_already(const struct csa_submission *p, const struct reg_indicator *ri)
{
    for (size_t i = 0; p && i < p->nindicators; i++) {
        if (strcasecmp(p->indicators[i].name, ri->name) == 0)
            return 1;
        for (size_t a = 0; a < ri->aliases.n; a++)
            if (strcasecmp(p->indicators[i].name, ri->aliases.v[a]) == 0)
                return 1;
    }
    return 0;
}

/* Whether ri is the first register indicator of that name (priorities may share one). */
static int first_of_name(const struct csa_register *r, size_t pi, size_t ii)
{
    const char *name = r->priorities[pi].indicators[ii].name;
    for (size_t p = 0; p <= pi; p++)
        for (size_t i = 0; i < r->priorities[p].nindicators && (p < pi || i < ii); i++)
            if (strcasecmp(r->priorities[p].indicators[i].name, name) == 0)
                return 0;
    return 1;
}

static void indicators(struct tpl *t)
{
    const struct csa_submission *p = t->prev;
    struct tx_sheet *s = sheet(t, "Indicators", "Indicators",
                               "A row a value: the indicator, its unit, the period's start "
                               "and end, the value. An empty Indicator continues the row "
                               "above.");
    headings(s, 3, indicator_cols, 5);
    int r = 4;
    for (size_t i = 0; p && i < p->nindicators; i++) {
        const struct sub_indicator *ind = &p->indicators[i];
        for (size_t v = 0; v < ind->nvalues || v == 0; v++) {
            const struct sub_value *val = v < ind->nvalues ? &ind->values[v] : NULL;
            const char *cells[5] = {v == 0 ? ind->name : NULL, v == 0 ? ind->unit : NULL,
                                    val ? val->start : NULL, val ? val->end : NULL,
                                    val ? val->value : NULL};
            data_row(s, r++, indicator_cols, 5, cells);
        }
    }
    for (size_t pi = 0; pi < t->r->npriorities; pi++)
        for (size_t ii = 0; ii < t->r->priorities[pi].nindicators; ii++) {
            const struct reg_indicator *ri = &t->r->priorities[pi].indicators[ii];
            if (!first_of_name(t->r, pi, ii) || submitted_already(p, ri))
                continue;
            const char *cells[5] = {ri->name, NULL, NULL, NULL, NULL};
            data_row(s, r++, indicator_cols, 5, cells);
        }
    int last = last_row(4, (size_t)(r - 4), INDICATOR_ROWS);
    empty_rows(s, r, last, indicator_cols, 5);
    date_rule(s, 2, 4, last);
    date_rule(s, 3, 4, last);
}

static const struct column issue_cols[] = {{"Title", 40, TEXT}, {"Description", 100, TEXT}};

static void issues(struct tpl *t)
{
    struct tx_sheet *s = sheet(t, "Emerging issues", "Emerging issues",
                               "A row an issue: a short title and what it is.");
    headings(s, 3, issue_cols, 2);
    size_t n = t->prev ? t->prev->nissues : 0;
    int last = last_row(4, n, ISSUE_ROWS);
    for (size_t i = 0; i < n; i++) {
        const char *v[2] = {t->prev->issues[i].title, t->prev->issues[i].text};
        data_row(s, 4 + (int)i, issue_cols, 2, v);
    }
    empty_rows(s, 4 + (int)n, last, issue_cols, 2);
}

/* Lists (hidden): the register's priority labels in A, theme titles in B, the kinds in C,
 * each under a heading and named for the validations. */
static void lists(struct tpl *t)
{
    struct tx_sheet *s = tx_sheet_add(&t->book, "Lists");
    s->hidden = 1;
    s->protect = 1;
    s->widths[0] = 40, s->widths[1] = 50, s->widths[2] = 12;
    size_t np = t->r->npriorities, nt = t->r->nthemes, rows = np > nt ? np : nt;
    tx_row(s, 1);
    tx_text(s, 0, TX_HEADING, "Priority labels");
    tx_text(s, 1, TX_HEADING, "Theme titles");
    tx_text(s, 2, TX_HEADING, "Kinds");
    static const char *const kinds[] = {"core", "subsidiary"};
    for (size_t i = 0; i < rows || i < 2; i++) {
        tx_row(s, (int)i + 2);
        if (i < np)
            tx_text(s, 0, TX_PLAIN, t->r->priorities[i].label);
        if (i < nt)
            tx_text(s, 1, TX_PLAIN, t->r->themes[i].title);
        if (i < 2)
            tx_text(s, 2, TX_PLAIN, kinds[i]);
    }
    char ref[64];
    snprintf(ref, sizeof ref, "Lists!$A$2:$A$%zu", np ? np + 1 : 2);
    tx_define(&t->book, LIST_KINDS, "Lists!$C$2:$C$3");
    tx_define(&t->book, LIST_PRIORITIES, ref);
    snprintf(ref, sizeof ref, "Lists!$B$2:$B$%zu", nt ? nt + 1 : 2);
    tx_define(&t->book, LIST_THEMES, ref);
}

/* ===== The workbook ===== */

enum csa_rc template_check(const struct csa_register *r, const char *code, int year,
                           const struct reg_partnership **out, struct csa_error *err)
{
    char py[PLANYEAR_LABEL_MAX];
    *out = register_partnership(r, code);
    if (*out == NULL)
        return csa_fail(err, CSA_EUSAGE, NULL, 0,
                        "unknown partnership \"%s\": the register in %s has no such code",
                        code, r->path ? r->path : "use");
    if (!register_in_force(*out, year))
        return csa_fail(err, CSA_EUSAGE, NULL, 0,
                        "partnership %s is not in force in plan year %s: the register has it "
                        "from %s until %s",
                        code, planyear_label(year, '/', py, sizeof py),
                        (*out)->from ? (*out)->from : "the start",
                        (*out)->until ? (*out)->until : "now");
    return CSA_OK;
}

enum csa_rc template_build(const struct csa_register *r, const char *code, int year,
                           const struct template_prefill *prefill, struct buf *out,
                           struct csa_error *err)
{
    struct tpl t = {.r = r, .year = year, .pf = prefill, .prev = prefill ? prefill->sub : NULL};
    enum csa_rc rc = template_check(r, code, year, &t.p, err);
    if (rc != CSA_OK)
        return rc;
    char py[PLANYEAR_LABEL_MAX], title[512];
    snprintf(title, sizeof title, "Strategic assessment %s: %s",
             planyear_label(year, '/', py, sizeof py), register_partnership_name(t.p, year));
    t.book.title = xstrdup(title);
    instructions(&t);
    submission(&t);
    priorities(&t);
    themes(&t);
    crime(&t);
    indicators(&t);
    issues(&t);
    lists(&t);
    rc = tx_pack(&t.book, out, err);
    tx_book_free(&t.book);
    return rc;
}
