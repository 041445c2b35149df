/* register.c: reading and checking the county register (see register.h).
 *
 * Reading goes read_file -> xml_parse -> XSD (etl/county.xsd, embedded) -> walk the tree into
 * struct csa_register -> the cross-reference checks. The walk trusts the XSD for structure:
 * an element it reads is one the schema allows there. */
#include "register_parts.h"
#include "csa/register.h"
#include "csa/json.h"
#include "csa/normalize.h"
#include "csa/read.h"
#include "csa/resource.h"
#include "csa/xml.h"

#include <stdlib.h>
#include <string.h>

static const struct xml_expect register_expect[] = {
    {"county", "version", "a format version number (this build reads version 1)"},
    {"county", "code", "an ONS county code such as E10000016"},
    {"district", "gss", "an ONS district code such as E07000110"},
    {"partnership", "from", "a date written YYYY-MM-DD"},
    {"partnership", "until", "a date written YYYY-MM-DD"},
    {"agreement", "start", "a date written YYYY-MM-DD"},
    {"agreement", "end", "a date written YYYY-MM-DD"},
    {"period", "start", "a date written YYYY-MM-DD"},
    {"period", "end", "a date written YYYY-MM-DD"},
    {"period", "id", "a code of lower-case words joined by hyphens, such as 2011-14"},
    {"former-name", "until", "a date written YYYY-MM-DD (the last day of the name)"},
    {"former-name", "gss", "an ONS district code such as E07000112"},
    {"item", "became", "priority, theme or not-adopted"},
    {"lead", "priority", "a priority id such as substance-misuse"},
    {"selection", "min-share", "a fraction between 0 and 1, such as 0.5"},
    {"selection", "min-partnerships", "a whole number (1, 2, 3, ...)"},
    {"selection", "count-subsidiary", "true or false"},
    {NULL, NULL, NULL},
};

struct reg_strings register_strings_of(struct arena *a, const xmlNode *n, const char *name)
{
    struct reg_strings s = {0};
    size_t k = xml_count(n, name);
    s.v = arena_alloc(a, (k ? k : 1) * sizeof *s.v);
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (xml_is(c, name))
            s.v[s.n++] = xml_text(a, c);
    return s;
}

struct reg_strings register_props_of(struct arena *a, const xmlNode *n, const char *name,
                                     const char *attr)
{
    struct reg_strings s = {0};
    size_t k = xml_count(n, name);
    s.v = arena_alloc(a, (k ? k : 1) * sizeof *s.v);
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (xml_is(c, name))
            s.v[s.n++] = xml_prop(a, c, attr);
    return s;
}

static void read_partnership(struct arena *a, const xmlNode *n, struct reg_partnership *p)
{
    p->code = xml_prop(a, n, "code");
    p->name = xml_prop(a, n, "name");
    p->from = xml_prop(a, n, "from");
    p->until = xml_prop(a, n, "until");
    p->line = xml_line(n);
    p->districts = arena_alloc(a, (xml_count(n, "district") + 1) * sizeof *p->districts);
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!xml_is(c, "district"))
            continue;
        struct reg_district *d = &p->districts[p->ndistricts++];
        d->gss = xml_prop(a, c, "gss");
        d->name = xml_text(a, c);
        d->former_names = xml_prop(a, c, "former-names");
    }
    register_read_former(a, n, p);
}

static void read_priority(struct arena *a, const xmlNode *n, struct reg_priority *p)
{
    p->id = xml_prop(a, n, "id");
    p->label = xml_prop(a, n, "label");
    p->title = xml_prop(a, n, "title");
    p->note = xml_prop(a, n, "note");
    p->folds_into = xml_prop(a, n, "folds-into");
    p->aliases = register_strings_of(a, n, "alias");
    p->leads = register_strings_of(a, n, "lead");
    p->evidence = register_props_of(a, n, "evidence", "category");
    register_read_ties(a, n, p);
    p->line = xml_line(n);
}

static void read_theme(struct arena *a, const xmlNode *n, struct reg_theme *t)
{
    t->id = xml_prop(a, n, "id");
    t->title = xml_prop(a, n, "title");
    t->aliases = register_strings_of(a, n, "alias");
    t->line = xml_line(n);
}

