#!/bin/sh
# perfweek-report --mail against a real SMTP server on 127.0.0.1
# (tests/servers/smtp_server.py, aiosmtpd): the received message is parsed
# with Python's email package and its headers, body and attachment are
# compared with the report files on disk; STARTTLS with a certificate made
# here, AUTH, a plain relay, smtps://, and the failures (no STARTTLS
# offered, wrong password) that must keep the files and exit 3.  The
# password never shows in a log, an argument list or the database.
. "$(dirname "$0")/lib.sh"
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null && test_set_prereq AIOSMTPD
command -v openssl >/dev/null && test_set_prereq OPENSSL
export TZ=UTC
unset PERFWEEK_SMTP_PASSWORD

# A certificate for 127.0.0.1, made now, trusted through [mail] ca_file.
test_expect_success OPENSSL 'a self-signed certificate for 127.0.0.1' '
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
		-addext subjectAltName=IP:127.0.0.1 -keyout "$SCRATCH/key.pem" \
		-out "$SCRATCH/cert.pem" >/dev/null 2>&1 &&
	test_set_prereq CERT
'

. "$SRC/tests/e2e/lib-mail.sh"
mail_config
test_expect_success FAKETIME 'two snapshots in 2026-W46' '
	mail_week "$FT" && test_set_prereq WEEK
'

PASSWORD='s3cret-Pw-9f2e'
printf '%s\n' "$PASSWORD" > "$SCRATCH/smtp.pw"
chmod 600 "$SCRATCH/smtp.pw"

start() {	# start NAME ARGS...: smtp_server.py saving into $SCRATCH/NAME
	n=$1
	shift
	smtp_start "$n" smtp_server.py "$@"
}

# show EML [HOST]: what the test checks of a received message, one per line.
show() {
	/usr/bin/python3 - "$1" "$SCRATCH/reports" "${2:-testhost}" <<'PY'
import email, email.policy, email.utils, sys, os, time
m = email.message_from_bytes(open(sys.argv[1], "rb").read(),
                             policy=email.policy.default)
rep = sys.argv[2]
print("from:", m["From"])
print("to:", m["To"])
print("cc:", m["Cc"])
print("subject:", m["Subject"])
print("mime:", m["MIME-Version"], m.get_content_type())
d = email.utils.parsedate_to_datetime(m["Date"])
print("date-recent:", abs(d.timestamp() - time.time()) < 600)
mid = m["Message-ID"]
print("message-id:", mid.startswith("<perfweek.") and mid.endswith("@example.org>"))
raw = open(sys.argv[1], "rb").read()
# libcurl writes the multipart Content-Type with its boundary on one line
# of 80 characters: within RFC 5322's limit of 998, over its advice of 78.
lines = [l for l in raw.split(b"\r\n")
         if not l.startswith(b"Content-Type: multipart/mixed; boundary=")]
print("lines<=78:", max(len(l) for l in lines) <= 78,
      max(len(l) for l in raw.split(b"\r\n")) <= 998)
parts = list(m.iter_parts())
body = parts[0]
print("body:", body.get_content_type(), body.get_content_charset(),
      body["Content-Transfer-Encoding"])
txt = open(os.path.join(rep, "perfweek-%s-2026-W46.txt" % sys.argv[3]),
           "rb").read()
print("body-equal:", body.get_content().replace("\r\n", "\n").encode() == txt)
for p in parts[1:]:
    name = p.get_filename()
    data = p.get_content()
    print("attachment:", p.get_content_type(), name,
          data == open(os.path.join(rep, name), "rb").read())
PY
}

JS=$SCRATCH/reports/perfweek-testhost-2026-W46.json
TX=$SCRATCH/reports/perfweek-testhost-2026-W46.txt
ENVELOPE='import json,sys; d=json.load(open(sys.argv[1])); print(d["mail_from"], " ".join(d["rcpt_tos"]), d["tls"], d["login"])'

# 1. STARTTLS (required, the default) and AUTH, as in production.
test_expect_success AIOSMTPD,CERT 'an SMTP server with STARTTLS and AUTH' '
	start tls --starttls "$SCRATCH/cert.pem" "$SCRATCH/key.pem" --auth reporter "$PASSWORD" &&
	mailconf "$SCRATCH/m1.conf" "smtp://127.0.0.1:$port" \
		"user = reporter\npassword_file = $SCRATCH/smtp.pw\nca_file = $SCRATCH/cert.pem\nattach_json = yes\n" &&
	test_set_prereq TLS
