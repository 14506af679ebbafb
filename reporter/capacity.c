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
 */
#include <math.h>

#include "capacity.h"
#include "metric.h"
#include "queueing.h"

static enum pw_status
p95_of(struct report_ctx *ctx, const char *metric,
    const struct dev_data *dev, double *p95)
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
cpu_capacity(struct report_ctx *ctx, cJSON *obj, double target)
{
	double c = max_cpus(&ctx->data), p95, rho;
	cJSON *cpu;
	enum pw_status rc;

	if (isnan(c) || c < 1)
		return cJSON_AddNullToObject(obj, "cpu") ? PW_OK : PW_ENOMEM;
	if ((rc = p95_of(ctx, "cpu_busy_pct", NULL, &p95)))
		return rc;
	if (!(cpu = cJSON_AddObjectToObject(obj, "cpu")))
		return PW_ENOMEM;
	rho = p95 / 100;
	if ((rc = report_add_num(cpu, "cpus", c, 0)) ||
	    (rc = report_add_num(cpu, "p95_busy_pct", p95, 1)) ||
	    (rc = report_add_num(cpu, "erlang_c", erlang_c((unsigned)c,
	    c * rho), 4)) ||
	    (rc = report_add_num(cpu, "wait_ratio", mmc_wait_ratio(
	    (unsigned)c, rho), 3)) ||
	    (rc = report_add_num(cpu, "headroom_pct", headroom_pct(p95,
	    target), 0)))
		return rc;
	return PW_OK;
}

static enum pw_status
disk_capacity(struct report_ctx *ctx, cJSON *obj, double target)
{
	cJSON *disks = cJSON_AddArrayToObject(obj, "disks");
	enum pw_status rc = PW_OK;
	size_t i;

	if (!disks)
		return PW_ENOMEM;
	for (i = 0; i < ctx->data.ndev && !rc; i++) {
		const struct dev_data *dev = &ctx->data.dev[i];
		double p95;
		cJSON *d;

		if (dev->kind != DEV_DISK)
			continue;
		if ((rc = p95_of(ctx, "disk.util_pct", dev, &p95)))
			break;
		if (!(d = cJSON_CreateObject()))
			return PW_ENOMEM;
		cJSON_AddItemToArray(disks, d);
		if (!cJSON_AddStringToObject(d, "name", dev->name))
			return PW_ENOMEM;
		if ((rc = report_add_num(d, "p95_util_pct", p95, 1)) ||
		    (rc = report_add_num(d, "stretch", mm1_stretch(p95 / 100),
		    2)) ||
		    (rc = report_add_num(d, "headroom_pct", headroom_pct(p95,
		    target), 0)))
			break;
	}
	return rc;
}

enum pw_status
capacity_build(struct report_ctx *ctx, cJSON *obj)
{
	double target = ctx->in->cfg->target_util_pct;
	enum pw_status rc;

	if ((rc = report_add_num(obj, "target_util_pct", target, 1)) ||
	    (rc = cpu_capacity(ctx, obj, target)))
		return rc;
	return disk_capacity(ctx, obj, target);
}
