/* render_sections.c: the front of the draft agreement and its body (see render_doc.h): the
 * draft status box (what is missing, unmapped, without a lead or TBC), the cover, the
 * contents, sections 1, 4 and 5, and the order of the foreword and sections 1 to 7 in the
 * structure of the Kent Community Safety Agreement 2011-14 (the front matter itself is
 * render_front.c's, from the register's period for the plan year).
 *
 * Every name and number comes from the agreement or its register; the only fixed prose is
 * what any two-tier county's agreement says (the statutory background). */
#include "csa/planyear.h"
#include "csa/render.h"
#include "render_doc.h"

#include <stdio.h>
#include <string.h>

/* ===== The draft status box ===== */

/* Who has submitted, and who is still to: "All eleven partnerships in force have submitted",
 * or "Three of the eleven partnerships in force have not submitted yet:" and who they are. */
static void status_submissions(struct doc *d)
{
    const struct agreement *a = d->a;
    size_t m = a->npartnerships - a->nsubmitted;
    char wn[32], wm[32];
    struct buf s = {0};
    render_number_words((int)a->npartnerships, 0, wn, sizeof wn);
    render_number_words((int)m, 1, wm, sizeof wm);
    if (a->npartnerships == 0)
        buf_puts(&s, "No partnership in the county register is in force for this plan year.");
    else if (m == 0 && a->npartnerships == 1)
        buf_puts(&s, "The one partnership in force has submitted its strategic assessment.");
    else if (m == 0)
        buf_printf(&s, "%s%s partnerships in force have submitted their strategic assessments.",
                   a->npartnerships == 2 ? "Both" : "All ",
                   a->npartnerships == 2 ? "" : wn);
    else if (a->nsubmitted == 0)
        buf_printf(&s, "None of the %s partnership%s in force has submitted yet:", wn,
                   a->npartnerships == 1 ? "" : "s");
    else
        buf_printf(&s, "%s of the %s partnerships in force %s not submitted yet:", wm, wn,
                   m == 1 ? "has" : "have");
    doc_para(d, buf_str(&s));
    if (m > 0 && a->npartnerships > 0) {
        doc_list_begin(d);
        for (size_t i = 0; i < a->npartnerships; i++)
            if (!a->partnerships[i].submitted) {
                buf_reset(&s);
                words_partnership(&a->partnerships[i], &s);
                doc_item(d, buf_str(&s));
            }
        doc_list_end(d);
    }
    buf_free(&s);
}

/* The partnership's name for its code, else the code. */
static const char *partnership_name(const struct agreement *a, const char *code)
{
    for (size_t i = 0; i < a->npartnerships; i++)
        if (code && a->partnerships[i].code && strcmp(a->partnerships[i].code, code) == 0)
            return or_empty(a->partnerships[i].name);
    return or_empty(code);
}

/* "“Knife crime”, a core priority of Melchester CSP (melchester-2021.xml, line 12): the
 * closest in the register are ASB (asb) and CSE (cse)." */
static void unmapped_item(struct doc *d, const struct agr_unmapped *u)
{
    const char *what = or_empty(u->what);
    struct buf s = {0};
    buf_printf(&s, "\"%s\", a %s of %s (%s, ", or_empty(u->wording),
               strcmp(what, "theme") == 0        ? "cross-cutting theme"
               : strcmp(what, "subsidiary") == 0 ? "subsidiary priority"
                                                 : "core priority",
               partnership_name(d->a, u->partnership), or_empty(u->file));
    if (u->cell) /* a workbook's: "swale-2011.xlsx, Priorities!A4" */
        buf_printf(&s, "%s): ", u->cell);
    else
        buf_printf(&s, "line %ld): ", u->line);
    if (u->nsuggestions == 0)
        buf_puts(&s, "nothing in the register comes close.");
    else
        buf_puts(&s, u->nsuggestions == 1 ? "the closest in the register is "
                                          : "the closest in the register are ");
    for (size_t j = 0; j < u->nsuggestions; j++)
        buf_printf(&s, "%s%s (%s)%s", j == 0 ? "" : j + 1 == u->nsuggestions ? " and " : ", ",
                   or_empty(u->suggestions[j].label), or_empty(u->suggestions[j].id),
                   j + 1 == u->nsuggestions ? "." : "");
    doc_item(d, buf_str(&s));
    buf_free(&s);
}

static void status_unmapped(struct doc *d)
{
    const struct agreement *a = d->a;
    if (a->nunmapped == 0) {
        doc_para(d, "Every priority and theme the partnerships submitted matches one in the "
                    "county register.");
        return;
    }
    doc_para(d, a->nunmapped == 1
                    ? "This submitted wording matches no priority or theme in the county "
                      "register, so it is left out of the counts until the register gives it an "
                      "alias:"
                    : "These submitted wordings match no priority or theme in the county "
                      "register, so they are left out of the counts until the register gives "
                      "them an alias:");
    doc_list_begin(d);
    for (size_t i = 0; i < a->nunmapped; i++)
        unmapped_item(d, &a->unmapped[i]);
    doc_list_end(d);
}

