/*
 * load.c - SELECTs of a period, into growable parallel arrays.
 *
 * The column lists come from metrics.h at compile time, so the SQL is
 * constant text.  The host's rows arrive ordered by time, with their
 * snapshot ids; the rows of its devices follow (load_dev.c), each
 * device's becoming one struct dev_data.  Arrays grow by doubling up to
 * LOAD_MAX_ROWS rows, a cap well above a week at one-second resolution.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "load_int.h"
#include "select.h"
#include "log.h"

#define LOAD_MAX_ROWS ((size_t)4 << 20)

#define HOST_COL(c) ", " #c
#define HOST_IDX(c) HM_##c,

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

/* The snapshot id is column 3, the metrics follow. */
static const char host_sql[] = "SELECT ts, interval_s, boot_time, id"
    LOAD_HOST(HOST_COL) " FROM snapshot WHERE host_id = ?1 AND "
    "ts >= ?2 AND ts < ?3 ORDER BY ts";
/* clang-format on */
static const int host_idx[] = { LOAD_HOST(HOST_IDX) };
#define NHOST_LOADED ((int)(sizeof(host_idx) / sizeof(host_idx[0])))

enum pw_status
load_grow(size_t want, size_t *alloc, int64_t **t, double **dt, int64_t **boot,
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

/* NULL reads as 0.0: only then ask for the type. */
double
load_col_real(sqlite3_stmt *st, int i)
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

enum pw_status
load_bind3(sqlite3 *db, sqlite3_stmt *st, int64_t a, int64_t b, int64_t c)
{
	if (sqlite3_bind_int64(st, 1, a) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, b) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, c) != SQLITE_OK)
		return db_fail(db, "read");
	return PW_OK;
}

/*
 * Room for one more host row; the snapshot ids grow with the other arrays.
 */
static enum pw_status
host_room(struct dataset *d, size_t *alloc, int64_t **ids)
{
	size_t had = *alloc;
	enum pw_status rc;
	int64_t *ni;

	if (d->n < *alloc)
		return PW_OK;
	rc = load_grow(d->n + 1, alloc, &d->t, &d->dt, &d->boot_time, d->v,
		       host_idx, NHOST_LOADED);
	if (rc || *alloc == had)
		return rc;
	if (!(ni = realloc(*ids, *alloc * sizeof(*ni))))
		return PW_ENOMEM;
	*ids = ni;
	return PW_OK;
}

/*
 * The host's rows; *ids gets their snapshot ids when those ascend with the
 * times (both strictly), NULL otherwise (and on failure).
 */
static enum pw_status
load_host(sqlite3 *db, int64_t host_id, int64_t start, int64_t end,
	  struct dataset *d, int64_t **ids)
{
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	size_t alloc = 0;
	int r, i, ordered = 1;

	*ids = NULL;
	if (sqlite3_prepare_v2(db, host_sql, -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail(db, "read");
		goto out;
	}
	if ((rc = load_bind3(db, st, host_id, start, end)))
		goto out;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (!rc && (rc = host_room(d, &alloc, ids)) == PW_OK && !*ids)
			rc = PW_ENOMEM; /* host_room() gave no array */
		if (rc)
			goto out;
		d->t[d->n] = sqlite3_column_int64(st, 0);
		d->dt[d->n] = load_col_real(st, 1);
		d->boot_time[d->n] = sqlite3_column_int64(st, 2);
		(*ids)[d->n] = sqlite3_column_int64(st, 3);
		if (d->n &&
		    ((*ids)[d->n] <= (*ids)[d->n - 1] ||
		     d->t[d->n] <= d->t[d->n - 1]))
			ordered = 0;
		for (i = 0; i < NHOST_LOADED; i++)
			d->v[host_idx[i]][d->n] = load_col_real(st, 4 + i);
		d->n++;
	}
	if (r != SQLITE_DONE)
		rc = db_fail(db, "read");
	if (!rc)
		shrink(d);
out:
	sqlite3_finalize(st);
	if (rc || !ordered) {
		free(*ids);
		*ids = NULL;
	}
	return rc;
}

enum pw_status
load_dataset(sqlite3 *db, int64_t host_id, int64_t start, int64_t end,
	     struct dataset *out)
{
	size_t dev_alloc = 0, i;
	int64_t *ids = NULL;
	enum pw_status rc;
	int k;

	memset(out, 0, sizeof(*out));
	rc = load_host(db, host_id, start, end, out, &ids);
	if (!rc && out->n == 0)
		return load_rollups(db, host_id, start, end, out);
	for (k = 0; k < DEV_KINDS && !rc; k++)
		rc = load_devices(db, (enum dev_kind)k, host_id, start, end,
				  ids, out, &dev_alloc);
	free(ids);
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
