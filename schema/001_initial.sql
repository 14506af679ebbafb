-- perfweek schema, migration 1: hosts, snapshots and their per-subsystem rows.
--
-- Conventions (docs/schema.md documents every column):
--  * timestamps are integer Unix seconds, UTC;
--  * rates are stored already derived (per second, percent, ms) and are NULL
--    in a baseline snapshot (the first one, or the first after a reboot or a
--    counter reset), whose interval_s is NULL;
--  * values the kernel does not provide are NULL;
--  * raw counters needed for the next delta live apart, in raw_counter.
--  * tables are only ever extended: a column is added, never renamed.

CREATE TABLE host (
	id	INTEGER PRIMARY KEY,
	name	TEXT NOT NULL UNIQUE
);

CREATE TABLE snapshot (
	id		INTEGER PRIMARY KEY,
	host_id		INTEGER NOT NULL REFERENCES host(id),
	ts		INTEGER NOT NULL,	-- Unix seconds UTC
	interval_s	REAL,			-- NULL for a baseline snapshot
	boot_time	INTEGER NOT NULL,	-- Unix seconds UTC
	uptime_s	REAL NOT NULL
);
CREATE INDEX snapshot_host_ts ON snapshot(host_id, ts);

CREATE TABLE cpu (
	snapshot_id	INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
	ncpu		INTEGER NOT NULL,
	user_pct	REAL,
	nice_pct	REAL,
	system_pct	REAL,
	iowait_pct	REAL,
	irq_pct		REAL,
	softirq_pct	REAL,
	steal_pct	REAL,
	idle_pct	REAL,
	ctxt_per_s	REAL,
	intr_per_s	REAL,
	procs_running	INTEGER,
	procs_blocked	INTEGER,
	load1		REAL,
	load5		REAL,
	load15		REAL
);

CREATE TABLE memory (
	snapshot_id		INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
	total_bytes		INTEGER NOT NULL,
	available_bytes		INTEGER NOT NULL,
	used_pct		REAL NOT NULL,
	cached_bytes		INTEGER,
	buffers_bytes		INTEGER,
	swap_total_bytes	INTEGER,
	swap_used_bytes		INTEGER,
	swap_used_pct		REAL,
	swapin_pages_per_s	REAL,
	swapout_pages_per_s	REAL,
	majfault_per_s		REAL
);

-- Pressure stall information: percent of the interval in which some (or
-- all, "full") runnable tasks were stalled.  Absent kernels: no row.
CREATE TABLE pressure (
	snapshot_id	INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
	cpu_some_pct	REAL,
	memory_some_pct	REAL,
	memory_full_pct	REAL,
	io_some_pct	REAL,
	io_full_pct	REAL
);

CREATE TABLE tcp (
	snapshot_id	INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
	established	INTEGER,
	out_segs_per_s	REAL,
	retrans_segs_per_s REAL
);

-- Disks, filesystems, interfaces: one dictionary, one id each.
CREATE TABLE device (
	id	INTEGER PRIMARY KEY,
	host_id	INTEGER NOT NULL REFERENCES host(id),
	kind	TEXT NOT NULL CHECK (kind IN ('disk', 'filesystem', 'netif')),
	name	TEXT NOT NULL,		-- sda, dm-0, /var, eth0
	label	TEXT,			-- dm name, fs source device
	fstype	TEXT,			-- filesystems only
	UNIQUE (host_id, kind, name)
);

CREATE TABLE disk (
	snapshot_id		INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
	device_id		INTEGER NOT NULL REFERENCES device(id),
	reads_per_s		REAL,
	writes_per_s		REAL,
	read_bytes_per_s	REAL,
	write_bytes_per_s	REAL,
	await_ms		REAL,
	util_pct		REAL,
	queue_size		REAL,
	PRIMARY KEY (snapshot_id, device_id)
) WITHOUT ROWID;

CREATE TABLE filesystem (
	snapshot_id		INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
	device_id		INTEGER NOT NULL REFERENCES device(id),
	size_bytes		INTEGER NOT NULL,
	used_bytes		INTEGER NOT NULL,
	avail_bytes		INTEGER NOT NULL,
	used_pct		REAL NOT NULL,
	inodes_used_pct		REAL,
	PRIMARY KEY (snapshot_id, device_id)
) WITHOUT ROWID;