'
test_expect_success TLS,WEEK 'STARTTLS + AUTH: exit 0' '
	pw perfweek-report -c "$SCRATCH/m1.conf" --week 2026-W46 --format text,json --mail -v &&
	cp "$SCRATCH/err" "$SCRATCH/err1" &&
	test_set_prereq MAILED
'
test_expect_success MAILED 'the run says it mailed' '
	test_like "$(cat "$SCRATCH/err1")" "mailed the 2026-W46 report to 3 recipient"
'
test_expect_success MAILED 'envelope: sender, To and Cc recipients, over TLS, authenticated' '
	test_is "$(/usr/bin/python3 -c "$ENVELOPE" "$SCRATCH/tls/msg-1.json")" \
		"perfweek@example.org ops@example.org sre@example.org boss@example.org True reporter"
'
test_expect_success MAILED 'the report has a status' '
	status=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[\"summary\"][\"status\"])" "$JS") &&
	echo "status $status" &&
	test_like "$status" "^(OK|WARNING|CRITICAL)$"
'
test_expect_success MAILED 'headers, the body equal to the text report, the JSON attachment equal to the file' '
	test_is "$(show "$SCRATCH/tls/msg-1.eml")" "from: perfweek <perfweek@example.org>
to: ops@example.org, sre@example.org
cc: boss@example.org
subject: perfweek testhost 2026-W46: $status
mime: 1.0 multipart/mixed
date-recent: True
message-id: True
lines<=78: True True
body: text/plain utf-8 quoted-printable
body-equal: True
attachment: application/json perfweek-testhost-2026-W46.json True"
'
# The PDF: the first attachment, application/pdf, named like the file,
# its bytes those on disk.
test_expect_success MAILED 'text, PDF and JSON mailed: exit 0' '
	pw perfweek-report -c "$SCRATCH/m1.conf" --week 2026-W46 --format text,pdf,json --mail
'
test_expect_success MAILED 'the PDF and the JSON attached, equal to the files' '
	test_is "$(show "$SCRATCH/tls/msg-2.eml" | grep "^attachment:")" \
		"attachment: application/pdf perfweek-testhost-2026-W46.pdf True
attachment: application/json perfweek-testhost-2026-W46.json True"
'
rm -f "$SCRATCH/reports/perfweek-testhost-2026-W46.pdf"

# 2. A non-ASCII subject is RFC 2047 encoded; JSON not attached by default.
test_expect_success MAILED 'non-ASCII subject: exit 0' '
	mailconf "$SCRATCH/m2.conf" "smtp://127.0.0.1:$port" \
		"user = reporter\npassword_file = $SCRATCH/smtp.pw\nca_file = $SCRATCH/cert.pem\nsubject = Wochenbericht für {host} – {week} ({status}) mit einem sehr langen Betreff, der gefaltet werden muss\n" &&
	pw perfweek-report -c "$SCRATCH/m2.conf" --week 2026-W46 --format text,json --mail &&
	test_set_prereq M3
'
test_expect_success M3 'the subject decodes to the UTF-8 text' '
	out=$(show "$SCRATCH/tls/msg-3.eml") &&
	test_like "$out" "subject: Wochenbericht für testhost – 2026-W46 \($status\) mit einem sehr langen Betreff, der gefaltet werden muss"
'
test_expect_success M3 'written as RFC 2047 encoded words' '
	grep -q "^Subject: =?UTF-8?B?" "$SCRATCH/tls/msg-3.eml"
'
test_expect_success M3 'JSON is attached only with attach_json' '
	test_is "$(printf "%s\n" "$out" | grep -c "^attachment:")" 0
'
test_expect_success M3 'folded within 78 columns' '
	test_like "$out" "lines<=78: True True"
'

# 2b. Text that tests the encodings: lone dots (SMTP's end of data),
# trailing blanks, '=', UTF-8, a line far longer than 76 characters.
long=$(printf '%0300d' 0 | tr 0 x)
printf 'Report {{host}}\n.\n..two dots\nnaïve café – ünïcödé\ntrailing   \n=equals= at end=\n%s\nFrom the start\n' "$long" \
	> "$SCRATCH/odd.mustache"
