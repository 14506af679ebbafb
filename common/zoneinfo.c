/*
 * zoneinfo.c - the zone name check of zoneinfo.h.
 *
 * Opens the zone's file and reads its first four bytes, nothing more: the
 * offsets themselves are libc's business (reporter/period/period_tz.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zoneinfo.h"

const char *
zoneinfo_dir(void)
{
	const char *d = getenv("TZDIR");

	return d && d[0] == '/' ? d : ZONEINFO_DEFAULT_DIR;
}

enum pw_status
zoneinfo_check(const char *name, char *why, size_t whysz)
{
	const char *dir = zoneinfo_dir();
	char path[PATH_MAX], magic[4];
	FILE *f;
	size_t got;

	if (name[0] == '\0' || name[0] == '/' || strstr(name, "..") ||
	    strspn(name,
		   "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		   "0123456789/_+-.") != strlen(name)) {
		snprintf(why, whysz, "not a zone name such as Europe/Berlin");
		return PW_ECONFIG;
	}
	if (strncmp(name, "right/", 6) == 0) {
		snprintf(why, whysz,
			 "zones that count leap seconds are not supported");
		return PW_ECONFIG;
	}
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path)) {
		snprintf(why, whysz, "name too long");
		return PW_ECONFIG;
	}
	f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			snprintf(why, whysz, "not in %s", dir);
		else
			snprintf(why, whysz, "cannot read '%s': %s", path,
				 strerror(errno));
		return PW_ECONFIG;
	}
	got = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	if (got != sizeof(magic) || memcmp(magic, "TZif", 4) != 0) {
		snprintf(why, whysz, "'%s' is not a zoneinfo file", path);
		return PW_ECONFIG;
	}
	return PW_OK;
}
