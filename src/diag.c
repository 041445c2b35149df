/* diag.c: per-file list of errors and warnings (see diag.h). A message is built whole on the
 * heap and kept valid UTF-8: it is stored with the file (PostgreSQL refuses anything else), so
 * a bad byte in what it quotes is shown as \xHH and an over-long message is cut between two
 * characters, ending in "...". */
#include "csa/diag.h"
#include "csa/buf.h"
#include "csa/cell.h"
#include "csa/utf8.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DIAGS_DEFAULT_MAX 200

void diags_add(struct diags *d, enum diag_level level, long line, const char *fmt, ...)
{
    if (level == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
    size_t max = d->max ? d->max : DIAGS_DEFAULT_MAX;
    if (d->n >= max)
        return;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->v = xrealloc(d->v, d->cap * sizeof *d->v);
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    struct buf msg = {0};
    buf_reserve(&msg, len > 0 ? (size_t)len : 0);
    va_start(ap, fmt);
    vsnprintf(msg.data, (size_t)(len > 0 ? len : 0) + 1, fmt, ap);
    va_end(ap);
    msg.len = len > 0 ? (size_t)len : 0;
    if (!utf8_valid(msg.data, msg.len)) {
        struct buf shown = {0};
        utf8_escape(&shown, msg.data, msg.len);
        buf_free(&msg);
        msg = shown;
    }
    if (msg.len > DIAG_MSG_MAX) /* a value of a megabyte quoted 200 times is not a report */
        utf8_copy(msg.data, DIAG_MSG_MAX + 1, msg.data, msg.len);
    d->v[d->n] = (struct diag){.level = level, .line = line, .msg = xstrdup(buf_str(&msg)),
                               .seq = d->n};
    buf_free(&msg);
    d->n++;
}

int diags_has(const struct diags *d, long line, const char *msg)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].line == line && strcmp(d->v[i].msg, msg) == 0)
            return 1;
    return 0;
}

int diags_at(const struct diags *d, long line)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].line == line)
            return 1;
    return 0;
}

static int by_line(const void *a, const void *b)
{
    const struct diag *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    /* qsort is not stable: on one line, keep the order the problems were found in */
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void diags_sort(struct diags *d)
{
    if (d->n > 1)
        qsort(d->v, d->n, sizeof *d->v, by_line);
}

void diag_place(struct buf *b, long line)
{
    buf_putc(b, ':');
    if (cell_is(line))
        cell_format(b, line);
    else
        buf_printf(b, "%ld", line);
}

void diags_format(struct buf *b, const char *file, const struct diags *d)
{
    /* escaped, so that neither a file name nor a quoted wording can start a line of its own */
    size_t flen = strlen(file);
    for (size_t i = 0; i < d->n; i++) {
        utf8_escape(b, file, flen);
        if (d->v[i].line > 0)
            diag_place(b, d->v[i].line);
        buf_printf(b, ": %s: ", d->v[i].level == DIAG_ERROR ? "error" : "warning");
        utf8_escape(b, d->v[i].msg, strlen(d->v[i].msg));
        buf_putc(b, '\n');
    }
    size_t shown = d->n, total = d->errors + d->warnings;
    if (total > shown) {
        utf8_escape(b, file, flen);
        buf_printf(b, ": note: %zu more problems not shown\n", total - shown);
    }
}

void diags_free(struct diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->v[i].msg);
    free(d->v);
    memset(d, 0, sizeof *d);
}
