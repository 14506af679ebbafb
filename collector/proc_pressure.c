/*
 * proc_pressure.c - read pressure stall information (PSI, Linux 4.20+):
 * the "total" microseconds of /proc/pressure/{cpu,memory,io}.
 *
 * Each file has a "some" line and, for memory and io, a "full" line:
 *
 *	some avg10=0.00 avg60=0.00 avg300=0.00 total=12345
 *	full avg10=0.00 avg60=0.00 avg300=0.00 total=6789
 *
 * Since 5.13 cpu has a "full" line too; it is not read.  A file that is
 * missing, or that fails with EOPNOTSUPP (a kernel booted with psi=0 keeps
 * the files but refuses to read them; fileio_read() reports both as
 * PW_ENOTFOUND), counts as absent and clears its has_ flag; PW_ENOTFOUND
 * only when all three are absent.  A file that is present but malformed
 * fails the whole read.  Pure: fills one struct, never touches the
 * database and never exits.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "fileio.h"
#include "log.h"
#include "proc.h"
#include "proc_parse.h"

/* A pressure file is two lines of about 60 bytes. */
#define PRESSURE_FILE_CAP 4096

enum pressure_res {
	PRESSURE_CPU,
	PRESSURE_MEMORY,
	PRESSURE_IO,
	PRESSURE_NRES
};

static const struct pressure_file {
	const char *rel;
	int want_full; /* read the "full" line too */
} pressure_files[PRESSURE_NRES] = {
	[PRESSURE_CPU] = { "pressure/cpu", 0 },
	[PRESSURE_MEMORY] = { "pressure/memory", 1 },
	[PRESSURE_IO] = { "pressure/io", 1 },
};

/* What one file said. */
struct pressure_total {
	int has;
	uint64_t some_us, full_us;
};

/* The number after "total=" on the line at p. */
static enum pw_status
pressure_scan_total(const char *p, uint64_t *out)
{
	while (!proc_at_eol(p)) {
		p = proc_skip_blanks(p);
		if (strncmp(p, "total=", 6) == 0) {
			p += 6;
			return proc_scan_u64(&p, out);
		}
		p = proc_token_end(p);
	}
	return PW_EPARSE;
}

static enum pw_status
pressure_parse(const char *path, const char *text, int want_full,
	       struct pressure_total *t)
{
	const char *some, *full;

	some = proc_line_find(text, "some");
	full = want_full ? proc_line_find(text, "full") : NULL;
	if (!some || (want_full && !full)) {
		log_err("cannot parse '%s': no '%s' line", path,
			some ? "full" : "some");
		return PW_EPARSE;
	}
	if (pressure_scan_total(some, &t->some_us) ||
	    (full && pressure_scan_total(full, &t->full_us))) {
		log_err("cannot parse '%s': bad or missing 'total='", path);
		return PW_EPARSE;
	}
	t->has = 1;
	return PW_OK;
}

/* One file into t; an absent file leaves t->has at 0 and returns PW_OK. */
static enum pw_status
pressure_read_one(const char *proc_root, const struct pressure_file *f,
		  struct pressure_total *t)
{
	char path[PATH_MAX];
	struct buf b;
	enum pw_status st;

	buf_init(&b, PRESSURE_FILE_CAP);
	st = fileio_path(path, sizeof(path), proc_root, f->rel);
	if (st)
		goto out;
	st = fileio_read(proc_root, f->rel, &b);
	if (st == PW_ENOTFOUND) {
		st = PW_OK;
		goto out;
	}
	if (st)
		goto out;
	st = pressure_parse(path, b.data, f->want_full, t);
out:
	buf_free(&b);
	return st;
}

enum pw_status
proc_pressure_read(const char *proc_root, struct proc_pressure *out)
{
	struct pressure_total t[PRESSURE_NRES] = { { 0, 0, 0 } };
	struct proc_pressure p = { 0 };
	size_t i;

	for (i = 0; i < PRESSURE_NRES; i++) {
		enum pw_status st;

		st = pressure_read_one(proc_root, &pressure_files[i], &t[i]);
		if (st)
			return st;
	}
	if (!t[PRESSURE_CPU].has && !t[PRESSURE_MEMORY].has &&
	    !t[PRESSURE_IO].has)
		return PW_ENOTFOUND;

	p.has_cpu = t[PRESSURE_CPU].has;
	p.cpu_some_us = t[PRESSURE_CPU].some_us;
	p.has_memory = t[PRESSURE_MEMORY].has;
	p.memory_some_us = t[PRESSURE_MEMORY].some_us;
	p.memory_full_us = t[PRESSURE_MEMORY].full_us;
	p.has_io = t[PRESSURE_IO].has;
	p.io_some_us = t[PRESSURE_IO].some_us;
	p.io_full_us = t[PRESSURE_IO].full_us;
	*out = p;
	return PW_OK;
}
