/*
 * test_summary.c - the week summaries of the SQLite source
 * (reporter/source/summary_sqlite.c) through source_summary_get() and
 * source_summary_put(), on a migrated database file: none stored, stored
 * and read back exactly (NULLs included), stale after a late snapshot or a
 * new configuration fingerprint, replaced by a second put, and a put that
 * meets a held write lock, which writes nothing and is not an error.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "source_sqlite.h"
#include "summary.h"

/* host 1: snapshots 1 and 2 in the week [1000, 2000), 3 after it. */
static const char fixture[] =
	"INSERT INTO host VALUES (1, 'web');"
	"INSERT INTO snapshot (id, host_id, ts, interval_s, boot_time, "
	"uptime_s, cpu_count, mem_total_bytes, mem_available_bytes, "
	"mem_used_pct) VALUES (1, 1, 1000, NULL, 10, 990, 4, 8, 4, 50),"
	"(2, 1, 1300, 300, 10, 1290, 4, 8, 4, 50),"
	"(3, 1, 2100, 300, 10, 2090, 4, 8, 4, 50);";

struct fx {
	char dir[64], path[96];
	sqlite3 *db;
	struct source src;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/pw-summary-XXXXXX");
	*state = f; /* teardown frees it, also after a failure here */
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/perfweek.db", f->dir);
	if (db_open(f->path, DB_READWRITE, 1000, &f->db) != PW_OK ||
	    sqlite3_exec(f->db, fixture, NULL, NULL, NULL) != SQLITE_OK ||
	    source_sqlite_open(f->db, "web", &f->src) != PW_OK)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char p[128];

	source_close(&f->src);
	db_close(f->db);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t
count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A summary of the week with two metrics, stamped with now. */
static void
make(struct source_summary *sm, struct source_summary_metric *m,
     const struct source_week_stamp *now, const char *hash, double avg)
{
	memset(sm, 0, sizeof(*sm));
	memset(m, 0, 2 * sizeof(*m));
	sm->start = 1000;
	sm->end = 2000;
	sm->stamp = *now;
	sm->coverage_pct = 97.5;
	snprintf(sm->config_hash, sizeof(sm->config_hash), "%s", hash);
	snprintf(m[0].metric, sizeof(m[0].metric), "cpu_busy_pct");
	m[0].samples = 2;
	m[0].avg = avg;
	m[0].p50 = m[0].p95 = m[0].p99 = m[0].max = 0.3;
	m[0].warn_minutes = 5;
	m[0].crit_minutes = 0;
	snprintf(m[1].metric, sizeof(m[1].metric), "disk.await_ms");
	snprintf(m[1].device, sizeof(m[1].device), "sda");
	m[1].samples = 1;
	m[1].avg = m[1].p50 = m[1].p95 = m[1].p99 = m[1].max = 4;
	m[1].warn_minutes = m[1].crit_minutes = NAN;
	sm->metrics = m;
	sm->nmetrics = 2;
}

static void
test_none_then_stored(void **state)
{
	struct fx *f = *state;
	struct source_summary got, sm;
	struct source_summary_metric m[2];
	struct source_week_stamp now;

	assert_int_equal(
		source_summary_get(&f->src, 1000, 2000, "h1", &now, &got),
		PW_ENOTFOUND);
	assert_int_equal(now.snapshots, 2);
	assert_int_equal(now.last_snapshot_id, 2);
	assert_int_equal(now.last_ts, 1300);
	source_summary_free(&got);
	make(&sm, m, &now, "h1", 0.1 + 0.2);
	assert_int_equal(source_summary_put(&f->src, &sm), PW_OK);
	assert_int_equal(
		source_summary_get(&f->src, 1000, 2000, "h1", &now, &got),
		PW_OK);
	assert_int_equal(got.nmetrics, 2);
	assert_string_equal(got.metrics[0].metric, "cpu_busy_pct");
	assert_string_equal(got.metrics[0].device, "");
	assert_true(got.metrics[0].avg == 0.1 + 0.2); /* exactly */
	assert_true(got.metrics[0].warn_minutes == 5);
	assert_string_equal(got.metrics[1].device, "sda");
	assert_true(isnan(got.metrics[1].warn_minutes));
	assert_true(got.coverage_pct == 97.5);
	assert_int_equal(got.stamp.snapshots, 2);
	source_summary_free(&got);
}

static void
test_stale(void **state)
{
	struct fx *f = *state;
	struct source_summary got, sm;
	struct source_summary_metric m[2];
	struct source_week_stamp now;

	assert_int_equal(
		source_summary_get(&f->src, 1000, 2000, "h1", &now, &got),
		PW_ENOTFOUND);
	source_summary_free(&got);
	make(&sm, m, &now, "h1", 1);
	assert_int_equal(source_summary_put(&f->src, &sm), PW_OK);
	/* another fingerprint: stale */
	assert_int_equal(
		source_summary_get(&f->src, 1000, 2000, "h2", &now, &got),
		PW_ENOTFOUND);
	source_summary_free(&got);
	/* a late snapshot in the week: stale, and the stamp says so */
	assert_int_equal(
		sqlite3_exec(
			f->db,
			"INSERT INTO snapshot (id, host_id, ts, interval_s, "
			"boot_time, uptime_s, cpu_count, mem_total_bytes, "
			"mem_available_bytes, mem_used_pct) VALUES (4, 1, "
			"1600, 300, 10, 1590, 4, 8, 4, 50)",
			NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_equal(
		source_summary_get(&f->src, 1000, 2000, "h1", &now, &got),
		PW_ENOTFOUND);
	assert_int_equal(now.snapshots, 3);
	assert_int_equal(now.last_snapshot_id, 4);
	assert_int_equal(now.last_ts, 1600);
	source_summary_free(&got);
	/* computed again and stored: one week, its rows replaced */
	make(&sm, m, &now, "h1", 2);
	assert_int_equal(source_summary_put(&f->src, &sm), PW_OK);
	assert_int_equal(
		source_summary_get(&f->src, 1000, 2000, "h1", &now, &got),
		PW_OK);
	assert_true(got.metrics[0].avg == 2);
	source_summary_free(&got);
	assert_int_equal(count(f->db, "SELECT count(*) FROM week_summary"), 1);
	assert_int_equal(
		count(f->db, "SELECT count(*) FROM week_summary_metric"), 2);
}

static void
test_locked(void **state)
{
	struct fx *f = *state;
	struct source_summary got, sm;
	struct source_summary_metric m[2];
	struct source_week_stamp now;
	sqlite3 *other = NULL;

	assert_int_equal(
		source_summary_get(&f->src, 1000, 2000, "h1", &now, &got),
		PW_ENOTFOUND);
	source_summary_free(&got);
	assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL),
		SQLITE_OK);
	make(&sm, m, &now, "h1", 1);
	assert_int_equal(source_summary_put(&f->src, &sm), PW_OK);
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(count(f->db, "SELECT count(*) FROM week_summary"), 0);
	assert_int_equal(
		source_summary_get(&f->src, 1000, 2000, "h1", &now, &got),
		PW_ENOTFOUND);
	source_summary_free(&got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_none_then_stored, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
