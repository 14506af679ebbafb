/*
 * counters.c - raw structs <-> (group, name, value) rows of raw_counter.
 *
 * One field table per raw struct says which members are counters; the
 * pressure struct saves only the resources the kernel has.  Values are
 * stored as SQLite integers (int64); kernel counters are below 2^63 in any
 * realistic lifetime.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "buf.h"
#include "counters.h"
#include "db.h"

struct counter_field {
	const char *name;
	size_t off;
};

#define F(type, m)                           \
	{                                    \
#m, offsetof(struct type, m) \
	}

static const struct counter_field clock_fields[] = {
	F(counter_clock, uptime_cs),
	F(counter_clock, btime),
};
static const struct counter_field cpu_fields[] = {
	F(proc_stat, user),       F(proc_stat, nice),   F(proc_stat, system),
	F(proc_stat, idle),       F(proc_stat, iowait), F(proc_stat, irq),
	F(proc_stat, softirq),    F(proc_stat, steal),  F(proc_stat, guest),
	F(proc_stat, guest_nice), F(proc_stat, ctxt),   F(proc_stat, intr),
};
static const struct counter_field vm_fields[] = {
	F(proc_vmstat, pswpin),
	F(proc_vmstat, pswpout),
	F(proc_vmstat, pgmajfault),
};
static const struct counter_field psi_cpu_fields[] = {
	F(proc_pressure, cpu_some_us),
};
static const struct counter_field psi_mem_fields[] = {
	F(proc_pressure, memory_some_us),
	F(proc_pressure, memory_full_us),
};
static const struct counter_field psi_io_fields[] = {
	F(proc_pressure, io_some_us),
	F(proc_pressure, io_full_us),
};
static const struct counter_field tcp_fields[] = {
	F(proc_snmp, tcp_out_segs),
	F(proc_snmp, tcp_retrans_segs),
};
static const struct counter_field disk_fields[] = {
	F(disk_raw, rd_ios),     F(disk_raw, rd_sectors),
	F(disk_raw, rd_ticks),   F(disk_raw, wr_ios),
	F(disk_raw, wr_sectors), F(disk_raw, wr_ticks),
	F(disk_raw, io_ticks),   F(disk_raw, time_in_queue),
	F(disk_raw, dc_ios),     F(disk_raw, dc_ticks),
	F(disk_raw, fl_ios),     F(disk_raw, fl_ticks),
};
static const struct counter_field netif_fields[] = {
	F(netif_raw, rx_bytes),  F(netif_raw, rx_packets),
	F(netif_raw, rx_errors), F(netif_raw, rx_drops),
	F(netif_raw, tx_bytes),  F(netif_raw, tx_packets),
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
	case CK_CLOCK:
		t[n++] = (struct field_table){ clock_fields, NF(clock_fields) };
		break;
	case CK_CPU:
		t[n++] = (struct field_table){ cpu_fields, NF(cpu_fields) };
		break;
	case CK_VM:
		t[n++] = (struct field_table){ vm_fields, NF(vm_fields) };
		break;
	case CK_TCP:
		t[n++] = (struct field_table){ tcp_fields, NF(tcp_fields) };
		break;
	case CK_DISK:
		t[n++] = (struct field_table){ disk_fields, NF(disk_fields) };
		break;
	case CK_NETIF:
		t[n++] = (struct field_table){ netif_fields, NF(netif_fields) };
		break;
	case CK_PSI:
		if (!p || p->has_cpu)
			t[n++] = (struct field_table){ psi_cpu_fields,
						       NF(psi_cpu_fields) };
		if (!p || p->has_memory)
			t[n++] = (struct field_table){ psi_mem_fields,
						       NF(psi_mem_fields) };
		if (!p || p->has_io)
			t[n++] = (struct field_table){ psi_io_fields,
						       NF(psi_io_fields) };
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
	enum pw_status rc;

	if (strlen(grp) >= COUNTER_GRP_MAX || strlen(name) >= COUNTER_NAME_MAX)
		return PW_ETOOBIG;
	rc = array_reserve((void **)&cs->v, &cs->alloc, cs->n, sizeof(*cs->v),
			   SIZE_MAX);
	if (rc)
		return rc == PW_ETOOBIG ? PW_ENOMEM : rc;
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

int
counter_went_back(enum counter_kind kind, const void *cur, const void *prev)
{
	struct field_table t[3];
	size_t nt, i, j;

	nt = counter_tables(kind, cur, t);
	for (i = 0; i < nt; i++) {
		for (j = 0; j < t[i].n; j++) {
			uint64_t c, p;

			memcpy(&c, (const char *)cur + t[i].f[j].off,
			       sizeof(c));
			memcpy(&p, (const char *)prev + t[i].f[j].off,
			       sizeof(p));
			if (c < p)
				return 1;
		}
	}
	return 0;
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

	if (cs->n == 0 || strlen(grp) >= COUNTER_GRP_MAX ||
	    strlen(name) >= COUNTER_NAME_MAX)
		return NULL;
	strcpy(key.grp, grp);
	strcpy(key.name, name);
	key.value = 0;
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

/* Parse "grp<TAB>name<TAB>value" lines; lines that do not parse are skipped. */
static enum pw_status
counter_parse(const char *text, struct counter_set *cs)
{
	const char *line = text;
	enum pw_status rc = PW_OK;

	while (*line && !rc) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char grp[COUNTER_GRP_MAX], name[COUNTER_NAME_MAX], tail;
		long long v;

		/*
		 * The lines are what this file stored; one that does not
		 * match all four conversions is skipped.
		 */
		if (len < COUNTER_GRP_MAX + COUNTER_NAME_MAX + 24 &&
		    /* NOLINTNEXTLINE(cert-err34-c) */
		    sscanf(line, "%95[^\t\n]\t%23[^\t\n]\t%lld%c", grp, name,
			   &v, &tail) == 4 &&
		    tail == '\n')
			rc = counter_add(cs, grp, name, v);
		line += len + (nl ? 1 : 0);
	}
	return rc;
}

