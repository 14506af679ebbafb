/*
 * test_stats.c - stats.c on small series whose answers are worked out by
 * hand: nearest-rank percentiles with ties and NaNs, the time-weighted mean,
 * minutes past thresholds both ways, busiest hour and day, the first
 * maximum, empty and all-NaN series, linear trends and days-to-full, change
 * in percent; introselect against qsort; and a report-sized load.
 *
 * Expected percentiles are those of the Python reference
 * sorted(vals)[max(1, -(-q * n // 100)) - 1].
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define T0       1700000000 /* 2023-11-14 22:13:20 UTC */

/* Run stats_compute on n values at 60 s steps, every dt 60 s. */
static struct stats
plain_stats(const double *v, size_t n)
{
	int64_t *t = calloc(n ? n : 1, sizeof(*t));
	double *dt = calloc(n ? n : 1, sizeof(*dt));
	struct series s = { t, v, dt, n };
	struct stats st;
	size_t i;

	assert_non_null(t);
	assert_non_null(dt);
	for (i = 0; i < n; i++) {
		t[i] = T0 + 60 * (int64_t)i;
		dt[i] = 60;
	}
	assert_int_equal(stats_compute(&s, NAN, NAN, 0, NULL, NULL, &st),
			 PW_OK);
	free(t);
	free(dt);
	return st;
}

static void
assert_pcts(const struct stats *st, double p50, double p90, double p95,
	    double p99)
{
	assert_true(st->p50 == p50);
	assert_true(st->p90 == p90);
	assert_true(st->p95 == p95);
	assert_true(st->p99 == p99);
}

static void
test_rank(void **state)
{
	(void)state;
	assert_int_equal(select_nearest_rank(50, 1), 1);
	assert_int_equal(select_nearest_rank(50, 2), 1);
	assert_int_equal(select_nearest_rank(90, 2), 2);
	assert_int_equal(select_nearest_rank(95, 10), 10);
	assert_int_equal(select_nearest_rank(90, 10), 9);
	assert_int_equal(select_nearest_rank(99, 10080), 9980);
	assert_int_equal(select_nearest_rank(0, 5), 1);
	assert_int_equal(select_nearest_rank(100, 5), 5);
	assert_int_equal(select_nearest_rank(250, 5), 5);
	/* integers, not ceil(0.07 * 100) == 8 in floating point */
	assert_int_equal(select_nearest_rank(7, 100), 7);
}

static void
test_percentiles_small(void **state)
{
	const double one[] = { 7.5 };
	const double two[] = { 3, 1 };
	/* sorted without NaN: 1 2 3 4 5 5 5 7 9 10 */
	const double ten[] = { 5, NAN, 1, 5, 9, 2, NAN, 5, 10, 3, 7, 4 };
	struct stats st;

	(void)state;
	st = plain_stats(one, NELEM(one));
	assert_int_equal(st.n, 1);
	assert_pcts(&st, 7.5, 7.5, 7.5, 7.5);
	assert_true(st.min == 7.5 && st.max == 7.5 && st.avg == 7.5);

	st = plain_stats(two, NELEM(two));
	assert_int_equal(st.n, 2);
	assert_pcts(&st, 1, 3, 3, 3);
	assert_true(st.min == 1 && st.max == 3 && st.avg == 2);

	st = plain_stats(ten, NELEM(ten));
	assert_int_equal(st.n, 10);
	assert_pcts(&st, 5, 9, 10, 10);
	assert_true(st.min == 1 && st.max == 10);
	assert_true(st.avg == 5.1); /* 51 / 10, every dt equal */
	assert_true(st.t_max == T0 + 8 * 60);
}

static void
test_percentiles_hundred(void **state)
{
	double v[110];
	struct stats st;
	size_t i, j = 0;

	(void)state;
	/* (i * 37) % 50: each of 0..49 twice, shuffled; every 11th NaN */
	for (i = 0; i < NELEM(v); i++)
		v[i] = i % 11 == 10 ? NAN : (double)((j++ * 37) % 50);
	assert_int_equal(j, 100);
	st = plain_stats(v, NELEM(v));
	assert_int_equal(st.n, 100);
	assert_pcts(&st, 24, 44, 47, 49);
	assert_true(st.min == 0 && st.max == 49 && st.avg == 24.5);
	/* the first 49 is j == 27 (27 * 37 = 999), array index 29 */
	assert_true(st.t_max == T0 + 29 * 60);
}

