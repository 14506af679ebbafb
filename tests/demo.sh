#!/bin/sh
# demo.sh - what "make demo" runs, needing no configuration:
#
#  1. local demo servers on 127.0.0.1: a ServiceNow Table API with a small
#     set of made-up incidents (tests/servers/snow_server.py --demo), and
#     health endpoints over HTTP and HTTPS (tests/servers/http_server.py,
#     with a certificate made here by openssl that expires in 14 days);
#  2. a simulated week of history made through the real collector and
#     prober by tests/simweek.py (a daily pattern, a saturation episode, a
#     reboot, a filling disk, and one health URL down during the saturation
#     and again briefly on Friday), all labelled as simulated or demo data
#     in the report: a snapshot every 5 minutes, the health URLs every 10,
#     the slow one in probe runs of its own that overlap the next steps;
#     the database is made in a tmpfs (/dev/shm) when there is one, as its
#     4,000 program runs would each sync it on a disk, and then copied to
#     build/demo by sqlite3's .backup;
#  3. the weekly report of it as text (printed, as cron would mail it),
#     JSON and PDF, and where the files went.
#
# Every server is stopped at the end, also on failure or interrupt.
set -eu
bin=${1:-bin}
dir=build/demo
rm -rf "$dir"
mkdir -p "$dir/reports" "$dir/fs" "$dir/tls"
pids=""
sim=""
stop() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	[ -z "$sim" ] || rm -rf "$sim"
}
trap stop EXIT
trap 'exit 130' INT TERM

# start NAME CMD...: a server that writes its port to $dir/NAME.port
# (run in this shell, not in $(...), so that stop() knows its pid)
start() {
	name=$1
	shift
	"$@" --port-file "$dir/$name.port" >"$dir/$name.log" 2>&1 &
	pids="$pids $!"
	i=0
	while [ ! -s "$dir/$name.port" ]; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			echo "demo: the $name server did not start:" >&2
			cat "$dir/$name.log" >&2
			exit 1
		fi
		sleep 0.1
	done
}

# Last week's Monday (UTC), and its ISO week.
ago=$(date -u -d '7 days ago' +%F)
monday=$(date -u -d "$ago -$(( $(date -u -d "$ago" +%u) - 1 )) days" +%F)
week=$(date -u -d "$monday" +%G-W%V)

echo "== demo servers on 127.0.0.1 (demo data, stopped at the end)"
# Valid from the simulated Monday 00:00:00 (openssl under libfaketime; an
# EC key, made at once, where an RSA key could take long enough under load
# to date the certificate after the first probe) until 14 days from now,
# so the report warns of its expiry.
ft=$(ls /usr/lib/*/faketime/libfaketime.so.1 | head -n 1)
days=$(( ($(date -u +%s) - $(date -u -d "$monday" +%s)) / 86400 + 14 ))
FAKETIME="@$monday 00:00:00" LD_PRELOAD="$ft" openssl req -x509 \
	-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
	-days "$days" -keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" \
	2>/dev/null
printf 'demo-%s\n' "$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')" \
	> "$dir/snow.password"
chmod 600 "$dir/snow.password"
start snow /usr/bin/python3 tests/servers/snow_server.py --demo \
	--user perfweek --password "$(cat "$dir/snow.password")"
start http /usr/bin/python3 tests/servers/http_server.py
start https /usr/bin/python3 tests/servers/http_server.py \
	--tls-cert "$dir/tls/cert.pem" --tls-key "$dir/tls/key.pem"
snow=$(cat "$dir/snow.port")
http=$(cat "$dir/http.port")
https=$(cat "$dir/https.port")
echo "   ServiceNow Table API (24 demo incidents)  http://127.0.0.1:$snow"
echo "   health endpoints                          http://127.0.0.1:$http https://127.0.0.1:$https"

# The probe run k (one every 10 minutes from Monday 00:00) is request k + 1
# of each URL: the api is down Wednesday 13:00-14:30, during the
# saturation, and Friday 09:00-09:10.
wed=$(( (2 * 24 + 13) * 6 ))
fri=$(( (4 * 24 + 9) * 6 ))
cat > "$dir/perfweek.conf" <<CONF
[general]
database = $PWD/$dir/perfweek.db
host = demo-host

[report]
timezone = UTC
output_dir = $PWD/$dir/reports

[servicenow]
instance = http://127.0.0.1:$snow
user = perfweek
password_file = $PWD/$dir/snow.password

[health "shop"]
url = http://127.0.0.1:$http/page
keyword = nominal

[health "api"]
url = http://127.0.0.1:$http/fail-on?n=$((wed + 1))-$((wed + 9)),$((fri + 1))

[health "login"]
url = https://127.0.0.1:$https/slow/120
ca_file = $PWD/$dir/tls/cert.pem
CONF

# The week's database: in a tmpfs while it is made, if there is one.
db=$PWD/$dir/perfweek.db
if [ -d /dev/shm ] && [ -w /dev/shm ] && sim=$(mktemp -d /dev/shm/perfweek-demo.XXXXXX); then
	db=$sim/perfweek.db
fi

echo
echo "== perfweek-collect and perfweek-probe, driven by tests/simweek.py: a simulated week $week"
echo "   (5-minute snapshots of a 4-CPU host, its 3 health URLs probed every 10 minutes;"
echo "   a filling disk needs root for a tmpfs)"
/usr/bin/python3 tests/simweek.py --bin "$bin" --db "$db" \
	--start "$monday 00:00" --hours 168 --step-s 300 --scenario demo \
	--fs-dir "$PWD/$dir/fs" --maintain-at 03:17 \
	--probe-config "$dir/perfweek.conf" --probe-every 2 \
	--overlap-check login 2>&1 |
	grep -v "perfweek-probe: warning: health check" | sed 's/^/   /'
if [ -n "$sim" ]; then
	sqlite3 "$db" ".backup '$PWD/$dir/perfweek.db'"
	rm -rf "$sim"
	sim=""
	echo "   the database copied to $dir/perfweek.db (sqlite3 .backup)"
fi

echo
echo "== perfweek-report --week $week --stdout (what cron mails on Monday)"
echo
rc=0
"$bin/perfweek-report" -c "$dir/perfweek.conf" --week "$week" --stdout \
	--format text,json,pdf || rc=$?
echo
echo "== exit status $rc; the report files:"
ls -l "$dir/reports" | sed -n 's/^.* \([0-9][0-9]*\) [A-Z][a-z][a-z] .* \(perfweek-.*\)$/   \2 (\1 bytes)/p'
echo "   under $dir/reports; the database is $dir/perfweek.db (docs/schema.md has queries)."