void
counter_sort(struct counter_set *cs)
{
	if (cs->n)
		qsort(cs->v, cs->n, sizeof(*cs->v), counter_cmp);
}

enum pw_status
counter_from_text(const char *text, struct counter_set *out)
{
	struct counter_set cs = { NULL, 0, 0 };
	enum pw_status rc = counter_parse(text, &cs);

	if (!rc) {
		counter_sort(&cs);
		*out = cs;
		cs.v = NULL;
	}
	counter_set_free(&cs);
	return rc;
}

enum pw_status
counter_read(sqlite3_stmt *st, struct counter_set *out)
{
	int r = sqlite3_step(st);

	if (r == SQLITE_ROW && sqlite3_column_text(st, 0))
		return counter_from_text(
			(const char *)sqlite3_column_text(st, 0), out);
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		return db_fail(sqlite3_db_handle(st), "read counters from");
	return PW_OK;
}

/* v in decimal into the end of out (at least 21 bytes); its length. */
static size_t
counter_decimal(long long v, char *out)
{
	char tmp[24];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
				       (unsigned long long)v;
	size_t n = 0, len = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		out[len++] = '-';
	while (n)
		out[len++] = tmp[--n];
	return len;
}

/*
 * One "grp<TAB>name<TAB>value" line a counter, without printf: the text is
 * written at every snapshot.
 */
enum pw_status
counter_text(const struct counter_set *cs, struct buf *text)
{
	enum pw_status rc;
	size_t i;

	buf_reset(text);
	rc = buf_add(text, "", 0);
	for (i = 0; i < cs->n && !rc; i++) {
		char num[24];
		size_t len = counter_decimal((long long)cs->v[i].value, num);

		if (i)
			rc = buf_add(text, "\n", 1);
		if (!rc)
			rc = buf_adds(text, cs->v[i].grp);
		if (!rc)
			rc = buf_add(text, "\t", 1);
		if (!rc)
			rc = buf_adds(text, cs->v[i].name);
		if (!rc)
			rc = buf_add(text, "\t", 1);
		if (!rc)
			rc = buf_add(text, num, len);
	}
	return rc;
}

enum pw_status
counter_load(sqlite3 *db, int64_t host_id, struct counter_set *out)
{
	sqlite3_stmt *st = NULL;
	enum pw_status rc;

	if (sqlite3_prepare_v2(db, COUNTER_LOAD_SQL, -1, &st, NULL) !=
		    SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, host_id) != SQLITE_OK)
		rc = db_fail(db, "read counters from");
	else
		rc = counter_read(st, out);
	sqlite3_finalize(st);
	return rc;
}

enum pw_status
counter_save(sqlite3 *db, int64_t host_id, int64_t ts,
	     const struct counter_set *cs)
{
	static const char sql[] = "INSERT OR REPLACE INTO raw_counter(host_id, "
				  "ts, counters) VALUES (?1, ?2, ?3)";
	sqlite3_stmt *st = NULL;
	enum pw_status rc;
	struct buf text;

	buf_init(&text, COUNTER_TEXT_MAX);
	rc = counter_text(cs, &text);
	if (rc)
		goto out;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, host_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, ts) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, text.data, (int)text.len, SQLITE_STATIC) !=
		    SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(db, "write counters to");
out:
	sqlite3_finalize(st);
	buf_free(&text);
	return rc;
}
