/* error.c: filling and printing struct csa_error (see error.h). */
#include "csa/error.h"
#include "csa/buf.h"

#include <stdarg.h>
#include <string.h>

enum csa_rc csa_fail(struct csa_error *err, enum csa_rc code, const char *file, long line,
                     const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void csa_error_clear(struct csa_error *err)
{
    if (err != NULL)
        memset(err, 0, sizeof *err);
}

void csa_error_format(struct buf *b, const struct csa_error *err)
{
    if (err->file[0] && err->line > 0)
        buf_printf(b, "%s:%ld: error: %s\n", err->file, err->line, err->msg);
    else if (err->file[0])
        buf_printf(b, "%s: error: %s\n", err->file, err->msg);
    else
        buf_printf(b, "csa: error: %s\n", err->msg);
}

void csa_error_print(FILE *f, const struct csa_error *err)
{
    struct buf b = {0};
    csa_error_format(&b, err);
    fputs(buf_str(&b), f);
    buf_free(&b);
}
