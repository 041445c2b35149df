/* crime_load.c: `csa crime load`, the stage (see crime_load.h): finding the files, planning
 * (partitions first, duplicate force-months), then the parallel load, one transaction and
 * one binary COPY per file. Where a record belongs is place.c's; the COPY bytes are
 * pgcopy.c's; the report is crime_render.c's. It prints nothing. */
#include "csa/crime_load.h"
#include "csa/db.h"
#include "csa/pgcopy.h"
#include "csa/place.h"
#include "csa/policeuk.h"

#include <dirent.h>
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- the files ------------------------------------------------------------------------ */

static int wanted_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && strcmp(name + n - 4, ".csv") == 0 && strstr(name, "street")) ||
           (n > 7 && strcmp(name + n - 7, ".csv.gz") == 0 && strstr(name, "street"));
}

static void add_file(struct crime_load *l, const char *path)
{
    if (l->nfiles == l->cap)
        l->files = xrealloc(l->files, (l->cap = l->cap ? l->cap * 2 : 64) * sizeof *l->files);
    memset(&l->files[l->nfiles], 0, sizeof *l->files);
    l->files[l->nfiles++].path = xstrdup(path);
}

/* Adds path, or the street-level files below it when it is a folder. */
static enum csa_rc collect(const char *path, struct crime_load *l, struct csa_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return csa_fail(err, CSA_EENV, path, 0, "could not open: %s", strerror(errno));
    if (!S_ISDIR(st.st_mode)) {
        add_file(l, path);
        return CSA_OK;
    }
    DIR *d = opendir(path);
    if (d == NULL)
        return csa_fail(err, CSA_EENV, path, 0, "could not open folder: %s", strerror(errno));
    enum csa_rc rc = CSA_OK;
    struct buf sub = {0};
    for (struct dirent *e; rc == CSA_OK && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        buf_reset(&sub);
        buf_printf(&sub, "%s/%s", path, e->d_name);
        if (stat(sub.data, &st) == 0 && S_ISDIR(st.st_mode))
            rc = collect(sub.data, l, err);
        else if (wanted_name(e->d_name))
            add_file(l, sub.data);
    }
    buf_free(&sub);
    closedir(d);
    return rc;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const struct crime_file *)a)->path, ((const struct crime_file *)b)->path);
}

/* Reads each file's first record: its month gets a partition before any load begins, and
 * of two files holding the same force's month the later by name replaces the earlier. */
static void plan(struct crime_file *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct crime_file *f = &v[i];
        struct puk_reader *rd = puk_open(f->path, &f->err);
        struct puk_record r;
        int fatal;
        if (rd == NULL) {
            f->outcome = f->err.code == CSA_EENV ? CRIME_FAILED : CRIME_REJECTED;
            continue;
        }
        if (puk_next(rd, &r, &fatal, &f->err) == 1) {
            f->head_month = r.month;
            f->head_force = xstrdup(r.f[PUK_FALLS_WITHIN]);
        }
        puk_close(rd);
        memset(&f->err, 0, sizeof f->err); /* the load proper reports the record again */
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n && v[i].outcome == CRIME_PENDING; j++)
            if (v[j].outcome == CRIME_PENDING && v[i].head_month &&
                v[i].head_month == v[j].head_month &&
                strcmp(v[i].head_force, v[j].head_force) == 0) {
                v[i].outcome = CRIME_SUPERSEDED;
                v[i].replaced_by = v[j].path;
            }
}

/* Month m's first day, "YYYY-MM-01", as SQL takes a month. */
static void month_day(int m, char *out, size_t size)
{
    snprintf(out, size, "%04d-%02d-01", m / 12, m % 12 + 1);
}

static enum csa_rc make_partitions(PGconn *c, const struct crime_file *v, size_t n,
                                   struct csa_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].outcome != CRIME_PENDING || v[i].head_month == 0)
            continue;
        char day[32];
        month_day(v[i].head_month, day, sizeof day);
        const char *p[1] = {day};
        PGresult *r = NULL;
        enum csa_rc rc = db_query(c, "SELECT csa.ensure_crime_month($1::date)", 1, p, &r, err);
        PQclear(r);
        if (rc != CSA_OK)
            return rc;
    }
    return CSA_OK;
}

/* ---- one file: one transaction, binary COPY ------------------------------------------- */

#define KEYS_MAX 64
#define COPY_FLUSH (256 * 1024)

/* A force-month the file holds. */
struct key {
    int month;
    char *force; /* owned */
    int force_id;
    long long rows;
};

struct loader {
    PGconn *c;
    struct crime_file *f;
    const struct places *places;
    int skip_bad;
    struct pgcopy copy;
    struct key keys[KEYS_MAX];
    size_t nkeys;
};

static const char copy_sql[] =
    "COPY csa.street_crime (month, force, district, crime_type) FROM STDIN (FORMAT binary)";

/* Makes key (force, month) current; the first time the file holds it, that force's month is
 * claimed (so a month loaded again is replaced), which needs the COPY ended. */
