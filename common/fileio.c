/*
 * fileio.c - read a whole small file, with a size cap, relative to a root.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "log.h"

enum pw_status
fileio_path(char *dst, size_t dstsz, const char *root, const char *rel)
{
	int n;

	while (*rel == '/')
		rel++;
	n = snprintf(dst, dstsz, "%s/%s", root, rel);
	if (n < 0 || (size_t)n >= dstsz) {
		log_err("path too long: '%s/%s'", root, rel);
		return PW_ETOOBIG;
	}
	return PW_OK;
}

/*
 * An errno that says the file, or the kernel feature behind it, is not
 * there: see fileio_read() in fileio.h.
 */
static int
fileio_absent(int err)
{
	return err == ENOENT || err == ENOTDIR || err == EOPNOTSUPP;
}

enum pw_status
fileio_read(const char *root, const char *rel, struct buf *out)
{
	char path[PATH_MAX];
	char chunk[8192];
	enum pw_status st;
	int fd;

	st = fileio_path(path, sizeof(path), root, rel);
	if (st)
		return st;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (fileio_absent(errno))
			return PW_ENOTFOUND;
		log_err("cannot open '%s': %s", path, strerror(errno));
		return PW_EIO;
	}
	buf_reset(out);
	st = buf_add(out, "", 0);
	for (;;) {
		ssize_t n;

		if (st)
			break;
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			int err = errno;

			if (err == EINTR)
				continue;
			/* Before the first byte: absent, as under psi=0. */
			if (out->len == 0 && fileio_absent(err))
				st = PW_ENOTFOUND;
			else {
				log_err("cannot read '%s': %s", path,
					strerror(err));
				st = PW_EIO;
			}
			buf_free(out);
			break;
		}
		if (n == 0)
			break;
		st = buf_add(out, chunk, (size_t)n);
		if (st == PW_ETOOBIG)
			log_err("'%s' is larger than %zu bytes", path,
				out->cap);
	}
	close(fd);
	return st;
}
