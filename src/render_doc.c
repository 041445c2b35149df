/* render_doc.c: the draft Community Safety Agreement as HTML and Markdown (see render.h).
 *
 * One walk over a struct agreement writes the document in the structure of the Kent
 * Community Safety Agreement 2011-14: a draft status box, the cover, Foreword, sections 1 to
 * 7, Appendix A (the count table, its chart and footnotes, the county additions, the themes)
 * and Appendix B (each county priority's count in words and the county crime totals). A thin
 * layer of block and inline writers (heading, paragraph, list, table, text) turns that walk
 * into either one self-contained HTML5 file that also parses as XML, or GitHub-flavoured
 * Markdown.
 *
 * What it guarantees: every name and number in the document (county, partnerships,
 * districts, counts, priorities, leads, plans, signatories, dates) comes from the agreement
 * or its register; the only fixed prose is what any two-tier county's agreement says (the
 * statutory background). Every piece of data text is escaped for its format. The bytes
 * depend on the data alone: no clock, no locale (numbers are formatted here, never with %f
 * or %'d), no pointer values, no hash order.
 *
 * What it does not do: count, select or order anything (sql/004_counts.sql and count.c do),
 * read files or the database, or write the narrative evidence of the seed's Appendix B,
 * which no submission carries. */
#include "csa/render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ===== Words and numbers ===== */

/* ASCII character classes: the same answer whatever locale the process runs in. */
static int a_upper(int c)
{
    return c >= 'A' && c <= 'Z';
}

static int a_lower(int c)
{
    return c >= 'a' && c <= 'z';
}

static int a_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int a_alnum(int c)
{
    return a_upper(c) || a_lower(c) || a_digit(c);
}

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
        buf[0] = a_lower(buf[0]) ? (char)(buf[0] - 'a' + 'A') : buf[0];
    return buf;
}

/* n as a whole number with thousands separators: 29811 -> "29,811". */
static const char *fmt_count(long long n, char *s, size_t size)
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

/* A change with its sign: "+1,800", "-651", "0". */
static const char *fmt_change(long long d, char *s, size_t size)
{
    char n[32];
    snprintf(s, size, "%s%s", d > 0 ? "+" : "", fmt_count(d, n, sizeof n));
    return s;
}

/* The change from prev to cur in per cent, one decimal, rounded half away from zero:
 * "+6.4%"; "n/a" when there is no previous figure to compare with. */
static const char *fmt_percent(long long cur, long long prev, char *s, size_t size)
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

/* A non-negative number held in millionths, with no trailing zeros: 5500000 -> "5.5". */
static const char *fmt_millionths(long long v, char *s, size_t size)
{
    char frac[8];
    snprintf(frac, sizeof frac, "%06lld", v % 1000000);
    size_t n = strlen(frac);
    while (n > 0 && frac[n - 1] == '0')
        frac[--n] = '\0';
    snprintf(s, size, "%lld%s%s", v / 1000000, n ? "." : "", frac);
    return s;
}

/* ===== Small facts about the agreement ===== */

static int is_set(const char *s)
{
    return s != NULL && *s != '\0';
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* "2011/12" (sep '/') or "2011-12" (sep '-') for the plan year starting in `year`. */
static const char *plan_year(int year, char sep, char *s, size_t n)
{
    snprintf(s, n, "%d%c%02d", year, sep, ((year + 1) % 100 + 100) % 100);
    return s;
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
        if (i != 4 && !a_digit(s[i]))
            return 0;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    return *m >= 1 && *m <= 12;
}

/* The agreement's period: "April 2011 to March 2014" (long) or "2011/14" (short). */
static const char *period(const struct csa_register *r, int lng, char *s, size_t n)
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

/* The selection threshold in millionths of a partnership (5.5 of 11 -> 5500000), rounded
 * to a millionth so that 0.29 x 100 is 29 as in SQL's exact arithmetic. */
static long long threshold_millionths(const struct agreement *a)
{
    if (a->reg->min_partnerships > 0)
        return (long long)a->reg->min_partnerships * 1000000;
    return llround(a->reg->min_share * (double)a->npartnerships * 1e6);
}

/* The selection rule in words: "more than 5.5 of the eleven" or "at least 3 of the eleven". */
static void rule_words(const struct agreement *a, struct buf *s)
{
    char t[40], w[32];
    render_number_words((int)a->npartnerships, 0, w, sizeof w);
    buf_printf(s, "%s %s of the %s", a->reg->min_partnerships > 0 ? "at least" : "more than",
               fmt_millionths(threshold_millionths(a), t, sizeof t), w);
}

static const char *csps(size_t n)
{
    return n == 1 ? "Community Safety Partnership" : "Community Safety Partnerships";
}

/* Appends v[0], v[1] and v[2] (", " between, " and " before the last). */
static void join_and(struct buf *s, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            buf_puts(s, i + 1 == n ? " and " : ", ");
        buf_puts(s, or_empty(v[i]));
    }
}

static size_t count_joint(const struct agreement *a)
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
        join_and(s, d->v, d->n);
        k++;
    }
    if (joint == 1)
        buf_puts(s, " have a joint CSP");
}

/* Why N partnerships cover M districts, e.g. "There are 12 district/boroughs in Kent, but
 * only 11 Community Safety Partnerships (CSPs) as Dartford and Gravesham have a joint CSP." */
static void districts_sentence(const struct agreement *a, struct buf *s)
{
    size_t m = a->ndistricts, n = a->npartnerships, joint = count_joint(a);
    buf_printf(s, "There %s %zu district/borough%s in %s", m == 1 ? "is" : "are", m,
               m == 1 ? "" : "s", a->reg->name);
    if (joint == 0 && m == n) {
        buf_puts(s, m == 1 ? ", and it has its own" : ", and each has its own");
        buf_puts(s, " Community Safety Partnership (CSP).");
        return;
    }
    buf_printf(s, "%s %zu %s (CSP%s)", m > n ? ", but only" : " and", n, csps(n),
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
        up += a_upper(w[i]);
        low += a_lower(w[i]);
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
    while (n > 0 && !a_alnum(*w))
        w++, n--;
    while (n > 0 && !a_alnum(w[n - 1]))
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
static void title_in_sentence(const struct agreement *a, const char *t, struct buf *s)
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
            buf_putc(s, keep || !a_upper(w[i]) ? w[i] : (char)(w[i] - 'A' + 'a'));
        w += n;
        while (*w == ' ')
            buf_putc(s, *w++);
    }
}

