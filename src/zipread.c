/* zipread.c: a zip archive in memory, read by minizip with every guard of zipread.h.
 *
 * minizip reads through file functions over the caller's bytes. The archive's own records
 * are looked at first (the end of central directory, ZIP64's locator), then each entry's
 * header, and only then is anything inflated: a refused archive costs no inflation. Sizes are
 * counted on what inflates, so a header that understates an entry changes nothing. */
#include "csa/zipread.h"

#include <minizip/unzip.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const struct zip_limits zip_default_limits = {
    .max_entries = 1000,
    .max_entry_bytes = 8u * 1024u * 1024u,
    .max_total_bytes = 16u * 1024u * 1024u,
    .max_ratio = 100,
    .ratio_floor = 64u * 1024u,
};

enum { NAME_MAX_BYTES = 1024, CHUNK = 16 * 1024 };

/* ---- minizip's file functions over read-only memory ------------------------------------- */

struct span {
    const char *data;
    size_t len, pos;
};

static voidpf ZCALLBACK span_open(voidpf opaque, const char *name, int mode)
{
    (void)name, (void)mode;
    return opaque;
}

static uLong ZCALLBACK span_read(voidpf opaque, voidpf stream, void *p, uLong size)
{
    (void)opaque;
    struct span *s = stream;
    size_t left = s->pos < s->len ? s->len - s->pos : 0;
    size_t n = left < size ? left : size;
    memcpy(p, s->data + s->pos, n);
    s->pos += n;
    return (uLong)n;
}

static uLong ZCALLBACK span_write(voidpf opaque, voidpf stream, const void *p, uLong size)
{
    (void)opaque, (void)stream, (void)p, (void)size;
    return 0; /* read-only */
}

static long ZCALLBACK span_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return (long)((struct span *)stream)->pos;
}

static long ZCALLBACK span_seek(voidpf opaque, voidpf stream, uLong offset, int origin)
{
    (void)opaque;
    struct span *s = stream;
    size_t from = origin == ZLIB_FILEFUNC_SEEK_SET ? 0
                  : origin == ZLIB_FILEFUNC_SEEK_END ? s->len
                                                     : s->pos;
    /* minizip seeks back over an entry's extra field (Info-ZIP's times and owner, which zip
     * writes on every entry) by an unsigned offset that wraps around: the sum wraps back. */
    size_t to = from + (size_t)offset;
    if (to > s->len)
        return -1;
    s->pos = to;
    return 0;
}

static int ZCALLBACK span_close(voidpf opaque, voidpf stream)
{
    (void)opaque, (void)stream;
    return 0;
}

static int ZCALLBACK span_error(voidpf opaque, voidpf stream)
{
    (void)opaque, (void)stream;
    return 0;
}

/* ---- the archive's records ------------------------------------------------------------- */

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long le32(const unsigned char *p)
{
    return (unsigned long)le16(p) | (unsigned long)le16(p + 2) << 16;
}

/* The offset of the end of central directory record, or -1. It is the last thing in the
 * archive but for a comment of at most 65,535 bytes. */
static long find_eocd(const unsigned char *d, size_t len)
{
    if (len < 22)
        return -1;
    size_t stop = len > 22 + 65535 ? len - 22 - 65535 : 0;
    for (size_t at = len - 22 + 1; at-- > stop;)
        if (memcmp(d + at, "PK\5\6", 4) == 0)
            return (long)at;
    return -1;
}

/* True when the entry's extra field holds a ZIP64 record (header id 1). */
static int has_zip64_extra(const unsigned char *x, size_t n)
{
    for (size_t at = 0; at + 4 <= n;) {
        unsigned id = le16(x + at), size = le16(x + at + 2);
        if (id == 1)
            return 1;
        at += 4 + size;
    }
    return 0;
}

/* Why an entry's name may not be taken (NULL: it may): it could name a place outside the
 * folder it would be unpacked into. */
