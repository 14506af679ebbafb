/*
 * test_proc_basic.c - unit tests of the single-file /proc readers (stat,
 * uptime, loadavg, meminfo, vmstat, pressure, net/snmp).  The scanners
 * they share are tested in test_proc_parse.c.
 *
 * Every reader is run on every fixture tree and each value is compared
 * with the number in the fixture file, so a shifted column, a lost unit
 * conversion or a wrong key fails a test.  The malformed, old and odd
 * roots under tests/fixtures/bad are read in test_proc_basic_bad.c.
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
#include "proc_check.h"

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
		cmocka_unit_test(test_pressure_eopnotsupp),
	};

	/* The failed reads log errors on purpose: on stderr, not in syslog. */
	log_init("test_proc_basic", LOG_LVL_ERR, LOG_DEST_STDERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
