/* cmd_reports.c: the handlers of `csa db migrate`, `csa status`, `csa counts` and
 * `csa agreement` (the command table is in cli.c, which has opened the register and the
 * database). Each asks its stage for data, has a renderer turn it into bytes, and writes
 * them. */
#include "csa/cmd.h"
#include "csa/count.h"
#include "csa/draft.h"
#include "csa/render.h"
#include "csa/status.h"

#include <stdio.h>
#include <string.h>

/* Usage error unless a command that takes no FILE got none. */
static int no_arguments(const char *cmd, int argc, char **argv)
{
    return argc ? cli_usage_error("%s takes no arguments (got \"%s\")", cmd, argv[0]) : CSA_OK;
}

/* Whether fmt (NULL: text) is one of the words of list, "text|csv|json". */
static int format_is_one_of(const char *fmt, const char *list)
{
    size_t n = strlen(fmt);
    for (const char *p = list; (p = strstr(p, fmt)) != NULL; p += n)
        if ((p == list || p[-1] == '|') && (p[n] == '|' || p[n] == '\0'))
            return 1;
    return 0;
}

static const char *format_of(const struct cli_options *o)
{
    return o->format ? o->format : "text";
}

int check_db_migrate(const struct cli_options *o, int argc, char **argv)
{
    (void)o, (void)argv;
    return argc ? cli_usage_error("the db command takes one word: csa db migrate") : CSA_OK;
}

/* Writes a report's bytes to stdout; when its stage failed (rc), there are none, and err
 * says why on stderr. Returns rc, or CSA_EENV when stdout cannot be written. */
static int write_report(struct buf *out, const struct csa_error *err, int rc)
{
    if (rc != CSA_OK)
        cli_print_error(err);
    return cli_write(out, rc);
}

/* Opening the database applied the migrations: what is left is to say which. */
int cmd_db_migrate(struct cli_ctx *x, int argc, char **argv)
{
    (void)argc, (void)argv;
    struct buf b = {0};
    for (size_t i = 0; !x->o->quiet && i < x->migrated.napplied; i++)
        buf_printf(&b, "applied %s\n", x->migrated.applied[i]);
    return cli_write(&b, CSA_OK);
}

/* The usage check of a report of one plan year: no arguments, --year Y, and a --format among
 * formats ("text|json"), which words says in the error ("text or json"). */
static int check_report(const char *cmd, const char *formats, const char *words,
                        const struct cli_options *o, int argc, char **argv)
{
    int rc = no_arguments(cmd, argc, argv);
    if (rc == CSA_OK && o->year == 0)
        rc = cli_usage_error("%s needs --year Y", cmd);
    if (rc == CSA_OK && !format_is_one_of(format_of(o), formats))
        rc = cli_usage_error("--format for %s is %s, not \"%s\"", cmd, words, o->format);
    return rc;
}

int check_status(const struct cli_options *o, int argc, char **argv)
{
    return check_report("status", "text|json", "text or json", o, argc, argv);
}

int cmd_status(struct cli_ctx *x, int argc, char **argv)
{
    (void)argc, (void)argv;
    struct status st;
    struct csa_error err = {0};
    int rc = status_read(x->conn, x->reg, x->o->year, &st, &err);
    struct buf out = {0};
    if (rc == CSA_OK) {
        if (strcmp(format_of(x->o), "json") == 0)
            status_json(&st, &out);
        else
            status_text(&st, &out);
        status_free(&st);
    }
    return write_report(&out, &err, rc);
}

int check_counts(const struct cli_options *o, int argc, char **argv)
{
    return check_report("counts", "text|csv|json", "text, csv or json", o, argc, argv);
}

int cmd_counts(struct cli_ctx *x, int argc, char **argv)
{
    (void)argc, (void)argv;
    struct agreement a;
    struct csa_error err = {0};
    int rc = count_year(x->conn, x->reg, x->o->year, x->o->date, COUNT_TABLE, &a, &err);
    const char *fmt = format_of(x->o);
    struct buf out = {0};
    if (rc == CSA_OK) {
        if (strcmp(fmt, "csv") == 0)
            render_counts_csv(&a, &out);
        else if (strcmp(fmt, "json") == 0)
            render_counts_json(&a, &out);
        else
            render_counts_text(&a, &out);
        agreement_free(&a);
    }
    return write_report(&out, &err, rc);
}

int check_agreement(const struct cli_options *o, int argc, char **argv)
{
    int rc = no_arguments("agreement", argc, argv);
    if (rc == CSA_OK && (o->year == 0 || o->out == NULL))
        rc = cli_usage_error("agreement needs --year Y and --out DIR");
    if (rc == CSA_OK && !draft_parse_formats(o->format ? o->format : "html,md"))
        rc = cli_usage_error("--format for agreement is html, md, docx, pdf or a list of them "
                             "(html,md,docx,pdf), not \"%s\"",
                             o->format);
    if (rc == CSA_OK && !cli_valid_date(o->date))
        rc = cli_usage_error("--date takes a date written YYYY-MM-DD, not \"%s\"", o->date);
    if (rc == CSA_OK && o->force && !o->final)
        rc = cli_usage_error("--force goes with --final only");
    return rc;
}

/* The county unit (and the owner) records each new draft's number; an analyst's draft is
 * numbered only when it is the latest recorded one, and is otherwise an unrecorded draw
 * (doc/cli.md, "Drafts"). */
int cmd_agreement(struct cli_ctx *x, int argc, char **argv)
{
    (void)argc, (void)argv;
    const struct cli_options *o = x->o;
    struct draft_files files = {0};
    struct csa_error err = {0};
    int flags = draft_parse_formats(o->format ? o->format : "html,md");
    if (x->access.county)
        flags |= DRAFT_RECORD;
    if (o->final)
        flags |= DRAFT_FINAL | (o->force ? DRAFT_FORCE : 0);
    int rc = draft_year(x->conn, x->reg, o->year, o->date, o->out, flags, &files, &err);
    struct buf out = {0};
    if (!o->quiet)
        draft_files_text(&files, &out);
    draft_files_free(&files);
    rc = cli_write(&out, rc);
    if (rc != CSA_OK && err.msg[0])
        cli_print_error(&err);
    return rc;
}
