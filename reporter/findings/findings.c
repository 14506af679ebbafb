/*
 * findings.c - the rules table and its evaluation.
 *
 * A sustained rule looks for the longest run of consecutive samples at or
 * beyond a threshold (a gap of more than three intervals ends a run); it
 * fires CRITICAL when the run beyond crit lasts at least the rule's minutes,
 * else WARNING when the run beyond warn does.  Device rules are evaluated
 * per disk, filesystem or interface.  Never touches the database.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "findings_int.h"
#include "metric.h"
#include "rules.h"

enum rule_kind {
	RK_SUSTAINED, /* a run of samples beyond the threshold */
	RK_LATEST,    /* the last value of the period */
	RK_FORECAST,  /* days until a linear trend reaches 100 % */
	RK_UNDERUSED  /* CPU p95 below warn and memory max below crit */
};

struct rule_def {
	enum rule_id id;
	const char *metric; /* metric_defs id */
	enum rule_kind kind;
	const char *title;
	const char *recommendation;
};

static const struct rule_def rule_defs[] = {
	{ RULE_cpu_busy, "cpu_busy_pct", RK_SUSTAINED, "CPU saturation",
	  "Find the processes behind the busy hours (pidstat, top); spread "
	  "batch work away from peaks or add CPUs." },
	{ RULE_load_per_cpu, "load_per_cpu", RK_SUSTAINED,
	  "Load above the CPU count",
	  "More tasks wanted to run than there were CPUs: look at run-queue "
	  "latency and blocked tasks; add CPUs or reduce concurrency." },
	{ RULE_iowait, "cpu_iowait_pct", RK_SUSTAINED, "CPU waiting for I/O",
	  "The storage is the bottleneck: see the disk section for the busy "
	  "device and its latency." },
	{ RULE_steal, "cpu_steal_pct", RK_SUSTAINED, "CPU steal",
	  "The hypervisor ran other guests on this host's CPUs: ask for "
	  "dedicated CPUs or move the VM." },
	{ RULE_memory_used, "mem_used_pct", RK_SUSTAINED, "Memory pressure",
	  "Little memory was available: find the largest consumers, cap "
	  "caches, or add memory." },
	{ RULE_swapping, "swapout_pages_per_s", RK_SUSTAINED, "Swapping",
	  "Pages were written to swap: the working set does not fit in "
	  "memory." },
	{ RULE_major_faults, "majfault_per_s", RK_SUSTAINED,
	  "Major page faults",
	  "Processes waited for pages read from disk: memory is short or "
	  "files are read through mmap cold." },
	{ RULE_psi_cpu, "psi_cpu_some_pct", RK_SUSTAINED, "CPU stalls",
	  "Runnable tasks waited for a CPU a large part of the time." },
	{ RULE_psi_memory, "psi_memory_some_pct", RK_SUSTAINED, "Memory stalls",
	  "Tasks stalled on memory reclaim: add memory or reduce the working "
	  "set." },
	{ RULE_psi_io, "psi_io_some_pct", RK_SUSTAINED, "I/O stalls",
	  "Tasks stalled on I/O: see the disk section for the device." },
	{ RULE_tcp_retrans, "tcp_retrans_pct", RK_SUSTAINED,
	  "TCP retransmissions",
	  "Segments were lost on the way: check links, duplex, buffers and "
	  "the network path." },
	{ RULE_disk_await, "disk.await_ms", RK_SUSTAINED, "Disk latency",
	  "Requests to this disk waited long: look at its queue and "
	  "utilisation, and at which processes drive it (iotop)." },
	{ RULE_disk_util, "disk.util_pct", RK_SUSTAINED, "Disk busy",
	  "The disk was busy most of the time (for SSD and NVMe, compare with "
	  "await before concluding it is saturated)." },
	{ RULE_fs_used, "filesystem.used_pct", RK_LATEST,
	  "Filesystem nearly full",
	  "Free space now: clean up, rotate logs, or grow the filesystem." },
	{ RULE_fs_days_to_full, "filesystem.used_pct", RK_FORECAST,
	  "Filesystem filling up",
	  "At this week's rate the filesystem will be full soon: find what "
	  "grows (du) and act before it is." },
	{ RULE_net_errors, "netif.errors_per_s", RK_SUSTAINED, "Network errors",
	  "Frames were received or sent with errors: check cabling, the NIC "
	  "and its driver." },
	{ RULE_net_drops, "netif.drops_per_s", RK_SUSTAINED, "Network drops",
	  "Packets were dropped: check ring buffer sizes and softirq load." },
	{ RULE_underused, "cpu_busy_pct", RK_UNDERUSED, "Host under-used",
	  "CPU and memory stayed low all week: a smaller instance would do "
	  "(right-sizing)." },
};

