/* pgcopy.c: PostgreSQL's binary COPY format and its stream over libpq (see pgcopy.h). */
#include "csa/pgcopy.h"
#include "csa/db.h"

#include <arpa/inet.h>

/* ---- the encoder ---------------------------------------------------------------------- */

void pgcopy_int2(struct buf *b, int16_t v)
{
    uint32_t len = htonl(2);
    uint16_t n = htons((uint16_t)v);
    buf_append(b, &len, 4);
    buf_append(b, &n, 2);
}

void pgcopy_int4(struct buf *b, int32_t v)
{
    uint32_t n[2] = {htonl(4), htonl((uint32_t)v)};
    buf_append(b, n, 8);
}

void pgcopy_header(struct buf *b)
{
    static const char head[19] = "PGCOPY\n\377\r\n\0" /* then flags, extension: 0, 0 */;
    buf_append(b, head, sizeof head);
}

void pgcopy_trailer(struct buf *b)
{
    pgcopy_tuple(b, -1);
}

void pgcopy_tuple(struct buf *b, int16_t nfields)
{
    uint16_t n = htons((uint16_t)nfields);
    buf_append(b, &n, 2);
}

void pgcopy_null(struct buf *b)
{
    uint32_t n = htonl((uint32_t)-1);
    buf_append(b, &n, 4);
}

void pgcopy_text(struct buf *b, const char *s, size_t len)
{
    uint32_t n = htonl((uint32_t)len);
    buf_append(b, &n, 4);
    buf_append(b, s, len);
}

/* Howard Hinnant's days_from_civil, shifted from 1970-01-01 to 2000-01-01. */
int32_t pgcopy_days(int year, int month, int day)
{
    int y = year - (month <= 2);
    unsigned mo = (unsigned)month;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + (unsigned)day - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468 - 10957;
}

void pgcopy_date(struct buf *b, int year, int month, int day)
{
    pgcopy_int4(b, pgcopy_days(year, month, day));
}

/* ---- the stream ----------------------------------------------------------------------- */

enum csa_rc pgcopy_begin(struct pgcopy *p, PGconn *c, const char *copy_sql,
                         struct csa_error *err)
{
    p->c = c;
    PGresult *r = PQexec(c, copy_sql);
    enum csa_rc rc = PQresultStatus(r) == PGRES_COPY_IN
                         ? CSA_OK
                         : db_fail(c, r, "could not start COPY", err);
    PQclear(r);
    if (rc == CSA_OK) {
        pgcopy_header(&p->out);
        p->active = 1;
    }
    return rc;
}

enum csa_rc pgcopy_flush(struct pgcopy *p, size_t at_least, struct csa_error *err)
{
    if (p->out.len == 0 || p->out.len < at_least)
        return CSA_OK;
    if (PQputCopyData(p->c, p->out.data, (int)p->out.len) != 1)
        return db_fail(p->c, NULL, "could not send rows", err);
    buf_reset(&p->out);
    return CSA_OK;
}

enum csa_rc pgcopy_end(struct pgcopy *p, const char *why, struct csa_error *err)
{
    enum csa_rc rc = CSA_OK;
    if (!p->active)
        return CSA_OK;
    p->active = 0;
    if (why == NULL) {
        pgcopy_trailer(&p->out);
        rc = pgcopy_flush(p, 0, err);
    }
    buf_reset(&p->out);
    if (PQputCopyEnd(p->c, rc == CSA_OK ? why : "csa gave up") != 1 && rc == CSA_OK)
        rc = db_fail(p->c, NULL, "could not end COPY", err);
    for (PGresult *r; (r = PQgetResult(p->c)) != NULL; PQclear(r))
        if (rc == CSA_OK && why == NULL && PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = db_fail(p->c, r, "could not store the rows", err);
    return rc;
}

void pgcopy_free(struct pgcopy *p)
{
    buf_free(&p->out);
}
