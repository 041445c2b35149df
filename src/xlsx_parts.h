/* xlsx_parts.h: what xlsx.c and xlsx_sheet.c share, private to them. */
#ifndef CSA_XLSX_PARTS_H
#define CSA_XLSX_PARTS_H

#include "csa/xlsx.h"

#include <libxml/tree.h>

/* Parses the zip entry part of b with xml.h's hardened parser. Returns the document (the
 * caller's, xmlFreeDoc) or NULL: then err says why, naming the part and its line; a part
 * missing from the archive is an error only when required (else NULL with err untouched). */
xmlDocPtr xlsx_parse_part(struct xlsx_book *b, const char *part, int required,
                          struct csa_error *err);

/* The text of n's child elements called t, joined (the runs of a rich string), with the
 * phonetic guides (rPh) left out; in b's arena. */
const char *xlsx_runs(struct xlsx_book *b, const xmlNode *n);

#endif
