/* workbook_value.c: cell values into a submission's field texts (see workbook_value.h).
 *
 * The analyst's workbook mixes numbers stored as text and text stored as numbers; both are
 * taken when the text reads as what the field needs, and anything else is an error naming
 * the cell, the value as Excel shows it and what was expected. */
#include "workbook_value.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The text with surrounding spaces (and non-breaking spaces) trimmed, in the arena. */
static const char *trimmed(struct arena *a, const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
           (s[0] == '\xC2' && s[1] == '\xA0'))
        s += s[0] == '\xC2' ? 2 : 1;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r' ||
                     (n > 1 && s[n - 2] == '\xC2' && s[n - 1] == '\xA0')))
        n -= s[n - 1] == '\xA0' ? 2 : 1;
    return arena_strndup(a, s, n);
}

/* A number as Excel's General format shows it: 15 significant digits, no exponent. */
static const char *general(struct arena *a, const char *stored)
{
    double x = strtod(stored, NULL);
    char out[400];
    if (x == 0)
        return "0";
    snprintf(out, sizeof out, "%.15g", x);
    if (strchr(out, 'e') || strchr(out, 'E')) {
        /* no exponent in a submission's decimals: the digits written out, trailing zeros cut */
        int digits = (int)(15 - floor(log10(fabs(x))) - 1);
        snprintf(out, sizeof out, "%.*f", digits < 0 ? 0 : digits > 330 ? 330 : digits, x);
        if (strchr(out, '.')) {
            size_t n = strlen(out);
            while (out[n - 1] == '0')
                out[--n] = '\0';
            if (out[n - 1] == '.')
                out[--n] = '\0';
        }
    }
    return arena_strdup(a, out);
}

/* Refuses an error value or a formula with no cached value; 1 when the cell is usable. */
static int usable(const struct wb_field *f, const struct xlsx_cell *c)
{
    if (c->type == XLSX_ERROR) {
        diags_add(f->d, DIAG_ERROR, f->place, "%s is the error %s; write the value itself",
                  f->what, c->text);
        return 0;
    }
    if (c->type == XLSX_NO_VALUE) {
        diags_add(f->d, DIAG_ERROR, f->place,
                  "%s is a formula with no saved value (the workbook was not recalculated); "
                  "open it in Excel or LibreOffice Calc and save it again, or type the value",
                  f->what);
        return 0;
    }
    return 1;
}

const char *wb_text(const struct wb_field *f, const struct xlsx_cell *c)
{
    if (c == NULL || !usable(f, c))
        return NULL;
    if (c->type == XLSX_NUMBER)
        return general(f->a, c->text);
    return arena_strdup(f->a, c->text);
}

/* The cell's value as text for a number field: a number as General shows it, text trimmed. */
static const char *number_text(const struct wb_field *f, const struct xlsx_cell *c)
{
    return c->type == XLSX_NUMBER ? general(f->a, c->text) : trimmed(f->a, c->text);
}

static const char *refuse(const struct wb_field *f, const char *shown, const char *expect)
{
    diags_add(f->d, DIAG_ERROR, f->place, "%s \"%s\" is not %s", f->what, shown, expect);
    return NULL;
}

const char *wb_whole(const struct wb_field *f, const struct xlsx_cell *c, int sign,
                     const char *expect)
{
    if (c == NULL || !usable(f, c))
        return NULL;
    const char *s = number_text(f, c);
    const char *p = s + (*s == '-' || *s == '+');
    size_t digits = strspn(p, "0123456789");
    if (*s == '\0')
        return NULL;
    if (digits == 0 || p[digits] != '\0' || digits > 18 || (sign >= 0 && *s == '-'))
        return refuse(f, s, expect);
    long long v = strtoll(s, NULL, 10);
    if (sign > 0 && v < 1)
        return refuse(f, s, expect);
    char out[32];
    snprintf(out, sizeof out, "%lld", v);
    return arena_strdup(f->a, out);
}

const char *wb_decimal(const struct wb_field *f, const struct xlsx_cell *c, int nonneg,
                       const char *expect)
{
    if (c == NULL || !usable(f, c))
        return NULL;
    const char *s = number_text(f, c);
    if (*s == '\0')
        return NULL;
    const char *p = s + (*s == '-' || *s == '+');
    size_t whole = strspn(p, "0123456789"), frac = 0;
    if (p[whole] == '.')
        frac = strspn(p + whole + 1, "0123456789");
    size_t len = whole + (p[whole] == '.' ? 1 + frac : 0);
    if (whole + frac == 0 || p[len] != '\0' || (nonneg && *s == '-' && strtod(s, NULL) != 0))
        return refuse(f, s, expect);
    return s;
}

/* Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm), and back. */
static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int workbook_serial_date(double serial, int date1904, char out[11])
{
    if (!(serial >= 0 && serial < 3e6))
        return 0;
    long n = (long)floor(serial); /* a time of day is not part of the date */
    long days; /* from 1970-01-01 */
    if (date1904)
        days = n - 24107; /* 1904-01-01 is serial 0 */
    else if (n == 60 || n == 0)
        return 0; /* Lotus's 29 February 1900, and the "0 January 1900" */
    else
        days = n - (n > 60 ? 25569 : 25568); /* 1899-12-30 (or -31 before the phantom day) */
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 1900 || y > 9999)
        return 0;
    char text[48];
    snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
    memcpy(out, text, 11);
    return 1;
}

const char *wb_date(const struct wb_field *f, const struct xlsx_cell *c)
{
    if (c == NULL || !usable(f, c))
        return NULL;
    if (c->type == XLSX_NUMBER) {
        char out[11];
        if (!workbook_serial_date(strtod(c->text, NULL), f->date1904, out))
            return refuse(f, general(f->a, c->text), "a date (a date cell, or text YYYY-MM-DD)");
        return arena_strdup(f->a, out);
    }
    const char *s = trimmed(f->a, c->text);
    if (*s == '\0')
        return NULL;
    int ok = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
    for (int i = 0; ok && i < 10; i++)
        ok = i == 4 || i == 7 || isdigit((unsigned char)s[i]);
    int mo = ok ? atoi(s + 5) : 0, dd = ok ? atoi(s + 8) : 0;
    if (!ok || mo < 1 || mo > 12 || dd < 1 || dd > 31)
        return refuse(f, s, "a date (a date cell, or text YYYY-MM-DD)");
    return s;
}