/* Value i of n for one of five shapes; rnd is a running LCG state. */
static double
shape_value(size_t shape, size_t i, size_t n, uint32_t *rnd)
{
	*rnd = *rnd * 1103515245u + 12345u;
	switch (shape) {
	case 0: /* random, few ties */
		return (double)(*rnd >> 16) / 7;
	case 1: /* random, four values */
		return (double)((*rnd >> 16) % 4);
	case 2: /* ascending */
		return (double)i;
	case 3: /* descending */
		return (double)(n - i);
	default: /* organ pipe */
		return (double)(i < n / 2 ? i : n - i);
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Introselect against qsort on shapes that break naive quickselects. */
static void
test_select_vs_sort(void **state)
{
	double orig[600] = { 0 }, ref[600], buf[600], got;
	uint32_t rnd = 12345;
	size_t n, k, i, shape;

	(void)state;
	for (shape = 0; shape < 5; shape++) {
		for (n = 1; n <= NELEM(buf); n += n < 40 ? 1 : 37) {
			for (i = 0; i < n; i++)
				orig[i] = shape_value(shape, i, n, &rnd);
			memcpy(ref, orig, n * sizeof(*ref));
			qsort(ref, n, sizeof(*ref), cmp_double);
			for (k = 0; k < n; k += 1 + n / 7) {
				memcpy(buf, orig, n * sizeof(*buf));
				got = select_kth(buf, n, k);
				assert_true(got == ref[k]);
				for (i = 0; i < n; i++)
					assert_true(i < k ? buf[i] <= got :
							    buf[i] >= got);
			}
		}
	}
}

static void
test_weighted_avg(void **state)
{
	const int64_t t[] = { T0, T0 + 60, T0 + 120, T0 + 240, T0 + 300 };
	const double v[] = { 10, 20, 40, 1000, NAN };
	const double dt[] = { 60, 60, 120, NAN, 60 };
	const double dt_bad[] = { INFINITY, NAN, -5, 0, 60 };
	struct series s = { t, v, dt, NELEM(v) };
	struct stats st;

	(void)state;
	/* (10*60 + 20*60 + 40*120) / 240; 1000 has no dt, no weight */
	assert_int_equal(stats_compute(&s, NAN, NAN, 0, NULL, NULL, &st),
			 PW_OK);
	assert_int_equal(st.n, 4);
	assert_true(st.avg == 27.5);
	assert_true(st.max == 1000 && st.t_max == T0 + 240);
	assert_true(st.minutes_above_warn == 0);
	/* no usable dt at all: the plain mean, and no minutes */
	s.dt = dt_bad;
	assert_int_equal(stats_compute(&s, 5, 30, 0, NULL, NULL, &st), PW_OK);
	assert_true(st.avg == 267.5);
	assert_true(st.minutes_above_warn == 0);
	assert_true(st.minutes_above_crit == 0);
	/* no dt: plain mean, minutes unknown */
	s.dt = NULL;
	assert_int_equal(stats_compute(&s, 1, 2, 0, NULL, NULL, &st), PW_OK);
	assert_true(st.avg == 267.5);
	assert_true(isnan(st.minutes_above_warn));
	assert_true(isnan(st.minutes_above_crit));
}

static void
test_minutes_above(void **state)
{
	const int64_t t[] = { T0,       T0 + 60,  T0 + 120,
			      T0 + 240, T0 + 300, T0 + 330 };
	const double v[] = { 50, 85, 95, NAN, 70, 99 };
	const double dt[] = { 60, 60, 120, 60, 60, 30 };
	struct series s = { t, v, dt, NELEM(v) };
	struct stats st;

	(void)state;
	/* >= 80: 85 (60 s) 95 (120 s) 99 (30 s); >= 95: 95 and 99 */
	assert_int_equal(stats_compute(&s, 80, 95, 0, NULL, NULL, &st), PW_OK);
	assert_true(st.minutes_above_warn == 3.5);
	assert_true(st.minutes_above_crit == 2.5);
	/* below: <= 85: 50 85 70 (180 s); <= 50: 50 (60 s) */
	assert_int_equal(stats_compute(&s, 85, 50, 1, NULL, NULL, &st), PW_OK);
	assert_true(st.minutes_above_warn == 3);
	assert_true(st.minutes_above_crit == 1);
	/* NaN thresholds are not computed */
	assert_int_equal(stats_compute(&s, NAN, NAN, 1, NULL, NULL, &st),
			 PW_OK);
	assert_true(st.minutes_above_warn == 0);
	assert_true(st.minutes_above_crit == 0);
}

static void
test_busiest(void **state)
{
	const int64_t t[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	const double v[] = { 1, 3, 10, 2, 6, 6, 500, NAN };
	const double dt[] = { 60, 60, 180, 60, 60, 60, 60, 60 };
	const int8_t hour[] = { 0, 0, 13, 13, 23, 5, -1, 13 };
	const int8_t dow[] = { 0, 0, 6, 6, 3, 3, 9, 1 };
	const int8_t tie_hour[] = { 9, 9, 9, 9, 23, 5, 24, 13 };
	struct series s = { t, v, dt, NELEM(v) };
	struct stats st;

	(void)state;
	/* hour 13: (10*180 + 2*60) / 240 = 8 beats 6 (hours 5 and 23);
	 * dow 6 likewise 8; the 500 has no valid local time */
	assert_int_equal(stats_compute(&s, NAN, NAN, 0, hour, dow, &st), PW_OK);
	assert_int_equal(st.busiest_hour, 13);
	assert_true(st.busiest_hour_avg == 8);
	assert_int_equal(st.busiest_dow, 6);
	assert_true(st.busiest_dow_avg == 8);
	assert_true(st.max == 500);
	/* hour 9 (2160 / 360), 23 and 5 all average 6: the earliest wins */
	assert_int_equal(stats_compute(&s, NAN, NAN, 0, tie_hour, NULL, &st),
			 PW_OK);
	assert_int_equal(st.busiest_hour, 5);
	assert_true(st.busiest_hour_avg == 6);
	assert_int_equal(st.busiest_dow, -1);
	assert_true(isnan(st.busiest_dow_avg));
}

static void
assert_no_stats(const struct stats *st)
{
	assert_int_equal(st->n, 0);
	assert_true(isnan(st->avg) && isnan(st->min) && isnan(st->max));
	assert_true(isnan(st->p50) && isnan(st->p90) && isnan(st->p95) &&
		    isnan(st->p99));
	assert_true(st->t_max == 0);
	assert_true(st->minutes_above_warn == 0);
	assert_true(st->minutes_above_crit == 0);
	assert_int_equal(st->busiest_hour, -1);
	assert_int_equal(st->busiest_dow, -1);
	assert_true(isnan(st->busiest_hour_avg) && isnan(st->busiest_dow_avg));
}

static void
test_empty_and_nan(void **state)
{
	const int64_t t[] = { T0, T0 + 60, T0 + 120 };
	const double v[] = { NAN, NAN, NAN };
	const double dt[] = { 60, 60, 60 };
	const int8_t hour[] = { 1, 2, 3 };
	struct series empty = { NULL, NULL, NULL, 0 };
	struct series nans = { t, v, dt, NELEM(v) };
	struct series bad = { NULL, v, dt, NELEM(v) };
	struct stats st;

	(void)state;
	empty.dt = dt;
	assert_int_equal(stats_compute(&empty, 1, 2, 0, NULL, NULL, &st),
			 PW_OK);
	assert_no_stats(&st);
	assert_int_equal(stats_compute(&nans, 1, 2, 0, hour, hour, &st), PW_OK);
	assert_no_stats(&st);
	/* a NULL pointer is refused and *out left alone */
	st.n = 42;
	assert_int_equal(stats_compute(&bad, 1, 2, 0, NULL, NULL, &st), PW_ERR);
	assert_int_equal(stats_compute(NULL, 1, 2, 0, NULL, NULL, &st), PW_ERR);
	assert_int_equal(st.n, 42);
}

static void
test_regress_exact(void **state)
{
	/* v = 10 + 2 * day on days 0..7, with NaNs between */
	int64_t t[11];
	double v[11], slope, last, r2;
	size_t i, j = 0;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		t[i] = T0 + (int64_t)j * 86400;
		if (i == 2 || i == 5 || i == 10) {
			v[i] = NAN;
			continue;
		}
		v[i] = 10 + 2.0 * (double)j++;
	}
	assert_int_equal(stats_regress(t, v, NELEM(t), &slope, &last, &r2),
			 PW_OK);
	assert_true(slope == 2);
	assert_true(last == 24);
	assert_true(r2 == 1);
	/* 24 -> 100 at 2 a day */
	assert_true(stats_days_to_reach(slope, last, 100) == 38);
	assert_true(stats_days_to_reach(slope, 100.5, 100) == 0);
	assert_true(stats_days_to_reach(-slope, last, 100) == INFINITY);
	assert_true(stats_days_to_reach(0, last, 100) == INFINITY);
	assert_true(isnan(stats_days_to_reach(NAN, last, 100)));
	/* falling metric: negate everything; 24 -> 0 at 2 a day */
	assert_true(stats_days_to_reach(2, -24, 0) == 12);
}

static void
test_regress_hourly(void **state)
{
	/* a filesystem filling 1.5 %/day, hourly for a week, at 1.7e9 s */
	int64_t t[168];
	double v[168], slope, last, r2;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		t[i] = T0 + 3600 * (int64_t)i;
		v[i] = 50 + 1.5 * (double)i / 24;
	}
	assert_int_equal(stats_regress(t, v, NELEM(t), &slope, &last, &r2),
			 PW_OK);
	assert_true(fabs(slope - 1.5) < 1e-12);
	assert_true(fabs(last - (50 + 1.5 * 167 / 24)) < 1e-12);
	assert_true(fabs(r2 - 1) < 1e-12);
	/* 60.4375 % -> 100 % at 1.5 a day: 26.375 days */
	assert_true(fabs(stats_days_to_reach(slope, last, 100) - 26.375) <
		    1e-9);
	/* noise that cancels pairwise keeps the slope and lowers r2 */
	for (i = 0; i < NELEM(t); i++)
		v[i] += i % 2 ? -1 : 1;
	assert_int_equal(stats_regress(t, v, NELEM(t), &slope, &last, &r2),
			 PW_OK);
	assert_true(fabs(slope - 1.5) < 0.01);
	assert_true(r2 > 0.9 && r2 < 1);
}

static void
test_regress_degenerate(void **state)
{
	const int64_t t[] = { T0, T0 + 60, T0 + 60, T0 + 120 };
	const double flat[] = { 5, 5, 5, 5 };
	const double one[] = { NAN, 5, NAN, NAN };
	const double same_t[] = { NAN, 5, 7, NAN };
	double slope, last, r2;

	(void)state;
	assert_int_equal(stats_regress(t, flat, 4, &slope, &last, &r2), PW_OK);
	assert_true(slope == 0 && last == 5);
	assert_true(isnan(r2));
	assert_true(stats_days_to_reach(slope, last, 100) == INFINITY);
	assert_int_equal(stats_regress(t, one, 4, &slope, &last, &r2), PW_OK);
	assert_true(isnan(slope) && isnan(last) && isnan(r2));
	assert_int_equal(stats_regress(t, same_t, 4, &slope, &last, &r2),
			 PW_OK);
	assert_true(isnan(slope) && isnan(last) && isnan(r2));
	assert_int_equal(stats_regress(NULL, NULL, 0, &slope, &last, &r2),
			 PW_OK);
	assert_true(isnan(slope));
	slope = 3;
	assert_int_equal(stats_regress(NULL, flat, 4, &slope, &last, &r2),
			 PW_ERR);
	assert_true(slope == 3);
}

static void
test_change_pct(void **state)
{
	(void)state;
	assert_true(stats_change_pct(150, 100) == 50);
	assert_true(stats_change_pct(50, 100) == -50);
	assert_true(stats_change_pct(-5, -10) == 50);
	assert_true(stats_change_pct(0, 8) == -100);
	assert_true(isnan(stats_change_pct(1, 0)));
	assert_true(isnan(stats_change_pct(NAN, 1)));
	assert_true(isnan(stats_change_pct(1, NAN)));
}

/* A week at 10 s for 50 series: only that it completes and is sane. */
static void
test_report_sized(void **state)
{
	enum {
		N = 60480,
		SERIES = 50
	};
	int64_t *t = malloc(N * sizeof(*t));
	double *v = malloc(N * sizeof(*v)), *dt = malloc(N * sizeof(*dt));
	int8_t *hour = malloc(N), *dow = malloc(N);
	struct series s = { t, v, dt, N };
	struct stats st;
	uint32_t rnd = 1;
	size_t i, k;

	(void)state;
	assert_true(t && v && dt && hour && dow);
	for (k = 0; k < SERIES; k++) {
		for (i = 0; i < N; i++) {
			rnd = rnd * 1103515245u + 12345u;
			t[i] = T0 + 10 * (int64_t)i;
			dt[i] = 10;
			v[i] = k % 3 ? (double)(rnd >> 16) / 655.36 :
				       (double)(i % 100);
			if (rnd % 97 == 0)
				v[i] = NAN;
			hour[i] = (int8_t)(i / 360 % 24);
			dow[i] = (int8_t)(i / 8640 % 7);
		}
		assert_int_equal(stats_compute(&s, 80, 90, 0, hour, dow, &st),
				 PW_OK);
		assert_true(st.n > N * 95 / 100 && st.n < N);
		assert_true(st.min <= st.p50 && st.p50 <= st.p90 &&
			    st.p90 <= st.p95 && st.p95 <= st.p99 &&
			    st.p99 <= st.max);
		assert_true(st.minutes_above_crit <= st.minutes_above_warn);
		assert_true(st.busiest_hour >= 0 && st.busiest_dow >= 0);
	}
	free(t);
	free(v);
	free(dt);
	free(hour);
	free(dow);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_percentiles_small),
		cmocka_unit_test(test_percentiles_hundred),
		cmocka_unit_test(test_select_vs_sort),
		cmocka_unit_test(test_weighted_avg),
		cmocka_unit_test(test_minutes_above),
		cmocka_unit_test(test_busiest),
		cmocka_unit_test(test_empty_and_nan),
		cmocka_unit_test(test_regress_exact),
		cmocka_unit_test(test_regress_hourly),
		cmocka_unit_test(test_regress_degenerate),
		cmocka_unit_test(test_change_pct),
		cmocka_unit_test(test_report_sized),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
