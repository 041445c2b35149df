/* register_period.c: the county register's optional elements of issue 11 (see register.h and
 * doc/county.md): agreement periods with their own front matter and priority leads, names in force by date,
 * a priority's draws-on list and its evidence ties (submitted indicators, police.uk crime
 * types); their checks, their JSON for csa.sync_register, and the lookups over them.
 *
 * It guarantees that a register of the first format (one <agreement>, top-level signatories,
 * linked-plans and county-additions) reads as one period meaning what it always meant, and
 * that a register with <agreements> still fills the top-level fields older readers use. It
 * renders nothing. */
#include "csa/json.h"
#include "csa/normalize.h"
#include "csa/policeuk.h"
#include "register_parts.h"
#include "csa/xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading -------------------------------------------------------------------------- */

static void read_former(struct arena *a, const xmlNode *n, struct reg_former_name *f)
{
    f->gss = xml_prop(a, n, "gss");
    f->name = xml_text(a, n);
    f->until = xml_prop(a, n, "until");
    f->line = xml_line(n);
}

void register_read_former(struct arena *a, const xmlNode *n, struct reg_partnership *p)
{
    XML_READ_CHILDREN(a, n, "former-name", p->former, p->nformer, read_former);
    /* a district's dated former names join its undated ones: police data and old papers
     * that use the old name still find the district (place.c reads former_names) */
    for (size_t i = 0; i < p->nformer; i++) {
        const struct reg_former_name *f = &p->former[i];
        for (size_t k = 0; f->gss && k < p->ndistricts; k++) {
            struct reg_district *d = &p->districts[k];
            if (strcmp(d->gss, f->gss) != 0)
                continue;
            if (d->former_names == NULL) {
                d->former_names = f->name;
            } else {
                size_t len = strlen(d->former_names) + strlen(f->name) + 2;
                char *s = arena_alloc(a, len);
                snprintf(s, len, "%s;%s", d->former_names, f->name);
                d->former_names = s;
            }
        }
    }
}

static void read_indicator(struct arena *a, const xmlNode *n, struct reg_indicator *x)
{
    x->name = xml_prop(a, n, "name");
    x->aliases = register_strings_of(a, n, "alias");
    x->line = xml_line(n);
}

void register_read_ties(struct arena *a, const xmlNode *n, struct reg_priority *p)
{
    p->draws_on = register_props_of(a, n, "draws-on", "priority");
    p->crime_types = register_props_of(a, n, "crime-type", "name");
    XML_READ_CHILDREN(a, n, "indicator", p->indicators, p->nindicators, read_indicator);
}

static void read_workshop_item(struct arena *a, const xmlNode *n, struct reg_workshop_item *w)
{
    w->text = xml_text(a, n);
    w->became = xml_prop(a, n, "became");
    w->ref = xml_prop(a, n, "priority");
    if (w->ref == NULL)
        w->ref = xml_prop(a, n, "theme");
    w->line = xml_line(n);
}

/* The plan year whose 1 April is the first on or after date, and the last whose 1 April is
 * on or before it: a period of start..end covers first..last. */
static int year_from(const char *start)
{
    int y = atoi(start);
    return strcmp(start + 4, "-04-01") <= 0 ? y : y + 1;
}

static int year_until(const char *end)
{
    int y = atoi(end);
    return strcmp(end + 4, "-04-01") >= 0 ? y : y - 1;
}

static void read_period_lead(struct arena *a, const xmlNode *n, struct reg_period_lead *l)
{
    l->priority = xml_prop(a, n, "priority");
    l->lead = xml_text(a, n);
    l->line = xml_line(n);
}

