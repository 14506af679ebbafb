/*
 * source_sqlite.h - the source of perfweek's own history: the SQLite
 * database the collector writes (docs/schema.md).
 */
#ifndef PW_SOURCE_SQLITE_H
#define PW_SOURCE_SQLITE_H

#include <sqlite3.h>
#include <stdint.h>

#include "source.h"

/*
 * A source reading host's data from db, which stays the caller's and must
 * outlive the source.  PW_ENOTFOUND, logged with the hosts the database
 * knows (to help a mistyped --host), when it has no host of that name.
 */
enum pw_status
source_sqlite_open(sqlite3 *db, const char *host, struct source *out);

/*
 * A source of db for no host in particular: source_hosts() lists the
 * hosts it holds, for a fleet report; free it with source_close().
 */
enum pw_status source_sqlite_open_all(sqlite3 *db, struct source *out);

/* The host's row id, for the stores that key on it (incidents, runs). */
int64_t source_sqlite_host_id(const struct source *s);

/* summary_sqlite.c: summary.h's operations on db for host */
struct source_summary;
struct source_week_stamp;
enum pw_status
summary_sqlite_get(sqlite3 *db, int64_t host, int64_t start, int64_t end,
		   const char *config_hash, struct source_week_stamp *now,
		   struct source_summary *out);
enum pw_status
summary_sqlite_put(sqlite3 *db, int64_t host, const struct source_summary *in);

#endif
