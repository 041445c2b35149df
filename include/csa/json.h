/* json.h: the few JSON writing primitives csa needs (strings escaped per RFC 8259).
 *
 * Used to hand a parsed submission or register to PostgreSQL in one statement, and for
 * `csa counts --format json`. Output is deterministic: callers choose key order. */
#ifndef CSA_JSON_H
#define CSA_JSON_H

#include "csa/buf.h"

#include <stddef.h>

/* Appends s as a JSON string, or null when s is NULL. The output is always valid UTF-8: every
 * C0 control (and U+2028, U+2029) is written \\uXXXX, and a byte of s that is not part of a
 * valid UTF-8 character is written as the text \\xHH (JSON "\\\\xE1"), as csa shows it. */
void json_str(struct buf *b, const char *s);
/* Appends "key": (with a leading comma unless first) */
void json_key(struct buf *b, const char *key, int first);
/* Appends "key":"value" or "key":null, with a leading comma unless first. */
void json_kv(struct buf *b, const char *key, const char *value, int first);

/* Appends the n strings of v as a JSON array. */
void json_strings(struct buf *b, const char *const *v, size_t n);

/* Appends ,"key":[{...},{...}]: an object for each of the n items of the array items (each
 * size bytes), whose members put() writes, the first with json_kv(..., 1) or the like. */
void json_list(struct buf *b, const char *key, const void *items, size_t n, size_t size,
               void (*put)(struct buf *b, const void *item));

#endif
