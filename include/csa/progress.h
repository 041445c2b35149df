/* progress.h: what `csa run` shows on stderr while it works: a line per stage with its
 * timings, and on a terminal a bar redrawn by the master thread. The only printing outside
 * the command layer, because it happens while the stages run. Quiet shows nothing. */
#ifndef CSA_PROGRESS_H
#define CSA_PROGRESS_H

#include <stddef.h>

struct progress {
    double t0;     /* when the run started */
    double tstage; /* when the current stage started */
    int quiet;
};

/* Starts the clock. */
void progress_start(struct progress *p, int quiet);

/* "csa run: STAGE: counts (stage 0.42 s, total 1.30 s)" on stderr; the next stage starts. */
void progress_stage(struct progress *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Redraws the bar of stage (done of total) on a terminal, from the master thread only. */
void progress_bar(const struct progress *p, const char *stage, size_t done, size_t total);

#endif
