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

/* The gaps found so far; with gaps not NULL, each (up to cap) filled in. */
struct gap_list {
	struct model_gap *gaps;
	size_t cap;
	size_t n;
	double minutes;
};

/* One gap: missed expected snapshots, [from, to), the missing time. */
static void
add_gap(struct model_ctx *ctx, struct gap_list *l, int64_t from, int64_t to,
	double missed)
{
	struct model_gap *g;

	l->minutes += (double)(to - from) / 60;
	if (!l->gaps || l->n >= l->cap) {
		l->n++;
		return;
	}
	g = &l->gaps[l->n++];
	stats_time(&g->w.start, ctx->in->tz, from);
	stats_time(&g->w.end, ctx->in->tz, to);
	g->missed = stats_round(missed, 0);
	g->w.minutes = stats_round((double)(to - from) / 60, 0);
}

/*
 * Between two snapshots prev and next, (next - prev) / step - 1 expected
 * snapshots are missing (rounded; one is a gap from 1.5 steps on, which
 * leaves room for cron's jitter).  The gap runs from the first missed
 * snapshot's time, prev + step, to next: its length is the missing time,
 * not the covered interval.  The period's start counts as a snapshot one
 * step before it, its end as the next snapshot.
 */
static void
gap_between(struct model_ctx *ctx, double step, int64_t prev, int64_t next,
	    struct gap_list *l)
{
	double span = (double)(next - prev);
	int64_t from;

	if (span < 1.5 * step)
		return;
	from = prev + (int64_t)llround(step);
	if (from < ctx->in->period.start)
		from = ctx->in->period.start;
	add_gap(ctx, l, from, next, round(span / step) - 1);
}

static void
find_gaps(struct model_ctx *ctx, double itv, int64_t end, struct gap_list *l)
{
	const struct dataset *d = &ctx->data;
	double step = itv > d->spacing_s ? itv : d->spacing_s;
	int64_t prev = ctx->in->period.start - (int64_t)llround(step);
	size_t i;

	l->n = 0;
	l->minutes = 0;
	for (i = 0; i < d->n; i++) {
		gap_between(ctx, step, prev, d->t[i], l);
		prev = d->t[i];
	}
	if (prev < end)
		gap_between(ctx, step, prev, end, l);
}

/* Every gap counted, the first COVERAGE_MAX_GAPS listed in cov. */
static enum pw_status
gaps_build(struct model_ctx *ctx, double itv, int64_t end,
	   struct model_coverage *cov)
{
	struct gap_list l = { NULL, 0, 0, 0 };
	size_t total;

	find_gaps(ctx, itv, end, &l);
	total = l.n;
	l.cap = total < COVERAGE_MAX_GAPS ? total : COVERAGE_MAX_GAPS;
	if (l.cap &&
	    !(l.gaps = arena_alloc(&ctx->m->arena, l.cap, sizeof(*l.gaps))))
		return PW_ENOMEM;
	if (l.cap)
		find_gaps(ctx, itv, end, &l);
	cov->gaps = l.gaps;
	cov->ngaps = l.cap;
	cov->gap_count = stats_round((double)total, 0);
	cov->gap_minutes = stats_round(l.minutes, 0);
	return PW_OK;
}

/* A boot time that moved by more than the collector's jitter: a reboot. */
static int
rebooted(const struct dataset *d, size_t i)
{
	/* the collector's own tolerance for boot-time jitter */
	return llabs(d->boot_time[i] - d->boot_time[i - 1]) > 60;
}

static enum pw_status
find_reboots(struct model_ctx *ctx, struct model_coverage *cov)
{
	const struct dataset *d = &ctx->data;
	size_t i, n = 0;

	for (i = 1; i < d->n; i++)
		n += rebooted(d, i);
	cov->nreboots = 0;
	if (n == 0)
		return PW_OK;
	if (!(cov->reboots = arena_alloc(&ctx->m->arena, n,
					 sizeof(*cov->reboots))))
		return PW_ENOMEM;
	for (i = 1; i < d->n; i++) {
		struct model_reboot *r;

		if (!rebooted(d, i))
			continue;
		r = &cov->reboots[cov->nreboots++];
		stats_time(&r->booted, ctx->in->tz, d->boot_time[i]);
		stats_time(&r->first_snapshot, ctx->in->tz, d->t[i]);
	}
	return PW_OK;
}

enum pw_status
coverage_build(struct model_ctx *ctx, struct model_coverage *cov)
{
	const struct model_input *in = ctx->in;
	double itv = in->cfg->interval_s > 0 ? in->cfg->interval_s :
					       ctx->data.nominal_interval_s;
	int64_t end = in->period.end < in->generated_at ? in->period.end :
							  in->generated_at;
	double expected, pct;
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
	cov->interval_s = stats_round(itv, 1);
	cov->expected = stats_round(expected, 0);
	cov->stored = stats_round((double)ctx->data.snapshots, 0);
	cov->pct = stats_round(pct, 1);
	if ((rc = gaps_build(ctx, itv, end, cov)) ||
	    (rc = find_reboots(ctx, cov)))
		return rc;
	if (ctx->data.n == 0)
		snprintf(
			warn, sizeof(warn),
			"No snapshots are stored for this period: there is nothing to report on.");
	else if (pct < COVERAGE_WARN_PCT)
		snprintf(
			warn, sizeof(warn),
			"Only %.1f %% of the expected snapshots are stored: the figures describe the covered time only.",
			pct);
	else
		warn[0] = '\0';
	cov->warning = NULL;
	if (warn[0] && !(cov->warning = arena_strdup(&ctx->m->arena, warn)))
		return PW_ENOMEM;
	return PW_OK;
}
