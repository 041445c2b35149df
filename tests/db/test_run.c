/* test_run.c: the nightly batch, `csa run`, run as the real binary against the real
 * database: where every file ends, what is current, one run at a time, and a run killed at
 * any point (SIGKILL) finished by the next as if nothing had happened. */
#include "runtest.h"

#include "csa/db.h"
#include "csa/fsio.h"
#include "csa/inbox.h"
#include "csa/run_ledger.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

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
        child_prepare(fault, NULL, NULL);
        execl(CSA_BINARY, "csa", "--db", test_db_conninfo(), "--county",
              test_path("etl/counties/kent.xml"), "run", "--inbox", at("inbox"), "--out",
              at("out"), "--jobs", jobs, (char *)NULL);
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
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

    assert_int_equal(count_entries(at("archive")), 13);
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
    assert_int_equal(count_entries(at("inbox")), 2);
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
    assert_int_equal(count_entries(at("inbox")), 11);
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
        buf_printf(&b, "%s: %d\n", dirs[k], count_entries(at(dirs[k])));
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

/* The eleven Kent samples and a later version of Maidstone's, all settled. */
static void drop_kent_and_a_second_maidstone(void)
{
    drop_kent();
    drop(maidstone_variant("maidstone-v2.xml", "<submitted>2010-11-23</submitted>",
                           "<submitted>2010-12-20</submitted>"),
         "maidstone-v2.xml", 3600);
}

/* What an uninterrupted run leaves of the usual inbox (drop_kent_and_a_second_maidstone), as a
 * snapshot the caller frees; then the test starts afresh (folder and database) with that
 * same inbox dropped again. */
static char *want_of_an_uninterrupted_run(void)
{
    drop_kent_and_a_second_maidstone();
    assert_int_equal(run(NULL, "2"), 0);
    char *want = snapshot();
    inbox_teardown(NULL);
    inbox_setup(NULL);
    drop_kent_and_a_second_maidstone();
    return want;
}

static void killed_then_finished_matches_uninterrupted(const char *fault)
{
    char *want = want_of_an_uninterrupted_run();
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
             "{\"name\":\"broken.xml\",\"folder\":null,\"outcome\":\"rejected\",\"errors\":1,\"warnings\":0,"
             "\"messages\":[\"broken.xml:10: error: priority rank \\\"two\\\" is not a whole "
             "number (1, 2, 3, ...)\"],\"errors_file\":\"%s/quarantine/broken.xml.errors\","
             "\"moved_to\":\"%s/quarantine/broken.xml\"},"
             "{\"name\":\"late.xml\",\"folder\":null,\"outcome\":\"waiting\",\"errors\":0,\"warnings\":0,"
             "\"messages\":[\"modified moments ago; it may still be being written\"],"
             "\"errors_file\":null,\"moved_to\":null},"
             "{\"name\":\"swale-2011.xml\",\"folder\":null,\"outcome\":\"loaded\",\"partnership\":\"swale\","
             "\"plan_year\":2011,\"version\":1,\"current\":true,\"current_version\":1,"
             "\"errors\":0,\"warnings\":0,\"messages\":[],\"errors_file\":null,"
             "\"moved_to\":\"%s/archive/swale-2011.xml\"}],"
             "\"counts\":{\"files\":3,\"loaded\":1,\"unchanged\":0,\"rejected\":1,\"waiting\":1,"
             "\"skipped\":0,\"failed\":0},"
             "\"drafted\":[{\"plan_year\":2011,\"label\":\"2011/12\"}],\"not_drafted\":[],"
             "\"out\":\"%s/out\","
             "\"written\":4,\"documents\":[{\"path\":\"%s/out/2011/agreement.html\","
             "\"written\":true},{\"path\":\"%s/out/2011/agreement.md\",\"written\":true},"
             "{\"path\":\"%s/out/2011/drafts/1/agreement.html\",\"written\":true},"
             "{\"path\":\"%s/out/2011/drafts/1/agreement.md\",\"written\":true}]}\n",
             root, root, root, root, root, root, root, root);
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
             " drafted 2011/12 into %s/out (4 files written)\n",
             root, root);
    assert_string_equal(out, want);
    assert_non_null(strstr(err, "/inbox/broken.xml:10: error: priority rank \"two\""));
    assert_non_null(strstr(err, "csa run: draft: 1 plan year, 4 files written"));
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

