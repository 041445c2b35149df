/* validate.c: a submission file from bytes to a checked struct (see validate.h).
 *
 * Messages name the element, the value as the analyst wrote it and what was expected, in
 * the words of the format's page, because the analyst fixing the file reads them, not us. */
#include "csa/validate.h"
#include "csa/cell.h"
#include "csa/planyear.h"
#include "csa/read.h"
#include "csa/read_workbook.h"
#include "csa/resource.h"
#include "csa/uniq.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct xml_expect submission_expect[] = {
    {"strategic-assessment", "version", "a format version number (this build reads version 1)"},
    {"partnership", "code", "a partnership code of lower-case letters, digits and hyphens, "
                            "such as \"maidstone\""},
    {"partnership", "county", "an ONS county code such as E10000016"},
    {"plan-year", NULL, "a plan year written like 2016/17 or 2016-17"},
    {"submitted", NULL, "a date written YYYY-MM-DD"},
    {"crime-statistics", "current-start", "a date written YYYY-MM-DD"},
    {"crime-statistics", "current-end", "a date written YYYY-MM-DD"},
    {"crime-statistics", "previous-start", "a date written YYYY-MM-DD"},
    {"crime-statistics", "previous-end", "a date written YYYY-MM-DD"},
    {"priority", "kind", "\"core\" or \"subsidiary\""},
    {"priority", "rank", "a whole number (1, 2, 3, ...)"},
    {"priority", "score", "a number of 0 or more, such as 81.5"},
    {"category", "current", "a whole number of 0 or more"},
    {"category", "previous", "a whole number of 0 or more"},
    {"category", "difference", "a whole number, such as -232 or 26"},
    {"category", "percent-change", "a number, such as -2.5 or 12.7"},
    {"value", "start", "a date written YYYY-MM-DD"},
    {"value", "end", "a date written YYYY-MM-DD"},
    {"value", NULL, "a number, such as 1925 or 28.6"},
    {NULL, NULL, NULL},
};

enum csa_rc validator_init(struct validator *v, const struct csa_register *reg,
                           struct csa_error *err)
{
    memset(v, 0, sizeof *v);
    v->reg = reg;
    v->limits = xml_default_limits;
    v->max_bytes = CSA_MAX_INPUT_BYTES;
    const struct csa_resource *res = resource_get("etl/submission.xsd");
    return xml_schema_compile("etl/submission.xsd", res->data, res->len, "strategic-assessment",
                              submission_expect, &v->xsd, err);
}

void validator_free(struct validator *v)
{
    xml_schema_free(v->xsd);
    v->xsd = NULL;
}

/* ---- the rules ------------------------------------------------------------------------ */

/* What a rule calls a field, in the words of the file the analyst wrote: the XML's element
 * and attribute names, or the workbook's sheets, labels and headings (doc/workbook.md). */
struct terms {
    const char *version, *plan_year, *submitted, *no_core, *empty_priority, *empty_theme;
    const char *start[2], *end[2]; /* the crime periods: current, previous */
    const char *value_start, *value_end, *percent;
};

static const struct terms xml_terms = {
    "strategic-assessment version", "plan-year", "submitted",
    "<priorities> has no priority with kind=\"core\"; at least one is required",
    "<priority> is empty; write the partnership's wording of the priority",
    "<theme> is empty; write the partnership's wording of the theme",
    {"crime-statistics current-start", "crime-statistics previous-start"},
    {"current-end", "previous-end"}, "value start", "value end", "percent-change"};

static const struct terms workbook_terms = {
    "Format version", "Plan year", "Submitted",
    "the Priorities sheet has no priority of kind core; at least one is required (write core "
    "in its Kind column)",
    "the priority has no wording; write the partnership's wording in the Priority column",
    "the theme has no wording; write the partnership's wording in the Theme column",
    {"Current period start", "Previous period start"},
    {"its end", "its end"}, "Start", "End", "percent change"};

static const struct terms *terms_of(const struct csa_submission *s)
{
    return s->was_workbook ? &workbook_terms : &xml_terms;
}

