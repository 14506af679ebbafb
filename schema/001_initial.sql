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

-- One row per collection, with every host-wide value of that snapshot.
CREATE TABLE snapshot (
	id			INTEGER PRIMARY KEY,
	host_id			INTEGER NOT NULL REFERENCES host(id),
	ts			INTEGER NOT NULL,	-- Unix seconds UTC
	interval_s		REAL,			-- NULL: a baseline
	boot_time		INTEGER NOT NULL,	-- Unix seconds UTC
	uptime_s		REAL NOT NULL,
	cpu_count		INTEGER NOT NULL,
	cpu_user_pct		REAL,
	cpu_nice_pct		REAL,
	cpu_system_pct		REAL,
	cpu_iowait_pct		REAL,
	cpu_irq_pct		REAL,
	cpu_softirq_pct		REAL,
	cpu_steal_pct		REAL,
	cpu_idle_pct		REAL,
	ctxt_per_s		REAL,
	intr_per_s		REAL,
	procs_running		INTEGER,
	procs_blocked		INTEGER,
	load1			REAL,
	load5			REAL,
	load15			REAL,
	mem_total_bytes		INTEGER NOT NULL,
	mem_available_bytes	INTEGER NOT NULL,
	mem_used_pct		REAL NOT NULL,
	mem_cached_bytes	INTEGER,
	mem_buffers_bytes	INTEGER,
	swap_total_bytes	INTEGER,
	swap_used_bytes		INTEGER,
	swap_used_pct		REAL,
	swapin_pages_per_s	REAL,
	swapout_pages_per_s	REAL,
	majfault_per_s		REAL,
	psi_cpu_some_pct	REAL,
	psi_memory_some_pct	REAL,
	psi_memory_full_pct	REAL,
	psi_io_some_pct		REAL,
	psi_io_full_pct		REAL,
	tcp_established		INTEGER,
	tcp_out_segs_per_s	REAL,
	tcp_retrans_segs_per_s	REAL
);
CREATE INDEX snapshot_host_ts ON snapshot(host_id, ts);

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

-- The raw counters of each host's latest snapshot, for the next delta:
-- one line "group<TAB>name<TAB>value" per counter.
CREATE TABLE raw_counter (
	host_id		INTEGER PRIMARY KEY REFERENCES host(id),
	ts		INTEGER NOT NULL,
	counters	TEXT NOT NULL
);

-- Hourly rollups: avg, min and max of every stored metric per UTC hour.
-- metric is the snapshot column (cpu_user_pct) for host-wide metrics,
-- "table.column" (disk.await_ms) for device metrics with device set, and
-- "app.NAME" for application metrics; device is '' where none applies.
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

-- Views for people: host names, times and device names joined in.
CREATE VIEW v_snapshot AS
	SELECT h.name AS host, s.*
	FROM snapshot s JOIN host h ON h.id = s.host_id;
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
