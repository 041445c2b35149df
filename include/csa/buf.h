/* buf.h: a growable byte buffer, always NUL-terminated after its len bytes.
 *
 * Used for file contents, generated SQL parameters and rendered documents. A zeroed
 * struct buf is a valid empty buffer. Allocation failure aborts: this is a batch tool,
 * and there is no useful way to go on without memory. */
#ifndef CSA_BUF_H
#define CSA_BUF_H

#include <stddef.h>

struct buf {
    char *data; /* owned; NULL while empty */
    size_t len;
    size_t cap;
};

/* Makes room for n more bytes (plus the terminating NUL). */
void buf_reserve(struct buf *b, size_t n);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Empties b but keeps its memory. */
void buf_reset(struct buf *b);
/* Frees b's memory and leaves it empty; harmless on an empty buffer. */
void buf_free(struct buf *b);
/* Returns the contents as a C string ("" when empty); valid until b changes. */
const char *buf_str(const struct buf *b);

/* Malloc that aborts on failure, and its friends. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
