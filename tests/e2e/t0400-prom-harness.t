#!/bin/sh
# The harness of the Prometheus-compatible source (tests/prom/lib-prom.sh):
# the standard week, made by a real node_exporter on simweek's simulated
# tree at every step, backfilled into a real Prometheus and imported into a
# real VictoriaMetrics, holds at each instant exactly what the tree held and
# what perfweek-collect stored from the same tree; both stores return the
# same samples; every server is stopped at the end.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/prom/lib-prom.sh"
export TZ=UTC
PY=/usr/bin/python3
D=$SCRATCH
S=$PROM_WEEK_STEP
T0=$PROM_WEEK_START
T1=$PROM_WEEK_END
I=$PROM_WEEK_INSTANCE
TUE10=$((T0 + 86400 + 10 * 3600))	# Tuesday 10:00, the busy two hours
WED06=$((T0 + 2 * 86400 + 6 * 3600))	# the first step after the gap
THU12=$((T0 + 3 * 86400 + 12 * 3600))	# the reboot

# sqlv SQL: one value from the week's SQLite file.
sqlv() {
	sqlite3 -batch -noheader "$PROM_WEEK_DB" "$1"
}

test_expect_success PROMETHEUS,VICTORIA,NODE_EXPORTER,FAKETIME 'the standard week builds (or comes from the cache)' '
	prom_week &&
	test -s "$PROM_WEEK_DB" && test -s "$PROM_WEEK_OM" &&
	test_set_prereq WEEK
'
test_expect_success WEEK 'the OpenMetrics file: 1944 scrapes, 72 steps down, "# EOF" at the end' '
	test_is "$(grep -c "^up{instance=\"$I\",job=\"node\"} 1 " "$PROM_WEEK_OM")" 1944 &&
	test_is "$(grep -c "^up{instance=\"$I\",job=\"node\"} 0 " "$PROM_WEEK_OM")" 72 &&
	test_is "$(tail -n 1 "$PROM_WEEK_OM")" "# EOF" &&
	test_is "$(grep -c "^#" "$PROM_WEEK_OM")" 1
'
test_expect_success WEEK 'the SQLite file of the same week: 1944 snapshots at the scraped instants' '
	sqlv "SELECT ts FROM snapshot ORDER BY ts" >"$D/sql.ts" &&
	grep "^up{.*} 1 " "$PROM_WEEK_OM" | sed "s/.* //" >"$D/om.ts" &&
	test_is "$(wc -l <"$D/sql.ts")" 1944 &&
	test_cmp "$D/sql.ts" "$D/om.ts"
'
test_expect_success WEEK 'Prometheus starts on a copy of the blocks and is ready' '
	prom_week_prometheus && P=$PROM_URL && PP=$PROM_PID &&
	test_set_prereq PROM
'
test_expect_success WEEK 'VictoriaMetrics starts on a copy of its storage and is ready' '
	prom_week_vm && V=$VM_URL && VP=$VM_PID &&
	test_set_prereq VM
'
test_expect_success PROM 'Prometheus: query_range over the week answers for up, one series' '
	prom_query_range "$P" up "$T0" "$T1" "$S" >"$D/p.up" &&
	test_is "$(cut -d" " -f1 "$D/p.up" | sort -u)" "__name__=\"up\",instance=\"$I\",job=\"node\"" &&
	test_is "$(wc -l <"$D/p.up")" 2016
'
