/*
 * secret.c - reading credentials from the environment or a private file.
 *
 * The file is opened once with O_NOFOLLOW and checked through fstat on the
 * descriptor, so what is checked is what is read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "secret.h"

/* fd is a regular file of the running user's, private to it; 0 if so. */
static int
secret_check_file(const char *what, const char *path, int fd)
{
	struct stat sb;

	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		log_err("%s '%s' is not a regular file", what, path);
		return -1;
	}
	if (sb.st_uid != geteuid()) {
		log_err("%s '%s' is owned by uid %lu, not by the running user (uid %lu)",
			what, path, (unsigned long)sb.st_uid,
			(unsigned long)geteuid());
		return -1;
	}
	if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
		log_err("%s '%s' has mode %04o; it must be 0600 or stricter (chmod 600 '%s')",
			what, path, (unsigned)(sb.st_mode & 07777), path);
		return -1;
	}
	return 0;
}

/* All of fd into out, at most outsz - 1 bytes; its length in *lenp. */
static int
secret_read_all(const char *what, const char *path, int fd, char *out,
		size_t outsz, size_t *lenp)
{
	size_t len = 0;
	ssize_t n;

	while ((n = read(fd, out + len, outsz - 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_err("%s '%s': %s", what, path, strerror(errno));
			return -1;
		}
		len += (size_t)n;
		if (len == outsz - 1) {
			char extra;

			if (read(fd, &extra, 1) > 0) {
				log_err("%s '%s' is larger than %zu bytes",
					what, path, outsz - 1);
				return -1;
			}
			break;
		}
	}
	*lenp = len;
	return 0;
}

enum pw_status
secret_read_file(const char *what, const char *path, char *out, size_t outsz)
{
	size_t len = 0;
	int fd;

	if (outsz == 0)
		return PW_ECONFIG;
	out[0] = '\0';
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		log_err("%s '%s': %s", what, path,
			errno == ELOOP ? "is a symbolic link (refused)" :
					 strerror(errno));
		return PW_ECONFIG;
	}
	if (secret_check_file(what, path, fd) != 0 ||
	    secret_read_all(what, path, fd, out, outsz, &len) != 0) {
		close(fd);
		secret_wipe(out, outsz);
		return PW_ECONFIG;
	}
	close(fd);
	out[len] = '\0';
	if (memchr(out, '\0', len)) {
		log_err("%s '%s' holds a NUL byte", what, path);
		secret_wipe(out, outsz);
		return PW_ECONFIG;
	}
	if (len && out[len - 1] == '\n')
		out[--len] = '\0';
	if (len && out[len - 1] == '\r')
		out[--len] = '\0';
	if (len == 0) {
		log_err("%s '%s' is empty", what, path);
		return PW_ECONFIG;
	}
	return PW_OK;
}

enum pw_status
secret_get(const char *what, const char *env, const char *path, char *out,
	   size_t outsz)
{
	const char *v = env ? getenv(env) : NULL;

	if (v && *v) {
		if (strlen(v) >= outsz) {
			log_err("%s: environment variable %s is longer than %zu bytes",
				what, env, outsz - 1);
			return PW_ECONFIG;
		}
		strcpy(out, v);
		return PW_OK;
	}
	if (path && *path)
		return secret_read_file(what, path, out, outsz);
	return PW_ENOTFOUND;
}

void
secret_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

static const char *const secret_envs[] = {
	SECRET_ENV_SNOW_PASSWORD,
	SECRET_ENV_SNOW_TOKEN,
	SECRET_ENV_SMTP_PASSWORD,
};

/* Is "NAME=value" one of secret_envs? */
static int
secret_env_is(const char *entry)
{
	size_t i, len;

	for (i = 0; i < sizeof(secret_envs) / sizeof(secret_envs[0]); i++) {
		len = strlen(secret_envs[i]);
		if (strncmp(entry, secret_envs[i], len) == 0 &&
		    entry[len] == '=')
			return 1;
	}
	return 0;
}

char **
secret_env_scrub(char *const *env)
{
	size_t n = 0, k = 0, i;
	char **out;

	while (env && env[n])
		n++;
	out = malloc((n + 1) * sizeof(*out));
	if (!out)
		return NULL;
	for (i = 0; i < n; i++)
		if (!secret_env_is(env[i]))
			out[k++] = env[i];
	out[k] = NULL;
	return out;
}
