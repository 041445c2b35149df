/* cli.c: option parsing and the commands of shared/spec/cli.md.
 *
 * One function per command; each returns an enum csa_rc, which is the exit code. Normal
 * output goes to stdout, diagnostics to stderr, and a failed write to stdout is an error.
 * Every command that touches the database first applies pending migrations (so a fresh
 * database needs no separate step) and brings the database's copy of the register up to
 * date with the register file. */
#include "csa/cli.h"
#include "csa/count.h"
#include "csa/crime_load.h"
#include "csa/crime_summary.h"
#include "csa/db.h"
#include "csa/draft.h"
#include "csa/load.h"
#include "csa/register.h"
#include "csa/render.h"
#include "csa/run.h"
#include "csa/status.h"
#include "csa/validate.h"
#include "csa/xml.h"

#include <errno.h>
#include <getopt.h>
#include <omp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef CSA_VERSION
#define CSA_VERSION "0.1.0"
#endif

struct options {
    const char *db, *county, *out, *format, *date, *inbox, *archive, *quarantine;
    const char *period_end, *lsoa_lookup;
    int skip_bad_rows;
    int year; /* 0: not given */
    int jobs;   /* 0: one per core */
    int settle; /* -1: default */
    int quiet;
};

static const char usage_text[] =
    "csa drafts a county Community Safety Agreement from the district partnerships'\n"
    "strategic assessments.\n"
    "\n"
    "Usage: csa [OPTION]... COMMAND [ARG]...\n"
    "\n"
    "Commands:\n"
    "  db migrate            apply the database migrations not yet applied\n"
    "  validate FILE...      check submissions (needs --county, no database)\n"
    "  load FILE...          check and load submissions, each in its own transaction\n"
    "  status --year Y       submissions, missing partnerships, warnings, unmapped wordings\n"
    "  run --inbox DIR --out DIR [--archive DIR] [--quarantine DIR] [--year Y] [--jobs N]\n"
    "                        the nightly batch: validate and load every file of the inbox,\n"
    "                        archive or quarantine each, draft the plan years that changed\n"
    "  crime load FILE|DIR... [--lsoa-lookup FILE] [--skip-bad-rows] [--jobs N]\n"
    "                        load police.uk street-level crime files (plain or gzip)\n"
    "  crime table --year Y [--period-end YYYY-MM] [--format text|csv|json]\n"
    "                        the crime table of each partnership and the county\n"
    "  counts --year Y [--format text|csv|json]\n"
    "                        the count table (Appendix A) and the selection\n"
    "  agreement --year Y --out DIR [--format html,md]\n"
    "                        write the draft agreement as DIR/agreement.html and .md\n"
    "\n"
    "Options:\n"
    "  -d, --db CONNINFO     database (libpq string or URI); default $CSA_DB, else libpq's\n"
    "                        defaults (PGHOST, PGDATABASE, ...)\n"
    "  -c, --county FILE     county register; default $CSA_COUNTY\n"
    "  -y, --year Y          plan year by its start year: 2011 means 2011/12\n"
    "  -f, --format FORMAT   output format (see the commands above)\n"
    "  -o, --out DIR         folder for the agreement\n"
    "      --date YYYY-MM-DD the date the agreement shows; default the newest sign-off\n"
    "  -i, --inbox DIR       where district files arrive (run)\n"
    "      --archive DIR     where loaded files go; default: archive beside the inbox\n"
    "      --quarantine DIR  where rejected files go, each with NAME.errors; default:\n"
    "                        quarantine beside the inbox\n"
    "  -j, --jobs N          parallel workers for run; default: one per core\n"
    "      --settle SECONDS  run leaves files modified this recently for next time (5)\n"
    "      --period-end YYYY-MM  last month of the crime table (default: latest loaded)\n"
    "      --lsoa-lookup FILE    CSV of LSOA code,district for crime load\n"
    "      --skip-bad-rows   crime load skips and counts malformed rows instead of\n"
    "                        rejecting their file\n"
    "  -q, --quiet           print problems only, no per-file summary lines\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n"
    "\n"
    "Exit status:\n"
    "  0  done\n"
    "  1  done, but some input was invalid or rejected\n"
    "  2  usage: unknown command or option, missing argument\n"
    "  3  environment: database unreachable, unreadable file, bad register\n"
    "  4  another csa run holds the lock; nothing was done\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "csa: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry \"csa --help\".\n");
    va_end(ap);
    return CSA_EUSAGE;
}

