/*
 * archive.c - pruning old report files from the output directory.
 *
 * A name is recognised by parsing it completely (prefix, label, extension),
 * never by a loose pattern, so a user's own file in the directory is never
 * removed.  Dates are compared as whole UTC days: a report kept a day
 * longer than keep_weeks says does no harm.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive.h"
#include "log.h"

#define DAY_S 86400

static const char *const report_exts[] = { ".txt", ".json", ".pdf" };

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* n digits at s as a number, or -1. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "YYYY-MM-DD" at s as a day number, or -1. */
static int64_t
parse_date(const char *s)
{
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);

	if (y < 1970 || s[4] != '-' || s[7] != '-' || m < 1 || m > 12 ||
	    d < 1 || d > 31)
		return -1;
	return days_from_civil(y, m, d);
}

/* Length of "YYYY-MM-DD" or "YYYY-MM-DD_hh:mm" at the end of s[0..n). */
static size_t
date_suffix(const char *s, size_t n)
{
	if (n >= 16 && s[n - 6] == '_' && s[n - 3] == ':' &&
	    digits(s + n - 5, 2) >= 0 && digits(s + n - 2, 2) >= 0 &&
	    parse_date(s + n - 16) >= 0)
		return 16;
	if (n >= 10 && parse_date(s + n - 10) >= 0)
		return 10;
	return 0;
}

/* The end of an ISO week label "YYYY-Www" at s: its next Monday. */
static int64_t
week_end(const char *s)
{
	int y = digits(s, 4), w = digits(s + 6, 2);
	int64_t jan4, monday1;

	if (y < 1970 || s[4] != '-' || s[5] != 'W' || w < 1 || w > 53)
		return -1;
	jan4 = days_from_civil(y, 1, 4);
	/* Day 0 was a Thursday: (d + 3) % 7 is 0 on Mondays. */
	monday1 = jan4 - (jan4 + 3) % 7;
	return monday1 + 7 * (int64_t)w;
}

int64_t
archive_name_end_day(const char *name)
{
	size_t n = strlen(name), i, e, k;
	const char *to;

	if (strncmp(name, "perfweek-", 9) != 0)
		return -1;
	for (i = 0; i < sizeof(report_exts) / sizeof(report_exts[0]); i++) {
		e = strlen(report_exts[i]);
		if (n > e && strcmp(name + n - e, report_exts[i]) == 0)
			break;
	}
	if (i == sizeof(report_exts) / sizeof(report_exts[0]))
		return -1;
	n -= e; /* the stem: perfweek-HOST-LABEL */
	/* perfweek-HOST-YYYY-Www, HOST not empty */
	if (n >= 9 + 2 + 8 && name[n - 9] == '-' && week_end(name + n - 8) >= 0)
		return week_end(name + n - 8);
	/* perfweek-HOST-START_to_END, the day after END's date */
	for (to = NULL, k = 9; k + 4 <= n; k++)
		if (memcmp(name + k, "_to_", 4) == 0)
			to = name + k;
	if (!to || (k = date_suffix(name, (size_t)(to - name))) == 0 ||
	    (size_t)(to - name) < 9 + 2 + k || to[-(long)k - 1] != '-')
		return -1;
	e = n - (size_t)(to + 4 - name); /* the length of END */
	if (e == 0 || date_suffix(to + 4, e) != e)
		return -1;
	return parse_date(to + 4) + 1;
}

enum pw_status
archive_prune(const char *dir, int keep_weeks, int64_t now, long *removed)
{
	int64_t limit = now / DAY_S - 7 * (int64_t)keep_weeks;
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
		if (err == ENOENT)
			return PW_OK;
		log_err("cannot read the report directory '%s': %s", dir,
			strerror(err));
		return PW_EIO;
	}
	while ((de = readdir(d))) {
		int64_t end = archive_name_end_day(de->d_name);

		if (end < 0 || end >= limit)
			continue;
		/* Regular files only: a symbolic link is not ours. */
		if (fstatat(fd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		if (unlinkat(fd, de->d_name, 0) != 0) {
			log_err("cannot remove old report '%s/%s': %s", dir,
				de->d_name, strerror(errno));
			rc = PW_EIO;
			continue;
		}
		log_debug("removed old report '%s/%s'", dir, de->d_name);
		(*removed)++;
	}
	closedir(d);
	return rc;
}
