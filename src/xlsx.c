/* xlsx.c: an Excel workbook's package: the zip, its content types, the workbook part, its
 * relationships and the shared strings (see xlsx.h). The sheets' cells are xlsx_sheet.c's.
 *
 * Refusals come before any sheet is parsed: macros and links to other workbooks are reasons
 * to send the file back whatever its cells say. */
#include "xlsx_parts.h"
#include "csa/xml.h"
#include "csa/zipread.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The parts worth inflating: XML and relationships. Images and the like are listed (their
 * names are checked) but never inflated. */
static int want_part(const char *name, void *ctx)
{
    (void)ctx;
    size_t n = strlen(name);
    return (n > 4 && strcasecmp(name + n - 4, ".xml") == 0) ||
           (n > 5 && strcasecmp(name + n - 5, ".rels") == 0);
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcasecmp(s + n - t, tail) == 0;
}

static enum csa_rc refuse_macros(const struct xlsx_book *b, const char *where,
                                 struct csa_error *err)
{
    return csa_fail(err, CSA_EINVALID, b->file, 0,
                    "the workbook has macros (%s); csa does not take a macro-enabled workbook "
                    "(.xlsm): save it as an Excel Workbook (.xlsx) and send that",
                    where);
}

static enum csa_rc refuse_links(const struct xlsx_book *b, const char *where,
                                struct csa_error *err)
{
    return csa_fail(err, CSA_EINVALID, b->file, 0,
                    "the workbook links to another workbook (%s); a submission must hold its "
                    "own values: break the links (Excel: Data, Edit Links, Break Link) and send "
                    "it again",
                    where);
}

xmlDocPtr xlsx_parse_part(struct xlsx_book *b, const char *part, int required,
                          struct csa_error *err)
{
    const struct zip_entry *e = zip_find(b->zip, part);
    if (e == NULL || !e->read) {
        if (required)
            csa_fail(err, CSA_EINVALID, b->file, 0,
                     "the file is a zip but not an Excel workbook: it has no part %s", part);
        return NULL;
    }
    struct diags d = {0};
    xmlDocPtr doc = xml_parse(e->data.data, e->data.len, &xml_default_limits, &d);
    if (doc == NULL) {
        const struct diag *first = d.n > 0 ? &d.v[0] : NULL;
        csa_fail(err, CSA_EINVALID, b->file, 0,
                 "the workbook's part %s is not well-formed XML (line %ld: %s)", part,
                 first ? first->line : 0L, first ? first->msg : "unreadable");
    }
    diags_free(&d);
    return doc;
}

const char *xlsx_runs(struct xlsx_book *b, const xmlNode *n)
{
    struct buf text = {0};
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next) {
        const xmlNode *t = xml_is(c, "t") ? c : xml_is(c, "r") ? xml_child(c, "t") : NULL;
        if (t == NULL)
            continue; /* rPh: a phonetic guide, not part of the text */
        xmlChar *v = xmlNodeGetContent(t);
        buf_puts(&text, v ? (const char *)v : "");
        xmlFree(v);
    }
    const char *s = arena_strdup(&b->arena, buf_str(&text));
    buf_free(&text);
    return s;
}

/* [Content_Types].xml: a macro-enabled or external-link content type is refused. */
static enum csa_rc read_content_types(struct xlsx_book *b, struct csa_error *err)
{
    xmlDocPtr doc = xlsx_parse_part(b, "[Content_Types].xml", 1, err);
    if (doc == NULL)
        return CSA_EINVALID;
    enum csa_rc rc = CSA_OK;
    const xmlNode *root = xmlDocGetRootElement(doc);
    for (const xmlNode *c = root ? root->children : NULL; c && rc == CSA_OK; c = c->next) {
        const char *type = xml_prop(&b->arena, c, "ContentType");
        if (type && strstr(type, "macroEnabled"))
            rc = refuse_macros(b, "its content type is macro-enabled", err);
        else if (type && strstr(type, "externalLink"))
            rc = refuse_links(b, "it has an external link part", err);
    }
    xmlFreeDoc(doc);
    return rc;
}

/* The part a relationship of xl/workbook.xml points at, as an entry name. */
static const char *rel_target(struct xlsx_book *b, const char *target)
{
    if (target[0] == '/')
        return arena_strdup(&b->arena, target + 1);
    struct buf p = {0};
    buf_printf(&p, "xl/%s", target);
    const char *s = arena_strdup(&b->arena, buf_str(&p));
    buf_free(&p);
    return s;
}

/* The workbook's relationships: external ones refused; sheets' parts and the shared
 * strings' part found by id and type. rels[2*i] is an id, rels[2*i+1] its part. */
static enum csa_rc read_rels(struct xlsx_book *b, const char ***rels, size_t *nrels,
                             const char **strings_part, struct csa_error *err)
{
    xmlDocPtr doc = xlsx_parse_part(b, "xl/_rels/workbook.xml.rels", 1, err);
    if (doc == NULL)
        return CSA_EINVALID;
    const xmlNode *root = xmlDocGetRootElement(doc);
    *rels = arena_alloc(&b->arena, (2 * xml_count(root, "Relationship") + 2) * sizeof **rels);
    enum csa_rc rc = CSA_OK;
    for (const xmlNode *c = root ? root->children : NULL; c && rc == CSA_OK; c = c->next) {
        if (!xml_is(c, "Relationship"))
            continue;
        const char *id = xml_prop(&b->arena, c, "Id"), *type = xml_prop(&b->arena, c, "Type");
        const char *target = xml_prop(&b->arena, c, "Target");
        const char *mode = xml_prop(&b->arena, c, "TargetMode");
        if ((mode && strcasecmp(mode, "External") == 0) || (type && ends_with(type, "/externalLink")))
            rc = refuse_links(b, target ? target : "an external relationship", err);
        else if (id && target) {
            const char *part = rel_target(b, target);
            (*rels)[2 * *nrels] = id;
            (*rels)[2 * *nrels + 1] = part;
            ++*nrels;
            if (type && ends_with(type, "/sharedStrings"))
                *strings_part = part;
        }
    }
    xmlFreeDoc(doc);
    return rc;
}

