/* test_read.c: read_file(), the first stage: plain and gzip alike, the size cap at its edge,
 * and each way a file can fail to be read, with the words the user sees. */
#include "support.h"

#include "csa/read.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static const char text[] = "<?xml version=\"1.0\"?>\n<strategic-assessment version=\"1\"/>\n";

/* Writes len bytes of data gzip-compressed into a temporary file; returns its path. */
static const char *write_gzip(const char *name, const char *data, size_t len)
{
    const char *path = test_write(name, "");
    gzFile gz = gzopen(path, "wb");
    assert_non_null(gz);
    assert_int_equal(gzwrite(gz, data, (unsigned)len), (int)len);
    assert_int_equal(gzclose(gz), Z_OK);
    return path;
}

/* Reads path whole with stdio (no zlib), into buf of size cap; returns the length. */
static size_t raw_bytes(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static void write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void test_plain_and_gzip_read_the_same_bytes(void **state)
{
    (void)state;
    const char *plain = test_write("same.xml", text);
    const char *gz = write_gzip("same.xml.gz", text, strlen(text));
    struct buf a = {0}, b = {0};
    struct csa_error err = {0};
    int ga = -1, gb = -1;
    assert_int_equal(read_file(plain, 1024, &a, &ga, &err), CSA_OK);
    assert_int_equal(read_file(gz, 1024, &b, &gb, &err), CSA_OK);
    assert_int_equal(ga, 0);
    assert_int_equal(gb, 1);
    assert_int_equal(a.len, strlen(text));
    assert_int_equal(b.len, a.len);
    assert_memory_equal(a.data, b.data, a.len);
    assert_string_equal(buf_str(&b), text);
    buf_free(&a);
    buf_free(&b);
}

static void test_gzip_is_recognised_by_its_bytes_not_its_name(void **state)
{
    (void)state;
    /* a gzip file named .xml, and a plain file named .xml.gz */
    const char *gz = write_gzip("looks-plain.xml", text, strlen(text));
    const char *plain = test_write("looks-gzipped.xml.gz", text);
    struct buf a = {0}, b = {0};
    struct csa_error err = {0};
    int ga = -1, gb = -1;
    assert_int_equal(read_file(gz, 1024, &a, &ga, &err), CSA_OK);
    assert_int_equal(read_file(plain, 1024, &b, &gb, &err), CSA_OK);
    assert_int_equal(ga, 1);
    assert_int_equal(gb, 0);
    assert_string_equal(buf_str(&a), text);
    assert_string_equal(buf_str(&b), text);
    buf_free(&a);
    buf_free(&b);
}

static void test_a_file_of_exactly_the_cap_is_read(void **state)
{
    (void)state;
    const char *p = test_write("cap.xml", text);
    struct buf b = {0};
    struct csa_error err = {0};
    assert_int_equal(read_file(p, strlen(text), &b, NULL, &err), CSA_OK);
    assert_int_equal(b.len, strlen(text));
    buf_free(&b);
}

static void test_one_byte_over_the_cap_is_refused(void **state)
{
    (void)state;
    const char *p = test_write("cap1.xml", text);
    struct buf b = {0};
    struct csa_error err = {0};
    size_t cap = strlen(text) - 1;
    assert_int_equal(read_file(p, cap, &b, NULL, &err), CSA_EINVALID);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_string_equal(err.file, p);
    char want[256];
    snprintf(want, sizeof want,
             "the file is larger than %zu bytes once decompressed; a submission is never this "
             "big, so it is refused",
             cap);
    assert_string_equal(err.msg, want);
}

static void test_cap_counts_inflated_bytes_not_compressed_ones(void **state)
{
    (void)state;
    static char zeros[200000];
    const char *p = write_gzip("zeros.xml.gz", zeros, sizeof zeros);
    char raw[200000];
    assert_true(raw_bytes(p, raw, sizeof raw) < 10000); /* small on disk */
    struct buf b = {0};
    struct csa_error err = {0};
    assert_int_equal(read_file(p, 100000, &b, NULL, &err), CSA_EINVALID);
    assert_non_null(strstr(err.msg, "larger than 100000 bytes once decompressed"));
    assert_int_equal(read_file(p, sizeof zeros, &b, NULL, &err), CSA_OK);
    assert_int_equal(b.len, sizeof zeros);
    buf_free(&b);
}

static void test_missing_file_is_an_environment_error_with_strerror(void **state)
{
    (void)state;
    struct buf b = {0};
    struct csa_error err = {0};
    const char *p = "/nonexistent/folder/sub.xml";
    assert_int_equal(read_file(p, 1024, &b, NULL, &err), CSA_EENV);
    assert_int_equal(err.code, CSA_EENV);
    assert_string_equal(err.file, p);
    char want[256];
    snprintf(want, sizeof want, "could not open file: %s", strerror(ENOENT));
    assert_string_equal(err.msg, want);
    assert_null(b.data);
}

static void test_empty_file_reads_as_an_empty_terminated_buffer(void **state)
{
    (void)state;
    const char *p = test_write("empty.xml", "");
    struct buf b = {0};
    struct csa_error err = {0};
    int gz = -1;
    assert_int_equal(read_file(p, 1024, &b, &gz, &err), CSA_OK);
    assert_int_equal(b.len, 0);
    assert_int_equal(gz, 0);
    assert_string_equal(buf_str(&b), "");
    buf_free(&b);
}

static void test_truncated_gzip_is_invalid_and_says_truncated(void **state)
{
    (void)state;
    char big[8192];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof big; i++) /* letters at random: they do not compress away */
        big[i] = (char)('a' + ((x = x * 1103515245u + 12345u) >> 16) % 26);
    const char *whole = write_gzip("whole.xml.gz", big, sizeof big);
    char raw[16384];
    size_t n = raw_bytes(whole, raw, sizeof raw);
    assert_true(n > 100);
    const char *cut = test_write("cut.xml.gz", "");
    write_bytes(cut, raw, n / 2);
    struct buf b = {0};
    struct csa_error err = {0};
    assert_int_equal(read_file(cut, 1 << 20, &b, NULL, &err), CSA_EINVALID);
    assert_non_null(strstr(err.msg, "truncated"));
    assert_string_equal(err.file, cut);
    assert_null(b.data);
}

