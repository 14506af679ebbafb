#!/bin/sh
# A report that knows what it does not know: a week without a snapshot is
# NO DATA and a week 10 % covered is INCOMPLETE, never OK, in the text, the
# JSON, the PDF's first page and the subject of the mailed report (a real
# SMTP server on 127.0.0.1), each with the CRITICAL finding "Collector not
# running" naming the last snapshot seen; both exit 3 and are recorded
# with their status.  A CRITICAL seen in the covered time keeps its
# severity.  [report] min_coverage_pct moves the line.
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || skip_all "python3-aiosmtpd is not installed"
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

# A host whose database was made but which never stored a snapshot.
FAKETIME="@2026-11-02 09:00:00" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
	--proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys"
ok $? "the database is made by one snapshot"
q "INSERT INTO host(name) VALUES ('ghost')"
pw perfweek-report $C --host ghost --week 2026-W46 --format json; is "$?" 3 "a host never collected: exit 3"
is "$(J "$R/perfweek-ghost-2026-W46.json" "d['summary']['status'], d['findings'][0]['rule'], d['findings'][0]['severity']")" \
	"NO DATA collector CRITICAL" "NO DATA, with the CRITICAL collector finding first"
is "$(J "$R/perfweek-ghost-2026-W46.json" "d['findings'][0]['evidence']")" \
	"no snapshot stored in 2026-W46 (0 of the expected); no snapshot ever stored for ghost" \
	"the evidence says that no snapshot was ever stored for the host"

# 2026-W45: the collector ran on Monday 2 November (one snapshot above),
# then stopped; 2026-W46 holds nothing.
FAKETIME="@2026-11-02 09:01:00" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
	--proc-root "$TREES/rates-b/proc" --sys-root "$TREES/rates-b/sys"
ok $? "a second snapshot, Mon 2026-11-02 09:01"

# The mail server, a plain local relay.
mkdir -p "$SCRATCH/smtp"
/usr/bin/python3 "$SRC/tests/servers/smtp_server.py" --port-file "$SCRATCH/smtp.port" \
	--dir "$SCRATCH/smtp" 2>"$SCRATCH/smtp.log" &
on_exit "kill $! 2>/dev/null"
i=0
while [ ! -s "$SCRATCH/smtp.port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$SCRATCH/smtp.port")
cp "$SCRATCH/perfweek.conf" "$SCRATCH/mail.conf"
printf '\n[mail]\nurl = smtp://127.0.0.1:%s\nfrom = perfweek@example.org\nto = ops@example.org\nstarttls = off\n' \
	"$port" >> "$SCRATCH/mail.conf"
subject() {	# subject EML: the decoded Subject header
	/usr/bin/python3 -c 'import email, email.policy, sys; print(email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)["Subject"])' "$1"
}

pw perfweek-report -c "$SCRATCH/mail.conf" --week 2026-W46 --format text,json,pdf --mail
is "$?" 3 "NO DATA: exit 3, as for every report with something missing"
like "$(cat "$SCRATCH/err")" "no snapshots of 'testhost' in 2026-W46" "the run says why"
JS=$R/perfweek-testhost-2026-W46.json
TX=$R/perfweek-testhost-2026-W46.txt
is "$(J "$JS" "d['summary']['status'], d['summary']['findings_status'], d['summary']['critical']")" \
	"NO DATA None 1" "JSON: status NO DATA, nothing judged, one critical finding"
is "$(J "$JS" "d['summary']['status_reason']")" \
	"No snapshot is stored for 2026-W46: the collector was not running (the last snapshot of testhost: Mon 2026-11-02 09:01 UTC)." \
	"JSON: the reason names the last snapshot seen"
is "$(J "$JS" "d['coverage']['last_snapshot'], d['coverage']['last_snapshot_ts'], d['coverage']['min_pct']")" \
	"Mon 2026-11-02 09:01 UTC 1793610060 50" "JSON: coverage has the last snapshot and the minimum"
is "$(J "$JS" "tuple(d['findings'][0][k] for k in ('title', 'resource')) + tuple(d['findings'][0]['when'][k] for k in ('start', 'end'))")" \
	"('Collector not running', 'collector', 'Mon 2026-11-09 00:00 UTC', 'Mon 2026-11-16 00:00 UTC')" \
	"JSON: the finding spans the whole week"
is "$(J "$JS" "d['findings'][0]['evidence']")" \
	"no snapshot stored in 2026-W46 (0 of the expected); the last snapshot of testhost: Mon 2026-11-02 09:01 UTC" \
	"JSON: the finding's evidence names the last snapshot"
like "$(grep '^STATUS:' "$TX")" "^STATUS: NO DATA  \(1 critical, 0 warning, 0 info\)$" "text: the status line"
like "$(tr -s '\n ' '  ' < "$TX")" "the collector was not running \(the last snapshot of testhost: Mon 2026-11-02 09:01 UTC\)" \
	"text: the reason under the status line"
like "$(cat "$TX")" " 1\. \[CRITICAL\] Collector not running \(collector\)" "text: the finding comes first"
if [ -s "$SCRATCH/smtp/msg-1.eml" ]; then
	is "$(subject "$SCRATCH/smtp/msg-1.eml")" "perfweek testhost 2026-W46: NO DATA" "mail: the subject says NO DATA"
else
	ok 1 "mail: the subject says NO DATA (no message received)"
