/* crime.c: loading police.uk street-level files (see crime.h). */
#include "csa/crime.h"
#include "csa/db.h"
#include "csa/migrate.h"
#include "csa/policeuk.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* ---- a string -> GSS code map (district names, former names, LSOA codes) -------------- */

struct strmap {
    char **keys, **vals;
    size_t cap, n;
};

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 1099511628211u;
    return h;
}

static void map_put(struct strmap *m, const char *k, const char *v);

static void map_grow(struct strmap *m)
{
    struct strmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->n = 0;
    m->keys = xcalloc(m->cap, sizeof *m->keys);
    m->vals = xcalloc(m->cap, sizeof *m->vals);
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i]) {
            map_put(m, old.keys[i], old.vals[i]);
            free(old.keys[i]);
            free(old.vals[i]);
        }
    free(old.keys);
    free(old.vals);
}

/* Keys compare without regard to ASCII case. */
static void map_put(struct strmap *m, const char *k, const char *v)
{
    if (2 * (m->n + 1) > m->cap)
        map_grow(m);
    size_t i = hash(k) & (m->cap - 1);
    while (m->keys[i] && strcasecmp(m->keys[i], k) != 0)
        i = (i + 1) & (m->cap - 1);
    if (m->keys[i]) {
        free(m->vals[i]);
    } else {
        m->keys[i] = xstrdup(k);
        m->n++;
    }
    m->vals[i] = xstrdup(v);
}

static const char *map_get(const struct strmap *m, const char *k)
{
    if (m->cap == 0)
        return NULL;
    size_t i = hash(k) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcasecmp(m->keys[i], k) == 0)
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NULL;
}

static void map_free(struct strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        free(m->keys[i]);
        free(m->vals[i]);
    }
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- where a record belongs ----------------------------------------------------------- */

struct places {
    struct strmap district; /* district name or former name -> GSS */
    struct strmap lsoa;     /* LSOA code -> GSS, from the lookup file */
};

static void places_from_register(struct places *p, const struct csa_register *r)
{
    for (size_t i = 0; i < r->npartnerships; i++)
        for (size_t j = 0; j < r->partnerships[i].ndistricts; j++) {
            const struct reg_district *d = &r->partnerships[i].districts[j];
            map_put(&p->district, d->name, d->gss);
            map_put(&p->district, d->gss, d->gss); /* so a lookup file may name either */
            char names[512];
            snprintf(names, sizeof names, "%s", d->former_names ? d->former_names : "");
            for (char *save = NULL, *n = strtok_r(names, ";", &save); n;
                 n = strtok_r(NULL, ";", &save)) {
                while (*n == ' ')
                    n++;
                map_put(&p->district, n, d->gss);
            }
        }
}

/* Reads an LSOA lookup: CSV rows "LSOA code,district" (a GSS code or a district name of the
 * register); a first row that is not an LSOA code is taken as a header. */
static enum csa_rc places_from_lookup(struct places *p, const char *path, struct csa_error *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return csa_fail(err, CSA_EENV, path, 0, "could not open the LSOA lookup: %s",
                        strerror(errno));
    char line[1024];
    long n = 0;
    enum csa_rc rc = CSA_OK;
    while (rc == CSA_OK && fgets(line, sizeof line, f)) {
        n++;
        line[strcspn(line, "\r\n")] = '\0';
        char *comma = strchr(line, ',');
        if (comma == NULL || (n == 1 && strncmp(line, "E01", 3) != 0 &&
                              strncmp(line, "W01", 3) != 0))
            continue; /* header or blank */
        *comma = '\0';
        char *district = comma + 1;
        district[strcspn(district, ",")] = '\0';
        const char *gss = map_get(&p->district, district);
        if (gss == NULL)
            rc = csa_fail(err, CSA_EINVALID, path, n,
                          "district \"%s\" is not a district of the register", district);
        else
            map_put(&p->lsoa, line, gss);
    }
    fclose(f);
    return rc;
}

/* The district name in an LSOA name: "Maidstone 012C" is Maidstone. NULL when the name does
 * not end in a code. Writes into out. */
