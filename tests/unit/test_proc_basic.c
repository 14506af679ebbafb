/*
 * test_proc_basic.c - unit tests of the single-file /proc readers (stat,
 * uptime, loadavg, meminfo, vmstat, pressure, net/snmp).  The scanners
 * they share are tested in test_proc_parse.c.
 *
 * Every reader is run on every fixture tree and each value is compared
 * with the number in the fixture file, so a shifted column, a lost unit
 * conversion or a wrong key fails a test.  The malformed roots under
 * tests/fixtures/bad must give PW_EPARSE and leave the out-parameter
 * untouched; the old-kernel and odd roots there must parse.
 *
 * This program interposes read(2) to play a kernel booted with psi=0,
 * whose pressure files exist but fail with EOPNOTSUPP (see sys_read_errno).
 */
#undef _FORTIFY_SOURCE /* it would wrap read(), which this file replaces */

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include "unit.h"
#include "log.h"
#include "proc.h"

#define KB(n) ((uint64_t)(n)*1024)

/* 0 normally; an errno every read(2) fails with while it is set. */
static int sys_read_errno;

ssize_t
read(int fd, void *p, size_t n)
{
	if (sys_read_errno) {
		errno = sys_read_errno;
		return -1;
	}
	return syscall(SYS_read, fd, p, n);
}

/* "$PERFWEEK_SRC/tests/fixtures/<dir>/proc" */
static const char *
proc_root(char *dst, size_t dstsz, const char *dir)
{
	const char *src = getenv("PERFWEEK_SRC");
	int n;

	n = snprintf(dst, dstsz, "%s/tests/fixtures/%s/proc", src ? src : ".",
		     dir);
	assert_true(n > 0 && (size_t)n < dstsz);
	return dst;
}

/* What each reader must return for one tree, copied from its files. */
struct tree_expect {
	const char *dir;
	struct proc_stat stat;
	double uptime_s;
	struct proc_loadavg load;
	struct proc_meminfo mem;
	struct proc_vmstat vm;
	enum pw_status pressure_st;
	struct proc_pressure psi;
	struct proc_snmp snmp;
};

static const struct tree_expect trees[] = {
	{
		.dir = "trees/debian12-vm",
		.stat = { 1574, 0, 978, 60106, 221, 0, 17, 7, 0, 0, 2, 239113,
			  109422, 1795241807, 1, 0 },
		.uptime_s = 315.80,
		.load = { 0.00, 0.01, 0.00 },
		.mem = { KB(24684084), KB(24507092), KB(24424116), KB(1936),
			 KB(34380), 0, 0 },
		.vm = { 0, 0, 799 },
		.pressure_st = PW_OK,
		.psi = { 1, 1, 1, 2986463, 0, 0, 2055248, 1959369 },
		.snmp = { 0, 476, 0 },
	},
	{
		.dir = "trees/kernel419-nopsi",
		.stat = { 12213747, 4877, 4035596, 466603894, 776538, 0, 206892,
			  7262, 0, 0, 4, 1873462901, 987654321, 1716822035, 3,
			  1 },
		.uptime_s = 1209631.18,
		.load = { 0.42, 0.37, 0.31 },
		.mem = { KB(8167848), KB(1234560), KB(6012344), KB(210432),
			 KB(4378212), KB(2097148), KB(2083836) },
		.vm = { 3412, 9876, 45123 },
		.pressure_st = PW_ENOTFOUND,
		.snmp = { 37, 98765432, 12345 },
	},
	{
		.dir = "trees/server-96cpu",
		.stat = { 1710727470, 4021610, 496739781, 30839766045ULL,
			  94144405, 0, 39538956, 0, 0, 0, 96, 876543210987ULL,
			  98765432109ULL, 1713800000, 64, 5 },
		.uptime_s = 3456789.01,
		.load = { 61.87, 58.42, 55.03 },
		.mem = { KB(395936384), KB(12481260), KB(298114332),
			 KB(2193412), KB(271048776), KB(8388604), KB(8388604) },
		.vm = { 0, 0, 1234567 },
		.pressure_st = PW_OK,
		.psi = { 1, 1, 1, 987654321098ULL, 45678901, 23456789,
			 123456789012ULL, 110987654321ULL },
		.snmp = { 1843, 9877777777ULL, 4567890 },
	},
	{
		.dir = "trees/nvme-dm",
		.stat = { 11764702, 30153, 4155651, 210408317, 490711, 67006,
			  215690, 0, 0, 0, 8, 456789012, 123456789, 1731916800,
			  2, 0 },
		.uptime_s = 283947.52,
		.load = { 1.27, 0.98, 0.85 },
		.mem = { KB(32594112), KB(6123456), KB(21456789), KB(612345),
			 KB(14567890), KB(16777212), KB(16123904) },
		.vm = { 163421, 201987, 298765 },
		.pressure_st = PW_OK,
		.psi = { 1, 1, 1, 2345678901ULL, 87654321, 43210987, 1234567890,
			 987654321 },
		.snmp = { 23, 5612345, 2345 },
	},
};