/* Selected priorities with no lead: gaps to resolve before the agreement is signed. */
static size_t count_gaps(const struct agreement *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->ncounts; i++)
        n += a->counts[i].selected && a->counts[i].leads.n == 0;
    return n;
}

static void status_gaps(struct doc *d)
{
    const struct agreement *a = d->a;
    size_t gaps = count_gaps(a);
    if (gaps == 0) {
        doc_para(d, "Every county priority has a lead officer.");
        return;
    }
    struct buf s = {0};
    if (gaps == 1) {
        buf_puts(&s, "No lead officer has been named yet for ");
        for (size_t i = 0; i < a->ncounts; i++)
            if (a->counts[i].selected && a->counts[i].leads.n == 0)
                words_title_in_sentence(a, a->counts[i].title, &s);
        buf_puts(&s, ", so section 5 shows its lead as TBC.");
        doc_para(d, buf_str(&s));
        buf_free(&s);
        return;
    }
    doc_para(d, "No lead officer has been named yet for these county priorities, so section 5 "
                "shows their leads as TBC:");
    doc_list_begin(d);
    for (size_t i = 0; i < a->ncounts; i++)
        if (a->counts[i].selected && a->counts[i].leads.n == 0)
            doc_item(d, a->counts[i].title);
    doc_list_end(d);
    buf_free(&s);
}

/* While some partnership has not submitted: the selection is provisional, and which
 * priorities could still cross the line (csa.count_standing). None can fall below it as more
 * arrive, since the line is drawn over every partnership in force and a count only rises. */
static void status_provisional(struct doc *d)
{
    const struct agreement *a = d->a;
    struct buf s = {0};
    size_t n = 0;
    if (!a->provisional)
        return;
    for (size_t i = 0; i < a->nstanding; i++)
        n += a->standing[i].could_cross != 0;
    buf_puts(&s, "The selection is provisional: every count is over ");
    words_submitted_so_far(a, &s);
    buf_puts(&s, ", and ");
    words_still_to_come(a, &s);
    buf_puts(&s, ". A priority selected now stays selected as more arrive, since the line is "
                 "drawn over all the partnerships in force (");
    render_rule_words(a, 1, &s);
    buf_puts(&s, ").");
    if (n == 0)
        buf_puts(&s, " No priority below the line could still cross it.");
    else
        buf_puts(&s, n == 1 ? " This priority below the line could still cross it if enough of "
                              "those still to come name it:"
                            : " These priorities below the line could still cross it if enough "
                              "of those still to come name them:");
    doc_para(d, buf_str(&s));
    if (n > 0) {
        doc_list_begin(d);
        for (size_t i = 0; i < a->nstanding; i++) {
            const struct agr_standing *t = &a->standing[i];
            if (!t->could_cross)
                continue;
            buf_reset(&s);
            char wk[32], wn[32];
            buf_printf(&s, "%s: named by %s so far; %s more would select it", or_empty(t->title),
                       render_number_words(t->partnerships, 0, wk, sizeof wk),
                       render_number_words(t->needs, 0, wn, sizeof wn));
            doc_item(d, buf_str(&s));
        }
        doc_list_end(d);
    }
    buf_free(&s);
}

/* The front matter the register does not give for the plan year, shown as TBC. */
static void status_front(struct doc *d, size_t n)
{
    char py[PLANYEAR_LABEL_MAX];
    const char *v[16];
    struct buf s = {0};
    if (n == 0)
        return;
    buf_printf(&s, "Front matter the county register does not give for %s, shown as TBC in the "
                   "draft (%zu):",
               planyear_label(d->a->year, '/', py, sizeof py), n);
    doc_para(d, buf_str(&s));
    buf_free(&s);
    n = render_front_tbc(d->a, v, sizeof v / sizeof *v);
    doc_list_begin(d);
    for (size_t i = 0; i < n && i < sizeof v / sizeof *v; i++)
        doc_item(d, v[i]);
    doc_list_end(d);
}

