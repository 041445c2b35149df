/* cli.c: the csa command line (doc/cli.md): the command table and the one place
 * that opens what a command needs.
 *
 * Each command is a row: its name, what it needs opened (the register; the database, read
 * or written; the run lock), the options it takes (any other is a usage error) and its usage
 * check and handler (cmd_*.c). csa_main parses the options (cli_options.c), finds the row,
 * runs its check, opens what the row asks for, here and nowhere else, then runs the handler.
 * A handler returns an enum csa_rc, which is the exit code. Normal output goes to stdout,
 * problems to stderr, and a failed write to stdout is an error. */
#include "csa/cli.h"
#include "csa/cmd.h"
#include "csa/db.h"
#include "csa/run.h"
#include "csa/xml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct command {
    const char *name;  /* the first word */
    const char *word;  /* the second word of a two-word command, or NULL */
    unsigned needs;    /* enum cli_needs bits */
    unsigned options;  /* enum cli_opt bits: the options it takes */
    int (*check)(const struct cli_options *o, int argc, char **argv);
    int (*handler)(struct cli_ctx *x, int argc, char **argv);
};

#define DB_READ (NEEDS_REGISTER | NEEDS_DB_READ)
#define DB_WRITE (NEEDS_REGISTER | NEEDS_DB_WRITE)

static const struct command commands[] = {
    {"db", "migrate", NEEDS_DB_WRITE, 0, check_db_migrate, cmd_db_migrate},
    {"validate", NULL, NEEDS_REGISTER, 0, check_validate, cmd_validate},
    {"load", NULL, DB_WRITE, 0, check_load, cmd_load},
    {"status", NULL, DB_READ, OPT_YEAR | OPT_FORMAT, check_status, cmd_status},
    {"run", NULL, DB_WRITE | NEEDS_RUN_LOCK | NEEDS_COUNTY,
     OPT_INBOX | OPT_OUT | OPT_ARCHIVE | OPT_QUARANTINE | OPT_YEAR | OPT_JOBS | OPT_SETTLE |
         OPT_DATE | OPT_FORMAT | OPT_DRAFT_FORMATS,
     check_run, cmd_run},
    {"crime", "load", DB_WRITE | NEEDS_COUNTY, OPT_LSOA_LOOKUP | OPT_SKIP_BAD_ROWS | OPT_JOBS, check_crime_load,
     cmd_crime_load},
    {"crime", "table", DB_READ, OPT_YEAR | OPT_PERIOD_END | OPT_FORMAT | OPT_BY | OPT_AREA | OPT_CATEGORY | OPT_TOP,
     check_crime_table,
     cmd_crime_table},
    {"counts", NULL, DB_READ, OPT_YEAR | OPT_FORMAT | OPT_DATE, check_counts, cmd_counts},
    {"agreement", NULL, DB_READ, OPT_YEAR | OPT_OUT | OPT_FORMAT | OPT_DATE | OPT_FINAL | OPT_FORCE,
     check_agreement, cmd_agreement},
    {"access", "grant", NEEDS_DB_WRITE | NEEDS_OWNER, OPT_PARTNERSHIP | OPT_COUNTY_RIGHT,
     check_access_grant, cmd_access_grant},
    {"access", "revoke", NEEDS_DB_WRITE | NEEDS_OWNER, OPT_PARTNERSHIP, check_access_revoke,
     cmd_access_revoke},
    {"access", "list", NEEDS_DB_READ | NEEDS_OWNER, OPT_FORMAT, check_access_list,
     cmd_access_list},
    {"template", NULL, NEEDS_REGISTER | NEEDS_DB_IF_FROM,
     OPT_PARTNERSHIP | OPT_YEAR | OPT_OUT | OPT_FROM_VERSION, check_template, cmd_template},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

/* What a first word alone, or with a second word the table lacks, is told. */
static const struct {
    const char *name, *usage;
} groups[] = {
    {"db", "the db command takes one word: csa db migrate"},
    {"crime", "crime takes load FILE|DIR... or table --year Y"},
    {"access", "access takes grant ROLE, revoke ROLE or list"},
};

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "csa: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry \"csa --help\".\n");
    va_end(ap);
    return CSA_EUSAGE;
}