static const struct agr_addition *addition_of(const struct agreement *a, const char *id)
{
    for (size_t i = 0; i < a->nadditions; i++)
        if (a->additions[i].priority && id && strcmp(a->additions[i].priority, id) == 0)
            return &a->additions[i];
    return NULL;
}

static size_t count_selected(const struct agreement *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->ncounts; i++)
        n += a->counts[i].selected != 0;
    return n;
}

/* Appendix A holds the rows some partnership named, and any counted row; a county addition
 * nobody named is listed with the additions instead. */
static int in_appendix_a(const struct agr_count *k)
{
    return k->partnerships > 0 || (k->basis && strcmp(k->basis, "count") == 0);
}

/* ===== The format layer: blocks and inline text for HTML or Markdown ===== */

struct col {
    const char *head;
    int num;  /* right-aligned figures */
    int note; /* footnote marker on the header, 0 for none */
};

struct doc {
    struct buf *out;
    const struct agreement *a;
    int md;                 /* Markdown, else HTML */
    const struct col *cols; /* the open table's columns */
    size_t ncols, col;      /* its width, and the next cell of the open row */
    int rowhead;            /* its first column heads each row */
    int strong;             /* the open row is highlighted */
};

/* Escapes text for HTML and XML alike; control characters XML cannot carry become spaces. */
static void html_esc(struct buf *b, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '&')
            buf_puts(b, "&amp;");
        else if (c == '<')
            buf_puts(b, "&lt;");
        else if (c == '>')
            buf_puts(b, "&gt;");
        else if (c == '"')
            buf_puts(b, "&quot;");
        else if (c == '\'')
            buf_puts(b, "&#39;");
        else
            buf_putc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
    }
}

/* Where s would start a Markdown block if it began a line ("1. ", "- ", "+ "): the index
 * of the character to escape, or -1. */
static long md_block_marker(const char *s)
{
    size_t d = strspn(s, "0123456789");
    if (d > 0 && (s[d] == '.' || s[d] == ')'))
        return (long)d;
    if ((s[0] == '-' || s[0] == '+') && (s[1] == ' ' || s[1] == '\0'))
        return 0;
    return -1;
}

/* Escapes text for GitHub-flavoured Markdown, inline, in a table cell or at a line start:
 * every character that could make markup is backslash-escaped (| as \|), as is a possible
 * entity's &; line breaks, tabs and other control characters become spaces. */
static void md_esc(struct buf *b, const char *s)
{
    if (s == NULL)
        return;
    long marker = md_block_marker(s);
    for (long i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            c = ' ';
        int entity = c == '&' && (a_alnum(s[i + 1]) || s[i + 1] == '#');
        if (i == marker || entity || strchr("\\`*_[]<>|#~$", c) != NULL)
            buf_putc(b, '\\');
        buf_putc(b, (char)c);
    }
}

static void text(struct doc *d, const char *s)
{
    if (d->md)
        md_esc(d->out, s);
    else
        html_esc(d->out, s);
}

static void strong(struct doc *d, const char *s)
{
    if (!is_set(s))
        return;
    buf_puts(d->out, d->md ? "**" : "<strong>");
    text(d, s);
    buf_puts(d->out, d->md ? "**" : "</strong>");
}

/* Writes fixed markup: html in HTML, md in Markdown. */
static void raw(struct doc *d, const char *html, const char *md)
{
    buf_puts(d->out, d->md ? md : html);
}

static void note_mark(struct doc *d, int n)
{
    if (d->md)
        buf_printf(d->out, "<sup>%d</sup>", n);
    else
        buf_printf(d->out, "<sup><a href=\"#note-%d\">%d</a></sup>", n, n);
}

static void heading(struct doc *d, int level, const char *id, const char *s)
{
    if (d->md) {
        buf_printf(d->out, "%.*s ", level, "######");
        text(d, s);
        buf_puts(d->out, "\n\n");
        return;
    }
    buf_printf(d->out, "<h%d", level);
    if (id) {
        buf_puts(d->out, " id=\"");
        html_esc(d->out, id);
        buf_putc(d->out, '"');
    }
    buf_putc(d->out, '>');
    text(d, s);
    buf_printf(d->out, "</h%d>\n", level);
}

