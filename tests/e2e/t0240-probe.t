#!/bin/sh
# perfweek-probe against local HTTP and HTTPS servers (tests/servers/
# http_server.py, certificates made here with openssl): the stored row of
# each kind of check, concurrency, options and exit codes; then a week of
# hourly probes at faked times and the report's health section over it:
# exact availability, outage windows, error budget, byte-identical with
# --offline, and the live check without it.
. "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null && test_set_prereq OPENSSL
export TZ=UTC
PY=/usr/bin/python3
D=$SCRATCH

# start_server NAME [TLS ARGS]: start a server in the background (in this
# shell, so that on_exit can stop it), wait for its port file; the port is
# then in $D/NAME.port.
start_server() {
	name=$1
	shift
	server_start http_server.py "$D/$name.port" "$@"
}

# A valid certificate for 30 days from now, and one that expired in 2020.
mkcert() {	# mkcert NAME [env...]: self-signed for IP 127.0.0.1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$D/$1.key" -out "$D/$1.pem" -days 30 -subj /CN=127.0.0.1 \
		-addext subjectAltName=IP:127.0.0.1 2>/dev/null
}
test_expect_success OPENSSL,FAKETIME 'certificates made with openssl' '
	mkcert good &&
	LD_PRELOAD="$FT" FAKETIME="@2020-01-01 00:00:00" mkcert old &&
	test -s "$D/good.pem" && test -s "$D/old.pem" &&
	good_end=$(date -d "$(openssl x509 -in "$D/good.pem" -noout -enddate | cut -d= -f2)" +%s) &&
	test_set_prereq CERTS
'

test_expect_success 'the HTTP server listens' '
	start_server http &&
	P=$(cat "$D/http.port") &&
	test -n "$P" &&
	test_set_prereq HTTP
'
test_expect_success CERTS 'the HTTPS and expired-HTTPS servers listen' '
	start_server https --tls-cert "$D/good.pem" --tls-key "$D/good.key" &&
	start_server expired --tls-cert "$D/old.pem" --tls-key "$D/old.key" &&
	T=$(cat "$D/https.port") && X=$(cat "$D/expired.port") &&
	test -n "$T" && test -n "$X" &&
	test_set_prereq HTTPS
'
CLOSED=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
: "${P:=9}" "${T:=9}" "${X:=9}"

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

test_expect_success '--check-config' '
	test_is "$(pw perfweek-probe $C --check-config)" "configuration OK: $D/perfweek.conf"
'
test_expect_success '--help lists --check' '
	test_like "$(pw perfweek-probe --help)" "--check NAME"
'
test_expect_success '-V' '
	test_like "$(pw perfweek-probe -V)" "^perfweek-probe [0-9]+\.[0-9]+\.[0-9]+$"
'
test_expect_success '--check of an unknown name: exit 2' '
	test_expect_code 2 pw perfweek-probe $C --check nosuch
'

test_expect_success HTTP,HTTPS 'a run with failing checks: exit 3' '
	out=$(pw perfweek-probe $C -v); rc=$?
	test_set_prereq RUN &&
	test_is "$rc" 3
'
test_expect_success RUN '-v prints one line per check' '
	test_is "$(echo "$out" | wc -l)" 16
'
test_expect_success RUN '-v shows a failure and why' '
	test_like "$out" "s503 +FAILED 503 .*status 503 not in 200-299"
'