static int finish_stdout(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "csa: error: could not write the output: %s\n", strerror(errno));
        return CSA_EENV;
    }
    return rc;
}

void cli_print_error(const struct csa_error *err)
{
    struct buf b = {0};
    csa_error_format(&b, err);
    fputs(buf_str(&b), stderr);
    buf_free(&b);
}

void cli_print_diags(const char *file, const struct diags *d)
{
    struct buf b = {0};
    diags_format(&b, file, d);
    fputs(buf_str(&b), stderr);
    buf_free(&b);
}

int cli_write(struct buf *b, int rc)
{
    if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len)
        rc = CSA_EENV; /* finish_stdout says why */
    buf_free(b);
    return rc;
}

int cli_valid_date(const char *s)
{
    int y, m, d;
    char tail;
    return s == NULL || (strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
                         m >= 1 && m <= 12 && d >= 1 && d <= 31);
}

/* Loads the register named by --county or CSA_COUNTY; on failure prints why. */
static int open_register(const struct cli_options *o, struct csa_register **reg)
{
    const char *path = o->county ? o->county : getenv("CSA_COUNTY");
    if (path == NULL || !*path)
        return cli_usage_error("this command needs the county register: give --county FILE or "
                               "set CSA_COUNTY");
    struct diags d = {0};
    struct csa_error err = {0};
    enum csa_rc rc = register_load(path, reg, &d, &err);
    if (rc != CSA_OK) {
        cli_print_diags(path, &d);
        cli_print_error(&err);
    }
    diags_free(&d);
    return rc;
}

/* Whether the role's rights (x->access) let it run cmd; when not, err says why. Only
 * what the command line can say early: the database refuses all the same. */
static enum csa_rc check_rights(const struct command *cmd, const struct cli_ctx *x,
                                struct csa_error *err)
{
    const struct db_access *a = &x->access;
    if ((cmd->needs & NEEDS_OWNER) && !a->owner)
        return csa_fail(err, CSA_EENV, NULL, 0,
                        "only the owner of the database's csa schema manages access, not %s",
                        a->role);
    if ((cmd->needs & NEEDS_COUNTY) && !a->county)
        return csa_fail(err, CSA_EENV, NULL, 0,
                        "%s may not %s: that is the county unit's right (csa access grant %s "
                        "--county, by the database's owner)",
                        a->role, strcmp(cmd->name, "run") == 0 ? "run the nightly batch"
                                                               : "load police.uk data",
                        a->role);
    return CSA_OK;
}

/* Connects; finds out what the role may do; takes the run lock when the command asks for it;
 * migrates when the role owns csa (any other role never tries: a database that is behind is
 * its owner's to migrate); brings the database's copy of the register up to date when the
 * role is the owner or the county unit (an analyst's commands use the database's copy). On
 * failure prints why. */
