/*
 * proc_loadavg.c - read /proc/loadavg: the 1, 5 and 15 minute load
 * averages, its first three numbers ("0.42 0.37 0.31 2/241 28734"; the
 * running/total tasks and the last pid are not used).
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
proc_loadavg_read(const char *proc_root, struct proc_loadavg *out)
{
	struct proc_loadavg l;
	struct buf b;
	char path[PATH_MAX];
	const char *p;
	enum pw_status st;

	st = proc_load_strict(proc_root, "loadavg", &b, path, sizeof(path));
	if (st)
		goto out;
	p = b.data;
	if (proc_scan_decimal(&p, &l.load1) ||
	    proc_scan_decimal(&p, &l.load5) ||
	    proc_scan_decimal(&p, &l.load15)) {
		log_err("cannot parse '%s': expected three load averages",
			path);
		st = PW_EPARSE;
		goto out;
	}
	*out = l;
out:
	buf_free(&b);
	return st;
}
