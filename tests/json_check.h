/* json_check.h: whether a text is one well-formed JSON value (RFC 8259's grammar; white space
 * around it allowed, nesting up to 64 deep). Says nothing of UTF-8: check that apart
 * (utf8_valid). */
#ifndef CSA_TEST_JSON_CHECK_H
#define CSA_TEST_JSON_CHECK_H

/* 1 when text (NUL-terminated; NULL is not JSON) is exactly one JSON value, else 0. */
int json_check(const char *text);

#endif
