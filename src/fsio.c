/* fsio.c: path joins, byte comparisons, atomic writes, folders and durable copies (see
 * fsio.h).
 *
 * A write goes through one temporary file (tmp_create, then tmp_commit or tmp_abort), so a
 * document and a copied submission get the same guarantees. The crash point
 * "fsio-before-rename" (fault.h) stops a writer after its temporary file is complete and
 * before it replaces the target. Nothing here prints. */
#define _GNU_SOURCE /* renameat2 and RENAME_NOREPLACE (glibc 2.28) */
#include "csa/fsio.h"
#include "csa/buf.h"
#include "csa/fault.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum { CHUNK = 32768 }; /* bytes read at a time; two sit on the stack of a compare */

/* Fills err with "could not WHAT: REASON" for path, and returns CSA_EENV. */
static enum csa_rc sys_fail(struct csa_error *err, const char *path, const char *what, int e)
{
    return csa_fail(err, CSA_EENV, path, 0, "could not %s: %s", what, strerror(e));
}

/* ---- paths ---------------------------------------------------------------------------- */

/* The first dlen bytes of dir joined with name (see fsio_join). */
static char *join_n(const char *dir, size_t dlen, const char *name)
{
    while (dlen > 1 && dir[dlen - 1] == '/')
        dlen--;
    if (dlen == 0)
        return xstrdup(name);
    while (*name == '/')
        name++;
    size_t nlen = strlen(name), k = dlen;
    char *out = xmalloc(dlen + 1 + nlen + 1);
    memcpy(out, dir, dlen);
    if (!(dlen == 1 && dir[0] == '/'))
        out[k++] = '/';
    memcpy(out + k, name, nlen + 1);
    return out;
}

char *fsio_join(const char *dir, const char *name)
{
    return join_n(dir, strlen(dir), name);
}

char *fsio_joinf(const char *dir, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) /* only a malformed format does this: a programming error */
        abort();
    char *name = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(name, (size_t)n + 1, fmt, ap);
    va_end(ap);
    char *out = fsio_join(dir, name);
    free(name);
    return out;
}

/* How many leading bytes of path name the folder holding it: 0 when path has no slash (the
 * current folder), 1 for the root. Trailing slashes of path are not a name. */
static size_t parent_len(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    while (n > 0 && path[n - 1] != '/')
        n--;
    while (n > 1 && path[n - 1] == '/')
        n--;
    return n;
}

char *fsio_beside(const char *dir, const char *name)
{
    return join_n(dir, parent_len(dir), name);
}

char *fsio_parent(const char *path)
{
    size_t n = parent_len(path);
    if (n == 0)
        return xstrdup(".");
    char *out = xmalloc(n + 1);
    memcpy(out, path, n);
    out[n] = '\0';
    return out;
}

/* ---- reading and comparing ------------------------------------------------------------ */

/* Reads up to n bytes, stopping early only at the end of the file. Returns the count, or
 * -1 with errno set. */
static ssize_t read_full(int fd, char *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* Opens path for reading (extra: more open flags) without blocking on a FIFO and without
 * following a symbolic link, and gives its size. When path is missing, a link or not a regular
 * file, *fd is -1: an error when strict, else CSA_OK. Any other failure is an error. */
static enum csa_rc open_regular(const char *path, int extra, int strict, int *fd, off_t *size,
                                struct csa_error *err)
{
    *fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW | extra);
    /* a symbolic link is never followed: in a comparison it is simply not the file */
    if (*fd < 0)
        return strict || (errno != ENOENT && errno != ENOTDIR && errno != ELOOP)
                   ? sys_fail(err, path, "open file", errno)
                   : CSA_OK;
    struct stat st;
    int e = fstat(*fd, &st) != 0 ? errno : S_ISREG(st.st_mode) ? 0 : -1;
    if (e == 0) {
        *size = st.st_size;
        return CSA_OK;
    }
    close(*fd);
    *fd = -1;
    if (e > 0)
        return sys_fail(err, path, "read file", e);
    return strict ? csa_fail(err, CSA_EENV, path, 0, "not a regular file") : CSA_OK;
}

