/* inbox.h: the folder district analysts drop files into, and the folders files leave it for.
 *
 * Scanning looks at names and metadata only: it follows no symbolic link, opens nothing that
 * is not a regular file, and holds back a file modified in the last few seconds (it may still
 * be being written). Moving never overwrites a different file and survives a crash at any
 * point: the source leaves the inbox only once the destination is complete. */
#ifndef CSA_INBOX_H
#define CSA_INBOX_H

#include "csa/error.h"

#include <stddef.h>
#include <time.h>

enum inbox_kind {
    INBOX_FILE,    /* a regular file to process */
    INBOX_WAITING, /* modified too recently: next run */
    INBOX_SKIPPED  /* not processed at all: link, device, folder, odd name */
};

struct inbox_entry {
    char *name; /* owned */
    char *path; /* owned */
    time_t mtime;
    enum inbox_kind kind;
    const char *why; /* for WAITING and SKIPPED, static text */
};

/* Lists dir, sorted by name. A file modified less than settle seconds before now waits.
 * On success the caller frees *out with inbox_free. */
enum csa_rc inbox_scan(const char *dir, int settle, time_t now, struct inbox_entry **out,
                       size_t *n, struct csa_error *err);
void inbox_free(struct inbox_entry *v, size_t n);

/* Moves the file at path into folder dir (created when missing) under its name. When dir
 * already holds a file of that name with the same bytes (a crash after an earlier move's
 * copy), path is just removed; with other bytes, the file gets the first free "NAME.N".
 * Across file systems the file is copied durably (fsio_copy) before the original goes. On
 * success the caller owns *dest, the final path (free); on failure *dest is NULL. */
enum csa_rc inbox_move_to(const char *path, const char *dir, const char *name, char **dest,
                          struct csa_error *err);

#endif
