/*
 * counters.c - raw structs <-> (group, name, value) rows of raw_counter.
 *
 * One field table per raw struct says which members are counters; the
 * pressure struct saves only the resources the kernel has.  Values are
 * stored as SQLite integers (int64); kernel counters are below 2^63 in any
 * realistic lifetime.
 */
#include <stdlib.h>
#include <string.h>

#include "counters.h"
#include "db.h"

struct counter_field {
	const char *name;
	size_t off;
};

#define F(type, m) { #m, offsetof(struct type, m) }

static const struct counter_field clock_fields[] = {
	F(counter_clock, uptime_cs), F(counter_clock, btime),
};
static const struct counter_field cpu_fields[] = {
	F(proc_stat, user), F(proc_stat, nice), F(proc_stat, system),
	F(proc_stat, idle), F(proc_stat, iowait), F(proc_stat, irq),
	F(proc_stat, softirq), F(proc_stat, steal), F(proc_stat, guest),
	F(proc_stat, guest_nice), F(proc_stat, ctxt), F(proc_stat, intr),
};
static const struct counter_field vm_fields[] = {
	F(proc_vmstat, pswpin), F(proc_vmstat, pswpout),
	F(proc_vmstat, pgmajfault),
};
static const struct counter_field psi_cpu_fields[] = {
	F(proc_pressure, cpu_some_us),
};
static const struct counter_field psi_mem_fields[] = {
	F(proc_pressure, memory_some_us), F(proc_pressure, memory_full_us),
};
static const struct counter_field psi_io_fields[] = {
	F(proc_pressure, io_some_us), F(proc_pressure, io_full_us),
};
static const struct counter_field tcp_fields[] = {
	F(proc_snmp, tcp_out_segs), F(proc_snmp, tcp_retrans_segs),
};
static const struct counter_field disk_fields[] = {
	F(disk_raw, rd_ios), F(disk_raw, rd_sectors), F(disk_raw, rd_ticks),
	F(disk_raw, wr_ios), F(disk_raw, wr_sectors), F(disk_raw, wr_ticks),
	F(disk_raw, io_ticks), F(disk_raw, time_in_queue),
	F(disk_raw, dc_ios), F(disk_raw, dc_ticks),
	F(disk_raw, fl_ios), F(disk_raw, fl_ticks),
};
static const struct counter_field netif_fields[] = {
	F(netif_raw, rx_bytes), F(netif_raw, rx_packets),
	F(netif_raw, rx_errors), F(netif_raw, rx_drops),
	F(netif_raw, tx_bytes), F(netif_raw, tx_packets),
	F(netif_raw, tx_errors), F(netif_raw, tx_drops),
};

#undef F
#define NF(a) (sizeof(a) / sizeof((a)[0]))

struct field_table {
	const struct counter_field *f;
	size_t n;
};

/* The field tables of kind, up to three (pressure has one per resource). */
static size_t
counter_tables(enum counter_kind kind, const void *s, struct field_table *t)
{
	const struct proc_pressure *p = s;
	size_t n = 0;

	switch (kind) {
	case CK_CLOCK: t[n++] = (struct field_table){ clock_fields, NF(clock_fields) }; break;
	case CK_CPU: t[n++] = (struct field_table){ cpu_fields, NF(cpu_fields) }; break;
	case CK_VM: t[n++] = (struct field_table){ vm_fields, NF(vm_fields) }; break;
	case CK_TCP: t[n++] = (struct field_table){ tcp_fields, NF(tcp_fields) }; break;
	case CK_DISK: t[n++] = (struct field_table){ disk_fields, NF(disk_fields) }; break;
	case CK_NETIF: t[n++] = (struct field_table){ netif_fields, NF(netif_fields) }; break;
	case CK_PSI:
		if (!p || p->has_cpu)
			t[n++] = (struct field_table){ psi_cpu_fields, NF(psi_cpu_fields) };
		if (!p || p->has_memory)
			t[n++] = (struct field_table){ psi_mem_fields, NF(psi_mem_fields) };
		if (!p || p->has_io)
			t[n++] = (struct field_table){ psi_io_fields, NF(psi_io_fields) };
		break;
	}
	return n;
}

void
counter_set_free(struct counter_set *cs)
{
	if (!cs)
		return;
	free(cs->v);
	cs->v = NULL;
	cs->n = cs->alloc = 0;
}

