/* crime_tally.h: the counts of one police.uk file, made while it is read.
 *
 * A file is one force's month (policeuk.h), so a tally keys its counts by what varies inside
 * it: the record's LSOA code (empty when the record had none but was placed by its LSOA name),
 * its district (the GSS code place.h gave it) and its crime type. Memory grows with the
 * distinct keys only (a force's LSOAs times its crime types), never with the file's records.
 * The key strings are copied into the tally; nothing here reads the database or prints. */
#ifndef CSA_CRIME_TALLY_H
#define CSA_CRIME_TALLY_H

#include <stddef.h>
#include <stdint.h>

/* One count: n records of this key. The strings are the tally's. */
struct tally_entry {
    const char *lsoa;      /* LSOA code, "" when the record had none */
    const char *lsoa_name; /* the first name the file gave that code ("" with no code) */
    const char *district;  /* GSS code: the pointer given to tally_add, not copied */
    uint64_t hash;
    uint32_t lsoa_len;
    int16_t crime_type;
    int64_t n;
};

struct crime_tally;

/* A new, empty tally; the caller frees it with tally_free. */
struct crime_tally *tally_new(void);

/* Counts one record. lsoa (lsoa_len bytes) and lsoa_name (name_len bytes) are copied when the
 * key is new; district is kept as a pointer, so it must outlive the tally and the same
 * district must always come as the same pointer (place.h's strings are). */
void tally_add(struct crime_tally *t, const char *lsoa, size_t lsoa_len, const char *lsoa_name,
               size_t name_len, const char *district, int crime_type);

/* The number of distinct keys, and the i-th (0 <= i < tally_size), in the order first seen.
 * An entry is valid until the next tally_add or tally_free. */
size_t tally_size(const struct crime_tally *t);
const struct tally_entry *tally_entry(const struct crime_tally *t, size_t i);

/* The records counted, over every key. */
int64_t tally_total(const struct crime_tally *t);

void tally_free(struct crime_tally *t); /* NULL is harmless */

#endif
