#!/bin/sh
# tests/simweek.py, the driver of the demo, the golden weeks and the soak:
# its probe runs go on while the next steps are collected, those of the
# checks named by --overlap-check in runs of their own that overlap, and
# yet the data is what the driver in lock step makes: each result stamped
# with its step's simulated time, a URL that fails by request number
# failing at the planned steps, the same rows with --lockstep.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
PY=/usr/bin/python3
[ -x "$BIN/perfweek-probe" ] && test_set_prereq PROBE
D=$SCRATCH
START_TS=1794182400	# Monday 2026-11-09 00:00 UTC

test_expect_success 'the HTTP server listens' '
	$PY "$SRC/tests/servers/http_server.py" --port-file "$D/port" \
		>"$D/server.log" 2>&1 &
	on_exit "kill $! 2>/dev/null" &&
	i=0 &&
	while [ ! -s "$D/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done &&
	P=$(cat "$D/port") && test -n "$P" &&
	test_set_prereq HTTP
'

# conf NAME: a configuration of two checks on its own database NAME.db:
# "api" fails at its requests 3 to 5, "slow" takes 300 ms; each database
# has its own URLs (the query), so that the server counts each apart.
conf() {
	cat >"$D/$1.conf" <<CONF
[general]
database = $D/$1.db
host = sim-host

[health "api"]
url = http://127.0.0.1:$P/fail-on?n=3-5&run=$1

[health "slow"]
url = http://127.0.0.1:$P/slow/300?run=$1
CONF
}

# sim NAME ARGS...: 12 steps of 300 s, the probes at every step, the clock
# stopped while a program runs (so that the data comes out the same).
sim() {
	name=$1
	shift
	conf "$name" &&
	$PY "$SRC/tests/simweek.py" --bin "$BIN" --db "$D/$name.db" \
		--start "2026-11-09 00:00" --hours 1 --step-s 300 --scenario known \
		--host sim-host --frozen-clock --probe-config "$D/$name.conf" "$@" \
		2>"$D/$name.log"
}

# rows NAME: the stored probe results and snapshots, without row ids.
rows() {
	sqlite3 -batch "$D/$1.db" "SELECT c.name, r.ts, r.ok, r.http_status,
		r.error FROM health_result r JOIN health_check c ON c.id = r.check_id
		ORDER BY c.name, r.ts; SELECT ts, interval_s, cpu_user_pct,
		load1 FROM snapshot ORDER BY ts"
}

test_expect_success PROBE,HTTP,FAKETIME 'simweek with --overlap-check slow: exit 0, 24 probe runs' '
	sim overlap --overlap-check slow &&
	grep -q "^simweek: 24 probe runs, 0 maintenance runs$" "$D/overlap.log" &&
	test_set_prereq OVERLAP
'
test_expect_success OVERLAP 'every result stamped with its own step: 12 of each check' '
	want=$(i=0; while [ $i -lt 12 ]; do echo $((START_TS + 300 * i)); i=$((i + 1)); done) &&
	test_is "$(sqlite3 "$D/overlap.db" "SELECT r.ts FROM health_result r JOIN health_check c ON c.id = r.check_id WHERE c.name = '\''slow'\'' ORDER BY r.ts")" "$want" &&
	test_is "$(sqlite3 "$D/overlap.db" "SELECT r.ts FROM health_result r JOIN health_check c ON c.id = r.check_id WHERE c.name = '\''api'\'' ORDER BY r.ts")" "$want"
'
test_expect_success OVERLAP 'the api failed at its requests 3 to 5: steps 2, 3 and 4' '
	test_is "$(sqlite3 "$D/overlap.db" "SELECT (r.ts - $START_TS) / 300 FROM health_result r JOIN health_check c ON c.id = r.check_id WHERE c.name = '\''api'\'' AND NOT r.ok ORDER BY r.ts" | tr "\n" " ")" "2 3 4 "
'
test_expect_success OVERLAP 'the slow check: 12 results, none failed' '
	test_is "$(sqlite3 "$D/overlap.db" "SELECT count(*), sum(ok) FROM health_result r JOIN health_check c ON c.id = r.check_id WHERE c.name = '\''slow'\''")" "12|12"
'
test_expect_success PROBE,HTTP,FAKETIME 'the same rows as the driver in lock step' '
	sim lockstep --lockstep &&
	grep -q "^simweek: 12 probe runs, 0 maintenance runs$" "$D/lockstep.log" &&
	rows overlap >"$D/overlap.rows" &&
	rows lockstep >"$D/lockstep.rows" &&
	test_is "$(wc -l <"$D/lockstep.rows")" 36 &&
	test_cmp "$D/lockstep.rows" "$D/overlap.rows"
'
test_expect_success PROBE,HTTP,FAKETIME '--overlap-check of a check the configuration does not have: exit 1, named' '
	rc=0 && sim bad --overlap-check nope || rc=$? &&
	test_is "$rc:$(cat "$D/bad.log")" "1:simweek: --overlap-check '\''nope'\'': no [health \"nope\"] in '\''$D/bad.conf'\''"
'
test_expect_success '--overlap-check without --probe-config: a usage error, exit 2' '
	rc=0 &&
	$PY "$SRC/tests/simweek.py" --bin "$BIN" --db "$D/x.db" --start "2026-11-09 00:00" \
		--hours 1 --step-s 300 --scenario known --overlap-check slow 2>"$D/err" || rc=$? &&
	test_is "$rc:$(tail -n 1 "$D/err")" "2:simweek.py: error: --overlap-check needs --probe-config"
'
