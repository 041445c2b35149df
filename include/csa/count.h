/* count.h: the county's count for one plan year, read from SQL (sql/logic/30_counts.sql and the
 * named functions of sql/logic/50_agreement.sql).
 *
 * The counting, selection, theme merging and evidence totals all happen in PostgreSQL; this
 * module only reads their results, in their order, into struct agreement, which is all the
 * renderers (render.h) need. It never counts again. Everything in a struct agreement lives
 * in its arena; the register it points to is the caller's and must outlive it. */
#ifndef CSA_COUNT_H
#define CSA_COUNT_H

#include "csa/arena.h"
#include "csa/error.h"
#include "csa/register.h"
#include "csa/status.h"

#include <libpq-fe.h>
#include <stddef.h>

struct strlist {
    const char **v;
    size_t n;
};

/* The selection rule as SQL states it (csa.selection_rule, sql/logic/50_agreement.sql): SQL decides
 * what is selected, and the renderers word the rule from these fields, never recomputing it. */
struct agr_rule {
    const char *threshold; /* what a count is compared with, no trailing zeros: "5.5", "3" */
    int at_least;          /* 1: a count equal to threshold is selected; 0: it must exceed it */
    const char *basis;     /* the register attribute setting it: "min-share", "min-partnerships" */
    const char *min_share; /* as SQL holds it, no trailing zeros: "0.5" */
    int min_partnerships;  /* 0 when the register does not give it */
};

/* One partnership in force for the year. */
struct agr_partnership {
    const char *code, *name;
    struct strlist districts; /* district names, register order */
    int submitted;            /* has a current submission */
};

/* One row of Appendix A: a register priority some current submission names, or a selected
 * county addition. Rows are in selection order (selected first, then count descending, total
 * score descending, register order). */
struct agr_count {
    const char *id, *label, *title, *note, *folds_into;
    int partnerships;        /* distinct partnerships naming it */
    const char *total_score; /* sum over partnerships of their score for it, as text */
    int selected;
    const char *basis;       /* "count", "addition" or "" */
    struct strlist members;  /* partnership codes, register order */
    struct strlist leads;    /* first is the lead officer; empty: TBC */
    int could_cross;         /* csa.count_standing: not selected by count yet, but would be
                                if every partnership still to come named it */
};

/* One register priority's standing while submissions are still coming (csa.count_standing,
 * sql/logic/30_counts.sql), in count-table order then register order; every register
 * priority has a row, named by someone or not. */
struct agr_standing {
    const char *id, *label, *title;
    int partnerships; /* the count so far */
    int could_cross;  /* would be selected if every partnership still to come named it */
    int needs;        /* how many more naming it would select it by count */
    int selected;     /* selected now */
    int listed;       /* a row of the count table (struct agr_count) too */
};

/* One priority wording of one partnership's current submission, for Appendix A's
 * partnership x priority table (csa.agreement_partnership_priorities): wording NULL for a
 * partnership in force that has not submitted. */
struct agr_wording {
    const char *partnership, *name; /* code, and name in force */
    const char *wording, *kind;     /* as submitted; kind "core" or "subsidiary" */
    struct strlist labels;          /* register priorities it maps to; empty: unmapped */
    int counted;                    /* it counts towards those priorities */
};

/* A county addition, with its reason. */
struct agr_addition {
    const char *priority, *theme; /* one is NULL */
    const char *title;            /* the priority's or theme's title */
    const char *reason;
};

/* A merged cross-cutting theme. */
struct agr_theme {
    const char *id, *title;
    int from_addition;          /* named in county-additions */
    struct strlist partnerships; /* raised it directly or through a folded priority */
    struct strlist folded;      /* labels of the priorities folded into it */
};

/* A wording that maps to nothing, for review. */
struct agr_unmapped {
    const char *partnership, *file, *what, *wording; /* what: core, subsidiary or theme */
    long line;
    struct suggestion suggestions[SUGGEST_MAX];
    size_t nsuggestions;
    const char *cell; /* a workbook's cell (Priorities!A4), named instead of the line; or NULL */
};

/* County totals of one crime category of the partnerships' submitted crime tables that bears
 * on a selected priority (Appendix B; csa.evidence_table). Dates are "YYYY-MM-DD". */
struct agr_evidence {
    const char *priority, *category;
    long long current, previous;
    int partnerships; /* how many submissions the totals add up */
    const char *period_start, *period_end;     /* span of the current periods added */
    const char *previous_start, *previous_end; /* span of the previous periods added */
};

/* A county priority whose Appendix B sentence counts the partnerships naming any priority it
 * draws on (csa.agreement_draws_on): "Eight of the eleven ... elements of acquisitive crime". */
struct agr_draws_on {
    const char *priority;
    int partnerships;       /* distinct partnerships, each once */
    struct strlist members; /* their codes, register order */
    int submitted;          /* partnerships in force with a current submission */
    int in_force;
};

