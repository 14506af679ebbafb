#!/bin/sh
# Groups of the fleet ([fleet "GROUP"] hosts = patterns, to = addresses):
# one fleet report per group beside the report of every host, each with
# its hosts only, each mailed through a real SMTP server on 127.0.0.1
# (tests/servers/smtp_server.py) to its own recipients; a group without
# to goes to [mail] to.  The subject names the group and its counts.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/e2e/lib-fleet.sh"
. "$SRC/tests/e2e/lib-mail.sh"
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null && test_set_prereq AIOSMTPD
export TZ=UTC
F=$SCRATCH/fleet
C=$SCRATCH/c.conf
R="-c $C --fleet --week 2026-W46 --db $F/a.db --db $F/b.db --db $F/e.db"
O=$SCRATCH/out

test_expect_success FAKETIME 'four hosts in three files' '
	mkdir -p "$F" &&
	fleet_one "$F/a.db" web-1 "2026-11-09 00:00" 168 known &&
	fleet_one "$F/a.db" web-2 "2026-11-09 00:00" 168 quiet &&
	fleet_one "$F/b.db" db-1 "2026-11-09 00:00" 168 demo &&
	fleet_one "$F/e.db" idle-1 "2026-11-09 00:00" 168 quiet &&
	test_set_prereq FLEET
'
test_expect_success AIOSMTPD 'an SMTP server' '
	smtp_start smtp smtp_server.py && test -n "$port" && test_set_prereq SMTP
'
test_expect_success FLEET,SMTP 'the reports of every host, of web-* and of the quiet ones, mailed: exit 0' '
	fleet_config "$C" "\n[mail]\nurl = smtp://127.0.0.1:$port\nstarttls = off\nfrom = perfweek@example.org\nto = ops@example.org\n\n[fleet \"web\"]\nhosts = web-*\nto = web-team@example.org, lead@example.org\n\n[fleet \"quiet\"]\nhosts = idle-1, web-2\n" &&
	pw perfweek-report $R --format text,json,pdf --mail 2>"$SCRATCH/err" &&
	test_set_prereq SENT
'
G() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$O/perfweek-fleet-$1-2026-W46.json"; }
test_expect_success SENT 'each group'"'"'s report holds its hosts only' '
	test_is "$(G web "d[\"group\"], [h[\"host\"] for h in d[\"hosts\"]], d[\"status_counts\"][\"CRITICAL\"]")" \
		"web ['"'"'web-1'"'"', '"'"'web-2'"'"'] 1" &&
	test_is "$(G quiet "d[\"group\"], [h[\"host\"] for h in d[\"hosts\"]], d[\"rightsizing\"][\"cpus_removable\"]")" \
		"quiet ['"'"'idle-1'"'"', '"'"'web-2'"'"'] 2" &&
	test_is "$(/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d[\"group\"], d[\"hosts_total\"])" "$O/perfweek-fleet-2026-W46.json")" "None 4" &&
	grep -qx "perfweek fleet report: group web" "$O/perfweek-fleet-web-2026-W46.txt"
'
# mail N: recipients, subject, attachments of message N, one per line
mail() {
	/usr/bin/python3 - "$SCRATCH/smtp/msg-$1.eml" "$SCRATCH/smtp/msg-$1.json" <<'PY'
import email, email.policy, json, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
env = json.load(open(sys.argv[2]))
print("rcpt:", " ".join(sorted(env["rcpt_tos"])))
print("subject:", m["Subject"])
print("files:", " ".join(p.get_filename() for p in m.iter_attachments()))
print("body:", m.get_body(("plain",)).get_content().splitlines()[0])
PY
}
test_expect_success SENT 'three mails: every host to [mail] to, web to its own to, quiet to [mail] to' '
	test_is "$(mail 1)" "rcpt: ops@example.org
subject: perfweek fleet 2026-W46: 2 CRITICAL, 2 OK
files: perfweek-fleet-2026-W46.pdf
body: perfweek fleet report: every host" &&
	test_is "$(mail 2)" "rcpt: lead@example.org web-team@example.org
subject: perfweek fleet-web 2026-W46: 1 CRITICAL, 1 OK
files: perfweek-fleet-web-2026-W46.pdf
body: perfweek fleet report: group web" &&
	test_is "$(mail 3)" "rcpt: ops@example.org
subject: perfweek fleet-quiet 2026-W46: 2 OK
files: perfweek-fleet-quiet-2026-W46.pdf
body: perfweek fleet report: group quiet" &&
	test ! -e "$SCRATCH/smtp/msg-4.eml"
'
test_expect_success FLEET 'a mail server that is down: the files stay, exit 3' '
	rm -rf "$O" &&
	fleet_config "$C" "\n[mail]\nurl = smtp://127.0.0.1:1\nstarttls = off\nfrom = perfweek@example.org\nto = ops@example.org\ntimeout_s = 5\n" &&
	test_expect_code 3 pw perfweek-report $R --format json --mail 2>"$SCRATCH/err" &&
	test -s "$O/perfweek-fleet-2026-W46.json" &&
	grep -q "mail not sent" "$SCRATCH/err"
'
