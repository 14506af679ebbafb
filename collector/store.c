/*
 * store.c - the INSERT statements of a snapshot.
 *
 * Every value is bound; NAN binds as NULL.  Device and metric names map to
 * ids through upserts with RETURNING, so a device seen for the first time
 * gets its row in the same transaction as its first sample.  Owns no state
 * between calls.
 */
#include <math.h>
#include <string.h>

#include "counters.h"
#include "db.h"
#include "delta.h"
#include "log.h"
#include "store.h"

static int
bind_real(sqlite3_stmt *st, int i, double v)
{
	return isnan(v) ? sqlite3_bind_null(st, i) :
	    sqlite3_bind_double(st, i, v);
}

/* Bind doubles from position first on; SQLITE_OK or the first error. */
static int
bind_reals(sqlite3_stmt *st, int first, const double *v, int n)
{
	int i, r = SQLITE_OK;

	for (i = 0; i < n && r == SQLITE_OK; i++)
		r = bind_real(st, first + i, v[i]);
	return r;
}

/* Prepare, bind via the caller's values, step once, finalize. */
static enum pw_status
exec_row(sqlite3 *db, const char *sql, int64_t id, const double *v, int n,
    int64_t *rowid)
{
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int r;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
	    bind_reals(st, 2, v, n) != SQLITE_OK) {
		rc = db_fail(db, "write to");
		goto out;
	}
	r = sqlite3_step(st);
	if (r == SQLITE_ROW && rowid)
		*rowid = sqlite3_column_int64(st, 0);
	else if (r != SQLITE_DONE)
		rc = db_fail(db, "write to");
out:
	sqlite3_finalize(st);
	return rc;
}

static enum pw_status
store_host_rows(sqlite3 *db, int64_t sid, const struct sample *sm)
{
	const struct cpu_row *c = &sm->cpu;
	const struct mem_row *m = &sm->mem;
	const struct psi_row *p = &sm->psi;
	const double cpu[] = { c->ncpu, c->user_pct, c->nice_pct,
	    c->system_pct, c->iowait_pct, c->irq_pct, c->softirq_pct,
	    c->steal_pct, c->idle_pct, c->ctxt_per_s, c->intr_per_s,
	    c->procs_running, c->procs_blocked, c->load1, c->load5,
	    c->load15 };
	const double mem[] = { (double)m->total_bytes,
	    (double)m->available_bytes, m->used_pct, (double)m->cached_bytes,
	    (double)m->buffers_bytes, (double)m->swap_total_bytes,
	    (double)m->swap_used_bytes, m->swap_used_pct,
	    m->swapin_pages_per_s, m->swapout_pages_per_s, m->majfault_per_s };
	const double psi[] = { p->cpu_some_pct, p->memory_some_pct,
	    p->memory_full_pct, p->io_some_pct, p->io_full_pct };
	const double tcp[] = { sm->tcp.established, sm->tcp.out_segs_per_s,
	    sm->tcp.retrans_segs_per_s };
	enum pw_status rc;

	rc = exec_row(db, "INSERT INTO cpu VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)", sid, cpu,
	    16, NULL);
	if (!rc)
		rc = exec_row(db, "INSERT INTO memory VALUES (?1, ?2, ?3, ?4, "
		    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", sid, mem, 11, NULL);
	if (!rc && sm->has_psi)
		rc = exec_row(db, "INSERT INTO pressure VALUES (?1, ?2, ?3, "
		    "?4, ?5, ?6)", sid, psi, 5, NULL);
	if (!rc && sm->has_tcp)
		rc = exec_row(db, "INSERT INTO tcp VALUES (?1, ?2, ?3, ?4)",
		    sid, tcp, 3, NULL);
	return rc;
}

/* Find or create a device row; label and fstype may be NULL or "". */
static enum pw_status
store_device(sqlite3 *db, int64_t host_id, const char *kind,
    const char *name, const char *label, const char *fstype, int64_t *id)
{
	static const char sql[] = "INSERT INTO device(host_id, kind, name, "
	    "label, fstype) VALUES (?1, ?2, ?3, nullif(?4, ''), "
	    "nullif(?5, '')) ON CONFLICT(host_id, kind, name) DO UPDATE SET "
	    "label = excluded.label, fstype = excluded.fstype RETURNING id";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, host_id) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 4, label ? label : "", -1, SQLITE_STATIC)
	    != SQLITE_OK ||
	    sqlite3_bind_text(st, 5, fstype ? fstype : "", -1, SQLITE_STATIC)
	    != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		rc = db_fail(db, "write to");
	else
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/* Insert "(snapshot, device, v...)" into a per-device table. */
static enum pw_status
store_device_row(sqlite3 *db, const char *sql, int64_t sid, int64_t dev,
    const double *v, int n)
{
	double all[16];

	all[0] = (double)dev;
	memcpy(all + 1, v, (size_t)n * sizeof(*v));
	return exec_row(db, sql, sid, all, n + 1, NULL);
}

