#!/bin/sh
# A [notify] sink of type mail: perfweek-alert sends the alert through
# [mail] with the weekly report's SMTP code (tests/servers/smtp_server.py
# on 127.0.0.1): one message when the CPU alert fires, one when it
# resolves, the subject from [mail] subject, the facts in the body.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-mail.sh"
export TZ=UTC
PY=/usr/bin/python3
D=$SCRATCH
write_config
alert_at() {	# alert_at HH:MM: perfweek-alert on 2026-11-10 at HH:MM
	FAKETIME="2026-11-10 $1:00" FAKETIME_DONT_FAKE_MONOTONIC=1 LD_PRELOAD="$FT" \
		$WRAP "$BIN/perfweek-alert" -c "$D/m.conf" 2>"$D/err"
}
test_expect_success FAKETIME 'an SMTP server, CPU at 97 % from 09:00 to 09:40' '
	smtp_start box smtp_server.py &&
	mailconf "$D/m.conf" "smtp://127.0.0.1:$port" "starttls = off\n" &&
	printf "\n[findings]\ncpu_busy = 85 95 10\nfs_used = off\nfs_days_to_full = off\n[notify \"ops-mail\"]\ntype = mail\n" >>"$D/m.conf" &&
	collect_at "2026-11-10 08:55:00" rates-a -c "$D/m.conf" &&
	$PY - "$D/perfweek.db" <<-PY &&
	import sqlite3, sys
	con = sqlite3.connect(sys.argv[1])
	host = con.execute("SELECT id FROM host WHERE name = '\''testhost'\''").fetchone()[0]
	t0 = 1794301200  # 09:00
	for i in range(1, 25):
	    busy = 97 if i <= 8 else 20
	    con.execute("INSERT INTO snapshot(host_id, ts, interval_s, boot_time, uptime_s, "
	                "cpu_count, cpu_user_pct, cpu_system_pct, cpu_iowait_pct, cpu_idle_pct, "
	                "mem_total_bytes, mem_available_bytes, mem_used_pct) "
	                "VALUES (?, ?, 300, ?, ?, 2, ?, 0, 0, ?, 8589934592, 4294967296, 50)",
	                (host, t0 + i * 300, t0 - 86400, 86400 + i * 300, busy, 100 - busy))
	con.commit()
	PY
	test_set_prereq READY
'
test_expect_success READY 'firing: one message, its subject and body' '
	alert_at 09:10 && alert_at 09:15 &&
	test_is "$(ls "$D/box"/*.eml | xargs -n1 basename)" "msg-1.eml" &&
	test_is "$(grep "^Subject:" "$D/box/msg-1.eml" | tr -d "\r")" "Subject: perfweek testhost alert cpu_busy: CRITICAL" &&
	test_is "$(grep -c "^To: ops@example.org, sre@example.org" "$D/box/msg-1.eml")" 1 &&
	grep -q "^CRITICAL CPU saturation on testhost" "$D/box/msg-1.eml" &&
	grep -q "^since:    2026-11-10T09:00:00Z" "$D/box/msg-1.eml"
'
test_expect_success READY 'resolved: a second message' '
	for t in 09:45 09:50 09:55 10:00 10:05; do alert_at $t || return 1; done &&
	test_is "$(ls "$D/box"/*.eml | xargs -n1 basename | tr "\n" " ")" "msg-1.eml msg-2.eml " &&
	test_is "$(grep "^Subject:" "$D/box/msg-2.eml" | tr -d "\r")" "Subject: perfweek testhost alert cpu_busy: RESOLVED" &&
	grep -q "^ended:    2026-11-10T09:50:00Z" "$D/box/msg-2.eml"
'
