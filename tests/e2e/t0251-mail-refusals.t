#!/bin/sh
# What an SMTP server refuses, and one that stops answering: perfweek-report
# --mail names the step and the server's own reply (the sender, a recipient
# by its address, the message after DATA), still delivers to the
# recipients the server accepts, and gives up on a server that stops
# reading in the middle of DATA once [mail] timeout_s has passed in all:
# the total time of one attempt, not an idle timeout.  Every case keeps the
# report files and exits 3.
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || skip_all "python3-aiosmtpd is not installed"
. "$SRC/tests/e2e/lib-mail.sh"
export TZ=UTC
unset PERFWEEK_SMTP_PASSWORD

mail_week "$FT"
ok $? "two snapshots in 2026-W46"

# mail NAME CONF: the report of 2026-W46 mailed; exit status in $rc.
mail() {
	rm -rf "$SCRATCH/reports"
	pw perfweek-report -c "$2" --week 2026-W46 --mail
	rc=$?
	cp "$SCRATCH/err" "$SCRATCH/$1.err"
}
files() {	# the report files written
	ls "$SCRATCH/reports" 2>/dev/null | wc -l
}

# 1. One recipient refused: the others get the message.
smtp_start refuse smtp_server.py --refuse-rcpt sre@example.org
mailconf "$SCRATCH/m1.conf" "smtp://127.0.0.1:$port" "starttls = off\n"
mail refuse "$SCRATCH/m1.conf"
is "$rc" 3 "a refused recipient: exit 3"
is "$(cat "$SCRATCH/refuse.err")" \
	"perfweek-report: mail sent to the other recipients via 'smtp://127.0.0.1:$port': the server refused recipient 'sre@example.org': 550 5.1.1 <sre@example.org>: Recipient address rejected: User unknown" \
	"one line names the refused address and the server's reply"
is "$(/usr/bin/python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["rcpt_tos"]))' "$SCRATCH/refuse/msg-1.json" 2>/dev/null)" \
	"ops@example.org boss@example.org" "the message went to the two accepted recipients"
is "$(files)" 3 "the report files are written"

# 2. Every recipient refused: nothing is sent.
smtp_start refuseall smtp_server.py --refuse-rcpt ops@example.org \
	--refuse-rcpt sre@example.org --refuse-rcpt boss@example.org
mailconf "$SCRATCH/m2.conf" "smtp://127.0.0.1:$port" "starttls = off\n"
mail refuseall "$SCRATCH/m2.conf"
is "$rc" 3 "every recipient refused: exit 3"
like "$(cat "$SCRATCH/refuseall.err")" \
	"^perfweek-report: mail not sent via 'smtp://127\\.0\\.0\\.1:$port': the server refused recipient 'ops@example\\.org': 550 .*; recipient 'sre@example\\.org': 550 .*; recipient 'boss@example\\.org': 550 5\\.1\\.1 <boss@example\\.org>: Recipient address rejected: User unknown\$" \
	"one line names all three"
is "$(ls "$SCRATCH/refuseall" | wc -l)" 0 "and nothing was delivered"

# 3. The message refused after DATA.
smtp_start spam smtp_server.py --reject-data
mailconf "$SCRATCH/m3.conf" "smtp://127.0.0.1:$port" "starttls = off\n"
mail spam "$SCRATCH/m3.conf"
is "$rc" 3 "554 after DATA: exit 3"
is "$(cat "$SCRATCH/spam.err")" \
	"perfweek-report: mail not sent via 'smtp://127.0.0.1:$port': the server refused the message after DATA: 554 5.7.1 Message rejected as spam (score 9.9)" \
	"the server's reply is quoted"
is "$(files)" 3 "the report files are written"

# 4. A server that stops reading mid-DATA: timeout_s = 2 is the whole attempt.
smtp_start stall smtp_stall.py
mailconf "$SCRATCH/m4.conf" "smtp://127.0.0.1:$port" "starttls = off\ntimeout_s = 2\n"
# The same report without --mail first: what the run costs without SMTP.
t0=$(date +%s.%N)
pw perfweek-report -c "$SCRATCH/m4.conf" --week 2026-W46
t1=$(date +%s.%N)
mail stall "$SCRATCH/m4.conf"
t2=$(date +%s.%N)
base=$(echo "$t1 - $t0" | bc)
wall=$(echo "$t2 - $t1" | bc)
is "$rc" 3 "a stalled server: exit 3"
like "$(cat "$SCRATCH/stall.err")" \
	"^perfweek-report: mail not sent via 'smtp://127\\.0\\.0\\.1:$port': timed out after 2 s( during DATA)? \\(\\[mail\\] timeout_s\\)\$" \
	"one line: timed out, and which key sets the limit"
# Beyond the report itself, the mail may take timeout_s and a margin; a
# second wait (for QUIT's answer) would take it to twice timeout_s.
[ "$(echo "$wall - $base < 3" | bc)" = 1 ]
ok $? "the run gave up after $wall s, $base s of it the report (timeout_s = 2)"
is "$(files)" 3 "the report files are written"

# 5. No reply of a refusal leaks an AUTH line: the errors hold no base64
# of the credentials (AUTH is not offered here; the capture only keeps the
# verbs MAIL, RCPT and DATA, and RCPT's address).
! grep -qi 'AUTH' "$SCRATCH"/*.err
ok $? "no AUTH line in any message"
