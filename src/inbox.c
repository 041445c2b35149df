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

/* Why a name a person would not mean as a submission, or that breaks a report line, is
 * skipped (NULL: a plain name). A name that is not UTF-8 (as a Windows upload tool may write
 * "sw\xE1le-2011.xml") cannot be stored in the database, and a control or bidirectional
 * character could forge or reorder a line. */
static const char *odd_char(const char *name)
{
    if (name[0] == '.')
        return "hidden file (its name starts with \".\"), not processed";
    /* Excel and Word keep "~$NAME.xlsx" beside a workbook while it is open: not a submission,
     * and gone once the analyst closes the file. (LibreOffice's ".~lock.NAME#" is hidden.) */
    if (name[0] == '~' && name[1] == '$')
        return "an Office lock file (its name starts with \"~$\"): the workbook is open in "
               "Excel; not processed";
    size_t n = strlen(name);
    if (!utf8_valid(name, n))
        return "file name is not valid UTF-8 text, not processed; rename it";
    unsigned long cp;
    for (size_t at = 0, len; at < n; at += len)
        if ((len = utf8_decode(name + at, n - at, &cp)) == 0 || utf8_is_control(cp))
            return "file name has a control character, not processed; rename it";
    return NULL;
}

int inbox_plain_name(const char *name)
{
    return name[0] != '\0' && odd_char(name) == NULL;
}

static const char *odd_name(const char *name)
{
    const char *why = odd_char(name);
    size_t n = strlen(name);
    if (why == NULL && n > 7 && strcmp(name + n - 7, ".errors") == 0)
        why = "a rejection report, not a submission";
    return why;
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
        e->why = e->folder ? "folder, not processed"
                           : "folder not named by a partnership code of the register, not "
                             "processed";
    else if (!S_ISREG(st->st_mode))
        e->why = "not a regular file, not processed";
    else if (now - changed_at(st, settle, now) < settle)
        e->kind = INBOX_WAITING, e->why = "modified moments ago; it may still be being written";
    else
        e->kind = INBOX_FILE, e->why = NULL;
}

static int by_key(const void *a, const void *b)
{
    const struct inbox_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : y->claimed - x->claimed; /* a claimed file before its namesake */
}

/* One scan: the inbox, the partnership codes, the entries found so far. */
struct scan {
    const char *inbox;
    const char *const *codes;
    size_t ncodes;
    int settle;
    time_t now;
    dev_t dev; /* the inbox's file system */
    struct inbox_entry *v;
    size_t n, cap;
};

static int is_code(const struct scan *s, const char *name)
{
    for (size_t i = 0; i < s->ncodes; i++)
        if (strcmp(s->codes[i], name) == 0)
            return 1;
    return 0;
}

/* Adds an entry for name found in folder dir (of partnership folder, or the inbox itself). */
static struct inbox_entry *add(struct scan *s, const char *dir, const char *folder,
                               const char *name, int claimed)
{
    if (s->n == s->cap)
        s->v = xrealloc(s->v, (s->cap = s->cap ? s->cap * 2 : 64) * sizeof *s->v);
    struct inbox_entry *e = &s->v[s->n++];
    char *key = folder ? fsio_join(folder, name) : xstrdup(name);
    *e = (struct inbox_entry){.name = xstrdup(name), .folder = folder ? xstrdup(folder) : NULL,
                              .key = key, .path = fsio_join(dir, name),
                              .found = fsio_join(s->inbox, key), .claimed = claimed};
    return e;
}

/* Adds partnership folder name of the inbox as skipped, for why. */
static void add_skipped(struct scan *s, const char *name, const char *why)
{
    struct inbox_entry *e = add(s, s->inbox, NULL, name, 0);
    e->kind = INBOX_SKIPPED;
    e->why = why;
}

/* Whether a partnership folder found at path (lstat st) may be entered; when not, it is
 * listed skipped with why. */
static int enterable(struct scan *s, const char *name, const struct stat *st)
{
    const char *why = S_ISLNK(st->st_mode) ? "symbolic link, not followed"
                      : !S_ISDIR(st->st_mode)
                          ? "named like a partnership's folder but not a folder, not "
                            "processed; rename it"
                      : st->st_dev != s->dev
                          ? "partnership folder on another file system than the inbox, not "
                            "entered: its files cannot be claimed safely"
                          : NULL;
    if (why)
        add_skipped(s, name, why);
    return why == NULL;
}

static enum csa_rc list(struct scan *s, const char *dir, const char *folder, int claimed,
                        struct csa_error *err);

/* Lists a partnership folder, or its folder in processing (claimed). A folder that cannot be
 * opened is listed skipped; a missing one in processing is empty. */
static void list_folder(struct scan *s, const char *dir, const char *code, int claimed)
{
    struct csa_error ignored = {0};
    if (list(s, dir, code, claimed, &ignored) != CSA_OK && !claimed)
        add_skipped(s, code, "partnership folder that could not be opened, not processed");
}

/* Adds the entries of folder dir (the inbox, a partnership folder, or one of the processing
 * folders when claimed) to the scan. A missing processing folder is empty. Partnership
 * folders met in the inbox or the processing folder are listed after it. */
