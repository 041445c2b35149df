/* support.c: shared test helpers (see support.h). */
#define _XOPEN_SOURCE 700 /* nftw with FTW_DEPTH */
#include "support.h"
#include "json_check.h"

#include "csa/cmd.h"
#include "csa/cli.h"
#include "csa/db.h"
#include "csa/migrate.h"
#include "csa/xml.h"

#include <fcntl.h>
#include <minizip/unzip.h>
#include <ftw.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *test_path(const char *rel)
{
    static char bufs[8][1024];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", CSA_SOURCE_DIR, rel);
    return b;
}

struct csa_register *test_kent(void)
{
    xml_init();
    struct csa_register *r = NULL;
    struct diags d = {0};
    struct csa_error err = {0};
    enum csa_rc rc = register_load(test_path("etl/counties/kent.xml"), &r, &d, &err);
    if (rc != CSA_OK) {
        cli_print_diags("kent.xml", &d);
        cli_print_error(&err);
    }
    assert_int_equal(rc, CSA_OK);
    diags_free(&d);
    return r;
}

const char *test_db_conninfo(void)
{
    const char *c = getenv("CSA_TEST_DB");
    if (c == NULL || !*c)
        fail_msg("CSA_TEST_DB is not set: run the tests through scripts/test.sh, which starts "
                 "a throwaway PostgreSQL cluster");
    return c;
}

PGconn *test_db_fresh(void)
{
    struct csa_error err = {0};
    PGconn *c = db_connect(test_db_conninfo(), &err);
    if (c == NULL)
        fail_msg("cannot reach the test database: %s", err.msg);
    assert_int_equal(db_exec(c, "DROP SCHEMA IF EXISTS csa CASCADE", &err), CSA_OK);
    assert_int_equal(migrate_database(c, NULL, &err), CSA_OK);
    return c;
}

char *test_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

long test_scalar(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1) {
        fprintf(stderr, "query failed: %s: %s", sql, PQresultErrorMessage(r));
        PQclear(r);
        fail();
    }
    long v = atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

static char *slurp_fd(int fd)
{
    size_t len = 0, cap = 4096;
    char *s = malloc(cap);
    lseek(fd, 0, SEEK_SET);
    ssize_t n;
    while ((n = read(fd, s + len, cap - len - 1)) > 0) {
        len += (size_t)n;
        if (cap - len < 2)
            s = realloc(s, cap *= 2);
    }
    s[len] = '\0';
    return s;
}

int test_csa(char **out, char **err, ...)
{
    char *argv[64] = {"csa"};
    int argc = 1;
    va_list ap;
    va_start(ap, err);
    for (const char *a; argc < 63 && (a = va_arg(ap, const char *)) != NULL;)
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    char tout[] = "/tmp/csa-test-out-XXXXXX", terr[] = "/tmp/csa-test-err-XXXXXX";
    int fo = mkstemp(tout), fe = mkstemp(terr);
    assert_true(fo >= 0 && fe >= 0);
    fflush(stdout);
    fflush(stderr);
    int so = dup(1), se = dup(2);
    dup2(fo, 1);
    dup2(fe, 2);
    int rc = csa_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(so, 1);
    dup2(se, 2);
    close(so);
    close(se);
    if (out)
        *out = slurp_fd(fo);
    if (err)
        *err = slurp_fd(fe);
    close(fo);
    close(fe);
    unlink(tout);
    unlink(terr);
    return rc;
}

static char test_dir[64];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* The temporary folder goes when the test program ends, whatever it held. */
static void remove_test_dir(void)
{
    if (test_dir[0])
        nftw(test_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *test_tmp(const char *name)
{
    static char paths[16][1024]; /* rotating, so a few paths can be held at once */
    static int next;
    char *path = paths[next++ % 16];
    if (!test_dir[0]) {
        snprintf(test_dir, sizeof test_dir, "/tmp/csa-test-XXXXXX");
        assert_non_null(mkdtemp(test_dir));
        atexit(remove_test_dir);
    }
    snprintf(path, sizeof paths[0], "%s/%s", test_dir, name);
    return path;
}

const char *test_write(const char *name, const char *text)
{
    const char *path = test_tmp(name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

int test_json_parses(const char *text)
{
    return json_check(text);
}

char *test_unzip(const char *path, const char *name)
{
    unzFile z = unzOpen(path);
    if (z == NULL)
        fail_msg("%s is not a zip file", path);
    char *text = NULL;
    if (unzLocateFile(z, name, 1) == UNZ_OK) {
        unz_file_info info;
        assert_int_equal(unzGetCurrentFileInfo(z, &info, NULL, 0, NULL, 0, NULL, 0), UNZ_OK);
        text = malloc(info.uncompressed_size + 1);
        assert_int_equal(unzOpenCurrentFile(z), UNZ_OK);
        int n = unzReadCurrentFile(z, text, (unsigned)info.uncompressed_size);
        assert_int_equal(n, (int)info.uncompressed_size);
        assert_int_equal(unzCloseCurrentFile(z), UNZ_OK); /* checks the CRC */
        text[n] = '\0';
    }
    unzClose(z);
    return text;
}
