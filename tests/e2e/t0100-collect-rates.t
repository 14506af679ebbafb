#!/bin/sh
# Two snapshots on fixture trees whose counters were chosen so that every
# rate is known exactly (tests/fixtures/trees/README.md): the values the
# sqlite3 command line reads back must be those numbers.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"
S="(SELECT max(id) FROM snapshot)"
SDA="SELECT disk, reads_per_s, writes_per_s, read_bytes_per_s, write_bytes_per_s, await_ms, util_pct, queue_size FROM v_disk WHERE snapshot_id = $S AND disk = 'sda'"
NVME="SELECT count(*), count(reads_per_s) FROM v_disk WHERE disk = 'nvme0n1'"
ETH0="SELECT rx_bytes_per_s, tx_bytes_per_s, rx_packets_per_s, tx_packets_per_s, rx_errors_per_s, tx_errors_per_s, rx_drops_per_s, tx_drops_per_s FROM v_netif WHERE snapshot_id = $S AND iface = 'eth0'"
ETH1="SELECT count(*), count(rx_bytes_per_s) FROM v_netif WHERE snapshot_id = $S AND iface = 'eth1'"
LO="SELECT count(*) FROM v_netif WHERE iface = 'lo'"

test_expect_success 'first snapshot stored' '
	pw perfweek-collect $C --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
	test_set_prereq FIRST
'

test_expect_success FIRST 'first snapshot is a baseline (interval_s NULL)' '
	test_is "$(q "SELECT count(*), count(interval_s) FROM snapshot")" "1|0"
'

test_expect_success FIRST 'baseline has gauges but no rates' '
	test_is "$(q "SELECT cpu_user_pct IS NULL, ctxt_per_s IS NULL, load1, cpu_count FROM snapshot")" \
		"1|1|0.5|2"
'

test_expect_success FIRST 'second snapshot stored' '
	pw perfweek-collect $C --proc-root "$TREES/rates-b/proc" --sys-root "$TREES/rates-b/sys" &&
	test_set_prereq SECOND
'

test_expect_success SECOND 'interval from /proc/uptime' '
	test_is "$(q "SELECT interval_s FROM snapshot WHERE id = $S")" "60.0"
'

test_expect_success SECOND 'cpu percentages' '
	test_is "$(q "SELECT cpu_user_pct, cpu_nice_pct, cpu_system_pct, cpu_idle_pct, cpu_iowait_pct, cpu_irq_pct, cpu_softirq_pct, cpu_steal_pct FROM snapshot WHERE id = $S")" \
		"20.0|1.0|10.0|60.0|4.0|1.0|2.0|2.0"
'

test_expect_success SECOND 'context switches, interrupts, processes, load' '
	test_is "$(q "SELECT ctxt_per_s, intr_per_s, procs_running, procs_blocked, load1, load5, load15 FROM snapshot WHERE id = $S")" \
		"1500.0|2500.0|3|1|1.5|1.25|1.0"
'

test_expect_success SECOND 'memory' '
	test_is "$(q "SELECT mem_total_bytes, mem_available_bytes, mem_used_pct, mem_cached_bytes, swap_used_bytes, swap_used_pct FROM snapshot WHERE id = $S")" \
		"8192000000|6144000000|25.0|2048000000|512000000|25.0"
'

test_expect_success SECOND 'swapping and major faults per second' '
	test_is "$(q "SELECT swapin_pages_per_s, swapout_pages_per_s, majfault_per_s FROM snapshot WHERE id = $S")" \
		"10.0|20.0|5.0"
'

test_expect_success SECOND 'pressure stall percentages' '
	test_is "$(q "SELECT psi_cpu_some_pct, psi_memory_some_pct, psi_memory_full_pct, psi_io_some_pct, psi_io_full_pct FROM snapshot WHERE id = $S")" \
		"10.0|5.0|1.0|20.0|2.0"
'

test_expect_success SECOND 'tcp' '
	test_is "$(q "SELECT tcp_established, tcp_out_segs_per_s, tcp_retrans_segs_per_s FROM snapshot WHERE id = $S")" \
		"42|1000.0|5.0"
'

test_expect_success SECOND 'disk sda' '
	test_is "$(q "$SDA")" "sda|100.0|50.0|10485760.0|5242880.0|4.0|50.0|1.5"
'

test_expect_success SECOND 'partitions and loop devices are not disks' '
	test_is "$(q "SELECT group_concat(disk) FROM (SELECT disk FROM v_disk WHERE snapshot_id = $S ORDER BY disk)")" \
		"nvme0n1,sda"
'

test_expect_success SECOND 'a disk seen for the first time has no rates' '
	test_is "$(q "$NVME")" "1|0"
'

test_expect_success SECOND 'interface eth0' '
	test_is "$(q "$ETH0")" "1000000.0|500000.0|1000.0|500.0|1.0|0.0|2.0|0.1"
'

test_expect_success SECOND 'an interface whose counters went backwards has no rates' '
	test_is "$(q "$ETH1")" "1|0"
'

test_expect_success SECOND 'loopback is ignored' '
	test_is "$(q "$LO")" "0"
'

test_expect_success SECOND 'only real filesystems' '
	test_is "$(q "SELECT mount, fstype FROM v_filesystem WHERE snapshot_id = $S")" "/|ext4"
'

test_expect_success SECOND 'filesystem size agrees with df' '
	df_kb=$(df -P -k / | awk "NR == 2 { print \$2 }") &&
	test_is "$(q "SELECT size_bytes / 1024 FROM v_filesystem WHERE snapshot_id = $S")" "$df_kb"
'

# A reboot: uptime went back and the boot time moved.
test_expect_success SECOND 'snapshot after a reboot stored' '
	pw perfweek-collect $C --proc-root "$TREES/rates-reboot/proc" --sys-root "$TREES/rates-reboot/sys" &&
	test_set_prereq REBOOT
'

test_expect_success REBOOT 'after a reboot: a baseline with the new boot time' '
	test_is "$(q "SELECT interval_s IS NULL, boot_time FROM snapshot WHERE id = $S")" "1|1700086400"
'

test_expect_success REBOOT 'no bogus rates across a reboot' '
	test_is "$(q "SELECT count(cpu_user_pct) + count(ctxt_per_s) + count(swapin_pages_per_s) + count(psi_io_some_pct) + count(tcp_out_segs_per_s) FROM snapshot WHERE id = $S")" "0"
'

test_expect_success 'database integrity' '
	test_is "$(q "PRAGMA integrity_check")" "ok"
'