void register_read_addition(struct arena *a, const xmlNode *n, struct reg_addition *x)
{
    x->priority = xml_prop(a, n, "priority");
    x->theme = xml_prop(a, n, "theme");
    x->reason = xml_text(a, n);
    x->line = xml_line(n);
}

static void read_register(struct csa_register *r, const xmlNode *root)
{
    struct arena *a = &r->arena;
    r->code = xml_prop(a, root, "code");
    r->name = xml_prop(a, root, "name");
    const xmlNode *ag = xml_child(root, "agreement");
    if (ag) {
        r->title = xml_prop(a, ag, "title");
        r->body = xml_prop(a, ag, "body");
        r->committee = xml_prop(a, ag, "committee");
        r->start = xml_prop(a, ag, "start");
        r->end = xml_prop(a, ag, "end");
        r->contact = xml_prop(a, ag, "contact");
        r->chair = xml_prop(a, ag, "chair");
        r->chair_role = xml_prop(a, ag, "chair-role");
    }
    const xmlNode *sel = xml_child(root, "selection");
    const char *share = sel ? xml_prop(a, sel, "min-share") : NULL;
    const char *minp = sel ? xml_prop(a, sel, "min-partnerships") : NULL;
    const char *subs = sel ? xml_prop(a, sel, "count-subsidiary") : NULL;
    r->min_share = share ? strtod(share, NULL) : 0.5;
    r->min_partnerships = minp ? atoi(minp) : 0;
    r->count_subsidiary = subs && (strcmp(subs, "true") == 0 || strcmp(subs, "1") == 0);
    XML_READ_CHILDREN(a, xml_child(root, "partnerships"), "partnership", r->partnerships,
                      r->npartnerships, read_partnership);
    XML_READ_CHILDREN(a, xml_child(root, "priorities"), "priority", r->priorities,
                      r->npriorities, read_priority);
    XML_READ_CHILDREN(a, xml_child(root, "themes"), "theme", r->themes, r->nthemes, read_theme);
    XML_READ_CHILDREN(a, xml_child(root, "county-additions"), "add", r->additions,
                      r->nadditions, register_read_addition);
    r->signatories = register_strings_of(a, xml_child(root, "signatories"), "signatory");
    r->plans = register_strings_of(a, xml_child(root, "linked-plans"), "plan");
    register_read_periods(r, root);
}

const struct reg_priority *register_priority(const struct csa_register *r, const char *id)
{
    for (size_t i = 0; id && i < r->npriorities; i++)
        if (strcmp(r->priorities[i].id, id) == 0)
            return &r->priorities[i];
    return NULL;
}

const struct reg_theme *register_theme(const struct csa_register *r, const char *id)
{
    for (size_t i = 0; id && i < r->nthemes; i++)
        if (strcmp(r->themes[i].id, id) == 0)
            return &r->themes[i];
    return NULL;
}

/* An alias listed twice under one owner (after normalisation) is a register error. */
static void check_aliases(const struct reg_strings *al, const char *what, const char *id,
                          long line, struct diags *d)
{
    for (size_t i = 0; i < al->n; i++) {
        char *ni = normalize_wording(al->v[i]);
        for (size_t j = 0; j < i; j++) {
            char *nj = normalize_wording(al->v[j]);
            if (strcmp(ni, nj) == 0)
                diags_add(d, DIAG_ERROR, line,
                          "%s \"%s\" lists the alias \"%s\" twice (as \"%s\" and \"%s\"); "
                          "remove one",
                          what, id, al->v[i], al->v[j], al->v[i]);
            free(nj);
        }
        free(ni);
    }
}