/* ---- issue 9: intake that never loses a file, never stalls ----------------------------- */

/* What a test does to the world while the run is stopped at its fault point (NAME:stop). */
typedef void (*while_stopped)(void);

/* Runs the csa binary's run command with CSA_FAULT=fault (NULL: none), --jobs jobs and up to
 * two more options; each time the process stops at a fault point, calls act (the first time
 * only) and lets it go on. Its stdout and stderr are in ROOT/stdout and ROOT/stderr. Returns
 * the exit code, or 128 + the signal that killed it. A run that blocks fails the test. */
static const char *ctl_db; /* the database run_ctl's runs use; NULL: the tests' own */

static int run_ctl(const char *fault, const char *jobs, while_stopped act, const char *opt1,
                   const char *opt2, const char *opt3)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        child_prepare(fault, at("stdout"), at("stderr"));
        const char *out = at("out");
        const char *argv[24] = {"csa", "--db", ctl_db ? ctl_db : test_db_conninfo(), "--county",
                                test_path("etl/counties/kent.xml"), "run", "--inbox",
                                at("inbox"), "--jobs", jobs};
        int n = 10;
        const char *opts[3] = {opt1, opt2, opt3};
        int has_out = 0;
        for (int k = 0; k < 3 && opts[k]; k++) {
            has_out |= strcmp(opts[k], "--out") == 0;
            argv[n++] = opts[k];
        }
        if (!has_out)
            argv[n++] = "--out", argv[n++] = out;
        argv[n] = NULL;
        execv(CSA_BINARY, (char *const *)argv);
        _exit(127);
    }
    alarm(120); /* a run blocked for good (a FIFO opened for reading) fails the test */
    int status, acted = 0;
    for (;;) {
        assert_int_equal(waitpid(pid, &status, WUNTRACED), pid);
        if (!WIFSTOPPED(status))
            break;
        if (act && !acted++)
            act();
        kill(pid, SIGCONT);
    }
    alarm(0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* How many times needle occurs in hay. */
static int occurrences(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* Whether the file at path holds the same bytes as the file at want. */
static int same_bytes(const char *path, const char *want)
{
    struct csa_error err = {0};
    int same = 0;
    assert_int_equal(fsio_same_files(path, want, &same, &err), CSA_OK);
    return same;
}

static void swap_swale_for_a_link_to_a_fifo(void)
{
    assert_int_equal(unlink(at("inbox/swale-2011.xml")), 0);
    assert_int_equal(mkfifo(at("fifo"), 0644), 0);
    assert_int_equal(symlink(at("fifo"), at("inbox/swale-2011.xml")), 0);
}

static void test_a_file_swapped_for_a_link_to_a_fifo_after_the_scan_never_blocks(void **state)
{
    (void)state;
    drop_kent();
    assert_int_equal(run_ctl("run-after-scan:stop", "2", swap_swale_for_a_link_to_a_fifo, NULL,
                             NULL, NULL),
                     0);
    char *out = slurp("stdout");
    assert_non_null(strstr(out, "skipped swale-2011.xml: symbolic link, not followed\n"));
    assert_non_null(strstr(out, "run 1: 11 files: 10 loaded, 0 unchanged, 0 rejected, "
                                "0 waiting, 1 skipped, 0 failed; drafted 2011/12 into "));
    /* the link is left where it was found, untouched; the others loaded and were drafted */
    struct stat st;
    assert_int_equal(lstat(at("inbox/swale-2011.xml"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(count_entries(at("inbox")), 1);
    assert_int_equal(count_entries(at("inbox/" INBOX_PROCESSING)), 0);
    assert_int_equal(count_entries(at("archive")), 10);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 10);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission "
                                       "WHERE partnership = 'swale'"),
                     0);
    assert_true(exists(at("out/2011/agreement.html")));
    free(out);
}

static void rewrite_swale_with_maidstones_v2(void)
{
    /* a re-upload under the same name while the run works: other bytes, new file */
    const char *v2 = maidstone_variant("maidstone-v2.xml", "<submitted>2010-11-23</submitted>",
                                       "<submitted>2010-12-20</submitted>");
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", v2, at("inbox/swale-2011.xml"));
    assert_int_equal(system(cmd), 0);
}

static void test_a_file_rewritten_under_its_name_during_a_run_is_the_next_runs(void **state)
{
    (void)state;
    drop(sample("swale-2011.xml"), "swale-2011.xml", 3600);
    drop(sample("maidstone-2011.xml"), "maidstone-2011.xml", 3600);
    assert_int_equal(run_ctl("run-after-claim:stop", "2", rewrite_swale_with_maidstones_v2, NULL,
                             NULL, NULL),
                     0);
    char *out = slurp("stdout");
    assert_non_null(strstr(out, "loaded swale-2011.xml: swale 2011/12 version 1\n"));
    free(out);
    /* what was loaded is what was archived; the new bytes wait in the inbox */
    assert_true(same_bytes(at("archive/swale-2011.xml"), sample("swale-2011.xml")));
    assert_true(same_bytes(at("inbox/swale-2011.xml"),
                           maidstone_variant("maidstone-v2.xml",
                                             "<submitted>2010-11-23</submitted>",
                                             "<submitted>2010-12-20</submitted>")));
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 2);
    /* the next run, once the upload has settled, takes the new file */
    struct utimbuf t = {.actime = time(NULL) - 60, .modtime = time(NULL) - 60};
    assert_int_equal(utime(at("inbox/swale-2011.xml"), &t), 0);
    assert_int_equal(run_ctl(NULL, "2", NULL, NULL, NULL, NULL), 0);
    out = slurp("stdout");
    assert_non_null(strstr(out, "loaded swale-2011.xml: maidstone 2011/12 version 2\n"));
    free(out);
    assert_true(exists(at("archive/swale-2011.xml.1")));
    assert_int_equal(count_entries(at("inbox")), 0);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 3);
}

