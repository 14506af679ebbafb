#!/bin/sh
# A report that knows what it does not know: a week without a snapshot is
# NO DATA and a week 10 % covered is INCOMPLETE, never OK, in the text, the
# JSON, the PDF's first page and the subject of the mailed report (a real
# SMTP server on 127.0.0.1), each with the CRITICAL finding "Collector not
# running" naming the last snapshot seen; both exit 3 and are recorded
# with their status.  A CRITICAL seen in the covered time keeps its
# severity.  [report] min_coverage_pct moves the line.
. "$(dirname "$0")/lib.sh"
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null && test_set_prereq AIOSMTPD
command -v pdftotext >/dev/null && test_set_prereq PDFTOTEXT
export TZ=UTC
write_config
cat >> "$SCRATCH/perfweek.conf" <<CONF

[report]
timezone = UTC
output_dir = $SCRATCH/reports
CONF
C="-c $SCRATCH/perfweek.conf"
J() {	# J FILE EXPR: a value of the JSON report, printed by Python
	/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}
R=$SCRATCH/reports
subject() {	# subject EML: the decoded Subject header
	/usr/bin/python3 -c 'import email, email.policy, sys; print(email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)["Subject"])' "$1"
}

# A host whose database was made but which never stored a snapshot.
test_expect_success FAKETIME 'the database is made by one snapshot' '
	collect_at "2026-11-02 09:00:00" rates-a $C &&
	q "INSERT INTO host(name) VALUES ('\''ghost'\'')" &&
	test_set_prereq DB
'
GJS=$R/perfweek-ghost-2026-W46.json
test_expect_success DB 'a host never collected: exit 3' '
	test_expect_code 3 pw perfweek-report $C --host ghost --week 2026-W46 --format json
'
test_expect_success DB 'NO DATA, with the CRITICAL collector finding first' '
	test_is "$(J "$GJS" "d[\"summary\"][\"status\"], d[\"findings\"][0][\"rule\"], d[\"findings\"][0][\"severity\"]")" \
		"NO DATA collector CRITICAL"
'
test_expect_success DB 'the evidence says that no snapshot was ever stored for the host' '
	test_is "$(J "$GJS" "d[\"findings\"][0][\"evidence\"]")" \
		"no snapshot stored in 2026-W46 (0 of the expected); no snapshot ever stored for ghost"
'

# 2026-W45: the collector ran on Monday 2 November (one snapshot above),
# then stopped; 2026-W46 holds nothing.
test_expect_success DB 'a second snapshot, Mon 2026-11-02 09:01' '
	collect_at "2026-11-02 09:01:00" rates-b $C && test_set_prereq W45
'

