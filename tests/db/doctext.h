/* doctext.h: the text of a printed or converted agreement, for the tests that compare it with
 * the Markdown (test_agreement.c, test_word.c, test_pdf.c): a tool's output, white space made
 * single, a Markdown line's printed text. Header-only, like the other test helpers. */
#ifndef CSA_TEST_DOCTEXT_H
#define CSA_TEST_DOCTEXT_H

#include "csa/buf.h"

#include <stdio.h>
#include <string.h>

/* The whole output of a shell command, which must succeed (the caller quotes the paths);
 * the caller frees it. */
static inline char *doctext_run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    struct buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_append(&b, chunk, n);
    int rc = pclose(p);
    if (rc != 0)
        fail_msg("failed (%d): %s", rc, cmd);
    buf_putc(&b, '\0');
    return b.data;
}

/* text with every run of white space made one space, in place. */
static inline char *doctext_squeeze(char *text)
{
    char *w = text;
    for (const char *r = text; *r; r++)
        if (strchr(" \t\n\r\f", *r) == NULL)
            *w++ = *r;
        else if (w > text && w[-1] != ' ')
            *w++ = ' ';
    *w = '\0';
    return text;
}

/* A Markdown line's text as a printed or Word document shows it: no "#" marks, no "**", no
 * backslash escapes, no footnote marks (Word's is a footnote reference, with no text). */
static inline void doctext_md_plain(const char *s, size_t n, struct buf *out)
{
    size_t i = 0;
    while (i < n && s[i] == '#')
        i++;
    if (i > 0 && i < n && s[i] == ' ')
        i++;
    for (; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n)
            buf_putc(out, s[++i]);
        else if (s[i] == '*' && i + 1 < n && s[i + 1] == '*')
            i++;
        else if (strncmp(s + i, "<sup>", 5) == 0 && strstr(s + i, "</sup>"))
            i = (size_t)(strstr(s + i, "</sup>") - s) + 5;
        else
            buf_putc(out, s[i]);
    }
}

#endif
