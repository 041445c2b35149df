/* error.c: filling and printing struct csa_error (see error.h). The message is always valid
 * UTF-8 (PostgreSQL refuses anything else, and it reaches the run's ledger): a bad byte in
 * what it quotes is shown as \xHH, and a message too long for err->msg is cut between two
 * characters and ends in "...". */
#include "csa/error.h"
#include "csa/buf.h"
#include "csa/diag.h"
#include "csa/utf8.h"

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
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    struct buf msg = {0};
    buf_reserve(&msg, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(msg.data, (size_t)n + 1, fmt, ap);
    va_end(ap);
    msg.len = (size_t)n;
    if (!utf8_valid(msg.data, msg.len)) {
        struct buf shown = {0};
        utf8_escape(&shown, msg.data, msg.len);
        buf_free(&msg);
        msg = shown;
    }
    utf8_copy(err->msg, sizeof err->msg, buf_str(&msg), msg.len);
    buf_free(&msg);
    return code;
}

void csa_error_set_file(struct csa_error *err, const char *file)
{
    utf8_copy(err->file, sizeof err->file, file ? file : "", file ? strlen(file) : 0);
}

void csa_error_clear(struct csa_error *err)
{
    if (err != NULL)
        memset(err, 0, sizeof *err);
}

void csa_error_format(struct buf *b, const struct csa_error *err)
{
    /* the file as shown: a name that is not UTF-8, or holds a control, cannot garble the line */
    if (err->file[0]) {
        utf8_escape(b, err->file, strlen(err->file));
        if (err->line > 0)
            diag_place(b, err->line);
        buf_printf(b, ": error: %s\n", err->msg);
    } else {
        buf_printf(b, "csa: error: %s\n", err->msg);
    }
}
