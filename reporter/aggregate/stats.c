/*
 * stats.c - the statistics of one metric over a period (see stats.h for the
 * definitions the report relies on).
 *
 * stats_compute makes one pass over the samples, which gathers the sums
 * for the weighted means (overall, per local hour, per local day), the
 * minimum, the first maximum and the time above each threshold, and copies
 * the values into one scratch array.  The four percentiles are then picked
 * from that copy by introselect, each on the part of the array the previous
 * one left above it, so a week of 10,080 samples costs a few passes, not a
 * sort.  Selection is Hoare's partition around a median of three, whose
 * scans stop on equal values, so long runs of one value (an idle CPU at
 * 0 %) split evenly; it falls back to heapsort when the pivots keep being
 * bad, so no input can make it quadratic.  The percentiles are exact:
 * selection returns the very value at the nearest rank ceil(q * n / 100)
 * of the non-NaN values, the one a sort would put there (NaN is a missing
 * sample and is skipped); tests/unit/test_stats_exact.c compares them with
 * the sorted answer on random and adversarial inputs.
 *
 * This file must stay pure: no I/O, no logging, no global state.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "model.h"
#include "select.h"
#include "stats.h"

#define SECONDS_PER_DAY 86400.0
#define HOURS_PER_DAY   24
#define DAYS_PER_WEEK   7
/* Ranges this small are finished by insertion sort. */

/* Sums for a mean weighted by dt, with the plain mean as the fallback. */
struct bucket {
	size_t n;
	double sum_v;
	double sum_vw;
	double sum_w;
};

/* What the single pass over a series gathers. */
struct pass {
	struct bucket all;
	struct bucket hour[HOURS_PER_DAY];
	struct bucket dow[DAYS_PER_WEEK];
	double min, max;
	int64_t t_max;
	double warn_s, crit_s;
};

static void
bucket_add(struct bucket *b, double v, double w)
{
	b->n++;
	b->sum_v += v;
	if (w > 0) {
		b->sum_vw += v * w;
		b->sum_w += w;
	}
}

static double
bucket_mean(const struct bucket *b)
{
	if (b->n == 0)
		return NAN;
	if (b->sum_w > 0)
		return b->sum_vw / b->sum_w;
	return b->sum_v / (double)b->n;
}

/* Index and mean of the bucket with the highest mean; the first on ties. */
static void
bucket_busiest(const struct bucket *b, int nb, int *idx, double *avg)
{
	int i, best = -1;
	double m, best_m = NAN;

	for (i = 0; i < nb; i++) {
		m = bucket_mean(&b[i]);
		if (isnan(m))
			continue;
		if (best < 0 || m > best_m) {
			best = i;
			best_m = m;
		}
	}
	*idx = best;
	*avg = best_m;
}

/* Does v count as past threshold thr?  Never when thr is NaN. */
static int
past(double v, double thr, int below)
{
	return below ? v <= thr : v >= thr;
}

/*
 * The one pass: fill *p (zeroed by the caller) and copy the values that are
 * not NaN into vals, p->all.n of them.
 */
static void
stats_pass(const struct series *s, double warn, double crit, int below,
	   const int8_t *local_hour, const int8_t *local_dow, double *vals,
	   struct pass *p)
{
	size_t i;
	double v, w;

	for (i = 0; i < s->n; i++) {
		v = s->v[i];
		if (isnan(v))
			continue;
		w = s->dt ? s->dt[i] : 0;
		if (!isfinite(w) || w < 0)
			w = 0;
		if (p->all.n == 0 || v > p->max) {
			p->max = v;
			p->t_max = s->t[i];
		}
		if (p->all.n == 0 || v < p->min)
			p->min = v;
		vals[p->all.n] = v;
		bucket_add(&p->all, v, w);
		if (past(v, warn, below))
			p->warn_s += w;
		if (past(v, crit, below))
			p->crit_s += w;
		if (local_hour && local_hour[i] >= 0 &&
		    local_hour[i] < HOURS_PER_DAY)
			bucket_add(&p->hour[local_hour[i]], v, w);
		if (local_dow && local_dow[i] >= 0 &&
		    local_dow[i] < DAYS_PER_WEEK)
			bucket_add(&p->dow[local_dow[i]], v, w);
	}
}