static void
check_stat(const struct proc_stat *got, const struct proc_stat *want)
{
	assert_int_equal(got->user, want->user);
	assert_int_equal(got->nice, want->nice);
	assert_int_equal(got->system, want->system);
	assert_int_equal(got->idle, want->idle);
	assert_int_equal(got->iowait, want->iowait);
	assert_int_equal(got->irq, want->irq);
	assert_int_equal(got->softirq, want->softirq);
	assert_int_equal(got->steal, want->steal);
	assert_int_equal(got->guest, want->guest);
	assert_int_equal(got->guest_nice, want->guest_nice);
	assert_int_equal(got->ncpu, want->ncpu);
	assert_int_equal(got->ctxt, want->ctxt);
	assert_int_equal(got->intr, want->intr);
	assert_int_equal(got->btime, want->btime);
	assert_int_equal(got->procs_running, want->procs_running);
	assert_int_equal(got->procs_blocked, want->procs_blocked);
}

static void
check_meminfo(const struct proc_meminfo *got, const struct proc_meminfo *want)
{
	assert_int_equal(got->total_bytes, want->total_bytes);
	assert_int_equal(got->free_bytes, want->free_bytes);
	assert_int_equal(got->available_bytes, want->available_bytes);
	assert_int_equal(got->buffers_bytes, want->buffers_bytes);
	assert_int_equal(got->cached_bytes, want->cached_bytes);
	assert_int_equal(got->swap_total_bytes, want->swap_total_bytes);
	assert_int_equal(got->swap_free_bytes, want->swap_free_bytes);
}

static void
test_tree_stat(void **state)
{
	const struct tree_expect *t = *state;
	char root[PATH_MAX];
	struct proc_stat s;

	assert_int_equal(
		proc_stat_read(proc_root(root, sizeof(root), t->dir), &s),
		PW_OK);
	check_stat(&s, &t->stat);
}

static void
test_tree_uptime_loadavg(void **state)
{
	const struct tree_expect *t = *state;
	char root[PATH_MAX];
	struct proc_uptime u;
	struct proc_loadavg l;

	proc_root(root, sizeof(root), t->dir);
	assert_int_equal(proc_uptime_read(root, &u), PW_OK);
	assert_near(u.uptime_s, t->uptime_s);
	assert_int_equal(proc_loadavg_read(root, &l), PW_OK);
	assert_near(l.load1, t->load.load1);
	assert_near(l.load5, t->load.load5);
	assert_near(l.load15, t->load.load15);
}

static void
test_tree_meminfo_vmstat(void **state)
{
	const struct tree_expect *t = *state;
	char root[PATH_MAX];
	struct proc_meminfo m;
	struct proc_vmstat v;

	proc_root(root, sizeof(root), t->dir);
	assert_int_equal(proc_meminfo_read(root, &m), PW_OK);
	check_meminfo(&m, &t->mem);
	assert_int_equal(proc_vmstat_read(root, &v), PW_OK);
	assert_int_equal(v.pswpin, t->vm.pswpin);
	assert_int_equal(v.pswpout, t->vm.pswpout);
	assert_int_equal(v.pgmajfault, t->vm.pgmajfault);
}

