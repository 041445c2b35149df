/* cmd_access.c: the handlers of `csa access grant`, `revoke` and `list` (doc/cli.md,
 * "Access"; the command table is in cli.c, which has checked that the role owns csa). Each is
 * one call of a function of sql/logic/05_access.sql, which records the right and brings the
 * role's privileges in line (sql/logic/90_access.sql); nothing is decided here but the words.
 * A line per change goes to stdout unless --quiet; the list to stdout always. */
#include "csa/cmd.h"
#include "csa/json.h"
#include "csa/render.h"
#include "csa/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The SQLSTATEs of csa.access_grant: no such login role, no such partnership. */
#define SQLSTATE_NO_ROLE "CS002"
#define SQLSTATE_NO_PARTNERSHIP "CS003"

static int one_role(const char *cmd, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage_error("access %s takes one ROLE%s", cmd,
                               argc ? ", not several (one command per role)" : "");
    return argv[0][0] ? CSA_OK : cli_usage_error("access %s: ROLE is empty", cmd);
}

int check_access_grant(const struct cli_options *o, int argc, char **argv)
{
    int rc = one_role("grant", argc, argv);
    int county = (o->given & OPT_COUNTY_RIGHT) != 0;
    if (rc == CSA_OK && county == (o->npartnerships > 0))
        rc = cli_usage_error("access grant takes either --county or --partnership CODE "
                             "(one or more)");
    return rc;
}

int check_access_revoke(const struct cli_options *o, int argc, char **argv)
{
    (void)o;
    return one_role("revoke", argc, argv);
}

int check_access_list(const struct cli_options *o, int argc, char **argv)
{
    (void)argv;
    const char *fmt = o->format ? o->format : "text";
    if (argc)
        return cli_usage_error("access list takes no arguments");
    if (strcmp(fmt, "text") != 0 && strcmp(fmt, "csv") != 0 && strcmp(fmt, "json") != 0)
        return cli_usage_error("--format for access list is text, csv or json, not \"%s\"", fmt);
    return CSA_OK;
}

/* Appends text as shown on a line: escaped, so no name can forge a line. */
static void put(struct buf *out, const char *s)
{
    utf8_escape(out, s, strlen(s));
}

/* Prints the database's refusal of a grant: exit 2 for an unknown role or partnership (a
 * wrong argument), 3 for anything else. */
static int refused(PGconn *c, PGresult *r)
{
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    int usage = state && (strcmp(state, SQLSTATE_NO_ROLE) == 0 ||
                          strcmp(state, SQLSTATE_NO_PARTNERSHIP) == 0);
    struct csa_error err = {0};
    if (usage)
        csa_fail(&err, CSA_EUSAGE, NULL, 0, "%s", msg ? msg : "refused");
    else
        db_fail(c, r, "could not change the rights", &err);
    cli_print_error(&err);
    return err.code;
}

int cmd_access_grant(struct cli_ctx *x, int argc, char **argv)
{
    (void)argc;
    const struct cli_options *o = x->o;
    int n = o->npartnerships ? o->npartnerships : 1;
    struct buf out = {0};
    struct csa_error err = {0};
    /* every partnership or none: one transaction */
    int rc = db_exec(x->conn, "BEGIN", &err);
    if (rc != CSA_OK)
        cli_print_error(&err);
    for (int i = 0; rc == CSA_OK && i < n; i++) {
        const char *p[2] = {argv[0], o->npartnerships ? o->partnerships[i] : NULL};
        PGresult *r = PQexecParams(x->conn, "SELECT csa.access_grant($1, $2)", 2, NULL, p, NULL,
                                   NULL, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            rc = refused(x->conn, r);
        } else {
            int added = PQgetvalue(r, 0, 0)[0] == 't';
            buf_puts(&out, added ? "granted " : "unchanged ");
            put(&out, argv[0]);
            buf_puts(&out, p[1] ? " partnership " : " county");
            if (p[1])
                put(&out, p[1]);
            buf_putc(&out, '\n');
        }
        PQclear(r);
    }
    if (rc == CSA_OK && (rc = db_exec(x->conn, "COMMIT", &err)) != CSA_OK)
        cli_print_error(&err);
    if (rc != CSA_OK) {
        PQclear(PQexec(x->conn, "ROLLBACK"));
        buf_reset(&out);
    }
    if (o->quiet)
        buf_reset(&out);
    return cli_write(&out, rc);
}