/* p50, p90, p95 and p99 of buf[0..n), n > 0, which is reordered. */
static void
stats_percentiles(double *buf, size_t n, struct stats *st)
{
	static const unsigned pct[] = { 50, 90, 95, 99 };
	double *dst[] = { &st->p50, &st->p90, &st->p95, &st->p99 };
	size_t i, k, lo = 0;

	/* Each selection leaves the ranks from k up in buf[k..n). */
	for (i = 0; i < sizeof(pct) / sizeof(pct[0]); i++) {
		k = select_nearest_rank(pct[i], n) - 1;
		*dst[i] = select_kth(buf + lo, n - lo, k - lo);
		lo = k;
	}
}

enum pw_status
stats_compute(const struct series *s, double warn, double crit, int below,
	      const int8_t *local_hour, const int8_t *local_dow,
	      struct stats *out)
{
	struct pass p = { 0 };
	struct stats st;
	double *vals = NULL;

	if (!s || !out || (s->n > 0 && (!s->t || !s->v)))
		return PW_ERR;
	if (s->n > 0) {
		if (s->n > SIZE_MAX / sizeof(*vals))
			return PW_ENOMEM;
		vals = malloc(s->n * sizeof(*vals));
		if (!vals)
			return PW_ENOMEM;
	}
	stats_pass(s, warn, crit, below, local_hour, local_dow, vals, &p);

	st.n = p.all.n;
	st.avg = bucket_mean(&p.all);
	st.min = st.max = st.p50 = st.p90 = st.p95 = st.p99 = NAN;
	st.t_max = 0;
	if (st.n > 0) {
		st.min = p.min;
		st.max = p.max;
		st.t_max = p.t_max;
		stats_percentiles(vals, st.n, &st);
	}
	st.minutes_above_warn = s->dt ? p.warn_s / 60.0 : NAN;
	st.minutes_above_crit = s->dt ? p.crit_s / 60.0 : NAN;
	bucket_busiest(p.hour, HOURS_PER_DAY, &st.busiest_hour,
		       &st.busiest_hour_avg);
	bucket_busiest(p.dow, DAYS_PER_WEEK, &st.busiest_dow,
		       &st.busiest_dow_avg);
	free(vals);
	*out = st;
	return PW_OK;
}

enum pw_status
stats_regress(const int64_t *t, const double *v, size_t n,
	      double *slope_per_day, double *value_last, double *r2)
{
	size_t i, m = 0;
	int64_t t0 = 0, t_last = 0;
	double x, dx, dy, xbar, ybar, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0,
				      slope = NAN, at_last = NAN, rr = NAN;

	if ((n > 0 && (!t || !v)) || !slope_per_day || !value_last || !r2)
		return PW_ERR;
	/* x is days since the first point, so that 1.7e9 s lose no bits */
	for (i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			continue;
		if (m++ == 0)
			t0 = t[i];
		t_last = t[i];
		sx += (double)(t[i] - t0) / SECONDS_PER_DAY;
		sy += v[i];
	}
	if (m < 2)
		goto out;
	xbar = sx / (double)m;
	ybar = sy / (double)m;
	/* centred sums: no cancellation between large squares */
	for (i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			continue;
		x = (double)(t[i] - t0) / SECONDS_PER_DAY;
		dx = x - xbar;
		dy = v[i] - ybar;
		sxx += dx * dx;
		sxy += dx * dy;
		syy += dy * dy;
	}
	if (!(sxx > 0))
		goto out;
	slope = sxy / sxx;
	at_last = ybar +
		slope * ((double)(t_last - t0) / SECONDS_PER_DAY - xbar);
	if (syy > 0)
		rr = fmin(1.0, sxy * sxy / (sxx * syy));
out:
	*slope_per_day = slope;
	*value_last = at_last;
	*r2 = rr;
	return PW_OK;
}

double
stats_days_to_reach(double slope_per_day, double value_now, double target)
{
	if (isnan(slope_per_day) || isnan(value_now) || isnan(target))
		return NAN;
	if (value_now >= target)
		return 0;
	if (slope_per_day <= 0)
		return INFINITY;
	return (target - value_now) / slope_per_day;
}

double
stats_change_pct(double now, double before)
{
	if (isnan(now) || isnan(before) || before == 0)
		return NAN;
	return (now - before) / fabs(before) * 100.0;
}

double
stats_round(double v, int d)
{
	double f = pow(10, d);

	if (!isfinite(v))
		return v;
	v = round(v * f) / f;
	return v == 0 ? 0 : v; /* no "-0" */
}

void
stats_time(struct model_time *out, const struct period_tz *z, int64_t ts)
{
	out->ts = ts;
	out->text[0] = '\0';
	if (ts != 0)
		period_time_text(z, ts, out->text, sizeof(out->text));
}