/* Reads fd a (path pa) to its end, comparing it with the same stretch of either file b
 * (path pb, when b >= 0) or the len bytes at data; *same says whether all matched. */
static enum csa_rc equal_stream(int a, const char *pa, int b, const char *pb, const char *data,
                                size_t len, int *same, struct csa_error *err)
{
    char x[CHUNK], y[CHUNK];
    size_t off = 0;
    for (*same = 0;;) {
        ssize_t n = read_full(a, x, sizeof x);
        if (n < 0)
            return sys_fail(err, pa, "read file", errno);
        size_t rest = len - off < sizeof x ? len - off : sizeof x;
        ssize_t m = b >= 0 ? read_full(b, y, sizeof y) : (ssize_t)rest;
        if (m < 0)
            return sys_fail(err, pb, "read file", errno);
        const char *want = b >= 0 ? y : rest > 0 ? data + off : NULL;
        if (n != m || (n > 0 && memcmp(x, want, (size_t)n) != 0))
            return CSA_OK;
        if (n == 0) {
            *same = 1;
            return CSA_OK;
        }
        off += (size_t)n;
    }
}

enum csa_rc fsio_same_bytes(const char *path, const void *data, size_t len, int *same,
                            struct csa_error *err)
{
    int fd;
    off_t size = 0;
    *same = 0;
    enum csa_rc rc = open_regular(path, 0, 0, &fd, &size, err);
    if (rc != CSA_OK || fd < 0)
        return rc;
    if ((size_t)size == len) /* a file of another size differs without a read */
        rc = equal_stream(fd, path, -1, NULL, data, len, same, err);
    close(fd);
    return rc;
}

enum csa_rc fsio_same_files(const char *a, const char *b, int *same, struct csa_error *err)
{
    int fa, fb = -1;
    off_t sa = 0, sb = 0;
    *same = 0;
    enum csa_rc rc = open_regular(a, 0, 0, &fa, &sa, err);
    if (rc == CSA_OK && fa >= 0)
        rc = open_regular(b, 0, 0, &fb, &sb, err);
    if (rc == CSA_OK && fa >= 0 && fb >= 0 && sa == sb)
        rc = equal_stream(fa, a, fb, b, NULL, 0, same, err);
    if (fa >= 0)
        close(fa);
    if (fb >= 0)
        close(fb);
    return rc;
}

/* ---- the temporary file --------------------------------------------------------------- */

struct tmpfile {
    char *path; /* owned */
    int fd;
};

/* Creates a new, empty temporary file in target's folder, under a name no other writer
 * uses: this process's id and a counter shared by its threads, and O_EXCL to be sure. */
static enum csa_rc tmp_create(const char *target, struct tmpfile *t, struct csa_error *err)
{
    static atomic_uint seq;
    char *dir = fsio_parent(target);
    t->path = NULL;
    t->fd = -1;
    for (int tries = 0; t->fd < 0 && tries < 100; tries++) {
        free(t->path);
        t->path = fsio_joinf(dir, ".csa.%ld.%u.tmp", (long)getpid(), atomic_fetch_add(&seq, 1));
        t->fd = open(t->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (t->fd < 0 && errno != EEXIST)
            break;
    }
    int e = errno;
    free(dir);
    if (t->fd >= 0)
        return CSA_OK;
    enum csa_rc rc = sys_fail(err, target, "create file", e);
    free(t->path);
    t->path = NULL;
    return rc;
}

/* Closes and removes the temporary file; harmless when already closed. */
static void tmp_abort(struct tmpfile *t)
{
    if (t->fd >= 0)
        close(t->fd);
    unlink(t->path);
    free(t->path);
    t->path = NULL;
    t->fd = -1;
}

/* Writes all len bytes at data to fd; returns 0 or the errno of the failure. */
static int write_all(int fd, const char *data, size_t len)
{
    for (size_t off = 0; off < len;) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return w < 0 ? errno : EIO;
        off += (size_t)w;
    }
    return 0;
}

