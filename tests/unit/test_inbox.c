/* test_inbox.c: moving files out of the inbox: a free name, the next "NAME.N" when another
 * file (or a link) holds the name, a move finished after a crash, a file replaced since it was
 * read left alone; claiming into the processing folder and putting back; the settle rule with a
 * modification time in the future. No database. */
#include "support.h"

#include "csa/fsio.h"
#include "csa/inbox.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

/* An inbox folder named name holding "sub.xml" with text; returns the file's path (freed by
 * the caller). */
static char *inbox_with(const char *name, const char *text)
{
    struct csa_error err = {0};
    char *dir = fsio_join(test_tmp(name), "inbox");
    assert_int_equal(fsio_mkdirs(dir, &err), CSA_OK);
    char *path = fsio_join(dir, "sub.xml");
    assert_int_equal(fsio_write(path, text, strlen(text), &err), CSA_OK);
    free(dir);
    return path;
}

/* Asserts the file at path holds exactly text. */
static void assert_holds(const char *path, const char *text)
{
    struct csa_error err = {0};
    int same = 0;
    assert_int_equal(fsio_same_bytes(path, text, strlen(text), &same, &err), CSA_OK);
    assert_int_equal(same, 1);
}

static void test_a_file_moves_under_its_own_name_into_a_new_folder(void **state)
{
    (void)state;
    char *path = inbox_with("m1", "one");
    const char *archive = test_tmp("m1/archive");
    char *dest = NULL;
    struct csa_error err = {0};
    assert_int_equal(inbox_move_to(path, archive, "sub.xml", NULL, &dest, &err), CSA_OK);
    char *want = fsio_join(archive, "sub.xml");
    assert_string_equal(dest, want);
    assert_int_equal(access(path, F_OK), -1);
    assert_holds(dest, "one");
    free(want);
    free(dest);
    free(path);
}

static void test_a_different_file_of_the_same_name_sends_it_to_name_dot_1(void **state)
{
    (void)state;
    char *path = inbox_with("m2", "new");
    const char *archive = test_tmp("m2/archive");
    struct csa_error err = {0};
    char *taken = fsio_join(archive, "sub.xml");
    assert_int_equal(fsio_mkdirs(archive, &err), CSA_OK);
    assert_int_equal(fsio_write(taken, "old", 3, &err), CSA_OK);
    char *dest = NULL;
    assert_int_equal(inbox_move_to(path, archive, "sub.xml", NULL, &dest, &err), CSA_OK);
    char *want = fsio_join(archive, "sub.xml.1");
    assert_string_equal(dest, want);
    assert_holds(taken, "old");
    free(want);
    free(dest);
    free(taken);
    free(path);
}

static void test_a_copy_left_by_a_crash_is_kept_and_the_inbox_file_removed(void **state)
{
    (void)state;
    char *path = inbox_with("m3", "same");
    const char *archive = test_tmp("m3/archive");
    struct csa_error err = {0};
    char *done = fsio_join(archive, "sub.xml");
    assert_int_equal(fsio_mkdirs(archive, &err), CSA_OK);
    assert_int_equal(fsio_copy(path, done, &err), CSA_OK);
    char *dest = NULL;
    assert_int_equal(inbox_move_to(path, archive, "sub.xml", NULL, &dest, &err), CSA_OK);
    assert_string_equal(dest, done);
    assert_int_equal(access(path, F_OK), -1);
    free(dest);
    free(done);
    free(path);
}

static void test_a_link_at_the_destination_is_never_taken_for_the_file(void **state)
{
    (void)state;
    char *path = inbox_with("m4", "same");
    const char *archive = test_tmp("m4/archive");
    struct csa_error err = {0};
    char *link = fsio_join(archive, "sub.xml");
    assert_int_equal(fsio_mkdirs(archive, &err), CSA_OK);
    /* archive/sub.xml points at a file of the very same bytes */
    assert_int_equal(fsio_write(test_tmp("m4/copy"), "same", 4, &err), CSA_OK);
    assert_int_equal(symlink(test_tmp("m4/copy"), link), 0);
    char *dest = NULL;
    assert_int_equal(inbox_move_to(path, archive, "sub.xml", NULL, &dest, &err), CSA_OK);
    char *want = fsio_join(archive, "sub.xml.1");
    assert_string_equal(dest, want);
    assert_holds(dest, "same");
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    free(want);
    free(dest);
    free(link);
    free(path);
}

