#!/bin/sh
# The notification rules of perfweek-alert on one CPU alert, runs every
# five minutes: WARNING at the start, CRITICAL at once when it gets worse,
# back to WARNING only after resolve_min at the lower level, resolved after
# resolve_min clear; each a notification, nothing in between; with
# repeat_hours, a firing alert is told again once that long has passed.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
PY=/usr/bin/python3
SERVER=$SRC/tests/servers/webhook_server.py
D=$SCRATCH
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
url_env = PERFWEEK_TEST_HOOK_URL
CONF
sed "s/^repeat_hours = 24/repeat_hours = 0.25/; s|^database = .*|database = $D/repeat.db|" \
	"$D/perfweek.conf" >"$D/repeat.conf"

alert_at() {	# alert_at HH:MM CONF: perfweek-alert on 2026-11-10 at HH:MM
	FAKETIME="2026-11-10 $1:00" FAKETIME_DONT_FAKE_MONOTONIC=1 LD_PRELOAD="$FT" \
		$WRAP "$BIN/perfweek-alert" -c "$2" 2>>"$D/err"
}
# seq LOG: reason state severity previous since ended, one line a request.
seq_of() {
	$PY -c 'import json,sys
for r in map(json.loads, open(sys.argv[1])):
    b = r["body"]
    print(b["sent"][11:16], b["reason"], b["state"], b["severity"], b["previous_severity"], b["since"][11:16], b["ended"][11:16] if b["ended"] else "-")' "$1"
}

test_expect_success FAKETIME 'CPU at 90, 97, 90 and 20 %, a sink listening' '
	collect_at "2026-11-10 08:55:00" rates-a -c "$D/perfweek.conf" &&
	$PY - "$D/perfweek.db" <<-PY &&
	import sqlite3, sys
	con = sqlite3.connect(sys.argv[1])
	host = con.execute("SELECT id FROM host WHERE name = '\''testhost'\''").fetchone()[0]
	t0 = 1794301200  # 09:00
	for i in range(1, 25):
	    busy = 90 if i <= 4 else 97 if i <= 8 else 90 if i <= 14 else 20
	    con.execute("INSERT INTO snapshot(host_id, ts, interval_s, boot_time, uptime_s, "
	                "cpu_count, cpu_user_pct, cpu_system_pct, cpu_iowait_pct, cpu_idle_pct, "
	                "mem_total_bytes, mem_available_bytes, mem_used_pct) "
	                "VALUES (?, ?, 300, ?, ?, 2, ?, 0, 0, ?, 8589934592, 4294967296, 50)",
	                (host, t0 + i * 300, t0 - 86400, 86400 + i * 300, busy, 100 - busy))
	con.commit()
	PY
	cp "$D/perfweek.db" "$D/repeat.db" &&
	$PY "$SERVER" --port-file "$D/hook.port" --log "$D/hook.log" >/dev/null 2>&1 &
	on_exit "kill $! 2>/dev/null"
	i=0
	while [ ! -s "$D/hook.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	PERFWEEK_TEST_HOOK_URL="http://127.0.0.1:$(cat "$D/hook.port")/h" &&
	export PERFWEEK_TEST_HOOK_URL && touch "$D/hook.log" &&
	test_set_prereq READY
'
test_expect_success READY 'every five minutes from 09:05 to 11:00: four notifications' '
	for t in 09:05 09:10 09:15 09:20 09:25 09:30 09:35 09:40 09:45 09:50 09:55 \
		10:00 10:05 10:10 10:15 10:20 10:25 10:30 10:35 10:40 10:45 10:50 10:55 11:00; do
		alert_at $t "$D/perfweek.conf" || return 1
	done &&
	test_is "$(cat "$D/err")" "" &&
	seq_of "$D/hook.log" >"$D/got" &&
	cat >"$D/want" <<-EOF &&
	09:10 start firing WARNING None 09:00 -
	09:30 severity firing CRITICAL WARNING 09:00 -
	10:05 severity firing WARNING CRITICAL 09:00 -
	10:35 resolve resolved WARNING None 09:00 10:20
	EOF
	test_cmp "$D/want" "$D/got"
'
test_expect_success READY 'repeat_hours = 0.25: told again 15 minutes after the last' '
	: >"$D/hook.log" &&
	for t in 09:10 09:15 09:20 09:25 09:30 09:35 09:40 09:45; do
		alert_at $t "$D/repeat.conf" || return 1
	done &&
	seq_of "$D/hook.log" >"$D/got" &&
	cat >"$D/want" <<-EOF &&
	09:10 start firing WARNING None 09:00 -
	09:25 repeat firing WARNING None 09:00 -
	09:30 severity firing CRITICAL WARNING 09:00 -
	09:45 repeat firing CRITICAL None 09:00 -
	EOF
	test_cmp "$D/want" "$D/got"
'
