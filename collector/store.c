/*
 * store.c - the INSERT statements of a snapshot.
 *
 * The statements are declared once, in store_sql[], prepared on first use
 * within one store_snapshot() call and finalized at its end, so a snapshot
 * with many devices prepares each statement once.  The metric columns of
 * the snapshot, disk, filesystem and netif rows, their placeholders and
 * the binding of their values are all generated from the lists of
 * metrics.h, so a column and the field written to it come from one line:
 * reordering a list reorders both.  Key columns (host, clock, snapshot and
 * device ids) are named in the SQL and bound by number.  Every value is
 * bound; NAN binds as NULL.  Device and metric names map to ids through a
 * lookup, and an insert only for a name seen for the first time, in the
 * same transaction as its first sample.  Owns no state between calls.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "counters.h"
#include "db.h"
#include "delta.h"
#include "log.h"
#include "metrics.h"
#include "store.h"

enum store_stmt {
	ST_SNAPSHOT,
	ST_DEVICE_GET,
	ST_DEVICE_ADD,
	ST_DISK,
	ST_NETIF,
	ST_FS,
	ST_NAME_GET,
	ST_NAME_ADD,
	ST_APP,
	ST_COUNT
};

/*
 * ", column" and ", ?" once per metric, in list order; the ? after ?N
 * are numbered N + 1, N + 2, ...  X() lists and the SQL built from them
 * stay as written.
 */
/* clang-format off */
#define HOST_NAME(col, type, field)	", " #col
#define HOST_PARAM(col, type, field)	", ?"
#define DEV_NAME(tbl, col, type)	", " #col
#define DEV_PARAM(tbl, col, type)	", ?"
#define DEV_INSERT(tbl, list)						\
	"INSERT INTO " tbl "(snapshot_id, device_id" list(DEV_NAME)	\
	") VALUES (?1, ?2" list(DEV_PARAM) ")"

static const char *const store_sql[ST_COUNT] = {
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
	[ST_DISK] = DEV_INSERT("disk", PW_DISK_METRICS),
	[ST_NETIF] = DEV_INSERT("netif", PW_NETIF_METRICS),
	[ST_FS] = DEV_INSERT("filesystem", PW_FS_METRICS),
	[ST_NAME_GET] = "SELECT id FROM app_metric_name WHERE host_id = ?1 "
			"AND name = ?2",
	[ST_NAME_ADD] = "INSERT INTO app_metric_name(host_id, name) VALUES "
			"(?1, ?2) RETURNING id",
	[ST_APP] = "INSERT INTO app_metric(snapshot_id, name_id, value) "
		   "VALUES (?1, ?2, ?3)",
};

struct store {
	sqlite3 *db;
	int64_t host_id;
	int64_t sid;                /* the new snapshot's id */
	sqlite3_stmt *st[ST_COUNT]; /* prepared on first use */
};

/* The statement which, ready to bind; NULL (logged) on failure. */
static sqlite3_stmt *
stmt(struct store *s, enum store_stmt which)
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
static int
bind_real(sqlite3_stmt *st, int i, double v)
{
	return isnan(v) ? sqlite3_bind_null(st, i) :
			  sqlite3_bind_double(st, i, v);
}

/* Bind a count or a size as ?i: an integer (beyond int64, a real). */
static int
bind_count(sqlite3_stmt *st, int i, uint64_t v)
{
	return v > INT64_MAX ? sqlite3_bind_double(st, i, (double)v) :
			       sqlite3_bind_int64(st, i, (sqlite3_int64)v);
}

/* Bind a struct field by its C type; any other type is a build error. */
/* clang-format off */
#define BIND_FIELD(st, i, v)						\
	_Generic((v), double: bind_real, unsigned: bind_count,		\
		 uint64_t: bind_count)(st, i, v)
/* clang-format on */

/*
 * The binds of one list: each entry binds its own field as the next
 * parameter, until one fails.
 */
#define BIND_HOST(col, type, field) \
	if (r == SQLITE_OK)         \
		r = BIND_FIELD(st, i++, sm->field);
#define BIND_ROW(tbl, col, type) \
	if (r == SQLITE_OK)      \
		r = BIND_FIELD(st, i++, row->col);