static void test_a_file_replaced_since_it_was_read_does_not_move(void **state)
{
    (void)state;
    char *path = inbox_with("m5", "read");
    struct stat read;
    assert_int_equal(lstat(path, &read), 0);
    struct csa_error err = {0};
    char *other = fsio_join(test_tmp("m5"), "other");
    assert_int_equal(fsio_write(other, "new", 3, &err), CSA_OK);
    assert_int_equal(rename(other, path), 0); /* another inode at the same name */
    char *dest = NULL;
    assert_int_equal(inbox_move_to(path, test_tmp("m5/archive"), "sub.xml", &read, &dest, &err),
                     CSA_EENV);
    assert_null(dest);
    assert_non_null(strstr(err.msg, "another file took its place"));
    assert_holds(path, "new");
    free(other);
    free(path);
}

/* Finds name among the n entries of v. */
static struct inbox_entry *entry(struct inbox_entry *v, size_t n, const char *name, int claimed)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0 && v[i].claimed == claimed)
            return &v[i];
    fail_msg("%s not listed", name);
    return NULL;
}

static void test_claimed_files_are_listed_and_a_namesake_waits(void **state)
{
    (void)state;
    struct csa_error err = {0};
    char *dir = fsio_join(test_tmp("c1"), "inbox");
    char *a = fsio_join(dir, "a.xml"), *b = fsio_join(dir, "b.xml");
    assert_int_equal(fsio_mkdirs(dir, &err), CSA_OK);
    assert_int_equal(fsio_write(a, "a", 1, &err), CSA_OK);
    assert_int_equal(fsio_write(b, "b", 1, &err), CSA_OK);
    time_t later = time(NULL) + 60;
    struct inbox_entry *v;
    size_t n;
    assert_int_equal(inbox_scan(dir, NULL, 0, 5, later, &v, &n, &err), CSA_OK);
    assert_int_equal(n, 2);
    assert_int_equal(inbox_claim(dir, v, n, &err), CSA_OK);
    assert_true(v[0].claimed && v[1].claimed);
    assert_non_null(strstr(v[0].path, "/" INBOX_PROCESSING "/a.xml"));
    assert_int_equal(access(a, F_OK), -1);
    /* a run killed now: the next scan lists both claimed, and a new a.xml waits */
    assert_int_equal(fsio_write(a, "a2", 2, &err), CSA_OK);
    inbox_free(v, n);
    assert_int_equal(inbox_scan(dir, NULL, 0, 5, later, &v, &n, &err), CSA_OK);
    assert_int_equal(n, 3);
    assert_int_equal(entry(v, n, "a.xml", 1)->kind, INBOX_FILE);
    assert_int_equal(entry(v, n, "a.xml", 0)->kind, INBOX_WAITING);
    assert_int_equal(entry(v, n, "b.xml", 1)->kind, INBOX_FILE);
    /* a file put back only when its name is free in the inbox */
    assert_int_equal(inbox_unclaim(dir, entry(v, n, "a.xml", 1), &err), CSA_OK);
    assert_int_equal(entry(v, n, "a.xml", 1)->claimed, 1);
    struct inbox_entry *eb = entry(v, n, "b.xml", 1);
    assert_int_equal(inbox_unclaim(dir, eb, &err), CSA_OK);
    assert_int_equal(eb->claimed, 0);
    assert_holds(b, "b");
    inbox_free(v, n);
    free(a);
    free(b);
    free(dir);
}

