/*
 * db.h - opening the perfweek database and keeping its schema current.
 *
 * One SQLite file in WAL mode with a busy timeout, foreign keys on, and the
 * schema migrated forward to the version this build embeds, atomically.
 * A file that is not SQLite, or a SQLite file that is not perfweek's, is
 * refused and never touched: it is read, read-only, before anything writes.
 * A database newer than this build is refused.
 */
#ifndef PW_DB_H
#define PW_DB_H

#include <sqlite3.h>
#include <stdint.h>

#include "status.h"

#define DB_APPLICATION_ID 0x50665764 /* "PfWd" */

enum db_mode {
	DB_READWRITE, /* create if missing or empty, migrate */
	DB_EXISTING,  /* must exist; migrate it when older */
	DB_READONLY   /* must exist and be current; never written */
};

/*
 * Open path.  On success *out is an open handle the caller closes with
 * db_close().  On failure everything is logged and closed.
 */
enum pw_status db_open(const char *path, enum db_mode mode, int busy_timeout_ms,
		       sqlite3 **out);
void db_close(sqlite3 *db);

/* Log a failed SQLite call on db for path: "cannot WHAT 'PATH': ERRMSG". */
enum pw_status db_fail(sqlite3 *db, const char *what);

/* Run a constant SQL text (BEGIN, COMMIT, ...). */
enum pw_status db_exec(sqlite3 *db, const char *sql);

/* Find or create the host row for name; writes *id. */
enum pw_status db_host_id(sqlite3 *db, const char *name, int64_t *id);

#endif