static int parse_year(const char *s, int *year)
{
    char *end;
    errno = 0;
    long y = strtol(s, &end, 10);
    if (errno || *end || y < 1990 || y > 2200)
        return 0;
    *year = (int)y;
    return 1;
}

/* Parses options into o, wherever they stand (GNU getopt moves the other arguments to the
 * end, in order); returns CSA_OK and sets *first to the index of the command, or returns the
 * exit code to stop with (help and version return a negative value). */
static int parse_options(int argc, char **argv, struct options *o, int *first)
{
    static const struct option table[] = {
        {"help", no_argument, NULL, 'h'},          {"version", no_argument, NULL, 'V'},
        {"db", required_argument, NULL, 'd'},      {"county", required_argument, NULL, 'c'},
        {"year", required_argument, NULL, 'y'},    {"out", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},  {"date", required_argument, NULL, 'D'},
        {"jobs", required_argument, NULL, 'j'},    {"inbox", required_argument, NULL, 'i'},
        {"archive", required_argument, NULL, 'a'}, {"quarantine", required_argument, NULL, 'Q'},
        {"quiet", no_argument, NULL, 'q'},         {"settle", required_argument, NULL, 'S'},
        {"period-end", required_argument, NULL, 'P'},
        {"lsoa-lookup", required_argument, NULL, 'L'},
        {"skip-bad-rows", no_argument, NULL, 'B'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":hVd:c:y:o:f:j:qi:", table, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage_text, stdout); return -1;
        case 'V': printf("csa %s\n", CSA_VERSION); return -1;
        case 'd': o->db = optarg; break;
        case 'c': o->county = optarg; break;
        case 'y':
            if (!parse_year(optarg, &o->year))
                return usage_error("--year takes a start year such as 2011, not \"%s\"", optarg);
            break;
        case 'o': o->out = optarg; break;
        case 'f': o->format = optarg; break;
        case 'D': o->date = optarg; break;
        case 'j':
            if ((o->jobs = atoi(optarg)) < 1 || o->jobs > 256)
                return usage_error("--jobs takes a number of workers from 1 to 256, not \"%s\"",
                                   optarg);
            break;
        case 'S':
            if ((o->settle = atoi(optarg)) < 0 || (o->settle == 0 && strcmp(optarg, "0") != 0))
                return usage_error("--settle takes a number of seconds, not \"%s\"", optarg);
            break;
        case 'i': o->inbox = optarg; break;
        case 'a': o->archive = optarg; break;
        case 'Q': o->quarantine = optarg; break;
        case 'q': o->quiet = 1; break;
        case 'P': o->period_end = optarg; break;
        case 'L': o->lsoa_lookup = optarg; break;
        case 'B': o->skip_bad_rows = 1; break;
        case ':': return usage_error("option %s needs an argument", argv[optind - 1]);
        default: return usage_error("unknown option \"%s\"", argv[optind - 1]);
        }
    }
    *first = optind;
    return CSA_OK;
}

/* ---- shared steps --------------------------------------------------------------------- */

