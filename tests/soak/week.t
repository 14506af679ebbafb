#!/bin/sh
# A week in minutes: a whole week of collection at one-minute resolution
# (10,080 snapshots) through the real collector under libfaketime
# (tests/simweek.py, scenario demo: a reboot, a saturation episode), the
# prober checking a local HTTP server at every step, with two planned
# outages of one health URL, maintenance once a simulated day, and a reader
# querying the same database all along.  Then the week's report, also under
# valgrind memcheck.
#
# Checks: no error anywhere, no lost snapshot or probe result (exact
# counts), the database growing linearly (the size after the week as
# predicted from the bytes per snapshot of the first day), coverage 100 %,
# the health section giving the outages their planned start and end, and a
# clean valgrind run.
#
# SOAK_HOURS shortens the run (default 168, the whole week); make check
# runs it as set in the Makefile.
#
# The scratch directory is on a tmpfs (/dev/shm) unless TMPDIR names one:
# what is checked here (counts, growth, concurrent readers and writers,
# the report) does not depend on the disk, and on a disk each of the
# week's 20,000 program runs would sync the database when it closes it.
# simweek.py runs each probe alongside the next snapshots, as cron starts
# both programs every minute whether the other has ended or not.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	TMPDIR=/dev/shm
	export TMPDIR
fi
. "$(dirname "$0")/../e2e/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
[ -x "$BIN/perfweek-probe" ] || skip_all "perfweek-probe is not built"
export TZ=UTC
HOURS=${SOAK_HOURS:-168}
STEPS=$((HOURS * 60))
START_TS=1794182400		# Monday 2026-11-09 00:00 UTC (2026-W46)
DB=$SCRATCH/perfweek.db

# Two outages of the "api" URL, in steps (one a minute): 30 minutes at
# 20 % of the run, 45 minutes at 60 %.  The probe run at step i is the
# server's request number i + 1 for that URL.
A=$((STEPS / 5)); AN=30
B=$((STEPS * 3 / 5)); BN=45
FAILS="$((A + 1))-$((A + AN)),$((B + 1))-$((B + BN))"

/usr/bin/python3 "$SRC/tests/servers/http_server.py" \
	--port-file "$SCRATCH/port" >"$SCRATCH/server.log" 2>&1 &
