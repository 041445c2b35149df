/* submission.c: a schema-valid submission document into struct csa_submission (see
 * submission.h), the check that every string of it is UTF-8, and that struct into the JSON
 * the loading function in sql/ takes. */
#include "csa/submission.h"
#include "csa/cell.h"
#include "csa/json.h"
#include "csa/normalize.h"
#include "csa/utf8.h"
#include "csa/xml.h"

#include <stdlib.h>
#include <string.h>

/* Copies s into the arena after normalising it. */
static const char *norm_in(struct arena *a, const char *s)
{
    char *n = normalize_wording(s);
    const char *r = arena_strdup(a, n);
    free(n);
    return r;
}

static void read_priority(struct arena *a, const xmlNode *c, struct sub_priority *p)
{
    p->wording = xml_text(a, c);
    p->norm = norm_in(a, p->wording);
    const char *kind = xml_prop(a, c, "kind");
    p->core = kind && strcmp(kind, "core") == 0;
    p->rank = xml_prop(a, c, "rank");
    p->score = xml_prop(a, c, "score");
    p->line = xml_line(c);
}

static void read_priorities(struct csa_submission *s, const xmlNode *list)
{
    struct arena *a = &s->arena;
    s->priorities_line = xml_line(list);
    s->scoring = xml_prop(a, list, "scoring");
    XML_READ_CHILDREN(a, list, "priority", s->priorities, s->npriorities, read_priority);
}

static void read_theme(struct arena *a, const xmlNode *c, struct sub_theme *t)
{
    t->wording = xml_text(a, c);
    t->norm = norm_in(a, t->wording);
    t->line = xml_line(c);
}

static void read_category(struct arena *a, const xmlNode *c, struct sub_category *k)
{
    k->name = xml_prop(a, c, "name");
    k->parent = xml_prop(a, c, "parent");
    k->current = xml_prop(a, c, "current");
    k->previous = xml_prop(a, c, "previous");
    k->difference = xml_prop(a, c, "difference");
    k->percent = xml_prop(a, c, "percent-change");
    k->line = xml_line(c);
}

static void read_crime(struct csa_submission *s, const xmlNode *t)
{
    struct arena *a = &s->arena;
    XML_READ_CHILDREN(a, t, "category", s->categories, s->ncategories, read_category);
    if (t == NULL)
        return;
    s->has_crime = 1;
    s->crime_line = xml_line(t);
    s->cur_start = xml_prop(a, t, "current-start");
    s->cur_end = xml_prop(a, t, "current-end");
    s->prev_start = xml_prop(a, t, "previous-start");
    s->prev_end = xml_prop(a, t, "previous-end");
}

static void read_value(struct arena *a, const xmlNode *c, struct sub_value *v)
{
    v->start = xml_prop(a, c, "start");
    v->end = xml_prop(a, c, "end");
    v->value = xml_text(a, c);
    v->line = xml_line(c);
}

static void read_indicator(struct arena *a, const xmlNode *n, struct sub_indicator *ind)
{
    ind->name = xml_prop(a, n, "name");
    ind->unit = xml_prop(a, n, "unit");
    ind->line = xml_line(n);
    XML_READ_CHILDREN(a, n, "value", ind->values, ind->nvalues, read_value);
}

static void read_issue(struct arena *a, const xmlNode *c, struct sub_issue *i)
{
    i->title = xml_prop(a, c, "title");
    i->text = xml_text(a, c);
    i->line = xml_line(c);
}

/* The header: who, for which year, in which format version. Tolerates missing elements
 * (their fields stay NULL), so that it also serves a document that failed the XSD. */
static void read_header(struct csa_submission *s, const xmlNode *root)
{
    struct arena *a = &s->arena;
    s->root_line = xml_line(root);
    s->version = xml_prop(a, root, "version");
    const xmlNode *p = xml_child(root, "partnership");
    if (p) {
        s->code = xml_prop(a, p, "code");
        s->county = xml_prop(a, p, "county");
        s->partnership_name = xml_text(a, p);
        s->partnership_line = xml_line(p);
    }
    const xmlNode *y = xml_child(root, "plan-year");
    if (y) {
        s->plan_year_text = xml_text(a, y);
        s->plan_year_line = xml_line(y);
    }
    const xmlNode *sub = xml_child(root, "submitted");
    if (sub) {
        s->submitted = xml_text(a, sub);
        s->submitted_line = xml_line(sub);
    }
}

struct csa_submission *submission_parse_header(xmlDocPtr doc)
{
    struct csa_submission *s = xcalloc(1, sizeof *s);
    read_header(s, xmlDocGetRootElement(doc));
    return s;
}

