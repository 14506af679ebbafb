-- perfweek schema, migration 6: per-week summaries, so that a report's
-- comparison with earlier weeks reads a few rows instead of every
-- snapshot of those weeks.  week_summary holds one row per host and week
-- with what the summary was computed from (the week's snapshot count, its
-- largest snapshot id and time, a fingerprint of the thresholds); a
-- summary whose figures no longer match the week's snapshots or the
-- configuration is stale and is computed again.  week_summary_metric holds
-- the figures, one row per week, metric and device.
CREATE TABLE week_summary (
	host_id          INTEGER NOT NULL REFERENCES host(id),
	period_start     INTEGER NOT NULL,
	period_end       INTEGER NOT NULL,
	snapshots        INTEGER NOT NULL,
	last_snapshot_id INTEGER NOT NULL,
	last_ts          INTEGER NOT NULL,
	coverage_pct     REAL,
	config_hash      TEXT NOT NULL,
	computed_at      INTEGER NOT NULL,
	PRIMARY KEY (host_id, period_start)
) WITHOUT ROWID;

CREATE TABLE week_summary_metric (
	host_id      INTEGER NOT NULL,
	period_start INTEGER NOT NULL,
	metric       TEXT NOT NULL,
	device       TEXT NOT NULL DEFAULT '',
	samples      INTEGER NOT NULL,
	avg          REAL,
	p50          REAL,
	p95          REAL,
	p99          REAL,
	max          REAL,
	warn_minutes REAL,
	crit_minutes REAL,
	PRIMARY KEY (host_id, period_start, metric, device),
	FOREIGN KEY (host_id, period_start)
		REFERENCES week_summary(host_id, period_start) ON DELETE CASCADE
) WITHOUT ROWID;
