/*
 * summary_sqlite.c - the week summaries of perfweek's SQLite history
 * (summary.h; the tables week_summary and week_summary_metric of
 * docs/schema.md).
 *
 * Reads go through the source's own handle, which may be read-only.  A
 * write opens a second handle of its own, read-write, with a short busy
 * timeout, for the one transaction that replaces a week's rows, and closes
 * it: a read-only file, an older schema or a lock held by the collector
 * leave the database untouched and the report unchanged (the summary is
 * then computed again next time).  Never computes a summary.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "log.h"
#include "source_sqlite.h"
#include "summary.h"

#define SUMMARY_BUSY_MS  100
#define SUMMARY_ROWS_MAX 100000

static const char stamp_sql[] =
	"SELECT count(*), coalesce(max(id), 0), coalesce(max(ts), 0) FROM "
	"snapshot WHERE host_id = ?1 AND ts >= ?2 AND ts < ?3";
static const char head_sql[] =
	"SELECT period_end, snapshots, last_snapshot_id, last_ts, "
	"coverage_pct, config_hash FROM week_summary WHERE host_id = ?1 AND "
	"period_start = ?2";
static const char rows_sql[] =
	"SELECT metric, device, samples, avg, p50, p95, p99, max, "
	"warn_minutes, crit_minutes FROM week_summary_metric WHERE host_id = "
	"?1 AND period_start = ?2 ORDER BY metric, device";

static double
col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ?
		NAN :
		sqlite3_column_double(st, i);
}

static enum pw_status
week_stamp(sqlite3 *db, int64_t host, int64_t start, int64_t end,
	   struct source_week_stamp *out)
{
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;

	if (sqlite3_prepare_v2(db, stamp_sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, host) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, start) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, end) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = db_fail(db, "read");
		goto out;
	}
	out->snapshots = sqlite3_column_int64(st, 0);
	out->last_snapshot_id = sqlite3_column_int64(st, 1);
	out->last_ts = sqlite3_column_int64(st, 2);
out:
	sqlite3_finalize(st);
	return rc;
}

/* The head row; PW_ENOTFOUND when there is none or no such table. */
static enum pw_status
read_head(sqlite3 *db, int64_t host, int64_t start, struct source_summary *o)
{
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_ENOTFOUND;
	const unsigned char *h;

	if (sqlite3_prepare_v2(db, head_sql, -1, &st, NULL) != SQLITE_OK)
		goto out; /* a schema before version 6 */
	if (sqlite3_bind_int64(st, 1, host) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, start) != SQLITE_OK) {
		rc = db_fail(db, "read");
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW)
		goto out;
	o->start = start;
	o->end = sqlite3_column_int64(st, 0);
	o->stamp.snapshots = sqlite3_column_int64(st, 1);
	o->stamp.last_snapshot_id = sqlite3_column_int64(st, 2);
	o->stamp.last_ts = sqlite3_column_int64(st, 3);
	o->coverage_pct = col_real(st, 4);
	h = sqlite3_column_text(st, 5);
	snprintf(o->config_hash, sizeof(o->config_hash), "%s",
		 h ? (const char *)h : "");
	rc = PW_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

static enum pw_status
grow(struct source_summary *o, size_t *cap)
{
	struct source_summary_metric *m;
	size_t n = *cap ? *cap * 2 : 64;

	if (o->nmetrics >= SUMMARY_ROWS_MAX)
		return PW_ERR;
	if (!(m = realloc(o->metrics, n * sizeof(*m))))
		return PW_ENOMEM;
	o->metrics = m;
	*cap = n;
	return PW_OK;
}

static void
read_row(sqlite3_stmt *st, struct source_summary_metric *m)
{
	const unsigned char *name = sqlite3_column_text(st, 0);
	const unsigned char *dev = sqlite3_column_text(st, 1);

	snprintf(m->metric, sizeof(m->metric), "%s",
		 name ? (const char *)name : "");
	snprintf(m->device, sizeof(m->device), "%s",
		 dev ? (const char *)dev : "");
	m->samples = sqlite3_column_int64(st, 2);
	m->avg = col_real(st, 3);
	m->p50 = col_real(st, 4);
	m->p95 = col_real(st, 5);
	m->p99 = col_real(st, 6);
	m->max = col_real(st, 7);
	m->warn_minutes = col_real(st, 8);
	m->crit_minutes = col_real(st, 9);
}

static enum pw_status
read_rows(sqlite3 *db, int64_t host, int64_t start, struct source_summary *o)
{
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	size_t cap = 0;
	int r;

	if (sqlite3_prepare_v2(db, rows_sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, host) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, start) != SQLITE_OK) {
		rc = db_fail(db, "read");
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (o->nmetrics == cap && (rc = grow(o, &cap)))
			goto out;
		read_row(st, &o->metrics[o->nmetrics++]);
	}
	if (r != SQLITE_DONE)
		rc = db_fail(db, "read");
out:
	sqlite3_finalize(st);
	return rc;
}

enum pw_status
summary_sqlite_get(sqlite3 *db, int64_t host, int64_t start, int64_t end,
		   const char *config_hash, struct source_week_stamp *now,
		   struct source_summary *out)
{
	enum pw_status rc;

