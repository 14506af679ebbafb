/*
 * coverage.c - expected and stored snapshots, gaps and reboots.
 *
 * The expected interval is [report] interval_s, or else the median stored
 * interval.  A period that is still running counts only up to the report's
 * time.  A gap is a run of one or more missed snapshots (gap_between),
 * including at the start and end of the period; its length is the missing
 * time.  From hourly rollups, the step is an hour.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "coverage.h"

/* One gap: missed expected snapshots, [from, to), the missing time. */
static enum pw_status
add_gap(struct report_ctx *ctx, cJSON *gaps, int64_t from, int64_t to,
	double missed, int *ngaps, double *gap_minutes)
{
	cJSON *g;
	enum pw_status rc;

	(*ngaps)++;
	*gap_minutes += (double)(to - from) / 60;
	if (*ngaps > COVERAGE_MAX_GAPS)
		return PW_OK;
	if (!(g = cJSON_CreateObject()))
		return PW_ENOMEM;
	cJSON_AddItemToArray(gaps, g);
	if ((rc = report_add_time(ctx, g, "start", from)) ||
	    (rc = report_add_time(ctx, g, "end", to)) ||
	    (rc = report_add_num(g, "missed", missed, 0)))
		return rc;
	return report_add_num(g, "minutes", (double)(to - from) / 60, 0);
}

/*
 * Between two snapshots prev and next, (next - prev) / step - 1 expected
 * snapshots are missing (rounded; one is a gap from 1.5 steps on, which
 * leaves room for cron's jitter).  The gap runs from the first missed
 * snapshot's time, prev + step, to next: its length is the missing time,
 * not the covered interval.  The period's start counts as a snapshot one
 * step before it, its end as the next snapshot.
 */
static enum pw_status
gap_between(struct report_ctx *ctx, double step, int64_t prev, int64_t next,
	    cJSON *gaps, int *ngaps, double *minutes)
{
	double span = (double)(next - prev);
	int64_t from;

	if (span < 1.5 * step)
		return PW_OK;
	from = prev + (int64_t)llround(step);
	if (from < ctx->in->period.start)
		from = ctx->in->period.start;
	return add_gap(ctx, gaps, from, next, round(span / step) - 1, ngaps,
		       minutes);
}

static enum pw_status
find_gaps(struct report_ctx *ctx, double itv, int64_t end, cJSON *gaps,
	  int *ngaps, double *minutes)
{
	const struct dataset *d = &ctx->data;
	double step = itv > d->spacing_s ? itv : d->spacing_s;
	int64_t prev = ctx->in->period.start - (int64_t)llround(step);
	enum pw_status rc = PW_OK;
	size_t i;

	for (i = 0; i < d->n && !rc; i++) {
		rc = gap_between(ctx, step, prev, d->t[i], gaps, ngaps,
				 minutes);
		prev = d->t[i];
	}
	if (!rc && prev < end)
		rc = gap_between(ctx, step, prev, end, gaps, ngaps, minutes);
	return rc;
}

static enum pw_status
find_reboots(struct report_ctx *ctx, cJSON *reboots)
{
	const struct dataset *d = &ctx->data;
	enum pw_status rc = PW_OK;
	size_t i;

	for (i = 1; i < d->n && !rc; i++) {
		cJSON *r;

		/* the collector's own tolerance for boot-time jitter */
		if (llabs(d->boot_time[i] - d->boot_time[i - 1]) <= 60)
			continue;
		if (!(r = cJSON_CreateObject()))
			return PW_ENOMEM;
		cJSON_AddItemToArray(reboots, r);
		rc = report_add_time(ctx, r, "booted", d->boot_time[i]);
		if (!rc)
			rc = report_add_time(ctx, r, "first_snapshot", d->t[i]);
	}
	return rc;
}

enum pw_status
coverage_build(struct report_ctx *ctx, cJSON *obj)
{
	const struct report_input *in = ctx->in;
	double itv = in->cfg->interval_s > 0 ? in->cfg->interval_s :
					       ctx->data.nominal_interval_s;
	int64_t end = in->period.end < in->generated_at ? in->period.end :
							  in->generated_at;
	double expected, pct, gap_minutes = 0;
	cJSON *gaps, *reboots;
	int ngaps = 0;
	char warn[256];
	enum pw_status rc;

	if (isnan(itv) || itv <= 0)
		itv = 60;
	expected = floor((double)(end - in->period.start) / itv);
	if (expected < 0)
		expected = 0;
	pct = expected > 0 ? (double)ctx->data.snapshots * 100 / expected : 0;
	if (pct > 100)
		pct = 100;
	if ((rc = report_add_num(obj, "interval_s", itv, 1)) ||
	    (rc = report_add_num(obj, "expected", expected, 0)) ||
	    (rc = report_add_num(obj, "stored", (double)ctx->data.snapshots,
				 0)) ||
	    (rc = report_add_num(obj, "pct", pct, 1)))
		return rc;
	if (!(gaps = cJSON_AddArrayToObject(obj, "gaps")) ||
	    !(reboots = cJSON_AddArrayToObject(obj, "reboots")))
		return PW_ENOMEM;
	if ((rc = find_gaps(ctx, itv, end, gaps, &ngaps, &gap_minutes)) ||
	    (rc = find_reboots(ctx, reboots)))
		return rc;
	if ((rc = report_add_num(obj, "gap_count", ngaps, 0)) ||
	    (rc = report_add_num(obj, "gap_minutes", gap_minutes, 0)))
		return rc;
	if (ctx->data.n == 0)
		snprintf(warn, sizeof(warn),
			 "No snapshots are stored for this "
			 "period: there is nothing to report on.");
	else if (pct < COVERAGE_WARN_PCT)
		snprintf(
			warn, sizeof(warn),
			"Only %.1f %% of the expected "
			"snapshots are stored: the figures describe the covered "
			"time only.",
			pct);
	else
		warn[0] = '\0';
	if (!(warn[0] ? cJSON_AddStringToObject(obj, "warning", warn) :
			cJSON_AddNullToObject(obj, "warning")))
		return PW_ENOMEM;
	return PW_OK;
}