static void test_gzip_cut_before_its_trailer_is_still_truncated(void **state)
{
    (void)state;
    /* all the data is there, only the 8-byte CRC and length trailer is missing */
    const char *whole = write_gzip("trailer.xml.gz", text, strlen(text));
    char raw[1024];
    size_t n = raw_bytes(whole, raw, sizeof raw);
    const char *cut = test_write("no-trailer.xml.gz", "");
    write_bytes(cut, raw, n - 8);
    struct buf b = {0};
    struct csa_error err = {0};
    assert_int_equal(read_file(cut, 1024, &b, NULL, &err), CSA_EINVALID);
    assert_non_null(strstr(err.msg, "truncated"));
}

static void test_gzip_with_a_damaged_checksum_is_refused(void **state)
{
    (void)state;
    const char *whole = write_gzip("crc.xml.gz", text, strlen(text));
    char raw[1024];
    size_t n = raw_bytes(whole, raw, sizeof raw);
    raw[n - 8] ^= 0x55; /* first byte of the CRC-32 */
    const char *bad = test_write("bad-crc.xml.gz", "");
    write_bytes(bad, raw, n);
    struct buf b = {0};
    struct csa_error err = {0};
    assert_int_equal(read_file(bad, 1024, &b, NULL, &err), CSA_EINVALID);
    /* zlib's own words; the message once pointed at memory gzclose had freed */
    assert_non_null(strstr(err.msg, "could not read the file: "));
    assert_non_null(strstr(err.msg, "the gzip data is corrupt (its checksum does not match)"));
    assert_null(b.data);
}

static void test_deflate_round_trips_through_zlib(void **state)
{
    (void)state;
    struct buf z = {0};
    struct csa_error err = {0};
    assert_int_equal(read_deflate(text, strlen(text), &z, &err), CSA_OK);
    assert_true(z.len > 0);
    char back[256];
    uLongf n = sizeof back;
    assert_int_equal(uncompress((Bytef *)back, &n, (const Bytef *)z.data, (uLong)z.len), Z_OK);
    assert_int_equal(n, strlen(text));
    assert_memory_equal(back, text, n);
    buf_free(&z);
}

static void test_a_fifo_is_refused_without_waiting_for_a_writer(void **state)
{
    (void)state;
    const char *p = test_tmp("a-fifo.xml");
    unlink(p);
    assert_int_equal(mkfifo(p, 0644), 0);
    struct buf b = {0};
    struct csa_error err = {0};
    assert_int_equal(read_file(p, 1024, &b, NULL, &err), CSA_EENV); /* returns: never blocks */
    assert_string_equal(err.msg, "not a regular file, not read");
    /* nor through a link to it, which read_open with nofollow does not follow */
    const char *link = test_tmp("a-link.xml");
    unlink(link);
    assert_int_equal(symlink(p, link), 0);
    int fd;
    struct stat st;
    assert_int_equal(read_open(link, 1, &fd, &st, &err), CSA_EENV);
    assert_int_equal(fd, -1);
    assert_true(S_ISLNK(st.st_mode));
    assert_string_equal(err.msg, "symbolic link, not followed");
    assert_int_equal(read_open(test_tmp("missing.xml"), 1, &fd, &st, &err), CSA_EENV);
    assert_int_equal(st.st_mode, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_gzip_read_the_same_bytes),
        cmocka_unit_test(test_gzip_is_recognised_by_its_bytes_not_its_name),
        cmocka_unit_test(test_a_file_of_exactly_the_cap_is_read),
        cmocka_unit_test(test_one_byte_over_the_cap_is_refused),
        cmocka_unit_test(test_cap_counts_inflated_bytes_not_compressed_ones),
        cmocka_unit_test(test_missing_file_is_an_environment_error_with_strerror),
        cmocka_unit_test(test_a_fifo_is_refused_without_waiting_for_a_writer),
        cmocka_unit_test(test_empty_file_reads_as_an_empty_terminated_buffer),
        cmocka_unit_test(test_truncated_gzip_is_invalid_and_says_truncated),
        cmocka_unit_test(test_gzip_cut_before_its_trailer_is_still_truncated),
        cmocka_unit_test(test_gzip_with_a_damaged_checksum_is_refused),
        cmocka_unit_test(test_deflate_round_trips_through_zlib),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
