/*
 * load.c - SELECTs of a period, into growable parallel arrays.
 *
 * The column lists come from metrics.h at compile time, so the SQL is
 * constant text.  Rows arrive ordered by time (host metrics) or by device
 * and time (device metrics); each device's rows become one struct dev_data.
 * Arrays grow by doubling up to LOAD_MAX_ROWS rows, a cap well above a week
 * at one-second resolution.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "db.h"
#include "load.h"
#include "select.h"
#include "log.h"

#define LOAD_MAX_ROWS    ((size_t)4 << 20)
#define LOAD_MAX_DEVICES 65536

#define HOST_COL(c)   ", " #c
#define DEV_COL(t, c) ", x." #c
#define HOST_IDX(c)   HM_##c,
#define DEV_IDX(t, c) t##_##c,
/* metrics.h's device entries also carry the column's type */
#define LIST_COL(t, c, type) DEV_COL(t, c)
#define LIST_IDX(t, c, type) DEV_IDX(t, c)

/*
 * The columns the report uses (metric.c's table, the CPU count for load per
 * CPU, the memory size for the fleet's right-sizing): only these are read from the raw tables; the others stay NAN.
 * Reading fewer columns is most of what a report costs.
 */
/* X() lists and the SQL built from them stay as written. */
/* clang-format off */
#define LOAD_HOST(X)							\
	X(cpu_count) X(cpu_user_pct) X(cpu_system_pct) X(cpu_iowait_pct)	\
	X(cpu_steal_pct) X(cpu_idle_pct) X(ctxt_per_s) X(procs_blocked)	\
	X(load1) X(mem_used_pct) X(swap_used_pct) X(swapout_pages_per_s)	\
	X(majfault_per_s) X(psi_cpu_some_pct) X(psi_memory_some_pct)	\
	X(psi_io_some_pct) X(psi_io_full_pct) X(tcp_established)	\
	X(tcp_out_segs_per_s) X(tcp_retrans_segs_per_s) X(mem_total_bytes)
#define LOAD_DISK(X) PW_DISK_METRICS(X)
#define LOAD_FS(X) X(filesystem, used_pct) X(filesystem, inodes_used_pct)
#define LOAD_NETIF(X)							\
	X(netif, rx_bytes_per_s) X(netif, tx_bytes_per_s)		\
	X(netif, rx_errors_per_s) X(netif, tx_errors_per_s)		\
	X(netif, rx_drops_per_s) X(netif, tx_drops_per_s)

static const char host_sql[] = "SELECT ts, interval_s, boot_time"
    LOAD_HOST(HOST_COL) " FROM snapshot WHERE host_id = ?1 AND "
    "ts >= ?2 AND ts < ?3 ORDER BY ts";
/* clang-format on */
static const int host_idx[] = { LOAD_HOST(HOST_IDX) };
#define NHOST_LOADED ((int)(sizeof(host_idx) / sizeof(host_idx[0])))

static const int disk_idx[] = { LOAD_DISK(LIST_IDX) };
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

/*
 * Device rows in snapshot order (the snapshot index gives it, no sort);
 * load_devices() deals them out to their devices.  The index also holds
 * everything the query needs of the snapshot (ts and id), so no snapshot
 * row is read: a device sample's interval is its snapshot's, already
 * loaded with the host metrics.
 */
/* X() lists and the SQL built from them stay as written. */
/* clang-format off */
#define DEV_SQL(tbl, cols) "SELECT x.device_id, s.ts" cols		\
    " FROM snapshot s JOIN " tbl " x ON x.snapshot_id = s.id WHERE "	\
    "s.host_id = ?1 AND s.ts >= ?2 AND s.ts < ?3 ORDER BY s.ts"

static const char *const dev_sql[DEV_KINDS] = {
	[DEV_DISK] = DEV_SQL("disk", LOAD_DISK(LIST_COL)),
	[DEV_FS] = DEV_SQL("filesystem", LOAD_FS(DEV_COL)),
	[DEV_NETIF] = DEV_SQL("netif", LOAD_NETIF(DEV_COL)),
};
/* clang-format on */

static const char *const dev_kind_name[DEV_KINDS] = {
	[DEV_DISK] = "disk",
	[DEV_FS] = "filesystem",
	[DEV_NETIF] = "netif",
};

/*
 * Grow the arrays of one series set to hold want rows: the times, the
 * intervals, the boot times (when boot is not NULL) and the nidx columns
 * v[idx[0..nidx)], the ones read; the other columns stay NULL.
 */
