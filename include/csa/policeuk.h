/* policeuk.h: reading police.uk street-level crime files, as published, one record at a time.
 *
 * A streaming RFC 4180 reader over zlib (plain or gzip alike): quoted fields with doubled
 * quotes and embedded commas or line breaks, CRLF or LF, an optional UTF-8 BOM. Memory stays
 * bounded by the longest record, whatever the file's size. It checks the header and the
 * shape of each record (twelve fields, a month, a known crime type); what a record means
 * (which district) is place.c's business. */
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
 * found (wrong field count, bad month or type) the reader can go on past it, else (broken
 * quoting, truncated gzip) *fatal is set. */
int puk_next(struct puk_reader *rd, struct puk_record *r, int *fatal, struct csa_error *err);

void puk_close(struct puk_reader *rd); /* NULL is harmless */

/* The csa.crime_type id of a police.uk crime type name, or 0. */
int puk_crime_type(const char *name);

/* The police.uk name the reader gives id (1, 2, ...), or NULL past the last id it uses.
 * csa.crime_type (sql/logic/40_crime.sql) must hold these names under these ids. */
const char *puk_crime_type_name(int id);

#endif