	if ((rc = week_stamp(db, host, start, end, now)))
		return rc;
	if ((rc = read_head(db, host, start, out)))
		return rc;
	if (out->end != end || strcmp(out->config_hash, config_hash) != 0 ||
	    memcmp(&out->stamp, now, sizeof(*now)) != 0)
		return PW_ENOTFOUND; /* stale */
	return read_rows(db, host, start, out);
}

static int
bind_real(sqlite3_stmt *st, int i, double v)
{
	return isnan(v) ? sqlite3_bind_null(st, i) :
			  sqlite3_bind_double(st, i, v);
}

static int
write_head(sqlite3 *db, int64_t host, const struct source_summary *in,
	   int64_t now_ts)
{
	static const char del[] =
		"DELETE FROM week_summary_metric WHERE host_id = ?1 AND "
		"period_start = ?2; ";
	static const char sql[] =
		"INSERT OR REPLACE INTO week_summary VALUES (?1, ?2, ?3, ?4, ?5, "
		"?6, ?7, ?8, ?9)";
	sqlite3_stmt *st = NULL;
	int r;

	r = sqlite3_prepare_v2(db, del, -1, &st, NULL);
	if (r == SQLITE_OK &&
	    (r = sqlite3_bind_int64(st, 1, host)) == SQLITE_OK &&
	    (r = sqlite3_bind_int64(st, 2, in->start)) == SQLITE_OK &&
	    (r = sqlite3_step(st)) == SQLITE_DONE)
		r = SQLITE_OK;
	sqlite3_finalize(st);
	st = NULL;
	if (r != SQLITE_OK ||
	    (r = sqlite3_prepare_v2(db, sql, -1, &st, NULL)) != SQLITE_OK)
		goto out;
	if (sqlite3_bind_int64(st, 1, host) ||
	    sqlite3_bind_int64(st, 2, in->start) ||
	    sqlite3_bind_int64(st, 3, in->end) ||
	    sqlite3_bind_int64(st, 4, in->stamp.snapshots) ||
	    sqlite3_bind_int64(st, 5, in->stamp.last_snapshot_id) ||
	    sqlite3_bind_int64(st, 6, in->stamp.last_ts) ||
	    bind_real(st, 7, in->coverage_pct) ||
	    sqlite3_bind_text(st, 8, in->config_hash, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 9, now_ts))
		r = SQLITE_ERROR;
	else if ((r = sqlite3_step(st)) == SQLITE_DONE)
		r = SQLITE_OK;
out:
	sqlite3_finalize(st);
	return r;
}

static int
write_rows(sqlite3 *db, int64_t host, const struct source_summary *in)
{
	static const char sql[] =
		"INSERT INTO week_summary_metric VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		"?7, ?8, ?9, ?10, ?11, ?12)";
	sqlite3_stmt *st = NULL;
	size_t i;
	int r;

	if ((r = sqlite3_prepare_v2(db, sql, -1, &st, NULL)) != SQLITE_OK)
		goto out;
	for (i = 0; i < in->nmetrics && r == SQLITE_OK; i++) {
		const struct source_summary_metric *m = &in->metrics[i];

		if (sqlite3_reset(st) || sqlite3_bind_int64(st, 1, host) ||
		    sqlite3_bind_int64(st, 2, in->start) ||
		    sqlite3_bind_text(st, 3, m->metric, -1, SQLITE_STATIC) ||
		    sqlite3_bind_text(st, 4, m->device, -1, SQLITE_STATIC) ||
		    sqlite3_bind_int64(st, 5, m->samples) ||
		    bind_real(st, 6, m->avg) || bind_real(st, 7, m->p50) ||
		    bind_real(st, 8, m->p95) || bind_real(st, 9, m->p99) ||
		    bind_real(st, 10, m->max) ||
		    bind_real(st, 11, m->warn_minutes) ||
		    bind_real(st, 12, m->crit_minutes))
			r = SQLITE_ERROR;
		else if ((r = sqlite3_step(st)) == SQLITE_DONE)
			r = SQLITE_OK;
	}
out:
	sqlite3_finalize(st);
	return r;
}

enum pw_status
summary_sqlite_put(sqlite3 *ro, int64_t host, const struct source_summary *in)
{
	const char *path = sqlite3_db_filename(ro, "main");
	sqlite3 *db = NULL;
	int r;

	if (!path || !*path)
		return PW_OK; /* an in-memory database */
	r = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
	if (r == SQLITE_OK && sqlite3_db_readonly(db, "main") == 1)
		r = SQLITE_READONLY;
	if (r == SQLITE_OK)
		r = sqlite3_busy_timeout(db, SUMMARY_BUSY_MS);
	if (r == SQLITE_OK)
		r = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (r == SQLITE_OK &&
	    (r = write_head(db, host, in, (int64_t)time(NULL))) == SQLITE_OK &&
	    (r = write_rows(db, host, in)) == SQLITE_OK)
		r = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (r != SQLITE_OK) {
		log_info("week summary of '%s' not stored: %s", path,
			 db ? sqlite3_errmsg(db) : sqlite3_errstr(r));
		if (db && !sqlite3_get_autocommit(db))
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	sqlite3_close(db);
	return PW_OK;
}

void
source_summary_free(struct source_summary *sm)
{
	if (!sm)
		return;
	free(sm->metrics);
	memset(sm, 0, sizeof(*sm));
}