static void read_period(struct arena *a, const xmlNode *n, struct reg_period *p)
{
    p->id = xml_prop(a, n, "id");
    p->start = xml_prop(a, n, "start");
    p->end = xml_prop(a, n, "end");
    p->title = xml_prop(a, n, "title");
    p->period_words = xml_prop(a, n, "period");
    p->body = xml_prop(a, n, "body");
    p->committee = xml_prop(a, n, "committee");
    p->version = xml_prop(a, n, "version");
    p->source = xml_prop(a, n, "source");
    p->line = xml_line(n);
    const xmlNode *fw = xml_child(n, "foreword");
    p->foreword = register_strings_of(a, fw, "para");
    const xmlNode *sig = xml_child(fw, "signed");
    p->signed_by = sig ? xml_prop(a, sig, "name") : NULL;
    p->signer_titles = register_strings_of(a, sig, "title");
    p->purpose = register_strings_of(a, xml_child(n, "purpose"), "para");
    const xmlNode *gov = xml_child(n, "governance");
    p->governance = register_strings_of(a, gov, "para");
    p->statutory_partners =
        register_strings_of(a, xml_child(gov, "statutory-partners"), "partner");
    p->plans = register_strings_of(a, xml_child(n, "linked-plans"), "plan");
    p->signatories = register_strings_of(a, xml_child(n, "signatories"), "signatory");
    const xmlNode *ct = xml_child(n, "contact");
    if (ct) {
        p->contact_name = xml_prop(a, ct, "name");
        p->contact_email = xml_prop(a, ct, "email");
        p->contact_phone = xml_prop(a, ct, "phone");
    }
    p->contact_address = register_strings_of(a, ct, "address-line");
    const xmlNode *alt = xml_child(n, "alternative-formats");
    if (alt) {
        p->alt_formats = xml_text(a, alt);
        p->alt_formats_phone = xml_prop(a, alt, "phone");
    }
    XML_READ_CHILDREN(a, xml_child(n, "county-additions"), "add", p->additions, p->nadditions,
                      register_read_addition);
    const xmlNode *ws = xml_child(n, "workshop");
    p->workshop_when = ws ? xml_prop(a, ws, "when") : NULL;
    XML_READ_CHILDREN(a, ws, "item", p->workshop, p->nworkshop, read_workshop_item);
    XML_READ_CHILDREN(a, xml_child(n, "leads"), "lead", p->leads, p->nleads, read_period_lead);
}

void register_read_periods(struct csa_register *r, const xmlNode *root)
{
    struct arena *a = &r->arena;
    const xmlNode *list = xml_child(root, "agreements");
    if (list) {
        XML_READ_CHILDREN(a, list, "period", r->periods, r->nperiods, read_period);
    } else if (r->start && r->end) {
        /* the first format: one agreement, the front matter it always had */
        r->periods = arena_alloc(a, sizeof *r->periods);
        r->nperiods = 1;
        struct reg_period *p = &r->periods[0];
        p->id = "agreement";
        p->start = r->start;
        p->end = r->end;
        p->title = r->title;
        p->body = r->body;
        p->committee = r->committee;
        p->signed_by = r->chair;
        if (r->chair_role) {
            p->signer_titles.v = arena_alloc(a, sizeof *p->signer_titles.v);
            p->signer_titles.v[p->signer_titles.n++] = r->chair_role;
        }
        p->contact_name = r->contact;
        p->plans = r->plans;
        p->signatories = r->signatories;
        p->additions = r->additions;
        p->nadditions = r->nadditions;
        p->from_agreement = 1;
        p->line = xml_line(xml_child(root, "agreement"));
    }
    for (size_t i = 0; i < r->nperiods; i++) {
        struct reg_period *p = &r->periods[i];
        p->first_year = year_from(p->start);
        p->last_year = year_until(p->end);
    }
    if (list && r->nperiods > 0) {
        /* readers of the single agreement see the first period */
        const struct reg_period *p = &r->periods[0];
        r->title = p->title;
        r->body = p->body;
        r->committee = p->committee;
        r->start = p->start;
        r->end = p->end;
        r->contact = p->contact_name;
        r->chair = p->signed_by;
        r->chair_role = p->signer_titles.n ? p->signer_titles.v[0] : NULL;
        r->signatories = p->signatories;
        r->plans = p->plans;
        r->additions = p->additions;
        r->nadditions = p->nadditions;
    }
}

/* ---- checks --------------------------------------------------------------------------- */

