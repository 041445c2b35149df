/* fuzz_common.c: the scratch file and the oracle's failure of the fuzz harnesses (fuzz.h). */
#include "fuzz.h"

#include "csa/buf.h"
#include "csa/utf8.h"

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