test_expect_success M3 'an odd text report mailed: exit 0' '
	pw perfweek-report -c "$SCRATCH/m1.conf" --week 2026-W46 --format text --template "$SCRATCH/odd.mustache" --mail &&
	test_set_prereq M4
'
test_expect_success M4 'it arrives byte for byte' '
	test_like "$(show "$SCRATCH/tls/msg-4.eml")" "body-equal: True"
'
test_expect_success M4 'in lines of at most 78 characters' '
	test_like "$(show "$SCRATCH/tls/msg-4.eml")" "lines<=78: True True"
'
test_expect_success M4 '(the check is not vacuous: the text is there)' '
	grep -q "^\.\.two dots" "$TX"
'

# 2c. A host whose name is not ASCII: encoded in the subject, in the
# attachment's file name (RFC 2231), and a display name in From.
test_expect_success WEEK 'a snapshot of host web-ü1' '
	sed "s/^host = testhost$/host = web-ü1/" "$SCRATCH/perfweek.conf" >"$SCRATCH/u.conf" &&
	collect_at "2026-11-11 10:00:00" rates-a -c "$SCRATCH/u.conf" &&
	test_set_prereq UHOST
'
test_expect_success M4,UHOST 'host web-ü1 mailed: exit 0' '
	mailconf "$SCRATCH/m2c.conf" "smtp://127.0.0.1:$port" \
		"user = reporter\npassword_file = $SCRATCH/smtp.pw\nca_file = $SCRATCH/cert.pem\nattach_json = yes\n" &&
	sed -i "s/^host = testhost$/host = web-ü1/; s/^from = .*/from = Überwachung <perfweek@example.org>/" "$SCRATCH/m2c.conf" &&
	pw perfweek-report -c "$SCRATCH/m2c.conf" --week 2026-W46 --format text,json --mail &&
	out=$(show "$SCRATCH/tls/msg-5.eml" web-ü1) &&
	test_set_prereq M5
'
test_expect_success M5 'the subject decodes to the host'\''s name' '
	test_like "$out" "subject: perfweek web-ü1 2026-W46: [A-Z]+"
'
test_expect_success M5 'the display name decodes' '
	test_like "$out" "from: Überwachung <perfweek@example.org>"
'
test_expect_success M5 'the body is the host'\''s text report' '
	test_like "$out" "body-equal: True"
'
test_expect_success M5 'the attachment'\''s UTF-8 file name decodes, its bytes equal the file' '
	test_like "$out" "attachment: application/json perfweek-web-ü1-2026-W46.json True"
'
test_expect_success M5 'written as an RFC 2231 parameter' '
	grep -q "^ filename\*=UTF-8'\'''\''perfweek-web-%C3%BC1-2026-W46.json" "$SCRATCH/tls/msg-5.eml"
'
test_expect_success M5 'the message is 7-bit ASCII' '
	! LC_ALL=C grep -q "$(printf "[\200-\377]")" "$SCRATCH/tls/msg-5.eml"
'

# 2d. The message decodes to the report's own bytes: the text part's
# transfer decoding is the text file byte for byte (its lines CRLF ended,
# as MIME's canonical text has them), each attachment's the file the run
# wrote, with its name and type, and the subject the exact UTF-8 text.
# This holds for libcurl's encoder and for the one perfweek had before
# (run with PERFWEEK_BIN set to an older build).
DECODE='import email, email.policy, os, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(),
                             policy=email.policy.default)
sys.stdout.buffer.write(b"subject: " + str(m["Subject"]).encode() + b"\n")
for i, p in enumerate(m.iter_parts()):
    data = p.get_payload(decode=True)
    name = p.get_filename()
    if i == 0:
        name = "text"
        data = data.replace(b"\r\n", b"\n")
    print("part:", p.get_content_type(), p.get_content_charset(),
          p["Content-Transfer-Encoding"], p.get_content_disposition(), name)
    open(os.path.join(sys.argv[2], "%d.%s" % (i, name)), "wb").write(data)'
