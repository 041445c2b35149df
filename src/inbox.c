/* inbox.c: scanning the inbox and moving files out of it (see inbox.h). */
#include "csa/inbox.h"
#include "csa/buf.h"
#include "csa/fsio.h"
#include "csa/utf8.h"

#include <dirent.h>
#include <errno.h>
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
    else if (now - st->st_mtime < settle)
        e->kind = INBOX_WAITING, e->why = "modified moments ago; it may still be being written";
    else
        e->kind = INBOX_FILE, e->why = NULL;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct inbox_entry *)a)->name, ((const struct inbox_entry *)b)->name);
}

enum csa_rc inbox_scan(const char *dir, int settle, time_t now, struct inbox_entry **out,
                       size_t *n, struct csa_error *err)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return csa_fail(err, CSA_EENV, dir, 0, "could not open the inbox: %s", strerror(errno));
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        char *path = fsio_join(dir, de->d_name);
        struct stat st;
        if (lstat(path, &st) != 0) { /* vanished since readdir */
            free(path);
            continue;
        }
        if (*n == cap)
            *out = xrealloc(*out, (cap = cap ? cap * 2 : 64) * sizeof **out);
        struct inbox_entry *e = &(*out)[(*n)++];
        e->name = xstrdup(de->d_name);
        e->path = path;
        e->mtime = st.st_mtime;
        classify(e, &st, settle, now);
    }
    closedir(d);
    if (*n > 1)
        qsort(*out, *n, sizeof **out, by_name);
    return CSA_OK;
}

void inbox_free(struct inbox_entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].path);
    }
    free(v);
}

enum csa_rc inbox_move_to(const char *path, const char *dir, const char *name, char **dest,
                          struct csa_error *err)
{
    *dest = NULL;
    enum csa_rc rc = fsio_mkdirs(dir, err);
    if (rc != CSA_OK)
        return rc;
    char *to = fsio_join(dir, name);
    struct stat st;
    for (int k = 1; lstat(to, &st) == 0; k++) {
        int same;
        if ((rc = fsio_same_files(path, to, &same, err)) != CSA_OK)
            goto out;
        if (same) { /* moved before, then interrupted */
            if (unlink(path) != 0)
                rc = csa_fail(err, CSA_EENV, path, 0, "could not remove: %s", strerror(errno));
            goto out;
        }
        free(to);
        to = fsio_joinf(dir, "%s.%d", name, k);
    }
    if (rename(path, to) == 0)
        rc = fsio_sync_dir(dir, err);
    else if (errno != EXDEV)
        rc = csa_fail(err, CSA_EENV, path, 0, "could not move it to %s: %s", dir,
                      strerror(errno));
    else if ((rc = fsio_copy(path, to, err)) == CSA_OK && unlink(path) != 0)
        rc = csa_fail(err, CSA_EENV, path, 0, "could not remove: %s", strerror(errno));
out:
    if (rc == CSA_OK)
        *dest = to;
    else
        free(to);
    return rc;
}