/* Flushes and closes the temporary file, renames it over target and flushes the folder.
 * The temporary file is gone afterwards, whatever happens. */
static enum csa_rc tmp_commit(struct tmpfile *t, const char *target, struct csa_error *err)
{
    int e = fsync(t->fd) != 0 ? errno : 0;
    if (close(t->fd) != 0 && e == 0)
        e = errno;
    t->fd = -1;
    fault_point("fsio-before-rename");
    if (e == 0 && rename(t->path, target) != 0)
        e = errno;
    if (e != 0) {
        tmp_abort(t);
        return sys_fail(err, target, "write file", e);
    }
    free(t->path);
    t->path = NULL;
    char *dir = fsio_parent(target);
    enum csa_rc rc = fsio_sync_dir(dir, err);
    free(dir);
    return rc;
}

/* ---- writing -------------------------------------------------------------------------- */

enum csa_rc fsio_write(const char *path, const void *data, size_t len, struct csa_error *err)
{
    struct tmpfile t;
    enum csa_rc rc = tmp_create(path, &t, err);
    if (rc != CSA_OK)
        return rc;
    int e = write_all(t.fd, data, len);
    if (e != 0) {
        tmp_abort(&t);
        return sys_fail(err, path, "write file", e);
    }
    return tmp_commit(&t, path, err);
}

enum csa_rc fsio_write_if_changed(const char *path, const void *data, size_t len,
                                  int *changed, struct csa_error *err)
{
    int same = 0;
    if (changed)
        *changed = 0;
    enum csa_rc rc = fsio_same_bytes(path, data, len, &same, err);
    if (rc != CSA_OK || same)
        return rc;
    rc = fsio_write(path, data, len, err);
    if (changed)
        *changed = rc == CSA_OK;
    return rc;
}

/* Whether the regular file name in folder dfd holds exactly the len bytes at data (a link
 * or anything else there does not); 0 when not, 1 when so, -1 with errno on a read error. */
static int same_at(int dfd, const char *name, const void *data, size_t len)
{
    int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT || errno == ELOOP ? 0 : -1;
    struct stat st;
    int same = 0;
    struct csa_error ignored = {0};
    if (fstat(fd, &st) != 0)
        same = -1;
    else if (S_ISREG(st.st_mode) && (size_t)st.st_size == len &&
             equal_stream(fd, name, -1, NULL, data, len, &same, &ignored) != CSA_OK)
        same = -1;
    int e = errno;
    close(fd);
    errno = e;
    return same;
}

enum csa_rc fsio_write_in(const char *dir, const char *name, const void *data, size_t len,
                          int *changed, struct csa_error *err)
{
    static atomic_uint seq;
    if (changed)
        *changed = 0;
    char *target = fsio_join(dir, name);
    enum csa_rc rc = CSA_OK;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    if (dfd < 0) {
        int e = errno;
        if ((e == ELOOP || e == ENOTDIR) && lstat(dir, &st) == 0)
            rc = csa_fail(err, CSA_EENV, dir, 0, "%s",
                          S_ISLNK(st.st_mode) ? "it is a symbolic link, not followed"
                                              : "it is not a folder");
        else
            rc = sys_fail(err, dir, "open folder", e);
        free(target);
        return rc;
    }
    int same = same_at(dfd, name, data, len);
    if (same < 0)
        rc = sys_fail(err, target, "read file", errno);
    if (same != 0)
        goto out;
    char tmp[64];
    int fd = -1;
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        snprintf(tmp, sizeof tmp, ".csa.%ld.%u.tmp", (long)getpid(), atomic_fetch_add(&seq, 1));
        fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        rc = sys_fail(err, target, "create file", errno);
        goto out;
    }
    int e = write_all(fd, data, len);
    if (e == 0 && fsync(fd) != 0)
        e = errno;
    if (close(fd) != 0 && e == 0)
        e = errno;
    fault_point("fsio-before-rename");
    /* renameat replaces whatever is called name, a link too, without following it */
    if (e == 0 && renameat(dfd, tmp, dfd, name) != 0)
        e = errno;
    if (e != 0) {
        unlinkat(dfd, tmp, 0);
        rc = sys_fail(err, target, "write file", e);
        goto out;
    }
    if (changed)
        *changed = 1;
    if (fsync(dfd) != 0 && errno != EINVAL)
        rc = sys_fail(err, dir, "flush folder", errno);