static void check_register(const struct csa_register *r, const xmlNode *root, struct diags *d)
{
    register_check_more(r, root, d);
    for (size_t i = 0; i < r->npartnerships; i++) {
        const struct reg_partnership *p = &r->partnerships[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->code, r->partnerships[j].code) == 0)
                diags_add(d, DIAG_ERROR, p->line, "partnership code \"%s\" is used twice",
                          p->code);
        if (p->from && p->until && strcmp(p->from, p->until) > 0)
            diags_add(d, DIAG_ERROR, p->line,
                      "partnership \"%s\" ends (until %s) before it starts (from %s)", p->code,
                      p->until, p->from);
    }
    for (size_t i = 0; i < r->npriorities; i++) {
        const struct reg_priority *p = &r->priorities[i];
        if (register_priority(r, p->id) != p)
            diags_add(d, DIAG_ERROR, p->line, "priority id \"%s\" is used twice", p->id);
        if (p->folds_into && !register_theme(r, p->folds_into))
            diags_add(d, DIAG_ERROR, p->line,
                      "priority \"%s\" folds into theme \"%s\", which is not in <themes>", p->id,
                      p->folds_into);
        check_aliases(&p->aliases, "priority", p->id, p->line, d);
    }
    for (size_t i = 0; i < r->nthemes; i++) {
        const struct reg_theme *t = &r->themes[i];
        if (register_theme(r, t->id) != t)
            diags_add(d, DIAG_ERROR, t->line, "theme id \"%s\" is used twice", t->id);
        check_aliases(&t->aliases, "theme", t->id, t->line, d);
    }
    for (size_t i = 0; i < r->nadditions; i++) {
        const struct reg_addition *x = &r->additions[i];
        if ((x->priority == NULL) == (x->theme == NULL))
            diags_add(d, DIAG_ERROR, x->line,
                      "<add> must name exactly one of priority=\"...\" or theme=\"...\"");
        else if (x->priority && !register_priority(r, x->priority))
            diags_add(d, DIAG_ERROR, x->line, "<add> names priority \"%s\", which is not in "
                      "<priorities>", x->priority);
        else if (x->theme && !register_theme(r, x->theme))
            diags_add(d, DIAG_ERROR, x->line, "<add> names theme \"%s\", which is not in <themes>",
                      x->theme);
    }
    if (r->min_partnerships == 0 && (r->min_share <= 0 || r->min_share > 1))
        diags_add(d, DIAG_ERROR, 0, "<selection> min-share must be more than 0 and at most 1");
}

enum csa_rc register_load(const char *path, struct csa_register **out, struct diags *d,
                          struct csa_error *err)
{
    *out = NULL;
    struct buf data = {0};
    struct xml_schema *xsd = NULL;
    xmlDocPtr doc = NULL;
    enum csa_rc rc = read_file(path, CSA_MAX_INPUT_BYTES, &data, NULL, err);
    if (rc != CSA_OK) {
        /* a register that cannot be read stops everything: say which file it was */
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        rc = csa_fail(err, CSA_EENV, path, 0, "could not read the county register: %.900s", why);
        goto out;
    }
    const struct csa_resource *res = resource_get("etl/county.xsd");
    rc = xml_schema_compile("etl/county.xsd", res->data, res->len, "county", register_expect,
                            &xsd, err);
    if (rc != CSA_OK)
        goto out;
    doc = xml_parse(data.data, data.len, &xml_default_limits, d);
    if (doc == NULL || xml_validate(xsd, doc, d) > 0) {
        rc = csa_fail(err, CSA_EENV, path, 0, "the county register is not valid (see above)");
        goto out;
    }
    struct csa_register *r = xcalloc(1, sizeof *r);
    r->path = arena_strdup(&r->arena, path);
    const xmlNode *root = xmlDocGetRootElement(doc);
    const char *version = xml_prop(&r->arena, root, "version");
    if (strcmp(version, "1") != 0)
        diags_add(d, DIAG_ERROR, xml_line(root),
                  "county version \"%s\" is not one this build reads (it reads version 1)",
                  version);
    read_register(r, root);
    check_register(r, root, d);
    if (d->errors > 0) {
        register_free(r);
        rc = csa_fail(err, CSA_EENV, path, 0, "the county register is not valid (see above)");
        goto out;
    }
    *out = r;
out:
    xmlFreeDoc(doc);
    xml_schema_free(xsd);
    buf_free(&data);
    return rc;
}

void register_free(struct csa_register *r)
{
    if (r == NULL)
        return;
    arena_free(&r->arena);
    free(r);
}

const struct reg_partnership *register_partnership(const struct csa_register *r, const char *code)
{
    for (size_t i = 0; code && i < r->npartnerships; i++)
        if (strcmp(r->partnerships[i].code, code) == 0)
            return &r->partnerships[i];
    return NULL;
}

int register_in_force(const struct reg_partnership *p, int plan_year)
{
    char day[16];
    snprintf(day, sizeof day, "%04d-04-01", plan_year);
    /* ISO dates compare as strings */
    return (p->from == NULL || strcmp(p->from, day) <= 0) &&
           (p->until == NULL || strcmp(p->until, day) >= 0);
}

