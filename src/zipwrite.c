/* zipwrite.c: a zip container written into memory by minizip (see zipwrite.h). */
#include "csa/zipwrite.h"

#include <minizip/zip.h>
#include <string.h>

/* minizip's file functions over a struct buf. */
struct mem {
    struct buf *b;
    size_t pos;
};

static voidpf ZCALLBACK mem_open(voidpf opaque, const char *name, int mode)
{
    (void)name, (void)mode;
    return opaque;
}

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *p, uLong size)
{
    (void)opaque;
    struct mem *m = stream;
    size_t n = m->pos < m->b->len ? m->b->len - m->pos : 0;
    if (n > size)
        n = size;
    if (n > 0)
        memcpy(p, m->b->data + m->pos, n);
    m->pos += n;
    return (uLong)n;
}

/* Writes at the position: over what is there, then past the end (minizip seeks back to
 * fill in each local header's sizes). */
static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *p, uLong size)
{
    (void)opaque;
    struct mem *m = stream;
    while (m->b->len < m->pos) /* a seek past the end reads as zeros */
        buf_putc(m->b, '\0');
    size_t over = m->b->len - m->pos < size ? m->b->len - m->pos : size;
    if (over > 0)
        memcpy(m->b->data + m->pos, p, over);
    buf_append(m->b, (const char *)p + over, size - over);
    m->pos += size;
    return size;
}

static long ZCALLBACK mem_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return (long)((struct mem *)stream)->pos;
}

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, uLong offset, int origin)
{
    (void)opaque;
    struct mem *m = stream;
    size_t base = origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos
                  : origin == ZLIB_FILEFUNC_SEEK_END ? m->b->len
                                                     : 0;
    m->pos = base + offset;
    return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream)
{
    (void)opaque, (void)stream;
    return 0;
}

static int ZCALLBACK mem_error(voidpf opaque, voidpf stream)
{
    (void)opaque, (void)stream;
    return 0;
}

/* Adds the entry name holding text, deflated, stamped 1980-01-01 00:00. */
static int zip_add(zipFile z, const char *name, const struct buf *text)
{
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    zi.tmz_date.tm_mday = 1;
    zi.tmz_date.tm_year = 1980;
    if (zipOpenNewFileInZip(z, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                            Z_DEFAULT_COMPRESSION) != ZIP_OK)
        return -1;
    int rc = zipWriteInFileInZip(z, text->data ? text->data : "", (unsigned)text->len);
    return zipCloseFileInZip(z) == ZIP_OK && rc == ZIP_OK ? 0 : -1;
}

enum csa_rc zip_pack(const char *const *names, const struct buf *parts, size_t n,
                     struct buf *out, struct csa_error *err)
{
    buf_reset(out);
    struct mem m = {.b = out, .pos = 0};
    zlib_filefunc_def io = {.zopen_file = mem_open, .zread_file = mem_read,
                            .zwrite_file = mem_write, .ztell_file = mem_tell,
                            .zseek_file = mem_seek, .zclose_file = mem_close,
                            .zerror_file = mem_error, .opaque = &m};
    zipFile z = zipOpen2("package.zip", APPEND_STATUS_CREATE, NULL, &io);
    size_t i = 0;
    while (z && i < n && zip_add(z, names[i], &parts[i]) == 0)
        i++;
    if (z == NULL || zipClose(z, NULL) != ZIP_OK || i < n)
        return csa_fail(err, CSA_EENV, NULL, 0, "could not write the zip entry %s",
                        i < n ? names[i] : "(the zip directory)");
    return CSA_OK;
}