static enum csa_rc use_key(struct loader *l, const char *force, int month, size_t *at,
                           struct csa_error *err)
{
    for (size_t i = 0; i < l->nkeys; i++)
        if (l->keys[i].month == month && strcmp(l->keys[i].force, force) == 0)
            return *at = i, CSA_OK;
    if (l->nkeys == KEYS_MAX)
        return csa_fail(err, CSA_EINVALID, l->f->path, 0,
                        "the file holds more than %d force-months; split it", KEYS_MAX);
    enum csa_rc rc = pgcopy_end(&l->copy, NULL, err);
    char day[32];
    month_day(month, day, sizeof day);
    const char *p[2] = {force, day};
    PGresult *r = NULL;
    if (rc == CSA_OK)
        rc = db_query(l->c, "SELECT force_id FROM csa.crime_month_claim($1, $2::date)", 2, p,
                      &r, err);
    if (rc != CSA_OK)
        return PQclear(r), rc;
    struct key *k = &l->keys[l->nkeys];
    k->month = month;
    k->force = xstrdup(force);
    k->force_id = atoi(PQgetvalue(r, 0, PQfnumber(r, "force_id")));
    k->rows = 0;
    PQclear(r);
    *at = l->nkeys++;
    return pgcopy_begin(&l->copy, l->c, copy_sql, err);
}

static enum csa_rc add_row(struct loader *l, const struct puk_record *r, const char *gss,
                           struct csa_error *err)
{
    size_t k = 0;
    enum csa_rc rc = use_key(l, r->f[PUK_FALLS_WITHIN], r->month, &k, err);
    if (rc != CSA_OK)
        return rc;
    l->keys[k].rows++;
    struct buf *b = &l->copy.out;
    pgcopy_tuple(b, 4);
    pgcopy_date(b, r->month / 12, r->month % 12 + 1, 1);
    pgcopy_int2(b, (int16_t)l->keys[k].force_id);
    pgcopy_text(b, gss, strlen(gss));
    pgcopy_int2(b, (int16_t)r->crime_type);
    return pgcopy_flush(&l->copy, COPY_FLUSH, err);
}

/* Streams every record of the file; returns CSA_EINVALID for a record that rejects it. */
static enum csa_rc stream_records(struct loader *l, struct puk_reader *rd, struct csa_error *err)
{
    struct puk_record r;
    int fatal, got;
    enum csa_rc rc = CSA_OK;
    while (rc == CSA_OK && (got = puk_next(rd, &r, &fatal, err)) != 0) {
        l->f->read++;
        if (got < 0) {
            if (fatal || !l->skip_bad)
                return CSA_EINVALID;
            l->f->bad_skipped++;
            memset(err, 0, sizeof *err);
            continue;
        }
        int none;
        const char *gss = places_find(l->places, r.f[PUK_LSOA_CODE], r.f[PUK_LSOA_NAME], &none);
        if (gss == NULL) {
            *(none ? &l->f->no_location : &l->f->outside) += 1;
            continue;
        }
        rc = add_row(l, &r, gss, err);
        l->f->loaded += rc == CSA_OK;
    }
    return rc;
}

/* Records the file's force-months in csa.crime_month and the file in csa.crime_file. */
static enum csa_rc record_file(struct loader *l, struct csa_error *err)
{
    enum csa_rc rc = CSA_OK;
    const char *base = strrchr(l->f->path, '/') ? strrchr(l->f->path, '/') + 1 : l->f->path;
    PGresult *r = NULL;
    for (size_t i = 0; rc == CSA_OK && i < l->nkeys; i++) {
        char id[16], day[32], rows[32];
        snprintf(id, sizeof id, "%d", l->keys[i].force_id);
        month_day(l->keys[i].month, day, sizeof day);
        snprintf(rows, sizeof rows, "%lld", l->keys[i].rows);
        const char *p[4] = {id, day, rows, base};
        rc = db_query(l->c, "SELECT csa.crime_month_record($1::smallint, $2::date, $3, $4)", 4,
                      p, &r, err);
        PQclear(r);
    }
    const struct crime_file *f = l->f;
    const long long n[5] = {f->read, f->loaded, f->outside, f->no_location, f->bad_skipped};
    char v[5][32];
    for (int i = 0; i < 5; i++)
        snprintf(v[i], sizeof v[i], "%lld", n[i]);
    const char *p[6] = {base, v[0], v[1], v[2], v[3], v[4]};
    if (rc == CSA_OK)
        rc = db_query(l->c, "SELECT csa.crime_file_record($1, $2, $3, $4, $5, $6)", 6, p, &r,
                      err);
    PQclear(r);
    return rc;
}

/* The span of the months the file held, for its report line. */
static void note_months(const struct loader *l, struct crime_file *f)
{
    f->nmonths = (int)l->nkeys;
    for (size_t i = 0; i < l->nkeys; i++) {
        if (i == 0 || l->keys[i].month < f->first_month)
            f->first_month = l->keys[i].month;
        if (i == 0 || l->keys[i].month > f->last_month)
            f->last_month = l->keys[i].month;
    }
}

