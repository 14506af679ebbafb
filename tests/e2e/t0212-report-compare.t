#!/bin/sh
# Comparisons only with earlier weeks covered enough: a last week holding
# one baseline snapshot gives "n/a (last week under 0.1 % covered)" in the
# text, a null change with its reason in the JSON and n/a in the PDF,
# never a percentage; the four-week mean uses only the weeks before that
# reach [report] min_coverage_pct and says how many it used.
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
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
FAKETIME="@2026-11-04 12:00:00" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
	--proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys"
ok $? "2026-W45: one baseline snapshot"

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
week $W46 40 1 && week $((W46 - 2 * W)) 20 1 && week $((W46 - 3 * W)) 90 0.3 &&
	week $((W46 - 4 * W)) 30 1
ok $? "2026-W46 full at 40 %, W44 full at 20 %, W43 30 % covered at 90 %, W42 full at 30 %"

pw perfweek-report $C --week 2026-W46 --format text,json,pdf; is "$?" 0 "report: exit 0"
is "$(J "$JS" "d['coverage']['pct'], d['summary']['status']")" "100 OK" "2026-W46 is covered and judged"
is "$(J "$JS" "[(w['label'], w['coverage_pct'], w['used']) for w in d['comparison']['weeks']]")" \
	"[('2026-W45', 0.05, False), ('2026-W44', 100, True), ('2026-W43', 29.96, False), ('2026-W42', 100, True)]" \
	"comparison: the four weeks before, their coverage, which are used"
is "$(J "$JS" "d['comparison']['weeks_used'], d['comparison']['last_week_reason'], d['comparison']['min_coverage_pct']")" \
	"2 last week under 0.1 % covered 50" "comparison: 2 weeks used, why last week is not"
is "$(J "$JS" "$BUSY['prev_avg'], $BUSY['change_pct'], $BUSY['change_reason']")" \
	"None None last week under 0.1 % covered" "CPU busy: no change against last week, and why"
is "$(J "$JS" "$MEM['prev_avg'], $MEM['change_pct'], $MEM['change_reason']")" \
	"None None last week under 0.1 % covered" "memory: the baseline's gauge is not compared with either"
is "$(J "$JS" "$BUSY['change_4w_pct'], $BUSY['change_4w_weeks'], $BUSY['change_4w_reason']")" \
	"60 2 None" "four-week mean from W44 and W42 only: 40 against 25 is +60 %"
like "$(cat "$TX")" "^Change against last week: n/a \(last week under 0\.1 % covered, 2026-W45\)" \
	"text: n/a, with last week's coverage"
like "$(grep '^  CPU busy' "$TX")" " n/a$" "text: the vs prev column says n/a"
if command -v pdftotext >/dev/null; then
	pdftotext -enc UTF-8 "$SCRATCH/reports/perfweek-testhost-2026-W46.pdf" "$SCRATCH/p.txt" 2>/dev/null
	like "$(tr '\n' ' ' < "$SCRATCH/p.txt")" "Change vs last week: n/a \(last week under 0\.1 % covered, 2026-W45; a comparison needs 50 %\)" \
		"PDF: n/a, with last week's coverage"
else
	ok 0 "# SKIP pdftotext is not installed"
fi
grep -q '+[0-9]* %' "$SCRATCH/p.txt" 2>/dev/null; is "$?" 1 "PDF: no percentage change anywhere"

# With last week covered, the change is there: 2026-W47 at 50 % against
# 2026-W46 at 40 %; of the four weeks before (W46 to W43) W46 and W44 are
# covered, their mean is 30.
week $((W46 + W)) 50 1
pw perfweek-report $C --week 2026-W47 --format text,json; is "$?" 0 "2026-W47: exit 0"
JS=$SCRATCH/reports/perfweek-testhost-2026-W47.json
TX=$SCRATCH/reports/perfweek-testhost-2026-W47.txt
is "$(J "$JS" "$BUSY['prev_avg'], $BUSY['change_pct'], $BUSY['change_reason'], d['comparison']['last_week_reason']")" \
	"40 25 None None" "2026-W47: +25 % against a covered last week"
is "$(J "$JS" "$BUSY['change_4w_pct'], $BUSY['change_4w_weeks']")" "66.7 2" \
	"2026-W47: four-week mean from the 2 covered weeks"
like "$(grep '^  CPU busy' "$TX")" " \+25%$" "text: +25%"
grep -q '^Change against last week' "$TX"; is "$?" 1 "text: no n/a line"

# min_coverage_pct = 0 compares with any week that has data (as before).
sed 's/^timezone = UTC$/timezone = UTC\nmin_coverage_pct = 0/' "$SCRATCH/perfweek.conf" > "$SCRATCH/zero.conf"
pw perfweek-report -c "$SCRATCH/zero.conf" --week 2026-W46 --format json
JS=$SCRATCH/reports/perfweek-testhost-2026-W46.json
is "$(J "$JS" "$BUSY['prev_avg'], $BUSY['change_reason'], $BUSY['change_4w_weeks'], d['comparison']['weeks_used']")" \
	"None no data last week 3 4" "min_coverage_pct = 0: the baseline has no CPU busy; 3 weeks with data"
