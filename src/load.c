/* load.c: a checked submission into the database in one transaction (see load.h), and the
 * line that reports it. Every string is checked to be UTF-8 before the database sees it.
 * Nothing here prints. */
#include "csa/planyear.h"
#include "csa/load.h"
#include "csa/db.h"
#include "csa/fault.h"
#include "csa/read.h"
#include "csa/utf8.h"

#include <stdlib.h>
#include <string.h>

/* The SQLSTATE csa.load_submission raises for a partnership the role may not load. */
#define SQLSTATE_NOT_YOURS "CS001"

static enum csa_rc call_load(PGconn *c, const char *json, const struct buf *xml,
                             const struct buf *zlib, const char *source_name, time_t mtime,
                             int gzip, const char *origin, struct load_result *res,
                             struct csa_error *err)
{
    char when[32] = "";
    if (mtime > 0)
        snprintf(when, sizeof when, "%lld", (long long)mtime);
    const char *v[7] = {json, xml->data ? xml->data : "", zlib->data, source_name,
                        mtime > 0 ? when : NULL, gzip ? "true" : "false", origin};
    int len[7] = {0, (int)xml->len, (int)zlib->len, 0, 0, 0, 0};
    int fmt[7] = {0, 1, 1, 0, 0, 0, 0}; /* the two bytea go as binary, unescaped */
    PGresult *r = PQexecParams(c,
                               "SELECT * FROM csa.load_submission($1::jsonb, $2::bytea,"
                               " $3::bytea, $4, to_timestamp($5::bigint), $6::boolean, $7)",
                               7, NULL, v, len, fmt, 0);
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (state && strcmp(state, SQLSTATE_NOT_YOURS) == 0) {
        /* the database's refusal of another partnership's file: a rejection, in its words */
        const char *why = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
        enum csa_rc rc = csa_fail(err, CSA_EINVALID, NULL, 0, "%s", why ? why : "not yours");
        PQclear(r);
        return rc;
    }
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        enum csa_rc rc = db_fail(c, r, "could not store the submission", err);
        PQclear(r);
        return rc;
    }
    res->unchanged = strcmp(PQgetvalue(r, 0, PQfnumber(r, "status")), "unchanged") == 0;
    res->id = strtoll(PQgetvalue(r, 0, PQfnumber(r, "id")), NULL, 10);
    res->version = atoi(PQgetvalue(r, 0, PQfnumber(r, "version")));
    res->is_current = PQgetvalue(r, 0, PQfnumber(r, "is_current"))[0] == 't';
    res->current_version = atoi(PQgetvalue(r, 0, PQfnumber(r, "current_version")));
    PQclear(r);
    return CSA_OK;
}

enum csa_rc load_submission(PGconn *c, const struct csa_submission *s,
                            const struct diags *warnings, const char *source_name,
                            time_t mtime, const char *origin, struct load_result *res,
                            struct csa_error *err)
{
    memset(res, 0, sizeof *res);
    struct buf json = {0}, zlib = {0};
    /* PostgreSQL refuses text that is not UTF-8: say so here, with the line, not as its
     * "invalid byte sequence" from inside the transaction */
    enum csa_rc rc = submission_check_text(s, warnings, err);
    if (rc == CSA_OK && !utf8_valid(source_name, strlen(source_name)))
        rc = csa_fail(err, CSA_EINVALID, NULL, 0,
                      "the file name is not valid UTF-8 text, so it cannot be stored with the "
                      "submission; rename the file");
    if (rc == CSA_OK) {
        submission_to_json(s, warnings, &json);
        rc = read_deflate(s->xml.data ? s->xml.data : "", s->xml.len, &zlib, err);
    }
    if (rc == CSA_OK)
        rc = db_exec(c, "BEGIN", err);
    if (rc == CSA_OK) {
        rc = call_load(c, json.data, &s->xml, &zlib, source_name, mtime, s->was_gzip, origin,
                       res, err);
        /* one transaction per file, so a failure leaves nothing of it behind */
        fault_point("load-before-commit");
        if (rc == CSA_OK)
            rc = db_exec(c, "COMMIT", err);
        else
            PQclear(PQexec(c, "ROLLBACK"));
    }
    if (rc != CSA_OK)
        csa_error_set_file(err, source_name);
    buf_free(&json);
    buf_free(&zlib);
    return rc;
}

void load_line(struct buf *out, const char *name, const char *code, int year,
               const struct load_result *res)
{
    char py[PLANYEAR_LABEL_MAX];
    buf_printf(out, "%s %s: %s %s version %d", res->unchanged ? "unchanged" : "loaded", name,
               code, planyear_label(year, '/', py, sizeof py), res->version);
    if (!res->is_current)
        buf_printf(out, " (not current: version %d is later)", res->current_version);
    buf_putc(out, '\n');
}
