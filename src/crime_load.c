/* crime_load.c: `csa crime load`, the stage (see crime_load.h): finding the files, planning
 * (duplicate force-months), then the parallel load: each file counted as it is read
 * (crime_tally.c), then one transaction and one binary COPY of its counts. Where a record
 * belongs is place.c's; the COPY bytes are pgcopy.c's; the report is crime_render.c's. It
 * prints nothing. */
#include "csa/crime_load.h"
#include "csa/crime_tally.h"
#include "csa/db.h"
#include "csa/pgcopy.h"
#include "csa/place.h"
#include "csa/policeuk.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
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

static struct crime_file *add_file(struct crime_load *l, const char *path)
{
    if (l->nfiles == l->cap)
        l->files = xrealloc(l->files, (l->cap = l->cap ? l->cap * 2 : 64) * sizeof *l->files);
    struct crime_file *f = &l->files[l->nfiles++];
    memset(f, 0, sizeof *f);
    f->path = xstrdup(path);
    f->month = -1;
    return f;
}

/* Adds the street-level files below folder path. */
static enum csa_rc collect_folder(const char *path, struct crime_load *l, struct csa_error *err)
{
    DIR *d = opendir(path);
    if (d == NULL)
        return csa_fail(err, CSA_EENV, path, 0, "could not open folder: %s", strerror(errno));
    enum csa_rc rc = CSA_OK;
    struct buf sub = {0};
    struct stat st;
    for (struct dirent *e; rc == CSA_OK && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        buf_reset(&sub);
        buf_printf(&sub, "%s/%s", path, e->d_name);
        if (lstat(sub.data, &st) == 0 && S_ISDIR(st.st_mode))
            rc = collect_folder(sub.data, l, err);
        else if (wanted_name(e->d_name))
            add_file(l, sub.data);
    }
    buf_free(&sub);
    closedir(d);
    return rc;
}

/* Adds path, or the street-level files below it when it is a folder; a folder holding none
 * is added as rejected, since loading nothing from it is never what was meant. */
static enum csa_rc collect(const char *path, struct crime_load *l, struct csa_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return csa_fail(err, CSA_EENV, path, 0, "could not open: %s", strerror(errno));
    if (!S_ISDIR(st.st_mode)) {
        add_file(l, path);
        return CSA_OK;
    }
    size_t before = l->nfiles;
    enum csa_rc rc = collect_folder(path, l, err);
    if (rc == CSA_OK && l->nfiles == before) {
        struct crime_file *f = add_file(l, path);
        f->outcome = CRIME_REJECTED;
        csa_fail(&f->err, CSA_EINVALID, path, 0,
                 "the folder holds no police.uk street-level file (YYYY-MM-FORCE-street.csv "
                 "or .csv.gz, in it or below it): nothing to load");
    }
    return rc;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const struct crime_file *)a)->path, ((const struct crime_file *)b)->path);
}

/* Learns each file's month and force (the reader's, up to its first well-formed record): of
 * two files holding the same force's month the later by name replaces the earlier. What is wrong with a file is left for the
 * load proper to report. */
static void plan(struct crime_file *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct crime_file *f = &v[i];
        if (f->outcome != CRIME_PENDING)
            continue;
        struct puk_reader *rd = puk_open(f->path, &f->err);
        if (rd == NULL) {
            f->outcome = f->err.code == CSA_EENV ? CRIME_FAILED : CRIME_REJECTED;
            continue;
        }
        struct puk_record r;
        int fatal = 0, got;
        while ((got = puk_next(rd, &r, &fatal, &f->err)) < 0 && !fatal)
            ;
        f->month = puk_file_month(rd);
        if (puk_file_force(rd))
            f->force = xstrdup(puk_file_force(rd));
        puk_close(rd);
        csa_error_clear(&f->err);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n && v[i].outcome == CRIME_PENDING; j++)
            if (v[j].outcome == CRIME_PENDING && v[i].force && v[j].force &&
                v[i].month == v[j].month && strcmp(v[i].force, v[j].force) == 0) {
                v[i].outcome = CRIME_SUPERSEDED;
                v[i].replaced_by = v[j].path;
            }
}

