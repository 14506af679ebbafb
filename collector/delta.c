/*
 * delta.c - rates from two sets of counters.
 *
 * The clock is /proc/uptime (centiseconds): immune to wall-clock steps.  A
 * reboot is recognised by uptime going backwards or the boot time moving by
 * more than BOOT_SLACK_S; everything is then a baseline.  Per group, any
 * counter going backwards (a device replaced, a driver reset) makes that
 * group a baseline; the one exception is the kernel's known habit of moving
 * a CPU's idle and iowait counters back slightly, which, as sysstat does,
 * counts as no time rather than a reset.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "delta.h"
#include "log.h"

#define BOOT_SLACK_S 60

/* Counter difference, or -1 when the counter went backwards. */
static double
diff(uint64_t cur, uint64_t prev)
{
	return cur >= prev ? (double)(cur - prev) : -1;
}

static double
rate(uint64_t cur, uint64_t prev, double itv_s)
{
	double d = diff(cur, prev);

	return d < 0 ? NAN : d / itv_s;
}

static void
cpu_rates(const struct proc_stat *c, const struct proc_stat *p, double itv,
	  struct cpu_row *r)
{
	/* idle and iowait may step back a little: count that as zero. */
	double idle = c->idle > p->idle ? (double)(c->idle - p->idle) : 0;
	double iowait = c->iowait > p->iowait ?
		(double)(c->iowait - p->iowait) :
		0;
	double user = diff(c->user, p->user), nice = diff(c->nice, p->nice);
	double sys = diff(c->system, p->system), irq = diff(c->irq, p->irq);
	double soft = diff(c->softirq, p->softirq);
	double steal = diff(c->steal, p->steal);
	double total = user + nice + sys + idle + iowait + irq + soft + steal;

	if (user < 0 || nice < 0 || sys < 0 || irq < 0 || soft < 0 ||
	    steal < 0 || total <= 0)
		return; /* reset: percentages stay NAN */
	r->user_pct = user * 100 / total;
	r->nice_pct = nice * 100 / total;
	r->system_pct = sys * 100 / total;
	r->iowait_pct = iowait * 100 / total;
	r->irq_pct = irq * 100 / total;
	r->softirq_pct = soft * 100 / total;
	r->steal_pct = steal * 100 / total;
	r->idle_pct = idle * 100 / total;
	r->ctxt_per_s = rate(c->ctxt, p->ctxt, itv);
	r->intr_per_s = rate(c->intr, p->intr, itv);
}

static void
cpu_row_fill(const struct snapshot *cur, const struct proc_stat *prev,
	     double itv, struct cpu_row *r)
{
	r->ncpu = cur->stat.ncpu;
	r->user_pct = r->nice_pct = r->system_pct = r->iowait_pct = NAN;
	r->irq_pct = r->softirq_pct = r->steal_pct = r->idle_pct = NAN;
	r->ctxt_per_s = r->intr_per_s = NAN;
	r->procs_running = cur->stat.procs_running;
	r->procs_blocked = cur->stat.procs_blocked;
	r->load1 = cur->has_loadavg ? cur->loadavg.load1 : NAN;
	r->load5 = cur->has_loadavg ? cur->loadavg.load5 : NAN;
	r->load15 = cur->has_loadavg ? cur->loadavg.load15 : NAN;
	if (prev)
		cpu_rates(&cur->stat, prev, itv, r);
}

static void
mem_row_fill(const struct snapshot *cur, const struct proc_vmstat *prev,
	     double itv, struct mem_row *r)
{
	const struct proc_meminfo *m = &cur->mem;
	uint64_t avail = m->available_bytes < m->total_bytes ?
		m->available_bytes :
		m->total_bytes;

	r->total_bytes = m->total_bytes;
	r->available_bytes = avail;
	r->used_pct = m->total_bytes ? (double)(m->total_bytes - avail) * 100 /
			(double)m->total_bytes :
				       0;
	r->cached_bytes = m->cached_bytes;
	r->buffers_bytes = m->buffers_bytes;
	r->swap_total_bytes = m->swap_total_bytes;
	r->swap_used_bytes = m->swap_total_bytes > m->swap_free_bytes ?
		m->swap_total_bytes - m->swap_free_bytes :
		0;
	r->swap_used_pct = m->swap_total_bytes ?
		(double)r->swap_used_bytes * 100 / (double)m->swap_total_bytes :
		NAN;
	r->swapin_pages_per_s = r->swapout_pages_per_s = NAN;
	r->majfault_per_s = NAN;
	if (!prev || !cur->has_vmstat)
		return;
	r->swapin_pages_per_s = rate(cur->vm.pswpin, prev->pswpin, itv);
	r->swapout_pages_per_s = rate(cur->vm.pswpout, prev->pswpout, itv);
	r->majfault_per_s = rate(cur->vm.pgmajfault, prev->pgmajfault, itv);
}

