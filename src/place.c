/* place.c: a record's district from its LSOA code or name (see place.h).
 *
 * Two case-blind string maps (open addressing, FNV-1a): district names, former names and
 * GSS codes to GSS codes, and LSOA codes of the lookup file to GSS codes. Lookups take a
 * length, so the district part of an LSOA name is matched in place, with no copy and no
 * buffer to outgrow. */
#include "csa/place.h"
#include "csa/buf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- a string -> string map whose keys compare without regard to ASCII case -------- */

struct strmap {
    char **keys, **vals;
    size_t cap, n; /* cap is 0 or a power of two */
};

static size_t hash(const char *s, size_t len)
{
    size_t h = 1469598103934665603u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)tolower((unsigned char)s[i])) * 1099511628211u;
    return h;
}

/* The slot of key (len bytes), or the empty slot where it would go. */
static size_t slot(const struct strmap *m, const char *k, size_t len)
{
    size_t i = hash(k, len) & (m->cap - 1);
    while (m->keys[i] && !(strncasecmp(m->keys[i], k, len) == 0 && m->keys[i][len] == '\0'))
        i = (i + 1) & (m->cap - 1);
    return i;
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

/* Sets k to v (both copied), replacing what k had. */
static void map_put(struct strmap *m, const char *k, const char *v)
{
    if (2 * (m->n + 1) > m->cap)
        map_grow(m);
    size_t i = slot(m, k, strlen(k));
    if (m->keys[i]) {
        free(m->vals[i]);
    } else {
        m->keys[i] = xstrdup(k);
        m->n++;
    }
    m->vals[i] = xstrdup(v);
}

static const char *map_get(const struct strmap *m, const char *k, size_t len)
{
    return m->cap ? m->vals[slot(m, k, len)] : NULL;
}

static void map_free(struct strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        free(m->keys[i]);
        free(m->vals[i]);
    }
    free(m->keys);
    free(m->vals);
}

/* ---- places --------------------------------------------------------------------------- */

struct places {
    struct strmap district; /* district name, former name or GSS code -> GSS */
    struct strmap lsoa;     /* LSOA code -> GSS, from the lookup file */
};

struct places *places_from_register(const struct csa_register *r)
{
    struct places *p = xcalloc(1, sizeof *p);
    for (size_t i = 0; i < r->npartnerships; i++)
        for (size_t j = 0; j < r->partnerships[i].ndistricts; j++) {
            const struct reg_district *d = &r->partnerships[i].districts[j];
            map_put(&p->district, d->name, d->gss);
            map_put(&p->district, d->gss, d->gss); /* so a lookup file may name either */
            char *names = xstrdup(d->former_names ? d->former_names : "");
            for (char *save = NULL, *n = strtok_r(names, ";", &save); n;
                 n = strtok_r(NULL, ";", &save)) {
                while (*n == ' ')
                    n++;
                map_put(&p->district, n, d->gss);
            }
            free(names);
        }
    return p;
}

static int is_lsoa_code(const char *s)
{
    return strncmp(s, "E01", 3) == 0 || strncmp(s, "W01", 3) == 0;
}

enum csa_rc places_read_lookup(struct places *p, const char *path, struct csa_error *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return csa_fail(err, CSA_EENV, path, 0, "could not open the LSOA lookup: %s",
                        strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    long n = 0;
    enum csa_rc rc = CSA_OK;
    while (rc == CSA_OK && getline(&line, &cap, f) != -1) {
        n++;
        line[strcspn(line, "\r\n")] = '\0';
        char *comma = strchr(line, ',');
        if (comma == NULL || (n == 1 && !is_lsoa_code(line)))
            continue; /* header or blank */
        *comma = '\0';
        char *district = comma + 1;
        district[strcspn(district, ",")] = '\0';
        const char *gss = map_get(&p->district, district, strlen(district));
        if (gss == NULL)
            rc = csa_fail(err, CSA_EINVALID, path, n,
                          "district \"%s\" is not a district of the register", district);
        else
            map_put(&p->lsoa, line, gss);
    }
    if (rc == CSA_OK && ferror(f))
        rc = csa_fail(err, CSA_EENV, path, 0, "could not read the LSOA lookup: %s",
                      strerror(errno));
    free(line);
    fclose(f);
    return rc;
}

/* The length of the district part of an LSOA name: "Maidstone 012C" has 9. 0 when the name
 * does not end in " DDDL". */
static size_t district_part(const char *name)
{
    size_t len = strlen(name);
    if (len < 6)
        return 0;
    const char *code = name + len - 4;
    if (code[-1] != ' ' || !isdigit((unsigned char)code[0]) ||
        !isdigit((unsigned char)code[1]) || !isdigit((unsigned char)code[2]) ||
        !isupper((unsigned char)code[3]))
        return 0;
    return len - 5;
}

const char *places_find(const struct places *p, const char *lsoa_code, const char *lsoa_name,
                        int *none)
{
    *none = lsoa_code[0] == '\0' && lsoa_name[0] == '\0';
    if (*none)
        return NULL;
    const char *gss = map_get(&p->lsoa, lsoa_code, strlen(lsoa_code));
    if (gss)
        return gss;
    size_t len = district_part(lsoa_name);
    return len ? map_get(&p->district, lsoa_name, len) : NULL;
}

void places_free(struct places *p)
{
    if (p == NULL)
        return;
    map_free(&p->district);
    map_free(&p->lsoa);
    free(p);
}