static const char *lsoa_district(const char *name, size_t len, char *out, size_t size)
{
    if (len < 6 || len >= size)
        return NULL;
    const char *code = name + len - 4;
    if (code[-1] != ' ' || !isdigit((unsigned char)code[0]) ||
        !isdigit((unsigned char)code[1]) || !isdigit((unsigned char)code[2]) ||
        !isupper((unsigned char)code[3]))
        return NULL;
    memcpy(out, name, len - 5);
    out[len - 5] = '\0';
    return out;
}

/* The GSS code of the record's district; NULL when it has no LSOA (*none set) or is outside. */
static const char *place_of(const struct places *p, const struct puk_record *r, int *none)
{
    *none = r->len[PUK_LSOA_CODE] == 0 && r->len[PUK_LSOA_NAME] == 0;
    if (*none)
        return NULL;
    const char *gss = map_get(&p->lsoa, r->f[PUK_LSOA_CODE]);
    if (gss)
        return gss;
    char d[256];
    const char *name = lsoa_district(r->f[PUK_LSOA_NAME], r->len[PUK_LSOA_NAME], d, sizeof d);
    return name ? map_get(&p->district, name) : NULL;
}

/* ---- the files ------------------------------------------------------------------------ */

struct crime_file {
    char *path; /* owned */
    enum { CF_PENDING, CF_LOADED, CF_REJECTED, CF_SUPERSEDED, CF_FAILED } state;
    int first_month;        /* of its first record, for partitions and duplicates */
    char first_force[128];
    long long read, loaded, outside, none, bad;
    char months[64];        /* e.g. "2011-01" or "2011-01 .. 2011-03" */
    struct csa_error err;
    const char *replaced_by;
};

static int wanted_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && strcmp(name + n - 4, ".csv") == 0 && strstr(name, "street")) ||
           (n > 7 && strcmp(name + n - 7, ".csv.gz") == 0 && strstr(name, "street"));
}

static void add_file(struct crime_file **v, size_t *n, size_t *cap, const char *path)
{
    if (*n == *cap)
        *v = xrealloc(*v, (*cap = *cap ? *cap * 2 : 64) * sizeof **v);
    memset(&(*v)[*n], 0, sizeof **v);
    (*v)[(*n)++].path = xstrdup(path);
}

/* Adds path, or the street-level files below it when it is a folder. */
static enum csa_rc collect(const char *path, struct crime_file **v, size_t *n, size_t *cap,
                           struct csa_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return csa_fail(err, CSA_EENV, path, 0, "could not open: %s", strerror(errno));
    if (!S_ISDIR(st.st_mode)) {
        add_file(v, n, cap, path);
        return CSA_OK;
    }
    DIR *d = opendir(path);
    if (d == NULL)
        return csa_fail(err, CSA_EENV, path, 0, "could not open folder: %s", strerror(errno));
    enum csa_rc rc = CSA_OK;
    for (struct dirent *e; rc == CSA_OK && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            rc = collect(sub, v, n, cap, err);
        else if (wanted_name(e->d_name))
            add_file(v, n, cap, sub);
    }
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
            f->state = f->err.code == CSA_EENV ? CF_FAILED : CF_REJECTED;
            continue;
        }
        if (puk_next(rd, &r, &fatal, &f->err) == 1) {
            f->first_month = r.month;
            snprintf(f->first_force, sizeof f->first_force, "%s", r.f[PUK_FALLS_WITHIN]);
        }
        puk_close(rd);
        memset(&f->err, 0, sizeof f->err); /* the load proper reports the record again */
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n && v[i].state == CF_PENDING; j++)
            if (v[j].state == CF_PENDING && v[i].first_month && v[i].first_month == v[j].first_month &&
                strcmp(v[i].first_force, v[j].first_force) == 0) {
                v[i].state = CF_SUPERSEDED;
                v[i].replaced_by = v[j].path;
            }
}

