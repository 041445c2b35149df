/* fuzz.h: what the fuzz harnesses of tests/fuzz/ share: the libFuzzer entry point every
 * harness defines, a scratch file the readers (which take a path) read the input from, and
 * the oracle's way of failing.
 *
 * A harness builds two ways: with clang -fsanitize=fuzzer for a campaign (scripts/fuzz.sh),
 * and with the normal build (gcc, the Sanitize configuration) linked to replay.c, whose main
 * feeds it every file of the corpus and of the past crashes (ctest, label fuzz). Nothing in
 * a harness may need clang. */
#ifndef CSA_FUZZ_H
#define CSA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The harness: runs one input through a stage and checks what comes out; aborts (through
 * fuzz_fail) when the oracle finds something wrong. Always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes data to this process's scratch file (made on first use, removed at exit) and
 * returns its path. Aborts when it cannot. */
const char *fuzz_scratch(const uint8_t *data, size_t size);

/* Prints "fuzz oracle: what" and the offending text, escaped, to stderr and aborts, so
 * libFuzzer keeps the input as a crash and the replay test fails. */
void fuzz_fail(const char *what, const char *text, size_t len) __attribute__((noreturn));

/* Whether the oracle's check named check ("utf8", "nul") is switched off by the environment
 * variable CSA_FUZZ_SKIP (names separated by commas): only for a campaign that should look
 * past a known finding still awaiting its fix. The suite never sets it. */
int fuzz_skipping(const char *check);

/* Checks that text[0..len) is valid UTF-8, else fuzz_fail(what, ...) (check "utf8"). */
void fuzz_check_utf8(const char *what, const char *text, size_t len);

/* Runs validate_file on data (through the scratch file) against the Kent register, loaded
 * with the XSD compiled on first use (aborting when they cannot be: a harness without them
 * would test nothing) and freed at exit; then the oracle: every diagnostic, and the report
 * printed for a file called shown, is valid UTF-8; when cells_only, every diagnostic's place
 * is the file as a whole or a cell; an accepted file's JSON is valid UTF-8, has no NUL inside
 * and is one well-formed JSON value. */
void fuzz_validate(const uint8_t *data, size_t size, const char *shown, int cells_only);

#endif
