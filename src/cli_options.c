/* cli_options.c: the options of the csa command line: --help's text, getopt_long's table,
 * and strict parsing of the numbers (a number with anything after it, such as "4x", is a
 * usage error). Which command takes which option is the command table's (cli.c). */
#include "csa/version.h"
#include "csa/cmd.h"
#include "csa/error.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char usage_text[] =
    "csa drafts a county Community Safety Agreement from the district partnerships'\n"
    "strategic assessments.\n"
    "\n"
    "Usage: csa [OPTION]... COMMAND [ARG]...\n"
    "\n"
    "Commands:\n"
    "  db migrate            apply the database migrations not yet applied\n"
    "  validate FILE...      check submissions: XML, gzip or .xlsx workbooks (needs\n"
    "                        --county, no database)\n"
    "  load FILE...          check and load submissions, each in its own transaction\n"
    "  status --year Y [--format text|json]\n"
    "                        submissions, missing partnerships, warnings, unmapped wordings\n"
    "  run --inbox DIR --out DIR [--archive DIR] [--quarantine DIR] [--year Y] [--jobs N]\n"
    "      [--settle SECONDS] [--date YYYY-MM-DD] [--format text|json]\n"
    "      [--draft-formats html,md,docx,pdf]\n"
    "                        the nightly batch: validate and load every file of the inbox,\n"
    "                        archive or quarantine each, draft the plan years that changed\n"
    "  crime load FILE|DIR... [--lsoa-lookup FILE] [--skip-bad-rows] [--jobs N]\n"
    "                        load police.uk street-level crime files (plain or gzip)\n"
    "  crime table --year Y [--period-end YYYY-MM] [--format text|csv|json]\n"
    "                        the crime table of each partnership and the county\n"
    "  crime table --year Y --by lsoa --area CODE [--category NAME] [--top N]\n"
    "      [--period-end YYYY-MM] [--format text|csv|json]\n"
    "                        an area's LSOAs with the most crime of a category, the\n"
    "                        hotspots (CODE a partnership's code, or county)\n"
    "  counts --year Y [--format text|csv|json] [--date YYYY-MM-DD]\n"
    "                        the count table (Appendix A) and the selection\n"
    "  agreement --year Y --out DIR [--format html,md,docx,pdf] [--date YYYY-MM-DD]\n"
    "      [--final [--force]]\n"
    "                        write the draft agreement as DIR/agreement.html and .md\n"
    "                        (default; docx: agreement.docx for Word; pdf: the HTML printed\n"
    "                        by Chromium, $CSA_CHROMIUM else chromium on PATH), each\n"
    "                        numbered draft kept in DIR/drafts/N/\n"
    "  access grant ROLE --county\n"
    "                        the county unit: run the batch, load any partnership and\n"
    "                        police.uk data, read everything (the owner's command)\n"
    "  access grant ROLE --partnership CODE [--partnership CODE]...\n"
    "                        an analyst: loads and sees those partnerships only\n"
    "  access revoke ROLE [--partnership CODE]...\n"
    "                        take those partnerships away, or every right\n"
    "  access list [--format text|csv|json]\n"
    "                        who may do what: ROLE county, ROLE partnership CODE\n"
    "  template --partnership CODE --year Y --out FILE.xlsx [--from-version]\n"
    "                        the county's submission workbook for that partnership and\n"
    "                        plan year (Excel, LibreOffice Calc); --from-version pre-fills\n"
    "                        it from the partnership's submission of the year before\n"
    "\n"
    "Each command takes the options shown with it, besides --db, --county and --quiet;\n"
    "any other option given to it is a usage error.\n"
    "\n"
    "Options:\n"
    "  -d, --db CONNINFO     database (libpq string or URI); default $CSA_DB, else libpq's\n"
    "                        defaults (PGHOST, PGDATABASE, ...)\n"
    "  -c, --county FILE     county register; default $CSA_COUNTY\n"
    "  -y, --year Y          plan year by its start year: 2011 means 2011/12\n"
    "  -f, --format FORMAT   output format (see the commands above)\n"
    "  -o, --out DIR         folder for the agreement; template: the .xlsx file\n"
    "      --date YYYY-MM-DD the date the agreement shows; default the newest sign-off\n"
    "      --final           agreement: the document to sign, without the status box;\n"
    "                        refused while a partnership is missing or anything is TBC\n"
    "      --force           with --final: write it all the same\n"
    "      --from-version    template: pre-fill from last year's submission (database)\n"
    "  -i, --inbox DIR       where district files arrive (run)\n"
    "      --archive DIR     where loaded files go; default: archive beside the inbox\n"
    "      --quarantine DIR  where rejected files go, each with NAME.errors; default:\n"
    "                        quarantine beside the inbox\n"
    "  -j, --jobs N          parallel workers (run, crime load); default: one per core\n"
    "      --settle SECONDS  run leaves files modified this recently for next time (5)\n"
    "      --draft-formats LIST  the documents run drafts for each plan year: html, md,\n"
    "                        docx, pdf or a list of them (default html,md); pdf needs\n"
    "                        Chromium, and without it the year's other documents are\n"
    "                        written and the run fails (exit 3)\n"
    "      --period-end YYYY-MM  last month of the crime table (default: latest loaded)\n"
    "      --lsoa-lookup FILE    CSV of LSOA code,district for crime load\n"
    "      --skip-bad-rows   crime load skips and counts malformed rows instead of\n"
    "                        rejecting their file\n"
    "      --partnership CODE  access grant and revoke: a partnership (repeatable);\n"
    "                        template: the partnership of the workbook\n"
    "      --county          after access grant (with no FILE): the county unit's right\n"
    "      --by lsoa         crime table: by LSOA, for --area CODE (a partnership or\n"
    "                        county), ranked by --category NAME (default All crime),\n"
    "                        the first --top N (default 10)\n"
    "      --area CODE       crime table --by lsoa: the partnership, or county\n"
    "      --category NAME   crime table --by lsoa: a grouping or crime type\n"
    "      --top N           crime table --by lsoa: how many LSOAs\n"
    "  -q, --quiet           print problems only (on stderr): no per-file lines, no\n"
    "                        summaries, no stage lines; status, counts and crime table\n"
    "                        still print what they were asked for\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n"
    "\n"
    "Exit status:\n"
    "  0  done\n"
    "  1  done, but some input was invalid or rejected\n"
    "  2  usage: unknown command or option, missing argument\n"
    "  3  environment: database unreachable, unreadable file, bad register\n"
    "  4  another csa run holds the lock; nothing was done\n";


