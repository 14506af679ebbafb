/*
 * harness.c - the scratch tree and input helpers of the fuzz targets.
 *
 * The scratch tree lives under $TMPDIR (or /tmp) with a mkdtemp name, so
 * several fuzzers may run at once, and is removed by an atexit handler.
 * Logging is set to errors only and to stderr: the targets' runner passes
 * -close_fd_mask=2, which sends that to /dev/null while libFuzzer and the
 * sanitizers keep a descriptor of their own for their reports.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "log.h"

static char fuzz_dir[PATH_MAX];

static void
fuzz_die(const char *what, const char *path)
{
	fprintf(stderr, "fuzz harness: %s '%s': %s\n", what, path,
		strerror(errno));
	abort();
}

static int
fuzz_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 ? 0 : -1;
}

static void
fuzz_cleanup(void)
{
	if (fuzz_dir[0])
		(void)nftw(fuzz_dir, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *
fuzz_root(void)
{
	const char *tmp;
	int n;

	if (fuzz_dir[0])
		return fuzz_dir;
	log_init("fuzz", LOG_LVL_ERR, LOG_DEST_STDERR);
	tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	n = snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/perfweek-fuzz.XXXXXX",
		     tmp);
	if (n < 0 || (size_t)n >= sizeof(fuzz_dir) || !mkdtemp(fuzz_dir))
		fuzz_die("cannot make", tmp);
	if (atexit(fuzz_cleanup) != 0)
		fuzz_die("cannot register cleanup of", fuzz_dir);
	return fuzz_dir;
}

char *
fuzz_path(const char *rel)
{
	const char *root = fuzz_root();
	size_t len = strlen(root) + 1 + strlen(rel) + 1;
	char *p = malloc(len);

	if (!p)
		abort();
	(void)snprintf(p, len, "%s/%s", root, rel);
	return p;
}

/* mkdir -p of the directories above path. */
static void
fuzz_mkdirs(char *path)
{
	char *slash;

	for (slash = strchr(path + strlen(fuzz_dir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			fuzz_die("cannot make", path);
		*slash = '/';
	}
}

void
fuzz_put(const char *rel, const uint8_t *data, size_t size)
{
	char *path = fuzz_path(rel);
	size_t off = 0;
	int fd;

	fuzz_mkdirs(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		fuzz_die("cannot open", path);
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			fuzz_die("cannot write", path);
		off += (size_t)n;
	}
	if (close(fd) != 0)
		fuzz_die("cannot close", path);
	free(path);
}

void
fuzz_remove(const char *rel)
{
	char *path = fuzz_path(rel);

	if (unlink(path) != 0 && errno != ENOENT)
		fuzz_die("cannot remove", path);
	free(path);
}

char *
fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

size_t
fuzz_split(const uint8_t *data, size_t size, uint8_t sep,
	   struct fuzz_part *parts, size_t max)
{
	const uint8_t *p = data, *end = data + size, *hit;
	size_t n = 0;

	while (n + 1 < max && p < end &&
	       (hit = memchr(p, sep, (size_t)(end - p))) != NULL) {
		parts[n].p = p;
		parts[n++].len = (size_t)(hit - p);
		p = hit + 1;
	}
	parts[n].p = p;
	parts[n++].len = (size_t)(end - p);
	return n;
}
