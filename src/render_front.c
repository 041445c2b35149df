/* render_front.c: the draft's front matter from the county register's agreement period
 * covering the plan year (register_period): the cover (title, period, contact), the
 * foreword and who signs it, sections 2 and 3 (purpose, governance with the statutory
 * partners apart from the signatories), section 6 (links to plans), section 7
 * (signatories), the stakeholder workshop of Appendix A with what became of each item, and
 * the alternative-formats statement at the end.
 *
 * What it guarantees: every period-specific word comes from that period, never from another
 * (a year no period covers gets a neutral front matter built from the county's name and the
 * partnerships in force then). A piece the period does not give is written "TBC" and is
 * listed by render_front_tbc, which the status box and --final's open items both read. A
 * period built from a register of the first format (one <agreement>, from_agreement) keeps
 * the front matter that format always had: the generic foreword, purpose and governance,
 * written from the register's names; nothing it could never hold is called TBC. */
#include "csa/planyear.h"
#include "csa/render.h"
#include "render_doc.h"

#include <stdio.h>
#include <string.h>

/* The pieces of front matter a period may lack, in document order. */
enum piece {
    P_PERIOD,
    P_CONTACT,
    P_FOREWORD,
    P_SIGNER,
    P_PURPOSE,
    P_GOVERNANCE,
    P_PARTNERS,
    P_PLANS,
    P_SIGNATORIES,
    P_ADDITIONS,
    P_ALT,
    P_COUNT
};

static const char *const piece_words[P_COUNT] = {
    "the agreement period, its title and dates (cover)",
    "the contact address and email (cover)",
    "the foreword",
    "who signs the foreword, with every title",
    "the purpose of the agreement (section 2)",
    "the governance (section 3)",
    "the statutory partners (section 3)",
    "the links to strategies and plans (section 6)",
    "the signatories (section 7)",
    "the county additions and their reasons (Appendix A)",
    "the alternative-formats statement",
};

static const struct reg_period *period_of(const struct agreement *a)
{
    return register_period(a->reg, a->year);
}

/* True when period p (NULL: none covers the year) does not give piece k. */
static int missing(const struct reg_period *p, enum piece k)
{
    if (p == NULL)
        return 1;
    int old = p->from_agreement; /* the first format: its generic front matter stands */
    switch (k) {
    case P_PERIOD:
        return 0;
    case P_CONTACT:
        return !old && !is_set(p->contact_name) && !is_set(p->contact_email) &&
               p->contact_address.n == 0;
    case P_FOREWORD:
        return !old && p->foreword.n == 0;
    case P_SIGNER:
        return !old && !is_set(p->signed_by);
    case P_PURPOSE:
        return !old && p->purpose.n == 0;
    case P_GOVERNANCE:
        return !old && p->governance.n == 0;
    case P_PARTNERS:
        return !old && p->statutory_partners.n == 0;
    case P_PLANS:
        return p->plans.n == 0;
    case P_SIGNATORIES:
        return p->signatories.n == 0;
    case P_ADDITIONS:
        return !old && p->nadditions == 0;
    case P_ALT:
        return !old && !is_set(p->alt_formats);
    case P_COUNT:
        break;
    }
    return 0;
}

size_t render_front_tbc(const struct agreement *a, const char **v, size_t max)
{
    const struct reg_period *p = period_of(a);
    size_t n = 0;
    for (int k = 0; k < P_COUNT; k++)
        if (missing(p, (enum piece)k)) {
            if (n < max)
                v[n] = piece_words[k];
            n++;
        }
    return n;
}

/* "TBC: the foreword is not recorded in the county register for 2021/22." */
static void tbc_para(struct doc *d, enum piece k)
{
    char py[PLANYEAR_LABEL_MAX];
    struct buf s = {0};
    buf_printf(&s, "TBC: %s %s not recorded in the county register for %s.", piece_words[k],
               k == P_PLANS || k == P_SIGNATORIES || k == P_PARTNERS || k == P_ADDITIONS ? "are"
                                                                                        : "is",
               planyear_label(d->a->year, '/', py, sizeof py));
    doc_para(d, buf_str(&s));
    buf_free(&s);
}

/* The period in words: as the register prints it, else from its dates ("April 2021 to March
 * 2022"), else the plan year with the period TBC. */