static void test_killed_with_files_in_processing_the_next_run_files_each_once(void **state)
{
    (void)state;
    killed_then_finished_matches_uninterrupted("run-after-claim");
    assert_int_equal(count_entries(at("inbox/" INBOX_PROCESSING)), 0);
    assert_int_equal(count_entries(at("archive")), 12);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 12);
}

static void test_killed_while_reading_from_processing_the_next_run_files_each_once(void **state)
{
    (void)state;
    killed_then_finished_matches_uninterrupted("run-before-open");
    assert_int_equal(count_entries(at("inbox/" INBOX_PROCESSING)), 0);
}

static void test_a_link_in_the_archive_is_never_taken_for_the_file(void **state)
{
    (void)state;
    drop(sample("swale-2011.xml"), "swale-2011.xml", 3600);
    /* archive/NAME is a link to the very same bytes: not the file, so it keeps its name */
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s' '%s'", at("archive"),
             sample("swale-2011.xml"), at("elsewhere.xml"));
    assert_int_equal(system(cmd), 0);
    assert_int_equal(symlink(at("elsewhere.xml"), at("archive/swale-2011.xml")), 0);
    assert_int_equal(run_ctl(NULL, "1", NULL, NULL, NULL, NULL), 0);
    struct stat st;
    assert_int_equal(lstat(at("archive/swale-2011.xml"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(lstat(at("archive/swale-2011.xml.1"), &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_true(same_bytes(at("archive/swale-2011.xml.1"), sample("swale-2011.xml")));
    assert_int_equal(count_entries(at("inbox")), 0);
    char *out = slurp("stdout");
    assert_non_null(strstr(out, "loaded swale-2011.xml: swale 2011/12 version 1\n"));
    free(out);
}

static void end_every_csa_connection(void)
{
    PQclear(PQexec(conn, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE application_name = 'csa' AND pid <> pg_backend_pid()"));
}

static void test_a_lost_database_ends_the_run_at_once_and_the_next_finishes(void **state)
{
    (void)state;
    char *want = want_of_an_uninterrupted_run();
    assert_int_equal(run_ctl("run-after-commit:stop", "2", end_every_csa_connection, NULL, NULL,
                             NULL),
                     3);
    char *out = slurp("stdout"), *err = slurp("stderr");
    /* said once, and no file blamed for it */
    assert_int_equal(occurrences(err, "lost the connection to the database"), 1);
    assert_null(strstr(out, "failed "));
    assert_int_equal(count_entries(at("inbox/" INBOX_PROCESSING)), 0);
    free(out);
    free(err);
    assert_int_equal(run_ctl(NULL, "2", NULL, NULL, NULL, NULL), 0);
    char *got = snapshot();
    assert_string_equal(got, want);
    free(got);
    free(want);
}

/* ---- issue 13: asynchronous commits made durable before any file moves ----------------- */

static char wal_start[64]; /* the WAL insert position when the test began */
static long loads_unflushed = -1, loads_stored = -1;

/* While the run is stopped just before its first file moves: how many of the loads stored so
 * far have no commit record in the WAL flushed since the test began (pg_walinspect reads the
 * WAL up to the flush position only, so a commit not yet flushed is not found). */
static void count_loads_not_flushed(void)
{
    char sql[600];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM csa.submission s WHERE NOT EXISTS (SELECT 1 FROM "
             "pg_get_wal_records_info('%s', pg_current_wal_flush_lsn()) w WHERE "
             "w.resource_manager = 'Transaction' AND w.record_type = 'COMMIT' AND "
             "w.xid = s.xmin)",
             wal_start);
    loads_unflushed = test_scalar(conn, sql);
    loads_stored = test_scalar(conn, "SELECT count(*) FROM csa.submission");
}

static void test_when_the_first_file_moves_every_load_is_flushed_to_the_wal(void **state)
{
    (void)state;
    PQclear(PQexec(conn, "CREATE EXTENSION IF NOT EXISTS pg_walinspect"));
    PGresult *r = PQexec(conn, "SELECT pg_current_wal_insert_lsn()");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    snprintf(wal_start, sizeof wal_start, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    drop_kent();
    /* one worker, one batch: stopped after its loads, before the first receipt or move */
    assert_int_equal(run_ctl("run-after-commit:stop", "1", count_loads_not_flushed, NULL, NULL,
                             NULL),
                     0);
    assert_int_equal(loads_stored, 11);
    assert_int_equal(loads_unflushed, 0);
    assert_int_equal(count_entries(at("archive")), 11);
}

static void test_killed_before_the_durable_commit_the_next_run_finishes_the_work(void **state)
{
    (void)state;
    killed_then_finished_matches_uninterrupted("load-before-durable");
}

static void test_a_database_gone_before_the_durable_commit_leaves_every_file(void **state)
{
    (void)state;
    char *want = want_of_an_uninterrupted_run();
    /* the loads have committed (asynchronously), the commit that makes them durable has not:
     * a database that crashed now might have lost them, so not one file may have moved */
    assert_int_equal(run_ctl("load-before-durable:stop", "1", end_every_csa_connection, NULL,
                             NULL, NULL),
                     3);
    assert_int_equal(count_entries(at("inbox")), 12);
    assert_int_equal(count_entries(at("inbox/" INBOX_PROCESSING)), 0);
    assert_false(exists(at("archive")));
    assert_int_equal(run_ctl(NULL, "2", NULL, NULL, NULL, NULL), 0);
    char *got = snapshot();
    assert_string_equal(got, want);
    free(got);
    free(want);
}

static char cluster[320]; /* a throwaway PostgreSQL cluster of the test's own */

/* Stops the cluster as a crash would (what is not yet written of the WAL is lost), then
 * starts it again (it recovers). */
static void crash_and_restart_the_cluster(void)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "'%s' crash '%s' && '%s' start '%s' >/dev/null",
             test_path("scripts/pg.sh"), cluster, test_path("scripts/pg.sh"), cluster);
    assert_int_equal(system(cmd), 0);
}

static void test_a_database_crash_before_the_durable_commit_leaves_every_file(void **state)
{
    (void)state;
    snprintf(cluster, sizeof cluster, "%s/cluster", root);
    char cmd[1200], db[512] = "";
    snprintf(cmd, sizeof cmd, "'%s' start '%s'", test_path("scripts/pg.sh"), cluster);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    assert_non_null(fgets(db, sizeof db, p));
    pclose(p);
    db[strcspn(db, "\n")] = '\0';
    assert_int_equal(test_csa(NULL, NULL, "--db", db, "db", "migrate", NULL), 0);
    /* the WAL writer left asleep: what the loads committed stays in memory till the crash */
    PGconn *k = PQconnectdb(db);
    PQclear(PQexec(k, "ALTER SYSTEM SET wal_writer_delay = '10s'"));
    PQclear(PQexec(k, "SELECT pg_reload_conf()"));
    PQfinish(k);
    drop_kent_and_a_second_maidstone();
    ctl_db = db;
    assert_int_equal(run_ctl("load-before-durable:stop", "1", crash_and_restart_the_cluster,
                             NULL, NULL, NULL),
                     3);
    /* the loads were answered, their files had not moved: every one is still in the inbox */
    assert_int_equal(count_entries(at("inbox")), 12);
    assert_int_equal(count_entries(at("inbox/" INBOX_PROCESSING)), 0);
    assert_false(exists(at("archive")));
    /* the next run takes them all again: each loaded (or found unchanged) once */
    assert_int_equal(run_ctl(NULL, "2", NULL, NULL, NULL, NULL), 0);
    assert_int_equal(count_entries(at("inbox")), 0);
    assert_int_equal(count_entries(at("archive")), 12);
    k = PQconnectdb(db);
    assert_int_equal(test_scalar(k, "SELECT count(*) FROM csa.submission"), 12);
    assert_int_equal(test_scalar(k, "SELECT count(*) FROM csa.submission WHERE is_current"), 11);
    assert_int_equal(test_scalar(k, "SELECT count(*) FROM csa.run_file f JOIN csa.run r ON "
                                    "r.id = f.run WHERE r.outcome = 'done' AND f.outcome IN "
                                    "('loaded', 'unchanged')"),
                     12);
    PQfinish(k);
}

/* The crash test's teardown: its cluster goes, whether the test passed or not. */
static int cluster_teardown(void **state)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "'%s' destroy '%s' >/dev/null 2>&1", test_path("scripts/pg.sh"),
             cluster);
    if (cluster[0] && system(cmd) != 0)
        fprintf(stderr, "could not destroy the cluster %s\n", cluster);
    cluster[0] = '\0';
    ctl_db = NULL;
    return inbox_teardown(state);
}

static void test_a_file_the_database_refuses_fails_alone_and_the_others_load(void **state)
{
    (void)state;
    PGresult *r = PQexec(conn,
                         "CREATE OR REPLACE FUNCTION public.refuse_swale() RETURNS trigger "
                         "LANGUAGE plpgsql AS $$BEGIN IF NEW.partnership = 'swale' THEN RAISE "
                         "EXCEPTION 'swale refused by the test'; END IF; RETURN NEW; END$$; "
                         "CREATE TRIGGER refuse_swale BEFORE INSERT ON csa.submission FOR EACH "
                         "ROW EXECUTE FUNCTION public.refuse_swale()");
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    drop_kent(); /* swale in the middle of the one batch: thanet and tunbridge-wells after it */
    assert_int_equal(run_ctl(NULL, "1", NULL, NULL, NULL, NULL), 3);
    char *out = slurp("stdout");
    assert_non_null(strstr(out, "failed swale-2011.xml: could not store the submission: "
                                "ERROR:  swale refused by the test\n"));
    assert_non_null(strstr(out, "loaded thanet-2011.xml: thanet 2011/12 version 1\n"));
    assert_non_null(strstr(out, "10 loaded, 0 unchanged, 0 rejected, 0 waiting, 0 skipped, "
                                "1 failed; drafted 2011/12 into "));
    free(out);
    assert_true(exists(at("inbox/swale-2011.xml")));
    assert_int_equal(count_entries(at("archive")), 10);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 10);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.run_file WHERE outcome = "
                                       "'loaded'"),
                     10);
    PQclear(PQexec(conn, "DROP FUNCTION public.refuse_swale() CASCADE"));
}

