/*
 * prom_stats.c - a week's figures for every host at once, computed by the
 * store (host_stats.h): one instant query per figure over all the selector's
 * hosts, so that the number of requests does not grow with the hosts.
 *
 * Each figure is an *_over_time function over a subquery [RANGE:STEP] of
 * the series' own expression (prom_query.c's, or its override), evaluated
 * at the period's last second, so that the subquery's instants are the
 * period's: avg_over_time for the means, quantile_over_time(0.95) for
 * the 95th percentiles (the store's definition, interpolated between
 * ranks: store_quantiles is set), max_over_time for the peaks.  The
 * coverage counts node_boot_time_seconds' raw samples (count_over_time);
 * the days to full of a filesystem come from deriv() of its used percent
 * over the week (the least-squares slope, as the report's own forecast),
 * with last_over_time for where it stands; the daily means of CPU busy
 * are one query_range with a step of a day.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "prom_int.h"
#include "source.h"
#include "host_stats.h"

enum fig {
	F_CPUS,
	F_MEM,
	F_BUSY_AVG,
	F_BUSY_P95,
	F_BUSY_MAX,
	F_MEM_AVG,
	F_MEM_P95,
	F_MEM_MAX,
	F_LOAD_P95,
	F_AWAIT_P95,
	F_RETRANS,
	F_FS_MAX,
	F_FS_DERIV,
	F_FS_LAST,
	F_SAMPLES,
	F_FIRST,
	F_LAST,
	F_UNAME,
	F_GROUP, /* the last instant query: only with [fleet] group_by */
	F_COUNT
};

/* %1$s the range, %2$s .. the parts: busy, mem, await, fs, retrans */
static const char *const fig_expr[F_COUNT] = {
	[F_CPUS] =
		"max by ($by) (max_over_time(count by ($by) (node_cpu_seconds_total{$m,mode=\"idle\"})[%1$s:$S]))",
	[F_MEM] =
		"max by ($by) (max_over_time(node_memory_MemTotal_bytes{$m}[%1$s]))",
	[F_BUSY_AVG] = "avg_over_time((%2$s)[%1$s:$S])",
	[F_BUSY_P95] = "quantile_over_time(0.95, (%2$s)[%1$s:$S])",
	[F_BUSY_MAX] = "max_over_time((%2$s)[%1$s:$S])",
	[F_MEM_AVG] = "avg_over_time((%3$s)[%1$s:$S])",
	[F_MEM_P95] = "quantile_over_time(0.95, (%3$s)[%1$s:$S])",
	[F_MEM_MAX] = "max_over_time((%3$s)[%1$s:$S])",
	[F_LOAD_P95] =
		"quantile_over_time(0.95, (max by ($by) (node_load1{$m}) / count by ($by) (node_cpu_seconds_total{$m,mode=\"idle\"}))[%1$s:$S])",
	[F_AWAIT_P95] =
		"max by ($by) (quantile_over_time(0.95, (%4$s)[%1$s:$S]))",
	[F_RETRANS] = "avg_over_time((%6$s)[%1$s:$S])",
	[F_FS_MAX] = "max_over_time((%5$s)[%1$s:$S])",
	[F_FS_DERIV] = "deriv((%5$s)[%1$s:$S])",
	[F_FS_LAST] = "last_over_time((%5$s)[%1$s:$S])",
	[F_SAMPLES] =
		"max by ($by) (count_over_time(node_boot_time_seconds{$m}[%1$s]))",
	[F_FIRST] =
		"min by ($by) (min_over_time(timestamp(node_boot_time_seconds{$m})[%1$s:$S]))",
	[F_LAST] =
		"max by ($by) (max_over_time(timestamp(node_boot_time_seconds{$m})[%1$s:$S]))",
	[F_UNAME] = "last_over_time(node_uname_info{$m}[%1$s])",
	[F_GROUP] = NULL, /* group_expr, with the label */
};

/* %1$s the range, %2$s [fleet] group_by (a label name, checked at load) */
static const char group_expr[] =
	"max by ($by, %2$s) (last_over_time(node_boot_time_seconds{$m}[%1$s]))";

/*
 * The rates' window: three steps, so that inside a gap a rate ends a step
 * or two after the last sample instead of repeating for a day.
 */
#define STATS_WINDOW(p) (3 * (p)->step_s)

static const char daily_expr[] = "avg_over_time((%2$s)[1d:$S])";

/* The expanded expression of a table metric for all hosts, into out. */
static enum pw_status
part(const struct prom_src *p, const char *name, char *out, size_t n)
{
	size_t i;

	for (i = 0; i < prom_nmetrics; i++)
		if (strcmp(prom_metrics[i].name, name) == 0)
			return prom_expand(p->conn.sc, p->cfg, name,
					   prom_metrics[i].expr, NULL,
					   p->step_s, STATS_WINDOW(p), out, n);
	return PW_ERR;
}

/*
 * The queries, the daily one last, into q[] (PROM_QUERY_MAX each);
 * parts[] and fmt are scratch space of the same size.
 */
