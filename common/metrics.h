/*
 * metrics.h - the metrics a snapshot stores, declared once.
 *
 * Host-wide metrics are X(column) of the snapshot table, named by the
 * column (cpu_user_pct) in hourly rollups and the report.  Device metrics
 * are X(table, column) with one row per snapshot and device, named
 * "table.column" (disk.await_ms).  Adding a metric
 * is a schema migration, a line here, and a line in docs/schema.md.
 */
#ifndef PW_METRICS_H
#define PW_METRICS_H

/*
 * The lists stay as written: clang-format cannot lay out a run of X()
 * calls that has no separator.
 */
/* clang-format off */
#define PW_HOST_METRICS(X)						\
	X(cpu_count) X(cpu_user_pct) X(cpu_nice_pct) X(cpu_system_pct)	\
	X(cpu_iowait_pct) X(cpu_irq_pct) X(cpu_softirq_pct)		\
	X(cpu_steal_pct) X(cpu_idle_pct) X(ctxt_per_s) X(intr_per_s)	\
	X(procs_running) X(procs_blocked) X(load1) X(load5) X(load15)	\
	X(mem_total_bytes) X(mem_available_bytes) X(mem_used_pct)	\
	X(mem_cached_bytes) X(mem_buffers_bytes) X(swap_used_bytes)	\
	X(swap_used_pct) X(swapin_pages_per_s) X(swapout_pages_per_s)	\
	X(majfault_per_s) X(psi_cpu_some_pct) X(psi_memory_some_pct)	\
	X(psi_memory_full_pct) X(psi_io_some_pct) X(psi_io_full_pct)	\
	X(tcp_established) X(tcp_out_segs_per_s)			\
	X(tcp_retrans_segs_per_s)

#define PW_DISK_METRICS(X)						\
	X(disk, reads_per_s) X(disk, writes_per_s)			\
	X(disk, read_bytes_per_s) X(disk, write_bytes_per_s)		\
	X(disk, await_ms) X(disk, util_pct) X(disk, queue_size)		\
	X(disk, discards_per_s) X(disk, flushes_per_s)

#define PW_FS_METRICS(X)						\
	X(filesystem, size_bytes) X(filesystem, used_bytes)		\
	X(filesystem, avail_bytes) X(filesystem, used_pct)		\
	X(filesystem, inodes_used_pct)

#define PW_NETIF_METRICS(X)						\
	X(netif, rx_bytes_per_s) X(netif, tx_bytes_per_s)		\
	X(netif, rx_packets_per_s) X(netif, tx_packets_per_s)		\
	X(netif, rx_errors_per_s) X(netif, tx_errors_per_s)		\
	X(netif, rx_drops_per_s) X(netif, tx_drops_per_s)

#define PW_DEVICE_METRICS(X)						\
	PW_DISK_METRICS(X) PW_FS_METRICS(X) PW_NETIF_METRICS(X)
/* clang-format on */

#endif