/* Percent of the interval spent stalled: microseconds over itv seconds. */
static double
psi_pct(uint64_t cur, uint64_t prev, double itv)
{
	double r = rate(cur, prev, itv);

	if (isnan(r))
		return NAN;
	r = r / 1e4; /* us per s -> percent */
	return r > 100 ? 100 : r;
}

static void
psi_row_fill(const struct proc_pressure *c, const struct proc_pressure *p,
	     double itv, struct psi_row *r)
{
	r->cpu_some_pct = r->memory_some_pct = r->memory_full_pct = NAN;
	r->io_some_pct = r->io_full_pct = NAN;
	if (!p)
		return;
	if (c->has_cpu)
		r->cpu_some_pct = psi_pct(c->cpu_some_us, p->cpu_some_us, itv);
	if (c->has_memory) {
		r->memory_some_pct = psi_pct(c->memory_some_us,
					     p->memory_some_us, itv);
		r->memory_full_pct = psi_pct(c->memory_full_us,
					     p->memory_full_us, itv);
	}
	if (c->has_io) {
		r->io_some_pct = psi_pct(c->io_some_us, p->io_some_us, itv);
		r->io_full_pct = psi_pct(c->io_full_us, p->io_full_us, itv);
	}
}

static void
disk_row_fill(const struct disk_raw *c, const struct disk_raw *p, double itv,
	      struct disk_row *r)
{
	double ios, ticks, itv_ms = itv * 1000;

	r->raw = c;
	r->reads_per_s = r->writes_per_s = NAN;
	r->read_bytes_per_s = r->write_bytes_per_s = NAN;
	r->await_ms = r->util_pct = r->queue_size = NAN;
	r->discards_per_s = r->flushes_per_s = NAN;
	if (!p || counter_went_back(CK_DISK, c, p))
		return;
	if (c->has_discard)
		r->discards_per_s = (double)(c->dc_ios - p->dc_ios) / itv;
	if (c->has_flush)
		r->flushes_per_s = (double)(c->fl_ios - p->fl_ios) / itv;
	r->reads_per_s = (double)(c->rd_ios - p->rd_ios) / itv;
	r->writes_per_s = (double)(c->wr_ios - p->wr_ios) / itv;
	r->read_bytes_per_s = (double)(c->rd_sectors - p->rd_sectors) * 512 /
		itv;
	r->write_bytes_per_s = (double)(c->wr_sectors - p->wr_sectors) * 512 /
		itv;
	/* reads and writes only, as iostat's r_await and w_await */
	ios = (double)(c->rd_ios - p->rd_ios) + (double)(c->wr_ios - p->wr_ios);
	ticks = (double)(c->rd_ticks - p->rd_ticks) +
		(double)(c->wr_ticks - p->wr_ticks);
	r->await_ms = ios > 0 ? ticks / ios : 0;
	r->util_pct = (double)(c->io_ticks - p->io_ticks) * 100 / itv_ms;
	if (r->util_pct > 100)
		r->util_pct = 100;
	r->queue_size = (double)(c->time_in_queue - p->time_in_queue) / itv_ms;
}

static void
netif_row_fill(const struct netif_raw *c, const struct netif_raw *p, double itv,
	       struct netif_row *r)
{
	r->raw = c;
	r->rx_bytes_per_s = r->tx_bytes_per_s = NAN;
	r->rx_packets_per_s = r->tx_packets_per_s = NAN;
	r->rx_errors_per_s = r->tx_errors_per_s = NAN;
	r->rx_drops_per_s = r->tx_drops_per_s = NAN;
	if (!p || counter_went_back(CK_NETIF, c, p))
		return;
	r->rx_bytes_per_s = (double)(c->rx_bytes - p->rx_bytes) / itv;
	r->tx_bytes_per_s = (double)(c->tx_bytes - p->tx_bytes) / itv;
	r->rx_packets_per_s = (double)(c->rx_packets - p->rx_packets) / itv;
	r->tx_packets_per_s = (double)(c->tx_packets - p->tx_packets) / itv;
	r->rx_errors_per_s = (double)(c->rx_errors - p->rx_errors) / itv;
	r->tx_errors_per_s = (double)(c->tx_errors - p->tx_errors) / itv;
	r->rx_drops_per_s = (double)(c->rx_drops - p->rx_drops) / itv;
	r->tx_drops_per_s = (double)(c->tx_drops - p->tx_drops) / itv;
}

/* The interval since prev, or 0 when prev is unusable (none, reboot). */
static double
delta_interval(const struct snapshot *cur, const struct counter_set *prev,
	       struct counter_clock *clk)
{
	struct counter_clock old;
	int64_t dt;

