#!/bin/sh
# perfweek-report --mail against a real SMTP server on 127.0.0.1
# (tests/servers/smtp_server.py, aiosmtpd): the received message is parsed
# with Python's email package and its headers, body and attachment are
# compared with the report files on disk; STARTTLS with a certificate made
# here, AUTH, a plain relay, smtps://, and the failures (no STARTTLS
# offered, wrong password) that must keep the files and exit 3.  The
# password never shows in a log, an argument list or the database.
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || skip_all "python3-aiosmtpd is not installed"
command -v openssl >/dev/null || skip_all "openssl is not installed"
export TZ=UTC
unset PERFWEEK_SMTP_PASSWORD

# A certificate for 127.0.0.1, made now, trusted through [mail] ca_file.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$SCRATCH/key.pem" \
	-out "$SCRATCH/cert.pem" >/dev/null 2>&1
ok $? "a self-signed certificate for 127.0.0.1"

. "$SRC/tests/e2e/lib-mail.sh"
mail_week "$FT"
ok $? "two snapshots in 2026-W46"

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

# 1. STARTTLS (required, the default) and AUTH, as in production.
start tls --starttls "$SCRATCH/cert.pem" "$SCRATCH/key.pem" --auth reporter "$PASSWORD"
mailconf "$SCRATCH/m1.conf" "smtp://127.0.0.1:$port" \
	"user = reporter\npassword_file = $SCRATCH/smtp.pw\nca_file = $SCRATCH/cert.pem\nattach_json = yes\n"
pw perfweek-report -c "$SCRATCH/m1.conf" --week 2026-W46 --format text,json --mail -v
is "$?" 0 "STARTTLS + AUTH: exit 0"
cp "$SCRATCH/err" "$SCRATCH/err1"
like "$(cat "$SCRATCH/err1")" "mailed the 2026-W46 report to 3 recipient" "the run says it mailed"
is "$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["mail_from"], " ".join(d["rcpt_tos"]), d["tls"], d["login"])' "$SCRATCH/tls/msg-1.json")" \
	"perfweek@example.org ops@example.org sre@example.org boss@example.org True reporter" \
	"envelope: sender, To and Cc recipients, over TLS, authenticated"
out=$(show "$SCRATCH/tls/msg-1.eml")
status=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["status"])' \
	"$SCRATCH/reports/perfweek-testhost-2026-W46.json")
like "$status" '^(OK|WARNING|CRITICAL)$' "the report has a status ($status)"
is "$out" "from: perfweek <perfweek@example.org>
to: ops@example.org, sre@example.org
cc: boss@example.org
subject: perfweek testhost 2026-W46: $status
mime: 1.0 multipart/mixed
date-recent: True
message-id: True
lines<=78: True True
body: text/plain utf-8 quoted-printable
body-equal: True
attachment: application/json perfweek-testhost-2026-W46.json True" \
	"headers, the body equal to the text report, the JSON attachment equal to the file"
# The PDF: the first attachment, application/pdf, named like the file,
# its bytes those on disk.
pw perfweek-report -c "$SCRATCH/m1.conf" --week 2026-W46 --format text,pdf,json --mail
is "$?" 0 "text, PDF and JSON mailed: exit 0"
is "$(show "$SCRATCH/tls/msg-2.eml" | grep '^attachment:')" \
	"attachment: application/pdf perfweek-testhost-2026-W46.pdf True
attachment: application/json perfweek-testhost-2026-W46.json True" \
	"the PDF and the JSON attached, equal to the files"
rm -f "$SCRATCH/reports/perfweek-testhost-2026-W46.pdf"
n=3

# 2. A non-ASCII subject is RFC 2047 encoded; JSON not attached by default.
mailconf "$SCRATCH/m2.conf" "smtp://127.0.0.1:$port" \
	"user = reporter\npassword_file = $SCRATCH/smtp.pw\nca_file = $SCRATCH/cert.pem\nsubject = Wochenbericht für {host} – {week} ({status}) mit einem sehr langen Betreff, der gefaltet werden muss\n"
