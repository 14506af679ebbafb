#!/bin/sh
# perfweek-alert into Debian's prometheus-alertmanager, end to end: the
# test runs Alertmanager on 127.0.0.1 (a free port, a scratch
# configuration and storage, clustering off, group_wait and
# group_interval of a second) whose receiver is a local webhook sink; an
# alert perfweek-alert raises arrives at the sink through Alertmanager as
# a version 4 payload, firing, then resolved, with perfweek's labels and
# annotations.  The clock is the real one: Alertmanager judges startsAt
# and endsAt against it.
. "$(dirname "$0")/lib.sh"
AM=$(command -v prometheus-alertmanager || true)
[ -n "$AM" ] || skip_all "prometheus-alertmanager is not installed"
PY=/usr/bin/python3
SERVER=$SRC/tests/servers/webhook_server.py
D=$SCRATCH
write_config

freeport() {
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# wait_for CMD...: CMD succeeds within 30 s.
wait_for() {
	i=0
	until "$@"; do
		[ $i -lt 300 ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
}
# The sink and Alertmanager in the background, stopped when the script ends.
start_sink() {
	$PY "$SERVER" --port-file "$D/sink.port" --log "$D/am.log" >/dev/null 2>&1 &
	on_exit "kill $! 2>/dev/null"
}
start_am() {
	"$AM" --config.file="$D/am.yml" --storage.path="$D/am-data" \
		--web.listen-address="127.0.0.1:$AMPORT" --cluster.listen-address= \
		--log.level=warn >"$D/am.out" 2>&1 &
	on_exit "kill $! 2>/dev/null"
}
# am_got N: the sink got N notifications from Alertmanager.
am_got() {
	[ "$(wc -l <"$D/am.log" | tr -d " ")" -ge "$1" ]
}

test_expect_success 'a webhook sink and Alertmanager listen' '
	start_sink &&
	touch "$D/am.log" &&
	wait_for test -s "$D/sink.port" &&
	AMPORT=$(freeport) &&
	cat >"$D/am.yml" <<-YML &&
	route:
	  receiver: sink
	  group_by: [alertname, host, device]
	  group_wait: 1s
	  group_interval: 1s
	  repeat_interval: 1h
	receivers:
	  - name: sink
	    webhook_configs:
	      - url: http://127.0.0.1:$(cat "$D/sink.port")/am
	        send_resolved: true
	YML
	start_am &&
	wait_for curl -sf "http://127.0.0.1:$AMPORT/-/ready" -o /dev/null &&
	cat >>"$D/perfweek.conf" <<-CONF &&

	[findings]
	cpu_busy = 85 95 10
	fs_used = off
	fs_days_to_full = off

	[alert]
	window_min = 15
	resolve_min = 0

	[notify "am"]
	type = alertmanager
	url = http://127.0.0.1:$AMPORT
	timeout_s = 5
	CONF
	test_set_prereq AM
'

# snapshots NOW BUSY: the last 30 minutes at one-minute steps, CPU at BUSY.
snapshots() {
	$PY - "$D/perfweek.db" "$1" "$2" <<-'PY'
	import sqlite3, sys
	con = sqlite3.connect(sys.argv[1])
	now, busy = int(sys.argv[2]), float(sys.argv[3])
	con.execute("INSERT OR IGNORE INTO host(name) VALUES ('testhost')")
	host = con.execute("SELECT id FROM host WHERE name = 'testhost'").fetchone()[0]
	con.execute("DELETE FROM snapshot WHERE host_id = ?", (host,))
	for i in range(30):
	    t = now - 60 * i
	    con.execute("INSERT INTO snapshot(host_id, ts, interval_s, boot_time, uptime_s, "
	                "cpu_count, cpu_user_pct, cpu_system_pct, cpu_iowait_pct, cpu_idle_pct, "
	                "mem_total_bytes, mem_available_bytes, mem_used_pct) "
	                "VALUES (?, ?, 60, ?, ?, 2, ?, 0, 0, ?, 8589934592, 4294967296, 50)",
	                (host, t, now - 86400, 86400, busy, 100 - busy))
	con.commit()
	PY
}
# am FIELD-EXPR N: a field of the Nth notification Alertmanager sent.
am() {
	$PY -c "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])][int(sys.argv[2])]; b=r['body']; a=b['alerts'][0]; print($1)" "$D/am.log" "$2"
}

test_expect_success AM 'the CPU at 97 % for the last half hour: perfweek-alert posts it' '
	pw perfweek-collect -c "$D/perfweek.conf" --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
	NOW=$(date +%s) && snapshots "$NOW" 97 &&
	pw perfweek-alert -c "$D/perfweek.conf" &&
	test_is "$(cat "$D/err")" "" &&
	test_set_prereq POSTED
'
test_expect_success POSTED 'Alertmanager holds it with perfweek'\''s labels' '
	curl -sf "http://127.0.0.1:$AMPORT/api/v2/alerts" >"$D/alerts.json" &&
	test_is "$($PY -c "import json,sys; a=json.load(open(sys.argv[1]))[0]; l=a[\"labels\"]; print(l[\"alertname\"], l[\"host\"], repr(l.get(\"device\", \"\")), l[\"severity\"], l[\"rule\"], a[\"status\"][\"state\"])" "$D/alerts.json")" \
		"perfweek_cpu_busy testhost '\'''\'' critical cpu_busy active"
'
test_expect_success POSTED 'the sink gets it from Alertmanager: version 4, firing' '
	wait_for am_got 1 &&
	test_is "$(am "b[\"version\"], b[\"status\"], b[\"receiver\"], len(b[\"alerts\"])" 0)" "4 firing sink 1" &&
	test_is "$(am "a[\"status\"], a[\"labels\"][\"alertname\"], a[\"labels\"][\"host\"], a[\"labels\"][\"severity\"]" 0)" \
		"firing perfweek_cpu_busy testhost critical" &&
	test_is "$(am "a[\"annotations\"][\"summary\"]" 0)" "CPU saturation on testhost" &&
	test_like "$(am "a[\"annotations\"][\"description\"]" 0)" "^CPU busy at or above 95% for 15 min in the last 15 min; now 97.0%$" &&
	test_like "$(am "a[\"annotations\"][\"runbook\"]" 0)" "^Find the processes behind the busy hours" &&
	test_is "$(am "a[\"startsAt\"][:19] == __import__(\"time\").strftime(\"%Y-%m-%dT%H:%M:%S\", __import__(\"time\").gmtime($NOW - 900))" 0)" True
'
test_expect_success POSTED 'a second run while firing re-sends it (Alertmanager expects that)' '
	PERFWEEK_LOG=stderr pw perfweek-alert -c "$D/perfweek.conf" -v &&
	test_like "$(cat "$D/err")" "notify \"am\": resend firing cpu_busy"
'
test_expect_success POSTED 'the CPU back at 20 %: resolved, and the sink hears it from Alertmanager' '
	snapshots "$NOW" 20 &&
	pw perfweek-alert -c "$D/perfweek.conf" &&
	test_is "$(q "SELECT state FROM alert")" resolved &&
	wait_for am_got 2 &&
	n=$(($(wc -l <"$D/am.log") - 1)) &&
	test_is "$(am "b[\"version\"], b[\"status\"], a[\"status\"], a[\"labels\"][\"alertname\"]" $n)" "4 resolved resolved perfweek_cpu_busy" &&
	test_is "$(am "a[\"endsAt\"] > a[\"startsAt\"]" $n)" True
'
test_expect_success POSTED 'nothing more to send once resolved' '
	pw perfweek-alert -c "$D/perfweek.conf" -v &&
	! grep -q "notify \"am\"" "$D/err"
'
