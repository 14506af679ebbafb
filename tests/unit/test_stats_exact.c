/*
 * test_stats_exact.c - the report's percentiles are exact: stats_compute's
 * p50/p90/p95/p99 (introselect in common/select.c) against the answer read
 * off the sorted values, compared with ==, on random series and on the
 * inputs that break selection algorithms: every size from 1 to 70 (odd and
 * even, n = 1 and 2), all values equal, two values, few distinct values,
 * sorted, reversed, organ pipe, the median-of-three killer, infinities,
 * -0.0 next to 0.0, NaN among the values (a NaN is a missing sample: it is
 * skipped, n counts the others), and a 10-second week of 60,480 samples.
 *
 * The reference is the nearest rank as docs/internals.md defines it: the
 * value at 1-based rank max(1, ceil(q * n / 100)) of the sorted non-NaN
 * values, with the rank computed here in plain integer arithmetic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "select.h"
#include "stats.h"

#define WEEK_10S  60480
#define MAX_SMALL 70

enum shape {
	SH_RANDOM,
	SH_EQUAL,
	SH_TWO,
	SH_FEW,
	SH_SORTED,
	SH_REVERSED,
	SH_ORGAN,
	SH_KILLER,
	SH_INF,
	SH_ZEROS,
	SH_NAN,
	SH_COUNT
};

/* xorshift64: the same numbers on every run */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Fill v[0..n) with one shape of input. */
static void
fill(double *v, size_t n, enum shape sh, uint64_t *seed)
{
	size_t i, h = n / 2;

	for (i = 0; i < n; i++) {
		switch (sh) {
		case SH_RANDOM:
			v[i] = (double)(rnd(seed) % 1000000) / 1000.0;
			break;
		case SH_EQUAL:
			v[i] = 42.5;
			break;
		case SH_TWO:
			v[i] = (i % 2) ? 100.0 : 0.0;
			break;
		case SH_FEW:
			v[i] = (double)(rnd(seed) % 3);
			break;
		case SH_SORTED:
			v[i] = (double)i;
			break;
		case SH_REVERSED:
			v[i] = (double)(n - i);
			break;
		case SH_ORGAN:
			v[i] = (double)(i < h ? i : n - i);
			break;
		case SH_KILLER:
			/* Musser's median-of-3 killer sequence */
			v[i] = (double)(i < h ? (i % 2 ? h + i : i + 1) :
						(i - h + 1) * 2);
			break;
		case SH_INF:
			v[i] = (rnd(seed) % 4 == 0) ?
				(i % 2 ? INFINITY : -INFINITY) :
				(double)(rnd(seed) % 100);
			break;
		case SH_ZEROS:
			v[i] = (i % 3 == 0) ? -0.0 : (i % 3 == 1) ? 0.0 : 1.0;
			break;
		case SH_NAN:
			v[i] = (rnd(seed) % 3 == 0) ? NAN :
						      (double)(rnd(seed) % 50);
			break;
		case SH_COUNT:
			break;
		}
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The sorted answer: nearest rank pct of the m sorted values. */
static double
ref_rank(const double *sorted, size_t m, unsigned pct)
{
	size_t r = (pct * m + 99) / 100;

	return sorted[(r > 0 ? r : 1) - 1];
}

/* stats_compute on v[0..n) against the sorted non-NaN values. */
static void
check_exact(const double *v, size_t n)
{
	int64_t *t = calloc(n, sizeof(*t));
	double *dt = calloc(n, sizeof(*dt));
	double *sorted = malloc(n * sizeof(*sorted));
	struct series s = { t, v, dt, n };
	struct stats st;
	size_t i, m = 0;

	assert_non_null(t);
	assert_non_null(dt);
	assert_non_null(sorted);
	for (i = 0; i < n; i++) {
		t[i] = 1700000000 + 10 * (int64_t)i;
		dt[i] = 10;
		if (!isnan(v[i]))
			sorted[m++] = v[i];
	}
	qsort(sorted, m, sizeof(*sorted), cmp_double);
	assert_int_equal(stats_compute(&s, NAN, NAN, 0, NULL, NULL, &st),
			 PW_OK);
	assert_int_equal(st.n, m);
	if (m == 0) {
		assert_true(isnan(st.p50) && isnan(st.p99));
	} else {
		/* == : -0.0 and 0.0 are the same value here, as in sort */
		assert_true(st.p50 == ref_rank(sorted, m, 50));
		assert_true(st.p90 == ref_rank(sorted, m, 90));
		assert_true(st.p95 == ref_rank(sorted, m, 95));
		assert_true(st.p99 == ref_rank(sorted, m, 99));
		assert_true(st.min == sorted[0]);
		assert_true(st.max == sorted[m - 1]);
	}
	free(sorted);
	free(dt);
	free(t);
}

/* Every shape at every size from 1 to MAX_SMALL, several seeds. */
static void
test_small_sizes(void **state)
{
	double v[MAX_SMALL];
	uint64_t seed = 0x9e3779b97f4a7c15u;
	size_t n;
	int sh, rep;

	(void)state;
	for (sh = 0; sh < SH_COUNT; sh++)
		for (n = 1; n <= MAX_SMALL; n++)
			for (rep = 0; rep < 4; rep++) {
				fill(v, n, (enum shape)sh, &seed);
				check_exact(v, n);
			}
}

/* Hand-checked cases: n = 1, n = 2, ties at the rank, NaN skipped. */
static void
test_worked(void **state)
{
	static const double one[] = { 7 };
	static const double two[] = { 9, 3 };
	static const double ties[] = { 5, 1, 5, 5, 2, 5 };
	const double nan_mix[] = { NAN, 4, NAN, 1, 3, NAN, 2 };
	struct series s = { NULL, NULL, NULL, 0 };
	int64_t t[8] = { 0 };
	struct stats st;

	(void)state;
	s.t = t;
	s.v = one;
	s.n = 1;
	assert_int_equal(stats_compute(&s, NAN, NAN, 0, NULL, NULL, &st),
			 PW_OK);
	assert_true(st.p50 == 7 && st.p99 == 7);
	s.v = two;
	s.n = 2;
	assert_int_equal(stats_compute(&s, NAN, NAN, 0, NULL, NULL, &st),
			 PW_OK);
	/* ranks ceil(0.5 * 2) = 1 and ceil(0.99 * 2) = 2 */
	assert_true(st.p50 == 3 && st.p90 == 9 && st.p99 == 9);
	s.v = ties;
	s.n = 6;
	assert_int_equal(stats_compute(&s, NAN, NAN, 0, NULL, NULL, &st),
			 PW_OK);
	/* sorted 1 2 5 5 5 5: rank 3 for p50 */
	assert_true(st.p50 == 5 && st.p99 == 5);
	s.v = nan_mix;
	s.n = 7;
	assert_int_equal(stats_compute(&s, NAN, NAN, 0, NULL, NULL, &st),
			 PW_OK);
	/* four values 1 2 3 4: p50 rank 2, p90 rank 4 */
	assert_int_equal(st.n, 4);
	assert_true(st.p50 == 2 && st.p90 == 4 && st.p99 == 4);
}

/* select_kth for every k against the sorted array, and its ordering. */
static void
test_select_every_k(void **state)
{
	double v[MAX_SMALL], w[MAX_SMALL], sorted[MAX_SMALL];
	uint64_t seed = 12345;
	size_t n, k, i;
	int sh;

	(void)state;
	for (sh = 0; sh < SH_COUNT; sh++) {
		if (sh == SH_NAN)
			continue; /* select_kth takes no NaN */
		for (n = 1; n <= MAX_SMALL; n++) {
			fill(v, n, (enum shape)sh, &seed);
			memcpy(sorted, v, n * sizeof(*v));
			qsort(sorted, n, sizeof(*sorted), cmp_double);
			for (k = 0; k < n; k++) {
				memcpy(w, v, n * sizeof(*v));
				assert_true(select_kth(w, n, k) == sorted[k]);
				for (i = 0; i < n; i++)
					assert_true(i <= k ? w[i] <= w[k] :
							     w[i] >= w[k]);
			}
		}
	}
}

/* A 10-second week, random and with heavy ties, as the report sees it. */
static void
test_week_10s(void **state)
{
	double *v = malloc(WEEK_10S * sizeof(*v));
	uint64_t seed = 777;
	int sh;

	(void)state;
	assert_non_null(v);
	for (sh = 0; sh < SH_COUNT; sh++) {
		fill(v, WEEK_10S, (enum shape)sh, &seed);
		check_exact(v, WEEK_10S);
	}
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked),
		cmocka_unit_test(test_small_sizes),
		cmocka_unit_test(test_select_every_k),
		cmocka_unit_test(test_week_10s),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
