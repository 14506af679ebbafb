#!/bin/sh
# Week summaries: a report stores the summaries of the four weeks before
# it; late data in last week makes its summary stale, so the next report
# computes it again and its "vs last week" figure changes to the exact new
# value.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
write_config
cat >> "$SCRATCH/perfweek.conf" <<CONF

[report]
timezone = UTC
output_dir = $SCRATCH/reports
CONF
C="-c $SCRATCH/perfweek.conf"
J() {	# J FILE EXPR: a value of the JSON report, printed by Python
	/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}
JS=$SCRATCH/reports/perfweek-testhost-2026-W46.json
TX=$SCRATCH/reports/perfweek-testhost-2026-W46.txt
BUSY="[m for s in d['resources'] if s['id'] == 'cpu' for m in s['metrics'] if m['id'] == 'cpu_busy_pct'][0]"
MEM="[m for s in d['resources'] if s['id'] == 'memory' for m in s['metrics'] if m['id'] == 'mem_used_pct'][0]"


# week START_TS BUSY_PCT FRACTION: that part of a week at 300 s, CPU busy
# and memory used constant.
week() {
	/usr/bin/python3 - "$SCRATCH/perfweek.db" "$@" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
t0, busy, part = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
host = con.execute("SELECT id FROM host WHERE name = 'testhost'").fetchone()[0]
for i in range(int(2016 * part)):
    con.execute("INSERT INTO snapshot(host_id, ts, interval_s, boot_time, uptime_s, "
                "cpu_count, cpu_user_pct, cpu_system_pct, cpu_iowait_pct, cpu_idle_pct, "
                "mem_total_bytes, mem_available_bytes, mem_used_pct) "
                "VALUES (?, ?, 300, ?, ?, 2, ?, 0, 0, ?, 8589934592, 4294967296, ?)",
                (host, t0 + i * 300, t0 - 86400, 86400 + i * 300, busy, 100 - busy, busy))
con.commit()
PY
}
W=604800
W=604800
W46=1794182400
W45=$((W46 - W))
test_expect_success 'W46 full at 40 %, W45 60 % covered at 20 %' '
	pw perfweek-collect $C --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
	week $W46 40 1 && week $W45 20 0.6 && test_set_prereq WEEKS
'
test_expect_success WEEKS 'first report: last week 20, +100 %' '
	pw perfweek-report $C --week 2026-W46 --format json &&
	test_is "$(J "$JS" "$BUSY[\"prev_avg\"], $BUSY[\"change_pct\"]")" "20 100"
'
test_expect_success WEEKS 'the four weeks before have their summaries' '
	test_is "$(q "SELECT count(*), sum(snapshots) FROM week_summary")" "4|1209" &&
	test_is "$(q "SELECT samples, avg FROM week_summary_metric WHERE period_start = $W45 AND metric = '\''cpu_busy_pct'\''")" "1209|20.0"
'
test_expect_success WEEKS 'late data in W45: the other 40 % at 30 %' '
	week $((W45 + 1209 * 300)) 30 0.4 &&
	test_is "$(q "SELECT count(*) FROM snapshot WHERE ts >= $W45 AND ts < $W46")" 2015
'
test_expect_success WEEKS 'next report: last week 24, +66.7 %, its summary recomputed' '
	pw perfweek-report $C --week 2026-W46 --format json &&
	test_is "$(J "$JS" "$BUSY[\"prev_avg\"], $BUSY[\"change_pct\"]")" "24 66.7" &&
	test_is "$(q "SELECT snapshots, (SELECT avg FROM week_summary_metric m WHERE m.period_start = s.period_start AND metric = '\''cpu_busy_pct'\'') FROM week_summary s WHERE period_start = $W45")" "2015|24.0"
'

# A reader who may not write the database (nobody; root ignores modes)
# gets the same figures from the series, and nothing is written or said.
command -v setpriv >/dev/null && test_set_prereq SETPRIV
test_expect_success ROOT,SETPRIV,WEEKS 'a reader without the summaries: the same figures, none written' '
	q "DELETE FROM week_summary_metric; DELETE FROM week_summary" &&
	pw perfweek-collect $C --proc-root "$TREES/rates-b/proc" --sys-root "$TREES/rates-b/sys" &&
	chmod 755 "$SCRATCH" && chmod 644 "$SCRATCH"/perfweek.db* &&
	mkdir -m 777 "$SCRATCH/ro" &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		$WRAP "$BIN/perfweek-report" $C --week 2026-W46 --format json \
		--out "$SCRATCH/ro" 2>"$SCRATCH/err" &&
	test_cmp /dev/null "$SCRATCH/err" &&
	test_is "$(J "$SCRATCH/ro/perfweek-testhost-2026-W46.json" "$BUSY[\"prev_avg\"], $BUSY[\"change_pct\"]")" "24 66.7" &&
	test_is "$(q "SELECT count(*) FROM week_summary")" 0
'
