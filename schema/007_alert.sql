-- perfweek schema, migration 7: the state of the alerts perfweek-alert
-- raises between the weekly reports (docs/alerts.md).  One alert row per
-- host, rule and device, updated in place by every run; one alert_sink row
-- per alert and configured sink: what that sink was last told, so that a
-- change of state a sink missed (it was down) is sent on the next run,
-- once.  No URL or other secret of a sink is ever stored: a sink is its
-- [notify "NAME"] name.
CREATE TABLE alert (
	id          INTEGER PRIMARY KEY,
	host_id     INTEGER NOT NULL REFERENCES host(id),
	rule        TEXT NOT NULL,
	device      TEXT NOT NULL DEFAULT '',
	severity    TEXT NOT NULL,
	state       TEXT NOT NULL CHECK (state IN ('firing', 'resolved')),
	since       INTEGER NOT NULL,
	ended       INTEGER,
	clear_since INTEGER,
	last_value  REAL,
	threshold   REAL,
	evidence    TEXT,
	updated     INTEGER NOT NULL,
	UNIQUE (host_id, rule, device)
);

CREATE TABLE alert_sink (
	alert_id          INTEGER NOT NULL REFERENCES alert(id) ON DELETE CASCADE,
	sink              TEXT NOT NULL,
	notified_state    TEXT,
	notified_severity TEXT,
	notified_since    INTEGER,
	last_notified     INTEGER,
	pending           INTEGER NOT NULL DEFAULT 1,
	attempts          INTEGER NOT NULL DEFAULT 0,
	last_error        TEXT,
	PRIMARY KEY (alert_id, sink)
);
