/*
 * test_prom_stats.c - source_host_stats() of the Prometheus-compatible
 * source (prom_stats.c) against a real server: PERFWEEK_PROM_URL names
 * one holding tests/e2e/prom_week.py's day of h1:9100 and of h2:9100
 * with its gap (t0411 starts it); without it the test is skipped.  Every
 * host's figures come from one query per figure, so the request count
 * does not depend on the number of hosts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "prom.h"
#include "host_stats.h"
#include "unit.h"

#define T0 1764547200 /* Monday 2025-12-01 00:00 UTC */

/* The default source on PERFWEEK_PROM_URL, with the overrides q[]. */
static void
source_at(struct source_config *sc, const struct source_query *q, size_t nq)
{
	*sc = *config_source_default();
	sc->type = SOURCE_PROMETHEUS;
	snprintf(sc->url, sizeof(sc->url), "%s", getenv("PERFWEEK_PROM_URL"));
	if (nq)
		memcpy(sc->queries, q, nq * sizeof(*q));
	sc->nqueries = nq;
}

/* The figures of the day's hosts from sc, into out[8]; their count. */
static size_t
day_stats(const struct source_config *sc, struct source_host_stats *out,
	  unsigned *queries)
{
	static struct config cfg;
	struct source s;
	size_t n = 0;

	config_defaults(&cfg);
	assert_int_equal(net_init(), PW_OK);
	assert_int_equal(source_prom_open(sc, &cfg, "", &s), PW_OK);
	assert_int_equal(
		source_host_stats(&s, T0, T0 + 86400, out, 8, &n, queries),
		PW_OK);
	source_close(&s);
	net_cleanup();
	return n;
}

static void
test_host_stats(void **state)
{
	static struct source_config sc;
	static struct source_host_stats out[8];
	unsigned queries = 0;
	size_t n;

	(void)state;
	source_at(&sc, NULL, 0);
	n = day_stats(&sc, out, &queries);
	assert_int_equal(queries, 19);
	assert_int_equal(n, 2);
	assert_string_equal(out[0].host, "h1:9100");
	assert_string_equal(out[1].host, "h2:9100");
	assert_string_equal(out[0].nodename, "host-one");
	assert_int_equal(out[0].store_quantiles, 1);
	assert_near(out[0].cpu_count, 2);
	assert_near(out[0].mem_total_bytes, 8e9);
	assert_near(out[0].cpu_busy_avg, 35);
	assert_near(out[0].cpu_busy_p95, 35);
	assert_near(out[0].cpu_busy_max, 35);
	assert_near(out[0].mem_used_max, 25.075);
	assert_true(out[0].mem_used_avg > 25 && out[0].mem_used_avg < 25.075);
	assert_near(out[0].disk_await_ms_p95, 10.0 / 3);
	assert_near(out[0].tcp_retrans_per_s_avg, 0.1);
	assert_string_equal(out[0].fs_fullest, "/");
	assert_near(out[0].fs_used_pct_max, 51.439 / 95 * 100);
	/* 1e6 bytes a minute of 95e9: (100 - 54.146 %) / (1.5158 %/day) */
	assert_true(fabs(out[0].fs_days_to_full -
			 (100 - 51.439 / 95 * 100) /
				 (1e6 / 95e9 * 100 * 1440)) < 0.01);
	assert_near(out[0].coverage_pct, 100);
	assert_near(out[1].coverage_pct, 1380.0 * 100 / 1440);
	assert_int_equal(out[0].first_sample, T0);
	assert_int_equal(out[0].last_sample, T0 + 86340);
	assert_near(out[0].cpu_busy_day[0], 35);
	assert_true(isnan(out[0].cpu_busy_day[1]));
}

/*
 * CPU busy with an overridden share: iowait taken as the steal share (0
 * in the day), so that busy is 100 - idle (60 %) = 40, not 35; without
 * an override busy comes from one expression of its own.
 */
static void
test_busy_override(void **state)
{
	static const struct source_query steal = {
		"cpu_iowait_pct",
		"100 * sum by ($by) (irate(node_cpu_seconds_total{$m,mode=\"steal\"}[$w]))"
		" / sum by ($by) (irate(node_cpu_seconds_total{$m}[$w]))"
	};
	static struct source_config sc;
	static struct source_host_stats out[8];
	unsigned queries = 0;

	(void)state;
	source_at(&sc, &steal, 1);
	assert_int_equal(day_stats(&sc, out, &queries), 2);
	assert_near(out[0].cpu_busy_avg, 40);
	assert_near(out[0].cpu_busy_p95, 40);
	assert_near(out[0].cpu_busy_day[0], 40);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_stats),
		cmocka_unit_test(test_busy_override),
	};
	const char *url = getenv("PERFWEEK_PROM_URL");

	if (!url || !url[0]) { /* TAP: the whole file skipped */
		puts("1..0 # SKIP PERFWEEK_PROM_URL names no server (t0411)");
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