# The mail server, a plain local relay.
test_expect_success AIOSMTPD 'the mail server' '
	mkdir -p "$SCRATCH/smtp" &&
	{ /usr/bin/python3 "$SRC/tests/servers/smtp_server.py" --port-file "$SCRATCH/smtp.port" \
		--dir "$SCRATCH/smtp" 2>"$SCRATCH/smtp.log" & } &&
	on_exit "kill $! 2>/dev/null" &&
	i=0 &&
	while [ ! -s "$SCRATCH/smtp.port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done &&
	port=$(cat "$SCRATCH/smtp.port") &&
	test -n "$port" &&
	cp "$SCRATCH/perfweek.conf" "$SCRATCH/mail.conf" &&
	printf "\n[mail]\nurl = smtp://127.0.0.1:%s\nfrom = perfweek@example.org\nto = ops@example.org\nstarttls = off\n" \
		"$port" >>"$SCRATCH/mail.conf" &&
	test_set_prereq SMTP
'

JS=$R/perfweek-testhost-2026-W46.json
TX=$R/perfweek-testhost-2026-W46.txt
test_expect_success W45,SMTP 'NO DATA: exit 3, as for every report with something missing' '
	test_expect_code 3 pw perfweek-report -c "$SCRATCH/mail.conf" --week 2026-W46 --format text,json,pdf --mail &&
	test_set_prereq NODATA
'
test_expect_success NODATA 'the run says why' '
	test_like "$(cat "$SCRATCH/err")" "no snapshots of '\''testhost'\'' in 2026-W46"
'
test_expect_success NODATA 'JSON: status NO DATA, nothing judged, one critical finding' '
	test_is "$(J "$JS" "d[\"summary\"][\"status\"], d[\"summary\"][\"findings_status\"], d[\"summary\"][\"critical\"]")" \
		"NO DATA None 1"
'
test_expect_success NODATA 'JSON: the reason names the last snapshot seen' '
	test_is "$(J "$JS" "d[\"summary\"][\"status_reason\"]")" \
		"No snapshot is stored for 2026-W46: the collector was not running (the last snapshot of testhost: Mon 2026-11-02 09:01 UTC)."
'
test_expect_success NODATA 'JSON: coverage has the last snapshot and the minimum' '
	test_is "$(J "$JS" "d[\"coverage\"][\"last_snapshot\"], d[\"coverage\"][\"last_snapshot_ts\"], d[\"coverage\"][\"min_pct\"]")" \
		"Mon 2026-11-02 09:01 UTC 1793610060 50"
'
test_expect_success NODATA 'JSON: the finding spans the whole week' '
	test_is "$(J "$JS" "tuple(d[\"findings\"][0][k] for k in (\"title\", \"resource\")) + tuple(d[\"findings\"][0][\"when\"][k] for k in (\"start\", \"end\"))")" \
		"('\''Collector not running'\'', '\''collector'\'', '\''Mon 2026-11-09 00:00 UTC'\'', '\''Mon 2026-11-16 00:00 UTC'\'')"
'
test_expect_success NODATA 'JSON: the finding'\''s evidence names the last snapshot' '
	test_is "$(J "$JS" "d[\"findings\"][0][\"evidence\"]")" \
		"no snapshot stored in 2026-W46 (0 of the expected); the last snapshot of testhost: Mon 2026-11-02 09:01 UTC"
'
test_expect_success NODATA 'text: the status line' '
	test_like "$(grep "^STATUS:" "$TX")" "^STATUS: NO DATA  \(1 critical, 0 warning, 0 info\)$"
'
test_expect_success NODATA 'text: the reason under the status line' '
	test_like "$(tr -s "\n " "  " <"$TX")" "the collector was not running \(the last snapshot of testhost: Mon 2026-11-02 09:01 UTC\)"
'
test_expect_success NODATA 'text: the finding comes first' '
	test_like "$(cat "$TX")" " 1\. \[CRITICAL\] Collector not running \(collector\)"
'
test_expect_success NODATA 'mail: the subject says NO DATA' '
	test -s "$SCRATCH/smtp/msg-1.eml" &&
	test_is "$(subject "$SCRATCH/smtp/msg-1.eml")" "perfweek testhost 2026-W46: NO DATA"
'
test_expect_success NODATA,PDFTOTEXT 'PDF page 1: the banner says NO DATA and why' '
	pdftotext -enc UTF-8 -f 1 -l 1 "$R/perfweek-testhost-2026-W46.pdf" "$SCRATCH/p1.txt" 2>/dev/null &&
	test_like "$(tr "\n" " " <"$SCRATCH/p1.txt")" "NO DATA .*No snapshot is stored for 2026-W46: the collector was not running"
'
test_expect_success NODATA,PDFTOTEXT 'PDF page 1: the finding' '
	test_like "$(cat "$SCRATCH/p1.txt")" "Collector not running"
'
test_expect_success NODATA 'the run is recorded as NO DATA, exit 3' '
	test_is "$(q "SELECT status, exit_code FROM report_run ORDER BY id DESC LIMIT 1")" "NO DATA|3"
'

# 2026-W47, 10 % covered: 202 of 2016 snapshots every 300 s from Monday
# 00:00 (the last at 16:45), with CPU busy at 99 % for the first two hours.
cat >"$SCRATCH/w47.py" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
host = con.execute("SELECT id FROM host WHERE name = 'testhost'").fetchone()[0]
t0 = 1794787200  # Mon 2026-11-16 00:00 UTC
for i in range(202):
    busy = 99.0 if i < 24 else 10.0
    con.execute("INSERT INTO snapshot(host_id, ts, interval_s, boot_time, uptime_s, "
                "cpu_count, cpu_user_pct, cpu_system_pct, cpu_iowait_pct, cpu_idle_pct, "
                "mem_total_bytes, mem_available_bytes, mem_used_pct) "
                "VALUES (?, ?, 300, ?, ?, 2, ?, 0, 0, ?, 8589934592, 4294967296, 50)",
                (host, t0 + i * 300, t0 - 86400, 86400 + i * 300, busy, 100 - busy))
con.commit()
PY
test_expect_success W45 '2026-W47: 202 snapshots on Monday, then nothing' '
	/usr/bin/python3 "$SCRATCH/w47.py" "$SCRATCH/perfweek.db" && test_set_prereq W47
'
JS7=$R/perfweek-testhost-2026-W47.json
TX7=$R/perfweek-testhost-2026-W47.txt
test_expect_success W47,SMTP 'INCOMPLETE: exit 3' '
	test_expect_code 3 pw perfweek-report -c "$SCRATCH/mail.conf" --week 2026-W47 --format text,json,pdf --mail &&
	test_set_prereq INCOMPLETE
'
test_expect_success INCOMPLETE 'the run says why' '
	test_like "$(cat "$SCRATCH/err")" "only 10\.0 % of the expected snapshots of '\''testhost'\'' in 2026-W47 are stored: the report is INCOMPLETE \(min_coverage_pct 50\)"
'
test_expect_success INCOMPLETE 'JSON: 10 % covered is INCOMPLETE; the covered time shows a CRITICAL' '
	test_is "$(J "$JS7" "d[\"coverage\"][\"pct\"], d[\"summary\"][\"status\"], d[\"summary\"][\"findings_status\"]")" \
		"10 INCOMPLETE CRITICAL"
'
test_expect_success INCOMPLETE 'JSON: the collector finding first, the CPU saturation seen keeps CRITICAL' '
	test_is "$(J "$JS7" "\" \".join(f[\"severity\"] + \":\" + f[\"rule\"] for f in d[\"findings\"])")" \
		"CRITICAL:collector CRITICAL:cpu_busy"
'
test_expect_success INCOMPLETE 'JSON: the finding runs from the last snapshot to the end of the week' '
	test_is "$(J "$JS7" "(d[\"findings\"][0][\"evidence\"],) + tuple(d[\"findings\"][0][\"when\"][k] for k in (\"start\", \"end\"))")" \
		"('\''10.0 % of the expected snapshots stored, under the 50 % a report needs; the last snapshot of testhost: Mon 2026-11-16 16:45 UTC'\'', '\''Mon 2026-11-16 16:45 UTC'\'', '\''Mon 2026-11-23 00:00 UTC'\'')"
'
test_expect_success INCOMPLETE 'text: the status line' '
	test_like "$(grep "^STATUS:" "$TX7")" "^STATUS: INCOMPLETE  \(2 critical, 0 warning, 0 info\)$"
'
test_expect_success INCOMPLETE 'text: the reason' '
	test_like "$(tr -s "\n " "  " <"$TX7")" "Only 10\.0 % of the expected snapshots are stored \(at least 50 % are needed\)"
'
test_expect_success INCOMPLETE 'mail: the subject says INCOMPLETE' '
	test -s "$SCRATCH/smtp/msg-2.eml" &&
	test_is "$(subject "$SCRATCH/smtp/msg-2.eml")" "perfweek testhost 2026-W47: INCOMPLETE"
'
test_expect_success INCOMPLETE,PDFTOTEXT 'PDF page 1: the banner says INCOMPLETE and why' '
	pdftotext -enc UTF-8 -f 1 -l 1 "$R/perfweek-testhost-2026-W47.pdf" "$SCRATCH/p1.txt" 2>/dev/null &&
	test_like "$(tr "\n" " " <"$SCRATCH/p1.txt")" "INCOMPLETE .*Only 10\.0 % of the expected snapshots are stored"
'
test_expect_success INCOMPLETE 'the run is recorded as INCOMPLETE, exit 3' '
	test_is "$(q "SELECT status, exit_code FROM report_run ORDER BY id DESC LIMIT 1")" "INCOMPLETE|3"
'

# The minimum is configurable: at 5 % the same week is judged, CRITICAL.
test_expect_success W47 'min_coverage_pct = 5: exit 0' '
	sed "s/^timezone = UTC\$/timezone = UTC\nmin_coverage_pct = 5/" "$SCRATCH/perfweek.conf" >"$SCRATCH/low.conf" &&
	pw perfweek-report -c "$SCRATCH/low.conf" --week 2026-W47 --format json
'
test_expect_success W47 'min_coverage_pct = 5: judged CRITICAL, no collector finding' '
	test_is "$(J "$JS7" "d[\"summary\"][\"status\"], d[\"summary\"][\"status_reason\"], [f[\"rule\"] for f in d[\"findings\"]]")" \
		"CRITICAL None ['\''cpu_busy'\'']"
'
test_expect_success 'min_coverage_pct = 101: exit 2' '
	sed "s/^timezone = UTC\$/timezone = UTC\nmin_coverage_pct = 101/" "$SCRATCH/perfweek.conf" >"$SCRATCH/bad.conf" &&
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/bad.conf" --check-config >/dev/null
'
test_expect_success 'the error names the file, the line and the key' '
	test_like "$(cat "$SCRATCH/err")" "bad.conf:[0-9]+:.*min_coverage_pct"
'
