#!/bin/sh
# perfweek-report against the local ServiceNow server
# (tests/servers/snow_server.py): exact incident figures in the JSON
# report, computed here independently from the server's own data; paging
# across short pages; the value shapes and both auth schemes; every
# failure mode giving a report, a reason and exit 3 with nothing stored as
# a successful fetch; --offline and exact regeneration from the stored
# fetch; and the secrets found nowhere: argv, logs, database, reports.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
SERVER=$SRC/tests/servers/snow_server.py
PASSWORD='pw-Kq7vZ2distinctive9913'
TOKEN='tok-Rw4xP8distinctive5120'
unset PERFWEEK_SNOW_PASSWORD PERFWEEK_SNOW_TOKEN
JS=$SCRATCH/reports/perfweek-testhost-2026-W46.json
TX=$SCRATCH/reports/perfweek-testhost-2026-W46.txt
J() {	# J FILE EXPR: a value of a JSON file, printed by Python
	/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

nserver=0
# start_server ARGS: run the server, set PORT and SPID; false when it
# does not listen.
start_server() {
	nserver=$((nserver + 1))
	pf=$SCRATCH/port.$nserver
	/usr/bin/python3 "$SERVER" --port-file "$pf" "$@" >>"$SCRATCH/server.log" 2>&1 &
	SPID=$!
	on_exit "kill $SPID 2>/dev/null"
	i=0
	while [ ! -s "$pf" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	PORT=$(cat "$pf")
	test -n "$PORT"
}
stop_server() {
	[ -n "${SPID:-}" ] || return 0
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
}

write_config
# A few snapshots are judged as a week (min_coverage_pct = 0): this test
# is not about coverage (t0211 is).
cat >> "$SCRATCH/perfweek.conf" <<CONF

[report]
timezone = UTC
min_coverage_pct = 0
output_dir = $SCRATCH/reports
CONF
cp "$SCRATCH/perfweek.conf" "$SCRATCH/base.conf"
# snow_config PORT [KEY = VALUE ...]: the config with a [servicenow] section
snow_config() {
	port=$1
	shift
	{
		cat "$SCRATCH/base.conf"
		printf '\n[servicenow]\ninstance = http://127.0.0.1:%s\n' "$port"
		printf 'user = perf\npassword_file = %s/password\n' "$SCRATCH"
		printf 'token_file = %s/token\n' "$SCRATCH"
		for kv in "$@"; do echo "$kv"; done
	} > "$SCRATCH/perfweek.conf"
}
printf '%s\n' "$PASSWORD" > "$SCRATCH/password"
printf '%s\n' "$TOKEN" > "$SCRATCH/token"
chmod 600 "$SCRATCH/password" "$SCRATCH/token"
C="-c $SCRATCH/perfweek.conf"

# Two snapshots in 2026-W46, so that only incidents can make a run partial.
test_expect_success FAKETIME 'two snapshots in 2026-W46' '
	collect_at "2026-11-10 10:00:00" rates-a $C &&
	collect_at "2026-11-10 10:01:00" rates-b $C &&
	cp "$SCRATCH/perfweek.db" "$SCRATCH/clean.db" &&
	test_set_prereq SNAPSHOTS
'

test_expect_success SNAPSHOTS 'without [servicenow]: exit 0' '
	pw perfweek-report $C --week 2026-W46 --format json
'
test_expect_success SNAPSHOTS 'without [servicenow]: not configured' '
	test_is "$(J "$JS" "d[\"incidents\"][\"status\"], d[\"incidents\"][\"reason\"], d[\"summary\"][\"open_incidents\"]")" \
		"not_configured None None"
'

# ---- exact figures, paging over short pages --------------------------
# 3000 incidents; the server cuts pages at 40 and hides every 7th record
# after cutting (access control), so most pages are short.
test_expect_success SNAPSHOTS 'the server: 3000 incidents, short pages' '
	start_server --count 3000 --seed 7 --page-max 40 --acl-mod 7 --user perf \
		--password "$PASSWORD" --dump "$SCRATCH/data.json" --log "$SCRATCH/req.log" &&
	snow_config "$PORT" "page_size = 100" "list_max = 10" &&
	test_set_prereq SERVER
'
test_expect_success SERVER 'report with incidents: exit 0' '
	pw perfweek-report $C --week 2026-W46 --format text,json -vv &&
	cp "$SCRATCH/err" "$SCRATCH/err.main" &&
	test_set_prereq REPORT
'
test_expect_success REPORT '-vv logs each request (the log is searched for secrets below)' '
	test_like "$(cat "$SCRATCH/err")" "servicenow: GET http://127.0.0.1:$PORT/api/now/table/incident\?sysparm_query=active%3Dtrue%5EORDERBYnumber%5EORDERBYsys_id&"
'

# The expected figures, from the server's data with the test's own code.
cat >"$SCRATCH/expected.py" <<'PY'
import calendar, json, math, sys, time
data = json.load(open(sys.argv[1]))
ts = lambda s: calendar.timegm(time.strptime(s, "%Y-%m-%d %H:%M:%S"))
lo, hi = 1794182400, 1794787200        # 2026-W46 in UTC
vis = [r for r in data if not r["hidden"]]
opn = [r for r in vis if r["active"] == "true"]
pri = {}
for r in opn:
    pri[int(r["priority"])] = pri.get(int(r["priority"]), 0) + 1
st = {}
for r in opn:
    st[int(r["state"])] = st.get(int(r["state"]), 0) + 1
opened = [r for r in vis if lo <= ts(r["opened_at"]) < hi]
res = [r for r in vis if r["resolved_at"] and lo <= ts(r["resolved_at"]) < hi]
mttr = sum(ts(r["resolved_at"]) - ts(r["opened_at"]) for r in res) / len(res) / 3600
first = sorted(opn, key=lambda r: (int(r["priority"]), ts(r["opened_at"]), r["number"]))[0]
matched_open = len([r for r in data if r["active"] == "true"])
matched_period = len([r for r in data if lo <= ts(r["opened_at"]) < hi or
                      (r["resolved_at"] and lo <= ts(r["resolved_at"]) < hi)])
print("open", len(opn))
print("by_priority", " ".join("%d:%d" % kv for kv in sorted(pri.items())))
print("by_state", " ".join("%d:%d" % kv for kv in sorted(st.items())))
print("opened", len(opened))
print("resolved", len(res))
print("mttr", "%.2f" % (math.floor(mttr * 100 + 0.5) / 100))
print("first", first["number"])
print("first_berlin", time.strftime("%a %Y-%m-%d %H:%M", time.gmtime(ts(first["opened_at"]) + 3600 * (2 if time.strptime(first["opened_at"], "%Y-%m-%d %H:%M:%S")[1:3] >= (3, 29) and time.strptime(first["opened_at"], "%Y-%m-%d %H:%M:%S")[1:3] < (10, 25) else 1))))
print("total", matched_open)
print("pages", math.ceil(matched_open / 40) + math.ceil(matched_period / 40))
print("period_rows", len([r for r in vis if lo <= ts(r["opened_at"]) < hi or
                          (r["resolved_at"] and lo <= ts(r["resolved_at"]) < hi)]))
PY
test_expect_success REPORT 'the expected figures, from the server'\''s data' '
	/usr/bin/python3 "$SCRATCH/expected.py" "$SCRATCH/data.json" >"$SCRATCH/expected" &&
	cat "$SCRATCH/expected" &&
	test_set_prereq EXPECTED
'
E() { sed -n "s/^$1 //p" "$SCRATCH/expected"; }
got() {	# the report's value of an expression on d['incidents']
	J "$JS" "$1"
}
codes="{'1 - Critical':1,'2 - High':2,'3 - Moderate':3,'4 - Low':4,'5 - Planning':5}"
scodes="{'New':1,'In Progress':2,'On Hold':3,'Resolved':6,'Closed':7,'Canceled':8}"
I="d['incidents']"
BY_PRIORITY="' '.join('%d:%d' % ($codes[x['priority']], x['count']) for x in $I['by_priority'])"
BY_STATE="' '.join('%d:%d' % ($scodes[x['state']], x['count']) for x in $I['by_state'])"
test_expect_success REPORT 'incidents: status ok' '
	test_is "$(got "$I[\"status\"], $I[\"reason\"], $I[\"demo\"]")" "ok None False"
'
test_expect_success EXPECTED 'open incidents, in the section and the summary' '
	test_is "$(got "$I[\"open_total\"], d[\"summary\"][\"open_incidents\"]")" "$(E open) $(E open)"
'
test_expect_success EXPECTED 'open incidents by priority' '
	test_is "$(got "$BY_PRIORITY")" "$(E by_priority)"
'
test_expect_success EXPECTED 'open incidents by state' '
	test_is "$(got "$BY_STATE")" "$(E by_state)"
'
test_expect_success EXPECTED 'opened and resolved in the week' '
	test_is "$(got "$I[\"opened_in_period\"], $I[\"resolved_in_period\"]")" "$(E opened) $(E resolved)"
'
test_expect_success EXPECTED 'mean time to resolve, hours' '
	test_is "$(got "\"%.2f\" % $I[\"mttr_hours\"]")" "$(E mttr)"
'
test_expect_success EXPECTED 'the open list: list_max rows, highest priority and oldest first' '
	test_is "$(got "len($I[\"open\"]), $I[\"open_more\"], $I[\"open\"][0][\"number\"]")" \
		"10 $(($(E open) - 10)) $(E first)"
'
test_expect_success REPORT 'dates in local time, group by name' '
	test_like "$(got "$I[\"open\"][0][\"opened\"], $I[\"open\"][0][\"assignment_group\"]")" \
		"^[A-Z][a-z][a-z] 20[0-9-]+ [0-9:]+ UTC [^0-9a-f]"
'
test_expect_success EXPECTED 'every page requested once, following Link across short pages' '
	test_is "$(wc -l <"$SCRATCH/req.log")" "$(E pages)"
'
test_expect_success EXPECTED 'the fetch is stored with its counts' '
	test_is "$(q "SELECT outcome, open_count, period_count, total_count, pages, demo FROM snow_fetch")" \
		"ok|$(E open)|$(E period_rows)|$(E total)|$(E pages)|0"
'
test_expect_success EXPECTED 'one row per incident' '
	test_is "$(q "SELECT count(*), sum(is_open), count(DISTINCT sys_id) FROM snow_incident")" \
		"$(q "SELECT count(*) FROM snow_incident")|$(E open)|$(q "SELECT count(*) FROM snow_incident")"
'
test_expect_success REPORT 'the raw record is kept' '
	test_like "$(q "SELECT raw FROM snow_incident LIMIT 1")" "^\{\"sys_id\":"
'
test_expect_success REPORT 'the text report has an incidents section' '
	test_like "$(cat "$TX")" "INCIDENTS"
'
test_expect_success EXPECTED 'the text report'\''s period figures' '
	test_like "$(cat "$TX")" "This period: $(E opened) opened, $(E resolved) resolved"
'
test_expect_success REPORT 'no text line is wider than 80 columns' '
	test_is "$(/usr/bin/python3 -c "import sys; print(sum(len(l.rstrip(\"\n\")) > 80 for l in open(sys.argv[1], encoding=\"utf-8\")))" "$TX")" 0
'

# ---- regeneration, offline, refresh ----------------------------------
test_expect_success REPORT 'a second run gives identical bytes' '
	cp "$JS" "$SCRATCH/first.json" && cp "$TX" "$SCRATCH/first.txt" &&
	test_set_prereq FIRST &&
	pw perfweek-report $C --week 2026-W46 --format text,json &&
	test_cmp "$SCRATCH/first.json" "$JS" && test_cmp "$SCRATCH/first.txt" "$TX"
'
test_expect_success EXPECTED 'the second run used the stored fetch: no request' '
	test_is "$(wc -l <"$SCRATCH/req.log") $(q "SELECT count(*) FROM snow_fetch")" "$(E pages) 1"
'
# Local time follows [report] timezone (a Berlin week is another period:
# fetched anew).
test_expect_success EXPECTED 'opened_at (UTC) shown in Europe/Berlin time' '
	sed "s/^timezone = UTC/timezone = Europe\/Berlin/" "$SCRATCH/perfweek.conf" >"$SCRATCH/berlin.conf" &&
	pw perfweek-report -c "$SCRATCH/berlin.conf" --week 2026-W46 --format json --out "$SCRATCH/berlin" &&
	test_like "$(J "$SCRATCH/berlin/perfweek-testhost-2026-W46.json" "d[\"incidents\"][\"open\"][0][\"opened\"]")" \
		"^$(E first_berlin) CES?T$"
'

stop_server
test_expect_success FIRST '--offline with a stored fetch: exit 0' '
	pw perfweek-report $C --week 2026-W46 --format text,json --offline
'
test_expect_success FIRST '--offline with the server gone: identical bytes' '
	test_cmp "$SCRATCH/first.json" "$JS" && test_cmp "$SCRATCH/first.txt" "$TX"
'
test_expect_success SERVER '--offline without a stored fetch: exit 3' '
	test_expect_code 3 pw perfweek-report $C --week 2026-W45 --format json --offline
'
test_expect_success SERVER '--offline without a stored fetch: the section says so' '
	test_is "$(J "$SCRATCH/reports/perfweek-testhost-2026-W45.json" "d[\"incidents\"][\"status\"], d[\"incidents\"][\"reason\"]")" \
		"unavailable not fetched (offline)"
'

# The same records in the other value shapes give the same section.
section="{k: v for k, v in d['incidents'].items() if not k.startswith('fetched')}"
test_expect_success FIRST 'display_value = all, references as plain values: exit 0' '
	J "$SCRATCH/first.json" "$section" >"$SCRATCH/section.false" &&
	test_set_prereq SECTION &&
	start_server --count 3000 --seed 7 --page-max 40 --acl-mod 7 --user perf \
		--password "$PASSWORD" --no-reference-links &&
	snow_config "$PORT" "page_size = 100" "list_max = 10" "display_value = all" &&
	pw perfweek-report $C --week 2026-W46 --format json --refresh-incidents
'
test_expect_success SECTION 'display_value = all: the same incidents section' '
	J "$JS" "$section" >"$SCRATCH/section.all" &&
	test_cmp "$SCRATCH/section.false" "$SCRATCH/section.all"
'
test_expect_success SECTION '--refresh-incidents fetched again' '
	test_is "$(q "SELECT count(*) FROM snow_fetch WHERE outcome = '\''ok'\''")" 3
'
stop_server

# Without Link headers (a proxy stripped them), paging goes on by offset:
# to X-Total-Count, or without it to the first empty page.  The server's
# pages are at most 40 records here, so page_size must not exceed that.
for args in "--no-link" "--no-link --no-total-count"; do
	test_expect_success SECTION "$args: exit 0" '
		start_server --count 3000 --seed 7 --page-max 40 --acl-mod 7 --user perf \
			--password "$PASSWORD" $args &&
		snow_config "$PORT" "page_size = 40" "list_max = 10" &&
		pw perfweek-report $C --week 2026-W46 --format json --refresh-incidents
	'
	test_expect_success SECTION "$args: the same incidents section" '
		J "$JS" "$section" >"$SCRATCH/section.nolink" &&
		test_cmp "$SCRATCH/section.false" "$SCRATCH/section.nolink"
	'
	test_expect_success SECTION "$args: a warning says so" '
		test_like "$(cat "$SCRATCH/err")" "no Link header; paging by offset"
	'
	stop_server
done

# ---- OAuth, secret files, environment --------------------------------
test_expect_success SNAPSHOTS 'OAuth bearer token from a 0600 file' '
	start_server --count 200 --token "$TOKEN" --log "$SCRATCH/oauth.log" &&
	snow_config "$PORT" "auth = oauth" &&
	cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db" &&
	test_set_prereq OAUTH &&
	{ pw perfweek-report $C --week 2026-W46 --format json -v; rc=$?; } &&
	cp "$SCRATCH/err" "$SCRATCH/err.oauth" &&
	test_is "$rc:$(J "$JS" "d[\"incidents\"][\"status\"]")" "0:ok"
'
test_expect_success OAUTH 'the token went as a bearer header' '
	test_like "$(head -n 1 "$SCRATCH/oauth.log")" " Bearer 200$"
'
test_expect_success OAUTH 'a token file of mode 0644: refused, exit 3' '
	chmod 644 "$SCRATCH/token" &&
	cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db" &&
	{ pw perfweek-report $C --week 2026-W46 --format json; rc=$?; } &&
	test_is "$rc:$(J "$JS" "d[\"incidents\"][\"status\"]")" "3:unavailable"
'
test_expect_success OAUTH 'the refusal names the file and its mode' '
	test_like "$(cat "$SCRATCH/err")" "token_file '\''$SCRATCH/token'\'' has mode 0644"
'
test_expect_success OAUTH 'nothing fetched without credentials' '
	test_is "$(q "SELECT count(*) FROM snow_fetch")" 0
'
test_expect_success OAUTH 'PERFWEEK_SNOW_TOKEN wins over a bad file' '
	{ PERFWEEK_SNOW_TOKEN=$TOKEN pw perfweek-report $C --week 2026-W46 --format json; rc=$?; } &&
	test_is "$rc:$(J "$JS" "d[\"incidents\"][\"status\"]")" "0:ok"
'
chmod 600 "$SCRATCH/token"
stop_server

test_expect_success SNAPSHOTS 'a wrong password: authentication failed, exit 3' '
	start_server --count 200 --user perf --password "not-the-password" &&
	snow_config "$PORT" &&
	cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db" &&
	{ pw perfweek-report $C --week 2026-W46 --format json; rc=$?; } &&
	test_is "$rc:$(J "$JS" "d[\"incidents\"][\"reason\"]")" "3:authentication failed (HTTP 401): ServiceNow error: User Not Authenticated: Required to provide Auth information"
'
stop_server

# ---- every failure mode -------------------------------------------------
# fail MODE REASON-ERE [SERVER-ARGS]: a report, the reason, exit 3, no ok
# fetch (four tests; the first starts the server and runs the report).
nfail=0
fail() {
	mode=$1 ere=$2
	shift 2
	nfail=$((nfail + 1))
	fail_args="$*"
	test_expect_success SNAPSHOTS "$mode: exit 3" '
		start_server --count 500 --page-max 50 --user perf --password "$PASSWORD" \
			--fail "$mode" $fail_args &&
		snow_config "$PORT" "retries = 1" "timeout_s = 1" "max_bytes = 1048576" &&
		cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db" &&
		rm -f "$JS" &&
		test_set_prereq FAIL$nfail &&
		test_expect_code 3 pw perfweek-report $C --week 2026-W46 --format json
	'
	test_expect_success FAIL$nfail "$mode: the report is written" '
		test -s "$JS"
	'
	test_expect_success FAIL$nfail "$mode: the section says why" '
		test_like "$(J "$JS" "d[\"incidents\"][\"status\"], d[\"incidents\"][\"reason\"]")" \
			"^unavailable $ere"
	'
	test_expect_success FAIL$nfail "$mode: stored as a failed fetch, no incident" '
		test_is "$(q "SELECT count(*) FILTER (WHERE outcome = '\''ok'\''), count(*), (SELECT count(*) FROM snow_incident) FROM snow_fetch")" \
			"0|1|0"
	'
	cat "$SCRATCH/err" >> "$SCRATCH/err.fail" 2>/dev/null
	stop_server
}
fail 401 'authentication failed \(HTTP 401\)'
fail 403 'access denied to the incident table \(HTTP 403\)'
fail 404 'the Table API was not found .*\(HTTP 404\)'
fail 429 'rate limited \(HTTP 429\).*, 2 tries$' --retry-after 1
fail 500 'server error \(HTTP 500\).*, 2 tries$'
fail 503 'server error \(HTTP 503\).*, 2 tries$'
fail html 'an HTML page instead of JSON'
fail timeout 'timeout after 1 s' --delay 3
fail truncated 'truncated response'
fail malformed 'malformed or truncated JSON'
fail error-body 'bad request \(HTTP 400\): ServiceNow error: Invalid query: sysparm_query could not be parsed'
fail huge 'a response larger than max_bytes \(1048576 bytes\)'
fail redirect 'redirected \(HTTP 302\)'
fail badlink "the next page's link leaves the instance URL"
fail 500 'server error \(HTTP 500\).*, 2 tries$' --fail-after 2

# A body that trickles in, never idle: timeout_s (1 s) is a total deadline.
t0=$(date +%s)
fail trickle 'timeout after 1 s' --delay 20
t1=$(date +%s)
test_expect_success FAIL$nfail 'trickle: the report gave up after at most 8 s, not 20' '
	echo "it took $((t1 - t0)) s" &&
	[ $((t1 - t0)) -le 8 ]
'

# Two kinds of 404: "No Record found" (some instances' answer to a query
# that matches nothing) is an empty list, exit 0; the wrong-table 404 above
# is "the Table API was not found", exit 3.
test_expect_success SNAPSHOTS '404 No Record found: exit 0' '
	start_server --count 0 --user perf --password "$PASSWORD" --empty-404 \
		--log "$SCRATCH/norecord.log" &&
	snow_config "$PORT" "retries = 0" &&
	cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db" &&
	rm -f "$JS" &&
	test_set_prereq NORECORD &&
	pw perfweek-report $C --week 2026-W46 --format json
'
test_expect_success NORECORD 'the server did answer 404' '
	test_like "$(cat "$SCRATCH/norecord.log")" " 404$"
'
test_expect_success NORECORD 'an empty open list, no incident opened' '
	test_is "$(J "$JS" "d[\"incidents\"][\"status\"], d[\"incidents\"][\"open_total\"], d[\"incidents\"][\"opened_in_period\"]")" \
		"ok 0 0"
'
test_expect_success NORECORD 'stored as a successful fetch of nothing' '
	test_is "$(q "SELECT outcome, open_count, period_count FROM snow_fetch")" "ok|0|0"
'
stop_server

# Transient failures that pass within the retries.
for mode in 429 503; do
	test_expect_success SNAPSHOTS "one $mode, then success: exit 0" '
		start_server --count 500 --user perf --password "$PASSWORD" --fail "$mode" \
			--fail-times 1 --retry-after 1 --log "$SCRATCH/retry-$mode.log" &&
		snow_config "$PORT" "retries = 1" &&
		cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db" &&
		test_set_prereq RETRY$mode &&
		{ pw perfweek-report $C --week 2026-W46 --format json; rc=$?; } &&
		test_is "$rc:$(J "$JS" "d[\"incidents\"][\"status\"]")" "0:ok"
	'
	test_expect_success RETRY$mode "the first answer was $mode" '
		test_like "$(head -n 1 "$SCRATCH/retry-$mode.log")" " $mode$"
	'
	stop_server
done

# A refused connection.
test_expect_success SNAPSHOTS 'nothing listening: exit 3' '
	snow_config "$PORT" "retries = 0" &&
	cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db" &&
	test_set_prereq REFUSED &&
	test_expect_code 3 pw perfweek-report $C --week 2026-W46 --format json
'
test_expect_success REFUSED 'nothing listening: cannot reach' '
	test_like "$(J "$JS" "d[\"incidents\"][\"reason\"]")" "^cannot reach the instance"
'

# ---- secrets: argv, logs, database, reports ----------------------------
# While a fetch waits on a slow server, the reporter's command line.
test_expect_success SNAPSHOTS 'the running reporter'\''s command line was read' '
	start_server --count 100 --user perf --password "$PASSWORD" --fail timeout --delay 3 &&
	snow_config "$PORT" "timeout_s = 2" &&
	cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db" &&
	{ "$BIN/perfweek-report" $C --week 2026-W46 --format json -v 2>>"$SCRATCH/err.fail" & } &&
	RPID=$! &&
	sleep 1 &&
	{ tr "\0" " " </proc/$RPID/cmdline >"$SCRATCH/cmdline" 2>/dev/null; wait $RPID; true; } &&
	test_like "$(cat "$SCRATCH/cmdline")" "perfweek-report"
'
stop_server
test_expect_success 'no secret in argv, the logs (-v) or the reports' '
	leaks=$(cat "$SCRATCH/cmdline" "$SCRATCH/err.main" "$SCRATCH/err.oauth" "$SCRATCH/err.fail" \
		"$SCRATCH"/reports/* | grep -c -e "$PASSWORD" -e "$TOKEN")
	test_is "$leaks" 0
'
test_expect_success 'no secret in the databases (sqlite3 .dump)' '
	for db in "$SCRATCH"/*.db; do sqlite3 "$db" .dump || return 1; done >"$SCRATCH/dump.sql" &&
	test -s "$SCRATCH/dump.sql" && ! grep -q -e "$PASSWORD" -e "$TOKEN" "$SCRATCH/dump.sql"
'

# ---- configuration ------------------------------------------------------
test_expect_success 'auth = kerberos: exit 2' '
	snow_config 1 "auth = kerberos" &&
	test_expect_code 2 pw perfweek-report $C --check-config
'
test_expect_success 'auth = kerberos: a clear error' '
	test_like "$(cat "$SCRATCH/err")" "auth must be '\''basic'\'' or '\''oauth'\''"
'
test_expect_success 'an instance URL ending in '\''/'\'': exit 2' '
	{ cat "$SCRATCH/base.conf" && printf "\n[servicenow]\ninstance = https://x.service-now.com/\nuser = u\n"; } >"$SCRATCH/perfweek.conf" &&
	test_expect_code 2 pw perfweek-report $C --check-config
'
test_expect_success '--check-config with a readable password file: exit 0' '
	snow_config 1 &&
	pw perfweek-report $C --check-config
'
test_expect_success '--check-config with a password file of mode 0640: exit 2' '
	chmod 640 "$SCRATCH/password" &&
	test_expect_code 2 pw perfweek-report $C --check-config
'
test_expect_success '--check-config names the file and its mode' '
	test_like "$(cat "$SCRATCH/err")" "password_file '\''$SCRATCH/password'\'' has mode 0640"
'