/* Opens an HTML <section> (nothing in Markdown) headed by a level-2 heading. */
static void section_begin(struct doc *d, const char *id, const char *cls, const char *title)
{
    if (!d->md) {
        buf_puts(d->out, "<section id=\"");
        html_esc(d->out, id);
        buf_printf(d->out, "\"%s%s%s>\n", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    }
    heading(d, 2, NULL, title);
}

static void section_end(struct doc *d)
{
    raw(d, "</section>\n", "");
}

static void p_begin(struct doc *d, const char *cls)
{
    if (!d->md)
        buf_printf(d->out, "<p%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
}

static void p_end(struct doc *d)
{
    raw(d, "</p>\n", "\n\n");
}

/* A paragraph. Markdown loses its leading white space, which would make it a code block. */
static void para(struct doc *d, const char *s)
{
    while (d->md && s && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++;
    p_begin(d, NULL);
    text(d, s);
    p_end(d);
}

/* A numbered paragraph of a section: "1.1 ..." */
static void numbered(struct doc *d, int section, int n, const char *s)
{
    p_begin(d, "numbered");
    if (d->md)
        buf_printf(d->out, "**%d.%d** ", section, n);
    else
        buf_printf(d->out, "<span class=\"n\">%d.%d</span> ", section, n);
    text(d, s);
    p_end(d);
}

static void list_begin(struct doc *d)
{
    raw(d, "<ul>\n", "");
}

static void item_begin(struct doc *d)
{
    raw(d, "<li>", "- ");
}

static void item_end(struct doc *d)
{
    raw(d, "</li>\n", "\n");
}

static void list_end(struct doc *d)
{
    raw(d, "</ul>\n", "\n");
}

static void item(struct doc *d, const char *s)
{
    item_begin(d);
    text(d, s);
    item_end(d);
}

/* A bulleted list of v, or the paragraph `none` when it is empty. */
static void list_or(struct doc *d, const char *const *v, size_t n, const char *none)
{
    if (n == 0) {
        para(d, none);
        return;
    }
    list_begin(d);
    for (size_t i = 0; i < n; i++)
        item(d, v[i]);
    list_end(d);
}

static void table_head_md(struct doc *d, const char *caption)
{
    if (caption) {
        p_begin(d, NULL);
        buf_puts(d->out, "*");
        text(d, caption);
        buf_puts(d->out, "*");
        p_end(d);
    }
    for (size_t i = 0; i < d->ncols; i++) {
        buf_puts(d->out, "| ");
        text(d, d->cols[i].head);
        if (d->cols[i].note)
            note_mark(d, d->cols[i].note);
        buf_putc(d->out, ' ');
    }
    buf_puts(d->out, "|\n");
    for (size_t i = 0; i < d->ncols; i++)
        buf_puts(d->out, d->cols[i].num ? "| ---: " : "| --- ");
    buf_puts(d->out, "|\n");
}

static void table_head_html(struct doc *d, const char *cls, const char *caption)
{
    buf_printf(d->out, "<table class=\"%s\">\n", cls);
    if (caption) {
        buf_puts(d->out, "<caption>");
        text(d, caption);
        buf_puts(d->out, "</caption>\n");
    }
    buf_puts(d->out, "<thead><tr>");
    for (size_t i = 0; i < d->ncols; i++) {
        buf_printf(d->out, "<th scope=\"col\"%s>", d->cols[i].num ? " class=\"num\"" : "");
        text(d, d->cols[i].head);
        if (d->cols[i].note)
            note_mark(d, d->cols[i].note);
        buf_puts(d->out, "</th>");
    }
    buf_puts(d->out, "</tr></thead>\n<tbody>\n");
}

/* Opens a table of n columns (cols must outlive it), with its caption when not NULL.
 * rowhead: the first cell of each row is the row's header (HTML). */
static void table_begin(struct doc *d, const char *cls, const char *caption,
                        const struct col *cols, size_t n, int rowhead)
{
    d->cols = cols;
    d->ncols = n;
    d->rowhead = rowhead;
    if (d->md)
        table_head_md(d, caption);
    else
        table_head_html(d, cls, caption);
}

static void row_begin(struct doc *d, int highlight)
{
    d->col = 0;
    d->strong = highlight;
    if (d->md)
        buf_putc(d->out, '|');
    else
        buf_puts(d->out, highlight ? "<tr class=\"selected\">" : "<tr>");
}

/* The next cell of the open row; note > 0 puts a footnote marker after the text. Cells past
 * the table's width are dropped. */
static void cell(struct doc *d, const char *s, int note)
{
    if (d->col >= d->ncols)
        return;
    int first = d->col == 0 && d->rowhead, num = d->cols[d->col++].num;
    if (d->md)
        buf_putc(d->out, ' ');
    else
        buf_printf(d->out, "<%s%s>", first ? "th scope=\"row\"" : "td",
                   num ? " class=\"num\"" : "");
    if (d->strong && is_set(s))
        strong(d, s);
    else
        text(d, s);
    if (note > 0)
        note_mark(d, note);
    if (d->md)
        buf_puts(d->out, " |");
    else
        buf_puts(d->out, first ? "</th>" : "</td>");
}

/* Ends the open row, first filling any cell not written, so every row has the table's width. */
static void row_end(struct doc *d)
{
    while (d->col < d->ncols)
        cell(d, "", 0);
    raw(d, "</tr>\n", "\n");
}

static void table_end(struct doc *d)
{
    raw(d, "</tbody>\n</table>\n", "\n");
    d->cols = NULL;
    d->ncols = 0;
}

/* ===== The draft status box ===== */

static void status_submissions(struct doc *d)
{
    const struct agreement *a = d->a;
    struct buf s = {0};
    buf_printf(&s, "Submissions received: %zu of %zu partnerships.", a->nsubmitted,
               a->npartnerships);
    if (a->npartnerships == 0)
        buf_puts(&s, " No partnership in the register is in force for this plan year.");
    else if (a->nsubmitted == a->npartnerships)
        buf_puts(&s, " Every partnership in force has a current submission.");
    else
        buf_printf(&s, " Still missing (%zu):", a->npartnerships - a->nsubmitted);
    para(d, buf_str(&s));
    buf_free(&s);
    if (a->nsubmitted == a->npartnerships)
        return;
    list_begin(d);
    for (size_t i = 0; i < a->npartnerships; i++)
        if (!a->partnerships[i].submitted)
            item(d, a->partnerships[i].name);
    list_end(d);
}

static void unmapped_item(struct doc *d, const struct agr_unmapped *u)
{
    struct buf s = {0};
    buf_printf(&s, "%s:%ld (%s, %s): \"%s\"; ", or_empty(u->file), u->line,
               or_empty(u->partnership), or_empty(u->what), or_empty(u->wording));
    if (u->nsuggestions == 0)
        buf_puts(&s, "no close match in the register");
    for (size_t j = 0; j < u->nsuggestions; j++)
        buf_printf(&s, "%s%s (%s)", j ? ", " : "suggestions: ", or_empty(u->suggestions[j].label),
                   or_empty(u->suggestions[j].id));
    item(d, buf_str(&s));
    buf_free(&s);
}

static void status_unmapped(struct doc *d)
{
    const struct agreement *a = d->a;
    if (a->nunmapped == 0) {
        para(d, "No wordings are waiting for review: every submitted priority and theme maps "
                "to the register.");
        return;
    }
    struct buf s = {0};
    buf_printf(&s, "Wordings that map to no priority or theme, left out of the counts until the "
                   "register gives them an alias (%zu):", a->nunmapped);
    para(d, buf_str(&s));
    buf_free(&s);
    list_begin(d);
    for (size_t i = 0; i < a->nunmapped; i++)
        unmapped_item(d, &a->unmapped[i]);
    list_end(d);
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
        para(d, "Every selected priority has a lead officer.");
        return;
    }
    struct buf s = {0};
    buf_printf(&s, "Selected priorities with no lead officer, shown as TBC in section 5 (%zu):",
               gaps);
    para(d, buf_str(&s));
    buf_free(&s);
    list_begin(d);
    for (size_t i = 0; i < a->ncounts; i++)
        if (a->counts[i].selected && a->counts[i].leads.n == 0)
            item(d, a->counts[i].title);
    list_end(d);
}

static void status_body(struct doc *d)
{
    const struct agreement *a = d->a;
    char py[16];
    struct buf s = {0};
    heading(d, 2, NULL, "Draft for review");
    buf_printf(&s, "This draft is generated from the strategic assessments submitted for %s. ",
               plan_year(a->year, '/', py, sizeof py));
    if (a->nsubmitted == a->npartnerships && a->nunmapped == 0 && count_gaps(a) == 0)
        buf_puts(&s, "Nothing is waiting for review.");
    else
        buf_puts(&s, "The items below need attention before it is agreed.");
    para(d, buf_str(&s));
    buf_free(&s);
    status_submissions(d);
    status_unmapped(d);
    status_gaps(d);
}

/* The status box: an <aside> in HTML, a block quote in Markdown. */
static void status_box(struct doc *d)
{
    if (!d->md) {
        buf_puts(d->out, "<aside class=\"status\" aria-label=\"Draft status\">\n");
        status_body(d);
        buf_puts(d->out, "</aside>\n");
        return;
    }
    struct buf box = {0};
    struct doc inner = *d;
    inner.out = &box;
    status_body(&inner);
    while (box.len > 0 && box.data[box.len - 1] == '\n')
        box.data[--box.len] = '\0';
    for (const char *p = buf_str(&box); *p;) {
        size_t n = strcspn(p, "\n");
        buf_puts(d->out, n ? "> " : ">");
        buf_append(d->out, p, n);
        buf_putc(d->out, '\n');
        p += n + (p[n] == '\n');
    }
    buf_puts(d->out, "\n");
    buf_free(&box);
}

/* ===== Cover, contents, foreword ===== */

static void appendix_a_title(const struct agreement *a, char *s, size_t n)
{
    char py[16];
    snprintf(s, n, "Appendix A: Key Priorities and Cross-Cutting Themes (%s)",
             plan_year(a->year, '-', py, sizeof py));
}

static void cover(struct doc *d)
{
    const struct csa_register *r = d->a->reg;
    char per[96];
    struct buf s = {0};
    raw(d, "<header class=\"cover\">\n", "");
    heading(d, 1, NULL, r->title);
    p_begin(d, "period");
    strong(d, period(r, 1, per, sizeof per));
    p_end(d);
    if (is_set(r->contact)) {
        buf_printf(&s, "For further information on this Community Safety Agreement please "
                       "contact %s.", r->contact);
        para(d, buf_str(&s));
        buf_reset(&s);
    }
    if (d->a->date)
        buf_printf(&s, "Draft generated from submissions up to %s.", d->a->date);
    else
        buf_puts(&s, "Draft generated before any submission was received.");
    p_begin(d, "generated");
    text(d, buf_str(&s));
    p_end(d);
    buf_free(&s);
    raw(d, "</header>\n", "");
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

static void contents(struct doc *d)
{
    char aa[128];
    appendix_a_title(d->a, aa, sizeof aa);
    raw(d, "<nav class=\"contents\" aria-label=\"Contents\">\n", "");
    heading(d, 2, NULL, "Contents");
    list_begin(d);
    for (size_t i = 0; i < sizeof section_ids / sizeof *section_ids; i++) {
        item_begin(d);
        if (!d->md)
            buf_printf(d->out, "<a href=\"#%s\">", section_ids[i]);
        text(d, section_titles[i] ? section_titles[i] : aa);
        raw(d, "</a>", "");
        item_end(d);
    }
    list_end(d);
    raw(d, "</nav>\n", "");
}

static void foreword(struct doc *d)
{
    const struct agreement *a = d->a;
    const struct csa_register *r = a->reg;
    char per[32], w[32];
    struct buf s = {0};
    section_begin(d, "foreword", NULL, "Foreword");
    buf_printf(&s, "On behalf of the %s %s pleased to present the %s for %s.", r->body,
               is_set(r->chair) ? "I am" : "we are", r->title, period(r, 0, per, sizeof per));
    para(d, buf_str(&s));
    buf_reset(&s);
    buf_printf(&s, "The Community Safety Agreement sets out how partners in %s will work together "
                   "to address the key community safety priorities for the county, drawn from the "
                   "strategic assessments of the %s local %s, identifying the shared objectives "
                   "and outcomes required to improve the lives of the people of %s.",
               r->name, render_number_words((int)a->npartnerships, 0, w, sizeof w),
               csps(a->npartnerships), r->name);
    para(d, buf_str(&s));
    buf_free(&s);
    para(d, "The success of this agreement can only be achieved through delivery of the action "
            "plans, which will not be possible without the considerable support of partner "
            "agencies at both district/borough and county level, as well as non-statutory "
            "organisations and the voluntary sector.");
    if (is_set(r->chair)) {
        p_begin(d, "signature");
        strong(d, r->chair);
        if (is_set(r->chair_role)) {
            raw(d, "<br/>", "  \n");
            text(d, r->chair_role);
        }
        p_end(d);
    }
    section_end(d);
}

/* ===== Sections 1 to 3 ===== */

/* The partnerships in force, each with the districts it covers. */
static void partnership_list(struct doc *d)
{
    struct buf s = {0};
    list_begin(d);
    for (size_t i = 0; i < d->a->npartnerships; i++) {
        const struct agr_partnership *p = &d->a->partnerships[i];
        buf_reset(&s);
        buf_printf(&s, "%s (", or_empty(p->name));
        join_and(&s, p->districts.v, p->districts.n);
        buf_putc(&s, ')');
        item(d, buf_str(&s));
    }
    list_end(d);
    buf_free(&s);
}

static void introduction(struct doc *d)
{
    const struct agreement *a = d->a;
    char py[16];
    struct buf s = {0};
    section_begin(d, "introduction", NULL, "1. Introduction");
    numbered(d, 1, 1, "The Crime and Disorder Act 1998 gave statutory responsibility to local "
                      "authorities, the police, and key partners to reduce crime and disorder in "
                      "their communities. Under this legislation district/borough level Community "
                      "Safety Partnerships (CSPs) were required to carry out 3 yearly audits and "
                      "to implement crime reduction strategies.");
    buf_printf(&s, "A formal review of the 1998 Act took place in 2006, which resulted in a "
                   "revision to these requirements: at a district/borough level, the 3 yearly "
                   "audits were replaced by annual Strategic Assessments and public consultation, "
                   "and the crime reduction strategies by a 3 year rolling Partnership Plan "
                   "refreshed annually. For two tier authorities, such as %s, a statutory "
                   "Community Safety Agreement was introduced.", a->reg->name);
    numbered(d, 1, 2, buf_str(&s));
    buf_reset(&s);
    districts_sentence(a, &s);
    buf_printf(&s, " The partnerships in force for %s are:",
               plan_year(a->year, '/', py, sizeof py));
    numbered(d, 1, 3, buf_str(&s));
    partnership_list(d);
    buf_free(&s);
    section_end(d);
}

static void purpose(struct doc *d)
{
    struct buf s = {0};
    section_begin(d, "purpose", NULL, "2. Purpose of the Agreement");
    numbered(d, 2, 1, "To deliver the statutory duty under Section 17 of the Crime and Disorder "
                      "Act 1998 (as amended by the Police and Justice Act 2006), two tier "
                      "authorities are required to prepare a community safety agreement for the "
                      "county. Section 17 recognises that there are key stakeholders that have "
                      "responsibility for a wide range of services to the community that can "
                      "deliver community safety solutions.");
    buf_printf(&s, "To develop a more joined-up approach to public service delivery across %s, "
                   "enable more effective and co-ordinated strategic planning across partner "
                   "agencies and ensure sustainable and lasting improvements in delivering "
                   "outcomes. This agreement recognises that community safety issues do not "
                   "always respect district boundaries, and that coordination of effort can lead "
                   "to economies of scale, joined up working, and more effective outcomes.",
               d->a->reg->name);
    numbered(d, 2, 2, buf_str(&s));
    buf_free(&s);
    section_end(d);
}

static void governance(struct doc *d)
{
    const struct csa_register *r = d->a->reg;
    struct buf s = {0};
    section_begin(d, "governance", NULL, "3. Governance");
    buf_printf(&s, "The %s is responsible for the delivery of the %s priorities, with membership "
                   "taken from senior officers across the statutory partners, the chairs of the "
                   "local Community Safety Partnerships (CSPs) and the County Council portfolio "
                   "holder.", r->body, r->title);
    if (r->signatories.n > 0) {
        buf_puts(&s, " The partners are:- ");
        join_and(&s, r->signatories.v, r->signatories.n);
        buf_putc(&s, '.');
    }
    numbered(d, 3, 1, buf_str(&s));
    numbered(d, 3, 2, "The statutory partners aim to deliver effectively and efficiently the "
                      "priorities outlined in this agreement and to comply with statutory "
                      "responsibilities.");
    buf_reset(&s);
    buf_printf(&s, "The %s will also serve as the Crime and Disorder Committee and therefore will "
                   "have a statutory responsibility to review and scrutinise delivery of the "
                   "Community Safety Agreement.", r->committee);
    numbered(d, 3, 3, buf_str(&s));
    buf_free(&s);
    section_end(d);
}

/* ===== Sections 4 to 7 ===== */

/* The i-th selected priority, or NULL. */
static const struct agr_count *nth_selected(const struct agreement *a, size_t i)
{
    for (size_t k = 0; k < a->ncounts; k++)
        if (a->counts[k].selected && i-- == 0)
            return &a->counts[k];
    return NULL;
}

static void priorities_table(struct doc *d)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Priorities", 0, 0}, {"Cross-cutting themes", 0, 0}};
    char py[16], cap[96];
    size_t np = count_selected(a), rows = np > a->nthemes ? np : a->nthemes;
    snprintf(cap, sizeof cap, "County priorities and cross-cutting themes, %s",
             plan_year(a->year, '/', py, sizeof py));
    table_begin(d, "priorities", cap, cols, 2, 0);
    for (size_t i = 0; i < rows; i++) {
        const struct agr_count *k = nth_selected(a, i);
        row_begin(d, 0);
        cell(d, k ? k->title : "", 0);
        cell(d, i < a->nthemes ? a->themes[i].title : "", 0);
        row_end(d);
    }
    table_end(d);
}

static void county_priorities(struct doc *d)
{
    const struct agreement *a = d->a;
    char w[32], py[16];
    struct buf s = {0};
    section_begin(d, "priorities", NULL, "4. County Priorities");
    buf_printf(&s, "The Community Safety Agreement is an amalgamation of the strategic "
                   "assessments undertaken annually by the %s local %s (CSPs) across %s. The "
                   "common issues and priorities from these assessments have been identified and "
                   "relevant key stakeholders consulted to identify any potential gaps and "
                   "cross-cutting themes for inclusion in the agreement.",
               render_number_words((int)a->npartnerships, 0, w, sizeof w),
               csps(a->npartnerships), a->reg->name);
    numbered(d, 4, 1, buf_str(&s));
    buf_reset(&s);
    buf_printf(&s, "The following priorities have been identified for %s as those with the "
                   "potential to benefit from being supported at a county level, with the "
                   "cross-cutting themes to be addressed within each priority:-",
               plan_year(a->year, '/', py, sizeof py));
    numbered(d, 4, 2, buf_str(&s));
    if (count_selected(a) + a->nthemes > 0)
        priorities_table(d);
    else
        para(d, "No priority or cross-cutting theme has been selected yet.");
    para(d, "i) The source and context for the choice of priorities are detailed in Appendices "
            "A and B; ii) The above priorities will be reviewed annually and refreshed as "
            "required.");
    buf_reset(&s);
    buf_puts(&s, "A priority is a county priority when it is named by ");
    rule_words(a, &s);
    buf_puts(&s, " local CSPs in their strategic assessments, or when it is added at county "
                 "level.");
    numbered(d, 4, 3, buf_str(&s));
    buf_free(&s);
    section_end(d);
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
        join_and(s, k->leads.v + 1, k->leads.n - 1);
    }
}

static void priority_leads(struct doc *d)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Priority", 0, 0}, {"Lead Officer/Agency", 0, 0}};
    struct buf s = {0};
    section_begin(d, "leads", NULL, "5. Priority Leads");
    buf_printf(&s, "Lead officers for each of the priorities have been identified below and have "
                   "the responsibility for developing, with partners, the action plans to "
                   "address the countywide priorities. The leads will also act as a champion for "
                   "the designated priority and provide regular progress updates for the %s and "
                   "the %s as required. They will be supported by secondary lead officers who "
                   "will be responsible for individual actions within each plan.",
               a->reg->body, a->reg->committee);
    para(d, buf_str(&s));
    table_begin(d, "leads", "Priority leads", cols, 2, 1);
    for (size_t i = 0; i < a->ncounts; i++) {
        const struct agr_count *k = &a->counts[i];
        if (!k->selected)
            continue;
        buf_reset(&s);
        leads_text(k, &s);
        row_begin(d, 0);
        cell(d, k->title, 0);
        cell(d, buf_str(&s), 0);
        row_end(d);
    }
    table_end(d);
    buf_free(&s);
    section_end(d);
}