struct run {
	double minutes;
	int64_t start, end;
};

/* The longest run of samples >= thr (or <= for below). */
static struct run
longest_run(const int64_t *t, const double *v, const double *dt, size_t n,
	    double thr, double max_gap_s)
{
	struct run best = { 0, 0, 0 }, cur = { 0, 0, 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		int in = !isnan(v[i]) && v[i] >= thr;
		int gap = i > 0 && (double)(t[i] - t[i - 1]) > max_gap_s;

		if (!in || gap) {
			cur.minutes = 0;
			if (!in)
				continue;
		}
		if (cur.minutes == 0)
			cur.start = t[i] - (int64_t)dt[i];
		cur.minutes += dt[i] / 60;
		cur.end = t[i];
		if (cur.minutes > best.minutes)
			best = cur;
	}
	return best;
}

struct eval {
	enum severity sev;
	struct run when;
	double value; /* the threshold crossed, or the forecast */
	double last;
	double span_h, r2, slope; /* a forecast's fit */
};

static void
eval_sustained(const struct rule_limits *lim, const int64_t *t, const double *v,
	       const double *dt, size_t n, double max_gap_s, struct eval *e)
{
	struct run crit = longest_run(t, v, dt, n, lim->crit, max_gap_s);
	struct run warn = longest_run(t, v, dt, n, lim->warn, max_gap_s);
	double need = lim->minutes > 0 ? lim->minutes : 1e-9;

	if (crit.minutes >= need) {
		e->sev = SEV_CRITICAL;
		e->when = crit;
		e->value = lim->crit;
	} else if (warn.minutes >= need) {
		e->sev = SEV_WARNING;
		e->when = warn;
		e->value = lim->warn;
	}
}

int
findings_alert_rule(size_t i, struct findings_rule *out)
{
	size_t k, n = 0;

	for (k = 0; k < sizeof(rule_defs) / sizeof(rule_defs[0]); k++) {
		const struct rule_def *r = &rule_defs[k];

		if (r->kind != RK_SUSTAINED && r->kind != RK_LATEST)
			continue;
		if (n++ != i)
			continue;
		*out = (struct findings_rule){ r->id, r->metric, r->title,
					       r->recommendation,
					       r->kind == RK_LATEST };
		return 1;
	}
	return 0;
}

void
findings_sustained(const struct rule_limits *lim, const int64_t *t,
		   const double *v, const double *dt, size_t n,
		   double max_gap_s, struct findings_run *out)
{
	struct eval e;

	memset(&e, 0, sizeof(e));
	eval_sustained(lim, t, v, dt, n, max_gap_s, &e);
	*out = (struct findings_run){ e.sev, e.value, e.when.start, e.when.end,
				      e.when.minutes };
}

static double
last_value(const double *v, size_t n, int64_t *at, const int64_t *t)
{
	while (n > 0) {
		n--;
		if (!isnan(v[n])) {
			*at = t[n];
			return v[n];
		}
	}
	return NAN;
}

/*
 * The latest value against the thresholds.  Its window is the interval the
 * last snapshot stands for (dt), never a point of "0 min".
 */
static void
eval_latest(const struct rule_limits *lim, const int64_t *t, const double *v,
	    const double *dt, size_t n, struct eval *e)
{
	int64_t at = 0;
	double last = last_value(v, n, &at, t);
	size_t i = n;

	e->last = last;
	if (isnan(last))
		return;
	while (i > 0 && t[i - 1] != at)
		i--;
	e->when.end = at;
	e->when.minutes = i > 0 && dt[i - 1] > 0 ? dt[i - 1] / 60 : 0;
	e->when.start = at - (int64_t)(e->when.minutes * 60);
	if (last >= lim->crit) {
		e->sev = SEV_CRITICAL;
		e->value = lim->crit;
	} else if (last >= lim->warn) {
		e->sev = SEV_WARNING;
		e->value = lim->warn;
	}
}

/*
 * A forecast needs [findings] forecast_min_hours of data and a line that
 * explains the trend (R^2 at least forecast_min_r2): a few minutes of
 * growth, or a sawtooth of log rotations, predict nothing.
 */
static void
eval_forecast(const struct config *cfg, const struct rule_limits *lim,
	      const int64_t *t, const double *v, size_t n, struct eval *e)
{
	double slope, now, r2, days;
	int64_t at = 0, first = 0;
	size_t i;

	if (stats_regress(t, v, n, &slope, &now, &r2) != PW_OK)
		return;
	days = stats_days_to_reach(slope, now, 100);
	e->last = last_value(v, n, &at, t);
	for (i = 0; i < n && !first; i++)
		if (!isnan(v[i]))
			first = t[i];
	e->span_h = (double)(at - first) / 3600;
	e->r2 = r2;
	e->slope = slope;
	if (!isfinite(days) || days < 0 ||
	    e->span_h < cfg->forecast_min_hours ||
	    !(r2 >= cfg->forecast_min_r2))
		return;
	e->value = days;
	e->when.start = first;
	e->when.end = at;
	if (days <= lim->crit)
		e->sev = SEV_CRITICAL;
	else if (days <= lim->warn)
		e->sev = SEV_WARNING;
}

