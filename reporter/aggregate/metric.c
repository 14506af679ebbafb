/*
 * metric.c - the table of presented metrics and their series.
 */
#include <math.h>
#include <string.h>

#include "metric.h"
#include "rules.h"

#define H(c) HM_##c
#define NONE (-1)

const struct metric_def metric_defs[] = {
	/* busy is time spent running: iowait is idle time, its own metric */
	{ "cpu_busy_pct", "cpu", "CPU busy", "%", MS_HOST, MO_100_MINUS_SUM,
	  H(cpu_idle_pct), H(cpu_iowait_pct), 1, RULE_cpu_busy },
	{ "cpu_user_pct", "cpu", "user", "%", MS_HOST, MO_COL, H(cpu_user_pct),
	  0, 1, NONE },
	{ "cpu_system_pct", "cpu", "system", "%", MS_HOST, MO_COL,
	  H(cpu_system_pct), 0, 1, NONE },
	{ "cpu_iowait_pct", "cpu", "iowait", "%", MS_HOST, MO_COL,
	  H(cpu_iowait_pct), 0, 1, RULE_iowait },
	{ "cpu_steal_pct", "cpu", "steal", "%", MS_HOST, MO_COL,
	  H(cpu_steal_pct), 0, 1, RULE_steal },
	{ "load1", "cpu", "load (1 min)", "", MS_HOST, MO_COL, H(load1), 0, 2,
	  NONE },
	{ "load_per_cpu", "cpu", "load per CPU", "", MS_HOST, MO_PER_CPU,
	  H(load1), 0, 2, RULE_load_per_cpu },
	{ "ctxt_per_s", "cpu", "context switches", "1/s", MS_HOST, MO_COL,
	  H(ctxt_per_s), 0, 0, NONE },
	{ "procs_blocked", "cpu", "blocked tasks", "", MS_HOST, MO_COL,
	  H(procs_blocked), 0, 0, NONE },
	{ "mem_used_pct", "memory", "memory used", "%", MS_HOST, MO_COL,
	  H(mem_used_pct), 0, 1, RULE_memory_used },
	{ "swap_used_pct", "memory", "swap used", "%", MS_HOST, MO_COL,
	  H(swap_used_pct), 0, 1, NONE },
	{ "swapout_pages_per_s", "memory", "swap out", "pages/s", MS_HOST,
	  MO_COL, H(swapout_pages_per_s), 0, 1, RULE_swapping },
	{ "majfault_per_s", "memory", "major faults", "1/s", MS_HOST, MO_COL,
	  H(majfault_per_s), 0, 1, RULE_major_faults },
	{ "psi_cpu_some_pct", "pressure", "CPU stall (some)", "%", MS_HOST,
	  MO_COL, H(psi_cpu_some_pct), 0, 2, RULE_psi_cpu },
	{ "psi_memory_some_pct", "pressure", "memory stall (some)", "%",
	  MS_HOST, MO_COL, H(psi_memory_some_pct), 0, 2, RULE_psi_memory },
	{ "psi_io_some_pct", "pressure", "I/O stall (some)", "%", MS_HOST,
	  MO_COL, H(psi_io_some_pct), 0, 2, RULE_psi_io },
	{ "psi_io_full_pct", "pressure", "I/O stall (full)", "%", MS_HOST,
	  MO_COL, H(psi_io_full_pct), 0, 2, NONE },
	{ "tcp_established", "network", "TCP connections", "", MS_HOST, MO_COL,
	  H(tcp_established), 0, 0, NONE },
	{ "tcp_retrans_pct", "network", "TCP retransmits", "%", MS_HOST,
	  MO_RATIO_PCT, H(tcp_retrans_segs_per_s), H(tcp_out_segs_per_s), 2,
	  RULE_tcp_retrans },
	{ "disk.util_pct", "disk", "utilisation", "%", MS_DISK, MO_COL,
	  disk_util_pct, 0, 1, RULE_disk_util },
	{ "disk.await_ms", "disk", "await", "ms", MS_DISK, MO_COL,
	  disk_await_ms, 0, 2, RULE_disk_await },
	{ "disk.reads_per_s", "disk", "reads", "1/s", MS_DISK, MO_COL,
	  disk_reads_per_s, 0, 1, NONE },
	{ "disk.writes_per_s", "disk", "writes", "1/s", MS_DISK, MO_COL,
	  disk_writes_per_s, 0, 1, NONE },
	{ "disk.read_bytes_per_s", "disk", "read", "B/s", MS_DISK, MO_COL,
	  disk_read_bytes_per_s, 0, 0, NONE },
	{ "disk.write_bytes_per_s", "disk", "written", "B/s", MS_DISK, MO_COL,
	  disk_write_bytes_per_s, 0, 0, NONE },
	{ "disk.queue_size", "disk", "queue", "", MS_DISK, MO_COL,
	  disk_queue_size, 0, 2, NONE },
	{ "filesystem.used_pct", "filesystem", "used", "%", MS_FS, MO_COL,
	  filesystem_used_pct, 0, 1, RULE_fs_used },
	{ "filesystem.inodes_used_pct", "filesystem", "inodes used", "%", MS_FS,
	  MO_COL, filesystem_inodes_used_pct, 0, 1, NONE },
	{ "netif.rx_bytes_per_s", "netif", "received", "B/s", MS_NETIF, MO_COL,
	  netif_rx_bytes_per_s, 0, 0, NONE },
	{ "netif.tx_bytes_per_s", "netif", "sent", "B/s", MS_NETIF, MO_COL,
	  netif_tx_bytes_per_s, 0, 0, NONE },
	{ "netif.errors_per_s", "netif", "errors", "1/s", MS_NETIF, MO_SUM,
	  netif_rx_errors_per_s, netif_tx_errors_per_s, 2, RULE_net_errors },
	{ "netif.drops_per_s", "netif", "drops", "1/s", MS_NETIF, MO_SUM,
	  netif_rx_drops_per_s, netif_tx_drops_per_s, 2, RULE_net_drops },
};

