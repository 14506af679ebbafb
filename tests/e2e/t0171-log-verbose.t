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
pw perfweek-collect -c "$C" $P; is "$?" 0 "a snapshot, stderr not a terminal"
is "$(cat "$SCRATCH/err")" "" "nothing on stderr without -v"
pw perfweek-report -c "$C" --db "$SCRATCH/none.db" --stdout >/dev/null
is "$?" 1 "a report from a missing database fails"
like "$(cat "$SCRATCH/err")" "^perfweek-report: no perfweek database at '$SCRATCH/none.db'" "the error is on stderr"

# -v: the information too, beginning with the file read.
pw perfweek-collect -v -c "$C" $P; is "$?" 0 "perfweek-collect -v"
is "$(sed -n 1p "$SCRATCH/err")" "perfweek-collect: configuration: $C" "-v: the configuration file read, on stderr"
pw perfweek-report -v -c "$C" --check-config >/dev/null
is "$(cat "$SCRATCH/err")" "perfweek-report: configuration: $C" "the reporter's -v says it too"
pw perfweek-probe -v -c "$C" --check-config >/dev/null
is "$(cat "$SCRATCH/err")" "perfweek-probe: configuration: $C" "and the probe's"
# -vv: the debug lines as well, in the order they happen.
pw perfweek-collect -vv -c "$C" $P
like "$(cat "$SCRATCH/err")" "^perfweek-collect: debug: stored snapshot 3$" "-vv: debug lines on stderr"
is "$(sed -n 1p "$SCRATCH/err")" "perfweek-collect: configuration: $C" "after the configuration line"
# 2>&1 into a pipe, as README's "perfweek-report -vv 2>&1 | less".
# (A week without snapshots, for a warning.)
out=$($WRAP "$BIN/perfweek-report" -vv -c "$C" --week 2026-W46 --stdout 2>&1 | grep '^perfweek-report: ')
is "$(echo "$out" | sed -n 1p)" "perfweek-report: configuration: $C" "perfweek-report -vv 2>&1 | ...: the messages in the pipe"
like "$(echo "$out" | sed -n 2p)" "^perfweek-report: warning: .*2026-W46" "the warnings too"

# PERFWEEK_LOG=syslog: syslog only, even with -v.
PERFWEEK_LOG=syslog pw perfweek-collect -v -c "$C" $P
is "$(cat "$SCRATCH/err")" "" "PERFWEEK_LOG=syslog -v: nothing on stderr"

# No file at the default path: built-in defaults, said so.
def=$("$BIN/perfweek-collect" --help | sed -n 's/.*configuration file (default \(.*\))$/\1/p')
like "$def" "^/.*/perfweek/perfweek.conf$" "the default configuration path ($def)"
if [ -e "$def" ]; then
	test_count=$((test_count + 2))
	echo "ok $((test_count - 1)) # skip $def exists on this host"
	echo "ok $test_count # skip $def exists on this host"
else
	out=$(pw perfweek-collect -v --check-config --db "$SCRATCH/perfweek.db")
	is "$out" "configuration OK: no $def; built-in defaults in force" "--check-config without the default file"
	is "$(cat "$SCRATCH/err")" "perfweek-collect: configuration: no $def, built-in defaults" "-v says the built-in defaults are in force"
fi

# And the messages do reach syslog: /dev/log, in a private mount namespace,
# is a socket of this test's.
. "$SRC/tests/e2e/lib-ns.sh"
mkdir "$SCRATCH/ns"
if ns_usable "$SCRATCH/ns"; then
	/usr/bin/python3 - "$SCRATCH/log.sock" "$SCRATCH/syslog" <<'PY' &
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
	srv=$!
	on_exit "kill $srv 2>/dev/null"
	i=0
	while [ ! -S "$SCRATCH/log.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	unshare -m sh -c '. "$1/tests/e2e/lib-ns.sh"
		mount -t tmpfs tmpfs "$2/ns" &&
		ns_replica "$2/ns" /dev log "$2/log.sock" &&
		exec $3 "$4" -v -c "$5" --check-config' \
		sh "$SRC" "$SCRATCH" "$WRAP" "$BIN/perfweek-report" "$C" \
		>/dev/null 2>"$SCRATCH/err"
	is "$?" 0 "perfweek-report -v --check-config, /dev/log a test socket"
	is "$(cat "$SCRATCH/err")" "perfweek-report: configuration: $C" "the message on stderr"
	i=0
	while ! grep -q 'configuration' "$SCRATCH/syslog" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	like "$(cat "$SCRATCH/syslog" 2>/dev/null)" "^<30>.* perfweek-report\[[0-9]+\]: configuration: $C$" "and in syslog, LOG_DAEMON|LOG_INFO"
else
	test_count=$((test_count + 3))
	for i in 2 1 0; do
		echo "ok $((test_count - i)) # skip not root, or no private mount namespace"
	done
fi
