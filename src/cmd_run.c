/* cmd_run.c: the handler of `csa run` (the command table is in cli.c, which has opened the
 * register and the database and taken the run lock). The batch fills a report; this prints
 * its problems on stderr and, unless --quiet, the report on stdout as text or JSON. */
#include "csa/cmd.h"
#include "csa/fsio.h"
#include "csa/run.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int check_run(const struct cli_options *o, int argc, char **argv)
{
    const char *fmt = o->format ? o->format : "text";
    if (argc != 0)
        return cli_usage_error("run takes no arguments (got \"%s\")", argv[0]);
    if (o->inbox == NULL || o->out == NULL)
        return cli_usage_error("run needs --inbox DIR and --out DIR");
    if (!cli_valid_date(o->date))
        return cli_usage_error("--date takes a date written YYYY-MM-DD, not \"%s\"", o->date);
    if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
        return cli_usage_error("--format for run is text or json, not \"%s\"", fmt);
    if (o->draft_formats && !draft_parse_formats(o->draft_formats))
        return cli_usage_error("--draft-formats is html, md, docx, pdf or a list of them "
                               "(html,md,docx,pdf), not \"%s\"",
                               o->draft_formats);
    return CSA_OK;
}

int cmd_run(struct cli_ctx *x, int argc, char **argv)
{
    (void)argc, (void)argv;
    const struct cli_options *o = x->o;
    char *archive = o->archive ? NULL : fsio_beside(o->inbox, "archive");
    char *quarantine = o->quarantine ? NULL : fsio_beside(o->inbox, "quarantine");
    struct buf out = {0}, problems = {0};
    struct run_config cfg = {
        .conn = x->conn,
        .register_changed = x->register_changed,
        .db = o->db,
        .reg = x->reg,
        .inbox = o->inbox,
        .archive = o->archive ? o->archive : archive,
        .quarantine = o->quarantine ? o->quarantine : quarantine,
        .out = o->out,
        .year = o->year,
        .jobs = o->jobs ? o->jobs : omp_get_num_procs(),
        .settle = o->settle >= 0 ? o->settle : 5,
        .date = o->date,
        .quiet = o->quiet,
        .draft_formats = draft_parse_formats(o->draft_formats ? o->draft_formats : "html,md"),
    };
    struct run_report rep;
    struct csa_error err = {0};
    int rc = run_batch(&cfg, &rep, &err);
    if (rc != CSA_OK && err.msg[0])
        cli_print_error(&err);
    run_report_problems(&rep, &problems);
    fputs(buf_str(&problems), stderr);
    if (rep.id && !o->quiet) {
        if (o->format && strcmp(o->format, "json") == 0)
            run_report_json(&rep, &out);
        else
            run_report_text(&rep, &out);
    }
    rc = cli_write(&out, rc);
    run_report_free(&rep);
    buf_free(&problems);
    free(archive);
    free(quarantine);
    return rc;
}