/* Month m (year * 12 + month - 1) as "YYYY-MM". */
static void month_text(int m, char *out, size_t size)
{
    snprintf(out, size, "%04d-%02d", m / 12, m % 12 + 1);
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
        if (v[i].state != CF_PENDING || v[i].first_month == 0)
            continue;
        char day[32];
        month_day(v[i].first_month, day, sizeof day);
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

struct key {
    int month;
    char force[128];
    long long rows;
};

struct loader {
    PGconn *c;
    struct crime_file *f;
    const struct places *places;
    int skip_bad;
    struct buf out; /* COPY bytes not yet sent */
    int copying;
    struct key keys[KEYS_MAX];
    size_t nkeys;
    int force_ids[KEYS_MAX];
};

/* Days from 2000-01-01 (PostgreSQL's date epoch) to the first of month m. */
static int32_t pg_days(int m)
{
    int y = m / 12;
    unsigned mo = (unsigned)(m % 12 + 1);
    y -= mo <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int)doe - 719468 - 10957;
}

static void put16(struct buf *b, int16_t v)
{
    uint16_t n = htons((uint16_t)v);
    buf_append(b, &n, 2);
}

static void put32(struct buf *b, int32_t v)
{
    uint32_t n = htonl((uint32_t)v);
    buf_append(b, &n, 4);
}

static enum csa_rc copy_flush(struct loader *l, struct csa_error *err)
{
    if (l->out.len && PQputCopyData(l->c, l->out.data, (int)l->out.len) != 1)
        return db_fail(l->c, NULL, "could not send rows", err);
    buf_reset(&l->out);
    return CSA_OK;
}

static enum csa_rc copy_start(struct loader *l, struct csa_error *err)
{
    PGresult *r = PQexec(l->c, "COPY csa.street_crime (month, force, district, crime_type)"
                               " FROM STDIN (FORMAT binary)");
    enum csa_rc rc = PQresultStatus(r) == PGRES_COPY_IN ? CSA_OK
                                                         : db_fail(l->c, r, "could not start COPY", err);
    PQclear(r);
    if (rc == CSA_OK) {
        buf_append(&l->out, "PGCOPY\n\377\r\n\0", 11);
        put32(&l->out, 0); /* flags */
        put32(&l->out, 0); /* header extension */
        l->copying = 1;
    }
    return rc;
}

/* Ends the COPY; with why set, aborts it. Pumps PQgetResult until NULL, as psql does. */
static enum csa_rc copy_end(struct loader *l, const char *why, struct csa_error *err)
{
    enum csa_rc rc = CSA_OK;
    if (!l->copying)
        return CSA_OK;
    l->copying = 0;
    if (why == NULL) {
        put16(&l->out, -1);
        rc = copy_flush(l, err);
    }
    buf_reset(&l->out);
    if (PQputCopyEnd(l->c, rc == CSA_OK ? why : "csa gave up") != 1 && rc == CSA_OK)
        rc = db_fail(l->c, NULL, "could not end COPY", err);
    for (PGresult *r; (r = PQgetResult(l->c)) != NULL; PQclear(r))
        if (rc == CSA_OK && why == NULL && PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = db_fail(l->c, r, "could not store the rows", err);
    return rc;
}

/* Makes key (force, month) current; the first time the file holds it, that force's month is
 * deleted first (so a month loaded again is replaced), which needs the COPY ended. */
static enum csa_rc use_key(struct loader *l, const char *force, int month, size_t *at,
                           struct csa_error *err)
{
    for (size_t i = 0; i < l->nkeys; i++)
        if (l->keys[i].month == month && strcmp(l->keys[i].force, force) == 0)
            return *at = i, CSA_OK;
    if (l->nkeys == KEYS_MAX)
        return csa_fail(err, CSA_EINVALID, l->f->path, 0,
                        "the file holds more than %d force-months; split it", KEYS_MAX);
    enum csa_rc rc = copy_end(l, NULL, err);
    char day[32], id[16];
    month_day(month, day, sizeof day);
    const char *p[1] = {force};
    PGresult *r = NULL;
    if (rc == CSA_OK)
        rc = db_query(l->c, "SELECT csa.crime_force_id($1)", 1, p, &r, err);
    if (rc != CSA_OK)
        return PQclear(r), rc;
    snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    const char *q[2] = {id, day};
    /* one loader per force-month at a time: the second waits, then replaces the first */
    rc = db_query(l->c, "SELECT pg_advisory_xact_lock($1::integer, "
                        "(extract(year FROM $2::date) * 12 + extract(month FROM $2::date))::integer)",
                  2, q, &r, err);
    PQclear(r);
    if (rc == CSA_OK)
        rc = db_query(l->c, "DELETE FROM csa.street_crime WHERE force = $1 AND month = $2::date",
                      2, q, &r, err);
    PQclear(r);
    if (rc != CSA_OK)
        return rc;
    struct key *k = &l->keys[l->nkeys];
    k->month = month;
    snprintf(k->force, sizeof k->force, "%s", force);
    k->rows = 0;
    l->force_ids[l->nkeys] = atoi(id);
    *at = l->nkeys++;
    return copy_start(l, err);
}

static enum csa_rc add_row(struct loader *l, const struct puk_record *r, const char *gss,
                           struct csa_error *err)
{
    size_t k = 0;
    enum csa_rc rc = use_key(l, r->f[PUK_FALLS_WITHIN], r->month, &k, err);
    if (rc != CSA_OK)
        return rc;
    l->keys[k].rows++;
    put16(&l->out, 4);
    put32(&l->out, 4);
    put32(&l->out, pg_days(r->month));
    put32(&l->out, 2);
    put16(&l->out, (int16_t)l->force_ids[k]);
    int32_t len = (int32_t)strlen(gss);
    put32(&l->out, len);
    buf_append(&l->out, gss, (size_t)len);
    put32(&l->out, 2);
    put16(&l->out, (int16_t)r->crime_type);
    return l->out.len >= COPY_FLUSH ? copy_flush(l, err) : CSA_OK;
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
            l->f->bad++;
            memset(err, 0, sizeof *err);
            continue;
        }
        int none;
        const char *gss = place_of(l->places, &r, &none);
        if (gss == NULL) {
            *(none ? &l->f->none : &l->f->outside) += 1;
            continue;
        }
        rc = add_row(l, &r, gss, err);
        l->f->loaded += rc == CSA_OK;
    }
    return rc;
}