static void plans(struct doc *d)
{
    const struct reg_strings *p = &d->a->reg->plans;
    section_begin(d, "plans", NULL, "6. Links to Strategies and Plans");
    para(d, "The priorities set out in this Community Safety Agreement link to, and assist in the "
            "achievement of a number of national and local partnership plans and strategies "
            "including:");
    list_or(d, p->v, p->n, "No linked plans are recorded in the county register yet.");
    section_end(d);
}

static void signatories(struct doc *d)
{
    const struct csa_register *r = d->a->reg;
    struct buf s = {0};
    section_begin(d, "signatories", NULL, "7. Signatories");
    buf_printf(&s, "This agreement has been drawn up on behalf of the Partners of the %s:-",
               r->body);
    para(d, buf_str(&s));
    buf_free(&s);
    list_or(d, r->signatories.v, r->signatories.n,
            "No signatories are recorded in the county register yet.");
    section_end(d);
}

/* ===== Appendix A ===== */

#define CHART_W 640
#define CHART_X0 8
#define CHART_PLOT 480
#define CHART_ROW 34

/* The bar of one Appendix A row: its label above it, its count after it. */
static void chart_bar(struct doc *d, const struct agr_count *k, int top, int max)
{
    int w = k->partnerships * CHART_PLOT / max;
    const char *fill = k->selected ? "#1d4e89" : "#a9b4c2";
    buf_puts(d->out, "<g><title>");
    html_esc(d->out, k->label);
    buf_printf(d->out, ": %d of %zu%s</title>\n", k->partnerships, d->a->npartnerships,
               k->selected ? ", selected" : "");
    buf_printf(d->out, "<text x=\"%d\" y=\"%d\" font-size=\"12\"%s>", CHART_X0, top + 13,
               k->selected ? " font-weight=\"bold\"" : "");
    html_esc(d->out, k->label);
    buf_printf(d->out, "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"12\" "
                       "fill=\"%s\"/>\n", CHART_X0, top + 18, w, fill);
    buf_printf(d->out, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%d</text></g>\n",
               CHART_X0 + w + 6, top + 28, k->partnerships);
}

