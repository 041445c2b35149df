/* cmd.h: the command layer's own parts, shared by cli.c (the command table and the one place
 * that opens the register and the database), cli_options.c (the options) and the handlers
 * cmd_*.c; outside it only the tests include it. The command layer is the only place that
 * writes to stdout or stderr (but for the run's progress bar, progress.c). */
#ifndef CSA_CMD_H
#define CSA_CMD_H

#include "csa/buf.h"
#include "csa/db.h"
#include "csa/migrate.h"
#include "csa/register.h"

#include <libpq-fe.h>

/* The options a command may take, as bits; --db, --county, --quiet, --help and --version
 * are everyone's. */
enum cli_opt {
    OPT_YEAR = 1u << 0,
    OPT_OUT = 1u << 1,
    OPT_FORMAT = 1u << 2,
    OPT_DATE = 1u << 3,
    OPT_INBOX = 1u << 4,
    OPT_ARCHIVE = 1u << 5,
    OPT_QUARANTINE = 1u << 6,
    OPT_JOBS = 1u << 7,
    OPT_SETTLE = 1u << 8,
    OPT_PERIOD_END = 1u << 9,
    OPT_LSOA_LOOKUP = 1u << 10,
    OPT_SKIP_BAD_ROWS = 1u << 11,
    OPT_PARTNERSHIP = 1u << 12,   /* access grant/revoke: --partnership CODE, repeatable */
    OPT_COUNTY_RIGHT = 1u << 13,  /* access grant: --county (no FILE: the county's right) */
    OPT_FINAL = 1u << 14,         /* agreement: --final, no status box */
    OPT_FORCE = 1u << 15,         /* agreement --final: --force, even while something is open */
    OPT_FROM_VERSION = 1u << 16,  /* template: pre-filled from last year's submission */
    OPT_DRAFT_FORMATS = 1u << 17, /* run: --draft-formats html,md,docx,pdf */
    OPT_BY = 1u << 18,            /* crime table: --by lsoa, and its --area, --category, --top */
    OPT_AREA = 1u << 19, OPT_CATEGORY = 1u << 20, OPT_TOP = 1u << 21,
};

#define CLI_PARTNERSHIPS_MAX 64

struct cli_options {
    const char *db, *county, *out, *format, *date, *inbox, *archive, *quarantine;
    const char *period_end, *lsoa_lookup;
    const char *draft_formats; /* run --draft-formats; NULL: html,md */
    const char *partnerships[CLI_PARTNERSHIPS_MAX]; /* --partnership, in order */
    int npartnerships;
    int skip_bad_rows;
    int final, force; /* agreement --final [--force] */
    int from_version; /* template --from-version */
    int year;   /* 0: not given */
    int jobs;   /* 0: one per core */
    int settle; /* -1: default */
    int quiet;  /* problems only: no per-file lines, no summaries */
    unsigned given; /* the OPT_* bits of the options on the command line */
    const char *by, *area, *category; int top; /* crime table --by lsoa (top 0: not given) */
};

/* Parses the options wherever they stand (GNU getopt moves the other arguments to the end,
 * in order); numbers are parsed strictly. Returns CSA_OK and sets *first to the index of the
 * command, or the exit code to stop with; -1 after --help or --version. */
int cli_parse_options(int argc, char **argv, struct cli_options *o, int *first);

/* "--jobs" for OPT_JOBS, for messages. */
const char *cli_option_name(unsigned opt);

/* What a command needs opened before its handler runs. */
enum cli_needs {
    NEEDS_REGISTER = 1u << 0,
    NEEDS_DB_READ = 1u << 1,  /* reads the database */
    NEEDS_DB_WRITE = 1u << 2, /* writes the database */
    NEEDS_RUN_LOCK = 1u << 3, /* one at a time: the run lock, taken before migrating */
    NEEDS_COUNTY = 1u << 4,   /* the owner or the county unit's right only */
    NEEDS_OWNER = 1u << 5,    /* the owner of csa only */
    NEEDS_DB_IF_FROM = 1u << 6, /* reads the database when --from-version is given */
};

/* What the one opening place hands a handler. */
struct cli_ctx {
    const struct cli_options *o;
    struct csa_register *reg; /* when NEEDS_REGISTER */
    PGconn *conn;             /* when NEEDS_DB_*: migrated, register synced */
    int register_changed;     /* the sync changed the database's register */
    struct migrate_report migrated; /* what opening the database applied */
    struct db_access access;        /* the role's rights, when the database is open */
};

/* Prints "csa: MESSAGE" and "Try "csa --help"." on stderr; returns CSA_EUSAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints err once on stderr: "FILE:LINE: error: msg", "FILE: error: msg" or "csa: error: msg". */
void cli_print_error(const struct csa_error *err);

/* Prints d's lines for file on stderr, as csa validate shows them. */
void cli_print_diags(const char *file, const struct diags *d);

/* Writes b to stdout (unless b is empty) and frees it; returns rc, or CSA_EENV (saying so)
 * when stdout cannot be written. */
int cli_write(struct buf *b, int rc);

/* A date YYYY-MM-DD, or NULL (not given). */
int cli_valid_date(const char *s);

/* The handlers and usage checks of the command table (cli.c). A check runs before anything
 * is opened and returns CSA_OK or a usage error; a handler returns the exit code. */
int check_db_migrate(const struct cli_options *o, int argc, char **argv);
int cmd_db_migrate(struct cli_ctx *x, int argc, char **argv);
int check_validate(const struct cli_options *o, int argc, char **argv);
int cmd_validate(struct cli_ctx *x, int argc, char **argv);
int check_load(const struct cli_options *o, int argc, char **argv);
int cmd_load(struct cli_ctx *x, int argc, char **argv);
int check_status(const struct cli_options *o, int argc, char **argv);
int cmd_status(struct cli_ctx *x, int argc, char **argv);
int check_run(const struct cli_options *o, int argc, char **argv);
int cmd_run(struct cli_ctx *x, int argc, char **argv);
int check_crime_load(const struct cli_options *o, int argc, char **argv);
int cmd_crime_load(struct cli_ctx *x, int argc, char **argv);
int check_crime_table(const struct cli_options *o, int argc, char **argv);
int cmd_crime_table(struct cli_ctx *x, int argc, char **argv);
int check_counts(const struct cli_options *o, int argc, char **argv);
int cmd_counts(struct cli_ctx *x, int argc, char **argv);
int check_agreement(const struct cli_options *o, int argc, char **argv);
int cmd_agreement(struct cli_ctx *x, int argc, char **argv);
int check_access_grant(const struct cli_options *o, int argc, char **argv);
int cmd_access_grant(struct cli_ctx *x, int argc, char **argv);
int check_access_revoke(const struct cli_options *o, int argc, char **argv);
int cmd_access_revoke(struct cli_ctx *x, int argc, char **argv);
int check_access_list(const struct cli_options *o, int argc, char **argv);
int cmd_access_list(struct cli_ctx *x, int argc, char **argv);
int check_template(const struct cli_options *o, int argc, char **argv);
int cmd_template(struct cli_ctx *x, int argc, char **argv);

#endif