/* Month m's first day, "YYYY-MM-01", as SQL takes a month. */
static void month_day(int m, char *out, size_t size)
{
    snprintf(out, size, "%04d-%02d-01", m / 12, m % 12 + 1);
}

/* ---- one file: counted while read, then one transaction and one binary COPY ---------- */

#define COPY_FLUSH (256 * 1024)
/* The distinct keys a file may count (about 36,000 LSOAs times 16 crime types is 576,000), so
 * that a worker's memory stays bounded even by a hostile file of made-up LSOA codes. */
#define CRIME_MAX_KEYS 1000000

struct loader {
    PGconn *c;
    struct crime_file *f;
    const struct places *places;
    int skip_bad;
    struct crime_tally *tally;
    int force_id;
};

static const char copy_sql[] =
    "COPY csa.crime_count (force, month, district, lsoa, crime_type, n, lsoa_name) FROM STDIN "
    "(FORMAT binary)";

/* Counts a malformed record skipped on request, keeping the first few for the report. */
static void note_skip(struct crime_file *f, const struct csa_error *e)
{
    if (f->bad_skipped < CRIME_SKIPS_SHOWN) {
        f->skips[f->bad_skipped].line = e->line;
        f->skips[f->bad_skipped].why = xstrdup(e->msg);
    }
    f->bad_skipped++;
}

/* Reads every record of the file into the tally, with no database: the file's month and
 * force are the reader's once a well-formed record is read. Returns CSA_EINVALID for a
 * record that rejects the file, or for a file with no well-formed record. */
static enum csa_rc count_records(struct loader *l, struct puk_reader *rd, struct csa_error *err)
{
    struct puk_record r;
    int fatal, got, any = 0;
    while ((got = puk_next(rd, &r, &fatal, err)) != 0) {
        l->f->read++;
        if (got < 0) {
            if (fatal || !l->skip_bad)
                return CSA_EINVALID;
            note_skip(l->f, err);
            csa_error_clear(err);
            continue;
        }
        any = 1;
        int none;
        const char *gss = places_find(l->places, r.f[PUK_LSOA_CODE], r.f[PUK_LSOA_NAME], &none);
        if (gss == NULL) {
            *(none ? &l->f->no_location : &l->f->outside) += 1;
            continue;
        }
        tally_add(l->tally, r.f[PUK_LSOA_CODE], r.len[PUK_LSOA_CODE], r.f[PUK_LSOA_NAME],
                  r.len[PUK_LSOA_NAME], gss, r.crime_type);
        if (tally_size(l->tally) > CRIME_MAX_KEYS)
            return csa_fail(err, CSA_EINVALID, l->f->path, r.line,
                            "more than %d different LSOA codes and crime types: England and "
                            "Wales have about 36,000 LSOAs, so this is not a police.uk month",
                            CRIME_MAX_KEYS);
    }
    if (!any)
        return csa_fail(err, CSA_EINVALID, l->f->path, 0,
                        l->f->read == 0
                            ? "the file holds a header and no rows: a police.uk month always "
                              "has rows, so nothing was loaded and the force's month as loaded "
                              "before is kept"
                            : "the file holds no well-formed row: nothing was loaded and the "
                              "force's month as loaded before is kept");
    l->f->month = puk_file_month(rd);
    free(l->f->force);
    l->f->force = xstrdup(puk_file_force(rd));
    l->f->loaded = tally_total(l->tally);
    for (size_t i = 0; i < tally_size(l->tally); i++)
        if (tally_entry(l->tally, i)->n > INT32_MAX)
            return csa_fail(err, CSA_EINVALID, l->f->path, 0,
                            "more than %d records of one LSOA and crime type: this is not a "
                            "police.uk month", INT32_MAX);
    return CSA_OK;
}

/* Claims the file's force-month (so a month loaded again is replaced, and only it): the
 * force's id, the force-month's lock, its counts deleted. */
static enum csa_rc claim(struct loader *l, struct csa_error *err)
{
    char day[32];
    month_day(l->f->month, day, sizeof day);
    const char *p[2] = {l->f->force, day};
    PGresult *r = NULL;
    enum csa_rc rc = db_query(l->c, "SELECT force_id FROM csa.crime_month_claim($1, $2::date)",
                              2, p, &r, err);
    if (rc == CSA_OK)
        l->force_id = atoi(PQgetvalue(r, 0, PQfnumber(r, "force_id")));
    PQclear(r);
    return rc;
}

