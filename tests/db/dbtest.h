/* dbtest.h: building blocks of the database tests: the Kent sample as a list of files, a
 * variant of a sample with one text replaced, and loading through the command line. */
#ifndef CSA_DBTEST_H
#define CSA_DBTEST_H

#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The test's connection: a fresh, migrated csa schema for every test. */
static PGconn *conn;

static int setup(void **state)
{
    (void)state;
    conn = test_db_fresh();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    PQfinish(conn);
    return 0;
}

static const char *const kent_samples[] = {
    "ashford-2011.xml",           "canterbury-2011.xml",      "dartford-gravesham-2011.xml",
    "dover-2011.xml.gz",          "folkestone-hythe-2011.xml", "maidstone-2011.xml",
    "sevenoaks-2011.xml.gz",      "swale-2011.xml",           "thanet-2011.xml",
    "tonbridge-malling-2011.xml", "tunbridge-wells-2011.xml.gz",
};
#define KENT_SAMPLES (sizeof kent_samples / sizeof *kent_samples)

static inline const char *sample(const char *name)
{
    static char rel[256];
    snprintf(rel, sizeof rel, "etl/samples/kent-2011/%s", name);
    return test_path(rel);
}

/* Loads every Kent sample but those named in skip (NULL-terminated, may be NULL). */
static inline void load_kent_except(const char *const *skip)
{
    for (size_t i = 0; i < KENT_SAMPLES; i++) {
        int skipped = 0;
        for (const char *const *s = skip; s && *s; s++)
            skipped |= strcmp(*s, kent_samples[i]) == 0;
        if (skipped)
            continue;
        char *err = NULL;
        int rc = test_csa(NULL, &err, "--db", test_db_conninfo(), "--county",
                          test_path("etl/counties/kent.xml"), "load", sample(kent_samples[i]),
                          NULL);
        if (rc != 0)
            fprintf(stderr, "%s", err);
        free(err);
        assert_int_equal(rc, 0);
    }
}

/* The maidstone sample with the first occurrence of from replaced by to, written to a new
 * file called name; returns its path. */
static inline const char *maidstone_variant(const char *name, const char *from, const char *to)
{
    FILE *f = fopen(sample("maidstone-2011.xml"), "r");
    assert_non_null(f);
    static char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *at = strstr(text, from);
    assert_non_null(at);
    static char out[65536 + 512];
    snprintf(out, sizeof out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return test_write(name, out);
}

#endif
