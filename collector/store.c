/*
 * store.c - the INSERT statements of a snapshot.
 *
 * The statements are declared once, in store_sql[], prepared on first use
 * within one store_snapshot() call and finalized at its end, so a snapshot
 * with many devices prepares each statement once.  Every value is bound;
 * NAN binds as NULL.  Device and metric names map to ids through a lookup,
 * and an insert only for a name seen for the first time, in the same
 * transaction as its first sample.  Owns no state between calls.
 */
#include <math.h>
#include <string.h>

#include "counters.h"
#include "db.h"
#include "delta.h"
#include "log.h"
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

static const char *const store_sql[ST_COUNT] = {
	[ST_SNAPSHOT] =
		"INSERT INTO snapshot(host_id, ts, interval_s, "
		"boot_time, uptime_s, cpu_count, cpu_user_pct, cpu_nice_pct, "
		"cpu_system_pct, cpu_iowait_pct, cpu_irq_pct, cpu_softirq_pct, "
		"cpu_steal_pct, cpu_idle_pct, ctxt_per_s, intr_per_s, "
		"procs_running, procs_blocked, load1, load5, load15, "
		"mem_total_bytes, mem_available_bytes, mem_used_pct, "
		"mem_cached_bytes, mem_buffers_bytes, swap_total_bytes, "
		"swap_used_bytes, swap_used_pct, swapin_pages_per_s, "
		"swapout_pages_per_s, majfault_per_s, psi_cpu_some_pct, "
		"psi_memory_some_pct, psi_memory_full_pct, psi_io_some_pct, "
		"psi_io_full_pct, tcp_established, tcp_out_segs_per_s, "
		"tcp_retrans_segs_per_s) VALUES (?1, CAST(?2 AS INTEGER), ?3, "
		"CAST(?4 AS INTEGER), ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
		"?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, "
		"?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40) "
		"RETURNING id",
	[ST_DEVICE_GET] =
		"SELECT id, coalesce(label, ''), coalesce(fstype, "
		"'') FROM device WHERE host_id = ?1 AND kind = ?2 AND name = ?3",
	[ST_DEVICE_ADD] =
		"INSERT INTO device(host_id, kind, name, label, "
		"fstype) VALUES (?1, ?2, ?3, nullif(?4, ''), nullif(?5, '')) "
		"ON CONFLICT(host_id, kind, name) DO UPDATE SET label = "
		"excluded.label, fstype = excluded.fstype RETURNING id",
	[ST_DISK] = "INSERT INTO disk VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
		    "?9, ?10, ?11)",
	[ST_NETIF] = "INSERT INTO netif VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
		     "?8, ?9, ?10)",
	[ST_FS] = "INSERT INTO filesystem VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_NAME_GET] = "SELECT id FROM app_metric_name WHERE host_id = ?1 "
			"AND name = ?2",
	[ST_NAME_ADD] = "INSERT INTO app_metric_name(host_id, name) VALUES "
			"(?1, ?2) RETURNING id",
	[ST_APP] = "INSERT INTO app_metric VALUES (?1, ?2, ?3)",
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

/* Bind v[0..n) from position first on; SQLITE_OK or the first error. */
static int
bind_reals(sqlite3_stmt *st, int first, const double *v, int n)
{
	int i, r = SQLITE_OK;

	for (i = 0; i < n && r == SQLITE_OK; i++)
		r = isnan(v[i]) ? sqlite3_bind_null(st, first + i) :
				  sqlite3_bind_double(st, first + i, v[i]);
	return r;
}

/*
 * Run statement which with ?1 = id and ?2.. = v; with rowid, read the
 * RETURNING or SELECT column 0 into it (PW_ENOTFOUND when there is no row).
 */
static enum pw_status
exec_row(struct store *s, enum store_stmt which, int64_t id, const double *v,
	 int n, int64_t *rowid)
{
	sqlite3_stmt *st = stmt(s, which);
	int r;

	if (!st)
		return PW_EDB;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
	    bind_reals(st, 2, v, n) != SQLITE_OK)
		return db_fail(s->db, "write to");
	r = sqlite3_step(st);
	if (r == SQLITE_ROW && rowid)
		*rowid = sqlite3_column_int64(st, 0);
	else if (r != SQLITE_DONE)
		return db_fail(s->db, "write to");
	return PW_OK;
}

