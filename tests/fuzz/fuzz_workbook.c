/* fuzz_workbook.c: the workbook path under the fuzzer: bytes -> read -> zip (zipread) ->
 * the xlsx parts -> the submission model (read_workbook) -> the rules -> JSON.
 *
 * An input that starts like a zip (PK\3\4) is a whole workbook file, so mutations reach the
 * archive's records. Any other input is the XML of the sheets, which is where most of a
 * reader's work is: up to three pieces separated by a 0x01 byte, the rows of the Submission
 * sheet, the rows of the Priorities sheet and the shared strings, packed into a workbook with
 * the tests' helper (tests/wbfix.h) before it is read.
 *
 * The oracle, besides the sanitizers': every diagnostic and the printed report is valid
 * UTF-8; every diagnostic's place is the file as a whole or a cell (never an XML line: a
 * workbook has none); an accepted workbook's JSON is valid UTF-8, holds no NUL and is
 * well-formed. */
#include "fuzz.h"
#include "json_check.h"
#include "wbfix.h"

#include "csa/cell.h"
#include "csa/diag.h"
#include "csa/register.h"
#include "csa/submission.h"
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

static void setup(void)
{
    xml_init();
    struct diags d = {0};
    struct csa_error err = {0};
    if (register_load(CSA_SOURCE_DIR "/etl/counties/kent.xml", &kent, &d, &err) != CSA_OK ||
        validator_init(&validator, kent, &err) != CSA_OK) {
        fprintf(stderr, "fuzz_workbook: %s\n", err.msg);
        abort();
    }
    diags_free(&d);
    atexit(teardown);
}

/* The sheets' XML pieces of data, packed as a workbook into *out. */
static void pack_pieces(const uint8_t *data, size_t size, struct buf *out)
{
    char *piece[3] = {NULL, NULL, NULL};
    size_t at = 0;
    for (int k = 0; k < 3; k++) {
        size_t n = 0;
        while (at + n < size && data[at + n] != 1)
            n++;
        piece[k] = xmalloc(n + 1);
        memcpy(piece[k], data + at, n);
        piece[k][n] = '\0';
        at += n + (at + n < size);
    }
    struct wbfix w = {.sheets = {{"Submission", piece[0][0] ? piece[0] : WB_SUBMISSION_ROWS},
                                 {"Priorities", piece[1]}},
                      .shared = piece[2][0] ? piece[2] : NULL};
    wbfix_pack(&w, out);
    for (int k = 0; k < 3; k++)
        free(piece[k]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (kent == NULL)
        setup();
    struct buf packed = {0};
    if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0)
        buf_append(&packed, data, size);
    else
        pack_pieces(data, size, &packed);
    const char *path = fuzz_scratch((const uint8_t *)packed.data, packed.len);
    buf_free(&packed);
    struct diags d = {0};
    struct csa_submission *s = NULL;
    enum csa_rc rc = validate_file(&validator, path, &s, &d);
    for (size_t i = 0; i < d.n; i++) {
        fuzz_check_utf8("a diagnostic is not valid UTF-8", d.v[i].msg, strlen(d.v[i].msg));
        if (d.v[i].line != 0 && !cell_is(d.v[i].line))
            fuzz_fail("a workbook's diagnostic has a line, not a cell", d.v[i].msg,
                      strlen(d.v[i].msg));
    }
    struct buf report = {0};
    diags_format(&report, "district-2011.xlsx", &d);
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
