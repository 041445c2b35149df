/* resource.h: files compiled into the binary (the XSDs and the SQL migrations and queries).
 *
 * cmake/embed.cmake turns sql/ and the XSDs of etl/ into a generated C file, so the csa binary runs
 * from anywhere without looking for its own support files, and a build always carries the
 * schema its code was written against. */
#ifndef CSA_RESOURCE_H
#define CSA_RESOURCE_H

#include <stddef.h>

struct csa_resource {
    const char *name;   /* path relative to the source tree, e.g. "sql/schema/001_schema.sql" */
    const char *data;   /* NUL-terminated */
    size_t len;
    const char *sha256; /* of the len bytes, 64 lower-case hex digits */
};

/* The named resource, or NULL. */
const struct csa_resource *resource_get(const char *name);

/* Fills out with up to max resources whose names start with prefix, sorted by name; returns
 * how many there are in all. */
size_t resource_list(const char *prefix, const struct csa_resource **out, size_t max);

#endif