/*
 * The end of a run of binds that failed with r or reached parameter next:
 * PW_OK when every parameter of st has been bound, PW_EDB (logged) if not.
 */
static enum pw_status
bind_end(sqlite3_stmt *st, int r, int next)
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
	return bind_end(st, r, i);
}

static enum pw_status
bind_disk(sqlite3_stmt *st, int i, const struct disk_row *row)
{
	int r = SQLITE_OK;

	/* clang-format off */
	PW_DISK_METRICS(BIND_ROW)
	/* clang-format on */
	return bind_end(st, r, i);
}

static enum pw_status
bind_netif(sqlite3_stmt *st, int i, const struct netif_row *row)
{
	int r = SQLITE_OK;

	/* clang-format off */
	PW_NETIF_METRICS(BIND_ROW)
	/* clang-format on */
	return bind_end(st, r, i);
}

static enum pw_status
bind_fs(sqlite3_stmt *st, int i, const struct fs_usage *row)
{
	int r = SQLITE_OK;

	/* clang-format off */
	PW_FS_METRICS(BIND_ROW)
	/* clang-format on */
	return bind_end(st, r, i);
}

/*
 * Step st, bound; with rowid, read the RETURNING or SELECT column 0 into
 * it.  PW_EDB (logged) on failure.
 */
static enum pw_status
run(struct store *s, sqlite3_stmt *st, int64_t *rowid)
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
	sqlite3_stmt *st = stmt(s, ST_SNAPSHOT);
	enum pw_status rc;

	if (!st)
		return PW_EDB;
	if (sqlite3_bind_int64(st, 1, s->host_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, snap->ts) != SQLITE_OK ||
	    bind_real(st, 3, sm->interval_s) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, snap->stat.btime) != SQLITE_OK ||
	    bind_real(st, 5, snap->uptime.uptime_s) != SQLITE_OK)
		return db_fail(s->db, "write to");
	rc = bind_host(st, 6, sm);
	return rc ? rc : run(s, st, &s->sid);
}

/* Bind ?1 host, ?2.. the texts; SQLITE_OK or the first error. */
static int
bind_texts(sqlite3_stmt *st, int64_t host_id, const char *const *t, int n)
{
	int i, r = sqlite3_bind_int64(st, 1, host_id);

	for (i = 0; i < n && r == SQLITE_OK; i++)
		r = sqlite3_bind_text(st, i + 2, t[i] ? t[i] : "", -1,
				      SQLITE_STATIC);
	return r;
}

/*
 * The id of a device, its row added (or its label and type updated) when
 * needed.  label and fstype may be NULL.
 */
static enum pw_status
store_device(struct store *s, const char *kind, const char *name,
	     const char *label, const char *fstype, int64_t *id)
{
	const char *key[] = { kind, name, label, fstype };
	sqlite3_stmt *st;
	int r;

	if (!(st = stmt(s, ST_DEVICE_GET)))
		return PW_EDB;
	if (bind_texts(st, s->host_id, key, 2) != SQLITE_OK)
		return db_fail(s->db, "read");
	r = sqlite3_step(st);
	if (r == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 1),
		   label ? label : "") == 0 &&
	    strcmp((const char *)sqlite3_column_text(st, 2),
		   fstype ? fstype : "") == 0) {
		*id = sqlite3_column_int64(st, 0);
		return PW_OK;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return db_fail(s->db, "read");
	if (!(st = stmt(s, ST_DEVICE_ADD)))
		return PW_EDB;
	if (bind_texts(st, s->host_id, key, 4) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		return db_fail(s->db, "write to");
	*id = sqlite3_column_int64(st, 0);
	return PW_OK;
}

/*
 * The statement which of a per-device table into *out, its keys bound: ?1
 * the new snapshot, ?2 the device.  PW_EDB (logged) on failure.
 */
static enum pw_status
dev_stmt(struct store *s, enum store_stmt which, int64_t dev,
	 sqlite3_stmt **out)
{
	sqlite3_stmt *st = stmt(s, which);

	if (!st)
		return PW_EDB;
	if (sqlite3_bind_int64(st, 1, s->sid) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, dev) != SQLITE_OK)
		return db_fail(s->db, "write to");
	*out = st;
	return PW_OK;
}