R=$SCRATCH/reports/perfweek-testhost-2026-W46
test_expect_success M5 'text, PDF and JSON with a non-ASCII subject mailed: exit 0' '
	mailconf "$SCRATCH/m2d.conf" "smtp://127.0.0.1:$port" \
		"user = reporter\npassword_file = $SCRATCH/smtp.pw\nca_file = $SCRATCH/cert.pem\nattach_json = yes\nsubject = Wochenbericht für {host} – {week} ({status}) ≥ 99,9 % ✓\n" &&
	pw perfweek-report -c "$SCRATCH/m2d.conf" --week 2026-W46 --format text,pdf,json --mail &&
	mkdir -p "$SCRATCH/dec" &&
	/usr/bin/python3 -c "$DECODE" "$SCRATCH/tls/msg-6.eml" "$SCRATCH/dec" >"$SCRATCH/dec.out" &&
	test_set_prereq M6
'
test_expect_success M6 'the subject decodes to the exact UTF-8 text; the parts, their types, encodings and names' '
	test_is "$(cat "$SCRATCH/dec.out")" "subject: Wochenbericht für testhost – 2026-W46 ($status) ≥ 99,9 % ✓
part: text/plain utf-8 quoted-printable inline text
part: application/pdf None base64 attachment perfweek-testhost-2026-W46.pdf
part: application/json None base64 attachment perfweek-testhost-2026-W46.json"
'
test_expect_success M6 'the text part decodes to the text report byte for byte' '
	cmp "$SCRATCH/dec/0.text" "$R.txt"
'
test_expect_success M6 'the PDF attachment decodes to the PDF file' '
	cmp "$SCRATCH/dec/1.perfweek-testhost-2026-W46.pdf" "$R.pdf"
'
test_expect_success M6 'the JSON attachment decodes to the JSON file' '
	cmp "$SCRATCH/dec/2.perfweek-testhost-2026-W46.json" "$R.json"
'
test_expect_success M6 '(not vacuous: a PDF and a text report of some size)' '
	test "$(wc -c <"$R.pdf")" -gt 1000 && test "$(wc -l <"$R.txt")" -gt 20 &&
	rm -f "$R.pdf"
'

# 3. A plain local relay: starttls = off, no AUTH.
test_expect_success AIOSMTPD 'a plain SMTP relay' '
	start plain &&
	mailconf "$SCRATCH/m3.conf" "smtp://127.0.0.1:$port" "starttls = off\n" &&
	test_set_prereq PLAIN
'
test_expect_success PLAIN,WEEK 'plain relay without STARTTLS or AUTH: exit 0' '
	pw perfweek-report -c "$SCRATCH/m3.conf" --week 2026-W46 --format text --mail &&
	test_set_prereq PLAINMAILED
'
test_expect_success PLAINMAILED 'the body arrived intact' '
	test_like "$(show "$SCRATCH/plain/msg-1.eml")" "body-equal: True"
'
test_expect_success PLAINMAILED 'no TLS, no login' '
	test_is "$(/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d[\"tls\"], d[\"login\"])" "$SCRATCH/plain/msg-1.json")" \
		"False None"
'

# 4. STARTTLS required (the default) but not offered: no mail, files kept.
test_expect_success PLAIN,WEEK 'STARTTLS required but not offered: exit 3' '
	rm -rf "$SCRATCH/reports" &&
	mailconf "$SCRATCH/m4.conf" "smtp://127.0.0.1:$port" "" &&
	test_set_prereq NOTLS &&
	test_expect_code 3 pw perfweek-report -c "$SCRATCH/m4.conf" --week 2026-W46 --format text,json --mail
'
test_expect_success NOTLS 'the report files are on disk' '
	test -s "$TX" && test -s "$JS"
'
test_expect_success NOTLS 'one line says why' '
	test_is "$(wc -l <"$SCRATCH/err")" 1
'
test_expect_success NOTLS 'and names STARTTLS' '
	test_like "$(cat "$SCRATCH/err")" "mail not sent via '\''smtp://127.0.0.1:$port'\'': .*STARTTLS"
'
test_expect_success NOTLS 'nothing was sent in clear' '
	test ! -e "$SCRATCH/plain/msg-2.eml"
'
test_expect_success NOTLS 'the run is recorded with exit status 3' '
	test_is "$(q "SELECT exit_code FROM report_run ORDER BY id DESC LIMIT 1")" 3
'

