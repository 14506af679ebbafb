/*
 * test_proc_disk_net.c - unit tests of the /proc/diskstats and /proc/net/dev
 * readers against the fixture trees.
 *
 * Each tree is read as the collector would read it and the exact set of
 * devices kept, their order and their counters are checked, so that a
 * shifted column, a dropped disk or a kept partition fails a test.  The
 * fixtures under tests/fixtures/bad-disk-net are read in
 * test_proc_disk_net_bad.c.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "log.h"
#include "proc.h"
#include "proc_check.h"

#define NCOUNTERS 17 /* disk counters after major, minor and name */

/* The counters in /proc/diskstats order, rd_ios to fl_ticks. */
static void
check_disk(const struct disk_raw *d, const char *label, unsigned major,
	   unsigned minor, const uint64_t want[NCOUNTERS])
{
	const uint64_t got[NCOUNTERS] = {
		d->rd_ios,    d->rd_merges,  d->rd_sectors,    d->rd_ticks,
		d->wr_ios,    d->wr_merges,  d->wr_sectors,    d->wr_ticks,
		d->in_flight, d->io_ticks,   d->time_in_queue, d->dc_ios,
		d->dc_merges, d->dc_sectors, d->dc_ticks,      d->fl_ios,
		d->fl_ticks,
	};
	size_t i;

	assert_string_equal(d->label, label);
	assert_int_equal(d->major, major);
	assert_int_equal(d->minor, minor);
	for (i = 0; i < NCOUNTERS; i++) {
		if (got[i] != want[i])
			fail_msg("%s counter %zu: got %ju, want %ju", d->name,
				 i + 1, (uintmax_t)got[i], (uintmax_t)want[i]);
	}
}

/* Captured from a 6.x VM: 20 fields, only vda did I/O (loops, zram0 idle). */
static void
test_debian12_disks(void **state)
{
	static const char *const want[] = { "vda", NULL };
	static const uint64_t vda[NCOUNTERS] = {
		27976, 6864, 2333170, 5609, 6035,   5601, 553176, 1508, 0,
		3344,  7410, 4564,    42,   153648, 254,  896,    37
	};
	struct proc_diskstats d;

	(void)state;
	read_disks("trees/debian12-vm", NULL, &d);
	check_disk_names(&d, want);
	check_disk(&d.disks[0], "", 254, 0, vda);
	proc_diskstats_free(&d);
}

static void
test_debian12_netifs(void **state)
{
	static const char *const all[] = { "eth0", "ifb0", "ifb1", "lo", NULL };
	static const char *const nolo[] = { "eth0", "ifb0", "ifb1", NULL };
	static const char *const eth[] = { "eth0", NULL };
	static const char *const ign_lo[] = { "lo", NULL };
	static const char *const ign_more[] = { "lo", "ifb*", NULL };
	static const uint64_t eth0[8] = {
		33371723, 804, 0, 0, 40367, 482, 0, 0
	};
	struct proc_netdev n;

	(void)state;
	read_netifs("trees/debian12-vm", NULL, &n);
	check_netif_names(&n, all);
	check_netif(&n.ifs[0], eth0);
	proc_netdev_free(&n);
	read_netifs("trees/debian12-vm", ign_lo, &n);
	check_netif_names(&n, nolo);
	proc_netdev_free(&n);
	read_netifs("trees/debian12-vm", ign_more, &n);
	check_netif_names(&n, eth);
	proc_netdev_free(&n);
}

/* 4.19: 18 fields, discard counters present, flush counters zero. */
static void
test_kernel419_disks(void **state)
{
	static const char *const want[] = { "sda", NULL };
	static const uint64_t sda[NCOUNTERS] = {
		184523,   25410,    9871234, 120456,  902134,  612345,
		45678912, 2345678,  0,       1023456, 2489012, 1520,
		12,       20971520, 3480,    0,       0
	};
	struct proc_diskstats d;

	(void)state;
	read_disks("trees/kernel419-nopsi", NULL, &d);
	check_disk_names(&d, want);
	check_disk(&d.disks[0], "", 8, 0, sda);
	proc_diskstats_free(&d);
}

static void
test_kernel419_netifs(void **state)
{
	static const char *const want[] = { "eth0", "lo", NULL };
	static const uint64_t eth0[8] = { 9876543210ULL, 12345678, 3, 152,
					  1234567890,    8765432,  0, 0 };
	static const uint64_t lo[8] = { 456789012, 1234567, 0, 0,
					456789012, 1234567, 0, 0 };
	struct proc_netdev n;

	(void)state;
	read_netifs("trees/kernel419-nopsi", NULL, &n);
	check_netif_names(&n, want);
	check_netif(&n.ifs[0], eth0);
	check_netif(&n.ifs[1], lo);
	proc_netdev_free(&n);
}

