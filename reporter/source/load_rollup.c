/*
 * load_rollup.c - a period whose raw snapshots were pruned, from the hourly
 * rollups perfweek-collect --maintain keeps for longer.
 *
 * Every hour with a rollup of cpu_count becomes one sample at the end of the
 * hour, standing for the whole hour (dt 3600 s), its value the hour's
 * average.  Device metrics ("disk.await_ms") go to their device's arrays on
 * the same hour axis.  Statistics over such samples are approximate; the
 * model says so.  Reads rollup_hour only, in primary-key order (no sort).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "load.h"

#define HOUR 3600

static const char *const kind_prefix[DEV_KINDS] = {
	[DEV_DISK] = "disk.",
	[DEV_FS] = "filesystem.",
	[DEV_NETIF] = "netif.",
};

static double *
nan_array(size_t n)
{
	double *a = malloc((n ? n : 1) * sizeof(*a));
	size_t i;

	for (i = 0; a && i < n; i++)
		a[i] = NAN;
	return a;
}

/* The hour axis: the hours with a cpu_count rollup. */
static enum pw_status
load_hours(sqlite3 *db, int64_t host_id, int64_t start, int64_t end,
	   struct dataset *d)
{
	static const char sql[] =
		"SELECT hour_ts, samples FROM rollup_hour "
		"WHERE host_id = ?1 AND metric = 'cpu_count' AND device = '' AND "
		"hour_ts >= ?2 AND hour_ts < ?3 ORDER BY hour_ts";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	size_t cap = (size_t)((end - start) / HOUR + 1), i;
	int64_t samples = 0;
	int r;

	d->t = malloc(cap * sizeof(*d->t));
	d->dt = malloc(cap * sizeof(*d->dt));
	d->boot_time = calloc(cap, sizeof(*d->boot_time));
	if (!d->t || !d->dt || !d->boot_time)
		return PW_ENOMEM;
	for (i = 0; i < HM_COUNT; i++)
		if (!(d->v[i] = nan_array(cap)))
			return PW_ENOMEM;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, host_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, start) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, end) != SQLITE_OK) {
		rc = db_fail(db, "read");
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW && d->n < cap) {
		d->t[d->n] = sqlite3_column_int64(st, 0) + HOUR;
		d->dt[d->n] = HOUR;
		samples += sqlite3_column_int64(st, 1);
		d->n++;
	}
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		rc = db_fail(db, "read");
	d->snapshots = samples;
	d->spacing_s = HOUR;
	d->nominal_interval_s = samples > 0 && d->n > 0 ?
		(double)HOUR * (double)d->n / (double)samples :
		NAN;
out:
	sqlite3_finalize(st);
	return rc;
}

/* Position of the hour ending at t on the axis, or -1. */
static long
hour_index(const struct dataset *d, int64_t t)
{
	size_t lo = 0, hi = d->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->t[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->n && d->t[lo] == t ? (long)lo : -1;
}

/* The device (kind, name), added with all-NaN arrays when new. */
static struct dev_data *
rollup_device(struct dataset *d, enum dev_kind kind, const char *name)
{
	struct dev_data *nd;
	size_t i;

	for (i = 0; i < d->ndev; i++)
		if (d->dev[i].kind == kind && strcmp(d->dev[i].name, name) == 0)
			return &d->dev[i];
	nd = realloc(d->dev, (d->ndev + 1) * sizeof(*nd));
	if (!nd)
		return NULL;
	d->dev = nd;
	nd = &d->dev[d->ndev];
	memset(nd, 0, sizeof(*nd));
	nd->kind = kind;
	snprintf(nd->name, sizeof(nd->name), "%s", name);
	nd->t = malloc((d->n ? d->n : 1) * sizeof(*nd->t));
	nd->dt = malloc((d->n ? d->n : 1) * sizeof(*nd->dt));
	if (!nd->t || !nd->dt) {
		free(nd->t);
		free(nd->dt);
		return NULL;
	}
	d->ndev++;
	memcpy(nd->t, d->t, d->n * sizeof(*nd->t));
	memcpy(nd->dt, d->dt, d->n * sizeof(*nd->dt));
	nd->n = d->n;
	for (i = 0; i < load_dev_ncols(kind); i++)
		if (!(nd->v[i] = nan_array(d->n)))
			return NULL;
	return nd;
}

/* Where a rollup row's value goes; NULL when perfweek does not report it. */
static double *
rollup_slot(struct dataset *d, const char *metric, const char *device,
	    enum pw_status *rc)
{
	struct dev_data *dev;
	int k, col;

	if (!device[0]) {
		col = load_host_index(metric);
		return col < 0 ? NULL : d->v[col];
	}
	for (k = 0; k < DEV_KINDS; k++) {
		size_t plen = strlen(kind_prefix[k]);

		if (strncmp(metric, kind_prefix[k], plen) != 0)
			continue;
		col = load_dev_index((enum dev_kind)k, metric + plen);
		if (col < 0)
			return NULL;
		if (!(dev = rollup_device(d, (enum dev_kind)k, device))) {
			*rc = PW_ENOMEM;
			return NULL;
		}
		return dev->v[col];
	}
	return NULL;
}

int
load_dev_cmp(const void *a, const void *b)
{
	const struct dev_data *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->name, y->name);
}

enum pw_status
load_rollups(sqlite3 *db, int64_t host_id, int64_t start, int64_t end,
	     struct dataset *d)
{
	static const char sql[] =
		"SELECT metric, device, hour_ts, avg FROM "
		"rollup_hour WHERE host_id = ?1 AND hour_ts >= ?2 AND hour_ts < "
		"?3 ORDER BY metric, device, hour_ts";
	sqlite3_stmt *st = NULL;
	enum pw_status rc;
	int r;

	rc = load_hours(db, host_id, start, end, d);
	if (rc || d->n == 0)
		return rc;
	d->from_rollups = 1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, host_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, start) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, end) != SQLITE_OK) {
		rc = db_fail(db, "read");
		goto out;
	}
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *metric = (const char *)sqlite3_column_text(st, 0);
		const char *device = (const char *)sqlite3_column_text(st, 1);
		long i = hour_index(d, sqlite3_column_int64(st, 2) + HOUR);
		double *slot;

		if (!metric || !device || i < 0 ||
		    sqlite3_column_type(st, 3) == SQLITE_NULL)
			continue;
		slot = rollup_slot(d, metric, device, &rc);
		if (slot)
			slot[i] = sqlite3_column_double(st, 3);
	}
	if (!rc && r != SQLITE_DONE)
		rc = db_fail(db, "read");
	if (!rc && d->ndev > 1)
		qsort(d->dev, d->ndev, sizeof(*d->dev), load_dev_cmp);
out:
	sqlite3_finalize(st);
	return rc;
}
