/* chromium.h: prints an HTML document to PDF with headless Chromium, run as a child process.
 *
 * The same browser run as scripts/headless-chromium.sh, from C: no shell, the flags given as an
 * argument vector (posix_spawn). Each run gets a fresh temporary folder (TMPDIR, else /tmp) that
 * holds the page, the browser's profile (--user-data-dir, so no earlier run or user profile leaks
 * in), the PDF and the browser's log; the folder is removed afterwards, whatever happened. The
 * browser runs headless, with the GPU and every background network service off (the page is
 * self-contained and the machines have no network), without the print header and footer of its
 * own (the document's print CSS numbers the pages), and with --no-sandbox only when csa runs as
 * root, where Chromium refuses to start with it. The browser's output never reaches csa's.
 *
 * What it does not do: fetch anything, keep a browser running between documents, or decide
 * whether a PDF needs writing (the caller compares the HTML: a PDF's bytes hold its creation
 * time, so two prints of one page differ).
 *
 * Errors are CSA_EENV (exit 3), worded for the person who must install or fix the browser. */
#ifndef CSA_CHROMIUM_H
#define CSA_CHROMIUM_H

#include "csa/buf.h"
#include "csa/error.h"

#include <stddef.h>

/* Seconds a print may take before the browser is killed: CSA_CHROMIUM_TIMEOUT when it holds
 * a whole number from 1 to 3600, else this. */
#define CHROMIUM_TIMEOUT_DEFAULT 120

/* Finds the browser: the file CSA_CHROMIUM names when that is set and not empty, else the
 * first executable `chromium` in a folder of PATH. On success *path is malloc'd and the caller
 * frees it. Without a browser *path is NULL and err says what to install ("--format pdf needs
 * Chromium: install the Debian package chromium, or name the browser in CSA_CHROMIUM", and
 * which file CSA_CHROMIUM named when it is not an executable file). Touches no file. */
enum csa_rc chromium_find(char **path, struct csa_error *err);

/* Prints the len bytes of html (a whole, self-contained HTML document) to PDF with the browser
 * at path (from chromium_find) and appends the PDF's bytes to *pdf. The PDF's title is the
 * page's <title>. A run that writes no PDF is tried again, up to three runs in all (a cold
 * start on a loaded machine can fail once); a run still going after timeout_s seconds is
 * killed with its whole process group and not tried again. On failure *pdf is as it was and
 * err says why, with the last line of the browser's log. */
enum csa_rc chromium_print_pdf(const char *path, const char *html, size_t len, int timeout_s,
                               struct buf *pdf, struct csa_error *err);

/* The timeout chromium_print_pdf should be given: CSA_CHROMIUM_TIMEOUT or the default. */
int chromium_timeout(void);

#endif
