/* diag.c: per-file list of errors and warnings (see diag.h). */
#include "csa/diag.h"
#include "csa/buf.h"

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
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    d->v[d->n] = (struct diag){.level = level, .line = line, .msg = xstrdup(tmp), .seq = d->n};
    d->n++;
}

int diags_has(const struct diags *d, long line, const char *msg)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].line == line && strcmp(d->v[i].msg, msg) == 0)
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

void diags_format(struct buf *b, const char *file, const struct diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const char *lvl = d->v[i].level == DIAG_ERROR ? "error" : "warning";
        if (d->v[i].line > 0)
            buf_printf(b, "%s:%ld: %s: %s\n", file, d->v[i].line, lvl, d->v[i].msg);
        else
            buf_printf(b, "%s: %s: %s\n", file, lvl, d->v[i].msg);
    }
    size_t shown = d->n, total = d->errors + d->warnings;
    if (total > shown)
        buf_printf(b, "%s: note: %zu more problems not shown\n", file, total - shown);
}

void diags_free(struct diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->v[i].msg);
    free(d->v);
    memset(d, 0, sizeof *d);
}
