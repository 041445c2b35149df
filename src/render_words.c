/* render_words.c: the words and numbers of the draft agreement (see render_doc.h): numbers
 * in words as the seed writes them, figures with thousands separators, signed changes and
 * percentages, dates in words, the agreement's period, the selection rule as SQL states it
 * (and the smallest whole count it selects), a partnership's name, the sentences
 * about the partnerships and their districts, what a count is over while submissions are still
 * coming, and a title as it reads inside a sentence.
 *
 * Everything is formatted here by hand, never with %f, %'d or the C library's character
 * classes, so the bytes never depend on the locale. Nothing here escapes text: the block
 * format (render_block.c) does that as the words are written. */
#include "csa/render.h"
#include "render_doc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const small_words[20] = {
    "none",    "one",     "two",       "three",    "four",     "five",    "six",
    "seven",   "eight",   "nine",      "ten",      "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen",  "seventeen", "eighteen", "nineteen"};
static const char *const tens_words[10] = {"",      "",      "twenty",  "thirty", "forty",
                                           "fifty", "sixty", "seventy", "eighty", "ninety"};

const char *render_number_words(int n, int cap, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return "";
    if (n < 0 || n > 99)
        snprintf(buf, size, "%d", n);
    else if (n < 20)
        snprintf(buf, size, "%s", small_words[n]);
    else if (n % 10 == 0)
        snprintf(buf, size, "%s", tens_words[n / 10]);
    else
        snprintf(buf, size, "%s-%s", tens_words[n / 10], small_words[n % 10]);
    if (cap)
        buf[0] = ascii_lower(buf[0]) ? (char)(buf[0] - 'a' + 'A') : buf[0];
    return buf;
}

const char *words_count(long long n, char *s, size_t size)
{
    char digits[32];
    unsigned long long m = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    snprintf(digits, sizeof digits, "%llu", m);
    size_t len = strlen(digits), o = 0;
    if (n < 0 && o + 1 < size)
        s[o++] = '-';
    for (size_t i = 0; i < len && o + 1 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0 && o + 2 < size)
            s[o++] = ',';
        s[o++] = digits[i];
    }
    s[o] = '\0';
    return s;
}

const char *words_change(long long d, char *s, size_t size)
{
    char n[32];
    snprintf(s, size, "%s%s", d > 0 ? "+" : "", words_count(d, n, sizeof n));
    return s;
}

/* The change from prev to cur in per cent, one decimal, rounded half away from zero:
 * "+6.4%"; "n/a" when there is no previous figure to compare with. */
const char *words_percent(long long cur, long long prev, char *s, size_t size)
{
    if (prev <= 0) {
        snprintf(s, size, "n/a");
        return s;
    }
    long long t = llround(((double)cur - (double)prev) * 1000.0 / (double)prev);
    unsigned long long m = t < 0 ? 0ULL - (unsigned long long)t : (unsigned long long)t;
    snprintf(s, size, "%s%llu.%llu%%", t > 0 ? "+" : t < 0 ? "-" : "", m / 10, m % 10);
    return s;
}

/* Parsed digit by digit: no strtod, so no locale and no rounding. */
long long words_millionths(const char *s)
{
    long long whole = 0, frac = 0, scale = 1000000;
    if (s == NULL || !ascii_digit(*s))
        return 0;
    for (; ascii_digit(*s) && whole < 1000000000000LL; s++)
        whole = whole * 10 + (*s - '0');
    if (*s == '.')
        for (s++; ascii_digit(*s) && scale > 1; s++) {
            scale /= 10;
            frac += (*s - '0') * scale;
        }
    return whole * 1000000 + frac;
}

static const char *const months[12] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};

/* Reads the year and month of an ISO date; 0 when it is not one. */
static int parse_ym(const char *s, int *y, int *m)
{
    if (s == NULL || strlen(s) < 7 || s[4] != '-')
        return 0;
    for (int i = 0; i < 7; i++)
        if (i != 4 && !ascii_digit(s[i]))
            return 0;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    return *m >= 1 && *m <= 12;
}

const char *words_period(const struct csa_register *r, int lng, char *s, size_t n)
{
    int y1, m1, y2, m2;
    if (!parse_ym(r->start, &y1, &m1) || !parse_ym(r->end, &y2, &m2))
        snprintf(s, n, "%s to %s", or_empty(r->start), or_empty(r->end));
    else if (lng)
        snprintf(s, n, "%s %d to %s %d", months[m1 - 1], y1, months[m2 - 1], y2);
    else
        snprintf(s, n, "%d/%02d", y1, y2 % 100);
    return s;
}