static enum pw_status
grow(size_t want, size_t *alloc, int64_t **t, double **dt, int64_t **boot,
     double **v, const int *idx, size_t nidx)
{
	size_t na, i;

	if (want <= *alloc)
		return PW_OK;
	if (want > LOAD_MAX_ROWS) {
		log_err("more than %zu snapshots in the period", LOAD_MAX_ROWS);
		return PW_ETOOBIG;
	}
	/* first time: room for every snapshot of the period (the hint) */
	na = *alloc ? *alloc * 2 : want > 1024 ? want : 1024;
	{
		int64_t *nt = realloc(*t, na * sizeof(**t));

		if (!nt)
			return PW_ENOMEM;
		*t = nt;
	}
	{
		double *nd = realloc(*dt, na * sizeof(**dt));

		if (!nd)
			return PW_ENOMEM;
		*dt = nd;
	}
	if (boot) {
		int64_t *nb = realloc(*boot, na * sizeof(**boot));

		if (!nb)
			return PW_ENOMEM;
		*boot = nb;
	}
	for (i = 0; i < nidx; i++) {
		double *nvv = realloc(v[idx[i]], na * sizeof(*nvv));

		if (!nvv)
			return PW_ENOMEM;
		v[idx[i]] = nvv;
	}
	*alloc = na;
	return PW_OK;
}

/* Give back what doubling left unused past d->n host rows, if anything. */
static void
shrink(struct dataset *d)
{
	void *p;
	int i;

	if (d->n == 0)
		return;
	if ((p = realloc(d->t, d->n * sizeof(*d->t))))
		d->t = p;
	if ((p = realloc(d->dt, d->n * sizeof(*d->dt))))
		d->dt = p;
	if ((p = realloc(d->boot_time, d->n * sizeof(*d->boot_time))))
		d->boot_time = p;
	for (i = 0; i < NHOST_LOADED; i++)
		if ((p = realloc(d->v[host_idx[i]], d->n * sizeof(double))))
			d->v[host_idx[i]] = p;
}

/* A REAL column, NAN for NULL (which reads as 0.0: only then ask). */
static double
col_real(sqlite3_stmt *st, int i)
{
	double v = sqlite3_column_double(st, i);

	return v == 0 && sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : v;
}

/* Median of the non-NaN intervals; baselines then get it as their dt. */
static enum pw_status
fill_nominal(struct dataset *d)
{
	double *tmp;
	size_t i, m = 0;

	d->nominal_interval_s = NAN;
	if (d->n == 0)
		return PW_OK;
	tmp = malloc(d->n * sizeof(*tmp));
	if (!tmp)
		return PW_ENOMEM;
	for (i = 0; i < d->n; i++)
		if (!isnan(d->dt[i]))
			tmp[m++] = d->dt[i];
	if (m)
		d->nominal_interval_s = select_kth(tmp, m, m / 2);
	free(tmp);
	return PW_OK;
}

static void
fill_dt(double *dt, size_t n, double nominal)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (isnan(dt[i]))
			dt[i] = isnan(nominal) ? 60 : nominal;
}

static enum pw_status
bind3(sqlite3 *db, sqlite3_stmt *st, int64_t a, int64_t b, int64_t c)
{
	if (sqlite3_bind_int64(st, 1, a) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, b) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, c) != SQLITE_OK)
		return db_fail(db, "read");
	return PW_OK;
}

static enum pw_status
load_host(sqlite3 *db, int64_t host_id, int64_t start, int64_t end,
	  struct dataset *d)
{
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	size_t alloc = 0;
	int r, i;

