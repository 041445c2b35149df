/* cmd_crime.c: the handlers of `csa crime load` and `csa crime table` (the command table is
 * in cli.c, which has opened the register and the database, migrated and synced it). The
 * stages fill structs (crime_load.h, crime_summary.h); their renderers make the bytes, and
 * only these handlers write them. */
#include "csa/cmd.h"
#include "csa/crime_load.h"
#include "csa/crime_summary.h"

#include <omp.h>
#include <stdio.h>
#include <string.h>

static int valid_month(const char *s)
{
    int y, m;
    char tail;
    return s == NULL || (strlen(s) == 7 && sscanf(s, "%4d-%2d%c", &y, &m, &tail) == 2 &&
                         m >= 1 && m <= 12);
}

int check_crime_load(const struct cli_options *o, int argc, char **argv)
{
    (void)o, (void)argv;
    if (argc < 1)
        return cli_usage_error("crime load needs at least one FILE or DIR");
    return CSA_OK;
}

int check_crime_table(const struct cli_options *o, int argc, char **argv)
{
    (void)argv;
    const char *fmt = o->format ? o->format : "text";
    if (argc != 0 || o->year == 0)
        return cli_usage_error("crime table takes --year Y and no arguments");
    if (!valid_month(o->period_end))
        return cli_usage_error("--period-end takes a month written YYYY-MM, not \"%s\"",
                               o->period_end);
    if (strcmp(fmt, "text") != 0 && strcmp(fmt, "csv") != 0 && strcmp(fmt, "json") != 0)
        return cli_usage_error("--format for crime table is text, csv or json, not \"%s\"", fmt);
    if (o->by && strcmp(o->by, "lsoa") != 0)
        return cli_usage_error("--by for crime table is lsoa, not \"%s\"", o->by);
    if (o->by == NULL && (o->area || o->category || o->top))
        return cli_usage_error("--area, --category and --top go with --by lsoa");
    if (o->by && o->area == NULL)
        return cli_usage_error("--by lsoa needs --area CODE: a partnership's code, or county");
    return CSA_OK;
}

/* Problems go to stderr; the report to stdout unless --quiet. */
static int finish(struct buf *out, struct buf *errs, const struct csa_error *err, int quiet,
                  int rc)
{
    if (err->msg[0])
        csa_error_format(errs, err);
    fputs(buf_str(errs), stderr);
    buf_free(errs);
    if (quiet)
        buf_reset(out);
    return cli_write(out, rc);
}

int cmd_crime_load(struct cli_ctx *x, int argc, char **argv)
{
    const struct cli_options *o = x->o;
    struct crime_config cfg = {.db = o->db, .reg = x->reg, .lsoa_lookup = o->lsoa_lookup,
                               .skip_bad = o->skip_bad_rows,
                               .jobs = o->jobs ? o->jobs : omp_get_num_procs()};
    struct crime_load l;
    struct csa_error err = {0};
    struct buf out = {0}, errs = {0};
    int rc = crime_load(x->conn, &cfg, argv, argc, &l, &err);
    if (rc == CSA_OK) {
        crime_load_render(&l, &out, &errs);
        rc = l.rc;
    }
    crime_load_free(&l);
    return finish(&out, &errs, &err, o->quiet, rc);
}

int cmd_crime_table(struct cli_ctx *x, int argc, char **argv)
{
    (void)argc, (void)argv;
    const struct cli_options *o = x->o;
    const char *fmt = o->format ? o->format : "text";
    struct csa_error err = {0};
    struct buf out = {0}, errs = {0};
    if (o->by) {
        struct crime_hotspots h;
        int rc = crime_hotspots_read(x->conn, x->reg, o->year, o->period_end, o->area,
                                     o->category, o->top ? o->top : 10, &h, &err);
        if (rc == CSA_OK && strcmp(fmt, "csv") == 0)
            crime_hotspots_csv(&h, &out);
        else if (rc == CSA_OK && strcmp(fmt, "json") == 0)
            crime_hotspots_json(&h, &out);
        else if (rc == CSA_OK)
            crime_hotspots_text(&h, &out);
        crime_hotspots_free(&h);
        return finish(&out, &errs, &err, 0, rc);
    }
    struct crime_summary s;
    int rc = crime_summary_read(x->conn, x->reg, o->year, o->period_end, &s, &err);
    if (rc == CSA_OK && strcmp(fmt, "csv") == 0)
        crime_summary_csv(&s, &out);
    else if (rc == CSA_OK && strcmp(fmt, "json") == 0)
        crime_summary_json(&s, &out);
    else if (rc == CSA_OK)
        crime_summary_text(&s, &out);
    crime_summary_free(&s);
    return finish(&out, &errs, &err, 0, rc);
}
