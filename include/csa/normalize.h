/* normalize.h: the wording comparison of county.md, and suggestions for unmapped wordings.
 *
 * A district wording matches a register term when both normalise to the same string:
 * case folded, runs of white space collapsed, dash and quote variants unified, "&" read as
 * "and", trailing punctuation dropped. Nothing fuzzy ever maps a wording; the similarity
 * score below only ranks suggestions shown to a person. */
#ifndef CSA_NORMALIZE_H
#define CSA_NORMALIZE_H

#include <stddef.h>

/* Returns the normalised form of s in a new string the caller frees. */
char *normalize_wording(const char *s);

/* Similarity of two normalised wordings in [0, 1]: 1 for equal, 0 for nothing in common.
 * Word overlap (Dice) blended with character bigram overlap, so that both "ASB" versus
 * "anti-social behaviour" style re-wordings and small spelling slips rank sensibly. */
double normalize_similarity(const char *a, const char *b);

#endif
