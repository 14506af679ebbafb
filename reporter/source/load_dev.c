/*
 * load_dev.c - the rows of a host's disks, filesystems and interfaces in a
 * period, dealt out to one struct dev_data per device.
 *
 * A device table is keyed by (snapshot_id, device_id).  When the host's
 * snapshot ids grow with their times, as the collector writes them, the
 * table is read in that stored order over the period's range of ids: no
 * join with the snapshots, no seek per snapshot, and a row's time and
 * interval come from the host row of its snapshot, found by walking both
 * in step.  Otherwise (snapshots written out of order, e.g. by an import)
 * the rows come from a join in time order, as before.  Either way the rows
 * of one snapshot come device after device, and each device's arrays get
 * the same values in the same order.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "db.h"
#include "load_int.h"
#include "log.h"

#define LOAD_MAX_DEVICES 65536

#define DEV_COL(t, c) ", x." #c
#define DEV_IDX(t, c) t##_##c,

/*
 * The device columns the report uses (metric.c's table, the fleet's
 * filesystems): only these are read; the others stay NULL.  Discards and
 * flushes per second are stored, but no SQLite report shows them.
 */
/* X() lists and the SQL built from them stay as written. */
/* clang-format off */
#define LOAD_DISK(X)							\
	X(disk, reads_per_s) X(disk, writes_per_s)			\
	X(disk, read_bytes_per_s) X(disk, write_bytes_per_s)		\
	X(disk, await_ms) X(disk, util_pct) X(disk, queue_size)
#define LOAD_FS(X) X(filesystem, used_pct) X(filesystem, inodes_used_pct)
#define LOAD_NETIF(X)							\
	X(netif, rx_bytes_per_s) X(netif, tx_bytes_per_s)		\
	X(netif, rx_errors_per_s) X(netif, tx_errors_per_s)		\
	X(netif, rx_drops_per_s) X(netif, tx_drops_per_s)

/* In stored order over a range of snapshot ids (?1, ?2). */
#define DEV_SCAN_SQL(tbl, cols) "SELECT x.snapshot_id, x.device_id" cols \
    " FROM " tbl " x WHERE x.snapshot_id >= ?1 AND x.snapshot_id <= ?2"	\
    " ORDER BY x.snapshot_id, x.device_id"
/* In time order, through the snapshot index (host ?1, ts in [?2, ?3)). */
#define DEV_JOIN_SQL(tbl, cols) "SELECT x.device_id, s.ts" cols	\
    " FROM snapshot s JOIN " tbl " x ON x.snapshot_id = s.id WHERE "	\
    "s.host_id = ?1 AND s.ts >= ?2 AND s.ts < ?3 ORDER BY s.ts"

static const char *const dev_sql[2][DEV_KINDS] = {
	{
		[DEV_DISK] = DEV_JOIN_SQL("disk", LOAD_DISK(DEV_COL)),
		[DEV_FS] = DEV_JOIN_SQL("filesystem", LOAD_FS(DEV_COL)),
		[DEV_NETIF] = DEV_JOIN_SQL("netif", LOAD_NETIF(DEV_COL)),
	},
	{
		[DEV_DISK] = DEV_SCAN_SQL("disk", LOAD_DISK(DEV_COL)),
		[DEV_FS] = DEV_SCAN_SQL("filesystem", LOAD_FS(DEV_COL)),
		[DEV_NETIF] = DEV_SCAN_SQL("netif", LOAD_NETIF(DEV_COL)),
	},
};
/* clang-format on */

static const int disk_idx[] = { LOAD_DISK(DEV_IDX) };
static const int fs_idx[] = { LOAD_FS(DEV_IDX) };
static const int netif_idx[] = { LOAD_NETIF(DEV_IDX) };
static const struct {
	const int *idx;
	size_t n;
} dev_loaded[DEV_KINDS] = {
	[DEV_DISK] = { disk_idx, sizeof(disk_idx) / sizeof(disk_idx[0]) },
	[DEV_FS] = { fs_idx, sizeof(fs_idx) / sizeof(fs_idx[0]) },
	[DEV_NETIF] = { netif_idx, sizeof(netif_idx) / sizeof(netif_idx[0]) },
};

