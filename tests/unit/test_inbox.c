/* test_inbox.c: moving files out of the inbox: a free name, the next "NAME.N" when another
 * file holds the name, a move finished after a crash, and a caller's buffer too small for the
 * final path refused before anything moves. No database. */
#include "support.h"

#include "csa/fsio.h"
#include "csa/inbox.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_file_moves_under_its_own_name_into_a_new_folder),
        cmocka_unit_test(test_a_different_file_of_the_same_name_sends_it_to_name_dot_1),
        cmocka_unit_test(test_a_copy_left_by_a_crash_is_kept_and_the_inbox_file_removed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
