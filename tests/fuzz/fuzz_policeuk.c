/* fuzz_policeuk.c: the police.uk reader under the fuzzer: bytes (plain or gzip) -> header
 * check -> records, going on past each record the reader can skip, as --skip-bad-rows does.
 *
 * The oracle: every record's twelve fields are valid UTF-8 with the lengths the reader
 * gives, its month and crime type are in range, and every error message is valid UTF-8 (it
 * goes to the terminal, the cron log and the database's ledger). Crashes, leaks and undefined
 * behaviour are the sanitizers' to find. */
#include "fuzz.h"

#include "csa/policeuk.h"

#include <string.h>

/* Checks one error message. */
static void check_error(const struct csa_error *err)
{
    fuzz_check_utf8("an error message is not valid UTF-8", err->msg, strlen(err->msg));
    fuzz_check_utf8("an error's file name is not valid UTF-8", err->file, strlen(err->file));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_scratch(data, size);
    struct csa_error err = {0};
    struct puk_reader *rd = puk_open(path, &err);
    if (rd == NULL) {
        check_error(&err);
        return 0;
    }
    struct puk_record r;
    int fatal = 0, got;
    while ((got = puk_next(rd, &r, &fatal, &err)) != 0) {
        if (got < 0) {
            check_error(&err);
            if (fatal)
                break;
            memset(&err, 0, sizeof err);
            continue;
        }
        for (int i = 0; i < PUK_FIELDS; i++) {
            if (r.f[i] == NULL)
                fuzz_fail("a record's field is missing", "", 0);
            /* a NUL inside, which PostgreSQL's text refuses */
            if (strlen(r.f[i]) != r.len[i] && !fuzz_skipping("nul"))
                fuzz_fail("a record's field holds a NUL byte or is not the length given", r.f[i],
                          r.len[i]);
            fuzz_check_utf8("a record's field is not valid UTF-8", r.f[i], r.len[i]);
        }
        if (r.crime_type < 1 || puk_crime_type_name(r.crime_type) == NULL)
            fuzz_fail("a record's crime type is not one of the reader's", r.f[PUK_CRIME_TYPE],
                      r.len[PUK_CRIME_TYPE]);
        if (r.month < 0 || r.line < 2)
            fuzz_fail("a record's month or line is out of range", r.f[PUK_MONTH],
                      r.len[PUK_MONTH]);
    }
    puk_close(rd);
    return 0;
}
