/* gen_inbox.c: a national-scale synthetic inbox for the benchmarks (scripts/bench-run.sh).
 *
 *   csa-gen-inbox DIR PARTNERSHIPS YEARS
 *
 * Writes DIR/register.xml (one county with PARTNERSHIPS partnerships and the Kent priority
 * taxonomy) and DIR/inbox/ with one submission per partnership and plan year from 2011, about
 * one in ten with a second, later version and about one in three gzip-compressed, all dated
 * an hour ago. Deterministic: the same arguments give the same files. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <utime.h>
#include <zlib.h>

static unsigned long long seed = 88172645463325252ULL;

static unsigned next(unsigned n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (unsigned)(seed % n);
}

static const char *const wordings[][3] = {
    {"Antisocial Behaviour", "Tackling anti-social behaviour", "ASB and environmental crime"},
    {"Domestic Abuse", "Reducing domestic abuse", "Violent Crime - domestic abuse"},
    {"Substance Misuse", "Reducing alcohol and drug misuse", "Drugs and alcohol"},
    {"Shoplifting", "Theft", "Acquisitive crime"},
    {"Violent crime", "Violent Crime - night-time economy", "Reducing violence"},
    {"Burglary", "Domestic burglary", "Burglary dwelling"},
    {"Criminal Damage", "Criminal damage and graffiti", "Vandalism"},
    {"Young People", "Youth crime", "Young people at risk"},
    {"Reducing Re-offending", "Offender management", "Prolific offenders"},
    {"Vehicle crime", "Road traffic collisions and speeding", "Vehicle nuisance"},
    {"Public Perceptions", "Fear of crime", "Public confidence"},
    {"Vulnerable Adults", "Safeguarding vulnerable adults", "Hoarding and Self Neglect"},
};
static const char *const ids[] = {"asb", "domestic-abuse", "substance-misuse", "theft",
                                  "violence", "burglary", "criminal-damage", "young-people",
                                  "offenders", "vehicle", "public-perceptions",
                                  "vulnerable-adults"};
#define NPRI 12

static void write_register(const char *dir, int np)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/register.xml", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<county version=\"1\" code=\"E10000098\" name=\"Albion\">\n"
               "  <agreement title=\"Albion Community Safety Agreement\" body=\"Albion Community "
               "Safety Partnership\" committee=\"Albion Scrutiny Committee\" start=\"2011-04-01\" "
               "end=\"2014-03-31\"/>\n  <selection min-share=\"0.5\"/>\n  <partnerships>\n");
    for (int p = 1; p <= np; p++)
        fprintf(f, "    <partnership code=\"p%03d\" name=\"Partnership %d\"><district "
                   "gss=\"E07%06d\">District %d</district></partnership>\n",
                p, p, p, p);
    fprintf(f, "  </partnerships>\n  <priorities>\n");
    for (int i = 0; i < NPRI; i++) {
        fprintf(f, "    <priority id=\"%s\" label=\"%s\" title=\"%s\">", ids[i], wordings[i][0],
                wordings[i][0]);
        for (int k = 1; k < 3; k++)
            fprintf(f, "<alias>%s</alias>", wordings[i][k]);
        fprintf(f, "<evidence category=\"Category %d\"/></priority>\n", i);
    }
    fprintf(f, "  </priorities>\n</county>\n");
    fclose(f);
}

static void out(gzFile gz, FILE *f, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (gz)
        gzwrite(gz, buf, (unsigned)n);
    else
        fwrite(buf, 1, (size_t)n, f);
}

static void write_submission(const char *dir, int p, int year, int version)
{
    char path[4096];
    int gzip = next(3) == 0;
    snprintf(path, sizeof path, "%s/inbox/p%03d-%d%s.xml%s", dir, p, year,
             version > 1 ? "-v2" : "", gzip ? ".gz" : "");
    gzFile gz = gzip ? gzopen(path, "wb6") : NULL;
    FILE *f = gzip ? NULL : fopen(path, "w");
    out(gz, f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<strategic-assessment version=\"1\">\n"
               "  <partnership code=\"p%03d\" county=\"E10000098\">Partnership %d</partnership>\n"
               "  <plan-year>%d/%02d</plan-year>\n  <submitted>%d-%02d-%02d</submitted>\n"
               "  <contact name=\"Analyst %d\" role=\"Community Safety Analyst\" "
               "email=\"csp%d@example.org\"/>\n  <priorities scoring=\"MoRiLE\">\n",
        p, p, year, (year + 1) % 100, year - 1, 11 + version - 1, 1 + next(27), p, p);
    int used[NPRI] = {0};
    for (int r = 1; r <= 6; r++) {
        int i = (int)next(NPRI);
        while (used[i])
            i = (i + 1) % NPRI;
        used[i] = 1;
        out(gz, f, "    <priority kind=\"core\" rank=\"%d\" score=\"%u.%u\">%s</priority>\n", r,
            20 + next(80), next(10), wordings[i][next(3)]);
    }
    out(gz, f, "    <priority kind=\"subsidiary\">%s</priority>\n  </priorities>\n",
        wordings[next(NPRI)][next(3)]);
    out(gz, f, "  <crime-statistics current-start=\"%d-10-01\" current-end=\"%d-09-30\" "
               "previous-start=\"%d-10-01\" previous-end=\"%d-09-30\">\n",
        year - 2, year - 1, year - 3, year - 2);
    for (int c = 0; c < 20; c++) {
        unsigned cur = 50 + next(3000), prev = 50 + next(3000);
        long diff = (long)cur - (long)prev;
        out(gz, f, "    <category name=\"Category %d\" current=\"%u\" previous=\"%u\" "
                   "difference=\"%ld\" percent-change=\"%.1f\"/>\n",
            c, cur, prev, diff, 100.0 * (double)diff / prev);
    }
    out(gz, f, "  </crime-statistics>\n  <indicators>\n    <indicator name=\"ASB incidents\" "
               "unit=\"incidents\">\n      <value start=\"%d-04-01\" end=\"%d-09-30\">%u</value>\n"
               "    </indicator>\n  </indicators>\n  <emerging-issues>\n    <issue "
               "title=\"Emerging issue\">A paragraph of text about an emerging issue that the "
               "partnership wants the county to know about.</issue>\n  </emerging-issues>\n"
               "</strategic-assessment>\n",
        year - 1, year - 1, 500 + next(2000));
    if (gz)
        gzclose(gz);
    else
        fclose(f);
    struct utimbuf t = {.actime = time(NULL) - 3600, .modtime = time(NULL) - 3600 + version};
    utime(path, &t);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: csa-gen-inbox DIR PARTNERSHIPS YEARS\n");
        return 2;
    }
    const char *dir = argv[1];
    int np = atoi(argv[2]), ny = atoi(argv[3]);
    char inbox[4096];
    snprintf(inbox, sizeof inbox, "%s/inbox", dir);
    mkdir(dir, 0777);
    mkdir(inbox, 0777);
    write_register(dir, np);
    int files = 0;
    for (int p = 1; p <= np; p++)
        for (int y = 2011; y < 2011 + ny; y++) {
            write_submission(dir, p, y, 1);
            files++;
            if (next(10) == 0) {
                write_submission(dir, p, y, 2);
                files++;
            }
        }
    printf("%d files\n", files);
    return 0;
}
