/* support.h: helpers shared by the cmocka tests: fixture paths, the Kent register, a fresh
 * database on the throwaway cluster, and running the csa command line with its output
 * captured. */
#ifndef CSA_TEST_SUPPORT_H
#define CSA_TEST_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "csa/register.h"

#include <libpq-fe.h>

/* SRC/rel, in one of a few rotating static buffers. */
const char *test_path(const char *rel);

/* The Kent register of etl/counties/kent.xml; fails the test if it does not load. */
struct csa_register *test_kent(void);

/* A connection to CSA_TEST_DB with an empty csa schema, migrated. Fails the test (never
 * skips) when CSA_TEST_DB is unset or the database cannot be reached. */
PGconn *test_db_fresh(void);

/* The conninfo of the test database (CSA_TEST_DB). */
const char *test_db_conninfo(void);

/* Runs csa_main on the NULL-terminated argument list; its stdout and stderr are returned in
 * *out and *err (malloc'd, caller frees; either may be NULL to discard). Returns the exit code. */
int test_csa(char **out, char **err, ...);

/* The whole file at path, NUL-terminated (malloc'd, caller frees); fails the test when it
 * cannot be read. */
char *test_slurp(const char *path);

/* The entry name of the zip file at path (minizip's unz* API), NUL-terminated (malloc'd,
 * caller frees); NULL when the zip has no such entry. Fails the test when path is no zip. */
char *test_unzip(const char *path, const char *name);

/* Runs sql and returns the first column of the first row as a long (fails the test on error). */
long test_scalar(PGconn *c, const char *sql);

/* The path of name under this process's temporary folder (created on first use), in one of
 * the same 16 rotating buffers; nothing is written. */
const char *test_tmp(const char *name);

/* Writes text to a file under this process's temporary folder and returns its path (one of
 * 16 rotating static buffers). */
const char *test_write(const char *name, const char *text);

/* Whether text is exactly one JSON value (RFC 8259), white space around it allowed. */
int test_json_parses(const char *text);

#endif
