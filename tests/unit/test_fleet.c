/*
 * test_fleet.c - the fleet report from rows a store computed itself
 * (fleet_row_of_stats, the path of a Prometheus-compatible source): the
 * verdict from the [findings] limits, NO DATA and INCOMPLETE never OK,
 * the ranking, the stopped hosts, right-sizing, a group's patterns, the
 * subject's counts, and a host given twice.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "fleet.h"
#include "log.h"

#define START 1794182400 /* Mon 2026-11-09 00:00 UTC */
#define END   (START + 7 * 86400)

static struct config cfg;
static struct period_tz tz;

static struct source_host_stats
host(const char *name, double cpu_p95, double mem_p95, double cov)
{
	struct source_host_stats st;
	int k;

	memset(&st, 0, sizeof(st));
	snprintf(st.host, sizeof(st.host), "%s", name);
	st.cpu_count = 4;
	st.mem_total_bytes = 16.0 * (1u << 30);
	st.cpu_busy_avg = cpu_p95 / 2;
	st.cpu_busy_p95 = cpu_p95;
	st.cpu_busy_max = cpu_p95;
	st.mem_used_avg = st.mem_used_p95 = mem_p95;
	st.mem_used_max = mem_p95 + 5;
	st.load1_per_cpu_p95 = 0.5;
	st.disk_await_ms_p95 = 2;
	st.tcp_retrans_per_s_avg = 1;
	st.fs_used_pct_max = st.fs_days_to_full = NAN;
	st.coverage_pct = cov;
	st.first_sample = cov > 0 ? START : 0;
	st.last_sample = cov > 0 ? END - 60 : 0;
	st.store_quantiles = 1;
	for (k = 0; k < STATS_DAYS; k++)
		st.cpu_busy_day[k] = cov > 0 ? cpu_p95 / 2 : NAN;
	return st;
}

static void
build(struct fleet_rows *rows, const char *const *pat, size_t npat,
      struct fleet *f)
{
	struct fleet_input in = {
		&cfg, rows, pat ? "g" : NULL,
		pat,  npat, { START, END, 2026, 46, 168, "2026-W46", "UTC" },
		&tz,  END,  NULL
	};

	assert_int_equal(fleet_build(&in, f), PW_OK);
}

/* Five hosts from a store, and one of them again from another. */
static void
fill(struct fleet_rows *rows)
{
	struct source_host_stats st;

	config_defaults(&cfg);
	assert_int_equal(
		period_tz_open("UTC", START - 86400 * 30, END + 86400, &tz),
		PW_OK);
	fleet_rows_init(rows);
	st = host("hot", 97, 60, 100); /* cpu_busy crit 95 */
	assert_int_equal(fleet_row_of_stats(rows, &st, "prom", &cfg), PW_OK);
	st = host("warm", 50, 92, 100); /* memory_used warn 90 */
	assert_int_equal(fleet_row_of_stats(rows, &st, "prom", &cfg), PW_OK);
	st = host("idle", 5, 20, 100);
	assert_int_equal(fleet_row_of_stats(rows, &st, "prom", &cfg), PW_OK);
	st = host("gone", NAN, NAN, 0);
	assert_int_equal(fleet_row_of_stats(rows, &st, "prom", &cfg), PW_OK);
	st = host("half", 5, 20, 30);
	assert_int_equal(fleet_row_of_stats(rows, &st, "prom", &cfg), PW_OK);
	st = host("idle", 1, 1, 100); /* the same host again: skipped */
	assert_int_equal(fleet_row_of_stats(rows, &st, "prom2", &cfg), PW_OK);
	assert_int_equal(rows->n, 5);
}