/* Parses s, digits only, as a whole number from min to max. */
static int parse_number(const char *s, long min, long max, int *out)
{
    if (s[0] < '0' || s[0] > '9')
        return 0; /* strtol would take spaces, a sign */
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return 0;
    *out = (int)v;
    return 1;
}

static const struct {
    unsigned bit;
    const char *name;
} option_names[] = {
    {OPT_YEAR, "--year"},         {OPT_OUT, "--out"},
    {OPT_FORMAT, "--format"},     {OPT_DATE, "--date"},
    {OPT_INBOX, "--inbox"},       {OPT_ARCHIVE, "--archive"},
    {OPT_QUARANTINE, "--quarantine"}, {OPT_JOBS, "--jobs"},
    {OPT_SETTLE, "--settle"},     {OPT_PERIOD_END, "--period-end"},
    {OPT_LSOA_LOOKUP, "--lsoa-lookup"}, {OPT_SKIP_BAD_ROWS, "--skip-bad-rows"},
    {OPT_PARTNERSHIP, "--partnership"}, {OPT_COUNTY_RIGHT, "--county"},
    {OPT_FINAL, "--final"},       {OPT_FORCE, "--force"},
    {OPT_FROM_VERSION, "--from-version"},
    {OPT_DRAFT_FORMATS, "--draft-formats"},
    {OPT_BY, "--by"}, {OPT_AREA, "--area"}, {OPT_CATEGORY, "--category"}, {OPT_TOP, "--top"},
};

const char *cli_option_name(unsigned opt)
{
    for (size_t i = 0; i < sizeof option_names / sizeof *option_names; i++)
        if (option_names[i].bit == opt)
            return option_names[i].name;
    return "?";
}

/* Takes one option (getopt's c, its argument arg) into o; returns CSA_OK or the code to stop
 * with. */
