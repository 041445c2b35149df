/* fuzz_submission.c: the submission path under the fuzzer: bytes (plain or gzip) -> read ->
 * parse -> XSD -> the rules -> the JSON that csa.load_submission() takes.
 *
 * The oracle: every diagnostic, and the report csa prints from them, is valid UTF-8 (so the
 * run's ledger and PostgreSQL take it); when the file is accepted, its JSON is valid UTF-8,
 * has no NUL inside and is one well-formed JSON value. Crashes, leaks and undefined behaviour
 * are the sanitizers' to find. The Kent register and the compiled XSD are made once. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_validate(data, size, "district-2011.xml", 0);
    return 0;
}
