#!/bin/sh
# perfweek-report on a small database made by the real collector at faked
# times: exact values in the JSON, identical bytes on a second run, and the
# error paths (empty week, unknown host, missing database, bad week, broken
# template) with their exit codes.
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
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

# 2026-W46 is Monday 9 to Sunday 15 November 2026.
FAKETIME="@2026-11-10 10:00:00" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
	--proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
FAKETIME="@2026-11-10 10:01:00" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
	--proc-root "$TREES/rates-b/proc" --sys-root "$TREES/rates-b/sys"
ok $? "two snapshots on Tuesday 10 November"

pw perfweek-report $C --week 2026-W46 --format text,json; rc=$?
is "$rc" 0 "report for 2026-W46: exit 0"
JS=$SCRATCH/reports/perfweek-testhost-2026-W46.json
TX=$SCRATCH/reports/perfweek-testhost-2026-W46.txt
[ -s "$JS" ] && [ -s "$TX" ]; ok $? "text and JSON written under the documented names"
is "$(J "$JS" "d['schema'], d['host'], d['period']['label'], d['period']['hours'], d['period']['start_ts']")" \
	"perfweek-report/1 testhost 2026-W46 168 1794182400" "header: schema, host, period"
is "$(J "$JS" "d['coverage']['stored'], d['coverage']['interval_s']")" "2 60" \
	"coverage: 2 snapshots, a 60 s interval"
busy="[m for s in d['resources'] if s['id'] == 'cpu' for m in s['metrics'] if m['id'] == 'cpu_busy_pct'][0]"
is "$(J "$JS" "$busy['samples'], $busy['avg'], $busy['max'], $busy['max_at_ts']")" \
	"1 36 36 1794304860" "CPU busy: one sample of 36 % (100 - idle 60 - iowait 4; the first is a baseline)"
is "$(J "$JS" "$busy['max_at']")" "Tue 2026-11-10 10:01 UTC" "the time of the max, in local time"
sda="[m for s in d['resources'] if s['id'] == 'disk' for dv in s['devices'] if dv['name'] == 'sda' for m in dv['metrics'] if m['id'] == 'disk.await_ms'][0]"
is "$(J "$JS" "$sda['avg'], $sda['p95']")" "4 4" "disk sda await 4 ms"
is "$(J "$JS" "d['summary']['status'], len(d['findings'])")" "OK 0" "no finding fires"
like "$(cat "$TX")" "perfweek report: testhost, 2026-W46" "the text report's title"
like "$(cat "$TX")" "CPU busy %  *36  " "the text report shows CPU busy"

cp "$JS" "$SCRATCH/first.json"; cp "$TX" "$SCRATCH/first.txt"
sleep 1
pw perfweek-report $C --week 2026-W46 --format text,json
cmp -s "$JS" "$SCRATCH/first.json" && cmp -s "$TX" "$SCRATCH/first.txt"
ok $? "a second run gives identical bytes"
is "$(q "SELECT count(*), count(DISTINCT input_hash), max(status), max(period_label) FROM report_run")" \
	"2|1|OK|2026-W46" "both runs are recorded with the same input hash"

out=$(pw perfweek-report $C --week 2026-W46 --stdout)
like "$out" "^perfweek report: testhost, 2026-W46" "--stdout prints the text report"
SOURCE_DATE_EPOCH=1763000000 pw perfweek-report $C --week 2026-W46 --format json
is "$(J "$JS" "d['generated_ts']")" 1763000000 "SOURCE_DATE_EPOCH sets the generation time"

pw perfweek-report $C --week 2026-W40 --format json; is "$?" 3 "a week without data: exit 3"
is "$(J "$SCRATCH/reports/perfweek-testhost-2026-W40.json" "d['coverage']['stored'], d['coverage']['warning']")" \
	"0 No snapshots are stored for this period: there is nothing to report on." \
	"the empty week's report says why"
pw perfweek-report $C --week 2026-W53 --stdout >/dev/null; is "$?" 3 "the last week of the year, after the data: exit 3"

pw perfweek-report $C --week 2026-W46 --host nosuch --stdout >/dev/null; is "$?" 1 "unknown host: exit 1"
like "$(cat "$SCRATCH/err")" "no data for host 'nosuch' .* \(hosts: testhost\)" "unknown host: the known hosts are named"
pw perfweek-report $C --db "$SCRATCH/none.db" --stdout >/dev/null; is "$?" 1 "missing database: exit 1"
[ ! -e "$SCRATCH/none.db" ]; ok $? "and it is not created"
pw perfweek-report $C --week 2026-W54 >/dev/null; is "$?" 2 "a week that does not exist: exit 2"
pw perfweek-report $C --from 2026-11-10 >/dev/null; is "$?" 2 "--from without --to: exit 2"
pw perfweek-report $C --format pdfx >/dev/null; is "$?" 2 "unknown format: exit 2"

printf 'Host {{host}}\n{{#findings}}\n{{title}}\n' > "$SCRATCH/broken.mustache"
pw perfweek-report $C --week 2026-W46 --template "$SCRATCH/broken.mustache" --stdout >/dev/null
is "$?" 2 "a broken template: exit 2"
like "$(cat "$SCRATCH/err")" "broken.mustache:2:1: section 'findings' is never closed" \
	"the template error names file, line and column"
printf 'Host {{host}}: {{summary.status}} {{> part}}\n' > "$SCRATCH/mine.mustache"
printf '[{{period.label}}]' > "$SCRATCH/part.mustache"
is "$(pw perfweek-report $C --week 2026-W46 --template "$SCRATCH/mine.mustache" --stdout)" \
	"Host testhost: OK [2026-W46]" "a user's template with a partial beside it"
