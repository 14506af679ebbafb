/*
 * delta.h - derived values of a snapshot: rates and percentages.
 *
 * Rates are the average over the whole interval since the previous
 * snapshot, as sysstat computes them, measured against /proc/uptime so that
 * a wall-clock step cannot distort them.  There are no rates (NAN, stored as
 * NULL) for the first snapshot, the first after a reboot, a group whose
 * counters went backwards (a reset), or a device seen for the first time.
 * Gauges (load, memory, established connections) are always present.
 */
#ifndef PW_DELTA_H
#define PW_DELTA_H

#include <stddef.h>

#include "counters.h"
#include "snapshot.h"

struct cpu_row {
	unsigned ncpu;
	double user_pct, nice_pct, system_pct, iowait_pct, irq_pct;
	double softirq_pct, steal_pct, idle_pct;
	double ctxt_per_s, intr_per_s;
	unsigned procs_running, procs_blocked;
	double load1, load5, load15; /* NAN without /proc/loadavg */
};

struct mem_row {
	uint64_t total_bytes, available_bytes, cached_bytes, buffers_bytes;
	uint64_t swap_total_bytes, swap_used_bytes;
	double used_pct, swap_used_pct; /* swap_used_pct NAN without swap */
	double swapin_pages_per_s, swapout_pages_per_s, majfault_per_s;
};

struct psi_row {
	double cpu_some_pct, memory_some_pct, memory_full_pct;
	double io_some_pct, io_full_pct;
};

struct tcp_row {
	double established;
	double out_segs_per_s, retrans_segs_per_s;
};

struct disk_row {
	const struct disk_raw *raw; /* borrowed from the snapshot */
	double reads_per_s, writes_per_s;
	double read_bytes_per_s, write_bytes_per_s;
	double await_ms, util_pct, queue_size;
	double discards_per_s, flushes_per_s; /* NaN: the kernel has none */
};

struct netif_row {
	const struct netif_raw *raw; /* borrowed from the snapshot */
	double rx_bytes_per_s, tx_bytes_per_s;
	double rx_packets_per_s, tx_packets_per_s;
	double rx_errors_per_s, tx_errors_per_s;
	double rx_drops_per_s, tx_drops_per_s;
};

struct sample {
	int baseline;      /* no previous counters, or a reboot */
	double interval_s; /* NAN when baseline */
	struct cpu_row cpu;
	struct mem_row mem;
	int has_psi;
	struct psi_row psi; /* all NAN without /proc/pressure */
	int has_tcp;
	struct tcp_row tcp;     /* all NAN without /proc/net/snmp */
	struct disk_row *disks; /* owned, snapshot's order */
	size_t ndisks;
	struct netif_row *netifs; /* owned, snapshot's order */
	size_t nnetifs;
};

/*
 * Derive s from the snapshot cur and the previous counters prev (empty set
 * for none).  Fills next with the counters to save for the next snapshot.
 * Free s with sample_free, next with counter_set_free.
 */
enum pw_status
delta_compute(const struct snapshot *cur, const struct counter_set *prev,
	      struct sample *s, struct counter_set *next);
void sample_free(struct sample *s);

#endif
