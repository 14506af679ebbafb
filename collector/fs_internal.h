/*
 * fs_internal.h - the two halves of fs_read (fs_mounts.c and fs.c), shared
 * with the unit test only.
 *
 * fs_read is "parse the mount table, then statvfs each entry with a time
 * limit".  The halves are exposed here so that the test can check the
 * parsing on fixture text whose mount points do not exist, and drive the
 * time limit with a statvfs stand-in that really hangs.  Nothing but fs.c,
 * fs_mounts.c and tests/unit/test_fs.c may include this header.
 */
#ifndef PW_FS_INTERNAL_H
#define PW_FS_INTERNAL_H

#include <stddef.h>
#include <sys/statvfs.h>

#include "fs.h"
#include "status.h"

/* One entry of the mount table that survived filtering and de-duplication. */
struct fs_mount {
	char mount[FS_PATH_MAX];  /* unescaped */
	char source[FS_PATH_MAX]; /* unescaped */
	char fstype[FS_TYPE_MAX];
};

/* statvfs(3) or a stand-in: 0 on success, -1 with errno set on failure. */
typedef int (*fs_statvfs_fn)(const char *path, struct statvfs *sv);

/*
 * Parse the text of a mounts file: unescape the fields, drop over-mounted
 * entries, keep the types in types (NULL keeps every type), drop bind mounts
 * of a source already listed at a shorter path, sort by mount point and cap
 * at FS_MAX.  name is the file's path, for messages.  On success *out is an
 * array of *nout entries (NULL when 0) that the caller frees with free().
 * A line with fewer than three fields is PW_EPARSE (logged).
 */
enum pw_status
fs_parse_mounts(const char *text, const char *name, const char *const *types,
		struct fs_mount **out, size_t *nout);

/*
 * Call fn on every mount, each in its own detached thread, and wait at most
 * timeout_s in total.  Calls still running at the deadline are abandoned
 * (their thread frees its own state when the call returns), counted in
 * out->ntimeouts and logged; failed calls are logged and left out.  out is
 * filled in the order of mounts; the caller frees it with fs_list_free().
 */
enum pw_status
fs_stat_mounts(const struct fs_mount *mounts, size_t n, double timeout_s,
	       fs_statvfs_fn fn, struct fs_list *out);

#endif