static void load_file(PGconn *c, const struct places *places, int skip_bad, struct crime_file *f)
{
    struct loader l = {.c = c, .f = f, .places = places, .skip_bad = skip_bad};
    struct csa_error *err = &f->err;
    struct puk_reader *rd = puk_open(f->path, err);
    enum csa_rc rc = rd ? db_exec(c, "BEGIN", err) : err->code;
    if (rc == CSA_OK)
        rc = stream_records(&l, rd, err);
    if (rc == CSA_OK)
        rc = pgcopy_end(&l.copy, NULL, err);
    else
        pgcopy_end(&l.copy, "the file was rejected", NULL);
    if (rc == CSA_OK)
        rc = record_file(&l, err);
    if (rc == CSA_OK)
        rc = db_exec(c, "COMMIT", err);
    if (rc != CSA_OK && rd)
        PQclear(PQexec(c, "ROLLBACK"));
    note_months(&l, f);
    f->outcome = rc == CSA_OK ? CRIME_LOADED : rc == CSA_EINVALID ? CRIME_REJECTED : CRIME_FAILED;
    if (rc != CSA_OK && err->file[0] == '\0')
        csa_error_set_file(err, f->path);
    puk_close(rd);
    pgcopy_free(&l.copy);
    for (size_t i = 0; i < l.nkeys; i++)
        free(l.keys[i].force);
}

static void load_all(const struct crime_config *cfg, const struct places *places,
                     struct crime_file *v, size_t n)
{
#pragma omp parallel num_threads(cfg->jobs)
    {
        struct csa_error cerr = {0};
        PGconn *c = db_connect(cfg->db, &cerr);
#pragma omp for schedule(dynamic, 1)
        for (size_t i = 0; i < n; i++) {
            if (v[i].outcome != CRIME_PENDING)
                continue;
            if (c == NULL) {
                v[i].outcome = CRIME_FAILED;
                v[i].err = cerr;
                continue;
            }
            load_file(c, places, cfg->skip_bad, &v[i]);
        }
        PQfinish(c);
    }
}

/* ---- the command stage ---------------------------------------------------------------- */

enum csa_rc crime_types_check(PGconn *c, struct csa_error *err)
{
    PGresult *r = NULL;
    enum csa_rc rc = db_query(c, "SELECT id, name FROM csa.crime_type ORDER BY id", 0, NULL, &r,
                              err);
    if (rc != CSA_OK)
        return rc;
    int cid = PQfnumber(r, "id"), cname = PQfnumber(r, "name");
    for (int id = 1; rc == CSA_OK && puk_crime_type_name(id); id++) {
        const char *want = puk_crime_type_name(id), *have = NULL;
        for (int i = 0; i < PQntuples(r) && have == NULL; i++)
            if (atoi(PQgetvalue(r, i, cid)) == id)
                have = PQgetvalue(r, i, cname);
        if (have == NULL)
            rc = csa_fail(err, CSA_EENV, NULL, 0,
                          "the database's crime types do not match this csa: crime type %d "
                          "(\"%s\") is missing from csa.crime_type",
                          id, want);
        else if (strcmp(have, want) != 0)
            rc = csa_fail(err, CSA_EENV, NULL, 0,
                          "the database's crime types do not match this csa: crime type %d is "
                          "\"%s\" in csa.crime_type but \"%s\" here",
                          id, have, want);
    }
    PQclear(r);
    return rc;
}

enum csa_rc crime_load(PGconn *c, const struct crime_config *cfg, char *const *paths, int n,
                       struct crime_load *out, struct csa_error *err)
{
    memset(out, 0, sizeof *out);
    struct places *places = places_from_register(cfg->reg);
    enum csa_rc rc = CSA_OK;
    for (int i = 0; rc == CSA_OK && i < n; i++)
        rc = collect(paths[i], out, err);
    if (rc == CSA_OK && cfg->lsoa_lookup)
        rc = places_read_lookup(places, cfg->lsoa_lookup, err);
    if (rc == CSA_OK)
        rc = crime_types_check(c, err);
    if (rc == CSA_OK) {
        if (out->nfiles > 1)
            qsort(out->files, out->nfiles, sizeof *out->files, by_path);
        plan(out->files, out->nfiles);
        rc = make_partitions(c, out->files, out->nfiles, err);
    }
    if (rc == CSA_OK) {
        load_all(cfg, places, out->files, out->nfiles);
        for (size_t i = 0; i < out->nfiles; i++) {
            if (out->files[i].outcome == CRIME_REJECTED && out->rc == CSA_OK)
                out->rc = CSA_EINVALID;
            if (out->files[i].outcome == CRIME_FAILED)
                out->rc = CSA_EENV;
        }
        /* fresh statistics: the crime tables aggregate what was just loaded */
        PQclear(PQexec(c, "ANALYZE csa.street_crime"));
    }
    places_free(places);
    return rc;
}

void crime_load_free(struct crime_load *l)
{
    for (size_t i = 0; i < l->nfiles; i++) {
        free(l->files[i].path);
        free(l->files[i].head_force);
    }
    free(l->files);
    memset(l, 0, sizeof *l);
}
