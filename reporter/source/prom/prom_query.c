/*
 * prom_query.c - the metrics a report reads from node_exporter, and
 * their PromQL (docs/prometheus.md lists every expression and why it is
 * written so).
 *
 * The expressions follow Grafana's Node Exporter Full dashboard, in the
 * exact form: a counter's rate is irate() over a window longer than the
 * gaps it should bridge, kept only at the instants where the series has
 * a sample fresher than one step (FRESH below: count_over_time over a
 * window a millisecond shorter than the step, as Prometheus's range
 * selectors include both ends; timestamp() would say the same, ten times
 * slower).  With samples at the
 * same instants as the collector's snapshots, each value is then the
 * collector's delta over its interval, not rate()'s extrapolated and
 * smoothed one; prom_series.c drops the first value after a reboot, as
 * the collector stores a baseline there.  A gauge is kept fresh the same
 * way, so that no value is repeated into a gap by the store's lookback.
 * The placeholders are prom_expand()'s: $m the matchers, $by the host
 * label, $s the step (seconds, a number), $S the step and $f the
 * freshness window (durations), $w the irate window, $fs the filesystem
 * types.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "prom_int.h"

/*
 * A host-wide counter's rate; a device's, kept only while the device's
 * series is there (an instant selector: a stale series ends at once).
 */
#define HR(x)     "irate(" x "[$w])"
#define SUMR(x)   "sum by ($by) (" HR(x) ")"
#define FRESH(x)  "(irate(" x "[$w]) and " x ")"
#define CPU(mode) "node_cpu_seconds_total{$m,mode=\"" mode "\"}"
#define CPU_ALL   "node_cpu_seconds_total{$m}"
#define CPU_SHARE(sel) \
	"100 * " SUMR("node_cpu_seconds_total{$m," sel "}") " / " SUMR(CPU_ALL)
#define CPU_PCT(mode) CPU_SHARE("mode=\"" mode "\"")
#define DISK(c)       "node_disk_" c "{$m}"
#define NET(c)        "node_network_" c "{$m}"
#define FS(c)         "node_filesystem_" c "{$m,fstype=~\"$fs\"}"
#define PSI(c)        "clamp_max(100 * " HR("node_pressure_" c "{$m}") ", 100)"
#define MEM(c)        "node_memory_" c "_bytes{$m}"
#define DOPS                                                  \
	"(" FRESH(DISK("reads_completed_total")) " + " FRESH( \
		DISK("writes_completed_total")) ")"
#define DTIME                                                   \
	"(" FRESH(DISK("read_time_seconds_total")) " + " FRESH( \
		DISK("write_time_seconds_total")) ")"

#define H(name, expr, counter)                                 \
	{                                                      \
#name, PK_HOST, HM_##name, counter, expr, NULL \
	}
/* a CPU mode's share: from the one query of all modes unless overridden */
#define HC(name, mode)                                            \
	{                                                         \
#name, PK_HOST, HM_##name, 1, CPU_PCT(mode), mode \
	}
#define D(kind, col, expr, counter)                                           \
	{                                                                     \
#kind "." #col, DEV_##kind, kind##_##col, counter, expr, NULL \
	}
#define DEV_disk       DEV_DISK
#define DEV_filesystem DEV_FS
#define DEV_netif      DEV_NETIF

/* clang-format off */
const struct prom_metric prom_metrics[] = {
	H(cpu_count, "count by ($by) (" CPU("idle") ")", 0),
	HC(cpu_user_pct, "user"),
	HC(cpu_system_pct, "system"),
	HC(cpu_iowait_pct, "iowait"),
	HC(cpu_steal_pct, "steal"),
	HC(cpu_idle_pct, "idle"),
	H(ctxt_per_s, HR("node_context_switches_total{$m}"), 1),
	H(procs_blocked, "node_procs_blocked{$m}", 0),
	H(load1, "node_load1{$m}", 0),
	H(mem_used_pct, "100 * (" MEM("MemTotal") " - " MEM("MemAvailable")
	  ") / " MEM("MemTotal"), 0),
	H(swap_used_pct, "100 * (" MEM("SwapTotal") " - " MEM("SwapFree")
	  ") / (" MEM("SwapTotal") " > 0)", 0),
	H(swapout_pages_per_s, HR("node_vmstat_pswpout{$m}"), 1),
	H(majfault_per_s, HR("node_vmstat_pgmajfault{$m}"), 1),
	H(psi_cpu_some_pct, PSI("cpu_waiting_seconds_total"), 1),
	H(psi_memory_some_pct, PSI("memory_waiting_seconds_total"), 1),
	H(psi_io_some_pct, PSI("io_waiting_seconds_total"), 1),
	H(psi_io_full_pct, PSI("io_stalled_seconds_total"), 1),
	H(tcp_established, "node_netstat_Tcp_CurrEstab{$m}", 0),
	H(tcp_out_segs_per_s, HR("node_netstat_Tcp_OutSegs{$m}"), 1),
	H(tcp_retrans_segs_per_s, HR("node_netstat_Tcp_RetransSegs{$m}"), 1),
	D(disk, reads_per_s, FRESH(DISK("reads_completed_total")), 1),
	D(disk, writes_per_s, FRESH(DISK("writes_completed_total")), 1),
	D(disk, read_bytes_per_s, FRESH(DISK("read_bytes_total")), 1),
	D(disk, write_bytes_per_s, FRESH(DISK("written_bytes_total")), 1),
	D(disk, await_ms, "(1000 * " DTIME " / (" DOPS " > 0)) or (" DOPS
	  " == 0)", 1),
	D(disk, util_pct, "clamp_max(100 * " FRESH(DISK("io_time_seconds_total"))
	  ", 100)", 1),
	D(disk, queue_size, FRESH(DISK("io_time_weighted_seconds_total")), 1),
	D(disk, discards_per_s, FRESH(DISK("discards_completed_total")), 1),
	D(disk, flushes_per_s, FRESH(DISK("flush_requests_total")), 1),
	D(filesystem, used_pct, "100 * (" FS("size_bytes") " - " FS("free_bytes")
	  ") / (" FS("size_bytes") " - " FS("free_bytes") " + "
	  FS("avail_bytes") " > 0)", 0),
	D(filesystem, inodes_used_pct, "100 * (" FS("files") " - "
	  FS("files_free") ") / (" FS("files") " > 0)", 0),
	D(netif, rx_bytes_per_s, FRESH(NET("receive_bytes_total")), 1),
	D(netif, tx_bytes_per_s, FRESH(NET("transmit_bytes_total")), 1),
	D(netif, rx_errors_per_s, FRESH(NET("receive_errs_total")), 1),
	D(netif, tx_errors_per_s, FRESH(NET("transmit_errs_total")), 1),
	D(netif, rx_drops_per_s, FRESH(NET("receive_drop_total")), 1),
	D(netif, tx_drops_per_s, FRESH(NET("transmit_drop_total")), 1),
};
/* clang-format on */

