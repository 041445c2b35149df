/* json.c: JSON string escaping, key/value and list helpers (see json.h). */
#include "csa/json.h"
#include "csa/utf8.h"

#include <string.h>

void json_str(struct buf *b, const char *s)
{
    if (s == NULL) {
        buf_puts(b, "null");
        return;
    }
    buf_putc(b, '"');
    size_t n = strlen(s);
    for (size_t at = 0; at < n;) {
        unsigned long cp;
        size_t len = utf8_decode(s + at, n - at, &cp);
        if (len == 0) { /* not UTF-8: shown as the text \xHH, never passed on */
            buf_printf(b, "\\\\x%02X", (unsigned char)s[at]);
            at++;
            continue;
        }
        switch (cp) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default:
            /* every C0 control, and the two separators JavaScript reads as line ends */
            if (cp < 0x20 || cp == 0x2028 || cp == 0x2029)
                buf_printf(b, "\\u%04lx", cp);
            else
                buf_append(b, s + at, len);
        }
        at += len;
    }
    buf_putc(b, '"');
}

void json_key(struct buf *b, const char *key, int first)
{
    if (!first)
        buf_putc(b, ',');
    json_str(b, key);
    buf_putc(b, ':');
}

void json_kv(struct buf *b, const char *key, const char *value, int first)
{
    json_key(b, key, first);
    json_str(b, value);
}

void json_strings(struct buf *b, const char *const *v, size_t n)
{
    buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(b, ',');
        json_str(b, v[i]);
    }
    buf_putc(b, ']');
}

void json_list(struct buf *b, const char *key, const void *items, size_t n, size_t size,
               void (*put)(struct buf *b, const void *item))
{
    json_key(b, key, 0);
    buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        buf_puts(b, i ? ",{" : "{");
        put(b, (const char *)items + i * size);
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
}