static const char *const dev_kind_name[DEV_KINDS] = {
	[DEV_DISK] = "disk",
	[DEV_FS] = "filesystem",
	[DEV_NETIF] = "netif",
};

/* The devices of one kind being loaded: d->dev[first..first + n). */
struct dev_set {
	struct dataset *d;
	size_t first, n;
	int64_t *ids;  /* database id of each */
	size_t *alloc; /* rows allocated for each */
	size_t last;   /* the one the previous row went to */
};

/*
 * A device with a row in every snapshot has the host's times and intervals:
 * point at those and free its copies (dataset_free knows by host_times).
 */
static void
share_times(const struct dataset *d, struct dev_data *dev)
{
	if (dev->n != d->n || dev->n == 0 ||
	    memcmp(dev->t, d->t, d->n * sizeof(*d->t)) != 0 ||
	    memcmp(dev->dt, d->dt, d->n * sizeof(*d->dt)) != 0)
		return;
	free(dev->t);
	free(dev->dt);
	dev->t = d->t;
	dev->dt = d->dt;
	dev->host_times = 1;
}

/* Append a new device to d->dev. */
static enum pw_status
new_device(struct dataset *d, size_t *alloc, enum dev_kind kind,
	   const char *name, const char *label)
{
	struct dev_data *nd;
	enum pw_status rc;

	rc = array_reserve((void **)&d->dev, alloc, d->ndev, sizeof(*d->dev),
			   LOAD_MAX_DEVICES);
	if (rc == PW_ETOOBIG)
		log_err("more than %d devices of one host", LOAD_MAX_DEVICES);
	if (rc)
		return rc;
	nd = &d->dev[d->ndev++];
	memset(nd, 0, sizeof(*nd));
	nd->kind = kind;
	snprintf(nd->name, sizeof(nd->name), "%s", name);
	snprintf(nd->label, sizeof(nd->label), "%s", label);
	return PW_OK;
}

/*
 * The devices of one kind, sorted by name, appended to d->dev; ids[i] gets
 * the database id of d->dev[first + i].
 */
static enum pw_status
load_device_names(sqlite3 *db, enum dev_kind kind, int64_t host_id,
		  struct dataset *d, size_t *dev_alloc, int64_t **ids)
{
	static const char sql[] =
		"SELECT id, name, coalesce(label, '') FROM "
		"device WHERE host_id = ?1 AND kind = ?2 ORDER BY name";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	size_t n = 0;
	int r;

	*ids = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, host_id) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, dev_kind_name[kind], -1, SQLITE_STATIC) !=
		    SQLITE_OK) {
		rc = db_fail(db, "read");
		goto out;
	}
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *label = (const char *)sqlite3_column_text(st, 2);
		int64_t *nids = realloc(*ids, (n + 1) * sizeof(**ids));

		if (!nids) {
			rc = PW_ENOMEM;
			break;
		}
		*ids = nids;
		(*ids)[n++] = sqlite3_column_int64(st, 0);
		rc = new_device(d, dev_alloc, kind, name ? name : "",
				label ? label : "");
	}
	if (!rc && r != SQLITE_DONE)
		rc = db_fail(db, "read");
out:
	sqlite3_finalize(st);
	return rc;
}

/*
 * Append the row of st whose device has database id id, its values from
 * column 2 on, at time t with interval dt; a row of another device is
 * skipped.  At a device's first row, room for every snapshot of the period
 * (d->n rows), so the arrays never move.
 */
static enum pw_status
dev_append(sqlite3_stmt *st, struct dev_set *s, int64_t id, int64_t t,
	   double dt)
{
	struct dev_data *dev;
	enum pw_status rc;
	size_t i, k;

	/* rows come device after device within a snapshot */
	for (i = 0; i < s->n && s->ids[s->last] != id; i++)
		s->last = (s->last + 1) % s->n;
	if (s->ids[s->last] != id)
		return PW_OK;
	k = s->last;
	dev = &s->d->dev[s->first + k];
	if (dev->n >= s->alloc[k] &&
	    (rc = load_grow(dev->n ? dev->n + 1 : s->d->n, &s->alloc[k],
			    &dev->t, &dev->dt, NULL, dev->v,
			    dev_loaded[dev->kind].idx,
			    dev_loaded[dev->kind].n)))
		return rc;
	dev->t[dev->n] = t;
	dev->dt[dev->n] = dt;
	for (i = 0; i < dev_loaded[dev->kind].n; i++)
		dev->v[dev_loaded[dev->kind].idx[i]][dev->n] = load_col_real(
			st, 2 + (int)i);
	dev->n++;
	return PW_OK;
}

