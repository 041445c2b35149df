/* output.c: atomic, write-only-when-changed document output (see output.h). */
#include "csa/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum csa_rc output_mkdir(const char *dir, struct csa_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(path, 0777) != 0 && errno != EEXIST)
                return csa_fail(err, CSA_EENV, path, 0, "could not create folder: %s",
                                strerror(errno));
            *p = c;
            if (c == '\0')
                break;
        }
    }
    return CSA_OK;
}

/* True when path holds exactly the bytes of b. */
static int same_content(const char *path, const struct buf *b)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    int same = 1;
    char chunk[65536];
    size_t off = 0, n;
    while (same && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        same = off + n <= b->len && memcmp(chunk, b->data + off, n) == 0;
        off += n;
    }
    same = same && !ferror(f) && off == b->len;
    fclose(f);
    return same;
}

enum csa_rc output_write(const char *path, const struct buf *b, int *changed,
                         struct csa_error *err)
{
    if (changed)
        *changed = 0;
    if (same_content(path, b))
        return CSA_OK;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return csa_fail(err, CSA_EENV, tmp, 0, "could not create file: %s", strerror(errno));
    size_t off = 0;
    while (off < b->len) {
        ssize_t w = write(fd, b->data + off, b->len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = errno;
            close(fd);
            unlink(tmp);
            return csa_fail(err, CSA_EENV, path, 0, "could not write file: %s", strerror(e));
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return csa_fail(err, CSA_EENV, path, 0, "could not write file: %s", strerror(e));
    }
    if (changed)
        *changed = 1;
    return CSA_OK;
}
