/* policeuk.h: reading police.uk street-level crime files, as published, one record at a time.
 *
 * A streaming RFC 4180 reader over zlib (plain or gzip alike): quoted fields with doubled
 * quotes and embedded commas or line breaks, CRLF or LF, an optional UTF-8 BOM. Memory stays
 * bounded by the longest record, whatever the file's size. It checks the header and the
 * shape of each record (twelve fields, all valid UTF-8, a month, a force, a known crime
 * type) and that the record belongs to the file: a police.uk file is one force's month, so
 * every record must carry the file's month (from its name YYYY-MM-FORCE-street.csv[.gz],
 * else its first record's) and the file's force (its first record's "Falls within"). What a
 * record means (which district) is place.c's business. */
#ifndef CSA_POLICEUK_H
#define CSA_POLICEUK_H

#include "csa/buf.h"
#include "csa/error.h"

#include <stddef.h>

enum {
    PUK_CRIME_ID, PUK_MONTH, PUK_REPORTED_BY, PUK_FALLS_WITHIN, PUK_LONGITUDE, PUK_LATITUDE,
    PUK_LOCATION, PUK_LSOA_CODE, PUK_LSOA_NAME, PUK_CRIME_TYPE, PUK_OUTCOME, PUK_CONTEXT,
    PUK_FIELDS
};

/* The longest force name ("Falls within") accepted, in bytes. */
#define PUK_MAX_FORCE 127

struct puk_reader;

/* One record. Field strings are NUL-terminated and valid until the next puk_next call. */
struct puk_record {
    const char *f[PUK_FIELDS];
    size_t len[PUK_FIELDS];
    long line;      /* where the record starts */
    int month;      /* year * 12 + (month - 1) */
    int crime_type; /* csa.crime_type.id */
};

/* Opens path and checks its header. On failure returns NULL and err says why (CSA_EENV when
 * the file cannot be opened, CSA_EINVALID when it is not a street-level file). */
struct puk_reader *puk_open(const char *path, struct csa_error *err);

/* Reads the next record into *r. Returns 1 for a record, 0 at the end of the file, -1 for a
 * malformed record: err has its line and what is wrong; when the record's extent was still
 * found (wrong field count, invalid UTF-8, bad month, force or type, a month or force not
 * the file's) the reader can go on past it, else (broken quoting, truncated gzip) *fatal is
 * set. A record returned has its month and force equal to the file's. */
int puk_next(struct puk_reader *rd, struct puk_record *r, int *fatal, struct csa_error *err);

/* The file's month (year * 12 + month - 1): from its name from puk_open on, else from the
 * first well-formed record read; -1 until known. */
int puk_file_month(const struct puk_reader *rd);

/* The file's force, the first well-formed record's "Falls within"; NULL until one is read.
 * The string is rd's. */
const char *puk_file_force(const struct puk_reader *rd);

/* The month of a file named YYYY-MM-FORCE-street.csv or .csv.gz (any folder), or -1. */
int puk_name_month(const char *path);

void puk_close(struct puk_reader *rd); /* NULL is harmless */

/* The csa.crime_type id of a police.uk crime type name, or 0. */
int puk_crime_type(const char *name);

/* The police.uk name the reader gives id (1, 2, ...), or NULL past the last id it uses.
 * csa.crime_type (sql/logic/40_crime.sql) must hold these names under these ids. */
const char *puk_crime_type_name(int id);

#endif
