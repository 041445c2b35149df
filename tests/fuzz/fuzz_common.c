/* fuzz_common.c: the scratch file, the oracle's failure and the validation oracle of the fuzz
 * harnesses (fuzz.h). */
#include "fuzz.h"
#include "json_check.h"

#include "csa/buf.h"
#include "csa/cell.h"
#include "csa/diag.h"
#include "csa/register.h"
#include "csa/submission.h"
#include "csa/utf8.h"
#include "csa/validate.h"
#include "csa/xml.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char scratch[4096];

static void scratch_remove(void)
{
    if (scratch[0])
        unlink(scratch);
}

const char *fuzz_scratch(const uint8_t *data, size_t size)
{
    if (scratch[0] == '\0') {
        const char *tmp = getenv("TMPDIR");
        snprintf(scratch, sizeof scratch, "%s/csa-fuzz-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
        int fd = mkstemp(scratch);
        if (fd < 0) {
            perror("fuzz: could not make a scratch file");
            abort();
        }
        close(fd);
        atexit(scratch_remove);
    }
    int fd = open(scratch, O_WRONLY | O_TRUNC);
    size_t done = 0;
    while (fd >= 0 && done < size) {
        ssize_t w = write(fd, data + done, size - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    if (fd < 0 || done < size || close(fd) != 0) {
        perror("fuzz: could not write the scratch file");
        abort();
    }
    return scratch;
}

void fuzz_fail(const char *what, const char *text, size_t len)
{
    struct buf b = {0};
    utf8_escape(&b, text, len);
    fprintf(stderr, "fuzz oracle: %s: \"%.*s\"\n", what, (int)b.len, b.data ? b.data : "");
    buf_free(&b);
    abort();
}

int fuzz_skipping(const char *check)
{
    const char *list = getenv("CSA_FUZZ_SKIP");
    size_t n = strlen(check);
    for (const char *p = list; p && *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
        if (strncmp(p, check, n) == 0 && (p[n] == ',' || p[n] == '\0'))
            return 1;
    }
    return 0;
}

void fuzz_check_utf8(const char *what, const char *text, size_t len)
{
    if (!utf8_valid(text, len) && !fuzz_skipping("utf8"))
        fuzz_fail(what, text, len);
}

static struct csa_register *kent;
static struct validator validator;

static void kent_free(void)
{
    validator_free(&validator);
    register_free(kent);
}

/* Loads etl/counties/kent.xml and compiles the XSD, or aborts. */
static void kent_load(void)
{
    xml_init();
    struct diags d = {0};
    struct csa_error err = {0};
    if (register_load(CSA_SOURCE_DIR "/etl/counties/kent.xml", &kent, &d, &err) != CSA_OK ||
        validator_init(&validator, kent, &err) != CSA_OK) {
        fprintf(stderr, "fuzz: %s\n", err.msg);
        abort();
    }
    diags_free(&d);
    atexit(kent_free);
}

void fuzz_validate(const uint8_t *data, size_t size, const char *shown, int cells_only)
{
    if (kent == NULL)
        kent_load();
    const char *path = fuzz_scratch(data, size);
    struct diags d = {0};
    struct csa_submission *s = NULL;
    enum csa_rc rc = validate_file(&validator, path, &s, &d);
    for (size_t i = 0; i < d.n; i++) {
        fuzz_check_utf8("a diagnostic is not valid UTF-8", d.v[i].msg, strlen(d.v[i].msg));
        if (cells_only && d.v[i].line != 0 && !cell_is(d.v[i].line))
            fuzz_fail("a workbook's diagnostic has a line, not a cell", d.v[i].msg,
                      strlen(d.v[i].msg));
    }
    struct buf report = {0};
    diags_format(&report, shown, &d);
    fuzz_check_utf8("the printed report is not valid UTF-8", buf_str(&report), report.len);
    buf_free(&report);
    if (rc == CSA_OK) {
        struct buf json = {0};
        submission_to_json(s, &d, &json);
        const char *j = buf_str(&json);
        if (strlen(j) != json.len)
            fuzz_fail("the JSON holds a NUL byte", j, json.len);
        fuzz_check_utf8("the JSON is not valid UTF-8", j, json.len);
        if (!json_check(j))
            fuzz_fail("the JSON is not well-formed", j, json.len);
        buf_free(&json);
    }
    submission_free(s);
    diags_free(&d);
}
