#!/bin/sh
# A whole week made through the real collector by tests/simweek.py
# (scenario "known": every value chosen so the statistics can be derived by
# hand; the derivation is in the scenario's comment): exact statistics,
# the findings that must fire and those that must not, coverage with a gap
# and a reboot, and identical bytes on a second run.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
R="-c $SCRATCH/c.conf --db $SCRATCH/w.db --host demo-host --week 2026-W46"
JS=$SCRATCH/out/perfweek-demo-host-2026-W46.json
TX=$SCRATCH/out/perfweek-demo-host-2026-W46.txt
J() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$JS"; }
M() {	# M SECTION METRIC [DEVICE]: the metric object
	if [ $# -eq 2 ]; then
		echo "[m for s in d['resources'] if s['id'] == '$1' for m in s['metrics'] if m['id'] == '$2'][0]"
	else
		echo "[m for s in d['resources'] if s['id'] == '$1' for v in s['devices'] if v['name'] == '$3' for m in v['metrics'] if m['id'] == '$2'][0]"
	fi
}

test_expect_success FAKETIME 'a simulated week through the real collector' '
	/usr/bin/python3 "$SRC/tests/simweek.py" --bin "$BIN" --db "$SCRATCH/w.db" \
		--start "2026-11-09 00:00" --hours 168 --step-s 300 --scenario known 2>"$SCRATCH/sim.log" &&
	printf "[report]\ntimezone = UTC\noutput_dir = %s/out\n" "$SCRATCH" >"$SCRATCH/c.conf" &&
	test_set_prereq WEEK
'
test_expect_success WEEK 'report: exit 0' '
	pw perfweek-report $R --format text,json && test_set_prereq REPORT
'

G="d['coverage']['gaps'][0]"
test_expect_success REPORT 'coverage: 1944 of 2016 snapshots' '
	test_is "$(J "d[\"coverage\"][\"stored\"], d[\"coverage\"][\"expected\"], d[\"coverage\"][\"pct\"]")" \
		"1944 2016 96.4"
'
test_expect_success REPORT 'the gap on Wednesday night: the 72 missed snapshots, 360 min missing (not the 365 min between the stored ones)' '
	test_is "$(J "d[\"coverage\"][\"gap_count\"], $G[\"start\"], $G[\"end\"], $G[\"missed\"], $G[\"minutes\"], d[\"coverage\"][\"gap_minutes\"]")" \
		"1 Wed 2026-11-11 00:00 UTC Wed 2026-11-11 06:00 UTC 72 360 360"
'
test_expect_success REPORT 'the reboot on Thursday' '
	test_is "$(J "len(d[\"coverage\"][\"reboots\"]), d[\"coverage\"][\"reboots\"][0][\"first_snapshot\"]")" \
		"1 Thu 2026-11-12 12:00 UTC"
'
B=$(M cpu cpu_busy_pct)
test_expect_success REPORT 'CPU busy (iowait not counted): samples, time-weighted avg, percentiles, max' '
	test_is "$(J "$B[\"samples\"], $B[\"avg\"], $B[\"p50\"], $B[\"p95\"], $B[\"p99\"], $B[\"max\"]")" \
		"1942 10 9 9 96 96"
'
test_expect_success REPORT 'CPU busy: when, minutes above thresholds, busiest hour and day' '
	test_is "$(J "$B[\"max_at\"], $B[\"minutes_above_warn\"], $B[\"minutes_above_crit\"], $B[\"busiest_hour\"], $B[\"busiest_day\"]")" \
		"Tue 2026-11-10 10:00 UTC 120 120 10 Tuesday"
'
A=$(M disk disk.await_ms sda)
test_expect_success REPORT 'sda await: avg 2.57 ms, 120 min above 20 ms, none above 100' '
	test_is "$(J "$A[\"avg\"], $A[\"p95\"], $A[\"p99\"], $A[\"minutes_above_warn\"], $A[\"minutes_above_crit\"]")" \
		"2.57 2 50 120 0"
'
MEM=$(M memory mem_used_pct)
test_expect_success REPORT 'memory used 50 %' '
	test_is "$(J "$MEM[\"max\"]")" 50
'
FIRED="' '.join(f['severity'] + ':' + f['rule'] + (':' + f['device'] if f['device'] else '') for f in d['findings'])"
test_expect_success REPORT 'exactly the findings that must fire, worst first' '
	test_is "$(J "$FIRED")" \
		"CRITICAL:cpu_busy WARNING:load_per_cpu WARNING:psi_cpu WARNING:tcp_retrans WARNING:disk_await:sda WARNING:disk_util:sda"
'
test_expect_success REPORT 'all in Tuesday'\''s window' '
	test_is "$(J "set((f[\"when\"][\"start\"], f[\"when\"][\"end\"], f[\"when\"][\"minutes\"]) for f in d[\"findings\"])")" \
		"{('\''Tue 2026-11-10 09:55 UTC'\'', '\''Tue 2026-11-10 11:55 UTC'\'', 120)}"
'
test_expect_success REPORT 'status CRITICAL, the top three findings in the summary' '
	test_is "$(J "d[\"summary\"][\"status\"], d[\"summary\"][\"critical\"], d[\"summary\"][\"warning\"], len(d[\"summary\"][\"top_findings\"])")" \
		"CRITICAL 1 5 3"
'
test_expect_success REPORT 'capacity inputs' '
	test_is "$(J "d[\"capacity\"][\"cpu\"][\"cpus\"], d[\"capacity\"][\"cpu\"][\"p95_busy_pct\"], d[\"capacity\"][\"disks\"][0][\"name\"]")" \
		"2 9 sda"
'
# Little's law over web.requests_per_s (50, 150 in the window) and
# web.response_time_s (0.2, 0.8) on all 1944 snapshots: lambda = 99600/1944,
# W = sum(lambda W) / sum(lambda) = 22080/99600, L = 22080/1944.
test_expect_success REPORT 'Little'\''s law for the web service' '
	test_is "$(J "d[\"capacity\"][\"services\"]")" \
		"[{'\''service'\'': '\''web'\'', '\''requests_per_s'\'': 51.23, '\''response_time_s'\'': 0.2217, '\''concurrency'\'': 11.36}]"
'
test_expect_success REPORT 'the data is labelled simulated' '
	test_is "$(J "d[\"simulated\"] is not None")" True
'
test_expect_success REPORT 'and the text report says so' '
	test_like "$(cat "$TX")" "\*\*\* SIMULATED DATA"
'
test_expect_success REPORT 'the text report'\''s status line' '
	test_like "$(cat "$TX")" "STATUS: CRITICAL"
'
test_expect_success REPORT 'the text report'\''s first finding' '
	test_like "$(cat "$TX")" " 1\. \[CRITICAL\] CPU saturation \(cpu\)"
'
test_expect_success REPORT 'no text line is wider than 80 columns' '
	awk "length > 80 { print; bad++ } END { exit bad > 0 }" "$TX"
'

test_expect_success REPORT 'identical bytes on a second run' '
	cp "$JS" "$SCRATCH/a.json" && cp "$TX" "$SCRATCH/a.txt" &&
	pw perfweek-report $R --format text,json &&
	test_cmp "$SCRATCH/a.json" "$JS" && test_cmp "$SCRATCH/a.txt" "$TX"
'

# Thresholds from the configuration: cpu_busy off, disk_await raised.
test_expect_success WEEK 'configured thresholds switch rules off and raise them' '
	printf "[findings]\ncpu_busy = off\ndisk_await = 60 100 15\n" >>"$SCRATCH/c.conf" &&
	pw perfweek-report $R --format json &&
	test_is "$(J "\" \".join(f[\"rule\"] for f in d[\"findings\"])")" "load_per_cpu psi_cpu tcp_retrans disk_util"
'
test_expect_success WEEK 'the status follows' '
	test_is "$(J "d[\"summary\"][\"status\"]")" WARNING
'
