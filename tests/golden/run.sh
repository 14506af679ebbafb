#!/bin/sh
# run.sh - the golden outputs: two fixed simulated weeks, made through the
# real collector and prober, each rendered by perfweek-report (text, JSON
# and PDF written, the report mailed), so that a change which should leave
# the reports alone can show that it does.
#
# Usage: sh tests/golden/run.sh BINDIR OUTDIR [WEEK...]
#
# For each WEEK (demo, quiet; default both) it writes OUTDIR/WEEK/:
#   report.txt       the text report
#   report.json      the JSON report
#   report.pdf.txt   the PDF through pdftotext -layout
#   message.eml      the message --mail sent, as the SMTP server received it
#   exit-status      perfweek-report's exit status (of the second run)
# and nothing else there (the directory is emptied of these first).  make
# golden writes them into tests/golden; tests/e2e/t0300-golden.t writes
# them into a scratch directory and compares.
#
# Each week is rendered twice, at a stopped Monday 2026-11-16 06:00:00 UTC
# (libfaketime): first as cron's Monday run, which fetches the incidents
# and stores them with the week, and checks the health URLs live; then
# with --offline, as a past week is made again ("Regenerate a past week"
# in README.md), with text, JSON and PDF, and --mail.  The second run is
# what is kept: its report is the stored data's alone.  The live checks
# are left out because what they measure differs from run to run.
#
# The weeks (2026-W46, Monday 2026-11-09 to Monday 2026-11-16, UTC):
#   demo   tests/simweek.py's scenario demo at 300 s steps, with daily
#          maintenance at 03:17, as tests/demo.sh makes it: three health
#          URLs on local servers (one down Wednesday 13:00-14:30 and
#          Friday 09:00-09:15, one over HTTPS with a certificate that
#          expires 17 days after the week), and the ServiceNow test
#          server's 24 demo incidents.  demo.sh probes at every step; here
#          it is every third (15 minutes), which keeps the week within
#          a minute under the sanitizers, and the outages whole probes.
#   quiet  scenario quiet at 300 s steps: nothing wrong but a gap of 6.5
#          hours (Tuesday 22:00 to Wednesday 04:30) and a reboot
#          (Saturday 06:00); no health checks, no ServiceNow.
# What demo.sh does and these weeks leave out, as it cannot come out the
# same on every machine and run:
#   - the filling filesystem (simweek --fs-dir): it needs root for a tmpfs,
#     and its path and the kernel's inode counts would be in the report;
#   - measured probe timings: the prober runs with the simulated clock
#     stopped (simweek --frozen-clock), so curl measures nothing, the
#     database holds no timing and the latency columns read "-"; the
#     HTTPS URL is therefore /page, not demo.sh's /slow/120, which would
#     only add 2016 waits of 120 ms.
#
# Runs are byte for byte the same with TZ=UTC, SOURCE_DATE_EPOCH (the end
# of the week) and the clock stopped, except for what tests/golden/mask.py
# then masks (it says why): the servers' ports, the Message-ID's random
# part, and the random part of the MIME boundary libcurl picks.  The PDF
# attachment is checked equal to the PDF file, and stands in message.eml
# as a line saying so.
#
# Every server is stopped at the end, also on failure or interrupt; the
# scratch directory is removed.
set -u
if [ $# -lt 2 ]; then
	echo "usage: sh tests/golden/run.sh BINDIR OUTDIR [demo] [quiet]" >&2
	exit 2
fi
BIN=$(cd "$1" && pwd) || exit 2
OUT=$2
shift 2
[ $# -gt 0 ] || set -- demo quiet
SRC=$(cd "$(dirname "$0")/../.." && pwd)
WRAP=${PERFWEEK_WRAP:-}
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
if [ -z "$FT" ]; then
	echo "golden: libfaketime is not installed (Debian package faketime)" >&2
	exit 1
fi
export TZ=UTC SOURCE_DATE_EPOCH=1794787200	# Mon 2026-11-16 00:00 UTC
WEEK=2026-W46
START="2026-11-09 00:00"
REPORT_AT="2026-11-16 06:00:00"		# cron's Monday run, clock stopped
REPORT_EPOCH=1794808800
# The scratch directory: TMPDIR, else /dev/shm when it is there: each week
# is some 4,000 runs that each sync the database, which costs nothing on a
# tmpfs and is most of the time on a busy disk.
tmp=${TMPDIR:-/tmp}
[ -n "${TMPDIR:-}" ] || [ ! -d /dev/shm ] || [ ! -w /dev/shm ] || tmp=/dev/shm
W=$(mktemp -d "$tmp/perfweek-golden.XXXXXX") || exit 1
pids=""
stop() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	pids=""
}
trap 'stop; rm -rf "$W"' EXIT
trap 'exit 130' INT TERM

fail() {
	echo "golden: $*" >&2
	exit 1
}

# start NAME CMD...: a server that writes its port to $W/NAME.port; sets
# $port.
start() {
	name=$1
	shift
	"$@" --port-file "$W/$name.port" >"$W/$name.log" 2>&1 &
	pids="$pids $!"
	i=0
	while [ ! -s "$W/$name.port" ]; do
		i=$((i + 1))
		[ $i -le 200 ] || fail "the $name server did not start: $(cat "$W/$name.log")"
		sleep 0.05
	done
	port=$(cat "$W/$name.port")
}

# mailconf PORT: the [mail] section for the SMTP server on PORT.
mailconf() {
	cat <<CONF

[mail]
url = smtp://127.0.0.1:$1
starttls = off
from = perfweek <perfweek@example.org>
to = ops@example.org
CONF
}

# The demo week's servers and configuration ($D/perfweek.conf), as
# tests/demo.sh has them.
setup_demo() {
	mkdir -p "$D/tls"
	# Valid from the week's Monday to 17 days after its end.
	FAKETIME="$START:00" LD_PRELOAD="$FT" openssl req -x509 \
		-newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
		-addext "subjectAltName=IP:127.0.0.1" -days 24 \
		-keyout "$D/tls/key.pem" -out "$D/tls/cert.pem" 2>"$D/openssl.log" ||
		fail "openssl: $(cat "$D/openssl.log")"
	printf 'golden-demo\n' >"$D/snow.password"
	chmod 600 "$D/snow.password"
	start snow /usr/bin/python3 "$SRC/tests/servers/snow_server.py" --demo \
		--now "$REPORT_EPOCH" --user perfweek --password golden-demo
	snow=$port
	start http /usr/bin/python3 "$SRC/tests/servers/http_server.py"
	http=$port
	start https /usr/bin/python3 "$SRC/tests/servers/http_server.py" \
		--tls-cert "$D/tls/cert.pem" --tls-key "$D/tls/key.pem"
	https=$port
	# The probe at step 3 k is request k + 1 of each URL: Wednesday 13:00
	# is step (2 * 24 + 13) * 12, request 245, and the outage six probes;
	# Friday 09:00 one probe.
	wed=$(((2 * 24 + 13) * 4))
	fri=$(((4 * 24 + 9) * 4))
	cat >"$D/perfweek.conf" <<CONF
[general]
database = $D/perfweek.db
host = demo-host

[report]
timezone = UTC
output_dir = $D/reports

[servicenow]
instance = http://127.0.0.1:$snow
user = perfweek
password_file = $D/snow.password

[health "shop"]
url = http://127.0.0.1:$http/page
keyword = nominal

[health "api"]
url = http://127.0.0.1:$http/fail-on?n=$((wed + 1))-$((wed + 6)),$((fri + 1))

[health "login"]
url = https://127.0.0.1:$https/page
ca_file = $D/tls/cert.pem
CONF
	mailconf "$smtp" >>"$D/perfweek.conf"
	MASK="--port HTTP=$http --port HTTPS=$https --port SNOW=$snow"
	SIM="--scenario demo --host demo-host --probe-config $D/perfweek.conf
		--probe-every 3"
}

setup_quiet() {
	cat >"$D/perfweek.conf" <<CONF
[general]
database = $D/perfweek.db
host = quiet-host

[report]
timezone = UTC
output_dir = $D/reports
CONF
	mailconf "$smtp" >>"$D/perfweek.conf"
	MASK=""
	SIM="--scenario quiet --host quiet-host"
}

# week NAME: make the week, render it, write $OUT/NAME.
week() {
	D=$W/$1
	mkdir -p "$D/smtp"
	start "smtp-$1" /usr/bin/python3 "$SRC/tests/servers/smtp_server.py" \
		--dir "$D/smtp"
	smtp=$port
	"setup_$1"
	/usr/bin/python3 "$SRC/tests/simweek.py" --bin "$BIN" \
		--db "$D/perfweek.db" --start "$START" --hours 168 --step-s 300 \
		--maintain-at 03:17 --frozen-clock --work "$D/sim" $SIM \
		2>"$D/simweek.log" ||
		fail "simweek.py ($1): $(tail -n 5 "$D/simweek.log")"
	# The Monday run fetches the incidents and stores them with the week;
	# its live health checks are not compared (see above).
	FAKETIME="$REPORT_AT" LD_PRELOAD="$FT" "$BIN/perfweek-report" \
		-c "$D/perfweek.conf" --week "$WEEK" --format json \
		--out "$D/monday" 2>"$D/monday.log"
	case $? in
	0 | 3) ;;
	*) fail "perfweek-report ($1, Monday run): $(cat "$D/monday.log")" ;;
	esac
	rc=0
	FAKETIME="$REPORT_AT" LD_PRELOAD="$FT" $WRAP "$BIN/perfweek-report" \
		-c "$D/perfweek.conf" --week "$WEEK" --offline \
		--format text,json,pdf --mail 2>"$D/report.log" || rc=$?
	case $rc in
	0 | 3) ;;
	*) fail "perfweek-report ($1) exit $rc: $(cat "$D/report.log")" ;;
	esac
	r=$D/reports/perfweek-$1-host-$WEEK
	[ -s "$D/smtp/msg-1.eml" ] || fail "no message reached the SMTP server ($1): $(cat "$D/report.log")"
	pdftotext -layout -enc UTF-8 "$r.pdf" "$D/report.pdf.txt" \
		2>"$D/pdftotext.log" ||
		fail "pdftotext $r.pdf"
	mkdir -p "$OUT/$1" || exit 1
	rm -f "$OUT/$1/report.txt" "$OUT/$1/report.json" \
		"$OUT/$1/report.pdf.txt" "$OUT/$1/message.eml" \
		"$OUT/$1/exit-status"
	m() { /usr/bin/python3 "$SRC/tests/golden/mask.py" $MASK "$@"; }
	m "$r.txt" "$OUT/$1/report.txt" &&
		m "$r.json" "$OUT/$1/report.json" &&
		m "$D/report.pdf.txt" "$OUT/$1/report.pdf.txt" &&
		m --pdf "$r.pdf" "$D/smtp/msg-1.eml" "$OUT/$1/message.eml" ||
		fail "mask.py ($1)"
	echo "$rc" >"$OUT/$1/exit-status"
	stop
}

for w in "$@"; do
	case $w in
	demo | quiet) week "$w" ;;
	*) fail "no week '$w' (demo, quiet)" ;;
	esac
done
