#!/bin/sh
# What an SMTP server refuses, and one that stops answering: perfweek-report
# --mail names the step and the server's own reply (the sender, a recipient
# by its address, the message after DATA), still delivers to the
# recipients the server accepts, and gives up on a server that stops
# reading in the middle of DATA once [mail] timeout_s has passed in all:
# the total time of one attempt, not an idle timeout.  Every case keeps the
# report files and exits 3.
. "$(dirname "$0")/lib.sh"
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null && test_set_prereq AIOSMTPD
. "$SRC/tests/e2e/lib-mail.sh"
export TZ=UTC
unset PERFWEEK_SMTP_PASSWORD

mail_config
test_expect_success FAKETIME 'two snapshots in 2026-W46' '
	mail_week "$FT" && test_set_prereq WEEK
'

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
test_expect_success AIOSMTPD,WEEK 'a refused recipient: exit 3' '
	smtp_start refuse smtp_server.py --refuse-rcpt sre@example.org &&
	mailconf "$SCRATCH/m1.conf" "smtp://127.0.0.1:$port" "starttls = off\n" &&
	mail refuse "$SCRATCH/m1.conf" &&
	test_set_prereq REFUSE &&
	test_is "$rc" 3
'
test_expect_success REFUSE 'one line names the refused address and the server'\''s reply' '
	test_is "$(cat "$SCRATCH/refuse.err")" \
		"perfweek-report: mail sent to the other recipients via '\''smtp://127.0.0.1:$port'\'': the server refused recipient '\''sre@example.org'\'': 550 5.1.1 <sre@example.org>: Recipient address rejected: User unknown"
'
test_expect_success REFUSE 'the message went to the two accepted recipients' '
	test_is "$(/usr/bin/python3 -c "import json,sys; print(\" \".join(json.load(open(sys.argv[1]))[\"rcpt_tos\"]))" "$SCRATCH/refuse/msg-1.json")" \
		"ops@example.org boss@example.org"
'
test_expect_success REFUSE 'the report files are written' '
	test_is "$(files)" 3
'

# 2. Every recipient refused: nothing is sent.
test_expect_success AIOSMTPD,WEEK 'every recipient refused: exit 3' '
	smtp_start refuseall smtp_server.py --refuse-rcpt ops@example.org \
		--refuse-rcpt sre@example.org --refuse-rcpt boss@example.org &&
	mailconf "$SCRATCH/m2.conf" "smtp://127.0.0.1:$port" "starttls = off\n" &&
	mail refuseall "$SCRATCH/m2.conf" &&
	test_set_prereq REFUSEALL &&
	test_is "$rc" 3
'
test_expect_success REFUSEALL 'one line names all three' '
	test_like "$(cat "$SCRATCH/refuseall.err")" \
		"^perfweek-report: mail not sent via '\''smtp://127\.0\.0\.1:$port'\'': the server refused recipient '\''ops@example\.org'\'': 550 .*; recipient '\''sre@example\.org'\'': 550 .*; recipient '\''boss@example\.org'\'': 550 5\.1\.1 <boss@example\.org>: Recipient address rejected: User unknown\$"
'
test_expect_success REFUSEALL 'and nothing was delivered' '
	test_is "$(ls "$SCRATCH/refuseall" | wc -l)" 0
'

# 3. The message refused after DATA.
test_expect_success AIOSMTPD,WEEK '554 after DATA: exit 3' '
	smtp_start spam smtp_server.py --reject-data &&
	mailconf "$SCRATCH/m3.conf" "smtp://127.0.0.1:$port" "starttls = off\n" &&
	mail spam "$SCRATCH/m3.conf" &&
	test_set_prereq SPAM &&
	test_is "$rc" 3
'
test_expect_success SPAM 'the server'\''s reply is quoted' '
	test_is "$(cat "$SCRATCH/spam.err")" \
		"perfweek-report: mail not sent via '\''smtp://127.0.0.1:$port'\'': the server refused the message after DATA: 554 5.7.1 Message rejected as spam (score 9.9)"
'
test_expect_success SPAM 'the report files are written' '
	test_is "$(files)" 3
'

# 4. A server that stops reading mid-DATA: timeout_s = 2 is the whole attempt.
# The same report without --mail first: what the run costs without SMTP.
test_expect_success WEEK 'a stalled server: exit 3' '
	smtp_start stall smtp_stall.py &&
	mailconf "$SCRATCH/m4.conf" "smtp://127.0.0.1:$port" "starttls = off\ntimeout_s = 2\n" &&
	t0=$(date +%s.%N) &&
	pw perfweek-report -c "$SCRATCH/m4.conf" --week 2026-W46 &&
	t1=$(date +%s.%N) &&
	mail stall "$SCRATCH/m4.conf" &&
	t2=$(date +%s.%N) &&
	base=$(echo "$t1 - $t0" | bc) &&
	wall=$(echo "$t2 - $t1" | bc) &&
	test_set_prereq STALL &&
	test_is "$rc" 3
'
test_expect_success STALL 'one line: timed out, and which key sets the limit' '
	test_like "$(cat "$SCRATCH/stall.err")" \
		"^perfweek-report: mail not sent via '\''smtp://127\.0\.0\.1:$port'\'': timed out after 2 s( during DATA)? \(\[mail\] timeout_s\)\$"
'
# Beyond the report itself, the mail may take timeout_s and a margin; a
# second wait (for QUIT's answer) would take it to twice timeout_s.
test_expect_success STALL 'the run gave up within 3 s more than the report alone (timeout_s = 2)' '
	echo "the run took $wall s, $base s of it the report" &&
	test "$(echo "$wall - $base < 3" | bc)" = 1
'
test_expect_success STALL 'the report files are written' '
	test_is "$(files)" 3
'

# 5. No reply of a refusal leaks an AUTH line: the errors hold no base64
# of the credentials (AUTH is not offered here; the capture only keeps the
# verbs MAIL, RCPT and DATA, and RCPT's address).
test_expect_success 'no AUTH line in any message' '
	! grep -qi AUTH "$SCRATCH"/*.err
'
