/* crime_render.c: the pure renderers of the crime commands: the report of `csa crime load`
 * (crime_load.h) and the crime tables of `csa crime table` as text, CSV and JSON
 * (crime_summary.h). They only append bytes to a buffer: no database, no printing. */
#include "csa/crime_load.h"
#include "csa/crime_summary.h"
#include "csa/json.h"
#include "csa/render.h"

#include <stdio.h>
#include <string.h>

/* ---- the load report ------------------------------------------------------------------ */

/* Month m (year * 12 + month - 1) as "YYYY-MM". */
static void month_text(struct buf *b, int m)
{
    buf_printf(b, "%04d-%02d", m / 12, m % 12 + 1);
}

static void loaded_line(const struct crime_file *f, struct buf *out)
{
    buf_printf(out, "loaded %s: %lld rows (", f->path, f->loaded);
    month_text(out, f->month);
    buf_printf(out, ", %s); not loaded: %lld outside the county's districts, %lld with no "
                    "location",
               f->force ? f->force : "", f->outside, f->no_location);
    if (f->bad_skipped) {
        buf_printf(out, ", %lld malformed row%s skipped (line%s", f->bad_skipped,
                   f->bad_skipped == 1 ? "" : "s", f->bad_skipped == 1 ? "" : "s");
        for (long long k = 0; k < f->bad_skipped && k < CRIME_SKIPS_SHOWN; k++)
            buf_printf(out, "%s %ld", k ? "," : "", f->skips[k].line);
        buf_puts(out, f->bad_skipped > CRIME_SKIPS_SHOWN ? ", ...)" : ")");
    }
    buf_putc(out, '\n');
}

/* Each record skipped on request, as a warning with its line (the first few, then a count). */
static void skipped_warnings(const struct crime_file *f, struct buf *errs)
{
    for (long long k = 0; k < f->bad_skipped && k < CRIME_SKIPS_SHOWN; k++)
        buf_printf(errs, "%s:%ld: warning: row skipped: %s\n", f->path, f->skips[k].line,
                   f->skips[k].why);
    if (f->bad_skipped > CRIME_SKIPS_SHOWN)
        buf_printf(errs, "%s: warning: %lld more malformed rows skipped\n", f->path,
                   f->bad_skipped - CRIME_SKIPS_SHOWN);
}

void crime_load_render(const struct crime_load *l, struct buf *out, struct buf *errs)
{
    for (size_t i = 0; i < l->nfiles; i++) {
        const struct crime_file *f = &l->files[i];
        switch (f->outcome) {
        case CRIME_LOADED:
            skipped_warnings(f, errs);
            loaded_line(f, out);
            break;
        case CRIME_SUPERSEDED:
            buf_printf(out, "skipped %s: %s holds the same force and month and replaces it\n",
                       f->path, f->replaced_by);
            break;
        default:
            csa_error_format(errs, &f->err);
            buf_printf(out, "%s %s: %s\n", f->outcome == CRIME_REJECTED ? "rejected" : "failed",
                       f->path, f->err.msg);
        }
    }
}

/* ---- the crime tables ----------------------------------------------------------------- */

/* The missing force-months, force by force, runs of months as "FIRST .. LAST". */
static void gaps_text(const struct crime_summary *s, struct buf *out)
{
    buf_puts(out, "missing force-months:");
    for (size_t i = 0; i < s->ngaps;) {
        const struct crime_gap *g = &s->gaps[i];
        if (i == 0 || strcmp(s->gaps[i - 1].force, g->force) != 0)
            buf_printf(out, "%s %s", i ? ";" : "", g->force);
        else
            buf_putc(out, ',');
        buf_printf(out, " %s", g->month);
        size_t j = i;
        while (j + 1 < s->ngaps && strcmp(s->gaps[j + 1].force, g->force) == 0 &&
               s->gaps[j + 1].at == s->gaps[j].at + 1)
            j++;
        if (j > i)
            buf_printf(out, " .. %s", s->gaps[j].month);
        i = j + 1;
    }
    buf_putc(out, '\n');
}

