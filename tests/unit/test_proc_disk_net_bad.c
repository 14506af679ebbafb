/*
 * test_proc_disk_net_bad.c - the /proc/diskstats and /proc/net/dev readers
 * on the fixtures under tests/fixtures/bad-disk-net, and on none.
 *
 * Every malformed file must give PW_EPARSE and leave the out-parameter as
 * it was; a name too long to store skips its line only; the glued names
 * of old kernels, an empty or missing file and a missing /sys have defined
 * outcomes, and freeing an empty list twice is harmless.
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

/* Every malformed file fails the whole read and leaves out alone. */
static void
test_malformed(void **state)
{
	static const char *const disk_dirs[] = { "disk-nonnumeric",
						 "disk-truncated",
						 "disk-overflow",
						 "disk-negative", NULL };
	static const char *const net_dirs[] = {
		"net-nocolon",  "net-short", "net-nonnumeric",
		"net-noheader", "empty",     NULL
	};
	struct disk_raw disk_marker;
	struct netif_raw netif_marker;
	char dir[PATH_MAX], proc[PATH_MAX], sys[PATH_MAX];
	size_t i;

	(void)state;
	for (i = 0; disk_dirs[i]; i++) {
		struct proc_diskstats d = { &disk_marker, 7 };

		snprintf(dir, sizeof(dir), "bad-disk-net/%s", disk_dirs[i]);
		assert_int_equal(
			proc_diskstats_read(
				fixture(proc, sizeof(proc), dir, "proc"),
				fixture(sys, sizeof(sys), dir, "sys"), NULL,
				&d),
			PW_EPARSE);
		assert_ptr_equal(d.disks, &disk_marker);
		assert_int_equal(d.ndisks, 7);
	}
	for (i = 0; net_dirs[i]; i++) {
		struct proc_netdev n = { &netif_marker, 9 };

		snprintf(dir, sizeof(dir), "bad-disk-net/%s", net_dirs[i]);
		assert_int_equal(proc_netdev_read(fixture(proc, sizeof(proc),
							  dir, "proc"),
						  NULL, &n),
				 PW_EPARSE);
		assert_ptr_equal(n.ifs, &netif_marker);
		assert_int_equal(n.nifs, 9);
	}
}

/* A name too long to store skips that line only. */
static void
test_long_names_skipped(void **state)
{
	static const char *const disks[] = { "sda", NULL };
	static const char *const netifs[] = { "eth0", "lo", NULL };
	static const uint64_t eth0[8] = { 5000, 40, 1, 2, 6000, 50, 4, 5 };
	struct proc_diskstats d;
	struct proc_netdev n;

	(void)state;
	read_disks("bad-disk-net/longname", NULL, &d);
	check_disk_names(&d, disks);
	assert_int_equal(d.disks[0].wr_sectors, 160000);
	proc_diskstats_free(&d);
	read_netifs("bad-disk-net/longname", NULL, &n);
	check_netif_names(&n, netifs);
	check_netif(&n.ifs[0], eth0);
	proc_netdev_free(&n);
}

/* Old kernels glue the name to a wide first number: "eth0:1234567890". */
static void
test_netdev_glued(void **state)
{
	static const char *const want[] = { "eth0", "lo", NULL };
	static const uint64_t eth0[8] = { 1234567890, 987654, 0, 0,
					  12345678,   87654,  0, 0 };
	struct proc_netdev n;

	(void)state;
	read_netifs("bad-disk-net/net-glued", NULL, &n);
	check_netif_names(&n, want);
	check_netif(&n.ifs[0], eth0);
	assert_int_equal(n.ifs[1].rx_bytes, 100);
	proc_netdev_free(&n);
}

/* An empty diskstats, a missing file, a missing /sys: defined outcomes. */
static void
test_empty_and_missing(void **state)
{
	struct disk_raw marker;
	struct proc_diskstats d = { &marker, 3 };
	struct proc_netdev n = { NULL, 5 };
	char proc[PATH_MAX], sys[PATH_MAX];

	(void)state;
	/* an empty diskstats is a cut-off file: refused, d left alone */
	assert_int_equal(
		proc_diskstats_read(
			fixture(proc, sizeof(proc), "bad-disk-net/empty",
				"proc"),
			fixture(sys, sizeof(sys), "bad-disk-net/empty", "sys"),
			NULL, &d),
		PW_EPARSE);
	assert_ptr_equal(d.disks, &marker);
	assert_int_equal(d.ndisks, 3);

	d.disks = &marker;
	d.ndisks = 3;
	fixture(proc, sizeof(proc), "trees/nvme-dm", "no-such-dir");
	assert_int_equal(proc_diskstats_read(proc, proc, NULL, &d),
			 PW_ENOTFOUND);
	assert_ptr_equal(d.disks, &marker);
	assert_int_equal(proc_netdev_read(proc, NULL, &n), PW_ENOTFOUND);
	assert_int_equal(n.nifs, 5);

	/* Without /sys/block nothing is known to be a whole disk. */
	assert_int_equal(
		proc_diskstats_read(
			fixture(proc, sizeof(proc), "trees/nvme-dm", "proc"),
			fixture(sys, sizeof(sys), "trees/nvme-dm",
				"no-such-dir"),
			NULL, &d),
		PW_OK);
	assert_int_equal(d.ndisks, 0);
	proc_diskstats_free(&d);
}

static void
test_free_empty(void **state)
{
	struct proc_diskstats d = { NULL, 0 };
	struct proc_netdev n = { NULL, 0 };

	(void)state;
	proc_diskstats_free(&d);
	proc_diskstats_free(&d);
	proc_diskstats_free(NULL);
	proc_netdev_free(&n);
	proc_netdev_free(NULL);
	assert_null(d.disks);
	assert_int_equal(d.ndisks, 0);
	assert_null(n.ifs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_long_names_skipped),
		cmocka_unit_test(test_netdev_glued),
		cmocka_unit_test(test_empty_and_missing),
		cmocka_unit_test(test_free_empty),
	};

	log_init("test_proc_disk_net_bad", LOG_LVL_WARN, LOG_DEST_STDERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
