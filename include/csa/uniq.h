/* uniq.h: which items share a key, found by sorting a copy of their keys (n log n) rather
 * than by comparing every pair (n squared).
 *
 * The validator's rules ask "is this rank already given?", "is this name already in the
 * table?" and "is there a category called this?"; a file of tens of thousands of items must
 * get its answers in milliseconds, so each rule builds one struct uniq and asks it. A key is
 * a number, a string, or both; equal means equal number and equal string (two NULL strings
 * are equal). The caller keeps the strings alive as long as the struct uniq. */
#ifndef CSA_UNIQ_H
#define CSA_UNIQ_H

#include <stddef.h>
#include <stdint.h>

struct uniq_key {
    long num;
    const char *str; /* not owned; may be NULL */
    size_t item;     /* the caller's index of the item this key belongs to */
};

struct uniq {
    struct uniq_key *keys; /* owned, sorted by (num, str, item) */
    size_t n;
};

#define UNIQ_NONE SIZE_MAX

/* Takes ownership of keys (n of them, from malloc; may be NULL when n is 0) and sorts them.
 * Free with uniq_free. */
void uniq_init(struct uniq *u, struct uniq_key *keys, size_t n);
void uniq_free(struct uniq *u); /* harmless on a zeroed or freed struct */

/* The lowest item whose key is (num, str), or UNIQ_NONE when no key is; *count (if not NULL)
 * gets how many items have that key. O(log n). */
size_t uniq_first(const struct uniq *u, long num, const char *str, size_t *count);

#endif