struct csa_submission *submission_parse(xmlDocPtr doc, struct buf *xml)
{
    struct csa_submission *s = xcalloc(1, sizeof *s);
    struct arena *a = &s->arena;
    s->xml = *xml;
    memset(xml, 0, sizeof *xml);
    const xmlNode *root = xmlDocGetRootElement(doc);
    read_header(s, root);
    const xmlNode *c = xml_child(root, "contact");
    if (c) {
        s->contact_name = xml_prop(a, c, "name");
        s->contact_role = xml_prop(a, c, "role");
        s->contact_email = xml_prop(a, c, "email");
    }
    read_priorities(s, xml_child(root, "priorities"));
    XML_READ_CHILDREN(&s->arena, xml_child(root, "cross-cutting-themes"), "theme", s->themes,
                      s->nthemes, read_theme);
    read_crime(s, xml_child(root, "crime-statistics"));
    XML_READ_CHILDREN(&s->arena, xml_child(root, "indicators"), "indicator", s->indicators,
                      s->nindicators, read_indicator);
    XML_READ_CHILDREN(&s->arena, xml_child(root, "emerging-issues"), "issue", s->issues,
                      s->nissues, read_issue);
    return s;
}

void submission_free(struct csa_submission *s)
{
    if (s == NULL)
        return;
    buf_free(&s->xml);
    arena_free(&s->arena);
    free(s);
}

/* ---- every string valid UTF-8 -------------------------------------------------------- */

/* Fails with what, its line and the text shown escaped when s (may be NULL) is not UTF-8. */
static int bad_text(const char *s, const char *what, long line, struct csa_error *err)
{
    if (s == NULL || utf8_valid(s, strlen(s)))
        return 0;
    struct buf shown = {0};
    size_t n = strlen(s), keep = utf8_cut(s, n, 200);
    utf8_escape(&shown, s, keep);
    csa_fail(err, CSA_EINVALID, NULL, line,
             "%s \"%s%s\" is not valid UTF-8 text; save the file as UTF-8", what,
             buf_str(&shown), keep < n ? "..." : "");
    buf_free(&shown);
    return 1;
}

/* Checks the strings of one array element: what names them, line is the element's. */
#define BAD(s, what, line) bad_text((s), (what), (line), err)

enum csa_rc submission_check_text(const struct csa_submission *s, const struct diags *warnings,
                                  struct csa_error *err)
{
    long pl = s->partnership_line;
    if (BAD(s->county, "<partnership> county", pl) || BAD(s->code, "<partnership> code", pl) ||
        BAD(s->partnership_name, "<partnership>", pl) ||
        BAD(s->submitted, "<submitted>", s->submitted_line) ||
        BAD(s->contact_name, "<contact> name", 0) || BAD(s->contact_role, "<contact> role", 0) ||
        BAD(s->contact_email, "<contact> email", 0) ||
        BAD(s->scoring, "<priorities> scoring", s->priorities_line))
        return CSA_EINVALID;
    for (size_t i = 0; i < s->npriorities; i++) {
        const struct sub_priority *p = &s->priorities[i];
        if (BAD(p->wording, "<priority>", p->line) || BAD(p->norm, "<priority>", p->line) ||
            BAD(p->rank, "<priority> rank", p->line) || BAD(p->score, "<priority> score", p->line))
            return CSA_EINVALID;
    }
    for (size_t i = 0; i < s->nthemes; i++)
        if (BAD(s->themes[i].wording, "<theme>", s->themes[i].line) ||
            BAD(s->themes[i].norm, "<theme>", s->themes[i].line))
            return CSA_EINVALID;
    for (size_t i = 0; i < s->ncategories; i++) {
        const struct sub_category *k = &s->categories[i];
        if (BAD(k->name, "<category> name", k->line) ||
            BAD(k->parent, "<category> parent", k->line) ||
            BAD(k->current, "<category> current", k->line) ||
            BAD(k->previous, "<category> previous", k->line) ||
            BAD(k->difference, "<category> difference", k->line) ||
            BAD(k->percent, "<category> percent-change", k->line))
            return CSA_EINVALID;
    }
    for (size_t i = 0; i < s->nindicators; i++) {
        const struct sub_indicator *ind = &s->indicators[i];
        if (BAD(ind->name, "<indicator> name", ind->line) ||
            BAD(ind->unit, "<indicator> unit", ind->line))
            return CSA_EINVALID;
        for (size_t j = 0; j < ind->nvalues; j++) {
            const struct sub_value *v = &ind->values[j];
            if (BAD(v->start, "<value> start", v->line) || BAD(v->end, "<value> end", v->line) ||
                BAD(v->value, "<value>", v->line))
                return CSA_EINVALID;
        }
    }
    for (size_t i = 0; i < s->nissues; i++)
        if (BAD(s->issues[i].title, "<issue> title", s->issues[i].line) ||
            BAD(s->issues[i].text, "<issue>", s->issues[i].line))
            return CSA_EINVALID;
    for (size_t i = 0; warnings && i < warnings->n; i++)
        if (BAD(warnings->v[i].msg, "the warning", warnings->v[i].line))
            return CSA_EINVALID;
    return CSA_OK;
}

