/*
 * fleet_stats.c - a host's row of the fleet report from a store's own
 * figures (host_stats.h): the path of a source that computes every host's
 * week itself, reading no host's series.
 *
 * Without the host's findings, the verdict is what the figures say
 * against the [findings] limits: a p95 at or beyond a rule's crit is
 * CRITICAL, at or beyond its warn WARNING (the week-long p95 stands for
 * the rules' sustained minutes, which need the series).  No sample in
 * the period is NO DATA, coverage under [report] min_coverage_pct
 * INCOMPLETE, as in a host's own report; neither is ever OK.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "fleet_int.h"
#include "metric.h"
#include "stats.h"

struct limit_check {
	enum rule_id rule;
	enum fleet_value v; /* the figure judged */
	const char *title, *resource;
};

static const struct limit_check checks[] = {
	{ RULE_cpu_busy, FLEET_V_CPU_P95, "CPU busy (p95)", "cpu" },
	{ RULE_memory_used, FLEET_V_MEM_P95, "Memory used (p95)", "memory" },
	{ RULE_disk_await, FLEET_V_AWAIT_P95, "Disk await (p95)", "disk" },
	{ RULE_fs_used, FLEET_V_FS_USED, "Filesystem nearly full",
	  "filesystem" },
};

static void
judge(struct fleet_row *r, const struct config *cfg)
{
	size_t i;

	r->worst = SEV_OK;
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const struct rule_limits *lim = &cfg->rules[checks[i].rule];
		struct fleet_host h = { .r = *r };
		double v = fleet_value(&h, checks[i].v);
		enum severity sev = SEV_OK;

		if (!lim->enabled || isnan(v))
			continue;
		if (v >= lim->crit)
			sev = SEV_CRITICAL;
		else if (v >= lim->warn)
			sev = SEV_WARNING;
		if (sev == SEV_CRITICAL)
			r->critical++;
		if (sev == SEV_WARNING)
			r->warning++;
		if (sev > r->worst) {
			r->worst = sev;
			r->top_title = checks[i].title;
			r->top_resource = checks[i].resource;
		}
	}
	r->top_severity = r->worst ? model_severity_name(r->worst) : NULL;
	r->status = model_severity_name(r->worst);
}

static double
round_as(double v, const char *metric)
{
	const struct metric_def *d = metric_find(metric);

	return d ? stats_round(v, d->decimals) : v;
}

/* The store's figures rounded as a host's model rounds its own. */
static void
round_stats(struct source_host_stats *st)
{
	size_t k;

	st->cpu_busy_avg = round_as(st->cpu_busy_avg, "cpu_busy_pct");
	st->cpu_busy_p95 = round_as(st->cpu_busy_p95, "cpu_busy_pct");
	st->cpu_busy_max = round_as(st->cpu_busy_max, "cpu_busy_pct");
	st->mem_used_avg = round_as(st->mem_used_avg, "mem_used_pct");
	st->mem_used_p95 = round_as(st->mem_used_p95, "mem_used_pct");
	st->mem_used_max = round_as(st->mem_used_max, "mem_used_pct");
	st->load1_per_cpu_p95 = round_as(st->load1_per_cpu_p95, "load_per_cpu");
	st->disk_await_ms_p95 = round_as(st->disk_await_ms_p95,
					 "disk.await_ms");
	st->tcp_retrans_per_s_avg = stats_round(st->tcp_retrans_per_s_avg, 2);
	st->fs_used_pct_max = stats_round(st->fs_used_pct_max, 1);
	st->fs_days_to_full = stats_round(st->fs_days_to_full, 1);
	st->coverage_pct = stats_round(st->coverage_pct, 1);
	for (k = 0; k < STATS_DAYS; k++)
		st->cpu_busy_day[k] = stats_round(st->cpu_busy_day[k], 1);
}

enum pw_status
fleet_row_of_stats(struct fleet_rows *rows, const struct source_host_stats *st,
		   const char *source, const struct config *cfg)
{
	struct fleet_row *r;
	enum pw_status rc;

	if (!(r = fleet_row_add(rows, st->host, source, &rc)))
		return rc;
	r->st = *st;
	round_stats(&r->st);
	r->open_incidents = NAN;
	if (!(r->st.coverage_pct > 0)) {
		r->status = "NO DATA";
		r->reason = "No sample is stored for the period.";
	} else if (r->st.coverage_pct < cfg->min_coverage_pct) {
		r->status = "INCOMPLETE";
		r->reason =
			"Less of the period is covered than [report] min_coverage_pct asks.";
	} else {
		judge(r, cfg);
		return PW_OK;
	}
	r->worst = SEV_CRITICAL;
	r->critical = 1;
	r->top_title = "Collector not running";
	r->top_severity = "CRITICAL";
	r->top_resource = "collector";
	return PW_OK;
}

enum pw_status
fleet_rows_of_source(struct fleet_rows *rows, struct source *s,
		     const struct period *p, const char *name,
		     const struct config *cfg, unsigned *queries)
{
	struct source_host_stats *st = calloc(FLEET_STORE_HOSTS_MAX,
					      sizeof(*st));
	size_t n = 0, i;
	enum pw_status rc;

	*queries = 0;
	if (!st)
		return PW_ENOMEM;
	rc = source_host_stats(s, p->start, p->end, st, FLEET_STORE_HOSTS_MAX,
			       &n, queries);
	for (i = 0; !rc && i < n; i++)
		rc = fleet_row_of_stats(rows, &st[i], name, cfg);
	free(st);
	return rc;
}