static void status_body(struct doc *d)
{
    const struct agreement *a = d->a;
    char py[PLANYEAR_LABEL_MAX];
    struct buf s = {0};
    doc_heading(d, 2, NULL, "Draft for review");
    planyear_label(a->year, '/', py, sizeof py);
    if (a->nsubmitted == 0)
        buf_printf(&s, "No strategic assessment has been submitted for %s yet: this is a stub, "
                       "not an agreement.", py);
    else
        buf_printf(&s, "This draft is generated from the strategic assessments submitted for "
                       "%s. ", py);
    if (a->nsubmitted == 0)
        ; /* the stub says why above */
    else if (a->nsubmitted == a->npartnerships && a->nunmapped == 0 && count_gaps(a) == 0 &&
             render_front_tbc(a, NULL, 0) == 0)
        buf_puts(&s, "Nothing is waiting for review.");
    else
        buf_puts(&s, "The items below need attention before it is agreed.");
    doc_para(d, buf_str(&s));
    buf_free(&s);
    sections_draft_status(d);
    status_submissions(d);
    if (a->nsubmitted == 0) { /* the stub: nothing is counted, so nothing else to review */
        doc_para(d, "No priority is counted until a submission arrives.");
        return;
    }
    status_provisional(d);
    status_unmapped(d);
    status_gaps(d);
    status_front(d, render_front_tbc(a, NULL, 0));
}

/* The status box (an <aside> in HTML, a block quote in Markdown, a shaded box in Word); none
 * in a final document. */
void sections_status_box(struct doc *d)
{
    if (d->a->draft.final)
        return;
    doc_box_begin(d);
    status_body(d);
    doc_box_end(d);
}


/* ===== Cover, contents, foreword ===== */

void sections_cover(struct doc *d)
{
    char per[96];
    struct buf s = {0};
    doc_raw(d, "<header class=\"cover\">\n", "");
    front_cover(d);
    if (d->a->date)
        buf_printf(&s, "Draft generated from submissions up to %s.",
                   words_date(d->a->date, per, sizeof per));
    else
        buf_puts(&s, "Draft generated before any submission was received.");
    doc_p_begin(d, "generated");
    doc_text(d, buf_str(&s));
    doc_p_end(d);
    buf_free(&s);
    doc_raw(d, "</header>\n", "");
}

static const char *const section_ids[] = {"foreword", "introduction", "purpose",  "governance",
                                          "priorities", "leads",      "plans",    "signatories",
                                          "appendix-a", "appendix-b"};
static const char *const section_titles[] = {
    "Foreword",         "1. Introduction",
    "2. Purpose of the Agreement", "3. Governance",
    "4. County Priorities", "5. Priority Leads",
    "6. Links to Strategies and Plans", "7. Signatories",
    NULL /* Appendix A: its title names the plan year */, "Appendix B: Current Context"};

void sections_contents(struct doc *d)
{
    char aa[128];
    appendix_a_title(d->a, aa, sizeof aa);
    doc_contents_begin(d, "Contents");
    for (size_t i = 0; i < sizeof section_ids / sizeof *section_ids; i++)
        doc_contents_item(d, section_ids[i], section_titles[i] ? section_titles[i] : aa);
    doc_contents_end(d);
}

/* ===== Section 1 (the foreword and sections 2 and 3 are render_front.c's) ===== */

/* The partnerships in force, each by its name (the districts only when the name leaves one
 * out). */
static void partnership_list(struct doc *d)
{
    struct buf s = {0};
    doc_list_begin(d);
    for (size_t i = 0; i < d->a->npartnerships; i++) {
        const struct agr_partnership *p = &d->a->partnerships[i];
        buf_reset(&s);
        words_partnership(p, &s);
        doc_item(d, buf_str(&s));
    }
    doc_list_end(d);
    buf_free(&s);
}

static void introduction(struct doc *d)
{
    const struct agreement *a = d->a;
    char py[PLANYEAR_LABEL_MAX];
    struct buf s = {0};
    doc_section_begin(d, "introduction", NULL, "1. Introduction");
    doc_numbered(d, 1, 1, "The Crime and Disorder Act 1998 gave statutory responsibility to "
                          "local authorities, the police, and key partners to reduce crime and "
                          "disorder in their communities. Under this legislation district/borough "
                          "level Community Safety Partnerships (CSPs) were required to carry out 3 "
                          "yearly audits and to implement crime reduction strategies.");
    buf_printf(&s, "A formal review of the 1998 Act took place in 2006, which resulted in a "
                   "revision to these requirements: at a district/borough level, the 3 yearly "
                   "audits were replaced by annual Strategic Assessments and public consultation, "
                   "and the crime reduction strategies by a 3 year rolling Partnership Plan "
                   "refreshed annually. For two tier authorities, such as %s, a statutory "
                   "Community Safety Agreement was introduced.", a->reg->name);
    doc_numbered(d, 1, 2, buf_str(&s));
    buf_reset(&s);
    words_districts_sentence(a, &s);
    buf_printf(&s, " The partnerships in force for %s are:",
               planyear_label(a->year, '/', py, sizeof py));
    doc_numbered(d, 1, 3, buf_str(&s));
    partnership_list(d);
    buf_free(&s);
    doc_section_end(d);
}

/* ===== Sections 4 and 5 (6 and 7 are render_front.c's) ===== */

