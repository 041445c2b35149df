/* runtest.h: a folder of its own for each test that drives `csa run` (ROOT/inbox, and the
 * archive/, quarantine/ and out/ the run makes beside it), created fresh before each test and
 * removed after it, with the database made fresh by dbtest.h's setup. */
#ifndef CSA_RUNTEST_H
#define CSA_RUNTEST_H

#include "dbtest.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

static char root[256]; /* this test's folder: inbox/, archive/, quarantine/, out/ */

static inline int inbox_setup(void **state)
{
    setup(state);
    static int k;
    snprintf(root, sizeof root, "/tmp/csa-run-%ld-%d", (long)getpid(), k++);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s/inbox", root, root);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static inline int inbox_teardown(void **state)
{
    teardown(state);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    return system(cmd);
}

/* ROOT/rel, in one of 8 rotating static buffers. */
static inline const char *at(const char *rel)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", root, rel);
    return b;
}

/* The whole of ROOT/rel (test_slurp: caller frees; the test fails when it cannot be read). */
static inline char *slurp(const char *rel)
{
    return test_slurp(at(rel));
}

/* In a forked child about to exec csa: sets or clears the crash point CSA_FAULT, and sends
 * its stdout and stderr to out and err (NULL: /dev/null). */
static inline void child_prepare(const char *fault, const char *out, const char *err)
{
    if (fault)
        setenv("CSA_FAULT", fault, 1);
    else
        unsetenv("CSA_FAULT");
    int o = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err ? err : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
}

/* How many entries folder path holds, hidden ones not counted; 0 when it is missing. */
static inline int count_entries(const char *path)
{
    DIR *d = opendir(path);
    if (d == NULL)
        return 0;
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

#endif