/* The dashed selection line across the bars, and the legend under them. */
static void chart_rule(struct doc *d, int max, int height)
{
    long long th = threshold_millionths(d->a), end = (long long)(CHART_X0 + CHART_PLOT) * 10;
    long long x10 = (long long)CHART_X0 * 10 + th * CHART_PLOT * 10 / ((long long)max * 1000000);
    x10 = x10 < end ? x10 : end; /* a rule above N still draws inside the chart */
    struct buf rule = {0};
    rule_words(d->a, &rule);
    buf_printf(d->out, "<line x1=\"%lld.%lld\" y1=\"4\" x2=\"%lld.%lld\" y2=\"%d\" "
                       "stroke=\"#b03a2e\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n",
               x10 / 10, x10 % 10, x10 / 10, x10 % 10, height - 26);
    buf_printf(d->out, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#1d4e89\"/>"
                       "<text x=\"%d\" y=\"%d\" font-size=\"11\">selected</text>\n",
               CHART_X0, height - 16, CHART_X0 + 14, height - 7);
    buf_printf(d->out, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#a9b4c2\"/>"
                       "<text x=\"%d\" y=\"%d\" font-size=\"11\">not selected</text>\n",
               CHART_X0 + 80, height - 16, CHART_X0 + 94, height - 7);
    buf_printf(d->out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#b03a2e\" "
                       "stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">"
                       "selection line: named by ", CHART_X0 + 190, height - 11, CHART_X0 + 210,
               height - 11, CHART_X0 + 216, height - 7);
    html_esc(d->out, buf_str(&rule));
    buf_puts(d->out, " CSPs</text>\n");
    buf_free(&rule);
}

