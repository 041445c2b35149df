/* fuzz_submission.c: the submission path under the fuzzer: bytes (plain or gzip) -> read ->
 * parse -> XSD -> the rules -> the JSON that csa.load_submission() takes.
 *
 * The oracle: every diagnostic, and the report csa prints from them, is valid UTF-8 (so the
 * run's ledger and PostgreSQL take it); when the file is accepted, its JSON is valid UTF-8,
 * has no NUL inside and is one well-formed JSON value. Crashes, leaks and undefined behaviour
 * are the sanitizers' to find. The Kent register and the compiled XSD are made once. */
#include "fuzz.h"
#include "json_check.h"

#include "csa/diag.h"
#include "csa/register.h"
#include "csa/submission.h"
#include "csa/utf8.h"
#include "csa/validate.h"
#include "csa/xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct csa_register *kent;
static struct validator validator;

static void teardown(void)
{
    validator_free(&validator);
    register_free(kent);
}

/* Loads etl/counties/kent.xml and compiles the XSD, or aborts: a harness without them
 * would test nothing. */
static void setup(void)
{
    xml_init();
    struct diags d = {0};
    struct csa_error err = {0};
    if (register_load(CSA_SOURCE_DIR "/etl/counties/kent.xml", &kent, &d, &err) != CSA_OK ||
        validator_init(&validator, kent, &err) != CSA_OK) {
        fprintf(stderr, "fuzz_submission: %s\n", err.msg);
        abort();
    }
    diags_free(&d);
    atexit(teardown);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (kent == NULL)
        setup();
    const char *path = fuzz_scratch(data, size);
    struct diags d = {0};
    struct csa_submission *s = NULL;
    enum csa_rc rc = validate_file(&validator, path, &s, &d);
    for (size_t i = 0; i < d.n; i++)
        fuzz_check_utf8("a diagnostic is not valid UTF-8", d.v[i].msg, strlen(d.v[i].msg));
    struct buf report = {0};
    diags_format(&report, "district-2011.xml", &d);
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
    return 0;
}