static void check_periods(const struct csa_register *r, const xmlNode *root, struct diags *d)
{
    int old = xml_child(root, "agreement") != NULL;
    int new = xml_child(root, "agreements") != NULL;
    if (old == new) {
        diags_add(d, DIAG_ERROR, xml_line(root),
                  old ? "<county> has both <agreement> and <agreements>; keep one"
                      : "<county> has no <agreement> and no <agreements>; add one");
        return;
    }
    static const char *const moved[] = {"signatories", "linked-plans", "county-additions"};
    for (size_t i = 0; new && i < sizeof moved / sizeof *moved; i++) {
        const xmlNode *m = xml_child(root, moved[i]);
        if (m)
            diags_add(d, DIAG_ERROR, xml_line(m),
                      "<%s> belongs inside an <agreements> <period> when <agreements> is used",
                      moved[i]);
    }
    for (size_t i = 0; i < r->nperiods; i++) {
        const struct reg_period *p = &r->periods[i];
        if (strcmp(p->start, p->end) > 0)
            diags_add(d, DIAG_ERROR, p->line,
                      "agreement period \"%s\" ends (end %s) before it starts (start %s)",
                      p->id, p->end, p->start);
        else if (p->first_year > p->last_year)
            diags_add(d, DIAG_ERROR, p->line,
                      "agreement period \"%s\" (%s to %s) covers no 1 April, so no plan year",
                      p->id, p->start, p->end);
        for (size_t j = 0; j < i; j++) {
            const struct reg_period *q = &r->periods[j];
            if (strcmp(p->id, q->id) == 0)
                diags_add(d, DIAG_ERROR, p->line, "agreement period id \"%s\" is used twice",
                          p->id);
            else if (p->first_year <= q->last_year && q->first_year <= p->last_year) {
                int y = p->first_year > q->first_year ? p->first_year : q->first_year;
                diags_add(d, DIAG_ERROR, p->line,
                          "agreement periods \"%s\" and \"%s\" both cover plan year %d/%02d",
                          q->id, p->id, y, (y + 1) % 100);
            }
        }
        /* the first period's additions are the register's own, checked with them */
        for (size_t k = 0; i > 0 && k < p->nadditions; k++) {
            const struct reg_addition *x = &p->additions[k];
            if ((x->priority == NULL) == (x->theme == NULL))
                diags_add(d, DIAG_ERROR, x->line,
                          "<add> must name exactly one of priority=\"...\" or theme=\"...\"");
            else if (x->priority && !register_priority(r, x->priority))
                diags_add(d, DIAG_ERROR, x->line,
                          "<add> names priority \"%s\", which is not in <priorities>",
                          x->priority);
            else if (x->theme && !register_theme(r, x->theme))
                diags_add(d, DIAG_ERROR, x->line,
                          "<add> names theme \"%s\", which is not in <themes>", x->theme);
        }
        for (size_t k = 0; k < p->nleads; k++)
            if (!register_priority(r, p->leads[k].priority))
                diags_add(d, DIAG_ERROR, p->leads[k].line,
                          "agreement period \"%s\" gives a lead for priority \"%s\", which is "
                          "not in <priorities>",
                          p->id, p->leads[k].priority);
        for (size_t k = 0; k < p->nworkshop; k++) {
            const struct reg_workshop_item *w = &p->workshop[k];
            const char *b = w->became;
            int wants = b && (strcmp(b, "priority") == 0 || strcmp(b, "theme") == 0);
            if (wants && w->ref == NULL)
                diags_add(d, DIAG_ERROR, w->line,
                          "workshop item \"%s\" became a %s: say which with %s=\"...\"",
                          w->text, b, b);
            else if (!wants && w->ref)
                diags_add(d, DIAG_ERROR, w->line,
                          "workshop item \"%s\" names a priority or theme but not "
                          "became=\"priority\" or became=\"theme\"",
                          w->text);
            else if (wants && strcmp(b, "priority") == 0 && !register_priority(r, w->ref))
                diags_add(d, DIAG_ERROR, w->line,
                          "workshop item \"%s\" names priority \"%s\", which is not in "
                          "<priorities>",
                          w->text, w->ref);
            else if (wants && strcmp(b, "theme") == 0 && !register_theme(r, w->ref))
                diags_add(d, DIAG_ERROR, w->line,
                          "workshop item \"%s\" names theme \"%s\", which is not in <themes>",
                          w->text, w->ref);
        }
    }
}

static void check_former(const struct reg_partnership *p, struct diags *d)
{
    for (size_t i = 0; i < p->nformer; i++) {
        const struct reg_former_name *f = &p->former[i];
        int found = f->gss == NULL;
        for (size_t k = 0; !found && k < p->ndistricts; k++)
            found = strcmp(p->districts[k].gss, f->gss) == 0;
        if (!found)
            diags_add(d, DIAG_ERROR, f->line,
                      "former name \"%s\" is for district %s, which partnership \"%s\" does "
                      "not cover",
                      f->name, f->gss, p->code);
        for (size_t j = 0; j < i; j++) {
            const struct reg_former_name *g = &p->former[j];
            int same = (f->gss == NULL && g->gss == NULL) ||
                       (f->gss && g->gss && strcmp(f->gss, g->gss) == 0);
            if (same && strcmp(f->until, g->until) == 0)
                diags_add(d, DIAG_ERROR, f->line,
                          "former names \"%s\" and \"%s\" both end on %s; give each its own "
                          "until date",
                          g->name, f->name, f->until);
        }
    }
}

