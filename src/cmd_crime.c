/* cmd_crime.c: the handlers of `csa crime load` and `csa crime table` (the command table is
 * in cli.c, which has opened the register and the database, migrated and synced it). The
 * crime stage still opens its own connections and prints its own report. */
#include "csa/cmd.h"
#include "csa/crime.h"

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
    return CSA_OK;
}

int cmd_crime_load(struct cli_ctx *x, int argc, char **argv)
{
    const struct cli_options *o = x->o;
    struct crime_config cfg = {.db = o->db, .reg = x->reg, .lsoa_lookup = o->lsoa_lookup,
                               .skip_bad = o->skip_bad_rows, .quiet = o->quiet,
                               .jobs = o->jobs ? o->jobs : omp_get_num_procs()};
    return crime_load(&cfg, argv, argc);
}

int cmd_crime_table(struct cli_ctx *x, int argc, char **argv)
{
    (void)argc, (void)argv;
    const struct cli_options *o = x->o;
    return crime_table(o->db, x->reg, o->year, o->period_end, o->format ? o->format : "text");
}
