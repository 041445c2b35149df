/* crime.h: police.uk street-level crime into PostgreSQL, and the crime tables out of it.
 *
 * `csa crime load` reads files in parallel (OpenMP), one libpq connection per worker, each
 * file one transaction streamed with binary COPY into csa.street_crime, narrow typed rows
 * (month, force, district, type). Each record's district comes from its LSOA name (minus its
 * trailing code, matched to the register's district names and former names) or from an
 * LSOA-code lookup file. Records outside the register's districts or with no LSOA are
 * counted and reported, never loaded as if inside. Loading a force's month again replaces
 * it in the same transaction. A malformed record rejects its file, with its line, unless
 * skipping was asked for, when it is counted instead. */
#ifndef CSA_CRIME_H
#define CSA_CRIME_H

#include "csa/register.h"

struct crime_config {
    const char *db; /* conninfo, or NULL for CSA_DB / libpq defaults */
    const struct csa_register *reg;
    const char *lsoa_lookup; /* CSV of LSOA code, district (GSS code or name); may be NULL */
    int skip_bad;            /* skip and count malformed records instead of rejecting */
    int jobs;
    int quiet; /* problems only: no line per file on stdout */
};

/* Loads the files and folders named (folders are searched for *street.csv[.gz]); prints a
 * line per file on stdout, problems on stderr. Returns the exit code: 0, 1 (a file was
 * rejected) or 3. */
int crime_load(const struct crime_config *cfg, char **paths, int n);

/* Prints the crime tables of plan year y (partnerships in force and the county) for the
 * twelve months ending period_end ("YYYY-MM", NULL: the latest loaded) against the twelve
 * before, in format text, csv or json. Returns the exit code. */
int crime_table(const char *db, const struct csa_register *reg, int y, const char *period_end,
                const char *format);

#endif