const char *words_date(const char *iso, char *s, size_t n)
{
    int y, m;
    if (!parse_ym(iso, &y, &m)) {
        snprintf(s, n, "%s", or_empty(iso));
        return s;
    }
    if (iso[7] == '\0') {
        snprintf(s, n, "%s %d", months[m - 1], y);
        return s;
    }
    if (iso[7] == '-' && ascii_digit(iso[8]) && ascii_digit(iso[9]) && iso[10] == '\0') {
        int day = (iso[8] - '0') * 10 + (iso[9] - '0');
        if (day >= 1 && day <= 31) {
            snprintf(s, n, "%d %s %d", day, months[m - 1], y);
            return s;
        }
    }
    snprintf(s, n, "%s", iso);
    return s;
}

/* The smallest whole count the rule selects, from SQL's threshold as SQL states it: "5.5"
 * with at_least 0 (more than 5.5) is 6; "3" with at_least 1 is 3; "3" with at_least 0 is 4.
 * This reads the threshold; it never recomputes it from the share or the partnerships. */
int words_rule_smallest(const struct agr_rule *r)
{
    long long t = words_millionths(r->threshold);
    long long whole = t / 1000000, frac = t % 1000000;
    if (r->at_least)
        return (int)(whole + (frac != 0));
    return (int)(whole + 1);
}

void render_rule_words(const struct agreement *a, int in_words, struct buf *out)
{
    char w[32], k[32];
    if (!in_words) {
        snprintf(w, sizeof w, "%zu", a->npartnerships);
        buf_printf(out, "%s %s of the %s", a->rule.at_least ? "at least" : "more than",
                   is_set(a->rule.threshold) ? a->rule.threshold : "0", w);
        return;
    }
    render_number_words((int)a->npartnerships, 0, w, sizeof w);
    int m = words_rule_smallest(&a->rule);
    if ((size_t)m > a->npartnerships) /* a rule no count can meet says so, never "twelve of
                                       * the eleven" */
        buf_printf(out, "more than all %s", w);
    else if ((size_t)m == a->npartnerships && m > 1)
        buf_printf(out, "all %s", w);
    else
        buf_printf(out, "at least %s of the %s", render_number_words(m, 0, k, sizeof k), w);
}

const char *words_csps(size_t n)
{
    return n == 1 ? "Community Safety Partnership" : "Community Safety Partnerships";
}

void words_join_and(struct buf *s, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            buf_puts(s, i + 1 == n ? " and " : ", ");
        buf_puts(s, or_empty(v[i]));
    }
}

/* True when the name of the partnership names district d word for word. */
static int name_says(const char *name, const char *d)
{
    return is_set(d) && strstr(or_empty(name), d) != NULL;
}

void words_partnership(const struct agr_partnership *p, struct buf *s)
{
    int adds = 0; /* the districts add something only when the name leaves one out */
    for (size_t i = 0; i < p->districts.n; i++)
        adds |= !name_says(p->name, p->districts.v[i]);
    buf_puts(s, or_empty(p->name));
    if (!adds)
        return;
    buf_puts(s, " (");
    words_join_and(s, p->districts.v, p->districts.n);
    buf_putc(s, ')');
}

size_t facts_njoint(const struct agreement *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->npartnerships; i++)
        n += a->partnerships[i].districts.n > 1;
    return n;
}

/* "Dartford and Gravesham have a joint CSP", or for several "there are joint CSPs for A and
 * B, for C and D, and for E, F and G". */
static void joint_clause(const struct agreement *a, size_t joint, struct buf *s)
{
    if (joint > 1)
        buf_puts(s, "there are joint CSPs ");
    for (size_t i = 0, k = 0; i < a->npartnerships; i++) {
        const struct strlist *d = &a->partnerships[i].districts;
        if (d->n < 2)
            continue;
        if (joint > 1)
            buf_puts(s, k == 0 ? "for " : k + 1 == joint ? ", and for " : ", for ");
        words_join_and(s, d->v, d->n);
        k++;
    }
    if (joint == 1)
        buf_puts(s, " have a joint CSP");
}

