#!/bin/sh
# Where messages go when stderr is not a terminal (as under cron, or in
# "perfweek-report -vv 2>&1 | less"): syslog, with errors also on stderr;
# -v and -vv write every message shown to stderr as well.  -v on each
# program logs which configuration file it read, or that there is none
# and the built-in defaults are in force; --check-config says the same.
# PERFWEEK_LOG, which lib.sh sets to stderr, is unset here.
. "$(dirname "$0")/lib.sh"
unset PERFWEEK_LOG
write_config
C=$SCRATCH/perfweek.conf
P="--proc-root $TREES/rates-a/proc --sys-root $TREES/rates-a/sys"

# Without -v: nothing on stderr but errors.
test_expect_success 'a snapshot, stderr not a terminal' '
	pw perfweek-collect -c "$C" $P
'
test_expect_success 'nothing on stderr without -v' '
	test_is "$(cat "$SCRATCH/err")" ""
'
test_expect_success 'a report from a missing database fails' '
	test_expect_code 1 pw perfweek-report -c "$C" --db "$SCRATCH/none.db" --stdout >/dev/null
'
test_expect_success 'the error is on stderr' '
	test_like "$(cat "$SCRATCH/err")" "^perfweek-report: no perfweek database at '\''$SCRATCH/none.db'\''"
'

# -v: the information too, beginning with the file read.
test_expect_success 'perfweek-collect -v' '
	pw perfweek-collect -v -c "$C" $P
'
test_expect_success '-v: the configuration file read, on stderr' '
	test_is "$(sed -n 1p "$SCRATCH/err")" "perfweek-collect: configuration: $C"
'
test_expect_success 'the reporter'\''s -v says it too' '
	pw perfweek-report -v -c "$C" --check-config >/dev/null &&
	test_is "$(cat "$SCRATCH/err")" "perfweek-report: configuration: $C"
'
test_expect_success 'and the probe'\''s' '
	pw perfweek-probe -v -c "$C" --check-config >/dev/null &&
	test_is "$(cat "$SCRATCH/err")" "perfweek-probe: configuration: $C"
'
# -vv: the debug lines as well, in the order they happen.
test_expect_success '-vv: debug lines on stderr' '
	pw perfweek-collect -vv -c "$C" $P
	test_like "$(cat "$SCRATCH/err")" "^perfweek-collect: debug: stored snapshot 3$"
'
test_expect_success 'after the configuration line' '
	test_is "$(sed -n 1p "$SCRATCH/err")" "perfweek-collect: configuration: $C"
'
# 2>&1 into a pipe, as README's "perfweek-report -vv 2>&1 | less".
# (A week without snapshots, for a warning.)
test_expect_success 'perfweek-report -vv 2>&1 | ...: the messages in the pipe' '
	out=$($WRAP "$BIN/perfweek-report" -vv -c "$C" --week 2026-W46 --stdout 2>&1 | grep "^perfweek-report: ") &&
	test_is "$(echo "$out" | sed -n 1p)" "perfweek-report: configuration: $C"
'
test_expect_success 'the warnings too' '
	test_like "$(echo "$out" | sed -n 2p)" "^perfweek-report: warning: .*2026-W46"
'

# PERFWEEK_LOG=syslog: syslog only, even with -v.
test_expect_success 'PERFWEEK_LOG=syslog -v: nothing on stderr' '
	PERFWEEK_LOG=syslog pw perfweek-collect -v -c "$C" $P
	test_is "$(cat "$SCRATCH/err")" ""
'

# No file at the default path: built-in defaults, said so.
def=$("$BIN/perfweek-collect" --help | sed -n 's/.*configuration file (default \(.*\))$/\1/p')
test_expect_success 'the default configuration path' '
	echo "default: $def" &&
	test_like "$def" "^/.*/perfweek/perfweek.conf$"
'
[ -n "$def" ] && [ ! -e "$def" ] && test_set_prereq NO_DEFAULT_CONFIG
test_expect_success NO_DEFAULT_CONFIG '--check-config without the default file' '
	test_is "$(pw perfweek-collect -v --check-config --db "$SCRATCH/perfweek.db")" \
		"configuration OK: no $def; built-in defaults in force"
'
test_expect_success NO_DEFAULT_CONFIG '-v says the built-in defaults are in force' '
	test_is "$(cat "$SCRATCH/err")" "perfweek-collect: configuration: no $def, built-in defaults"
'

# And the messages do reach syslog: /dev/log, in a private mount namespace,
# is a socket of this test's.
. "$SRC/tests/e2e/lib-ns.sh"
mkdir "$SCRATCH/ns"
ns_usable "$SCRATCH/ns" && test_set_prereq NS
cat >"$SCRATCH/syslogd.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(20)
with open(sys.argv[2], "ab", buffering=0) as f:
    try:
        while True:
            f.write(s.recv(65536).rstrip(b"\0\n") + b"\n")
    except socket.timeout:
        pass
PY
test_expect_success NS 'a syslog socket of the test'\''s' '
	{ /usr/bin/python3 "$SCRATCH/syslogd.py" "$SCRATCH/log.sock" "$SCRATCH/syslog" & } &&
	srv=$! &&
	on_exit "kill $srv 2>/dev/null" &&
	i=0 &&
	while [ ! -S "$SCRATCH/log.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done &&
	test -S "$SCRATCH/log.sock" &&
	test_set_prereq SYSLOG
'
test_expect_success SYSLOG 'perfweek-report -v --check-config, /dev/log a test socket' '
	unshare -m sh -c ". \"\$1/tests/e2e/lib-ns.sh\"
		mount -t tmpfs tmpfs \"\$2/ns\" &&
		ns_replica \"\$2/ns\" /dev log \"\$2/log.sock\" &&
		exec \$3 \"\$4\" -v -c \"\$5\" --check-config" \
		sh "$SRC" "$SCRATCH" "$WRAP" "$BIN/perfweek-report" "$C" \
		>/dev/null 2>"$SCRATCH/err"
'
test_expect_success SYSLOG 'the message on stderr' '
	test_is "$(cat "$SCRATCH/err")" "perfweek-report: configuration: $C"
'
test_expect_success SYSLOG 'and in syslog, LOG_DAEMON|LOG_INFO' '
	i=0 &&
	while ! grep -q configuration "$SCRATCH/syslog" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done &&
	test_like "$(cat "$SCRATCH/syslog" 2>/dev/null)" "^<30>.* perfweek-report\[[0-9]+\]: configuration: $C$"
'
