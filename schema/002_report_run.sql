-- perfweek schema, migration 2: a record of every report run.

CREATE TABLE report_run (
	id		INTEGER PRIMARY KEY,
	host_id		INTEGER NOT NULL REFERENCES host(id),
	run_at		INTEGER NOT NULL,	-- when the reporter ran (Unix s)
	period_start	INTEGER NOT NULL,	-- [start, end), Unix s
	period_end	INTEGER NOT NULL,
	period_label	TEXT NOT NULL,		-- 2026-W47, or a date range
	formats		TEXT NOT NULL,		-- "text,json,pdf"
	outputs		TEXT NOT NULL,		-- output paths, one per line
	input_hash	TEXT NOT NULL,		-- FNV-1a 64 of the report model, hex
	status		TEXT NOT NULL,		-- OK, WARNING, CRITICAL
	exit_code	INTEGER NOT NULL
);
CREATE INDEX report_run_period ON report_run(host_id, period_start);