pw perfweek-report -c "$SCRATCH/m2.conf" --week 2026-W46 --format text,json --mail
is "$?" 0 "non-ASCII subject: exit 0"
out=$(show "$SCRATCH/tls/msg-$n.eml")
like "$out" "subject: Wochenbericht für testhost – 2026-W46 \($status\) mit einem sehr langen Betreff, der gefaltet werden muss" \
	"the subject decodes to the UTF-8 text"
grep -q '^Subject: =?UTF-8?B?' "$SCRATCH/tls/msg-$n.eml"; ok $? "written as RFC 2047 encoded words"
is "$(printf '%s\n' "$out" | grep -c '^attachment:')" 0 "JSON is attached only with attach_json"
like "$out" "lines<=78: True True" "folded within 78 columns"

# 2b. Text that tests the encodings: lone dots (SMTP's end of data),
# trailing blanks, '=', UTF-8, a line far longer than 76 characters.
long=$(printf '%0300d' 0 | tr 0 x)
printf 'Report {{host}}\n.\n..two dots\nnaïve café – ünïcödé\ntrailing   \n=equals= at end=\n%s\nFrom the start\n' "$long" \
	> "$SCRATCH/odd.mustache"
pw perfweek-report -c "$SCRATCH/m1.conf" --week 2026-W46 --format text --template "$SCRATCH/odd.mustache" --mail
is "$?" 0 "an odd text report mailed: exit 0"
n=$((n + 1))
like "$(show "$SCRATCH/tls/msg-$n.eml")" "body-equal: True" "it arrives byte for byte"
like "$(show "$SCRATCH/tls/msg-$n.eml")" "lines<=78: True True" "in lines of at most 78 characters"
grep -q '^\.\.two dots' "$SCRATCH/reports/perfweek-testhost-2026-W46.txt"; ok $? "(the check is not vacuous: the text is there)"

# 2c. A host whose name is not ASCII: encoded in the subject, in the
# attachment's file name (RFC 2231), and a display name in From.
sed 's/^host = testhost$/host = web-ü1/' "$SCRATCH/perfweek.conf" > "$SCRATCH/u.conf"
FAKETIME="@2026-11-11 10:00:00" LD_PRELOAD="$FT" "$BIN/perfweek-collect" \
	-c "$SCRATCH/u.conf" --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys"
ok $? "a snapshot of host web-ü1"
mailconf "$SCRATCH/m2c.conf" "smtp://127.0.0.1:$port" \
	"user = reporter\npassword_file = $SCRATCH/smtp.pw\nca_file = $SCRATCH/cert.pem\nattach_json = yes\n"
sed -i 's/^host = testhost$/host = web-ü1/; s/^from = .*/from = Überwachung <perfweek@example.org>/' "$SCRATCH/m2c.conf"
pw perfweek-report -c "$SCRATCH/m2c.conf" --week 2026-W46 --format text,json --mail
is "$?" 0 "host web-ü1 mailed: exit 0"
n=$((n + 1))
out=$(show "$SCRATCH/tls/msg-$n.eml" web-ü1)
like "$out" "subject: perfweek web-ü1 2026-W46: [A-Z]+" "the subject decodes to the host's name"
like "$out" "from: Überwachung <perfweek@example.org>" "the display name decodes"
like "$out" "body-equal: True" "the body is the host's text report"
like "$out" "attachment: application/json perfweek-web-ü1-2026-W46.json True" \
	"the attachment's UTF-8 file name decodes, its bytes equal the file"
grep -q "^ filename\*=UTF-8''perfweek-web-%C3%BC1-2026-W46.json" "$SCRATCH/tls/msg-$n.eml"
ok $? "written as an RFC 2231 parameter"
! LC_ALL=C grep -q "$(printf '[\200-\377]')" "$SCRATCH/tls/msg-$n.eml"; ok $? "the message is 7-bit ASCII"

