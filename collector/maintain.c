/*
 * maintain.c - rollups and retention, from the metric table of metrics.h.
 *
 * The rollup statements are generated at compile time from PW_HOST_METRICS
 * and PW_DEVICE_METRICS, one per metric, so no SQL is ever assembled at run
 * time.  Progress is kept per host in meta("rollup_through"): the first hour
 * not yet rolled up.  Raw data is deleted only below that mark.  A
 * database that fails PRAGMA quick_check is not touched.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "maintain.h"
#include "metrics.h"

#define HOUR 3600

/* X() lists and the SQL built from them stay as written. */
/* clang-format off */
#define ROLLUP_HOST(col, type, field)					\
	"INSERT OR REPLACE INTO rollup_hour SELECT host_id, '" #col "', '', "	\
	"ts / 3600 * 3600, count(" #col "), avg(" #col "), min(" #col "), "	\
	"max(" #col ") FROM snapshot WHERE host_id = ?1 AND ts >= ?2 AND "	\
	"ts < ?3 GROUP BY ts / 3600 HAVING count(" #col ") > 0",

#define ROLLUP_DEVICE(tbl, col, type)					\
	"INSERT OR REPLACE INTO rollup_hour SELECT s.host_id, '" #tbl "."	\
	#col "', d.name, s.ts / 3600 * 3600, count(t." #col "), avg(t."	\
	#col "), min(t." #col "), max(t." #col ") FROM snapshot s JOIN "	\
	#tbl " t ON t.snapshot_id = s.id JOIN device d ON d.id = "		\
	"t.device_id WHERE s.host_id = ?1 AND s.ts >= ?2 AND s.ts < ?3 "	\
	"GROUP BY d.name, s.ts / 3600 HAVING count(t." #col ") > 0",

static const char *const rollup_sql[] = {
	PW_HOST_METRICS(ROLLUP_HOST)
	PW_DEVICE_METRICS(ROLLUP_DEVICE)
	"INSERT OR REPLACE INTO rollup_hour SELECT s.host_id, 'app.' || "
	"n.name, '', s.ts / 3600 * 3600, count(a.value), avg(a.value), "
	"min(a.value), max(a.value) FROM snapshot s JOIN app_metric a ON "
	"a.snapshot_id = s.id JOIN app_metric_name n ON n.id = a.name_id "
	"WHERE s.host_id = ?1 AND s.ts >= ?2 AND s.ts < ?3 "
	"GROUP BY n.name, s.ts / 3600",
};
/* clang-format on */

/* Run sql with up to three integer parameters; add changes to *changes. */
static enum pw_status
run3(sqlite3 *db, const char *sql, int64_t a, int64_t b, int64_t c,
     int64_t *changes)
{
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int n, r;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail(db, "maintain");
		goto out;
	}
	n = sqlite3_bind_parameter_count(st);
	if ((n >= 1 && sqlite3_bind_int64(st, 1, a) != SQLITE_OK) ||
	    (n >= 2 && sqlite3_bind_int64(st, 2, b) != SQLITE_OK) ||
	    (n >= 3 && sqlite3_bind_int64(st, 3, c) != SQLITE_OK)) {
		rc = db_fail(db, "maintain");
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (r != SQLITE_DONE)
		rc = db_fail(db, "maintain");
	else if (changes)
		*changes += sqlite3_changes64(db);
out:
	sqlite3_finalize(st);
	return rc;
}

/* The first hour of host not yet rolled up, or -1 when there is no data. */
static enum pw_status
rollup_start(sqlite3 *db, int64_t host_id, int64_t *start)
{
	static const char sql[] =
		"SELECT coalesce((SELECT CAST(value AS "
		"INTEGER) FROM meta WHERE host_id = ?1 AND key = "
		"'rollup_through'), (SELECT min(ts) / 3600 * 3600 FROM snapshot "
		"WHERE host_id = ?1), -1)";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, host_id) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		rc = db_fail(db, "read");
	else
		*start = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