out:
    close(dfd);
    free(target);
    return rc;
}

enum csa_rc fsio_copy(const char *src, const char *dst, struct csa_error *err)
{
    int in;
    off_t size;
    enum csa_rc rc = open_regular(src, 0, 1, &in, &size, err);
    if (rc != CSA_OK)
        return rc;
    struct tmpfile t;
    if ((rc = tmp_create(dst, &t, err)) != CSA_OK) {
        close(in);
        return rc;
    }
    char chunk[CHUNK];
    ssize_t n = 0;
    int e = 0;
    while (e == 0 && (n = read_full(in, chunk, sizeof chunk)) > 0)
        e = write_all(t.fd, chunk, (size_t)n);
    if (e == 0 && n < 0)
        rc = sys_fail(err, src, "read file", errno);
    close(in);
    if (e != 0)
        rc = sys_fail(err, dst, "write file", e);
    if (rc != CSA_OK) {
        tmp_abort(&t);
        return rc;
    }
    return tmp_commit(&t, dst, err);
}

enum csa_rc fsio_rename_new(const char *from, const char *to, int *taken, struct csa_error *err)
{
    *taken = 0;
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return CSA_OK;
    int e = errno;
    if (e == EINVAL || e == ENOSYS) { /* a file system without RENAME_NOREPLACE */
        if (link(from, to) == 0) {
            if (unlink(from) == 0)
                return CSA_OK;
            e = errno;
            unlink(to);
        } else {
            e = errno;
        }
    }
    if (e == EEXIST || e == ENOTEMPTY || e == ENOENT) {
        *taken = e == ENOENT ? -1 : 1;
        return CSA_OK;
    }
    return csa_fail(err, CSA_EENV, from, 0, "could not move it to %s: %s", to, strerror(e));
}

/* ---- folders -------------------------------------------------------------------------- */

/* Creates the one folder path whose parent exists, flushing the parent; a folder already
 * there is fine, anything else there is not. */
static enum csa_rc make_one(const char *path, struct csa_error *err)
{
    if (mkdir(path, 0777) == 0) {
        char *up = fsio_parent(path);
        enum csa_rc rc = fsio_sync_dir(up, err);
        free(up);
        return rc;
    }
    int e = errno;
    struct stat st;
    if (e == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return CSA_OK;
    return sys_fail(err, path, "create folder", e == EEXIST ? ENOTDIR : e);
}

enum csa_rc fsio_mkdirs(const char *dir, struct csa_error *err)
{
    struct stat st;
    if (dir[0] == '\0' || (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)))
        return CSA_OK;
    char *p = xstrdup(dir);
    enum csa_rc rc = CSA_OK;
    /* each prefix that ends a name, from the top down: "a", "a/b", "a/b/c" */
    for (size_t i = 1; rc == CSA_OK && p[i - 1] != '\0'; i++) {
        if ((p[i] != '/' && p[i] != '\0') || p[i - 1] == '/')
            continue;
        char c = p[i];
        p[i] = '\0';
        rc = make_one(p, err);
        p[i] = c;
    }
    free(p);
    return rc;
}

enum csa_rc fsio_sync_dir(const char *dir, struct csa_error *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return sys_fail(err, dir, "open folder", errno);
    int e = fsync(fd) != 0 && errno != EINVAL ? errno : 0;
    close(fd);
    return e ? sys_fail(err, dir, "flush folder", e) : CSA_OK;
}
