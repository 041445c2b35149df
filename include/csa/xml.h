/* xml.h: safe XML parsing and XSD validation with errors in an analyst's words.
 *
 * Submissions come from outside the county's control, so the parser runs with no network,
 * no DTD (a DOCTYPE stops the parse at once, before any entity is declared), no entity
 * substitution, and bounds on nesting depth and element count. Every problem is recorded
 * in a struct diags with its line. XSD messages from libxml2 are rewritten to name the
 * element, the value and what was expected. Call xml_init() once from the main thread. */
#ifndef CSA_XML_H
#define CSA_XML_H

#include "csa/arena.h"
#include "csa/diag.h"
#include "csa/error.h"

#include <libxml/tree.h>
#include <stddef.h>

struct xml_limits {
    int max_depth;     /* deepest element nesting accepted */
    long max_elements; /* most elements accepted in one document */
};

/* Sensible bounds for a strategic assessment or a county register. */
extern const struct xml_limits xml_default_limits;

/* Initialises libxml2 once, before any thread parses, and refuses every external entity. */
void xml_init(void);

/* Parses len bytes of data. On success returns a document the caller frees with xmlFreeDoc.
 * On failure returns NULL, having added at least one error with its line to d. */
xmlDocPtr xml_parse(const char *data, size_t len, const struct xml_limits *lim, struct diags *d);

/* A compiled XSD, shared read-only between threads. */
struct xml_schema;

/* What a value of one element's text (attribute NULL) or attribute must look like, in words,
 * for messages such as: priority rank "two" is not a whole number (1, 2, 3, ...). */
struct xml_expect {
    const char *element;
    const char *attribute;
    const char *words;
};

/* Compiles the XSD in data (len bytes). name is used in messages; root is the element a
 * document must start with, for a clear message when it does not; expect (ending with a
 * zeroed entry, may be NULL) words the values the XSD types check. s keeps these pointers. */
enum csa_rc xml_schema_compile(const char *name, const char *data, size_t len, const char *root,
                               const struct xml_expect *expect, struct xml_schema **out,
                               struct csa_error *err);
void xml_schema_free(struct xml_schema *s); /* NULL is harmless */

/* Validates doc against s, adding one error per problem to d. Safe to call from several
 * threads at once on different documents. Returns the number of errors added. */
size_t xml_validate(const struct xml_schema *s, xmlDocPtr doc, struct diags *d);

/* DOM helpers. Strings are copied into a, so the document can be freed independently. */
long xml_line(const xmlNode *n);
const char *xml_prop(struct arena *a, const xmlNode *n, const char *name); /* NULL if absent */
const char *xml_text(struct arena *a, const xmlNode *n);                   /* never NULL */
int xml_is(const xmlNode *n, const char *name); /* element named name */
const xmlNode *xml_child(const xmlNode *n, const char *name); /* first such child element */
size_t xml_count(const xmlNode *n, const char *name);          /* number of such children */

/* Reads every child element called child of list (which may be NULL) into arr, allocated in
 * arena a with one slot to spare: reader(a, element, &arr[count++]) for each, in document
 * order. arr and count name the caller's array and its count (count starts at 0). */
#define XML_READ_CHILDREN(a, list, child, arr, count, reader)                                  \
    do {                                                                                      \
        const xmlNode *l_ = (list);                                                           \
        (arr) = arena_alloc(a, (xml_count(l_, child) + 1) * sizeof *(arr));                   \
        for (const xmlNode *c_ = l_ ? l_->children : NULL; c_; c_ = c_->next)                 \
            if (xml_is(c_, child))                                                            \
                reader(a, c_, &(arr)[(count)++]);                                             \
    } while (0)

#endif
