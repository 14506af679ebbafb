/*
 * fs.h - usage of the real filesystems mounted on the host.
 *
 * Reads the mount table from proc_root/self/mounts (falling back to
 * proc_root/mounts), keeps the filesystems whose type is in the wanted list,
 * and calls statvfs(3) on each with a time limit: a hung network mount is
 * reported as timed out and skipped, it never stalls the run.
 */
#ifndef PW_FS_H
#define PW_FS_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define FS_MAX      1024
#define FS_PATH_MAX 512
#define FS_TYPE_MAX 32

struct fs_usage {
	char mount[FS_PATH_MAX];  /* mount point, unescaped */
	char source[FS_PATH_MAX]; /* /dev/vda1, server:/export, ... */
	char fstype[FS_TYPE_MAX];
	uint64_t size_bytes;
	uint64_t used_bytes;    /* (blocks - bfree) * frsize */
	uint64_t avail_bytes;   /* bavail * frsize: for unprivileged users */
	double used_pct;        /* used / (used + avail) * 100, as df(1) */
	int has_inodes;         /* 0 when the fs reports no inodes (btrfs) */
	double inodes_used_pct; /* NAN without inodes */
};

struct fs_list {
	struct fs_usage *fs; /* owned, sorted by mount point */
	size_t nfs;
	unsigned ntimeouts; /* filesystems skipped because statvfs hung */
};

/*
 * types: NULL-terminated list of filesystem types to keep (ext4, xfs, ...).
 * timeout_s: how long statvfs calls may take, in total, before the ones
 * still running are abandoned.  Filesystems that fail or time out are
 * logged (warning) and left out; that is not an error of fs_read.
 */
enum pw_status fs_read(const char *proc_root, const char *const *types,
		       double timeout_s, struct fs_list *out);
void fs_list_free(struct fs_list *l);

#endif
