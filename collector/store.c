/*
 * store.c - the INSERT statements of a snapshot.
 *
 * A struct store lives as long as the process's run of snapshots: each
 * statement is declared once, in store_sql[], prepared on first use and
 * kept (reset and bound again) for every later snapshot, and the host's
 * id and the ids of the devices already seen are kept too, so a snapshot
 * after the first prepares nothing and looks up no device.  What is kept
 * is dropped whenever a snapshot rolls back.  The metric columns of the
 * snapshot, disk, filesystem and netif rows, their placeholders and the
 * binding of their values are all generated from the lists of metrics.h,
 * so a column and the field written to it come from one line: reordering
 * a list reorders both; the device rows are store_dev.c's.  Every value
 * is bound; NAN binds as NULL.  Metric names map to ids through a lookup,
 * and an insert only for a name seen for the first time, in the same
 * transaction as its first sample.  The counters row is updated in
 * place, and not written at all when it is what the table already holds.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "counters.h"
#include "db.h"
#include "delta.h"
#include "log.h"
#include "metrics.h"
#include "store.h"
#include "store_internal.h"

/*
 * ", column" and ", ?" once per metric, in list order; the ? after ?N
 * are numbered N + 1, N + 2, ...  X() lists and the SQL built from them
 * stay as written.
 */
/* clang-format off */
#define HOST_NAME(col, type, field)	", " #col
#define HOST_PARAM(col, type, field)	", ?"

static const char *const store_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_SNAPSHOT] =
		"INSERT INTO snapshot(host_id, ts, interval_s, boot_time, "
		"uptime_s" PW_HOST_METRICS(HOST_NAME) ") VALUES (?1, ?2, ?3, "
		"?4, ?5" PW_HOST_METRICS(HOST_PARAM) ") RETURNING id",
	/* clang-format on */
	[ST_DEVICE_GET] =
		"SELECT id, coalesce(label, ''), coalesce(fstype, "
		"'') FROM device WHERE host_id = ?1 AND kind = ?2 AND name = ?3",
	[ST_DEVICE_ADD] =
		"INSERT INTO device(host_id, kind, name, label, "
		"fstype) VALUES (?1, ?2, ?3, nullif(?4, ''), nullif(?5, '')) "
		"ON CONFLICT(host_id, kind, name) DO UPDATE SET label = "
		"excluded.label, fstype = excluded.fstype RETURNING id",
	[ST_COUNTER_GET] = COUNTER_LOAD_SQL,
	[ST_COUNTER_SET] = "UPDATE raw_counter SET ts = ?2, counters = ?3 "
			   "WHERE host_id = ?1 AND (ts IS NOT ?2 OR "
			   "counters IS NOT ?3)",
	[ST_COUNTER_ADD] = "INSERT OR IGNORE INTO raw_counter(host_id, ts, "
			   "counters) VALUES (?1, ?2, ?3)",
	[ST_NAME_GET] = "SELECT id FROM app_metric_name WHERE host_id = ?1 "
			"AND name = ?2",
	[ST_NAME_ADD] = "INSERT INTO app_metric_name(host_id, name) VALUES "
			"(?1, ?2) RETURNING id",
	[ST_APP] = "INSERT INTO app_metric(snapshot_id, name_id, value) "
		   "VALUES (?1, ?2, ?3)",
};

/* The statement which, ready to bind; NULL (logged) on failure. */
sqlite3_stmt *
store_stmt_get(struct store *s, enum store_stmt which)
{
	if (s->st[which]) {
		sqlite3_reset(s->st[which]);
		sqlite3_clear_bindings(s->st[which]);
	} else if (sqlite3_prepare_v2(s->db, store_sql[which], -1,
				      &s->st[which], NULL) != SQLITE_OK) {
		db_fail(s->db, "write to");
		return NULL;
	}
	return s->st[which];
}

/* Bind v as ?i, a NaN as NULL; SQLITE_OK or the error. */
int
store_bind_real(sqlite3_stmt *st, int i, double v)
{
	return isnan(v) ? sqlite3_bind_null(st, i) :
			  sqlite3_bind_double(st, i, v);
}

/* Bind a count or a size as ?i: an integer (beyond int64, a real). */
int
store_bind_count(sqlite3_stmt *st, int i, uint64_t v)
{
	return v > INT64_MAX ? sqlite3_bind_double(st, i, (double)v) :
			       sqlite3_bind_int64(st, i, (sqlite3_int64)v);
}

/*
 * The binds of one list: each entry binds its own field as the next
 * parameter, until one fails.
 */
#define BIND_HOST(col, type, field) \
	if (r == SQLITE_OK)         \
		r = BIND_FIELD(st, i++, sm->field);

