/*
 * fileio.h - reading small files under a root directory.
 *
 * The collector reads /proc and /sys through a root path so that tests can
 * point it at captured fixture trees.  A missing file is PW_ENOTFOUND and is
 * not logged (a missing kernel feature is not an error); other failures are
 * logged with the path.
 */
#ifndef PW_FILEIO_H
#define PW_FILEIO_H

#include <stddef.h>

#include "buf.h"
#include "status.h"

/* Cap for a single /proc or /sys file. */
#define FILEIO_PROC_CAP ((size_t)4 << 20)

/*
 * Read root/rel (rel may start with '/') into out, which the caller has
 * initialised with buf_init() and frees with buf_free(); on success out
 * holds the file, NUL-terminated.  PW_ENOTFOUND, unlogged, when open(2), or
 * a read(2) before any byte arrived, fails with ENOENT, ENOTDIR or
 * EOPNOTSUPP: the last is how a kernel feature that is built in but turned
 * off at boot answers (the /proc/pressure files under psi=0).  Otherwise
 * PW_EIO or, past out's cap, PW_ETOOBIG, both logged with the path, or
 * PW_ENOMEM.
 */
enum pw_status fileio_read(const char *root, const char *rel, struct buf *out);

/* Join root and rel into dst; PW_ETOOBIG if it does not fit. */
enum pw_status
fileio_path(char *dst, size_t dstsz, const char *root, const char *rel);

#endif