/* Appendix A's counts as an inline SVG horizontal bar chart (HTML only). */
static void chart(struct doc *d)
{
    const struct agreement *a = d->a;
    int rows = 0, max = (int)a->npartnerships;
    for (size_t i = 0; i < a->ncounts; i++) {
        if (!in_appendix_a(&a->counts[i]))
            continue;
        rows++;
        if (a->counts[i].partnerships > max)
            max = a->counts[i].partnerships;
    }
    if (rows == 0)
        return;
    max = max > 0 ? max : 1;
    int height = 8 + rows * CHART_ROW + 30;
    buf_printf(d->out, "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                       "role=\"img\" aria-labelledby=\"chart-title\" width=\"%d\" height=\"%d\" "
                       "viewBox=\"0 0 %d %d\" font-family=\"Arial, Helvetica, sans-serif\">\n",
               CHART_W, height, CHART_W, height);
    buf_printf(d->out, "<title id=\"chart-title\">Number of the %zu CSPs selecting each priority"
                       "</title>\n", a->npartnerships);
    for (size_t i = 0, r = 0; i < a->ncounts; i++)
        if (in_appendix_a(&a->counts[i]))
            chart_bar(d, &a->counts[i], 8 + (int)r++ * CHART_ROW, max);
    chart_rule(d, max, height);
    buf_puts(d->out, "</svg>\n<figcaption>Number of CSPs selecting each priority; county "
                     "priorities in dark blue, the dashed line is the selection threshold."
                     "</figcaption>\n</figure>\n");
}

/* One footnote under the count table. */
static void footnote(struct doc *d, int n, const char *s)
{
    if (!d->md)
        buf_printf(d->out, "<p class=\"note\" id=\"note-%d\">", n);
    buf_printf(d->out, "<sup>%d</sup> ", n);
    text(d, s);
    p_end(d);
}

/* The notes of the count table's rows, numbered from 1 in the order of the rows. */
static void row_notes(struct doc *d)
{
    int n = 0;
    for (size_t i = 0; i < d->a->ncounts; i++)
        if (in_appendix_a(&d->a->counts[i]) && is_set(d->a->counts[i].note))
            footnote(d, ++n, d->a->counts[i].note);
}

/* The count table with its footnotes: one per row with a note, numbered in order, and a last
 * one on the column header saying why there are fewer partnerships than districts. */
static void count_table(struct doc *d)
{
    const struct agreement *a = d->a;
    int notes = 0, n = 0;
    for (size_t i = 0; i < a->ncounts; i++)
        notes += in_appendix_a(&a->counts[i]) && is_set(a->counts[i].note);
    int district_note = count_joint(a) > 0 || a->ndistricts != a->npartnerships;
    struct col cols[] = {{"Priority", 0, 0},
                         {"No. of CSPs selecting the priority", 1, district_note ? notes + 1 : 0}};
    table_begin(d, "counts", "County priorities are highlighted", cols, 2, 1);
    for (size_t i = 0; i < a->ncounts; i++) {
        const struct agr_count *k = &a->counts[i];
        char num[16];
        if (!in_appendix_a(k))
            continue;
        snprintf(num, sizeof num, "%d", k->partnerships);
        row_begin(d, k->selected);
        cell(d, k->label, is_set(k->note) ? ++n : 0);
        cell(d, num, 0);
        row_end(d);
    }
    table_end(d);
    row_notes(d);
    if (district_note) {
        struct buf s = {0};
        districts_sentence(a, &s);
        footnote(d, notes + 1, buf_str(&s));
        buf_free(&s);
    }
}