static enum csa_rc list(struct scan *s, const char *dir, const char *folder, int claimed,
                        struct csa_error *err)
{
    /* nothing but the inbox itself is ever entered through a link */
    int top = folder == NULL && !claimed;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (top ? 0 : O_NOFOLLOW));
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
    struct stat st;
    if (top && fstat(dirfd(d), &st) == 0)
        s->dev = st.st_dev;
    char **sub = NULL; /* the partnership folders met here */
    size_t nsub = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
            (top && strcmp(name, INBOX_PROCESSING) == 0) ||
            (folder && !claimed && strcmp(name, INBOX_RECEIPTS) == 0))
            continue;
        char *path = fsio_join(dir, name);
        int gone = lstat(path, &st) != 0; /* vanished since readdir */
        free(path);
        if (gone)
            continue;
        /* a partnership's folder; in processing, a file of that name is an older claim */
        if (folder == NULL && is_code(s, name) && (!claimed || S_ISDIR(st.st_mode))) {
            if (claimed || enterable(s, name, &st)) {
                sub = xrealloc(sub, (nsub + 1) * sizeof *sub);
                sub[nsub++] = xstrdup(name);
            }
            continue;
        }
        struct inbox_entry *e = add(s, dir, folder, name, claimed);
        e->mtime = st.st_mtime;
        /* a claimed file was settled when it was claimed */
        classify(e, &st, claimed ? 0 : s->settle, s->now);
    }
    closedir(d);
    for (size_t i = 0; i < nsub; i++) {
        char *path = fsio_join(dir, sub[i]);
        list_folder(s, path, sub[i], claimed);
        free(path);
        free(sub[i]);
    }
    free(sub);
    return CSA_OK;
}

enum csa_rc inbox_scan(const char *dir, const char *const *folders, size_t nfolders, int settle,
                       time_t now, struct inbox_entry **out, size_t *n, struct csa_error *err)
{
    struct scan s = {.inbox = dir, .codes = folders, .ncodes = nfolders, .settle = settle,
                     .now = now};
    char *proc = fsio_join(dir, INBOX_PROCESSING);
    enum csa_rc rc = list(&s, dir, NULL, 0, err);
    if (rc == CSA_OK)
        rc = list(&s, proc, NULL, 1, err);
    free(proc);
    *out = s.v;
    *n = s.n;
    if (rc != CSA_OK) {
        inbox_free(*out, *n);
        *out = NULL;
        *n = 0;
        return rc;
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, by_key);
    /* a file of a name an interrupted run left in processing waits until that one is filed */
    for (size_t i = 1; i < *n; i++)
        if (!(*out)[i].claimed && (*out)[i - 1].claimed &&
            strcmp((*out)[i].key, (*out)[i - 1].key) == 0 && (*out)[i].kind == INBOX_FILE)
            (*out)[i].kind = INBOX_WAITING,
            (*out)[i].why = "a file of this name left by an interrupted run is filed first; "
                            "this one is taken by the next run";
    return CSA_OK;
}

/* Creates folder name in parent (0700) when missing; what is there must be a folder, not a
 * link. The caller frees *path. */
static enum csa_rc processing_folder(const char *parent, const char *name, char **path,
                                     struct csa_error *err)
{
    *path = fsio_join(parent, name);
    struct stat st;
    if (mkdir(*path, 0700) == 0)
        return fsio_sync_dir(parent, err);
    if (errno == EEXIST && lstat(*path, &st) == 0 && S_ISDIR(st.st_mode))
        return CSA_OK;
    return csa_fail(err, CSA_EENV, *path, 0,
                    "could not use it as the run's processing folder: %s",
                    errno == EEXIST ? "something other than a folder is in the way"
                                    : strerror(errno));
}

/* The processing folder of partnership folder (NULL: of the inbox itself), created when
 * missing. The caller frees *path. */
static enum csa_rc processing_of(const char *dir, const char *folder, char **path,
                                 struct csa_error *err)
{
    char *top = NULL;
    enum csa_rc rc = processing_folder(dir, INBOX_PROCESSING, &top, err);
    if (rc != CSA_OK || folder == NULL) {
        *path = top;
        return rc;
    }
    rc = processing_folder(top, folder, path, err);
    free(top);
    return rc;
}

static int same_folder(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

enum csa_rc inbox_claim(const char *dir, struct inbox_entry *v, size_t n, struct csa_error *err)
{
    char *proc = NULL;
    const char *at = NULL; /* the folder whose processing folder proc is */
    enum csa_rc rc = CSA_OK;
    for (size_t i = 0; rc == CSA_OK && i < n; i++) {
        struct inbox_entry *e = &v[i];
        if (e->kind != INBOX_FILE || e->claimed)
            continue;
        /* a folder's files are next to each other (sorted by key): one flush per folder */
        if (proc == NULL || !same_folder(at, e->folder)) {
            if (proc && (rc = fsio_sync_dir(proc, err)) != CSA_OK)
                break;
            free(proc);
            proc = NULL;
            at = e->folder;
            if ((rc = processing_of(dir, e->folder, &proc, err)) != CSA_OK)
                break;
        }
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
    if (rc == CSA_OK && proc)
        rc = fsio_sync_dir(proc, err);
    free(proc);
    return rc;
}

enum csa_rc inbox_unclaim(const char *dir, struct inbox_entry *e, struct csa_error *err)
{
    if (!e->claimed)
        return CSA_OK;
    char *home = e->folder ? fsio_join(dir, e->folder) : xstrdup(dir);
    char *to = fsio_join(home, e->name);
    int taken = 0;
    /* a partnership folder gone or replaced since: the file stays in processing */
    struct stat st;
    enum csa_rc rc = CSA_OK;
    if (e->folder && (lstat(home, &st) != 0 || !S_ISDIR(st.st_mode)))
        rc = csa_fail(err, CSA_EENV, e->path, 0,
                      "could not put it back into %s: no longer a folder; it stays in "
                      "processing for the next run", home);
    else
        rc = fsio_rename_new(e->path, to, &taken, err);
    if (rc == CSA_OK && taken == 0) {
        free(e->path);
        e->path = to;
        e->claimed = 0;
        rc = fsio_sync_dir(home, err);
        free(home);
        return rc;
    }
    free(home);
    free(to);
    return rc;
}

void inbox_free(struct inbox_entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].folder);
        free(v[i].key);
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