static int open_db(const struct command *cmd, struct cli_ctx *x)
{
    struct csa_error err = {0};
    struct migrate_role role = {0};
    x->conn = db_connect(x->o->db, &err);
    enum csa_rc rc = x->conn ? migrate_role(x->conn, &role, &err) : CSA_EENV;
    if (rc == CSA_OK && !role.may_use)
        rc = csa_fail(&err, CSA_EENV, NULL, 0,
                      "%s has no rights in this database's csa: its owner grants them with "
                      "csa access grant %s --partnership CODE (or --county)",
                      role.name, role.name);
    if (rc == CSA_OK && !role.may_migrate) {
        int behind = 0;
        rc = migrate_check(x->conn, &behind, &err);
        if (rc == CSA_OK && behind)
            rc = csa_fail(&err, CSA_EENV, NULL, 0,
                          "the database needs `csa db migrate` by its owner (%s may not "
                          "migrate it)",
                          role.name);
        if (rc == CSA_OK)
            rc = db_access_read(x->conn, &x->access, &err);
        if (rc == CSA_OK)
            rc = check_rights(cmd, x, &err);
    }
    if (rc == CSA_OK && (cmd->needs & NEEDS_RUN_LOCK))
        rc = run_lock(x->conn, &err);
    if (rc == CSA_OK && role.may_migrate) {
        rc = migrate_database(x->conn, &x->migrated, &err);
        if (rc == CSA_OK)
            rc = db_access_read(x->conn, &x->access, &err);
    }
    if (rc == CSA_OK && x->reg && x->access.county)
        rc = db_sync_register(x->conn, x->reg, &x->register_changed, &err);
    if (rc == CSA_ELOCKED)
        fprintf(stderr, "csa: %s\n", err.msg);
    else if (rc != CSA_OK)
        cli_print_error(&err);
    return rc;
}

/* Finds the row of argv[0] (and argv[1] for a two-word command); *words is how many words
 * it took. Returns NULL after printing the usage error. */
static const struct command *find_command(int argc, char **argv, int *words)
{
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const struct command *c = &commands[i];
        if (strcmp(c->name, argv[0]) != 0)
            continue;
        if (c->word == NULL) {
            *words = 1;
            return c;
        }
        if (argc > 1 && strcmp(c->word, argv[1]) == 0) {
            *words = 2;
            return c;
        }
    }
    for (size_t i = 0; i < sizeof groups / sizeof *groups; i++)
        if (strcmp(groups[i].name, argv[0]) == 0) {
            cli_usage_error("%s", groups[i].usage);
            return NULL;
        }
    cli_usage_error("unknown command \"%s\"", argv[0]);
    return NULL;
}

/* An option the command does not take is a usage error. */
static int check_options(const struct command *cmd, const struct cli_options *o)
{
    unsigned extra = o->given & ~cmd->options;
    for (unsigned bit = 1; extra; bit <<= 1)
        if (extra & bit)
            return cli_usage_error("%s%s%s does not take %s", cmd->name, cmd->word ? " " : "",
                                   cmd->word ? cmd->word : "", cli_option_name(bit));
    return CSA_OK;
}

static int dispatch(const struct command *cmd, const struct cli_options *o, int argc,
                    char **argv)
{
    int rc = check_options(cmd, o);
    if (rc == CSA_OK)
        rc = cmd->check(o, argc, argv);
    if (rc != CSA_OK)
        return rc;
    struct cli_ctx x = {.o = o};
    if (cmd->needs & NEEDS_REGISTER)
        rc = open_register(o, &x.reg);
    unsigned db = (cmd->needs & NEEDS_DB_IF_FROM) && o->from_version ? NEEDS_DB_READ : cmd->needs;
    if (rc == CSA_OK && (db & (NEEDS_DB_READ | NEEDS_DB_WRITE)))
        rc = open_db(cmd, &x);
    if (rc == CSA_OK)
        rc = cmd->handler(&x, argc, argv);
    PQfinish(x.conn);
    migrate_report_free(&x.migrated);
    register_free(x.reg);
    return finish_stdout(rc);
}

int csa_main(int argc, char **argv)
{
    struct cli_options o = {.settle = -1};
    int first = 0, words = 0;
    int rc = cli_parse_options(argc, argv, &o, &first);
    if (rc < 0)
        return finish_stdout(CSA_OK);
    if (rc != CSA_OK)
        return rc;
    if (first >= argc)
        return cli_usage_error("no command given");
    const struct command *cmd = find_command(argc - first, argv + first, &words);
    if (cmd == NULL)
        return CSA_EUSAGE;
    xml_init();
    return dispatch(cmd, &o, argc - first - words, argv + first + words);
}
