/* crime_summary.h: `csa crime table`, the strategic assessment's crime table (seed 000
 * section 3.1) for each partnership in force and for the county, read from the SQL function
 * csa.crime_comparison (sql/logic/40_crime.sql), which does all the adding up.
 *
 * The months are those of the forces covering the county's districts (csa.crime_county_forces:
 * learnt from the data, the register names no force): the default window ends with the
 * latest month of the county's principal force, whose months are the months loaded; another
 * covering force's months missing from the window are named as missing force-months.
 *
 * crime_summary_read fills a struct crime_summary from the database; the renderers turn it
 * into text, CSV or JSON bytes and print nothing. The summary owns every string in it. */
#ifndef CSA_CRIME_SUMMARY_H
#define CSA_CRIME_SUMMARY_H

#include "csa/arena.h"
#include "csa/buf.h"
#include "csa/error.h"
#include "csa/register.h"

#include <libpq-fe.h>

/* One row: a grouping (level 0) or a police.uk crime type (level 1) of one area. */
struct crime_summary_row {
    const char *area;      /* a partnership's code, or "county" */
    const char *area_name;
    const char *category;
    int level;
    long long current, previous, difference;
    const char *percent_change; /* as SQL writes it ("50.0", "-12.3"); NULL when previous is 0 */
};

/* A covering force with no data for a month of the window. */
struct crime_gap {
    const char *force;
    const char *month; /* "YYYY-MM" */
    int at;            /* the month's place in the 24 of the window, 0 the oldest */
};

struct crime_summary {
    struct arena arena;      /* every string below */
    const char *county_name;
    char period_end[8];      /* "YYYY-MM": the last month of the current window */
    const char *principal;   /* the county's principal force; NULL when none covers it */
    int months_loaded;       /* of the 24 months of the two windows, the principal force's */
    int nmissing;
    const char *missing[24]; /* "YYYY-MM" of the months with no data, oldest first */
    const char **forces;     /* the forces covering the county, the principal first */
    size_t nforces;
    struct crime_gap *gaps;  /* the other forces' missing months, by force, oldest first */
    size_t ngaps;
    struct crime_summary_row *rows; /* areas in register order, categories in table order */
    size_t nrows;
};

/* Reads the crime tables of plan year y of reg's county for the twelve months ending
 * period_end ("YYYY-MM"; NULL: the latest month the county's principal force loaded) against
 * the twelve before, from the database of c (open, migrated, synced with reg). With no month
 * loaded for the county's districts and none asked for, CSA_EINVALID. On success the caller frees *s with crime_summary_free; on failure *s is
 * empty. */
enum csa_rc crime_summary_read(PGconn *c, const struct csa_register *reg, int y,
                               const char *period_end, struct crime_summary *s,
                               struct csa_error *err);

void crime_summary_free(struct crime_summary *s); /* leaves *s empty; harmless on an empty one */

/* Pure renderers: each appends the summary's bytes to out. The text is for a reader (a
 * heading, the forces, the months loaded and missing, the missing force-months, a table per
 * area); the CSV has one line per row under a header; the JSON is one object with
 * period_end, forces, principal_force, months_loaded, months_missing, missing_force_months
 * ([{force, month}]) and rows. */
void crime_summary_text(const struct crime_summary *s, struct buf *out);
void crime_summary_csv(const struct crime_summary *s, struct buf *out);
void crime_summary_json(const struct crime_summary *s, struct buf *out);

/* ---- the hotspots: `csa crime table --by lsoa` ---------------------------------------- */

/* One LSOA of an area, ranked by the category's current count (csa.crime_lsoa_table). */
struct crime_lsoa_row {
    long long rank;
    const char *lsoa, *lsoa_name, *district; /* district: its name */
    long long current, previous, difference;
    const char *percent_change; /* as in struct crime_summary_row */
};

struct crime_hotspots {
    struct crime_summary head; /* the county, the window, the forces and months; no rows */
    const char *area, *area_name, *category; /* category as the crime table spells it */
    struct crime_lsoa_row *rows; /* rank order; in head.arena like every string here */
    size_t nrows;
};

/* Reads the top LSOAs of area (a partnership's code in force for plan year y, or "county")
 * by category (a row of the crime table, case ignored; NULL: "All crime") over the same window
 * as crime_summary_read. An unknown area or category is CSA_EINVALID, err naming it. On
 * success the caller frees *h with crime_hotspots_free; on failure *h is empty. */
enum csa_rc crime_hotspots_read(PGconn *c, const struct csa_register *reg, int y,
                                const char *period_end, const char *area, const char *category,
                                int top, struct crime_hotspots *h, struct csa_error *err);

void crime_hotspots_free(struct crime_hotspots *h); /* leaves *h empty */

/* Pure renderers, as above: the text has the crime table's heading then one ranked table;
 * the CSV one line per LSOA under a header; the JSON one object with period_end, forces,
 * principal_force, months_loaded, months_missing, area, area_name, category and rows. */
void crime_hotspots_text(const struct crime_hotspots *h, struct buf *out);
void crime_hotspots_csv(const struct crime_hotspots *h, struct buf *out);
void crime_hotspots_json(const struct crime_hotspots *h, struct buf *out);

#endif