static void
test_tree_pressure(void **state)
{
	const struct tree_expect *t = *state;
	char root[PATH_MAX];
	struct proc_pressure p;

	memset(&p, 0x5a, sizeof(p));
	assert_int_equal(
		proc_pressure_read(proc_root(root, sizeof(root), t->dir), &p),
		t->pressure_st);
	if (t->pressure_st != PW_OK) {
		assert_int_equal(p.has_cpu, 0x5a5a5a5a); /* untouched */
		return;
	}
	assert_int_equal(p.has_cpu, t->psi.has_cpu);
	assert_int_equal(p.has_memory, t->psi.has_memory);
	assert_int_equal(p.has_io, t->psi.has_io);
	assert_int_equal(p.cpu_some_us, t->psi.cpu_some_us);
	assert_int_equal(p.memory_some_us, t->psi.memory_some_us);
	assert_int_equal(p.memory_full_us, t->psi.memory_full_us);
	assert_int_equal(p.io_some_us, t->psi.io_some_us);
	assert_int_equal(p.io_full_us, t->psi.io_full_us);
}

static void
test_tree_snmp(void **state)
{
	const struct tree_expect *t = *state;
	char root[PATH_MAX];
	struct proc_snmp s;

	assert_int_equal(
		proc_snmp_read(proc_root(root, sizeof(root), t->dir), &s),
		PW_OK);
	assert_int_equal(s.tcp_curr_estab, t->snmp.tcp_curr_estab);
	assert_int_equal(s.tcp_out_segs, t->snmp.tcp_out_segs);
	assert_int_equal(s.tcp_retrans_segs, t->snmp.tcp_retrans_segs);
}

/* ---- the readers through one door, for the malformed-input table ---- */

enum reader {
	R_STAT,
	R_UPTIME,
	R_LOADAVG,
	R_MEMINFO,
	R_VMSTAT,
	R_PRESSURE,
	R_SNMP,
	R_COUNT
};

union any_out {
	struct proc_stat stat;
	struct proc_uptime uptime;
	struct proc_loadavg loadavg;
	struct proc_meminfo meminfo;
	struct proc_vmstat vmstat;
	struct proc_pressure pressure;
	struct proc_snmp snmp;
};

static enum pw_status
call_reader(enum reader r, const char *root, union any_out *o)
{
	switch (r) {
	case R_STAT:
		return proc_stat_read(root, &o->stat);
	case R_UPTIME:
		return proc_uptime_read(root, &o->uptime);
	case R_LOADAVG:
		return proc_loadavg_read(root, &o->loadavg);
	case R_MEMINFO:
		return proc_meminfo_read(root, &o->meminfo);
	case R_VMSTAT:
		return proc_vmstat_read(root, &o->vmstat);
	case R_PRESSURE:
		return proc_pressure_read(root, &o->pressure);
	case R_SNMP:
		return proc_snmp_read(root, &o->snmp);
	default:
		fail_msg("no reader %d", (int)r);
		return PW_ERR;
	}
}

/* Call reader r on root dir; it must return want and leave out untouched. */
static void
check_fails(const char *dir, enum reader r, enum pw_status want)
{
	char root[PATH_MAX];
	union any_out o, before;

	memset(&o, 0xa5, sizeof(o));
	memcpy(&before, &o, sizeof(o));
	if (call_reader(r, proc_root(root, sizeof(root), dir), &o) != want)
		fail_msg("reader %d on '%s' did not return %d", (int)r, dir,
			 (int)want);
	assert_memory_equal(&o, &before, sizeof(o));
}

