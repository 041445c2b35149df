/* uniq.c: equal keys by sorting (see uniq.h). */
#include "csa/uniq.h"

#include <stdlib.h>
#include <string.h>

/* Orders by number, then string (NULL first), so that equal keys sit side by side. */
static int key_cmp(long num, const char *str, const struct uniq_key *k)
{
    if (num != k->num)
        return num < k->num ? -1 : 1;
    if (str == NULL || k->str == NULL)
        return (str != NULL) - (k->str != NULL);
    return strcmp(str, k->str);
}

/* Equal keys in item order, so the first of a run is the lowest item (qsort is not stable). */
static int by_key_then_item(const void *a, const void *b)
{
    const struct uniq_key *x = a, *y = b;
    int c = key_cmp(x->num, x->str, y);
    if (c != 0)
        return c;
    return x->item < y->item ? -1 : x->item > y->item;
}

void uniq_init(struct uniq *u, struct uniq_key *keys, size_t n)
{
    u->keys = keys;
    u->n = n;
    if (n > 1)
        qsort(keys, n, sizeof *keys, by_key_then_item);
}

void uniq_free(struct uniq *u)
{
    free(u->keys);
    u->keys = NULL;
    u->n = 0;
}

/* The first position in u whose key is not less than (num, str) (after == 0), or greater than
 * it (after == 1): binary search, so a key shared by thousands of items costs no more. */
static size_t bound(const struct uniq *u, long num, const char *str, int after)
{
    size_t lo = 0, hi = u->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(num, str, &u->keys[mid]);
        if (after ? c >= 0 : c > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t uniq_first(const struct uniq *u, long num, const char *str, size_t *count)
{
    size_t lo = bound(u, num, str, 0), end = bound(u, num, str, 1);
    if (count)
        *count = end - lo;
    return end > lo ? u->keys[lo].item : UNIQ_NONE;
}