static enum pw_status
store_devices(sqlite3 *db, int64_t host_id, int64_t sid,
    const struct snapshot *s, const struct sample *sm)
{
	enum pw_status rc = PW_OK;
	int64_t dev;
	size_t i;

	for (i = 0; i < sm->ndisks && !rc; i++) {
		const struct disk_row *d = &sm->disks[i];
		const double v[] = { d->reads_per_s, d->writes_per_s,
		    d->read_bytes_per_s, d->write_bytes_per_s, d->await_ms,
		    d->util_pct, d->queue_size };

		rc = store_device(db, host_id, "disk", d->raw->name,
		    d->raw->label, NULL, &dev);
		if (!rc)
			rc = store_device_row(db, "INSERT INTO disk VALUES (?1, "
			    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", sid, dev, v, 7);
	}
	for (i = 0; i < sm->nnetifs && !rc; i++) {
		const struct netif_row *n = &sm->netifs[i];
		const double v[] = { n->rx_bytes_per_s, n->tx_bytes_per_s,
		    n->rx_packets_per_s, n->tx_packets_per_s,
		    n->rx_errors_per_s, n->tx_errors_per_s, n->rx_drops_per_s,
		    n->tx_drops_per_s };

		rc = store_device(db, host_id, "netif", n->raw->name, NULL,
		    NULL, &dev);
		if (!rc)
			rc = store_device_row(db, "INSERT INTO netif VALUES (?1, "
			    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", sid, dev, v,
			    8);
	}
	for (i = 0; i < s->fs.nfs && !rc; i++) {
		const struct fs_usage *f = &s->fs.fs[i];
		const double v[] = { (double)f->size_bytes,
		    (double)f->used_bytes, (double)f->avail_bytes, f->used_pct,
		    f->has_inodes ? f->inodes_used_pct : NAN };

		rc = store_device(db, host_id, "filesystem", f->mount,
		    f->source, f->fstype, &dev);
		if (!rc)
			rc = store_device_row(db, "INSERT INTO filesystem "
			    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", sid, dev, v,
			    5);
	}
	return rc;
}

static enum pw_status
store_app_metrics(sqlite3 *db, int64_t host_id, int64_t sid,
    const struct app_metrics *am)
{
	static const char name_sql[] = "INSERT INTO app_metric_name(host_id, "
	    "name) VALUES (?1, ?2) ON CONFLICT(host_id, name) DO UPDATE SET "
	    "name = excluded.name RETURNING id";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	size_t i;

	if (sqlite3_prepare_v2(db, name_sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	for (i = 0; i < am->n && !rc; i++) {
		double v[2];

		sqlite3_reset(st);
		if (sqlite3_bind_int64(st, 1, host_id) != SQLITE_OK ||
		    sqlite3_bind_text(st, 2, am->m[i].name, -1, SQLITE_STATIC)
		    != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
			goto fail;
		v[0] = (double)sqlite3_column_int64(st, 0);
		v[1] = am->m[i].value;
		rc = exec_row(db, "INSERT INTO app_metric VALUES (?1, ?2, ?3)",
		    sid, v, 2, NULL);
	}
	goto out;
fail:
	rc = db_fail(db, "write to");
out:
	sqlite3_finalize(st);
	return rc;
}

static enum pw_status
store_all(sqlite3 *db, int64_t host_id, const struct snapshot *s,
    int64_t *sid)
{
	struct counter_set prev = { NULL, 0, 0 }, next = { NULL, 0, 0 };
	struct sample sm;
	double snap[4];
	enum pw_status rc;

	memset(&sm, 0, sizeof(sm));
	rc = counter_load(db, host_id, &prev);
	if (!rc)
		rc = delta_compute(s, &prev, &sm, &next);
	if (rc)
		goto out;
	snap[0] = (double)s->ts;
	snap[1] = sm.interval_s;
	snap[2] = (double)s->stat.btime;
	snap[3] = s->uptime.uptime_s;
	rc = exec_row(db, "INSERT INTO snapshot(host_id, ts, interval_s, "
	    "boot_time, uptime_s) VALUES (?1, CAST(?2 AS INTEGER), ?3, "
	    "CAST(?4 AS INTEGER), ?5) RETURNING id", host_id, snap, 4, sid);
	if (!rc)
		rc = store_host_rows(db, *sid, &sm);
	if (!rc)
		rc = store_devices(db, host_id, *sid, s, &sm);
	if (!rc)
		rc = store_app_metrics(db, host_id, *sid, &s->app);
	if (!rc)
		rc = counter_save(db, host_id, &next);
out:
	sample_free(&sm);
	counter_set_free(&prev);
	counter_set_free(&next);
	return rc;
}

enum pw_status
store_snapshot(sqlite3 *db, const char *host, const struct snapshot *s,
    int64_t *snapshot_id)
{
	int64_t host_id, sid = 0;
	enum pw_status rc;

	rc = db_exec(db, "BEGIN IMMEDIATE");
	if (rc)
		return rc;
	rc = db_host_id(db, host, &host_id);
	if (!rc)
		rc = store_all(db, host_id, s, &sid);
	if (!rc)
		rc = db_exec(db, "COMMIT");
	if (rc) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	log_debug("stored snapshot %lld", (long long)sid);
	if (snapshot_id)
		*snapshot_id = sid;
	return PW_OK;
}
