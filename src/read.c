/* read.c: plain or gzip input files into memory, with a cap on inflated size (see read.h).
 *
 * zlib's gzread reads plain files transparently, so one path serves both. A truncated gzip
 * stream is only reported by gzerror/gzclose, so both are checked. */
#include "csa/read.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Submissions are a few kilobytes. Small reads and zlib's default buffers keep every
 * allocation under glibc's mmap threshold: a buffer that is mmap'd and munmap'd per file makes
 * each munmap a TLB shootdown of every thread, which serialises parallel validation. */
enum { READ_CHUNK = 16 * 1024 };

enum csa_rc read_gz_error(gzFile gz, const char *path, char *msg, size_t size)
{
    int zerr = Z_OK;
    int os_errno = errno;
    const char *zmsg = gzerror(gz, &zerr);
    size_t plen = strlen(path);
    if (strncmp(zmsg, path, plen) == 0 && zmsg[plen] == ':') /* zlib prefixes the path */
        zmsg += plen + 1 + strspn(zmsg + plen + 1, " ");
    if (zerr == Z_ERRNO)
        snprintf(msg, size, "%s", strerror(os_errno));
    else if (zerr == Z_BUF_ERROR)
        snprintf(msg, size, "the gzip data is truncated (unexpected end of file)");
    else if (strstr(zmsg, "incorrect data check") || strstr(zmsg, "incorrect length check"))
        snprintf(msg, size, "the gzip data is corrupt (its checksum does not match)");
    else
        snprintf(msg, size, "the gzip data is corrupt (%s)", zmsg);
    return zerr == Z_ERRNO ? CSA_EENV : CSA_EINVALID;
}

/* Reports why gz failed, then closes it. */
static enum csa_rc read_fail_gz(gzFile gz, const char *path, struct buf *out,
                                struct csa_error *err)
{
    char msg[256]; /* gzerror's text belongs to gz and dies with gzclose */
    enum csa_rc rc = read_gz_error(gz, path, msg, sizeof msg);
    gzclose(gz);
    buf_free(out);
    return csa_fail(err, rc, path, 0, "could not read the file: %s", msg);
}

enum csa_rc read_open(const char *path, int nofollow, int *fd, struct stat *st,
                      struct csa_error *err)
{
    struct stat sb;
    if (st == NULL)
        st = &sb;
    memset(st, 0, sizeof *st);
    /* O_NONBLOCK: a FIFO (or a link to one) put where a file was expected must not stop the
     * process in open() waiting for a writer; fstat then says what was opened */
    *fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0));
    if (*fd < 0) {
        int e = errno;
        if (e == ELOOP && nofollow) {
            st->st_mode = S_IFLNK;
            return csa_fail(err, CSA_EENV, path, 0, "symbolic link, not followed");
        }
        return csa_fail(err, CSA_EENV, path, 0, "could not open file: %s", strerror(e));
    }
    int e = fstat(*fd, st) != 0       ? errno
            : S_ISREG(st->st_mode) ? 0
            : S_ISDIR(st->st_mode) ? EISDIR
                                   : -1;
    if (e == 0)
        return CSA_OK;
    close(*fd);
    *fd = -1;
    if (e < 0)
        return csa_fail(err, CSA_EENV, path, 0, "not a regular file, not read");
    return csa_fail(err, CSA_EENV, path, 0, "could not read the file: %s", strerror(e));
}

enum csa_rc read_file(const char *path, size_t max_bytes, struct buf *out, int *was_gzip,
                      struct csa_error *err)
{
    int fd;
    memset(out, 0, sizeof *out);
    enum csa_rc rc = read_open(path, 0, &fd, NULL, err);
    return rc == CSA_OK ? read_fd(fd, path, max_bytes, out, was_gzip, err) : rc;
}

enum csa_rc read_fd(int fd, const char *path, size_t max_bytes, struct buf *out, int *was_gzip,
                    struct csa_error *err)
{
    memset(out, 0, sizeof *out);
    gzFile gz = gzdopen(fd, "rb");
    if (gz == NULL) {
        close(fd);
        return csa_fail(err, CSA_EENV, path, 0, "could not open file: out of memory");
    }
    for (;;) {
        buf_reserve(out, READ_CHUNK);
        int n = gzread(gz, out->data + out->len, READ_CHUNK);
        if (n < 0)
            return read_fail_gz(gz, path, out, err);
        if (n == 0)
            break;
        out->len += (size_t)n;
        out->data[out->len] = '\0';
        if (out->len > max_bytes) {
            gzclose(gz);
            buf_free(out);
            return csa_fail(err, CSA_EINVALID, path, 0,
                            "the file is larger than %zu bytes once decompressed; "
                            "a submission is never this big, so it is refused",
                            max_bytes);
        }
    }
    /* gzread returns 0 at a truncated end too; gzerror tells the two apart */
    int zerr = Z_OK;
    gzerror(gz, &zerr);
    if (zerr != Z_OK)
        return read_fail_gz(gz, path, out, err);
    if (was_gzip)
        *was_gzip = !gzdirect(gz);
    int rc = gzclose(gz);
    if (rc != Z_OK) {
        buf_free(out);
        return csa_fail(err, CSA_EINVALID, path, 0,
                        "could not read the file: the gzip data is truncated or corrupt");
    }
    /* an empty file still gets a terminated buffer; a kept buffer holds no slack (a batch
     * keeps thousands of these until it loads them) */
    buf_reserve(out, 0);
    out->data = xrealloc(out->data, out->len + 1);
    out->cap = out->len + 1;
    return CSA_OK;
}

enum csa_rc read_deflate(const char *data, size_t len, struct buf *out, struct csa_error *err)
{
    memset(out, 0, sizeof *out);
    uLongf cap = compressBound((uLong)len);
    buf_reserve(out, cap);
    int rc = compress2((Bytef *)out->data, &cap, (const Bytef *)data, (uLong)len, 6);
    if (rc != Z_OK) {
        buf_free(out);
        return csa_fail(err, CSA_EENV, NULL, 0, "could not compress a copy of the file (zlib %d)",
                        rc);
    }
    out->len = cap;
    return CSA_OK;
}
