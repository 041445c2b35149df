/* status_render.c: a struct status as text or JSON (see status.h). Pure: these functions
 * only append to the caller's buffer. The text is what `csa status` has always printed, with
 * every submitted string shown escaped (one line per fact, whatever a wording holds); the
 * JSON carries the same facts, with numbers as numbers and absent values as null. */
#include "csa/planyear.h"
#include "csa/json.h"
#include "csa/status.h"
#include "csa/utf8.h"

#include <string.h>

static const char *plural(long n)
{
    return n == 1 ? "" : "s";
}

/* Appends submitted text (a file name, a wording, a message; NULL: nothing) as it is shown:
 * escaped (utf8_escape), so that no wording can start a line of its own, forge one, or
 * reorder what follows it on a terminal. */
static void put(struct buf *out, const char *s)
{
    if (s)
        utf8_escape(out, s, strlen(s));
}

/* How many of the partnerships the role sees have no current submission. */
static size_t missing_seen(const struct status *st)
{
    size_t n = 0;
    for (size_t i = 0; i < st->npartnerships; i++)
        n += st->partnerships[i].version == 0;
    return n;
}

static void text_partnerships(const struct status *st, struct buf *out)
{
    buf_printf(out, "%s, plan year ", st->county);
    planyear_put(out, st->year);
    buf_putc(out, '\n');
    buf_printf(out, "partnerships with a current submission: %zu of %zu\n", st->submitted,
               st->in_force);
    if (!st->sees_all)
        buf_puts(out, "(your partnerships only; of the others, only how many have submitted)\n");
    for (size_t i = 0; i < st->npartnerships; i++) {
        const struct status_partnership *p = &st->partnerships[i];
        if (p->version == 0)
            continue;
        buf_printf(out, "  %-20s version %d, submitted ", p->code, p->version);
        put(out, p->submitted ? p->submitted : "(no date)");
        buf_puts(out, ", from ");
        put(out, p->source_name);
        buf_puts(out, ", loaded by ");
        put(out, p->loaded_by);
        buf_puts(out, " from ");
        put(out, p->origin);
        if (p->warnings)
            buf_printf(out, " (%ld warning%s)", p->warnings, plural(p->warnings));
        buf_putc(out, '\n');
    }
    buf_printf(out, "missing: %s\n", missing_seen(st) == 0 ? "none" : "");
    for (size_t i = 0; i < st->npartnerships; i++)
        if (st->partnerships[i].version == 0) {
            buf_printf(out, "  %-20s ", st->partnerships[i].code);
            put(out, st->partnerships[i].name);
            buf_putc(out, '\n');
        }
}

/* ":LINE:", or ":SHEET!CELL:" for a workbook's cell (shown escaped, as a stored string). */
static void place(struct buf *out, long line, const char *cell)
{
    buf_putc(out, ':');
    if (cell)
        put(out, cell);
    else
        buf_printf(out, "%ld", line);
    buf_putc(out, ':');
}

static void text_unmapped(const struct status *st, struct buf *out)
{
    buf_printf(out, "unmapped wordings: %s\n", st->nunmapped ? "" : "none");
    for (size_t i = 0; i < st->nunmapped; i++) {
        const struct status_unmapped *u = &st->unmapped[i];
        buf_puts(out, "  ");
        put(out, u->source_name);
        place(out, u->line, u->cell);
        buf_puts(out, " ");
        put(out, u->theme ? "theme" : u->kind ? u->kind : "");
        buf_puts(out, " \"");
        put(out, u->wording);
        buf_putc(out, '"');
        buf_puts(out, u->nsuggestions ? "; closest: " : "; no close match in the register");
        for (size_t j = 0; j < u->nsuggestions; j++) {
            buf_puts(out, j ? ", " : "");
            put(out, u->suggestions[j].label);
            buf_puts(out, " (");
            put(out, u->suggestions[j].id);
            buf_putc(out, ')');
        }
        buf_putc(out, '\n');
    }
}

static void text_runs(const struct status *st, struct buf *out)
{
    buf_printf(out, "last runs: %s\n", st->nruns ? "" : "none");
    for (size_t i = 0; i < st->nruns; i++) {
        const struct status_run *r = &st->runs[i];
        buf_printf(out,
                   "  run %lld at %s: %s; %ld files: %ld loaded, %ld unchanged, %ld rejected, "
                   "%ld waiting, %ld skipped\n",
                   r->id, r->started_at, r->outcome, r->seen, r->loaded, r->unchanged,
                   r->rejected, r->waiting, r->skipped);
    }
    for (size_t i = 0; i < st->nrun_files; i++) {
        const struct status_run_file *f = &st->run_files[i];
        buf_printf(out, "    %s ", f->outcome);
        put(out, f->name);
        buf_puts(out, ": ");
        put(out, f->moved_to ? f->moved_to : "(left in the inbox)");
        buf_putc(out, '\n');
    }
}