const size_t prom_nmetrics = sizeof(prom_metrics) / sizeof(prom_metrics[0]);

const char prom_cpu_modes[] = "sum by ($by, mode) (" HR(CPU_ALL) ")";

const char prom_cpu_busy[] = "100 - " CPU_SHARE("mode=~\"idle|iowait\"");

int64_t
prom_window_s(int64_t step_s)
{
	return step_s * 10 > 86400 ? step_s * 10 : 86400;
}

/* value with '\' and '"' escaped, as a PromQL string, onto b. */
static enum pw_status
quoted(struct buf *b, const char *value)
{
	enum pw_status rc = buf_adds(b, "\"");

	for (; !rc && *value; value++)
		rc = *value == '"' || *value == '\\' ?
			buf_printf(b, "\\%c", *value) :
			buf_add(b, value, 1);
	return rc ? rc : buf_adds(b, "\"");
}

/* What $m stands for: the selector's matchers and the host's. */
static enum pw_status
matchers(struct buf *b, const struct source_config *sc, const char *host)
{
	size_t len = strlen(sc->selector);
	enum pw_status rc;

	rc = buf_printf(b, "%.*s", (int)(len - 2), sc->selector + 1);
	if (!rc && host) {
		rc = buf_printf(b, "%s%s=", len > 2 ? "," : "", sc->host_label);
		if (!rc)
			rc = quoted(b, host);
	}
	return rc;
}

/* $fs: the [collect] fs_types as one alternation. */
static enum pw_status
fs_types(struct buf *b, const struct config *cfg)
{
	enum pw_status rc = PW_OK;
	size_t i;

	for (i = 0; !rc && i < cfg->fs_types.n; i++)
		rc = buf_printf(b, "%s%s", i ? "|" : "", cfg->fs_types.v[i]);
	return rc;
}

const char *
prom_override(const struct source_config *sc, const char *metric)
{
	size_t i;

	for (i = 0; metric && i < sc->nqueries; i++)
		if (strcmp(sc->queries[i].metric, metric) == 0)
			return sc->queries[i].expr;
	return NULL;
}

/* The placeholder at p onto b; *used its length, 0 when p holds none. */
static enum pw_status
placeholder(struct buf *b, const char *p, const struct source_config *sc,
	    const struct config *cfg, const char *host, int64_t step_s,
	    int64_t window_s, size_t *used)
{
	*used = 2;
	if (strncmp(p, "$m", 2) == 0)
		return matchers(b, sc, host);
	if (strncmp(p, "$by", 3) == 0) {
		*used = 3;
		return buf_adds(b, sc->host_label);
	}
	if (strncmp(p, "$S", 2) == 0)
		return buf_printf(b, "%llds", (long long)step_s);
	if (strncmp(p, "$s", 2) == 0)
		return buf_printf(b, "%lld", (long long)step_s);
	if (strncmp(p, "$w", 2) == 0)
		return buf_printf(b, "%llds",
				  (long long)(window_s ?
						      window_s :
						      prom_window_s(step_s)));
	if (strncmp(p, "$fs", 3) == 0) {
		*used = 3;
		return fs_types(b, cfg);
	}
	if (strncmp(p, "$f", 2) == 0)
		return buf_printf(b, "%lldms", (long long)step_s * 1000 - 1);
	*used = 0;
	return PW_OK;
}

enum pw_status
prom_expand(const struct source_config *sc, const struct config *cfg,
	    const char *metric, const char *expr, const char *host,
	    int64_t step_s, int64_t window_s, char *out, size_t n)
{
	const char *p = prom_override(sc, metric);
	enum pw_status rc = PW_OK;
	struct buf b;
	size_t used;

	buf_init(&b, n - 1);
	for (p = p ? p : expr; !rc && *p; p += used ? used : 1) {
		used = 0;
		if (*p == '$')
			rc = placeholder(&b, p, sc, cfg, host, step_s, window_s,
					 &used);
		if (!rc && !used)
			rc = buf_add(&b, p, 1);
	}
	if (rc == PW_ETOOBIG)
		log_err("the query of %s is longer than %zu bytes",
			metric ? metric : "a metric", n - 1);
	if (!rc)
		snprintf(out, n, "%s", b.data ? b.data : "");
	buf_free(&b);
	return rc;
}
