/* test_folders.c: the partnership folders of the inbox (inbox/CODE/) and their receipts, run
 * as the real binary against the real database (as the superuser; the roles are
 * test_access.c's): where every file ends, the receipt's exact text, a file of another
 * partnership refused naming both, folders and links that are never entered, two folders'
 * files of one name kept apart, and a run killed with files of two folders in processing. */
#include "runtest.h"

#include "csa/buf.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

static void mkdir_at(const char *rel)
{
    assert_int_equal(mkdir(at(rel), 0777), 0);
}

/* Copies src to ROOT/rel, dated age seconds ago. */
static void drop(const char *src, const char *rel, int age)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", src, at(rel));
    assert_int_equal(system(cmd), 0);
    struct utimbuf t = {.actime = time(NULL) - age, .modtime = time(NULL) - age};
    assert_int_equal(utime(at(rel), &t), 0);
}

static void assert_file_text(const char *rel, const char *want)
{
    char *got = slurp(rel);
    assert_string_equal(got, want);
    free(got);
}

static int exists(const char *rel)
{
    struct stat st;
    return lstat(at(rel), &st) == 0;
}


/* Runs the csa binary's run command (fault: a CSA_FAULT crash point, or NULL); its stdout and
 * stderr end in ROOT/stdout and ROOT/stderr. Returns the exit code, or 128 + the signal. */
static int run(const char *fault)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        child_prepare(fault, at("stdout"), at("stderr"));
        execl(CSA_BINARY, "csa", "--db", test_db_conninfo(), "--county",
              test_path("etl/counties/kent.xml"), "run", "--inbox", at("inbox"), "--out",
              at("out"), "--jobs", "2", (char *)NULL);
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Whether ROOT/rel (stdout, stderr) holds line, a whole line. */
static int has_line(const char *rel, const char *line)
{
    char *text = slurp(rel);
    struct buf want = {0};
    buf_printf(&want, "\n%s\n", line);
    struct buf all = {0};
    buf_printf(&all, "\n%s", text);
    int found = strstr(buf_str(&all), buf_str(&want)) != NULL;
    buf_free(&want);
    buf_free(&all);
    free(text);
    return found;
}

static long sql(const char *query)
{
    return test_scalar(conn, query);
}

