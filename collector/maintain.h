/*
 * maintain.h - hourly rollups, retention and space reclaim.
 *
 * perfweek-collect --maintain, run daily: rolls every complete hour of raw
 * snapshots up into rollup_hour (avg, min, max per metric), deletes raw
 * snapshots older than raw_days (only hours already rolled up), and
 * rollups, health check results and ServiceNow fetches (with their
 * incidents) older than rollup_days, so every week a rollup still covers
 * can be regenerated whole; a fetch that a newer successful fetch of the
 * same period replaced goes too.  Then it runs PRAGMA optimize, an
 * incremental vacuum and a WAL checkpoint.  Each step is its own transaction; re-running after
 * a failure redoes only what is left.
 */
#ifndef PW_MAINTAIN_H
#define PW_MAINTAIN_H

#include <sqlite3.h>
#include <stdint.h>

#include "status.h"

struct maintain_result {
	int64_t hours_rolled; /* rollup rows written */
	int64_t snapshots_deleted;
	int64_t rollups_deleted;
	int64_t health_deleted;  /* health_result rows */
	int64_t fetches_deleted; /* snow_fetch rows */
	int64_t pages_freed;
};

enum pw_status maintain_run(sqlite3 *db, int64_t now, int raw_days,
			    int rollup_days, struct maintain_result *res);

#endif
