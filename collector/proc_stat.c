/*
 * proc_stat.c - read /proc/stat: the aggregate "cpu" line, the number of
 * "cpuN" lines, and the global counters (ctxt, intr, btime, procs_*).
 *
 * The "cpu" line has grown over the years (steal in 2.6.11, guest in
 * 2.6.24, guest_nice in 2.6.33): columns a kernel does not print are 0 and
 * columns a future kernel adds are ignored.  The "cpu" line, at least one
 * "cpuN" line and btime are required; the other counters are 0 when
 * absent.  Pure: reads one file, fills one struct, never touches the
 * database and never exits.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "proc.h"
#include "proc_parse.h"

/* user nice system idle: what even the oldest 2.6 kernel prints. */
#define STAT_MIN_CPU_COLUMNS 4

enum stat_key {
	STAT_INTR,
	STAT_CTXT,
	STAT_BTIME,
	STAT_PROCS_RUNNING,
	STAT_PROCS_BLOCKED,
	STAT_NKEYS
};

/* The aggregate "cpu" line, columns in the kernel's order. */
static enum pw_status
stat_parse_cpu(const char *path, const char *text, struct proc_stat *s)
{
	uint64_t *const cols[] = { &s->user,      &s->nice,   &s->system,
				   &s->idle,      &s->iowait, &s->irq,
				   &s->softirq,   &s->steal,  &s->guest,
				   &s->guest_nice };
	const size_t ncols = sizeof(cols) / sizeof(cols[0]);
	const char *p;
	size_t n;

	p = proc_line_find(text, "cpu");
	if (!p) {
		log_err("cannot parse '%s': no 'cpu' line", path);
		return PW_EPARSE;
	}
	for (n = 0; n < ncols && !proc_at_eol(p); n++) {
		if (proc_scan_u64(&p, cols[n])) {
			log_err("cannot parse '%s': bad number in column %zu of the 'cpu' line",
				path, n + 1);
			return PW_EPARSE;
		}
	}
	if (n < STAT_MIN_CPU_COLUMNS) {
		log_err("cannot parse '%s': the 'cpu' line has %zu columns, expected at least %d",
			path, n, STAT_MIN_CPU_COLUMNS);
		return PW_EPARSE;
	}
	return PW_OK;
}

/* Lines "cpu0 ...", "cpu1 ...": one per online CPU. */
static unsigned
stat_count_cpus(const char *text)
{
	const char *line;
	unsigned n = 0;

	for (line = text; line; line = proc_line_next(line)) {
		if (strncmp(line, "cpu", 3) == 0 && line[3] >= '0' &&
		    line[3] <= '9')
			n++;
	}
	return n;
}

/* The counters that follow a key; ranges checked against their fields. */
static enum pw_status
stat_parse_keys(const char *path, const char *text, struct proc_stat *s)
{
	struct proc_key keys[STAT_NKEYS] = {
		[STAT_INTR] = { "intr", 0, 0 },
		[STAT_CTXT] = { "ctxt", 0, 0 },
		[STAT_BTIME] = { "btime", 0, 0 },
		[STAT_PROCS_RUNNING] = { "procs_running", 0, 0 },
		[STAT_PROCS_BLOCKED] = { "procs_blocked", 0, 0 },
	};
	enum pw_status st;

	st = proc_keys_parse(path, text, keys, STAT_NKEYS);
	if (st)
		return st;
	st = proc_keys_require(path, NULL, &keys[STAT_BTIME], 1);
	if (st)
		return st;
	if (keys[STAT_BTIME].value > INT64_MAX ||
	    keys[STAT_PROCS_RUNNING].value > UINT_MAX ||
	    keys[STAT_PROCS_BLOCKED].value > UINT_MAX) {
		log_err("cannot parse '%s': btime or procs_* out of range",
			path);
		return PW_EPARSE;
	}
	s->intr = keys[STAT_INTR].value;
	s->ctxt = keys[STAT_CTXT].value;
	s->btime = (int64_t)keys[STAT_BTIME].value;
	s->procs_running = (unsigned)keys[STAT_PROCS_RUNNING].value;
	s->procs_blocked = (unsigned)keys[STAT_PROCS_BLOCKED].value;
	return PW_OK;
}

static enum pw_status
stat_parse(const char *path, const char *text, struct proc_stat *s)
{
	enum pw_status st;

	st = stat_parse_cpu(path, text, s);
	if (st)
		return st;
	s->ncpu = stat_count_cpus(text);
	if (s->ncpu == 0) {
		log_err("cannot parse '%s': no 'cpuN' lines", path);
		return PW_EPARSE;
	}
	return stat_parse_keys(path, text, s);
}

enum pw_status
proc_stat_read(const char *proc_root, struct proc_stat *out)
{
	struct proc_stat s = { 0 };
	struct buf b;
	char path[PATH_MAX];
	enum pw_status st;

	st = proc_load_strict(proc_root, "stat", &b, path, sizeof(path));
	if (st)
		goto out;
	st = stat_parse(path, b.data, &s);
	if (st)
		goto out;
	*out = s;
out:
	buf_free(&b);
	return st;
}
