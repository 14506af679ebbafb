/*
 * store_internal.h - what store.c and store_dev.c share: the writer's
 * statements and state, and the helpers that bind and run them.
 */
#ifndef PW_STORE_INTERNAL_H
#define PW_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>

#include "buf.h"
#include "counters.h"
#include "delta.h"
#include "snapshot.h"
#include "status.h"

enum store_stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_SNAPSHOT,
	ST_DEVICE_GET,
	ST_DEVICE_ADD,
	ST_DISK, /* the three device tables, in this order */
	ST_NETIF,
	ST_FS,
	ST_COUNTER_GET,
	ST_COUNTER_SET,
	ST_COUNTER_ADD,
	ST_NAME_GET,
	ST_NAME_ADD,
	ST_APP,
	ST_COUNT
};

/* The most rows of one device table in one INSERT statement. */
#define STORE_ROWS_MAX 32

/* A device already stored: kind, name, label, fstype, each NUL-ended. */
struct store_dev {
	char *key;
	size_t len;
	int64_t id;
};

struct store {
	sqlite3 *db;
	char *host;
	int64_t host_id;            /* 0 until the first snapshot */
	int64_t sid;                /* the new snapshot's id */
	sqlite3_stmt *st[ST_COUNT]; /* prepared on first use */
	size_t rows[ST_FS + 1];     /* tuples of the prepared device INSERT */
	struct store_dev *dev;      /* the devices seen, ndev of them */
	size_t ndev, adev;
	struct buf text;         /* the counters row's text, */
	struct counter_set last; /* the set it was made from, sorted, */
	int have_last;           /* when this is 1 */
};

/* The statement which, ready to bind; NULL (logged) on failure. */
sqlite3_stmt *store_stmt_get(struct store *s, enum store_stmt which);
/* Bind v as ?i, a NaN as NULL; SQLITE_OK or the error. */
int store_bind_real(sqlite3_stmt *st, int i, double v);
/* Bind a count or a size as ?i: an integer (beyond int64, a real). */
int store_bind_count(sqlite3_stmt *st, int i, uint64_t v);
/* Bind ?1 host, ?2.. the texts; SQLITE_OK or the first error. */
int store_bind_texts(sqlite3_stmt *st, int64_t host_id, const char *const *t,
		     int n);
/*
 * The end of a run of binds that failed with r or reached parameter next:
 * PW_OK when every parameter of st has been bound, PW_EDB (logged) if not.
 */
enum pw_status store_bind_end(sqlite3_stmt *st, int r, int next);
/* Step st; with rowid, read column 0 of its row.  PW_EDB (logged). */
enum pw_status store_run(struct store *s, sqlite3_stmt *st, int64_t *rowid);

/* A row per disk, interface and filesystem (store_dev.c). */
enum pw_status store_devices(struct store *s, const struct snapshot *snap,
			     const struct sample *sm);
/* Forget the kept devices and host (their rows may have rolled back). */
void store_dev_forget(struct store *s);

/* Bind a struct field by its C type; any other type is a build error. */
/* clang-format off */
#define BIND_FIELD(st, i, v)						\
	_Generic((v), double: store_bind_real, unsigned: store_bind_count,		\
		 uint64_t: store_bind_count)(st, i, v)
/* clang-format on */


#endif
