/* xml.c: hardened libxml2 parsing and XSD validation with analyst-worded messages (see xml.h).
 *
 * The parser is driven by hand (xmlCreateMemoryParserCtxt + xmlParseDocument) so that three
 * SAX callbacks can be wrapped: a DOCTYPE stops the parse before any declaration is read,
 * every element start is counted and its depth checked, and errors arrive structured, with
 * their line. It never substitutes entities and never touches the network or the disk. */
#include "csa/xml.h"
#include "csa/buf.h"
#include "csa/utf8.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>

const struct xml_limits xml_default_limits = {.max_depth = 32, .max_elements = 200000};

struct parse_state {
    struct diags *d;
    const struct xml_limits *lim;
    long elements;
    int failed; /* an error was recorded: the document is refused even if libxml2 finished */
    startElementNsSAX2Func sax2_start;
};

/* Refuses every external entity, DTD or schema import: nothing here may read outside input. */
static xmlParserInputPtr no_external(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

void xml_init(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(no_external);
}

/* Drops the trailing new line, spaces and full stop libxml2 ends its messages with. */
static void trim_newline(struct buf *b)
{
    while (b->len > 0 && (b->data[b->len - 1] == '\n' || b->data[b->len - 1] == ' ' ||
                          b->data[b->len - 1] == '.'))
        b->data[--b->len] = '\0';
}

/* The length of the name at s: up to white space, a quote or the end. */
static int name_len(const char *s)
{
    return (int)strcspn(s, " \t\n'");
}

/* Rewrites libxml2's well-formedness messages for the commonest mistakes. Names are taken
 * whole from raw (no fixed buffers), so a long name in any script is never split. */
static void word_parse_error(const char *raw, struct buf *out)
{
    static const char mismatch[] = "Opening and ending tag mismatch: ";
    static const char premature[] = "Premature end of data in tag ";
    static const char entity[] = "Entity '";
    long line;
    int at = -1;
    if (strncmp(raw, mismatch, sizeof mismatch - 1) == 0) {
        const char *a = raw + sizeof mismatch - 1, *rest = a + name_len(a);
        if (sscanf(rest, " line %ld and %n", &line, &at) == 1 && at > 0) {
            buf_printf(out, "<%.*s> opened on line %ld is closed by </%.*s>; the tags must match",
                       name_len(a), a, line, name_len(rest + at), rest + at);
            return;
        }
    }
    if (strncmp(raw, premature, sizeof premature - 1) == 0) {
        const char *a = raw + sizeof premature - 1;
        if (sscanf(a + name_len(a), " line %ld", &line) == 1) {
            buf_printf(out, "the file ends before <%.*s> (opened on line %ld) is closed",
                       name_len(a), a, line);
            return;
        }
    }
    const char *a = raw + sizeof entity - 1;
    if (strstr(raw, "Document is empty") || strstr(raw, "Start tag expected"))
        buf_puts(out, "the file is empty or is not XML");
    else if (strstr(raw, "xmlParseEntityRef: no name"))
        buf_puts(out, "a bare \"&\" in text must be written \"&amp;\"");
    else if (strncmp(raw, entity, sizeof entity - 1) == 0 &&
             strncmp(a + strcspn(a, "'"), "' not defined", 13) == 0)
        buf_printf(out,
                   "unknown entity \"&%.*s;\" (only &amp; &lt; &gt; &quot; &apos; and numeric "
                   "character references are allowed)",
                   (int)strcspn(a, "'"), a);
    else if (strstr(raw, "not proper UTF-8") || strstr(raw, "Invalid bytes in character"))
        buf_puts(out, "the file is not valid UTF-8 text; save it as UTF-8");
    else
        buf_printf(out, "the file is not well-formed XML: %s", raw);
}

static void on_parse_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct parse_state *st = ctxt->_private;
    if (e->level == XML_ERR_WARNING || st->failed)
        return; /* after the first fatal error libxml2's further messages only echo it */
    struct buf raw = {0}, msg = {0};
    buf_puts(&raw, e->message ? e->message : "unknown error");
    trim_newline(&raw);
    word_parse_error(buf_str(&raw), &msg);
    diags_add(st->d, DIAG_ERROR, e->line, "%s", buf_str(&msg));
    buf_free(&raw);
    buf_free(&msg);
    st->failed = 1;
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    xmlParserCtxtPtr ctxt = ctx;
    struct parse_state *st = ctxt->_private;
    if (!st->failed)
        diags_add(st->d, DIAG_ERROR, xmlSAX2GetLineNumber(ctx),
                  "the file has a <!DOCTYPE> declaration; submissions may not have one (it can "
                  "pull in other files or expand entities), so remove it");
    st->failed = 1;
    xmlStopParser(ctxt);
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attr,
                     int nb_defaulted, const xmlChar **attrs)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct parse_state *st = ctxt->_private;
    long line = xmlSAX2GetLineNumber(ctx);
    if (++st->elements > st->lim->max_elements) {
        diags_add(st->d, DIAG_ERROR, line,
                  "the file has more than %ld elements; a submission is never this big, so it "
                  "is refused",
                  st->lim->max_elements);
        st->failed = 1;
        xmlStopParser(ctxt);
        return;
    }
    if (ctxt->nameNr + 1 > st->lim->max_depth) {
        diags_add(st->d, DIAG_ERROR, line,
                  "<%s> is nested more than %d elements deep; the format is never this deep",
                  (const char *)localname, st->lim->max_depth);
        st->failed = 1;
        xmlStopParser(ctxt);
        return;
    }
    st->sax2_start(ctx, localname, prefix, uri, nb_ns, ns, nb_attr, nb_defaulted, attrs);
    /* libxml2 dates an element by the line its start tag ends on; an analyst looks for the
     * line it starts on. The tag starts at the last "<" before the cursor (a "<" cannot
     * stand raw in an attribute value), so count the line breaks in between. */
    if (ctxt->node && ctxt->input && line < 65535) {
        long breaks = 0;
        for (const xmlChar *p = ctxt->input->cur; p > ctxt->input->base && *p != '<'; p--)
            breaks += *p == '\n';
        if (breaks > 0 && breaks < line)
            ctxt->node->line = (unsigned short)(line - breaks);
    }
}

