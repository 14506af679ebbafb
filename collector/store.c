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
 * a list reorders both.  The rows of one device table go in one
 * multi-row INSERT (up to STORE_ROWS_MAX rows a statement).  Every value
 * is bound; NAN binds as NULL.  Device and metric names map to ids through
 * a lookup, and an insert only for a name seen for the first time, in the
 * same transaction as its first sample.  The counters row is updated in
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

enum store_stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_SNAPSHOT,
	ST_DEVICE_GET,
	ST_DEVICE_ADD,
	ST_DISK, /* the three device tables, in this order */
	ST_NETIF,
	ST_FS,
	ST_COUNTER_GET,
	ST_COUNTER_SET,
	ST_COUNTER_ADD,
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
	") VALUES "
#define DEV_TUPLE(list)	"(?, ?" list(DEV_PARAM) ")"

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
	[ST_DISK] = DEV_INSERT("disk", PW_DISK_METRICS),
	[ST_NETIF] = DEV_INSERT("netif", PW_NETIF_METRICS),
	[ST_FS] = DEV_INSERT("filesystem", PW_FS_METRICS),
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

/* One VALUES tuple of each device table's INSERT. */
static const char *const store_tuple[] = {
	[ST_DISK] = DEV_TUPLE(PW_DISK_METRICS),
	[ST_NETIF] = DEV_TUPLE(PW_NETIF_METRICS),
	[ST_FS] = DEV_TUPLE(PW_FS_METRICS),
};

/* The most rows of one device table in one INSERT statement. */
#define STORE_ROWS_MAX 32

/* A device already stored: kind, name, label, fstype, each NUL-ended. */
struct store_dev {
	char *key;
	size_t len;
	int64_t id;
};

struct store {
	sqlite3 *db;
	char *host;
	int64_t host_id;            /* 0 until the first snapshot */
	int64_t sid;                /* the new snapshot's id */
	sqlite3_stmt *st[ST_COUNT]; /* prepared on first use */
	size_t rows[ST_FS + 1];     /* tuples of the prepared device INSERT */
	struct store_dev *dev;      /* the devices seen, ndev of them */
	size_t ndev, adev;
	struct buf text; /* the counters row's text */
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

/*
 * The binds of one device row from parameter *i on: the snapshot, the
 * device, then its metrics; *i is left past the last.  SQLITE_OK or the
 * first error.
 */
#define BIND_DEV(name, type)                                                 \
	static int name(sqlite3_stmt *st, int *pi, int64_t sid, int64_t dev, \
			const void *p)                                       \
	{                                                                    \
		const type *row = p;                                         \
		int i = *pi, r = sqlite3_bind_int64(st, i++, sid);           \
                                                                             \
		if (r == SQLITE_OK)                                          \
			r = sqlite3_bind_int64(st, i++, dev);                \
		BIND_LIST_##name *pi = i;                                    \
		return r;                                                    \
	}
/* clang-format off */
#define BIND_LIST_bind_disk PW_DISK_METRICS(BIND_ROW)
#define BIND_LIST_bind_netif PW_NETIF_METRICS(BIND_ROW)
#define BIND_LIST_bind_fs PW_FS_METRICS(BIND_ROW)
BIND_DEV(bind_disk, struct disk_row)
BIND_DEV(bind_netif, struct netif_row)
BIND_DEV(bind_fs, struct fs_usage)
/* clang-format on */

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

/* The kept id of the device whose key is key (len bytes); 0 if none. */
static int64_t
dev_cached(const struct store *s, const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < s->ndev; i++)
		if (s->dev[i].len == len &&
		    memcmp(s->dev[i].key, key, len) == 0)
			return s->dev[i].id;
	return 0;
}