static void test_a_future_modification_time_settles_by_the_change_time(void **state)
{
    (void)state;
    struct csa_error err = {0};
    char *dir = fsio_join(test_tmp("f1"), "inbox");
    char *a = fsio_join(dir, "a.xml");
    assert_int_equal(fsio_mkdirs(dir, &err), CSA_OK);
    assert_int_equal(fsio_write(a, "a", 1, &err), CSA_OK);
    struct utimbuf t = {.actime = time(NULL) + 86400, .modtime = time(NULL) + 86400};
    assert_int_equal(utime(a, &t), 0);
    struct inbox_entry *v;
    size_t n;
    /* the scan's clock is the file's own change time, so the test does not depend on how
     * much time passes on this machine between the two calls */
    struct stat st;
    assert_int_equal(stat(a, &st), 0);
    /* just changed (its ctime is now): waits */
    assert_int_equal(inbox_scan(dir, NULL, 0, 5, st.st_ctime, &v, &n, &err), CSA_OK);
    assert_int_equal(v[0].kind, INBOX_WAITING);
    inbox_free(v, n);
    /* left alone for the settle time: taken, though its mtime is still a day ahead */
    assert_int_equal(inbox_scan(dir, NULL, 0, 5, st.st_ctime + 10, &v, &n, &err), CSA_OK);
    assert_int_equal(v[0].kind, INBOX_FILE);
    inbox_free(v, n);
    free(a);
    free(dir);
}

static void test_a_link_in_place_of_the_processing_folder_is_refused(void **state)
{
    (void)state;
    struct csa_error err = {0};
    char *dir = fsio_join(test_tmp("p1"), "inbox");
    char *a = fsio_join(dir, "a.xml"), *proc = fsio_join(dir, INBOX_PROCESSING);
    assert_int_equal(fsio_mkdirs(dir, &err), CSA_OK);
    assert_int_equal(fsio_write(a, "a", 1, &err), CSA_OK);
    assert_int_equal(symlink(test_tmp("p1"), proc), 0);
    struct inbox_entry *v;
    size_t n;
    /* the scan lists nothing through it, and claiming will not use it */
    assert_int_equal(inbox_scan(dir, NULL, 0, 0, time(NULL) + 60, &v, &n, &err), CSA_EENV);
    assert_non_null(strstr(err.msg, "something other than a folder is in the way"));
    struct inbox_entry one = {.name = xstrdup("a.xml"), .path = xstrdup(a), .kind = INBOX_FILE};
    assert_int_equal(inbox_claim(dir, &one, 1, &err), CSA_EENV);
    assert_non_null(strstr(err.msg, "something other than a folder is in the way"));
    assert_holds(a, "a");
    free(one.name);
    free(one.path);
    free(a);
    free(proc);
    free(dir);
}

/* Writes text at dir/rel, dated an hour ago. */
static void put(const char *dir, const char *rel, const char *text)
{
    struct csa_error err = {0};
    char *path = fsio_join(dir, rel), *up = fsio_parent(path);
    assert_int_equal(fsio_mkdirs(up, &err), CSA_OK);
    assert_int_equal(fsio_write(path, text, strlen(text), &err), CSA_OK);
    struct utimbuf t = {.actime = time(NULL) - 3600, .modtime = time(NULL) - 3600};
    assert_int_equal(utime(path, &t), 0);
    free(up);
    free(path);
}

static struct inbox_entry *keyed(struct inbox_entry *v, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].key, key) == 0)
            return &v[i];
    fail_msg("%s not listed", key);
    return NULL;
}

