/* test_run.c: the nightly batch, `csa run`, run as the real binary against the real
 * database: where every file ends, what is current, one run at a time, and a run killed at
 * any point (SIGKILL) finished by the next as if nothing had happened. */
#include "dbtest.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

static char root[256]; /* this test's folder: inbox/, archive/, quarantine/, out/ */

static int run_setup(void **state)
{
    setup(state);
    static int k;
    snprintf(root, sizeof root, "/tmp/csa-run-%ld-%d", (long)getpid(), k++);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s/inbox", root, root);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static int run_teardown(void **state)
{
    teardown(state);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    return system(cmd);
}

static const char *at(const char *rel)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", root, rel);
    return b;
}

/* Copies a file into the inbox under name, dated age seconds ago. */
static void drop(const char *src, const char *name, int age)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s/inbox/%s'", src, root, name);
    assert_int_equal(system(cmd), 0);
    struct utimbuf t = {.actime = time(NULL) - age, .modtime = time(NULL) - age};
    char path[600];
    snprintf(path, sizeof path, "%s/inbox/%s", root, name);
    assert_int_equal(utime(path, &t), 0);
}

static void drop_kent(void)
{
    for (size_t i = 0; i < KENT_SAMPLES; i++)
        drop(sample(kent_samples[i]), kent_samples[i], 3600);
}

/* Runs the csa binary's run command; fault names a crash point (NULL: none). Returns the
 * exit code, or 128 + the signal that killed it. */
static int run(const char *fault, const char *jobs)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (fault)
            setenv("CSA_FAULT", fault, 1);
        else
            unsetenv("CSA_FAULT");
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl(CSA_BINARY, "csa", "--db", test_db_conninfo(), "--county",
              test_path("etl/counties/kent.xml"), "run", "--inbox", at("inbox"), "--out",
              at("out"), "--jobs", jobs, (char *)NULL);
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static void test_an_inbox_of_every_kind_ends_where_the_contract_says(void **state)
{
    (void)state;
    drop_kent();
    drop(sample("maidstone-2011.xml"), "maidstone-copy.xml", 3600); /* same bytes */
    const char *v2 = maidstone_variant("maidstone-v2.xml", "<submitted>2010-11-23</submitted>",
                                       "<submitted>2010-12-20</submitted>");
    drop(v2, "maidstone-v2.xml", 3600); /* supersedes */
    const char *bad = maidstone_variant("broken.xml", "rank=\"2\"", "rank=\"two\"");
    drop(bad, "broken.xml", 3600);
    drop(sample("swale-2011.xml"), "half-written.xml", 0); /* still being uploaded */
    assert_int_equal(symlink("/etc/passwd", at("inbox/link.xml")), 0);

    assert_int_equal(run(NULL, "2"), 1); /* 1: a file was rejected */

    assert_int_equal(count_files(at("archive")), 13);
    assert_true(exists(at("archive/maidstone-v2.xml")));
    assert_true(exists(at("archive/maidstone-copy.xml")));
    assert_true(exists(at("quarantine/broken.xml")));
    assert_true(exists(at("quarantine/broken.xml.errors")));
    FILE *f = fopen(at("quarantine/broken.xml.errors"), "r");
    char report[1024] = "";
    assert_non_null(fgets(report, sizeof report, f));
    fclose(f);
    assert_string_equal(report, "broken.xml:10: error: priority rank \"two\" is not a whole "
                                "number (1, 2, 3, ...)\n");
    assert_true(exists(at("inbox/half-written.xml")));
    assert_true(exists(at("inbox/link.xml")));
    assert_int_equal(count_files(at("inbox")), 2);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 12);
    assert_int_equal(test_scalar(conn, "SELECT version FROM csa.submission WHERE is_current "
                                       "AND partnership = 'maidstone'"),
                     2);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.run_file WHERE "
                                       "outcome = 'rejected' AND name = 'broken.xml' AND "
                                       "messages LIKE '%rank \"two\" is not a whole number%'"),
                     1);
    assert_true(exists(at("out/2011/agreement.html")));
    assert_true(exists(at("out/2011/agreement.md")));
    /* and csa status says what became of the files that did not load */
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", test_db_conninfo(), "--county",
                              test_path("etl/counties/kent.xml"), "status", "--year", "2011",
                              NULL),
                     0);
    assert_non_null(strstr(out, "rejections; 16 files: 12 loaded, 1 unchanged, 1 rejected, "
                                "1 waiting, 1 skipped\n"));
    assert_non_null(strstr(out, "    rejected broken.xml: "));
    assert_non_null(strstr(out, "/quarantine/broken.xml\n"));
    assert_non_null(strstr(out, "    waiting half-written.xml: (left in the inbox)\n"));
    free(out);
}