int cmd_access_revoke(struct cli_ctx *x, int argc, char **argv)
{
    (void)argc;
    const struct cli_options *o = x->o;
    /* the partnerships as a PostgreSQL array literal of quoted elements */
    struct buf list = {0};
    buf_putc(&list, '{');
    for (int i = 0; i < o->npartnerships; i++) {
        buf_puts(&list, i ? ",\"" : "\"");
        for (const char *s = o->partnerships[i]; *s; s++) {
            if (*s == '"' || *s == '\\')
                buf_putc(&list, '\\');
            buf_putc(&list, *s);
        }
        buf_putc(&list, '"');
    }
    buf_putc(&list, '}');
    const char *p[2] = {argv[0], buf_str(&list)};
    PGresult *r = NULL;
    struct csa_error err = {0};
    int rc = db_query(x->conn, "SELECT csa.access_revoke($1, $2::text[])", 2, p, &r, &err);
    struct buf out = {0};
    if (rc != CSA_OK) {
        cli_print_error(&err);
    } else if (!o->quiet) {
        long n = atol(PQgetvalue(r, 0, 0));
        buf_puts(&out, "revoked ");
        put(&out, argv[0]);
        buf_printf(&out, ": %ld right%s\n", n, n == 1 ? "" : "s");
    }
    PQclear(r);
    buf_free(&list);
    return cli_write(&out, rc);
}

int cmd_access_list(struct cli_ctx *x, int argc, char **argv)
{
    (void)argc, (void)argv;
    const char *fmt = x->o->format ? x->o->format : "text";
    PGresult *r = NULL;
    struct csa_error err = {0};
    int rc = db_query(x->conn, "SELECT * FROM csa.access_list()", 0, NULL, &r, &err);
    if (rc != CSA_OK) {
        cli_print_error(&err);
        return rc;
    }
    struct buf out = {0};
    int csv = strcmp(fmt, "csv") == 0, json = strcmp(fmt, "json") == 0;
    if (csv)
        buf_puts(&out, "role,right,partnership,granted_at,granted_by\n");
    if (json)
        buf_puts(&out, "{\"rights\":[");
    for (int i = 0; i < PQntuples(r); i++) {
        const char *role = db_value(r, i, "role"), *part = db_value(r, i, "partnership");
        const char *at = db_value(r, i, "granted_at"), *by = db_value(r, i, "granted_by");
        if (json) {
            buf_puts(&out, i ? ",{" : "{");
            json_kv(&out, "role", role, 1);
            json_kv(&out, "right", part ? "partnership" : "county", 0);
            json_kv(&out, "partnership", part, 0);
            json_kv(&out, "granted_at", at, 0);
            json_kv(&out, "granted_by", by, 0);
            buf_putc(&out, '}');
        } else if (csv) {
            render_csv_field(&out, role);
            buf_puts(&out, part ? ",partnership," : ",county,");
            render_csv_field(&out, part ? part : "");
            buf_putc(&out, ',');
            render_csv_field(&out, at);
            buf_putc(&out, ',');
            render_csv_field(&out, by);
            buf_putc(&out, '\n');
        } else {
            put(&out, role);
            buf_puts(&out, part ? " partnership " : " county");
            if (part)
                put(&out, part);
            buf_putc(&out, '\n');
        }
    }
    if (json)
        buf_puts(&out, "]}\n");
    PQclear(r);
    return cli_write(&out, CSA_OK);
}
