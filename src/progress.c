/* progress.c: the stage lines and the progress bar of `csa run` (see progress.h). */
#include "csa/progress.h"

#include <omp.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

/* Asked once: the answer does not change during a run, and workers ask per file. */
static int stderr_is_tty(void)
{
    static int tty = -1;
    if (tty < 0)
        tty = isatty(2);
    return tty;
}

void progress_start(struct progress *p, int quiet)
{
    p->t0 = p->tstage = omp_get_wtime();
    p->quiet = quiet;
}

void progress_stage(struct progress *p, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    double now = omp_get_wtime();
    if (!p->quiet)
        fprintf(stderr, "%scsa run: %s (stage %.3f s, total %.3f s)\n",
                stderr_is_tty() ? "\r\033[K" : "", line, now - p->tstage, now - p->t0);
    p->tstage = now;
}

/* A bar on a terminal; nothing under cron. */
void progress_bar(const struct progress *p, const char *stage, size_t done, size_t total)
{
    if (p->quiet || !stderr_is_tty() || omp_get_thread_num() != 0 || total == 0)
        return;
    int width = 40, fill = (int)(done * (size_t)width / total);
    fprintf(stderr, "\r\033[K%-9s [%.*s%*s] %zu/%zu", stage, fill,
            "########################################", width - fill, "", done, total);
}
