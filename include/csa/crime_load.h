/* crime_load.h: `csa crime load`, police.uk street-level files into PostgreSQL.
 *
 * Files are read in parallel (OpenMP), one libpq connection per worker, each file one
 * transaction streamed with binary COPY (pgcopy.h) into csa.street_crime, narrow typed rows
 * (month, force, district, type). Each record's district comes from place.h. Records outside
 * the register's districts or with no LSOA are counted, never loaded as if inside. Loading a
 * force's month again replaces it in the same transaction. A malformed record rejects its
 * file, with its line, unless skipping was asked for, when it is counted instead.
 *
 * The stage prints nothing: it fills a struct crime_load, which crime_load_render turns
 * into the report's bytes. */
#ifndef CSA_CRIME_LOAD_H
#define CSA_CRIME_LOAD_H

#include "csa/buf.h"
#include "csa/error.h"
#include "csa/register.h"

#include <libpq-fe.h>

struct crime_config {
    const char *db; /* conninfo of the workers' connections, or NULL for CSA_DB / defaults */
    const struct csa_register *reg;
    const char *lsoa_lookup; /* CSV of LSOA code, district (GSS code or name); may be NULL */
    int skip_bad;            /* skip and count malformed records instead of rejecting */
    int jobs;
};

enum crime_outcome {
    CRIME_PENDING,    /* not loaded yet (never left so by crime_load) */
    CRIME_LOADED,
    CRIME_REJECTED,   /* a malformed record or header: err says where */
    CRIME_SUPERSEDED, /* another file of the run holds the same force and month */
    CRIME_FAILED      /* the database or the file system failed: err says why */
};

/* What happened to one file. */
struct crime_file {
    char *path; /* owned */
    enum crime_outcome outcome;
    long long read, loaded, outside, no_location, bad_skipped; /* records */
    int nmonths;                  /* force-months loaded; 0: none */
    int first_month, last_month;  /* of those, as year * 12 + month - 1 */
    const char *replaced_by;      /* CRIME_SUPERSEDED: the path of the file that replaces it */
    struct csa_error err;         /* CRIME_REJECTED and CRIME_FAILED */
    /* the load's own: the first record's month and force, read when planning */
    int head_month;
    char *head_force;
};

/* The result of a load: every file found, sorted by path. */
struct crime_load {
    struct crime_file *files;
    size_t nfiles, cap;
    enum csa_rc rc; /* the exit code the files call for: 0, 1 (one rejected) or 3 (one failed) */
};

/* Checks that the database's csa.crime_type rows carry, id for id, the names the police.uk
 * reader gives its ids (policeuk.h), since the rows are stored by id. On a difference returns
 * CSA_EENV and err names the first id whose name differs or is missing. */
enum csa_rc crime_types_check(PGconn *c, struct csa_error *err);

/* Loads the files and folders named (folders are searched for *street.csv[.gz]) into the
 * database of c, which is open, migrated and synced with cfg->reg; the workers open their
 * own connections to cfg->db. Returns CSA_OK when the files were tried, each one's outcome
 * in *out (out->rc the exit code they call for), or the code of what stopped the whole
 * load before any file (a path or the lookup unreadable, crime types that differ, the
 * database), err saying why. Either way the caller frees *out with crime_load_free. */
enum csa_rc crime_load(PGconn *c, const struct crime_config *cfg, char *const *paths, int n,
                       struct crime_load *out, struct csa_error *err);

void crime_load_free(struct crime_load *l); /* leaves *l empty; harmless on an empty one */

/* The report of a load: a line per file on out ("loaded ...", "skipped ...", "rejected ...",
 * "failed ..."), each rejected or failed file's error on errs, and on errs the note that no
 * file was found. Pure: appends bytes only. */
void crime_load_render(const struct crime_load *l, struct buf *out, struct buf *errs);

#endif
