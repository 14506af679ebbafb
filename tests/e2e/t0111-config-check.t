#!/bin/sh
# --check-config: it names the file it read, and it refuses what a run
# would refuse later, in every program, with FILE:LINE and exit 2.
. "$(dirname "$0")/lib.sh"

unset PERFWEEK_SMTP_PASSWORD PERFWEEK_SNOW_PASSWORD PERFWEEK_SNOW_TOKEN
PROGS="perfweek-collect perfweek-report perfweek-probe"

# check NAME FILE EXPECTED-STDERR: every program refuses FILE the same way
# (two tests a program).  Under valgrind (PERFWEEK_QUICK), where each run
# costs half a second of CPU, one program a file, the three in turn: the
# refusal is the same code in each (common/config_check.c), and the plain
# and sanitizer runs of this script check all three for every file.
check_n=0
check() {
	check_name=$1 check_f=$2 check_want="$SCRATCH/$2:$3" check_progs=$PROGS
	if [ -n "$QUICK" ]; then
		set -- $PROGS
		shift $((check_n % $#))
		check_progs=$1
		check_n=$((check_n + 1))
	fi
	for p in $check_progs; do
		test_expect_success "$check_name: $p --check-config exits 2" '
			test_expect_code 2 pw $p -c "$SCRATCH/$check_f" --check-config >/dev/null
		'
		test_expect_success "$check_name: $p names the file and line" '
			test_is "$(cat "$SCRATCH/err")" "$check_want"
		'
	done
}

# 1. The file read, or the defaults.
write_config
for p in $PROGS; do
	test_expect_success "$p --check-config names the file" '
		out=$(pw $p -c "$SCRATCH/perfweek.conf" --check-config); rc=$? &&
		test_is "$rc:$out" "0:configuration OK: $SCRATCH/perfweek.conf"
	'
done
def=$("$BIN/perfweek-collect" --help | sed -n 's/.*configuration file (default \(.*\))$/\1/p')
[ -n "$def" ] && [ ! -e "$def" ] && test_set_prereq NO_DEFAULT_CONFIG
test_expect_success NO_DEFAULT_CONFIG 'no file at the default path: defaults, and it says so' '
	out=$(pw perfweek-collect --check-config); rc=$? &&
	test_is "$rc:$out" "0:configuration OK: no $def; built-in defaults in force"
'

# 2. What the run would refuse later.
printf '[general]\nhost = x\n\n[report]\ntimezone = Europe/Berlinn\n' > "$SCRATCH/tz.conf"
check "unknown time zone" tz.conf "5: unknown time zone 'Europe/Berlinn': not in /usr/share/zoneinfo"
# The zone directory is glibc's: $TZDIR when set.
mkdir -p "$SCRATCH/zi/Test"
printf 'TZif2 not a real zone\n' > "$SCRATCH/zi/Test/Zone"
printf '[report]\ntimezone = Test/Zone\n' > "$SCRATCH/tzdir.conf"
test_expect_success 'a zone under $TZDIR is found there' '
	test_is "$(TZDIR=$SCRATCH/zi pw perfweek-collect -c "$SCRATCH/tzdir.conf" --check-config)" \
		"configuration OK: $SCRATCH/tzdir.conf"
'
test_expect_success 'and a zone not there is named with that directory' '
	TZDIR=$SCRATCH/zi pw perfweek-collect -c "$SCRATCH/tz.conf" --check-config
	test_is "$(cat "$SCRATCH/err")" "$SCRATCH/tz.conf:5: unknown time zone '\''Europe/Berlinn'\'': not in $SCRATCH/zi"
'
printf '[report]\ntimezone = Europe/Berlin\n' > "$SCRATCH/tzok.conf"
test_expect_success 'a known zone checks' '
	test_is "$(pw perfweek-report -c "$SCRATCH/tzok.conf" --check-config)" "configuration OK: $SCRATCH/tzok.conf"
'
# the run names the line too
test_expect_success 'a report run refuses the zone with the same message' '
	pw perfweek-report -c "$SCRATCH/tz.conf" --db "$SCRATCH/none.db" --stdout; rc=$?
	test_is "$rc:$(cat "$SCRATCH/err")" "2:perfweek-report: $SCRATCH/tz.conf:5: unknown time zone '\''Europe/Berlinn'\'': not in /usr/share/zoneinfo"
'

printf '[findings]\niowait = 10 25\ncpu_busy = 95 85 30\n' > "$SCRATCH/order.conf"
check "warning above critical" order.conf "3: cpu_busy: the warning threshold 95 is above the critical 85"
printf '[findings]\n\ncert_days_left = 7 21\n' > "$SCRATCH/order2.conf"
check "a falling rule the wrong way round" order2.conf "3: cert_days_left: the warning threshold 7 is below the critical 21 (this rule fires below its thresholds)"
printf '[findings]\nfs_days_to_full = 3 14\n' > "$SCRATCH/order3.conf"
check "days to full the wrong way round" order3.conf "2: fs_days_to_full: the warning threshold 3 is below the critical 14 (this rule fires below its thresholds)"
printf '[findings]\ncpu_busy = 90 90\nfs_days_to_full = 14 3\nunderused = 50 20\ndisk_util = off\n' > "$SCRATCH/order4.conf"
test_expect_success "equal thresholds, the defaults' order, underused and off rules check" '
	test_is "$(pw perfweek-collect -c "$SCRATCH/order4.conf" --check-config)" "configuration OK: $SCRATCH/order4.conf"
'

printf '[report]\nformats = text docx\n' > "$SCRATCH/fmt.conf"
check "unknown format" fmt.conf "2: unknown report format 'docx' in formats (known: text, json, pdf)"
printf '[report]\n\n\npaper = a5\n' > "$SCRATCH/paper.conf"
check "unknown paper" paper.conf "4: paper must be a4 or letter, not 'a5'"

# [mail]: a section that sets keys must work; with --mail it must be there.
printf '[general]\nhost = x\n[mail]\nurl = smtp://127.0.0.1:25\nfrom = perfweek@example.org\n' > "$SCRATCH/mailto.conf"
check "[mail] without to" mailto.conf "3: [mail] to must name at least one address for --mail"
printf '[mail]\nurl = http://127.0.0.1:25\nfrom = perfweek@example.org\nto = ops@example.org\n' > "$SCRATCH/mailurl.conf"
check "[mail] with a bad url" mailurl.conf "2: [mail] url must be smtp://HOST[:PORT] or smtps://HOST[:PORT] for --mail, not 'http://127.0.0.1:25'"
printf '[mail]\nurl = smtp://127.0.0.1:25\nto = ops@example.org\nfrom = nobody\n' > "$SCRATCH/mailfrom.conf"
check "[mail] with a bad from" mailfrom.conf "4: [mail] from must be ADDRESS or NAME <ADDRESS>, not 'nobody'"
printf '[mail]\nurl = smtp://127.0.0.1:25\nto = ops@example.org\nfrom = a@b\ncc = ops@example.org, not an address\n' > "$SCRATCH/mailcc.conf"
check "[mail] with a bad cc" mailcc.conf "5: [mail] cc: not a plain address: 'not'"
printf '[mail]\n; nothing set here yet\n' > "$SCRATCH/mailempty.conf"
test_expect_success 'a [mail] header with no key set is no [mail] section' '
	test_is "$(pw perfweek-collect -c "$SCRATCH/mailempty.conf" --check-config)" "configuration OK: $SCRATCH/mailempty.conf"
'
test_expect_success 'no [mail] section: fine without --mail' '
	test_is "$(pw perfweek-report -c "$SCRATCH/perfweek.conf" --check-config)" "configuration OK: $SCRATCH/perfweek.conf"
'
test_expect_success 'no [mail] section: an error with --mail' '
	pw perfweek-report -c "$SCRATCH/perfweek.conf" --check-config --mail; rc=$?
	test_is "$rc:$(cat "$SCRATCH/err")" "2:$SCRATCH/perfweek.conf: --mail needs a [mail] section with url, from and to"
'
test_expect_success 'an empty [mail] section: an error with --mail, at its header' '
	pw perfweek-report -c "$SCRATCH/mailempty.conf" --check-config --mail; rc=$?
	test_is "$rc:$(cat "$SCRATCH/err")" "2:$SCRATCH/mailempty.conf:1: --mail needs a [mail] section with url, from and to"
'

# --check-config --mail reads the password as the run does (secret.c).
printf 'hunter2\n' > "$SCRATCH/smtp.pw"
chmod 644 "$SCRATCH/smtp.pw"
printf '[general]\ndatabase = %s/perfweek.db\nhost = testhost\n[collect]\nplugin_dir = %s/plugins.d\n[report]\nformats = text\n[mail]\nurl = smtp://127.0.0.1:9\nfrom = perfweek@example.org\nto = ops@example.org\nstarttls = off\nuser = perfweek\npassword_file = %s/smtp.pw\n' \
	"$SCRATCH" "$SCRATCH" "$SCRATCH" > "$SCRATCH/mailpw.conf"
msg="perfweek-report: [mail] password_file '$SCRATCH/smtp.pw' has mode 0644; it must be 0600 or stricter (chmod 600 '$SCRATCH/smtp.pw')"
test_expect_success 'without --mail the password is not read' '
	test_is "$(pw perfweek-report -c "$SCRATCH/mailpw.conf" --check-config)" "configuration OK: $SCRATCH/mailpw.conf"
'
test_expect_success '--check-config --mail refuses a 0644 password file' '
	pw perfweek-report -c "$SCRATCH/mailpw.conf" --check-config --mail; rc=$?
	test_is "$rc:$(cat "$SCRATCH/err")" "2:$msg"
'
# and the run refuses it with the same words
test_expect_success 'a snapshot to report on' '
	pw perfweek-collect -c "$SCRATCH/mailpw.conf" --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
	test_set_prereq SNAPSHOT
'
test_expect_success SNAPSHOT 'the run refuses the same file with the same message' '
	from=$(date -u +%Y-%m-%d) && to=$(date -u -d tomorrow +%Y-%m-%d) &&
	{ TZ=UTC pw perfweek-report -c "$SCRATCH/mailpw.conf" --from "$from" --to "$to" --out "$SCRATCH/out" --mail >/dev/null; true; } &&
	grep -qxF "$msg" "$SCRATCH/err"
'
test_expect_success 'a 0600 password file checks' '
	chmod 600 "$SCRATCH/smtp.pw" &&
	test_is "$(pw perfweek-report -c "$SCRATCH/mailpw.conf" --check-config --mail)" "configuration OK: $SCRATCH/mailpw.conf"
'

# [servicenow] instance: http(s) only, and never a password in it.
printf '[servicenow]\ninstance = ftp://example.service-now.com\nuser = u\n' > "$SCRATCH/snow1.conf"
check "a non-http instance" snow1.conf "2: [servicenow] instance must be a URL like https://example.service-now.com, without a path ending in '/' or a query, not 'ftp://example.service-now.com'"
printf '[servicenow]\nuser = u\ninstance = http://user:PASSWORD@example.service-now.com\n' > "$SCRATCH/snow2.conf"
check "credentials in the instance" snow2.conf "3: [servicenow] instance must not hold credentials (user:password@); use user and password_file"
printf '[servicenow]\nuser = u\ninstance = ftp://user:PASSWORD@example.service-now.com\n' > "$SCRATCH/snow3.conf"
test_expect_success 'credentials are refused before the scheme, so no message shows them' '
	pw perfweek-report -c "$SCRATCH/snow3.conf" --check-config
	test_is "$(cat "$SCRATCH/err")" "$SCRATCH/snow3.conf:3: [servicenow] instance must not hold credentials (user:password@); use user and password_file"
'
printf '[mail]\nurl = smtp://me:PASSWORD@127.0.0.1\nfrom = a@b\nto = c@d\n' > "$SCRATCH/mailcred.conf"
check "credentials in the mail url" mailcred.conf "2: [mail] url must not hold credentials (use user and password_file)"
for f in snow2 snow3 mailcred; do
	test_expect_success "$f: the password is not printed" '
		for p in $PROGS; do
			pw $p -c "$SCRATCH/$f.conf" --check-config
			! grep -q PASSWORD "$SCRATCH/err" || return 1
		done
	'
done

# 3. Duplicates and NUL bytes, each with its lines.
printf '[general]\nhost = a\nbusy_timeout_ms = 100\n\n[report]\npaper = a4\n[general]\nhost = b\n' > "$SCRATCH/dupsec.conf"
check "a section given twice" dupsec.conf "7: section [general] given twice (first at line 1)"
printf '[general]\n\n\nhost = a\n; a comment\n\n\nhost = b\n' > "$SCRATCH/dupkey.conf"
check "a key given twice" dupkey.conf "8: 'host' given twice in [general] (first at line 4)"
printf '[findings]\ncpu_busy = 80 90\nsteal = off\ncpu_busy = off\n' > "$SCRATCH/duprule.conf"
check "a rule given twice" duprule.conf "4: 'cpu_busy' given twice in [findings] (first at line 2)"
printf '[health "web"]\nurl = http://127.0.0.1/\ntimeout_s = 1\n\n[health "db"]\nurl = http://127.0.0.1/db\n[health "web"]\nurl = http://127.0.0.1/x\n' > "$SCRATCH/duphealth.conf"
check "a named health section given twice" duphealth.conf "7: section [health \"web\"] given twice (first at line 1)"
printf '[health "web"]\nurl = http://127.0.0.1/\nurl = http://127.0.0.1/x\n' > "$SCRATCH/duphkey.conf"
check "a health key given twice" duphkey.conf "3: 'url' given twice in [health \"web\"] (first at line 2)"
printf '[health "web"]\nurl = http://127.0.0.1/\nheader = A: 1\nheader = B: 2\n' > "$SCRATCH/headers.conf"
test_expect_success 'header may be given more than once' '
	test_is "$(pw perfweek-probe -c "$SCRATCH/headers.conf" --check-config)" "configuration OK: $SCRATCH/headers.conf"
'
printf '[general]\nhost = ok\ndatabase = /tmp/a\000b.db\n' > "$SCRATCH/nul.conf"
check "a NUL byte in a value" nul.conf "3: line holds a NUL byte"

# 4. [health] sections: no fixed array; the documented limit is 1024.
test_expect_success '1024 [health] sections check' '
	i=0 && : >"$SCRATCH/many.conf" &&
	while [ $i -lt 1024 ]; do
		printf "[health \"c%d\"]\nurl = http://127.0.0.1:9/%d\n" $i $i >>"$SCRATCH/many.conf" &&
		i=$((i + 1)) || return 1
	done &&
	test_set_prereq MANY &&
	test_is "$(pw perfweek-probe -c "$SCRATCH/many.conf" --check-config)" "configuration OK: $SCRATCH/many.conf"
'
test_expect_success MANY 'the 1025th is refused at its header' '
	printf "[health \"c1024\"]\nurl = http://127.0.0.1:9/\n" >>"$SCRATCH/many.conf" &&
	{ pw perfweek-probe -c "$SCRATCH/many.conf" --check-config; rc=$?; } &&
	test_is "$rc:$(cat "$SCRATCH/err")" "2:$SCRATCH/many.conf:2049: too many [health] sections (at most 1024)"
'
