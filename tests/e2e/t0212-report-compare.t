#!/bin/sh
# Comparisons only with earlier weeks covered enough: a last week holding
# one baseline snapshot gives "n/a (last week under 0.1 % covered)" in the
# text, a null change with its reason in the JSON and n/a in the PDF,
# never a percentage; the four-week mean uses only the weeks before that
# reach [report] min_coverage_pct and says how many it used.
. "$(dirname "$0")/lib.sh"
command -v pdftotext >/dev/null && test_set_prereq PDFTOTEXT
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

# 2026-W45: one snapshot by the real collector, a baseline (no rates).
test_expect_success FAKETIME '2026-W45: one baseline snapshot' '
	collect_at "2026-11-04 12:00:00" rates-a $C && test_set_prereq DB
'

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
W46=1794182400
test_expect_success DB '2026-W46 full at 40 %, W44 full at 20 %, W43 30 % covered at 90 %, W42 full at 30 %' '
	week $W46 40 1 && week $((W46 - 2 * W)) 20 1 && week $((W46 - 3 * W)) 90 0.3 &&
	week $((W46 - 4 * W)) 30 1 &&
	test_set_prereq WEEKS
'

test_expect_success WEEKS 'report: exit 0' '
	pw perfweek-report $C --week 2026-W46 --format text,json,pdf && test_set_prereq REPORT
'
test_expect_success REPORT '2026-W46 is covered and judged' '
	test_is "$(J "$JS" "d[\"coverage\"][\"pct\"], d[\"summary\"][\"status\"]")" "100 OK"
'
test_expect_success REPORT 'comparison: the four weeks before, their coverage, which are used' '
	test_is "$(J "$JS" "[(w[\"label\"], w[\"coverage_pct\"], w[\"used\"]) for w in d[\"comparison\"][\"weeks\"]]")" \
		"[('\''2026-W45'\'', 0.05, False), ('\''2026-W44'\'', 100, True), ('\''2026-W43'\'', 29.96, False), ('\''2026-W42'\'', 100, True)]"
'
test_expect_success REPORT 'comparison: 2 weeks used, why last week is not' '
	test_is "$(J "$JS" "d[\"comparison\"][\"weeks_used\"], d[\"comparison\"][\"last_week_reason\"], d[\"comparison\"][\"min_coverage_pct\"]")" \
		"2 last week under 0.1 % covered 50"
'
test_expect_success REPORT 'CPU busy: no change against last week, and why' '
	test_is "$(J "$JS" "$BUSY[\"prev_avg\"], $BUSY[\"change_pct\"], $BUSY[\"change_reason\"]")" \
		"None None last week under 0.1 % covered"
'
test_expect_success REPORT 'memory: the baseline'\''s gauge is not compared with either' '
	test_is "$(J "$JS" "$MEM[\"prev_avg\"], $MEM[\"change_pct\"], $MEM[\"change_reason\"]")" \
		"None None last week under 0.1 % covered"
'
test_expect_success REPORT 'four-week mean from W44 and W42 only: 40 against 25 is +60 %' '
	test_is "$(J "$JS" "$BUSY[\"change_4w_pct\"], $BUSY[\"change_4w_weeks\"], $BUSY[\"change_4w_reason\"]")" \
		"60 2 None"
'
test_expect_success REPORT 'text: n/a, with last week'\''s coverage' '
	test_like "$(cat "$TX")" "^Change against last week: n/a \(last week under 0\.1 % covered, 2026-W45\)"
'
test_expect_success REPORT 'text: the vs prev column says n/a' '
	test_like "$(grep "^  CPU busy" "$TX")" " n/a$"
'
test_expect_success REPORT,PDFTOTEXT 'PDF: n/a, with last week'\''s coverage' '
	pdftotext -enc UTF-8 "$SCRATCH/reports/perfweek-testhost-2026-W46.pdf" "$SCRATCH/p.txt" 2>/dev/null &&
	test_like "$(tr "\n" " " <"$SCRATCH/p.txt")" "Change vs last week: n/a \(last week under 0\.1 % covered, 2026-W45; a comparison needs 50 %\)"
'
test_expect_success REPORT,PDFTOTEXT 'PDF: no percentage change anywhere' '
	test -s "$SCRATCH/p.txt" &&
	test_expect_code 1 grep "+[0-9]* %" "$SCRATCH/p.txt"
'

# With last week covered, the change is there: 2026-W47 at 50 % against
# 2026-W46 at 40 %; of the four weeks before (W46 to W43) W46 and W44 are
# covered, their mean is 30.
JS7=$SCRATCH/reports/perfweek-testhost-2026-W47.json
TX7=$SCRATCH/reports/perfweek-testhost-2026-W47.txt
test_expect_success WEEKS '2026-W47: exit 0' '
	week $((W46 + W)) 50 1 &&
	pw perfweek-report $C --week 2026-W47 --format text,json &&
	test_set_prereq W47
'
test_expect_success W47 '2026-W47: +25 % against a covered last week' '
	test_is "$(J "$JS7" "$BUSY[\"prev_avg\"], $BUSY[\"change_pct\"], $BUSY[\"change_reason\"], d[\"comparison\"][\"last_week_reason\"]")" \
		"40 25 None None"
'
test_expect_success W47 '2026-W47: four-week mean from the 2 covered weeks' '
	test_is "$(J "$JS7" "$BUSY[\"change_4w_pct\"], $BUSY[\"change_4w_weeks\"]")" "66.7 2"
'
test_expect_success W47 'text: +25%' '
	test_like "$(grep "^  CPU busy" "$TX7")" " \+25%$"
'
test_expect_success W47 'text: no n/a line' '
	test -s "$TX7" &&
	test_expect_code 1 grep -q "^Change against last week" "$TX7"
'

# min_coverage_pct = 0 compares with any week that has data (as before).
test_expect_success W47 'min_coverage_pct = 0: the baseline has no CPU busy; 3 weeks with data' '
	sed "s/^timezone = UTC\$/timezone = UTC\nmin_coverage_pct = 0/" "$SCRATCH/perfweek.conf" >"$SCRATCH/zero.conf" &&
	pw perfweek-report -c "$SCRATCH/zero.conf" --week 2026-W46 --format json &&
	test_is "$(J "$JS" "$BUSY[\"prev_avg\"], $BUSY[\"change_reason\"], $BUSY[\"change_4w_weeks\"], d[\"comparison\"][\"weeks_used\"]")" \
		"None no data last week 3 4"
'