static void test_versions_in_one_inbox_do_not_depend_on_timing(void **state)
{
    (void)state;
    /* v2 signed off later but dated older on disk and named first: still current */
    const char *v2 = maidstone_variant("a-maidstone.xml", "<submitted>2010-11-23</submitted>",
                                       "<submitted>2010-12-20</submitted>");
    drop(v2, "a-maidstone.xml", 7200);
    drop(sample("maidstone-2011.xml"), "b-maidstone.xml", 3600);
    assert_int_equal(run(NULL, "2"), 0);
    assert_int_equal(test_scalar(conn, "SELECT version FROM csa.submission WHERE is_current"), 2);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission WHERE is_current "
                                       "AND source_name = 'a-maidstone.xml'"),
                     1);
}

static void test_a_second_run_exits_4_and_touches_nothing(void **state)
{
    (void)state;
    drop_kent();
    PQclear(PQexec(conn, "SELECT pg_advisory_lock(hashtext('csa.run'))"));
    assert_int_equal(run(NULL, "2"), 4);
    assert_int_equal(count_files(at("inbox")), 11);
    assert_false(exists(at("archive")));
    PQclear(PQexec(conn, "SELECT pg_advisory_unlock(hashtext('csa.run'))"));
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 0);
}

/* What a person would compare after a night's run: files in each folder, what is current,
 * and the agreement's bytes. */
static char *snapshot(void)
{
    struct buf b = {0};
    const char *dirs[] = {"inbox", "archive", "quarantine"};
    for (int k = 0; k < 3; k++) {
        buf_printf(&b, "%s: %d\n", dirs[k], count_files(at(dirs[k])));
    }
    PGresult *r = PQexec(conn, "SELECT string_agg(partnership || ' ' || version || ' ' || "
                               "is_current, ',' ORDER BY partnership, version) FROM "
                               "csa.submission");
    buf_printf(&b, "%s\n", PQgetvalue(r, 0, 0));
    PQclear(r);
    for (int k = 0; k < 2; k++) {
        FILE *f = fopen(at(k ? "out/2011/agreement.md" : "out/2011/agreement.html"), "rb");
        char chunk[4096];
        size_t n;
        while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
            buf_append(&b, chunk, n);
        if (f)
            fclose(f);
    }
    return b.data;
}

static void killed_then_finished_matches_uninterrupted(const char *fault)
{
    drop_kent();
    drop(maidstone_variant("maidstone-v2.xml", "<submitted>2010-11-23</submitted>",
                           "<submitted>2010-12-20</submitted>"),
         "maidstone-v2.xml", 3600);
    assert_int_equal(run(NULL, "2"), 0);
    char *want = snapshot();
    run_teardown(NULL);
    run_setup(NULL);
    drop_kent();
    drop(maidstone_variant("maidstone-v2.xml", "<submitted>2010-11-23</submitted>",
                           "<submitted>2010-12-20</submitted>"),
         "maidstone-v2.xml", 3600);
    assert_int_equal(run(fault, "2"), 128 + SIGKILL);
    assert_int_equal(run(NULL, "2"), 0);
    char *got = snapshot();
    assert_string_equal(got, want);
    free(got);
    free(want);
}

static void test_killed_before_a_commit_the_next_run_finishes_the_work(void **state)
{
    (void)state;
    killed_then_finished_matches_uninterrupted("load-before-commit");
}

static void test_killed_between_a_commit_and_its_move_nothing_is_loaded_twice(void **state)
{
    (void)state;
    killed_then_finished_matches_uninterrupted("run-after-commit");
}

static void test_killed_while_drafting_the_next_run_drafts_again(void **state)
{
    (void)state;
    killed_then_finished_matches_uninterrupted("draft-between-documents");
}

static void test_a_rerun_with_nothing_new_does_no_work_and_rewrites_nothing(void **state)
{
    (void)state;
    drop_kent();
    assert_int_equal(run(NULL, "2"), 0);
    struct stat before, after;
    assert_int_equal(stat(at("out/2011/agreement.html"), &before), 0);
    sleep(1); /* so that a rewrite would show in the modification time */
    assert_int_equal(run(NULL, "1"), 0);
    assert_int_equal(stat(at("out/2011/agreement.html"), &after), 0);
    assert_int_equal(before.st_mtime, after.st_mtime);
    assert_int_equal(before.st_ino, after.st_ino);
    assert_int_equal(test_scalar(conn, "SELECT seen FROM csa.run ORDER BY id DESC LIMIT 1"), 0);
    assert_int_equal(test_scalar(conn, "SELECT cardinality(years) FROM csa.run ORDER BY id DESC "
                                       "LIMIT 1"),
                     0);
}

/* Runs csa run in this process over the test's folders with the extra options (up to two);
 * returns the exit code, stdout and stderr. */
static int run_here(char **out, char **err, const char *opt1, const char *opt2)
{
    return test_csa(out, err, "--db", test_db_conninfo(), "--county",
                    test_path("etl/counties/kent.xml"), "run", "--inbox", at("inbox"), "--out",
                    at("out"), "--jobs", "1", opt1, opt2, NULL);
}

/* swale loads, broken.xml is rejected, late.xml waits. */
static void drop_three(void)
{
    drop(sample("swale-2011.xml"), "swale-2011.xml", 3600);
    drop(maidstone_variant("broken.xml", "rank=\"2\"", "rank=\"two\""), "broken.xml", 3600);
    drop(sample("thanet-2011.xml"), "late.xml", 0);
}

