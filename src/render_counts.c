/* render_counts.c: `csa counts` as text, CSV (RFC 4180 quoting) and JSON (see render.h).
 * The selection rule is printed as SQL states it (struct agr_rule), never recomputed; so is
 * whether the selection is provisional and what could still cross (csa.count_standing). The
 * CSV columns are the contract of doc/cli.md and never gain the provisional marks. */
#include "csa/json.h"
#include "csa/planyear.h"
#include "csa/render.h"

#include <string.h>

void render_csv_field(struct buf *b, const char *s)
{
    if (s == NULL)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        buf_puts(b, s);
        return;
    }
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

void render_counts_csv(const struct agreement *a, struct buf *b)
{
    buf_puts(b, "priority,label,partnerships,selected,basis\n");
    for (size_t i = 0; i < a->ncounts; i++) {
        const struct agr_count *k = &a->counts[i];
        render_csv_field(b, k->id);
        buf_putc(b, ',');
        render_csv_field(b, k->label);
        buf_printf(b, ",%d,%s,", k->partnerships, k->selected ? "yes" : "no");
        render_csv_field(b, k->basis);
        buf_putc(b, '\n');
    }
}

/* The selection rule in words, as SQL states it: "more than 5.5 of the 11 partnerships
 * (min-share 0.5)" or "at least 3 of the 11 partnerships (min-partnerships 3)". */
static void rule_words(const struct agreement *a, struct buf *b)
{
    const struct agr_rule *r = &a->rule;
    buf_puts(b, "named by ");
    render_rule_words(a, 0, b);
    if (r->min_partnerships > 0)
        buf_printf(b, " partnerships (min-partnerships %d)", r->min_partnerships);
    else
        buf_printf(b, " partnerships (min-share %s)", r->min_share ? r->min_share : "?");
}

/* The priorities no submission names yet that could still be selected, if any. */
static void could_cross_text(const struct agreement *a, struct buf *b)
{
    size_t n = 0;
    for (size_t i = 0; i < a->nstanding; i++)
        n += a->standing[i].could_cross && !a->standing[i].listed;
    if (n == 0)
        return;
    buf_printf(b, "\nnamed by none so far but could still cross (%zu):", n);
    for (size_t i = 0; i < a->nstanding; i++)
        if (a->standing[i].could_cross && !a->standing[i].listed)
            buf_printf(b, " %s", a->standing[i].id);
    buf_putc(b, '\n');
}

void render_counts_text(const struct agreement *a, struct buf *b)
{
    char py[PLANYEAR_LABEL_MAX];
    buf_printf(b, "%s, plan year %s: %zu of %zu partnerships have a current submission\n",
               a->reg->name, planyear_label(a->year, '/', py, sizeof py), a->nsubmitted,
               a->npartnerships);
    if (a->provisional)
        buf_printf(b, "provisional: counted over the %zu that have submitted, %zu still to come\n",
                   a->nsubmitted, a->npartnerships - a->nsubmitted);
    buf_puts(b, "a priority is selected when ");
    rule_words(a, b);
    buf_puts(b, ", or added by the county\n\n");
    buf_printf(b, "%-28s %-32s %5s  %s\n", "priority", "label", "CSPs", "selected");
    for (size_t i = 0; i < a->ncounts; i++) {
        const struct agr_count *k = &a->counts[i];
        buf_printf(b, "%-28s %-32s %5d  %s%s%s%s%s\n", k->id, k->label, k->partnerships,
                   k->selected ? "yes" : "no", k->basis[0] ? " (" : "", k->basis,
                   k->basis[0] ? ")" : "", k->could_cross ? " (could still cross)" : "");
    }
    could_cross_text(a, b);
    if (a->nunmapped)
        buf_printf(b, "\n%zu wording%s map%s to no priority and are not counted; see csa status\n",
                   a->nunmapped, a->nunmapped == 1 ? "" : "s", a->nunmapped == 1 ? "s" : "");
}

static void json_row(struct buf *b, const void *item)
{
    const struct agr_count *k = item;
    json_kv(b, "priority", k->id, 1);
    json_kv(b, "label", k->label, 0);
    buf_printf(b, ",\"partnerships\":%d,\"selected\":%s,\"could_cross\":%s", k->partnerships,
               k->selected ? "true" : "false", k->could_cross ? "true" : "false");
    json_kv(b, "basis", k->basis, 0);
    json_key(b, "total_score", 0);
    buf_puts(b, k->total_score ? k->total_score : "0");
    json_key(b, "members", 0);
    json_strings(b, k->members.v, k->members.n);
}

static void json_unmapped(struct buf *b, const void *item)
{
    const struct agr_unmapped *u = item;
    json_kv(b, "partnership", u->partnership, 1);
    json_kv(b, "file", u->file, 0);
    buf_printf(b, ",\"line\":%ld", u->line);
    if (u->cell)
        json_kv(b, "cell", u->cell, 0);
    json_kv(b, "kind", u->what, 0);
    json_kv(b, "wording", u->wording, 0);
    json_key(b, "suggestions", 0);
    buf_putc(b, '[');
    for (size_t j = 0; j < u->nsuggestions; j++) {
        if (j)
            buf_putc(b, ',');
        json_str(b, u->suggestions[j].id);
    }
    buf_putc(b, ']');
}

/* The selection rule as SQL states it; numbers as SQL wrote them, which JSON reads too. */
static void json_selection(struct buf *b, const struct agr_rule *r)
{
    json_key(b, "selection", 0);
    buf_putc(b, '{');
    json_kv(b, "basis", r->basis, 1);
    buf_printf(b, ",\"min_share\":%s", r->min_share ? r->min_share : "null");
    if (r->min_partnerships > 0)
        buf_printf(b, ",\"min_partnerships\":%d", r->min_partnerships);
    else
        buf_puts(b, ",\"min_partnerships\":null");
    buf_printf(b, ",\"threshold\":%s,\"at_least\":%s}", r->threshold ? r->threshold : "null",
               r->at_least ? "true" : "false");
}

void render_counts_json(const struct agreement *a, struct buf *b)
{
    buf_putc(b, '{');
    json_kv(b, "county", a->reg->code, 1);
    json_kv(b, "county_name", a->reg->name, 0);
    buf_printf(b, ",\"plan_year\":%d,\"partnerships\":%zu,\"submitted\":%zu", a->year,
               a->npartnerships, a->nsubmitted);
    buf_printf(b, ",\"provisional\":%s", a->provisional ? "true" : "false");
    json_selection(b, &a->rule);
    json_list(b, "rows", a->counts, a->ncounts, sizeof *a->counts, json_row);
    json_key(b, "could_cross", 0); /* every priority that could still be selected, named or not */
    buf_putc(b, '[');
    for (size_t i = 0, n = 0; i < a->nstanding; i++)
        if (a->standing[i].could_cross) {
            if (n++)
                buf_putc(b, ',');
            json_str(b, a->standing[i].id);
        }
    buf_putc(b, ']');
    json_list(b, "unmapped", a->unmapped, a->nunmapped, sizeof *a->unmapped, json_unmapped);
    buf_puts(b, "}\n");
}
