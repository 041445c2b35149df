/* inbox.c: scanning the inbox, claiming its files into the processing folder and moving
 * them on (see inbox.h). */
#include "csa/inbox.h"
#include "csa/buf.h"
#include "csa/fsio.h"
#include "csa/utf8.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Names a person would not mean as a submission, or that break a report line: a name that
 * is not UTF-8 (as a Windows upload tool may write "sw\xE1le-2011.xml") cannot be stored in
 * the database, and a control or bidirectional character could forge or reorder a line. */
static const char *odd_name(const char *name)
{
    if (name[0] == '.')
        return "hidden file (its name starts with \".\"), not processed";
    size_t n = strlen(name);
    if (!utf8_valid(name, n))
        return "file name is not valid UTF-8 text, not processed; rename it";
    unsigned long cp;
    for (size_t at = 0, len; at < n; at += len)
        if ((len = utf8_decode(name + at, n - at, &cp)) == 0 || utf8_is_control(cp))
            return "file name has a control character, not processed; rename it";
    if (n > 7 && strcmp(name + n - 7, ".errors") == 0)
        return "a rejection report, not a submission";
    return NULL;
}

/* When the file was last changed, for the settle rule. Its modification time, unless that is
 * in the future (an upload tool that keeps a sender's skewed clock, `touch -d tomorrow`): then
 * its status-change time, which only this machine's kernel sets (any write or rename updates
 * it, and no tool can date it), so a file still being written keeps waiting and one left
 * alone settles like any other. When both are in the future the clock went back: settled. */
static time_t changed_at(const struct stat *st, int settle, time_t now)
{
    if (st->st_mtime <= now)
        return st->st_mtime;
    if (st->st_ctime <= now)
        return st->st_ctime;
    return now - settle;
}

static void classify(struct inbox_entry *e, const struct stat *st, int settle, time_t now)
{
    e->kind = INBOX_SKIPPED;
    if ((e->why = odd_name(e->name)) != NULL)
        return;
    if (S_ISLNK(st->st_mode))
        e->why = "symbolic link, not followed";
    else if (S_ISDIR(st->st_mode))
        e->why = "folder, not processed";
    else if (!S_ISREG(st->st_mode))
        e->why = "not a regular file, not processed";
    else if (now - changed_at(st, settle, now) < settle)
        e->kind = INBOX_WAITING, e->why = "modified moments ago; it may still be being written";
    else
        e->kind = INBOX_FILE, e->why = NULL;
}

static int by_name(const void *a, const void *b)
{
    const struct inbox_entry *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : y->claimed - x->claimed; /* a claimed file before its namesake */
}

/* Adds the entries of folder dir (inbox, or its processing folder when claimed) to *out. A
 * missing processing folder is empty. */
static enum csa_rc list(const char *inbox, const char *dir, int claimed, int settle, time_t now,
                        struct inbox_entry **out, size_t *n, size_t *cap, struct csa_error *err)
{
    /* the processing folder is never entered through a link */
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (claimed ? O_NOFOLLOW : 0));
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (d == NULL && fd >= 0)
        close(fd);
    if (d == NULL && claimed && errno == ENOENT)
        return CSA_OK;
    if (d == NULL && claimed && (errno == ELOOP || errno == ENOTDIR))
        return csa_fail(err, CSA_EENV, dir, 0, "could not use it as the run's processing "
                                               "folder: something other than a folder is in "
                                               "the way");
    if (d == NULL)
        return csa_fail(err, CSA_EENV, dir, 0, "could not open the inbox: %s", strerror(errno));
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
            (!claimed && strcmp(de->d_name, INBOX_PROCESSING) == 0))
            continue;
        char *path = fsio_join(dir, de->d_name);
        struct stat st;
        if (lstat(path, &st) != 0) { /* vanished since readdir */
            free(path);
            continue;
        }
        if (*n == *cap)
            *out = xrealloc(*out, (*cap = *cap ? *cap * 2 : 64) * sizeof **out);
        struct inbox_entry *e = &(*out)[(*n)++];
        *e = (struct inbox_entry){.name = xstrdup(de->d_name), .path = path,
                                  .found = fsio_join(inbox, de->d_name),
                                  .mtime = st.st_mtime, .claimed = claimed};
        /* a claimed file was settled when it was claimed */
        classify(e, &st, claimed ? 0 : settle, now);
    }
    closedir(d);
    return CSA_OK;
}

enum csa_rc inbox_scan(const char *dir, int settle, time_t now, struct inbox_entry **out,
                       size_t *n, struct csa_error *err)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    char *proc = fsio_join(dir, INBOX_PROCESSING);
    enum csa_rc rc = list(dir, dir, 0, settle, now, out, n, &cap, err);
    if (rc == CSA_OK)
        rc = list(dir, proc, 1, settle, now, out, n, &cap, err);
    free(proc);
    if (rc != CSA_OK) {
        inbox_free(*out, *n);
        *out = NULL;
        *n = 0;
        return rc;
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, by_name);
    /* a file of a name an interrupted run left in processing waits until that one is filed */
    for (size_t i = 1; i < *n; i++)
        if (!(*out)[i].claimed && (*out)[i - 1].claimed &&
            strcmp((*out)[i].name, (*out)[i - 1].name) == 0 && (*out)[i].kind == INBOX_FILE)
            (*out)[i].kind = INBOX_WAITING,
            (*out)[i].why = "a file of this name left by an interrupted run is filed first; "
                            "this one is taken by the next run";
    return CSA_OK;
}