void words_districts_sentence(const struct agreement *a, struct buf *s)
{
    size_t m = a->ndistricts, n = a->npartnerships, joint = facts_njoint(a);
    buf_printf(s, "There %s %zu district/borough%s in %s", m == 1 ? "is" : "are", m,
               m == 1 ? "" : "s", a->reg->name);
    if (joint == 0 && m == n) {
        buf_puts(s, m == 1 ? ", and it has its own" : ", and each has its own");
        buf_puts(s, " Community Safety Partnership (CSP).");
        return;
    }
    buf_printf(s, "%s %zu %s (CSP%s)", m > n ? ", but only" : " and", n, words_csps(n),
               n == 1 ? "" : "s");
    if (joint > 0) {
        buf_puts(s, m > n ? " as " : ": ");
        joint_clause(a, joint, s);
    }
    buf_putc(s, '.');
}

/* True when the word [w, w+n) is written as an acronym: two or more capitals, no more small
 * letters than capitals ("ASB", "CSPs", "DfT"). */
static int acronym(const char *w, size_t n)
{
    size_t up = 0, low = 0;
    for (size_t i = 0; i < n; i++) {
        up += ascii_upper(w[i]);
        low += ascii_lower(w[i]);
    }
    return up >= 2 && up >= low;
}

/* True when [w, w+n) is one of the space-separated words of name. */
static int word_of(const char *name, const char *w, size_t n)
{
    for (const char *p = or_empty(name); *p;) {
        size_t len = strcspn(p, " ");
        if (len == n && strncmp(p, w, n) == 0)
            return 1;
        p += len;
        p += strspn(p, " ");
    }
    return 0;
}

/* True when the word [w, w+n), without surrounding punctuation, is a word of the county's
 * name or of a district's: a proper name that keeps its capital. */
static int proper_name(const struct agreement *a, const char *w, size_t n)
{
    while (n > 0 && !ascii_alnum(*w))
        w++, n--;
    while (n > 0 && !ascii_alnum(w[n - 1]))
        n--;
    if (n == 0)
        return 0;
    if (word_of(a->reg->name, w, n))
        return 1;
    for (size_t i = 0; i < a->npartnerships; i++)
        for (size_t j = 0; j < a->partnerships[i].districts.n; j++)
            if (word_of(a->partnerships[i].districts.v[j], w, n))
                return 1;
    return 0;
}

/* A title as it reads inside a sentence: "Substance Misuse" -> "substance misuse". Kept as
 * written when it starts with an acronym; acronyms and proper names inside keep their case. */
void words_title_in_sentence(const struct agreement *a, const char *t, struct buf *s)
{
    t = or_empty(t);
    size_t first = strcspn(t, " ");
    if (acronym(t, first)) {
        buf_puts(s, t);
        return;
    }
    for (const char *w = t; *w;) {
        size_t n = strcspn(w, " ");
        int keep = acronym(w, n) || proper_name(a, w, n);
        for (size_t i = 0; i < n; i++)
            buf_putc(s, keep || !ascii_upper(w[i]) ? w[i] : (char)(w[i] - 'A' + 'a'));
        w += n;
        while (*w == ' ')
            buf_putc(s, *w++);
    }
}

size_t facts_nselected(const struct agreement *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->ncounts; i++)
        n += a->counts[i].selected != 0;
    return n;
}

int facts_in_appendix_a(const struct agr_count *k)
{
    return k->partnerships > 0 || (k->basis && strcmp(k->basis, "count") == 0);
}

/* ===== What a count is over (while submissions are still coming) ===== */

void words_still_to_come(const struct agreement *a, struct buf *s)
{
    char wm[32], wn[32];
    size_t m = a->npartnerships - a->nsubmitted;
    buf_printf(s, "%s of the %s %s still to come", render_number_words((int)m, 0, wm, sizeof wm),
               render_number_words((int)a->npartnerships, 0, wn, sizeof wn),
               m == 1 ? "is" : "are");
}

void words_submitted_so_far(const struct agreement *a, struct buf *s)
{
    char w[32];
    buf_printf(s, "the %s %s that %s submitted so far",
               render_number_words((int)a->nsubmitted, 0, w, sizeof w),
               a->nsubmitted == 1 ? "partnership" : "partnerships",
               a->nsubmitted == 1 ? "has" : "have");
}