static void test_workers_that_cannot_connect_take_no_files(void **state)
{
    (void)state;
    drop_kent();
    assert_int_equal(run_ctl("run-worker-connect:fail", "4", NULL, NULL, NULL, NULL), 3);
    char *out = slurp("stdout"), *err = slurp("stderr");
    assert_int_equal(occurrences(err, "csa: error: 3 of 4 workers could not connect to the "
                                      "database (could not connect to the database: too many "
                                      "clients already (injected by CSA_FAULT)); the others "
                                      "took their files\n"),
                     1);
    assert_non_null(strstr(out, "run 1: 11 files: 11 loaded, 0 unchanged, 0 rejected, "
                                "0 waiting, 0 skipped, 0 failed; drafted 2011/12 into "));
    assert_int_equal(count_entries(at("archive")), 11);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"), 11);
    assert_true(exists(at("out/2011/agreement.md")));
    free(out);
    free(err);
}

static void test_a_draft_that_cannot_be_written_is_not_reported_drafted(void **state)
{
    (void)state;
    drop_kent();
    FILE *f = fopen(at("not-a-folder"), "w");
    fclose(f);
    assert_int_equal(run_ctl(NULL, "2", NULL, "--out", at("not-a-folder"), NULL), 3);
    char *out = slurp("stdout"), *err = slurp("stderr");
    char want[1024];
    snprintf(want, sizeof want, "11 loaded, 0 unchanged, 0 rejected, 0 waiting, 0 skipped, "
                                "0 failed; drafted nothing into %s (0 files written)\n",
             at("not-a-folder"));
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "csa: error: could not draft 2011/12 into %s/2011: ",
             at("not-a-folder"));
    assert_int_equal(occurrences(err, want), 1);
    assert_int_equal(count_entries(at("archive")), 11);
    free(out);
    free(err);
    /* the next run drafts what this one could not, though no file is new */
    assert_int_equal(run_ctl(NULL, "2", NULL, NULL, NULL, NULL), 0);
    assert_true(exists(at("out/2011/agreement.html")));
    assert_true(exists(at("out/2011/agreement.md")));
}