static void test_partnership_folders_are_listed_by_key_and_claimed_apart(void **state)
{
    (void)state;
    static const char *const codes[] = {"ashford", "canterbury", "swale"};
    struct csa_error err = {0};
    char *dir = fsio_join(test_tmp("pf"), "inbox");
    put(dir, "r.xml", "inbox");
    put(dir, "ashford/r.xml", "ashford");
    put(dir, "swale/r.xml", "swale");
    put(dir, "ashford/receipts/y.xml", "never");
    put(dir, "other/z.xml", "never");
    put(dir, "canterbury", "a file named like a folder");
    put(dir, "swale/~$r.xlsx", "Excel's lock file while r.xlsx is open");
    struct inbox_entry *v;
    size_t n;
    assert_int_equal(inbox_scan(dir, codes, 3, 5, time(NULL), &v, &n, &err), CSA_OK);
    assert_int_equal(n, 6);
    assert_string_equal(v[0].key, "ashford/r.xml");
    assert_int_equal(keyed(v, n, "swale/~$r.xlsx")->kind, INBOX_SKIPPED);
    assert_string_equal(keyed(v, n, "swale/~$r.xlsx")->why,
                        "an Office lock file (its name starts with \"~$\"): the workbook is "
                        "open in Excel; not processed");
    assert_string_equal(v[0].folder, "ashford");
    assert_string_equal(v[0].name, "r.xml");
    assert_int_equal(v[0].kind, INBOX_FILE);
    assert_int_equal(keyed(v, n, "canterbury")->kind, INBOX_SKIPPED);
    assert_string_equal(keyed(v, n, "other")->why,
                        "folder not named by a partnership code of the register, not processed");
    assert_null(keyed(v, n, "r.xml")->folder);
    assert_int_equal(inbox_claim(dir, v, n, &err), CSA_OK);
    char *want = fsio_join(dir, INBOX_PROCESSING "/swale/r.xml");
    assert_string_equal(keyed(v, n, "swale/r.xml")->path, want);
    assert_holds(want, "swale");
    free(want);
    inbox_free(v, n);
    /* a run killed now: the next scan finds each claim in its folder's name space */
    assert_int_equal(inbox_scan(dir, codes, 3, 5, time(NULL), &v, &n, &err), CSA_OK);
    assert_int_equal(n, 6);
    struct inbox_entry *s = keyed(v, n, "swale/r.xml");
    assert_true(s->claimed);
    assert_string_equal(s->folder, "swale");
    assert_true(keyed(v, n, "ashford/r.xml")->claimed && keyed(v, n, "r.xml")->claimed);
    /* and a file put back goes back into its own folder */
    assert_int_equal(inbox_unclaim(dir, s, &err), CSA_OK);
    want = fsio_join(dir, "swale/r.xml");
    assert_string_equal(s->path, want);
    assert_holds(want, "swale");
    free(want);
    inbox_free(v, n);
    free(dir);
}

static void test_a_link_in_place_of_a_partnership_folder_is_not_entered(void **state)
{
    (void)state;
    static const char *const codes[] = {"swale"};
    struct csa_error err = {0};
    char *dir = fsio_join(test_tmp("pl"), "inbox"), *link = fsio_join(dir, "swale");
    char *elsewhere = fsio_join(test_tmp("pl"), "elsewhere");
    put(elsewhere, "swale-2011.xml", "outside");
    assert_int_equal(fsio_mkdirs(dir, &err), CSA_OK);
    assert_int_equal(symlink(elsewhere, link), 0);
    struct inbox_entry *v;
    size_t n;
    assert_int_equal(inbox_scan(dir, codes, 1, 5, time(NULL), &v, &n, &err), CSA_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].key, "swale");
    assert_int_equal(v[0].kind, INBOX_SKIPPED);
    assert_string_equal(v[0].why, "symbolic link, not followed");
    inbox_free(v, n);
    free(dir);
    free(link);
    free(elsewhere);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partnership_folders_are_listed_by_key_and_claimed_apart),
        cmocka_unit_test(test_a_link_in_place_of_a_partnership_folder_is_not_entered),
        cmocka_unit_test(test_a_file_moves_under_its_own_name_into_a_new_folder),
        cmocka_unit_test(test_a_different_file_of_the_same_name_sends_it_to_name_dot_1),
        cmocka_unit_test(test_a_copy_left_by_a_crash_is_kept_and_the_inbox_file_removed),
        cmocka_unit_test(test_a_link_at_the_destination_is_never_taken_for_the_file),
        cmocka_unit_test(test_a_file_replaced_since_it_was_read_does_not_move),
        cmocka_unit_test(test_claimed_files_are_listed_and_a_namesake_waits),
        cmocka_unit_test(test_a_future_modification_time_settles_by_the_change_time),
        cmocka_unit_test(test_a_link_in_place_of_the_processing_folder_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