xmlDocPtr xml_parse(const char *data, size_t len, const struct xml_limits *lim, struct diags *d)
{
    if (len > (size_t)INT32_MAX) {
        diags_add(d, DIAG_ERROR, 0, "the file is too large to parse");
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(data, (int)len);
    if (ctxt == NULL) {
        diags_add(d, DIAG_ERROR, 0, "the file is empty or is not XML");
        return NULL;
    }
    struct parse_state st = {.d = d, .lim = lim ? lim : &xml_default_limits};
    st.sax2_start = ctxt->sax->startElementNs;
    ctxt->sax->startElementNs = on_start;
    ctxt->sax->internalSubset = on_doctype;
    ctxt->sax->externalSubset = NULL;
    ctxt->sax->serror = on_parse_error;
    ctxt->_private = &st;
    /* NONET: never fetch; BIG_LINES: true line numbers past 65535; no NOENT, no DTDLOAD */
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING);
    xmlParseDocument(ctxt);
    xmlDocPtr doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    if (!st.failed && !ctxt->wellFormed) {
        diags_add(d, DIAG_ERROR, 0, "the file is not well-formed XML");
        st.failed = 1;
    }
    if (!st.failed && (doc == NULL || xmlDocGetRootElement(doc) == NULL)) {
        diags_add(d, DIAG_ERROR, 0, "the file is empty or is not XML");
        st.failed = 1;
    }
    xmlFreeParserCtxt(ctxt);
    if (st.failed) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* ---- XSD ------------------------------------------------------------------------------ */

struct xml_schema {
    xmlSchemaPtr xsd;
    const char *root;
    const struct xml_expect *expect;
};

static void on_schema_build_error(void *ctx, xmlErrorPtr e)
{
    struct buf *b = ctx;
    if (b->len == 0 && e->message)
        buf_puts(b, e->message);
}

enum csa_rc xml_schema_compile(const char *name, const char *data, size_t len, const char *root,
                               const struct xml_expect *expect, struct xml_schema **out,
                               struct csa_error *err)
{
    *out = NULL;
    struct buf why = {0};
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(data, (int)len);
    if (pc == NULL)
        return csa_fail(err, CSA_EENV, name, 0, "could not read the schema");
    xmlSchemaSetParserStructuredErrors(pc, on_schema_build_error, &why);
    xmlSchemaPtr xsd = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (xsd == NULL) {
        trim_newline(&why);
        csa_fail(err, CSA_EENV, name, 0, "the schema does not compile: %s", buf_str(&why));
        buf_free(&why);
        return CSA_EENV;
    }
    buf_free(&why);
    struct xml_schema *s = xcalloc(1, sizeof *s);
    s->xsd = xsd;
    s->root = root;
    s->expect = expect;
    *out = s;
    return CSA_OK;
}

void xml_schema_free(struct xml_schema *s)
{
    if (s == NULL)
        return;
    xmlSchemaFree(s->xsd);
    free(s);
}

struct validate_state {
    const struct xml_schema *s;
    struct diags *d;
    size_t added;
};

static const char *expected_words(const struct xml_schema *s, const char *elem, const char *attr)
{
    for (const struct xml_expect *x = s->expect; x && x->element; x++)
        if (strcmp(x->element, elem) == 0 &&
            ((attr == NULL && x->attribute == NULL) ||
             (attr && x->attribute && strcmp(x->attribute, attr) == 0)))
            return x->words;
    return NULL;
}

/* The text between key and the next quote, as *v and its length; 0 when msg has no key. */
static int quoted_after(const char *msg, const char *key, const char **v, int *len)
{
    const char *p = strstr(msg, key);
    if (p == NULL)
        return 0;
    p += strlen(key);
    const char *q = strchr(p, '\'');
    if (q == NULL)
        return 0;
    *v = p;
    *len = (int)(q - p);
    return 1;
}

/* Turns "Expected is one of ( a, b )." into "<a>, <b>" appended to out. */
static void expected_elements(const char *msg, struct buf *out)
{
    const char *p = strstr(msg, "Expected is");
    if (p == NULL || (p = strchr(p, '(')) == NULL)
        return;
    const char *end = strchr(p, ')');
    if (end == NULL)
        return;
    int first = 1;
    for (p++; p < end;) {
        while (p < end && (*p == ' ' || *p == ','))
            p++;
        const char *w = p;
        while (p < end && *p != ',' && *p != ' ')
            p++;
        if (p > w) {
            buf_printf(out, "%s<%.*s>", first ? "" : ", ", (int)(p - w), w);
            first = 0;
        }
    }
}

/* At most max bytes of s, cut between two characters, with "..." when cut. */
static void put_cut(struct buf *out, const char *s, size_t max)
{
    size_t n = strlen(s), keep = utf8_cut(s, n, max);
    buf_append(out, s, keep);
    if (keep < n)
        buf_puts(out, "...");
}

static void word_value_error(const struct xml_schema *s, const char *elem, const char *attr,
                             const char *body, struct buf *out)
{
    const char *v = "";
    int vlen = 0;
    /* "[facet 'x'] The value 'V' is ..." or "'V' is not a valid value of ..." */
    if (!quoted_after(body, "The value '", &v, &vlen) && body[0] == '\'')
        v = body + 1, vlen = (int)strcspn(body + 1, "'");
    struct buf value = {0};
    buf_append(&value, v, (size_t)vlen);
    const char *words = expected_words(s, elem, attr);
    char *end;
    long n = strtol(buf_str(&value), &end, 10);
    buf_printf(out, "%s%s%s \"%s\" ", elem, attr ? " " : "", attr ? attr : "", buf_str(&value));
    if (words && strncmp(words, "a whole number (1, 2, 3", 23) == 0 && vlen && !*end && n < 1)
        buf_puts(out, "must be 1 or more (1, 2, 3, ...)");
    else if (words)
        buf_printf(out, "is not %s", words);
    else {
        buf_puts(out, "is not an accepted value (");
        put_cut(out, body, 300);
        buf_putc(out, ')');
    }
    buf_free(&value);
}

static void word_schema_error(const struct xml_schema *s, const xmlNode *node, const char *raw,
                              struct buf *out)
{
    const char *a = NULL, *nm = NULL;
    int alen = 0, nlen = 0;
    const char *elem = node && node->name ? (const char *)node->name : "?";
    int has_attr = quoted_after(raw, "attribute '", &a, &alen);
    struct buf attr = {0}, name = {0}, exp = {0};
    if (has_attr)
        buf_append(&attr, a, (size_t)alen);
    const char *body = strstr(raw, "': ");
    body = body ? body + 3 : raw;
    const char *parent = node && node->parent && node->parent->type == XML_ELEMENT_NODE
                             ? (const char *)node->parent->name
                             : NULL;
    if (quoted_after(body, "The attribute '", &nm, &nlen))
        buf_append(&name, nm, (size_t)nlen);
    if (strncmp(body, "[facet", 6) == 0 || strstr(body, "is not a valid value of")) {
        word_value_error(s, elem, has_attr ? buf_str(&attr) : NULL, body, out);
    } else if (strstr(body, "is required but missing") && nm) {
        const char *w = expected_words(s, elem, buf_str(&name));
        buf_printf(out, "<%s> is missing its \"%s\" attribute%s%s%s", elem, buf_str(&name),
                   w ? " (" : "", w ? w : "", w ? ")" : "");
    } else if (strstr(body, "is not allowed") && nm) {
        buf_printf(out,
                   "<%s> has an attribute \"%s\" that the format does not have; check its "
                   "spelling",
                   elem, buf_str(&name));
    } else if (strstr(body, "This element is not expected")) {
        expected_elements(body, &exp);
        if (parent && exp.len)
            buf_printf(out, "<%s> is not expected here inside <%s>; expected %s%s", elem, parent,
                       strchr(buf_str(&exp), ',') ? "one of " : "", buf_str(&exp));
        else if (parent)
            buf_printf(out, "<%s> is not expected here inside <%s>", elem, parent);
        else
            buf_printf(out, "<%s> is not expected here", elem);
    } else if (strstr(body, "Missing child element")) {
        expected_elements(body, &exp);
        buf_printf(out, "<%s> is missing %s%s", elem, strchr(buf_str(&exp), ',') ? "one of " : "",
                   exp.len ? buf_str(&exp) : "a required element");
    } else if (strstr(body, "Character content other than whitespace")) {
        buf_printf(out, "<%s> contains text, but only elements belong there", elem);
    } else if (strstr(body, "Element content is not allowed")) {
        buf_printf(out, "<%s> must contain only text, not other elements", elem);
    } else if (strstr(body, "No matching global declaration")) {
        buf_printf(out, "the document starts with <%s>, but it should start with <%s>", elem,
                   s->root);
    } else {
        buf_printf(out, "<%s>: %s", elem, body);
    }
    buf_free(&attr);
    buf_free(&name);
    buf_free(&exp);
}

static void on_schema_error(void *ctx, xmlErrorPtr e)
{
    struct validate_state *st = ctx;
    const xmlNode *node = e->node;
    if (node && node->type == XML_ATTRIBUTE_NODE)
        node = node->parent;
    long line = node ? xml_line(node) : e->line;
    if (line <= 0)
        line = e->line;
    struct buf raw = {0}, msg = {0};
    buf_puts(&raw, e->message ? e->message : "invalid");
    trim_newline(&raw);
    word_schema_error(st->s, node, buf_str(&raw), &msg);
    /* a failed facet is reported twice by libxml2 (facet, then type): say it once. Cut as
     * diags_add cuts, so that the one recorded compares equal. */
    if (msg.len > DIAG_MSG_MAX)
        utf8_copy(msg.data, DIAG_MSG_MAX + 1, msg.data, msg.len);
    if (!diags_has(st->d, line, buf_str(&msg))) {
        diags_add(st->d, DIAG_ERROR, line, "%s", buf_str(&msg));
        st->added++;
    }
    buf_free(&raw);
    buf_free(&msg);
}

size_t xml_validate(const struct xml_schema *s, xmlDocPtr doc, struct diags *d)
{
    struct validate_state st = {.s = s, .d = d};
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(s->xsd);
    if (vc == NULL) {
        diags_add(d, DIAG_ERROR, 0, "could not start schema validation (out of memory)");
        return 1;
    }
    xmlSchemaSetValidStructuredErrors(vc, on_schema_error, &st);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    if (rc != 0 && st.added == 0) {
        diags_add(d, DIAG_ERROR, 0, "the file does not match the format's schema");
        st.added = 1;
    }
    return st.added;
}

/* ---- DOM helpers ---------------------------------------------------------------------- */

long xml_line(const xmlNode *n)
{
    return xmlGetLineNo(n);
}

const char *xml_prop(struct arena *a, const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    if (v == NULL)
        return NULL;
    char *s = arena_strdup(a, (const char *)v);
    xmlFree(v);
    return s;
}

const char *xml_text(struct arena *a, const xmlNode *n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = arena_strdup(a, v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

int xml_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

const xmlNode *xml_child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (xml_is(c, name))
            return c;
    return NULL;
}

size_t xml_count(const xmlNode *n, const char *name)
{
    size_t k = 0;
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        k += xml_is(c, name);
    return k;
}