/* The rows of the stored-order scan: each snapshot's host row by its id. */
static int
scan_rows(sqlite3_stmt *st, struct dev_set *s, const int64_t *snap_ids,
	  enum pw_status *rc)
{
	const struct dataset *d = s->d;
	size_t hc = 0;
	int r = SQLITE_DONE;

	while (!*rc && hc < d->n && (r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t sid = sqlite3_column_int64(st, 0);

		while (hc < d->n && snap_ids[hc] < sid)
			hc++;
		if (hc < d->n && snap_ids[hc] == sid)
			*rc = dev_append(st, s, sqlite3_column_int64(st, 1),
					 d->t[hc], d->dt[hc]);
	}
	/* past the period's last snapshot: the rest is not needed */
	return r == SQLITE_ROW ? SQLITE_DONE : r;
}

/* The rows of the join, in time order: the interval from the host rows. */
static int
join_rows(sqlite3_stmt *st, struct dev_set *s, enum pw_status *rc)
{
	const struct dataset *d = s->d;
	size_t hc = 0;
	int r;

	while (!*rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		int64_t ts = sqlite3_column_int64(st, 1);

		/* the snapshot's interval, from the host rows (same order) */
		while (hc < d->n && d->t[hc] < ts)
			hc++;
		*rc = dev_append(st, s, id, ts,
				 hc < d->n && d->t[hc] == ts ? d->dt[hc] : NAN);
	}
	return r;
}

/* Drop the devices of s without a row in the period; share host times. */
static void
dev_prune(struct dev_set *s)
{
	struct dataset *d = s->d;
	size_t i;

	for (i = s->first; i < d->ndev;) {
		if (d->dev[i].n) {
			share_times(d, &d->dev[i++]);
			continue;
		}
		memmove(&d->dev[i], &d->dev[i + 1],
			(d->ndev - i - 1) * sizeof(*d->dev));
		d->ndev--;
	}
}

enum pw_status
load_devices(sqlite3 *db, enum dev_kind kind, int64_t host_id, int64_t start,
	     int64_t end, const int64_t *snap_ids, struct dataset *d,
	     size_t *dev_alloc)
{
	struct dev_set s = { d, d->ndev, 0, NULL, NULL, 0 };
	sqlite3_stmt *st = NULL;
	enum pw_status rc;
	int r;

	rc = load_device_names(db, kind, host_id, d, dev_alloc, &s.ids);
	s.n = d->ndev - s.first;
	if (rc || s.n == 0)
		goto out;
	if (!(s.alloc = calloc(s.n, sizeof(*s.alloc)))) {
		rc = PW_ENOMEM;
		goto out;
	}
	if (sqlite3_prepare_v2(db, dev_sql[snap_ids != NULL][kind], -1, &st,
			       NULL) != SQLITE_OK) {
		rc = db_fail(db, "read");
		goto out;
	}
	if (snap_ids &&
	    (sqlite3_bind_int64(st, 1, snap_ids[0]) != SQLITE_OK ||
	     sqlite3_bind_int64(st, 2, snap_ids[d->n - 1]) != SQLITE_OK))
		rc = db_fail(db, "read");
	else if (!snap_ids)
		rc = load_bind3(db, st, host_id, start, end);
	if (rc)
		goto out;
	r = snap_ids ? scan_rows(st, &s, snap_ids, &rc) :
		       join_rows(st, &s, &rc);
	if (!rc && r != SQLITE_DONE)
		rc = db_fail(db, "read");
	if (!rc)
		dev_prune(&s);
out:
	sqlite3_finalize(st);
	free(s.ids);
	free(s.alloc);
	return rc;
}