	clk->uptime_cs = (int64_t)(cur->uptime.uptime_s * 100 + 0.5);
	clk->btime = cur->stat.btime;
	if (!counter_get(prev, CK_CLOCK, "clock", &old))
		return 0;
	dt = clk->uptime_cs - old.uptime_cs;
	if (dt <= 0 || llabs(clk->btime - old.btime) > BOOT_SLACK_S) {
		log_info(
			"reboot since the last snapshot (boot time %lld, was %lld): storing a baseline",
			(long long)clk->btime, (long long)old.btime);
		return 0;
	}
	return (double)dt / 100;
}

static enum pw_status
delta_devices(const struct snapshot *cur, const struct counter_set *prev,
	      double itv, struct sample *s, struct counter_set *next)
{
	char grp[COUNTER_GRP_MAX];
	enum pw_status rc = PW_OK;
	size_t i;

	s->disks = calloc(cur->disks.ndisks + 1, sizeof(*s->disks));
	s->netifs = calloc(cur->net.nifs + 1, sizeof(*s->netifs));
	if (!s->disks || !s->netifs)
		return PW_ENOMEM;
	for (i = 0; i < cur->disks.ndisks && !rc; i++) {
		const struct disk_raw *c = &cur->disks.disks[i];
		struct disk_raw old;
		int ok;

		snprintf(grp, sizeof(grp), "disk:%s", c->name);
		ok = itv > 0 && counter_get(prev, CK_DISK, grp, &old);
		disk_row_fill(c, ok ? &old : NULL, itv, &s->disks[i]);
		rc = counter_put(next, CK_DISK, grp, c);
	}
	s->ndisks = cur->disks.ndisks;
	for (i = 0; i < cur->net.nifs && !rc; i++) {
		const struct netif_raw *c = &cur->net.ifs[i];
		struct netif_raw old;
		int ok;

		snprintf(grp, sizeof(grp), "netif:%s", c->name);
		ok = itv > 0 && counter_get(prev, CK_NETIF, grp, &old);
		netif_row_fill(c, ok ? &old : NULL, itv, &s->netifs[i]);
		rc = counter_put(next, CK_NETIF, grp, c);
	}
	s->nnetifs = cur->net.nifs;
	return rc;
}

enum pw_status
delta_compute(const struct snapshot *cur, const struct counter_set *prev,
	      struct sample *s, struct counter_set *next)
{
	struct counter_clock clk;
	struct proc_stat ostat;
	struct proc_vmstat ovm;
	struct proc_pressure opsi;
	struct proc_snmp osnmp;
	double itv;
	enum pw_status rc;

	memset(s, 0, sizeof(*s));
	itv = delta_interval(cur, prev, &clk);
	s->baseline = itv <= 0;
	s->interval_s = s->baseline ? NAN : itv;

	cpu_row_fill(cur,
		     !s->baseline && counter_get(prev, CK_CPU, "cpu", &ostat) ?
			     &ostat :
			     NULL,
		     itv, &s->cpu);
	mem_row_fill(cur,
		     !s->baseline && counter_get(prev, CK_VM, "vm", &ovm) ?
			     &ovm :
			     NULL,
		     itv, &s->mem);
	s->has_psi = cur->has_pressure;
	opsi = cur->psi; /* the same resources are expected */
	psi_row_fill(&cur->psi,
		     s->has_psi && !s->baseline &&
				     counter_get(prev, CK_PSI, "psi", &opsi) ?
			     &opsi :
			     NULL,
		     itv, &s->psi);
	s->has_tcp = cur->has_snmp;
	s->tcp.established = cur->has_snmp ? (double)cur->snmp.tcp_curr_estab :
					     NAN;
	s->tcp.out_segs_per_s = s->tcp.retrans_segs_per_s = NAN;
	if (s->has_tcp && !s->baseline &&
	    counter_get(prev, CK_TCP, "tcp", &osnmp)) {
		s->tcp.out_segs_per_s = rate(cur->snmp.tcp_out_segs,
					     osnmp.tcp_out_segs, itv);
		s->tcp.retrans_segs_per_s = rate(cur->snmp.tcp_retrans_segs,
						 osnmp.tcp_retrans_segs, itv);
	}

	if ((rc = counter_put(next, CK_CLOCK, "clock", &clk)) ||
	    (rc = counter_put(next, CK_CPU, "cpu", &cur->stat)))
		return rc;
	if (cur->has_vmstat && (rc = counter_put(next, CK_VM, "vm", &cur->vm)))
		return rc;
	if (cur->has_pressure &&
	    (rc = counter_put(next, CK_PSI, "psi", &cur->psi)))
		return rc;
	if (cur->has_snmp &&
	    (rc = counter_put(next, CK_TCP, "tcp", &cur->snmp)))
		return rc;
	return delta_devices(cur, prev, s->baseline ? 0 : itv, s, next);
}

void
sample_free(struct sample *s)
{
	if (!s)
		return;
	free(s->disks);
	free(s->netifs);
	s->disks = NULL;
	s->netifs = NULL;
}