SERVER=$!
on_exit "kill $SERVER 2>/dev/null"
i=0
while [ ! -s "$SCRATCH/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat "$SCRATCH/port")
[ -n "$PORT" ]; ok $? "the local HTTP server listens on 127.0.0.1:$PORT"

cat > "$SCRATCH/probe.conf" <<CONF
[general]
database = $DB
host = soak-host

[health "web"]
url = http://127.0.0.1:$PORT/page
keyword = nominal
timeout_s = 5

[health "api"]
url = http://127.0.0.1:$PORT/fail-on?n=$FAILS
timeout_s = 5
CONF
printf '[report]\ntimezone = UTC\noutput_dir = %s/reports\n' "$SCRATCH" \
	> "$SCRATCH/report.conf"
# A shortened soak (SOAK_HOURS under half a week) is not an incomplete week.
[ "$HOURS" -ge 84 ] || echo "min_coverage_pct = 0" >> "$SCRATCH/report.conf"
cat "$SCRATCH/probe.conf" >> "$SCRATCH/report.conf"

# The reader: counts snapshots while the week is written, until told to stop.
reader() {
	n=0
	while [ ! -e "$SCRATCH/stop" ]; do
		# Until the first collector run has committed the schema, an
		# existing file may still be empty.
		if [ "$n" -eq 0 ] && ! sqlite3 -batch -readonly "$DB" \
		    "SELECT 1 FROM snapshot LIMIT 1" 2>/dev/null | grep -q 1; then
			sleep 0.05
			continue
		fi
		if ! sqlite3 -batch -readonly -cmd ".timeout 20000" "$DB" \
		    "SELECT count(*) FROM snapshot; SELECT count(*) FROM v_disk
		     WHERE ts > (SELECT max(ts) FROM snapshot) - 3600" \
		    >/dev/null 2>>"$SCRATCH/reader.err"; then
			echo x >> "$SCRATCH/reader.failed"
		fi
		n=$((n + 1))
		sleep 0.05
	done
	echo "$n" > "$SCRATCH/reader.count"
}

simweek() {	# simweek START HOURS [--append]: part of the week
	/usr/bin/python3 "$SRC/tests/simweek.py" --bin "$BIN" --db "$DB" \
		--start "$1" --hours "$2" --step-s 60 --scenario demo ${3:-} \
		--host soak-host --maintain-at 03:17 \
		--probe-config "$SCRATCH/probe.conf" 2>>"$SCRATCH/simweek.log"
}

size() {	# bytes of the database in use, after a checkpoint
	sqlite3 -batch -cmd ".timeout 20000" "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	sqlite3 -batch "$DB" "SELECT (page_count - freelist_count) * page_size
		FROM pragma_page_count, pragma_freelist_count, pragma_page_size"
}

# The first day, then the rest of the week: the size after the first day
# predicts the size after the week (everything grows per snapshot).  The
# second part starts a new simulated boot, so it begins with a baseline.
reader &
READER=$!
on_exit "touch $SCRATCH/stop; wait $READER 2>/dev/null"
FIRST=$((HOURS < 24 ? HOURS : 24))
simweek "2026-11-09 00:00" "$FIRST"
ok $? "simweek: the first $FIRST hours collected, probed and maintained"
DAY1=$(size)
if [ "$HOURS" -gt 24 ]; then
	simweek "2026-11-10 00:00" $((HOURS - 24)) --append
	ok $? "simweek: the other $((HOURS - 24)) hours"
fi
touch "$SCRATCH/stop"
wait $READER
WEEK=$(size)

is "$(sqlite3 "$DB" "SELECT count(*) FROM snapshot s JOIN host h ON h.id = s.host_id WHERE h.name = 'soak-host'")" \
	"$STEPS" "every snapshot stored: $STEPS"
is "$(sqlite3 "$DB" "SELECT count(*) FROM health_result")" \
	"$((2 * STEPS))" "every probe result stored: 2 x $STEPS"
is "$(sqlite3 "$DB" "SELECT count(*) FROM health_result r JOIN health_check c ON c.id = r.check_id WHERE c.name = 'api' AND NOT r.ok")" \
	"$((AN + BN))" "the api URL failed exactly in the planned windows: $((AN + BN)) times"
is "$(cat "$SCRATCH/reader.failed" 2>/dev/null | wc -l)" 0 \
	"the reader never failed ($(cat "$SCRATCH/reader.count") queries)"
[ ! -s "$SCRATCH/reader.err" ]; ok $? "the reader saw no error"
sort "$SCRATCH/reader.err" 2>/dev/null | uniq -c | head -n 5 | sed 's/^/# reader: /'
# Maintenance at 03:17 (minute 197) of every simulated day the run reaches.
days=0
while [ $((days * 1440 + 197)) -lt "$STEPS" ]; do days=$((days + 1)); done
is "$(sed -n 's/^simweek: [0-9]* probe runs, \([0-9]*\) maintenance runs$/\1/p' \
	"$SCRATCH/simweek.log" | awk "{ s += \$1 } END { print s + 0 }")" "$days" \
	"maintenance ran once a simulated day: $days times"
is "$(sqlite3 "$DB" "PRAGMA integrity_check")" ok "integrity_check: ok"

# Growth: within 15 % of the first day's size times the number of days.
/usr/bin/python3 - "$DAY1" "$WEEK" "$HOURS" "$FIRST" <<'PY' > "$SCRATCH/growth"
import sys
day1, week, hours, first = (float(x) for x in sys.argv[1:])
predicted = day1 * hours / first
print("%.3f %d %d" % (week / predicted, week, predicted))
PY
read -r RATIO WEEKB PRED < "$SCRATCH/growth"
/usr/bin/python3 -c "import sys; sys.exit(not 0.85 <= $RATIO <= 1.15)"
ok $? "database size $WEEKB bytes, predicted $PRED from the first day (ratio $RATIO)"
echo "# bytes per snapshot, probe results and rollups included: $((WEEKB / STEPS))"

# The report, once plainly and once under valgrind: the same bytes.
"$BIN/perfweek-report" -c "$SCRATCH/report.conf" --db "$DB" --host soak-host \
	--week 2026-W46 --offline --format json 2>"$SCRATCH/report.err"
is "$?" 0 "perfweek-report --offline over the soak: exit 0"
JS=$SCRATCH/reports/perfweek-soak-host-2026-W46.json
J() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$JS"; }
is "$(J "d['coverage']['stored']")" "$STEPS" "coverage: $STEPS snapshots stored"
if [ "$HOURS" -ge 168 ]; then
	is "$(J "d['coverage']['pct']")" "100" "coverage: 100 %"
fi
api="[c for c in d['health']['checks'] if c['name'] == 'api'][0]"
is "$(J "$api['samples'], $api['failures']")" "$STEPS $((AN + BN))" \
	"health: api probed $STEPS times, $((AN + BN)) failures"
is "$(J "[(o['start_ts'], o['end_ts'], o['minutes']) for o in $api['outages']]")" \
	"[($((START_TS + A * 60)), $((START_TS + (A + AN) * 60)), $AN), ($((START_TS + B * 60)), $((START_TS + (B + BN) * 60)), $BN)]" \
	"health: the two outages with their planned start, end and length"
web="[c for c in d['health']['checks'] if c['name'] == 'web'][0]"
is "$(J "'%g' % $web['availability_pct'], $web['outages']")" "100 []" \
	"health: web always available"

cp "$JS" "$SCRATCH/plain.json"
valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect \
	"$BIN/perfweek-report" -c "$SCRATCH/report.conf" --db "$DB" \
	--host soak-host --week 2026-W46 --offline --format json \
	2>"$SCRATCH/valgrind.err"
is "$?" 0 "valgrind memcheck over the week's report: no error, no leak"
cmp -s "$JS" "$SCRATCH/plain.json"
ok $? "the report under valgrind is the same, byte for byte"
