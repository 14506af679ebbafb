/*
 * counters.h - the raw counters kept between two snapshots.
 *
 * A snapshot's rates are deltas against the previous snapshot's counters,
 * which live in the raw_counter table as (group, name, value) lines.  This
 * module turns the raw structs of proc.h into such rows and back, with one
 * field table per struct, so the delta code works on the same structs the
 * readers fill.  It owns the table's layout; it never computes a rate.
 */
#ifndef PW_COUNTERS_H
#define PW_COUNTERS_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "proc.h"
#include "status.h"

#define COUNTER_GRP_MAX  96
#define COUNTER_NAME_MAX 24

struct counter {
	char grp[COUNTER_GRP_MAX];
	char name[COUNTER_NAME_MAX];
	int64_t value;
};

struct counter_set {
	struct counter *v; /* owned; sorted by grp, name after load */
	size_t n, alloc;
};

/* Which struct a group holds, and so which field table applies. */
enum counter_kind {
	CK_CLOCK, /* struct counter_clock */
	CK_CPU,   /* struct proc_stat */
	CK_VM,    /* struct proc_vmstat */
	CK_PSI,   /* struct proc_pressure */
	CK_TCP,   /* struct proc_snmp */
	CK_DISK,  /* struct disk_raw, group "disk:NAME" */
	CK_NETIF  /* struct netif_raw, group "netif:NAME" */
};

/* The clock rates are measured against. */
struct counter_clock {
	int64_t uptime_cs; /* /proc/uptime in centiseconds */
	int64_t btime;     /* boot time, Unix seconds */
};

void counter_set_free(struct counter_set *cs);

/* Add the fields of s (a struct of kind) under group grp. */
enum pw_status counter_put(struct counter_set *cs, enum counter_kind kind,
			   const char *grp, const void *s);

/*
 * Fill s (a struct of kind) from group grp.  Returns 1 when every field of
 * the group was found, 0 otherwise (s then undefined).  cs must be sorted
 * (counter_load sorts).
 */
int counter_get(const struct counter_set *cs, enum counter_kind kind,
		const char *grp, void *s);

/*
 * 1 when any counter of cur (a struct of kind) is below the same counter of
 * prev: a reset, or a different device under the same name.
 */
int
counter_went_back(enum counter_kind kind, const void *cur, const void *prev);

/* The SELECT of a host's counters text, its host bound as ?1. */
#define COUNTER_LOAD_SQL \
	"SELECT counters || char(10) FROM raw_counter WHERE host_id = ?1"
/* The most bytes the counters text of a host may take. */
#define COUNTER_TEXT_MAX ((size_t)1 << 24)

/*
 * Step st, COUNTER_LOAD_SQL bound, and parse its row into *out (sorted);
 * an empty set when there is none.  The caller resets st.
 */
enum pw_status counter_read(sqlite3_stmt *st, struct counter_set *out);
/* Sort cs as counter_get() needs it. */
void counter_sort(struct counter_set *cs);
/* Parse the text of raw_counter.counters into *out, sorted. */
enum pw_status counter_from_text(const char *text, struct counter_set *out);
/* cs as the text of raw_counter.counters, into text (emptied first). */
enum pw_status counter_text(const struct counter_set *cs, struct buf *text);
/* Read host's counters; an empty set when there are none. */
enum pw_status
counter_load(sqlite3 *db, int64_t host_id, struct counter_set *out);
/* Replace host's counters with cs.  Call inside a transaction. */
enum pw_status counter_save(sqlite3 *db, int64_t host_id, int64_t ts,
			    const struct counter_set *cs);

#endif
