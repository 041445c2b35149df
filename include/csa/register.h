/* register.h: the county register (doc/county.md) read into memory.
 *
 * The register says which partnerships exist and when, the priority taxonomy with every
 * accepted wording, the themes, the leads, the selection rule and the agreement's front
 * matter. It is read, checked against etl/county.xsd and then against the rules the XSD
 * cannot state (an alias listed twice under one priority, a folds-into naming no theme ...).
 * A bad register is an environment error: nothing is loaded or drafted from it. */
#ifndef CSA_REGISTER_H
#define CSA_REGISTER_H

#include "csa/arena.h"
#include "csa/buf.h"
#include "csa/diag.h"
#include "csa/error.h"

#include <stddef.h>

struct reg_district {
    const char *gss, *name, *former_names; /* former_names: ";"-separated, or NULL */
};

struct reg_partnership {
    const char *code, *name;
    const char *from, *until; /* ISO dates, NULL when open-ended */
    struct reg_district *districts;
    size_t ndistricts;
    long line;
};

struct reg_strings {
    const char **v;
    size_t n;
};

struct reg_priority {
    const char *id, *label, *title, *note, *folds_into;
    struct reg_strings aliases, leads, evidence;
    long line;
};

struct reg_theme {
    const char *id, *title;
    struct reg_strings aliases;
    long line;
};

struct reg_addition {
    const char *priority, *theme; /* exactly one is set */
    const char *reason;
    long line;
};

struct csa_register {
    struct arena arena; /* owns every string and array below */
    const char *path;
    const char *code, *name;
    const char *title, *body, *committee, *start, *end, *contact, *chair, *chair_role;
    double min_share;     /* used when min_partnerships is 0 */
    int min_partnerships; /* 0 when not given */
    int count_subsidiary;
    struct reg_partnership *partnerships;
    size_t npartnerships;
    struct reg_priority *priorities;
    size_t npriorities;
    struct reg_theme *themes;
    size_t nthemes;
    struct reg_addition *additions;
    size_t nadditions;
    struct reg_strings signatories, plans;
};

/* Reads and checks the register at path. On success *out is the caller's (register_free).
 * On failure *out is NULL, every problem found is in d with its line, and err says why. */
enum csa_rc register_load(const char *path, struct csa_register **out, struct diags *d,
                          struct csa_error *err);
void register_free(struct csa_register *r); /* NULL is harmless */

/* The partnership with this code, or NULL. */
const struct reg_partnership *register_partnership(const struct csa_register *r, const char *code);

/* True when p is in force for plan year (its dates cover 1 April of that year). */
int register_in_force(const struct reg_partnership *p, int plan_year);

/* Number of partnerships in force for plan year: the N of the count. */
size_t register_count_in_force(const struct csa_register *r, int plan_year);

/* Appends the register as one JSON object (the argument of csa.sync_register in sql/). */
void register_to_json(const struct csa_register *r, struct buf *out);

#endif
