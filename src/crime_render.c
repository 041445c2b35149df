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
    if (f->nmonths == 0) {
        buf_puts(out, "no months");
    } else {
        month_text(out, f->first_month);
        if (f->last_month != f->first_month) {
            buf_puts(out, " .. ");
            month_text(out, f->last_month);
        }
    }
    buf_printf(out, "); not loaded: %lld outside the county's districts, %lld with no location",
               f->outside, f->no_location);
    if (f->bad_skipped)
        buf_printf(out, ", %lld malformed rows skipped", f->bad_skipped);
    buf_putc(out, '\n');
}

void crime_load_render(const struct crime_load *l, struct buf *out, struct buf *errs)
{
    for (size_t i = 0; i < l->nfiles; i++) {
        const struct crime_file *f = &l->files[i];
        switch (f->outcome) {
        case CRIME_LOADED:
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
    if (l->nfiles == 0)
        buf_puts(errs, "csa: no police.uk street-level files (*street.csv or *street.csv.gz) "
                       "found\n");
}

/* ---- the crime tables ----------------------------------------------------------------- */

void crime_summary_text(const struct crime_summary *s, struct buf *out)
{
    buf_printf(out, "%s: police.uk street-level crime, the twelve months to %s against the "
                    "twelve before\nmonths loaded: %d of 24%s",
               s->county_name, s->period_end, s->months_loaded, s->nmissing ? "; missing:" : "");
    for (int i = 0; i < s->nmissing; i++)
        buf_printf(out, " %s", s->missing[i]);
    buf_putc(out, '\n');
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
        /* as the papers write it: +26, -232, and a plain 0 */
        char d[32], pc[32];
        snprintf(d, sizeof d, r->difference ? "%+lld" : "0", r->difference);
        if (r->percent_change == NULL)
            snprintf(pc, sizeof pc, "n/a");
        else
            snprintf(pc, sizeof pc, "%s%s%%", r->percent_change[0] == '-' ? "" : "+",
                     r->percent_change);
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
        buf_printf(out, ",%d,%lld,%lld,%lld,%s\n", r->level, r->current, r->previous,
                   r->difference, r->percent_change ? r->percent_change : "");
    }
}

void crime_summary_json(const struct crime_summary *s, struct buf *out)
{
    buf_printf(out, "{\"period_end\":\"%s\",\"months_loaded\":%d,\"months_missing\":",
               s->period_end, s->months_loaded);
    json_strings(out, s->missing, (size_t)s->nmissing);
    buf_puts(out, ",\"rows\":[");
    for (size_t i = 0; i < s->nrows; i++) {
        const struct crime_summary_row *r = &s->rows[i];
        buf_puts(out, i ? ",{\"area\":" : "{\"area\":");
        json_str(out, r->area);
        json_kv(out, "area_name", r->area_name, 0);
        json_kv(out, "category", r->category, 0);
        buf_printf(out, ",\"level\":%d,\"current\":%lld,\"previous\":%lld,\"difference\":%lld,"
                        "\"percent_change\":%s}",
                   r->level, r->current, r->previous, r->difference,
                   r->percent_change ? r->percent_change : "null");
    }
    buf_puts(out, "]}\n");
}