/* A row per disk, interface and filesystem, its metrics from metrics.h. */
static enum pw_status
store_devices(struct store *s, const struct snapshot *snap,
	      const struct sample *sm)
{
	enum pw_status rc = PW_OK;
	int64_t dev = 0; /* set by store_device() whenever it succeeds */
	sqlite3_stmt *st = NULL;
	size_t i;

	for (i = 0; i < sm->ndisks && !rc; i++) {
		const struct disk_row *d = &sm->disks[i];

		rc = store_device(s, "disk", d->raw->name, d->raw->label, NULL,
				  &dev);
		if (!rc)
			rc = dev_stmt(s, ST_DISK, dev, &st);
		if (!rc)
			rc = bind_disk(st, 3, d);
		if (!rc)
			rc = run(s, st, NULL);
	}
	for (i = 0; i < sm->nnetifs && !rc; i++) {
		const struct netif_row *n = &sm->netifs[i];

		rc = store_device(s, "netif", n->raw->name, NULL, NULL, &dev);
		if (!rc)
			rc = dev_stmt(s, ST_NETIF, dev, &st);
		if (!rc)
			rc = bind_netif(st, 3, n);
		if (!rc)
			rc = run(s, st, NULL);
	}
	for (i = 0; i < snap->fs.nfs && !rc; i++) {
		const struct fs_usage *f = &snap->fs.fs[i];

		rc = store_device(s, "filesystem", f->mount, f->source,
				  f->fstype, &dev);
		if (!rc)
			rc = dev_stmt(s, ST_FS, dev, &st);
		if (!rc)
			rc = bind_fs(st, 3, f);
		if (!rc)
			rc = run(s, st, NULL);
	}
	return rc;
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

		if (!(st = stmt(s, ST_NAME_GET)))
			return PW_EDB;
		if (bind_texts(st, s->host_id, name, 1) != SQLITE_OK)
			return db_fail(s->db, "read");
		r = sqlite3_step(st);
		if (r == SQLITE_DONE) {
			if (!(st = stmt(s, ST_NAME_ADD)))
				return PW_EDB;
			if (bind_texts(st, s->host_id, name, 1) != SQLITE_OK)
				return db_fail(s->db, "write to");
			r = sqlite3_step(st);
		}
		if (r != SQLITE_ROW)
			return db_fail(s->db, "write to");
		name_id = sqlite3_column_int64(st, 0);
		if (!(st = stmt(s, ST_APP)))
			return PW_EDB;
		if (sqlite3_bind_int64(st, 1, s->sid) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 2, name_id) != SQLITE_OK ||
		    bind_real(st, 3, am->m[i].value) != SQLITE_OK)
			return db_fail(s->db, "write to");
		rc = run(s, st, NULL);
	}
	return rc;
}

static enum pw_status
store_all(struct store *s, const struct snapshot *snap)
{
	struct counter_set prev = { NULL, 0, 0 }, next = { NULL, 0, 0 };
	struct sample sm;
	enum pw_status rc;

	memset(&sm, 0, sizeof(sm));
	rc = counter_load(s->db, s->host_id, &prev);
	if (!rc)
		rc = delta_compute(snap, &prev, &sm, &next);
	if (rc)
		goto out;
	rc = store_snapshot_row(s, snap, &sm);
	if (!rc)
		rc = store_devices(s, snap, &sm);
	if (!rc)
		rc = store_app_metrics(s, &snap->app);
	if (!rc)
		rc = counter_save(s->db, s->host_id, snap->ts, &next);
out:
	sample_free(&sm);
	counter_set_free(&prev);
	counter_set_free(&next);
	return rc;
}

enum pw_status
store_snapshot(sqlite3 *db, const char *host, const struct snapshot *snap,
	       int64_t *snapshot_id)
{
	struct store s;
	enum pw_status rc;
	int i;

	memset(&s, 0, sizeof(s));
	s.db = db;
	rc = db_exec(db, "BEGIN IMMEDIATE");
	if (rc)
		return rc;
	rc = db_host_id(db, host, &s.host_id);
	if (!rc)
		rc = store_all(&s, snap);
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s.st[i]);
	if (!rc)
		rc = db_exec(db, "COMMIT");
	if (rc) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	log_debug("stored snapshot %lld", (long long)s.sid);
	if (snapshot_id)
		*snapshot_id = s.sid;
	return PW_OK;
}
