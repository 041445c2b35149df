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
    csa_error_set_file(err, file);
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void csa_error_set_file(struct csa_error *err, const char *file)
{
    size_t n = file ? strlen(file) : 0, room = sizeof err->file - 1;
    if (n <= room) {
        memcpy(err->file, file ? file : "", n + 1);
        return;
    }
    n = room - 3;
    while (n > 0 && ((unsigned char)file[n] & 0xC0) == 0x80) /* not inside a character */
        n--;
    memcpy(err->file, file, n);
    memcpy(err->file + n, "...", 4);
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
