/* crime_tally.c: the counts of one police.uk file (see crime_tally.h): an open-addressing
 * hash (FNV-1a over the LSOA code, mixed with the district pointer and the crime type) of
 * indexes into an array of entries, whose strings live in an arena. */
#include "csa/crime_tally.h"
#include "csa/arena.h"
#include "csa/buf.h"

#include <stdlib.h>
#include <string.h>

struct crime_tally {
    struct tally_entry *v;
    size_t n, cap;
    uint32_t *slots; /* index + 1 into v; 0 empty */
    size_t nslots;   /* a power of two, at least twice n */
    int64_t total;
    struct arena strings;
};

struct crime_tally *tally_new(void)
{
    struct crime_tally *t = xcalloc(1, sizeof *t);
    t->nslots = 1024;
    t->slots = xcalloc(t->nslots, sizeof *t->slots);
    return t;
}

static uint64_t key_hash(const char *lsoa, size_t len, const char *district, int crime_type)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)lsoa[i]) * 1099511628211u;
    h ^= (uint64_t)(uintptr_t)district * 0x9E3779B97F4A7C15u;
    h ^= (uint64_t)crime_type * 0xD1342543DE82EF95u;
    return h ^ (h >> 29);
}

static void grow(struct crime_tally *t)
{
    free(t->slots);
    t->nslots *= 2;
    t->slots = xcalloc(t->nslots, sizeof *t->slots);
    for (size_t i = 0; i < t->n; i++) {
        size_t s = t->v[i].hash & (t->nslots - 1);
        while (t->slots[s])
            s = (s + 1) & (t->nslots - 1);
        t->slots[s] = (uint32_t)(i + 1);
    }
}

void tally_add(struct crime_tally *t, const char *lsoa, size_t lsoa_len, const char *lsoa_name,
               size_t name_len, const char *district, int crime_type)
{
    uint64_t h = key_hash(lsoa, lsoa_len, district, crime_type);
    size_t s = h & (t->nslots - 1);
    t->total++;
    for (; t->slots[s]; s = (s + 1) & (t->nslots - 1)) {
        struct tally_entry *e = &t->v[t->slots[s] - 1];
        if (e->hash == h && e->district == district && e->crime_type == crime_type &&
            e->lsoa_len == lsoa_len && memcmp(e->lsoa, lsoa, lsoa_len) == 0) {
            e->n++;
            return;
        }
    }
    if (t->n == t->cap)
        t->v = xrealloc(t->v, (t->cap = t->cap ? t->cap * 2 : 256) * sizeof *t->v);
    t->v[t->n] = (struct tally_entry){
        .lsoa = arena_strndup(&t->strings, lsoa, lsoa_len),
        .lsoa_name = lsoa_len ? arena_strndup(&t->strings, lsoa_name, name_len) : "",
        .district = district, .hash = h, .lsoa_len = (uint32_t)lsoa_len,
        .crime_type = (int16_t)crime_type, .n = 1};
    t->slots[s] = (uint32_t)++t->n;
    if (2 * t->n > t->nslots)
        grow(t);
}

size_t tally_size(const struct crime_tally *t)
{
    return t->n;
}

const struct tally_entry *tally_entry(const struct crime_tally *t, size_t i)
{
    return &t->v[i];
}

int64_t tally_total(const struct crime_tally *t)
{
    return t->total;
}

void tally_free(struct crime_tally *t)
{
    if (t == NULL)
        return;
    free(t->v);
    free(t->slots);
    arena_free(&t->strings);
    free(t);
}
