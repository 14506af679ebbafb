#!/bin/sh
# perfweek-report against the local ServiceNow server
# (tests/servers/snow_server.py): exact incident figures in the JSON
# report, computed here independently from the server's own data; paging
# across short pages; the value shapes and both auth schemes; every
# failure mode giving a report, a reason and exit 3 with nothing stored as
# a successful fetch; --offline and exact regeneration from the stored
# fetch; and the secrets found nowhere: argv, logs, database, reports.
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
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
# start_server ARGS: run the server, set PORT and SPID.
start_server() {
	nserver=$((nserver + 1))
	pf=$SCRATCH/port.$nserver
	/usr/bin/python3 "$SERVER" --port-file "$pf" "$@" &
	SPID=$!
	on_exit "kill $SPID 2>/dev/null"
	i=0
	while [ ! -s "$pf" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	PORT=$(cat "$pf")
}
stop_server() {
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
FAKETIME="@2026-11-10 10:00:00" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
	--proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
FAKETIME="@2026-11-10 10:01:00" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
	--proc-root "$TREES/rates-b/proc" --sys-root "$TREES/rates-b/sys"
ok $? "two snapshots in 2026-W46"
cp "$SCRATCH/perfweek.db" "$SCRATCH/clean.db"

pw perfweek-report $C --week 2026-W46 --format json
is "$?" 0 "without [servicenow]: exit 0"
is "$(J "$JS" "d['incidents']['status'], d['incidents']['reason'], d['summary']['open_incidents']")" \
	"not_configured None None" "without [servicenow]: not configured"

# ---- exact figures, paging over short pages --------------------------
# 3000 incidents; the server cuts pages at 40 and hides every 7th record
# after cutting (access control), so most pages are short.
start_server --count 3000 --seed 7 --page-max 40 --acl-mod 7 --user perf \
	--password "$PASSWORD" --dump "$SCRATCH/data.json" --log "$SCRATCH/req.log"
snow_config "$PORT" "page_size = 100" "list_max = 10"
pw perfweek-report $C --week 2026-W46 --format text,json -vv; rc=$?
is "$rc" 0 "report with incidents: exit 0"
like "$(cat "$SCRATCH/err")" "servicenow: GET http://127.0.0.1:$PORT/api/now/table/incident\?sysparm_query=active%3Dtrue%5EORDERBYnumber%5EORDERBYsys_id&" \
	"-vv logs each request (the log is searched for secrets below)"
cp "$SCRATCH/err" "$SCRATCH/err.main"

# The expected figures, from the server's data with the test's own code.
/usr/bin/python3 - "$SCRATCH/data.json" > "$SCRATCH/expected" <<'PY'
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
E() { sed -n "s/^$1 //p" "$SCRATCH/expected"; }
got() {	# the report's value of an expression on d['incidents']
	J "$JS" "$1"
}
codes="{'1 - Critical':1,'2 - High':2,'3 - Moderate':3,'4 - Low':4,'5 - Planning':5}"
scodes="{'New':1,'In Progress':2,'On Hold':3,'Resolved':6,'Closed':7,'Canceled':8}"
I="d['incidents']"
is "$(got "$I['status'], $I['reason'], $I['demo']")" "ok None False" "incidents: status ok"
is "$(got "$I['open_total'], d['summary']['open_incidents']")" "$(E open) $(E open)" \
	"open incidents: $(E open), in the section and the summary"
is "$(got "' '.join('%d:%d' % ($codes[x['priority']], x['count']) for x in $I['by_priority'])")" \
	"$(E by_priority)" "open incidents by priority"
is "$(got "' '.join('%d:%d' % ($scodes[x['state']], x['count']) for x in $I['by_state'])")" \
	"$(E by_state)" "open incidents by state"
is "$(got "$I['opened_in_period'], $I['resolved_in_period']")" "$(E opened) $(E resolved)" \
	"opened and resolved in the week"
is "$(got "'%.2f' % $I['mttr_hours']")" "$(E mttr)" "mean time to resolve, hours"
is "$(got "len($I['open']), $I['open_more'], $I['open'][0]['number']")" \
	"10 $(($(E open) - 10)) $(E first)" "the open list: list_max rows, highest priority and oldest first"
like "$(got "$I['open'][0]['opened'], $I['open'][0]['assignment_group']")" \
	'^[A-Z][a-z][a-z] 20[0-9-]+ [0-9:]+ UTC [^0-9a-f]' "dates in local time, group by name"
is "$(wc -l < "$SCRATCH/req.log")" "$(E pages)" "every page requested once, following Link across short pages"
is "$(q "SELECT outcome, open_count, period_count, total_count, pages, demo FROM snow_fetch")" \
	"ok|$(E open)|$(E period_rows)|$(E total)|$(E pages)|0" "the fetch is stored with its counts"
is "$(q "SELECT count(*), sum(is_open), count(DISTINCT sys_id) FROM snow_incident")" \
	"$(q "SELECT count(*) FROM snow_incident")|$(E open)|$(q "SELECT count(*) FROM snow_incident")" \
	"one row per incident"
like "$(q "SELECT raw FROM snow_incident LIMIT 1")" '^\{"sys_id":' "the raw record is kept"
like "$(cat "$TX")" "INCIDENTS" "the text report has an incidents section"
like "$(cat "$TX")" "This period: $(E opened) opened, $(E resolved) resolved" "the text report's period figures"
wide=$(/usr/bin/python3 -c "import sys; print(sum(len(l.rstrip('\n')) > 80 for l in open(sys.argv[1], encoding='utf-8')))" "$TX")
is "$wide" 0 "no text line is wider than 80 columns"

# ---- regeneration, offline, refresh ----------------------------------
cp "$JS" "$SCRATCH/first.json"; cp "$TX" "$SCRATCH/first.txt"
pw perfweek-report $C --week 2026-W46 --format text,json
cmp -s "$JS" "$SCRATCH/first.json" && cmp -s "$TX" "$SCRATCH/first.txt"
ok $? "a second run gives identical bytes"
is "$(wc -l < "$SCRATCH/req.log") $(q "SELECT count(*) FROM snow_fetch")" "$(E pages) 1" \
	"the second run used the stored fetch: no request"
# Local time follows [report] timezone (a Berlin week is another period:
# fetched anew).
sed 's/^timezone = UTC/timezone = Europe\/Berlin/' "$SCRATCH/perfweek.conf" > "$SCRATCH/berlin.conf"
pw perfweek-report -c "$SCRATCH/berlin.conf" --week 2026-W46 --format text,json --out "$SCRATCH/berlin"
like "$(J "$SCRATCH/berlin/perfweek-testhost-2026-W46.json" "d['incidents']['open'][0]['opened']")" \
	"^$(E first_berlin) CES?T$" "opened_at (UTC) shown in Europe/Berlin time"
# opened_rows DIR ZONE: how many open incidents of the text's table show
# "Nov 09 14:05", their opened_ts in ZONE, in the opened column (36-47).
opened_rows() {
	/usr/bin/python3 - "$1/perfweek-testhost-2026-W46.json" \
		"$1/perfweek-testhost-2026-W46.txt" "$2" <<'PY'
import datetime, json, sys, zoneinfo
d = json.load(open(sys.argv[1]))
text = open(sys.argv[2], encoding="utf-8").read().split("\n")
z = zoneinfo.ZoneInfo(sys.argv[3])
n = 0
for o in d["incidents"]["open"]:
    want = datetime.datetime.fromtimestamp(o["opened_ts"], z).strftime("%b %d %H:%M")
    row = [l for l in text if l.startswith("  " + o["number"] + " ")]
    n += len(row) == 1 and row[0][36:48] == want
print(n, "of", len(d["incidents"]["open"]))
PY
}
is "$(opened_rows "$SCRATCH/berlin" Europe/Berlin)" "10 of 10" \
	"the text's opened column: opened_ts in Europe/Berlin time"

stop_server
pw perfweek-report $C --week 2026-W46 --format text,json --offline; rc=$?
is "$rc" 0 "--offline with a stored fetch: exit 0"
cmp -s "$JS" "$SCRATCH/first.json" && cmp -s "$TX" "$SCRATCH/first.txt"
ok $? "--offline with the server gone: identical bytes"
pw perfweek-report $C --week 2026-W45 --format json --offline; rc=$?
is "$rc" 3 "--offline without a stored fetch: exit 3"
is "$(J "$SCRATCH/reports/perfweek-testhost-2026-W45.json" "d['incidents']['status'], d['incidents']['reason']")" \
	"unavailable not fetched (offline)" "--offline without a stored fetch: the section says so"

# The same records in the other value shapes give the same section.
section="{k: v for k, v in d['incidents'].items() if not k.startswith('fetched')}"
J "$SCRATCH/first.json" "$section" > "$SCRATCH/section.false"
start_server --count 3000 --seed 7 --page-max 40 --acl-mod 7 --user perf \
	--password "$PASSWORD" --no-reference-links
snow_config "$PORT" "page_size = 100" "list_max = 10" "display_value = all"
pw perfweek-report $C --week 2026-W46 --format json --refresh-incidents; rc=$?
is "$rc" 0 "display_value = all, references as plain values: exit 0"
is "$(J "$JS" "$section")" "$(cat "$SCRATCH/section.false")" \
	"display_value = all: the same incidents section"
is "$(q "SELECT count(*) FROM snow_fetch WHERE outcome = 'ok'")" 3 "--refresh-incidents fetched again"
stop_server

# Without Link headers (a proxy stripped them), paging goes on by offset:
# to X-Total-Count, or without it to the first empty page.  The server's
# pages are at most 40 records here, so page_size must not exceed that.
for args in "--no-link" "--no-link --no-total-count"; do
	start_server --count 3000 --seed 7 --page-max 40 --acl-mod 7 --user perf \
		--password "$PASSWORD" $args
	snow_config "$PORT" "page_size = 40" "list_max = 10"
	pw perfweek-report $C --week 2026-W46 --format json --refresh-incidents; rc=$?
	is "$rc" 0 "$args: exit 0"
	is "$(J "$JS" "$section")" "$(cat "$SCRATCH/section.false")" \
		"$args: the same incidents section"
	like "$(cat "$SCRATCH/err")" "no Link header; paging by offset" "$args: a warning says so"
	stop_server
done

# ---- OAuth, secret files, environment --------------------------------
start_server --count 200 --token "$TOKEN" --log "$SCRATCH/oauth.log"
snow_config "$PORT" "auth = oauth"
cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db"
pw perfweek-report $C --week 2026-W46 --format json -v; rc=$?
is "$rc:$(J "$JS" "d['incidents']['status']")" "0:ok" "OAuth bearer token from a 0600 file"
like "$(head -n 1 "$SCRATCH/oauth.log")" " Bearer 200$" "the token went as a bearer header"
cp "$SCRATCH/err" "$SCRATCH/err.oauth"
chmod 644 "$SCRATCH/token"
cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db"
pw perfweek-report $C --week 2026-W46 --format json; rc=$?
is "$rc:$(J "$JS" "d['incidents']['status']")" "3:unavailable" "a token file of mode 0644: refused, exit 3"
like "$(cat "$SCRATCH/err")" "token_file '$SCRATCH/token' has mode 0644" "the refusal names the file and its mode"
is "$(q "SELECT count(*) FROM snow_fetch")" 0 "nothing fetched without credentials"
PERFWEEK_SNOW_TOKEN=$TOKEN pw perfweek-report $C --week 2026-W46 --format json; rc=$?
is "$rc:$(J "$JS" "d['incidents']['status']")" "0:ok" "PERFWEEK_SNOW_TOKEN wins over a bad file"
chmod 600 "$SCRATCH/token"
stop_server

start_server --count 200 --user perf --password "not-the-password"
snow_config "$PORT"
cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db"
pw perfweek-report $C --week 2026-W46 --format json; rc=$?
is "$rc:$(J "$JS" "d['incidents']['reason']")" "3:authentication failed (HTTP 401): ServiceNow error: User Not Authenticated: Required to provide Auth information" \
	"a wrong password: authentication failed, exit 3"
stop_server

# ---- every failure mode -------------------------------------------------
# fail MODE REASON-ERE [SERVER-ARGS]: a report, the reason, exit 3, no ok fetch
fail() {
	mode=$1 ere=$2
	shift 2
	start_server --count 500 --page-max 50 --user perf --password "$PASSWORD" \
		--fail "$mode" "$@"
	snow_config "$PORT" "retries = 1" "timeout_s = 1" "max_bytes = 1048576"
	cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db"
	rm -f "$JS"
	pw perfweek-report $C --week 2026-W46 --format json; rc=$?
	is "$rc" 3 "$mode: exit 3"
	[ -s "$JS" ]; ok $? "$mode: the report is written"
	like "$(J "$JS" "d['incidents']['status'], d['incidents']['reason']")" \
		"^unavailable $ere" "$mode: the section says why"
	is "$(q "SELECT count(*) FILTER (WHERE outcome = 'ok'), count(*), (SELECT count(*) FROM snow_incident) FROM snow_fetch")" \
		"0|1|0" "$mode: stored as a failed fetch, no incident"
	cat "$SCRATCH/err" >> "$SCRATCH/err.fail"
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
[ $((t1 - t0)) -le 8 ]; ok $? "trickle: the report gave up after $((t1 - t0)) s, not 20"

# Two kinds of 404: "No Record found" (some instances' answer to a query
# that matches nothing) is an empty list, exit 0; the wrong-table 404 above
# is "the Table API was not found", exit 3.
start_server --count 0 --user perf --password "$PASSWORD" --empty-404 \
	--log "$SCRATCH/norecord.log"
snow_config "$PORT" "retries = 0"
cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db"
rm -f "$JS"
pw perfweek-report $C --week 2026-W46 --format json; rc=$?
is "$rc" 0 "404 No Record found: exit 0"
like "$(cat "$SCRATCH/norecord.log")" " 404$" "the server did answer 404"
is "$(J "$JS" "d['incidents']['status'], d['incidents']['open_total'], d['incidents']['opened_in_period']")" \
	"ok 0 0" "an empty open list, no incident opened"
is "$(q "SELECT outcome, open_count, period_count FROM snow_fetch")" "ok|0|0" \
	"stored as a successful fetch of nothing"
stop_server

# Transient failures that pass within the retries.
for mode in 429 503; do
	start_server --count 500 --user perf --password "$PASSWORD" --fail "$mode" \
		--fail-times 1 --retry-after 1 --log "$SCRATCH/retry-$mode.log"
	snow_config "$PORT" "retries = 1"
	cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db"
	pw perfweek-report $C --week 2026-W46 --format json; rc=$?
	is "$rc:$(J "$JS" "d['incidents']['status']")" "0:ok" "one $mode, then success: exit 0"
	like "$(head -n 1 "$SCRATCH/retry-$mode.log")" " $mode$" "the first answer was $mode"
	stop_server
done

# A refused connection.
snow_config "$PORT" "retries = 0"
cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db"
pw perfweek-report $C --week 2026-W46 --format json; rc=$?
is "$rc" 3 "nothing listening: exit 3"
like "$(J "$JS" "d['incidents']['reason']")" "^cannot reach the instance" "nothing listening: cannot reach"

# Incidents opened four years before the period, past the time zone's
# table (three years back): their times are UTC, in the JSON as in the
# text's opened column, not Berlin time.
start_server --count 200 --now $((1794182400 - 4 * 365 * 86400)) \
	--user perf --password "$PASSWORD"
snow_config "$PORT" "list_max = 10"
sed -i 's/^timezone = UTC/timezone = Europe\/Berlin/' "$SCRATCH/perfweek.conf"
cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db"
pw perfweek-report $C --week 2026-W46 --format text,json --out "$SCRATCH/old"
is "$?:$(J "$SCRATCH/old/perfweek-testhost-2026-W46.json" "d['incidents']['open'][0]['opened'][-4:]")" \
	"0: UTC" "an incident opened four years before: its time in UTC"
is "$(opened_rows "$SCRATCH/old" UTC)" "10 of 10" \
	"the text's opened column: UTC outside the zone's table, as the JSON"
stop_server

# ---- secrets: argv, logs, database, reports ----------------------------
# While a fetch waits on a slow server, the reporter's command line.
start_server --count 100 --user perf --password "$PASSWORD" --fail timeout --delay 3
snow_config "$PORT" "timeout_s = 2"
cp "$SCRATCH/clean.db" "$SCRATCH/perfweek.db"
"$BIN/perfweek-report" $C --week 2026-W46 --format json -v 2>>"$SCRATCH/err.fail" &
RPID=$!
sleep 1
tr '\0' ' ' < /proc/$RPID/cmdline > "$SCRATCH/cmdline" 2>/dev/null
wait $RPID
stop_server
like "$(cat "$SCRATCH/cmdline")" "perfweek-report" "the running reporter's command line was read"
leaks=$(cat "$SCRATCH/cmdline" "$SCRATCH/err.main" "$SCRATCH/err.oauth" "$SCRATCH/err.fail" \
	"$SCRATCH"/reports/* | grep -c -e "$PASSWORD" -e "$TOKEN")
is "$leaks" 0 "no secret in argv, the logs (-v) or the reports"
for db in "$SCRATCH"/*.db; do sqlite3 "$db" .dump; done > "$SCRATCH/dump.sql"
[ -s "$SCRATCH/dump.sql" ] && ! grep -q -e "$PASSWORD" -e "$TOKEN" "$SCRATCH/dump.sql"
ok $? "no secret in the databases (sqlite3 .dump)"

# ---- configuration ------------------------------------------------------
snow_config 1 "auth = kerberos"
pw perfweek-report $C --check-config; rc=$?
is "$rc" 2 "auth = kerberos: exit 2"
like "$(cat "$SCRATCH/err")" "auth must be 'basic' or 'oauth'" "auth = kerberos: a clear error"
{ cat "$SCRATCH/base.conf"; printf '\n[servicenow]\ninstance = https://x.service-now.com/\nuser = u\n'; } > "$SCRATCH/perfweek.conf"
pw perfweek-report $C --check-config; rc=$?
is "$rc" 2 "an instance URL ending in '/': exit 2"
snow_config 1
pw perfweek-report $C --check-config; rc=$?
is "$rc" 0 "--check-config with a readable password file: exit 0"
chmod 640 "$SCRATCH/password"
pw perfweek-report $C --check-config; rc=$?
is "$rc" 2 "--check-config with a password file of mode 0640: exit 2"
like "$(cat "$SCRATCH/err")" "password_file '$SCRATCH/password' has mode 0640" "--check-config names the file and its mode"