CREATE TABLE netif (
	snapshot_id		INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
	device_id		INTEGER NOT NULL REFERENCES device(id),
	rx_bytes_per_s		REAL,
	tx_bytes_per_s		REAL,
	rx_packets_per_s	REAL,
	tx_packets_per_s	REAL,
	rx_errors_per_s		REAL,
	tx_errors_per_s		REAL,
	rx_drops_per_s		REAL,
	tx_drops_per_s		REAL,
	PRIMARY KEY (snapshot_id, device_id)
) WITHOUT ROWID;

CREATE TABLE app_metric_name (
	id	INTEGER PRIMARY KEY,
	host_id	INTEGER NOT NULL REFERENCES host(id),
	name	TEXT NOT NULL,
	UNIQUE (host_id, name)
);

CREATE TABLE app_metric (
	snapshot_id	INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
	name_id		INTEGER NOT NULL REFERENCES app_metric_name(id),
	value		REAL NOT NULL,
	PRIMARY KEY (snapshot_id, name_id)
) WITHOUT ROWID;

-- The last raw counters of each host, for the next delta.  grp is the
-- source ("clock", "cpu", "vm", "psi", "tcp", "disk:sda", "netif:eth0").
CREATE TABLE raw_counter (
	host_id	INTEGER NOT NULL REFERENCES host(id),
	grp	TEXT NOT NULL,
	name	TEXT NOT NULL,
	value	INTEGER NOT NULL,
	PRIMARY KEY (host_id, grp, name)
) WITHOUT ROWID;

-- Hourly rollups: avg, min and max of every stored metric per UTC hour.
-- metric is "table.column" (cpu.user_pct); device is '' for host-wide ones.
CREATE TABLE rollup_hour (
	host_id	INTEGER NOT NULL REFERENCES host(id),
	metric	TEXT NOT NULL,
	device	TEXT NOT NULL,
	hour_ts	INTEGER NOT NULL,	-- start of the hour, Unix seconds UTC
	samples	INTEGER NOT NULL,
	avg	REAL,
	min	REAL,
	max	REAL,
	PRIMARY KEY (host_id, metric, device, hour_ts)
) WITHOUT ROWID;

-- Housekeeping state (rollup progress and the like).
CREATE TABLE meta (
	host_id	INTEGER NOT NULL,
	key	TEXT NOT NULL,
	value	TEXT,
	PRIMARY KEY (host_id, key)
) WITHOUT ROWID;

-- Views for people: one row per snapshot and device, with host and time.
CREATE VIEW v_cpu AS
	SELECT h.name AS host, s.ts, s.interval_s, c.*
	FROM snapshot s JOIN host h ON h.id = s.host_id
	JOIN cpu c ON c.snapshot_id = s.id;
CREATE VIEW v_memory AS
	SELECT h.name AS host, s.ts, s.interval_s, m.*
	FROM snapshot s JOIN host h ON h.id = s.host_id
	JOIN memory m ON m.snapshot_id = s.id;
CREATE VIEW v_pressure AS
	SELECT h.name AS host, s.ts, s.interval_s, p.*
	FROM snapshot s JOIN host h ON h.id = s.host_id
	JOIN pressure p ON p.snapshot_id = s.id;
CREATE VIEW v_tcp AS
	SELECT h.name AS host, s.ts, s.interval_s, t.*
	FROM snapshot s JOIN host h ON h.id = s.host_id
	JOIN tcp t ON t.snapshot_id = s.id;
CREATE VIEW v_disk AS
	SELECT h.name AS host, s.ts, s.interval_s, d.name AS disk,
	       d.label, x.*
	FROM snapshot s JOIN host h ON h.id = s.host_id
	JOIN disk x ON x.snapshot_id = s.id
	JOIN device d ON d.id = x.device_id;
CREATE VIEW v_filesystem AS
	SELECT h.name AS host, s.ts, d.name AS mount, d.label AS source,
	       d.fstype, x.*
	FROM snapshot s JOIN host h ON h.id = s.host_id
	JOIN filesystem x ON x.snapshot_id = s.id
	JOIN device d ON d.id = x.device_id;
CREATE VIEW v_netif AS
	SELECT h.name AS host, s.ts, s.interval_s, d.name AS iface, x.*
	FROM snapshot s JOIN host h ON h.id = s.host_id
	JOIN netif x ON x.snapshot_id = s.id
	JOIN device d ON d.id = x.device_id;
CREATE VIEW v_app_metric AS
	SELECT h.name AS host, s.ts, n.name, a.value, a.snapshot_id
	FROM snapshot s JOIN host h ON h.id = s.host_id
	JOIN app_metric a ON a.snapshot_id = s.id
	JOIN app_metric_name n ON n.id = a.name_id;
