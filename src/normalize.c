/* normalize.c: wording normalisation and similarity (see normalize.h).
 *
 * Input is UTF-8. Only ASCII letters are case folded: the register and the districts write
 * in English, and folding other scripts would need tables this tool has no use for. */
#include "csa/normalize.h"
#include "csa/buf.h"

#include <string.h>

/* If s starts with a dash or quote variant, returns its ASCII stand-in and its length. */
static int variant(const unsigned char *s, char *ascii)
{
    if (s[0] == 0xE2 && s[1] == 0x80) {
        unsigned c = s[2];
        if (c >= 0x90 && c <= 0x95) /* U+2010..U+2015 hyphens and dashes */
            return *ascii = '-', 3;
        if (c == 0x98 || c == 0x99 || c == 0x9B) /* U+2018, U+2019, U+201B */
            return *ascii = '\'', 3;
        if (c == 0x9C || c == 0x9D || c == 0x9E) /* U+201C, U+201D, U+201E */
            return *ascii = '"', 3;
    }
    if (s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92) /* U+2212 minus */
        return *ascii = '-', 3;
    if (s[0] == 0xC2 && s[1] == 0xB4) /* U+00B4 acute accent used as apostrophe */
        return *ascii = '\'', 2;
    if (s[0] == 0xC2 && s[1] == 0xA0) /* U+00A0 no-break space */
        return *ascii = ' ', 2;
    if (s[0] == '`')
        return *ascii = '\'', 1;
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_trailing_punct(char c)
{
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';
}

char *normalize_wording(const char *in)
{
    struct buf b = {0};
    const unsigned char *s = (const unsigned char *)in;
    int pending_space = 0;
    buf_reserve(&b, strlen(in) + 8);
    while (*s) {
        char c;
        int n = variant(s, &c);
        if (n == 0) {
            c = (char)*s;
            n = 1;
        }
        s += n;
        if (c == '&') {
            buf_puts(&b, b.len ? " and" : "and");
            pending_space = 1;
            continue;
        }
        if (is_space(c)) {
            pending_space = 1;
            continue;
        }
        if (pending_space && b.len)
            buf_putc(&b, ' ');
        pending_space = 0;
        buf_putc(&b, (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c);
    }
    while (b.len && (is_trailing_punct(b.data[b.len - 1]) || is_space(b.data[b.len - 1])))
        b.data[--b.len] = '\0';
    buf_reserve(&b, 0);
    return b.data;
}

/* Dice coefficient over the distinct items produced by split(); items are short strings. */
#define SIM_MAX 64
struct items {
    char v[SIM_MAX][32];
    int n;
};

static void add_item(struct items *it, const char *p, size_t len)
{
    if (len == 0 || it->n == SIM_MAX)
        return;
    if (len > 31)
        len = 31;
    for (int i = 0; i < it->n; i++)
        if (strncmp(it->v[i], p, len) == 0 && it->v[i][len] == '\0')
            return;
    memcpy(it->v[it->n], p, len);
    it->v[it->n][len] = '\0';
    it->n++;
}

/* Words that carry no meaning of their own in a priority's name. */
static int is_stopword(const char *w, size_t n)
{
    static const char *const stop[] = {"a", "an", "and", "the", "of", "in", "on", "to", "for",
                                       "our", "with", "including", "inc", "ie", "i", "e", NULL};
    for (int i = 0; stop[i]; i++)
        if (strlen(stop[i]) == n && strncmp(stop[i], w, n) == 0)
            return 1;
    return 0;
}

static void words_of(const char *s, struct items *it)
{
    it->n = 0;
    while (*s) {
        while (*s && !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            s++;
        const char *w = s;
        while ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
            s++;
        if (!is_stopword(w, (size_t)(s - w)))
            add_item(it, w, (size_t)(s - w));
    }
}

static void bigrams_of(const char *s, struct items *it)
{
    it->n = 0;
    for (; s[0] && s[1]; s++)
        if (s[0] != ' ' && s[1] != ' ')
            add_item(it, s, 2);
}

static double dice(const struct items *a, const struct items *b)
{
    if (a->n + b->n == 0)
        return 0;
    int common = 0;
    for (int i = 0; i < a->n; i++)
        for (int j = 0; j < b->n; j++)
            if (strcmp(a->v[i], b->v[j]) == 0) {
                common++;
                break;
            }
    return 2.0 * common / (a->n + b->n);
}

double normalize_similarity(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return 1.0;
    static _Thread_local struct items x, y;
    words_of(a, &x);
    words_of(b, &y);
    double w = dice(&x, &y);
    bigrams_of(a, &x);
    bigrams_of(b, &y);
    double g = dice(&x, &y);
    return 0.6 * w + 0.4 * g;
}
