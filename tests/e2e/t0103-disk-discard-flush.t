#!/bin/sh
# Discards and flushes per second have their own disk columns, and await
# covers reads and writes only (iostat's r_await and w_await together).
# rates-a to rates-b (60 s) with sda's discard and flush counters moved:
# 600 discards taking 3000 ms, 120 flushes taking 6000 ms.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"
cp -r "$TREES/rates-a" "$SCRATCH/a"
cp -r "$TREES/rates-b" "$SCRATCH/b"
sed -i 's/^\( *8 *0 sda .*\) 0 0 0 0 0 0$/\1 600 0 4800 3000 120 6000/' \
	"$SCRATCH/b/proc/diskstats"
like "$(grep ' sda ' "$SCRATCH/b/proc/diskstats")" " 600 0 4800 3000 120 6000$" \
	"the fixture's sda counts discards and flushes"
pw perfweek-collect $C --proc-root "$SCRATCH/a/proc" --sys-root "$SCRATCH/a/sys" &&
	pw perfweek-collect $C --proc-root "$SCRATCH/b/proc" --sys-root "$SCRATCH/b/sys"
ok $? "two snapshots"
is "$(q "SELECT reads_per_s, writes_per_s, discards_per_s, flushes_per_s, await_ms FROM v_disk WHERE disk = 'sda' AND interval_s IS NOT NULL")" \
	"100.0|50.0|10.0|2.0|4.0" \
	"600/60 discards and 120/60 flushes a second; await (12000 + 24000 ms) / 9000 reads and writes, not 4.63 with them"
is "$(q "SELECT discards_per_s || '|' || flushes_per_s FROM v_disk WHERE disk = 'sda' AND interval_s IS NULL")" "" \
	"a baseline has none"
is "$(q 'PRAGMA user_version')" 5 "schema version 5"

# A kernel before 4.18 prints 14 fields: no discard or flush counters,
# NULL in their columns (the rates-a/b trees cut to 14 fields a line).
rm -f "$SCRATCH/perfweek.db"*
for t in a b; do
	awk '{ for (i = 1; i <= 14; i++) printf "%s%s", $i, i < 14 ? " " : "\n" }' \
		"$SCRATCH/$t/proc/diskstats" >"$SCRATCH/$t/ds" &&
		mv "$SCRATCH/$t/ds" "$SCRATCH/$t/proc/diskstats"
done
pw perfweek-collect $C --proc-root "$SCRATCH/a/proc" --sys-root "$SCRATCH/a/sys" &&
	pw perfweek-collect $C --proc-root "$SCRATCH/b/proc" --sys-root "$SCRATCH/b/sys"
ok $? "two snapshots of an older kernel"
is "$(q "SELECT reads_per_s, coalesce(discards_per_s, 'NULL'), coalesce(flushes_per_s, 'NULL'), await_ms FROM v_disk WHERE disk = 'sda' AND interval_s IS NOT NULL")" \
	"100.0|NULL|NULL|4.0" "rates as before, discards and flushes NULL"
