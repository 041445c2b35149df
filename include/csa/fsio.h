/* fsio.h: every way csa puts a file on disk, done once: path joins, byte comparisons, atomic
 * writes, folders and durable copies.
 *
 * Paths are built on the heap, never in fixed buffers, so a long path is either used whole
 * or refused by the system with its own words (ENAMETOOLONG); it is never cut short. A file is
 * written to a new temporary file in its target's folder (created with O_EXCL, a name no
 * other writer uses), flushed with fsync, renamed over the target and then the folder is
 * flushed too: a reader, a crash or a power cut sees the old bytes or the new ones, never a
 * mix. Every descriptor is opened with O_CLOEXEC and closed on every path. Failures fill a
 * struct csa_error naming the path and the system's reason (strerror), with code CSA_EENV.
 *
 * Ownership: the char * these functions return is malloc'd and the caller frees it; nothing
 * else is kept. Allocation failure aborts, as in buf.h. */
#ifndef CSA_FSIO_H
#define CSA_FSIO_H

#include "csa/error.h"

#include <stddef.h>

/* ---- paths ---------------------------------------------------------------------------- */

/* "dir/name": the trailing slashes of dir and the leading slashes of name become exactly one
 * slash ("/" and "x" give "/x"); an empty dir gives name unchanged. Never fails and never
 * shortens: the result has every byte of both. The caller frees it. */
char *fsio_join(const char *dir, const char *name);

/* fsio_join(dir, NAME) where NAME is formatted from fmt, e.g. fsio_joinf(q, "%s.errors", n). */
char *fsio_joinf(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The folder called name beside folder dir (dir's parent joined with name), written without
 * resolving anything: "a/inbox/" gives "a/name", "/inbox" gives "/name", "inbox" gives
 * "name". The caller frees it. */
char *fsio_beside(const char *dir, const char *name);

/* The folder that holds path, as a path: "a/b" gives "a", "/b" gives "/", "b" gives ".".
 * The caller frees it. */
char *fsio_parent(const char *path);

/* ---- comparing ------------------------------------------------------------------------ */

/* Comparisons never follow a symbolic link: a link at path (or a or b) is not the same file,
 * whatever it points at. */

/* Sets *same to 1 when path is a regular file holding exactly the len bytes at data, else 0.
 * The file is read in chunks and never whole. A missing file, or one that is not a regular
 * file (a folder, a FIFO: opened without blocking), is simply not the same. Fails only when
 * the file exists and cannot be opened or read; *same is then 0. */
enum csa_rc fsio_same_bytes(const char *path, const void *data, size_t len, int *same,
                            struct csa_error *err);

/* Sets *same to 1 when a and b are regular files holding the same bytes, else 0 (also when
 * either is missing). Streams both; files of different sizes are never read. Fails as
 * fsio_same_bytes does. */
enum csa_rc fsio_same_files(const char *a, const char *b, int *same, struct csa_error *err);

/* ---- writing -------------------------------------------------------------------------- */

/* Makes path hold exactly the len bytes at data, atomically: temporary file in path's
 * folder, write all, fsync, close, rename over path, fsync the folder. On failure before the
 * rename nothing is left behind and path keeps its old bytes (or stays missing); the only
 * later failure is the folder's fsync, when the new bytes are in place but may not survive
 * a power cut. A process killed midway can leave a temporary file named ".csa.*.tmp" but
 * never a partial path. The file is created with mode 0666 less the umask. */
enum csa_rc fsio_write(const char *path, const void *data, size_t len, struct csa_error *err);

/* fsio_write, but only when path does not already hold exactly these bytes: an unchanged
 * file is not touched at all (its mtime stays). *changed (may be NULL) says whether it wrote. */
enum csa_rc fsio_write_if_changed(const char *path, const void *data, size_t len,
                                  int *changed, struct csa_error *err);

/* fsio_write_if_changed of file name in folder dir, where neither dir nor name is ever
 * followed as a symbolic link: dir is opened once (O_NOFOLLOW) and everything happens in
 * the folder so opened, so a link put in place of dir, before or during the call, is never
 * written through (the call fails: "is a symbolic link, not followed"), and a link at name
 * is replaced by the file, never written through. name must be a plain name (no slash). */
enum csa_rc fsio_write_in(const char *dir, const char *name, const void *data, size_t len,
                          int *changed, struct csa_error *err);

/* Copies the regular file src to dst atomically and durably, as fsio_write writes: dst is
 * replaced whole or not at all, and is flushed, with its folder, before this returns. src
 * is opened without following a symbolic link; anything but a regular file is refused. */
enum csa_rc fsio_copy(const char *src, const char *dst, struct csa_error *err);

/* Renames from to to on the same file system, but only when nothing is called to yet
 * (renameat2's RENAME_NOREPLACE; link and unlink where the file system lacks it). *taken is 0
 * when it moved, 1 when to was there and -1 when from was gone (nothing moved then). Neither
 * name is resolved through a link: a link is moved as the link it is. Fails (CSA_EENV) only
 * when the system refuses. */
enum csa_rc fsio_rename_new(const char *from, const char *to, int *taken, struct csa_error *err);

/* ---- folders -------------------------------------------------------------------------- */

/* Creates folder dir and any missing parents (mkdir -p, mode 0777 less the umask). Each
 * folder it creates is made durable by flushing its parent. Fails when some part of dir
 * exists but is not a folder. */
enum csa_rc fsio_mkdirs(const char *dir, struct csa_error *err);

/* Flushes folder dir to disk (fsync), so the names created, renamed or removed in it survive
 * a power cut. A file system that cannot flush folders (EINVAL) is not an error. */
enum csa_rc fsio_sync_dir(const char *dir, struct csa_error *err);

#endif
