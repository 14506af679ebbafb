-- perfweek schema, migration 4: health URL checks made by perfweek-probe.

-- One row per check a host has probed: a check is its name and its URL, so
-- pointing a name at a new URL starts a new history instead of mixing two.
CREATE TABLE health_check (
	id		INTEGER PRIMARY KEY,
	host_id		INTEGER NOT NULL REFERENCES host(id),	-- the prober
	name		TEXT NOT NULL,		-- [health "NAME"]
	url		TEXT NOT NULL,
	UNIQUE (host_id, name, url)
);

-- One row per check and probe run.  Times in ms are NULL where the
-- transfer did not get that far (no TLS on http://, refused connection).
CREATE TABLE health_result (
	check_id	INTEGER NOT NULL REFERENCES health_check(id),
	ts		INTEGER NOT NULL,	-- start of the probe run, Unix s
	ok		INTEGER NOT NULL,	-- 1 success, 0 failure
	http_status	INTEGER,		-- final status, NULL: no response
	dns_ms		REAL,			-- name lookup
	connect_ms	REAL,			-- TCP connect, after the lookup
	tls_ms		REAL,			-- TLS handshake, after connect
	first_byte_ms	REAL,			-- request sent to first byte
	total_ms	REAL,			-- the whole transfer
	redirects	INTEGER NOT NULL DEFAULT 0,	-- redirects followed
	cert_expires	INTEGER,		-- server certificate notAfter, Unix s
	cert_days_left	REAL,			-- (cert_expires - ts) / 86400
	error		TEXT			-- why it failed, NULL when ok
);
CREATE INDEX health_result_check_ts ON health_result(check_id, ts);

CREATE VIEW v_health AS
SELECT h.name AS host, c.name AS check_name, c.url, r.*
FROM health_result r
JOIN health_check c ON c.id = r.check_id
JOIN host h ON h.id = c.host_id;