static enum pw_status
stats_queries(const struct prom_src *p, int64_t range_s,
	      char (*q)[PROM_QUERY_MAX], char (*parts)[PROM_QUERY_MAX],
	      char *fmt)
{
	char range[32], idle[PROM_QUERY_MAX], iow[PROM_QUERY_MAX];
	enum pw_status rc;
	size_t i;

	snprintf(range, sizeof(range), "%llds", (long long)range_s);
	/* busy in one expression, unless either share is overridden */
	if (!prom_override(p->conn.sc, "cpu_idle_pct") &&
	    !prom_override(p->conn.sc, "cpu_iowait_pct")) {
		rc = prom_expand(p->conn.sc, p->cfg, NULL, prom_cpu_busy, NULL,
				 p->step_s, STATS_WINDOW(p), parts[1],
				 PROM_QUERY_MAX);
	} else {
		rc = part(p, "cpu_iowait_pct", iow, sizeof(iow));
		if (!rc)
			rc = part(p, "cpu_idle_pct", idle, sizeof(idle));
		if (!rc &&
		    snprintf(parts[1], PROM_QUERY_MAX, "100 - (%s) - (%s)",
			     idle, iow) >= PROM_QUERY_MAX)
			rc = PW_ETOOBIG;
	}
	if (!rc)
		rc = part(p, "mem_used_pct", parts[2], sizeof(parts[2]));
	if (!rc)
		rc = part(p, "disk.await_ms", parts[3], sizeof(parts[3]));
	if (!rc)
		rc = part(p, "filesystem.used_pct", parts[4], sizeof(parts[4]));
	if (!rc)
		rc = part(p, "tcp_retrans_segs_per_s", parts[5],
			  sizeof(parts[5]));
	for (i = 0; i <= F_COUNT && !rc; i++) {
		const char *group = p->cfg->fleet.group_by;
		int w;

		if (i == F_GROUP && !group[0])
			continue;
		/* the parts are expanded: only the template's $ are left */
		snprintf(fmt, PROM_QUERY_MAX, "%s",
			 i == F_GROUP        ? group_expr :
				 i < F_COUNT ? fig_expr[i] :
					       daily_expr);
		if (i == F_GROUP)
			w = snprintf(q[i], PROM_QUERY_MAX, fmt, range, group);
		else
			w = snprintf(q[i], PROM_QUERY_MAX, fmt, range, parts[1],
				     parts[2], parts[3], parts[4], parts[5]);
		if (w >= PROM_QUERY_MAX)
			rc = PW_ETOOBIG;
		if (!rc)
			rc = prom_expand(p->conn.sc, p->cfg, NULL, q[i], NULL,
					 p->step_s, STATS_WINDOW(p), fmt,
					 PROM_QUERY_MAX);
		if (!rc)
			memcpy(q[i], fmt, PROM_QUERY_MAX);
	}
	return rc;
}

/* The host's entry in out, added in the order hosts appear. */
static struct source_host_stats *
host_entry(struct source_host_stats *out, size_t max, size_t *n,
	   const char *host)
{
	struct source_host_stats *h;
	size_t i, d;

	for (i = 0; i < *n; i++)
		if (strcmp(out[i].host, host) == 0)
			return &out[i];
	if (*n == max || !host[0])
		return NULL;
	h = &out[(*n)++];
	memset(h, 0, sizeof(*h));
	snprintf(h->host, sizeof(h->host), "%s", host);
	h->cpu_count = h->mem_total_bytes = NAN;
	h->cpu_busy_avg = h->cpu_busy_p95 = h->cpu_busy_max = NAN;
	h->mem_used_avg = h->mem_used_p95 = h->mem_used_max = NAN;
	h->load1_per_cpu_p95 = h->disk_await_ms_p95 = NAN;
	h->tcp_retrans_per_s_avg = h->fs_used_pct_max = NAN;
	h->fs_days_to_full = h->coverage_pct = NAN;
	for (d = 0; d < STATS_DAYS; d++)
		h->cpu_busy_day[d] = NAN;
	h->store_quantiles = 1;
	return h;
}

static double *
fig_field(struct source_host_stats *h, int f)
{
	switch (f) {
	case F_CPUS:
		return &h->cpu_count;
	case F_MEM:
		return &h->mem_total_bytes;
	case F_BUSY_AVG:
		return &h->cpu_busy_avg;
	case F_BUSY_P95:
		return &h->cpu_busy_p95;
	case F_BUSY_MAX:
		return &h->cpu_busy_max;
	case F_MEM_AVG:
		return &h->mem_used_avg;
	case F_MEM_P95:
		return &h->mem_used_p95;
	case F_MEM_MAX:
		return &h->mem_used_max;
	case F_LOAD_P95:
		return &h->load1_per_cpu_p95;
	case F_AWAIT_P95:
		return &h->disk_await_ms_p95;
	case F_RETRANS:
		return &h->tcp_retrans_per_s_avg;
	default:
		return NULL;
	}
}

