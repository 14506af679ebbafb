/*
 * output.c - temporary file, fsync, rename.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "output.h"

enum pw_status
output_name(char *buf, size_t n, const char *host, const char *label,
	    const char *ext)
{
	int w = snprintf(buf, n, "perfweek-%s-%s.%s", host, label, ext);
	char *p;

	if (w < 0 || (size_t)w >= n)
		return PW_ETOOBIG;
	for (p = buf; *p; p++)
		if (*p == '/' || *p == ' ' || (unsigned char)*p < 0x20)
			*p = '_';
	return PW_OK;
}

static enum pw_status
write_all(int fd, const char *data, size_t len, const char *path)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			log_err("cannot write '%s': %s", path,
				w < 0 ? strerror(errno) : "short write");
			return PW_EIO;
		}
		data += w;
		len -= (size_t)w;
	}
	return PW_OK;
}

enum pw_status
output_write(const char *dir, const char *name, const char *data, size_t len)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	enum pw_status rc;
	int fd, n;

	n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name) >=
		    (int)sizeof(tmp)) {
		log_err("path too long: '%s/%s'", dir, name);
		return PW_ETOOBIG;
	}
	/* Messages name the final file: the temporary one is never kept. */
	fd = mkstemp(tmp);
	if (fd < 0) {
		log_err("cannot write '%s': %s", path, strerror(errno));
		return PW_EIO;
	}
	rc = write_all(fd, data, len, path);
	if (!rc && fchmod(fd, 0644) != 0)
		log_warn("cannot set the mode of '%s': %s", tmp,
			 strerror(errno));
	if (!rc && fsync(fd) != 0) {
		log_err("cannot write '%s': %s", path, strerror(errno));
		rc = PW_EIO;
	}
	if (close(fd) != 0 && !rc) {
		log_err("cannot write '%s': %s", path, strerror(errno));
		rc = PW_EIO;
	}
	if (!rc && rename(tmp, path) != 0) {
		log_err("cannot write '%s': %s", path, strerror(errno));
		rc = PW_EIO;
	}
	if (rc)
		unlink(tmp);
	return rc;
}