/* Section 4.2 as the seed sets it out: the county priorities, then the cross-cutting themes
 * to be addressed within each, as two lists. */
static void priorities_lists(struct doc *d)
{
    const struct agreement *a = d->a;
    doc_p_begin(d, "list-head");
    doc_strong(d, a->provisional ? "Priorities (provisional: not every partnership has "
                                   "submitted)"
                                 : "Priorities");
    doc_p_end(d);
    if (facts_nselected(a) == 0) {
        doc_para(d, "No priority has been selected yet.");
    } else {
        doc_list_begin(d);
        for (size_t i = 0; i < a->ncounts; i++)
            if (a->counts[i].selected)
                doc_item(d, a->counts[i].title);
        doc_list_end(d);
    }
    if (a->nthemes == 0)
        return;
    doc_p_begin(d, "list-head");
    doc_strong(d, "Cross-cutting themes");
    doc_p_end(d);
    doc_list_begin(d);
    for (size_t i = 0; i < a->nthemes; i++)
        doc_item(d, a->themes[i].title);
    doc_list_end(d);
}

static void county_priorities(struct doc *d)
{
    const struct agreement *a = d->a;
    char w[32], py[16];
    struct buf s = {0};
    doc_section_begin(d, "priorities", NULL, "4. County Priorities");
    buf_printf(&s, "The Community Safety Agreement is an amalgamation of the strategic "
                   "assessments undertaken annually by the %s local %s (CSPs) across %s. The "
                   "common issues and priorities from these assessments have been identified and "
                   "relevant key stakeholders consulted to identify any potential gaps and "
                   "cross-cutting themes for inclusion in the agreement.",
               render_number_words((int)a->npartnerships, 0, w, sizeof w),
               words_csps(a->npartnerships), a->reg->name);
    doc_numbered(d, 4, 1, buf_str(&s));
    buf_reset(&s);
    buf_printf(&s, "The following priorities have been identified for %s as those with the "
                   "potential to benefit from being supported at a county level, with the "
                   "cross-cutting themes to be addressed within each priority:-",
               planyear_label(a->year, '/', py, sizeof py));
    doc_numbered(d, 4, 2, buf_str(&s));
    if (facts_nselected(a) + a->nthemes > 0)
        priorities_lists(d);
    else
        doc_para(d, "No priority or cross-cutting theme has been selected yet.");
    doc_para(d, "i) The source and context for the choice of priorities are detailed in Appendices "
                "A and B; ii) The above priorities will be reviewed annually and refreshed as "
                "required.");
    buf_reset(&s);
    buf_puts(&s, "A priority is a county priority when it is named by ");
    render_rule_words(a, 1, &s);
    buf_puts(&s, " local CSPs in their strategic assessments, or when it is added at county "
                 "level.");
    doc_numbered(d, 4, 3, buf_str(&s));
    buf_free(&s);
    doc_section_end(d);
}

/* "Lead; supported by B and C", or "TBC" when the priority has no lead. */
static void leads_text(const struct agr_count *k, struct buf *s)
{
    if (k->leads.n == 0) {
        buf_puts(s, "TBC");
        return;
    }
    buf_puts(s, or_empty(k->leads.v[0]));
    if (k->leads.n > 1) {
        buf_puts(s, "; supported by ");
        words_join_and(s, k->leads.v + 1, k->leads.n - 1);
    }
}

static void priority_leads(struct doc *d)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Priority", 0, 0}, {"Lead Officer/Agency", 0, 0}};
    struct buf s = {0};
    doc_section_begin(d, "leads", NULL, "5. Priority Leads");
    buf_printf(&s, "Lead officers for each of the priorities have been identified below and have "
                   "the responsibility for developing, with partners, the action plans to "
                   "address the countywide priorities. The leads will also act as a champion for "
                   "the designated priority and provide regular progress updates for the %s and "
                   "the %s as required. They will be supported by secondary lead officers who "
                   "will be responsible for individual actions within each plan.",
               front_body(a), front_committee(a));
    doc_para(d, buf_str(&s));
    doc_table_begin(d, "leads", "Priority leads", cols, 2, 1);
    for (size_t i = 0; i < a->ncounts; i++) {
        const struct agr_count *k = &a->counts[i];
        if (!k->selected)
            continue;
        buf_reset(&s);
        leads_text(k, &s);
        doc_row_begin(d, 0);
        doc_cell(d, k->title, 0);
        doc_cell(d, buf_str(&s), 0);
        doc_row_end(d);
    }
    doc_table_end(d);
    buf_free(&s);
    doc_section_end(d);
}

void sections_write(struct doc *d)
{
    front_foreword(d);
    introduction(d);
    front_purpose(d);
    front_governance(d);
    county_priorities(d);
    priority_leads(d);
    front_plans(d);
    front_signatories(d);
}
