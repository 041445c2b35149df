/* gen_policeuk.c: synthetic police.uk street-level crime files, for the loader's tests and the
 * benchmarks (real files cannot be downloaded where those run).
 *
 *   csa-gen-policeuk [--gzip] [--rows N] [--seed S] [--force NAME] [--truth FILE]
 *                    [--crlf] [--bom] [--no-location-label] [--outside-share PCT]
 *                    OUTDIR FIRST-MONTH MONTHS
 *
 * Writes one file per month, named as police.uk names them, OUTDIR/YYYY-MM/YYYY-MM-kent-street.csv
 * (.csv.gz with --gzip), in police.uk's twelve-column layout: 64-hex crime IDs (empty for
 * anti-social behaviour), coordinates snapped to a fixed set of anonymised map points per LSOA,
 * "On or near ..." locations (a few quoted because they hold a comma or a double quote), the
 * twelve Kent districts' LSOAs with a few of the neighbours', the crime-type scheme in force in
 * that month (6 types before 2011-09, 11 before 2013-05, 14 since), outcomes, seasons and trends.
 *
 * Guarantees: the same arguments give byte-identical files (own PRNG, no clock); a month's file
 * depends only on the seed, the month, --rows, --force and the format options, never on which
 * other months are generated alongside it; the geography (LSOA codes, names, map points) is fixed,
 * the same for every seed. Rows are streamed out, so memory does not grow with --rows. With
 * --truth FILE it writes, per month, district as written in the LSOA name, and crime type as
 * written, exactly how many rows it generated, for tests to compare the loader's totals against.
 *
 * Deliberately not done: real LSOA codes, names or coordinates (all invented, only plausible);
 * outcome categories changing over the years; crimes that appear again in a later month. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include "csa/version.h"
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>


#define PROG "csa-gen-policeuk"

/* The process exit codes, as for csa itself (doc/cli.md). */
enum gen_rc { GEN_OK = 0, GEN_EUSAGE = 2, GEN_EIO = 3 };

struct gen_error {
    char msg[1024];
};

