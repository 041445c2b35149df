/* crime_load.h: `csa crime load`, police.uk street-level files into PostgreSQL.
 *
 * Files are read in parallel (OpenMP), one libpq connection per worker. A worker counts a
 * file as it reads it (crime_tally.h: by LSOA, district and crime type; memory bounded by the
 * distinct keys, whatever the file's size), then, in one transaction, sends only the counts
 * with binary COPY (pgcopy.h) into csa.crime_count. Each record's district comes from
 * place.h. Records outside the register's districts or with no LSOA are counted in the
 * file's report, never loaded as if inside.
 *
 * A file is one force's month (policeuk.h): loading it replaces that force-month, and only
 * that one, in the same transaction. A malformed record, or one of another month or force,
 * rejects its file, with its line, unless skipping was asked for, when it is counted and its
 * line reported instead. A file with no well-formed record (a header only) is rejected and
 * the force-month loaded before is kept; a folder named with no police.uk file in it is
 * rejected too.
 *
 * Locking, so that any number of concurrent loads never deadlock: each file's transaction,
 * begun once the file is read, takes, in this order, its force's row (added when new) and
 * one advisory lock on its force-month, and nothing else that another load could hold.
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

/* How many skipped records a file's report names, by line and reason. */
#define CRIME_SKIPS_SHOWN 5

/* A record skipped under --skip-bad-rows. */
struct crime_skip {
    long line;
    char *why; /* owned */
};

/* What happened to one file (or to a folder named that held none). */
struct crime_file {
    char *path; /* owned */
    enum crime_outcome outcome;
    long long read, loaded, outside, no_location, bad_skipped; /* records */
    int month;                    /* the file's month (year * 12 + month - 1); -1 unknown */
    char *force;                  /* the file's force; NULL unknown. Owned */
    const char *replaced_by;      /* CRIME_SUPERSEDED: the path of the file that replaces it */
    struct crime_skip skips[CRIME_SKIPS_SHOWN]; /* the first bad_skipped records skipped */
    struct csa_error err;         /* CRIME_REJECTED and CRIME_FAILED */
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

/* Loads the files and folders named (folders are searched for *street.csv[.gz]; a folder
 * with none is rejected) into the database of c, which is open, migrated and synced with cfg->reg; the workers open their
 * own connections to cfg->db. Returns CSA_OK when the files were tried, each one's outcome
 * in *out (out->rc the exit code they call for), or the code of what stopped the whole
 * load before any file (a path or the lookup unreadable, crime types that differ, the
 * database), err saying why. Either way the caller frees *out with crime_load_free. */
enum csa_rc crime_load(PGconn *c, const struct crime_config *cfg, char *const *paths, int n,
                       struct crime_load *out, struct csa_error *err);

void crime_load_free(struct crime_load *l); /* leaves *l empty; harmless on an empty one */

/* The report of a load: a line per file on out ("loaded ...", "skipped ...", "rejected ...",
 * "failed ..."), each rejected or failed file's error on errs, and each skipped record shown
 * as a warning on errs ("FILE:LINE: warning: row skipped: ..."). Pure: appends bytes only. */
void crime_load_render(const struct crime_load *l, struct buf *out, struct buf *errs);

#endif
