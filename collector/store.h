/*
 * store.h - one snapshot into the database, in one transaction.
 *
 * store_snapshot() opens a BEGIN IMMEDIATE transaction, reads the previous
 * counters, derives the rates (delta.c), writes the snapshot row and its
 * per-subsystem and per-device rows, replaces the counters, and commits.
 * Any failure rolls back: the database then holds exactly what it held
 * before, never half a snapshot.
 */
#ifndef PW_STORE_H
#define PW_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "snapshot.h"
#include "status.h"

/* Write s for host; *snapshot_id (may be NULL) gets the new row's id. */
enum pw_status store_snapshot(sqlite3 *db, const char *host,
			      const struct snapshot *s, int64_t *snapshot_id);

#endif