# 2d. The message decodes to the report's own bytes: the text part's
# transfer decoding is the text file byte for byte (its lines CRLF ended,
# as MIME's canonical text has them), each attachment's the file the run
# wrote, with its name and type, and the subject the exact UTF-8 text.
# This holds for libcurl's encoder and for the one perfweek had before
# (run with PERFWEEK_BIN set to an older build).
mailconf "$SCRATCH/m2d.conf" "smtp://127.0.0.1:$port" \
	"user = reporter\npassword_file = $SCRATCH/smtp.pw\nca_file = $SCRATCH/cert.pem\nattach_json = yes\nsubject = Wochenbericht für {host} – {week} ({status}) ≥ 99,9 % ✓\n"
pw perfweek-report -c "$SCRATCH/m2d.conf" --week 2026-W46 --format text,pdf,json --mail
is "$?" 0 "text, PDF and JSON with a non-ASCII subject mailed: exit 0"
n=$((n + 1))
mkdir -p "$SCRATCH/dec"
out=$(/usr/bin/python3 - "$SCRATCH/tls/msg-$n.eml" "$SCRATCH/dec" <<'PY'
import email, email.policy, os, sys
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
    open(os.path.join(sys.argv[2], "%d.%s" % (i, name)), "wb").write(data)
PY
)
is "$out" "subject: Wochenbericht für testhost – 2026-W46 ($status) ≥ 99,9 % ✓
part: text/plain utf-8 quoted-printable inline text
part: application/pdf None base64 attachment perfweek-testhost-2026-W46.pdf
part: application/json None base64 attachment perfweek-testhost-2026-W46.json" \
	"the subject decodes to the exact UTF-8 text; the parts, their types, encodings and names"
r=$SCRATCH/reports/perfweek-testhost-2026-W46
cmp "$SCRATCH/dec/0.text" "$r.txt"
ok $? "the text part decodes to the text report byte for byte"
cmp "$SCRATCH/dec/1.perfweek-testhost-2026-W46.pdf" "$r.pdf"
ok $? "the PDF attachment decodes to the PDF file"
cmp "$SCRATCH/dec/2.perfweek-testhost-2026-W46.json" "$r.json"
ok $? "the JSON attachment decodes to the JSON file"
[ "$(wc -c < "$r.pdf")" -gt 1000 ] && [ "$(wc -l < "$r.txt")" -gt 20 ]
ok $? "(not vacuous: a PDF and a text report of some size)"
rm -f "$r.pdf"

# 3. A plain local relay: starttls = off, no AUTH.
start plain
mailconf "$SCRATCH/m3.conf" "smtp://127.0.0.1:$port" "starttls = off\n"
pw perfweek-report -c "$SCRATCH/m3.conf" --week 2026-W46 --format text --mail
is "$?" 0 "plain relay without STARTTLS or AUTH: exit 0"
like "$(show "$SCRATCH/plain/msg-1.eml")" "body-equal: True" "the body arrived intact"
is "$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["tls"], d["login"])' "$SCRATCH/plain/msg-1.json")" \
	"False None" "no TLS, no login"

# 4. STARTTLS required (the default) but not offered: no mail, files kept.
rm -rf "$SCRATCH/reports"
mailconf "$SCRATCH/m4.conf" "smtp://127.0.0.1:$port" ""
pw perfweek-report -c "$SCRATCH/m4.conf" --week 2026-W46 --format text,json --mail
is "$?" 3 "STARTTLS required but not offered: exit 3"
[ -s "$SCRATCH/reports/perfweek-testhost-2026-W46.txt" ] &&
	[ -s "$SCRATCH/reports/perfweek-testhost-2026-W46.json" ]
ok $? "the report files are on disk"
is "$(wc -l < "$SCRATCH/err")" 1 "one line says why"
like "$(cat "$SCRATCH/err")" "mail not sent via 'smtp://127.0.0.1:$port': .*STARTTLS" "and names STARTTLS"
[ ! -e "$SCRATCH/plain/msg-2.eml" ]; ok $? "nothing was sent in clear"
is "$(q 'SELECT exit_code FROM report_run ORDER BY id DESC LIMIT 1')" 3 "the run is recorded with exit status 3"

