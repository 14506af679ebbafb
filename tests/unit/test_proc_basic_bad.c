/*
 * test_proc_basic_bad.c - the single-file /proc readers of
 * test_proc_basic.c on the roots under tests/fixtures/bad (see its
 * README.md).
 *
 * The malformed roots must give PW_EPARSE and leave the out-parameter
 * untouched, a missing root PW_ENOTFOUND; the roots of older kernels and
 * the odd but valid ones must parse to the numbers in their files.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"
#include "log.h"
#include "proc.h"
#include "proc_check.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_old_kernel),
		cmocka_unit_test(test_old_psi),
		cmocka_unit_test(test_odd_inputs),
	};

	/* The bad inputs log errors on purpose: on stderr, not in syslog. */
	log_init("test_proc_basic_bad", LOG_LVL_ERR, LOG_DEST_STDERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
