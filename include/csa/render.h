/* render.h: the count table and the draft agreement as text, CSV, JSON, HTML, Markdown and
 * Word (.docx).
 *
 * Renderers are pure: they turn a struct agreement into bytes and touch nothing else, so
 * the same data always gives the same bytes (no clock, no locale, no hash order). Every
 * piece of submitted or register text is escaped for its format. */
#ifndef CSA_RENDER_H
#define CSA_RENDER_H

#include "csa/buf.h"
#include "csa/count.h"
#include "csa/error.h"

/* `csa counts` in its three forms (doc/cli.md). */
void render_counts_text(const struct agreement *a, struct buf *out);
void render_counts_csv(const struct agreement *a, struct buf *out);
void render_counts_json(const struct agreement *a, struct buf *out);

/* Appends s as one CSV field, quoted per RFC 4180 when it holds a comma, quote or line break;
 * NULL is an empty field. */
void render_csv_field(struct buf *b, const char *s);

/* The draft agreement, in the structure of the Kent Community Safety Agreement 2011-14. */
void render_html(const struct agreement *a, struct buf *out);
void render_markdown(const struct agreement *a, struct buf *out);
/* The same document as a Word file (.docx, WordprocessingML), replacing out's contents: the
 * same blocks as the HTML in Word's own styles, a contents field, numbered pages, Appendix A's
 * notes as Word footnotes and its chart as a native Word chart (its numbers cached and in an
 * embedded workbook), and the document properties (title, subject, plan year, draft, en-GB). The same agreement gives
 * the same bytes. Fails (err says why, out holds no document) only when the zip library
 * does. */
enum csa_rc render_docx(const struct agreement *a, struct buf *out, struct csa_error *err);

/* The pieces of front matter the county register does not give for a's plan year (no
 * agreement period covers it, or its period leaves them out), each written "TBC" in the draft,
 * in document order, as words: "the foreword", "the signatories (section 7)". Stores up to
 * max of them in v (static strings) and returns how many there are. */
size_t render_front_tbc(const struct agreement *a, const char **v, size_t max);

/* Appends the selection rule as SQL states it (a->rule, csa.selection_rule). in_words: as the
 * agreement writes it, the smallest whole count selected and N in words ("at least six of the
 * eleven" for more than 5.5 of 11; "all eleven"; "more than all eleven" when no count can
 * meet it); else SQL's own figures ("more than 5.5 of the 11"). Never recomputes the
 * threshold. */
void render_rule_words(const struct agreement *a, int in_words, struct buf *out);

/* A number in words as the seed writes them: 0 "none", 1 "one" ... 11 "eleven" ... 
 * capitalised when cap is set ("Eight"). Numbers past ninety-nine are written in digits. */
const char *render_number_words(int n, int cap, char *buf, size_t size);

#endif