/* xl/workbook.xml: the date system and the sheets, each with its part. */
static enum csa_rc read_workbook_part(struct xlsx_book *b, const char **rels, size_t nrels,
                                      struct csa_error *err)
{
    xmlDocPtr doc = xlsx_parse_part(b, "xl/workbook.xml", 1, err);
    if (doc == NULL)
        return CSA_EINVALID;
    const xmlNode *root = xmlDocGetRootElement(doc);
    const char *d1904 = xml_prop(&b->arena, xml_child(root, "workbookPr"), "date1904");
    b->date1904 = d1904 && (strcmp(d1904, "1") == 0 || strcasecmp(d1904, "true") == 0);
    const xmlNode *list = xml_child(root, "sheets");
    b->sheets = arena_alloc(&b->arena, (xml_count(list, "sheet") + 1) * sizeof *b->sheets);
    enum csa_rc rc = CSA_OK;
    for (const xmlNode *c = list ? list->children : NULL; c && rc == CSA_OK; c = c->next) {
        if (!xml_is(c, "sheet"))
            continue;
        struct xlsx_sheet *sh = &b->sheets[b->nsheets++];
        sh->name = xml_prop(&b->arena, c, "name");
        if (sh->name == NULL)
            sh->name = "";
        const char *state = xml_prop(&b->arena, c, "state");
        sh->hidden = state && strcmp(state, "visible") != 0;
        xmlChar *id = xmlGetProp(c, (const xmlChar *)"id"); /* r:id, whatever its prefix */
        for (size_t i = 0; id && i < nrels && sh->part == NULL; i++)
            if (strcmp(rels[2 * i], (const char *)id) == 0)
                sh->part = rels[2 * i + 1];
        xmlFree(id);
        if (sh->part == NULL)
            rc = csa_fail(err, CSA_EINVALID, b->file, 0,
                          "the workbook's sheet \"%s\" has no part in the archive (a damaged "
                          "workbook?)",
                          sh->name);
    }
    xmlFreeDoc(doc);
    return rc;
}

static enum csa_rc read_shared_strings(struct xlsx_book *b, const char *part,
                                       struct csa_error *err)
{
    xmlDocPtr doc = xlsx_parse_part(b, part ? part : "xl/sharedStrings.xml", 0, err);
    if (doc == NULL)
        return err->code == CSA_EINVALID ? CSA_EINVALID : CSA_OK;
    const xmlNode *root = xmlDocGetRootElement(doc);
    b->strings = arena_alloc(&b->arena, (xml_count(root, "si") + 1) * sizeof *b->strings);
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (xml_is(c, "si"))
            b->strings[b->nstrings++] = xlsx_runs(b, c);
    xmlFreeDoc(doc);
    return CSA_OK;
}

/* Macros and external links, by the archive's entry names. */
static enum csa_rc check_entries(struct xlsx_book *b, struct csa_error *err)
{
    const struct zip_archive *z = b->zip;
    for (size_t i = 0; i < z->n; i++) {
        const char *name = z->v[i].name, *base = strrchr(name, '/');
        base = base ? base + 1 : name;
        if (strcasecmp(base, "vbaProject.bin") == 0) {
            struct buf where = {0};
            buf_printf(&where, "its part %s", name);
            enum csa_rc rc = refuse_macros(b, buf_str(&where), err);
            buf_free(&where);
            return rc;
        }
        if (strncasecmp(name, "xl/externalLinks/", 17) == 0)
            return refuse_links(b, name, err);
    }
    return CSA_OK;
}

enum csa_rc xlsx_read(const char *data, size_t len, const char *file, size_t max_bytes,
                      struct xlsx_book *out, struct csa_error *err)
{
    memset(out, 0, sizeof *out);
    out->file = arena_strdup(&out->arena, file);
    struct zip_limits lim = zip_default_limits;
    if (max_bytes < lim.max_total_bytes)
        lim.max_total_bytes = max_bytes;
    if (lim.max_entry_bytes > lim.max_total_bytes)
        lim.max_entry_bytes = lim.max_total_bytes;
    out->zip = xcalloc(1, sizeof(struct zip_archive));
    csa_error_clear(err);
    enum csa_rc rc = zip_read(data, len, file, &lim, want_part, NULL, out->zip, err);
    const char **rels = NULL, *strings_part = NULL;
    size_t nrels = 0;
    if (rc == CSA_OK)
        rc = check_entries(out, err);
    if (rc == CSA_OK)
        rc = read_content_types(out, err);
    if (rc == CSA_OK)
        rc = read_rels(out, &rels, &nrels, &strings_part, err);
    if (rc == CSA_OK)
        rc = read_workbook_part(out, rels, nrels, err);
    if (rc == CSA_OK)
        rc = read_shared_strings(out, strings_part, err);
    if (rc != CSA_OK)
        xlsx_free(out);
    return rc;
}

void xlsx_free(struct xlsx_book *b)
{
    if (b->zip) {
        zip_archive_free(b->zip);
        free(b->zip);
    }
    arena_free(&b->arena);
    memset(b, 0, sizeof *b);
}
