#!/bin/sh
# perfweek-alert when a sink fails: one line naming the sink and why (an
# HTTP 500, a 429 with its Retry-After, a stalled server past timeout_s, a
# host that cannot be resolved), exit 3, the change kept as not yet
# notified and sent on the next run - once: a sink failing three runs then
# recovering gets one notification, not four - while the other sinks are
# served all along.  Also --dry-run, --check-config and the URL's secret.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
PY=/usr/bin/python3
SERVER=$SRC/tests/servers/webhook_server.py
D=$SCRATCH
TOKEN=hooktoken-77aa11
write_config
cat >>"$D/perfweek.conf" <<CONF

[findings]
cpu_busy = 85 95 10
fs_used = off
fs_days_to_full = off

[alert]
window_min = 15
resolve_min = 15
repeat_hours = 24

[notify "hook"]
type = webhook
url_file = $D/hook.url
timeout_s = 1

[notify "slack"]
type = slack
url_env = PERFWEEK_TEST_SLACK_URL
timeout_s = 5
CONF
C="-c $D/perfweek.conf"

# alert_at 'YYYY-MM-DD HH:MM:SS' ARGS: perfweek-alert at that time, the
# clock stopped there (valgrind takes seconds to start), the monotonic
# clock of libcurl's deadlines left running.
alert_at() {
	alert_at_t=$1
	shift
	FAKETIME="$alert_at_t" FAKETIME_DONT_FAKE_MONOTONIC=1 LD_PRELOAD="$FT" \
		$WRAP "$BIN/perfweek-alert" "$@" 2>"$D/err"
}
start_sink() {	# start_sink NAME PERSONA
	$PY "$SERVER" --port-file "$D/$1.port" --log "$D/$1.log" --persona "$2" \
		--mode-file "$D/$1.mode" >/dev/null 2>&1 &
	on_exit "kill $! 2>/dev/null"
	i=0
	while [ ! -s "$D/$1.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	touch "$D/$1.log" && test -s "$D/$1.port"
}
# delivered NAME: the states of the requests NAME answered with 2xx.
delivered() {
	$PY -c 'import json,sys; print(" ".join(r["body"].get("state", r["body"].get("text", "?").split()[0]) for r in map(json.loads, open(sys.argv[1])) if 200 <= r["status"] < 300))' "$D/$1.log"
}
requests() {
	wc -l <"$D/$1.log" | tr -d " "
}

test_expect_success FAKETIME 'a database, an hour of CPU at 97 % from 09:00, sinks listening' '
	collect_at "2026-11-10 08:55:00" rates-a $C &&
	$PY - "$D/perfweek.db" <<-PY &&
	import sqlite3, sys
	con = sqlite3.connect(sys.argv[1])
	host = con.execute("SELECT id FROM host WHERE name = '\''testhost'\''").fetchone()[0]
	t0 = 1794301200  # Tue 2026-11-10 09:00 UTC
	for i in range(1, 37):
	    busy = 97 if i <= 8 else 20   # 97 % until 09:40
	    con.execute("INSERT INTO snapshot(host_id, ts, interval_s, boot_time, uptime_s, "
	                "cpu_count, cpu_user_pct, cpu_system_pct, cpu_iowait_pct, cpu_idle_pct, "
	                "mem_total_bytes, mem_available_bytes, mem_used_pct) "
	                "VALUES (?, ?, 300, ?, ?, 2, ?, 0, 0, ?, 8589934592, 4294967296, 50)",
	                (host, t0 + i * 300, t0 - 86400, 86400 + i * 300, busy, 100 - busy))
	con.commit()
	PY
	start_sink hook webhook && start_sink slack slack &&
	(umask 077 && echo "http://127.0.0.1:$(cat "$D/hook.port")/h/$TOKEN" >"$D/hook.url") &&
	export PERFWEEK_TEST_SLACK_URL="http://127.0.0.1:$(cat "$D/slack.port")/services/$TOKEN" &&
	test_set_prereq READY
'
test_expect_success READY '--check-config reads every sink'\''s URL' '
	pw perfweek-alert $C --check-config >"$D/out" &&
	test_is "$(cat "$D/out")" "configuration OK: $D/perfweek.conf"
'
test_expect_success READY '--dry-run prints what would be sent, sends and stores nothing' '
	alert_at "2026-11-10 09:10:00" $C --dry-run >"$D/out" &&
	test_is "$(grep "^notify" "$D/out")" "notify \"hook\" (webhook): start firing cpu_busy
notify \"slack\" (slack): start firing cpu_busy" &&
	test_is "$(sed -n 2p "$D/out" | $PY -c "import json,sys; b=json.load(sys.stdin); print(b[\"version\"], b[\"severity\"], b[\"since\"])")" \
		"perfweek.alert/1 CRITICAL 2026-11-10T09:00:00Z" &&
	test_is "$(requests hook) $(requests slack)" "0 0" &&
	test_is "$(q "SELECT count(*) FROM alert")" 0
'
test_expect_success READY 'run 1, the webhook answers 500: exit 3, one line, Slack served' '
	echo 500 >"$D/hook.mode" &&
	test_expect_code 3 alert_at "2026-11-10 09:10:00" $C &&
	test_is "$(cat "$D/err")" "perfweek-alert: notify \"hook\": firing cpu_busy not sent, kept for the next run: HTTP 500" &&
	test_is "$(delivered slack)" "CRITICAL"
'
test_expect_success READY 'run 2, a 429 with Retry-After: 30' '
	echo "429 30" >"$D/hook.mode" &&
	test_expect_code 3 alert_at "2026-11-10 09:15:00" $C &&
	test_is "$(cat "$D/err")" "perfweek-alert: notify \"hook\": firing cpu_busy not sent, kept for the next run: HTTP 429, retry after 30 s"
'
test_expect_success READY 'run 3, the webhook stalls past timeout_s = 1' '
	echo "stall 3" >"$D/hook.mode" &&
	test_expect_code 3 alert_at "2026-11-10 09:20:00" $C &&
	test_is "$(cat "$D/err")" "perfweek-alert: notify \"hook\": firing cpu_busy not sent, kept for the next run: no answer within 1 s" &&
	test_is "$(q "SELECT pending, attempts, last_error, notified_state IS NULL FROM alert_sink WHERE sink = '\''hook'\''")" \
		"1|3|no answer within 1 s|1"
'
test_expect_success READY 'run 4, it recovers: one notification delivered, not four' '
	echo ok >"$D/hook.mode" &&
	alert_at "2026-11-10 09:25:00" $C &&
	test_is "$(cat "$D/err")" "" &&
	test_is "$(delivered hook)" "firing" &&
	test_is "$(requests hook)" 4 &&
	test_is "$(delivered slack)" "CRITICAL" &&
	test_is "$(q "SELECT pending, attempts, last_error IS NULL, notified_state, notified_severity FROM alert_sink WHERE sink = '\''hook'\''")" \
		"0|0|1|firing|CRITICAL"
'
test_expect_success READY 'run 5: nothing new to say, nothing sent' '
	alert_at "2026-11-10 09:30:00" $C &&
	test_is "$(requests hook) $(requests slack)" "4 1"
'
test_expect_success READY 'the resolve while the webhook is down is sent once it is back' '
	alert_at "2026-11-10 09:45:00" $C &&
	alert_at "2026-11-10 09:50:00" $C &&
	test_is "$(q "SELECT state, clear_since FROM alert")" "firing|1794304200" &&
	echo 503 >"$D/hook.mode" &&
	test_expect_code 3 alert_at "2026-11-10 10:05:00" $C &&
	test_is "$(cat "$D/err")" "perfweek-alert: notify \"hook\": resolved cpu_busy not sent, kept for the next run: HTTP 503" &&
	echo ok >"$D/hook.mode" &&
	alert_at "2026-11-10 10:10:00" $C &&
	alert_at "2026-11-10 10:15:00" $C &&
	test_is "$(delivered hook)" "firing resolved" &&
	test_is "$(delivered slack)" "CRITICAL RESOLVED" &&
	test_is "$(q "SELECT state, ended, clear_since IS NULL FROM alert")" "resolved|1794304200|1"
'
test_expect_success READY 'a host that cannot be resolved' '
	sed "s|^url_file = .*hook.url|url_env = PERFWEEK_TEST_BAD_URL|" "$D/perfweek.conf" >"$D/bad.conf" &&
	PERFWEEK_TEST_BAD_URL=http://perfweek-test.invalid/h/$TOKEN &&
	export PERFWEEK_TEST_BAD_URL &&
	$PY - "$D/perfweek.db" <<-PY &&
	import sqlite3, sys
	con = sqlite3.connect(sys.argv[1])
	con.execute("DELETE FROM alert_sink")
	con.execute("DELETE FROM alert")
	con.commit()
	PY
	test_expect_code 3 alert_at "2026-11-10 09:25:00" -c "$D/bad.conf" &&
	test_is "$(cat "$D/err")" "perfweek-alert: notify \"hook\": firing cpu_busy not sent, kept for the next run: cannot resolve the host"
'
test_expect_success READY 'the token is in no message and not in the database' '
	! grep -q "$TOKEN" "$D/err" &&
	sqlite3 "$D/perfweek.db" .dump >"$D/dump.sql" &&
	! grep -q "$TOKEN" "$D/dump.sql" &&
	! grep -q "$TOKEN" "$D/out"
'

# --check-config: the sinks' keys and URLs.
check_conf() {	# check_conf 'SECTION TEXT': perfweek-alert --check-config on it
	printf "%s\n" "$1" >"$D/c.conf" &&
	pw perfweek-alert -c "$D/c.conf" --check-config
}
test_expect_success '--check-config: a Slack URL in the file is refused' '
	test_expect_code 2 check_conf "[notify \"s\"]
type = slack
url = https://hooks.slack.com/services/x" &&
	test_is "$(cat "$D/err")" "$D/c.conf:1: [notify \"s\"]: a slack URL is a secret: name a 0600 file in url_file or a variable in url_env, not url"
'
test_expect_success '--check-config: an unknown type, a sink without URL' '
	test_expect_code 2 check_conf "[notify \"s\"]
type = pager" &&
	test_is "$(cat "$D/err")" "$D/c.conf:1: [notify \"s\"]: type must be webhook, alertmanager, slack, teams or mail" &&
	test_expect_code 2 check_conf "[notify \"s\"]
type = teams" &&
	test_is "$(cat "$D/err")" "$D/c.conf:1: [notify \"s\"] has no url_file or url_env"
'
test_expect_success '--check-config: [alert] notify names a sink that does not exist' '
	test_expect_code 2 check_conf "[alert]
notify = ops" &&
	test_is "$(cat "$D/err")" "$D/c.conf:2: notify: no [notify \"ops\"] section"
'
test_expect_success '--check-config: the variable is not set, the file is readable by others' '
	test_expect_code 2 check_conf "[notify \"t\"]
type = teams
url_env = PERFWEEK_TEST_UNSET" &&
	test_is "$(cat "$D/err")" "[notify \"t\"]: the environment variable '\''PERFWEEK_TEST_UNSET'\'' of its URL is not set" &&
	echo "https://example.org/x" >"$D/open.url" && chmod 644 "$D/open.url" &&
	test_expect_code 2 check_conf "[notify \"t\"]
type = teams
url_file = $D/open.url" &&
	test_is "$(cat "$D/err")" "perfweek-alert: notify \"t\" url_file '\''$D/open.url'\'' has mode 0644; it must be 0600 or stricter (chmod 600 '\''$D/open.url'\'')
[notify \"t\"]: its url_file cannot be read"
'
