/*
 * tmpclean.c - removing the temporary report files a killed run leaves.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "tmpclean.h"

/* The six characters mkstemp() puts in place of XXXXXX. */
static int
tmpclean_suffix(const char *s)
{
	int i;

	for (i = 0; i < 6; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789",
			    s[i]) ||
		    !s[i])
			return 0;
	return s[6] == '\0';
}

int
tmpclean_is_temp(const char *name)
{
	static const char *const exts[] = { ".txt", ".json", ".pdf" };
	static const char prefix[] = ".perfweek-";
	size_t len = strlen(name), i, e;

	if (len < sizeof(prefix) - 1 + 7 ||
	    strncmp(name, prefix, sizeof(prefix) - 1) != 0 ||
	    name[len - 7] != '.' || !tmpclean_suffix(name + len - 6))
		return 0;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		e = strlen(exts[i]);
		/* Something (host and period) between the prefix and .EXT. */
		if (len - 7 > sizeof(prefix) - 1 + e &&
		    strncmp(name + len - 7 - e, exts[i], e) == 0)
			return 1;
	}
	return 0;
}

enum pw_status
tmpclean_dir(const char *dir, int64_t now, long *removed)
{
	enum pw_status rc = PW_OK;
	struct dirent *de;
	struct stat sb;
	DIR *d;
	int fd;

	*removed = 0;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(d = fdopendir(fd))) {
		int err = errno;

		if (fd >= 0)
			close(fd);
		if (err == ENOENT || err == ENOTDIR)
			return PW_OK; /* writing the files will say */
		log_warn("cannot read the report directory '%s': %s", dir,
			 strerror(err));
		return PW_EIO;
	}
	while ((de = readdir(d))) {
		if (!tmpclean_is_temp(de->d_name))
			continue;
		/* Regular files only, and none a run may still be writing. */
		if (fstatat(fd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode) ||
		    (int64_t)sb.st_mtime > now - TMPCLEAN_AGE_S)
			continue;
		if (unlinkat(fd, de->d_name, 0) != 0) {
			log_warn(
				"cannot remove the stale temporary file '%s/%s': %s",
				dir, de->d_name, strerror(errno));
			rc = PW_EIO;
			continue;
		}
		log_info("removed the stale temporary file '%s/%s'", dir,
			 de->d_name);
		(*removed)++;
	}
	closedir(d);
	return rc;
}