/* The county total of one submitted indicator tied to a priority, for one reporting period
 * (csa.agreement_indicators). Dates are "YYYY-MM-DD"; total is SQL's decimal text ("29578",
 * "12.5"). */
struct agr_indicator {
    const char *priority, *indicator, *unit;
    const char *period_start, *period_end;
    const char *total;
    int partnerships; /* how many reported it */
    int submitted;    /* how many have submitted at all */
};

/* A police.uk crime type tied to a priority (csa.agreement_crime_ties); its figures are the
 * level-1 row of the same name in struct agreement's crime table. */
struct agr_crime_tie {
    const char *priority, *crime_type;
    const char *submitted_category; /* the same measure in the submitted crime tables, as
                                       struct agr_evidence names it; NULL: none */
};

/* One row of the county's police.uk crime table (csa.crime_comparison, sql/logic/40_crime.sql). */
struct agr_crime {
    const char *category;
    int level; /* 0: a grouping, 1: a police.uk crime type */
    long long current, previous;
};

/* Draft control (filled by draft.c, sql/logic/55_drafts.sql; zeroed by count_year). */

/* One change since the previous draft, as csa.draft_compare words it: kind "submission"
 * (subject a partnership; before its old version or NULL, after the new one), "count"
 * (subject a priority's label; before -> after), "selected" or "deselected". */
struct agr_change {
    const char *kind, *subject, *before, *after;
};

/* One priority's count the plan year before and this one. */
struct agr_year_change {
    const char *label;
    int previous, current;
};

struct agr_draft {
    int number;             /* 0: no draft control (the status box says nothing of drafts) */
    int recorded;           /* the number is recorded; 0: an unrecorded draw after previous */
    int previous;           /* the draft compared with; 0: none */
    int final;              /* --final: the document has no status box */
    const char *data_as_of; /* "YYYY-MM-DD", or NULL when nothing is submitted */
    struct agr_change *changes;
    size_t nchanges;
    struct agr_year_change *years; /* empty when the year before has no count table */
    size_t nyears;
};

struct agreement {
    struct arena arena;
    const struct csa_register *reg; /* not owned */
    int year;
    const char *date; /* --date, else the newest sign-off date; NULL when neither */
    /* the year's count table as csa.count_json gives it (jsonb text), for the SQL readers
     * that need it, so the database works it out once a draft */
    const char *count_json;
    size_t ndistricts; /* districts covered by the partnerships in force */
    struct agr_partnership *partnerships;
    size_t npartnerships; /* N */
    size_t nsubmitted;
    struct agr_rule rule;
    /* SQL's verdict (csa.count_standing): some partnership in force has not submitted, so
     * every count may still rise and the selection is provisional */
    int provisional;
    struct agr_standing *standing;
    size_t nstanding;
    struct agr_wording *wordings; /* COUNT_AGREEMENT only */
    size_t nwordings;
    struct agr_count *counts;
    size_t ncounts;
    struct agr_addition *additions;
    size_t nadditions;
    struct agr_theme *themes;
    size_t nthemes;
    struct agr_unmapped *unmapped;
    size_t nunmapped;
    struct agr_evidence *evidence;
    size_t nevidence;
    struct agr_draws_on *draws_on;
    size_t ndraws_on;
    struct agr_indicator *indicators;
    size_t nindicators;
    struct agr_crime_tie *crime_ties;
    size_t ncrime_ties;
    /* police.uk street-level crime for the county, the twelve months to crime_end (the
     * latest month loaded before the plan year starts) against the twelve before; ncrime is
     * 0 when none is loaded. Rows whose two counts are both 0 are not read. */
    struct agr_crime *crime;
    size_t ncrime;
    const char *crime_end;     /* "YYYY-MM" */
    const char *crime_forces;  /* the forces whose data it is, e.g. "Kent Police" */
    int crime_months;          /* months of the 24 with data loaded */
    struct agr_draft draft;    /* draft control: draft.c fills it; count_year leaves it zero */
};

/* How much of a year count_year reads: the count table alone (partnerships, counts, their
 * standing, unmapped wordings: `csa counts`), or everything the agreement shows (additions, themes, evidence,
 * each partnership's wordings, the draws-on counts, the tied indicators and crime types, the police.uk crime
 * table and the date too; the crime table is the costly part). */
enum count_scope { COUNT_TABLE, COUNT_AGREEMENT };

/* Reads plan year `year` of the register's county, as much as scope says. date (may be
 * NULL) is the generation date to show. On success the caller frees *a with agreement_free. */
enum csa_rc count_year(PGconn *c, const struct csa_register *reg, int year, const char *date,
                       enum count_scope scope, struct agreement *a, struct csa_error *err);
void agreement_free(struct agreement *a);

#endif