	if (sqlite3_prepare_v2(db, host_sql, -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail(db, "read");
		goto out;
	}
	if ((rc = bind3(db, st, host_id, start, end)))
		goto out;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		rc = grow(d->n + 1, &alloc, &d->t, &d->dt, &d->boot_time, d->v,
			  host_idx, NHOST_LOADED);
		if (rc)
			goto out;
		d->t[d->n] = sqlite3_column_int64(st, 0);
		d->dt[d->n] = col_real(st, 1);
		d->boot_time[d->n] = sqlite3_column_int64(st, 2);
		for (i = 0; i < NHOST_LOADED; i++)
			d->v[host_idx[i]][d->n] = col_real(st, 3 + i);
		d->n++;
	}
	if (r != SQLITE_DONE)
		rc = db_fail(db, "read");
	if (!rc)
		shrink(d);
out:
	sqlite3_finalize(st);
	return rc;
}

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
 * Append one row of st (device id already matched) to dev, its interval dt;
 * at the first row, make room for hint rows (the period's snapshots) so the
 * arrays never move.
 */
static enum pw_status
dev_append(sqlite3_stmt *st, struct dev_data *dev, size_t *alloc, size_t hint,
	   double dt)
{
	enum pw_status rc;
	size_t i;

	rc = grow(dev->n ? dev->n + 1 : hint, alloc, &dev->t, &dev->dt, NULL,
		  dev->v, dev_loaded[dev->kind].idx, dev_loaded[dev->kind].n);
	if (rc)
		return rc;
	dev->t[dev->n] = sqlite3_column_int64(st, 1);
	dev->dt[dev->n] = dt;
	for (i = 0; i < dev_loaded[dev->kind].n; i++)
		dev->v[dev_loaded[dev->kind].idx[i]][dev->n] = col_real(
			st, 2 + (int)i);
	dev->n++;
	return PW_OK;
}

static enum pw_status
load_devices(sqlite3 *db, enum dev_kind kind, int64_t host_id, int64_t start,
	     int64_t end, struct dataset *d, size_t *dev_alloc)
{
	size_t first = d->ndev, ndev, i, last = 0;
	size_t hc = 0;
	size_t *alloc = NULL;
	int64_t *ids = NULL;
	sqlite3_stmt *st = NULL;
	enum pw_status rc;
	int r;

	rc = load_device_names(db, kind, host_id, d, dev_alloc, &ids);
	ndev = d->ndev - first;
	if (rc || ndev == 0)
		goto out;
	if (!(alloc = calloc(ndev, sizeof(*alloc)))) {
		rc = PW_ENOMEM;
		goto out;
	}
	if (sqlite3_prepare_v2(db, dev_sql[kind], -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail(db, "read");
		goto out;
	}
	if ((rc = bind3(db, st, host_id, start, end)))
		goto out;
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		int64_t ts = sqlite3_column_int64(st, 1);

		/* the snapshot's interval, from the host rows (same order) */
		while (hc < d->n && d->t[hc] < ts)
			hc++;

		/* rows come device after device within a snapshot */
		for (i = 0; i < ndev && ids[last] != id; i++)
			last = (last + 1) % ndev;
		if (ids[last] == id)
			rc = dev_append(
				st, &d->dev[first + last], &alloc[last], d->n,
				hc < d->n && d->t[hc] == ts ? d->dt[hc] : NAN);
	}
	if (!rc && r != SQLITE_DONE)
		rc = db_fail(db, "read");
	/* drop devices without a row in the period, share the host's times */
	for (i = first; !rc && i < d->ndev;) {
		if (d->dev[i].n) {
			share_times(d, &d->dev[i++]);
			continue;
		}
		memmove(&d->dev[i], &d->dev[i + 1],
			(d->ndev - i - 1) * sizeof(*d->dev));
		d->ndev--;
	}
out:
	sqlite3_finalize(st);
	free(ids);
	free(alloc);
	return rc;
}

enum pw_status
load_dataset(sqlite3 *db, int64_t host_id, int64_t start, int64_t end,
	     struct dataset *out)
{
	size_t dev_alloc = 0, i;
	enum pw_status rc;
	int k;

	memset(out, 0, sizeof(*out));
	rc = load_host(db, host_id, start, end, out);
	if (!rc && out->n == 0)
		return load_rollups(db, host_id, start, end, out);
	for (k = 0; k < DEV_KINDS && !rc; k++)
		rc = load_devices(db, (enum dev_kind)k, host_id, start, end,
				  out, &dev_alloc);
	if (!rc)
		rc = fill_nominal(out);
	if (rc)
		return rc;
	fill_dt(out->dt, out->n, out->nominal_interval_s);
	out->spacing_s = isnan(out->nominal_interval_s) ?
		60 :
		out->nominal_interval_s;
	out->snapshots = (int64_t)out->n;
	for (i = 0; i < out->ndev; i++)
		if (!out->dev[i].host_times)
			fill_dt(out->dev[i].dt, out->dev[i].n,
				out->nominal_interval_s);
	return PW_OK;
}

void
dataset_free(struct dataset *d)
{
	size_t i, j;

	if (!d)
		return;
	free(d->t);
	free(d->dt);
	free(d->boot_time);
	for (i = 0; i < HM_COUNT; i++)
		free(d->v[i]);
	for (i = 0; i < d->ndev; i++) {
		if (!d->dev[i].host_times) {
			free(d->dev[i].t);
			free(d->dev[i].dt);
		}
		for (j = 0; j < DEV_MAX_COLS; j++)
			free(d->dev[i].v[j]);
	}
	free(d->dev);
	memset(d, 0, sizeof(*d));
}