/*
 * The end of a run of binds that failed with r or reached parameter next:
 * PW_OK when every parameter of st has been bound, PW_EDB (logged) if not.
 */
enum pw_status
store_bind_end(sqlite3_stmt *st, int r, int next)
{
	if (r != SQLITE_OK)
		return db_fail(sqlite3_db_handle(st), "write to");
	if (next - 1 != sqlite3_bind_parameter_count(st)) {
		log_err("cannot write a snapshot: %d values for the %d parameters of '%s'",
			next - 1, sqlite3_bind_parameter_count(st),
			sqlite3_sql(st));
		return PW_EDB;
	}
	return PW_OK;
}

/* The metric lists' binds, from parameter i on. */
static enum pw_status
bind_host(sqlite3_stmt *st, int i, const struct sample *sm)
{
	int r = SQLITE_OK;

	/* clang-format off */
	PW_HOST_METRICS(BIND_HOST)
	/* clang-format on */
	return store_bind_end(st, r, i);
}

/*
 * Step st, bound; with rowid, read the RETURNING or SELECT column 0 into
 * it.  PW_EDB (logged) on failure.
 */
enum pw_status
store_run(struct store *s, sqlite3_stmt *st, int64_t *rowid)
{
	int r = sqlite3_step(st);

	if (r == SQLITE_ROW && rowid)
		*rowid = sqlite3_column_int64(st, 0);
	else if (r != SQLITE_DONE)
		return db_fail(s->db, "write to");
	return PW_OK;
}

/* The snapshot row: its host, its clock and every host-wide metric. */
static enum pw_status
store_snapshot_row(struct store *s, const struct snapshot *snap,
		   const struct sample *sm)
{
	sqlite3_stmt *st = store_stmt_get(s, ST_SNAPSHOT);
	enum pw_status rc;

	if (!st)
		return PW_EDB;
	if (sqlite3_bind_int64(st, 1, s->host_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, snap->ts) != SQLITE_OK ||
	    store_bind_real(st, 3, sm->interval_s) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, snap->stat.btime) != SQLITE_OK ||
	    store_bind_real(st, 5, snap->uptime.uptime_s) != SQLITE_OK)
		return db_fail(s->db, "write to");
	rc = bind_host(st, 6, sm);
	return rc ? rc : store_run(s, st, &s->sid);
}

/* Bind ?1 host, ?2.. the texts; SQLITE_OK or the first error. */
int
store_bind_texts(sqlite3_stmt *st, int64_t host_id, const char *const *t, int n)
{
	int i, r = sqlite3_bind_int64(st, 1, host_id);

	for (i = 0; i < n && r == SQLITE_OK; i++)
		r = sqlite3_bind_text(st, i + 2, t[i] ? t[i] : "", -1,
				      SQLITE_STATIC);
	return r;
}

static enum pw_status
store_app_metrics(struct store *s, const struct app_metrics *am)
{
	enum pw_status rc = PW_OK;
	size_t i;

	for (i = 0; i < am->n && !rc; i++) {
		const char *name[] = { am->m[i].name };
		sqlite3_stmt *st;
		int64_t name_id;
		int r;

		if (!(st = store_stmt_get(s, ST_NAME_GET)))
			return PW_EDB;
		if (store_bind_texts(st, s->host_id, name, 1) != SQLITE_OK)
			return db_fail(s->db, "read");
		r = sqlite3_step(st);
		if (r == SQLITE_DONE) {
			if (!(st = store_stmt_get(s, ST_NAME_ADD)))
				return PW_EDB;
			if (store_bind_texts(st, s->host_id, name, 1) !=
			    SQLITE_OK)
				return db_fail(s->db, "write to");
			r = sqlite3_step(st);
		}
		if (r != SQLITE_ROW)
			return db_fail(s->db, "write to");
		name_id = sqlite3_column_int64(st, 0);
		if (!(st = store_stmt_get(s, ST_APP)))
			return PW_EDB;
		if (sqlite3_bind_int64(st, 1, s->sid) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 2, name_id) != SQLITE_OK ||
		    store_bind_real(st, 3, am->m[i].value) != SQLITE_OK)
			return db_fail(s->db, "write to");
		rc = store_run(s, st, NULL);
	}
	return rc;
}

/* The previous counters of the host, through the kept statement. */
/*
 * The previous counters of the host, through the kept statement: the set
 * this writer saved last when the row still holds its text (*prev then
 * points to it), parsed from the row otherwise (into *own).
 */
static enum pw_status
store_counters_load(struct store *s, const struct counter_set **prev,
		    struct counter_set *own)
{
	sqlite3_stmt *st = store_stmt_get(s, ST_COUNTER_GET);
	const char *text;
	int r;