const size_t metric_ndefs = sizeof(metric_defs) / sizeof(metric_defs[0]);

const struct metric_def *
metric_find(const char *id)
{
	size_t i;

	for (i = 0; i < metric_ndefs; i++)
		if (strcmp(metric_defs[i].id, id) == 0)
			return &metric_defs[i];
	return NULL;
}

enum dev_kind
metric_dev_kind(enum metric_scope s)
{
	return s == MS_DISK ? DEV_DISK : s == MS_FS ? DEV_FS : DEV_NETIF;
}

size_t
metric_series(const struct metric_def *m, const struct dataset *d,
	      const struct dev_data *dev, double *out)
{
	const double *a, *b = NULL;
	const double *ncpu = d->v[HM_cpu_count];
	size_t n, i;

	if (m->scope == MS_HOST) {
		n = d->n;
		a = d->v[m->a];
		if (m->op != MO_COL && m->op != MO_PER_CPU)
			b = d->v[m->b];
	} else {
		n = dev->n;
		a = dev->v[m->a];
		if (m->op != MO_COL && m->op != MO_PER_CPU)
			b = dev->v[m->b];
	}
	/* a column the loader does not read (load.c) is NULL: no values */
	if (!a || (m->op != MO_COL && m->op != MO_PER_CPU && !b) ||
	    (m->op == MO_PER_CPU && !ncpu)) {
		for (i = 0; i < n; i++)
			out[i] = NAN;
		return n;
	}
	for (i = 0; i < n; i++) {
		switch (m->op) {
		case MO_COL:
			out[i] = a[i];
			break;
		case MO_100_MINUS_SUM:
			out[i] = 100 - (a[i] + b[i]);
			break;
		case MO_PER_CPU:
			out[i] = ncpu[i] > 0 ? a[i] / ncpu[i] : NAN;
			break;
		case MO_RATIO_PCT:
			out[i] = b[i] > 0 ? a[i] / b[i] * 100 : NAN;
			break;
		case MO_SUM:
			out[i] = a[i] + b[i];
			break;
		}
	}
	return n;
}
