/* planyear.h: how a plan year is written. A plan year runs from 1 April of its start year to
 * 31 March of the next, and is written "2011/12" (or "2011-12" in a title): the start year in
 * full, then the last two digits of the year after it, so 1999 is "1999/00".
 *
 * Pure functions, no allocation except into a caller's struct buf: the caller owns every
 * buffer it passes. Reading a plan year written by a district is validate.c's job. */
#ifndef CSA_PLANYEAR_H
#define CSA_PLANYEAR_H

#include "csa/buf.h"

#include <stddef.h>

/* Room for any plan year's label, "-2147483648/47" and its NUL included. */
#define PLANYEAR_LABEL_MAX 16

/* The last two digits of the year after `year`, 0 to 99: 2011 -> 12, 1999 -> 0. Defined for
 * every int, INT_MAX and negative years included. */
int planyear_short_next(int year);

/* Writes the label of the plan year starting in `year` into s (n bytes, truncated to fit,
 * always NUL-terminated when n > 0): "2011/12" when sep is '/', "2011-12" when it is '-'.
 * Returns s. */
const char *planyear_label(int year, char sep, char *s, size_t n);

/* Appends the label "2011/12" of the plan year starting in `year` to b. */
void planyear_put(struct buf *b, int year);

#endif
