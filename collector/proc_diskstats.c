/*
 * proc_diskstats.c - read /proc/diskstats into a list of whole disks.
 *
 * A line is "major minor name" and then 11 counters (kernels before 4.18),
 * 15 (4.18 added four discard counters) or 17 (5.5 added two flush
 * counters); counters a kernel appends later are ignored, because the kernel
 * only ever appends.  Counters a kernel does not print are left at zero.
 * The reader keeps a device only when sys_root/block/NAME exists, which is
 * true of whole disks and false of partitions; a '/' in a kernel name (the
 * old cciss driver's "cciss/c0d0") is a '!' in sysfs.  It owns the array it
 * returns; it never touches the database and never guesses a number: a
 * counter that is not a plain decimal makes the whole file PW_EPARSE.
 */
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "array.h"
#include "buf.h"
#include "fileio.h"
#include "log.h"
#include "proc.h"
#include "proc_parse.h"

#define DISK_FIELDS_OLD     14   /* kernels before 4.18 */
#define DISK_FIELDS_DISCARD 18   /* 4.18+ */
#define DISK_FIELDS_FLUSH   20   /* 5.5+ */
#define DISK_LABEL_CAP      4096 /* cap on a dm/name file */

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Where the counters after the name go, in the order the kernel prints them. */
static const size_t disk_counter_off[] = {
	offsetof(struct disk_raw, rd_ios),
	offsetof(struct disk_raw, rd_merges),
	offsetof(struct disk_raw, rd_sectors),
	offsetof(struct disk_raw, rd_ticks),
	offsetof(struct disk_raw, wr_ios),
	offsetof(struct disk_raw, wr_merges),
	offsetof(struct disk_raw, wr_sectors),
	offsetof(struct disk_raw, wr_ticks),
	offsetof(struct disk_raw, in_flight),
	offsetof(struct disk_raw, io_ticks),
	offsetof(struct disk_raw, time_in_queue),
	offsetof(struct disk_raw, dc_ios),
	offsetof(struct disk_raw, dc_merges),
	offsetof(struct disk_raw, dc_sectors),
	offsetof(struct disk_raw, dc_ticks),
	offsetof(struct disk_raw, fl_ios),
	offsetof(struct disk_raw, fl_ticks),
};

/*
 * The numbers of a line's n fields f into v: every field but the name (the
 * third), so major, minor and then the counters.  PW_EPARSE (logged) for a
 * field that is not a 64-bit number or a device number out of range.
 */
static enum pw_status
disk_scan_numbers(const char *const *f, size_t n, const char *path,
		  unsigned lineno, uint64_t *v)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *p = f[i];

		if (i == 2)
			continue;
		if (proc_scan_u64(&p, &v[i < 2 ? i : i - 1])) {
			log_err("cannot parse '%s' line %u: field %zu '%.*s' is not a 64-bit unsigned number",
				path, lineno, i + 1, proc_token_len(f[i]),
				f[i]);
			return PW_EPARSE;
		}
	}
	if (v[0] > UINT_MAX || v[1] > UINT_MAX) {
		log_err("cannot parse '%s' line %u: device number %.*s:%.*s out of range",
			path, lineno, proc_token_len(f[0]), f[0],
			proc_token_len(f[1]), f[1]);
		return PW_EPARSE;
	}
	return PW_OK;
}

/*
 * Parse one line into d.  *skip is set for a blank line and for a name too
 * long to keep (warned); PW_EPARSE for anything else that is not right.
 */
static enum pw_status
disk_parse_line(const char *line, const char *path, unsigned lineno,
		struct disk_raw *d, int *skip)
{
	const char *f[DISK_FIELDS_FLUSH];
	uint64_t v[2 + NELEMS(disk_counter_off)];
	size_t n, i;
	int namelen;

	*skip = 0;
	n = proc_tokens(line, f, NELEMS(f));
	if (n == 0) {
		*skip = 1;
		return PW_OK;
	}
	if (n != DISK_FIELDS_OLD && n != DISK_FIELDS_DISCARD &&
	    n < DISK_FIELDS_FLUSH) {
		log_err("cannot parse '%s' line %u: %zu fields, expected 14, 18 or 20",
			path, lineno, n);
		return PW_EPARSE;
	}
	if (n > NELEMS(f))
		n = NELEMS(f);
	if (disk_scan_numbers(f, n, path, lineno, v) != PW_OK)
		return PW_EPARSE;
	namelen = proc_token_len(f[2]);
	if (namelen >= PROC_NAME_MAX) {
		log_warn(
			"'%s' line %u: device name longer than %d bytes, line skipped",
			path, lineno, PROC_NAME_MAX - 1);
		*skip = 1;
		return PW_OK;
	}
	memset(d, 0, sizeof(*d));
	memcpy(d->name, f[2], (size_t)namelen);
	d->major = (unsigned)v[0];
	d->minor = (unsigned)v[1];
	for (i = 3; i < n; i++)
		*(uint64_t *)((char *)d + disk_counter_off[i - 3]) = v[i - 1];
	d->has_discard = n >= DISK_FIELDS_DISCARD;
	d->has_flush = n >= DISK_FIELDS_FLUSH;
	return PW_OK;
}