static int need_register(const struct options *o, struct csa_register **reg)
{
    const char *path = o->county ? o->county : getenv("CSA_COUNTY");
    if (path == NULL || !*path)
        return usage_error("this command needs the county register: give --county FILE or set "
                           "CSA_COUNTY");
    struct diags d = {0};
    struct csa_error err = {0};
    enum csa_rc rc = register_load(path, reg, &d, &err);
    if (rc != CSA_OK) {
        diags_print(stderr, path, &d);
        csa_error_print(stderr, &err);
    }
    diags_free(&d);
    return rc;
}

/* Connects, migrates and syncs the register; on failure prints why and returns the code. */
static int open_db(const struct options *o, const struct csa_register *reg, PGconn **conn)
{
    struct csa_error err = {0};
    *conn = db_connect(o->db, &err);
    enum csa_rc rc = *conn ? db_migrate(*conn, NULL, &err) : CSA_EENV;
    if (rc == CSA_OK && reg)
        rc = db_sync_register(*conn, reg, NULL, &err);
    if (rc != CSA_OK) {
        csa_error_print(stderr, &err);
        PQfinish(*conn);
        *conn = NULL;
    }
    return rc;
}

static int finish_stdout(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "csa: error: could not write the output: %s\n", strerror(errno));
        return CSA_EENV;
    }
    return rc;
}

/* ---- commands ------------------------------------------------------------------------- */

static int cmd_db(const struct options *o, int argc, char **argv)
{
    if (argc != 1 || strcmp(argv[0], "migrate") != 0)
        return usage_error("the db command takes one word: csa db migrate");
    struct csa_error err = {0};
    PGconn *c = db_connect(o->db, &err);
    enum csa_rc rc = c ? db_migrate(c, stdout, &err) : CSA_EENV;
    if (rc != CSA_OK)
        csa_error_print(stderr, &err);
    PQfinish(c);
    return rc;
}

/* Validates one file, printing its problems; *out (may be NULL) gets the submission. */
static enum csa_rc check_one(const struct validator *v, const char *path,
                             struct csa_submission **out, struct diags *d)
{
    enum csa_rc rc = validate_file(v, path, out, d);
    diags_print(stderr, path, d);
    return rc;
}

/* Loads the register and compiles the submission schema; on failure prints why and leaves
 * nothing to free. */
static int open_validator(const struct options *o, struct csa_register **reg,
                          struct validator *v)
{
    int rc = need_register(o, reg);
    if (rc != CSA_OK)
        return rc;
    struct csa_error err = {0};
    if ((rc = validator_init(v, *reg, &err)) != CSA_OK) {
        csa_error_print(stderr, &err);
        register_free(*reg);
        *reg = NULL;
    }
    return rc;
}

static int cmd_validate(const struct options *o, int argc, char **argv)
{
    if (argc == 0)
        return usage_error("validate needs at least one FILE");
    struct csa_register *reg = NULL;
    struct validator v;
    int rc = open_validator(o, &reg, &v);
    if (rc != CSA_OK)
        return rc;
    int worst = CSA_OK;
    for (int i = 0; i < argc; i++) {
        struct diags d = {0};
        enum csa_rc r = check_one(&v, argv[i], NULL, &d);
        if (!o->quiet)
            printf("%s %s: %zu error%s, %zu warning%s\n",
                   r == CSA_OK ? "valid" : r == CSA_EINVALID ? "invalid" : "unreadable",
                   argv[i], d.errors, d.errors == 1 ? "" : "s", d.warnings,
                   d.warnings == 1 ? "" : "s");
        if ((int)r > worst)
            worst = r;
        diags_free(&d);
    }
    validator_free(&v);
    register_free(reg);
    return finish_stdout(worst);
}