static int
found_cmp(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* "Wed 14:00" in the report's zone, for evidence text. */
static void
short_time(const struct model_ctx *ctx, int64_t ts, char *buf, size_t sz)
{
	if (period_format_local(ctx->in->tz, ts, "%a %H:%M", buf, sz) != PW_OK)
		snprintf(buf, sz, "@%lld", (long long)ts);
}

static enum pw_status
evidence(const struct model_ctx *ctx, const struct rule_def *r,
	 const struct metric_def *m, const struct eval *e,
	 const struct episode_sum *eps, const int64_t *t, const double *v,
	 size_t n, char *buf, size_t sz)
{
	char from[32], to[32];
	const struct series s = { t, v, NULL, n };
	/* "95%", but "20 ms" and "500 1/s" */
	const char *sp = m->unit[0] && strcmp(m->unit, "%") != 0 ? " " : "";
	struct stats st;
	int w;

	switch (r->kind) {
	case RK_SUSTAINED:
		if (stats_compute(&s, NAN, NAN, 0, NULL, NULL, &st) != PW_OK)
			return PW_ERR;
		short_time(ctx, eps->longest.start, from, sizeof(from));
		short_time(ctx, eps->longest.end, to, sizeof(to));
		/* "Wed 14:00-14:45" within a day */
		if (eps->longest.end - eps->longest.start < 86400 &&
		    strncmp(from, to, 4) == 0)
			memmove(to, to + 4, strlen(to + 4) + 1);
		w = snprintf(
			buf, sz,
			"%s at or above %g%s%s in %d episode%s, %.0f min in all; longest %s-%s, %.0f min in a row; p95 %.*f%s%s, max %.*f%s%s",
			m->label, e->value, sp, m->unit, eps->count,
			eps->count == 1 ? "" : "s", eps->minutes, from, to,
			eps->longest.minutes, m->decimals, st.p95, sp, m->unit,
			m->decimals, st.max, sp, m->unit);
		break;
	case RK_LATEST:
		w = snprintf(
			buf, sz,
			"%.1f %% used at the end of the period (threshold %g %%)",
			e->last, e->value);
		break;
	case RK_FORECAST:
		w = snprintf(
			buf, sz,
			"%.1f %% used and growing %.2f points a day: full in %.1f days at this week's rate (a linear fit over %.1f hours of data, R\xc2\xb2 %.2f)",
			e->last, e->slope, e->value, e->span_h, e->r2);
		break;
	default:
		w = snprintf(buf, sz, "%s", "");
		break;
	}
	return w < 0 || (size_t)w >= sz ? PW_ERR : PW_OK;
}

static enum pw_status
add_finding(struct model_ctx *ctx, const struct rule_def *r,
	    const struct metric_def *m, const char *device,
	    const struct eval *e, const char *ev, struct found *out)
{
	struct finding_desc d = { r->id,
				  e->sev,
				  m->section,
				  device,
				  m->id,
				  r->title,
				  ev,
				  r->recommendation,
				  e->when.start,
				  e->when.end,
				  e->when.minutes };
	enum pw_status rc = finding_fill(ctx, &d, &out->f);

	if (!rc)
		out->sev = e->sev;
	return rc;
}

/* Evaluate rule r on one series; add a finding when it fires. */
static enum pw_status
eval_one(struct model_ctx *ctx, const struct rule_def *r,
	 const struct metric_def *m, const struct dev_data *dev,
	 struct found *found, size_t *nfound)
{
	const struct rule_limits *lim = &ctx->in->cfg->rules[r->id];
	const int64_t *t = dev ? dev->t : ctx->data.t;
	const double *dt = dev ? dev->dt : ctx->data.dt;
	double gap = 3 * ctx->data.spacing_s;
	double need = lim->minutes > 0 ? lim->minutes : 1e-9;
	struct episode_series es = { t, ctx->scratch, dt, 0, gap };
	struct episode_sum eps;
	struct eval e;
	size_t n;
	char ev[512];
	enum pw_status rc = PW_OK;

	memset(&e, 0, sizeof(e));
	memset(&eps, 0, sizeof(eps));
	n = metric_series(m, &ctx->data, dev, ctx->scratch);
	if (n == 0)
		return PW_OK;
	es.n = n;
	if (r->kind == RK_SUSTAINED)
		eval_sustained(lim, t, ctx->scratch, dt, n, gap, &e);
	else if (r->kind == RK_LATEST)
		eval_latest(lim, t, ctx->scratch, dt, n, &e);
	else if (r->kind == RK_FORECAST)
		eval_forecast(ctx->in->cfg, lim, t, ctx->scratch, n, &e);
	if (e.sev == SEV_OK)
		return PW_OK;
	if (r->kind == RK_SUSTAINED)
		rc = finding_episodes(ctx, &es, e.value, need, NULL, &eps);
	if (!rc)
		rc = evidence(ctx, r, m, &e, &eps, t, ctx->scratch, n, ev,
			      sizeof(ev));
	if (!rc)
		rc = add_finding(ctx, r, m, dev ? dev->name : NULL, &e, ev,
				 &found[*nfound]);
	if (!rc && r->kind == RK_SUSTAINED) {
		rc = finding_add_episodes(ctx, &found[*nfound].f, &es, e.value,
					  need);
	}
	if (!rc)
		found[*nfound].order = *nfound, (*nfound)++;
	return rc;
}

/* CPU busy p95 under warn and memory never above crit: a right-sizing hint. */
static enum pw_status
eval_underused(struct model_ctx *ctx, const struct rule_def *r,
	       struct found *found, size_t *nfound)
{
	const struct rule_limits *lim = &ctx->in->cfg->rules[r->id];
	const struct metric_def *cpu = metric_find("cpu_busy_pct");
	const struct metric_def *mem = metric_find("mem_used_pct");
	struct series s = { ctx->data.t, ctx->scratch, ctx->data.dt, 0 };
	struct stats sc, sm;
	struct eval e;
	char ev[256];
	enum pw_status rc;

	s.n = metric_series(cpu, &ctx->data, NULL, ctx->scratch);
	if (s.n == 0 || stats_compute(&s, NAN, NAN, 0, NULL, NULL, &sc))
		return PW_OK;
	s.n = metric_series(mem, &ctx->data, NULL, ctx->scratch);
	if (stats_compute(&s, NAN, NAN, 0, NULL, NULL, &sm))
		return PW_OK;
	if (sc.n == 0 || sm.n == 0 || !(sc.p95 < lim->warn) ||
	    !(sm.max < lim->crit))
		return PW_OK;
	memset(&e, 0, sizeof(e));
	e.sev = SEV_INFO;
	e.when.start = ctx->in->period.start;
	e.when.end = ctx->in->period.end;
	snprintf(
		ev, sizeof(ev),
		"CPU busy p95 %.1f %% (below %g %%), memory used at most %.1f %% (below %g %%)",
		sc.p95, lim->warn, sm.max, lim->crit);
	rc = add_finding(ctx, r, cpu, NULL, &e, ev, &found[*nfound]);
	if (!rc)
		found[*nfound].order = *nfound, (*nfound)++;
	return rc;
}

enum pw_status
findings_build(struct model_ctx *ctx, enum severity *worst)
{
	size_t nrules = sizeof(rule_defs) / sizeof(rule_defs[0]);
	size_t cap = nrules * (ctx->data.ndev + 1) + findings_health_max(ctx);
	size_t nfound = 0, i, j;
	struct found *found = calloc(cap, sizeof(*found));
	struct model *mo = ctx->m;
	enum pw_status rc = PW_OK;

	if (!found)
		return PW_ENOMEM;
	*worst = SEV_OK;
	for (i = 0; i < nrules && !rc; i++) {
		const struct rule_def *r = &rule_defs[i];
		const struct metric_def *m = metric_find(r->metric);

		if (!ctx->in->cfg->rules[r->id].enabled || !m)
			continue;
		if (r->kind == RK_UNDERUSED) {
			rc = eval_underused(ctx, r, found, &nfound);
			continue;
		}
		if (m->scope == MS_HOST) {
			rc = eval_one(ctx, r, m, NULL, found, &nfound);
			continue;
		}
		for (j = 0; j < ctx->data.ndev && !rc; j++)
			if (ctx->data.dev[j].kind == metric_dev_kind(m->scope))
				rc = eval_one(ctx, r, m, &ctx->data.dev[j],
					      found, &nfound);
	}
	if (!rc)
		rc = findings_health(ctx, found, &nfound);
	qsort(found, nfound, sizeof(*found), found_cmp);
	mo->nfindings = 0;
	if (!rc && nfound &&
	    !(mo->findings = arena_alloc(&mo->arena, nfound,
					 sizeof(*mo->findings))))
		rc = PW_ENOMEM;
	for (i = 0; i < nfound && !rc; i++) {
		if (found[i].sev > *worst)
			*worst = found[i].sev;
		mo->findings[mo->nfindings++] = found[i].f;
	}
	free(found);
	return rc;
}