static void
test_bad_inputs(void **state)
{
	static const struct {
		const char *dir;
		enum reader r;
	} cases[] = {
		{ "bad/truncated", R_STAT }, /* no "cpu" line */
		{ "bad/no-btime", R_STAT },
		{ "bad/garbage", R_STAT },      /* "97x8" */
		{ "bad/overflow", R_STAT },     /* 2^64 */
		{ "bad/garbage", R_UPTIME },    /* "up 315.80" */
		{ "bad/truncated", R_UPTIME },  /* "1209631." */
		{ "bad/garbage", R_LOADAVG },   /* "0,42" */
		{ "bad/truncated", R_LOADAVG }, /* two numbers */
		{ "bad/garbage", R_MEMINFO },   /* "24684O84" */
		{ "bad/truncated", R_MEMINFO }, /* no MemTotal */
		{ "bad/overflow", R_MEMINFO },  /* 2^54 kB */
		{ "bad/garbage", R_VMSTAT },    /* "7.99e2" */
		{ "bad/truncated", R_VMSTAT },  /* no pswpin */
		{ "bad/overflow", R_VMSTAT },
		{ "bad/garbage", R_PRESSURE },   /* memory "total=abc" */
		{ "bad/truncated", R_PRESSURE }, /* io without "full" */
		{ "bad/garbage", R_SNMP },       /* CurrEstab "-3" */
		{ "bad/truncated", R_SNMP },     /* header, no values */
		{ "bad/mismatch", R_SNMP },      /* 15 names, 14 values */
	};
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_fails(cases[i].dir, cases[i].r, PW_EPARSE);
	for (r = 0; r < R_COUNT; r++) {
		check_fails("bad/empty", (enum reader)r, PW_EPARSE);
		check_fails("bad/no-such-root", (enum reader)r, PW_ENOTFOUND);
	}
}

/* Formats of kernels older than the trees: missing columns and lines. */
static void
test_old_kernel(void **state)
{
	static const struct proc_stat want = {
		79162, 1021, 36498, 14231934, 78512,    1502,       4563, 0,
		0,     0,    2,     41739874, 28519380, 1199145600, 1,    0
	};
	char root[PATH_MAX];
	struct proc_stat s;
	struct proc_meminfo m;
	struct proc_snmp n;

	(void)state;
	proc_root(root, sizeof(root), "bad/old-kernel");
	memset(&s, 0xff, sizeof(s));
	assert_int_equal(proc_stat_read(root, &s), PW_OK);
	check_stat(&s, &want); /* 8 columns: guest, guest_nice are 0 */

	assert_int_equal(proc_meminfo_read(root, &m), PW_OK);
	assert_int_equal(m.total_bytes, KB(3882068));
	assert_int_equal(m.free_bytes, KB(205112));
	assert_int_equal(m.available_bytes, KB(205112 + 101044 + 2419260));
	assert_int_equal(m.swap_free_bytes, KB(2091000));

	assert_int_equal(proc_snmp_read(root, &n), PW_OK); /* 14 columns */
	assert_int_equal(n.tcp_curr_estab, 9);
	assert_int_equal(n.tcp_out_segs, 1934521);
	assert_int_equal(n.tcp_retrans_segs, 871);
	assert_int_equal(proc_pressure_read(root, &(struct proc_pressure){ 0 }),
			 PW_ENOTFOUND);
}

/* PSI before 5.13: pressure/cpu has a "some" line only. */
static void
test_old_psi(void **state)
{
	char root[PATH_MAX];
	struct proc_pressure p;

	(void)state;
	proc_root(root, sizeof(root), "bad/old-psi");
	assert_int_equal(proc_pressure_read(root, &p), PW_OK);
	assert_int_equal(p.has_cpu, 1);
	assert_int_equal(p.has_memory, 1);
	assert_int_equal(p.has_io, 1);
	assert_int_equal(p.cpu_some_us, 31415926);
	assert_int_equal(p.memory_some_us, 27182);
	assert_int_equal(p.memory_full_us, 14142);
	assert_int_equal(p.io_some_us, 1732050);
	assert_int_equal(p.io_full_us, 1618033);
}

