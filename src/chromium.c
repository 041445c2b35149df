/* chromium.c: headless Chromium as a PDF printer (see chromium.h). One run is: a temporary
 * folder, the page written into it, the browser spawned with an argument vector and a fresh
 * profile, waited for with a deadline, the PDF read back, the folder removed. */
/* nftw is XSI: the build defines _POSIX_C_SOURCE only */
#define _XOPEN_SOURCE 700
#include "csa/chromium.h"
#include "csa/fsio.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define NEEDS "--format pdf needs Chromium: install the Debian package chromium, or name the " \
              "browser in CSA_CHROMIUM"

static int is_executable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* The first executable file called name in a folder of PATH, malloc'd, else NULL. */
static char *search_path(const char *name)
{
    const char *path = getenv("PATH");
    if (path == NULL || *path == '\0')
        return NULL;
    char *dirs = xstrdup(path), *found = NULL;
    for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d && !found;
         d = strtok_r(NULL, ":", &save)) {
        char *p = fsio_join(d, name);
        if (is_executable_file(p))
            found = p;
        else
            free(p);
    }
    free(dirs);
    return found;
}

enum csa_rc chromium_find(char **path, struct csa_error *err)
{
    *path = NULL;
    const char *named = getenv("CSA_CHROMIUM");
    if (named && *named) {
        if (strchr(named, '/'))
            *path = is_executable_file(named) ? xstrdup(named) : NULL;
        else
            *path = search_path(named);
        if (*path == NULL)
            return csa_fail(err, CSA_EENV, NULL, 0,
                            NEEDS " (CSA_CHROMIUM names \"%s\", which is not an executable file)",
                            named);
        return CSA_OK;
    }
    *path = search_path("chromium");
    if (*path == NULL)
        return csa_fail(err, CSA_EENV, NULL, 0, NEEDS);
    return CSA_OK;
}

int chromium_timeout(void)
{
    const char *s = getenv("CSA_CHROMIUM_TIMEOUT");
    if (s && *s) {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (errno == 0 && *end == '\0' && v >= 1 && v <= 3600)
            return (int)v;
    }
    return CHROMIUM_TIMEOUT_DEFAULT;
}

static int remove_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(p);
    return 0;
}

/* Reads the whole regular file path into *out (appending); 0 when it is missing or empty. */
static int read_file(const char *path, struct buf *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return 0;
    size_t before = out->len;
    char chunk[65536];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        buf_append(out, chunk, (size_t)n);
    close(fd);
    if (n < 0) {
        out->len = before;
        if (out->data)
            out->data[before] = '\0';
        return 0;
    }
    return out->len > before;
}

/* The last line of the browser's log worth showing (D-Bus complaints of a machine without a
 * session bus are noise), cut to fit, into line; "" when there is none. */
static void last_log_line(const char *log, char *line, size_t size)
{
    struct buf b = {0};
    line[0] = '\0';
    read_file(log, &b);
    for (char *save = NULL, *l = b.data ? strtok_r(b.data, "\n", &save) : NULL; l;
         l = strtok_r(NULL, "\n", &save))
        if (strstr(l, "dbus/") == NULL && l[strspn(l, " \t\r")] != '\0')
            snprintf(line, size, "%s", l);
    buf_free(&b);
}

/* "file://" and path, each byte outside the URL's unreserved set and "/" written %XX. */
static void file_url(const char *path, struct buf *url)
{
    buf_puts(url, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p))
            buf_putc(url, (char)*p);
        else
            buf_printf(url, "%%%02X", *p);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One browser run printing the page at url to out_pdf, its output into log. Sets *timed_out
 * when it had to be killed. Fails only when it cannot be started. */
