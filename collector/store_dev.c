/*
 * store_dev.c - the rows of a snapshot's disks, interfaces and filesystems.
 *
 * The rows of one device table go in one multi-row INSERT (up to
 * STORE_ROWS_MAX rows a statement), kept prepared for as long as the
 * number of rows stays the same.  Its columns, placeholders and binds are
 * generated from the lists of metrics.h.  A device's id is looked up (or
 * its row added) the first time the writer meets it and kept for the
 * later snapshots of the run; store_dev_forget() drops what is kept when a
 * snapshot rolls back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "log.h"
#include "metrics.h"
#include "store_internal.h"

/*
 * ", column" and ", ?" once per metric, in list order.  X() lists and the
 * SQL built from them stay as written.
 */
/* clang-format off */
#define DEV_NAME(tbl, col, type)	", " #col
#define DEV_PARAM(tbl, col, type)	", ?"
#define DEV_INSERT(tbl, list)						\
	"INSERT INTO " tbl "(snapshot_id, device_id" list(DEV_NAME)	\
	") VALUES "
#define DEV_TUPLE(list)	"(?, ?" list(DEV_PARAM) ")"

/* The head of each device table's INSERT, and one VALUES tuple. */
static const char *const dev_head[] = {
	[ST_DISK] = DEV_INSERT("disk", PW_DISK_METRICS),
	[ST_NETIF] = DEV_INSERT("netif", PW_NETIF_METRICS),
	[ST_FS] = DEV_INSERT("filesystem", PW_FS_METRICS),
};
static const char *const dev_tuple[] = {
	[ST_DISK] = DEV_TUPLE(PW_DISK_METRICS),
	[ST_NETIF] = DEV_TUPLE(PW_NETIF_METRICS),
	[ST_FS] = DEV_TUPLE(PW_FS_METRICS),
};

/* Each entry binds its own field as the next parameter, until one fails. */
#define BIND_ROW(tbl, col, type)				\
	if (r == SQLITE_OK)					\
		r = BIND_FIELD(st, i++, row->col);

/*
 * The binds of one device row from parameter *pi on: the snapshot, the
 * device, then its metrics; *pi is left past the last.  SQLITE_OK or the
 * first error.
 */
#define BIND_DEV(name, type, list)				\
	static int name(sqlite3_stmt *st, int *pi, int64_t sid,	\
			int64_t dev, const void *p)		\
	{							\
		const type *row = p;				\
		int i = *pi, r = sqlite3_bind_int64(st, i++, sid); \
								\
		if (r == SQLITE_OK)				\
			r = sqlite3_bind_int64(st, i++, dev);	\
		list(BIND_ROW)					\
		*pi = i;					\
		return r;					\
	}
BIND_DEV(bind_disk, struct disk_row, PW_DISK_METRICS)
BIND_DEV(bind_netif, struct netif_row, PW_NETIF_METRICS)
BIND_DEV(bind_fs, struct fs_usage, PW_FS_METRICS)
/* clang-format on */

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
void
store_dev_forget(struct store *s)
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

	if (!(st = store_stmt_get(s, ST_DEVICE_GET)))
		return PW_EDB;
	if (store_bind_texts(st, s->host_id, key, 2) != SQLITE_OK)
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
	if (!(st = store_stmt_get(s, ST_DEVICE_ADD)))
		return PW_EDB;
	if (store_bind_texts(st, s->host_id, key, 4) != SQLITE_OK ||
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
	const char *key[] = { kind, name ? name : "", label ? label : "",
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
		return store_stmt_get(s, which);
	sqlite3_finalize(s->st[which]);
	s->st[which] = NULL;
	buf_init(&sql, (size_t)1 << 20);
	rc = buf_adds(&sql, dev_head[which]);
	for (i = 0; i < n && !rc; i++)
		rc = buf_printf(&sql, "%s%s", i ? ", " : "", dev_tuple[which]);
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
		rc = store_bind_end(st, r, i);
		if (!rc)
			rc = store_run(s, st, NULL);
	}
	return rc;
}

/* A row per disk, interface and filesystem, its metrics from metrics.h. */
enum pw_status
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
	if (!(ids = calloc(n ? n : 1, sizeof(*ids)))) {
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