# 5. A wrong password: exit 3, files kept; the password given by the
# environment variable is never echoed.
test_expect_success TLS,WEEK 'wrong password: exit 3' '
	mailconf "$SCRATCH/m5.conf" "smtp://127.0.0.1:$(cat "$SCRATCH/tls.port")" \
		"user = reporter\nca_file = $SCRATCH/cert.pem\n" &&
	test_set_prereq WRONG &&
	PERFWEEK_SMTP_PASSWORD=wrong-Pw-77 test_expect_code 3 pw perfweek-report -c "$SCRATCH/m5.conf" --week 2026-W46 --format text --mail -vv
'
test_expect_success WRONG 'the login failure is explained' '
	test_like "$(grep "mail not sent" "$SCRATCH/err")" "check \[mail\] user and the password"
'
test_expect_success WRONG 'the text report is on disk' '
	test -s "$TX"
'
test_expect_success WRONG 'the wrong password is not in the log' '
	! grep -q "wrong-Pw-77" "$SCRATCH/err"
'

# 6. smtps:// (TLS from the first byte), the password from the environment.
test_expect_success AIOSMTPD,CERT 'an SMTP server with TLS from the first byte' '
	start smtps --tls "$SCRATCH/cert.pem" "$SCRATCH/key.pem" --auth reporter "$PASSWORD" &&
	test_set_prereq SMTPS
'
test_expect_success SMTPS,WEEK 'smtps:// with the password from PERFWEEK_SMTP_PASSWORD: exit 0' '
	mailconf "$SCRATCH/m6.conf" "smtps://127.0.0.1:$port" \
		"user = reporter\nca_file = $SCRATCH/cert.pem\n" &&
	PERFWEEK_SMTP_PASSWORD=$PASSWORD pw perfweek-report -c "$SCRATCH/m6.conf" --week 2026-W46 --format text --mail &&
	test_set_prereq SMTPSMAILED
'
test_expect_success SMTPSMAILED 'the message arrived' '
	test_like "$(show "$SCRATCH/smtps/msg-1.eml")" "body-equal: True"
'

# 7. A certificate nobody trusts is refused.
test_expect_success SMTPS,WEEK 'an untrusted certificate: exit 3' '
	mailconf "$SCRATCH/m7.conf" "smtps://127.0.0.1:$port" \
		"user = reporter\npassword_file = $SCRATCH/smtp.pw\n" &&
	test_expect_code 3 pw perfweek-report -c "$SCRATCH/m7.conf" --week 2026-W46 --format text --mail
'
test_expect_success SMTPS,WEEK 'and says so' '
	test_like "$(cat "$SCRATCH/err")" "certificate"
'

# 8. Secrets stay secret: a password file readable by others is refused,
# and the password is nowhere in logs, reports or the database.
test_expect_success TLS,WEEK 'a password file with mode 0640: exit 3' '
	chmod 640 "$SCRATCH/smtp.pw" &&
	test_expect_code 3 pw perfweek-report -c "$SCRATCH/m1.conf" --week 2026-W46 --format text --mail
'
test_expect_success TLS,WEEK 'the mode is named' '
	test_like "$(cat "$SCRATCH/err")" "mode 0640; it must be 0600"
'
chmod 600 "$SCRATCH/smtp.pw"
test_expect_success 'the password is in no log and no report' '
	test_is "$(grep -rl -- "$PASSWORD" "$SCRATCH"/err* "$SCRATCH/reports" "$SCRATCH"/*.log 2>/dev/null)" ""
'
test_expect_success 'nor in the database' '
	test_is "$(q .dump | grep -c -- "$PASSWORD")" 0
'

test_expect_success 'no option takes a password (nothing secret in argv)' '
	! "$BIN/perfweek-report" --help | grep -qi password
'

# 9. --mail without a usable [mail] section is a configuration error.
test_expect_success '--mail without [mail] url: exit 2' '
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/perfweek.conf" --week 2026-W46 --mail --check-config
'
test_expect_success 'and explained' '
	test_is "$(cat "$SCRATCH/err")" "$SCRATCH/perfweek.conf: --mail needs a [mail] section with url, from and to"
'
test_expect_success 'credentials in the URL are refused' '
	mailconf "$SCRATCH/m9.conf" "smtp://user:pw@127.0.0.1:25" "" &&
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/m9.conf" --mail --check-config
'
