/* run_report.c: the report of `csa run` as text or JSON, and the problems it prints on
 * stderr (see run.h). Pure: these functions only append to the caller's buffer. The text is
 * what `csa run` has always printed; the JSON carries the same facts. */
#include "csa/planyear.h"
#include "csa/json.h"
#include "csa/run.h"
#include "csa/utf8.h"

#include <string.h>

static const char *const outcome_words[RUN_OUTCOMES] = {
    "", "loaded", "unchanged", "rejected", "waiting", "skipped", "failed"};

const char *run_outcome_word(enum run_outcome o)
{
    return (unsigned)o < RUN_OUTCOMES ? outcome_words[o] : "";
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

static int was_loaded(const struct run_report_file *f)
{
    return f->outcome == RUN_LOADED || f->outcome == RUN_UNCHANGED;
}

void run_file_messages(const struct run_report_file *f, struct buf *out)
{
    diags_format(out, f->name, f->diags);
    if (f->msg)
        buf_printf(out, "%s\n", f->msg);
    if (f->why)
        buf_printf(out, "%s\n", f->why);
}

void run_report_problems(const struct run_report *rep, struct buf *out)
{
    for (size_t i = 0; i < rep->nfiles; i++) {
        const struct run_report_file *f = &rep->files[i];
        if (was_loaded(f) || f->outcome == RUN_REJECTED)
            diags_format(out, f->path, f->diags);
        else if (f->outcome == RUN_FAILED)
            buf_printf(out, "%s: error: %s\n", f->path, f->msg ? f->msg : "");
    }
    for (const char *n = rep->notes ? rep->notes : ""; *n;) {
        size_t len = strcspn(n, "\n");
        buf_printf(out, "csa: error: %.*s\n", (int)len, n);
        n += len + (n[len] == '\n');
    }
}

void run_report_text(const struct run_report *rep, struct buf *out)
{
    struct buf shown = {0}; /* the file's name, escaped: no name can garble or forge a line */
    for (size_t i = 0; i < rep->nfiles; i++) {
        const struct run_report_file *f = &rep->files[i];
        buf_reset(&shown);
        utf8_escape(&shown, f->name, strlen(f->name));
        const char *name = buf_str(&shown);
        if (was_loaded(f))
            load_line(out, name, f->code, f->year, &f->load);
        else if (f->outcome == RUN_REJECTED)
            buf_printf(out, "rejected %s: %zu error%s, see %s/%s.errors\n", name,
                       f->diags->errors, plural(f->diags->errors), rep->quarantine, name);
        else if (f->outcome == RUN_FAILED)
            buf_printf(out, "failed %s: %s\n", name, f->msg ? f->msg : "");
        else
            buf_printf(out, "%s %s: %s\n", run_outcome_word(f->outcome), name,
                       f->why ? f->why : "");
    }
    buf_free(&shown);
    const size_t *n = rep->count;
    buf_printf(out,
               "run %lld: %zu file%s: %zu loaded, %zu unchanged, %zu rejected, %zu waiting, "
               "%zu skipped, %zu failed; drafted",
               rep->id, rep->nfiles, plural(rep->nfiles), n[RUN_LOADED], n[RUN_UNCHANGED],
               n[RUN_REJECTED], n[RUN_WAITING], n[RUN_SKIPPED], n[RUN_FAILED]);
    for (size_t i = 0; i < rep->nyears; i++) {
        buf_putc(out, ' ');
        planyear_put(out, rep->years[i]);
    }
    buf_printf(out, "%s into %s (%zu file%s written)\n", rep->nyears ? "" : " nothing", rep->out,
               rep->drafted.written, plural(rep->drafted.written));
}

/* ---- JSON ----------------------------------------------------------------------------- */

/* The lines of text as a JSON array of strings, without their newlines. */
static void json_lines(struct buf *b, const char *text)
{
    buf_putc(b, '[');
    for (int first = 1; *text; first = 0) {
        const char *nl = strchr(text, '\n');
        size_t len = nl ? (size_t)(nl - text) : strlen(text);
        struct buf line = {0};
        buf_append(&line, text, len);
        buf_puts(b, first ? "" : ",");
        json_str(b, buf_str(&line));
        buf_free(&line);
        text += len + (nl != NULL);
    }
    buf_putc(b, ']');
}

static void json_file(struct buf *b, const struct run_report *rep,
                      const struct run_report_file *f)
{
    buf_putc(b, '{');
    json_kv(b, "name", f->name, 1);
    json_kv(b, "folder", f->folder, 0);
    json_kv(b, "outcome", run_outcome_word(f->outcome), 0);
    if (was_loaded(f)) {
        json_kv(b, "partnership", f->code, 0);
        buf_printf(b, ",\"plan_year\":%d,\"version\":%d,\"current\":%s,\"current_version\":%d",
                   f->year, f->load.version, f->load.is_current ? "true" : "false",
                   f->load.current_version);
    }
    buf_printf(b, ",\"errors\":%zu,\"warnings\":%zu", f->diags->errors, f->diags->warnings);
    struct buf msg = {0}, errors = {0};
    run_file_messages(f, &msg);
    json_key(b, "messages", 0);
    json_lines(b, buf_str(&msg));
    if (f->outcome == RUN_REJECTED)
        buf_printf(&errors, "%s/%s.errors", rep->quarantine, f->name);
    json_kv(b, "errors_file", f->outcome == RUN_REJECTED ? buf_str(&errors) : NULL, 0);
    json_kv(b, "moved_to", f->moved_to, 0);
    buf_putc(b, '}');
    buf_free(&msg);
    buf_free(&errors);
}

void run_report_json(const struct run_report *rep, struct buf *b)
{
    buf_printf(b, "{\"run\":%lld,\"files\":[", rep->id);
    for (size_t i = 0; i < rep->nfiles; i++) {
        buf_puts(b, i ? "," : "");
        json_file(b, rep, &rep->files[i]);
    }
    buf_printf(b, "],\"counts\":{\"files\":%zu", rep->nfiles);
    for (int o = RUN_LOADED; o < RUN_OUTCOMES; o++)
        buf_printf(b, ",\"%s\":%zu", run_outcome_word((enum run_outcome)o), rep->count[o]);
    buf_puts(b, "},\"drafted\":[");
    for (size_t i = 0; i < rep->nyears; i++) {
        buf_printf(b, "%s{\"plan_year\":%d,\"label\":\"", i ? "," : "", rep->years[i]);
        planyear_put(b, rep->years[i]);
        buf_puts(b, "\"}");
    }
    buf_puts(b, "],\"not_drafted\":[");
    for (size_t i = 0; i < rep->nundrafted; i++) {
        buf_printf(b, "%s{\"plan_year\":%d,\"label\":\"", i ? "," : "", rep->undrafted[i]);
        planyear_put(b, rep->undrafted[i]);
        buf_puts(b, "\"}");
    }
    buf_puts(b, "]");
    json_kv(b, "out", rep->out, 0);
    buf_printf(b, ",\"written\":%zu,\"documents\":[", rep->drafted.written);
    for (size_t i = 0; i < rep->drafted.n; i++) {
        buf_puts(b, i ? ",{" : "{");
        json_kv(b, "path", rep->drafted.v[i].path, 1);
        buf_printf(b, ",\"written\":%s}", rep->drafted.v[i].changed ? "true" : "false");
    }
    buf_puts(b, "]}\n");
}
