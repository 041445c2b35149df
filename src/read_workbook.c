/* read_workbook.c: a submission workbook's sheets into struct csa_submission (see
 * read_workbook.h and doc/workbook.md).
 *
 * Sheets are matched by name and tables by the text of their headings, never by position.
 * What the XML schema checks of a file (required fields, whole numbers, dates, kinds, codes)
 * is checked here, cell by cell, in the analyst's words; the register's rules stay
 * validate.c's. A value that does not read is left out of the submission (its error is in
 * the diags), so the caller runs the rules only on a workbook that read cleanly. */
#include "csa/read_workbook.h"
#include "csa/cell.h"
#include "csa/normalize.h"
#include "csa/validate.h"
#include "csa/xlsx.h"
#include "workbook_value.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The row of the heading is looked for within the first this many rows. */
#define HEADING_ROWS 20

struct wb {
    struct xlsx_book book;
    struct xlsx_sheet *sheet[CELL_NSHEETS]; /* the contract's sheets found, by cell_sheet */
    struct csa_submission *s;
    struct diags *d;
};

enum { MAX_HEADINGS = 6 };

struct table {
    enum cell_sheet id;
    const struct xlsx_sheet *sh;
    long head_row;          /* 0: no heading row */
    int col[MAX_HEADINGS];  /* each heading's column, 0 when absent */
};

int workbook_magic(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\3\4", 4) == 0;
}

/* ---- cells and labels ----------------------------------------------------------------- */

/* True when text is label, ignoring case, surrounding spaces and a trailing colon. */
static int same_label(const char *text, const char *label)
{
    while (isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text), l = strlen(label);
    while (n > 0 && isspace((unsigned char)text[n - 1]))
        n--;
    if (n > 0 && text[n - 1] == ':')
        n--;
    while (n > 0 && isspace((unsigned char)text[n - 1]))
        n--;
    return n == l && strncasecmp(text, label, l) == 0;
}

