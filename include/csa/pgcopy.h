/* pgcopy.h: PostgreSQL's binary COPY format, encoded into a buffer and streamed over libpq.
 *
 * The encoder (pgcopy_header ... pgcopy_trailer) only appends bytes to a struct buf, in
 * network byte order as "COPY ... FROM STDIN (FORMAT binary)" reads them; it knows nothing of
 * libpq. The stream (struct pgcopy) runs one COPY on a connection: begin, append tuples to
 * its buffer with the encoder, flush now and then, end (or abort). As psql does it, ending
 * pumps PQgetResult until NULL. Columns are written in the order the COPY statement names
 * them; the types must match the table's exactly (int2 for smallint, and so on). */
#ifndef CSA_PGCOPY_H
#define CSA_PGCOPY_H

#include "csa/buf.h"
#include "csa/error.h"

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

/* ---- the encoder ---------------------------------------------------------------------- */

/* The file header: signature, flags and an empty header extension (19 bytes). */
void pgcopy_header(struct buf *b);
/* The file trailer: a field count of -1. */
void pgcopy_trailer(struct buf *b);
/* Starts a tuple of nfields fields; the next nfields values written are its fields. */
void pgcopy_tuple(struct buf *b, int16_t nfields);
void pgcopy_null(struct buf *b);
void pgcopy_int2(struct buf *b, int16_t v);
void pgcopy_int4(struct buf *b, int32_t v);
/* A text field of len bytes (no NUL needed; the server checks the encoding). */
void pgcopy_text(struct buf *b, const char *s, size_t len);
/* A date field: the proleptic Gregorian day (year, month 1-12, day 1-31). */
void pgcopy_date(struct buf *b, int year, int month, int day);
/* Days from 2000-01-01, PostgreSQL's date epoch, to the given day (negative before it). */
int32_t pgcopy_days(int year, int month, int day);

/* ---- the stream ----------------------------------------------------------------------- */

struct pgcopy {
    PGconn *c;      /* not owned */
    struct buf out; /* encoded bytes not yet sent; append tuples here */
    int active;     /* between pgcopy_begin and pgcopy_end */
};

/* Runs copy_sql ("COPY t (cols) FROM STDIN (FORMAT binary)") on c and writes the header
 * into p->out. p must be zeroed or ended before. On failure (CSA_EENV) nothing is active. */
enum csa_rc pgcopy_begin(struct pgcopy *p, PGconn *c, const char *copy_sql,
                         struct csa_error *err);

/* Sends p->out to the server once it holds at least at_least bytes (0: whatever it holds). */
enum csa_rc pgcopy_flush(struct pgcopy *p, size_t at_least, struct csa_error *err);

/* Ends the COPY: with why NULL writes the trailer, sends the rest and waits for the server's
 * verdict; with why set, aborts the COPY with that reason (err may then be NULL: the failure
 * is the caller's own). Harmless when no COPY is active. */
enum csa_rc pgcopy_end(struct pgcopy *p, const char *why, struct csa_error *err);

/* Frees p's buffer; the COPY must have been ended. */
void pgcopy_free(struct pgcopy *p);

#endif