static void
test_store_rows(void **state)
{
	struct fleet_rows rows;
	struct fleet f;
	char line[256];

	(void)state;
	fill(&rows);
	build(&rows, NULL, 0, &f);
	assert_int_equal(f.nhosts, 5);
	/*
	 * One critical finding each: NO DATA, then INCOMPLETE, then the
	 * judged host; then the warning, then OK.
	 */
	assert_string_equal(f.hosts[0].r.st.host, "gone");
	assert_string_equal(f.hosts[0].r.status, "NO DATA");
	assert_string_equal(f.hosts[1].r.st.host, "half");
	assert_string_equal(f.hosts[1].r.status, "INCOMPLETE");
	assert_string_equal(f.hosts[2].r.st.host, "hot");
	assert_string_equal(f.hosts[2].r.status, "CRITICAL");
	assert_string_equal(f.hosts[2].r.top_title, "CPU busy (p95)");
	assert_string_equal(f.hosts[3].r.st.host, "warm");
	assert_string_equal(f.hosts[3].r.top_title, "Memory used (p95)");
	assert_string_equal(f.hosts[4].r.status, "OK");
	assert_int_equal(f.nstopped, 1);
	assert_string_equal(f.hosts[f.stopped[0]].r.st.host, "gone");
	/* idle only: half is INCOMPLETE; 4 x 5 / 70 -> 1, 16 x 25 / 70 -> 6 */
	assert_int_equal(f.nunderused, 1);
	assert_true(f.hosts[f.underused[0]].cpus_needed == 1);
	assert_true(f.hosts[f.underused[0]].memory_gib_needed == 6);
	assert_true(f.cpus_removable == 3 && f.memory_gib_removable == 10);
	assert_int_equal(f.store_quantiles, 1);
	assert_int_equal(f.nnotes, 3);
	fleet_status_line(&f, line, sizeof(line));
	assert_string_equal(
		line, "1 CRITICAL, 1 WARNING, 1 INCOMPLETE, 1 NO DATA, 1 OK");
	fleet_free(&f);
	fleet_rows_free(&rows);
	config_free(&cfg);
}

static void
test_group(void **state)
{
	const char *const pat[] = { "h*", "idle" };
	struct fleet_rows rows;
	struct fleet f;
	char line[256];

	(void)state;
	fill(&rows);
	build(&rows, pat, 2, &f);
	assert_int_equal(f.nhosts, 3);
	assert_string_equal(f.group, "g");
	fleet_status_line(&f, line, sizeof(line));
	assert_string_equal(line, "1 CRITICAL, 1 INCOMPLETE, 1 OK");
	fleet_free(&f);
	fleet_rows_free(&rows);
	config_free(&cfg);
}

/* A store that computes the week itself: two hosts, one query each. */
static enum pw_status
fake_stats(struct source *s, int64_t start, int64_t end,
	   struct source_host_stats *out, size_t max, size_t *n,
	   unsigned *queries)
{
	(void)s;
	assert_true(start == START && end == END && max >= 2);
	out[0] = host("prom-a", 97, 30, 100);
	out[1] = host("prom-b", 3, 10, 100);
	*n = 2;
	*queries = 11;
	return PW_OK;
}

static void
test_from_source(void **state)
{
	static const struct source_ops ops = { .kind = "prometheus",
					       .host_stats = fake_stats };
	static const struct source_ops none = { .kind = "sqlite" };
	struct source src = { &ops, "", NULL };
	struct period p = { START, END, 2026, 46, 168, "2026-W46", "UTC" };
	struct fleet_rows rows;
	unsigned q = 0;

	(void)state;
	config_defaults(&cfg);
	fleet_rows_init(&rows);
	assert_int_equal(
		fleet_rows_of_source(&rows, &src, &p, "prom", &cfg, &q), PW_OK);
	assert_int_equal(q, 11);
	assert_int_equal(rows.n, 2);
	assert_string_equal(rows.v[0].status, "CRITICAL");
	assert_string_equal(rows.v[1].status, "OK");
	assert_string_equal(rows.v[1].source, "prom");
	src.ops = &none;
	assert_int_equal(fleet_rows_of_source(&rows, &src, &p, "db", &cfg, &q),
			 PW_ENOTFOUND);
	assert_int_equal(rows.n, 2);
	fleet_rows_free(&rows);
	config_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_rows),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_from_source),
	};

	log_init("test_fleet", LOG_LVL_ERR, LOG_DEST_STDERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
