/*
 * snapshot.h - everything one collection reads from the kernel, raw.
 *
 * snapshot_read() runs the readers of proc.h, fs.h and appmetric.h over the
 * configured roots, driven by a table of sources.  A source whose file does
 * not exist (no /proc/pressure in a container, no /proc/diskstats) is marked
 * absent, logged once at debug level, and the snapshot still counts.  A
 * source that exists but cannot be parsed is an error only for the
 * required ones (/proc/stat, /proc/uptime, /proc/meminfo).
 */
#ifndef PW_SNAPSHOT_H
#define PW_SNAPSHOT_H

#include <stdint.h>

#include "appmetric.h"
#include "fs.h"
#include "proc.h"
#include "status.h"

struct snapshot_opts {
	const char *proc_root;
	const char *sys_root;
	const char *const *disk_ignore;
	const char *const *netif_ignore;
	const char *const *fs_types;
	double fs_timeout_s;
	const char *plugin_dir; /* NULL: no plugins */
	double plugin_timeout_s;
};

struct snapshot {
	int64_t ts; /* wall clock, Unix seconds UTC */
	struct proc_stat stat;
	struct proc_uptime uptime;
	struct proc_meminfo mem;
	int has_loadavg;
	struct proc_loadavg loadavg;
	int has_vmstat;
	struct proc_vmstat vm;
	int has_pressure;
	struct proc_pressure psi;
	int has_snmp;
	struct proc_snmp snmp;
	int has_diskstats;
	struct proc_diskstats disks;
	int has_netdev;
	struct proc_netdev net;
	struct fs_list fs;
	struct app_metrics app; /* gauges and plugin output */
	unsigned nmissing;      /* timed-out filesystems, failed plugins */
};

/* Zero s so that snapshot_free is safe on it. */
void snapshot_init(struct snapshot *s);
/*
 * Read every source.  app may already hold --gauge values; plugin output is
 * added.  On failure s holds whatever was read and must still be freed.
 */
enum pw_status snapshot_read(const struct snapshot_opts *o, struct snapshot *s);
void snapshot_free(struct snapshot *s);

#endif
