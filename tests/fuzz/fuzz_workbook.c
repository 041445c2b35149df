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
 * well-formed (fuzz_validate). */
#include "fuzz.h"
#include "wbfix.h"

#include "csa/read_workbook.h"

#include <stdlib.h>
#include <string.h>

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
    if (workbook_magic((const char *)data, size)) { /* as validate_file tells a workbook */
        fuzz_validate(data, size, "district-2011.xlsx", 1);
        return 0;
    }
    struct buf packed = {0};
    pack_pieces(data, size, &packed);
    fuzz_validate((const uint8_t *)packed.data, packed.len, "district-2011.xlsx", 1);
    buf_free(&packed);
    return 0;
}
