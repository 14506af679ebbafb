#!/bin/sh
# SIGKILL in the middle of a run, over and over, never leaves half a
# snapshot; a reader querying while the collector writes loses nothing.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"
A="--proc-root $TREES/rates-a/proc --sys-root $TREES/rates-a/sys"

rounds=25
[ -n "$QUICK" ] && rounds=4
test_expect_success "$rounds runs killed with SIGKILL" '
	i=0 &&
	while [ $i -lt $rounds ]; do
		{ $WRAP "$BIN/perfweek-collect" $C $A --interval 0.01 --count 100000 2>/dev/null & } &&
		pid=$! &&
		# under valgrind, give the program time to start first
		{ [ -z "$WRAP" ] || sleep 4; } &&
		# kill at a different point of a snapshot each round
		sleep "0.$(( (i * 37) % 9 + 1 ))$(( i % 10 ))" &&
		{ kill -9 $pid 2>/dev/null; wait $pid; true; } &&
		i=$((i + 1)) || return 1
	done &&
	test_set_prereq KILLED
'
test_expect_success KILLED "after $rounds kills: integrity_check ok" '
	test_is "$(q "PRAGMA integrity_check")" ok
'
test_expect_success KILLED 'snapshots were stored between kills' '
	n=$(q "SELECT count(*) FROM snapshot") &&
	echo "$n snapshots" &&
	[ "$n" -gt 0 ]
'
test_expect_success KILLED 'no half snapshot: every snapshot has its disk, netif and filesystem rows' '
	test_is "$(q "SELECT count(*) FROM snapshot s WHERE NOT EXISTS (SELECT 1 FROM disk d WHERE d.snapshot_id = s.id) OR NOT EXISTS (SELECT 1 FROM netif x WHERE x.snapshot_id = s.id) OR NOT EXISTS (SELECT 1 FROM filesystem f WHERE f.snapshot_id = s.id)")" 0
'
test_expect_success KILLED 'the counters kept are those of the last stored snapshot' '
	test_is "$(q "SELECT count(*), max(ts) = (SELECT max(ts) FROM snapshot) FROM raw_counter")" "1|1"
'
test_expect_success KILLED 'the collector carries on after the kills' '
	pw perfweek-collect $C $A
'

# A reader and the collector at once.
count=60
[ -n "$QUICK" ] && count=15
test_expect_success 'collector with a concurrent reader: exit 0' '
	before=$(q "SELECT count(*) FROM snapshot") &&
	: >"$SCRATCH/reader.log" &&
	{ (
		while [ ! -e "$SCRATCH/done" ]; do
			sqlite3 -readonly -cmd ".timeout 5000" "$SCRATCH/perfweek.db" \
				"SELECT count(*) FROM snapshot s JOIN disk d ON d.snapshot_id = s.id" \
				>>"$SCRATCH/reader.log" 2>&1 || echo "reader failed" >>"$SCRATCH/reader.log"
		done
	) & } &&
	reader=$! &&
	test_set_prereq READER &&
	pw perfweek-collect $C $A --interval 0.02 --count $count; rc=$?
	touch "$SCRATCH/done" &&
	wait $reader &&
	test_is "$rc" 0
'
test_expect_success READER 'every snapshot stored' '
	test_is "$(q "SELECT count(*) FROM snapshot")" "$((before + count))"
'
test_expect_success READER 'the reader ran' '
	reads=$(wc -l <"$SCRATCH/reader.log") &&
	echo "$reads queries" &&
	[ "$reads" -gt 0 ]
'
test_expect_success READER 'every read succeeded' '
	test_expect_code 1 grep -v "^[0-9][0-9]*$" "$SCRATCH/reader.log"
'
