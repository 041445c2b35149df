/* output.h: the old names of document writing, kept only for run.c until it calls fsio.h.
 *
 * Writing lives in fsio.h (atomic, folder flushed, only when changed). These two forwarders
 * exist because run.c belongs to another change of issue 8; once run.c calls fsio_mkdirs and
 * fsio_write_if_changed, delete this header. Owns nothing. */
#ifndef CSA_OUTPUT_H
#define CSA_OUTPUT_H

#include "csa/buf.h"
#include "csa/fsio.h"

/* fsio_mkdirs. */
static inline enum csa_rc output_mkdir(const char *dir, struct csa_error *err)
{
    return fsio_mkdirs(dir, err);
}

/* fsio_write_if_changed with the bytes of b. */
static inline enum csa_rc output_write(const char *path, const struct buf *b, int *changed,
                                       struct csa_error *err)
{
    return fsio_write_if_changed(path, b->data, b->len, changed, err);
}

#endif