static void test_folders_and_the_inbox_all_load_each_folder_file_with_its_receipt(void **state)
{
    (void)state;
    mkdir_at("inbox/ashford");
    mkdir_at("inbox/swale");
    mkdir_at("inbox/ashford/notes");
    drop(sample("ashford-2011.xml"), "inbox/ashford/ashford-2011.xml", 3600);
    drop(sample("swale-2011.xml"), "inbox/swale/swale-2011.xml", 3600);
    drop(sample("thanet-2011.xml"), "inbox/swale/late.xml", 0); /* still being uploaded */
    drop(sample("swale-2011.xml"), "inbox/swale/.upload.part", 3600);
    drop(sample("maidstone-2011.xml"), "inbox/maidstone-2011.xml", 3600); /* the county's */

    assert_int_equal(run(NULL), 0);

    assert_true(exists("archive/ashford/ashford-2011.xml"));
    assert_true(exists("archive/swale/swale-2011.xml"));
    assert_true(exists("archive/maidstone-2011.xml"));
    assert_int_equal(count_entries(at("archive")), 3); /* ashford/, swale/ and maidstone's file */
    assert_false(exists("quarantine"));
    assert_file_text("inbox/ashford/receipts/ashford-2011.xml.receipt",
                     "loaded ashford-2011.xml: ashford 2011/12 version 1\n");
    assert_file_text("inbox/swale/receipts/swale-2011.xml.receipt",
                     "loaded swale-2011.xml: swale 2011/12 version 1\n");
    /* a subfolder is reported in a receipt; a waiting file and a hidden one get none */
    assert_file_text("inbox/ashford/receipts/notes.receipt",
                     "skipped notes: folder, not processed\n");
    assert_int_equal(count_entries(at("inbox/ashford/receipts")), 2);
    assert_int_equal(count_entries(at("inbox/swale/receipts")), 1);
    assert_true(exists("inbox/swale/late.xml"));
    assert_true(exists("inbox/swale/.upload.part"));
    assert_int_equal(count_entries(at("inbox")), 2); /* the two folders */
    assert_int_equal(count_entries(at("inbox/.csa-processing/ashford")), 0);
    assert_int_equal(count_entries(at("inbox/.csa-processing/swale")), 0);
    /* the ledger names a folder's file by its place in the inbox */
    assert_int_equal(sql("SELECT count(*) FROM csa.run_file WHERE outcome = 'loaded' AND name "
                         "IN ('ashford/ashford-2011.xml', 'swale/swale-2011.xml', "
                         "'maidstone-2011.xml')"),
                     3);
    assert_int_equal(sql("SELECT count(*) FROM csa.run_file WHERE outcome = 'waiting' AND "
                         "name = 'swale/late.xml'"),
                     1);
    assert_int_equal(sql("SELECT count(*) FROM csa.submission WHERE is_current"), 3);
    /* the audit: each version says which folder it came from */
    assert_int_equal(sql("SELECT count(*) FROM csa.submission WHERE (partnership, origin) IN "
                         "(('ashford', 'inbox/ashford'), ('swale', 'inbox/swale'), "
                         "('maidstone', 'inbox'))"),
                     3);
    assert_true(has_line("stdout", "loaded ashford/ashford-2011.xml: ashford 2011/12 version 1"));
    assert_true(has_line("stdout", "loaded maidstone-2011.xml: maidstone 2011/12 version 1"));
    assert_true(exists("out/2011/agreement.html"));

    /* the next night: nothing new, every receipt left as it was */
    struct stat before, after;
    assert_int_equal(stat(at("inbox/ashford/receipts/notes.receipt"), &before), 0);
    sleep(1);
    assert_int_equal(run(NULL), 0);
    assert_int_equal(stat(at("inbox/ashford/receipts/notes.receipt"), &after), 0);
    assert_int_equal(before.st_mtime, after.st_mtime);
}

static void test_a_swale_file_in_ashfords_folder_is_quarantined_naming_both(void **state)
{
    (void)state;
    mkdir_at("inbox/ashford");
    drop(sample("ashford-2011.xml"), "inbox/ashford/ashford-2011.xml", 3600);
    drop(sample("swale-2011.xml"), "inbox/ashford/swale-2011.xml", 3600);
    drop(sample("canterbury-2011.xml"), "inbox/canterbury-2011.xml", 3600);

    assert_int_equal(run(NULL), 1);

    static const char line[] =
        "swale-2011.xml:3: error: this file is in the upload folder of ashford, but its "
        "partnership is swale; only ashford's submissions are taken from that folder\n";
    assert_true(exists("quarantine/ashford/swale-2011.xml"));
    assert_file_text("quarantine/ashford/swale-2011.xml.errors", line);
    assert_file_text("inbox/ashford/receipts/swale-2011.xml.receipt",
                     "rejected swale-2011.xml: 1 error\n"
                     "swale-2011.xml:3: error: this file is in the upload folder of ashford, "
                     "but its partnership is swale; only ashford's submissions are taken from "
                     "that folder\n");
    assert_file_text("inbox/ashford/receipts/ashford-2011.xml.receipt",
                     "loaded ashford-2011.xml: ashford 2011/12 version 1\n");
    assert_true(exists("archive/ashford/ashford-2011.xml"));
    assert_true(exists("archive/canterbury-2011.xml"));
    assert_int_equal(count_entries(at("inbox/ashford")), 1); /* receipts/ */
    /* nothing of it is stored; the others are */
    assert_int_equal(sql("SELECT count(*) FROM csa.submission WHERE partnership = 'swale'"), 0);
    assert_int_equal(sql("SELECT count(*) FROM csa.submission WHERE partnership IN "
                         "('ashford', 'canterbury') AND is_current"),
                     2);
    char want[1024];
    snprintf(want, sizeof want,
             "rejected ashford/swale-2011.xml: 1 error, see %s/quarantine/ashford/"
             "swale-2011.xml.errors",
             root);
    assert_true(has_line("stdout", want));
    snprintf(want, sizeof want,
             "%s/inbox/ashford/swale-2011.xml:3: error: this file is in the upload folder of "
             "ashford, but its partnership is swale; only ashford's submissions are taken from "
             "that folder",
             root);
    assert_true(has_line("stderr", want));
    assert_true(exists("out/2011/agreement.md"));
    assert_int_equal(sql("SELECT count(*) FROM csa.run_file WHERE outcome = 'rejected' AND "
                         "name = 'ashford/swale-2011.xml' AND messages LIKE '%upload folder of "
                         "ashford, but its partnership is swale%'"),
                     1);
}

