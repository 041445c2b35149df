/* inbox.c: scanning the inbox and moving files out of it (see inbox.h). */
#include "csa/inbox.h"
#include "csa/buf.h"
#include "csa/output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Names a person would not mean as a submission, or that break a report line. */
static const char *odd_name(const char *name)
{
    if (name[0] == '.')
        return "hidden file (its name starts with \".\"), not processed";
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return "file name has a control character, not processed; rename it";
    size_t n = strlen(name);
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
        struct buf path = {0};
        buf_printf(&path, "%s/%s", dir, de->d_name);
        struct stat st;
        if (lstat(path.data, &st) != 0) { /* vanished since readdir */
            buf_free(&path);
            continue;
        }
        if (*n == cap)
            *out = xrealloc(*out, (cap = cap ? cap * 2 : 64) * sizeof **out);
        struct inbox_entry *e = &(*out)[(*n)++];
        e->name = xstrdup(de->d_name);
        e->path = path.data;
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

/* True when the files at a and b hold the same bytes. */
static int same_file_content(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    char x[65536], y[65536];
    while (same) {
        size_t n = fread(x, 1, sizeof x, fa), m = fread(y, 1, sizeof y, fb);
        same = n == m && memcmp(x, y, n) == 0;
        if (n == 0 || n < sizeof x)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

/* Copies src to dst through a temporary file, for moves across file systems. */
static int copy_file(const char *src, const char *dst)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.part.%ld", dst, (long)getpid());
    int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, ok = in >= 0;
    if (ok)
        ok = (out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) >= 0;
    char buf[65536];
    ssize_t r;
    while (ok && (r = read(in, buf, sizeof buf)) > 0)
        ok = write(out, buf, (size_t)r) == r;
    ok = ok && fsync(out) == 0;
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0)
        ok = 0;
    ok = ok && rename(tmp, dst) == 0;
    if (!ok)
        unlink(tmp);
    return ok;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

enum csa_rc inbox_move(const char *path, const char *dir, const char *name, char *dest,
                       size_t size, struct csa_error *err)
{
    enum csa_rc rc = output_mkdir(dir, err);
    if (rc != CSA_OK)
        return rc;
    struct stat st;
    snprintf(dest, size, "%s/%s", dir, name);
    for (int k = 1; lstat(dest, &st) == 0; k++) {
        if (same_file_content(path, dest)) { /* moved before, then interrupted */
            if (unlink(path) != 0)
                return csa_fail(err, CSA_EENV, path, 0, "could not remove: %s", strerror(errno));
            return CSA_OK;
        }
        snprintf(dest, size, "%s/%s.%d", dir, name, k);
    }
    if (rename(path, dest) != 0) {
        if (errno != EXDEV || !copy_file(path, dest) || unlink(path) != 0)
            return csa_fail(err, CSA_EENV, path, 0, "could not move it to %s: %s", dir,
                            strerror(errno));
    }
    sync_dir(dir);
    return CSA_OK;
}
