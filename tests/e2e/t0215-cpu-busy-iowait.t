#!/bin/sh
# CPU busy is the time spent running, 100 - idle - iowait: iowait is idle
# time with I/O outstanding, its own metric and finding, never CPU
# saturation.  An hour of one-minute snapshots from a /proc tree whose
# "cpu" line grows by exact shares: 92 % user and 8 % iowait, then (a second
# host) 80 % user and 20 % iowait.
. "$(dirname "$0")/lib.sh"
export TZ=UTC

# hour HOST USER_PCT IOWAIT_PCT: 61 snapshots, 10:00 to 11:00, of a 2-CPU
# host (12000 jiffies a minute) whose CPU time splits as given.
hour() {
	T=$SCRATCH/tree-$1
	rm -rf "$T" && cp -r "$TREES/rates-a" "$T" || return 1
	i=0
	while [ $i -le 60 ]; do
		u=$((1000 + i * 120 * $2))
		w=$((100 + i * 120 * $3))
		cat >"$T/proc/stat" <<STAT
cpu  $u 0 0 0 $w 0 0 0 0 0
cpu0 $((u / 2)) 0 0 0 $((w / 2)) 0 0 0 0 0
cpu1 $((u / 2)) 0 0 0 $((w / 2)) 0 0 0 0 0
intr 500000 0 9 0 0 0 0 0 0 0 0
ctxt 100000
btime 1700000000
processes 4242
procs_running 2
procs_blocked 0
STAT
		printf '%d.00 0.00\n' $((1000 + i * 60)) >"$T/proc/uptime"
		ts=$((1794304800 + i * 60))
		FAKETIME="@$(date -u -d "@$ts" '+%Y-%m-%d %H:%M:%S')" \
			LD_PRELOAD="$FT" "$BIN/perfweek-collect" -c "$SCRATCH/$1.conf" \
			--proc-root "$T/proc" --sys-root "$T/sys" 2>>"$SCRATCH/err" ||
			return 1
		i=$((i + 1))
	done
}

write_config
cat >>"$SCRATCH/perfweek.conf" <<CONF

[report]
timezone = UTC
output_dir = $SCRATCH/out

[findings]
cpu_busy = 85 95 30
iowait = 10 25 15
CONF
C="-c $SCRATCH/perfweek.conf"
for h in h92 h80; do
	sed "s/^host = testhost$/host = $h/" "$SCRATCH/perfweek.conf" >"$SCRATCH/$h.conf"
done
J() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
BUSY="[m for s in d['resources'] if s['id'] == 'cpu' for m in s['metrics'] if m['id'] == 'cpu_busy_pct'][0]"
IOW="[m for s in d['resources'] if s['id'] == 'cpu' for m in s['metrics'] if m['id'] == 'cpu_iowait_pct'][0]"
RULES="' '.join(f['severity'] + ':' + f['rule'] for f in d['findings'])"
R="--from 2026-11-10T10:00 --to 2026-11-10T11:00 --format text,json"

test_expect_success FAKETIME 'an hour at 92 % busy and 8 % iowait' '
	hour h92 92 8 && test_set_prereq H92
'
test_expect_success H92 'its report: exit 0' '
	pw perfweek-report $C --host h92 $R &&
	JS=$SCRATCH/out/perfweek-h92-2026-11-10T1000.json &&
	{ test -f "$JS" || JS=$(ls "$SCRATCH"/out/perfweek-h92-*.json | head -n 1); } &&
	test_set_prereq R92
'
test_expect_success R92 'CPU busy 92 % (iowait not counted): 59 rates in [10:00, 11:00), 59 min above 85, none above 95' '
	test_is "$(J "$JS" "$BUSY[\"samples\"], $BUSY[\"avg\"], $BUSY[\"max\"], $BUSY[\"minutes_above_warn\"], $BUSY[\"minutes_above_crit\"]")" \
		"59 92 92 59 0"
'
test_expect_success R92 'iowait 8 %, its own metric' '
	test_is "$(J "$JS" "$IOW[\"avg\"], $IOW[\"max\"]")" "8 8"
'
test_expect_success R92 'no CPU-saturation CRITICAL at 95 %, no iowait finding under 10 %' '
	test_is "$(J "$JS" "$RULES")" "WARNING:cpu_busy"
'
test_expect_success R92 'the CPU queueing estimate works from busy without iowait' '
	test_is "$(J "$JS" "d[\"capacity\"][\"cpu\"][\"p95_busy_pct\"]")" 92
'
test_expect_success R92 'the text report'\''s notes say iowait is not busy' '
	test_like "$(cat "$SCRATCH"/out/perfweek-h92-*.txt)" "iowait"
'

test_expect_success FAKETIME 'an hour at 80 % busy and 20 % iowait' '
	hour h80 80 20 && test_set_prereq H80
'
test_expect_success H80 'its report: exit 0' '
	pw perfweek-report $C --host h80 $R &&
	JS=$(ls "$SCRATCH"/out/perfweek-h80-*.json | head -n 1) &&
	test_set_prereq R80
'
test_expect_success R80 'CPU busy 80 %: under the 85 % warning although idle is 0' '
	test_is "$(J "$JS" "$BUSY[\"avg\"], $BUSY[\"minutes_above_warn\"]")" "80 0"
'
test_expect_success R80 'the wait for I/O is an iowait WARNING, not CPU saturation' '
	test_is "$(J "$JS" "$RULES")" "WARNING:iowait"
'