static const char *period_words(const struct agreement *a, char *s, size_t n)
{
    const struct reg_period *p = period_of(a);
    if (p && is_set(p->period_words))
        return p->period_words;
    if (p) { /* words_period reads only start and end */
        struct csa_register dates = {.start = p->start, .end = p->end};
        return words_period(&dates, 1, s, n);
    }
    char py[PLANYEAR_LABEL_MAX];
    snprintf(s, n, "Plan year %s (agreement period TBC)",
             planyear_label(a->year, '/', py, sizeof py));
    return s;
}

/* The agreement's title: the period's, else "<County> Community Safety Agreement". */
static void title_of(const struct agreement *a, struct buf *s)
{
    const struct reg_period *p = period_of(a);
    if (p && is_set(p->title))
        buf_puts(s, p->title);
    else
        buf_printf(s, "%s Community Safety Agreement", or_empty(a->reg->name));
}

void front_title(const struct agreement *a, struct buf *s)
{
    char per[96];
    title_of(a, s);
    buf_printf(s, ", %s", period_words(a, per, sizeof per));
}

/* The partnership that delivers the agreement: the period's, else a description. */
static const char *body_of(const struct agreement *a)
{
    const struct reg_period *p = period_of(a);
    return p && is_set(p->body) ? p->body : "county Community Safety Partnership";
}

const char *front_committee(const struct agreement *a)
{
    const struct reg_period *p = period_of(a);
    return p && is_set(p->committee) ? p->committee : "Crime and Disorder Committee";
}

const char *front_body(const struct agreement *a)
{
    return body_of(a);
}

/* ===== The cover ===== */

static void contact(struct doc *d, const struct reg_period *p)
{
    struct buf s = {0};
    if (missing(p, P_CONTACT)) {
        tbc_para(d, P_CONTACT);
        return;
    }
    if (!is_set(p->contact_name) && p->contact_address.n == 0 && !is_set(p->contact_email))
        return; /* the first format without a contact: as it always was */
    buf_puts(&s, "For further information on this Community Safety Agreement please contact");
    if (is_set(p->contact_name))
        buf_printf(&s, " %s", p->contact_name);
    buf_puts(&s, p->contact_address.n || is_set(p->contact_email) ? ":" : ".");
    doc_para(d, buf_str(&s));
    buf_free(&s);
    if (p->contact_address.n > 0) {
        doc_p_begin(d, "address");
        for (size_t i = 0; i < p->contact_address.n; i++) {
            if (i)
                doc_line_break(d);
            doc_text(d, p->contact_address.v[i]);
        }
        doc_p_end(d);
    }
    if (is_set(p->contact_email) || is_set(p->contact_phone)) {
        doc_p_begin(d, "contact");
        if (is_set(p->contact_email)) {
            doc_text(d, "Email: ");
            doc_text(d, p->contact_email);
        }
        if (is_set(p->contact_phone)) {
            if (is_set(p->contact_email))
                doc_line_break(d);
            doc_text(d, "Telephone: ");
            doc_text(d, p->contact_phone);
        }
        doc_p_end(d);
    }
}

void front_cover(struct doc *d)
{
    const struct reg_period *p = period_of(d->a);
    char per[96];
    struct buf s = {0};
    title_of(d->a, &s);
    doc_heading(d, 1, NULL, buf_str(&s));
    buf_free(&s);
    doc_p_begin(d, "period");
    doc_strong(d, period_words(d->a, per, sizeof per));
    doc_p_end(d);
    contact(d, p);
}

/* ===== The foreword ===== */

/* The first format's foreword: written from the register's names, as it always was. */
static void generic_foreword(struct doc *d, const struct reg_period *p)
{
    const struct agreement *a = d->a;
    char per[32], w[32];
    struct buf s = {0};
    struct csa_register dates = {.start = p->start, .end = p->end};
    buf_printf(&s, "On behalf of the %s %s pleased to present the %s for %s.", body_of(a),
               is_set(p->signed_by) ? "I am" : "we are", or_empty(p->title),
               words_period(&dates, 0, per, sizeof per));
    doc_para(d, buf_str(&s));
    buf_reset(&s);
    buf_printf(&s, "The Community Safety Agreement sets out how partners in %s will work together "
                   "to address the key community safety priorities for the county, drawn from the "
                   "strategic assessments of the %s local %s, identifying the shared objectives "
                   "and outcomes required to improve the lives of the people of %s.",
               a->reg->name, render_number_words((int)a->npartnerships, 0, w, sizeof w),
               words_csps(a->npartnerships), a->reg->name);
    doc_para(d, buf_str(&s));
    buf_free(&s);
    doc_para(d, "The success of this agreement can only be achieved through delivery of the action "
                "plans, which will not be possible without the considerable support of partner "
                "agencies at both district/borough and county level, as well as non-statutory "
                "organisations and the voluntary sector.");
}

