/* resource.c: lookup of the files embedded at build time (see resource.h). */
#include "csa/resource.h"

#include <string.h>

extern const struct csa_resource csa_resources[]; /* generated: resources.c */

const struct csa_resource *resource_get(const char *name)
{
    for (const struct csa_resource *r = csa_resources; r->name; r++)
        if (strcmp(r->name, name) == 0)
            return r;
    return NULL;
}

size_t resource_list(const char *prefix, const struct csa_resource **out, size_t max)
{
    size_t n = 0, plen = strlen(prefix);
    for (const struct csa_resource *r = csa_resources; r->name; r++) {
        if (strncmp(r->name, prefix, plen) != 0)
            continue;
        if (n < max) {
            /* insertion sort by name: there are a few dozen resources at most */
            size_t i = n;
            while (i > 0 && strcmp(out[i - 1]->name, r->name) > 0) {
                out[i] = out[i - 1];
                i--;
            }
            out[i] = r;
        }
        n++;
    }
    return n;
}