size_t register_count_in_force(const struct csa_register *r, int plan_year)
{
    size_t n = 0;
    for (size_t i = 0; i < r->npartnerships; i++)
        n += register_in_force(&r->partnerships[i], plan_year);
    return n;
}

/* ---- JSON for csa.sync_register ------------------------------------------------------- */

/* The words a wording may match: the named extras (label, title) and then the aliases. */
static void json_terms(struct buf *b, const char *const *extra, const char *const *kinds,
                       size_t nextra, const struct reg_strings *aliases)
{
    json_key(b, "terms", 0);
    buf_putc(b, '[');
    int first = 1;
    for (size_t i = 0; i < nextra + aliases->n; i++) {
        const char *t = i < nextra ? extra[i] : aliases->v[i - nextra];
        if (t == NULL)
            continue;
        char *norm = normalize_wording(t);
        buf_puts(b, first ? "{" : ",{");
        json_kv(b, "text", t, 1);
        json_kv(b, "norm", norm, 0);
        json_kv(b, "kind", i < nextra ? kinds[i] : "alias", 0);
        buf_putc(b, '}');
        free(norm);
        first = 0;
    }
    buf_putc(b, ']');
}

static void json_district(struct buf *b, const void *item)
{
    const struct reg_district *d = item;
    json_kv(b, "gss", d->gss, 1);
    json_kv(b, "name", d->name, 0);
    json_kv(b, "former_names", d->former_names, 0);
}

static void json_partnership(struct buf *b, const void *item)
{
    const struct reg_partnership *p = item;
    json_kv(b, "code", p->code, 1);
    json_kv(b, "name", p->name, 0);
    json_kv(b, "from", p->from, 0);
    json_kv(b, "until", p->until, 0);
    json_list(b, "districts", p->districts, p->ndistricts, sizeof *p->districts, json_district);
}

static void json_priority(struct buf *b, const void *item)
{
    const struct reg_priority *p = item;
    static const char *const kinds[2] = {"label", "title"};
    const char *lt[2] = {p->label, p->title};
    json_kv(b, "id", p->id, 1);
    json_kv(b, "label", p->label, 0);
    json_kv(b, "title", p->title, 0);
    json_kv(b, "note", p->note, 0);
    json_kv(b, "folds_into", p->folds_into, 0);
    json_terms(b, lt, kinds, 2, &p->aliases);
    json_key(b, "leads", 0);
    json_strings(b, p->leads.v, p->leads.n);
    json_key(b, "evidence", 0);
    json_strings(b, p->evidence.v, p->evidence.n);
    register_json_ties(b, p);
}

static void json_theme(struct buf *b, const void *item)
{
    const struct reg_theme *t = item;
    static const char *const kinds[1] = {"title"};
    const char *lt[1] = {t->title};
    json_kv(b, "id", t->id, 1);
    json_kv(b, "title", t->title, 0);
    json_terms(b, lt, kinds, 1, &t->aliases);
}

static void json_addition(struct buf *b, const void *item)
{
    const struct reg_addition *x = item;
    json_kv(b, "priority", x->priority, 1);
    json_kv(b, "theme", x->theme, 0);
    json_kv(b, "reason", x->reason, 0);
}

void register_to_json(const struct csa_register *r, struct buf *b)
{
    buf_putc(b, '{');
    json_kv(b, "code", r->code, 1);
    json_kv(b, "name", r->name, 0);
    buf_printf(b, ",\"min_share\":%.6f,\"min_partnerships\":%d,\"count_subsidiary\":%s",
               r->min_share, r->min_partnerships, r->count_subsidiary ? "true" : "false");
    json_list(b, "partnerships", r->partnerships, r->npartnerships, sizeof *r->partnerships,
              json_partnership);
    json_list(b, "priorities", r->priorities, r->npriorities, sizeof *r->priorities,
              json_priority);
    json_list(b, "themes", r->themes, r->nthemes, sizeof *r->themes, json_theme);
    json_list(b, "additions", r->additions, r->nadditions, sizeof *r->additions, json_addition);
    register_json_more(b, r);
    buf_putc(b, '}');
}
