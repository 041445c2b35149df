/* planyear.c: the "2011/12" label of a plan year (see planyear.h). */
#include "csa/planyear.h"

#include <stdio.h>

int planyear_short_next(int year)
{
    /* in long long, so the year after INT_MAX does not overflow; the second % 100 keeps a
     * negative year's digits positive */
    return (int)((((long long)year + 1) % 100 + 100) % 100);
}

const char *planyear_label(int year, char sep, char *s, size_t n)
{
    if (s == NULL || n == 0)
        return "";
    snprintf(s, n, "%d%c%02d", year, sep, planyear_short_next(year));
    return s;
}

void planyear_put(struct buf *b, int year)
{
    char s[PLANYEAR_LABEL_MAX];
    buf_puts(b, planyear_label(year, '/', s, sizeof s));
}