static void test_a_folder_not_named_by_a_partnership_is_left_alone_and_reported(void **state)
{
    (void)state;
    mkdir_at("inbox/old-returns");
    drop(sample("swale-2011.xml"), "inbox/old-returns/swale-2011.xml", 3600);
    drop(sample("dover-2011.xml.gz"), "inbox/dover-2011.xml.gz", 3600);

    assert_int_equal(run(NULL), 0);

    assert_true(has_line("stdout", "skipped old-returns: folder not named by a partnership code "
                                   "of the register, not processed"));
    assert_true(exists("inbox/old-returns/swale-2011.xml"));
    assert_false(exists("inbox/old-returns/receipts"));
    assert_int_equal(count_entries(at("inbox/old-returns")), 1);
    assert_true(exists("archive/dover-2011.xml.gz"));
    assert_int_equal(sql("SELECT count(*) FROM csa.submission"), 1);
}

static void test_nothing_in_receipts_is_ever_taken_as_input(void **state)
{
    (void)state;
    mkdir_at("inbox/ashford");
    mkdir_at("inbox/ashford/receipts");
    drop(sample("ashford-2011.xml"), "inbox/ashford/receipts/ashford-2011.xml", 3600);
    drop(sample("ashford-2011.xml"), "inbox/ashford/receipts/old.xml.receipt", 3600);

    assert_int_equal(run(NULL), 0);

    assert_true(exists("inbox/ashford/receipts/ashford-2011.xml"));
    assert_true(exists("inbox/ashford/receipts/old.xml.receipt"));
    assert_int_equal(count_entries(at("inbox/ashford/receipts")), 2);
    assert_false(exists("archive"));
    assert_int_equal(sql("SELECT count(*) FROM csa.submission"), 0);
    assert_int_equal(sql("SELECT count(*) FROM csa.run_file"), 0);
}

static void test_one_name_in_two_folders_and_the_inbox_never_collides(void **state)
{
    (void)state;
    mkdir_at("inbox/ashford");
    mkdir_at("inbox/swale");
    drop(sample("ashford-2011.xml"), "inbox/ashford/return.xml", 3600);
    drop(sample("swale-2011.xml"), "inbox/swale/return.xml", 3600);
    drop(sample("maidstone-2011.xml"), "inbox/return.xml", 3600);
    /* and one name rejected in two folders */
    drop(sample("thanet-2011.xml"), "inbox/ashford/wrong.xml", 3600);
    drop(sample("thanet-2011.xml"), "inbox/swale/wrong.xml", 3600);

    assert_int_equal(run(NULL), 1);

    assert_true(exists("archive/ashford/return.xml"));
    assert_true(exists("archive/swale/return.xml"));
    assert_true(exists("archive/return.xml"));
    assert_false(exists("archive/return.xml.1"));
    assert_true(exists("quarantine/ashford/wrong.xml"));
    assert_true(exists("quarantine/swale/wrong.xml"));
    assert_file_text("quarantine/swale/wrong.xml.errors",
                     "wrong.xml:3: error: this file is in the upload folder of swale, but its "
                     "partnership is thanet; only swale's submissions are taken from that "
                     "folder\n");
    assert_file_text("inbox/ashford/receipts/return.xml.receipt",
                     "loaded return.xml: ashford 2011/12 version 1\n");
    assert_file_text("inbox/swale/receipts/return.xml.receipt",
                     "loaded return.xml: swale 2011/12 version 1\n");
    assert_int_equal(sql("SELECT count(*) FROM csa.run_file WHERE name IN ('return.xml', "
                         "'ashford/return.xml', 'swale/return.xml', 'ashford/wrong.xml', "
                         "'swale/wrong.xml')"),
                     5);
    assert_int_equal(sql("SELECT count(*) FROM csa.submission WHERE source_name = "
                         "'return.xml' AND is_current"),
                     3);
}

