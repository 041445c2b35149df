/* utf8.h: UTF-8 as csa meets it: checked before it reaches PostgreSQL (which refuses invalid
 * UTF-8), cut only between characters, and shown safely.
 *
 * Pure functions over (pointer, length); nothing allocates except into a caller's struct buf.
 * "Valid" is RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
 * U+10FFFF. NUL is a valid character here; callers that hold C strings never see one. */
#ifndef CSA_UTF8_H
#define CSA_UTF8_H

#include "csa/buf.h"

#include <stddef.h>

/* The length of the longest prefix of s[0..n) made of whole valid characters: n when all of
 * s is valid UTF-8, else the offset of the first bad byte (or of a character cut short). */
size_t utf8_valid_prefix(const char *s, size_t n);

/* Whether s[0..n) is valid UTF-8. */
int utf8_valid(const char *s, size_t n);

/* The largest length <= max at which s[0..n) can be cut without splitting a character: the
 * cut never falls on a continuation byte. When max >= n, returns n. */
size_t utf8_cut(const char *s, size_t n, size_t max);

/* Copies s[0..n) into dst (size bytes, at least 4) as a C string. When it does not fit whole
 * it is cut at a character boundary and ends in "...", so a cut never splits a character and
 * never passes unseen. Returns 1 when it was cut, else 0. */
int utf8_copy(char *dst, size_t size, const char *s, size_t n);

/* Appends s[0..n) to b for showing on a terminal, in a log or in a one-line message: valid
 * printable text as it is; each invalid byte as \xHH; C0 controls, DEL, C1 controls and the
 * bidirectional controls (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) as \u{HHHH};
 * a backslash as \\. So one string can never forge a line, reorder what follows, or make the
 * output invalid UTF-8. */
void utf8_escape(struct buf *b, const char *s, size_t n);

/* Whether code point cp is one that utf8_escape writes as \u{...}: a control or a
 * bidirectional control. Renderers of HTML and Markdown use it to neutralise the same set. */
int utf8_is_control(unsigned long cp);

/* Decodes the character at s[0..n) (n >= 1) into *cp and returns its length in bytes, or
 * returns 0 when s does not start with a whole valid character. */
size_t utf8_decode(const char *s, size_t n, unsigned long *cp);

#endif
