-- perfweek schema, migration 3: ServiceNow incidents, as fetched.
--
-- One snow_fetch row per attempt to read the incident table for a report
-- period, successful or not; the incidents of a successful fetch in
-- snow_incident, one row per incident and fetch.  A report reuses the
-- newest successful fetch of its period, so a past week is regenerated
-- from exactly the incidents it was first reported with.

CREATE TABLE snow_fetch (
	id		INTEGER PRIMARY KEY,
	host_id		INTEGER NOT NULL REFERENCES host(id),
	fetched_at	INTEGER NOT NULL,	-- when the fetch ended (Unix s)
	period_start	INTEGER NOT NULL,	-- [start, end), Unix s
	period_end	INTEGER NOT NULL,
	instance	TEXT NOT NULL,		-- https://example.service-now.com
	query		TEXT NOT NULL,		-- sysparm_query of the open list
	period_query	TEXT NOT NULL,		-- sysparm_query of the period list
	outcome		TEXT NOT NULL,		-- 'ok' or 'failed'
	reason		TEXT,			-- why it failed; NULL when ok
	http_status	INTEGER,		-- last HTTP status seen, if any
	open_count	INTEGER,		-- incidents in the open list
	period_count	INTEGER,		-- incidents in the period list
	total_count	INTEGER,		-- X-Total-Count of the open list
	pages		INTEGER NOT NULL,	-- HTTP requests answered
	demo		INTEGER NOT NULL	-- 1: the demo server answered
);
CREATE INDEX snow_fetch_period ON snow_fetch(host_id, period_start,
    period_end);

CREATE TABLE snow_incident (
	fetch_id	INTEGER NOT NULL REFERENCES snow_fetch(id)
			ON DELETE CASCADE,
	sys_id		TEXT NOT NULL,
	number		TEXT NOT NULL,		-- INC0010001
	short_description TEXT NOT NULL,
	priority	INTEGER,		-- 1 Critical .. 5 Planning
	state		INTEGER,		-- 1 New .. 8 Canceled
	opened_at	INTEGER,		-- Unix s UTC
	resolved_at	INTEGER,		-- Unix s UTC; NULL if not resolved
	assignment_group TEXT NOT NULL,		-- name, '' if none
	cmdb_ci		TEXT NOT NULL,		-- configuration item name
	is_open		INTEGER NOT NULL,	-- returned by the open query
	in_period	INTEGER NOT NULL,	-- returned by the period query
	raw		TEXT NOT NULL,		-- the record as the API sent it
	PRIMARY KEY (fetch_id, sys_id)
);
