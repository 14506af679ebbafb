#!/bin/sh
# The stored columns t0100 does not check, on the same fixture trees: the
# snapshot's clock, buffers and swap size, the storage type of counts and
# sizes, the filesystem row's columns against each other, and a gauge.
# With t0100 and t0103, every column the collector writes is asserted.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"
S="(SELECT max(id) FROM snapshot)"

test_expect_success 'two snapshots, the second with a gauge' '
	pw perfweek-collect $C --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
	pw perfweek-collect $C --proc-root "$TREES/rates-b/proc" --sys-root "$TREES/rates-b/sys" \
		--gauge queue.depth=17.25 &&
	test_set_prereq SNAPSHOTS
'

test_expect_success SNAPSHOTS 'boot time, uptime, buffers, swap size' '
	test_is "$(q "SELECT boot_time, uptime_s, mem_buffers_bytes, swap_total_bytes FROM snapshot WHERE id = $S")" \
		"1700000000|1060.0|102400000|2048000000"
'

test_expect_success SNAPSHOTS 'counts and sizes are integers, rates and gauges reals' '
	test_is "$(q "SELECT typeof(cpu_count), typeof(procs_running), typeof(mem_total_bytes), typeof(swap_used_bytes), typeof(tcp_established), typeof(cpu_user_pct), typeof(load1) FROM snapshot WHERE id = $S")" \
		"integer|integer|integer|integer|integer|real|real"
'

# used + avail is at most the size (root's reserve); used_pct is used over
# used + avail, as df computes it: a swap of two columns breaks one of them.
test_expect_success SNAPSHOTS 'the filesystem row'\''s columns agree with each other' '
	test_is "$(q "SELECT typeof(size_bytes), used_bytes + avail_bytes <= size_bytes, abs(used_pct - 100.0 * used_bytes / (used_bytes + avail_bytes)) < 1e-9, inodes_used_pct IS NULL OR inodes_used_pct BETWEEN 0 AND 100 FROM v_filesystem WHERE snapshot_id = $S")" \
		"integer|1|1|1"
'

test_expect_success SNAPSHOTS 'the gauge under its name' '
	test_is "$(q "SELECT name, value FROM v_app_metric WHERE snapshot_id = $S")" "queue.depth|17.25"
'
