/* inbox.h: the folder district analysts drop files into, the processing folder a run claims
 * them into, and the folders files leave for.
 *
 * Scanning looks at names and metadata only: it follows no symbolic link, opens nothing, and
 * holds back a file modified in the last few seconds (it may still be being written).
 * Claiming is Maildir's way: before a run reads a settled file it renames it into the hidden
 * folder INBOX/.csa-processing (same file system, so the rename is atomic), reads it from
 * there and moves exactly that file on. A file written under the same name meanwhile is a new
 * file in the inbox, for the next run. A run killed at any point leaves each file in the
 * inbox, in processing (the next run's scan lists it, claimed, and finishes it) or filed.
 * Moving never overwrites a different file, never follows or compares through a link, and
 * survives a crash at any point: the source goes only once the destination is complete.
 *
 * Partnership folders: a folder of the inbox named by one of the codes the caller gives
 * (INBOX/swale/) is entered too, never through a link and only when it is on the inbox's
 * file system (a claim is a rename). Its files are listed with their folder, claimed into
 * INBOX/.csa-processing/CODE/ (so two folders' files of one name never meet) and put back
 * into INBOX/CODE/. Its receipts/ folder is never listed: the run writes there, it never
 * reads. A file directly in the inbox named like one of the codes is skipped, so that the
 * per-partnership folders of processing, archive and quarantine are never in its way. */
#ifndef CSA_INBOX_H
#define CSA_INBOX_H

#include "csa/error.h"

#include <stddef.h>
#include <sys/stat.h>
#include <time.h>

/* The processing folder's name inside the inbox (hidden, so no scan takes it for a file). */
#define INBOX_PROCESSING ".csa-processing"

/* The folder of a partnership folder the run writes receipts into, never read as input. */
#define INBOX_RECEIPTS "receipts"

enum inbox_kind {
    INBOX_FILE,    /* a regular file to process */
    INBOX_WAITING, /* modified too recently: next run */
    INBOX_SKIPPED  /* not processed at all: link, device, folder, odd name */
};

struct inbox_entry {
    char *name; /* owned: the file's own name */
    char *folder; /* owned: the partnership folder it is in (its code), NULL: the inbox itself */
    char *key;  /* owned: its name within the inbox, unique in a scan: NAME or CODE/NAME */
    char *path; /* owned: where it is now, in the inbox or (claimed) in processing */
    char *found; /* owned: where it was found, INBOX/NAME or INBOX/CODE/NAME (for messages) */
    time_t mtime;
    enum inbox_kind kind;
    const char *why; /* for WAITING and SKIPPED, static text */
    int claimed;     /* it is in the processing folder */
};

/* Lists dir, the partnership folders among its folders (those named by one of the nfolders
 * codes at folders), and the processing folders, sorted by key (a claimed file before an
 * inbox file of the same key, which then waits for the next run). A partnership folder that
 * is a link, cannot be opened or is on another file system is listed, skipped, with why. A file modified less than settle seconds
 * before now waits; a modification time in the future is not believed, the file's
 * status-change time is used instead (so it never waits for ever). Files already in
 * processing (left by an interrupted run) are listed claimed, settled. On success the caller
 * frees *out with inbox_free. */
enum csa_rc inbox_scan(const char *dir, const char *const *folders, size_t nfolders, int settle,
                       time_t now, struct inbox_entry **out, size_t *n, struct csa_error *err);
void inbox_free(struct inbox_entry *v, size_t n);

/* Claims every unclaimed INBOX_FILE of v into dir's processing folder, or its CODE/ folder
 * for a partnership folder's file (created 0700 when missing; anything else in the way, a
 * link too, is an error). An entry whose name is
 * already taken in processing becomes INBOX_WAITING, one gone since the scan INBOX_SKIPPED;
 * a claimed entry's path is its new one. Fails (CSA_EENV) only when the file system refuses,
 * and then the entries claimed so far stay claimed. */
enum csa_rc inbox_claim(const char *dir, struct inbox_entry *v, size_t n, struct csa_error *err);

/* Puts a claimed entry back into the inbox dir (or its partnership folder), when no file of its name arrived there
 * meanwhile (else it stays in processing, for the next run). A file the run could not handle
 * (unreadable, a link, the database gone) is so left where it was found. */
enum csa_rc inbox_unclaim(const char *dir, struct inbox_entry *e, struct csa_error *err);

/* Moves the file at path into folder dir (created when missing) under its name. When read is
 * not NULL (the fstat of the descriptor the file was read from), path must still be that
 * file, else nothing moves: only the bytes read are ever filed. When dir already holds a
 * regular file of that name with the same bytes (a crash after an earlier move's copy), path
 * is just removed; anything else there (other bytes, a link, whatever it points at) keeps its
 * name and the file gets the first free "NAME.N". Across file systems the file is copied
 * durably (fsio_copy) before the original goes. On success the caller owns *dest, the final
 * path (free); on failure *dest is NULL. */
enum csa_rc inbox_move_to(const char *path, const char *dir, const char *name,
                          const struct stat *read, char **dest, struct csa_error *err);

/* Whether name can be shown and written as a file name as it is: not hidden, valid UTF-8,
 * no control character (what a receipt's name needs). */
int inbox_plain_name(const char *name);

#endif
