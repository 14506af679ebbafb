#!/bin/sh
# SIGKILL in the middle of a run, over and over, never leaves half a
# snapshot; a reader querying while the collector writes loses nothing.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"
A="--proc-root $TREES/rates-a/proc --sys-root $TREES/rates-a/sys"

rounds=25
[ -n "$QUICK" ] && rounds=4
i=0
while [ $i -lt $rounds ]; do
	$WRAP "$BIN/perfweek-collect" $C $A --interval 0.01 --count 100000 2>/dev/null &
	pid=$!
	# under valgrind, give the program time to start first
	[ -n "$WRAP" ] && sleep 4
	# kill at a different point of a snapshot each round
	sleep "0.$(( (i * 37) % 9 + 1 ))$(( i % 10 ))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	i=$((i + 1))
done
is "$(q 'PRAGMA integrity_check')" ok "after $rounds kills: integrity_check ok"
n=$(q 'SELECT count(*) FROM snapshot')
[ "$n" -gt 0 ]; ok $? "snapshots were stored between kills ($n)"
is "$(q 'SELECT count(*) FROM snapshot s WHERE NOT EXISTS (SELECT 1 FROM disk d WHERE d.snapshot_id = s.id) OR NOT EXISTS (SELECT 1 FROM netif x WHERE x.snapshot_id = s.id) OR NOT EXISTS (SELECT 1 FROM filesystem f WHERE f.snapshot_id = s.id)')" \
	0 "no half snapshot: every snapshot has its disk, netif and filesystem rows"
is "$(q 'SELECT count(*), max(ts) = (SELECT max(ts) FROM snapshot) FROM raw_counter')" "1|1" \
	"the counters kept are those of the last stored snapshot"
pw perfweek-collect $C $A; is "$?" 0 "the collector carries on after the kills"

# A reader and the collector at once.
before=$(q 'SELECT count(*) FROM snapshot')
count=60
[ -n "$QUICK" ] && count=15
: > "$SCRATCH/reader.log"
(
	while [ ! -e "$SCRATCH/done" ]; do
		sqlite3 -readonly -cmd '.timeout 5000' "$SCRATCH/perfweek.db" \
			"SELECT count(*) FROM snapshot s JOIN disk d ON d.snapshot_id = s.id" \
			>>"$SCRATCH/reader.log" 2>&1 || echo "reader failed" >>"$SCRATCH/reader.log"
	done
) &
reader=$!
pw perfweek-collect $C $A --interval 0.02 --count $count; rc=$?
touch "$SCRATCH/done"
wait $reader
is "$rc" 0 "collector with a concurrent reader: exit 0"
is "$(q 'SELECT count(*) FROM snapshot')" "$((before + count))" "every snapshot stored"
reads=$(wc -l < "$SCRATCH/reader.log")
[ "$reads" -gt 0 ]; ok $? "the reader ran ($reads queries)"
grep -qv '^[0-9][0-9]*$' "$SCRATCH/reader.log"; is "$?" 1 "every read succeeded"
