/* policeuk.c: streaming reader of police.uk street-level CSV files (see policeuk.h): the
 * record splitter, the header, each record's shape (fields, UTF-8, month, force, type) and
 * its match with the file's own month and force. */
#include "csa/policeuk.h"
#include "csa/read.h"
#include "csa/utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { PUK_CHUNK = 256 * 1024, PUK_MAX_RECORD = 64 * 1024 };

static const char *const header[PUK_FIELDS] = {
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"};

/* In csa.crime_type order (sql/logic/40_crime.sql): the id is the index + 1. (Id 17 is not a
 * police.uk name: the SQL gives it to "Other crime" of the months before September 2011.) */
static const char *const crime_types[] = {
    "Violence and sexual offences", "Violent crime", "Robbery", "Burglary", "Vehicle crime",
    "Theft from the person", "Bicycle theft", "Shoplifting", "Other theft",
    "Criminal damage and arson", "Drugs", "Possession of weapons", "Public order",
    "Public disorder and weapons", "Other crime", "Anti-social behaviour", NULL};

struct puk_reader {
    gzFile gz;
    const char *path;
    char *in; /* raw input chunk */
    size_t in_len, in_pos;
    int eof;
    long line;          /* current line, counting from 1 */
    struct buf rec;     /* the record being built: fields separated by NUL */
    size_t start[PUK_FIELDS + 1];
    unsigned high;      /* the record's bytes OR'd together: bit 7 set when not all ASCII;
                         * PUK_HAD_NUL when a field holds a NUL byte */
    int file_month;     /* the file's month: from its name, else its first record; -1 unknown */
    char *file_force;   /* the file's force: its first record's; NULL until then */
    int month_from_name;
    int last_month;          /* the last record's month, -1 before one; see month_of */
    char last_month_text[7]; /* ... as it was written */
};

int puk_crime_type(const char *name)
{
    /* the first byte compared inline: the reader calls this for every record */
    for (int i = 0; crime_types[i]; i++)
        if (crime_types[i][0] == name[0] && strcmp(crime_types[i], name) == 0)
            return i + 1;
    return 0;
}

const char *puk_crime_type_name(int id)
{
    int n = (int)(sizeof crime_types / sizeof *crime_types) - 1;
    return id >= 1 && id <= n ? crime_types[id - 1] : NULL;
}

#define PUK_HAD_NUL 0x100u

/* Appends c to the record; the hot path of the reader, so no call unless the buffer grows. */
static inline void rec_put(struct puk_reader *rd, char c)
{
    struct buf *b = &rd->rec;
    if (b->len + 2 > b->cap)
        buf_reserve(b, 1);
    b->data[b->len++] = c;
    rd->high |= (unsigned char)c | (c == '\0' ? PUK_HAD_NUL : 0u);
}

/* Ends the current field: fields are kept NUL-terminated, side by side. */
static inline void rec_end_field(struct puk_reader *rd)
{
    struct buf *b = &rd->rec;
    if (b->len + 2 > b->cap)
        buf_reserve(b, 1);
    b->data[b->len++] = '\0';
}

/* The bytes that end a run of ordinary field bytes (copy_run): unquoted, a separator, a line
 * end or a NUL; quoted, a quote, a line break (counted by the caller) or a NUL. */
static const unsigned char stops[2][256] = {
    {[','] = 1, ['\n'] = 1, ['\r'] = 1, [0] = 1},
    {['"'] = 1, ['\n'] = 1, [0] = 1},
};

/* Appends to the record the run of ordinary bytes that follows in the input chunk, at once:
 * the reader's hot path, so that most bytes of a field cost a table lookup and no call.
 * What ends the run is left for the byte-by-byte splitter. */
static inline void copy_run(struct puk_reader *rd, int quoted)
{
    const unsigned char *p = (const unsigned char *)rd->in + rd->in_pos;
    const unsigned char *end = (const unsigned char *)rd->in + rd->in_len, *q = p;
    const unsigned char *stop = stops[quoted];
    unsigned h = 0;
    while (q < end && !stop[*q])
        h |= *q++;
    size_t n = (size_t)(q - p);
    if (n) {
        buf_append(&rd->rec, p, n);
        rd->in_pos += n;
        rd->high |= h;
    }
}

/* The next input byte, or -1 at the end; -2 on a read error. */
static inline int next_byte(struct puk_reader *rd)
{
    if (rd->in_pos == rd->in_len) {
        if (rd->eof)
            return -1;
        int n = gzread(rd->gz, rd->in, PUK_CHUNK);
        if (n < 0)
            return -2;
        if (n == 0) {
            int zerr;
            gzerror(rd->gz, &zerr);
            rd->eof = 1;
            return zerr == Z_OK ? -1 : -2;
        }
        rd->in_len = (size_t)n;
        rd->in_pos = 0;
    }
    return (unsigned char)rd->in[rd->in_pos++];
}

static int peek_byte(struct puk_reader *rd)
{
    int c = next_byte(rd);
    if (c >= 0)
        rd->in_pos--;
    return c;
}

static int fail(struct csa_error *err, const struct puk_reader *rd, long line, int *fatal,
                int is_fatal, const char *msg)
{
    csa_fail(err, CSA_EINVALID, rd->path, line, "%s", msg);
    if (fatal)
        *fatal = is_fatal;
    return -1;
}

static int read_error(struct puk_reader *rd, long line, int *fatal, struct csa_error *err)
{
    char why[256], msg[300];
    read_gz_error(rd->gz, rd->path, why, sizeof why);
    snprintf(msg, sizeof msg, "could not read the file: %s", why);
    return fail(err, rd, line, fatal, 1, msg);
}

/* Splits the next record into rd->rec. Returns 1, 0 at the end, -1 on an error. */
static int split_record(struct puk_reader *rd, int *nfields, long *line, int *fatal,
                        struct csa_error *err)
{
    buf_reset(&rd->rec);
    rd->high = 0;
    *nfields = 0;
    *line = rd->line;
    int c = next_byte(rd);
    if (c == -1)
        return 0;
    int quoted = 0, at_start = 1;
    rd->start[0] = 0;
    for (;; c = next_byte(rd)) {
        if (c == -2)
            return read_error(rd, *line, fatal, err);
        if (rd->rec.len > PUK_MAX_RECORD)
            return fail(err, rd, *line, fatal, 1, "a record longer than 64 KiB: this is not a "
                                                  "police.uk street-level file");
        if (quoted) {
            if (c == -1)
                return fail(err, rd, *line, fatal, 1,
                            "a quoted field that starts on this line is never closed");
            if (c == '"') {
                if (peek_byte(rd) == '"') {
                    next_byte(rd);
                    rec_put(rd, '"');
                } else {
                    quoted = 0;
                    int d = peek_byte(rd);
                    if (d != ',' && d != '\n' && d != '\r' && d != -1)
                        return fail(err, rd, rd->line, fatal, 1,
                                    "a closing quote is followed by more text in the same "
                                    "field; a quote inside a quoted field is written twice");
                }
                continue;
            }
            if (c == '\n')
                rd->line++;
            rec_put(rd, (char)c);
            copy_run(rd, 1);
            continue;
        }
        if (c == '"' && at_start) {
            quoted = 1;
            at_start = 0;
            continue;
        }
        at_start = 0;
        if (c == ',' || c == '\n' || c == '\r' || c == -1) {
            rec_end_field(rd);
            if (*nfields < PUK_FIELDS)
                rd->start[*nfields + 1] = rd->rec.len;
            (*nfields)++;
            at_start = 1;
            if (c == ',')
                continue;
            if (c == '\r' && peek_byte(rd) == '\n')
                next_byte(rd);
            if (c != -1)
                rd->line++;
            return 1;
        }
        rec_put(rd, (char)c);
        copy_run(rd, 0);
    }
}

/* Appends s (n bytes) to b quoted for a message: cut at a character boundary after max bytes
 * with "...", so a hostile value cannot swell it, and escaped (utf8_escape), so a line break,
 * a bidirectional control or a bad byte in it cannot forge or spoil the message. */
static void quote_cut(struct buf *b, const char *s, size_t n, size_t max)
{
    size_t k = utf8_cut(s, n, max);
    buf_putc(b, '"');
    utf8_escape(b, s, k);
    buf_puts(b, k < n ? "...\"" : "\"");
}

static int check_header(struct puk_reader *rd, struct csa_error *err)
{
    /* an optional UTF-8 byte order mark */
    if (peek_byte(rd) == 0xEF) {
        if (next_byte(rd) != 0xEF || next_byte(rd) != 0xBB || next_byte(rd) != 0xBF)
            return csa_fail(err, CSA_EINVALID, rd->path, 1, "the file starts with a broken "
                                                            "byte order mark");
    }
    int n = 0, fatal = 0;
    long line;
    int r = split_record(rd, &n, &line, &fatal, err);
    if (r < 0)
        return CSA_EINVALID;
    if (r == 0)
        return csa_fail(err, CSA_EINVALID, rd->path, 1, "the file is empty; a police.uk "
                                                        "street-level file starts with a header");
    for (int i = 0; i < PUK_FIELDS; i++) {
        const char *got = i < n ? rd->rec.data + rd->start[i] : NULL;
        if (got != NULL && strcmp(got, header[i]) == 0)
            continue;
        struct buf q = {0};
        if (got)
            quote_cut(&q, got, strlen(got), 60);
        csa_fail(err, CSA_EINVALID, rd->path, 1,
                 "this is not a police.uk street-level header: column %d is %s, expected "
                 "\"%s\" (the header is: %s, ...)",
                 i + 1, got ? buf_str(&q) : "\"(missing)\"", header[i], header[0]);
        buf_free(&q);
        return CSA_EINVALID;
    }
    if (n != PUK_FIELDS)
        return csa_fail(err, CSA_EINVALID, rd->path, 1,
                        "the header has %d columns; a police.uk street-level file has %d", n,
                        PUK_FIELDS);
    return CSA_OK;
}

/* "2011-01" as year * 12 + month - 1, or -1. */
static int parse_month(const char *s)
{
    if (strlen(s) != 7 || s[4] != '-')
        return -1;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = atoi(s), m = atoi(s + 5);
    return m >= 1 && m <= 12 && y >= 2000 && y <= 2200 ? y * 12 + m - 1 : -1;
}

/* The month of a file named as police.uk names them, YYYY-MM-FORCE-street.csv[.gz], or -1.
 * (The name's FORCE is a short form police.uk makes up, "btp" for British Transport Police,
 * "northern-ireland" for the Police Service of Northern Ireland: it cannot be matched to the
 * records' force, which is taken from the first record instead.) */
int puk_name_month(const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t n = strlen(base);
    size_t tail = n >= 7 && strcmp(base + n - 7, ".csv.gz") == 0 ? 7
                  : n >= 4 && strcmp(base + n - 4, ".csv") == 0 ? 4
                                                                 : 0;
    if (tail == 0 || n < 8 + strlen("-street") + tail || base[7] != '-' ||
        strncmp(base + n - tail - 7, "-street", 7) != 0 || n - tail - 7 <= 8)
        return -1;
    char month[8];
    memcpy(month, base, 7);
    month[7] = '\0';
    return parse_month(month);
}

struct puk_reader *puk_open(const char *path, struct csa_error *err)
{
    gzFile gz = gzopen(path, "rbe");
    if (gz == NULL) {
        csa_fail(err, CSA_EENV, path, 0, "could not open file: %s", strerror(errno));
        return NULL;
    }
    gzbuffer(gz, PUK_CHUNK);
    struct puk_reader *rd = xcalloc(1, sizeof *rd);
    rd->gz = gz;
    rd->path = path;
    rd->in = xmalloc(PUK_CHUNK);
    rd->line = 1;
    rd->last_month = -1;
    rd->file_month = puk_name_month(path);
    rd->month_from_name = rd->file_month >= 0;
    if (check_header(rd, err) != CSA_OK) {
        puk_close(rd);
        return NULL;
    }
    return rd;
}

void puk_close(struct puk_reader *rd)
{
    if (rd == NULL)
        return;
    gzclose(rd->gz);
    free(rd->in);
    free(rd->file_force);
    buf_free(&rd->rec);
    free(rd);
}

int puk_file_month(const struct puk_reader *rd)
{
    return rd->file_month;
}

const char *puk_file_force(const struct puk_reader *rd)
{
    return rd->file_force;
}

/* The first field of the record that is not valid UTF-8 or holds a NUL byte (which no text
 * column can store), or -1 when all are good; *at is the bad byte's offset in the field. */
static int bad_text_field(const struct puk_reader *rd, size_t *at)
{
    for (int i = 0; i < PUK_FIELDS; i++) {
        const char *f = rd->rec.data + rd->start[i];
        size_t len = rd->start[i + 1] - rd->start[i] - 1;
        size_t ok = utf8_valid_prefix(f, len);
        const char *nul = memchr(f, '\0', ok);
        if (nul)
            ok = (size_t)(nul - f);
        if (ok < len)
            return *at = ok, i;
    }
    return -1;
}

/* Checks that record r belongs to the file: its month the file's, its force the file's (the
 * first record sets whichever the file does not know yet). Returns 0, or -1 with msg set. */
static int match_file(struct puk_reader *rd, const struct puk_record *r, struct buf *msg)
{
    if (rd->file_month < 0)
        rd->file_month = r->month;
    if (r->month != rd->file_month) {
        buf_puts(msg, "Month ");
        quote_cut(msg, r->f[PUK_MONTH], r->len[PUK_MONTH], 40);
        buf_printf(msg, " is not the file's month, %04d-%02d (from %s); a police.uk file holds "
                        "one force's month, and this one may only replace that month",
                   rd->file_month / 12, rd->file_month % 12 + 1,
                   rd->month_from_name ? "its name" : "its first row");
        return -1;
    }
    if (rd->file_force == NULL)
        rd->file_force = xstrdup(r->f[PUK_FALLS_WITHIN]);
    if (strcmp(r->f[PUK_FALLS_WITHIN], rd->file_force) != 0) {
        buf_puts(msg, "Falls within ");
        quote_cut(msg, r->f[PUK_FALLS_WITHIN], r->len[PUK_FALLS_WITHIN], 80);
        buf_puts(msg, " is not the file's force, ");
        quote_cut(msg, rd->file_force, strlen(rd->file_force), 80);
        buf_puts(msg, " (from its first row); a police.uk file holds one force's month");
        return -1;
    }
    return 0;
}

/* The month of a record: the last record's when written the same (a file is one month, so
 * nearly always), else parse_month's. */
static int month_of(struct puk_reader *rd, const char *s, size_t len)
{
    if (len == 7 && rd->last_month >= 0 && memcmp(s, rd->last_month_text, 7) == 0)
        return rd->last_month;
    int m = parse_month(s);
    if (m >= 0) {
        memcpy(rd->last_month_text, s, 7);
        rd->last_month = m;
    }
    return m;
}

/* The shape of the split record: field count, UTF-8, month, force, crime type. Returns 0, or
 * -1 with msg set. */
static int check_record(struct puk_reader *rd, int n, struct puk_record *r, struct buf *msg)
{
    static const char *const names[PUK_FIELDS] = {
        "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude",
        "Location", "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"};
    if (n != PUK_FIELDS) {
        buf_printf(msg, "the row has %d fields; police.uk street-level rows have %d", n,
                   PUK_FIELDS);
        return -1;
    }
    size_t at = 0;
    int bad = (rd->high & (0x80 | PUK_HAD_NUL)) ? bad_text_field(rd, &at) : -1;
    if (bad >= 0) {
        unsigned char byte = (unsigned char)rd->rec.data[rd->start[bad] + at];
        if (byte == 0)
            buf_printf(msg, "%s holds a NUL byte (byte %zu of the field); police.uk files are "
                            "text",
                       names[bad], at + 1);
        else
            buf_printf(msg, "%s is not valid UTF-8 (byte %zu of the field, 0x%02X); police.uk "
                            "files are UTF-8",
                       names[bad], at + 1, byte);
        return -1;
    }
    for (int i = 0; i < PUK_FIELDS; i++) {
        r->f[i] = rd->rec.data + rd->start[i];
        r->len[i] = rd->start[i + 1] - rd->start[i] - 1;
    }
    if ((r->month = month_of(rd, r->f[PUK_MONTH], r->len[PUK_MONTH])) < 0) {
        buf_puts(msg, "Month ");
        quote_cut(msg, r->f[PUK_MONTH], r->len[PUK_MONTH], 40);
        buf_puts(msg, " is not a month written YYYY-MM");
        return -1;
    }
    if (r->len[PUK_FALLS_WITHIN] == 0) {
        buf_puts(msg, "Falls within is empty; a police.uk row names the force it falls within");
        return -1;
    }
    if (r->len[PUK_FALLS_WITHIN] > PUK_MAX_FORCE) {
        buf_printf(msg, "Falls within is %zu bytes long; a police force's name is at most %d "
                        "bytes: ",
                   r->len[PUK_FALLS_WITHIN], PUK_MAX_FORCE);
        quote_cut(msg, r->f[PUK_FALLS_WITHIN], r->len[PUK_FALLS_WITHIN], 60);
        return -1;
    }
    if ((r->crime_type = puk_crime_type(r->f[PUK_CRIME_TYPE])) == 0) {
        buf_puts(msg, "Crime type ");
        quote_cut(msg, r->f[PUK_CRIME_TYPE], r->len[PUK_CRIME_TYPE], 60);
        buf_puts(msg, " is not a police.uk crime type");
        return -1;
    }
    return match_file(rd, r, msg);
}

int puk_next(struct puk_reader *rd, struct puk_record *r, int *fatal, struct csa_error *err)
{
    int n, got;
    *fatal = 0;
    do {
        got = split_record(rd, &n, &r->line, fatal, err);
        if (got <= 0)
            return got;
    } while (n == 1 && rd->rec.data[0] == '\0'); /* a blank line, e.g. at the very end */
    struct buf msg = {0};
    if (check_record(rd, n, r, &msg) < 0) {
        fail(err, rd, r->line, fatal, 0, buf_str(&msg));
        buf_free(&msg);
        return -1;
    }
    return 1;
}