static void test_killed_with_two_folders_files_in_processing_the_next_run_finishes_both(
    void **state)
{
    (void)state;
    mkdir_at("inbox/ashford");
    mkdir_at("inbox/swale");
    drop(sample("ashford-2011.xml"), "inbox/ashford/return.xml", 3600);
    drop(sample("swale-2011.xml"), "inbox/swale/return.xml", 3600);
    drop(sample("thanet-2011.xml"), "inbox/swale/thanet.xml", 3600);

    assert_int_equal(run("run-after-claim"), 128 + SIGKILL);
    assert_true(exists("inbox/.csa-processing/ashford/return.xml"));
    assert_true(exists("inbox/.csa-processing/swale/return.xml"));
    assert_true(exists("inbox/.csa-processing/swale/thanet.xml"));
    assert_false(exists("inbox/ashford/receipts"));

    assert_int_equal(run(NULL), 1);

    assert_true(exists("archive/ashford/return.xml"));
    assert_true(exists("archive/swale/return.xml"));
    assert_true(exists("quarantine/swale/thanet.xml"));
    assert_int_equal(count_entries(at("inbox/.csa-processing")), 2); /* ashford/ and swale/ */
    assert_int_equal(count_entries(at("inbox/.csa-processing/ashford")), 0);
    assert_int_equal(count_entries(at("inbox/.csa-processing/swale")), 0);
    assert_file_text("inbox/ashford/receipts/return.xml.receipt",
                     "loaded return.xml: ashford 2011/12 version 1\n");
    assert_file_text("inbox/swale/receipts/return.xml.receipt",
                     "loaded return.xml: swale 2011/12 version 1\n");
    assert_file_text("inbox/swale/receipts/thanet.xml.receipt",
                     "rejected thanet.xml: 1 error\n"
                     "thanet.xml:3: error: this file is in the upload folder of swale, but its "
                     "partnership is thanet; only swale's submissions are taken from that "
                     "folder\n");
    assert_int_equal(sql("SELECT count(*) FROM csa.submission"), 2);
    assert_int_equal(sql("SELECT count(*) FROM csa.submission WHERE partnership IN "
                         "('ashford', 'swale') AND version = 1 AND is_current"),
                     2);
}