/* xs:date also admits time zones and years past 9999; the store wants plain YYYY-MM-DD. */
static int is_plain_date(const char *s)
{
    if (s == NULL || strlen(s) != 10)
        return 0;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

static void check_date(struct diags *d, long line, const char *what, const char *s)
{
    if (s && !is_plain_date(s))
        diags_add(d, DIAG_ERROR, line, "%s \"%s\" is not a date written YYYY-MM-DD", what, s);
}

/* The shapes etl/submission.xsd gives these fields; a value of the wrong shape has its XSD
 * message already, so the register's rules are only asked of well-shaped ones. */
static int shaped(const char *s, const char *what)
{
    if (s == NULL || *s == '\0')
        return 0;
    if (strcmp(what, "version") == 0)
        return strspn(s, "0123456789") == strlen(s);
    if (strcmp(what, "gss") == 0)
        return strlen(s) == 9 && s[0] == 'E' && strspn(s + 1, "0123456789") == 8;
    if (strcmp(what, "code") == 0)
        return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(s) && s[0] != '-';
    /* plan year: 2016/17 or 2016-17 */
    return strlen(s) == 7 && strspn(s, "0123456789") == 4 && (s[4] == '/' || s[4] == '-') &&
           strspn(s + 5, "0123456789") == 2;
}

static void check_partnership_code(const struct csa_register *reg, const struct csa_submission *s,
                                   struct diags *d)
{
    struct buf known = {0};
    for (size_t i = 0; i < reg->npartnerships; i++)
        buf_printf(&known, "%s%s", i ? ", " : "", reg->partnerships[i].code);
    diags_add(d, DIAG_ERROR, s->partnership_line,
              "partnership code \"%s\" is not in the %s register (its codes are: %s)", s->code,
              reg->name, buf_str(&known));
    buf_free(&known);
}

static void check_header(const struct csa_register *reg, struct csa_submission *s,
                         struct diags *d)
{
    const struct terms *t = terms_of(s);
    if (shaped(s->version, "version") && strcmp(s->version, "1") != 0)
        diags_add(d, DIAG_ERROR, s->root_line,
                  "%s \"%s\" is not one this build reads (it reads version 1)", t->version,
                  s->version);
    if (shaped(s->county, "gss") && strcmp(s->county, reg->code) != 0)
        diags_add(d, DIAG_ERROR, s->partnership_line,
                  "partnership county \"%s\" is not the register's county, %s (%s)", s->county,
                  reg->name, reg->code);
    const struct reg_partnership *p = register_partnership(reg, s->code);
    if (p == NULL && shaped(s->code, "code"))
        check_partnership_code(reg, s, d);
    if (!shaped(s->plan_year_text, "plan year"))
        return;
    /* "2016/17" or "2016-17": the two years must follow each other */
    int start = atoi(s->plan_year_text), next = atoi(s->plan_year_text + 5);
    char label[PLANYEAR_LABEL_MAX];
    planyear_label(start, '/', label, sizeof label);
    if (next != planyear_short_next(start)) {
        diags_add(d, DIAG_ERROR, s->plan_year_line,
                  "%s \"%s\" is not a plan year: after %d comes %02d (write %s)",
                  t->plan_year, s->plan_year_text, start, planyear_short_next(start), label);
        return;
    }
    s->plan_year = start;
    if (p && !register_in_force(p, start))
        diags_add(d, DIAG_ERROR, s->partnership_line,
                  "partnership \"%s\" was not in force for plan year %s (the register has "
                  "it %s%s%s%s); submit under the partnership that covered the district then",
                  s->code, label, p->from ? "from " : "",
                  p->from ? p->from : "", p->until ? (p->from ? " until " : "until ") : "",
                  p->until ? p->until : "");
}

/* The core priorities' ranks, by value (as strtol reads them, so "02" is 2), for finding a
 * repeated rank by sorting instead of pair by pair. */
static void core_ranks(const struct csa_submission *s, struct uniq *u)
{
    struct uniq_key *k = xmalloc((s->npriorities + 1) * sizeof *k);
    size_t n = 0;
    for (size_t i = 0; i < s->npriorities; i++)
        if (s->priorities[i].core && s->priorities[i].rank)
            k[n++] = (struct uniq_key){strtol(s->priorities[i].rank, NULL, 10), NULL, i};
    uniq_init(u, k, n);
}

static void check_priorities(const struct csa_submission *s, struct diags *d)
{
    struct uniq ranks;
    core_ranks(s, &ranks);
    size_t cores = 0;
    for (size_t i = 0; i < s->npriorities; i++) {
        const struct sub_priority *p = &s->priorities[i];
        if (p->norm[0] == '\0')
            diags_add(d, DIAG_ERROR, p->line, "%s", terms_of(s)->empty_priority);
        if (!p->core)
            continue;
        cores++;
        if (p->rank && strtol(p->rank, NULL, 10) > 1000)
            diags_add(d, DIAG_ERROR, p->line, "priority rank \"%s\" is too large (at most 1000)",
                      p->rank);
        /* a repeat names the first core priority given the rank, as it is met in the file */
        size_t first = p->rank ? uniq_first(&ranks, strtol(p->rank, NULL, 10), NULL, NULL) : i;
        if (first != i) {
            struct buf at = {0};
            cell_words(&at, s->priorities[first].line);
            diags_add(d, DIAG_ERROR, p->line,
                      "priority rank %s is also given to the core priority on %s; "
                      "each core priority needs its own rank",
                      p->rank, buf_str(&at));
            buf_free(&at);
        }
    }
    uniq_free(&ranks);
    if (cores == 0)
        diags_add(d, DIAG_ERROR, s->priorities_line, "%s", terms_of(s)->no_core);
    for (size_t i = 0; i < s->nthemes; i++)
        if (s->themes[i].norm[0] == '\0')
            diags_add(d, DIAG_ERROR, s->themes[i].line, "%s", terms_of(s)->empty_theme);
}

/* Period p (0 current, 1 previous) of the crime table must start before it ends. */
static void check_period(struct diags *d, long line, const struct terms *t, int p,
                         const char *start, const char *end)
{
    if (!is_plain_date(start) || !is_plain_date(end))
        return; /* already reported by check_date */
    if (strcmp(start, end) >= 0)
        diags_add(d, DIAG_ERROR, line,
                  "%s %s is not before %s %s; a period must start before it ends", t->start[p],
                  start, t->end[p], end);
}

/* Warns when difference or percent-change disagree with the counts (submission.md). */
static void check_arithmetic(const struct sub_category *k, const struct terms *t,
                             struct diags *d)
{
    long long cur = strtoll(k->current, NULL, 10), prev = strtoll(k->previous, NULL, 10);
    if (k->difference && strtoll(k->difference, NULL, 10) != cur - prev)
        diags_add(d, DIAG_WARNING, k->line,
                  "category \"%s\" difference %s does not agree with current %lld - previous "
                  "%lld = %lld; the counts are what is stored",
                  k->name, k->difference, cur, prev, cur - prev);
    if (k->percent == NULL)
        return;
    if (prev == 0) {
        diags_add(d, DIAG_WARNING, k->line,
                  "category \"%s\" has %s %s but previous is 0, so there is no "
                  "percentage change; the counts are what is stored",
                  k->name, t->percent, k->percent);
        return;
    }
    double exact = 100.0 * (double)(cur - prev) / (double)prev;
    double rounded = round(exact * 10.0) / 10.0;
    if (fabs(strtod(k->percent, NULL) - rounded) > 0.05 + 1e-9)
        diags_add(d, DIAG_WARNING, k->line,
                  "category \"%s\" %s %s does not agree with the counts (%lld "
                  "against %lld is %+.1f%%); the counts are what is stored",
                  k->name, t->percent, k->percent, cur, prev, rounded);
}

static void check_crime(const struct csa_submission *s, struct diags *d)
{
    if (!s->has_crime)
        return;
    const struct terms *t = terms_of(s);
    /* (a workbook's dates were checked cell by cell as they were read: these pass them) */
    check_date(d, s->crime_line, "crime-statistics current-start", s->cur_start);
    check_date(d, s->crime_line, "crime-statistics current-end", s->cur_end);
    check_date(d, s->crime_line, "crime-statistics previous-start", s->prev_start);
    check_date(d, s->crime_line, "crime-statistics previous-end", s->prev_end);
    check_period(d, s->crime_line, t, 0, s->cur_start, s->cur_end);
    check_period(d, s->crime_line, t, 1, s->prev_start, s->prev_end);
    /* the table's names, sorted once: a repeat and a parent are each one lookup */
    struct uniq names;
    struct uniq_key *keys = xmalloc((s->ncategories + 1) * sizeof *keys);
    for (size_t i = 0; i < s->ncategories; i++)
        keys[i] = (struct uniq_key){0, s->categories[i].name, i};
    uniq_init(&names, keys, s->ncategories);
    for (size_t i = 0; i < s->ncategories; i++) {
        const struct sub_category *k = &s->categories[i];
        size_t first = uniq_first(&names, 0, k->name, NULL);
        if (first != i) {
            struct buf at = {0};
            cell_words(&at, s->categories[first].line);
            diags_add(d, DIAG_ERROR, k->line,
                      "category \"%s\" is already in this table (%s); each category "
                      "name may appear once",
                      k->name, buf_str(&at));
            buf_free(&at);
        }
        /* the parent is another category: any of that name but this one */
        size_t same = 0;
        size_t parent = k->parent ? uniq_first(&names, 0, k->parent, &same) : UNIQ_NONE;
        if (k->parent && !(same > 1 || (same == 1 && parent != i)))
            diags_add(d, DIAG_ERROR, k->line,
                      "category \"%s\" names parent \"%s\", which is not a category of this "
                      "table",
                      k->name, k->parent);
        check_arithmetic(k, t, d);
    }
    uniq_free(&names);
}

static void check_indicators(const struct csa_submission *s, struct diags *d)
{
    for (size_t i = 0; i < s->nindicators; i++)
        for (size_t j = 0; j < s->indicators[i].nvalues; j++) {
            const struct sub_value *v = &s->indicators[i].values[j];
            check_date(d, v->line, terms_of(s)->value_start, v->start);
            check_date(d, v->line, terms_of(s)->value_end, v->end);
            if (is_plain_date(v->start) && is_plain_date(v->end) && strcmp(v->start, v->end) > 0)
                diags_add(d, DIAG_ERROR, v->line,
                          "indicator \"%s\" value starts %s, after it ends %s",
                          s->indicators[i].name, v->start, v->end);
        }
}

void validate_submission(const struct csa_register *reg, struct csa_submission *s,
                         struct diags *d)
{
    check_header(reg, s, d);
    check_date(d, s->submitted_line, terms_of(s)->submitted, s->submitted);
    check_priorities(s, d);
    check_crime(s, d);
    check_indicators(s, d);
}

/* ---- the caps ------------------------------------------------------------------------- */

/* The lists a file may not make longer than VALIDATE_MAX_ITEMS, and how the message names them. */
static const struct list_cap {
    const char *list, *item; /* element names */
    const char *items, *one; /* in words: "priorities", "priority" */
    const char *usual;       /* what a real file has */
} list_caps[] = {
    {"priorities", "priority", "priorities", "priority", "a partnership names a handful"},
    {"cross-cutting-themes", "theme", "themes", "theme", "a partnership names a handful"},
    {"crime-statistics", "category", "crime categories", "category",
     "a crime table has a few dozen"},
    {"indicators", "indicator", "indicators", "indicator", "a partnership tracks a few dozen"},
    {"emerging-issues", "issue", "emerging issues", "issue", "a partnership names a handful"},
};

/* n written with thousands separators, as the analyst reads numbers: 1,001. */
static const char *thousands(long n, char *out, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%ld", n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0 && digits[i - 1] != '-')
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    return out;
}

/* Counts each capped list's items (in every such list under the root, should the file hold
 * two) and reports the first item past the cap. Runs on the parsed document before the XSD,
 * so a file of forty thousand priorities costs one walk. Returns the number of errors added. */
static size_t check_caps(xmlDocPtr doc, struct diags *d)
{
    size_t added = 0;
    const xmlNode *root = xmlDocGetRootElement(doc);
    for (size_t c = 0; c < sizeof list_caps / sizeof *list_caps; c++) {
        const struct list_cap *cap = &list_caps[c];
        long n = 0;
        for (const xmlNode *l = root ? root->children : NULL; l; l = l->next) {
            if (!xml_is(l, cap->list))
                continue;
            for (const xmlNode *e = l->children; e && n <= VALIDATE_MAX_ITEMS; e = e->next)
                if (xml_is(e, cap->item) && ++n > VALIDATE_MAX_ITEMS) {
                    char max[32], this[32];
                    diags_add(d, DIAG_ERROR, xml_line(e),
                              "more than %s %s in one submission (this is %s %s); %s",
                              thousands(VALIDATE_MAX_ITEMS, max, sizeof max), cap->items,
                              cap->one, thousands(n, this, sizeof this), cap->usual);
                    added++;
                }
        }
    }
    return added;
}

/* A workbook (recognised by its zip magic) read into the submission model, then the same
 * rules as XML; a workbook that did not read cleanly gets the header's rules only, as an XML
 * file that failed the XSD does. Takes *data. */
static enum csa_rc validate_workbook(const struct validator *v, struct buf *data,
                                     const char *path, struct csa_submission **out,
                                     struct diags *d)
{
    struct csa_submission *s = workbook_read(data, path, v->max_bytes, d);
    buf_free(data);
    if (s && d->errors == 0)
        validate_submission(v->reg, s, d);
    else if (s)
        check_header(v->reg, s, d);
    diags_sort(d);
    if (s && d->errors == 0 && out)
        *out = s;
    else
        submission_free(s);
    return d->errors > 0 ? CSA_EINVALID : CSA_OK;
}

enum csa_rc validate_file(const struct validator *v, const char *path,
                          struct csa_submission **out, struct diags *d)
{
    return validate_fd(v, -1, path, out, d);
}

enum csa_rc validate_fd(const struct validator *v, int fd, const char *path,
                        struct csa_submission **out, struct diags *d)
{
    if (out)
        *out = NULL;
    struct buf data = {0};
    struct csa_error err = {0};
    int gz = 0;
    enum csa_rc rc = fd >= 0 ? read_fd(fd, path, v->max_bytes, &data, &gz, &err)
                             : read_file(path, v->max_bytes, &data, &gz, &err);
    if (rc != CSA_OK) {
        diags_add(d, DIAG_ERROR, 0, "%s", err.msg);
        return rc; /* CSA_EENV when the file cannot be opened at all */
    }
    if (!gz && workbook_magic(data.data, data.len))
        return validate_workbook(v, &data, path, out, d);
    xmlDocPtr doc = xml_parse(data.data, data.len, &v->limits, d);
    if (doc == NULL || check_caps(doc, d) > 0 || xml_validate(v->xsd, doc, d) > 0) {
        if (doc) { /* the register's rules on what the header has, so nothing waits a round */
            struct csa_submission *h = submission_parse_header(doc);
            check_header(v->reg, h, d);
            submission_free(h);
        }
        xmlFreeDoc(doc);
        buf_free(&data);
        diags_sort(d);
        return CSA_EINVALID;
    }
    struct csa_submission *s = submission_parse(doc, &data);
    xmlFreeDoc(doc);
    s->was_gzip = gz;
    validate_submission(v->reg, s, d);
    diags_sort(d);
    if (d->errors > 0 || out == NULL)
        submission_free(s);
    else
        *out = s;
    return d->errors > 0 ? CSA_EINVALID : CSA_OK;
}
