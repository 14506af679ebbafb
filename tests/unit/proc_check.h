/*
 * proc_check.h - what the tests of the /proc readers share: the path of a
 * fixture root and the checks of a reader's results against the expected
 * ones.  Include after <cmocka.h>; the functions are static inline, so a
 * test program carries only those it calls.
 */
#ifndef PW_TEST_PROC_CHECK_H
#define PW_TEST_PROC_CHECK_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "proc.h"

#define KB(n) ((uint64_t)(n)*1024)

/* "$PERFWEEK_SRC/tests/fixtures/<dir>/<sub>" */
static inline const char *
fixture(char *dst, size_t dstsz, const char *dir, const char *sub)
{
	const char *src = getenv("PERFWEEK_SRC");
	int n;

	n = snprintf(dst, dstsz, "%s/tests/fixtures/%s/%s", src ? src : ".",
		     dir, sub);
	assert_true(n > 0 && (size_t)n < dstsz);
	return dst;
}

/* "$PERFWEEK_SRC/tests/fixtures/<dir>/proc" */
static inline const char *
proc_root(char *dst, size_t dstsz, const char *dir)
{
	return fixture(dst, dstsz, dir, "proc");
}

/* Every field of a struct proc_stat. */
static inline void
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

/* Read the disks of a fixture dir ("trees/nvme-dm"); must succeed. */
static inline void
read_disks(const char *dir, const char *const *ignore, struct proc_diskstats *d)
{
	char proc[PATH_MAX], sys[PATH_MAX];

	assert_int_equal(
		proc_diskstats_read(fixture(proc, sizeof(proc), dir, "proc"),
				    fixture(sys, sizeof(sys), dir, "sys"),
				    ignore, d),
		PW_OK);
}

static inline void
read_netifs(const char *dir, const char *const *ignore, struct proc_netdev *n)
{
	char proc[PATH_MAX];

	assert_int_equal(
		proc_netdev_read(fixture(proc, sizeof(proc), dir, "proc"),
				 ignore, n),
		PW_OK);
}

/* want is NULL-terminated and in the order the reader must return. */
static inline void
check_disk_names(const struct proc_diskstats *d, const char *const *want)
{
	size_t i;

	for (i = 0; want[i]; i++) {
		assert_true(i < d->ndisks);
		assert_string_equal(d->disks[i].name, want[i]);
	}
	assert_int_equal(d->ndisks, i);
}

static inline void
check_netif_names(const struct proc_netdev *n, const char *const *want)
{
	size_t i;

	for (i = 0; want[i]; i++) {
		assert_true(i < n->nifs);
		assert_string_equal(n->ifs[i].name, want[i]);
	}
	assert_int_equal(n->nifs, i);
}

/* rx bytes packets errors drops, then tx the same. */
static inline void
check_netif(const struct netif_raw *n, const uint64_t want[8])
{
	assert_int_equal(n->rx_bytes, want[0]);
	assert_int_equal(n->rx_packets, want[1]);
	assert_int_equal(n->rx_errors, want[2]);
	assert_int_equal(n->rx_drops, want[3]);
	assert_int_equal(n->tx_bytes, want[4]);
	assert_int_equal(n->tx_packets, want[5]);
	assert_int_equal(n->tx_errors, want[6]);
	assert_int_equal(n->tx_drops, want[7]);
}

#endif