static enum pw_status
counter_add(struct counter_set *cs, const char *grp, const char *name,
    int64_t value)
{
	struct counter *c;

	if (strlen(grp) >= COUNTER_GRP_MAX || strlen(name) >= COUNTER_NAME_MAX)
		return PW_ETOOBIG;
	if (cs->n == cs->alloc) {
		size_t na = cs->alloc ? cs->alloc * 2 : 64;
		struct counter *nv = realloc(cs->v, na * sizeof(*nv));

		if (!nv)
			return PW_ENOMEM;
		cs->v = nv;
		cs->alloc = na;
	}
	c = &cs->v[cs->n++];
	strcpy(c->grp, grp);
	strcpy(c->name, name);
	c->value = value;
	return PW_OK;
}

enum pw_status
counter_put(struct counter_set *cs, enum counter_kind kind, const char *grp,
    const void *s)
{
	struct field_table t[3];
	size_t nt, i, j;
	enum pw_status rc;

	nt = counter_tables(kind, s, t);
	for (i = 0; i < nt; i++) {
		for (j = 0; j < t[i].n; j++) {
			const char *p = (const char *)s + t[i].f[j].off;
			int64_t v;

			/* Every field is a uint64_t or int64_t. */
			memcpy(&v, p, sizeof(v));
			rc = counter_add(cs, grp, t[i].f[j].name, v);
			if (rc)
				return rc;
		}
	}
	return PW_OK;
}

static int
counter_cmp(const void *a, const void *b)
{
	const struct counter *x = a, *y = b;
	int c = strcmp(x->grp, y->grp);

	return c ? c : strcmp(x->name, y->name);
}

static const struct counter *
counter_find(const struct counter_set *cs, const char *grp, const char *name)
{
	struct counter key;

	if (strlen(grp) >= COUNTER_GRP_MAX || strlen(name) >= COUNTER_NAME_MAX)
		return NULL;
	strcpy(key.grp, grp);
	strcpy(key.name, name);
	return bsearch(&key, cs->v, cs->n, sizeof(*cs->v), counter_cmp);
}

int
counter_get(const struct counter_set *cs, enum counter_kind kind,
    const char *grp, void *s)
{
	struct field_table t[3];
	size_t nt, i, j;

	nt = counter_tables(kind, s, t);
	for (i = 0; i < nt; i++) {
		for (j = 0; j < t[i].n; j++) {
			const struct counter *c;

			c = counter_find(cs, grp, t[i].f[j].name);
			if (!c)
				return 0;
			memcpy((char *)s + t[i].f[j].off, &c->value,
			    sizeof(c->value));
		}
	}
	return 1;
}

enum pw_status
counter_load(sqlite3 *db, int64_t host_id, struct counter_set *out)
{
	static const char sql[] = "SELECT grp, name, value FROM raw_counter "
	    "WHERE host_id = ?1";
	struct counter_set cs = { NULL, 0, 0 };
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int r;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, host_id) != SQLITE_OK) {
		rc = db_fail(db, "read counters from");
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *g = (const char *)sqlite3_column_text(st, 0);
		const char *n = (const char *)sqlite3_column_text(st, 1);

		if (!g || !n)
			continue;
		rc = counter_add(&cs, g, n, sqlite3_column_int64(st, 2));
		if (rc == PW_ETOOBIG)
			rc = PW_OK;	/* not ours: ignore */
		if (rc)
			goto out;
	}
	if (r != SQLITE_DONE) {
		rc = db_fail(db, "read counters from");
		goto out;
	}
	if (cs.n)
		qsort(cs.v, cs.n, sizeof(*cs.v), counter_cmp);
	*out = cs;
	cs.v = NULL;
out:
	sqlite3_finalize(st);
	counter_set_free(&cs);
	return rc;
}

enum pw_status
counter_save(sqlite3 *db, int64_t host_id, const struct counter_set *cs)
{
	static const char del[] = "DELETE FROM raw_counter WHERE host_id = ?1";
	static const char ins[] = "INSERT INTO raw_counter(host_id, grp, "
	    "name, value) VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	size_t i;

	if (sqlite3_prepare_v2(db, del, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, host_id) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, ins, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	for (i = 0; i < cs->n; i++) {
		sqlite3_reset(st);
		if (sqlite3_bind_int64(st, 1, host_id) != SQLITE_OK ||
		    sqlite3_bind_text(st, 2, cs->v[i].grp, -1,
		    SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_text(st, 3, cs->v[i].name, -1,
		    SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 4, cs->v[i].value) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_DONE)
			goto fail;
	}
	goto out;
fail:
	rc = db_fail(db, "write counters to");
out:
	sqlite3_finalize(st);
	return rc;
}
