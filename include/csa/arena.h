/* arena.h: a region allocator for the many small strings of one parsed document.
 *
 * Everything allocated from an arena lives until arena_free(), which releases it all at
 * once; nothing from an arena is ever freed on its own. A zeroed struct arena is empty. */
#ifndef CSA_ARENA_H
#define CSA_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena {
    struct arena_block *head;
};

void *arena_alloc(struct arena *a, size_t n);        /* zeroed, aligned for any type */
char *arena_strdup(struct arena *a, const char *s);  /* NULL in, NULL out */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);                    /* harmless on an empty arena */

#endif
