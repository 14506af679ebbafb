#!/bin/sh
# Discards and flushes per second have their own disk columns, and await
# covers reads and writes only (iostat's r_await and w_await together).
# rates-a to rates-b (60 s) with sda's discard and flush counters moved:
# 600 discards taking 3000 ms, 120 flushes taking 6000 ms.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"
RATES="SELECT reads_per_s, writes_per_s, discards_per_s, flushes_per_s, await_ms
	FROM v_disk WHERE disk = 'sda' AND interval_s IS NOT NULL"
BASELINE="SELECT discards_per_s || '|' || flushes_per_s
	FROM v_disk WHERE disk = 'sda' AND interval_s IS NULL"
OLD_RATES="SELECT reads_per_s, coalesce(discards_per_s, 'NULL'),
	coalesce(flushes_per_s, 'NULL'), await_ms
	FROM v_disk WHERE disk = 'sda' AND interval_s IS NOT NULL"

# collect: a snapshot of $SCRATCH/a, then one of $SCRATCH/b.
collect() {
	pw perfweek-collect $C --proc-root "$SCRATCH/a/proc" --sys-root "$SCRATCH/a/sys" &&
		pw perfweek-collect $C --proc-root "$SCRATCH/b/proc" --sys-root "$SCRATCH/b/sys"
}

# cut14 FILE: the first 14 fields of each line, as a kernel before 4.18
# prints /proc/diskstats.
cut14() {
	awk '{ for (i = 1; i <= 14; i++) printf "%s%s", $i, i < 14 ? " " : "\n" }' \
		"$1" >"$1.14" && mv "$1.14" "$1"
}

test_expect_success 'the fixture: sda counts discards and flushes' '
	cp -r "$TREES/rates-a" "$SCRATCH/a" &&
	cp -r "$TREES/rates-b" "$SCRATCH/b" &&
	sed -i "s/^\( *8 *0 sda .*\) 0 0 0 0 0 0\$/\1 600 0 4800 3000 120 6000/" \
		"$SCRATCH/b/proc/diskstats" &&
	grep -q " sda .* 600 0 4800 3000 120 6000\$" "$SCRATCH/b/proc/diskstats" &&
	test_set_prereq TREES
'

test_expect_success TREES 'two snapshots' '
	collect && test_set_prereq SNAPSHOTS
'

test_expect_success SNAPSHOTS '600/60 discards and 120/60 flushes a second; await (12000 + 24000 ms) / 9000 reads and writes, not 4.63 with them' '
	echo "100.0|50.0|10.0|2.0|4.0" >"$SCRATCH/expect" &&
	q "$RATES" >"$SCRATCH/actual" &&
	test_cmp "$SCRATCH/expect" "$SCRATCH/actual"
'

test_expect_success SNAPSHOTS 'a baseline has none' '
	test -z "$(q "$BASELINE")"
'

test_expect_success SNAPSHOTS 'schema version 5 or later: the last migration' '
	test "$(q "PRAGMA user_version")" = "$(ls "$SRC"/schema/*.sql | wc -l | tr -d " ")" &&
	test "$(q "PRAGMA user_version")" -ge 5
'

# A kernel before 4.18 prints 14 fields: no discard or flush counters,
# NULL in their columns.
test_expect_success TREES 'two snapshots of an older kernel' '
	rm -f "$SCRATCH/perfweek.db"* &&
	cut14 "$SCRATCH/a/proc/diskstats" &&
	cut14 "$SCRATCH/b/proc/diskstats" &&
	collect && test_set_prereq OLD
'

test_expect_success OLD 'rates as before, discards and flushes NULL' '
	echo "100.0|NULL|NULL|4.0" >"$SCRATCH/expect" &&
	q "$OLD_RATES" >"$SCRATCH/actual" &&
	test_cmp "$SCRATCH/expect" "$SCRATCH/actual"
'