/* 5.15: 20 fields; snap loop devices did I/O, so only a pattern drops them. */
static void
test_server_disks(void **state)
{
	static const char *const all[] = { "loop0", "loop1", "loop2",
					   "loop3", "loop4", "loop5",
					   "sda",   "sdb",   NULL };
	static const char *const disks[] = { "sda", "sdb", NULL };
	static const char *const ignore[] = { "loop*", "ram*", NULL };
	static const uint64_t sda[NCOUNTERS] = {
		2345678,   123456,    187654321, 1456789,  34567890, 23456789,
		987654321, 45678901,  3,         23456789, 48765432, 12345,
		67,        123456789, 23456,     1234567,  456789
	};
	static const uint64_t sdb[NCOUNTERS] = { 45678901,
						 2345678,
						 9876543210ULL,
						 98765432,
						 23456789,
						 12345678,
						 3456789012ULL,
						 87654321,
						 12,
						 76543210,
						 186419753,
						 0,
						 0,
						 0,
						 0,
						 456789,
						 123456 };
	struct proc_diskstats d;

	(void)state;
	read_disks("trees/server-96cpu", NULL, &d);
	check_disk_names(&d, all);
	assert_int_equal(d.disks[2].rd_ios, 3210);
	proc_diskstats_free(&d);
	read_disks("trees/server-96cpu", ignore, &d);
	check_disk_names(&d, disks);
	check_disk(&d.disks[0], "", 8, 0, sda);
	check_disk(&d.disks[1], "", 8, 16, sdb);
	proc_diskstats_free(&d);
}

static void
test_server_netifs(void **state)
{
	static const char *const all[] = { "bond0",       "docker0",
					   "eno1",        "eno2",
					   "lo",          "veth3f1c2a7",
					   "veth8b0d4e1", NULL };
	static const char *const phys[] = { "bond0", "eno1", "eno2", NULL };
	static const char *const ignore[] = { "lo", "veth*", "docker*", NULL };
	static const uint64_t bond0[8] = { 1864197532085ULL, 1419753207, 2, 46,
					   233333332222ULL,  433333322,  0, 0 };
	static const uint64_t docker0[8] = { 4567890,  56789, 0, 0,
					     98765432, 67890, 0, 3 };
	struct proc_netdev n;

	(void)state;
	read_netifs("trees/server-96cpu", NULL, &n);
	check_netif_names(&n, all);
	check_netif(&n.ifs[0], bond0);
	check_netif(&n.ifs[1], docker0);
	proc_netdev_free(&n);
	read_netifs("trees/server-96cpu", ignore, &n);
	check_netif_names(&n, phys);
	check_netif(&n.ifs[0], bond0);
	proc_netdev_free(&n);
}

/* 6.1: NVMe partitions dropped, LVM volumes kept with their dm names. */
static void
test_nvme_dm_disks(void **state)
{
	static const char *const want[] = { "dm-0",    "dm-1",    "dm-2",
					    "nvme0n1", "nvme1n1", NULL };
	static const char *const nodm[] = { "nvme0n1", "nvme1n1", NULL };
	static const char *const ignore[] = { "dm-*", NULL };
	static const uint64_t dm1[NCOUNTERS] = {
		2345, 0,    18760, 1234, 4567,  0, 36536, 5678, 0,
		3456, 6912, 12,    0,    65536, 3, 0,     0
	};
	static const uint64_t nvme1n1[NCOUNTERS] = {
		567890,   12345,     45678901, 123456, 789012, 345678,
		67890123, 456789,    0,        678901, 580245, 4567,
		0,        123456789, 2345,     34567,  5678
	};
	struct proc_diskstats d;

	(void)state;
	read_disks("trees/nvme-dm", NULL, &d);
	check_disk_names(&d, want);
	assert_string_equal(d.disks[0].label, "vg0-root");
	check_disk(&d.disks[1], "vg0-swap", 253, 1, dm1);
	assert_string_equal(d.disks[2].label, "vg0-home");
	assert_string_equal(d.disks[3].label, "");
	check_disk(&d.disks[4], "", 259, 3, nvme1n1);
	proc_diskstats_free(&d);
	read_disks("trees/nvme-dm", ignore, &d);
	check_disk_names(&d, nodm);
	proc_diskstats_free(&d);
}

static void
test_nvme_dm_netifs(void **state)
{
	static const char *const want[] = { "enp3s0", "lo", "wlp2s0", NULL };
	static const uint64_t wlp2s0[8] = { 9876543210ULL, 8765432, 0, 4321,
					    1234567890,    2345678, 0, 12 };
	struct proc_netdev n;

	(void)state;
	read_netifs("trees/nvme-dm", NULL, &n);
	check_netif_names(&n, want);
	check_netif(&n.ifs[2], wlp2s0);
	proc_netdev_free(&n);
}

/* 4.9: 14 fields, names with '/' that sysfs spells with '!'. */
static void
test_kernel49_cciss_disks(void **state)
{
	static const char *const want[] = { "cciss/c0d0", "cciss/c0d1", NULL };
	static const uint64_t c0d0[NCOUNTERS] = {
		345678,   12345,   23456789, 234567,  1234567, 987654,
		34567890, 3456789, 0,        1234567, 3691356, 0,
		0,        0,       0,        0,       0
	};
	struct proc_diskstats d;

	(void)state;
	read_disks("kernel49-cciss", NULL, &d);
	check_disk_names(&d, want);
	check_disk(&d.disks[0], "", 104, 0, c0d0);
	assert_int_equal(d.disks[1].minor, 16);
	proc_diskstats_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian12_disks),
		cmocka_unit_test(test_debian12_netifs),
		cmocka_unit_test(test_kernel419_disks),
		cmocka_unit_test(test_kernel419_netifs),
		cmocka_unit_test(test_server_disks),
		cmocka_unit_test(test_server_netifs),
		cmocka_unit_test(test_nvme_dm_disks),
		cmocka_unit_test(test_nvme_dm_netifs),
		cmocka_unit_test(test_kernel49_cciss_disks),
	};

	log_init("test_proc_disk_net", LOG_LVL_WARN, LOG_DEST_STDERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
