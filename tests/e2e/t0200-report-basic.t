#!/bin/sh
# perfweek-report on a small database made by the real collector at faked
# times: exact values in the JSON, identical bytes on a second run, and the
# error paths (empty week, unknown host, missing database, bad week, broken
# template) with their exit codes.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
write_config
# A few snapshots are judged as a week (min_coverage_pct = 0): this test
# is not about coverage (t0211 is).
cat >> "$SCRATCH/perfweek.conf" <<CONF

[report]
timezone = UTC
min_coverage_pct = 0
output_dir = $SCRATCH/reports
CONF
C="-c $SCRATCH/perfweek.conf"
J() {	# J FILE EXPR: a value of the JSON report, printed by Python
	/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

JS=$SCRATCH/reports/perfweek-testhost-2026-W46.json
TX=$SCRATCH/reports/perfweek-testhost-2026-W46.txt
busy="[m for s in d['resources'] if s['id'] == 'cpu' for m in s['metrics'] if m['id'] == 'cpu_busy_pct'][0]"
sda="[m for s in d['resources'] if s['id'] == 'disk' for dv in s['devices'] if dv['name'] == 'sda' for m in dv['metrics'] if m['id'] == 'disk.await_ms'][0]"

# 2026-W46 is Monday 9 to Sunday 15 November 2026.
test_expect_success FAKETIME 'two snapshots on Tuesday 10 November' '
	collect_at "2026-11-10 10:00:00" rates-a $C &&
	collect_at "2026-11-10 10:01:00" rates-b $C &&
	test_set_prereq SNAPSHOTS
'

test_expect_success SNAPSHOTS 'report for 2026-W46: exit 0' '
	pw perfweek-report $C --week 2026-W46 --format text,json
'
test_expect_success SNAPSHOTS 'text and JSON written under the documented names' '
	test -s "$JS" && test -s "$TX" && test_set_prereq REPORT
'
test_expect_success REPORT 'header: schema, host, period' '
	test_is "$(J "$JS" "d[\"schema\"], d[\"host\"], d[\"period\"][\"label\"], d[\"period\"][\"hours\"], d[\"period\"][\"start_ts\"]")" \
		"perfweek-report/1 testhost 2026-W46 168 1794182400"
'
test_expect_success REPORT 'coverage: 2 snapshots, a 60 s interval' '
	test_is "$(J "$JS" "d[\"coverage\"][\"stored\"], d[\"coverage\"][\"interval_s\"]")" "2 60"
'
test_expect_success REPORT 'CPU busy: one sample of 36 % (100 - idle 60 - iowait 4; the first is a baseline)' '
	test_is "$(J "$JS" "$busy[\"samples\"], $busy[\"avg\"], $busy[\"max\"], $busy[\"max_at_ts\"]")" \
		"1 36 36 1794304860"
'
test_expect_success REPORT 'the time of the max, in local time' '
	test_is "$(J "$JS" "$busy[\"max_at\"]")" "Tue 2026-11-10 10:01 UTC"
'
test_expect_success REPORT 'disk sda await 4 ms' '
	test_is "$(J "$JS" "$sda[\"avg\"], $sda[\"p95\"]")" "4 4"
'
test_expect_success REPORT 'no finding fires' '
	test_is "$(J "$JS" "d[\"summary\"][\"status\"], len(d[\"findings\"])")" "OK 0"
'
test_expect_success REPORT 'the text report'\''s title' '
	test_like "$(cat "$TX")" "perfweek report: testhost, 2026-W46"
'
test_expect_success REPORT 'the text report shows CPU busy' '
	test_like "$(cat "$TX")" "CPU busy %  *36  "
'

test_expect_success REPORT 'a second run gives identical bytes' '
	cp "$JS" "$SCRATCH/first.json" && cp "$TX" "$SCRATCH/first.txt" &&
	sleep 1 &&
	pw perfweek-report $C --week 2026-W46 --format text,json &&
	test_cmp "$SCRATCH/first.json" "$JS" && test_cmp "$SCRATCH/first.txt" "$TX"
'
test_expect_success REPORT 'both runs are recorded with the same input hash' '
	test_is "$(q "SELECT count(*), count(DISTINCT input_hash), max(status), max(period_label) FROM report_run")" \
		"2|1|OK|2026-W46"
'

test_expect_success SNAPSHOTS '--stdout prints the text report' '
	test_like "$(pw perfweek-report $C --week 2026-W46 --stdout)" "^perfweek report: testhost, 2026-W46"
'
test_expect_success SNAPSHOTS 'SOURCE_DATE_EPOCH sets the generation time' '
	SOURCE_DATE_EPOCH=1763000000 pw perfweek-report $C --week 2026-W46 --format json &&
	test_is "$(J "$JS" "d[\"generated_ts\"]")" 1763000000
'

test_expect_success SNAPSHOTS 'a week without data: exit 3' '
	test_expect_code 3 pw perfweek-report $C --week 2026-W40 --format json
'
test_expect_success SNAPSHOTS 'the empty week'\''s report says why' '
	test_is "$(J "$SCRATCH/reports/perfweek-testhost-2026-W40.json" "d[\"coverage\"][\"stored\"], d[\"coverage\"][\"warning\"]")" \
		"0 No snapshots are stored for this period: there is nothing to report on."
'
test_expect_success SNAPSHOTS 'the last week of the year, after the data: exit 3' '
	test_expect_code 3 pw perfweek-report $C --week 2026-W53 --stdout >/dev/null
'

test_expect_success SNAPSHOTS 'unknown host: exit 1' '
	test_expect_code 1 pw perfweek-report $C --week 2026-W46 --host nosuch --stdout >/dev/null
'
test_expect_success SNAPSHOTS 'unknown host: the known hosts are named' '
	test_like "$(cat "$SCRATCH/err")" "no data for host '\''nosuch'\'' .* \(hosts: testhost\)"
'
test_expect_success 'missing database: exit 1' '
	test_expect_code 1 pw perfweek-report $C --db "$SCRATCH/none.db" --stdout >/dev/null
'
test_expect_success 'and it is not created' '
	test ! -e "$SCRATCH/none.db"
'
test_expect_success 'a week that does not exist: exit 2' '
	test_expect_code 2 pw perfweek-report $C --week 2026-W54 >/dev/null
'
test_expect_success '--from without --to: exit 2' '
	test_expect_code 2 pw perfweek-report $C --from 2026-11-10 >/dev/null
'
test_expect_success 'unknown format: exit 2' '
	test_expect_code 2 pw perfweek-report $C --format pdfx >/dev/null
'

test_expect_success SNAPSHOTS 'a broken template: exit 2' '
	printf "Host {{host}}\n{{#findings}}\n{{title}}\n" >"$SCRATCH/broken.mustache" &&
	test_expect_code 2 pw perfweek-report $C --week 2026-W46 --template "$SCRATCH/broken.mustache" --stdout >/dev/null
'
test_expect_success SNAPSHOTS 'the template error names file, line and column' '
	test_like "$(cat "$SCRATCH/err")" "broken.mustache:2:1: section '\''findings'\'' is never closed"
'
test_expect_success SNAPSHOTS 'a user'\''s template with a partial beside it' '
	printf "Host {{host}}: {{summary.status}} {{> part}}\n" >"$SCRATCH/mine.mustache" &&
	printf "[{{period.label}}]" >"$SCRATCH/part.mustache" &&
	test_is "$(pw perfweek-report $C --week 2026-W46 --template "$SCRATCH/mine.mustache" --stdout)" \
		"Host testhost: OK [2026-W46]"
'
