/* draft.h: one plan year's draft agreement, from the database to files on disk.
 *
 * Counts the year (count.h), numbers the draft (sql/logic/55_drafts.sql), renders HTML,
 * Markdown and Word (render.h), prints the HTML to PDF when asked (chromium.h) and writes each
 * document atomically, only when its bytes change
 * (fsio.h). Shared by `csa agreement` and `csa run`.
 * It reports what it wrote in a struct draft_files; draft_files_text words that list, and
 * printing it is the command line's. */
#ifndef CSA_DRAFT_H
#define CSA_DRAFT_H

#include "csa/buf.h"
#include "csa/error.h"
#include "csa/register.h"

#include <libpq-fe.h>

/* draft_year's flags: the documents to write, and how. */
enum {
    DRAFT_HTML = 1,
    DRAFT_MD = 2,
    DRAFT_RECORD = 4, /* record a new draft number when the content changed (county unit) */
    DRAFT_FINAL = 8,  /* no status box, no number; refused while anything is open */
    DRAFT_FORCE = 16, /* with DRAFT_FINAL: write it even so */
    DRAFT_PDF = 32,   /* agreement.pdf: the HTML printed by Chromium (chromium.h) */
    DRAFT_DOCX = 64,  /* agreement.docx */
    DRAFT_PDF_LAST = 128, /* with DRAFT_PDF, no browser: write the others, then fail (csa run) */
};

/* "html,md,docx,pdf" (any of them, comma-separated; "markdown" for md) as DRAFT_HTML |
 * DRAFT_MD | DRAFT_DOCX | DRAFT_PDF; 0 for an empty list or an unknown word. Pure. */
int draft_parse_formats(const char *s);

/* draft_year's flags for `csa run`'s drafts of formats (0: HTML and Markdown): recorded, and
 * without a browser the other documents still written (DRAFT_PDF_LAST). Pure. */
int draft_run_flags(int formats);

/* A document draft_year wrote or found unchanged. */
struct draft_file {
    char *path; /* owned */
    int changed; /* its bytes changed, so it was written */
};

/* The documents of one or more drafts, in the order they were handled. A zeroed struct is
 * an empty list. */
struct draft_files {
    struct draft_file *v; /* owned */
    size_t n, cap;
    size_t written; /* how many changed */
};

/* Writes dir/agreement.html, .md, .docx and .pdf, those flags ask for (DRAFT_HTML, DRAFT_MD,
 * DRAFT_DOCX, DRAFT_PDF), for plan year y, always in that order.
 * The docx and the PDF carry the same status box (or none, final) as the HTML. date (may be NULL) is the date to show. Appends
 * each document handled to *files
 * (may be NULL), whose entries the caller frees with draft_files_free.
 *
 * Draft control (sql/logic/55_drafts.sql): the draft's number and "data as of" date come from
 * the database, and change only when the document's content does. With DRAFT_RECORD a new
 * content is recorded as the next number; a numbered draft is also written to
 * dir/drafts/N/, where earlier drafts stay. Without it (an analyst) the document carries the
 * latest recorded number when its content is that draft's, else it is an unrecorded draw
 * after it, written to dir alone.
 *
 * DRAFT_FINAL writes the document without the status box, numbering nothing; while a
 * partnership is missing, a selected priority has no lead or a wording is unmapped it
 * writes nothing and fails with CSA_EINVALID naming them, unless DRAFT_FORCE is set.
 *
 * DRAFT_PDF prints the document's HTML (status box and all, or the final one) with headless
 * Chromium (chromium.h). Without a browser it fails with CSA_EENV before writing anything;
 * with DRAFT_PDF_LAST too, it writes the other documents asked for and then fails with
 * CSA_EENV, the message saying the PDF was not written and why.
 * The PDF is judged unchanged by the HTML it was printed from, kept beside it as
 * .agreement.pdf.html (a PDF's own bytes hold its creation time): an unchanged one is not
 * printed again and not touched. */
enum csa_rc draft_year(PGconn *c, const struct csa_register *reg, int y, const char *date,
                       const char *dir, int flags, struct draft_files *files,
                       struct csa_error *err);

/* The counts the drafts of one batch share: each year's count table (csa.count_json), kept as
 * its draft counts it, so the draft of the year after takes its year-on-year figures from it
 * instead of counting that year again. Safe to use from several threads at once. */
struct draft_shared;

/* A new, empty store, the caller's (draft_shared_free). */
struct draft_shared *draft_shared_new(void);

/* Frees the store and what it kept; harmless on NULL. */
void draft_shared_free(struct draft_shared *s);

/* draft_year, sharing counts with the other drafts of shared (NULL: none shared, as
 * draft_year). A year's count is taken from shared only when its draft has put it there. */
enum csa_rc draft_year_shared(PGconn *c, const struct csa_register *reg, int y, const char *date,
                              const char *dir, int flags, struct draft_shared *shared,
                              struct draft_files *files, struct csa_error *err);

/* Appends "wrote PATH" or "unchanged PATH", a line per document. Pure. */
void draft_files_text(const struct draft_files *files, struct buf *out);

/* Frees the list; harmless on an empty one. */
void draft_files_free(struct draft_files *files);

#endif
