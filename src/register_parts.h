/* register_parts.h: private to register.c and register_period.c, the two halves of reading
 * the county register (register.h). register.c reads the version-1 core; register_period.c
 * the optional elements added by issue 11 (agreement periods, dated names, draws-on and
 * evidence ties), their checks, their JSON and the lookups over them. */
#ifndef CSA_REGISTER_PARTS_H
#define CSA_REGISTER_PARTS_H

#include "csa/buf.h"
#include "csa/diag.h"
#include "csa/register.h"

#include <libxml/tree.h>

/* The theme with this id, or NULL (register.c). */
const struct reg_theme *register_theme(const struct csa_register *r, const char *id);

/* Text children called name of n (NULL is harmless), in order (register.c). */
struct reg_strings register_strings_of(struct arena *a, const xmlNode *n, const char *name);
/* The attribute attr of each child called name of n, in order (register.c). */
struct reg_strings register_props_of(struct arena *a, const xmlNode *n, const char *name,
                                     const char *attr);
/* One <add> into x (register.c). */
void register_read_addition(struct arena *a, const xmlNode *n, struct reg_addition *x);

/* Reads a partnership's <former-name> children, and adds the district ones to that
 * district's former_names list (the place matcher's). */
void register_read_former(struct arena *a, const xmlNode *n, struct reg_partnership *p);
/* Reads a priority's draws-on, crime-type and indicator children. */
void register_read_ties(struct arena *a, const xmlNode *n, struct reg_priority *p);
/* Reads <agreements>, or builds the one period of a version-1 <agreement>; then fills the
 * register's top-level front matter from the first period when <agreements> is used. */
void register_read_periods(struct csa_register *r, const xmlNode *root);
/* The checks of the issue-11 elements, each problem into d at its line. */
void register_check_more(const struct csa_register *r, const xmlNode *root, struct diags *d);

/* JSON members of one priority's ties (after its other members), and the register's
 * periods and dated names (after its other members). */
void register_json_ties(struct buf *b, const struct reg_priority *p);
void register_json_more(struct buf *b, const struct csa_register *r);

#endif