#undef BAD

/* ---- JSON for csa.load_submission ----------------------------------------------------- */

/* An item's place: its line; for a workbook's cell, its row and the cell (Priorities!C7). */
static void json_line(struct buf *b, long line)
{
    buf_printf(b, ",\"line\":%ld", cell_row(line));
    if (cell_is(line)) {
        struct buf cell = {0};
        cell_format(&cell, line);
        json_kv(b, "cell", buf_str(&cell), 0);
        buf_free(&cell);
    }
}

static void json_priority(struct buf *b, const void *item)
{
    const struct sub_priority *p = item;
    json_kv(b, "wording", p->wording, 1);
    json_kv(b, "norm", p->norm, 0);
    json_kv(b, "kind", p->core ? "core" : "subsidiary", 0);
    json_kv(b, "rank", p->rank, 0);
    json_kv(b, "score", p->score, 0);
    json_line(b, p->line);
}

static void json_theme(struct buf *b, const void *item)
{
    const struct sub_theme *t = item;
    json_kv(b, "wording", t->wording, 1);
    json_kv(b, "norm", t->norm, 0);
    json_line(b, t->line);
}

static void json_category(struct buf *b, const void *item)
{
    const struct sub_category *k = item;
    json_kv(b, "name", k->name, 1);
    json_kv(b, "parent", k->parent, 0);
    json_kv(b, "current", k->current, 0);
    json_kv(b, "previous", k->previous, 0);
    json_kv(b, "difference", k->difference, 0);
    json_kv(b, "percent_change", k->percent, 0);
    json_line(b, k->line);
}

static void json_crime(struct buf *b, const struct csa_submission *s)
{
    json_key(b, "crime", 0);
    if (!s->has_crime) {
        buf_puts(b, "null");
        return;
    }
    buf_putc(b, '{');
    json_kv(b, "current_start", s->cur_start, 1);
    json_kv(b, "current_end", s->cur_end, 0);
    json_kv(b, "previous_start", s->prev_start, 0);
    json_kv(b, "previous_end", s->prev_end, 0);
    json_list(b, "categories", s->categories, s->ncategories, sizeof *s->categories,
              json_category);
    buf_putc(b, '}');
}

static void json_value(struct buf *b, const void *item)
{
    const struct sub_value *v = item;
    json_kv(b, "start", v->start, 1);
    json_kv(b, "end", v->end, 0);
    json_kv(b, "value", v->value, 0);
}

static void json_indicator(struct buf *b, const void *item)
{
    const struct sub_indicator *ind = item;
    json_kv(b, "name", ind->name, 1);
    json_kv(b, "unit", ind->unit, 0);
    json_list(b, "values", ind->values, ind->nvalues, sizeof *ind->values, json_value);
}

static void json_issue(struct buf *b, const void *item)
{
    const struct sub_issue *x = item;
    json_kv(b, "title", x->title, 1);
    json_kv(b, "text", x->text, 0);
}

static void json_warnings(struct buf *b, const struct diags *w)
{
    json_key(b, "warnings", 0);
    buf_putc(b, '[');
    int first = 1;
    for (size_t i = 0; w && i < w->n; i++) {
        if (w->v[i].level != DIAG_WARNING)
            continue;
        buf_puts(b, first ? "{" : ",{");
        json_kv(b, "message", w->v[i].msg, 1);
        json_line(b, w->v[i].line);
        buf_putc(b, '}');
        first = 0;
    }
    buf_putc(b, ']');
}

void submission_to_json(const struct csa_submission *s, const struct diags *warnings,
                        struct buf *b)
{
    buf_putc(b, '{');
    json_kv(b, "county", s->county, 1);
    json_kv(b, "partnership", s->code, 0);
    json_kv(b, "partnership_name", s->partnership_name, 0);
    buf_printf(b, ",\"plan_year\":%d", s->plan_year);
    json_kv(b, "submitted", s->submitted, 0);
    json_kv(b, "contact_name", s->contact_name, 0);
    json_kv(b, "contact_role", s->contact_role, 0);
    json_kv(b, "contact_email", s->contact_email, 0);
    json_kv(b, "scoring", s->scoring, 0);
    if (s->was_workbook) /* else csa.load_submission tells xml from gzip by its flag */
        json_kv(b, "source_kind", "xlsx", 0);
    json_list(b, "priorities", s->priorities, s->npriorities, sizeof *s->priorities,
              json_priority);
    json_list(b, "themes", s->themes, s->nthemes, sizeof *s->themes, json_theme);
    json_crime(b, s);
    json_list(b, "indicators", s->indicators, s->nindicators, sizeof *s->indicators,
              json_indicator);
    json_list(b, "issues", s->issues, s->nissues, sizeof *s->issues, json_issue);
    json_warnings(b, warnings);
    buf_putc(b, '}');
}
