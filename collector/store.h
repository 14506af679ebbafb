/*
 * store.h - one snapshot into the database, in one transaction.
 *
 * store_snapshot() opens a BEGIN IMMEDIATE transaction, reads the previous
 * counters, derives the rates (delta.c), writes the snapshot row and its
 * per-subsystem and per-device rows, replaces the counters, and commits.
 * store_new() makes the writer a run of snapshots shares.  Any failure
 * rolls back: the database then holds exactly what it held before, never
 * half a snapshot.
 */
#ifndef PW_STORE_H
#define PW_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "snapshot.h"
#include "status.h"

/*
 * The writer of host's snapshots into db, for as many snapshots as the
 * process takes: its statements are prepared once and kept.
 */
struct store;

enum pw_status store_new(sqlite3 *db, const char *host, struct store **out);
/* Finalize s's statements and free it; NULL is fine. */
void store_free(struct store *s);
/* Write snap; *snapshot_id (may be NULL) gets the new row's id. */
enum pw_status store_snapshot(struct store *s, const struct snapshot *snap,
			      int64_t *snapshot_id);

#endif
