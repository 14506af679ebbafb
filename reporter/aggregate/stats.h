/*
 * stats.h - the statistics of one metric over a period: averages,
 * percentiles, time above thresholds, busiest hour and day, linear trends.
 *
 * The module is pure arithmetic on arrays the caller owns: libc and libm
 * only, no I/O, no logging, no global state.  A NULL pointer where data is
 * required is a programming error and returns PW_ERR without a message.
 *
 * Definitions the report and its readers rely on:
 *  - A sample is (t, v, dt): t Unix seconds, sorted ascending; v the value,
 *    NaN when missing (skipped everywhere); dt the seconds the sample stands
 *    for (the interval since the previous sample).  A dt that is not a
 *    finite positive number gives the sample no weight and no minutes.
 *  - avg is the time-weighted mean sum(v * dt) / sum(dt) over the samples
 *    that have a value and a usable dt; when no sample has a usable dt (or
 *    dt is NULL) it is the plain mean of the values.
 *  - Percentiles are nearest-rank: pQ is the r-th smallest of the n values,
 *    r = ceil(Q * n / 100) computed in integers (at least 1).  In Python:
 *    sorted(vals)[max(1, -(-Q * n // 100)) - 1].  In SQL: ORDER BY v
 *    LIMIT 1 OFFSET r - 1.
 *  - minutes_above_warn is sum(dt) / 60 over the samples with v >= warn
 *    (v <= warn for a "below" metric such as available memory).
 */
#ifndef PW_STATS_H
#define PW_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "select.h"
#include "status.h"

/* One metric over a period.  dt may be NULL: plain mean, minutes NaN. */
struct series {
	const int64_t *t; /* Unix seconds, ascending */
	const double *v;  /* value, NaN = missing */
	const double *dt; /* seconds each sample stands for */
	size_t n;
};

/*
 * With no value (n == 0) every double is NaN, t_max is 0 and the busiest
 * hour and day are -1.  A busiest field is -1 and its average NaN also when
 * the caller passed no local times or no sample had a valid one.
 */
struct stats {
	size_t n;   /* samples with a value */
	double avg; /* time-weighted, see above */
	double min, p50, p90, p95, p99, max;
	int64_t t_max;             /* time of the first maximum */
	double minutes_above_warn; /* 0 when warn is NaN */
	double minutes_above_crit; /* 0 when crit is NaN */
	int busiest_hour;          /* 0..23, local hour with highest avg */
	int busiest_dow;           /* 0 = Monday .. 6 = Sunday */
	double busiest_hour_avg;
	double busiest_dow_avg;
};

/*
 * Compute the statistics of s into *out.  warn and crit are thresholds (NaN:
 * none); below says the metric is bad when low, so minutes count v <= warn.
 * local_hour (0..23) and local_dow (0 = Monday .. 6) give each sample's local
 * time, precomputed by the caller; either may be NULL to skip that busiest
 * field, and a sample whose entry is out of range is left out of it.  Ties
 * go to the earliest hour or day.  The means per hour and per day are
 * weighted like avg.
 *
 * Allocates one scratch array of n doubles and frees it before returning.
 * Returns PW_OK (also for an empty or all-NaN series), PW_ENOMEM, or PW_ERR
 * for a NULL pointer; *out is written only on PW_OK.
 */
enum pw_status stats_compute(const struct series *s, double warn, double crit,
			     int below, const int8_t *local_hour,
			     const int8_t *local_dow, struct stats *out);

/*
 * Least-squares line through the points (t[i], v[i]) whose v is finite.
 * *slope_per_day is the change of v per day; *value_last is the fitted value
 * at the time of the last such point (the intercept at t_last, what
 * stats_days_to_reach starts from); *r2 is the coefficient of determination
 * in [0, 1].  With fewer than two points or a single distinct time all
 * three are NaN; with constant values the slope is 0 and r2 NaN.  Returns
 * PW_OK, or PW_ERR for a NULL pointer; outputs are written only on PW_OK.
 */
enum pw_status
stats_regress(const int64_t *t, const double *v, size_t n,
	      double *slope_per_day, double *value_last, double *r2);

/*
 * Days until a rising trend reaches target from value_now: 0 when value_now
 * is already >= target, INFINITY when slope_per_day <= 0 (never), NaN when
 * an argument is NaN.  For a falling metric negate all three arguments.
 */
double
stats_days_to_reach(double slope_per_day, double value_now, double target);

/*
 * Change of now against before in percent of |before|: 50 means now is one
 * and a half times before.  NaN when either is NaN or before is 0.
 */
double stats_change_pct(double now, double before);

/*
 * v rounded to d decimals, the one rounding of the report model: every
 * figure is stored as the JSON gives it, so that every renderer shows the
 * same.  NaN and infinities stay; -0 becomes 0.
 */
double stats_round(double v, int d);

struct model_time;
struct period_tz;

/* ts as the model holds a time: ts and its local text in z; 0 is null. */
void stats_time(struct model_time *out, const struct period_tz *z, int64_t ts);

#endif
