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
#include "db.h"
#include "metric.h"
#include "queueing.h"

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

/* lambda, W and L = avg(lambda * W) of one service; NaN when no data. */
static enum pw_status
little_one(struct model_ctx *ctx, int64_t rate_id, int64_t time_id,
	   double scale, double *lambda, double *w, double *l)
{
	static const char sql[] =
		"SELECT avg(r.value), sum(r.value * w.value) "
		"/ nullif(sum(r.value), 0), avg(r.value * w.value) FROM snapshot s "
		"JOIN app_metric r ON r.snapshot_id = s.id JOIN app_metric w ON "
		"w.snapshot_id = s.id WHERE s.host_id = ?1 AND s.ts >= ?2 AND "
		"s.ts < ?3 AND r.name_id = ?4 AND w.name_id = ?5";
	const struct model_input *in = ctx->in;
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;

	*lambda = *w = *l = NAN;
	if (sqlite3_prepare_v2(in->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, in->host_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, in->period.start) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, in->period.end) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, rate_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, time_id) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = db_fail(in->db, "read");
		goto out;
	}
	if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*lambda = sqlite3_column_double(st, 0);
		*w = sqlite3_column_double(st, 1) * scale;
		*l = sqlite3_column_double(st, 2) * scale;
	}
out:
	sqlite3_finalize(st);
	return rc;
}

/* The id of the response-time metric of service svc and its scale to s. */
static enum pw_status
response_time_id(struct model_ctx *ctx, const char *svc, int64_t *id,
		 double *scale)
{
	static const char sql[] =
		"SELECT id, name FROM app_metric_name WHERE "
		"host_id = ?1 AND name IN (?2 || '.response_time_s', ?2 || "
		"'.response_time_ms') ORDER BY name DESC LIMIT 1";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_ENOTFOUND;
	int r;

	if (sqlite3_prepare_v2(ctx->in->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, ctx->in->host_id) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, svc, -1, SQLITE_STATIC) != SQLITE_OK) {
		rc = db_fail(ctx->in->db, "read");
		goto out;
	}
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);

		*id = sqlite3_column_int64(st, 0);
		*scale = name && strstr(name, "_ms") ? 0.001 : 1;
		rc = PW_OK;
	} else if (r != SQLITE_DONE) {
		rc = db_fail(ctx->in->db, "read");
	}
out:
	sqlite3_finalize(st);
	return rc;
}

static enum pw_status
little_service(struct model_ctx *ctx, struct model_capacity *cap,
	       int64_t rate_id, const char *rate_name)
{
	char svc[256];
	size_t len = strlen(rate_name) - strlen(".requests_per_s");
	double lambda = NAN, w = NAN, l = NAN, scale = 1;
	int64_t time_id = 0;
	struct model_service *o;
	enum pw_status rc;

	snprintf(svc, sizeof(svc), "%.*s", (int)len, rate_name);
	rc = response_time_id(ctx, svc, &time_id, &scale);
	if (rc == PW_ENOTFOUND)
		return PW_OK;
	if (!rc)
		rc = little_one(ctx, rate_id, time_id, scale, &lambda, &w, &l);
	if (rc || isnan(lambda))
		return rc;
	o = &cap->services[cap->nservices++];
	if (!(o->service = arena_strdup(&ctx->m->arena, svc)))
		return PW_ENOMEM;
	o->requests_per_s = stats_round(lambda, 2);
	o->response_time_s = stats_round(w, 4);
	o->concurrency = stats_round(l, 2);
	return PW_OK;
}

/* Little's law for every service with a rate and a response time. */
static enum pw_status
little(struct model_ctx *ctx, struct model_capacity *cap)
{
	static const char sql[] =
		"SELECT id, name FROM app_metric_name WHERE "
		"host_id = ?1 AND name LIKE '%_.requests_per_s' ORDER BY name";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int64_t ids[64];
	char names[64][256];
	int n = 0, i, r;

	if (sqlite3_prepare_v2(ctx->in->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, ctx->in->host_id) != SQLITE_OK) {
		rc = db_fail(ctx->in->db, "read");
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW && n < 64) {
		ids[n] = sqlite3_column_int64(st, 0);
		snprintf(names[n], sizeof(names[n]), "%s",
			 (const char *)sqlite3_column_text(st, 1));
		n++;
	}
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		rc = db_fail(ctx->in->db, "read");
out:
	sqlite3_finalize(st);
	cap->nservices = 0;
	if (!rc && n &&
	    !(cap->services = arena_alloc(&ctx->m->arena, (size_t)n,
					  sizeof(*cap->services))))
		rc = PW_ENOMEM;
	for (i = 0; i < n && !rc; i++)
		rc = little_service(ctx, cap, ids[i], names[i]);
	return rc;
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
