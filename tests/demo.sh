#!/bin/sh
# demo.sh - what "make demo" runs: collect a few snapshots of this host into
# a scratch database with the built-in defaults (no configuration needed),
# then show what was stored, as a person would query it with sqlite3.
set -eu
bin=${1:-bin}
dir=build/demo
mkdir -p "$dir"
db=$dir/perfweek.db
rm -f "$db" "$db-wal" "$db-shm" "$db.lock"

echo "== perfweek-collect: 5 snapshots of this host, 1 s apart, into $db"
# -c /dev/null: an empty configuration, i.e. the built-in defaults.
rc=0
PERFWEEK_LOG=stderr "$bin/perfweek-collect" -c /dev/null --db "$db" -v \
	--interval 1 --count 5 --gauge demo.run=1 2>"$dir/collect.log" || rc=$?
sed 's/^/   /' "$dir/collect.log"
# 3 means stored with something missing (a filesystem timed out): still a demo.
[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || exit "$rc"

show() {
	echo
	echo "== $1"
	sqlite3 -readonly -column -header "$db" "$2"
}
show "snapshots (the first is a baseline: no rates yet)" \
	"SELECT id, datetime(ts, 'unixepoch') AS time_utc, interval_s, datetime(boot_time, 'unixepoch') AS booted FROM snapshot"
show "cpu (percent of all CPUs, rates per second)" \
	"SELECT id AS snap, cpu_count AS ncpu, round(cpu_user_pct, 1) AS user, round(cpu_system_pct, 1) AS sys, round(cpu_iowait_pct, 1) AS iowait, round(cpu_steal_pct, 1) AS steal, round(cpu_idle_pct, 1) AS idle, round(ctxt_per_s) AS ctxt_s, load1 FROM snapshot"
show "memory" \
	"SELECT id AS snap, mem_total_bytes / 1048576 AS total_mib, mem_available_bytes / 1048576 AS avail_mib, round(mem_used_pct, 1) AS used_pct, swap_used_bytes / 1048576 AS swap_mib, majfault_per_s FROM snapshot"
show "pressure stalls (percent of the interval)" \
	"SELECT id AS snap, round(psi_cpu_some_pct, 2) AS cpu_some, round(psi_memory_some_pct, 2) AS mem_some, round(psi_io_some_pct, 2) AS io_some, round(psi_io_full_pct, 2) AS io_full FROM snapshot"
show "disks (last snapshot)" \
	"SELECT disk, label, round(reads_per_s, 1) AS r_s, round(writes_per_s, 1) AS w_s, round(write_bytes_per_s / 1024, 1) AS wkib_s, round(await_ms, 2) AS await_ms, round(util_pct, 1) AS util FROM v_disk WHERE snapshot_id = (SELECT max(id) FROM snapshot)"
show "filesystems (last snapshot)" \
	"SELECT mount, fstype, size_bytes / 1073741824 AS size_gib, round(used_pct, 1) AS used_pct, round(inodes_used_pct, 1) AS inodes_pct FROM v_filesystem WHERE snapshot_id = (SELECT max(id) FROM snapshot)"
show "network interfaces (last snapshot)" \
	"SELECT iface, round(rx_bytes_per_s) AS rx_b_s, round(tx_bytes_per_s) AS tx_b_s, rx_errors_per_s AS rx_err_s, rx_drops_per_s AS rx_drop_s FROM v_netif WHERE snapshot_id = (SELECT max(id) FROM snapshot)"
show "tcp and application metrics (last snapshot)" \
	"SELECT tcp_established AS established, round(tcp_retrans_segs_per_s, 2) AS retrans_s, (SELECT group_concat(name || '=' || value) FROM v_app_metric WHERE snapshot_id = s.id) AS app FROM snapshot s WHERE id = (SELECT max(id) FROM snapshot)"
echo
echo "The database is $db; docs/schema.md has more queries to paste."
