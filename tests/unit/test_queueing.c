/*
 * test_queueing.c - Erlang C against exact reference values and published
 * table entries, its edges (no load, saturation, nonsense), the M/M/c wait
 * ratio, the M/M/1 stretch, headroom and Little's law.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>

#include "queueing.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct erlang_ref {
	unsigned c;
	double a;
	double p_wait;
};

/*
 * Reference values from the closed form
 *   C(c, a) = T / (sum_{k<c} a^k / k! + T),  T = a^c / c! * c / (c - a)
 * evaluated in exact rational arithmetic (Python fractions.Fraction and
 * math.factorial), then rounded once to a double.  The code under test uses
 * the Erlang B recursion instead, so the two agree only if both are right.
 * Published tables agree where they overlap: c = 2, a = 1 gives 1/3;
 * c = 10, a = 8 gives 0.4092.
 */
static const struct erlang_ref erlang_refs[] = {
	{ 1, 0.5, 0.5 },
	{ 2, 1.0, 0.3333333333333333 },
	{ 2, 1.5, 0.6428571428571429 },
	{ 3, 2.0, 0.4444444444444444 },
	{ 4, 3.0, 0.5094339622641509 },
	{ 5, 4.0, 0.5541125541125541 },
	{ 5, 0.5, 0.0001755001755001755 },
	{ 6, 5.0, 0.5875164504606128 },
	{ 8, 6.0, 0.35698108587868027 },
	{ 10, 8.0, 0.40918015079644354 },
	{ 10, 4.5, 0.018917649027928935 },
	{ 20, 15.0, 0.1604293874169236 },
	{ 50, 45.0, 0.3638644672069884 },
	{ 100, 90.0, 0.2169404809063664 },
	{ 171, 160.0, 0.29100264013875066 }, /* 171! overflows a double */
	{ 1024, 1000.0, 0.34111902313674125 },
	{ 1024, 1023.0, 0.9616863700357786 },
};

static void
assert_rel(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol * fabs(want)))
		fail_msg("got %.17g, want %.17g", got, want);
}

static void
test_erlang_c_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(erlang_refs); i++)
		assert_rel(
			queueing_erlang_c(erlang_refs[i].c, erlang_refs[i].a),
			erlang_refs[i].p_wait, 1e-12);
	/* the published four-digit value */
	assert_true(fabs(queueing_erlang_c(10, 8) - 0.4092) < 5e-5);
}

static void
test_erlang_c_one_server(void **state)
{
	static const double rho[] = { 0.001, 0.1, 0.25, 0.5, 0.9, 0.999 };
	size_t i;

	(void)state;
	/* M/M/1: an arrival waits exactly when the server is busy */
	for (i = 0; i < NELEM(rho); i++)
		assert_rel(queueing_erlang_c(1, rho[i]), rho[i], 1e-14);
}

static void
test_erlang_c_edges(void **state)
{
	double prev = 0, x, a;

	(void)state;
	assert_true(queueing_erlang_c(4, 0) == 0);
	/* saturated: every arrival waits */
	assert_true(queueing_erlang_c(4, 4) == 1);
	assert_true(queueing_erlang_c(4, 5) == 1);
	assert_true(queueing_erlang_c(1, INFINITY) == 1);
	assert_true(queueing_erlang_c(100, 99.999) > 0.99);
	assert_true(queueing_erlang_c(100, 99.999) < 1);
	/* nonsense */
	assert_true(isnan(queueing_erlang_c(0, 1)));
	assert_true(isnan(queueing_erlang_c(4, -1)));
	assert_true(isnan(queueing_erlang_c(4, NAN)));
	assert_true(isnan(queueing_erlang_c(QUEUEING_MAX_SERVERS + 1, 1)));
	/* rises strictly with the load, inside (0, 1) */
	for (a = 0.5; a < 32; a += 0.5) {
		x = queueing_erlang_c(32, a);
		assert_true(x > prev && x < 1);
		prev = x;
	}
}

static void
test_mmc_wait_ratio(void **state)
{
	(void)state;
	/* M/M/1 at rho: Wq / S = rho / (1 - rho) */
	assert_true(queueing_mmc_wait_ratio(1, 0.5) == 1);
	assert_rel(queueing_mmc_wait_ratio(1, 0.9), 9, 1e-14);
	/* C(4, 3) / (4 - 3) and C(16, 14) / 2, from the exact references */
	assert_rel(queueing_mmc_wait_ratio(4, 0.75), 0.5094339622641509, 1e-12);
	assert_rel(queueing_mmc_wait_ratio(16, 0.875), 0.2542411030285071,
		   1e-12);
	/* more servers at the same utilisation wait less */
	assert_true(queueing_mmc_wait_ratio(16, 0.75) <
		    queueing_mmc_wait_ratio(4, 0.75));
	assert_true(queueing_mmc_wait_ratio(4, 0) == 0);
	assert_true(queueing_mmc_wait_ratio(4, 1) == INFINITY);
	assert_true(queueing_mmc_wait_ratio(4, 1.2) == INFINITY);
	assert_true(isnan(queueing_mmc_wait_ratio(0, 0.5)));
	assert_true(isnan(queueing_mmc_wait_ratio(4, -0.1)));
	assert_true(isnan(queueing_mmc_wait_ratio(4, NAN)));
}

static void
test_mm1_stretch(void **state)
{
	(void)state;
	assert_true(queueing_mm1_stretch(0) == 1);
	assert_true(queueing_mm1_stretch(0.5) == 2);
	assert_true(queueing_mm1_stretch(0.75) == 4);
	assert_rel(queueing_mm1_stretch(0.9), 10, 1e-14);
	/* response = wait + service */
	assert_rel(queueing_mm1_stretch(0.6),
		   1 + queueing_mmc_wait_ratio(1, 0.6), 1e-14);
	assert_true(queueing_mm1_stretch(1) == INFINITY);
	assert_true(queueing_mm1_stretch(1.5) == INFINITY);
	assert_true(isnan(queueing_mm1_stretch(-0.1)));
	assert_true(isnan(queueing_mm1_stretch(NAN)));
}

static void
test_headroom(void **state)
{
	(void)state;
	assert_true(queueing_headroom_pct(40, 80) == 100);
	assert_true(queueing_headroom_pct(25, 75) == 200);
	assert_true(queueing_headroom_pct(80, 80) == 0);
	assert_true(queueing_headroom_pct(80, 60) == -25); /* over the target */
	assert_rel(queueing_headroom_pct(50, 80), 60, 1e-14);
	assert_true(queueing_headroom_pct(0, 80) == INFINITY);
	assert_true(isnan(queueing_headroom_pct(NAN, 80)));
	assert_true(isnan(queueing_headroom_pct(50, NAN)));
	assert_true(isnan(queueing_headroom_pct(-1, 80)));
	assert_true(isnan(queueing_headroom_pct(50, 0)));
}

static void
test_little(void **state)
{
	(void)state;
	assert_true(queueing_little_l(50, 0.25) == 12.5);
	assert_true(queueing_little_l(0, 3) == 0);
	assert_true(isnan(queueing_little_l(-1, 3)));
	assert_true(isnan(queueing_little_l(1, -3)));
	assert_true(isnan(queueing_little_l(NAN, 3)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_erlang_c_table),
		cmocka_unit_test(test_erlang_c_one_server),
		cmocka_unit_test(test_erlang_c_edges),
		cmocka_unit_test(test_mmc_wait_ratio),
		cmocka_unit_test(test_mm1_stretch),
		cmocka_unit_test(test_headroom),
		cmocka_unit_test(test_little),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