/* Creates the processing folder when missing; what is there must be a folder, not a link. */
static enum csa_rc processing_folder(const char *dir, char **proc, struct csa_error *err)
{
    *proc = fsio_join(dir, INBOX_PROCESSING);
    struct stat st;
    if (mkdir(*proc, 0700) == 0)
        return fsio_sync_dir(dir, err);
    if (errno == EEXIST && lstat(*proc, &st) == 0 && S_ISDIR(st.st_mode))
        return CSA_OK;
    return csa_fail(err, CSA_EENV, *proc, 0,
                    "could not use it as the run's processing folder: %s",
                    errno == EEXIST ? "something other than a folder is in the way"
                                    : strerror(errno));
}

enum csa_rc inbox_claim(const char *dir, struct inbox_entry *v, size_t n, struct csa_error *err)
{
    char *proc = NULL;
    enum csa_rc rc = CSA_OK;
    int made = 0;
    for (size_t i = 0; rc == CSA_OK && i < n; i++) {
        struct inbox_entry *e = &v[i];
        if (e->kind != INBOX_FILE || e->claimed)
            continue;
        if (!made && (rc = processing_folder(dir, &proc, err)) != CSA_OK)
            break;
        made = 1;
        char *to = fsio_join(proc, e->name);
        int taken = 0;
        rc = fsio_rename_new(e->path, to, &taken, err);
        if (rc == CSA_OK && !taken) {
            free(e->path);
            e->path = to;
            e->claimed = 1;
        } else {
            free(to);
        }
        if (rc == CSA_OK && taken > 0) /* a namesake in processing since the scan */
            e->kind = INBOX_WAITING, e->why = "a file of this name is still being processed; "
                                              "this one is taken by the next run";
        if (rc == CSA_OK && taken < 0) /* vanished since the scan */
            e->kind = INBOX_SKIPPED, e->why = "gone before it could be read";
    }
    if (rc == CSA_OK && made)
        rc = fsio_sync_dir(proc, err);
    free(proc);
    return rc;
}

enum csa_rc inbox_unclaim(const char *dir, struct inbox_entry *e, struct csa_error *err)
{
    if (!e->claimed)
        return CSA_OK;
    char *to = fsio_join(dir, e->name);
    int taken = 0;
    enum csa_rc rc = fsio_rename_new(e->path, to, &taken, err);
    if (rc == CSA_OK && taken == 0) {
        free(e->path);
        e->path = to;
        e->claimed = 0;
        return fsio_sync_dir(dir, err);
    }
    free(to);
    return rc;
}

void inbox_free(struct inbox_entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].path);
        free(v[i].found);
    }
    free(v);
}

/* Whether what is at path is still the file that was read (same device and inode), so
 * that exactly the bytes read move on. */
static enum csa_rc still_the_file(const char *path, const struct stat *read,
                                  struct csa_error *err)
{
    struct stat st;
    if (read == NULL)
        return CSA_OK;
    if (lstat(path, &st) != 0)
        return csa_fail(err, CSA_EENV, path, 0, "could not find it to move it: %s",
                        strerror(errno));
    if (st.st_dev != read->st_dev || st.st_ino != read->st_ino)
        return csa_fail(err, CSA_EENV, path, 0,
                        "another file took its place while it was read; that one is left "
                        "for the next run");
    return CSA_OK;
}

enum csa_rc inbox_move_to(const char *path, const char *dir, const char *name,
                          const struct stat *read, char **dest, struct csa_error *err)
{
    *dest = NULL;
    enum csa_rc rc = fsio_mkdirs(dir, err);
    if (rc == CSA_OK)
        rc = still_the_file(path, read, err);
    if (rc != CSA_OK)
        return rc;
    struct stat st, home;
    if (lstat(path, &st) != 0 || stat(dir, &home) != 0)
        return csa_fail(err, CSA_EENV, path, 0, "could not move it to %s: %s", dir,
                        strerror(errno));
    int across = st.st_dev != home.st_dev; /* another file system: rename cannot */
    char *to = fsio_join(dir, name);
    for (int k = 1;; k++) {
        if (lstat(to, &st) == 0) {
            int same = 0;
            /* a regular file only: a link is never followed or compared through */
            if (S_ISREG(st.st_mode) && (rc = fsio_same_files(path, to, &same, err)) != CSA_OK)
                goto out;
            if (same) { /* moved before, then interrupted */
                if (unlink(path) != 0)
                    rc = csa_fail(err, CSA_EENV, path, 0, "could not remove: %s",
                                  strerror(errno));
                goto out;
            }
        } else if (across) { /* copied durably before the original goes */
            if ((rc = fsio_copy(path, to, err)) == CSA_OK && unlink(path) != 0)
                rc = csa_fail(err, CSA_EENV, path, 0, "could not remove: %s", strerror(errno));
            goto out;
        } else {
            int taken = 0;
            rc = fsio_rename_new(path, to, &taken, err);
            if (rc == CSA_OK && taken < 0)
                rc = csa_fail(err, CSA_EENV, path, 0, "could not move it to %s: it is gone",
                              dir);
            if (rc == CSA_OK && taken == 0)
                rc = fsio_sync_dir(dir, err);
            if (rc != CSA_OK || taken == 0)
                goto out;
        }
        free(to);
        to = fsio_joinf(dir, "%s.%d", name, k);
    }
out:
    if (rc == CSA_OK)
        *dest = to;
    else
        free(to);
    return rc;
}
