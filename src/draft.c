/* draft.c: count, number, render and write one plan year's agreement (see draft.h). Nothing
 * here prints: what was written is returned to the caller.
 *
 * Draft control: the document is first rendered without its draft control; those bytes are
 * the draft's content, and csa.draft_state / csa.draft_record (sql/logic/55_drafts.sql) say
 * which numbered draft they are, so the same data always gives the same number and bytes.
 * A numbered draft is written twice: DIR/agreement.* (the latest) and DIR/drafts/N/. The PDF
 * is the HTML printed by Chromium (chromium.h), and is judged unchanged by its HTML. For
 * `csa run` (draft_run_flags) a missing browser costs the PDF alone: the other documents are
 * written, and the year fails after them. */
#include "csa/draft.h"
#include "csa/chromium.h"
#include "csa/count.h"
#include "csa/db.h"
#include "csa/fault.h"
#include "csa/fsio.h"
#include "csa/planyear.h"
#include "csa/render.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int draft_parse_formats(const char *s)
{
    int formats = 0;
    size_t n = s ? strlen(s) : 0;
    char *words = xstrdup(s ? s : "");
    for (char *save = NULL, *w = strtok_r(words, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (strcmp(w, "html") == 0)
            formats |= DRAFT_HTML;
        else if (strcmp(w, "md") == 0 || strcmp(w, "markdown") == 0)
            formats |= DRAFT_MD;
        else if (strcmp(w, "pdf") == 0)
            formats |= DRAFT_PDF;
        else if (strcmp(w, "docx") == 0)
            formats |= DRAFT_DOCX;
        else
            formats = -1;
        if (formats < 0)
            break;
    }
    free(words);
    /* ",," or a trailing comma is a word missing, not a shorter list */
    if (n == 0 || s[0] == ',' || s[n - 1] == ',' || strstr(s, ",,"))
        return 0;
    return formats < 0 ? 0 : formats;
}

int draft_run_flags(int formats)
{
    return (formats ? formats : DRAFT_HTML | DRAFT_MD) | DRAFT_RECORD | DRAFT_PDF_LAST;
}

static void note(struct draft_files *files, const char *path, int changed)
{
    if (files == NULL)
        return;
    if (files->n == files->cap) {
        files->cap = files->cap ? 2 * files->cap : 4;
        files->v = xrealloc(files->v, files->cap * sizeof *files->v);
    }
    files->v[files->n++] = (struct draft_file){.path = xstrdup(path),
                                               .changed = changed};
    files->written += changed != 0;
}

/* One agreement's documents, each rendered when first needed and then kept, so a numbered
 * draft written to two folders is rendered once. The buffers are the struct's (docs_free). */
struct docs {
    const struct agreement *a; /* not owned */
    struct buf html, md, docx;
    int rendered; /* the DRAFT_* formats rendered so far */
};

/* The bytes of format (DRAFT_HTML, DRAFT_MD or DRAFT_DOCX), rendered on first use into *out
 * (d's buffer, valid until docs_free). */
static enum csa_rc docs_get(struct docs *d, int format, const struct buf **out,
                            struct csa_error *err)
{
    struct buf *b = format == DRAFT_HTML ? &d->html : format == DRAFT_MD ? &d->md : &d->docx;
    enum csa_rc rc = CSA_OK;
    if (!(d->rendered & format)) {
        if (format == DRAFT_HTML)
            render_html(d->a, b);
        else if (format == DRAFT_MD)
            render_markdown(d->a, b);
        else
            rc = render_docx(d->a, b, err);
        if (rc == CSA_OK)
            d->rendered |= format;
    }
    *out = b;
    return rc;
}

static void docs_free(struct docs *d)
{
    buf_free(&d->html);
    buf_free(&d->md);
    buf_free(&d->docx);
}

/* Writes the document of format (DRAFT_HTML, DRAFT_MD or DRAFT_DOCX) into dir atomically,
 * only when its bytes changed. */
static enum csa_rc write_one(struct docs *d, const char *dir, int format,
                             struct draft_files *files, struct csa_error *err)
{
    const struct buf *b = NULL;
    const char *name = format == DRAFT_HTML ? "agreement.html"
                       : format == DRAFT_MD ? "agreement.md"
                                            : "agreement.docx";
    char *path = fsio_join(dir, name);
    enum csa_rc rc = docs_get(d, format, &b, err);
    int changed = 0;
    if (rc == CSA_OK)
        rc = fsio_write_if_changed(path, b->data, b->len, &changed, err);
    if (rc == CSA_OK)
        note(files, path, changed);
    free(path);
    return rc;
}

/* The PDF, printed by browser from the HTML, beside its source: dir/.agreement.pdf.html holds
 * the HTML the PDF was last printed from. A PDF's bytes hold its creation time, so two prints
 * of one document never compare equal; whether it changed is decided from the HTML instead,
 * and an unchanged document is neither printed nor written (its mtime stays). The source is
 * written after the PDF, so a run stopped between the two prints it again next time. */
static enum csa_rc write_pdf(struct docs *d, const char *dir, const char *browser,
                             struct draft_files *files, struct csa_error *err)
{
    struct buf pdf = {0};
    const struct buf *h = NULL;
    char *path = fsio_join(dir, "agreement.pdf"), *source = fsio_join(dir, ".agreement.pdf.html");
    enum csa_rc rc = docs_get(d, DRAFT_HTML, &h, err); /* never fails: HTML renders */
    int same = 0;
    struct stat st;
    if (rc == CSA_OK)
        rc = fsio_same_bytes(source, h->data, h->len, &same, err);
    if (rc == CSA_OK && same && lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        note(files, path, 0);
    } else if (rc == CSA_OK) {
        rc = chromium_print_pdf(browser, h->data, h->len, chromium_timeout(), &pdf, err);
        if (rc == CSA_OK)
            rc = fsio_write(path, pdf.data, pdf.len, err);
        if (rc == CSA_OK)
            rc = fsio_write(source, h->data, h->len, err);
        if (rc == CSA_OK)
            note(files, path, 1);
    }
    buf_free(&pdf);
    free(path);
    free(source);
    return rc;
}

/* Writes the documents formats asks for into dir (made when missing); browser is Chromium's
 * path when formats has DRAFT_PDF. */
static enum csa_rc write_docs(struct docs *d, const char *dir, int formats,
                              const char *browser, struct draft_files *files,
                              struct csa_error *err)
{
    enum csa_rc rc = fsio_mkdirs(dir, err);
    if (rc == CSA_OK && (formats & DRAFT_HTML))
        rc = write_one(d, dir, DRAFT_HTML, files, err);
    fault_point("draft-between-documents");
    if (rc == CSA_OK && (formats & DRAFT_MD))
        rc = write_one(d, dir, DRAFT_MD, files, err);
    if (rc == CSA_OK && (formats & DRAFT_DOCX))
        rc = write_one(d, dir, DRAFT_DOCX, files, err);
    if (rc == CSA_OK && (formats & DRAFT_PDF) && browser)
        rc = write_pdf(d, dir, browser, files, err);
    return rc;
}

/* Appends item to s, opening with head ("; " before it unless s is empty) when it is the
 * first (*k == 0) of its clause. */
static void clause_item(struct buf *s, size_t *k, const char *head, const char *item)
{
    if ((*k)++ == 0)
        buf_printf(s, "%s%s", s->len ? "; " : "", head);
    else
        buf_puts(s, ", ");
    buf_puts(s, item);
}

/* What keeps the draft from being final, a clause a kind ("provisional: no submission yet
 * from Swale, Maidstone; TBC: no lead officer for Substance Misuse"); empty when nothing
 * does. Uses only what the agreement knows: missing partnerships, selected priorities
 * without a lead, unmapped wordings, and the front matter its register's period for the
 * year does not give (render_front_tbc). */
static void open_items(const struct agreement *a, struct buf *s)
{
    size_t k = 0;
    for (size_t i = 0; i < a->npartnerships; i++)
        if (!a->partnerships[i].submitted)
            clause_item(s, &k, "provisional: no submission yet from ", a->partnerships[i].name);
    k = 0;
    for (size_t i = 0; i < a->ncounts; i++)
        if (a->counts[i].selected && a->counts[i].leads.n == 0)
            clause_item(s, &k, "TBC: no lead officer for ", a->counts[i].title);
    if (a->nunmapped)
        buf_printf(s, "%sTBC: %zu submitted wording%s not mapped to the register (listed in "
                      "the draft's status box)",
                   s->len ? "; " : "", a->nunmapped, a->nunmapped == 1 ? " is" : "s are");
    const char *front[16];
    size_t n = render_front_tbc(a, front, sizeof front / sizeof *front);
    k = 0;
    for (size_t i = 0; i < n && i < sizeof front / sizeof *front; i++)
        clause_item(s, &k, "TBC in the county register for this year: ", front[i]);
}

/* Reads which draft content is (see csa.draft_state), recording it first when record is
 * set, into a->draft (strings in a's arena). Recording hashes the content on the server and
 * hands back its SHA-256, so the ~250 KB of a national draft cross once and are hashed once;
 * the draft read after it is then the one just recorded, whose snapshot needs no count
 * (csa.draft_state_sha works the count out itself should another run have recorded since). */
static enum csa_rc read_draft(PGconn *c, struct agreement *a, const char *content, int record,
                              struct csa_error *err)
{
    char year[16];
    snprintf(year, sizeof year, "%d", a->year);
    const char *p[4] = {a->reg->code, year, content, a->count_json};
    PGresult *r = NULL, *sha = NULL;
    enum csa_rc rc = CSA_OK;
    if (record) {
        rc = db_query(c,
                      "WITH x AS MATERIALIZED (SELECT sha256(convert_to($3, 'UTF8')) AS h) "
                      "SELECT encode(x.h, 'hex') AS sha, "
                      "csa.draft_record_sha($1, $2::integer, x.h, $4::jsonb) FROM x",
                      4, p, &sha, err);
        if (rc == CSA_OK) {
            p[2] = db_value(sha, 0, "sha");
            p[3] = NULL;
        }
    }
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT s.number, s.recorded, s.data_as_of, s.previous, x.kind, x.subject, "
             "x.before, x.after FROM csa.%s s "
             "LEFT JOIN LATERAL csa.draft_compare(s.previous_snapshot, s.snapshot) "
             "WITH ORDINALITY x(kind, subject, before, after, n) ON true ORDER BY x.n",
             record ? "draft_state_sha($1, $2::integer, decode($3, 'hex'), $4::jsonb)"
                    : "draft_state($1, $2::integer, $3, $4::jsonb)");
    if (rc == CSA_OK)
        rc = db_query(c, sql, 4, p, &r, err);
    PQclear(sha);
    if (rc != CSA_OK)
        return rc;
    int n = PQntuples(r);
    struct agr_draft *d = &a->draft;
    if (n > 0) {
        d->number = atoi(db_value(r, 0, "number"));
        d->recorded = db_value(r, 0, "recorded")[0] == 't';
        d->previous = atoi(db_value(r, 0, "previous"));
        d->data_as_of = arena_strdup(&a->arena, db_value(r, 0, "data_as_of"));
        d->changes = arena_alloc(&a->arena, (size_t)n * sizeof *d->changes);
    }
    for (int i = 0; i < n; i++) {
        if (db_value(r, i, "kind") == NULL)
            continue; /* the LEFT JOIN's row when nothing changed */
        struct agr_change *x = &d->changes[d->nchanges++];
        x->kind = arena_strdup(&a->arena, db_value(r, i, "kind"));
        x->subject = arena_strdup(&a->arena, db_value(r, i, "subject"));
        x->before = arena_strdup(&a->arena, db_value(r, i, "before"));
        x->after = arena_strdup(&a->arena, db_value(r, i, "after"));
    }
    PQclear(r);
    return CSA_OK;
}

