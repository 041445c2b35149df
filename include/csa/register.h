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

struct reg_strings {
    const char **v;
    size_t n;
};

/* An earlier name with the last day it was in force: the partnership's own when gss is
 * NULL, else that district's (<former-name gss=".." until="..">). */
struct reg_former_name {
    const char *gss, *name, *until;
    long line;
};

struct reg_partnership {
    const char *code, *name;
    const char *from, *until; /* ISO dates, NULL when open-ended */
    struct reg_district *districts;
    size_t ndistricts;
    struct reg_former_name *former; /* dated names, in file order */
    size_t nformer;
    long line;
};

/* A submitted indicator that bears on a priority: its name as districts submit it and the
 * other names counted as the same indicator. */
struct reg_indicator {
    const char *name;
    struct reg_strings aliases;
    long line;
};

struct reg_priority {
    const char *id, *label, *title, *note, *folds_into;
    struct reg_strings aliases, leads, evidence;
    struct reg_strings draws_on;    /* priority ids counted together for its sentence */
    struct reg_strings crime_types; /* police.uk crime type names (csa.crime_type) */
    struct reg_indicator *indicators;
    size_t nindicators;
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

/* A stakeholder workshop item and what became of it: became is "priority" (ref names a
 * priority), "theme" (ref names a theme), "not-adopted", or NULL when not known (TBC). */
struct reg_workshop_item {
    const char *text, *became, *ref;
    long line;
};

/* A priority lead an agreement period gives (<leads><lead priority="..">): a period's leads
 * of one priority keep their file order, the first is the lead officer. */
struct reg_period_lead {
    const char *priority, *lead;
    long line;
};

/* One agreement period and its front matter. Every text is NULL and every list empty when
 * the register does not give it: the renderer marks it TBC, never borrows another period's.
 * It covers plan year Y when start <= 1 April Y <= end. */
struct reg_period {
    const char *id;
    const char *start, *end;  /* ISO dates */
    int first_year, last_year; /* the plan years it covers (from start and end) */
    const char *title, *period_words, *body, *committee, *version, *source;
    struct reg_strings foreword;       /* paragraphs */
    const char *signed_by;             /* who signs the foreword */
    struct reg_strings signer_titles;  /* every title, in order */
    struct reg_strings purpose, governance; /* paragraphs */
    struct reg_strings statutory_partners;  /* listed apart from the signatories */
    struct reg_strings plans, signatories;
    const char *contact_name, *contact_email, *contact_phone;
    struct reg_strings contact_address; /* lines as printed */
    const char *alt_formats, *alt_formats_phone;
    struct reg_addition *additions;
    size_t nadditions;
    const char *workshop_when; /* e.g. "January 2011" */
    struct reg_workshop_item *workshop;
    size_t nworkshop;
    /* Its priority leads, in file order; none: the year falls back to <priority><lead>. */
    struct reg_period_lead *leads;
    size_t nleads;
    int from_agreement; /* 1 when built from a version-1 <agreement> (no <agreements>) */
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
    /* The agreement periods in file order (never overlapping). A register with the single
     * <agreement> of old has one period built from it and the top-level signatories,
     * linked-plans and county-additions; a register with <agreements> fills the fields
     * above (title ... plans, additions) from its first period, so older readers see it. */
    struct reg_period *periods;
    size_t nperiods;
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

/* The agreement period covering plan year (start <= 1 April of it <= end), or NULL. */
const struct reg_period *register_period(const struct csa_register *r, int plan_year);

/* The priority with this id, or NULL. */
const struct reg_priority *register_priority(const struct csa_register *r, const char *id);

/* The partnership's name in force on 1 April of plan year: the earliest former name whose
 * until is on or after that day, else its current name. Never NULL. */
const char *register_partnership_name(const struct reg_partnership *p, int plan_year);

/* The name of district gss in plan year (the same rule), or NULL when no partnership of r
 * covers that district. */
const char *register_district_name(const struct csa_register *r, const char *gss,
                                   int plan_year);

/* Appends the register as one JSON object (the argument of csa.sync_register in sql/). */
void register_to_json(const struct csa_register *r, struct buf *out);

#endif
