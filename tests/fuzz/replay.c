/* replay.c: the main() that turns a fuzz harness into a test of the normal build: it feeds
 * every file under each folder (or each file) named on the command line, in name order,
 * through LLVMFuzzerTestOneInput, once. A harness's oracle aborts on a bad result, so the
 * test fails with the input's name printed just before. Used by ctest (label fuzz) to replay
 * tests/fuzz/corpus/<harness>/ and tests/fuzz/crashes/<harness>/ under ASan and UBSan. */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Runs the harness on the file at path; returns 0, or -1 when it cannot be read. */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return -1;
    }
    size_t cap = 4096, len = 0;
    unsigned char *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap)
            data = realloc(data, cap *= 2);
    }
    int bad = data == NULL || ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "%s: could not read\n", path);
        free(data);
        return -1;
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
    int failed = 0;
    long n = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            failed = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed |= replay_file(argv[i]) != 0;
            n++;
            continue;
        }
        struct dirent **names;
        int k = scandir(argv[i], &names, NULL, by_name);
        if (k < 0) {
            perror(argv[i]);
            failed = 1;
            continue;
        }
        for (int j = 0; j < k; j++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], names[j]->d_name);
            if (names[j]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                failed |= replay_file(path) != 0;
                n++;
            }
            free(names[j]);
        }
        free(names);
    }
    printf("replayed %ld inputs\n", n);
    return failed;
}