fi
if command -v pdftotext >/dev/null; then
	pdftotext -enc UTF-8 -f 1 -l 1 "$R/perfweek-testhost-2026-W46.pdf" "$SCRATCH/p1.txt" 2>/dev/null
	like "$(tr '\n' ' ' < "$SCRATCH/p1.txt")" "NO DATA .*No snapshot is stored for 2026-W46: the collector was not running" \
		"PDF page 1: the banner says NO DATA and why"
	like "$(cat "$SCRATCH/p1.txt")" "Collector not running" "PDF page 1: the finding"
else
	ok 0 "# SKIP pdftotext is not installed"
	ok 0 "# SKIP pdftotext is not installed"
fi
is "$(q "SELECT status, exit_code FROM report_run ORDER BY id DESC LIMIT 1")" "NO DATA|3" \
	"the run is recorded as NO DATA, exit 3"

# 2026-W47, 10 % covered: 202 of 2016 snapshots every 300 s from Monday
# 00:00 (the last at 16:45), with CPU busy at 99 % for the first two hours.
/usr/bin/python3 - "$SCRATCH/perfweek.db" <<'PY'
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
ok $? "2026-W47: 202 snapshots on Monday, then nothing"
cp "$SCRATCH/err" "$SCRATCH/err0"
pw perfweek-report -c "$SCRATCH/mail.conf" --week 2026-W47 --format text,json,pdf --mail
is "$?" 3 "INCOMPLETE: exit 3"
like "$(cat "$SCRATCH/err")" "only 10\.0 % of the expected snapshots of 'testhost' in 2026-W47 are stored: the report is INCOMPLETE \(min_coverage_pct 50\)" \
	"the run says why"
JS=$R/perfweek-testhost-2026-W47.json
TX=$R/perfweek-testhost-2026-W47.txt
is "$(J "$JS" "d['coverage']['pct'], d['summary']['status'], d['summary']['findings_status']")" \
	"10 INCOMPLETE CRITICAL" "JSON: 10 % covered is INCOMPLETE; the covered time shows a CRITICAL"
is "$(J "$JS" "' '.join(f['severity'] + ':' + f['rule'] for f in d['findings'])")" \
	"CRITICAL:collector CRITICAL:cpu_busy" "JSON: the collector finding first, the CPU saturation seen keeps CRITICAL"
is "$(J "$JS" "(d['findings'][0]['evidence'],) + tuple(d['findings'][0]['when'][k] for k in ('start', 'end'))")" \
	"('10.0 % of the expected snapshots stored, under the 50 % a report needs; the last snapshot of testhost: Mon 2026-11-16 16:45 UTC', 'Mon 2026-11-16 16:45 UTC', 'Mon 2026-11-23 00:00 UTC')" \
	"JSON: the finding runs from the last snapshot to the end of the week"
like "$(grep '^STATUS:' "$TX")" "^STATUS: INCOMPLETE  \(2 critical, 0 warning, 0 info\)$" "text: the status line"
like "$(tr -s '\n ' '  ' < "$TX")" "Only 10\.0 % of the expected snapshots are stored \(at least 50 % are needed\)" "text: the reason"
if [ -s "$SCRATCH/smtp/msg-2.eml" ]; then
	is "$(subject "$SCRATCH/smtp/msg-2.eml")" "perfweek testhost 2026-W47: INCOMPLETE" "mail: the subject says INCOMPLETE"
else
	ok 1 "mail: the subject says INCOMPLETE (no message received)"
fi
if command -v pdftotext >/dev/null; then
	pdftotext -enc UTF-8 -f 1 -l 1 "$R/perfweek-testhost-2026-W47.pdf" "$SCRATCH/p1.txt" 2>/dev/null
	like "$(tr '\n' ' ' < "$SCRATCH/p1.txt")" "INCOMPLETE .*Only 10\.0 % of the expected snapshots are stored" \
		"PDF page 1: the banner says INCOMPLETE and why"
else
	ok 0 "# SKIP pdftotext is not installed"
fi
is "$(q "SELECT status, exit_code FROM report_run ORDER BY id DESC LIMIT 1")" "INCOMPLETE|3" \
	"the run is recorded as INCOMPLETE, exit 3"

# The minimum is configurable: at 5 % the same week is judged, CRITICAL.
sed 's/^timezone = UTC$/timezone = UTC\nmin_coverage_pct = 5/' "$SCRATCH/perfweek.conf" > "$SCRATCH/low.conf"
pw perfweek-report -c "$SCRATCH/low.conf" --week 2026-W47 --format json; is "$?" 0 "min_coverage_pct = 5: exit 0"
is "$(J "$JS" "d['summary']['status'], d['summary']['status_reason'], [f['rule'] for f in d['findings']]")" \
	"CRITICAL None ['cpu_busy']" "min_coverage_pct = 5: judged CRITICAL, no collector finding"
sed 's/^timezone = UTC$/timezone = UTC\nmin_coverage_pct = 101/' "$SCRATCH/perfweek.conf" > "$SCRATCH/bad.conf"
pw perfweek-report -c "$SCRATCH/bad.conf" --check-config >/dev/null; is "$?" 2 "min_coverage_pct = 101: exit 2"
like "$(cat "$SCRATCH/err")" "bad.conf:[0-9]+:.*min_coverage_pct" "the error names the file, the line and the key"
