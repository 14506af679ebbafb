/*
 * metrics.h - the metrics a snapshot stores, declared once.
 *
 * Each X(table, column) names a stored metric; its name elsewhere (hourly
 * rollups, the report) is "table.column".  Host-wide metrics have one row
 * per snapshot; device metrics one per snapshot and device.  Adding a metric
 * is a schema migration, a line here, and a line in docs/schema.md.
 */
#ifndef PW_METRICS_H
#define PW_METRICS_H

#define PW_HOST_METRICS(X)						\
	X(cpu, user_pct) X(cpu, nice_pct) X(cpu, system_pct)		\
	X(cpu, iowait_pct) X(cpu, irq_pct) X(cpu, softirq_pct)		\
	X(cpu, steal_pct) X(cpu, idle_pct) X(cpu, ctxt_per_s)		\
	X(cpu, intr_per_s) X(cpu, procs_running) X(cpu, procs_blocked)	\
	X(cpu, load1) X(cpu, load5) X(cpu, load15) X(cpu, ncpu)		\
	X(memory, total_bytes) X(memory, available_bytes)		\
	X(memory, used_pct) X(memory, cached_bytes)			\
	X(memory, buffers_bytes) X(memory, swap_used_bytes)		\
	X(memory, swap_used_pct) X(memory, swapin_pages_per_s)		\
	X(memory, swapout_pages_per_s) X(memory, majfault_per_s)	\
	X(pressure, cpu_some_pct) X(pressure, memory_some_pct)		\
	X(pressure, memory_full_pct) X(pressure, io_some_pct)		\
	X(pressure, io_full_pct)					\
	X(tcp, established) X(tcp, out_segs_per_s)			\
	X(tcp, retrans_segs_per_s)

#define PW_DEVICE_METRICS(X)						\
	X(disk, reads_per_s) X(disk, writes_per_s)			\
	X(disk, read_bytes_per_s) X(disk, write_bytes_per_s)		\
	X(disk, await_ms) X(disk, util_pct) X(disk, queue_size)		\
	X(filesystem, size_bytes) X(filesystem, used_bytes)		\
	X(filesystem, avail_bytes) X(filesystem, used_pct)		\
	X(filesystem, inodes_used_pct)					\
	X(netif, rx_bytes_per_s) X(netif, tx_bytes_per_s)		\
	X(netif, rx_packets_per_s) X(netif, tx_packets_per_s)		\
	X(netif, rx_errors_per_s) X(netif, tx_errors_per_s)		\
	X(netif, rx_drops_per_s) X(netif, tx_drops_per_s)

#endif
