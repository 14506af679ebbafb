#!/bin/sh
# The same simulated week (tests/prom/lib-prom.sh: simweek's scenario
# "known", collected by perfweek-collect into SQLite and scraped from a
# real node_exporter on the same tree, backfilled into Prometheus and
# imported into VictoriaMetrics) gives the same report from each source:
# every statistic of every metric (tests/e2e/prom_agree.py), the
# coverage with its gap and reboot, and the findings.  Where both read
# the same counters at the same instants the figures are equal to 1e-9;
# the differences that remain are named and bounded below
# (docs/prometheus.md, "How exact").  The Prometheus reports read the
# filesystem types the collector was given ([collect] fs_types).
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/prom/lib-prom.sh"
export TZ=UTC
D=$SCRATCH
R="--week 2026-W46 --format json --offline"
OUT=$D/out

# report NAME ARGS...: the report's JSON as $D/NAME.json
report() {
	name=$1
	shift
	rm -rf "$OUT" &&
	pw perfweek-report $R "$@" &&
	cp "$OUT"/*.json "$D/$name.json"
}

test_expect_success PROMETHEUS,VICTORIA,NODE_EXPORTER,FAKETIME 'the standard week in SQLite, Prometheus and VictoriaMetrics' '
	prom_week && cp "$PROM_WEEK_DB" "$D/week.db" &&
	prom_week_prometheus && P=$PROM_URL &&
	prom_week_vm && V=$VM_URL &&
	printf "[report]\ntimezone = UTC\noutput_dir = %s\n" "$OUT" >"$D/s.conf" &&
	for x in p v; do
		url=$P; [ $x = p ] || url=$V
		printf "[general]\ndatabase = %s/%s.db\n[collect]\nfs_types = tmpfs ext4 xfs\n[report]\ntimezone = UTC\noutput_dir = %s\n[source]\ntype = prometheus\nurl = %s\nstep_s = %s\n" \
			"$D" $x "$OUT" "$url" "$PROM_WEEK_STEP" >"$D/$x.conf" || return 1
	done &&
	test_set_prereq UP
'
test_expect_success UP 'the three reports' '
	report sqlite -c "$D/s.conf" --db "$D/week.db" --host "$PROM_WEEK_HOST" &&
	report prom -c "$D/p.conf" --host "$PROM_WEEK_INSTANCE" &&
	report vm -c "$D/v.conf" --host "$PROM_WEEK_INSTANCE"
'
test_expect_success UP 'Prometheus and VictoriaMetrics agree to 1e-9' '
	/usr/bin/python3 "$SRC/tests/e2e/prom_agree.py" "$D/prom.json" "$D/vm.json"
'
test_expect_success UP 'SQLite and Prometheus agree metric by metric, with the same findings' '
	/usr/bin/python3 "$SRC/tests/e2e/prom_agree.py" "$D/sqlite.json" "$D/prom.json" >"$D/agree" &&
	cat "$D/agree" &&
	n=$(sed -n "s/^agree: \([0-9]*\) metrics$/\1/p" "$D/agree") &&
	test "$n" -ge 30
'
test_expect_success UP 'not vacuously: the week has its gap, its reboot and findings' '
	J() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; } &&
	test_is "$(J "$D/prom.json" "len(d[\"coverage\"][\"gaps\"]), len(d[\"coverage\"][\"reboots\"])")" "1 1" &&
	test_is "$(J "$D/prom.json" "d[\"coverage\"][\"stored\"]")" 1944 &&
	test "$(J "$D/prom.json" "len(d[\"findings\"])")" -ge 5 &&
	test_is "$(J "$D/prom.json" "d[\"summary\"][\"status\"]")" CRITICAL
'
test_expect_success UP 'SQLite and VictoriaMetrics likewise' '
	/usr/bin/python3 "$SRC/tests/e2e/prom_agree.py" "$D/sqlite.json" "$D/vm.json"
'
