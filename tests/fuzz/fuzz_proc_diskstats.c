/*
 * fuzz_proc_diskstats.c - /proc/diskstats through proc_diskstats_read(),
 * from a file in a scratch proc root, and /sys/block/dm-0/dm/name.
 *
 * The input is "DISKSTATS\0DM-NAME"; without a NUL the dm name is
 * "vg0-root".  The scratch tree also holds a small /sys/block with a plain
 * disk, an NVMe disk, the dm device and an old cciss disk ('/' in its
 * kernel name), so that lines naming them are kept and go through the
 * label and sort code too.  Every kept name and label must be
 * NUL-terminated.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "proc.h"

static const char *const disk_ignore[] = { "loop*", "ram*", NULL };

static void
disk_tree(void)
{
	static const char *const dirs[] = {
		"sys/block/sda/dev",
		"sys/block/nvme0n1/dev",
		"sys/block/cciss!c0d0/dev",
		"sys/block/dm-0/dev",
	};
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		fuzz_put(dirs[i], (const uint8_t *)"8:0\n", 4);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t dm_name[] = "vg0-root\n";
	static char *sys_root;
	struct fuzz_part part[2];
	struct proc_diskstats ds;
	size_t i;

	if (!sys_root) {
		disk_tree();
		sys_root = fuzz_path("sys");
	}
	if (fuzz_split(data, size, '\0', part, 2) < 2) {
		part[1].p = dm_name;
		part[1].len = sizeof(dm_name) - 1;
	}
	fuzz_put("diskstats", part[0].p, part[0].len);
	fuzz_put("sys/block/dm-0/dm/name", part[1].p, part[1].len);
	if (proc_diskstats_read(fuzz_root(), sys_root, disk_ignore, &ds))
		return 0;
	for (i = 0; i < ds.ndisks; i++)
		if (!memchr(ds.disks[i].name, '\0', PROC_NAME_MAX) ||
		    !memchr(ds.disks[i].label, '\0', PROC_NAME_MAX))
			abort();
	proc_diskstats_free(&ds);
	return 0;
}
