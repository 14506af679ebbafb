/*
 * snow_store.c - ServiceNow fetches and their incidents in the database
 * (tables snow_fetch and snow_incident, schema/003_servicenow.sql).
 *
 * A fetch is stored whole or not at all, in one transaction: the fetch
 * row, then one incident row per record.  A failed fetch is stored too,
 * with its reason and no incidents, so that a run's outcome is on record;
 * only an 'ok' row is ever chosen for a report.  Never stores a secret:
 * none reaches this file.
 */
#include <stdio.h>

#include "db.h"
#include "snow_int.h"

enum pw_status
snow_store_find(sqlite3 *db, const struct snow_key *k, int64_t *id)
{
	static const char sql[] =
		"SELECT id FROM snow_fetch WHERE "
		"host_id = ?1 AND period_start = ?2 AND period_end = ?3 AND "
		"instance = ?4 AND query = ?5 AND period_query = ?6 AND "
		"outcome = 'ok' ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int r;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, k->host_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, k->period_start) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, k->period_end) != SQLITE_OK ||
	    sqlite3_bind_text(st, 4, k->instance, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 5, k->query, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 6, k->period_query, -1, SQLITE_STATIC)) {
		rc = db_fail(db, "read");
		goto out;
	}
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (r == SQLITE_DONE)
		*id = 0;
	else
		rc = db_fail(db, "read");
out:
	sqlite3_finalize(st);
	return rc;
}

static int
bind_opt_int(sqlite3_stmt *st, int i, int64_t v, int present)
{
	return present ? sqlite3_bind_int64(st, i, v) :
			 sqlite3_bind_null(st, i);
}

static enum pw_status
save_fetch(sqlite3 *db, const struct snow_key *k, int64_t fetched_at,
	   const struct snow_fetch *f, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO snow_fetch (host_id, "
		"fetched_at, period_start, period_end, instance, query, "
		"period_query, outcome, reason, http_status, open_count, "
		"period_count, total_count, pages, demo) VALUES (?1, ?2, ?3, "
		"?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, k->host_id) ||
	    sqlite3_bind_int64(st, 2, fetched_at) ||
	    sqlite3_bind_int64(st, 3, k->period_start) ||
	    sqlite3_bind_int64(st, 4, k->period_end) ||
	    sqlite3_bind_text(st, 5, k->instance, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 6, k->query, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 7, k->period_query, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 8, f->ok ? "ok" : "failed", -1,
			      SQLITE_STATIC) ||
	    (f->ok ? sqlite3_bind_null(st, 9) :
		     sqlite3_bind_text(st, 9, f->reason, -1, SQLITE_STATIC)) ||
	    bind_opt_int(st, 10, f->http_status, f->http_status != 0) ||
	    bind_opt_int(st, 11, (int64_t)f->open_count, f->ok) ||
	    bind_opt_int(st, 12, (int64_t)f->period_count, f->ok) ||
	    bind_opt_int(st, 13, f->total_count, f->total_count >= 0) ||
	    sqlite3_bind_int(st, 14, f->pages) ||
	    sqlite3_bind_int(st, 15, f->demo) ||
	    sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(db, "store a ServiceNow fetch in");
	else
		*id = sqlite3_last_insert_rowid(db);
	sqlite3_finalize(st);
	return rc;
}

static enum pw_status
save_incidents(sqlite3 *db, int64_t id, const struct snow_set *set)
{
	static const char sql[] =
		"INSERT INTO snow_incident (fetch_id, "
		"sys_id, number, short_description, priority, state, opened_at, "
		"resolved_at, assignment_group, cmdb_ci, is_open, in_period, raw) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	size_t i;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail(db, "store incidents in");
		goto out;
	}
	for (i = 0; i < set->n; i++) {
		const struct snow_incident *in = &set->v[i];

		sqlite3_reset(st);
		if (sqlite3_bind_int64(st, 1, id) ||
		    sqlite3_bind_text(st, 2, in->sys_id, -1, SQLITE_STATIC) ||
		    sqlite3_bind_text(st, 3, in->number, -1, SQLITE_STATIC) ||
		    sqlite3_bind_text(st, 4, in->short_description, -1,
				      SQLITE_STATIC) ||
		    bind_opt_int(st, 5, in->priority, in->priority != 0) ||
		    bind_opt_int(st, 6, in->state, in->state != 0) ||
		    bind_opt_int(st, 7, in->opened_at, in->opened_at != 0) ||
		    bind_opt_int(st, 8, in->resolved_at,
				 in->resolved_at != 0) ||
		    sqlite3_bind_text(st, 9, in->assignment_group, -1,
				      SQLITE_STATIC) ||
		    sqlite3_bind_text(st, 10, in->cmdb_ci, -1, SQLITE_STATIC) ||
		    sqlite3_bind_int(st, 11, in->is_open) ||
		    sqlite3_bind_int(st, 12, in->in_period) ||
		    sqlite3_bind_text(st, 13, in->raw, -1, SQLITE_STATIC) ||
		    sqlite3_step(st) != SQLITE_DONE) {
			rc = db_fail(db, "store incidents in");
			goto out;
		}
	}
out:
	sqlite3_finalize(st);
	return rc;
}

enum pw_status
snow_store_save(sqlite3 *db, const struct snow_key *k, int64_t fetched_at,
		const struct snow_fetch *f, int64_t *id)
{
	enum pw_status rc;
	int64_t new_id = 0;

	if ((rc = db_exec(db, "BEGIN IMMEDIATE")))
		return rc;
	rc = save_fetch(db, k, fetched_at, f, &new_id);
	if (!rc && f->ok)
		rc = save_incidents(db, new_id, &f->set);
	if (!rc)
		rc = db_exec(db, "COMMIT");
	if (rc) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	*id = new_id;
	return PW_OK;
}