# 5. A wrong password: exit 3, files kept; the password given by the
# environment variable is never echoed.
mailconf "$SCRATCH/m5.conf" "smtp://127.0.0.1:$(cat "$SCRATCH/tls.port")" \
	"user = reporter\nca_file = $SCRATCH/cert.pem\n"
PERFWEEK_SMTP_PASSWORD=wrong-Pw-77 pw perfweek-report -c "$SCRATCH/m5.conf" --week 2026-W46 --format text --mail -vv
is "$?" 3 "wrong password: exit 3"
like "$(grep 'mail not sent' "$SCRATCH/err")" "check \[mail\] user and the password" "the login failure is explained"
[ -s "$SCRATCH/reports/perfweek-testhost-2026-W46.txt" ]; ok $? "the text report is on disk"
! grep -q 'wrong-Pw-77' "$SCRATCH/err"; ok $? "the wrong password is not in the log"

# 6. smtps:// (TLS from the first byte), the password from the environment.
start smtps --tls "$SCRATCH/cert.pem" "$SCRATCH/key.pem" --auth reporter "$PASSWORD"
mailconf "$SCRATCH/m6.conf" "smtps://127.0.0.1:$port" \
	"user = reporter\nca_file = $SCRATCH/cert.pem\n"
PERFWEEK_SMTP_PASSWORD=$PASSWORD pw perfweek-report -c "$SCRATCH/m6.conf" --week 2026-W46 --format text --mail
is "$?" 0 "smtps:// with the password from PERFWEEK_SMTP_PASSWORD: exit 0"
like "$(show "$SCRATCH/smtps/msg-1.eml")" "body-equal: True" "the message arrived"

# 7. A certificate nobody trusts is refused.
mailconf "$SCRATCH/m7.conf" "smtps://127.0.0.1:$port" \
	"user = reporter\npassword_file = $SCRATCH/smtp.pw\n"
pw perfweek-report -c "$SCRATCH/m7.conf" --week 2026-W46 --format text --mail
is "$?" 3 "an untrusted certificate: exit 3"
like "$(cat "$SCRATCH/err")" "certificate" "and says so"

# 8. Secrets stay secret: a password file readable by others is refused,
# and the password is nowhere in logs, reports or the database.
chmod 640 "$SCRATCH/smtp.pw"
pw perfweek-report -c "$SCRATCH/m1.conf" --week 2026-W46 --format text --mail
is "$?" 3 "a password file with mode 0640: exit 3"
like "$(cat "$SCRATCH/err")" "mode 0640; it must be 0600" "the mode is named"
chmod 600 "$SCRATCH/smtp.pw"
found=$(grep -rl -- "$PASSWORD" "$SCRATCH"/err* "$SCRATCH/reports" "$SCRATCH"/*.log 2>/dev/null)
is "$found" "" "the password is in no log and no report"
q '.dump' | grep -c -- "$PASSWORD" | grep -q '^0$'; ok $? "nor in the database"

! "$BIN/perfweek-report" --help | grep -qi password; ok $? "no option takes a password (nothing secret in argv)"

# 9. --mail without a usable [mail] section is a configuration error.
pw perfweek-report -c "$SCRATCH/perfweek.conf" --week 2026-W46 --mail --check-config
is "$?" 2 "--mail without [mail] url: exit 2"
is "$(cat "$SCRATCH/err")" "$SCRATCH/perfweek.conf: --mail needs a [mail] section with url, from and to" "and explained"
mailconf "$SCRATCH/m9.conf" "smtp://user:pw@127.0.0.1:25" ""
pw perfweek-report -c "$SCRATCH/m9.conf" --mail --check-config
is "$?" 2 "credentials in the URL are refused"