/* The snapshot row: its clock and every host-wide value. */
static enum pw_status
store_snapshot_row(struct store *s, const struct snapshot *snap,
		   const struct sample *sm)
{
	const struct cpu_row *c = &sm->cpu;
	const struct mem_row *m = &sm->mem;
	const struct psi_row *p = sm->has_psi ? &sm->psi : NULL;
	const double v[] = { (double)snap->ts,
			     sm->interval_s,
			     (double)snap->stat.btime,
			     snap->uptime.uptime_s,
			     c->ncpu,
			     c->user_pct,
			     c->nice_pct,
			     c->system_pct,
			     c->iowait_pct,
			     c->irq_pct,
			     c->softirq_pct,
			     c->steal_pct,
			     c->idle_pct,
			     c->ctxt_per_s,
			     c->intr_per_s,
			     c->procs_running,
			     c->procs_blocked,
			     c->load1,
			     c->load5,
			     c->load15,
			     (double)m->total_bytes,
			     (double)m->available_bytes,
			     m->used_pct,
			     (double)m->cached_bytes,
			     (double)m->buffers_bytes,
			     (double)m->swap_total_bytes,
			     (double)m->swap_used_bytes,
			     m->swap_used_pct,
			     m->swapin_pages_per_s,
			     m->swapout_pages_per_s,
			     m->majfault_per_s,
			     p ? p->cpu_some_pct : NAN,
			     p ? p->memory_some_pct : NAN,
			     p ? p->memory_full_pct : NAN,
			     p ? p->io_some_pct : NAN,
			     p ? p->io_full_pct : NAN,
			     sm->has_tcp ? sm->tcp.established : NAN,
			     sm->has_tcp ? sm->tcp.out_segs_per_s : NAN,
			     sm->has_tcp ? sm->tcp.retrans_segs_per_s : NAN };

	return exec_row(s, ST_SNAPSHOT, s->host_id, v,
			(int)(sizeof(v) / sizeof(v[0])), &s->sid);
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

/* Insert "(snapshot, device, v...)" into a per-device table. */
static enum pw_status
store_device_row(struct store *s, enum store_stmt which, int64_t dev,
		 const double *v, int n)
{
	double all[16];

	all[0] = (double)dev;
	memcpy(all + 1, v, (size_t)n * sizeof(*v));
	return exec_row(s, which, s->sid, all, n + 1, NULL);
}

static enum pw_status
store_devices(struct store *s, const struct snapshot *snap,
	      const struct sample *sm)
{
	enum pw_status rc = PW_OK;
	int64_t dev = 0; /* set by store_device() whenever it succeeds */
	size_t i;

	for (i = 0; i < sm->ndisks && !rc; i++) {
		const struct disk_row *d = &sm->disks[i];
		const double v[] = { d->reads_per_s,      d->writes_per_s,
				     d->read_bytes_per_s, d->write_bytes_per_s,
				     d->await_ms,         d->util_pct,
				     d->queue_size,       d->discards_per_s,
				     d->flushes_per_s };

		rc = store_device(s, "disk", d->raw->name, d->raw->label, NULL,
				  &dev);
		if (!rc)
			rc = store_device_row(s, ST_DISK, dev, v, 9);
	}
	for (i = 0; i < sm->nnetifs && !rc; i++) {
		const struct netif_row *n = &sm->netifs[i];
		const double v[] = { n->rx_bytes_per_s,   n->tx_bytes_per_s,
				     n->rx_packets_per_s, n->tx_packets_per_s,
				     n->rx_errors_per_s,  n->tx_errors_per_s,
				     n->rx_drops_per_s,   n->tx_drops_per_s };

		rc = store_device(s, "netif", n->raw->name, NULL, NULL, &dev);
		if (!rc)
			rc = store_device_row(s, ST_NETIF, dev, v, 8);
	}
	for (i = 0; i < snap->fs.nfs && !rc; i++) {
		const struct fs_usage *f = &snap->fs.fs[i];
		const double v[] = { (double)f->size_bytes,
				     (double)f->used_bytes,
				     (double)f->avail_bytes, f->used_pct,
				     f->has_inodes ? f->inodes_used_pct : NAN };

		rc = store_device(s, "filesystem", f->mount, f->source,
				  f->fstype, &dev);
		if (!rc)
			rc = store_device_row(s, ST_FS, dev, v, 5);
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
		double v[2];
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
		v[0] = (double)sqlite3_column_int64(st, 0);
		v[1] = am->m[i].value;
		rc = exec_row(s, ST_APP, s->sid, v, 2, NULL);
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
