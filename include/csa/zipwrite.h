/* zipwrite.h: a zip container (an Office Open XML package) written into memory.
 *
 * Used by the Word agreement and the submission workbook. The same parts in the same order
 * always give the same bytes: minizip (zlib's own contrib code, Debian's libminizip-dev)
 * writes every entry stamped 1980-01-01 00:00, deflated at zlib's default level, with no
 * zip64 extras and no comment. */
#ifndef CSA_ZIPWRITE_H
#define CSA_ZIPWRITE_H

#include "csa/buf.h"
#include "csa/error.h"

#include <stddef.h>

/* Replaces *out (owned by the caller) with a zip of the n parts, entry names[i] holding
 * parts[i], in that order. On failure returns CSA_EENV naming the part that failed. */
enum csa_rc zip_pack(const char *const *names, const struct buf *parts, size_t n,
                     struct buf *out, struct csa_error *err);

#endif
