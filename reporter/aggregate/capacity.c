/*
 * capacity.c - what the week's p95 utilisation means for waiting.
 *
 * CPU: c = the CPU count, rho = p95 busy / 100, offered load a = c * rho;
 * Erlang C gives the probability that a runnable task finds every CPU busy,
 * and C / (c - a) the mean wait relative to the mean service time.  Disk:
 * M/M/1 with rho = p95 utilisation, response time stretched 1 / (1 - rho).
 * Headroom is how much the load may grow before the p95 reaches the target
 * utilisation ([report] target_util_pct).  The assumptions (Poisson
 * arrivals, exponential service, one queue) are stated in the notes.
 *
 * Services: where application metrics give a request rate and a mean
 * response time (SVC.requests_per_s with SVC.response_time_s or
 * SVC.response_time_ms), Little's law L = lambda W gives the mean number of
 * requests in the service, averaged over the snapshots that have both.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "capacity.h"
#include "metric.h"
#include "queueing.h"
#include "source.h"

static enum pw_status
p95_of(struct model_ctx *ctx, const char *metric, const struct dev_data *dev,
       double *p95)
{
	const struct metric_def *m = metric_find(metric);
	struct series s = { dev ? dev->t : ctx->data.t, ctx->scratch,
			    dev ? dev->dt : ctx->data.dt, 0 };
	struct stats st;
	enum pw_status rc;

	s.n = metric_series(m, &ctx->data, dev, ctx->scratch);
	rc = stats_compute(&s, NAN, NAN, 0, NULL, NULL, &st);
	*p95 = rc ? NAN : st.p95;
	return rc;
}

static double
max_cpus(const struct dataset *d)
{
	double c = NAN;
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!isnan(d->v[HM_cpu_count][i]) &&
		    (isnan(c) || d->v[HM_cpu_count][i] > c))
			c = d->v[HM_cpu_count][i];
	return c;
}

static enum pw_status
cpu_capacity(struct model_ctx *ctx, struct model_capacity *cap, double target)
{
	struct model_cpu_capacity *cpu = &cap->cpu;
	double c = max_cpus(&ctx->data), p95, rho;
	enum pw_status rc;

	cap->has_cpu = 0;
	if (isnan(c) || c < 1)
		return PW_OK;
	if ((rc = p95_of(ctx, "cpu_busy_pct", NULL, &p95)))
		return rc;
	rho = p95 / 100;
	cap->has_cpu = 1;
	cpu->cpus = stats_round(c, 0);
	cpu->p95_busy_pct = stats_round(p95, 1);
	cpu->erlang_c = stats_round(queueing_erlang_c((unsigned)c, c * rho), 4);
	cpu->wait_ratio = stats_round(queueing_mmc_wait_ratio((unsigned)c, rho),
				      3);
	cpu->headroom_pct = stats_round(queueing_headroom_pct(p95, target), 0);
	return PW_OK;
}

static enum pw_status
disk_capacity(struct model_ctx *ctx, struct model_capacity *cap, double target)
{
	enum pw_status rc = PW_OK;
	size_t i, n = 0;

	for (i = 0; i < ctx->data.ndev; i++)
		n += ctx->data.dev[i].kind == DEV_DISK;
	cap->ndisks = 0;
	if (n &&
	    !(cap->disks = arena_alloc(&ctx->m->arena, n, sizeof(*cap->disks))))
		return PW_ENOMEM;
	for (i = 0; i < ctx->data.ndev && !rc; i++) {
		const struct dev_data *dev = &ctx->data.dev[i];
		struct model_disk_capacity *d;
		double p95;

		if (dev->kind != DEV_DISK)
			continue;
		if ((rc = p95_of(ctx, "disk.util_pct", dev, &p95)))
			break;
		d = &cap->disks[cap->ndisks++];
		if (!(d->name = arena_strdup(&ctx->m->arena, dev->name)))
			return PW_ENOMEM;
		d->p95_util_pct = stats_round(p95, 1);
		d->stretch = stats_round(queueing_mm1_stretch(p95 / 100), 2);
		d->headroom_pct = stats_round(
			queueing_headroom_pct(p95, target), 0);
	}
	return rc;
}

/* Little's law for every service with a rate and a response time. */
static enum pw_status
little(struct model_ctx *ctx, struct model_capacity *cap)
{
	const struct model_input *in = ctx->in;
	struct source_service sv[SOURCE_SERVICES_MAX];
	size_t n = 0, i;
	enum pw_status rc;

	cap->nservices = 0;
	rc = source_services(in->src, in->period.start, in->period.end, sv,
			     SOURCE_SERVICES_MAX, &n);
	if (rc || n == 0)
		return rc;
	if (!(cap->services = arena_alloc(&ctx->m->arena, n,
					  sizeof(*cap->services))))
		return PW_ENOMEM;
	for (i = 0; i < n; i++) {
		struct model_service *o = &cap->services[cap->nservices++];

		if (!(o->service = arena_strdup(&ctx->m->arena, sv[i].name)))
			return PW_ENOMEM;
		o->requests_per_s = stats_round(sv[i].requests_per_s, 2);
		o->response_time_s = stats_round(sv[i].response_time_s, 4);
		o->concurrency = stats_round(sv[i].concurrency, 2);
	}
	return PW_OK;
}

enum pw_status
capacity_build(struct model_ctx *ctx, struct model_capacity *cap)
{
	double target = ctx->in->cfg->target_util_pct;
	enum pw_status rc;

	cap->target_util_pct = stats_round(target, 1);
	if ((rc = cpu_capacity(ctx, cap, target)) ||
	    (rc = disk_capacity(ctx, cap, target)))
		return rc;
	return little(ctx, cap);
}
