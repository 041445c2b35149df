/* read.h: reading an input file, plain or gzip-compressed, into memory with a size cap.
 *
 * The first stage of the pipeline. It decides plain versus gzip by the magic bytes, never
 * by the name, refuses more than a given number of bytes once inflated (gzip bombs), and
 * reports a truncated or corrupt gzip stream instead of loading half a file. */
#ifndef CSA_READ_H
#define CSA_READ_H

#include "csa/buf.h"
#include "csa/error.h"

#include <stddef.h>
#include <sys/stat.h>
#include <zlib.h>

/* The default cap on a submission or register once inflated. */
#define CSA_MAX_INPUT_BYTES (16u * 1024u * 1024u)

/* Reads the whole of path (read_open, following a link a person named on the command line)
 * into *out, inflating gzip, refusing more than max_bytes of content.
 * *was_gzip (may be NULL) says whether the file was compressed. On success the caller owns
 * out->data (buf_free). On failure *out is empty and err says why, with the file's name. */
enum csa_rc read_file(const char *path, size_t max_bytes, struct buf *out, int *was_gzip,
                      struct csa_error *err);

/* Opens path for reading as one regular file, without ever blocking: O_NONBLOCK (a FIFO does
 * not wait for a writer), O_CLOEXEC, and with nofollow O_NOFOLLOW (a symbolic link is refused,
 * never followed). Then fstat()s the descriptor, so what is checked is what is read. On
 * success *fd is the caller's (read_fd closes it) and *st (may be NULL) its fstat. On failure
 * *fd is -1, err says why (CSA_EENV) and st->st_mode tells what was there: 0 when nothing
 * could be opened (missing, permission denied), S_IFLNK for a link not followed, else the
 * type fstat found (a folder, a FIFO, a device). */
enum csa_rc read_open(const char *path, int nofollow, int *fd, struct stat *st,
                      struct csa_error *err);

/* read_file from a descriptor read_open gave (path only names it in messages). fd is closed
 * whatever happens. */
enum csa_rc read_fd(int fd, const char *path, size_t max_bytes, struct buf *out, int *was_gzip,
                    struct csa_error *err);

/* Says in words why reading gz failed (truncated, corrupt, or the file system's error) into
 * msg, without zlib's path prefix. Returns CSA_EENV for a file system error (a folder given as
 * a file, an I/O error), CSA_EINVALID for bad gzip data. Call before gzclose. */
enum csa_rc read_gz_error(gzFile gz, const char *path, char *msg, size_t size);

/* Deflates data into *out with zlib (the stored copy of a submission's original bytes). */
enum csa_rc read_deflate(const char *data, size_t len, struct buf *out, struct csa_error *err);

#endif
