/*
 * proc_uptime.c - read /proc/uptime: seconds since boot, the first of its
 * two numbers ("350735.47 234388.90"; the second, idle time summed over
 * all CPUs, is not used).
 *
 * Pure: reads one file, fills one struct, never touches the database and
 * never exits.
 */
#include <limits.h>

#include "buf.h"
#include "log.h"
#include "proc.h"
#include "proc_parse.h"

enum pw_status
proc_uptime_read(const char *proc_root, struct proc_uptime *out)
{
	struct buf b;
	char path[PATH_MAX];
	const char *p;
	double uptime_s;
	enum pw_status st;

	st = proc_load_strict(proc_root, "uptime", &b, path, sizeof(path));
	if (st)
		goto out;
	p = b.data;
	st = proc_scan_decimal(&p, &uptime_s);
	if (st) {
		log_err("cannot parse '%s': expected seconds since boot", path);
		goto out;
	}
	out->uptime_s = uptime_s;
out:
	buf_free(&b);
	return st;
}
