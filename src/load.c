/* load.c: a checked submission into the database in one transaction (see load.h), and the
 * line that reports it. Every string is checked to be UTF-8 before the database sees it.
 * Nothing here prints. */
#include "csa/load.h"
#include "csa/planyear.h"
#include "csa/db.h"
#include "csa/fault.h"
#include "csa/read.h"
#include "csa/utf8.h"

#include <stdlib.h>
#include <string.h>

/* The SQLSTATE csa.load_submission raises for a partnership the role may not load. */
#define SQLSTATE_NOT_YOURS "CS001"

static const char load_sql[] =
    "SELECT * FROM csa.load_submission($1::jsonb, $2::bytea, $3::bytea, $4,"
    " to_timestamp($5::bigint), $6::boolean, $7)";

/* The same, committed asynchronously (load_batch): the setting is read at commit only, so
 * which of the two functions runs first does not matter. */
static const char load_async_sql[] =
    "SELECT l.* FROM csa.load_submission($1::jsonb, $2::bytea, $3::bytea, $4,"
    " to_timestamp($5::bigint), $6::boolean, $7) l, " DB_ASYNC_COMMIT " AS async";

/* What a load sends: csa.load_submission's seven parameters, the two bytea as binary. */
struct load_call {
    struct buf json, zlib;
    char when[32];
    const char *v[7];
    int len[7];
};
static const int load_fmt[7] = {0, 1, 1, 0, 0, 0, 0};

static void load_call_free(struct load_call *k)
{
    buf_free(&k->json);
    buf_free(&k->zlib);
}

/* Checks s and fills *k with what its load sends. PostgreSQL refuses text that is not UTF-8:
 * it is said here, with the line, not as its "invalid byte sequence" from inside the
 * transaction. On failure err's file is source_name. k is the caller's (load_call_free). */
static enum csa_rc load_call_prepare(struct load_call *k, const struct csa_submission *s,
                                     const struct diags *warnings, const char *source_name,
                                     time_t mtime, const char *origin, struct csa_error *err)
{
    memset(k, 0, sizeof *k);
    enum csa_rc rc = submission_check_text(s, warnings, err);
    if (rc == CSA_OK && !utf8_valid(source_name, strlen(source_name)))
        rc = csa_fail(err, CSA_EINVALID, NULL, 0,
                      "the file name is not valid UTF-8 text, so it cannot be stored with the "
                      "submission; rename the file");
    if (rc == CSA_OK) {
        submission_to_json(s, warnings, &k->json);
        rc = read_deflate(s->xml.data ? s->xml.data : "", s->xml.len, &k->zlib, err);
    }
    if (rc != CSA_OK) {
        csa_error_set_file(err, source_name);
        return rc;
    }
    if (mtime > 0)
        snprintf(k->when, sizeof k->when, "%lld", (long long)mtime);
    const char *v[7] = {k->json.data, s->xml.data ? s->xml.data : "", k->zlib.data, source_name,
                        mtime > 0 ? k->when : NULL, s->was_gzip ? "true" : "false", origin};
    memcpy(k->v, v, sizeof v);
    k->len[1] = (int)s->xml.len;
    k->len[2] = (int)k->zlib.len;
    return CSA_OK;
}

/* Reads csa.load_submission's answer r (not freed) into *res. */
static enum csa_rc load_answer(PGconn *c, const PGresult *r, struct load_result *res,
                               struct csa_error *err)
{
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (state && strcmp(state, SQLSTATE_NOT_YOURS) == 0) {
        /* the database's refusal of another partnership's file: a rejection, in its words */
        const char *why = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
        return csa_fail(err, CSA_EINVALID, NULL, 0, "%s", why ? why : "not yours");
    }
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
        return db_fail(c, r, "could not store the submission", err);
    res->unchanged = strcmp(PQgetvalue(r, 0, PQfnumber(r, "status")), "unchanged") == 0;
    res->id = strtoll(PQgetvalue(r, 0, PQfnumber(r, "id")), NULL, 10);
    res->version = atoi(PQgetvalue(r, 0, PQfnumber(r, "version")));
    res->is_current = PQgetvalue(r, 0, PQfnumber(r, "is_current"))[0] == 't';
    res->current_version = atoi(PQgetvalue(r, 0, PQfnumber(r, "current_version")));
    return CSA_OK;
}

enum csa_rc load_submission(PGconn *c, const struct csa_submission *s,
                            const struct diags *warnings, const char *source_name,
                            time_t mtime, const char *origin, struct load_result *res,
                            struct csa_error *err)
{
    memset(res, 0, sizeof *res);
    struct load_call k;
    enum csa_rc rc = load_call_prepare(&k, s, warnings, source_name, mtime, origin, err);
    if (rc == CSA_OK)
        rc = db_exec(c, "BEGIN", err);
    if (rc == CSA_OK) {
        PGresult *r = PQexecParams(c, load_sql, 7, NULL, k.v, k.len, load_fmt, 0);
        rc = load_answer(c, r, res, err);
        PQclear(r);
        /* one transaction per file, so a failure leaves nothing of it behind */
        fault_point("load-before-commit");
        if (rc == CSA_OK)
            rc = db_exec(c, "COMMIT", err);
        else
            PQclear(PQexec(c, "ROLLBACK"));
        if (rc != CSA_OK)
            csa_error_set_file(err, source_name);
    }
    load_call_free(&k);
    return rc;
}

/* Sends a file's transaction: its load, committed asynchronously, then a Sync, which ends
 * the implicit transaction (committed, or rolled back on an error). 0: the connection failed. */
static int load_send(PGconn *c, const struct load_call *k)
{
    return PQsendQueryParams(c, load_async_sql, 7, NULL, k->v, k->len, load_fmt, 0) &&
           PQpipelineSync(c);
}

/* Reads a file's answers (the load, the Sync) into j. 0: the connection is gone. */
static int load_receive(PGconn *c, struct load_job *j)
{
    PGresult *r = db_pipeline_answer(c);
    if (r == NULL)
        return 0;
    j->rc = load_answer(c, r, &j->res, &j->err);
    PQclear(r);
    if (j->rc != CSA_OK)
        csa_error_set_file(&j->err, j->source_name);
    return 1;
}

enum csa_rc load_batch(PGconn *c, struct load_job *jobs, size_t n, struct csa_error *err)
{
    struct load_call *k = xcalloc(n + 1, sizeof *k);
    int ok = PQenterPipelineMode(c) == 1;
    /* everything is sent before anything is read: one round trip for the batch */
    for (size_t i = 0; i < n; i++) {
        struct load_job *j = &jobs[i];
        memset(&j->res, 0, sizeof j->res);
        j->err = (struct csa_error){0};
        j->rc = load_call_prepare(&k[i], j->s, j->warnings, j->source_name, j->mtime,
                                  j->origin, &j->err);
        j->sent = j->rc == CSA_OK;
        if (ok && j->sent)
            ok = load_send(c, &k[i]);
    }
    /* killed here, some files' transactions may have committed, the rest not */
    fault_point("load-before-commit");
    ok = ok && PQflush(c) == 0;
    for (size_t i = 0; ok && i < n; i++)
        if (jobs[i].sent)
            ok = load_receive(c, &jobs[i]);
    ok = ok && PQexitPipelineMode(c) == 1;
    for (size_t i = 0; i < n; i++)
        load_call_free(&k[i]);
    free(k);
    return ok ? CSA_OK : db_fail(c, NULL, "could not store the submissions", err);
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