/* The heading of the crime tables: the county and the window, the forces, the months. */
static void heading_text(const struct crime_summary *s, struct buf *out)
{
    buf_printf(out, "%s: police.uk street-level crime, the twelve months to %s against the "
                    "twelve before\n",
               s->county_name, s->period_end);
    if (s->nforces) {
        buf_puts(out, "forces:");
        for (size_t i = 0; i < s->nforces; i++)
            buf_printf(out, "%s %s%s", i ? "," : "", s->forces[i],
                       s->forces[i] == s->principal ? " (principal)" : "");
        buf_putc(out, '\n');
    }
    buf_printf(out, "months loaded: %d of 24%s", s->months_loaded,
               s->nmissing ? "; missing:" : "");
    for (int i = 0; i < s->nmissing; i++)
        buf_printf(out, " %s", s->missing[i]);
    buf_putc(out, '\n');
    if (s->ngaps)
        gaps_text(s, out);
}

/* A change as the papers write it: +26, -232, and a plain 0; a percentage +50.0%, n/a. */
static void change_text(long long difference, const char *percent, char *d, char *pc,
                        size_t size)
{
    snprintf(d, size, difference ? "%+lld" : "0", difference);
    if (percent == NULL)
        snprintf(pc, size, "n/a");
    else
        snprintf(pc, size, "%s%s%%", percent[0] == '-' ? "" : "+", percent);
}

/* A row's counts and change, the last fields of a CSV line (percent empty when none), and
 * the last members of a JSON row, closing it (percent null when none). */
static void change_csv(long long current, long long previous, long long difference,
                       const char *percent, struct buf *out)
{
    buf_printf(out, ",%lld,%lld,%lld,%s\n", current, previous, difference,
               percent ? percent : "");
}

static void change_json(long long current, long long previous, long long difference,
                        const char *percent, struct buf *out)
{
    buf_printf(out, ",\"current\":%lld,\"previous\":%lld,\"difference\":%lld,"
                    "\"percent_change\":%s}",
               current, previous, difference, percent ? percent : "null");
}

void crime_summary_text(const struct crime_summary *s, struct buf *out)
{
    heading_text(s, out);
    const char *area = "";
    for (size_t i = 0; i < s->nrows; i++) {
        const struct crime_summary_row *r = &s->rows[i];
        if (strcmp(area, r->area) != 0) {
            area = r->area;
            buf_printf(out, "\n%s\n%-44s %9s %9s %10s %9s\n", r->area_name, "", "current",
                       "previous", "difference", "% change");
        }
        char label[64];
        snprintf(label, sizeof label, "%s%s", r->level ? "  - " : "", r->category);
        char d[32], pc[32];
        change_text(r->difference, r->percent_change, d, pc, sizeof d);
        buf_printf(out, "%-44s %9lld %9lld %10s %9s\n", label, r->current, r->previous, d, pc);
    }
}

void crime_summary_csv(const struct crime_summary *s, struct buf *out)
{
    buf_puts(out, "area,area_name,category,level,current,previous,difference,percent_change\n");
    for (size_t i = 0; i < s->nrows; i++) {
        const struct crime_summary_row *r = &s->rows[i];
        render_csv_field(out, r->area);
        buf_putc(out, ',');
        render_csv_field(out, r->area_name);
        buf_putc(out, ',');
        render_csv_field(out, r->category);
        buf_printf(out, ",%d", r->level);
        change_csv(r->current, r->previous, r->difference, r->percent_change, out);
    }
}