/* Sends the tally's counts, one COPY row each. */
static enum csa_rc copy_counts(struct loader *l, struct csa_error *err)
{
    struct pgcopy copy = {0};
    enum csa_rc rc = pgcopy_begin(&copy, l->c, copy_sql, err);
    int m = l->f->month;
    for (size_t i = 0; rc == CSA_OK && i < tally_size(l->tally); i++) {
        const struct tally_entry *e = tally_entry(l->tally, i);
        struct buf *b = &copy.out;
        pgcopy_tuple(b, 7);
        pgcopy_int2(b, (int16_t)l->force_id);
        pgcopy_date(b, m / 12, m % 12 + 1, 1);
        pgcopy_text(b, e->district, strlen(e->district));
        pgcopy_text(b, e->lsoa, e->lsoa_len);
        pgcopy_int2(b, e->crime_type);
        pgcopy_int4(b, (int32_t)e->n);
        pgcopy_text(b, e->lsoa_name, strlen(e->lsoa_name));
        rc = pgcopy_flush(&copy, COPY_FLUSH, err);
    }
    if (rc == CSA_OK)
        rc = pgcopy_end(&copy, NULL, err);
    else
        pgcopy_end(&copy, "the file was rejected", NULL);
    pgcopy_free(&copy);
    return rc;
}

/* Records the file's force-month in csa.crime_month and the file in csa.crime_file. */
static enum csa_rc record_file(struct loader *l, struct csa_error *err)
{
    const struct crime_file *f = l->f;
    const char *base = strrchr(f->path, '/') ? strrchr(f->path, '/') + 1 : f->path;
    PGresult *r = NULL;
    char id[16], day[32], rows[32];
    snprintf(id, sizeof id, "%d", l->force_id);
    month_day(f->month, day, sizeof day);
    snprintf(rows, sizeof rows, "%lld", f->loaded);
    const char *pm[4] = {id, day, rows, base};
    enum csa_rc rc = db_query(l->c, "SELECT csa.crime_month_record($1::smallint, $2::date, $3, "
                                    "$4)",
                              4, pm, &r, err);
    PQclear(r);
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

/* One file: read and counted first, with no transaction open; then, in one transaction, its
 * force-month claimed, its counts copied and the file recorded. A rejected file never
 * reaches the database. */
static void load_file(PGconn *c, const struct places *places, int skip_bad, struct crime_file *f)
{
    struct loader l = {.c = c, .f = f, .places = places, .skip_bad = skip_bad,
                       .tally = tally_new()};
    struct csa_error *err = &f->err;
    struct puk_reader *rd = puk_open(f->path, err);
    enum csa_rc rc = rd ? count_records(&l, rd, err) : err->code;
    puk_close(rd);
    int begun = 0;
    if (rc == CSA_OK && (rc = db_exec(c, "BEGIN", err)) == CSA_OK)
        begun = 1;
    if (rc == CSA_OK)
        rc = claim(&l, err);
    if (rc == CSA_OK)
        rc = copy_counts(&l, err);
    if (rc == CSA_OK)
        rc = record_file(&l, err);
    if (rc == CSA_OK)
        rc = db_exec(c, "COMMIT", err);
    if (rc != CSA_OK && begun)
        PQclear(PQexec(c, "ROLLBACK"));
    f->outcome = rc == CSA_OK ? CRIME_LOADED : rc == CSA_EINVALID ? CRIME_REJECTED : CRIME_FAILED;
    if (rc != CSA_OK && err->file[0] == '\0')
        csa_error_set_file(err, f->path);
    tally_free(l.tally);
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
        PQclear(PQexec(c, "SELECT csa.crime_analyze()")); /* the owner's ANALYZE */
    }
    places_free(places);
    return rc;
}

void crime_load_free(struct crime_load *l)
{
    for (size_t i = 0; i < l->nfiles; i++) {
        free(l->files[i].path);
        free(l->files[i].force);
        for (int k = 0; k < CRIME_SKIPS_SHOWN; k++)
            free(l->files[i].skips[k].why);
    }
    free(l->files);
    memset(l, 0, sizeof *l);
}