static void test_links_in_place_of_a_folder_or_of_receipts_are_never_followed(void **state)
{
    (void)state;
    /* swale's folder is a link to a folder elsewhere: never entered */
    mkdir_at("elsewhere");
    drop(sample("swale-2011.xml"), "elsewhere/swale-2011.xml", 3600);
    assert_int_equal(symlink(at("elsewhere"), at("inbox/swale")), 0);
    /* ashford's receipts/ is a link: no receipt is written, through it or anywhere */
    mkdir_at("inbox/ashford");
    mkdir_at("stolen");
    assert_int_equal(symlink(at("stolen"), at("inbox/ashford/receipts")), 0);
    drop(sample("ashford-2011.xml"), "inbox/ashford/ashford-2011.xml", 3600);
    drop(sample("ashford-2011.xml"), "inbox/ashford/copy.xml", 3600);
    /* canterbury's receipt is a link to a file: replaced, the file it points at untouched */
    mkdir_at("inbox/canterbury");
    mkdir_at("inbox/canterbury/receipts");
    drop(sample("thanet-2011.xml"), "precious.txt", 3600);
    assert_int_equal(symlink(at("precious.txt"),
                             at("inbox/canterbury/receipts/canterbury-2011.xml.receipt")),
                     0);
    drop(sample("canterbury-2011.xml"), "inbox/canterbury/canterbury-2011.xml", 3600);

    assert_int_equal(run(NULL), 3); /* receipts that could not be written: the environment */

    assert_true(has_line("stdout", "skipped swale: symbolic link, not followed"));
    assert_true(exists("elsewhere/swale-2011.xml"));
    assert_int_equal(count_entries(at("elsewhere")), 1);
    assert_false(exists("archive/swale"));
    /* ashford's files were loaded and filed all the same */
    assert_true(exists("archive/ashford/ashford-2011.xml"));
    assert_true(exists("archive/ashford/copy.xml"));
    assert_int_equal(count_entries(at("stolen")), 0);
    char want[1024];
    snprintf(want, sizeof want,
             "csa: error: receipts of the upload folder of ashford not written: %s/inbox/"
             "ashford/receipts: it is a symbolic link, not followed; the files' outcomes stand",
             root);
    assert_true(has_line("stderr", want));
    char *err = slurp("stderr");
    char *second = strstr(err, "receipts of the upload folder of ashford");
    assert_non_null(second);
    assert_null(strstr(second + 1, "receipts of the upload folder of ashford")); /* once */
    free(err);
    /* the link in place of a receipt is replaced, what it pointed at is as it was */
    struct stat st;
    assert_int_equal(lstat(at("inbox/canterbury/receipts/canterbury-2011.xml.receipt"), &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_file_text("inbox/canterbury/receipts/canterbury-2011.xml.receipt",
                     "loaded canterbury-2011.xml: canterbury 2011/12 version 1\n");
    char *precious = slurp("precious.txt");
    char *thanet = NULL;
    {
        FILE *f = fopen(sample("thanet-2011.xml"), "rb");
        struct buf b = {0};
        char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
            buf_append(&b, chunk, n);
        fclose(f);
        buf_puts(&b, "");
        thanet = b.data;
    }
    assert_string_equal(precious, thanet);
    free(precious);
    free(thanet);
    assert_int_equal(sql("SELECT count(*) FROM csa.submission"), 2); /* copy.xml: unchanged */
}

static void test_a_file_that_cannot_be_read_gets_a_failed_receipt_and_is_retried(void **state)
{
    (void)state;
    mkdir_at("inbox/ashford");
    drop(sample("ashford-2011.xml"), "inbox/ashford/ashford-2011.xml", 3600);

    assert_int_equal(run("run-open/ashford-2011.xml:fail"), 3);

    assert_true(exists("inbox/ashford/ashford-2011.xml"));
    assert_false(exists("archive"));
    assert_file_text("inbox/ashford/receipts/ashford-2011.xml.receipt",
                     "failed ashford-2011.xml: could not open file: Permission denied "
                     "(left to retry)\n");
    assert_int_equal(run(NULL), 0);
    assert_true(exists("archive/ashford/ashford-2011.xml"));
    assert_file_text("inbox/ashford/receipts/ashford-2011.xml.receipt",
                     "loaded ashford-2011.xml: ashford 2011/12 version 1\n");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, inbox_setup, inbox_teardown)
    const struct CMUnitTest tests[] = {
        T(test_folders_and_the_inbox_all_load_each_folder_file_with_its_receipt),
        T(test_a_swale_file_in_ashfords_folder_is_quarantined_naming_both),
        T(test_a_folder_not_named_by_a_partnership_is_left_alone_and_reported),
        T(test_nothing_in_receipts_is_ever_taken_as_input),
        T(test_one_name_in_two_folders_and_the_inbox_never_collides),
        T(test_killed_with_two_folders_files_in_processing_the_next_run_finishes_both),
        T(test_links_in_place_of_a_folder_or_of_receipts_are_never_followed),
        T(test_a_file_that_cannot_be_read_gets_a_failed_receipt_and_is_retried),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
