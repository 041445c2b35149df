/* test_conninfo.c: a database connection string never reaches the user's screen or the cron
 * log with its password: a malformed one is refused without its contents (exit 3), and a
 * failed connection names where it tried but not the password. No server is needed: every
 * string here is either malformed or points at a socket folder that does not exist. */
#include "support.h"

#include "csa/db.h"

#include <stdlib.h>
#include <string.h>

#define PREFIX "the database connection string (--db or CSA_DB) is not valid: "

/* Connects to conninfo, which must fail; returns err's message (static). */
static const char *connect_fails(const char *conninfo)
{
    static struct csa_error err;
    memset(&err, 0, sizeof err);
    PGconn *c = db_connect(conninfo, &err);
    assert_null(c);
    assert_int_equal(err.code, CSA_EENV);
    return err.msg;
}

static void test_a_malformed_string_is_refused_without_its_words(void **state)
{
    (void)state;
    const char *msg = connect_fails("host=/nonexistent password=Pw9 oops");
    assert_string_equal(msg, PREFIX "missing \"=\" after \"...\" in connection info string");
    msg = connect_fails("host=/nonexistent password=Pw9oops dbname");
    assert_null(strstr(msg, "Pw9"));
    msg = connect_fails("password='Pw9 unterminated");
    assert_string_equal(msg, PREFIX "unterminated quoted string in connection info string");
    msg = connect_fails("Pw9=x");
    assert_string_equal(msg, PREFIX "invalid connection option \"...\"");
}

static void test_a_malformed_uri_is_refused_without_its_words(void **state)
{
    (void)state;
    /* libpq quotes the whole URI in this one */
    const char *msg = connect_fails("postgresql://u:Pw9@[::1/db");
    assert_null(strstr(msg, "Pw9"));
    assert_non_null(strstr(msg, PREFIX));
    msg = connect_fails("postgresql://u:Pw9@/db?host=/nonexistent&Pw9");
    assert_null(strstr(msg, "Pw9"));
    assert_non_null(strstr(msg, PREFIX));
}

static void test_a_failed_connection_names_the_socket_but_not_the_password(void **state)
{
    (void)state;
    const char *msg = connect_fails("postgresql://u:Pw9@/db?host=/nonexistent");
    assert_null(strstr(msg, "Pw9"));
    assert_non_null(strstr(msg, "could not connect to the database: "));
    assert_non_null(strstr(msg, "/nonexistent/.s.PGSQL.5432"));
    msg = connect_fails("host=/nonexistent user=u password=Pw9 dbname=db");
    assert_null(strstr(msg, "Pw9"));
}

static void test_a_password_echoed_in_another_field_is_written_as_stars(void **state)
{
    (void)state;
    const char *msg = connect_fails("host=/nonexistent-Pw9 password=Pw9");
    assert_null(strstr(msg, "Pw9"));
    assert_non_null(strstr(msg, "/nonexistent-***/.s.PGSQL.5432"));
}

static void test_the_command_line_says_it_once_and_exits_3(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    int rc = test_csa(&out, &err, "db", "migrate", "--db", "host=/nonexistent password=Pw9 oops",
                      NULL);
    assert_int_equal(rc, 3);
    assert_string_equal(err, "csa: error: " PREFIX
                             "missing \"=\" after \"...\" in connection info string\n");
    assert_string_equal(out, "");
    free(out);
    free(err);
    /* the same string through CSA_DB */
    setenv("CSA_DB", "postgresql://u:Pw9@[::1/db", 1);
    rc = test_csa(&out, &err, "db", "migrate", NULL);
    unsetenv("CSA_DB");
    assert_int_equal(rc, 3);
    assert_null(strstr(err, "Pw9"));
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_malformed_string_is_refused_without_its_words),
        cmocka_unit_test(test_a_malformed_uri_is_refused_without_its_words),
        cmocka_unit_test(test_a_failed_connection_names_the_socket_but_not_the_password),
        cmocka_unit_test(test_a_password_echoed_in_another_field_is_written_as_stars),
        cmocka_unit_test(test_the_command_line_says_it_once_and_exits_3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