void front_foreword(struct doc *d)
{
    const struct reg_period *p = period_of(d->a);
    doc_section_begin(d, "foreword", NULL, "Foreword");
    if (p && p->foreword.n > 0)
        for (size_t i = 0; i < p->foreword.n; i++)
            doc_para(d, p->foreword.v[i]);
    else if (p && p->from_agreement)
        generic_foreword(d, p);
    else
        tbc_para(d, P_FOREWORD);
    if (p && is_set(p->signed_by)) {
        doc_p_begin(d, "signature");
        doc_strong(d, p->signed_by);
        for (size_t i = 0; i < p->signer_titles.n; i++) {
            doc_line_break(d);
            doc_text(d, p->signer_titles.v[i]);
        }
        doc_p_end(d);
    } else if (missing(p, P_SIGNER)) {
        tbc_para(d, P_SIGNER);
    }
    doc_section_end(d);
}

/* ===== Sections 2 and 3 ===== */

static void numbered_list(struct doc *d, int section, const struct reg_strings *v)
{
    for (size_t i = 0; i < v->n; i++)
        doc_numbered(d, section, (int)i + 1, v->v[i]);
}

void front_purpose(struct doc *d)
{
    const struct reg_period *p = period_of(d->a);
    struct buf s = {0};
    doc_section_begin(d, "purpose", NULL, "2. Purpose of the Agreement");
    if (p && p->purpose.n > 0) {
        numbered_list(d, 2, &p->purpose);
    } else if (p && p->from_agreement) {
        doc_numbered(d, 2, 1, "To deliver the statutory duty under Section 17 of the Crime and "
                              "Disorder Act 1998 (as amended by the Police and Justice Act 2006), "
                              "two tier authorities are required to prepare a community safety "
                              "agreement for the county. Section 17 recognises that there are key "
                              "stakeholders that have responsibility for a wide range of services "
                              "to the community that can deliver community safety solutions.");
        buf_printf(&s, "To develop a more joined-up approach to public service delivery across "
                       "%s, enable more effective and co-ordinated strategic planning across "
                       "partner agencies and ensure sustainable and lasting improvements in "
                       "delivering outcomes. This agreement recognises that community safety "
                       "issues do not always respect district boundaries, and that coordination "
                       "of effort can lead to economies of scale, joined up working, and more "
                       "effective outcomes.",
                   d->a->reg->name);
        doc_numbered(d, 2, 2, buf_str(&s));
    } else {
        tbc_para(d, P_PURPOSE);
    }
    buf_free(&s);
    doc_section_end(d);
}

/* "The Statutory Partners are:- Kent Police, ... and Kent Probation." */
static void statutory_partners(struct doc *d, const struct reg_period *p)
{
    if (p == NULL || p->statutory_partners.n == 0) {
        if (missing(p, P_PARTNERS))
            tbc_para(d, P_PARTNERS);
        return;
    }
    struct buf s = {0};
    buf_puts(&s, "The Statutory Partners are:- ");
    words_join_and(&s, p->statutory_partners.v, p->statutory_partners.n);
    buf_putc(&s, '.');
    doc_p_begin(d, "note");
    doc_text(d, buf_str(&s));
    doc_p_end(d);
    buf_free(&s);
}

void front_governance(struct doc *d)
{
    const struct agreement *a = d->a;
    const struct reg_period *p = period_of(a);
    struct buf s = {0};
    doc_section_begin(d, "governance", NULL, "3. Governance");
    if (p && p->governance.n > 0) {
        /* the statutory partners follow the paragraph that refers to them, as the seed has */
        doc_numbered(d, 3, 1, p->governance.v[0]);
        statutory_partners(d, p);
        for (size_t i = 1; i < p->governance.n; i++)
            doc_numbered(d, 3, (int)i + 1, p->governance.v[i]);
    } else if (p && p->from_agreement) {
        buf_printf(&s, "The %s is responsible for the delivery of the %s priorities, with "
                       "membership taken from senior officers across the statutory partners, the "
                       "chairs of the local Community Safety Partnerships (CSPs) and the County "
                       "Council portfolio holder.",
                   body_of(a), or_empty(p->title));
        doc_numbered(d, 3, 1, buf_str(&s));
        statutory_partners(d, p);
        doc_numbered(d, 3, 2, "The statutory partners aim to deliver effectively and efficiently "
                              "the priorities outlined in this agreement and to comply with "
                              "statutory responsibilities.");
        buf_reset(&s);
        buf_printf(&s, "The %s will also serve as the Crime and Disorder Committee and therefore "
                       "will have a statutory responsibility to review and scrutinise delivery "
                       "of the Community Safety Agreement.",
                   front_committee(a));
        doc_numbered(d, 3, 3, buf_str(&s));
    } else {
        tbc_para(d, P_GOVERNANCE);
        statutory_partners(d, p);
    }
    buf_free(&s);
    doc_section_end(d);
}