struct draft_shared {
    pthread_mutex_t lock;
    struct shared_count {
        int year;
        char *json; /* owned */
    } *v;
    size_t n, cap;
};

struct draft_shared *draft_shared_new(void)
{
    struct draft_shared *s = xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

void draft_shared_free(struct draft_shared *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].json);
    free(s->v);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

/* Keeps a copy of year's count json in s (nothing when s or json is NULL). */
static void shared_put(struct draft_shared *s, int year, const char *json)
{
    if (s == NULL || json == NULL)
        return;
    pthread_mutex_lock(&s->lock);
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = (struct shared_count){.year = year, .json = xstrdup(json)};
    pthread_mutex_unlock(&s->lock);
}

/* A copy of year's count json (the caller frees it), or NULL when s has none. */
static char *shared_get(struct draft_shared *s, int year)
{
    char *json = NULL;
    if (s == NULL)
        return NULL;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; json == NULL && i < s->n; i++)
        if (s->v[i].year == year)
            json = xstrdup(s->v[i].json);
    pthread_mutex_unlock(&s->lock);
    return json;
}

/* Reads each priority's count the plan year before and this (csa.draft_year_on_year_of) into
 * a->draft.years: part of the content, since the document shows it. The year before's count
 * comes from shared when a draft put it there, else the database works it out. */