static void test_a_file_dated_in_the_future_does_not_wait_for_ever(void **state)
{
    (void)state;
    drop(sample("swale-2011.xml"), "swale-2011.xml", -86400); /* dated tomorrow */
    sleep(2); /* left alone longer than --settle 1 since it was written (its ctime) */
    assert_int_equal(run_ctl(NULL, "1", NULL, "--settle", "1", NULL), 0);
    char *out = slurp("stdout");
    assert_non_null(strstr(out, "loaded swale-2011.xml: swale 2011/12 version 1\n"));
    free(out);
    assert_true(exists(at("archive/swale-2011.xml")));
}

static void test_an_unreadable_file_is_the_environments_failure_and_stays(void **state)
{
    (void)state;
    drop_kent();
    /* tests run as root, who reads a mode 000 file: the open's EACCES is injected instead */
    assert_int_equal(run_ctl("run-open/swale-2011.xml:fail", "2", NULL, NULL, NULL, NULL), 3);
    char *out = slurp("stdout"), *err = slurp("stderr");
    assert_non_null(strstr(out, "failed swale-2011.xml: could not open file: Permission "
                                "denied; left in the inbox\n"));
    assert_int_equal(occurrences(err, "Permission denied"), 1);
    assert_non_null(strstr(out, "10 loaded, 0 unchanged, 0 rejected, 0 waiting, 0 skipped, "
                                "1 failed; drafted 2011/12 into "));
    assert_true(exists(at("inbox/swale-2011.xml")));
    assert_int_equal(count_entries(at("inbox")), 1);
    assert_false(exists(at("quarantine")));
    assert_int_equal(count_entries(at("archive")), 10);
    assert_true(exists(at("out/2011/agreement.html")));
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.run_file WHERE "
                                       "name = 'swale-2011.xml' AND outcome = 'failed'"),
                     1);
    free(out);
    free(err);
}