static enum csa_rc record_file(struct loader *l, struct csa_error *err)
{
    enum csa_rc rc = CSA_OK;
    const char *base = strrchr(l->f->path, '/') ? strrchr(l->f->path, '/') + 1 : l->f->path;
    for (size_t i = 0; rc == CSA_OK && i < l->nkeys; i++) {
        char id[16], day[32], rows[32];
        snprintf(id, sizeof id, "%d", l->force_ids[i]);
        month_day(l->keys[i].month, day, sizeof day);
        snprintf(rows, sizeof rows, "%lld", l->keys[i].rows);
        const char *p[4] = {id, day, rows, base};
        PGresult *r = NULL;
        rc = db_query(l->c,
                      "INSERT INTO csa.crime_month (force, month, rows, source_name)"
                      " VALUES ($1, $2::date, $3, $4) ON CONFLICT (force, month) DO UPDATE"
                      " SET rows = excluded.rows, source_name = excluded.source_name,"
                      "     loaded_at = now()",
                      4, p, &r, err);
        PQclear(r);
    }
    char v[5][32];
    snprintf(v[0], sizeof v[0], "%lld", l->f->read);
    snprintf(v[1], sizeof v[1], "%lld", l->f->loaded);
    snprintf(v[2], sizeof v[2], "%lld", l->f->outside);
    snprintf(v[3], sizeof v[3], "%lld", l->f->none);
    snprintf(v[4], sizeof v[4], "%lld", l->f->bad);
    const char *p[6] = {base, v[0], v[1], v[2], v[3], v[4]};
    PGresult *r = NULL;
    if (rc == CSA_OK)
        rc = db_query(l->c,
                      "INSERT INTO csa.crime_file (source_name, rows_read, rows_loaded, outside,"
                      " no_location, bad_skipped) VALUES ($1, $2, $3, $4, $5, $6)",
                      6, p, &r, err);
    PQclear(r);
    return rc;
}