/* Unusual but valid: extra columns, reordered names, tabs, no newline. */
static void
test_odd_inputs(void **state)
{
	static const struct proc_stat want = { 100, 2,          30, 4000,
					       50,  6,          7,  8,
					       9,   10,         1,  666,
					       555, 1700000000, 3,  4 };
	char root[PATH_MAX];
	struct proc_stat s;
	struct proc_uptime u;
	struct proc_loadavg l;
	struct proc_vmstat v;
	struct proc_snmp n;
	struct proc_pressure p;

	(void)state;
	proc_root(root, sizeof(root), "bad/odd");
	assert_int_equal(proc_stat_read(root, &s), PW_OK);
	check_stat(&s, &want); /* 11th column ignored, "cpufreq" no CPU */
	assert_int_equal(proc_uptime_read(root, &u), PW_OK);
	assert_near(u.uptime_s, 4242.0);
	assert_int_equal(proc_loadavg_read(root, &l), PW_OK);
	assert_near(l.load1, 0.5);
	assert_near(l.load5, 1.25);
	assert_near(l.load15, 10.125);
	assert_int_equal(proc_vmstat_read(root, &v), PW_OK);
	assert_int_equal(v.pswpin, 12); /* tab separated */
	assert_int_equal(v.pswpout, 34);
	assert_int_equal(v.pgmajfault, 56); /* the first line wins */
	assert_int_equal(proc_snmp_read(root, &n), PW_OK);
	assert_int_equal(n.tcp_curr_estab, 12); /* not TcpExt's 1000 */
	assert_int_equal(n.tcp_out_segs, 9000);
	assert_int_equal(n.tcp_retrans_segs, 77);
	assert_int_equal(proc_pressure_read(root, &p), PW_OK);
	assert_int_equal(p.has_cpu, 0);
	assert_int_equal(p.has_memory, 1);
	assert_int_equal(p.has_io, 0);
	assert_int_equal(p.memory_some_us, 1000);
	assert_int_equal(p.memory_full_us, 500);
}

/* psi=0 at boot: the files are there, reading them fails. */
static void
test_pressure_eopnotsupp(void **state)
{
	char root[PATH_MAX];
	struct proc_pressure p;
	enum pw_status st;

	(void)state;
	proc_root(root, sizeof(root), "trees/debian12-vm");
	memset(&p, 0x5a, sizeof(p));
	sys_read_errno = EOPNOTSUPP;
	st = proc_pressure_read(root, &p);
	sys_read_errno = EIO;
	assert_int_equal(st, PW_ENOTFOUND);
	assert_int_equal(p.has_cpu, 0x5a5a5a5a);
	st = proc_pressure_read(root, &p); /* other errors are errors */
	sys_read_errno = 0;
	assert_int_equal(st, PW_EIO);
	assert_int_equal(p.has_cpu, 0x5a5a5a5a);
}

#define TREE_TESTS(i, name)                                                 \
	{ "stat " name, test_tree_stat, NULL, NULL, (void *)&trees[i] },    \
		{ "uptime loadavg " name, test_tree_uptime_loadavg, NULL,   \
		  NULL, (void *)&trees[i] },                                \
		{ "meminfo vmstat " name, test_tree_meminfo_vmstat, NULL,   \
		  NULL, (void *)&trees[i] },                                \
		{ "pressure " name, test_tree_pressure, NULL, NULL,         \
		  (void *)&trees[i] },                                      \
	{                                                                   \
		"snmp " name, test_tree_snmp, NULL, NULL, (void *)&trees[i] \
	}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TREE_TESTS(0, "debian12-vm"),
		TREE_TESTS(1, "kernel419-nopsi"),
		TREE_TESTS(2, "server-96cpu"),
		TREE_TESTS(3, "nvme-dm"),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_old_kernel),
		cmocka_unit_test(test_old_psi),
		cmocka_unit_test(test_odd_inputs),
		cmocka_unit_test(test_pressure_eopnotsupp),
	};

	/* The bad inputs log errors on purpose: on stderr, not in syslog. */
	log_init("test_proc_basic", LOG_LVL_ERR, LOG_DEST_STDERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