static enum csa_rc read_years(PGconn *c, struct agreement *a, struct draft_shared *shared,
                              struct csa_error *err)
{
    PGresult *r = NULL;
    char year[16];
    snprintf(year, sizeof year, "%d", a->year);
    char *before = shared_get(shared, a->year - 1);
    const char *p[4] = {a->reg->code, year, a->count_json, before}; /* counts read once */
    enum csa_rc rc = db_query(c,
                              "SELECT label, previous, current FROM "
                              "csa.draft_year_on_year_of($1, $2::integer, $3::jsonb, $4::jsonb)",
                              4, p, &r, err);
    free(before);
    if (rc != CSA_OK)
        return rc;
    struct agr_draft *d = &a->draft;
    int n = PQntuples(r);
    d->years = arena_alloc(&a->arena, (size_t)(n ? n : 1) * sizeof *d->years);
    for (int i = 0; i < n; i++)
        d->years[d->nyears++] = (struct agr_year_change){
            .label = arena_strdup(&a->arena, db_value(r, i, "label")),
            .previous = atoi(db_value(r, i, "previous")),
            .current = atoi(db_value(r, i, "current"))};
    PQclear(r);
    return CSA_OK;
}

/* draft_year once the browser is known: browser is NULL when no PDF is to be printed. */
static enum csa_rc draft_docs(PGconn *c, const struct csa_register *reg, int y,
                              const char *date, const char *dir, int flags, const char *browser,
                              struct draft_shared *shared, struct draft_files *files,
                              struct csa_error *err)
{
    struct agreement a;
    enum csa_rc rc = fsio_mkdirs(dir, err);
    if (rc == CSA_OK)
        rc = count_year(c, reg, y, date, COUNT_AGREEMENT, &a, err);
    if (rc != CSA_OK)
        return rc;
    shared_put(shared, y, a.count_json);
    if (flags & DRAFT_FINAL) {
        struct buf why = {0};
        open_items(&a, &why);
        if (why.len && !(flags & DRAFT_FORCE)) {
            char py[PLANYEAR_LABEL_MAX];
            rc = csa_fail(err, CSA_EINVALID, NULL, 0,
                          "the %s agreement is not final, so nothing was written: %s; "
                          "--final --force writes it without the status box all the same",
                          planyear_label(y, '/', py, sizeof py), buf_str(&why));
        } else {
            a.draft.final = 1;
            struct docs d = {.a = &a};
            rc = write_docs(&d, dir, flags, browser, files, err);
            docs_free(&d);
        }
        buf_free(&why);
        agreement_free(&a);
        return rc;
    }
    /* the content: the document without its number and changes (a.draft.number is 0) */
    struct buf content = {0};
    rc = read_years(c, &a, shared, err);
    if (rc == CSA_OK) {
        render_html(&a, &content);
        rc = read_draft(c, &a, buf_str(&content), (flags & DRAFT_RECORD) != 0, err);
    }
    buf_free(&content);
    /* the numbered draft's documents, rendered once for both folders */
    struct docs d = {.a = &a};
    if (rc == CSA_OK)
        rc = write_docs(&d, dir, flags, browser, files, err);
    if (rc == CSA_OK && a.draft.recorded) {
        char sub[32];
        snprintf(sub, sizeof sub, "drafts/%d", a.draft.number);
        char *kept = fsio_join(dir, sub);
        rc = write_docs(&d, kept, flags, browser, files, err);
        free(kept);
    }
    docs_free(&d);
    agreement_free(&a);
    return rc;
}