	*prev = own;
	if (!st)
		return PW_EDB;
	if (sqlite3_bind_int64(st, 1, s->host_id) != SQLITE_OK ||
	    ((r = sqlite3_step(st)) != SQLITE_ROW && r != SQLITE_DONE))
		return db_fail(s->db, "read counters from");
	if (r == SQLITE_DONE ||
	    !(text = (const char *)sqlite3_column_text(st, 0)))
		return PW_OK;
	if (s->have_last &&
	    (size_t)sqlite3_column_bytes(st, 0) == s->text.len + 1 &&
	    memcmp(text, s->text.data, s->text.len) == 0) {
		*prev = &s->last;
		return PW_OK;
	}
	return counter_from_text(text, own);
}

/*
 * The counters row of the host, updated in place when it changed and
 * added when there is none.
 */
static enum pw_status
store_counters_save(struct store *s, int64_t ts, const struct counter_set *cs)
{
	enum store_stmt which[] = { ST_COUNTER_SET, ST_COUNTER_ADD };
	enum pw_status rc;
	size_t k;

	s->have_last = 0; /* s->text is no longer what s->last says */
	rc = counter_text(cs, &s->text);

	for (k = 0; k < 2 && !rc; k++) {
		sqlite3_stmt *st = store_stmt_get(s, which[k]);

		if (!st)
			return PW_EDB;
		if (sqlite3_bind_int64(st, 1, s->host_id) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 2, ts) != SQLITE_OK ||
		    sqlite3_bind_text(st, 3, s->text.data, (int)s->text.len,
				      SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_DONE)
			return db_fail(s->db, "write counters to");
		if (sqlite3_changes(s->db) > 0)
			break;
	}
	return rc;
}

static enum pw_status
store_all(struct store *s, const struct snapshot *snap)
{
	struct counter_set own = { NULL, 0, 0 }, next = { NULL, 0, 0 };
	const struct counter_set *prev;
	struct sample sm;
	enum pw_status rc;

	memset(&sm, 0, sizeof(sm));
	rc = store_counters_load(s, &prev, &own);
	if (!rc)
		rc = delta_compute(snap, prev, &sm, &next);
	if (rc)
		goto out;
	rc = store_snapshot_row(s, snap, &sm);
	if (!rc)
		rc = store_devices(s, snap, &sm);
	if (!rc)
		rc = store_app_metrics(s, &snap->app);
	if (!rc)
		rc = store_counters_save(s, snap->ts, &next);
	if (!rc) { /* kept for the next snapshot, once this one commits */
		counter_sort(&next);
		counter_set_free(&s->last);
		s->last = next;
		s->have_last = 1;
		next.v = NULL;
	}
out:
	sample_free(&sm);
	counter_set_free(&own);
	counter_set_free(&next);
	return rc;
}

enum pw_status
store_new(sqlite3 *db, const char *host, struct store **out)
{
	struct store *s = calloc(1, sizeof(*s));

	if (s)
		s->host = strdup(host);
	if (!s || !s->host) {
		free(s);
		log_err("cannot write a snapshot: out of memory");
		return PW_ENOMEM;
	}
	s->db = db;
	buf_init(&s->text, COUNTER_TEXT_MAX);
	*out = s;
	return PW_OK;
}

void
store_free(struct store *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	store_dev_forget(s);
	free(s->dev);
	buf_free(&s->text);
	counter_set_free(&s->last);
	free(s->host);
	free(s);
}

/* BEGIN or COMMIT, through the kept statement; PW_EDB (logged) on failure. */
static enum pw_status
store_tx(struct store *s, enum store_stmt which)
{
	sqlite3_stmt *st = store_stmt_get(s, which);
	enum pw_status rc;

	if (!st)
		return PW_EDB;
	rc = sqlite3_step(st) == SQLITE_DONE ? PW_OK : db_fail(s->db, "update");
	sqlite3_reset(st);
	return rc;
}

enum pw_status
store_snapshot(struct store *s, const struct snapshot *snap,
	       int64_t *snapshot_id)
{
	enum pw_status rc;
	int i;

	rc = store_tx(s, ST_BEGIN);
	if (rc)
		return rc;
	if (!s->host_id)
		rc = db_host_id(s->db, s->host, &s->host_id);
	if (!rc)
		rc = store_all(s, snap);
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_reset(s->st[i]);
	if (!rc)
		rc = store_tx(s, ST_COMMIT);
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		store_dev_forget(s);
		return rc;
	}
	log_debug("stored snapshot %lld", (long long)s->sid);
	if (snapshot_id)
		*snapshot_id = s->sid;
	return PW_OK;
}
