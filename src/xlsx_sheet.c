/* xlsx_sheet.c: one worksheet's cells (see xlsx.h): shared strings, inline strings, numbers,
 * booleans, errors and formulas by their cached values, each at its reference.
 *
 * A row or a cell may leave out its reference ("r"): it then follows the one before, as
 * Excel reads it. Empty cells and empty strings are left out, so an empty row is no row. */
#include "xlsx_parts.h"
#include "csa/cell.h"
#include "csa/xml.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

int xlsx_ref(const char *ref, long *row, int *col)
{
    const char *p = ref;
    long c = 0;
    while (isalpha((unsigned char)*p) && c <= CELL_MAX_COL)
        c = c * 26 + (toupper((unsigned char)*p++) - 'A' + 1);
    if (p == ref || c > CELL_MAX_COL || !isdigit((unsigned char)*p) || *p == '0')
        return 0;
    long r = 0;
    while (isdigit((unsigned char)*p) && r <= CELL_MAX_ROW)
        r = r * 10 + (*p++ - '0');
    if (*p != '\0' || r > CELL_MAX_ROW)
        return 0;
    *row = r;
    *col = (int)c;
    return 1;
}

static int by_place(const void *a, const void *b)
{
    const struct xlsx_cell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (x->col > y->col) - (x->col < y->col);
}

/* The text of the child element name of c, or NULL. */
static const char *child_text(struct xlsx_book *b, const xmlNode *c, const char *name)
{
    const xmlNode *n = xml_child(c, name);
    return n ? xml_text(&b->arena, n) : NULL;
}

/* Reads one cell's value into k; 0 when it is empty, -1 when it is refused (err set). */
static int read_value(struct xlsx_book *b, const struct xlsx_sheet *sh, const xmlNode *c,
                      struct xlsx_cell *k, struct csa_error *err)
{
    const char *t = xml_prop(&b->arena, c, "t");
    const char *v = child_text(b, c, "v");
    int formula = xml_child(c, "f") != NULL;
    k->type = XLSX_TEXT;
    if (t && strcmp(t, "inlineStr") == 0) {
        k->text = xlsx_runs(b, xml_child(c, "is"));
    } else if (v == NULL) {
        if (!formula)
            return 0;
        k->type = XLSX_NO_VALUE;
        k->text = "";
        return 1;
    } else if (t && strcmp(t, "s") == 0) {
        char *end;
        errno = 0;
        unsigned long i = strtoul(v, &end, 10);
        if (end == v || *end || errno || i >= b->nstrings) {
            struct buf at = {0};
            cell_column(&at, k->col);
            csa_fail(err, CSA_EINVALID, b->file, 0,
                     "the workbook's sheet \"%s\" cell %s%ld names shared string \"%s\", which "
                     "the workbook does not have (a damaged workbook?)",
                     sh->name, buf_str(&at), k->row, v);
            buf_free(&at);
            return -1;
        }
        k->text = b->strings[i];
    } else if (t && strcmp(t, "b") == 0) {
        k->type = XLSX_BOOL;
        k->text = strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ? "TRUE" : "FALSE";
    } else if (t && strcmp(t, "e") == 0) {
        k->type = XLSX_ERROR;
        k->text = v;
    } else if (t && (strcmp(t, "str") == 0 || strcmp(t, "d") == 0)) {
        k->text = v; /* a formula's string, or an ISO date written as text */
    } else {
        k->type = XLSX_NUMBER;
        k->text = v;
    }
    return k->type != XLSX_TEXT || k->text[0] != '\0';
}

/* Reads the cells of one <row>; *row is the row before it (a row without "r" follows it). */
static enum csa_rc read_row(struct xlsx_book *b, struct xlsx_sheet *sh, const xmlNode *r,
                            long *row, size_t *cap, struct csa_error *err)
{
    const char *rr = xml_prop(&b->arena, r, "r");
    long at = rr ? strtol(rr, NULL, 10) : *row + 1;
    if (at < 1 || at > CELL_MAX_ROW)
        return csa_fail(err, CSA_EINVALID, b->file, 0,
                        "the workbook's sheet \"%s\" has a row numbered \"%s\", which is not a "
                        "row of a sheet (a damaged workbook?)",
                        sh->name, rr ? rr : "");
    *row = at;
    int col = 0;
    for (const xmlNode *c = r->children; c; c = c->next) {
        if (!xml_is(c, "c"))
            continue;
        struct xlsx_cell k = {.row = at, .col = col + 1};
        const char *ref = xml_prop(&b->arena, c, "r");
        if (ref && !xlsx_ref(ref, &k.row, &k.col))
            return csa_fail(err, CSA_EINVALID, b->file, 0,
                            "the workbook's sheet \"%s\" has a cell at \"%s\", which is not a "
                            "cell reference (a damaged workbook?)",
                            sh->name, ref);
        if (k.col > CELL_MAX_COL)
            return csa_fail(err, CSA_EINVALID, b->file, 0,
                            "the workbook's sheet \"%s\" row %ld has more than %d cells",
                            sh->name, at, CELL_MAX_COL);
        col = k.col;
        int got = read_value(b, sh, c, &k, err);
        if (got < 0)
            return CSA_EINVALID;
        if (got == 0)
            continue;
        if (sh->ncells == *cap) {
            *cap = *cap ? 2 * *cap : 64;
            struct xlsx_cell *grown = arena_alloc(&b->arena, *cap * sizeof *grown);
            if (sh->ncells)
                memcpy(grown, sh->cells, sh->ncells * sizeof *grown);
            sh->cells = grown;
        }
        sh->cells[sh->ncells++] = k;
    }
    return CSA_OK;
}

enum csa_rc xlsx_load_sheet(struct xlsx_book *b, struct xlsx_sheet *sh, struct csa_error *err)
{
    if (sh->loaded)
        return CSA_OK;
    xmlDocPtr doc = xlsx_parse_part(b, sh->part, 1, err);
    if (doc == NULL)
        return CSA_EINVALID;
    const xmlNode *data = xml_child(xmlDocGetRootElement(doc), "sheetData");
    enum csa_rc rc = CSA_OK;
    long row = 0;
    size_t cap = 0;
    for (const xmlNode *r = data ? data->children : NULL; r && rc == CSA_OK; r = r->next)
        if (xml_is(r, "row"))
            rc = read_row(b, sh, r, &row, &cap, err);
    xmlFreeDoc(doc);
    if (rc == CSA_OK && sh->ncells > 1)
        qsort(sh->cells, sh->ncells, sizeof *sh->cells, by_place);
    sh->loaded = rc == CSA_OK;
    return rc;
}