/* Keep id for key; PW_ENOMEM (logged) when there is no memory. */
static enum pw_status
dev_keep(struct store *s, const char *key, size_t len, int64_t id)
{
	struct store_dev *d;

	if (s->ndev == s->adev) {
		size_t n = s->adev ? 2 * s->adev : 8;

		if (!(d = realloc(s->dev, n * sizeof(*d))))
			goto nomem;
		s->dev = d;
		s->adev = n;
	}
	d = &s->dev[s->ndev];
	if (!(d->key = malloc(len)))
		goto nomem;
	memcpy(d->key, key, len);
	d->len = len;
	d->id = id;
	s->ndev++;
	return PW_OK;
nomem:
	log_err("cannot write a snapshot: out of memory");
	return PW_ENOMEM;
}

/* Forget the kept devices and host (their rows may have rolled back). */
static void
dev_forget(struct store *s)
{
	size_t i;

	for (i = 0; i < s->ndev; i++)
		free(s->dev[i].key);
	s->ndev = 0;
	s->host_id = 0;
}

/* The lookup or the insert of a device not kept yet. */
static enum pw_status
store_device_row(struct store *s, const char *const key[4], int64_t *id)
{
	sqlite3_stmt *st;
	int r;

	if (!(st = stmt(s, ST_DEVICE_GET)))
		return PW_EDB;
	if (bind_texts(st, s->host_id, key, 2) != SQLITE_OK)
		return db_fail(s->db, "read");
	r = sqlite3_step(st);
	if (r == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 1), key[2]) == 0 &&
	    strcmp((const char *)sqlite3_column_text(st, 2), key[3]) == 0) {
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
 * The id of a device, its row added (or its label and type updated) when
 * needed; a device this store has written before is not looked up again.
 * label and fstype may be NULL.
 */
static enum pw_status
store_device(struct store *s, const char *kind, const char *name,
	     const char *label, const char *fstype, int64_t *id)
{
	const char *key[] = { kind, name, label ? label : "",
			      fstype ? fstype : "" };
	char buf[1024];
	size_t len = 0, i, n;
	enum pw_status rc;

	for (i = 0; i < 4 && len < sizeof(buf); i++) {
		n = strlen(key[i]) + 1;
		if (n > sizeof(buf) - len)
			break;
		memcpy(buf + len, key[i], n);
		len += n;
	}
	if (i < 4) /* too long to keep: looked up every time */
		return store_device_row(s, key, id);
	if ((*id = dev_cached(s, buf, len)))
		return PW_OK;
	rc = store_device_row(s, key, id);
	return rc ? rc : dev_keep(s, buf, len, *id);
}

/* The INSERT of which for n rows, prepared when n changed; NULL (logged). */
static sqlite3_stmt *
dev_stmt(struct store *s, enum store_stmt which, size_t n)
{
	struct buf sql;
	size_t i;
	enum pw_status rc;

	if (s->st[which] && s->rows[which] == n)
		return stmt(s, which);
	sqlite3_finalize(s->st[which]);
	s->st[which] = NULL;
	buf_init(&sql, (size_t)1 << 20);
	rc = buf_adds(&sql, store_sql[which]);
	for (i = 0; i < n && !rc; i++)
		rc = buf_printf(&sql, "%s%s", i ? ", " : "",
				store_tuple[which]);
	if (!rc &&
	    sqlite3_prepare_v2(s->db, sql.data, -1, &s->st[which], NULL) !=
		    SQLITE_OK)
		rc = db_fail(s->db, "write to");
	if (rc == PW_ENOMEM)
		log_err("cannot write a snapshot: out of memory");
	buf_free(&sql);
	s->rows[which] = rc ? 0 : n;
	return rc ? NULL : s->st[which];
}

typedef int bind_dev_fn(sqlite3_stmt *st, int *pi, int64_t sid, int64_t dev,
			const void *row);

/*
 * The n rows of one device table, size bytes apart from rows, their
 * device ids in ids: one INSERT per STORE_ROWS_MAX rows.
 */
static enum pw_status
store_table(struct store *s, enum store_stmt which, bind_dev_fn *bind,
	    const void *rows, size_t size, const int64_t *ids, size_t n)
{
	enum pw_status rc = PW_OK;
	size_t at, k, j;

	for (at = 0; at < n && !rc; at += k) {
		sqlite3_stmt *st;
		int r = SQLITE_OK, i = 1;

		k = n - at < STORE_ROWS_MAX ? n - at : STORE_ROWS_MAX;
		if (!(st = dev_stmt(s, which, k)))
			return PW_EDB;
		for (j = at; j < at + k && r == SQLITE_OK; j++)
			r = bind(st, &i, s->sid, ids[j],
				 (const char *)rows + j * size);
		rc = bind_end(st, r, i);
		if (!rc)
			rc = run(s, st, NULL);
	}
	return rc;
}

/* A row per disk, interface and filesystem, its metrics from metrics.h. */
static enum pw_status
store_devices(struct store *s, const struct snapshot *snap,
	      const struct sample *sm)
{
	size_t n = sm->ndisks, i;
	enum pw_status rc = PW_OK;
	int64_t *ids;

	if (sm->nnetifs > n)
		n = sm->nnetifs;
	if (snap->fs.nfs > n)
		n = snap->fs.nfs;
	if (!(ids = malloc((n ? n : 1) * sizeof(*ids)))) {
		log_err("cannot write a snapshot: out of memory");
		return PW_ENOMEM;
	}
	for (i = 0; i < sm->ndisks && !rc; i++)
		rc = store_device(s, "disk", sm->disks[i].raw->name,
				  sm->disks[i].raw->label, NULL, &ids[i]);
	if (!rc)
		rc = store_table(s, ST_DISK, bind_disk, sm->disks,
				 sizeof(*sm->disks), ids, sm->ndisks);
	for (i = 0; i < sm->nnetifs && !rc; i++)
		rc = store_device(s, "netif", sm->netifs[i].raw->name, NULL,
				  NULL, &ids[i]);
	if (!rc)
		rc = store_table(s, ST_NETIF, bind_netif, sm->netifs,
				 sizeof(*sm->netifs), ids, sm->nnetifs);
	for (i = 0; i < snap->fs.nfs && !rc; i++)
		rc = store_device(s, "filesystem", snap->fs.fs[i].mount,
				  snap->fs.fs[i].source, snap->fs.fs[i].fstype,
				  &ids[i]);
	if (!rc)
		rc = store_table(s, ST_FS, bind_fs, snap->fs.fs,
				 sizeof(*snap->fs.fs), ids, snap->fs.nfs);
	free(ids);
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

/* The previous counters of the host, through the kept statement. */
static enum pw_status
store_counters_load(struct store *s, struct counter_set *out)
{
	sqlite3_stmt *st = stmt(s, ST_COUNTER_GET);

	if (!st)
		return PW_EDB;
	if (sqlite3_bind_int64(st, 1, s->host_id) != SQLITE_OK)
		return db_fail(s->db, "read counters from");
	return counter_read(st, out);
}

/*
 * The counters row of the host, updated in place when it changed and
 * added when there is none.
 */
static enum pw_status
store_counters_save(struct store *s, int64_t ts, const struct counter_set *cs)
{
	enum store_stmt which[] = { ST_COUNTER_SET, ST_COUNTER_ADD };
	enum pw_status rc = counter_text(cs, &s->text);
	size_t k;

	for (k = 0; k < 2 && !rc; k++) {
		sqlite3_stmt *st = stmt(s, which[k]);

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
	struct counter_set prev = { NULL, 0, 0 }, next = { NULL, 0, 0 };
	struct sample sm;
	enum pw_status rc;

	memset(&sm, 0, sizeof(sm));
	rc = store_counters_load(s, &prev);
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
		rc = store_counters_save(s, snap->ts, &next);
out:
	sample_free(&sm);
	counter_set_free(&prev);
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
	dev_forget(s);
	free(s->dev);
	buf_free(&s->text);
	free(s->host);
	free(s);
}

/* BEGIN or COMMIT, through the kept statement; PW_EDB (logged) on failure. */
static enum pw_status
store_tx(struct store *s, enum store_stmt which)
{
	sqlite3_stmt *st = stmt(s, which);
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
		dev_forget(s);
		return rc;
	}
	log_debug("stored snapshot %lld", (long long)s->sid);
	if (snapshot_id)
		*snapshot_id = s->sid;
	return PW_OK;
}
