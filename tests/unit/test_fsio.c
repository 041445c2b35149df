/* test_fsio.c: fsio, the one place csa writes files: joins that never cut a long path, byte
 * comparisons at their edges, atomic writes that leave the old file whole when they fail
 * (a folder in the way, a file-size limit, a crash before the rename), writes that leave an
 * unchanged file alone, and durable copies. No database. */
#include "support.h"

#include "csa/buf.h"
#include "csa/fsio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The whole content of path (malloc'd, NUL-terminated), or NULL when it cannot be opened. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *s = calloc(1, 1 << 20);
    assert_non_null(s);
    size_t n = fread(s, 1, (1 << 20) - 1, f);
    s[n] = '\0';
    fclose(f);
    return s;
}

static void assert_file_holds(const char *path, const char *want)
{
    char *got = slurp(path);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

/* How many entries folder dir has besides "." and "..". */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* Asserts err names file (unless NULL) and says "could not WHAT: " and the words of errno e. */
static void assert_failed(const struct csa_error *err, const char *file, const char *what, int e)
{
    char want[256];
    snprintf(want, sizeof want, "could not %s: %s", what, strerror(e));
    assert_int_equal(err->code, CSA_EENV);
    if (file)
        assert_string_equal(err->file, file);
    assert_string_equal(err->msg, want);
}

/* A new empty folder under the test folder, holding one file "doc" with text. */
static const char *folder_with_doc(const char *name, const char *text)
{
    const char *dir = test_tmp(name);
    assert_int_equal(mkdir(dir, 0777), 0);
    char *doc = fsio_join(dir, "doc");
    FILE *f = fopen(doc, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(doc);
    return dir;
}

/* ---- paths ---------------------------------------------------------------------------- */

static void test_join_puts_exactly_one_slash_between_folder_and_name(void **state)
{
    (void)state;
    const char *cases[][3] = {
        {"out", "2024", "out/2024"},   {"out/", "2024", "out/2024"}, {"out//", "/2024", "out/2024"},
        {"/", "x", "/x"},              {"", "x", "x"},               {"a/b", "c.md", "a/b/c.md"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = fsio_join(cases[i][0], cases[i][1]);
        assert_string_equal(got, cases[i][2]);
        free(got);
    }
    char *got = fsio_joinf("q/", "%s.errors", "sub.xml");
    assert_string_equal(got, "q/sub.xml.errors");
    free(got);
}

static void test_join_of_paths_longer_than_4096_bytes_keeps_every_byte(void **state)
{
    (void)state;
    size_t n = 5000;
    char *dir = malloc(n + 1), *name = malloc(n + 1);
    memset(dir, 'd', n);
    memset(name, 'n', n);
    dir[n] = name[n] = '\0';
    char *got = fsio_join(dir, name);
    assert_int_equal(strlen(got), 2 * n + 1);
    assert_memory_equal(got, dir, n);
    assert_int_equal(got[n], '/');
    assert_string_equal(got + n + 1, name);
    free(got);
    got = fsio_joinf(dir, "%s.%d", name, 7);
    assert_int_equal(strlen(got), 2 * n + 3);
    assert_string_equal(got + 2 * n + 1, ".7");
    free(got);
    free(dir);
    free(name);
}

static void test_beside_names_a_sibling_folder_as_the_run_command_did(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"work/inbox", "work/archive"}, {"work/inbox/", "work/archive"}, {"/inbox", "/archive"},
        {"inbox", "archive"},           {"/a//inbox//", "/a/archive"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = fsio_beside(cases[i][0], "archive");
        assert_string_equal(got, cases[i][1]);
        free(got);
    }
}

static void test_parent_of_a_bare_name_is_the_current_folder(void **state)
{
    (void)state;
    const char *cases[][2] = {{"a/b", "a"}, {"/b", "/"}, {"b", "."}, {"a/b/", "a"}, {"a//b", "a"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = fsio_parent(cases[i][0]);
        assert_string_equal(got, cases[i][1]);
        free(got);
    }
}

/* ---- comparing ------------------------------------------------------------------------ */

static void test_same_bytes_is_true_only_for_equal_content(void **state)
{
    (void)state;
    const char *path = test_write("cmp.txt", "hello, world\n");
    struct csa_error err = {0};
    int same = -1;
    assert_int_equal(fsio_same_bytes(path, "hello, world\n", 13, &same, &err), CSA_OK);
    assert_int_equal(same, 1);
    assert_int_equal(fsio_same_bytes(path, "hello, World\n", 13, &same, &err), CSA_OK);
    assert_int_equal(same, 0);
    assert_int_equal(fsio_same_bytes(path, "hello, world", 12, &same, &err), CSA_OK);
    assert_int_equal(same, 0);
    assert_int_equal(fsio_same_bytes(path, "hello, world\n\n", 14, &same, &err), CSA_OK);
    assert_int_equal(same, 0);
    assert_int_equal(fsio_same_bytes(test_tmp("no-such"), "", 0, &same, &err), CSA_OK);
    assert_int_equal(same, 0);
    assert_int_equal(fsio_same_bytes(test_write("empty.txt", ""), NULL, 0, &same, &err), CSA_OK);
    assert_int_equal(same, 1);
}

static void test_same_bytes_streams_files_larger_than_one_chunk(void **state)
{
    (void)state;
    size_t n = 200000;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
    big[n] = '\0';
    const char *path = test_write("big.txt", big);
    struct csa_error err = {0};
    int same = 0;
    assert_int_equal(fsio_same_bytes(path, big, n, &same, &err), CSA_OK);
    assert_int_equal(same, 1);
    big[n - 1] = '!'; /* the last byte of the last chunk */
    assert_int_equal(fsio_same_bytes(path, big, n, &same, &err), CSA_OK);
    assert_int_equal(same, 0);
    free(big);
}

static void test_same_files_for_equal_different_other_length_and_missing(void **state)
{
    (void)state;
    const char *a = test_write("a.txt", "the same bytes");
    const char *b = test_write("b.txt", "the same bytes");
    const char *c = test_write("c.txt", "the same bytez");
    const char *d = test_write("d.txt", "the same bytes, and more");
    const char *none = test_tmp("missing.txt");
    struct csa_error err = {0};
    int same = -1;
    assert_int_equal(fsio_same_files(a, b, &same, &err), CSA_OK);
    assert_int_equal(same, 1);
    assert_int_equal(fsio_same_files(a, c, &same, &err), CSA_OK);
    assert_int_equal(same, 0);
    assert_int_equal(fsio_same_files(a, d, &same, &err), CSA_OK);
    assert_int_equal(same, 0);
    assert_int_equal(fsio_same_files(a, none, &same, &err), CSA_OK);
    assert_int_equal(same, 0);
    assert_int_equal(fsio_same_files(none, a, &same, &err), CSA_OK);
    assert_int_equal(same, 0);
}

/* ---- writing -------------------------------------------------------------------------- */

static void test_write_replaces_the_file_and_leaves_no_temporary_file(void **state)
{
    (void)state;
    const char *dir = folder_with_doc("w-ok", "old\n");
    char *doc = fsio_join(dir, "doc");
    struct csa_error err = {0};
    int changed = 0;
    assert_int_equal(fsio_write_if_changed(doc, "new\n", 4, &changed, &err), CSA_OK);
    assert_int_equal(changed, 1);
    assert_file_holds(doc, "new\n");
    assert_int_equal(entries(dir), 1);
    free(doc);
}

static void test_write_when_unchanged_leaves_the_mtime_alone(void **state)
{
    (void)state;
    const char *dir = folder_with_doc("w-same", "same\n");
    char *doc = fsio_join(dir, "doc");
    struct timespec old[2] = {{.tv_sec = 1000000000}, {.tv_sec = 1000000000}};
    assert_int_equal(utimensat(AT_FDCWD, doc, old, 0), 0);
    struct csa_error err = {0};
    int changed = -1;
    assert_int_equal(fsio_write_if_changed(doc, "same\n", 5, &changed, &err), CSA_OK);
    assert_int_equal(changed, 0);
    struct stat st;
    assert_int_equal(stat(doc, &st), 0);
    assert_int_equal(st.st_mtime, 1000000000);
    assert_int_equal(entries(dir), 1);
    free(doc);
}

static void test_write_onto_a_folder_fails_and_leaves_nothing_behind(void **state)
{
    (void)state;
    const char *dir = folder_with_doc("w-dir", "old\n");
    char *target = fsio_join(dir, "in-the-way");
    assert_int_equal(mkdir(target, 0777), 0);
    struct csa_error err = {0};
    assert_int_equal(fsio_write(target, "x", 1, &err), CSA_EENV);
    assert_failed(&err, target, "write file", EISDIR);
    assert_int_equal(entries(dir), 2); /* doc and the folder, no temporary file */
    free(target);
}

static void test_write_cut_short_by_a_size_limit_keeps_the_old_content(void **state)
{
    (void)state;
    const char *dir = folder_with_doc("w-limit", "old\n");
    char *doc = fsio_join(dir, "doc");
    struct rlimit was;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
    struct rlimit small = {.rlim_cur = 100, .rlim_max = was.rlim_max};
    void (*sig)(int) = signal(SIGXFSZ, SIG_IGN); /* so write fails with EFBIG */
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    char big[1000];
    memset(big, 'x', sizeof big);
    struct csa_error err = {0};
    enum csa_rc rc = fsio_write(doc, big, sizeof big, &err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
    signal(SIGXFSZ, sig);
    assert_int_equal(rc, CSA_EENV);
    assert_failed(&err, doc, "write file", EFBIG);
    assert_file_holds(doc, "old\n");
    assert_int_equal(entries(dir), 1);
    free(doc);
}

static void test_write_into_a_missing_folder_names_the_file_and_the_reason(void **state)
{
    (void)state;
    char *doc = fsio_join(test_tmp("no-such-folder"), "doc");
    struct csa_error err = {0};
    assert_int_equal(fsio_write(doc, "x", 1, &err), CSA_EENV);
    assert_failed(&err, doc, "create file", ENOENT);
    free(doc);
}

static void test_a_crash_before_the_rename_leaves_the_old_content_whole(void **state)
{
    (void)state;
    const char *dir = folder_with_doc("w-crash", "old\n");
    char *doc = fsio_join(dir, "doc");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setenv("CSA_FAULT", "fsio-before-rename", 1);
        fsio_write(doc, "new\n", 4, NULL);
        _exit(0); /* not reached: the fault point kills the child */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGKILL);
    assert_file_holds(doc, "old\n");
    struct csa_error err = {0}; /* and the next write goes through */
    assert_int_equal(fsio_write(doc, "new\n", 4, &err), CSA_OK);
    assert_file_holds(doc, "new\n");
    free(doc);
}

/* ---- copying and folders -------------------------------------------------------------- */

static void test_copy_keeps_every_byte_and_leaves_no_temporary_file(void **state)
{
    (void)state;
    size_t n = 100003;
    char *bytes = malloc(n);
    for (size_t i = 0; i < n; i++)
        bytes[i] = (char)(i * 7 % 256); /* NULs and all */
    const char *from = test_tmp("copy-from");
    struct csa_error err = {0};
    assert_int_equal(fsio_write(from, bytes, n, &err), CSA_OK);
    const char *dir = test_tmp("copy-to");
    assert_int_equal(fsio_mkdirs(dir, &err), CSA_OK);
    char *to = fsio_join(dir, "copy");
    assert_int_equal(fsio_copy(from, to, &err), CSA_OK);
    int same = 0;
    assert_int_equal(fsio_same_bytes(to, bytes, n, &same, &err), CSA_OK);
    assert_int_equal(same, 1);
    assert_int_equal(entries(dir), 1);
    free(to);
    free(bytes);
}

static void test_copy_refuses_a_symbolic_link(void **state)
{
    (void)state;
    const char *real = test_write("real.txt", "x");
    const char *link = test_tmp("link.txt");
    assert_int_equal(symlink(real, link), 0);
    char *to = fsio_join(test_tmp(""), "copied.txt");
    struct csa_error err = {0};
    assert_int_equal(fsio_copy(link, to, &err), CSA_EENV);
    assert_string_equal(err.file, link);
    assert_int_equal(access(to, F_OK), -1);
    free(to);
}

static void test_mkdirs_creates_every_missing_parent(void **state)
{
    (void)state;
    char *deep = fsio_join(test_tmp("m"), "a//b/c/");
    struct csa_error err = {0};
    assert_int_equal(fsio_mkdirs(deep, &err), CSA_OK);
    struct stat st;
    assert_int_equal(stat(deep, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(fsio_mkdirs(deep, &err), CSA_OK); /* again: nothing to do */
    free(deep);
}

static void test_mkdirs_through_a_file_says_not_a_folder(void **state)
{
    (void)state;
    const char *file = test_write("plain", "x");
    char *below = fsio_join(file, "sub");
    struct csa_error err = {0};
    assert_int_equal(fsio_mkdirs(below, &err), CSA_EENV);
    assert_failed(&err, file, "create folder", ENOTDIR);
    free(below);
}

static void test_mkdirs_of_a_path_too_long_for_the_system_is_refused_not_cut(void **state)
{
    (void)state;
    /* "long/x/../x/../...": every prefix exists once "x" does, the whole is over PATH_MAX */
    char *path = xstrdup(test_tmp("long"));
    for (int i = 0; i < 2000; i++) {
        char *longer = fsio_join(path, i % 2 ? ".." : "x");
        free(path);
        path = longer;
    }
    assert_true(strlen(path) > 4096);
    struct csa_error err = {0};
    assert_int_equal(fsio_mkdirs(path, &err), CSA_EENV);
    assert_failed(&err, NULL, "create folder", ENAMETOOLONG);
    free(path);
}

static void test_write_in_never_writes_through_a_link(void **state)
{
    (void)state;
    struct csa_error err = {0};
    char *dir = fsio_join(test_tmp("wi"), "receipts"), *other = fsio_join(test_tmp("wi"), "x");
    char *target = fsio_join(other, "r.receipt"), *precious = fsio_join(test_tmp("wi"), "p");
    assert_int_equal(fsio_mkdirs(other, &err), CSA_OK);
    /* a link in place of the folder: refused, nothing written where it points */
    assert_int_equal(symlink(other, dir), 0);
    int changed = 1;
    assert_int_equal(fsio_write_in(dir, "r.receipt", "ok\n", 3, &changed, &err), CSA_EENV);
    assert_string_equal(err.msg, "it is a symbolic link, not followed");
    assert_string_equal(err.file, dir);
    assert_int_equal(changed, 0);
    assert_int_equal(access(target, F_OK), -1);
    /* a link in place of the file: replaced by the file, what it points at untouched */
    assert_int_equal(unlink(dir), 0);
    assert_int_equal(fsio_mkdirs(dir, &err), CSA_OK);
    assert_int_equal(fsio_write(precious, "keep", 4, &err), CSA_OK);
    char *at = fsio_join(dir, "r.receipt");
    assert_int_equal(symlink(precious, at), 0);
    assert_int_equal(fsio_write_in(dir, "r.receipt", "ok\n", 3, &changed, &err), CSA_OK);
    assert_int_equal(changed, 1);
    struct stat st;
    assert_int_equal(lstat(at, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    int same = 0;
    assert_int_equal(fsio_same_bytes(precious, "keep", 4, &same, &err), CSA_OK);
    assert_int_equal(same, 1);
    /* the same bytes again: not written */
    assert_int_equal(fsio_write_in(dir, "r.receipt", "ok\n", 3, &changed, &err), CSA_OK);
    assert_int_equal(changed, 0);
    free(at);
    free(dir);
    free(other);
    free(target);
    free(precious);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_in_never_writes_through_a_link),
        cmocka_unit_test(test_join_puts_exactly_one_slash_between_folder_and_name),
        cmocka_unit_test(test_join_of_paths_longer_than_4096_bytes_keeps_every_byte),
        cmocka_unit_test(test_beside_names_a_sibling_folder_as_the_run_command_did),
        cmocka_unit_test(test_parent_of_a_bare_name_is_the_current_folder),
        cmocka_unit_test(test_same_bytes_is_true_only_for_equal_content),
        cmocka_unit_test(test_same_bytes_streams_files_larger_than_one_chunk),
        cmocka_unit_test(test_same_files_for_equal_different_other_length_and_missing),
        cmocka_unit_test(test_write_replaces_the_file_and_leaves_no_temporary_file),
        cmocka_unit_test(test_write_when_unchanged_leaves_the_mtime_alone),
        cmocka_unit_test(test_write_onto_a_folder_fails_and_leaves_nothing_behind),
        cmocka_unit_test(test_write_cut_short_by_a_size_limit_keeps_the_old_content),
        cmocka_unit_test(test_write_into_a_missing_folder_names_the_file_and_the_reason),
        cmocka_unit_test(test_a_crash_before_the_rename_leaves_the_old_content_whole),
        cmocka_unit_test(test_copy_keeps_every_byte_and_leaves_no_temporary_file),
        cmocka_unit_test(test_copy_refuses_a_symbolic_link),
        cmocka_unit_test(test_mkdirs_creates_every_missing_parent),
        cmocka_unit_test(test_mkdirs_through_a_file_says_not_a_folder),
        cmocka_unit_test(test_mkdirs_of_a_path_too_long_for_the_system_is_refused_not_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