/* The name sysfs gives a device: '/' becomes '!'.  0, or -1 if unusable. */
static int
disk_sysfs_name(const char *name, char *dst, size_t dstsz)
{
	size_t i, len = strlen(name);

	if (len >= dstsz || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -1;
	for (i = 0; i <= len; i++)
		dst[i] = name[i] == '/' ? '!' : name[i];
	return 0;
}

/* 1 when sys_root/block/NAME is a directory: a whole disk. */
static int
disk_is_whole(const char *sys_root, const char *name)
{
	char sname[PROC_NAME_MAX], rel[PROC_NAME_MAX + 16], path[PATH_MAX];
	struct stat st;
	int n;

	if (disk_sysfs_name(name, sname, sizeof(sname)))
		return 0;
	n = snprintf(rel, sizeof(rel), "block/%s", sname);
	if (n < 0 || (size_t)n >= sizeof(rel))
		return 0;
	if (fileio_path(path, sizeof(path), sys_root, rel))
		return 0;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Fill d->label from sys_root/block/dm-N/dm/name.  A missing or unreadable
 * file leaves the label empty; only running out of memory is an error.
 */
static enum pw_status
disk_read_label(const char *sys_root, struct disk_raw *d)
{
	char rel[PROC_NAME_MAX + 32];
	struct buf b;
	enum pw_status st;
	size_t len;
	int n;

	n = snprintf(rel, sizeof(rel), "block/%s/dm/name", d->name);
	if (n < 0 || (size_t)n >= sizeof(rel))
		return PW_OK;
	buf_init(&b, DISK_LABEL_CAP);
	st = fileio_read(sys_root, rel, &b);
	if (st) {
		buf_free(&b);
		return st == PW_ENOMEM ? st : PW_OK;
	}
	len = b.len;
	while (len > 0 && (b.data[len - 1] == '\n' || b.data[len - 1] == ' '))
		len--;
	if (len >= sizeof(d->label)) {
		log_warn("dm name of '%s' is longer than %zu bytes, shortened",
			 d->name, sizeof(d->label) - 1);
		len = sizeof(d->label) - 1;
	}
	memcpy(d->label, b.data, len);
	d->label[len] = '\0';
	buf_free(&b);
	return PW_OK;
}

/* 1 when the device is to be kept in the result. */
static int
disk_wanted(const struct disk_raw *d, const char *sys_root,
	    const char *const *ignore)
{
	size_t i;

	if (d->rd_ios == 0 && d->wr_ios == 0 && d->dc_ios == 0 &&
	    d->fl_ios == 0)
		return 0;
	for (i = 0; ignore && ignore[i]; i++)
		if (fnmatch(ignore[i], d->name, 0) == 0)
			return 0;
	return disk_is_whole(sys_root, d->name);
}

/* Append d to the array, growing it; PW_ETOOBIG at PROC_MAX_DISKS. */
static enum pw_status
disk_push(struct proc_diskstats *ds, size_t *alloc, const struct disk_raw *d)
{
	enum pw_status rc;

	rc = array_reserve((void **)&ds->disks, alloc, ds->ndisks,
			   sizeof(*ds->disks), PROC_MAX_DISKS);
	if (rc == PW_ENOMEM)
		log_err("out of memory reading disk statistics");
	if (rc)
		return rc;
	ds->disks[ds->ndisks++] = *d;
	return PW_OK;
}

static int
disk_cmp(const void *a, const void *b)
{
	const struct disk_raw *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Parse the lines of text (path is for messages) into ds. */
static enum pw_status
disk_parse_all(const char *text, const char *path, const char *sys_root,
	       const char *const *ignore, struct proc_diskstats *ds)
{
	struct disk_raw d;
	size_t alloc = 0;
	unsigned lineno;
	const char *line;
	enum pw_status st;
	int skip;

	for (lineno = 1, line = text; line && *line;
	     lineno++, line = proc_line_next(line)) {
		st = disk_parse_line(line, path, lineno, &d, &skip);
		if (st)
			return st;
		if (skip || !disk_wanted(&d, sys_root, ignore))
			continue;
		if (strncmp(d.name, "dm-", 3) == 0) {
			st = disk_read_label(sys_root, &d);
			if (st)
				return st;
		}
		st = disk_push(ds, &alloc, &d);
		if (st == PW_ETOOBIG) {
			log_warn(
				"'%s' has more than %d disks, the rest are ignored",
				path, PROC_MAX_DISKS);
			break;
		}
		if (st)
			return st;
	}
	return PW_OK;
}

/*
 * Read proc_root/diskstats.  On success out->disks is allocated (or NULL
 * when no disk is kept) and the caller frees it with proc_diskstats_free().
 */
enum pw_status
proc_diskstats_read(const char *proc_root, const char *sys_root,
		    const char *const *ignore, struct proc_diskstats *out)
{
	struct proc_diskstats ds = { NULL, 0 };
	char path[PATH_MAX];
	struct buf b;
	enum pw_status st;

	st = proc_load_strict(proc_root, "diskstats", &b, path, sizeof(path));
	if (st)
		goto out;
	/* a kernel lists at least its loop and ram devices: empty is cut off */
	if (b.len == 0) {
		log_warn(
			"cannot parse '%s': the file is empty; no disk statistics stored",
			path);
		st = PW_EPARSE;
		goto out;
	}
	st = disk_parse_all(b.data, path, sys_root, ignore, &ds);
	if (st)
		goto out;
	if (ds.ndisks > 1)
		qsort(ds.disks, ds.ndisks, sizeof(*ds.disks), disk_cmp);
	*out = ds;
	ds.disks = NULL;
out:
	free(ds.disks);
	buf_free(&b);
	return st;
}

void
proc_diskstats_free(struct proc_diskstats *d)
{
	if (!d)
		return;
	free(d->disks);
	d->disks = NULL;
	d->ndisks = 0;
}
