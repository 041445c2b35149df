/* zipread.h: a zip archive in memory, read as hostile input (the container of a workbook).
 *
 * Every entry's name and header is checked before anything is inflated: too many entries, a
 * name with a ".." part, a leading "/" or "\", a drive letter, a name given twice (ignoring
 * case, as Office does), an encrypted entry, a method other than stored or deflate, and any
 * ZIP64 record are refused. The entries the caller wants are then inflated with caps on each
 * entry's size, on the total and on the compression ratio, counted on the bytes inflated,
 * never on the sizes the headers claim. Each message names the file (the caller's name for
 * it) and the entry. Nothing here prints. */
#ifndef CSA_ZIPREAD_H
#define CSA_ZIPREAD_H

#include "csa/buf.h"
#include "csa/error.h"

#include <stddef.h>

struct zip_limits {
    size_t max_entries;     /* entries in the archive */
    size_t max_entry_bytes; /* one entry, inflated */
    size_t max_total_bytes; /* every entry read, inflated */
    size_t max_ratio;       /* inflated bytes per compressed byte ... */
    size_t ratio_floor;     /* ... once an entry is past this many inflated bytes */
};

/* 1,000 entries, 8 MiB an entry, 16 MiB in all, 100 to 1 past 64 KiB. */
extern const struct zip_limits zip_default_limits;

struct zip_entry {
    char *name;      /* as stored (owned) */
    int read;        /* inflated into data (the caller wanted it) */
    struct buf data; /* the inflated bytes when read (owned) */
};

struct zip_archive {
    struct zip_entry *v; /* in the central directory's order (owned) */
    size_t n;
};

/* Reads the zip in data[0..len) into *out: every entry's name, and the inflated bytes of
 * those for which want(name, ctx) (NULL: all) is true. file names the archive in messages.
 * On success the caller owns *out (zip_archive_free). On failure (CSA_EINVALID) *out is
 * empty and err says why, with file as its file. */
enum csa_rc zip_read(const char *data, size_t len, const char *file, const struct zip_limits *lim,
                     int (*want)(const char *name, void *ctx), void *ctx,
                     struct zip_archive *out, struct csa_error *err);

/* The entry called name (compared ignoring ASCII case), or NULL. Owned by z. */
const struct zip_entry *zip_find(const struct zip_archive *z, const char *name);

void zip_archive_free(struct zip_archive *z); /* harmless on an empty one */

#endif