static void test_a_row_the_ledger_refuses_is_recorded_escaped_and_the_run_goes_on(void **state)
{
    (void)state;
    long long id = 0;
    struct run_years years = {0};
    struct csa_error err = {0}, note = {0};
    struct csa_register *kent = test_kent();
    assert_int_equal(db_sync_register(conn, kent, NULL, &err), CSA_OK);
    assert_int_equal(run_ledger_start(conn, kent->code, "/inbox", 1, &id, &years, &err), CSA_OK);
    struct diags none = {0};
    /* a name PostgreSQL refuses (not UTF-8), as a Windows upload tool may write it */
    struct run_report_file f = {.name = "sw\xe1le-2011.xml", .outcome = RUN_SKIPPED,
                                .diags = &none, .why = "not processed"};
    assert_int_equal(run_ledger_file(conn, id, &f, &note, &err), CSA_OK);
    assert_non_null(strstr(note.msg, "escaped the row of sw\\xE1le-2011.xml in the run's ledger"));
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.run_file WHERE "
                                       "name = 'sw\\xE1le-2011.xml' AND outcome = 'skipped' AND "
                                       "messages LIKE 'not processed\nthe ledger refused this "
                                       "row as it was (%'"),
                     1);
    /* the next row goes in as it is */
    struct run_report_file g = {.name = "swale-2011.xml", .outcome = RUN_WAITING,
                                .diags = &none, .why = "modified moments ago"};
    note = (struct csa_error){0};
    assert_int_equal(run_ledger_file(conn, id, &g, &note, &err), CSA_OK);
    assert_string_equal(note.msg, "");
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.run_file"), 2);
    register_free(kent);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, inbox_setup, inbox_teardown)
    const struct CMUnitTest tests[] = {
        T(test_the_run_report_in_json_carries_what_the_text_shows),
        T(test_the_run_report_in_text_is_a_line_a_file_and_the_summary),
        T(test_a_quiet_run_prints_its_problems_only),
        T(test_an_inbox_of_every_kind_ends_where_the_contract_says),
        T(test_versions_in_one_inbox_do_not_depend_on_timing),
        T(test_a_second_run_exits_4_and_touches_nothing),
        T(test_killed_before_a_commit_the_next_run_finishes_the_work),
        T(test_killed_between_a_commit_and_its_move_nothing_is_loaded_twice),
        T(test_killed_while_drafting_the_next_run_drafts_again),
        T(test_a_rerun_with_nothing_new_does_no_work_and_rewrites_nothing),
        T(test_a_file_swapped_for_a_link_to_a_fifo_after_the_scan_never_blocks),
        T(test_a_file_rewritten_under_its_name_during_a_run_is_the_next_runs),
        T(test_killed_with_files_in_processing_the_next_run_files_each_once),
        T(test_killed_while_reading_from_processing_the_next_run_files_each_once),
        T(test_a_link_in_the_archive_is_never_taken_for_the_file),
        T(test_a_lost_database_ends_the_run_at_once_and_the_next_finishes),
        T(test_workers_that_cannot_connect_take_no_files),
        T(test_a_draft_that_cannot_be_written_is_not_reported_drafted),
        T(test_a_file_dated_in_the_future_does_not_wait_for_ever),
        T(test_an_unreadable_file_is_the_environments_failure_and_stays),
        T(test_a_row_the_ledger_refuses_is_recorded_escaped_and_the_run_goes_on),
        T(test_when_the_first_file_moves_every_load_is_flushed_to_the_wal),
        T(test_killed_before_the_durable_commit_the_next_run_finishes_the_work),
        T(test_a_database_gone_before_the_durable_commit_leaves_every_file),
        T(test_a_file_the_database_refuses_fails_alone_and_the_others_load),
#undef T
        cmocka_unit_test_setup_teardown(
            test_a_database_crash_before_the_durable_commit_leaves_every_file, inbox_setup,
            cluster_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
