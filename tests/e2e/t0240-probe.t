#!/bin/sh
# perfweek-probe against local HTTP and HTTPS servers (tests/servers/
# http_server.py, certificates made here with openssl): the stored row of
# each kind of check, concurrency, options and exit codes; then a week of
# hourly probes at faked times and the report's health section over it:
# exact availability, outage windows, error budget, byte-identical with
# --offline, and the live check without it.
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
command -v openssl >/dev/null || skip_all "openssl is not installed"
export TZ=UTC
PY=/usr/bin/python3
SERVER=$SRC/tests/servers/http_server.py
D=$SCRATCH

# start_server NAME [TLS ARGS]: start a server in the background (in this
# shell, so that on_exit can stop it), wait for its port file; the port is
# then in $D/NAME.port.
start_server() {
	name=$1
	shift
	$PY "$SERVER" --port-file "$D/$name.port" "$@" >/dev/null 2>&1 &
	on_exit "kill $! 2>/dev/null"
	i=0
	while [ ! -s "$D/$name.port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# A valid certificate for 30 days from now, and one that expired in 2020.
mkcert() {	# mkcert NAME [env...]: self-signed for IP 127.0.0.1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$D/$1.key" -out "$D/$1.pem" -days 30 -subj /CN=127.0.0.1 \
		-addext subjectAltName=IP:127.0.0.1 2>/dev/null
}
mkcert good
LD_PRELOAD="$FT" FAKETIME="@2020-01-01 00:00:00" mkcert old
[ -s "$D/good.pem" ] && [ -s "$D/old.pem" ]; ok $? "certificates made with openssl"
good_end=$(date -d "$(openssl x509 -in "$D/good.pem" -noout -enddate | cut -d= -f2)" +%s)

start_server http
start_server https --tls-cert "$D/good.pem" --tls-key "$D/good.key"
start_server expired --tls-cert "$D/old.pem" --tls-key "$D/old.key"
P=$(cat "$D/http.port"); T=$(cat "$D/https.port"); X=$(cat "$D/expired.port")
CLOSED=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
[ -n "$P" ] && [ -n "$T" ] && [ -n "$X" ]; ok $? "HTTP, HTTPS and expired-HTTPS servers listen"

write_config
H="http://127.0.0.1:$P"
cat >> "$D/perfweek.conf" <<CONF

[health "ok"]
url = $H/page
keyword = nominal
[health "s503"]
url = $H/status/503
[health "expect404"]
url = $H/status/404
expect = 200 404
[health "slow"]
url = $H/slow/3000
timeout_s = 1
[health "kwmiss"]
url = $H/page
keyword = banana
[health "kwabsent"]
url = $H/page
keyword_absent = nominal
[health "redir"]
url = $H/redirect/3
[health "redirmax"]
url = $H/redirect/5
max_redirects = 2
[health "refused"]
url = http://127.0.0.1:$CLOSED/
[health "tls"]
url = https://127.0.0.1:$T/page
ca_file = $D/good.pem
[health "tlsnoca"]
url = https://127.0.0.1:$T/page
[health "expired"]
url = https://127.0.0.1:$X/page
ca_file = $D/old.pem
[health "expiredok"]
url = https://127.0.0.1:$X/page
insecure = yes
[health "head"]
url = $H/method
method = HEAD
[health "post"]
url = $H/method
method = POST
body = x=1
keyword = POST
[health "header"]
url = $H/header/X-Probe
header = X-Probe: s3cr3t-t0ken
keyword = s3cr3t-t0ken
CONF
C="-c $D/perfweek.conf"

out=$(pw perfweek-probe $C --check-config); is "$out" "configuration OK: $D/perfweek.conf" "--check-config"
out=$(pw perfweek-probe --help); like "$out" "--check NAME" "--help lists --check"
like "$(pw perfweek-probe -V)" "^perfweek-probe [0-9]+\.[0-9]+\.[0-9]+$" "-V"
pw perfweek-probe $C --check nosuch; is "$?" 2 "--check of an unknown name: exit 2"

start=$(date +%s)
out=$(pw perfweek-probe $C -v); rc=$?
is "$rc" 3 "a run with failing checks: exit 3"
is "$(echo "$out" | wc -l)" 16 "-v prints one line per check"
like "$out" "s503 +FAILED 503 .*status 503 not in 200-299" "-v shows a failure and why"

row() {	# row NAME: the stored result of check NAME
	q "SELECT r.ok, coalesce(r.http_status, '-'), r.redirects, coalesce(r.error, '-')
	   FROM health_result r JOIN health_check c ON c.id = r.check_id
	   WHERE c.name = '$1' ORDER BY r.rowid DESC LIMIT 1"
}
is "$(row ok)" "1|200|0|-" "ok: status 200, keyword found"
is "$(row s503)" "0|503|0|status 503 not in 200-299" "503 fails, with the reason"
is "$(row expect404)" "1|404|0|-" "expect = 200 404 accepts a 404"
like "$(row slow)" "^0\|-\|0\|Operation timed out after [0-9]+ milliseconds with 0 bytes received" "slow: a timeout (1 s)"
is "$(row kwmiss)" "0|200|0|keyword 'banana' missing" "a missing keyword fails"
is "$(row kwabsent)" "0|200|0|keyword 'nominal' present" "keyword_absent present fails"
is "$(row redir)" "1|200|3|-" "three redirects followed"
like "$(row redirmax)" "^0\|302\|2\|Maximum \(2\) redirects followed" "max_redirects caps the chain"
like "$(row refused)" "^0\|-\|0\|Failed to connect to 127.0.0.1 port $CLOSED" "a closed port: refused"
is "$(row tls)" "1|200|0|-" "HTTPS with the test CA"
like "$(row tlsnoca)" "^0\|-\|0\|SSL certificate problem: self.signed certificate" "verification is on by default"
like "$(row expired)" "^0\|-\|0\|SSL certificate problem: certificate has expired" "an expired certificate fails"
is "$(row expiredok)" "1|200|0|-" "insecure = yes accepts it"
is "$(row head)" "1|200|0|-" "HEAD"
is "$(row post)" "1|200|0|-" "POST, with the method echoed in the body"
is "$(row header)" "1|200|0|-" "an extra header is sent"
is "$(q "SELECT cert_expires FROM v_health WHERE check_name = 'tls'")" "$good_end" \
	"the certificate's notAfter is stored exactly"
is "$(q "SELECT cert_days_left BETWEEN 29.9 AND 30.0 AND abs(cert_days_left - (cert_expires - ts) / 86400.0) < 0.0001 FROM v_health WHERE check_name = 'tls'")" 1 \
	"days left: 30 from now, (cert_expires - ts) / 86400"
is "$(q "SELECT cert_expires, round(cert_days_left) < -2000 FROM v_health WHERE check_name = 'expiredok'")" "1580428800|1" \
	"the expired certificate: expired on 31 January 2020"
is "$(q "SELECT count(*) FROM v_health WHERE check_name = 'tls' AND tls_ms > 0 AND connect_ms >= 0 AND first_byte_ms > 0 AND total_ms >= tls_ms")" 1 \
	"TLS check: every phase measured"
is "$(q "SELECT count(*) FROM v_health WHERE check_name = 'ok' AND tls_ms IS NULL AND total_ms > 0")" 1 \
	"plain HTTP: no TLS phase"
is "$(q "SELECT count(DISTINCT ts), count(*) FROM health_result")" "1|16" "one run, one timestamp, 16 rows"
grep -a -q "s3cr3t-t0ken" "$D"/perfweek.db* "$D/err"; is "$?" 1 "header values are not stored or logged"

pw perfweek-probe $C --check ok --check tls; rc=$?
is "$rc" 0 "--check of passing checks: exit 0"
is "$(q "SELECT count(*) FROM health_result")" 18 "--check runs only the named checks"
pw perfweek-probe $C --check s503 --no-store; is "$?" 3 "--no-store still judges"
is "$(q "SELECT count(*) FROM health_result")" 18 "--no-store stores nothing"

# The report over today: certificate days from the end of the period.
J() {
	$PY -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}
# A few snapshots are judged as a week (min_coverage_pct = 0): this test
# is not about coverage (t0211 is).
cat >> "$D/perfweek.conf" <<CONF
[report]
timezone = UTC
min_coverage_pct = 0
output_dir = $D/today
CONF
from=$(date -u +%F); to=$(date -u -d tomorrow +%F); to_ts=$(date -u -d "$to" +%s)
pw perfweek-report $C --from "$from" --to "$to" --format json --offline
TJ=$(ls "$D"/today/*.json)
ck() { echo "[c for c in d['health']['checks'] if c['name'] == '$1'][0]"; }
is "$(J "$TJ" "$(ck tls)['cert_days_left'], $(ck tls)['cert_status'], $(ck tls)['cert_expires_ts']")" \
	"$($PY -c "print('%g' % round(($good_end - $to_ts) / 86400, 1))") OK $good_end" \
	"report: the certificate's days left after the period, OK"
is "$(J "$TJ" "$(ck expiredok)['cert_status'], $(ck expiredok)['cert_expires']")" \
	"CRITICAL Fri 2020-01-31 00:00 UTC" "the expired certificate is CRITICAL"
is "$(J "$TJ" "sorted((f['rule'], f['severity'], f['device']) for f in d['findings'] if f['rule'] == 'cert_days_left')")" \
	"[('cert_days_left', 'CRITICAL', 'expiredok')]" "and a finding"
is "$(J "$TJ" "$(ck redir)['samples'], $(ck redir)['latency_ms']['p50'] > 0, $(ck s503)['latency_ms']['p50'], $(ck s503)['outages'][0]['ongoing']")" \
	"1 True None True" "latency of successful probes only; a failure at the end is ongoing"

# Concurrency: 20 checks that each time out after 1 s take about 1 s, not 20.
rm -f "$D/perfweek.db"
write_config
for i in $(seq 1 20); do
	printf '[health "slow%02d"]\nurl = %s/slow/3000?%d\ntimeout_s = 1\n' $i "$H" $i
done >> "$D/perfweek.conf"
t0=$(date +%s)
pw perfweek-probe $C; rc=$?
t1=$(date +%s)
is "$rc" 3 "20 slow checks: all fail (exit 3)"
is "$(q "SELECT count(*), count(DISTINCT ts), sum(total_ms BETWEEN 990 AND 3000) FROM health_result")" "20|1|20" \
	"each stopped at its own 1 s timeout"
[ $((t1 - t0)) -le 12 ]; ok $? "they ran concurrently ($((t1 - t0)) s wall for 20 s of timeouts)"

# timeout_s is a total deadline: a body that trickles in a byte every
# 0.2 s (never idle) for 60 s is cut at 1 s.
rm -f "$D/perfweek.db"
write_config
printf '[health "trickle"]\nurl = %s/trickle/300\ntimeout_s = 1\n' "$H" >> "$D/perfweek.conf"
t0=$(date +%s)
pw perfweek-probe $C; rc=$?
t1=$(date +%s)
is "$rc" 3 "a body that never ends: the check fails (exit 3)"
like "$(q "SELECT ok, total_ms BETWEEN 990 AND 2500, error FROM health_result")" \
	"^0\|1\|Operation timed out after [0-9]+ milliseconds with [0-9]+ out of 300 bytes received" \
	"stopped at its 1 s total deadline, with part of the body"
[ $((t1 - t0)) -le 8 ]; ok $? "the probe ended after $((t1 - t0)) s, not 60"

# Config errors name the file and line.
printf '[health "a"]\nurl = %s/\n[health "a"]\nurl = %s/x\n' "$H" "$H" > "$D/dup.conf"
pw perfweek-probe -c "$D/dup.conf" --check-config; is "$?" 2 "a duplicate section: exit 2"
is "$(cat "$D/err")" "$D/dup.conf:3: section [health \"a\"] given twice (first at line 1)" "and named with both lines"
printf '[health "b"]\nurl = %s/\nexpect = 200 700\n' "$H" > "$D/bad.conf"
pw perfweek-report -c "$D/bad.conf" --check-config; is "$?" 2 "a bad expect: exit 2 (the reporter reads it too)"
like "$(cat "$D/err")" "bad.conf:3: expect must be" "and explained"
printf '[health "c"]\nkeyword = x\n' > "$D/nourl.conf"
pw perfweek-collect -c "$D/nourl.conf" --check-config; is "$?" 2 "a check without url: exit 2 (the collector reads it too)"

# A week of hourly probes at faked times: 2026-W46, Monday 9 November
# 00:10 UTC (1794183000) to Sunday 15 November 23:10.  The flaky URL
# fails on its requests 5-7 and 100: two outages.
rm -f "$D/perfweek.db"
write_config
cat >> "$D/perfweek.conf" <<CONF

[report]
timezone = UTC
min_coverage_pct = 0
output_dir = $D/reports

[health "flaky"]
url = $H/fail-on?n=5-7,100
slo_pct = 99

[health "steady"]
url = $H/page
keyword = nominal
CONF
FAKETIME="@2026-11-10 10:00:00" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
	--proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" 2>/dev/null &&
FAKETIME="@2026-11-10 10:01:00" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
	--proc-root "$TREES/rates-b/proc" --sys-root "$TREES/rates-b/sys" 2>/dev/null
ok $? "two snapshots, so that the report is complete"
k=0
fails=0
while [ $k -lt 168 ]; do
	ts=$((1794183000 + k * 3600))
	FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME="@$(date -u -d "@$ts" '+%Y-%m-%d %H:%M:%S')" \
		LD_PRELOAD="$FT" "$BIN/perfweek-probe" $C -q 2>>"$D/week.err"
	[ $? -eq 0 ] || fails=$((fails + 1))
	k=$((k + 1))
done
is "$fails" 4 "168 hourly runs, 4 of them with a failed check (exit 3)"
is "$(q "SELECT c.name, count(*), sum(1 - ok), min(ts), max(ts) FROM health_result r JOIN health_check c ON c.id = r.check_id GROUP BY c.name ORDER BY c.name")" \
"flaky|168|4|1794183000|1794784200
steady|168|0|1794183000|1794784200" "stored at the faked times"

J() {
	$PY -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}
pw perfweek-report $C --week 2026-W46 --format text,json --offline; rc=$?
is "$rc" 0 "report of the week, offline: exit 0"
JS=$D/reports/perfweek-testhost-2026-W46.json
TX=$D/reports/perfweek-testhost-2026-W46.txt
fl="[c for c in d['health']['checks'] if c['name'] == 'flaky'][0]"
st="[c for c in d['health']['checks'] if c['name'] == 'steady'][0]"
is "$(J "$JS" "d['health']['status'], d['health']['slo_pct'], [c['name'] for c in d['health']['checks']]")" \
	"ok 99.9 ['flaky', 'steady']" "health: status, default SLO, checks by name"
is "$(J "$JS" "$fl['samples'], $fl['failures'], $fl['availability_pct'], $fl['slo_pct'], $fl['error_budget_spent_pct']")" \
	"168 4 97.619 99 238.1" "flaky: 164/168 = 97.619 %, 4/168 of a 1 % budget = 238.1 %"
is "$(J "$JS" "[(o['start_ts'], o['end_ts'], o['minutes'], o['ongoing']) for o in $fl['outages']]")" \
	"[(1794197400, 1794208200, 180, False), (1794539400, 1794543000, 60, False)]" \
	"flaky: outages from the 5th to the 8th probe and from the 100th to the 101st"
is "$(J "$JS" "[(o['start'], o['end']) for o in $fl['outages']][0]")" \
	"('Mon 2026-11-09 04:10 UTC', 'Mon 2026-11-09 07:10 UTC')" "outage times in local time"
is "$(J "$JS" "$st['availability_pct'], $st['error_budget_spent_pct'], $st['outages'], $st['live']")" \
	"100 0 [] None" "steady: 100 %, no budget spent, no outage; offline: no live check"
is "$(J "$JS" "d['summary']['health_availability_pct'], d['health']['availability_pct']")" \
	"98.81 98.81" "summary: 332 of 336 probes = 98.81 %"
is "$(J "$JS" "[(f['rule'], f['severity'], f['device']) for f in d['findings'] if f['resource'] == 'health']")" \
	"[('health_budget', 'CRITICAL', 'flaky')]" "the spent budget is a CRITICAL finding"
is "$(J "$JS" "d['summary']['status']")" "CRITICAL" "and sets the report's status"
is "$(J "$JS" "[(f['when']['start_ts'], f['when']['minutes']) for f in d['findings'] if f['resource'] == 'health']")" \
	"[(1794197400, 180)]" "its worst window is the longest outage"
is "$(J "$JS" "$st['latency_ms']['p50'] > 0, $st['phases_ms']['tls'], $st['cert_days_left'], $st['cert_status']")" \
	"True None None None" "plain HTTP: latency, no TLS, no certificate"
like "$(cat "$TX")" "  flaky +97\.619 +238\.1 " "the text report's row for flaky"
like "$(cat "$TX")" "outage: Mon 2026-11-09 04:10 UTC to Mon 2026-11-09 07:10 UTC \(180 min\)" \
	"and its outage"
long=$(awk 'length > 80' "$TX")
is "$long" "" "text lines within 80 columns"

cp "$JS" "$D/first.json"; cp "$TX" "$D/first.txt"
pw perfweek-report $C --week 2026-W46 --format text,json --offline
cmp -s "$JS" "$D/first.json" && cmp -s "$TX" "$D/first.txt"
ok $? "a second --offline run gives identical bytes"

# Live: the flaky URL's next request (169) succeeds; a 500 fails now.
printf '[health "down"]\nurl = %s/status/500\n' "$H" >> "$D/perfweek.conf"
pw perfweek-report $C --week 2026-W46 --format json; rc=$?
is "$rc" 3 "a health check failing at report time: exit 3"
dn="[c for c in d['health']['checks'] if c['name'] == 'down'][0]"
is "$(J "$JS" "$fl['live']['ok'], $fl['live']['status'], $fl['live']['error'], $fl['live']['total_ms'] > 0")" \
	"True 200 None True" "live: flaky answers now"
is "$(J "$JS" "$dn['samples'], $dn['availability_pct'], $dn['live']['ok'], $dn['live']['error']")" \
	"0 None False status 500 not in 200-299" "a configured check without data: its live result"
like "$(cat "$D/err")" "health check 'down' fails now: status 500 not in 200-299" "and the reason is logged"

# Without [health] sections and results: not_configured, and a probe run
# that has nothing to do.
out=$(pw perfweek-probe -c "$SRC/docs/perfweek.conf" --check-config)
is "$out" "configuration OK: $SRC/docs/perfweek.conf" "the example configuration checks (probe)"
write_config
cat >> "$D/perfweek.conf" <<CONF

[report]
timezone = UTC
min_coverage_pct = 0
output_dir = $D/reports
CONF
pw perfweek-probe $C; is "$?" 0 "no check configured: exit 0"
pw perfweek-collect $C --db "$D/empty.db" --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys"
pw perfweek-report $C --week 2026-W46 --format json --db "$D/empty.db"
is "$(J "$JS" "d['health']['status'], d['health']['checks'], d['health']['availability_pct'], d['summary']['health_availability_pct']")" \
	"not_configured [] None None" "no health check: status not_configured, nulls"