/* One series s of figure f into host h. */
static void
put_fig(struct source_host_stats *h, int f, const struct prom_series *s,
	int64_t start, int64_t range_s, const struct prom_src *p)
{
	double v = s->n ? s->v[s->n - 1] : NAN, *field = fig_field(h, f);
	size_t i;

	if (field) {
		*field = v;
	} else if (f == F_FS_MAX && !(v <= h->fs_used_pct_max)) {
		h->fs_used_pct_max = v;
		snprintf(h->fs_fullest, sizeof(h->fs_fullest), "%s",
			 prom_label(s, "mountpoint"));
	} else if (f == F_SAMPLES) {
		h->coverage_pct = v * 100 /
			((double)range_s / (double)p->step_s);
		if (h->coverage_pct > 100)
			h->coverage_pct = 100;
	} else if (f == F_FIRST) {
		h->first_sample = (int64_t)v;
	} else if (f == F_LAST) {
		h->last_sample = (int64_t)v;
	} else if (f == F_UNAME) {
		snprintf(h->nodename, sizeof(h->nodename), "%s",
			 prom_label(s, "nodename"));
	} else if (f == F_GROUP) {
		snprintf(h->group, sizeof(h->group), "%s",
			 prom_label(s, p->cfg->fleet.group_by));
	} else if (f == F_COUNT) { /* the daily means */
		for (i = 0; i < s->n; i++) {
			int64_t d = (s->t[i] + 1 - start) / 86400 - 1;

			if (d >= 0 && d < STATS_DAYS)
				h->cpu_busy_day[d] = s->v[i];
		}
	}
}

/* Days to full: each filesystem's slope against where it stands. */
static void
put_days(struct source_host_stats *out, size_t max, size_t *n,
	 const char *label, const struct prom_result *deriv,
	 const struct prom_result *last)
{
	size_t i, j;

	for (i = 0; i < deriv->n; i++) {
		const struct prom_series *d = &deriv->s[i];
		struct source_host_stats *h;
		double slope = d->n ? d->v[d->n - 1] : NAN, days;

		if (!(slope > 0) ||
		    !(h = host_entry(out, max, n, prom_label(d, label))))
			continue;
		for (j = 0; j < last->n; j++)
			if (strcmp(prom_label(&last->s[j], "mountpoint"),
				   prom_label(d, "mountpoint")) == 0 &&
			    strcmp(prom_label(&last->s[j], label),
				   prom_label(d, label)) == 0 &&
			    last->s[j].n)
				break;
		if (j == last->n)
			continue;
		days = (100 - last->s[j].v[last->s[j].n - 1]) / (slope * 86400);
		if (isnan(h->fs_days_to_full) || days < h->fs_days_to_full)
			h->fs_days_to_full = days;
	}
}

static int
host_cmp(const void *a, const void *b)
{
	return strcmp(((const struct source_host_stats *)a)->host,
		      ((const struct source_host_stats *)b)->host);
}

enum pw_status
prom_host_stats(struct source *s, int64_t start, int64_t end,
		struct source_host_stats *out, size_t max, size_t *n,
		unsigned *queries)
{
	struct prom_src *p = s->impl;
	const char *label = p->conn.sc->host_label;
	/* the queries, then 6 parts and a format: scratch */
	char(*q)[PROM_QUERY_MAX] = calloc(F_COUNT + 8, sizeof(*q));
	const char *qs[F_COUNT + 1];
	struct prom_result r[F_COUNT + 1];
	unsigned before = p->conn.requests;
	/* the group's query only with [fleet] group_by: F_GROUP is last */
	size_t ninstant = p->cfg->fleet.group_by[0] ? F_COUNT : F_GROUP;
	enum pw_status rc = PW_ENOMEM;
	size_t i, j;

	memset(r, 0, sizeof(r));
	if (!q)
		return rc;
	rc = stats_queries(p, end - start, q, q + F_COUNT + 1, q[F_COUNT + 7]);
	for (i = 0; i <= F_COUNT; i++)
		qs[i] = q[i];
	if (!rc)
		rc = prom_instant(&p->conn, qs, ninstant, end - 1, r);
	if (!rc &&
	    (rc = prom_range(&p->conn, qs + F_COUNT, 1, start + 86400 - 1,
			     end - 1, 86400, &r[F_COUNT])))
		for (i = 0; i < F_COUNT; i++)
			prom_result_free(&r[i]);
	*queries = p->conn.requests - before;
	free(q);
	if (rc)
		return rc;
	/* the hosts with samples first, in the store's order, then sorted */
	for (i = F_SAMPLES, j = 0; j < r[i].n; j++)
		host_entry(out, max, n, prom_label(&r[i].s[j], label));
	for (i = 0; i <= F_COUNT; i++)
		for (j = 0; j < r[i].n; j++) {
			struct source_host_stats *h = host_entry(
				out, max, n, prom_label(&r[i].s[j], label));

			if (h)
				put_fig(h, (int)i, &r[i].s[j], start,
					end - start, p);
		}
	put_days(out, max, n, label, &r[F_FS_DERIV], &r[F_FS_LAST]);
	for (i = 0; i <= F_COUNT; i++)
		prom_result_free(&r[i]);
	qsort(out, *n, sizeof(*out), host_cmp);
	return PW_OK;
}