/* The cell at row, col of sh, or NULL (cells are sorted: a binary search). */
static const struct xlsx_cell *cell_at(const struct xlsx_sheet *sh, long row, int col)
{
    size_t lo = 0, hi = sh ? sh->ncells : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct xlsx_cell *c = &sh->cells[mid];
        if (c->row == row && c->col == col)
            return c;
        if (c->row < row || (c->row == row && c->col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static struct wb_field field(struct wb *w, enum cell_sheet id, long row, int col,
                             const char *what)
{
    return (struct wb_field){.a = &w->s->arena, .d = w->d, .place = cell_place(id, row, col),
                             .what = what, .date1904 = w->book.date1904};
}

/* Finds the row of each label in column A of id's sheet (rows before stop; 0: all).
 * rows[i] is 0 for a label not there. A label given twice is an error at the second. */
static void find_labels(struct wb *w, enum cell_sheet id, const char *const *labels, size_t n,
                        long stop, long *rows)
{
    const struct xlsx_sheet *sh = w->sheet[id];
    memset(rows, 0, n * sizeof *rows);
    for (size_t i = 0; sh && i < sh->ncells; i++) {
        const struct xlsx_cell *c = &sh->cells[i];
        if (c->col != 1 || c->type != XLSX_TEXT || (stop && c->row >= stop))
            continue;
        for (size_t k = 0; k < n; k++) {
            if (!same_label(c->text, labels[k]))
                continue;
            if (rows[k])
                diags_add(w->d, DIAG_ERROR, cell_place(id, c->row, 1),
                          "\"%s\" is given twice (also on row %ld); give it once", labels[k],
                          rows[k]);
            else
                rows[k] = c->row;
        }
    }
}

/* ---- the Submission sheet ------------------------------------------------------------- */

static const char *const header_labels[] = {
    "Format version", "County", "Partnership code", "Partnership name", "Plan year",
    "Submitted", "Contact name", "Contact role", "Contact email", "Scoring method",
};
enum { H_VERSION, H_COUNTY, H_CODE, H_NAME, H_YEAR, H_SUBMITTED, H_CONTACT_NAME, H_CONTACT_ROLE,
       H_CONTACT_EMAIL, H_SCORING, H_COUNT };

/* A required text of the Submission sheet, trimmed and checked against a shape. */
static const char *shaped_text(struct wb *w, const long *rows, int h, int (*ok)(const char *),
                               const char *expect)
{
    if (rows[h] == 0) {
        diags_add(w->d, DIAG_ERROR, 0,
                  "the Submission sheet has no \"%s\" row (the label in column A, the value in "
                  "column B)",
                  header_labels[h]);
        return NULL;
    }
    struct wb_field f = field(w, CELL_SUBMISSION, rows[h], 2, header_labels[h]);
    const char *v = wb_text(&f, cell_at(w->sheet[CELL_SUBMISSION], rows[h], 2));
    while (v && isspace((unsigned char)*v))
        v++;
    char *t = v ? arena_strdup(&w->s->arena, v) : NULL;
    for (size_t n = t ? strlen(t) : 0; n > 0 && isspace((unsigned char)t[n - 1]); n--)
        t[n - 1] = '\0';
    if (t == NULL || *t == '\0') {
        if (!diags_at(f.d, f.place))
            diags_add(w->d, DIAG_ERROR, f.place, "%s is empty; write %s", header_labels[h],
                      expect);
        return NULL;
    }
    if (!ok(t)) {
        diags_add(w->d, DIAG_ERROR, f.place, "%s \"%s\" is not %s", header_labels[h], t, expect);
        return NULL;
    }
    return t;
}

static int is_gss(const char *s)
{
    return strlen(s) == 9 && s[0] == 'E' && strspn(s + 1, "0123456789") == 8;
}

static int is_code(const char *s)
{
    if (strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(s) || s[0] == '-')
        return 0;
    size_t n = strlen(s);
    return s[n - 1] != '-' && strstr(s, "--") == NULL;
}

static int is_plan_year(const char *s)
{
    return strlen(s) == 7 && strspn(s, "0123456789") == 4 && (s[4] == '/' || s[4] == '-') &&
           strspn(s + 5, "0123456789") == 2;
}

static int any_text(const char *s)
{
    (void)s;
    return 1;
}

static const char *optional_text(struct wb *w, const long *rows, int h)
{
    if (rows[h] == 0)
        return NULL;
    struct wb_field f = field(w, CELL_SUBMISSION, rows[h], 2, header_labels[h]);
    return wb_text(&f, cell_at(w->sheet[CELL_SUBMISSION], rows[h], 2));
}

static void read_header(struct wb *w)
{
    struct csa_submission *s = w->s;
    long rows[H_COUNT];
    find_labels(w, CELL_SUBMISSION, header_labels, H_COUNT, 0, rows);
    if (rows[H_VERSION]) {
        struct wb_field f = field(w, CELL_SUBMISSION, rows[H_VERSION], 2, "Format version");
        s->version = wb_whole(&f, cell_at(w->sheet[CELL_SUBMISSION], rows[H_VERSION], 2), 1,
                              "a format version number (this build reads version 1)");
        s->root_line = f.place;
    } else {
        shaped_text(w, rows, H_VERSION, any_text, "");
    }
    s->county = shaped_text(w, rows, H_COUNTY, is_gss, "an ONS county code such as E10000016");
    s->code = shaped_text(w, rows, H_CODE, is_code,
                          "a partnership code of lower-case letters, digits and hyphens, such "
                          "as \"maidstone\"");
    s->partnership_line = cell_place(CELL_SUBMISSION, rows[H_CODE], 2);
    s->partnership_name = optional_text(w, rows, H_NAME);
    if (s->partnership_name == NULL)
        s->partnership_name = "";
    s->plan_year_text = shaped_text(w, rows, H_YEAR, is_plan_year,
                                    "a plan year written like 2016/17 or 2016-17");
    s->plan_year_line = cell_place(CELL_SUBMISSION, rows[H_YEAR], 2);
    if (rows[H_SUBMITTED]) {
        struct wb_field f = field(w, CELL_SUBMISSION, rows[H_SUBMITTED], 2, "Submitted");
        s->submitted = wb_date(&f, cell_at(w->sheet[CELL_SUBMISSION], rows[H_SUBMITTED], 2));
        s->submitted_line = f.place;
    }
    s->contact_name = optional_text(w, rows, H_CONTACT_NAME);
    s->contact_role = optional_text(w, rows, H_CONTACT_ROLE);
    s->contact_email = optional_text(w, rows, H_CONTACT_EMAIL);
    s->scoring = optional_text(w, rows, H_SCORING);
}

/* ---- tables --------------------------------------------------------------------------- */

/* Finds the heading row of id's sheet: the first of its first HEADING_ROWS rows with a cell
 * reading headings[0]; then each heading's column in that row. A missing sheet or heading
 * row leaves t->head_row 0. A required heading (marked by a leading '*') that is missing is
 * an error at the heading row. */
static void find_table(struct wb *w, enum cell_sheet id, const char *const *headings, size_t n,
                       struct table *t)
{
    memset(t, 0, sizeof *t);
    t->id = id;
    t->sh = w->sheet[id];
    for (size_t i = 0; t->sh && i < t->sh->ncells && !t->head_row; i++) {
        const struct xlsx_cell *c = &t->sh->cells[i];
        if (c->row > HEADING_ROWS)
            break;
        if (c->type == XLSX_TEXT && same_label(c->text, headings[0] + (headings[0][0] == '*')))
            t->head_row = c->row;
    }
    if (t->sh && !t->head_row) {
        diags_add(w->d, DIAG_ERROR, 0,
                  "the %s sheet has no heading row (a row, within its first %d, with a cell "
                  "\"%s\")",
                  cell_sheet_name(id), HEADING_ROWS, headings[0] + (headings[0][0] == '*'));
        return;
    }
    for (size_t k = 0; t->head_row && k < n; k++) {
        const char *h = headings[k] + (headings[k][0] == '*');
        for (size_t i = 0; i < t->sh->ncells && !t->col[k]; i++) {
            const struct xlsx_cell *c = &t->sh->cells[i];
            if (c->row == t->head_row && c->type == XLSX_TEXT && same_label(c->text, h))
                t->col[k] = c->col;
        }
        if (!t->col[k] && headings[k][0] == '*')
            diags_add(w->d, DIAG_ERROR, cell_place(id, t->head_row, 0),
                      "the %s sheet's heading row has no \"%s\" column", cell_sheet_name(id), h);
    }
}

/* The data rows of t: each row below the heading row with a cell in one of its columns, in
 * order, into rows (the caller's, xmalloc'd); returns how many. Past VALIDATE_MAX_ITEMS it
 * adds the error and stops. */
static size_t data_rows(struct wb *w, const struct table *t, const char *items, long **rows)
{
    size_t n = 0;
    *rows = xmalloc((t->sh ? t->sh->ncells : 0) * sizeof **rows + sizeof **rows);
    for (size_t i = 0; t->head_row && i < t->sh->ncells; i++) {
        const struct xlsx_cell *c = &t->sh->cells[i];
        if (c->row <= t->head_row || (n > 0 && (*rows)[n - 1] == c->row))
            continue;
        int mine = 0;
        for (int k = 0; k < MAX_HEADINGS && !mine; k++)
            mine = t->col[k] == c->col;
        if (!mine)
            continue;
        if (n == VALIDATE_MAX_ITEMS) {
            diags_add(w->d, DIAG_ERROR, cell_place(t->id, c->row, 0),
                      "more than %d %s in one submission; a partnership never has this many",
                      VALIDATE_MAX_ITEMS, items);
            break;
        }
        (*rows)[n++] = c->row;
    }
    return n;
}

static const struct xlsx_cell *col_cell(const struct table *t, long row, int k)
{
    return t->col[k] ? cell_at(t->sh, row, t->col[k]) : NULL;
}

static struct wb_field col_field(struct wb *w, const struct table *t, long row, int k,
                                 const char *what)
{
    return field(w, t->id, row, t->col[k], what);
}

static const char *text_of(struct wb *w, const struct table *t, long row, int k,
                           const char *what)
{
    struct wb_field f = col_field(w, t, row, k, what);
    return wb_text(&f, col_cell(t, row, k));
}

/* A required field's absence, at its cell. */
static void require(struct wb *w, const struct table *t, long row, int k, const char *v,
                    const char *what, const char *expect)
{
    long place = cell_place(t->id, row, t->col[k]);
    if (v == NULL && t->col[k] && !diags_at(w->d, place))
        diags_add(w->d, DIAG_ERROR, place, "%s is empty; write %s", what, expect);
}

static char *norm_in(struct arena *a, const char *s)
{
    char *n = normalize_wording(s);
    char *r = arena_strdup(a, n);
    free(n);
    return r;
}

static void read_priorities(struct wb *w)
{
    static const char *const h[] = {"*Priority", "*Kind", "Rank", "Score"};
    struct table t;
    find_table(w, CELL_PRIORITIES, h, 4, &t);
    long *rows;
    size_t n = data_rows(w, &t, "priorities", &rows);
    struct csa_submission *s = w->s;
    s->priorities_line = cell_place(CELL_PRIORITIES, t.head_row, 0);
    s->priorities = arena_alloc(&s->arena, (n + 1) * sizeof *s->priorities);
    for (size_t i = 0; i < n; i++) {
        struct sub_priority *p = &s->priorities[s->npriorities++];
        const char *wording = text_of(w, &t, rows[i], 0, "priority");
        p->wording = wording ? wording : "";
        p->norm = norm_in(&s->arena, p->wording);
        p->line = cell_place(CELL_PRIORITIES, rows[i], t.col[0]);
        const char *kind = text_of(w, &t, rows[i], 1, "kind");
        while (kind && isspace((unsigned char)*kind))
            kind++;
        if (kind && *kind && !same_label(kind, "core") && !same_label(kind, "subsidiary"))
            diags_add(w->d, DIAG_ERROR, cell_place(CELL_PRIORITIES, rows[i], t.col[1]),
                      "kind \"%s\" is not \"core\" or \"subsidiary\"", kind);
        else if (kind == NULL || *kind == '\0')
            require(w, &t, rows[i], 1, NULL, "kind", "\"core\" or \"subsidiary\"");
        p->core = kind && same_label(kind, "core");
        struct wb_field rank = col_field(w, &t, rows[i], 2, "rank");
        p->rank = wb_whole(&rank, col_cell(&t, rows[i], 2), 1, "a whole number (1, 2, 3, ...)");
        struct wb_field score = col_field(w, &t, rows[i], 3, "score");
        p->score = wb_decimal(&score, col_cell(&t, rows[i], 3), 1,
                              "a number of 0 or more, such as 81.5");
    }
    free(rows);
}

static void read_themes(struct wb *w)
{
    static const char *const h[] = {"*Theme"};
    struct table t;
    find_table(w, CELL_THEMES, h, 1, &t);
    long *rows;
    size_t n = data_rows(w, &t, "themes", &rows);
    struct csa_submission *s = w->s;
    s->themes = arena_alloc(&s->arena, (n + 1) * sizeof *s->themes);
    for (size_t i = 0; i < n; i++) {
        struct sub_theme *th = &s->themes[s->nthemes++];
        const char *wording = text_of(w, &t, rows[i], 0, "theme");
        th->wording = wording ? wording : "";
        th->norm = norm_in(&s->arena, th->wording);
        th->line = cell_place(CELL_THEMES, rows[i], t.col[0]);
    }
    free(rows);
}

/* The four dates above the heading row; the table is there (has_crime) when one of them or
 * a category row (rows) is, and then all four are required. */
static void read_period(struct wb *w, long head_row, size_t rows_below)
{
    static const char *const labels[] = {"Current period start", "Current period end",
                                         "Previous period start", "Previous period end"};
    struct csa_submission *s = w->s;
    const char **dates[] = {&s->cur_start, &s->cur_end, &s->prev_start, &s->prev_end};
    long rows[4];
    find_labels(w, CELL_CRIME, labels, 4, head_row, rows);
    for (int k = 0; k < 4; k++) {
        if (rows[k] == 0)
            continue;
        struct wb_field f = field(w, CELL_CRIME, rows[k], 2, labels[k]);
        *dates[k] = wb_date(&f, cell_at(w->sheet[CELL_CRIME], rows[k], 2));
        s->has_crime |= *dates[k] != NULL;
    }
    s->has_crime |= rows_below > 0;
    for (int k = 0; k < 4 && s->has_crime; k++)
        if (*dates[k] == NULL && !(rows[k] && diags_at(w->d, cell_place(CELL_CRIME, rows[k], 2))))
            diags_add(w->d, DIAG_ERROR, rows[k] ? cell_place(CELL_CRIME, rows[k], 2) : 0,
                      "the Crime sheet has no \"%s\" date; the four period dates go together",
                      labels[k]);
}

static void read_crime(struct wb *w)
{
    static const char *const h[] = {"*Category", "Parent", "*Current", "*Previous", "Difference",
                                    "Percent change"};
    struct table t;
    if (w->sheet[CELL_CRIME] == NULL)
        return;
    find_table(w, CELL_CRIME, h, 6, &t);
    long *rows;
    size_t n = data_rows(w, &t, "crime categories", &rows);
    read_period(w, t.head_row, n);
    struct csa_submission *s = w->s;
    s->crime_line = cell_place(CELL_CRIME, t.head_row ? t.head_row : 1, 0);
    s->categories = arena_alloc(&s->arena, (n + 1) * sizeof *s->categories);
    for (size_t i = 0; i < n; i++) {
        struct sub_category *k = &s->categories[s->ncategories++];
        long r = rows[i];
        k->line = cell_place(CELL_CRIME, r, t.col[0]);
        k->name = text_of(w, &t, r, 0, "category");
        require(w, &t, r, 0, k->name, "category", "the category's name");
        k->parent = text_of(w, &t, r, 1, "parent");
        struct wb_field f = col_field(w, &t, r, 2, "current");
        k->current = wb_whole(&f, col_cell(&t, r, 2), 0, "a whole number of 0 or more");
        require(w, &t, r, 2, k->current, "current", "a whole number of 0 or more");
        f = col_field(w, &t, r, 3, "previous");
        k->previous = wb_whole(&f, col_cell(&t, r, 3), 0, "a whole number of 0 or more");
        require(w, &t, r, 3, k->previous, "previous", "a whole number of 0 or more");
        f = col_field(w, &t, r, 4, "difference");
        k->difference = wb_whole(&f, col_cell(&t, r, 4), -1, "a whole number, such as -232 or 26");
        f = col_field(w, &t, r, 5, "percent change");
        k->percent = wb_decimal(&f, col_cell(&t, r, 5), 0, "a number, such as -2.5 or 12.7");
    }
    free(rows);
}

static void read_indicators(struct wb *w)
{
    static const char *const h[] = {"*Indicator", "Unit", "*Start", "*End", "*Value"};
    struct table t;
    find_table(w, CELL_INDICATORS, h, 5, &t);
    long *rows;
    size_t n = data_rows(w, &t, "indicator rows", &rows);
    struct csa_submission *s = w->s;
    s->indicators = arena_alloc(&s->arena, (n + 1) * sizeof *s->indicators);
    struct sub_indicator *ind = NULL;
    for (size_t i = 0; i < n; i++) {
        long r = rows[i];
        const char *name = text_of(w, &t, r, 0, "indicator");
        if (name && *name) {
            ind = &s->indicators[s->nindicators++];
            ind->name = name;
            ind->unit = text_of(w, &t, r, 1, "unit");
            ind->line = cell_place(CELL_INDICATORS, r, t.col[0]);
            ind->values = arena_alloc(&s->arena, (n - i + 1) * sizeof *ind->values);
        } else if (ind == NULL) {
            diags_add(w->d, DIAG_ERROR, cell_place(CELL_INDICATORS, r, t.col[0]),
                      "indicator is empty on the table's first row; write the indicator's name");
            continue;
        }
        struct wb_field f[3] = {col_field(w, &t, r, 2, "start"), col_field(w, &t, r, 3, "end"),
                                col_field(w, &t, r, 4, "value")};
        const char *start = wb_date(&f[0], col_cell(&t, r, 2));
        const char *end = wb_date(&f[1], col_cell(&t, r, 3));
        const char *value = wb_decimal(&f[2], col_cell(&t, r, 4), 0,
                                       "a number, such as 1925 or 28.6");
        if (!start && !end && !value && name && *name)
            continue; /* an indicator with no values yet */
        require(w, &t, r, 2, start, "start", "a date");
        require(w, &t, r, 3, end, "end", "a date");
        require(w, &t, r, 4, value, "value", "a number, such as 1925 or 28.6");
        ind->values[ind->nvalues++] = (struct sub_value){
            .start = start, .end = end, .value = value,
            .line = cell_place(CELL_INDICATORS, r, t.col[4])};
    }
    free(rows);
}

static void read_issues(struct wb *w)
{
    static const char *const h[] = {"Title", "*Description"};
    struct table t;
    find_table(w, CELL_ISSUES, h, 2, &t);
    long *rows;
    size_t n = data_rows(w, &t, "emerging issues", &rows);
    struct csa_submission *s = w->s;
    s->issues = arena_alloc(&s->arena, (n + 1) * sizeof *s->issues);
    for (size_t i = 0; i < n; i++) {
        struct sub_issue *is = &s->issues[s->nissues++];
        is->title = text_of(w, &t, rows[i], 0, "title");
        is->text = text_of(w, &t, rows[i], 1, "description");
        if (is->text == NULL)
            is->text = "";
        is->line = cell_place(CELL_ISSUES, rows[i], t.col[1] ? t.col[1] : t.col[0]);
    }
    free(rows);
}

/* ---- sheets --------------------------------------------------------------------------- */

/* Matches the workbook's sheets to the contract's; others are ignored with a warning, but
 * for Instructions and Lists, which are the template's own. */
static enum csa_rc find_sheets(struct wb *w)
{
    enum csa_rc rc = CSA_OK;
    for (size_t i = 0; i < w->book.nsheets; i++) {
        struct xlsx_sheet *sh = &w->book.sheets[i];
        int id = 0;
        for (int k = 1; k < CELL_NSHEETS && !id; k++)
            if (same_label(sh->name, cell_sheet_name(k)))
                id = k;
        if (id == 0) {
            if (!same_label(sh->name, "Instructions") && !same_label(sh->name, "Lists"))
                diags_add(w->d, DIAG_WARNING, 0,
                          "sheet \"%s\" is not one of the submission's sheets (doc/workbook.md); "
                          "it is ignored",
                          sh->name);
            continue;
        }
        if (w->sheet[id]) {
            diags_add(w->d, DIAG_ERROR, 0,
                      "the workbook has two sheets named %s (\"%s\" and \"%s\"); keep one",
                      cell_sheet_name(id), w->sheet[id]->name, sh->name);
            rc = CSA_EINVALID;
            continue;
        }
        struct csa_error err = {0};
        if (xlsx_load_sheet(&w->book, sh, &err) != CSA_OK) {
            diags_add(w->d, DIAG_ERROR, 0, "%s", err.msg);
            return CSA_EINVALID;
        }
        w->sheet[id] = sh;
    }
    static const enum cell_sheet required[] = {CELL_SUBMISSION, CELL_PRIORITIES};
    for (size_t k = 0; k < 2; k++)
        if (w->sheet[required[k]] == NULL) {
            diags_add(w->d, DIAG_ERROR, 0,
                      "the workbook has no %s sheet; a submission workbook needs one "
                      "(doc/workbook.md)",
                      cell_sheet_name(required[k]));
            rc = CSA_EINVALID;
        }
    return rc;
}

struct csa_submission *workbook_read(struct buf *data, const char *file, size_t max_bytes,
                                     struct diags *d)
{
    struct wb w = {.d = d};
    struct csa_error err = {0};
    if (xlsx_read(data->data, data->len, file, max_bytes, &w.book, &err) != CSA_OK) {
        diags_add(d, DIAG_ERROR, 0, "%s", err.msg);
        return NULL;
    }
    if (find_sheets(&w) != CSA_OK) {
        xlsx_free(&w.book);
        return NULL;
    }
    w.s = xcalloc(1, sizeof *w.s);
    w.s->xml = *data; /* the workbook's own bytes are what is kept with the version */
    memset(data, 0, sizeof *data);
    w.s->was_workbook = 1;
    read_header(&w);
    read_priorities(&w);
    if (w.sheet[CELL_THEMES])
        read_themes(&w);
    read_crime(&w);
    if (w.sheet[CELL_INDICATORS])
        read_indicators(&w);
    if (w.sheet[CELL_ISSUES])
        read_issues(&w);
    xlsx_free(&w.book);
    return w.s;
}