/* The JSON heading, up to missing_force_months, leaving the object open. */
static void heading_json(const struct crime_summary *s, struct buf *out)
{
    buf_printf(out, "{\"period_end\":\"%s\",\"forces\":", s->period_end);
    json_strings(out, s->forces, s->nforces);
    buf_puts(out, ",\"principal_force\":");
    if (s->principal)
        json_str(out, s->principal);
    else
        buf_puts(out, "null");
    buf_printf(out, ",\"months_loaded\":%d,\"months_missing\":", s->months_loaded);
    json_strings(out, s->missing, (size_t)s->nmissing);
    buf_puts(out, ",\"missing_force_months\":[");
    for (size_t i = 0; i < s->ngaps; i++) {
        buf_puts(out, i ? ",{\"force\":" : "{\"force\":");
        json_str(out, s->gaps[i].force);
        json_kv(out, "month", s->gaps[i].month, 0);
        buf_putc(out, '}');
    }
    buf_putc(out, ']');
}

void crime_summary_json(const struct crime_summary *s, struct buf *out)
{
    heading_json(s, out);
    buf_puts(out, ",\"rows\":[");
    for (size_t i = 0; i < s->nrows; i++) {
        const struct crime_summary_row *r = &s->rows[i];
        buf_puts(out, i ? ",{\"area\":" : "{\"area\":");
        json_str(out, r->area);
        json_kv(out, "area_name", r->area_name, 0);
        json_kv(out, "category", r->category, 0);
        buf_printf(out, ",\"level\":%d", r->level);
        change_json(r->current, r->previous, r->difference, r->percent_change, out);
    }
    buf_puts(out, "]}\n");
}

/* ---- the hotspots --------------------------------------------------------------------- */

void crime_hotspots_text(const struct crime_hotspots *h, struct buf *out)
{
    heading_text(&h->head, out);
    buf_printf(out, "\n%s, %s: the %zu LSOA%s with the most\n", h->area_name, h->category,
               h->nrows, h->nrows == 1 ? "" : "s");
    buf_printf(out, "%4s %-10s %-26s %-22s %9s %9s %10s %9s\n", "rank", "LSOA", "LSOA name",
               "district", "current", "previous", "difference", "% change");
    for (size_t i = 0; i < h->nrows; i++) {
        const struct crime_lsoa_row *r = &h->rows[i];
        char d[32], pc[32];
        change_text(r->difference, r->percent_change, d, pc, sizeof d);
        buf_printf(out, "%4lld %-10s %-26s %-22s %9lld %9lld %10s %9s\n", r->rank, r->lsoa,
                   r->lsoa_name, r->district, r->current, r->previous, d, pc);
    }
}

void crime_hotspots_csv(const struct crime_hotspots *h, struct buf *out)
{
    buf_puts(out, "rank,lsoa,lsoa_name,district,current,previous,difference,percent_change\n");
    for (size_t i = 0; i < h->nrows; i++) {
        const struct crime_lsoa_row *r = &h->rows[i];
        buf_printf(out, "%lld,", r->rank);
        render_csv_field(out, r->lsoa);
        buf_putc(out, ',');
        render_csv_field(out, r->lsoa_name);
        buf_putc(out, ',');
        render_csv_field(out, r->district);
        change_csv(r->current, r->previous, r->difference, r->percent_change, out);
    }
}

void crime_hotspots_json(const struct crime_hotspots *h, struct buf *out)
{
    heading_json(&h->head, out);
    json_kv(out, "area", h->area, 0);
    json_kv(out, "area_name", h->area_name, 0);
    json_kv(out, "category", h->category, 0);
    buf_puts(out, ",\"rows\":[");
    for (size_t i = 0; i < h->nrows; i++) {
        const struct crime_lsoa_row *r = &h->rows[i];
        buf_printf(out, "%s{\"rank\":%lld", i ? "," : "", r->rank);
        json_kv(out, "lsoa", r->lsoa, 0);
        json_kv(out, "lsoa_name", r->lsoa_name, 0);
        json_kv(out, "district", r->district, 0);
        change_json(r->current, r->previous, r->difference, r->percent_change, out);
    }
    buf_puts(out, "]}\n");
}