static int take(int c, const char *arg, struct cli_options *o)
{
    switch (c) {
    case 'd': o->db = arg; break;
    case 'c': o->county = arg; break;
    case 'q': o->quiet = 1; break;
    case 'y':
        o->given |= OPT_YEAR;
        if (!parse_number(arg, 1990, 2200, &o->year))
            return cli_usage_error("--year takes a start year such as 2011, not \"%s\"", arg);
        break;
    case 'j':
        o->given |= OPT_JOBS;
        if (!parse_number(arg, 1, 256, &o->jobs))
            return cli_usage_error("--jobs takes a number of workers from 1 to 256, not \"%s\"",
                                   arg);
        break;
    case 'S':
        o->given |= OPT_SETTLE;
        if (!parse_number(arg, 0, INT_MAX, &o->settle))
            return cli_usage_error("--settle takes a number of seconds, not \"%s\"", arg);
        break;
    case 'o': o->given |= OPT_OUT, o->out = arg; break;
    case 'f': o->given |= OPT_FORMAT, o->format = arg; break;
    case 'D': o->given |= OPT_DATE, o->date = arg; break;
    case 'i': o->given |= OPT_INBOX, o->inbox = arg; break;
    case 'a': o->given |= OPT_ARCHIVE, o->archive = arg; break;
    case 'Q': o->given |= OPT_QUARANTINE, o->quarantine = arg; break;
    case 'P': o->given |= OPT_PERIOD_END, o->period_end = arg; break;
    case 'L': o->given |= OPT_LSOA_LOOKUP, o->lsoa_lookup = arg; break;
    case 'B': o->given |= OPT_SKIP_BAD_ROWS, o->skip_bad_rows = 1; break;
    case 'R': o->given |= OPT_COUNTY_RIGHT; break;
    case 'F': o->given |= OPT_FINAL, o->final = 1; break;
    case 'G': o->given |= OPT_FORCE, o->force = 1; break;
    case 'T': o->given |= OPT_FROM_VERSION, o->from_version = 1; break;
    case 'W': o->given |= OPT_DRAFT_FORMATS, o->draft_formats = arg; break;
    case 'b': o->given |= OPT_BY, o->by = arg; break;
    case 'A': o->given |= OPT_AREA, o->area = arg; break;
    case 'C': o->given |= OPT_CATEGORY, o->category = arg; break;
    case 'N':
        o->given |= OPT_TOP;
        if (!parse_number(arg, 1, 100000, &o->top))
            return cli_usage_error("--top takes a number of LSOAs from 1, not \"%s\"", arg);
        break;
    case 'p':
        o->given |= OPT_PARTNERSHIP;
        if (o->npartnerships == CLI_PARTNERSHIPS_MAX)
            return cli_usage_error("--partnership is given more than %d times",
                                   CLI_PARTNERSHIPS_MAX);
        o->partnerships[o->npartnerships++] = arg;
        break;
    }
    return CSA_OK;
}

/* The index of the first word that is not an option or an option's argument (the command),
 * or argc. */
static int command_at(int argc, char **argv, const struct option *table, const char *shorts)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            return i + 1;
        if (a[0] != '-' || a[1] == '\0')
            return i;
        if (a[1] == '-') {
            size_t n = strcspn(a + 2, "=");
            for (const struct option *t = table; t->name; t++)
                if (strlen(t->name) == n && strncmp(t->name, a + 2, n) == 0 &&
                    t->has_arg == required_argument && a[2 + n] == '\0')
                    i++;
            continue;
        }
        for (const char *c = a + 1; *c; c++) {
            const char *at = strchr(shorts, *c);
            if (at && at[1] == ':') {
                i += c[1] == '\0';
                break;
            }
        }
    }
    return argc;
}

/* After `access grant`, --county names the county unit's right and takes no FILE (access
 * needs no register): each such --county becomes the option --county-right, in place. */
static void county_right_words(int argc, char **argv, const struct option *table,
                               const char *shorts)
{
    static char county_right[] = "--county-right";
    int at = command_at(argc, argv, table, shorts);
    if (at + 1 >= argc || strcmp(argv[at], "access") != 0 || strcmp(argv[at + 1], "grant") != 0)
        return;
    for (int i = at + 2; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--county") == 0)
            argv[i] = county_right;
}

int cli_parse_options(int argc, char **argv, struct cli_options *o, int *first)
{
    static const char shorts[] = ":hVd:c:y:o:f:j:qi:";
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
        {"partnership", required_argument, NULL, 'p'},
        {"county-right", no_argument, NULL, 'R'},
        {"final", no_argument, NULL, 'F'},
        {"force", no_argument, NULL, 'G'},
        {"from-version", no_argument, NULL, 'T'},
        {"draft-formats", required_argument, NULL, 'W'},
        {"by", required_argument, NULL, 'b'}, {"area", required_argument, NULL, 'A'},
        {"category", required_argument, NULL, 'C'}, {"top", required_argument, NULL, 'N'},
        {NULL, 0, NULL, 0},
    };
    int c;
    county_right_words(argc, argv, table, shorts);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shorts, table, NULL)) != -1) {
        int rc = CSA_OK;
        switch (c) {
        case 'h': fputs(usage_text, stdout); return -1;
        case 'V': printf("csa %s\n", CSA_VERSION); return -1;
        case ':': return cli_usage_error("option %s needs an argument", argv[optind - 1]);
        case '?': return cli_usage_error("unknown option \"%s\"", argv[optind - 1]);
        default: rc = take(c, optarg, o);
        }
        if (rc != CSA_OK)
            return rc;
    }
    *first = optind;
    return CSA_OK;
}
