/*
 * lock.c - flock(2) on DB.lock, with an optional bounded wait.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"
#include "log.h"

enum pw_status
lock_acquire(const char *db_path, double wait_s, int *fd)
{
	struct timespec pause = { 0, 100L * 1000 * 1000 };
	char path[PATH_MAX];
	double waited = 0;
	int n, lfd;

	n = snprintf(path, sizeof(path), "%s.lock", db_path);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		log_err("path too long: '%s'", db_path);
		return PW_ERR;
	}
	lfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lfd < 0) {
		log_err("cannot open lock file '%s': %s", path,
			strerror(errno));
		return PW_EIO;
	}
	while (flock(lfd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			log_err("cannot lock '%s': %s", path, strerror(errno));
			close(lfd);
			return PW_EIO;
		}
		if (waited >= wait_s) {
			log_err("'%s' is locked: another perfweek-collect is still running; this run is skipped",
				path);
			close(lfd);
			return PW_EBUSY;
		}
		nanosleep(&pause, NULL);
		waited += 0.1;
	}
	*fd = lfd;
	return PW_OK;
}

void
lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