static enum pw_status
rollup_host(sqlite3 *db, int64_t host_id, int64_t now, int64_t *rows)
{
	static const char mark[] = "INSERT OR REPLACE INTO meta(host_id, key, "
				   "value) VALUES (?1, 'rollup_through', ?2)";
	int64_t start = -1, end = now / HOUR * HOUR;
	enum pw_status rc;
	size_t i;

	rc = db_exec(db, "BEGIN IMMEDIATE");
	if (rc)
		return rc;
	rc = rollup_start(db, host_id, &start);
	if (rc || start < 0 || start >= end)
		goto out;
	for (i = 0; i < sizeof(rollup_sql) / sizeof(rollup_sql[0]) && !rc; i++)
		rc = run3(db, rollup_sql[i], host_id, start, end, rows);
	if (!rc)
		rc = run3(db, mark, host_id, end, 0, NULL);
out:
	if (!rc)
		rc = db_exec(db, "COMMIT");
	if (rc)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static enum pw_status
prune(sqlite3 *db, int64_t now, int raw_days, int rollup_days,
      struct maintain_result *res)
{
	static const char raw_sql[] =
		"DELETE FROM snapshot WHERE ts < ?1 "
		"AND ts < coalesce((SELECT CAST(m.value AS INTEGER) FROM meta m "
		"WHERE m.host_id = snapshot.host_id AND m.key = "
		"'rollup_through'), 0)";
	static const char roll_sql[] = "DELETE FROM rollup_hour WHERE "
				       "hour_ts < ?1";
	/* Per check, so the (check_id, ts) index serves. */
	static const char health_sql[] =
		"DELETE FROM health_result WHERE check_id IN "
		"(SELECT id FROM health_check) AND ts < ?1";
	/*
	 * Fetches of periods past rollup_days, and those that a newer
	 * successful fetch with the same key (host, period, instance and
	 * queries) replaced, since a report reads only the newest; their
	 * incidents go with them (ON DELETE CASCADE).
	 */
	static const char snow_sql[] =
		"DELETE FROM snow_fetch WHERE period_end < ?1 OR EXISTS "
		"(SELECT 1 FROM snow_fetch n WHERE "
		"n.host_id = snow_fetch.host_id AND "
		"n.period_start = snow_fetch.period_start AND "
		"n.period_end = snow_fetch.period_end AND "
		"n.instance = snow_fetch.instance AND "
		"n.query = snow_fetch.query AND "
		"n.period_query = snow_fetch.period_query AND "
		"n.outcome = 'ok' AND n.id > snow_fetch.id)";
	int64_t keep_from = now - (int64_t)rollup_days * 86400;
	enum pw_status rc;

	rc = db_exec(db, "BEGIN IMMEDIATE");
	if (!rc)
		rc = run3(db, raw_sql, now - (int64_t)raw_days * 86400, 0, 0,
			  &res->snapshots_deleted);
	if (!rc)
		rc = run3(db, roll_sql, keep_from, 0, 0, &res->rollups_deleted);
	if (!rc)
		rc = run3(db, health_sql, keep_from, 0, 0,
			  &res->health_deleted);
	if (!rc)
		rc = run3(db, snow_sql, keep_from, 0, 0, &res->fetches_deleted);
	if (!rc)
		rc = db_exec(db, "COMMIT");
	if (rc)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static enum pw_status
reclaim(sqlite3 *db, int64_t *freed)
{
	static const char count_sql[] = "PRAGMA freelist_count";
	sqlite3_stmt *st = NULL;
	int64_t before = 0;
	enum pw_status rc;

	if (sqlite3_prepare_v2(db, count_sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		before = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	rc = run3(db, "PRAGMA incremental_vacuum", 0, 0, 0, NULL);
	if (!rc)
		rc = run3(db, "PRAGMA optimize", 0, 0, 0, NULL);
	if (!rc)
		rc = run3(db, "PRAGMA wal_checkpoint(TRUNCATE)", 0, 0, 0, NULL);
	*freed = before;
	return rc;
}

/*
 * PRAGMA quick_check before anything is written: a damaged database is
 * reported once, with how to recover it, and left as it is (PW_EDB).
 */
static enum pw_status
integrity_check(sqlite3 *db)
{
	const char *path = sqlite3_db_filename(db, "main");
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	const unsigned char *msg;
	char why[256];
	size_t i;
	int r;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL) !=
	    SQLITE_OK)
		return db_fail(db, "check");
	r = sqlite3_step(st);
	msg = r == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	if (r == SQLITE_CORRUPT || r == SQLITE_NOTADB ||
	    (r == SQLITE_ROW &&
	     (!msg || strcmp((const char *)msg, "ok") != 0))) {
		/* one line: quick_check's "*** in database main ***\nPage" */
		snprintf(why, sizeof(why), "%s",
			 msg ? (const char *)msg : sqlite3_errmsg(db));
		for (i = 0; why[i]; i++)
			if (why[i] == '\n')
				why[i] = ' ';
		log_err("'%s' is damaged (quick_check: %s); nothing was changed; stop the collector and recover it with: sqlite3 '%s' .recover | sqlite3 NEW.db",
			path ? path : "?", why, path ? path : "?");
		rc = PW_EDB;
	} else if (r != SQLITE_ROW) {
		rc = db_fail(db, "check");
	}
	sqlite3_finalize(st);
	return rc;
}

enum pw_status
maintain_run(sqlite3 *db, int64_t now, int raw_days, int rollup_days,
	     struct maintain_result *res)
{
	sqlite3_stmt *st = NULL;
	enum pw_status rc;
	int64_t host_id = 0;

	memset(res, 0, sizeof(*res));
	rc = integrity_check(db);
	/* One host at a time, by id, so no read stays open across writes. */
	while (!rc) {
		if (sqlite3_prepare_v2(db,
				       "SELECT min(id) FROM host WHERE "
				       "id > ?1",
				       -1, &st, NULL) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 1, host_id) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_ROW) {
			rc = db_fail(db, "read");
			break;
		}
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			break;
		host_id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		st = NULL;
		rc = rollup_host(db, host_id, now, &res->hours_rolled);
	}
	sqlite3_finalize(st);
	if (!rc)
		rc = prune(db, now, raw_days, rollup_days, res);
	if (!rc)
		rc = reclaim(db, &res->pages_freed);
	return rc;
}