static void additions(struct doc *d)
{
    const struct agreement *a = d->a;
    heading(d, 3, NULL, "County additions");
    if (a->nadditions == 0) {
        para(d, "No priorities or themes were added at county level.");
        return;
    }
    para(d, "Relevant key stakeholders were consulted about the above common priorities, and "
            "had an opportunity to identify any perceived gaps. The following additional "
            "priorities/themes were added at county level:-");
    list_begin(d);
    for (size_t i = 0; i < a->nadditions; i++) {
        const struct agr_addition *x = &a->additions[i];
        item_begin(d);
        strong(d, x->title);
        text(d, x->priority ? " (priority): " : " (cross-cutting theme): ");
        text(d, x->reason);
        item_end(d);
    }
    list_end(d);
}

static void themes_table(struct doc *d)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Cross-cutting theme", 0, 0},
                                      {"CSPs raising it", 1, 0},
                                      {"Through priorities", 0, 0},
                                      {"County addition", 0, 0}};
    if (a->nthemes == 0)
        return;
    heading(d, 3, NULL, "Cross-cutting themes");
    table_begin(d, "themes", "Where the cross-cutting themes come from", cols, 4, 1);
    for (size_t i = 0; i < a->nthemes; i++) {
        const struct agr_theme *t = &a->themes[i];
        char n[16];
        struct buf f = {0};
        join_and(&f, t->folded.v, t->folded.n);
        snprintf(n, sizeof n, "%zu", t->partnerships.n);
        row_begin(d, 0);
        cell(d, t->title, 0);
        cell(d, n, 0);
        cell(d, buf_str(&f), 0);
        cell(d, t->from_addition ? "yes" : "no", 0);
        row_end(d);
        buf_free(&f);
    }
    table_end(d);
}

static void appendix_a(struct doc *d)
{
    const struct agreement *a = d->a;
    char title[128], py[16], w[32];
    struct buf s = {0};
    appendix_a_title(a, title, sizeof title);
    section_begin(d, "appendix-a", "appendix", title);
    heading(d, 3, NULL, "Local Community Safety Partnership (CSP) strategic assessments");
    buf_printf(&s, "Each of the %s local CSPs in %s identified its key community safety "
                   "priorities through its strategic assessment, using the data sets and "
                   "contextual information provided by the statutory partners. The following "
                   "table shows how many named each priority in their strategic assessment for "
                   "%s (%zu of %zu received), with the county priorities highlighted:-",
               render_number_words((int)a->npartnerships, 0, w, sizeof w), a->reg->name,
               plan_year(a->year, '/', py, sizeof py), a->nsubmitted, a->npartnerships);
    para(d, buf_str(&s));
    buf_free(&s);
    count_table(d);
    if (!d->md)
        chart(d);
    additions(d);
    themes_table(d);
    section_end(d);
}

/* ===== Appendix B ===== */

/* "All eleven local Community Safety Partnerships in Kent assessed that domestic abuse was a
 * key priority for their district/borough during the 2010/11 strategic assessment process." */
static void context_sentence(const struct agreement *a, const struct agr_count *k, struct buf *s)
{
    size_t n = a->npartnerships;
    char wn[32], wk[32], ay[16];
    render_number_words((int)n, 0, wn, sizeof wn);
    render_number_words(k->partnerships, 1, wk, sizeof wk);
    if (n == 0) {
        buf_printf(s, "No local Community Safety Partnerships in %s were in force for the plan "
                      "year.", a->reg->name);
        return;
    }
    if ((size_t)k->partnerships >= n && n > 2)
        buf_printf(s, "All %s local %s", wn, csps(n));
    else if ((size_t)k->partnerships >= n)
        buf_printf(s, "%s local %s", n == 2 ? "Both" : "The one", csps(n));
    else
        buf_printf(s, "%s of the %s local %s", wk, wn, csps(n));
    buf_printf(s, " in %s %s that ", a->reg->name, k->partnerships > 0 ? "assessed" : "identified");
    title_in_sentence(a, k->title, s);
    buf_printf(s, " was a key priority for %s district/borough during the %s strategic "
                  "assessment process.", n == 1 ? "its" : "their",
               plan_year(a->year - 1, '/', ay, sizeof ay));
}

/* The sentence, and why the county added the priority when it did. */
static void context_text(const struct agreement *a, const struct agr_count *k, struct buf *s)
{
    context_sentence(a, k, s);
    const struct agr_addition *x = addition_of(a, k->id);
    if (x == NULL || !is_set(x->reason))
        return;
    buf_printf(s, " It is %sa county addition: %s", k->partnerships > 0 ? "also " : "", x->reason);
    size_t len = strlen(x->reason);
    if (!strchr(".!?", x->reason[len - 1]))
        buf_putc(s, '.');
}

static void evidence_row(struct doc *d, const struct agr_evidence *e)
{
    char cur[32], prev[32], chg[32], pct[32], n[16];
    struct buf span = {0};
    buf_printf(&span, "%s to %s", or_empty(e->period_start), or_empty(e->period_end));
    snprintf(n, sizeof n, "%d", e->partnerships);
    row_begin(d, 0);
    cell(d, e->category, 0);
    cell(d, fmt_count(e->current, cur, sizeof cur), 0);
    cell(d, fmt_count(e->previous, prev, sizeof prev), 0);
    cell(d, fmt_change(e->current - e->previous, chg, sizeof chg), 0);
    cell(d, fmt_percent(e->current, e->previous, pct, sizeof pct), 0);
    cell(d, n, 0);
    cell(d, is_set(e->period_start) || is_set(e->period_end) ? buf_str(&span) : "", 0);
    row_end(d);
    buf_free(&span);
}

static void evidence_table(struct doc *d, const struct agr_count *k)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Category", 0, 0}, {"Current", 1, 0}, {"Previous", 1, 0},
                                      {"Change", 1, 0},   {"% change", 1, 0}, {"CSPs", 1, 0},
                                      {"Period", 0, 0}};
    size_t rows = 0;
    for (size_t i = 0; i < a->nevidence; i++)
        rows += k->id && a->evidence[i].priority && strcmp(a->evidence[i].priority, k->id) == 0;
    if (rows == 0) {
        para(d, "No recorded crime figures in the current submissions bear on this priority.");
        return;
    }
    struct buf cap = {0};
    buf_printf(&cap, "%s: county totals of recorded crime, added up from the current submissions",
               or_empty(k->title));
    table_begin(d, "evidence", buf_str(&cap), cols, 7, 1);
    for (size_t i = 0; i < a->nevidence; i++)
        if (a->evidence[i].priority && strcmp(a->evidence[i].priority, k->id) == 0)
            evidence_row(d, &a->evidence[i]);
    table_end(d);
    buf_free(&cap);
}