__attribute__((format(printf, 3, 4))) static enum gen_rc gen_fail(struct gen_error *err,
                                                                  enum gen_rc code,
                                                                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

/* ---- random numbers: splitmix64 to seed, xorshift64* to draw ------------------------------ */

struct rng {
    uint64_t s;
};

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* Seeds r from two numbers; any pair gives a usable (non-zero) state. */
static void rng_seed(struct rng *r, uint64_t a, uint64_t b)
{
    r->s = splitmix64(splitmix64(a) ^ (b * 0xD1342543DE82EF95ULL + 1));
    if (r->s == 0)
        r->s = 0x2545F4914F6CDD1DULL;
}

static uint64_t rng_next(struct rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1DULL;
}

/* A uniform double in [0, 1). */
static double rng_unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* A uniform integer in [0, n); n > 0. The modulo bias is below 2^-40 for the n used here. */
static unsigned rng_below(struct rng *r, unsigned n)
{
    return (unsigned)(rng_next(r) % n);
}

/* Roughly normal, mean 0 and standard deviation 1 (Irwin-Hall of 6; no libm needed). */
static double rng_normal(struct rng *r)
{
    double s = 0;
    for (int i = 0; i < 6; i++)
        s += rng_unit(r);
    return (s - 3.0) * 1.41421356;
}

/* Index i with cum[i-1] <= u*cum[n-1] < cum[i], for an increasing cumulative table of n > 0. */
static int pick(const double *cum, int n, double u)
{
    double x = u * cum[n - 1];
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (x < cum[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* ---- months -------------------------------------------------------------------------------- */

/* A month as year*12 + (month-1). */
#define MI(y, m) ((y) * 12 + (m) - 1)
#define MI_ELEVEN_TYPES MI(2011, 9)  /* criminal damage, drugs, theft... split from other crime */
#define MI_FOURTEEN_TYPES MI(2013, 5) /* the current scheme */
#define MI_FOLKESTONE MI(2018, 4)     /* Shepway renamed Folkestone and Hythe */
#define MI_TREND_REF MI(2016, 1)      /* base shares below are those of this month */

/* cos(2*pi*k/12), so that seasons need no libm. */
static const double cos12[12] = {1.0, 0.8660254, 0.5, 0.0, -0.5, -0.8660254,
                                 -1.0, -0.8660254, -0.5, 0.0, 0.5, 0.8660254};

static double season(int mi, int peak_month, double amplitude)
{
    int k = ((mi % 12 + 1) - peak_month + 12) % 12;
    return 1.0 + amplitude * cos12[k];
}

/* ---- crime types ---------------------------------------------------------------------------- */

/* Every label police.uk has used, in alphabetical order (the truth file's order). */
enum { L_ASB, L_BICYCLE, L_BURGLARY, L_DAMAGE, L_DRUGS, L_OTHER_CRIME, L_OTHER_THEFT, L_WEAPONS,
       L_DISORDER_WEAPONS, L_PUBLIC_ORDER, L_ROBBERY, L_SHOPLIFTING, L_THEFT_PERSON, L_VEHICLE,
       L_VIOLENCE, L_VIOLENT_CRIME, NLABELS };
static const char *const labels[NLABELS] = {
    "Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs",
    "Other crime", "Other theft", "Possession of weapons", "Public disorder and weapons",
    "Public order", "Robbery", "Shoplifting", "Theft from the person", "Vehicle crime",
    "Violence and sexual offences", "Violent crime"};

/* Outcome profiles: which outcomes a type tends to end with. */
enum { P_NONE, P_THEFT, P_VIOLENCE, P_DRUGS, P_WEAPONS, P_SHOP, P_OTHER, NPROFILES };

/* The 14 current types: the row generator draws one of these, and the month's scheme decides
 * the label written. share is the percentage of all rows at MI_TREND_REF; growth is per year;
 * the seasonal swing is +-amplitude around the peak month. The crimes' growths roughly balance,
 * so that each one's count moves by about its growth while the month's total stays level. */
static const struct crime_type {
    int label;
    double share, growth, amplitude;
    int peak, profile;
} types[] = {
    {L_ASB, 30.0, -0.015, 0.15, 7, P_NONE},
    {L_BICYCLE, 0.9, -0.05, 0.35, 7, P_THEFT},
    {L_BURGLARY, 4.3, -0.08, 0.12, 12, P_THEFT},
    {L_DAMAGE, 7.5, -0.03, 0.08, 11, P_THEFT},
    {L_DRUGS, 2.2, 0.02, 0.05, 6, P_DRUGS},
    {L_OTHER_CRIME, 2.3, 0.03, 0.04, 5, P_OTHER},
    {L_OTHER_THEFT, 5.5, -0.04, 0.08, 8, P_THEFT},
    {L_WEAPONS, 0.7, 0.04, 0.08, 6, P_WEAPONS},
    {L_PUBLIC_ORDER, 6.5, 0.06, 0.10, 7, P_VIOLENCE},
    {L_ROBBERY, 0.8, 0.02, 0.10, 11, P_THEFT},
    {L_SHOPLIFTING, 4.5, 0.03, 0.08, 12, P_SHOP},
    {L_THEFT_PERSON, 0.8, 0.01, 0.10, 12, P_THEFT},
    {L_VEHICLE, 4.5, -0.05, 0.08, 11, P_THEFT},
    {L_VIOLENCE, 29.0, 0.05, 0.08, 7, P_VIOLENCE},
};
#define NTYPES ((int)(sizeof types / sizeof types[0]))
#define T_ASB 0 /* types[T_ASB] is anti-social behaviour */

/* The label written for type t in month mi, as police.uk's scheme stood then. */
static int type_label(int t, int mi)
{
    int l = types[t].label;
    if (mi >= MI_FOURTEEN_TYPES)
        return l;
    if (l == L_VIOLENCE)
        return L_VIOLENT_CRIME;
    if (mi < MI_ELEVEN_TYPES) /* the six types police.uk started with */
        return (l == L_ASB || l == L_BURGLARY || l == L_ROBBERY || l == L_VEHICLE) ? l
                                                                                   : L_OTHER_CRIME;
    if (l == L_BICYCLE || l == L_THEFT_PERSON)
        return L_OTHER_THEFT;
    if (l == L_PUBLIC_ORDER || l == L_WEAPONS)
        return L_DISORDER_WEAPONS;
    return l;
}

/* ---- outcomes -------------------------------------------------------------------------------- */

static const char *const outcomes[] = {
    "Investigation complete; no suspect identified",         /* 0 */
    "Unable to prosecute suspect",                           /* 1 */
    "Under investigation",                                   /* 2 */
    "Status update unavailable",                             /* 3 */
    "Offender given a caution",                              /* 4 */
    "Local resolution",                                      /* 5 */
    "Awaiting court outcome",                                /* 6 */
    "Court result unavailable",                              /* 7 */
    "Offender sent to prison",                               /* 8 */
    "Offender fined",                                        /* 9 */
    "Formal action is not in the public interest",           /* 10 */
    "Further investigation is not in the public interest",   /* 11 */
    "Action to be taken by another organisation",            /* 12 */
    "Suspect charged as part of another case",               /* 13 */
    "Offender given community sentence",                     /* 14 */
    "Offender given suspended prison sentence",              /* 15 */
    "Offender given penalty notice",                         /* 16 */
    "Offender given a drugs possession warning",             /* 17 */
    "Offender given conditional discharge",                  /* 18 */
    "Offender ordered to pay compensation",                  /* 19 */
    "Defendant found not guilty",                            /* 20 */
    "Court case unable to proceed",                          /* 21 */
    "Further action is not in the public interest",          /* 22 */
    "Offender otherwise dealt with",                         /* 23 */
};
#define NOUTCOMES ((int)(sizeof outcomes / sizeof outcomes[0]))

/* Relative weights of each outcome, per profile (P_NONE: ASB has no outcome). */
static const int outcome_weights[NPROFILES][NOUTCOMES] = {
    [P_THEFT] = {620, 150, 50, 30, 10, 20, 20, 20, 10, 3, 10, 20, 10, 10, 4, 3, 1, 0, 2, 3, 2, 2,
                 3, 1},
    [P_VIOLENCE] = {110, 480, 90, 40, 30, 45, 50, 40, 10, 8, 12, 20, 20, 10, 10, 8, 3, 0, 4, 4, 6,
                    6, 10, 2},
    [P_DRUGS] = {40, 90, 100, 40, 70, 120, 110, 110, 30, 40, 50, 10, 10, 15, 20, 10, 20, 90, 15, 0,
                 3, 5, 5, 5},
    [P_WEAPONS] = {30, 120, 120, 40, 80, 60, 160, 140, 60, 20, 40, 10, 15, 20, 30, 30, 0, 0, 10, 0,
                   8, 6, 5, 2},
    [P_SHOP] = {350, 120, 50, 30, 60, 80, 100, 90, 30, 40, 15, 10, 5, 20, 20, 8, 10, 0, 25, 15, 2,
                4, 5, 3},
    [P_OTHER] = {200, 350, 120, 40, 30, 20, 80, 60, 30, 5, 10, 20, 50, 10, 8, 6, 2, 0, 3, 3, 4, 4,
                 8, 2},
};

/* Context is almost always empty; these few test the quoting of a free-text field. */
static const char *const contexts[] = {
    "Reported online via the single online home",
    "Recorded in error, reclassified",
    "Victim described the suspect as \"known to them\"",
};

/* ---- geography ------------------------------------------------------------------------------- */

/* The twelve Kent districts (Kent County Council's area: Medway is a separate unitary authority,
 * so here its LSOAs are "outside"). weight is population share, harm a crime-rate multiplier. */
static const struct district_def {
    const char *name, *old_name;
    double weight, harm, lon, lat;
} districts[] = {
    {"Ashford", NULL, 0.08, 0.95, 0.872, 51.146},
    {"Canterbury", NULL, 0.10, 1.05, 1.080, 51.280},
    {"Dartford", NULL, 0.07, 1.05, 0.218, 51.440},
    {"Dover", NULL, 0.07, 1.10, 1.300, 51.150},
    {"Gravesham", NULL, 0.07, 1.10, 0.370, 51.420},
    {"Maidstone", NULL, 0.11, 1.00, 0.522, 51.272},
    {"Sevenoaks", NULL, 0.08, 0.75, 0.190, 51.272},
    {"Folkestone and Hythe", "Shepway", 0.07, 1.05, 1.110, 51.085},
    {"Swale", NULL, 0.09, 1.15, 0.760, 51.340},
    {"Thanet", NULL, 0.09, 1.35, 1.360, 51.360},
    {"Tonbridge and Malling", NULL, 0.08, 0.80, 0.380, 51.265},
    {"Tunbridge Wells", NULL, 0.08, 0.80, 0.330, 51.110},
};
#define NDISTRICTS ((int)(sizeof districts / sizeof districts[0]))
#define D_NO_LOCATION NDISTRICTS       /* truth file's "(no location)" */
#define D_OUTSIDE (NDISTRICTS + 1)     /* truth file's "(outside)" */
#define NSLOTS (NDISTRICTS + 2)

/* Neighbouring LSOAs that turn up in a Kent Police file. */
static const struct outside_def {
    const char *code, *area, *suffix;
    double lon, lat;
} outside_lsoas[] = {
    {"E01016123", "Medway", "023A", 0.540, 51.385},  {"E01016170", "Medway", "031C", 0.565, 51.360},
    {"E01016021", "Medway", "002B", 0.505, 51.410},  {"E01021102", "Wealden", "004B", 0.190, 51.060},
    {"E01021020", "Rother", "010C", 0.650, 50.985},  {"E01030829", "Tandridge", "001A", 0.050, 51.250},
    {"E01022079", "Thurrock", "015D", 0.330, 51.475}, {"E01000432", "Bexley", "012B", 0.150, 51.445},
    {"E01000812", "Bromley", "040A", 0.060, 51.330},  {"E01020998", "Hastings", "003D", 0.560, 50.905},
};
#define NOUTSIDE ((int)(sizeof outside_lsoas / sizeof outside_lsoas[0]))

/* Points of interest police.uk snaps locations to, besides streets. */
static const char *const pois[] = {
    "Parking Area", "Supermarket", "Petrol Station", "Nightclub", "Sports/Recreation Area",
    "Shopping Area", "Hospital", "Police Station", "Further/Higher Educational Building",
    "Theatre/Concert Hall", "Pedestrian Subway", "Bus/Coach Station", "Park/Open Space",
    "Conference/Exhibition Centre"};
/* Names that must be quoted: a comma, a double quote, or both. */
static const char *const awkward[] = {
    "Smith, Jones & Co Car Park", "Units 1-4, Lakeside Trading Estate", "The Parade, Queens Road",
    "Flats 1-12, Beacon Court", "Station Approach, Platform 2", "\"The Wharf\"",
    "The \"Old\" Bakery Yard", "Yard, \"The Old Brewery\""};
#define NAWKWARD_COMMA 5 /* awkward[] below this hold only a comma */
static const char *const street_first[] = {
    "High", "Station", "Church", "London", "Mill", "Queen", "King", "Victoria", "Park", "School",
    "Maidstone", "Canterbury", "Tonbridge", "Dover", "Ashford", "Sandwich", "Hythe", "Sevenoaks",
    "Chapel", "Manor", "Orchard", "Hop Garden", "Oast", "Windmill", "Pilgrims", "Marsh", "Cliff",
    "Harbour", "Beach", "Grove", "Elm", "Oak", "Ash", "Beech", "Chestnut", "Willow", "Hawthorn",
    "Cherry", "Cobham", "Darnley", "Rochester", "Faversham", "Whitstable", "Margate", "Ramsgate",
    "Broadstairs", "Deal", "Folkestone", "Romney", "Tenterden", "Cranbrook", "Wye", "Chilham",
    "Boughton", "Bearsted", "Loose", "Snodland", "Swanley", "Edenbridge", "Westerham", "Pembury",
    "St. Mary's", "St. Peter's", "St. John's", "Bishop's", "Gabriel's", "Week", "Gravel",
    "Stone", "Bell", "Crown", "Castle", "Priory", "Abbey", "Dane", "Culver", "Nelson", "Wellington",
    "Albert", "Alexandra", "York", "Kent", "Sussex", "Essex"};
static const char *const street_kind[] = {"Road",    "Street", "Lane",     "Close",  "Avenue",
                                          "Way",     "Drive",  "Gardens",  "Hill",   "Place",
                                          "Crescent", "Court", "Walk",     "Terrace", "Rise",
                                          "Mews",    "Green",  "Parade"};
#define COUNT(a) ((int)(sizeof(a) / sizeof(a)[0]))

struct point {
    char seg[160]; /* "LON,LAT,LOCATION" with LOCATION quoted as RFC 4180 wants */
};

struct lsoa {
    char code[16];   /* E01 + 6 digits */
    char suffix[12]; /* "012C" */
    int slot;        /* district index, or D_OUTSIDE */
    const char *area; /* for D_OUTSIDE: the neighbouring district's name */
    int first_point, npoints;
};

struct geo {
    struct lsoa *lsoas;
    int nlsoas;
    struct point *points;
    int npoints, cap_points;
    int first_lsoa[NDISTRICTS + 1]; /* district d's LSOAs are first_lsoa[d] .. first_lsoa[d+1]-1 */
    double *lsoa_cum;               /* per district, cumulative LSOA weights (same indexing) */
    double district_cum[NDISTRICTS];
    int first_outside;              /* the neighbours' LSOAs follow Kent's */
};

/* Appends s to dst (capacity cap, NUL-terminated) as one CSV field: quoted, with doubled
 * quotes, if it holds a comma, a quote or a line break; as it is otherwise. */
static void csv_field(char *dst, size_t cap, const char *s)
{
    size_t n = strlen(dst);
    if (!strpbrk(s, ",\"\r\n")) {
        snprintf(dst + n, cap - n, "%s", s);
        return;
    }
    if (n + 1 < cap)
        dst[n++] = '"';
    for (; *s && n + 2 < cap; s++) {
        if (*s == '"')
            dst[n++] = '"';
        dst[n++] = *s;
    }
    if (n + 1 < cap)
        dst[n++] = '"';
    dst[n < cap ? n : cap - 1] = '\0';
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Adds a map point near (lon, lat) named from r to g. */
static enum gen_rc geo_add_point(struct geo *g, struct rng *r, double lon, double lat,
                                 struct gen_error *err)
{
    if (g->npoints == g->cap_points) {
        int cap = g->cap_points ? 2 * g->cap_points : 4096;
        struct point *p = realloc(g->points, (size_t)cap * sizeof *p);
        if (!p)
            return gen_fail(err, GEN_EIO, "out of memory");
        g->points = p;
        g->cap_points = cap;
    }
    struct point *p = &g->points[g->npoints++];
    char name[128];
    unsigned u = rng_below(r, 1000);
    if (u < 20)
        snprintf(name, sizeof name, "On or near %s", awkward[rng_below(r, NAWKWARD_COMMA)]);
    else if (u < 25)
        snprintf(name, sizeof name, "On or near %s",
                 awkward[NAWKWARD_COMMA + rng_below(r, COUNT(awkward) - NAWKWARD_COMMA)]);
    else if (u < 145)
        snprintf(name, sizeof name, "On or near %s", pois[rng_below(r, COUNT(pois))]);
    else
        snprintf(name, sizeof name, "On or near %s %s",
                 street_first[rng_below(r, COUNT(street_first))],
                 street_kind[rng_below(r, COUNT(street_kind))]);
    double plon = clamp(lon + 0.006 * rng_normal(r), 0.05, 1.45);
    double plat = clamp(lat + 0.004 * rng_normal(r), 50.90, 51.48);
    snprintf(p->seg, sizeof p->seg, "%.6f,%.6f,", plon, plat);
    csv_field(p->seg, sizeof p->seg, name);
    return GEN_OK;
}

static void geo_free(struct geo *g)
{
    free(g->lsoas);
    free(g->points);
    free(g->lsoa_cum);
    memset(g, 0, sizeof *g);
}

/* Builds the fixed geography: each district's ~80-110 LSOAs (codes, MSOA-style names, a crime
 * weight and 4-14 map points each) and the neighbours' LSOAs. The same for every seed. On
 * failure g is empty and err says why; on success the caller frees g with geo_free. */
static enum gen_rc geo_build(struct geo *g, struct gen_error *err)
{
    memset(g, 0, sizeof *g);
    struct rng r;
    rng_seed(&r, 0x4B454E54ULL /* "KENT" */, 2011);
    int total = NOUTSIDE;
    int nper[NDISTRICTS];
    for (int d = 0; d < NDISTRICTS; d++) {
        nper[d] = 80 + (int)((districts[d].weight - 0.07) * 750 + 0.5);
        total += nper[d];
    }
    g->lsoas = calloc((size_t)total, sizeof *g->lsoas);
    g->lsoa_cum = calloc((size_t)total, sizeof *g->lsoa_cum);
    if (!g->lsoas || !g->lsoa_cum) {
        geo_free(g);
        return gen_fail(err, GEN_EIO, "out of memory");
    }
    double dcum = 0;
    int split_code = 2000; /* + at most 1075 LSOAs x 7 stays below 9999 */
    for (int d = 0; d < NDISTRICTS; d++) {
        const struct district_def *dd = &districts[d];
        dcum += dd->weight * dd->harm;
        g->district_cum[d] = dcum;
        g->first_lsoa[d] = g->nlsoas;
        /* Codes run in blocks per district, as the 2001 ones do (a block of 250 holds the at
         * most 2 x 110 codes a district uses); a few are the 2011 splits' E0103xxxx codes. */
        int code = 23000 + 250 * d, msoa = 1, letter = 0, in_msoa = 3 + (int)rng_below(&r, 4);
        double cum = 0;
        for (int i = 0; i < nper[d]; i++) {
            struct lsoa *l = &g->lsoas[g->nlsoas];
            code += 1 + (rng_below(&r, 5) == 0);
            if (rng_below(&r, 33) == 0) {
                split_code += 1 + (int)rng_below(&r, 7);
                snprintf(l->code, sizeof l->code, "E0103%04d", split_code);
            } else {
                snprintf(l->code, sizeof l->code, "E01%06d", code);
            }
            if (letter == in_msoa) {
                msoa++;
                letter = 0;
                in_msoa = 3 + (int)rng_below(&r, 4);
            }
            snprintf(l->suffix, sizeof l->suffix, "%03d%c", msoa, 'A' + letter++);
            l->slot = d;
            /* A skewed weight: a few town-centre LSOAs carry much of the crime. */
            double u = rng_unit(&r);
            cum += 0.3 + 4.0 * u * u * u * u;
            g->lsoa_cum[g->nlsoas] = cum;
            double lon = clamp(dd->lon + 0.07 * rng_normal(&r), 0.05, 1.45);
            double lat = clamp(dd->lat + 0.035 * rng_normal(&r), 50.90, 51.48);
            l->first_point = g->npoints;
            l->npoints = 4 + (int)rng_below(&r, 11);
            for (int k = 0; k < l->npoints; k++) {
                enum gen_rc rc = geo_add_point(g, &r, lon, lat, err);
                if (rc != GEN_OK) {
                    geo_free(g);
                    return rc;
                }
            }
            g->nlsoas++;
        }
    }
    g->first_lsoa[NDISTRICTS] = g->nlsoas;
    g->first_outside = g->nlsoas;
    for (int i = 0; i < NOUTSIDE; i++) {
        struct lsoa *l = &g->lsoas[g->nlsoas];
        snprintf(l->code, sizeof l->code, "%s", outside_lsoas[i].code);
        snprintf(l->suffix, sizeof l->suffix, "%s", outside_lsoas[i].suffix);
        l->slot = D_OUTSIDE;
        l->area = outside_lsoas[i].area;
        l->first_point = g->npoints;
        l->npoints = 3;
        for (int k = 0; k < l->npoints; k++) {
            enum gen_rc rc = geo_add_point(g, &r, outside_lsoas[i].lon, outside_lsoas[i].lat, err);
            if (rc != GEN_OK) {
                geo_free(g);
                return rc;
            }
        }
        g->nlsoas++;
    }
    return GEN_OK;
}

/* The district as an LSOA name of month mi spells it. */
static const char *district_name(int d, int mi)
{
    return districts[d].old_name && mi < MI_FOLKESTONE ? districts[d].old_name
                                                       : districts[d].name;
}

/* ---- output: plain or gzip, buffered ---------------------------------------------------------- */

struct sink {
    const char *path;
    FILE *f;
    gzFile gz;
    int failed;
    size_t len;
    char buf[1 << 16];
};

static void sink_flush(struct sink *s)
{
    if (s->len && !s->failed) {
        if (s->gz)
            s->failed = gzwrite(s->gz, s->buf, (unsigned)s->len) != (int)s->len;
        else
            s->failed = fwrite(s->buf, 1, s->len, s->f) != s->len;
    }
    s->len = 0;
}

static void sink_put(struct sink *s, const char *p, size_t n)
{
    if (s->len + n > sizeof s->buf)
        sink_flush(s);
    memcpy(s->buf + s->len, p, n);
    s->len += n;
}

/* Opens path for writing, gzip-compressed or plain. On failure err says why. */
static enum gen_rc sink_open(struct sink *s, const char *path, int gzip, struct gen_error *err)
{
    s->path = path;
    s->f = NULL;
    s->gz = NULL;
    s->failed = 0;
    s->len = 0;
    if (gzip) {
        /* Level 1: the random crime IDs barely compress anyway, and it is twice as fast as 6. */
        s->gz = gzopen(path, "wb1");
        if (s->gz)
            gzbuffer(s->gz, 1 << 17);
    } else {
        s->f = fopen(path, "wb");
    }
    if (!s->f && !s->gz)
        return gen_fail(err, GEN_EIO, "could not open file \"%s\" for writing: %s", path,
                        strerror(errno));
    return GEN_OK;
}

/* Flushes and closes s, reporting any write error met on the way. */
static enum gen_rc sink_close(struct sink *s, struct gen_error *err)
{
    sink_flush(s);
    int bad = s->failed;
    if (s->gz)
        bad |= gzclose(s->gz) != Z_OK;
    else if (s->f)
        bad |= fclose(s->f) != 0;
    s->f = NULL;
    s->gz = NULL;
    if (bad)
        return gen_fail(err, GEN_EIO, "could not write file \"%s\": %s", s->path,
                        errno ? strerror(errno) : "write error");
    return GEN_OK;
}

/* ---- the generator ---------------------------------------------------------------------------- */

struct gen_opts {
    int gzip, crlf, bom, no_location_label;
    long rows;
    uint64_t seed;
    const char *force, *truth, *outdir;
    char force_field[256]; /* the force name as a CSV field */
    char slug[128];
    int first_mi, months;
    double outside_share, no_location_share; /* fractions of rows */
};

/* Rows for month mi: about o->rows, +-10% by season (summer high) and by the seed. */
static long month_rows(const struct gen_opts *o, int mi)
{
    struct rng r;
    rng_seed(&r, o->seed, 0x524F5753ULL + (uint64_t)mi);
    double v = 0.5 * cos12[((mi % 12 + 1) - 7 + 12) % 12] + 0.5 * (2 * rng_unit(&r) - 1);
    return o->rows + (long)(0.10 * v * (double)o->rows + (v < 0 ? -0.5 : 0.5));
}

/* Type t's trend factor for month mi: compound growth from MI_TREND_REF (no libm needed). */
static double trend(int t, int mi)
{
    double step = 1.0 + types[t].growth / 12.0, f = 1.0;
    for (int k = MI_TREND_REF; k < mi; k++)
        f *= step;
    for (int k = mi; k < MI_TREND_REF; k++)
        f /= step;
    return f;
}

/* Fills cum[NTYPES] with month mi's cumulative type weights. Anti-social behaviour is held near
 * its share of all rows (30%, moved by its season and slow trend); the crimes share the rest by
 * base share x trend x season x a little month-to-month noise, so their trends are relative to
 * each other and the month's total stays near --rows. */
static void month_type_weights(const struct gen_opts *o, int mi, double *cum)
{
    struct rng r;
    rng_seed(&r, o->seed, 0x54595045ULL + (uint64_t)mi);
    double w[NTYPES], crimes = 0;
    for (int t = 0; t < NTYPES; t++) {
        double noise = 1.0 + 0.03 * (2 * rng_unit(&r) - 1);
        w[t] = types[t].share / 100.0 * trend(t, mi) *
               season(mi, types[t].peak, types[t].amplitude) * noise;
        if (t != T_ASB)
            crimes += w[t];
    }
    double asb = clamp(w[T_ASB], 0.15, 0.45);
    double c = 0;
    for (int t = 0; t < NTYPES; t++) {
        c += t == T_ASB ? asb / (1 - asb) * crimes : w[t];
        cum[t] = c;
    }
}

static char *put(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

/* Writes month mi's file under o->outdir, and adds what it wrote to counts[slot][label].
 * On failure err says why; a partly written file may be left behind. */
static enum gen_rc gen_month(const struct gen_opts *o, const struct geo *g, int mi,
                             long counts[NSLOTS][NLABELS], long *nrows, char *path,
                             size_t path_cap, struct gen_error *err)
{
    int year = mi / 12, month = mi % 12 + 1;
    char dir[4096];
    if (snprintf(dir, sizeof dir, "%s/%04d-%02d", o->outdir, year, month) >= (int)sizeof dir ||
        snprintf(path, path_cap, "%s/%04d-%02d-%s-street.csv%s", dir, year, month, o->slug,
                 o->gzip ? ".gz" : "") >= (int)path_cap)
        return gen_fail(err, GEN_EUSAGE, "output folder name \"%s\" is too long", o->outdir);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return gen_fail(err, GEN_EIO, "could not create folder \"%s\": %s", dir, strerror(errno));

    static struct sink s; /* 64 KiB buffer: static rather than on the stack */
    enum gen_rc rc = sink_open(&s, path, o->gzip, err);
    if (rc != GEN_OK)
        return rc;
    const char *eol = o->crlf ? "\r\n" : "\n";
    if (o->bom)
        sink_put(&s, "\xEF\xBB\xBF", 3);
    static const char header[] = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,"
                                 "Location,LSOA code,LSOA name,Crime type,Last outcome category,"
                                 "Context";
    sink_put(&s, header, sizeof header - 1);
    sink_put(&s, eol, strlen(eol));

    double type_cum[NTYPES];
    month_type_weights(o, mi, type_cum);
    double outcome_cum[NPROFILES][NOUTCOMES];
    for (int p = 0; p < NPROFILES; p++) {
        double c = 0;
        for (int k = 0; k < NOUTCOMES; k++)
            outcome_cum[p][k] = c += outcome_weights[p][k];
    }
    char month_fields[600]; /* ",YYYY-MM,FORCE,FORCE,"; FORCE is at most 255 bytes */
    snprintf(month_fields, sizeof month_fields, ",%04d-%02d,%s,%s,", year, month, o->force_field,
             o->force_field);
    const char *no_location = o->no_location_label ? ",,No Location,,," : ",,,,,";
    static const char hex[] = "0123456789abcdef";

    struct rng r;
    rng_seed(&r, o->seed, (uint64_t)mi);
    long rows = month_rows(o, mi);
    for (long i = 0; i < rows; i++) {
        char line[1024], *p = line;
        int t = pick(type_cum, NTYPES, rng_unit(&r));
        int label = type_label(t, mi);
        if (types[t].profile != P_NONE)
            for (int w = 0; w < 4; w++) {
                uint64_t x = rng_next(&r);
                for (int k = 0; k < 16; k++, x >>= 4)
                    *p++ = hex[x & 15];
            }
        p = put(p, month_fields);

        double u = rng_unit(&r);
        int slot;
        if (u < o->no_location_share) {
            slot = D_NO_LOCATION;
            p = put(p, no_location);
        } else {
            const struct lsoa *l;
            if (u < o->no_location_share + o->outside_share) {
                l = &g->lsoas[g->first_outside + (int)rng_below(&r, NOUTSIDE)];
            } else {
                int d = pick(g->district_cum, NDISTRICTS, rng_unit(&r));
                int first = g->first_lsoa[d], n = g->first_lsoa[d + 1] - first;
                l = &g->lsoas[first + pick(g->lsoa_cum + first, n, rng_unit(&r))];
            }
            slot = l->slot;
            p = put(p, g->points[l->first_point + (int)rng_below(&r, (unsigned)l->npoints)].seg);
            *p++ = ',';
            p = put(p, l->code);
            *p++ = ',';
            p = put(p, slot == D_OUTSIDE ? l->area : district_name(slot, mi));
            *p++ = ' ';
            p = put(p, l->suffix);
            *p++ = ',';
        }
        p = put(p, labels[label]);
        *p++ = ',';
        if (types[t].profile != P_NONE) {
            const double *oc = outcome_cum[types[t].profile];
            p = put(p, outcomes[pick(oc, NOUTCOMES, rng_unit(&r))]);
            *p++ = ',';
            if (rng_below(&r, 25000) == 0) {
                *p = '\0';
                csv_field(line, sizeof line, contexts[rng_below(&r, COUNT(contexts))]);
                p = line + strlen(line);
            }
        } else {
            *p++ = ',';
        }
        p = put(p, eol);
        sink_put(&s, line, (size_t)(p - line));
        counts[slot][label]++;
    }
    *nrows = rows;
    return sink_close(&s, err);
}

/* Appends month mi's counts to the truth file, leaving out zeros. */
static void truth_month(FILE *f, int mi, long counts[NSLOTS][NLABELS])
{
    for (int d = 0; d < NSLOTS; d++) {
        const char *name = d == D_NO_LOCATION ? "(no location)"
                           : d == D_OUTSIDE   ? "(outside)"
                                              : district_name(d, mi);
        for (int l = 0; l < NLABELS; l++)
            if (counts[d][l])
                fprintf(f, "%04d-%02d,%s,%s,%ld\n", mi / 12, mi % 12 + 1, name, labels[l],
                        counts[d][l]);
    }
}

/* Creates path and its missing parents, like mkdir -p. */
static enum gen_rc mkdir_p(const char *path, struct gen_error *err)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return gen_fail(err, GEN_EUSAGE, "output folder name \"%s\" is too long", path);
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            struct stat st;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return gen_fail(err, GEN_EIO, "could not create folder \"%s\": %s", buf,
                                strerror(errno));
            if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
                return gen_fail(err, GEN_EIO, "could not create folder \"%s\": not a folder",
                                buf);
            *p = c;
            if (!c)
                break;
        }
    }
    return GEN_OK;
}

/* police.uk's file-name slug for a force: "Kent Police" -> "kent", "Avon and Somerset
 * Constabulary" -> "avon-and-somerset", with police.uk's few irregular ones by name. */
static void force_slug(const char *force, char *out, size_t cap)
{
    static const char *const special[][2] = {
        {"Metropolitan Police Service", "metropolitan"},
        {"British Transport Police", "btp"},
        {"Police Service of Northern Ireland", "northern-ireland"},
    };
    for (int i = 0; i < COUNT(special); i++)
        if (strcmp(force, special[i][0]) == 0) {
            snprintf(out, cap, "%s", special[i][1]);
            return;
        }
    size_t len = strlen(force);
    static const char *const suffixes[] = {" Police Service", " Constabulary", " Police"};
    for (int i = 0; i < COUNT(suffixes); i++) {
        size_t n = strlen(suffixes[i]);
        if (len > n && strcmp(force + len - n, suffixes[i]) == 0) {
            len -= n;
            break;
        }
    }
    size_t o = 0;
    for (size_t i = 0; i < len && o + 4 < cap; i++) {
        char c = force[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out[o++] = c;
        } else if (c == '&') {
            if (o && out[o - 1] != '-')
                out[o++] = '-';
            memcpy(out + o, "and", 3);
            o += 3;
        } else if (o && out[o - 1] != '-') {
            out[o++] = '-';
        }
    }
    while (o && out[o - 1] == '-')
        o--;
    out[o] = '\0';
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: " PROG " [OPTION]... OUTDIR FIRST-MONTH MONTHS\n"
            "Writes MONTHS synthetic police.uk street-level crime files, one a month from\n"
            "FIRST-MONTH (YYYY-MM), as OUTDIR/YYYY-MM/YYYY-MM-SLUG-street.csv[.gz].\n"
            "\n"
            "  --help                 show this help and exit\n"
            "  --version              show the version and exit\n"
            "  --gzip                 write .csv.gz files\n"
            "  --rows N               about N rows a month, +-10%% (default 60000)\n"
            "  --seed S               seed of the rows (default 1); the geography is fixed\n"
            "  --force NAME           Reported by / Falls within (default \"Kent Police\");\n"
            "                         the file name's slug is made from it (\"kent\")\n"
            "  --truth FILE           write month,district,crime_type,count of what was written\n"
            "  --crlf                 end lines with CRLF (police.uk uses LF)\n"
            "  --bom                  start each file with a UTF-8 byte order mark\n"
            "  --no-location-label    write \"No Location\" in the Location of rows without a\n"
            "                         location (default: leave it empty)\n"
            "  --outside-share PCT    percentage of rows in LSOAs outside Kent (default 0.7)\n"
            "\n"
            "Exit status: 0 done, 2 usage error, 3 a file or folder could not be written.\n");
}

/* Says what is wrong with the command line, and how to get help. */
__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, PROG ": ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry \"" PROG " --help\".\n");
    va_end(ap);
    return GEN_EUSAGE;
}