static void check_ties(const struct csa_register *r, const struct reg_priority *p,
                       struct diags *d)
{
    for (size_t i = 0; i < p->draws_on.n; i++) {
        if (!register_priority(r, p->draws_on.v[i]))
            diags_add(d, DIAG_ERROR, p->line,
                      "priority \"%s\" draws on priority \"%s\", which is not in <priorities>",
                      p->id, p->draws_on.v[i]);
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->draws_on.v[i], p->draws_on.v[j]) == 0)
                diags_add(d, DIAG_ERROR, p->line, "priority \"%s\" draws on \"%s\" twice",
                          p->id, p->draws_on.v[i]);
    }
    for (size_t i = 0; i < p->crime_types.n; i++)
        if (puk_crime_type(p->crime_types.v[i]) == 0)
            diags_add(d, DIAG_ERROR, p->line,
                      "priority \"%s\" names crime type \"%s\", which is not a police.uk crime "
                      "type (such as \"Anti-social behaviour\" or \"Burglary\")",
                      p->id, p->crime_types.v[i]);
    /* one indicator name (or alias) under one priority once, after normalisation */
    for (size_t i = 0; i < p->nindicators; i++) {
        const struct reg_indicator *x = &p->indicators[i];
        for (size_t k = 0; k <= x->aliases.n; k++) {
            const char *t = k == 0 ? x->name : x->aliases.v[k - 1];
            char *nt = normalize_wording(t);
            for (size_t j = 0; j <= i; j++) {
                const struct reg_indicator *y = &p->indicators[j];
                size_t upto = j < i ? y->aliases.n + 1 : k;
                for (size_t m = 0; m < upto; m++) {
                    const char *u = m == 0 ? y->name : y->aliases.v[m - 1];
                    char *nu = normalize_wording(u);
                    if (strcmp(nt, nu) == 0)
                        diags_add(d, DIAG_ERROR, x->line,
                                  "priority \"%s\" ties the indicator \"%s\" twice (as \"%s\" "
                                  "and \"%s\"); remove one",
                                  p->id, t, u, t);
                    free(nu);
                }
            }
            free(nt);
        }
    }
}

void register_check_more(const struct csa_register *r, const xmlNode *root, struct diags *d)
{
    check_periods(r, root, d);
    for (size_t i = 0; i < r->npartnerships; i++)
        check_former(&r->partnerships[i], d);
    for (size_t i = 0; i < r->npriorities; i++)
        check_ties(r, &r->priorities[i], d);
}

/* ---- lookups -------------------------------------------------------------------------- */

const struct reg_period *register_period(const struct csa_register *r, int plan_year)
{
    for (size_t i = 0; i < r->nperiods; i++)
        if (r->periods[i].first_year <= plan_year && plan_year <= r->periods[i].last_year)
            return &r->periods[i];
    return NULL;
}

/* The earliest-ending former name for gss (NULL: the partnership's own) still in force on
 * day, or NULL. ISO dates compare as strings. */
static const char *former_on(const struct reg_partnership *p, const char *gss, const char *day)
{
    const struct reg_former_name *best = NULL;
    for (size_t i = 0; i < p->nformer; i++) {
        const struct reg_former_name *f = &p->former[i];
        int same = gss ? f->gss && strcmp(f->gss, gss) == 0 : f->gss == NULL;
        if (same && strcmp(f->until, day) >= 0 && (!best || strcmp(f->until, best->until) < 0))
            best = f;
    }
    return best ? best->name : NULL;
}

const char *register_partnership_name(const struct reg_partnership *p, int plan_year)
{
    char day[16];
    snprintf(day, sizeof day, "%04d-04-01", plan_year);
    const char *old = former_on(p, NULL, day);
    return old ? old : p->name;
}

const char *register_district_name(const struct csa_register *r, const char *gss,
                                   int plan_year)
{
    char day[16];
    snprintf(day, sizeof day, "%04d-04-01", plan_year);
    const char *current = NULL;
    for (size_t i = 0; gss && i < r->npartnerships; i++) {
        const struct reg_partnership *p = &r->partnerships[i];
        for (size_t k = 0; k < p->ndistricts; k++) {
            if (strcmp(p->districts[k].gss, gss) != 0)
                continue;
            const char *old = former_on(p, gss, day);
            if (old)
                return old;
            current = p->districts[k].name;
        }
    }
    return current;
}

/* ---- JSON for csa.sync_register ------------------------------------------------------- */

