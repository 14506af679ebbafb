/*
 * test_source.c - the SQLite source (reporter/source/source_sqlite.c)
 * through the struct source operations, on a migrated database in memory
 * with two hosts: the series of a period, the bounds, a meta value, the
 * services behind Little's law, the host list, and an unknown host.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "db.h"
#include "source_sqlite.h"

/* web (host 1): snapshots at 1000, 1300, 1600 (the first a baseline);
 * db (host 2): one at 5000.  web's app metrics: svc.requests_per_s and
 * svc.response_time_ms at the last two, other.requests_per_s without a
 * response time. */
static const char fixture[] =
	"INSERT INTO host VALUES (1, 'web'), (2, 'db');"
	"INSERT INTO snapshot (id, host_id, ts, interval_s, boot_time, "
	"uptime_s, cpu_count, mem_total_bytes, mem_available_bytes, "
	"mem_used_pct, cpu_user_pct) VALUES "
	"(1, 1, 1000, NULL, 10, 990, 4, 8, 4, 50, NULL),"
	"(2, 1, 1300, 300, 10, 1290, 4, 8, 4, 50, 20),"
	"(3, 1, 1600, 300, 10, 1590, 4, 8, 4, 50, 40),"
	"(4, 2, 5000, 300, 10, 4990, 8, 8, 4, 50, 5);"
	"INSERT INTO meta VALUES (1, 'simulated', 'made up');"
	"INSERT INTO app_metric_name VALUES (1, 1, 'svc.requests_per_s'),"
	"(2, 1, 'svc.response_time_ms'), (3, 1, 'other.requests_per_s');"
	"INSERT INTO app_metric VALUES (2, 1, 100), (2, 2, 200),"
	"(3, 1, 300), (3, 2, 400), (2, 3, 7), (3, 3, 9);";

static int
setup(void **state)
{
	sqlite3 *db = NULL;

	if (db_open(":memory:", DB_READWRITE, 1000, &db) != PW_OK ||
	    sqlite3_exec(db, fixture, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	*state = db;
	return 0;
}

static int
teardown(void **state)
{
	db_close(*state);
	return 0;
}

static void
test_series(void **state)
{
	struct source s;
	struct dataset d;

	assert_int_equal(source_sqlite_open(*state, "web", &s), PW_OK);
	assert_string_equal(s.ops->kind, "sqlite");
	assert_int_equal(source_series(&s, 1000, 1600, 60, &d), PW_OK);
	/* 1600 is the end, excluded */
	assert_int_equal(d.n, 2);
	assert_int_equal(d.t[0], 1000);
	assert_int_equal(d.t[1], 1300);
	assert_true(isnan(d.v[HM_cpu_user_pct][0]));
	assert_float_equal(d.v[HM_cpu_user_pct][1], 20, 1e-9);
	assert_float_equal(d.dt[1], 300, 1e-9);
	assert_false(d.from_rollups);
	dataset_free(&d);
	assert_int_equal(source_series(&s, 2000, 3000, 60, &d), PW_OK);
	assert_int_equal(d.n, 0);
	dataset_free(&d);
	source_close(&s);
}

static void
test_bounds_meta(void **state)
{
	struct source s;
	struct source_bounds b;
	char buf[64];

	assert_int_equal(source_sqlite_open(*state, "web", &s), PW_OK);
	assert_int_equal(source_bounds(&s, 1500, &b), PW_OK);
	assert_int_equal(b.last, 1300);
	assert_int_equal(b.first, 1000);
	assert_int_equal(source_bounds(&s, 900, &b), PW_OK);
	assert_int_equal(b.last, 0);
	assert_int_equal(source_meta(&s, "simulated", buf, sizeof(buf)), PW_OK);
	assert_string_equal(buf, "made up");
	assert_int_equal(source_meta(&s, "nothing", buf, sizeof(buf)),
			 PW_ENOTFOUND);
	assert_string_equal(buf, "");
	source_close(&s);
	/* the other host's data is not this one's */
	assert_int_equal(source_sqlite_open(*state, "db", &s), PW_OK);
	assert_int_equal(source_bounds(&s, 9000, &b), PW_OK);
	assert_int_equal(b.last, 5000);
	assert_int_equal(source_meta(&s, "simulated", buf, sizeof(buf)),
			 PW_ENOTFOUND);
	source_close(&s);
}

static void
test_services(void **state)
{
	struct source s;
	struct source_service sv[4];
	size_t n = 9;

	assert_int_equal(source_sqlite_open(*state, "web", &s), PW_OK);
	assert_int_equal(source_services(&s, 0, 2000, sv, 4, &n), PW_OK);
	/* "other" has no response time: left out */
	assert_int_equal(n, 1);
	assert_string_equal(sv[0].name, "svc");
	assert_float_equal(sv[0].requests_per_s, 200, 1e-9);
	/* W weighted by requests: (100*0.2 + 300*0.4) / 400 s */
	assert_float_equal(sv[0].response_time_s, 0.35, 1e-9);
	/* L: mean of lambda * W = (20 + 120) / 2 */
	assert_float_equal(sv[0].concurrency, 70, 1e-9);
	assert_int_equal(source_services(&s, 1400, 2000, sv, 4, &n), PW_OK);
	assert_int_equal(n, 1);
	assert_float_equal(sv[0].requests_per_s, 300, 1e-9);
	assert_int_equal(source_services(&s, 2000, 3000, sv, 4, &n), PW_OK);
	assert_int_equal(n, 0);
	source_close(&s);
}

static void
test_hosts(void **state)
{
	struct source s;
	char names[4][SOURCE_NAME_MAX];
	size_t n;

	assert_int_equal(source_sqlite_open(*state, "web", &s), PW_OK);
	assert_int_equal(source_hosts(&s, names, 4, &n), PW_OK);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "db");
	assert_string_equal(names[1], "web");
	assert_int_equal(source_hosts(&s, names, 1, &n), PW_OK);
	assert_int_equal(n, 1);
	assert_int_equal(source_sqlite_host_id(&s), 1);
	source_close(&s);
	assert_null(s.ops);
	assert_int_equal(source_sqlite_open(*state, "nope", &s), PW_ENOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_series, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bounds_meta, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_services, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hosts, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
