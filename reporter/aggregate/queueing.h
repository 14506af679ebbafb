/*
 * queueing.h - capacity arithmetic for the report: Erlang C for M/M/c,
 * M/M/1 response-time stretch, headroom to a target utilisation, Little's
 * law.
 *
 * Pure arithmetic on doubles: libc and libm only, no I/O, no state.  Every
 * function returns NaN for an argument that makes no sense (NaN, negative,
 * zero servers) and INFINITY where the true answer is unbounded (a
 * saturated queue), so a renderer can print "n/a" and "saturated" apart.
 */
#ifndef PW_QUEUEING_H
#define PW_QUEUEING_H

/* Most servers queueing_erlang_c accepts; more returns NaN. */
#define QUEUEING_MAX_SERVERS 1024

/*
 * Erlang C: the probability that an arrival to an M/M/c queue has to wait,
 * for c servers and an offered load of a Erlangs (lambda / mu).  0 when a
 * is 0; 1 when a >= c (saturated: the queue grows without bound, so every
 * arrival waits); NaN when c is 0 or above QUEUEING_MAX_SERVERS or a is NaN
 * or negative.  Computed from the Erlang B recursion, stable for any c.
 */
double queueing_erlang_c(unsigned c, double a);

/*
 * Mean wait in the queue of an M/M/c system over the mean service time,
 * Wq / S = C(c, a) / (c - a) with a = c * rho, rho the utilisation of each
 * server (0..1).  INFINITY when rho >= 1, NaN as queueing_erlang_c.
 */
double queueing_mmc_wait_ratio(unsigned c, double rho);

/*
 * Mean response time of an M/M/1 queue over the service time, 1 / (1 - rho),
 * rho the utilisation (0..1).  INFINITY when rho >= 1, NaN when rho is NaN
 * or negative.
 */
double queueing_mm1_stretch(double rho);

/*
 * How much the load may grow, in percent, before the utilisation used_pct
 * reaches target_pct: (target / used - 1) * 100.  Negative when used is
 * already above the target (the load must shrink by that much); INFINITY
 * when used is 0 (no growth of zero load reaches the target); NaN when either
 * is NaN or negative or target is 0.
 */
double queueing_headroom_pct(double used_pct, double target_pct);

/*
 * Little's law: the mean number in a system L = lambda * W, for arrivals per
 * second and mean time in the system in seconds.  NaN when either is NaN or
 * negative.
 */
double queueing_little_l(double lambda_per_s, double w_s);

#endif