/* Parses a whole decimal number in [lo, hi] into *out; 0 if s is anything else. */
static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return 0;
    *out = v;
    return 1;
}

/* Parses YYYY-MM into a month index; 0 if s is anything else. */
static int parse_month(const char *s, int *mi)
{
    if (strlen(s) != 7 || s[4] != '-')
        return 0;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = atoi(s), m = atoi(s + 5);
    if (y < 1900 || m < 1 || m > 12)
        return 0;
    *mi = MI(y, m);
    return 1;
}

/* Closes standard output, saying so if what was written to it was lost. */
static enum gen_rc close_stdout(void)
{
    if (fclose(stdout) == 0)
        return GEN_OK;
    fprintf(stderr, PROG ": error: could not write to standard output: %s\n", strerror(errno));
    return GEN_EIO;
}

enum { OPT_HELP = 256, OPT_VERSION, OPT_GZIP, OPT_ROWS, OPT_SEED, OPT_FORCE, OPT_TRUTH, OPT_CRLF,
       OPT_BOM, OPT_NO_LOCATION_LABEL, OPT_OUTSIDE_SHARE };

static int gen_main(int argc, char **argv)
{
    static const struct option options[] = {
        {"help", no_argument, NULL, OPT_HELP},
        {"version", no_argument, NULL, OPT_VERSION},
        {"gzip", no_argument, NULL, OPT_GZIP},
        {"rows", required_argument, NULL, OPT_ROWS},
        {"seed", required_argument, NULL, OPT_SEED},
        {"force", required_argument, NULL, OPT_FORCE},
        {"truth", required_argument, NULL, OPT_TRUTH},
        {"crlf", no_argument, NULL, OPT_CRLF},
        {"bom", no_argument, NULL, OPT_BOM},
        {"no-location-label", no_argument, NULL, OPT_NO_LOCATION_LABEL},
        {"outside-share", required_argument, NULL, OPT_OUTSIDE_SHARE},
        {NULL, 0, NULL, 0},
    };
    static struct gen_opts o;
    memset(&o, 0, sizeof o);
    o.rows = 60000;
    o.seed = 1;
    o.force = "Kent Police";
    o.outside_share = 0.007;
    o.no_location_share = 0.015;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        char *end;
        switch (c) {
        case OPT_HELP:
            usage(stdout);
            return close_stdout();
        case OPT_VERSION:
            printf(PROG " " CSA_VERSION "\n");
            return close_stdout();
        case OPT_GZIP:
            o.gzip = 1;
            break;
        case OPT_ROWS:
            if (!parse_long(optarg, 0, 100000000, &o.rows))
                return usage_error("--rows \"%s\" is not a whole number from 0 to 100000000",
                                   optarg);
            break;
        case OPT_SEED:
            errno = 0;
            o.seed = strtoull(optarg, &end, 10);
            if (errno || end == optarg || *end || optarg[0] == '-')
                return usage_error("--seed \"%s\" is not a whole number from 0 to 2^64-1",
                                   optarg);
            break;
        case OPT_FORCE:
            o.force = optarg;
            break;
        case OPT_TRUTH:
            o.truth = optarg;
            break;
        case OPT_CRLF:
            o.crlf = 1;
            break;
        case OPT_BOM:
            o.bom = 1;
            break;
        case OPT_NO_LOCATION_LABEL:
            o.no_location_label = 1;
            break;
        case OPT_OUTSIDE_SHARE:
            o.outside_share = strtod(optarg, &end) / 100.0;
            if (end == optarg || *end || !(o.outside_share >= 0) ||
                o.outside_share > 1 - o.no_location_share)
                return usage_error("--outside-share \"%s\" is not a percentage from 0 to 98.5",
                                   optarg);
            break;
        default:
            return usage_error("unknown option or missing argument: %s", argv[optind - 1]);
        }
    }
    if (argc - optind != 3)
        return usage_error("%s", "expected OUTDIR FIRST-MONTH MONTHS");
    o.outdir = argv[optind];
    long months;
    if (!parse_month(argv[optind + 1], &o.first_mi))
        return usage_error("FIRST-MONTH \"%s\" is not a month written YYYY-MM", argv[optind + 1]);
    if (!parse_long(argv[optind + 2], 1, 1200, &months))
        return usage_error("MONTHS \"%s\" is not a whole number from 1 to 1200", argv[optind + 2]);
    o.months = (int)months;
    if (!o.force[0] || strlen(o.force) > 100 || strpbrk(o.force, "/\r\n"))
        return usage_error("--force \"%s\" must be 1 to 100 characters, without / or line breaks",
                           o.force);
    csv_field(o.force_field, sizeof o.force_field, o.force);
    force_slug(o.force, o.slug, sizeof o.slug);
    if (!o.slug[0])
        return usage_error("--force \"%s\" has no letters or digits to name the files by",
                           o.force);

    struct gen_error err = {{0}};
    struct geo g;
    FILE *truth = NULL;
    enum gen_rc rc = geo_build(&g, &err);
    if (rc != GEN_OK)
        goto out;
    rc = mkdir_p(o.outdir, &err);
    if (rc != GEN_OK)
        goto out;
    if (o.truth) {
        truth = fopen(o.truth, "w");
        if (!truth) {
            rc = gen_fail(&err, GEN_EIO, "could not open file \"%s\" for writing: %s", o.truth,
                          strerror(errno));
            goto out;
        }
        fprintf(truth, "month,district,crime_type,count\n");
    }
    long all = 0;
    for (int k = 0; k < o.months; k++) {
        static long counts[NSLOTS][NLABELS];
        char path[4600];
        long rows = 0;
        memset(counts, 0, sizeof counts);
        rc = gen_month(&o, &g, o.first_mi + k, counts, &rows, path, sizeof path, &err);
        if (rc != GEN_OK)
            goto out;
        if (truth)
            truth_month(truth, o.first_mi + k, counts);
        printf("wrote %s: %ld rows\n", path, rows);
        all += rows;
    }
    printf("%d files, %ld rows\n", o.months, all);
    if (truth) {
        int bad = ferror(truth) != 0;
        bad |= fclose(truth) != 0;
        truth = NULL;
        if (bad) {
            rc = gen_fail(&err, GEN_EIO, "could not write file \"%s\": %s", o.truth,
                          strerror(errno));
            goto out;
        }
    }
    if (fclose(stdout) != 0)
        rc = gen_fail(&err, GEN_EIO, "could not write to standard output: %s", strerror(errno));
out:
    if (truth)
        fclose(truth);
    geo_free(&g);
    if (rc != GEN_OK)
        fprintf(stderr, PROG ": error: %s\n", err.msg);
    return rc;
}

int main(int argc, char **argv) { return gen_main(argc, argv); }