row() {	# row NAME: the stored result of check NAME
	q "SELECT r.ok, coalesce(r.http_status, '-'), r.redirects, coalesce(r.error, '-')
	   FROM health_result r JOIN health_check c ON c.id = r.check_id
	   WHERE c.name = '$1' ORDER BY r.rowid DESC LIMIT 1"
}
# row_is NAME EXPECTED TITLE, row_like NAME ERE TITLE: a test of the row.
row_is() {
	row_name=$1 row_want=$2
	test_expect_success RUN "$3" 'test_is "$(row $row_name)" "$row_want"'
}
row_like() {
	row_name=$1 row_want=$2
	test_expect_success RUN "$3" 'test_like "$(row $row_name)" "$row_want"'
}
row_is ok "1|200|0|-" "ok: status 200, keyword found"
row_is s503 "0|503|0|status 503 not in 200-299" "503 fails, with the reason"
row_is expect404 "1|404|0|-" "expect = 200 404 accepts a 404"
row_like slow "^0\|-\|0\|Operation timed out after [0-9]+ milliseconds with 0 bytes received" "slow: a timeout (1 s)"
row_is kwmiss "0|200|0|keyword 'banana' missing" "a missing keyword fails"
row_is kwabsent "0|200|0|keyword 'nominal' present" "keyword_absent present fails"
row_is redir "1|200|3|-" "three redirects followed"
row_like redirmax "^0\|302\|2\|Maximum \(2\) redirects followed" "max_redirects caps the chain"
row_like refused "^0\|-\|0\|Failed to connect to 127.0.0.1 port $CLOSED" "a closed port: refused"
row_is tls "1|200|0|-" "HTTPS with the test CA"
row_like tlsnoca "^0\|-\|0\|SSL certificate problem: self.signed certificate" "verification is on by default"
row_like expired "^0\|-\|0\|SSL certificate problem: certificate has expired" "an expired certificate fails"
row_is expiredok "1|200|0|-" "insecure = yes accepts it"
row_is head "1|200|0|-" "HEAD"
row_is post "1|200|0|-" "POST, with the method echoed in the body"
row_is header "1|200|0|-" "an extra header is sent"
test_expect_success RUN 'the certificate'\''s notAfter is stored exactly' '
	test_is "$(q "SELECT cert_expires FROM v_health WHERE check_name = '\''tls'\''")" "$good_end"
'
test_expect_success RUN 'days left: 30 from now, (cert_expires - ts) / 86400' '
	test_is "$(q "SELECT cert_days_left BETWEEN 29.9 AND 30.0 AND abs(cert_days_left - (cert_expires - ts) / 86400.0) < 0.0001 FROM v_health WHERE check_name = '\''tls'\''")" 1
'
test_expect_success RUN 'the expired certificate: expired on 31 January 2020' '
	test_is "$(q "SELECT cert_expires, round(cert_days_left) < -2000 FROM v_health WHERE check_name = '\''expiredok'\''")" "1580428800|1"
'
test_expect_success RUN 'TLS check: every phase measured' '
	test_is "$(q "SELECT count(*) FROM v_health WHERE check_name = '\''tls'\'' AND tls_ms > 0 AND connect_ms >= 0 AND first_byte_ms > 0 AND total_ms >= tls_ms")" 1
'
test_expect_success RUN 'plain HTTP: no TLS phase' '
	test_is "$(q "SELECT count(*) FROM v_health WHERE check_name = '\''ok'\'' AND tls_ms IS NULL AND total_ms > 0")" 1
'
test_expect_success RUN 'one run, one timestamp, 16 rows' '
	test_is "$(q "SELECT count(DISTINCT ts), count(*) FROM health_result")" "1|16"
'
test_expect_success RUN 'header values are not stored or logged' '
	test_expect_code 1 grep -a -q "s3cr3t-t0ken" "$D"/perfweek.db* "$D/err"
'

test_expect_success RUN '--check of passing checks: exit 0' '
	pw perfweek-probe $C --check ok --check tls
'
test_expect_success RUN '--check runs only the named checks' '
	test_is "$(q "SELECT count(*) FROM health_result")" 18
'
test_expect_success RUN '--no-store still judges' '
	test_expect_code 3 pw perfweek-probe $C --check s503 --no-store
'
test_expect_success RUN '--no-store stores nothing' '
	test_is "$(q "SELECT count(*) FROM health_result")" 18