static void describe_months(struct loader *l)
{
    int lo = 0, hi = 0;
    for (size_t i = 0; i < l->nkeys; i++) {
        if (i == 0 || l->keys[i].month < lo)
            lo = l->keys[i].month;
        if (i == 0 || l->keys[i].month > hi)
            hi = l->keys[i].month;
    }
    char a[16], b[16];
    month_text(lo, a, sizeof a);
    month_text(hi, b, sizeof b);
    if (l->nkeys == 0)
        snprintf(l->f->months, sizeof l->f->months, "no months");
    else if (lo == hi)
        snprintf(l->f->months, sizeof l->f->months, "%s", a);
    else
        snprintf(l->f->months, sizeof l->f->months, "%s .. %s", a, b);
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
        rc = copy_end(&l, NULL, err);
    else
        copy_end(&l, "the file was rejected", NULL);
    if (rc == CSA_OK)
        rc = record_file(&l, err);
    if (rc == CSA_OK)
        rc = db_exec(c, "COMMIT", err);
    if (rc != CSA_OK && rd)
        PQclear(PQexec(c, "ROLLBACK"));
    describe_months(&l);
    f->state = rc == CSA_OK ? CF_LOADED : rc == CSA_EINVALID ? CF_REJECTED : CF_FAILED;
    if (rc != CSA_OK && err->file[0] == '\0')
        snprintf(err->file, sizeof err->file, "%s", f->path);
    puk_close(rd);
    buf_free(&l.out);
}

/* ---- the command ---------------------------------------------------------------------- */

static void report(const struct crime_file *f, int quiet)
{
    if (quiet && (f->state == CF_LOADED || f->state == CF_SUPERSEDED))
        return;
    switch (f->state) {
    case CF_LOADED:
        printf("loaded %s: %lld rows (%s); not loaded: %lld outside the county's districts, "
               "%lld with no location",
               f->path, f->loaded, f->months, f->outside, f->none);
        if (f->bad)
            printf(", %lld malformed rows skipped", f->bad);
        putchar('\n');
        break;
    case CF_SUPERSEDED:
        printf("skipped %s: %s holds the same force and month and replaces it\n", f->path,
               f->replaced_by);
        break;
    default:
        csa_error_print(stderr, &f->err);
        if (!quiet)
            printf("%s %s: %s\n", f->state == CF_REJECTED ? "rejected" : "failed", f->path,
                   f->err.msg);
    }
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
            if (v[i].state != CF_PENDING)
                continue;
            if (c == NULL) {
                v[i].state = CF_FAILED;
                v[i].err = cerr;
                continue;
            }
            load_file(c, places, cfg->skip_bad, &v[i]);
        }
        PQfinish(c);
    }
}

int crime_load(const struct crime_config *cfg, char **paths, int npaths)
{
    struct crime_file *v = NULL;
    size_t n = 0, cap = 0;
    struct places places = {0};
    struct csa_error err = {0};
    PGconn *c = NULL;
    enum csa_rc rc = CSA_OK;
    for (int i = 0; rc == CSA_OK && i < npaths; i++)
        rc = collect(paths[i], &v, &n, &cap, &err);
    places_from_register(&places, cfg->reg);
    if (rc == CSA_OK && cfg->lsoa_lookup)
        rc = places_from_lookup(&places, cfg->lsoa_lookup, &err);
    if (rc == CSA_OK && (c = db_connect(cfg->db, &err)) == NULL)
        rc = CSA_EENV;
    if (rc == CSA_OK && (rc = migrate_database(c, NULL, &err)) == CSA_OK) {
        if (n > 1)
            qsort(v, n, sizeof *v, by_path);
        plan(v, n);
        rc = make_partitions(c, v, n, &err);
    }
    if (rc == CSA_OK) {
        load_all(cfg, &places, v, n);
        for (size_t i = 0; i < n; i++) {
            report(&v[i], cfg->quiet);
            if (v[i].state == CF_REJECTED && rc == CSA_OK)
                rc = CSA_EINVALID;
            if (v[i].state == CF_FAILED)
                rc = CSA_EENV;
        }
        if (n == 0)
            fprintf(stderr, "csa: no police.uk street-level files (*street.csv or "
                            "*street.csv.gz) found\n");
        /* fresh statistics: the crime tables aggregate what was just loaded */
        PQclear(PQexec(c, "ANALYZE csa.street_crime"));
    } else {
        csa_error_print(stderr, &err);
    }
    for (size_t i = 0; i < n; i++)
        free(v[i].path);
    free(v);
    map_free(&places.district);
    map_free(&places.lsoa);
    PQfinish(c);
    return rc;
}