void status_text(const struct status *st, struct buf *out)
{
    text_partnerships(st, out);
    buf_printf(out, "warnings held: %s\n", st->nwarnings ? "" : "none");
    for (size_t i = 0; i < st->nwarnings; i++) {
        buf_puts(out, "  ");
        put(out, st->warnings[i].source_name);
        place(out, st->warnings[i].line, st->warnings[i].cell);
        buf_puts(out, " warning: ");
        put(out, st->warnings[i].message);
        buf_putc(out, '\n');
    }
    text_unmapped(st, out);
    if (st->sees_all) /* an analyst may not read the run ledger */
        text_runs(st, out);
}

/* ---- JSON ----------------------------------------------------------------------------- */

static void json_num(struct buf *b, const char *key, long long v)
{
    json_key(b, key, 0);
    buf_printf(b, "%lld", v);
}

static void json_partnership(struct buf *b, const void *item)
{
    const struct status_partnership *p = item;
    json_kv(b, "code", p->code, 1);
    json_kv(b, "name", p->name, 0);
    json_key(b, "current", 0);
    if (p->version == 0) {
        buf_puts(b, "null");
        return;
    }
    buf_printf(b, "{\"version\":%d", p->version);
    json_kv(b, "submitted", p->submitted, 0);
    json_kv(b, "source_name", p->source_name, 0);
    json_kv(b, "loaded_by", p->loaded_by, 0);
    json_kv(b, "origin", p->origin, 0);
    json_num(b, "warnings", p->warnings);
    buf_putc(b, '}');
}

static void json_partnerships(const struct status *st, struct buf *b)
{
    json_list(b, "partnerships", st->partnerships, st->npartnerships, sizeof *st->partnerships,
              json_partnership);
    json_key(b, "missing", 0);
    buf_putc(b, '[');
    for (size_t i = 0, k = 0; i < st->npartnerships; i++)
        if (st->partnerships[i].version == 0) {
            buf_puts(b, k++ ? "," : "");
            json_str(b, st->partnerships[i].code);
        }
    buf_putc(b, ']');
}

static void json_warning(struct buf *b, const void *item)
{
    const struct status_warning *w = item;
    json_kv(b, "file", w->source_name, 1);
    json_num(b, "line", w->line);
    if (w->cell)
        json_kv(b, "cell", w->cell, 0);
    json_kv(b, "message", w->message, 0);
}

static void json_suggestion(struct buf *b, const void *item)
{
    const struct suggestion *g = item;
    json_kv(b, "id", g->id, 1);
    json_kv(b, "label", g->label, 0);
}

static void json_unmapped(struct buf *b, const void *item)
{
    const struct status_unmapped *u = item;
    json_kv(b, "file", u->source_name, 1);
    json_num(b, "line", u->line);
    if (u->cell)
        json_kv(b, "cell", u->cell, 0);
    json_kv(b, "what", u->theme ? "theme" : "priority", 0);
    json_kv(b, "kind", u->kind, 0);
    json_kv(b, "wording", u->wording, 0);
    json_list(b, "closest", u->suggestions, u->nsuggestions, sizeof *u->suggestions,
              json_suggestion);
}

static void json_run(struct buf *b, const void *item)
{
    const struct status_run *r = item;
    buf_printf(b, "\"id\":%lld", r->id);
    json_kv(b, "started_at", r->started_at, 0);
    json_kv(b, "outcome", r->outcome, 0);
    json_num(b, "seen", r->seen);
    json_num(b, "loaded", r->loaded);
    json_num(b, "unchanged", r->unchanged);
    json_num(b, "rejected", r->rejected);
    json_num(b, "waiting", r->waiting);
    json_num(b, "skipped", r->skipped);
}

static void json_run_file(struct buf *b, const void *item)
{
    const struct status_run_file *f = item;
    json_kv(b, "name", f->name, 1);
    json_kv(b, "outcome", f->outcome, 0);
    json_kv(b, "moved_to", f->moved_to, 0);
}

void status_json(const struct status *st, struct buf *b)
{
    buf_putc(b, '{');
    json_kv(b, "county", st->county, 1);
    buf_printf(b, ",\"plan_year\":%d,\"plan_year_label\":\"", st->year);
    planyear_put(b, st->year);
    buf_putc(b, '"');
    json_num(b, "in_force", (long long)st->in_force);
    json_num(b, "submitted", (long long)st->submitted);
    json_key(b, "sees_all", 0);
    buf_puts(b, st->sees_all ? "true" : "false");
    json_partnerships(st, b);
    json_list(b, "warnings", st->warnings, st->nwarnings, sizeof *st->warnings, json_warning);
    json_list(b, "unmapped", st->unmapped, st->nunmapped, sizeof *st->unmapped, json_unmapped);
    json_list(b, "last_runs", st->runs, st->nruns, sizeof *st->runs, json_run);
    json_list(b, "last_run_not_loaded", st->run_files, st->nrun_files, sizeof *st->run_files,
              json_run_file);
    buf_puts(b, "}\n");
}
