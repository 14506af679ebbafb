/*
 * queueing.c - Erlang C, M/M/c and M/M/1 waiting, headroom and Little's law
 * (see queueing.h for what each returns at the edges).
 *
 * Erlang C is not computed from its textbook form a^c / c! ..., whose terms
 * overflow a double from c = 171 on.  The Erlang B recursion
 * B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)) keeps every step in [0, 1], and
 * C = c B / (c - a (1 - B)) follows from it exactly.
 *
 * This file must stay pure: no I/O, no logging, no global state.
 */
#include <math.h>

#include "queueing.h"

double
queueing_erlang_c(unsigned c, double a)
{
	unsigned k;
	double b = 1.0;

	if (c == 0 || c > QUEUEING_MAX_SERVERS || isnan(a) || a < 0)
		return NAN;
	if (a == 0)
		return 0;
	if (a >= c)
		return 1;
	for (k = 1; k <= c; k++)
		b = a * b / (k + a * b);
	return c * b / (c - a * (1 - b));
}

double
queueing_mmc_wait_ratio(unsigned c, double rho)
{
	double a;

	if (c == 0 || c > QUEUEING_MAX_SERVERS || isnan(rho) || rho < 0)
		return NAN;
	if (rho >= 1)
		return INFINITY;
	a = c * rho;
	return queueing_erlang_c(c, a) / (c - a);
}

double
queueing_mm1_stretch(double rho)
{
	if (isnan(rho) || rho < 0)
		return NAN;
	if (rho >= 1)
		return INFINITY;
	return 1 / (1 - rho);
}

double
queueing_headroom_pct(double used_pct, double target_pct)
{
	if (isnan(used_pct) || isnan(target_pct) || used_pct < 0 ||
	    target_pct <= 0)
		return NAN;
	if (used_pct == 0)
		return INFINITY;
	return (target_pct / used_pct - 1) * 100;
}

double
queueing_little_l(double lambda_per_s, double w_s)
{
	if (isnan(lambda_per_s) || isnan(w_s) || lambda_per_s < 0 || w_s < 0)
		return NAN;
	return lambda_per_s * w_s;
}
