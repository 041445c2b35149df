/* utf8.c: checking, cutting and escaping UTF-8 (see utf8.h). One decoder serves all three, so
 * what is "valid" is decided in one place. */
#include "csa/utf8.h"

#include <string.h>

size_t utf8_decode(const char *s, size_t n, unsigned long *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len;
    unsigned long c, min;
    if (n == 0)
        return 0;
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    } else if ((p[0] & 0xE0) == 0xC0) {
        len = 2, c = p[0] & 0x1F, min = 0x80;
    } else if ((p[0] & 0xF0) == 0xE0) {
        len = 3, c = p[0] & 0x0F, min = 0x800;
    } else if ((p[0] & 0xF8) == 0xF0) {
        len = 4, c = p[0] & 0x07, min = 0x10000;
    } else {
        return 0; /* a continuation byte, or 0xF8..0xFF */
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0; /* overlong, out of range, or a surrogate */
    *cp = c;
    return len;
}

size_t utf8_valid_prefix(const char *s, size_t n)
{
    size_t at = 0;
    unsigned long cp;
    while (at < n) {
        size_t len = utf8_decode(s + at, n - at, &cp);
        if (len == 0)
            break;
        at += len;
    }
    return at;
}

int utf8_valid(const char *s, size_t n)
{
    return utf8_valid_prefix(s, n) == n;
}

size_t utf8_cut(const char *s, size_t n, size_t max)
{
    if (max >= n)
        return n;
    size_t at = max;
    /* back over continuation bytes to the start of the character that would be split */
    while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
        at--;
    return at;
}

int utf8_copy(char *dst, size_t size, const char *s, size_t n)
{
    if (n < size) {
        memmove(dst, s, n); /* dst may be s itself */
        dst[n] = '\0';
        return 0;
    }
    size_t keep = utf8_cut(s, n, size - 4); /* room for "..." and the NUL */
    memmove(dst, s, keep);
    memcpy(dst + keep, "...", 4);
    return 1;
}

int utf8_is_control(unsigned long cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x061C || cp == 0x200E ||
           cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void utf8_escape(struct buf *b, const char *s, size_t n)
{
    size_t at = 0;
    while (at < n) {
        unsigned long cp;
        size_t len = utf8_decode(s + at, n - at, &cp);
        if (len == 0) {
            buf_printf(b, "\\x%02X", (unsigned char)s[at]);
            at++;
            continue;
        }
        if (cp == '\\')
            buf_puts(b, "\\\\");
        else if (utf8_is_control(cp))
            buf_printf(b, "\\u{%04lX}", cp);
        else
            buf_append(b, s + at, len);
        at += len;
    }
}
