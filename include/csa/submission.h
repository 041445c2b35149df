/* submission.h: one district's strategic assessment (doc/submission.md) in memory.
 *
 * submission_parse() walks a document that already passed etl/submission.xsd and copies
 * what it holds, with the line of every element, into a struct csa_submission. It checks
 * nothing itself: validate.c owns the rules. Everything lives in the submission's arena. */
#ifndef CSA_SUBMISSION_H
#define CSA_SUBMISSION_H

#include "csa/arena.h"
#include "csa/buf.h"
#include "csa/diag.h"
#include "csa/error.h"

#include <libxml/tree.h>
#include <stddef.h>

struct sub_priority {
    const char *wording, *norm;
    int core;            /* kind="core"; else subsidiary */
    const char *rank;    /* as written, or NULL */
    const char *score;   /* as written, or NULL */
    long line;
};

struct sub_theme {
    const char *wording, *norm;
    long line;
};

struct sub_category {
    const char *name, *parent; /* parent may be NULL */
    const char *current, *previous, *difference, *percent; /* as written; last two may be NULL */
    long line;
};

struct sub_value {
    const char *start, *end, *value;
    long line;
};

struct sub_indicator {
    const char *name, *unit;
    struct sub_value *values;
    size_t nvalues;
    long line;
};

struct sub_issue {
    const char *title, *text;
    long line;
};

struct csa_submission {
    struct arena arena; /* owns every string and array here */
    struct buf xml;     /* the document's bytes, as inflated (owned) */
    int was_gzip;
    int was_workbook; /* read from an .xlsx workbook (read_workbook.h); xml holds its bytes */
    long root_line;
    const char *version;
    const char *code, *county, *partnership_name;
    long partnership_line;
    const char *plan_year_text;
    int plan_year; /* start year, set by validation */
    long plan_year_line;
    const char *submitted;
    long submitted_line;
    const char *contact_name, *contact_role, *contact_email;
    const char *scoring;
    long priorities_line;
    struct sub_priority *priorities;
    size_t npriorities;
    struct sub_theme *themes;
    size_t nthemes;
    int has_crime;
    const char *cur_start, *cur_end, *prev_start, *prev_end;
    long crime_line;
    struct sub_category *categories;
    size_t ncategories;
    struct sub_indicator *indicators;
    size_t nindicators;
    struct sub_issue *issues;
    size_t nissues;
};

/* Copies what doc holds into a new submission, which takes ownership of *xml (left empty).
 * The caller frees the result with submission_free. doc must be valid against the XSD. */
struct csa_submission *submission_parse(xmlDocPtr doc, struct buf *xml);
void submission_free(struct csa_submission *s); /* NULL is harmless */

/* Only the header (partnership, plan-year, version, submitted) of any document, valid or
 * not: fields whose elements are missing stay NULL. For checking the register's rules on a
 * file that also failed the XSD, so that the analyst sees every problem at once. */
struct csa_submission *submission_parse_header(xmlDocPtr doc);

/* Checks that every string of s, and every message of warnings (may be NULL), is valid UTF-8
 * (PostgreSQL refuses anything else). On the first that is not: CSA_EINVALID, with err's line
 * that of its element and the text shown escaped; err's file is left for the caller. */
enum csa_rc submission_check_text(const struct csa_submission *s, const struct diags *warnings,
                                  struct csa_error *err);

/* Appends the submission, with the warnings found in it (may be NULL), as the JSON object
 * that csa.load_submission() in sql/ reads. */
void submission_to_json(const struct csa_submission *s, const struct diags *warnings,
                        struct buf *out);

#endif
