/* cmd_submissions.c: the handlers of `csa validate` and `csa load` (the command table is in
 * cli.c, which has opened the register and, for load, the database). Problems go to stderr
 * as FILE:LINE lines; a line per file goes to stdout unless --quiet. */
#include "csa/cmd.h"
#include "csa/load.h"
#include "csa/utf8.h"
#include "csa/validate.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int needs_files(const char *cmd, int argc)
{
    return argc == 0 ? cli_usage_error("%s needs at least one FILE", cmd) : CSA_OK;
}

int check_validate(const struct cli_options *o, int argc, char **argv)
{
    (void)o, (void)argv;
    return needs_files("validate", argc);
}

int check_load(const struct cli_options *o, int argc, char **argv)
{
    (void)o, (void)argv;
    return needs_files("load", argc);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Validates one file, printing its problems; *out (may be NULL) gets the submission. A file
 * whose name is not UTF-8 is refused as well (the database cannot store the name), after its
 * contents are checked, so that every problem shows at once. */
static enum csa_rc check_one(const struct validator *v, const char *path,
                             struct csa_submission **out, struct diags *d)
{
    enum csa_rc rc = validate_file(v, path, out, d);
    const char *name = base_name(path);
    if (rc != CSA_EENV && !utf8_valid(name, strlen(name))) {
        diags_add(d, DIAG_ERROR, 0,
                  "the file name is not valid UTF-8 text (as some upload tools write it), so "
                  "it cannot be stored; rename the file");
        rc = CSA_EINVALID;
        if (out) {
            submission_free(*out);
            *out = NULL;
        }
    }
    cli_print_diags(path, d);
    return rc;
}

/* Appends path as it is shown: escaped, so that no name can garble or forge a line. */
static void put_path(struct buf *out, const char *path)
{
    utf8_escape(out, path, strlen(path));
}

/* Compiles the submission schema against the register; on failure prints why. */
static int open_validator(const struct csa_register *reg, struct validator *v)
{
    struct csa_error err = {0};
    int rc = validator_init(v, reg, &err);
    if (rc != CSA_OK)
        cli_print_error(&err);
    return rc;
}

/* Validates one file, appending its line to out. */
static enum csa_rc validate_one(const struct validator *v, PGconn *c, const char *path,
                                struct buf *out)
{
    (void)c;
    struct diags d = {0};
    enum csa_rc r = check_one(v, path, NULL, &d);
    buf_printf(out, "%s ", r == CSA_OK ? "valid" : r == CSA_EINVALID ? "invalid" : "unreadable");
    put_path(out, path);
    buf_printf(out, ": %zu error%s, %zu warning%s\n", d.errors, d.errors == 1 ? "" : "s",
               d.warnings, d.warnings == 1 ? "" : "s");
    diags_free(&d);
    return r;
}

static time_t file_mtime(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_mtime : 0;
}

/* Loads one file, appending its line to out; returns CSA_OK, CSA_EINVALID (rejected) or
 * CSA_EENV. */
static enum csa_rc load_one(const struct validator *v, PGconn *c, const char *path,
                            struct buf *out)
{
    struct diags d = {0};
    struct csa_submission *s = NULL;
    enum csa_rc rc = check_one(v, path, &s, &d);
    if (rc == CSA_EINVALID) {
        buf_puts(out, "rejected ");
        put_path(out, path);
        buf_printf(out, ": %zu error%s\n", d.errors, d.errors == 1 ? "" : "s");
    }
    if (rc == CSA_OK) {
        struct load_result res;
        struct csa_error err = {0};
        rc = load_submission(c, s, &d, base_name(path), file_mtime(path), "csa load", &res,
                             &err);
        if (rc != CSA_OK) {
            csa_error_set_file(&err, path);
            cli_print_error(&err);
        }
        if (rc == CSA_EINVALID) { /* the database refused it: another partnership's file */
            buf_puts(out, "rejected ");
            put_path(out, path);
            buf_puts(out, ": ");
            utf8_escape(out, err.msg, strlen(err.msg));
            buf_putc(out, '\n');
        } else if (rc == CSA_OK) {
            struct buf shown = {0};
            put_path(&shown, path);
            load_line(out, buf_str(&shown), s->code, s->plan_year, &res);
            buf_free(&shown);
        }
    }
    submission_free(s);
    diags_free(&d);
    return rc;
}

/* Runs one() on every FILE, writing each file's line (none with --quiet) as soon as it is
 * done; returns the worst file's code. */
static int each_file(struct cli_ctx *x, int argc, char **argv,
                     enum csa_rc (*one)(const struct validator *v, PGconn *c, const char *path,
                                        struct buf *out))
{
    struct validator v;
    int rc = open_validator(x->reg, &v);
    if (rc != CSA_OK)
        return rc;
    struct buf out = {0};
    for (int i = 0; i < argc; i++) {
        enum csa_rc r = one(&v, x->conn, argv[i], &out);
        if (x->o->quiet)
            buf_reset(&out);
        rc = cli_write(&out, (int)r > rc ? (int)r : rc);
    }
    validator_free(&v);
    return rc;
}

int cmd_validate(struct cli_ctx *x, int argc, char **argv)
{
    return each_file(x, argc, argv, validate_one);
}

int cmd_load(struct cli_ctx *x, int argc, char **argv)
{
    return each_file(x, argc, argv, load_one);
}
