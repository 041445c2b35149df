/* template_prev.c: last year's submission for `csa template --from-version`, read from the
 * database through csa.template_previous (sql/logic/60_template.sql) by column name into the
 * same struct csa_submission a parsed XML file gives (see template.h).
 *
 * It reads the loaded rows, not the stored document: the rows are what was accepted, and the
 * stored bytes may be XML, gzip or (later) a workbook. Nothing is checked here: what was
 * loaded already passed validation. */
#include "csa/db.h"
#include "csa/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The text of column name in row i, copied into s's arena (NULL stays NULL). */
static const char *col(struct csa_submission *s, const PGresult *res, int i, const char *name)
{
    return arena_strdup(&s->arena, db_value(res, i, name));
}

static int is(const PGresult *res, int i, const char *part)
{
    return strcmp(db_value(res, i, "part"), part) == 0;
}

/* How many rows of res are of part. */
static size_t count(const PGresult *res, const char *part)
{
    size_t n = 0;
    for (int i = 0; i < PQntuples(res); i++)
        n += is(res, i, part);
    return n;
}

/* Fills s's arrays from the rows of res (in the function's order). */
static void fill(struct csa_submission *s, const PGresult *res)
{
    struct arena *a = &s->arena;
    s->priorities = arena_alloc(a, (count(res, "priority") + 1) * sizeof *s->priorities);
    s->themes = arena_alloc(a, (count(res, "theme") + 1) * sizeof *s->themes);
    s->categories = arena_alloc(a, (count(res, "category") + 1) * sizeof *s->categories);
    s->indicators = arena_alloc(a, (count(res, "indicator") + 1) * sizeof *s->indicators);
    s->issues = arena_alloc(a, (count(res, "issue") + 1) * sizeof *s->issues);
    struct sub_value *values = arena_alloc(a, (count(res, "value") + 1) * sizeof *values);
    for (int i = 0; i < PQntuples(res); i++) {
        if (is(res, i, "header")) {
            s->partnership_name = col(s, res, i, "partnership_name");
            s->submitted = col(s, res, i, "submitted");
            s->contact_name = col(s, res, i, "contact_name");
            s->contact_role = col(s, res, i, "contact_role");
            s->contact_email = col(s, res, i, "contact_email");
            s->scoring = col(s, res, i, "scoring");
        } else if (is(res, i, "priority")) {
            struct sub_priority *p = &s->priorities[s->npriorities++];
            p->wording = col(s, res, i, "wording");
            p->core = strcmp(db_value(res, i, "kind"), "core") == 0;
            p->rank = col(s, res, i, "rank");
            p->score = col(s, res, i, "score");
        } else if (is(res, i, "theme")) {
            s->themes[s->nthemes++].wording = col(s, res, i, "wording");
        } else if (is(res, i, "crime")) {
            s->has_crime = 1;
            s->cur_start = col(s, res, i, "current_start");
            s->cur_end = col(s, res, i, "current_end");
            s->prev_start = col(s, res, i, "previous_start");
            s->prev_end = col(s, res, i, "previous_end");
        } else if (is(res, i, "category")) {
            struct sub_category *c = &s->categories[s->ncategories++];
            c->name = col(s, res, i, "name");
            c->parent = col(s, res, i, "parent");
            c->current = col(s, res, i, "current");
            c->previous = col(s, res, i, "previous");
            c->difference = col(s, res, i, "difference");
            c->percent = col(s, res, i, "percent_change");
        } else if (is(res, i, "indicator")) {
            struct sub_indicator *ind = &s->indicators[s->nindicators++];
            ind->name = col(s, res, i, "name");
            ind->unit = col(s, res, i, "unit");
            ind->values = values; /* its values follow it */
        } else if (is(res, i, "value") && s->nindicators > 0) {
            struct sub_indicator *ind = &s->indicators[s->nindicators - 1];
            struct sub_value *v = &ind->values[ind->nvalues++];
            v->start = col(s, res, i, "period_start");
            v->end = col(s, res, i, "period_end");
            v->value = col(s, res, i, "value");
            values++;
        } else if (is(res, i, "issue")) {
            struct sub_issue *e = &s->issues[s->nissues++];
            e->title = col(s, res, i, "title");
            e->text = col(s, res, i, "body");
        }
    }
}

enum csa_rc template_previous(PGconn *c, const char *county, const char *code, int year,
                              struct csa_submission **out, int *version,
                              struct csa_error *err)
{
    *out = NULL;
    *version = 0;
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    const char *params[3] = {county, code, y};
    PGresult *res;
    enum csa_rc rc = db_query(c, "SELECT * FROM csa.template_previous($1, $2, $3::integer)", 3,
                              params, &res, err);
    if (rc != CSA_OK)
        return rc;
    if (PQntuples(res) > 0 && is(res, 0, "header")) {
        struct csa_submission *s = xcalloc(1, sizeof *s);
        s->code = arena_strdup(&s->arena, code);
        s->county = arena_strdup(&s->arena, county);
        s->version = "1";
        s->plan_year = year;
        *version = atoi(db_value(res, 0, "version"));
        fill(s, res);
        *out = s;
    }
    PQclear(res);
    return CSA_OK;
}