static void json_indicator(struct buf *b, const void *item)
{
    const struct reg_indicator *x = item;
    json_kv(b, "name", x->name, 1);
    json_key(b, "terms", 0);
    buf_putc(b, '[');
    for (size_t k = 0; k <= x->aliases.n; k++) {
        const char *t = k == 0 ? x->name : x->aliases.v[k - 1];
        buf_puts(b, k ? ",{" : "{");
        json_kv(b, "text", t, 1);
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
}

void register_json_ties(struct buf *b, const struct reg_priority *p)
{
    json_key(b, "draws_on", 0);
    json_strings(b, p->draws_on.v, p->draws_on.n);
    json_key(b, "crime_types", 0);
    json_strings(b, p->crime_types.v, p->crime_types.n);
    json_list(b, "indicators", p->indicators, p->nindicators, sizeof *p->indicators,
              json_indicator);
}

static void json_addition(struct buf *b, const void *item)
{
    const struct reg_addition *x = item;
    json_kv(b, "priority", x->priority, 1);
    json_kv(b, "theme", x->theme, 0);
    json_kv(b, "reason", x->reason, 0);
}

static void json_workshop_item(struct buf *b, const void *item)
{
    const struct reg_workshop_item *w = item;
    json_kv(b, "text", w->text, 1);
    json_kv(b, "became", w->became, 0);
    json_kv(b, "ref", w->ref, 0);
}

/* A list the register gives, or null when it gives none (absent: TBC). */
static void json_list_or_null(struct buf *b, const char *key, const struct reg_strings *s)
{
    json_key(b, key, 0);
    if (s->n == 0)
        buf_puts(b, "null");
    else
        json_strings(b, s->v, s->n);
}

static void json_period_lead(struct buf *b, const void *item)
{
    const struct reg_period_lead *l = item;
    json_kv(b, "priority", l->priority, 1);
    json_kv(b, "lead", l->lead, 0);
}

static void json_period(struct buf *b, const void *item)
{
    const struct reg_period *p = item;
    json_kv(b, "id", p->id, 1);
    json_kv(b, "start", p->start, 0);
    json_kv(b, "end", p->end, 0);
    buf_printf(b, ",\"first_year\":%d,\"last_year\":%d", p->first_year, p->last_year);
    json_kv(b, "title", p->title, 0);
    json_kv(b, "period_words", p->period_words, 0);
    json_kv(b, "body", p->body, 0);
    json_kv(b, "committee", p->committee, 0);
    json_kv(b, "version", p->version, 0);
    json_kv(b, "source", p->source, 0);
    json_list_or_null(b, "foreword", &p->foreword);
    json_kv(b, "signed_by", p->signed_by, 0);
    json_list_or_null(b, "signer_titles", &p->signer_titles);
    json_list_or_null(b, "purpose", &p->purpose);
    json_list_or_null(b, "governance", &p->governance);
    json_list_or_null(b, "statutory_partners", &p->statutory_partners);
    json_list_or_null(b, "plans", &p->plans);
    json_list_or_null(b, "signatories", &p->signatories);
    json_kv(b, "contact_name", p->contact_name, 0);
    json_list_or_null(b, "contact_address", &p->contact_address);
    json_kv(b, "contact_email", p->contact_email, 0);
    json_kv(b, "contact_phone", p->contact_phone, 0);
    json_kv(b, "alt_formats", p->alt_formats, 0);
    json_kv(b, "alt_formats_phone", p->alt_formats_phone, 0);
    json_kv(b, "workshop_when", p->workshop_when, 0);
    buf_printf(b, ",\"from_agreement\":%s", p->from_agreement ? "true" : "false");
    json_list(b, "additions", p->additions, p->nadditions, sizeof *p->additions,
              json_addition);
    json_list(b, "workshop", p->workshop, p->nworkshop, sizeof *p->workshop,
              json_workshop_item);
    json_list(b, "leads", p->leads, p->nleads, sizeof *p->leads, json_period_lead);
}

static void json_former(struct buf *b, const void *item)
{
    const struct reg_former_name *f = item;
    json_kv(b, "gss", f->gss, 1);
    json_kv(b, "name", f->name, 0);
    json_kv(b, "until", f->until, 0);
}

static void json_partnership_names(struct buf *b, const void *item)
{
    const struct reg_partnership *p = item;
    json_kv(b, "code", p->code, 1);
    json_list(b, "former", p->former, p->nformer, sizeof *p->former, json_former);
}

void register_json_more(struct buf *b, const struct csa_register *r)
{
    json_list(b, "periods", r->periods, r->nperiods, sizeof *r->periods, json_period);
    json_list(b, "names", r->partnerships, r->npartnerships, sizeof *r->partnerships,
              json_partnership_names);
}