'

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
ck() { echo "[c for c in d['health']['checks'] if c['name'] == '$1'][0]"; }
TLS=$(ck tls) EXPIREDOK=$(ck expiredok) REDIR=$(ck redir) S503=$(ck s503)
CERT_FINDINGS="sorted((f['rule'], f['severity'], f['device']) for f in d['findings'] if f['rule'] == 'cert_days_left')"
test_expect_success RUN 'the report over today' '
	{ pw perfweek-report $C --from "$from" --to "$to" --format json --offline; true; } &&
	TJ=$(ls "$D"/today/*.json) &&
	test_set_prereq TODAY
'
test_expect_success TODAY 'report: the certificate'\''s days left after the period, OK' '
	test_is "$(J "$TJ" "$TLS[\"cert_days_left\"], $TLS[\"cert_status\"], $TLS[\"cert_expires_ts\"]")" \
		"$($PY -c "print(\"%g\" % round(($good_end - $to_ts) / 86400, 1))") OK $good_end"
'
test_expect_success TODAY 'the expired certificate is CRITICAL' '
	test_is "$(J "$TJ" "$EXPIREDOK[\"cert_status\"], $EXPIREDOK[\"cert_expires\"]")" \
		"CRITICAL Fri 2020-01-31 00:00 UTC"
'
test_expect_success TODAY 'and a finding' '
	test_is "$(J "$TJ" "$CERT_FINDINGS")" "[('\''cert_days_left'\'', '\''CRITICAL'\'', '\''expiredok'\'')]"
'
test_expect_success TODAY 'latency of successful probes only; a failure at the end is ongoing' '
	test_is "$(J "$TJ" "$REDIR[\"samples\"], $REDIR[\"latency_ms\"][\"p50\"] > 0, $S503[\"latency_ms\"][\"p50\"], $S503[\"outages\"][0][\"ongoing\"]")" \
		"1 True None True"
'

# Concurrency: 20 checks that each time out after 1 s take about 1 s, not 20.
test_expect_success HTTP '20 slow checks: all fail (exit 3)' '
	rm -f "$D/perfweek.db" &&
	write_config &&
	for i in $(seq 1 20); do
		printf "[health \"slow%02d\"]\nurl = %s/slow/3000?%d\ntimeout_s = 1\n" $i "$H" $i || return 1
	done >>"$D/perfweek.conf" &&
	test_set_prereq SLOW &&
	t0=$(date +%s) &&
	{ pw perfweek-probe $C; rc=$?; } &&
	t1=$(date +%s) &&
	test_is "$rc" 3
'
test_expect_success SLOW 'each stopped at its own 1 s timeout' '
	test_is "$(q "SELECT count(*), count(DISTINCT ts), sum(total_ms BETWEEN 990 AND 3000) FROM health_result")" "20|1|20"
'
test_expect_success SLOW 'they ran concurrently (at most 12 s wall for 20 s of timeouts)' '
	echo "$((t1 - t0)) s" &&
	[ $((t1 - t0)) -le 12 ]
'

# timeout_s is a total deadline: a body that trickles in a byte every
# 0.2 s (never idle) for 60 s is cut at 1 s.
test_expect_success HTTP 'a body that never ends: the check fails (exit 3)' '
	rm -f "$D/perfweek.db" &&
	write_config &&
	printf "[health \"trickle\"]\nurl = %s/trickle/300\ntimeout_s = 1\n" "$H" >>"$D/perfweek.conf" &&
	test_set_prereq TRICKLE &&
	t0=$(date +%s) &&
	{ pw perfweek-probe $C; rc=$?; } &&
	t1=$(date +%s) &&
	test_is "$rc" 3
'
test_expect_success TRICKLE 'stopped at its 1 s total deadline, with part of the body' '
	test_like "$(q "SELECT ok, total_ms BETWEEN 990 AND 2500, error FROM health_result")" \
		"^0\|1\|Operation timed out after [0-9]+ milliseconds with [0-9]+ out of 300 bytes received"
'
test_expect_success TRICKLE 'the probe ended after at most 8 s, not 60' '
	echo "$((t1 - t0)) s" &&
	[ $((t1 - t0)) -le 8 ]
'

# Config errors name the file and line.
test_expect_success 'a duplicate section: exit 2' '
	printf "[health \"a\"]\nurl = %s/\n[health \"a\"]\nurl = %s/x\n" "$H" "$H" >"$D/dup.conf" &&
	test_expect_code 2 pw perfweek-probe -c "$D/dup.conf" --check-config
'
test_expect_success 'and named with both lines' '
	test_is "$(cat "$D/err")" "$D/dup.conf:3: section [health \"a\"] given twice (first at line 1)"
'
test_expect_success 'a bad expect: exit 2 (the reporter reads it too)' '
	printf "[health \"b\"]\nurl = %s/\nexpect = 200 700\n" "$H" >"$D/bad.conf" &&
	test_expect_code 2 pw perfweek-report -c "$D/bad.conf" --check-config
'
test_expect_success 'and explained' '
	test_like "$(cat "$D/err")" "bad.conf:3: expect must be"
'
test_expect_success 'a check without url: exit 2 (the collector reads it too)' '
	printf "[health \"c\"]\nkeyword = x\n" >"$D/nourl.conf" &&
	test_expect_code 2 pw perfweek-collect -c "$D/nourl.conf" --check-config
'

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
test_expect_success FAKETIME 'two snapshots, so that the report is complete' '
	collect_at "2026-11-10 10:00:00" rates-a $C 2>/dev/null &&
	collect_at "2026-11-10 10:01:00" rates-b $C 2>/dev/null &&
	test_set_prereq SNAPSHOTS
'
test_expect_success SNAPSHOTS,HTTP '168 hourly runs, 4 of them with a failed check (exit 3)' '
	k=0 && fails=0 &&
	while [ $k -lt 168 ]; do
		ts=$((1794183000 + k * 3600))
		FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME="@$(date -u -d "@$ts" "+%Y-%m-%d %H:%M:%S")" \
			LD_PRELOAD="$FT" "$BIN/perfweek-probe" $C -q 2>>"$D/week.err"
		[ $? -eq 0 ] || fails=$((fails + 1))
		k=$((k + 1))
	done &&
	test_set_prereq WEEK &&
	test_is "$fails" 4
'
test_expect_success WEEK 'stored at the faked times' '
	test_is "$(q "SELECT c.name, count(*), sum(1 - ok), min(ts), max(ts) FROM health_result r JOIN health_check c ON c.id = r.check_id GROUP BY c.name ORDER BY c.name")" \
"flaky|168|4|1794183000|1794784200
steady|168|0|1794183000|1794784200"
'

JS=$D/reports/perfweek-testhost-2026-W46.json
TX=$D/reports/perfweek-testhost-2026-W46.txt
fl="[c for c in d['health']['checks'] if c['name'] == 'flaky'][0]"
st="[c for c in d['health']['checks'] if c['name'] == 'steady'][0]"
HEALTH_FINDINGS="[(f['rule'], f['severity'], f['device']) for f in d['findings'] if f['resource'] == 'health']"
HEALTH_WHEN="[(f['when']['start_ts'], f['when']['minutes']) for f in d['findings'] if f['resource'] == 'health']"
test_expect_success WEEK 'report of the week, offline: exit 0' '
	pw perfweek-report $C --week 2026-W46 --format text,json --offline &&
	test_set_prereq REPORT
'
test_expect_success REPORT 'health: status, default SLO, checks by name' '
	test_is "$(J "$JS" "d[\"health\"][\"status\"], d[\"health\"][\"slo_pct\"], [c[\"name\"] for c in d[\"health\"][\"checks\"]]")" \
		"ok 99.9 ['\''flaky'\'', '\''steady'\'']"
'
test_expect_success REPORT 'flaky: 164/168 = 97.619 %, 4/168 of a 1 % budget = 238.1 %' '
	test_is "$(J "$JS" "$fl[\"samples\"], $fl[\"failures\"], $fl[\"availability_pct\"], $fl[\"slo_pct\"], $fl[\"error_budget_spent_pct\"]")" \
		"168 4 97.619 99 238.1"
'
test_expect_success REPORT 'flaky: outages from the 5th to the 8th probe and from the 100th to the 101st' '
	test_is "$(J "$JS" "[(o[\"start_ts\"], o[\"end_ts\"], o[\"minutes\"], o[\"ongoing\"]) for o in $fl[\"outages\"]]")" \
		"[(1794197400, 1794208200, 180, False), (1794539400, 1794543000, 60, False)]"
'
test_expect_success REPORT 'outage times in local time' '
	test_is "$(J "$JS" "[(o[\"start\"], o[\"end\"]) for o in $fl[\"outages\"]][0]")" \
		"('\''Mon 2026-11-09 04:10 UTC'\'', '\''Mon 2026-11-09 07:10 UTC'\'')"
'
test_expect_success REPORT 'steady: 100 %, no budget spent, no outage; offline: no live check' '
	test_is "$(J "$JS" "$st[\"availability_pct\"], $st[\"error_budget_spent_pct\"], $st[\"outages\"], $st[\"live\"]")" \
		"100 0 [] None"
'
test_expect_success REPORT 'summary: 332 of 336 probes = 98.81 %' '
	test_is "$(J "$JS" "d[\"summary\"][\"health_availability_pct\"], d[\"health\"][\"availability_pct\"]")" \
		"98.81 98.81"
'
test_expect_success REPORT 'the spent budget is a CRITICAL finding' '
	test_is "$(J "$JS" "$HEALTH_FINDINGS")" "[('\''health_budget'\'', '\''CRITICAL'\'', '\''flaky'\'')]"
'
test_expect_success REPORT 'and sets the report'\''s status' '
	test_is "$(J "$JS" "d[\"summary\"][\"status\"]")" "CRITICAL"
'
test_expect_success REPORT 'its worst window is the longest outage' '
	test_is "$(J "$JS" "$HEALTH_WHEN")" "[(1794197400, 180)]"
'
test_expect_success REPORT 'plain HTTP: latency, no TLS, no certificate' '
	test_is "$(J "$JS" "$st[\"latency_ms\"][\"p50\"] > 0, $st[\"phases_ms\"][\"tls\"], $st[\"cert_days_left\"], $st[\"cert_status\"]")" \
		"True None None None"
'
test_expect_success REPORT 'the text report'\''s row for flaky' '
	test_like "$(cat "$TX")" "  flaky +97\.619 +238\.1 "
'
test_expect_success REPORT 'and its outage' '
	test_like "$(cat "$TX")" "outage: Mon 2026-11-09 04:10 UTC to Mon 2026-11-09 07:10 UTC \(180 min\)"
'
test_expect_success REPORT 'text lines within 80 columns' '
	test_is "$(awk "length > 80" "$TX")" ""
'

test_expect_success REPORT 'a second --offline run gives identical bytes' '
	cp "$JS" "$D/first.json" && cp "$TX" "$D/first.txt" &&
	pw perfweek-report $C --week 2026-W46 --format text,json --offline &&
	test_cmp "$D/first.json" "$JS" && test_cmp "$D/first.txt" "$TX"
'

# Live: the flaky URL's next request (169) succeeds; a 500 fails now.
dn="[c for c in d['health']['checks'] if c['name'] == 'down'][0]"
test_expect_success REPORT 'a health check failing at report time: exit 3' '
	printf "[health \"down\"]\nurl = %s/status/500\n" "$H" >>"$D/perfweek.conf" &&
	test_set_prereq LIVE &&
	test_expect_code 3 pw perfweek-report $C --week 2026-W46 --format json
'
test_expect_success LIVE 'live: flaky answers now' '
	test_is "$(J "$JS" "$fl[\"live\"][\"ok\"], $fl[\"live\"][\"status\"], $fl[\"live\"][\"error\"], $fl[\"live\"][\"total_ms\"] > 0")" \
		"True 200 None True"
'
test_expect_success LIVE 'a configured check without data: its live result' '
	test_is "$(J "$JS" "$dn[\"samples\"], $dn[\"availability_pct\"], $dn[\"live\"][\"ok\"], $dn[\"live\"][\"error\"]")" \
		"0 None False status 500 not in 200-299"
'
test_expect_success LIVE 'and the reason is logged' '
	test_like "$(cat "$D/err")" "health check '\''down'\'' fails now: status 500 not in 200-299"
'

# Without [health] sections and results: not_configured, and a probe run
# that has nothing to do.
test_expect_success 'the example configuration checks (probe)' '
	test_is "$(pw perfweek-probe -c "$SRC/docs/perfweek.conf" --check-config)" "configuration OK: $SRC/docs/perfweek.conf"
'
write_config
cat >> "$D/perfweek.conf" <<CONF

[report]
timezone = UTC
min_coverage_pct = 0
output_dir = $D/reports
CONF
test_expect_success 'no check configured: exit 0' '
	pw perfweek-probe $C
'
test_expect_success 'no health check: status not_configured, nulls' '
	pw perfweek-collect $C --db "$D/empty.db" --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
	{ pw perfweek-report $C --week 2026-W46 --format json --db "$D/empty.db"; true; } &&
	test_is "$(J "$JS" "d[\"health\"][\"status\"], d[\"health\"][\"checks\"], d[\"health\"][\"availability_pct\"], d[\"summary\"][\"health_availability_pct\"]")" \
		"not_configured [] None None"
'
