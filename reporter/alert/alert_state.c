/*
 * alert_state.c - the alert and alert_sink tables (schema/007_alert.sql,
 * docs/schema.md): one row per host, rule and device, updated in place;
 * one row per alert and sink, what that sink was last told.
 *
 * The one place of perfweek-alert that speaks SQL, prepared statements
 * only.  Severities and states are stored as their words (CRITICAL,
 * firing), so that a user's query reads them as the reports do.  No
 * secret is ever written: a sink is its [notify "NAME"] name.
 */
#include <stdio.h>
#include <string.h>

#include "alert.h"
#include "db.h"
#include "model.h"

static enum severity
sev_of(const char *s)
{
	if (s && strcmp(s, "CRITICAL") == 0)
		return SEV_CRITICAL;
	if (s && strcmp(s, "WARNING") == 0)
		return SEV_WARNING;
	return SEV_OK;
}

static void
copy_text(sqlite3_stmt *st, int col, char *buf, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(buf, n, "%s", t ? (const char *)t : "");
}

static void
row_read(sqlite3_stmt *st, struct alert_row *r)
{
	char sev[16], state[16];

	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	copy_text(st, 1, r->rule, sizeof(r->rule));
	copy_text(st, 2, r->device, sizeof(r->device));
	copy_text(st, 3, sev, sizeof(sev));
	copy_text(st, 4, state, sizeof(state));
	r->sev = r->prev_sev = sev_of(sev);
	r->firing = strcmp(state, "firing") == 0;
	r->since = sqlite3_column_int64(st, 5);
	r->ended = sqlite3_column_int64(st, 6);
	r->clear_since = sqlite3_column_int64(st, 7);
	r->last_value = sqlite3_column_double(st, 8);
	r->threshold = sqlite3_column_double(st, 9);
	copy_text(st, 10, r->evidence, sizeof(r->evidence));
	r->updated = sqlite3_column_int64(st, 11);
}

enum pw_status
alert_state_load(sqlite3 *db, int64_t host_id, struct alert_row *rows,
		 size_t max, size_t *n)
{
	static const char sql[] =
		"SELECT id, rule, device, severity, state, since, ended, "
		"clear_since, last_value, threshold, evidence, updated "
		"FROM alert WHERE host_id = ? ORDER BY id";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int s;

	*n = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "read the alerts of");
	sqlite3_bind_int64(st, 1, host_id);
	while ((s = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		row_read(st, &rows[(*n)++]);
	if (s != SQLITE_ROW && s != SQLITE_DONE)
		rc = db_fail(db, "read the alerts of");
	sqlite3_finalize(st);
	return rc;
}

static void
bind_int_or_null(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* One row, inserted (id 0) or updated. */
static enum pw_status
row_write(sqlite3 *db, sqlite3_stmt *st, int64_t host_id, struct alert_row *r)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_bind_int64(st, 1, host_id);
	sqlite3_bind_text(st, 2, r->rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->device, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, model_severity_name(r->sev), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->firing ? "firing" : "resolved", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, r->since);
	bind_int_or_null(st, 7, r->ended);
	bind_int_or_null(st, 8, r->clear_since);
	sqlite3_bind_double(st, 9, r->last_value);
	sqlite3_bind_double(st, 10, r->threshold);
	sqlite3_bind_text(st, 11, r->evidence, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 12, r->updated);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_fail(db, "store an alert in");
	if (!r->id)
		r->id = sqlite3_last_insert_rowid(db);
	return PW_OK;
}

enum pw_status
alert_state_save(sqlite3 *db, int64_t host_id, struct alert_row *rows, size_t n)
{
	static const char sql[] =
		"INSERT INTO alert(host_id, rule, device, severity, state, "
		"since, ended, clear_since, last_value, threshold, evidence, "
		"updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT(host_id, rule, device) DO UPDATE SET "
		"severity = excluded.severity, state = excluded.state, "
		"since = excluded.since, ended = excluded.ended, "
		"clear_since = excluded.clear_since, "
		"last_value = excluded.last_value, "
		"threshold = excluded.threshold, evidence = excluded.evidence, "
		"updated = excluded.updated";
	static const char pend[] =
		"UPDATE alert_sink SET pending = 1 WHERE alert_id = ?";
	sqlite3_stmt *st = NULL, *sp = NULL;
	enum pw_status rc = PW_OK;
	size_t i;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, pend, -1, &sp, NULL) != SQLITE_OK)
		rc = db_fail(db, "store the alerts in");
	for (i = 0; i < n && !rc; i++) {
		rc = row_write(db, st, host_id, &rows[i]);
		if (rc || !rows[i].changed)
			continue;
		sqlite3_reset(sp);
		sqlite3_bind_int64(sp, 1, rows[i].id);
		if (sqlite3_step(sp) != SQLITE_DONE)
			rc = db_fail(db, "store the alerts in");
	}
	sqlite3_finalize(sp);
	sqlite3_finalize(st);
	return rc;
}

enum pw_status
alert_sink_load(sqlite3 *db, int64_t id, const char *sink,
		struct alert_sink_row *out)
{
	static const char sql[] =
		"SELECT notified_state, notified_severity, notified_since, "
		"last_notified, attempts FROM alert_sink "
		"WHERE alert_id = ? AND sink = ?";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int s;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "read the alerts' sinks in");
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, sink, -1, SQLITE_STATIC);
	s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		out->found = 1;
		copy_text(st, 0, out->state, sizeof(out->state));
		copy_text(st, 1, out->severity, sizeof(out->severity));
		out->since = sqlite3_column_int64(st, 2);
		out->last_notified = sqlite3_column_int64(st, 3);
		out->attempts = sqlite3_column_int(st, 4);
	} else if (s != SQLITE_DONE) {
		rc = db_fail(db, "read the alerts' sinks in");
	}
	sqlite3_finalize(st);
	return rc;
}

enum pw_status
alert_sink_save(sqlite3 *db, const struct alert_row *row, const char *sink,
		int ok, const char *why, int64_t now)
{
	static const char told[] =
		"INSERT INTO alert_sink(alert_id, sink, notified_state, "
		"notified_severity, notified_since, last_notified, pending, "
		"attempts, last_error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, "
		"NULL) ON CONFLICT(alert_id, sink) DO UPDATE SET "
		"notified_state = ?3, notified_severity = ?4, "
		"notified_since = ?5, last_notified = ?6, pending = 0, "
		"attempts = 0, last_error = NULL";
	static const char failed[] =
		"INSERT INTO alert_sink(alert_id, sink, pending, attempts, "
		"last_error) VALUES (?1, ?2, 1, 1, ?7) "
		"ON CONFLICT(alert_id, sink) DO UPDATE SET pending = 1, "
		"attempts = attempts + 1, last_error = ?7";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;

	if (sqlite3_prepare_v2(db, ok ? told : failed, -1, &st, NULL) !=
	    SQLITE_OK)
		return db_fail(db, "store a notification in");
	sqlite3_bind_int64(st, 1, row->id);
	sqlite3_bind_text(st, 2, sink, -1, SQLITE_STATIC);
	if (ok) {
		sqlite3_bind_text(st, 3, row->firing ? "firing" : "resolved",
				  -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, model_severity_name(row->sev), -1,
				  SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, row->since);
		sqlite3_bind_int64(st, 6, now);
	} else {
		sqlite3_bind_text(st, 7, why, -1, SQLITE_TRANSIENT);
	}
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(db, "store a notification in");
	sqlite3_finalize(st);
	return rc;
}
