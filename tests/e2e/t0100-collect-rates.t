#!/bin/sh
# Two snapshots on fixture trees whose counters were chosen so that every
# rate is known exactly (tests/fixtures/trees/README.md): the values the
# sqlite3 command line reads back must be those numbers.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"

pw perfweek-collect $C --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys"
ok $? "first snapshot stored"
is "$(q 'SELECT count(*), count(interval_s) FROM snapshot')" "1|0" \
	"first snapshot is a baseline (interval_s NULL)"
is "$(q 'SELECT cpu_user_pct IS NULL, ctxt_per_s IS NULL, load1, cpu_count FROM snapshot')" \
	"1|1|0.5|2" "baseline has gauges but no rates"

pw perfweek-collect $C --proc-root "$TREES/rates-b/proc" --sys-root "$TREES/rates-b/sys"
ok $? "second snapshot stored"
S="(SELECT max(id) FROM snapshot)"
is "$(q "SELECT interval_s FROM snapshot WHERE id = $S")" "60.0" "interval from /proc/uptime"
is "$(q "SELECT cpu_user_pct, cpu_nice_pct, cpu_system_pct, cpu_idle_pct, cpu_iowait_pct, cpu_irq_pct, cpu_softirq_pct, cpu_steal_pct FROM snapshot WHERE id = $S")" \
	"20.0|1.0|10.0|60.0|4.0|1.0|2.0|2.0" "cpu percentages"
is "$(q "SELECT ctxt_per_s, intr_per_s, procs_running, procs_blocked, load1, load5, load15 FROM snapshot WHERE id = $S")" \
	"1500.0|2500.0|3|1|1.5|1.25|1.0" "context switches, interrupts, processes, load"
is "$(q "SELECT mem_total_bytes, mem_available_bytes, mem_used_pct, mem_cached_bytes, swap_used_bytes, swap_used_pct FROM snapshot WHERE id = $S")" \
	"8192000000|6144000000|25.0|2048000000|512000000|25.0" "memory"
is "$(q "SELECT swapin_pages_per_s, swapout_pages_per_s, majfault_per_s FROM snapshot WHERE id = $S")" \
	"10.0|20.0|5.0" "swapping and major faults per second"
is "$(q "SELECT psi_cpu_some_pct, psi_memory_some_pct, psi_memory_full_pct, psi_io_some_pct, psi_io_full_pct FROM snapshot WHERE id = $S")" \
	"10.0|5.0|1.0|20.0|2.0" "pressure stall percentages"
is "$(q "SELECT tcp_established, tcp_out_segs_per_s, tcp_retrans_segs_per_s FROM snapshot WHERE id = $S")" \
	"42|1000.0|5.0" "tcp"
is "$(q "SELECT disk, reads_per_s, writes_per_s, read_bytes_per_s, write_bytes_per_s, await_ms, util_pct, queue_size FROM v_disk WHERE snapshot_id = $S AND disk = 'sda'")" \
	"sda|100.0|50.0|10485760.0|5242880.0|4.0|50.0|1.5" "disk sda"
is "$(q "SELECT group_concat(disk) FROM (SELECT disk FROM v_disk WHERE snapshot_id = $S ORDER BY disk)")" \
	"nvme0n1,sda" "partitions and loop devices are not disks"
is "$(q "SELECT count(*), count(reads_per_s) FROM v_disk WHERE disk = 'nvme0n1'")" \
	"1|0" "a disk seen for the first time has no rates"
is "$(q "SELECT rx_bytes_per_s, tx_bytes_per_s, rx_packets_per_s, tx_packets_per_s, rx_errors_per_s, tx_errors_per_s, rx_drops_per_s, tx_drops_per_s FROM v_netif WHERE snapshot_id = $S AND iface = 'eth0'")" \
	"1000000.0|500000.0|1000.0|500.0|1.0|0.0|2.0|0.1" "interface eth0"
is "$(q "SELECT count(*), count(rx_bytes_per_s) FROM v_netif WHERE snapshot_id = $S AND iface = 'eth1'")" \
	"1|0" "an interface whose counters went backwards has no rates"
is "$(q "SELECT count(*) FROM v_netif WHERE iface = 'lo'")" "0" "loopback is ignored"
is "$(q "SELECT mount, fstype FROM v_filesystem WHERE snapshot_id = $S")" \
	"/|ext4" "only real filesystems"
df_kb=$(df -P -k / | awk 'NR == 2 { print $2 }')
is "$(q "SELECT size_bytes / 1024 FROM v_filesystem WHERE snapshot_id = $S")" \
	"$df_kb" "filesystem size agrees with df"

# A reboot: uptime went back and the boot time moved.
pw perfweek-collect $C --proc-root "$TREES/rates-reboot/proc" --sys-root "$TREES/rates-reboot/sys"
ok $? "snapshot after a reboot stored"
is "$(q "SELECT interval_s IS NULL, boot_time FROM snapshot WHERE id = $S")" \
	"1|1700086400" "after a reboot: a baseline with the new boot time"
is "$(q "SELECT count(cpu_user_pct) + count(ctxt_per_s) + count(swapin_pages_per_s) + count(psi_io_some_pct) + count(tcp_out_segs_per_s) FROM snapshot WHERE id = $S")" "0" \
	"no bogus rates across a reboot"
is "$(q 'PRAGMA integrity_check')" "ok" "database integrity"