static enum csa_rc run_once(const char *browser, const char *profile, const char *url,
                            const char *out_pdf, const char *log, int timeout_s,
                            int *timed_out, int *status, struct csa_error *err)
{
    struct buf user_dir = {0}, print = {0};
    buf_printf(&user_dir, "--user-data-dir=%s", profile);
    buf_printf(&print, "--print-to-pdf=%s", out_pdf);
    char *argv[24];
    int n = 0;
    argv[n++] = (char *)browser;
    argv[n++] = "--headless";
    if (geteuid() == 0) /* Chromium refuses to run as root with its sandbox */
        argv[n++] = "--no-sandbox";
    const char *flags[] = {"--disable-gpu", "--disable-quic", "--no-first-run",
                           "--no-default-browser-check", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync",
                           "--disable-extensions", "--disable-dev-shm-usage",
                           "--no-pdf-header-footer"};
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        argv[n++] = (char *)flags[i];
    argv[n++] = user_dir.data;
    argv[n++] = print.data;
    argv[n++] = (char *)url;
    argv[n] = NULL;

    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawnattr_init(&at);
    sigset_t none, dflt;
    sigemptyset(&none);
    sigemptyset(&dflt);
    sigaddset(&dflt, SIGPIPE);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &dflt);
    posix_spawnattr_setpgroup(&at, 0); /* its own group, so a kill reaches its helpers too */
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
    pid_t pid;
    int e = posix_spawn(&pid, browser, &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    buf_free(&user_dir);
    buf_free(&print);
    if (e != 0)
        return csa_fail(err, CSA_EENV, NULL, 0, "could not start Chromium (%s): %s", browser,
                        strerror(e));

    double deadline = now() + timeout_s;
    *timed_out = 0;
    *status = 0;
    for (;;) {
        pid_t w = waitpid(pid, status, WNOHANG);
        if (w == pid || (w < 0 && errno != EINTR))
            break;
        if (now() >= deadline) {
            kill(-pid, SIGKILL);
            while (waitpid(pid, status, 0) < 0 && errno == EINTR)
                ;
            *timed_out = 1;
            break;
        }
        nanosleep(&(struct timespec){.tv_nsec = 50 * 1000 * 1000}, NULL);
    }
    kill(-pid, SIGKILL); /* helpers it left behind, which would hold the profile */
    return CSA_OK;
}

enum csa_rc chromium_print_pdf(const char *path, const char *html, size_t len, int timeout_s,
                               struct buf *pdf, struct csa_error *err)
{
    const char *tmp = getenv("TMPDIR");
    char *tmpl = fsio_join(tmp && *tmp ? tmp : "/tmp", "csa-chromium.XXXXXX");
    if (mkdtemp(tmpl) == NULL) {
        enum csa_rc rc = csa_fail(err, CSA_EENV, tmpl, 0,
                                  "could not make a temporary folder for Chromium: %s",
                                  strerror(errno));
        free(tmpl);
        return rc;
    }
    char *work = realpath(tmpl, NULL);
    free(tmpl);
    if (work == NULL)
        return csa_fail(err, CSA_EENV, NULL, 0, "could not resolve Chromium's temporary folder: %s",
                        strerror(errno));
    char *page = fsio_join(work, "agreement.html"), *out = fsio_join(work, "agreement.pdf");
    char *log = fsio_join(work, "chromium.log"), *profile = fsio_join(work, "profile");
    struct buf url = {0};
    file_url(page, &url);
    enum csa_rc rc = fsio_write(page, html, len, err);
    int done = 0, timed_out = 0, status = 0;
    for (int attempt = 1; rc == CSA_OK && !done && !timed_out && attempt <= 3; attempt++) {
        nftw(profile, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        unlink(out);
        if (mkdir(profile, 0700) != 0)
            rc = csa_fail(err, CSA_EENV, profile, 0, "could not make Chromium's profile folder: %s",
                          strerror(errno));
        if (rc == CSA_OK)
            rc = run_once(path, profile, buf_str(&url), out, log, timeout_s, &timed_out, &status,
                          err);
        if (rc == CSA_OK && !timed_out) {
            struct buf got = {0};
            if (read_file(out, &got)) {
                buf_append(pdf, got.data, got.len);
                done = 1;
            }
            buf_free(&got);
        }
    }
    if (rc == CSA_OK && !done) {
        char last[300];
        last_log_line(log, last, sizeof last);
        if (timed_out)
            rc = csa_fail(err, CSA_EENV, NULL, 0,
                          "Chromium (%s) did not print the PDF within %d seconds and was "
                          "stopped (CSA_CHROMIUM_TIMEOUT sets the limit)%s%s",
                          path, timeout_s, last[0] ? "; its log ends: " : "", last);
        else
            rc = csa_fail(err, CSA_EENV, NULL, 0,
                          "Chromium (%s) wrote no PDF in three runs (exit status %d)%s%s", path,
                          WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
                          last[0] ? "; its log ends: " : "", last);
    }
    nftw(work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    buf_free(&url);
    free(page);
    free(out);
    free(log);
    free(profile);
    free(work);
    return rc;
}
