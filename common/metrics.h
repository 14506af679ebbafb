/*
 * metrics.h - the metrics a snapshot stores, declared once.
 *
 * Host-wide metrics are X(column, type, field): a column of the snapshot
 * table, its declared SQLite type, and the field of the collector's struct
 * sample (collector/delta.h) it is written from.  They are named by the
 * column (cpu_user_pct) in hourly rollups and the report.  Device metrics
 * are X(table, column, type), one row per snapshot and device, written
 * from the field of the same name in the collector's row struct
 * (disk_row, netif_row, fs_usage), and named "table.column"
 * (disk.await_ms).  The collector's INSERT statements (collector/store.c),
 * the rollups (collector/maintain.c) and the report's column names are all
 * generated from these lists, so a column name and the value written to it
 * always come from the same line.
 *
 * Adding a metric is a schema migration that adds the column, one line
 * here (with the struct field the collector fills), and a line in
 * docs/schema.md.  tests/unit/test_metrics.c fails when a list and its
 * migrated table disagree, in either direction, or on a column's type.
 */
#ifndef PW_METRICS_H
#define PW_METRICS_H

/*
 * The lists stay as written: clang-format cannot lay out a run of X()
 * calls that has no separator.
 */
/* clang-format off */
#define PW_HOST_METRICS(X)						\
	X(cpu_count,              INTEGER, cpu.ncpu)			\
	X(cpu_user_pct,           REAL,    cpu.user_pct)		\
	X(cpu_nice_pct,           REAL,    cpu.nice_pct)		\
	X(cpu_system_pct,         REAL,    cpu.system_pct)		\
	X(cpu_iowait_pct,         REAL,    cpu.iowait_pct)		\
	X(cpu_irq_pct,            REAL,    cpu.irq_pct)			\
	X(cpu_softirq_pct,        REAL,    cpu.softirq_pct)		\
	X(cpu_steal_pct,          REAL,    cpu.steal_pct)		\
	X(cpu_idle_pct,           REAL,    cpu.idle_pct)		\
	X(ctxt_per_s,             REAL,    cpu.ctxt_per_s)		\
	X(intr_per_s,             REAL,    cpu.intr_per_s)		\
	X(procs_running,          INTEGER, cpu.procs_running)		\
	X(procs_blocked,          INTEGER, cpu.procs_blocked)		\
	X(load1,                  REAL,    cpu.load1)			\
	X(load5,                  REAL,    cpu.load5)			\
	X(load15,                 REAL,    cpu.load15)			\
	X(mem_total_bytes,        INTEGER, mem.total_bytes)		\
	X(mem_available_bytes,    INTEGER, mem.available_bytes)		\
	X(mem_used_pct,           REAL,    mem.used_pct)		\
	X(mem_cached_bytes,       INTEGER, mem.cached_bytes)		\
	X(mem_buffers_bytes,      INTEGER, mem.buffers_bytes)		\
	X(swap_total_bytes,       INTEGER, mem.swap_total_bytes)	\
	X(swap_used_bytes,        INTEGER, mem.swap_used_bytes)		\
	X(swap_used_pct,          REAL,    mem.swap_used_pct)		\
	X(swapin_pages_per_s,     REAL,    mem.swapin_pages_per_s)	\
	X(swapout_pages_per_s,    REAL,    mem.swapout_pages_per_s)	\
	X(majfault_per_s,         REAL,    mem.majfault_per_s)		\
	X(psi_cpu_some_pct,       REAL,    psi.cpu_some_pct)		\
	X(psi_memory_some_pct,    REAL,    psi.memory_some_pct)		\
	X(psi_memory_full_pct,    REAL,    psi.memory_full_pct)		\
	X(psi_io_some_pct,        REAL,    psi.io_some_pct)		\
	X(psi_io_full_pct,        REAL,    psi.io_full_pct)		\
	X(tcp_established,        INTEGER, tcp.established)		\
	X(tcp_out_segs_per_s,     REAL,    tcp.out_segs_per_s)		\
	X(tcp_retrans_segs_per_s, REAL,    tcp.retrans_segs_per_s)

#define PW_DISK_METRICS(X)						\
	X(disk, reads_per_s,       REAL)				\
	X(disk, writes_per_s,      REAL)				\
	X(disk, read_bytes_per_s,  REAL)				\
	X(disk, write_bytes_per_s, REAL)				\
	X(disk, await_ms,          REAL)				\
	X(disk, util_pct,          REAL)				\
	X(disk, queue_size,        REAL)				\
	X(disk, discards_per_s,    REAL)				\
	X(disk, flushes_per_s,     REAL)

#define PW_FS_METRICS(X)						\
	X(filesystem, size_bytes,      INTEGER)				\
	X(filesystem, used_bytes,      INTEGER)				\
	X(filesystem, avail_bytes,     INTEGER)				\
	X(filesystem, used_pct,        REAL)				\
	X(filesystem, inodes_used_pct, REAL)

#define PW_NETIF_METRICS(X)						\
	X(netif, rx_bytes_per_s,   REAL)				\
	X(netif, tx_bytes_per_s,   REAL)				\
	X(netif, rx_packets_per_s, REAL)				\
	X(netif, tx_packets_per_s, REAL)				\
	X(netif, rx_errors_per_s,  REAL)				\
	X(netif, tx_errors_per_s,  REAL)				\
	X(netif, rx_drops_per_s,   REAL)				\
	X(netif, tx_drops_per_s,   REAL)

#define PW_DEVICE_METRICS(X)						\
	PW_DISK_METRICS(X) PW_FS_METRICS(X) PW_NETIF_METRICS(X)
/* clang-format on */

#endif
