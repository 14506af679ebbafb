/*
 * proc_vmstat.c - read /proc/vmstat: pages swapped in and out and major
 * page faults, counters since boot.
 *
 * The file is "name value" lines, a hundred and more of them, whose set
 * changes with every kernel; only the three wanted names are parsed and all
 * three are required (a kernel prints them all or, without
 * CONFIG_VM_EVENT_COUNTERS, none).  Pure: reads one file, fills one
 * struct, never touches the database and never exits.
 */
#include <limits.h>

#include "buf.h"
#include "proc.h"
#include "proc_parse.h"

enum vmstat_key {
	VM_PSWPIN,
	VM_PSWPOUT,
	VM_PGMAJFAULT,
	VM_NKEYS
};

static enum pw_status
vmstat_parse(const char *path, const char *text, struct proc_vmstat *v)
{
	struct proc_key keys[VM_NKEYS] = {
		[VM_PSWPIN] = { "pswpin", 0, 0 },
		[VM_PSWPOUT] = { "pswpout", 0, 0 },
		[VM_PGMAJFAULT] = { "pgmajfault", 0, 0 },
	};
	enum pw_status st;

	st = proc_keys_parse(path, text, keys, VM_NKEYS);
	if (st)
		return st;
	st = proc_keys_require(path, NULL, keys, VM_NKEYS);
	if (st)
		return st;
	v->pswpin = keys[VM_PSWPIN].value;
	v->pswpout = keys[VM_PSWPOUT].value;
	v->pgmajfault = keys[VM_PGMAJFAULT].value;
	return PW_OK;
}

enum pw_status
proc_vmstat_read(const char *proc_root, struct proc_vmstat *out)
{
	struct proc_vmstat v;
	struct buf b;
	char path[PATH_MAX];
	enum pw_status st;

	st = proc_load_strict(proc_root, "vmstat", &b, path, sizeof(path));
	if (st)
		goto out;
	st = vmstat_parse(path, b.data, &v);
	if (st)
		goto out;
	*out = v;
out:
	buf_free(&b);
	return st;
}