static const char *bad_name(const char *name)
{
    if (name[0] == '\0')
        return "has an empty name";
    if (name[0] == '/' || name[0] == '\\')
        return "has an absolute name (it starts with a slash)";
    if (((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z') && name[1] == ':')
        return "has a name that starts with a drive letter";
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "/\\");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return "has a name with a \"..\" part, which would point outside the archive";
        p += n;
        p += *p != '\0';
    }
    return NULL;
}

struct named {
    const char *name;
    size_t at; /* its place in the archive */
};

/* By name ignoring case, then by place, so a repeat is reported after its first. */
static int by_name(const void *a, const void *b)
{
    const struct named *x = a, *y = b;
    int c = strcasecmp(x->name, y->name);
    return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* Refuses a name given twice, ignoring case (Office's part names are case-blind). */
static enum csa_rc check_duplicates(const struct zip_archive *z, const char *file,
                                    struct csa_error *err)
{
    struct named *sorted = xmalloc((z->n + 1) * sizeof *sorted);
    for (size_t i = 0; i < z->n; i++)
        sorted[i] = (struct named){z->v[i].name, i};
    qsort(sorted, z->n, sizeof *sorted, by_name);
    enum csa_rc rc = CSA_OK;
    for (size_t i = 1; i < z->n && rc == CSA_OK; i++)
        if (strcasecmp(sorted[i - 1].name, sorted[i].name) == 0)
            rc = csa_fail(err, CSA_EINVALID, file, 0,
                          "the archive holds the entry \"%s\" twice (again as \"%s\"); a "
                          "workbook names each of its parts once, so it is refused",
                          sorted[i - 1].name, sorted[i].name);
    free(sorted);
    return rc;
}

/* Inflates the current entry into e->data, within the caps; *total counts every entry read. */
static enum csa_rc inflate_entry(unzFile u, const unz_file_info64 *info, struct zip_entry *e,
                                 const char *file, const struct zip_limits *lim, size_t *total,
                                 struct csa_error *err)
{
    if (unzOpenCurrentFile(u) != UNZ_OK)
        return csa_fail(err, CSA_EINVALID, file, 0,
                        "the archive's entry \"%s\" could not be opened (a damaged zip?)",
                        e->name);
    size_t packed = info->compressed_size > 0 ? (size_t)info->compressed_size : 1;
    enum csa_rc rc = CSA_OK;
    for (;;) {
        buf_reserve(&e->data, CHUNK);
        int n = unzReadCurrentFile(u, e->data.data + e->data.len, CHUNK);
        if (n < 0) {
            rc = csa_fail(err, CSA_EINVALID, file, 0,
                          "the archive's entry \"%s\" is damaged (it does not inflate)", e->name);
            break;
        }
        if (n == 0)
            break;
        e->data.len += (size_t)n;
        e->data.data[e->data.len] = '\0';
        *total += (size_t)n;
        if (e->data.len > lim->max_entry_bytes) {
            rc = csa_fail(err, CSA_EINVALID, file, 0,
                          "the archive's entry \"%s\" inflates to more than %zu bytes; a "
                          "submission is never this big, so it is refused (a zip bomb?)",
                          e->name, lim->max_entry_bytes);
            break;
        }
        if (*total > lim->max_total_bytes) {
            rc = csa_fail(err, CSA_EINVALID, file, 0,
                          "the archive inflates to more than %zu bytes in all (at the entry "
                          "\"%s\"); a submission is never this big, so it is refused (a zip "
                          "bomb?)",
                          lim->max_total_bytes, e->name);
            break;
        }
        if (e->data.len > lim->ratio_floor && e->data.len / packed > lim->max_ratio) {
            rc = csa_fail(err, CSA_EINVALID, file, 0,
                          "the archive's entry \"%s\" inflates more than %zu times its "
                          "compressed size; no workbook compresses that well, so it is refused "
                          "(a zip bomb?)",
                          e->name, lim->max_ratio);
            break;
        }
    }
    int closed = unzCloseCurrentFile(u);
    if (rc == CSA_OK && closed != UNZ_OK)
        rc = csa_fail(err, CSA_EINVALID, file, 0,
                      "the archive's entry \"%s\" is damaged (its checksum does not match)",
                      e->name);
    e->read = rc == CSA_OK;
    return rc;
}

/* Checks the current entry's header; its name is already in e. */
static enum csa_rc check_entry(unzFile u, const unz_file_info64 *info, const struct zip_entry *e,
                               const char *file, struct csa_error *err)
{
    const char *why = bad_name(e->name);
    if (why)
        return csa_fail(err, CSA_EINVALID, file, 0, "the archive's entry \"%s\" %s; refused",
                        e->name, why);
    if (info->flag & 1)
        return csa_fail(err, CSA_EINVALID, file, 0,
                        "the archive's entry \"%s\" is encrypted; save the workbook without a "
                        "password to open it",
                        e->name);
    if (info->compression_method != 0 && info->compression_method != Z_DEFLATED)
        return csa_fail(err, CSA_EINVALID, file, 0,
                        "the archive's entry \"%s\" is compressed with method %lu, not with "
                        "deflate (as Excel and LibreOffice write); refused",
                        e->name, (unsigned long)info->compression_method);
    unsigned char extra[65536];
    int got = unzGetCurrentFileInfo64(u, NULL, NULL, 0, extra, sizeof extra, NULL, 0);
    if (got != UNZ_OK || has_zip64_extra(extra, info->size_file_extra) ||
        info->compressed_size >= 0xFFFFFFFFu || info->uncompressed_size >= 0xFFFFFFFFu)
        return csa_fail(err, CSA_EINVALID, file, 0,
                        "the archive's entry \"%s\" is a ZIP64 entry; a workbook never needs "
                        "ZIP64, so it is refused",
                        e->name);
    return CSA_OK;
}

/* The archive as a whole: its end record found, no ZIP64 record, not too many entries. */
static enum csa_rc check_archive(const unsigned char *d, size_t len, const char *file,
                                 const struct zip_limits *lim, struct csa_error *err)
{
    long eocd = find_eocd(d, len);
    if (eocd < 0)
        return csa_fail(err, CSA_EINVALID, file, 0,
                        "the file starts like a zip (a workbook) but has no zip directory at its "
                        "end; it is truncated or damaged");
    if ((eocd >= 20 && memcmp(d + eocd - 20, "PK\6\7", 4) == 0) ||
        le16(d + eocd + 10) == 0xFFFF || le32(d + eocd + 16) == 0xFFFFFFFFu)
        return csa_fail(err, CSA_EINVALID, file, 0,
                        "the archive is a ZIP64 archive; a workbook never needs ZIP64, so it is "
                        "refused");
    if (le16(d + eocd + 10) > lim->max_entries)
        return csa_fail(err, CSA_EINVALID, file, 0,
                        "the archive has %u entries, more than the %zu a workbook may have",
                        le16(d + eocd + 10), lim->max_entries);
    return CSA_OK;
}

enum csa_rc zip_read(const char *data, size_t len, const char *file, const struct zip_limits *lim,
                     int (*want)(const char *name, void *ctx), void *ctx,
                     struct zip_archive *out, struct csa_error *err)
{
    memset(out, 0, sizeof *out);
    enum csa_rc rc = check_archive((const unsigned char *)data, len, file, lim, err);
    if (rc != CSA_OK)
        return rc;
    struct span s = {.data = data, .len = len};
    zlib_filefunc_def io = {.zopen_file = span_open, .zread_file = span_read,
                            .zwrite_file = span_write, .ztell_file = span_tell,
                            .zseek_file = span_seek, .zclose_file = span_close,
                            .zerror_file = span_error, .opaque = &s};
    unzFile u = unzOpen2("workbook.zip", &io);
    if (u == NULL)
        return csa_fail(err, CSA_EINVALID, file, 0,
                        "the file starts like a zip (a workbook) but its zip directory is "
                        "damaged");
    size_t cap = 0, total = 0;
    int at = unzGoToFirstFile(u);
    while (rc == CSA_OK && at == UNZ_OK) {
        if (out->n >= lim->max_entries) {
            rc = csa_fail(err, CSA_EINVALID, file, 0,
                          "the archive has more than the %zu entries a workbook may have",
                          lim->max_entries);
            break;
        }
        unz_file_info64 info;
        char name[NAME_MAX_BYTES];
        if (unzGetCurrentFileInfo64(u, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK ||
            info.size_filename >= sizeof name) {
            rc = csa_fail(err, CSA_EINVALID, file, 0,
                          "the archive's entry %zu has a damaged header or an over-long name",
                          out->n + 1);
            break;
        }
        name[info.size_filename] = '\0';
        if (out->n == cap) {
            cap = cap ? 2 * cap : 16;
            out->v = xrealloc(out->v, cap * sizeof *out->v);
        }
        struct zip_entry *e = &out->v[out->n++];
        *e = (struct zip_entry){.name = xstrdup(name)};
        rc = check_entry(u, &info, e, file, err);
        if (rc == CSA_OK && (want == NULL || want(e->name, ctx)))
            rc = inflate_entry(u, &info, e, file, lim, &total, err);
        if (rc == CSA_OK)
            at = unzGoToNextFile(u);
    }
    if (rc == CSA_OK && at != UNZ_END_OF_LIST_OF_FILE)
        rc = csa_fail(err, CSA_EINVALID, file, 0,
                      "the archive's directory is damaged after its entry %zu", out->n);
    unzClose(u);
    if (rc == CSA_OK)
        rc = check_duplicates(out, file, err);
    if (rc != CSA_OK)
        zip_archive_free(out);
    return rc;
}

const struct zip_entry *zip_find(const struct zip_archive *z, const char *name)
{
    for (size_t i = 0; i < z->n; i++)
        if (strcasecmp(z->v[i].name, name) == 0)
            return &z->v[i];
    return NULL;
}

void zip_archive_free(struct zip_archive *z)
{
    for (size_t i = 0; i < z->n; i++) {
        free(z->v[i].name);
        buf_free(&z->v[i].data);
    }
    free(z->v);
    memset(z, 0, sizeof *z);
}