/* ===== Sections 6 and 7 ===== */

void front_plans(struct doc *d)
{
    const struct reg_period *p = period_of(d->a);
    doc_section_begin(d, "plans", NULL, "6. Links to Strategies and Plans");
    if (p && p->plans.n > 0) {
        doc_para(d, "The priorities set out in this Community Safety Agreement link to, and "
                    "assist in the achievement of a number of national and local partnership "
                    "plans and strategies including:");
        doc_list_or(d, p->plans.v, p->plans.n, "");
    } else {
        tbc_para(d, P_PLANS);
    }
    doc_section_end(d);
}

void front_signatories(struct doc *d)
{
    const struct reg_period *p = period_of(d->a);
    struct buf s = {0};
    doc_section_begin(d, "signatories", NULL, "7. Signatories");
    if (p && p->signatories.n > 0) {
        if (p && is_set(p->body))
            buf_printf(&s, "This agreement has been drawn up on behalf of the Partners of the "
                           "%s:-", p->body);
        else
            buf_puts(&s, "This agreement has been drawn up on behalf of the Partners:-");
        doc_para(d, buf_str(&s));
        doc_list_or(d, p->signatories.v, p->signatories.n, "");
    } else {
        tbc_para(d, P_SIGNATORIES);
    }
    buf_free(&s);
    doc_section_end(d);
}

/* ===== Appendix A's workshop and additions, the end ===== */

static const char *theme_title(const struct csa_register *r, const char *id)
{
    for (size_t i = 0; id && i < r->nthemes; i++)
        if (strcmp(r->themes[i].id, id) == 0)
            return r->themes[i].title;
    return id;
}

/* What became of a workshop item, in words: "a county priority (Road Safety)". */
static void became_words(const struct csa_register *r, const struct reg_workshop_item *w,
                         struct buf *s)
{
    if (w->became == NULL) {
        buf_puts(s, "what became of it: TBC");
    } else if (strcmp(w->became, "priority") == 0) {
        const struct reg_priority *k = register_priority(r, w->ref);
        buf_printf(s, "a county priority (%s)", k ? k->title : or_empty(w->ref));
    } else if (strcmp(w->became, "theme") == 0) {
        buf_printf(s, "part of the cross-cutting theme %s", or_empty(theme_title(r, w->ref)));
    } else {
        buf_puts(s, "not taken up as a county priority or theme");
    }
}

void front_workshop(struct doc *d)
{
    const struct reg_period *p = period_of(d->a);
    if (p == NULL || p->nworkshop == 0)
        return;
    struct buf s = {0};
    doc_heading(d, 3, NULL, "Stakeholder Workshop");
    buf_puts(&s, "Relevant key stakeholders were consulted about the above common priorities, as "
                 "well as having an opportunity to identify any perceived gaps, during a "
                 "multi-agency workshop");
    if (is_set(p->workshop_when))
        buf_printf(&s, " in %s", p->workshop_when);
    buf_puts(&s, ". The following additional priorities/themes resulted from the workshop "
                 "discussion, each with what became of it:-");
    doc_para(d, buf_str(&s));
    doc_list_begin(d);
    for (size_t i = 0; i < p->nworkshop; i++) {
        buf_reset(&s);
        buf_printf(&s, "%s: ", or_empty(p->workshop[i].text));
        became_words(d->a->reg, &p->workshop[i], &s);
        doc_item(d, buf_str(&s));
    }
    doc_list_end(d);
    buf_free(&s);
}

void front_no_additions(struct doc *d)
{
    if (missing(period_of(d->a), P_ADDITIONS))
        tbc_para(d, P_ADDITIONS);
    else
        doc_para(d, "No priorities or themes were added at county level.");
}

void front_back(struct doc *d)
{
    const struct reg_period *p = period_of(d->a);
    if (p && is_set(p->alt_formats)) {
        doc_p_begin(d, "formats");
        doc_text(d, p->alt_formats);
        doc_p_end(d);
    } else if (missing(p, P_ALT)) {
        tbc_para(d, P_ALT);
    }
}