static time_t file_mtime(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_mtime : 0;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Loads one file; returns CSA_OK, CSA_EINVALID (rejected) or CSA_EENV. */
static enum csa_rc load_one(const struct validator *v, PGconn *c, const char *path)
{
    struct diags d = {0};
    struct csa_submission *s = NULL;
    enum csa_rc rc = check_one(v, path, &s, &d);
    if (rc == CSA_EINVALID)
        printf("rejected %s: %zu error%s\n", path, d.errors, d.errors == 1 ? "" : "s");
    if (rc == CSA_OK) {
        struct load_result res;
        struct csa_error err = {0};
        rc = load_submission(c, s, &d, base_name(path), file_mtime(path), &res, &err);
        if (rc != CSA_OK) {
            snprintf(err.file, sizeof err.file, "%s", path);
            csa_error_print(stderr, &err);
        } else {
            load_print(stdout, path, s, &res);
        }
    }
    submission_free(s);
    diags_free(&d);
    return rc;
}

static int cmd_load(const struct options *o, int argc, char **argv)
{
    if (argc == 0)
        return usage_error("load needs at least one FILE");
    struct csa_register *reg = NULL;
    struct validator v;
    PGconn *c = NULL;
    int rc = open_validator(o, &reg, &v);
    if (rc != CSA_OK)
        return rc;
    if ((rc = open_db(o, reg, &c)) == CSA_OK) {
        for (int i = 0; i < argc; i++) {
            enum csa_rc r = load_one(&v, c, argv[i]);
            if ((int)r > rc)
                rc = r;
        }
    }
    PQfinish(c);
    validator_free(&v);
    register_free(reg);
    return finish_stdout(rc);
}

static int cmd_status(const struct options *o, int argc, char **argv)
{
    if (argc != 0)
        return usage_error("status takes no arguments (got \"%s\")", argv[0]);
    if (o->year == 0)
        return usage_error("status needs --year Y");
    struct csa_register *reg = NULL;
    int rc = need_register(o, &reg);
    PGconn *c = NULL;
    if (rc == CSA_OK && (rc = open_db(o, reg, &c)) == CSA_OK) {
        struct csa_error err = {0};
        rc = status_print(c, reg, o->year, stdout, &err);
        if (rc != CSA_OK)
            csa_error_print(stderr, &err);
    }
    PQfinish(c);
    register_free(reg);
    return finish_stdout(rc);
}

/* Reads the count table of --year into *a over a fresh connection; prints why on failure. */
static int read_count(const struct options *o, const struct csa_register *reg,
                      struct agreement *a)
{
    PGconn *c = NULL;
    int rc = open_db(o, reg, &c);
    if (rc == CSA_OK) {
        struct csa_error err = {0};
        rc = count_year(c, reg, o->year, o->date, COUNT_TABLE, a, &err);
        if (rc != CSA_OK)
            csa_error_print(stderr, &err);
    }
    PQfinish(c);
    return rc;
}

static int valid_date(const char *s)
{
    int y, m, d;
    char tail;
    return s == NULL || (strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
                         m >= 1 && m <= 12 && d >= 1 && d <= 31);
}

static int cmd_counts(const struct options *o, int argc, char **argv)
{
    const char *fmt = o->format ? o->format : "text";
    if (argc != 0)
        return usage_error("counts takes no arguments (got \"%s\")", argv[0]);
    if (o->year == 0)
        return usage_error("counts needs --year Y");
    if (strcmp(fmt, "text") != 0 && strcmp(fmt, "csv") != 0 && strcmp(fmt, "json") != 0)
        return usage_error("--format for counts is text, csv or json, not \"%s\"", fmt);
    struct csa_register *reg = NULL;
    struct agreement a;
    int rc = need_register(o, &reg);
    if (rc == CSA_OK && (rc = read_count(o, reg, &a)) == CSA_OK) {
        struct buf b = {0};
        if (strcmp(fmt, "csv") == 0)
            render_counts_csv(&a, &b);
        else if (strcmp(fmt, "json") == 0)
            render_counts_json(&a, &b);
        else
            render_counts_text(&a, &b);
        fwrite(b.data, 1, b.len, stdout);
        buf_free(&b);
        agreement_free(&a);
    }
    register_free(reg);
    return finish_stdout(rc);
}

/* Parses "html,md" into two flags; returns 0 on an unknown word. */
static int parse_doc_formats(const char *s, int *html, int *md)
{
    *html = *md = 0;
    char words[64];
    snprintf(words, sizeof words, "%s", s);
    for (char *save = NULL, *w = strtok_r(words, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (strcmp(w, "html") == 0)
            *html = 1;
        else if (strcmp(w, "md") == 0 || strcmp(w, "markdown") == 0)
            *md = 1;
        else
            return 0;
    }
    return *html || *md;
}

static int cmd_agreement(const struct options *o, int argc, char **argv)
{
    int html, md;
    if (argc != 0)
        return usage_error("agreement takes no arguments (got \"%s\")", argv[0]);
    if (o->year == 0 || o->out == NULL)
        return usage_error("agreement needs --year Y and --out DIR");
    if (!parse_doc_formats(o->format ? o->format : "html,md", &html, &md))
        return usage_error("--format for agreement is html, md or html,md, not \"%s\"",
                           o->format);
    if (!valid_date(o->date))
        return usage_error("--date takes a date written YYYY-MM-DD, not \"%s\"", o->date);
    struct csa_register *reg = NULL;
    PGconn *c = NULL;
    int rc = need_register(o, &reg);
    if (rc == CSA_OK && (rc = open_db(o, reg, &c)) == CSA_OK) {
        struct csa_error err = {0};
        rc = draft_year(c, reg, o->year, o->date, o->out,
                        (html ? DRAFT_HTML : 0) | (md ? DRAFT_MD : 0), stdout, NULL, &err);
        if (rc != CSA_OK)
            csa_error_print(stderr, &err);
    }
    PQfinish(c);
    register_free(reg);
    return finish_stdout(rc);
}

/* "DIR/../name" for a folder beside dir, into out. */
static const char *beside(const char *dir, const char *name, char *out, size_t size)
{
    char d[4096];
    snprintf(d, sizeof d, "%s", dir);
    size_t n = strlen(d);
    while (n > 1 && d[n - 1] == '/')
        d[--n] = '\0';
    char *slash = strrchr(d, '/');
    if (slash == NULL)
        snprintf(out, size, "%s", name);
    else if (slash == d)
        snprintf(out, size, "/%s", name);
    else
        snprintf(out, size, "%.*s/%s", (int)(slash - d), d, name);
    return out;
}

static int cmd_run(const struct options *o, int argc, char **argv)
{
    if (argc != 0)
        return usage_error("run takes no arguments (got \"%s\")", argv[0]);
    if (o->inbox == NULL || o->out == NULL)
        return usage_error("run needs --inbox DIR and --out DIR");
    if (!valid_date(o->date))
        return usage_error("--date takes a date written YYYY-MM-DD, not \"%s\"", o->date);
    char archive[4096], quarantine[4096];
    struct run_config cfg = {
        .db = o->db,
        .inbox = o->inbox,
        .archive = o->archive ? o->archive : beside(o->inbox, "archive", archive, sizeof archive),
        .quarantine = o->quarantine ? o->quarantine
                                    : beside(o->inbox, "quarantine", quarantine, sizeof quarantine),
        .out = o->out,
        .year = o->year,
        .jobs = o->jobs ? o->jobs : omp_get_num_procs(),
        .settle = o->settle >= 0 ? o->settle : 5,
        .date = o->date,
    };
    struct csa_register *reg = NULL;
    int rc = need_register(o, &reg);
    if (rc == CSA_OK) {
        cfg.reg = reg;
        rc = run_batch(&cfg);
    }
    register_free(reg);
    return finish_stdout(rc);
}

static int valid_month(const char *s)
{
    int y, m;
    char tail;
    return s == NULL || (strlen(s) == 7 && sscanf(s, "%4d-%2d%c", &y, &m, &tail) == 2 &&
                         m >= 1 && m <= 12);
}

static int cmd_crime(const struct options *o, int argc, char **argv)
{
    if (argc == 0 || (strcmp(argv[0], "load") != 0 && strcmp(argv[0], "table") != 0))
        return usage_error("crime takes load FILE|DIR... or table --year Y");
    const char *fmt = o->format ? o->format : "text";
    if (strcmp(argv[0], "load") == 0 && argc < 2)
        return usage_error("crime load needs at least one FILE or DIR");
    if (strcmp(argv[0], "table") == 0) {
        if (argc != 1 || o->year == 0)
            return usage_error("crime table takes --year Y and no arguments");
        if (!valid_month(o->period_end))
            return usage_error("--period-end takes a month written YYYY-MM, not \"%s\"",
                               o->period_end);
        if (strcmp(fmt, "text") != 0 && strcmp(fmt, "csv") != 0 && strcmp(fmt, "json") != 0)
            return usage_error("--format for crime table is text, csv or json, not \"%s\"",
                               fmt);
    }
    struct csa_register *reg = NULL;
    PGconn *c = NULL;
    struct csa_error err = {0};
    struct buf out = {0}, errs = {0};
    int rc = need_register(o, &reg);
    if (rc == CSA_OK)
        rc = open_db(o, reg, &c);
    if (rc == CSA_OK && strcmp(argv[0], "load") == 0) {
        struct crime_config cfg = {.db = o->db, .reg = reg, .lsoa_lookup = o->lsoa_lookup,
                                   .skip_bad = o->skip_bad_rows,
                                   .jobs = o->jobs ? o->jobs : omp_get_num_procs()};
        struct crime_load l;
        if ((rc = crime_load(c, &cfg, argv + 1, argc - 1, &l, &err)) == CSA_OK) {
            crime_load_render(&l, &out, &errs);
            rc = l.rc;
        }
        crime_load_free(&l);
    } else if (rc == CSA_OK) {
        struct crime_summary s;
        rc = crime_summary_read(c, reg, o->year, o->period_end, &s, &err);
        if (rc == CSA_OK && strcmp(fmt, "csv") == 0)
            crime_summary_csv(&s, &out);
        else if (rc == CSA_OK && strcmp(fmt, "json") == 0)
            crime_summary_json(&s, &out);
        else if (rc == CSA_OK)
            crime_summary_text(&s, &out);
        crime_summary_free(&s);
    }
    if (err.msg[0])
        csa_error_format(&errs, &err);
    fputs(buf_str(&errs), stderr);
    fwrite(buf_str(&out), 1, out.len, stdout);
    buf_free(&errs);
    buf_free(&out);
    PQfinish(c);
    register_free(reg);
    return finish_stdout(rc);
}

int csa_main(int argc, char **argv)
{
    struct options o = {.settle = -1};
    int first = 0;
    int rc = parse_options(argc, argv, &o, &first);
    if (rc < 0)
        return finish_stdout(CSA_OK);
    if (rc != CSA_OK)
        return rc;
    if (first >= argc)
        return usage_error("no command given");
    xml_init();
    const char *cmd = argv[first];
    int n = argc - first - 1;
    char **args = argv + first + 1;
    if (strcmp(cmd, "db") == 0)
        return cmd_db(&o, n, args);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(&o, n, args);
    if (strcmp(cmd, "load") == 0)
        return cmd_load(&o, n, args);
    if (strcmp(cmd, "status") == 0)
        return cmd_status(&o, n, args);
    if (strcmp(cmd, "run") == 0)
        return cmd_run(&o, n, args);
    if (strcmp(cmd, "crime") == 0)
        return cmd_crime(&o, n, args);
    if (strcmp(cmd, "counts") == 0)
        return cmd_counts(&o, n, args);
    if (strcmp(cmd, "agreement") == 0)
        return cmd_agreement(&o, n, args);
    return usage_error("unknown command \"%s\"", cmd);
}