/* The county's police.uk crime table, with its source and period named. */
static void crime_table(struct doc *d)
{
    const struct agreement *a = d->a;
    static const struct col cols[] = {{"Category", 0, 0}, {"Twelve months", 1, 0},
                                      {"The twelve before", 1, 0}, {"Change", 1, 0},
                                      {"% change", 1, 0}};
    if (a->ncrime == 0)
        return;
    struct buf s = {0};
    heading(d, 3, "recorded-crime", "Recorded crime");
    buf_printf(&s, "Police-recorded crime in %s for the twelve months to %s against the twelve "
                   "months before, from police.uk street-level crime data (%s), counted by the "
                   "district of each record's LSOA. Data is loaded for %d of the 24 months.",
               or_empty(a->reg->name), or_empty(a->crime_end), or_empty(a->crime_forces),
               a->crime_months);
    para(d, buf_str(&s));
    buf_reset(&s);
    buf_printf(&s, "Recorded crime in %s, twelve months to %s (source: police.uk)",
               or_empty(a->reg->name), or_empty(a->crime_end));
    table_begin(d, "evidence", buf_str(&s), cols, 5, 1);
    for (size_t i = 0; i < a->ncrime; i++) {
        const struct agr_crime *k = &a->crime[i];
        char cur[32], prev[32], chg[32], pct[32], label[160];
        snprintf(label, sizeof label, "%s%s", k->level ? "- " : "", k->category);
        row_begin(d, k->level == 0);
        cell(d, label, 0);
        cell(d, fmt_count(k->current, cur, sizeof cur), 0);
        cell(d, fmt_count(k->previous, prev, sizeof prev), 0);
        cell(d, fmt_change(k->current - k->previous, chg, sizeof chg), 0);
        cell(d, fmt_percent(k->current, k->previous, pct, sizeof pct), 0);
        row_end(d);
    }
    table_end(d);
    buf_free(&s);
}

static void appendix_b(struct doc *d)
{
    const struct agreement *a = d->a;
    struct buf s = {0};
    section_begin(d, "appendix-b", "appendix", "Appendix B: Current Context");
    crime_table(d);
    if (count_selected(a) == 0)
        para(d, "No county priority has been selected yet.");
    for (size_t i = 0; i < a->ncounts; i++) {
        const struct agr_count *k = &a->counts[i];
        if (!k->selected)
            continue;
        buf_reset(&s);
        buf_printf(&s, "context-%s", or_empty(k->id));
        heading(d, 3, buf_str(&s), k->title);
        buf_reset(&s);
        context_text(a, k, &s);
        para(d, buf_str(&s));
        evidence_table(d, k);
    }
    buf_free(&s);
    section_end(d);
}

/* ===== The two documents ===== */

static void body(struct doc *d)
{
    foreword(d);
    introduction(d);
    purpose(d);
    governance(d);
    county_priorities(d);
    priority_leads(d);
    plans(d);
    signatories(d);
    appendix_a(d);
    appendix_b(d);
}

/* Printable, A4-friendly, no external fonts, images or scripts. No '<' or '&' in it, so the
 * document stays well-formed XML. */
static const char css[] =
    "@page { size: A4; margin: 18mm 16mm; }\n"
    "body { font-family: Georgia, 'Times New Roman', serif; line-height: 1.45; color: #111; "
    "max-width: 46em; margin: 2em auto; padding: 0 1em; }\n"
    "h1, h2, h3 { font-family: Arial, Helvetica, sans-serif; color: #1d4e89; }\n"
    "h1 { font-size: 1.9em; margin-bottom: 0.2em; }\n"
    ".cover { border-bottom: 2px solid #1d4e89; margin-bottom: 1.5em; }\n"
    ".status { border: 2px solid #b03a2e; background: #fdf3f2; padding: 0.2em 1em; "
    "margin-bottom: 2em; }\n"
    ".status h2 { color: #b03a2e; margin-top: 0.5em; }\n"
    "p.numbered .n { font-weight: bold; margin-right: 0.4em; }\n"
    ".signature { margin-top: 1.5em; }\n"
    "table { border-collapse: collapse; margin: 1em 0; width: 100%; }\n"
    "caption { text-align: left; font-style: italic; padding-bottom: 0.3em; }\n"
    "th, td { border: 1px solid #9aa5b1; padding: 0.25em 0.5em; text-align: left; "
    "vertical-align: top; }\n"
    "thead th { background: #e8eef5; }\n"
    "th[scope=row] { font-weight: normal; }\n"
    "tr.selected th, tr.selected td { background: #dde8f4; }\n"
    ".num { text-align: right; }\n"
    ".note { font-size: 0.9em; margin: 0.2em 0; }\n"
    "sup { line-height: 0; }\n"
    "table.counts { width: auto; min-width: 60%; }\n"
    "figure { margin: 1em 0; }\n"
    ".chart svg { max-width: 100%; height: auto; }\n"
    ".chart figcaption { font-size: 0.9em; font-style: italic; }\n"
    "@media print {\n"
    "  body { margin: 0; max-width: none; font-size: 11pt; }\n"
    "  .appendix { break-before: page; page-break-before: always; }\n"
    "  nav.contents { break-after: page; page-break-after: always; }\n"
    "  a { color: inherit; text-decoration: none; }\n"
    "  tr, figure { break-inside: avoid; page-break-inside: avoid; }\n"
    "  thead { display: table-header-group; }\n"
    "  h2, h3 { break-after: avoid; page-break-after: avoid; }\n"
    "}\n";

void render_html(const struct agreement *a, struct buf *out)
{
    struct doc d = {.out = out, .a = a, .md = 0};
    char per[96];
    buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                  "<title>");
    html_esc(out, a->reg->title);
    buf_puts(out, ", ");
    html_esc(out, period(a->reg, 1, per, sizeof per));
    buf_puts(out, " (draft)</title>\n<style>\n");
    buf_puts(out, css);
    buf_puts(out, "</style>\n</head>\n<body>\n");
    status_box(&d);
    cover(&d);
    contents(&d);
    buf_puts(out, "<main>\n");
    body(&d);
    buf_puts(out, "</main>\n</body>\n</html>\n");
}

void render_markdown(const struct agreement *a, struct buf *out)
{
    struct doc d = {.out = out, .a = a, .md = 1};
    status_box(&d);
    cover(&d);
    contents(&d);
    body(&d);
    /* one final newline, whatever the last block left */
    while (out->len > 1 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n')
        out->data[--out->len] = '\0';
}
