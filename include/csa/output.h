/* output.h: writing generated documents safely.
 *
 * A document is written to a temporary file beside its target, flushed to disk and renamed
 * over it, so a reader (or a crash) never sees half a document; and it is not written at all
 * when the file already holds exactly these bytes, so a rerun with nothing new touches
 * nothing. */
#ifndef CSA_OUTPUT_H
#define CSA_OUTPUT_H

#include "csa/buf.h"
#include "csa/error.h"

/* Creates dir (and its parents) when missing. */
enum csa_rc output_mkdir(const char *dir, struct csa_error *err);

/* Makes path hold exactly the bytes of b; *changed (may be NULL) says whether it wrote. */
enum csa_rc output_write(const char *path, const struct buf *b, int *changed,
                         struct csa_error *err);

#endif