static void test_the_run_report_in_json_carries_what_the_text_shows(void **state)
{
    (void)state;
    drop_three();
    char *out = NULL, *err = NULL;
    assert_int_equal(run_here(&out, &err, "--format", "json"), 1);
    assert_true(test_json_parses(out));
    char want[4096];
    snprintf(want, sizeof want,
             "{\"run\":1,\"files\":["
             "{\"name\":\"broken.xml\",\"outcome\":\"rejected\",\"errors\":1,\"warnings\":0,"
             "\"messages\":[\"broken.xml:10: error: priority rank \\\"two\\\" is not a whole "
             "number (1, 2, 3, ...)\"],\"errors_file\":\"%s/quarantine/broken.xml.errors\","
             "\"moved_to\":\"%s/quarantine/broken.xml\"},"
             "{\"name\":\"late.xml\",\"outcome\":\"waiting\",\"errors\":0,\"warnings\":0,"
             "\"messages\":[\"modified moments ago; it may still be being written\"],"
             "\"errors_file\":null,\"moved_to\":null},"
             "{\"name\":\"swale-2011.xml\",\"outcome\":\"loaded\",\"partnership\":\"swale\","
             "\"plan_year\":2011,\"version\":1,\"current\":true,\"current_version\":1,"
             "\"errors\":0,\"warnings\":0,\"messages\":[],\"errors_file\":null,"
             "\"moved_to\":\"%s/archive/swale-2011.xml\"}],"
             "\"counts\":{\"files\":3,\"loaded\":1,\"unchanged\":0,\"rejected\":1,\"waiting\":1,"
             "\"skipped\":0,\"failed\":0},"
             "\"drafted\":[{\"plan_year\":2011,\"label\":\"2011/12\"}],\"out\":\"%s/out\","
             "\"written\":2,\"documents\":[{\"path\":\"%s/out/2011/agreement.html\","
             "\"written\":true},{\"path\":\"%s/out/2011/agreement.md\",\"written\":true}]}\n",
             root, root, root, root, root, root);
    assert_string_equal(out, want);
    free(out);
    free(err);
}

static void test_the_run_report_in_text_is_a_line_a_file_and_the_summary(void **state)
{
    (void)state;
    drop_three();
    char *out = NULL, *err = NULL;
    assert_int_equal(run_here(&out, &err, NULL, NULL), 1);
    char want[4096];
    snprintf(want, sizeof want,
             "rejected broken.xml: 1 error, see %s/quarantine/broken.xml.errors\n"
             "waiting late.xml: modified moments ago; it may still be being written\n"
             "loaded swale-2011.xml: swale 2011/12 version 1\n"
             "run 1: 3 files: 1 loaded, 0 unchanged, 1 rejected, 1 waiting, 0 skipped, 0 failed;"
             " drafted 2011/12 into %s/out (2 files written)\n",
             root, root);
    assert_string_equal(out, want);
    assert_non_null(strstr(err, "/inbox/broken.xml:10: error: priority rank \"two\""));
    assert_non_null(strstr(err, "csa run: draft: 1 plan year, 2 files written"));
    free(out);
    free(err);
}

static void test_a_quiet_run_prints_its_problems_only(void **state)
{
    (void)state;
    drop_three();
    char *out = NULL, *err = NULL;
    assert_int_equal(run_here(&out, &err, "--quiet", NULL), 1);
    assert_string_equal(out, "");
    char want[1024];
    snprintf(want, sizeof want,
             "%s/inbox/broken.xml:10: error: priority rank \"two\" is not a whole number "
             "(1, 2, 3, ...)\n",
             root);
    assert_string_equal(err, want);
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_run_report_in_json_carries_what_the_text_shows,
                                        run_setup, run_teardown),
        cmocka_unit_test_setup_teardown(
            test_the_run_report_in_text_is_a_line_a_file_and_the_summary, run_setup,
            run_teardown),
        cmocka_unit_test_setup_teardown(test_a_quiet_run_prints_its_problems_only, run_setup,
                                        run_teardown),
        cmocka_unit_test_setup_teardown(test_an_inbox_of_every_kind_ends_where_the_contract_says,
                                        run_setup, run_teardown),
        cmocka_unit_test_setup_teardown(test_versions_in_one_inbox_do_not_depend_on_timing, run_setup,
                                        run_teardown),
        cmocka_unit_test_setup_teardown(test_a_second_run_exits_4_and_touches_nothing, run_setup,
                                        run_teardown),
        cmocka_unit_test_setup_teardown(test_killed_before_a_commit_the_next_run_finishes_the_work,
                                        run_setup, run_teardown),
        cmocka_unit_test_setup_teardown(
            test_killed_between_a_commit_and_its_move_nothing_is_loaded_twice, run_setup, run_teardown),
        cmocka_unit_test_setup_teardown(test_killed_while_drafting_the_next_run_drafts_again,
                                        run_setup, run_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_rerun_with_nothing_new_does_no_work_and_rewrites_nothing, run_setup, run_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
