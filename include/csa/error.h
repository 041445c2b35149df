/* error.h: result codes and the error record every stage fills.
 *
 * A function that can fail returns enum csa_rc and fills a caller-supplied struct csa_error;
 * the command line prints it once, as "FILE:LINE: error: message" when it has a place.
 * The numeric values are the process exit codes fixed by the cli contract (doc/cli.md). */
#ifndef CSA_ERROR_H
#define CSA_ERROR_H

#include <limits.h>
#include <stdio.h>

enum csa_rc {
    CSA_OK = 0,       /* done */
    CSA_EINVALID = 1, /* some input was invalid or rejected */
    CSA_EUSAGE = 2,   /* unknown command or option, missing argument */
    CSA_EENV = 3,     /* database, file system or register trouble */
    CSA_ELOCKED = 4   /* another csa run holds the lock */
};

struct csa_error {
    enum csa_rc code;
    /* empty when the error has no file. PATH_MAX: the kernel refuses any longer path, so every
     * path csa could have opened fits whole; csa_error_set_file marks a longer one as cut. */
    char file[PATH_MAX];
    long line;      /* 0 when it has no line */
    char msg[1024];
};

/* Records an error in *err (which may be NULL) and returns code, so callers can write
 * "return csa_fail(err, CSA_EENV, path, 0, "could not open ...")". err->msg is always valid
 * UTF-8: bad bytes in what it quotes are shown as \xHH, and a message longer than err->msg is
 * cut between two characters and ends in "...". */
enum csa_rc csa_fail(struct csa_error *err, enum csa_rc code, const char *file, long line,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Sets the file the error is about (NULL: none). A path longer than err->file is cut at a
 * character boundary and ends in "...", so a cut is never silent. */
void csa_error_set_file(struct csa_error *err, const char *file);

/* Clears *err to "no error". */
void csa_error_clear(struct csa_error *err);

/* Appends err to b as a line "FILE:LINE: error: msg", "FILE: error: msg" or
 * "csa: error: msg", the form csa prints. FILE is shown escaped (utf8_escape): a name that
 * is not UTF-8 reads e.g. sw\xE1le-2011.xml. */
struct buf;
void csa_error_format(struct buf *b, const struct csa_error *err);


#endif