enum csa_rc draft_year(PGconn *c, const struct csa_register *reg, int y, const char *date,
                       const char *dir, int flags, struct draft_files *files,
                       struct csa_error *err)
{
    return draft_year_shared(c, reg, y, date, dir, flags, NULL, files, err);
}

enum csa_rc draft_year_shared(PGconn *c, const struct csa_register *reg, int y, const char *date,
                              const char *dir, int flags, struct draft_shared *shared,
                              struct draft_files *files, struct csa_error *err)
{
    char *browser = NULL;
    struct csa_error no_pdf = {0};
    /* no browser: nothing written, found before any document is; or (DRAFT_PDF_LAST) the
     * other documents written, and then the failure */
    if ((flags & DRAFT_PDF) && chromium_find(&browser, &no_pdf) != CSA_OK &&
        !(flags & DRAFT_PDF_LAST)) {
        *err = no_pdf;
        return no_pdf.code;
    }
    enum csa_rc rc = draft_docs(c, reg, y, date, dir, flags, browser, shared, files, err);
    free(browser);
    if (rc == CSA_OK && no_pdf.code != CSA_OK) { /* chromium_find's words, without "--format" */
        const char *why = strstr(no_pdf.msg, "Chromium");
        rc = csa_fail(err, no_pdf.code, NULL, 0,
                      "agreement.pdf was not written, though the other documents were: a PDF "
                      "needs %s",
                      why ? why : no_pdf.msg);
    }
    return rc;
}

void draft_files_text(const struct draft_files *files, struct buf *out)
{
    for (size_t i = 0; i < files->n; i++)
        buf_printf(out, "%s %s\n", files->v[i].changed ? "wrote" : "unchanged",
                   files->v[i].path);
}

void draft_files_free(struct draft_files *files)
{
    for (size_t i = 0; i < files->n; i++)
        free(files->v[i].path);
    free(files->v);
    *files = (struct draft_files){0};
}
