#!/bin/sh
# perfweek-report's summary posted to the sinks of [report] notify: the
# generic webhook's perfweek.report/1 object, Slack's text and blocks and
# a Teams Adaptive Card, each carrying the report's own status, counts and
# worst findings (compared with the report's JSON) and the PDF's path; a
# sink that fails gives one line naming it and exit 3 while the others are
# served; an Alertmanager sink is refused at load; the URL never shows.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
PY=/usr/bin/python3
SERVER=$SRC/tests/servers/webhook_server.py
D=$SCRATCH
TOKEN=reporthook-5c1d
write_config
cat >>"$D/perfweek.conf" <<CONF

[report]
notify = hook, slack, teams

[notify "hook"]
type = webhook
url_file = $D/hook.url
timeout_s = 5

[notify "slack"]
type = slack
url_env = PERFWEEK_TEST_SLACK_URL
timeout_s = 5

[notify "teams"]
type = teams
url_file = $D/teams.url
timeout_s = 5
CONF
C="-c $D/perfweek.conf"

start_sink() {	# start_sink NAME PERSONA
	$PY "$SERVER" --port-file "$D/$1.port" --log "$D/$1.log" --persona "$2" \
		--mode-file "$D/$1.mode" >/dev/null 2>&1 &
	on_exit "kill $! 2>/dev/null"
	i=0
	while [ ! -s "$D/$1.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	touch "$D/$1.log" && test -s "$D/$1.port"
}
report() {
	rm -rf "$D/out"
	pw perfweek-report $C --week 2026-W46 --offline --format json,pdf \
		--out "$D/out" "$@"
}

test_expect_success FAKETIME 'a week of 2026-W46 with the CPU at 97 % on Tuesday, memory full on Wednesday, swapping on Thursday, I/O wait on Friday' '
	collect_at "2026-11-08 23:50:00" rates-a $C &&
	$PY - "$D/perfweek.db" <<-PY &&
	import sqlite3, sys
	con = sqlite3.connect(sys.argv[1])
	host = con.execute("SELECT id FROM host WHERE name = '\''testhost'\''").fetchone()[0]
	t0 = 1794182400  # Mon 2026-11-09 00:00 UTC
	rows = []
	for i in range(1, 2017):
	    t = t0 + i * 300
	    busy = 97 if 1794301200 <= t < 1794312000 else 20   # Tue 09:00-12:00
	    mem = 97 if 1794387600 <= t < 1794398400 else 50     # Wed 09:00-12:00
	    swap = 40 if 1794474000 <= t < 1794484800 else 0      # Thu 09:00-12:00
	    wait = 40 if 1794560400 <= t < 1794571200 else 0      # Fri 09:00-12:00
	    rows.append((host, t, t0 - 86400, 86400 + i * 300, busy, wait, 100 - busy - wait,
	                 8589934592 * (100 - mem) // 100, mem, 4294967296,
	                 4294967296 * swap // 100, swap, 800.0 if swap else 0.0))
	con.executemany("INSERT INTO snapshot(host_id, ts, interval_s, boot_time, uptime_s, "
	                "cpu_count, cpu_user_pct, cpu_system_pct, cpu_iowait_pct, cpu_idle_pct, "
	                "mem_total_bytes, mem_available_bytes, mem_used_pct, swap_total_bytes, "
	                "swap_used_bytes, swap_used_pct, swapout_pages_per_s) "
	                "VALUES (?, ?, 300, ?, ?, 2, ?, 0, ?, ?, 8589934592, ?, ?, ?, ?, ?, ?)", rows)
	con.commit()
	PY
	start_sink hook webhook && start_sink slack slack && start_sink teams teams &&
	printf "http://127.0.0.1:%s/hook/%s\n" "$(cat "$D/hook.port")" "$TOKEN" >"$D/hook.url" &&
	printf "http://127.0.0.1:%s/teams/%s\n" "$(cat "$D/teams.port")" "$TOKEN" >"$D/teams.url" &&
	chmod 600 "$D/hook.url" "$D/teams.url" &&
	PERFWEEK_TEST_SLACK_URL=http://127.0.0.1:$(cat "$D/slack.port")/slack/$TOKEN &&
	export PERFWEEK_TEST_SLACK_URL
'

test_expect_success FAKETIME 'each sink gets the report once, with its status, counts and worst findings' '
	report && test_cmp /dev/null "$D/err" &&
	test_is "$(wc -l <"$D/hook.log" | tr -d " ") $(wc -l <"$D/slack.log" | tr -d " ") $(wc -l <"$D/teams.log" | tr -d " ")" \
		"1 1 1" &&
	$PY - "$D/out"/*.json "$D/hook.log" "$D/out" <<-PY >"$D/got" &&
	import json, sys
	rep = json.load(open(sys.argv[1]))
	hook = json.loads(open(sys.argv[2]).readline())
	b = hook["body"]
	s = rep["summary"]
	print(b["version"], b["host"], b["period"], b["status"], b["start"], b["end"])
	print(b["status"] == s["status"], b["findings"] == {"critical": s["critical"], "warning": s["warning"], "info": s["info"]})
	want = rep["findings"][:3]
	print(len(rep["findings"]) > 3)
	print([(t["severity"], t["title"]) for t in b["top"]] == [(f["severity"], f["title"]) for f in want], len(b["top"]))
	print(b["top"][0]["severity"], b["top"][0]["title"])
	print(b["pdf"] == sys.argv[3] + "/" + [f for f in b["files"] if f.endswith(".pdf")][0].rsplit("/", 1)[1], len(b["files"]))
	PY
	cat >"$D/want" <<-EOF &&
	perfweek.report/1 testhost 2026-W46 CRITICAL 2026-11-09T00:00:00Z 2026-11-16T00:00:00Z
	True True
	True
	True 3
	CRITICAL CPU saturation
	True 2
	EOF
	test_cmp "$D/want" "$D/got"
'

test_expect_success 'Slack gets text, blocks and the colour; Teams an Adaptive Card 1.4' '
	$PY - "$D/slack.log" "$D/teams.log" "$D/out"/*.json <<-PY >"$D/got" &&
	import json, sys
	sl = json.loads(open(sys.argv[1]).readline())
	te = json.loads(open(sys.argv[2]).readline())
	rep = json.load(open(sys.argv[3]))
	b = sl["body"]
	print(sl["path"].startswith("/slack/"), b["text"])
	print(b["blocks"][0]["type"], b["attachments"][0]["color"])
	tops = [x["text"]["text"] for x in b["blocks"][2:5]]
	print(tops == ["%s %s: %s" % (f["severity"], f["title"], f["evidence"]) for f in rep["findings"][:3]])
	print(b["blocks"][-1]["text"]["text"].startswith("PDF: "))
	card = te["body"]["attachments"][0]
	print(te["body"]["type"], card["contentType"], card["content"]["version"])
	print(card["content"]["body"][0]["color"], card["content"]["body"][0]["text"] == b["text"])
	PY
	crit=$($PY -c "import json,sys; s=json.load(open(sys.argv[1]))[\"summary\"]; print(s[\"critical\"], s[\"warning\"])" "$D/out"/*.json) &&
	set -- $crit &&
	w=warnings && [ "$2" != 1 ] || w=warning &&
	cat >"$D/want" <<-EOF &&
	True CRITICAL: testhost, 2026-W46 ($1 critical, $2 $w)
	header #e01e5a
	True
	True
	message application/vnd.microsoft.card.adaptive 1.4
	Attention True
	EOF
	test_cmp "$D/want" "$D/got"
'

test_expect_success 'a sink answering 500: one line naming it, exit 3, the others served' '
	echo 500 >"$D/hook.mode" &&
	test_expect_code 3 report &&
	test_is "$(cat "$D/err")" \
		"perfweek-report: warning: the summary was not sent to [notify \"hook\"]: HTTP 500" &&
	test_is "$(wc -l <"$D/hook.log" | tr -d " ") $(wc -l <"$D/slack.log" | tr -d " ") $(wc -l <"$D/teams.log" | tr -d " ")" \
		"2 2 2" &&
	test -s "$D/out"/*.pdf && rm -f "$D/hook.mode"
'

test_expect_success 'the URL and its token show nowhere: not in the logs, the files or the database' '
	! grep -rl "$TOKEN" "$D/err" "$D/out" "$D/perfweek.db"
'

test_expect_success 'an Alertmanager sink in [report] notify is refused at load (exit 2)' '
	cp "$D/perfweek.conf" "$D/am.conf" &&
	printf "\n[notify \"am\"]\ntype = alertmanager\nurl = http://127.0.0.1:9/\n" >>"$D/am.conf" &&
	sed -i "s/^notify = hook, slack, teams$/notify = hook, am/" "$D/am.conf" &&
	test_expect_code 2 pw perfweek-report -c "$D/am.conf" --check-config &&
	line=$(grep -n "^notify = hook, am" "$D/am.conf" | cut -d: -f1) &&
	test_is "$(cat "$D/err")" \
		"$D/am.conf:$line: notify: [notify \"am\"] is an Alertmanager, which takes alerts, not the weekly summary (use a webhook, slack, teams or mail sink)"
'

test_expect_success 'a name without its section is refused at load' '
	sed "s/^notify = hook, slack, teams$/notify = hook, nosuch/" "$D/perfweek.conf" >"$D/bad.conf" &&
	test_expect_code 2 pw perfweek-report -c "$D/bad.conf" --check-config &&
	test_like "$(cat "$D/err")" "bad.conf:[0-9]+: notify: no \[notify \"nosuch\"\] section$"
'

test_expect_success 'without [report] notify nothing is posted' '
	sed "/^notify = hook, slack, teams$/d" "$D/perfweek.conf" >"$D/quiet.conf" &&
	pw perfweek-report -c "$D/quiet.conf" --week 2026-W46 --offline --format json --out "$D/out2" &&
	test_is "$(wc -l <"$D/hook.log" | tr -d " ")" 2
'
