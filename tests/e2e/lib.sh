# lib.sh - shared by the end-to-end tests (tests/e2e/*.t), which run the
# built programs against a scratch directory and fixture trees, and speak
# TAP for prove(1).  Each test script sources this file first.
#
# Environment: PERFWEEK_BIN (the programs under test, default ./bin),
# PERFWEEK_SRC (the source tree), PERFWEEK_WRAP (a command to run the
# programs under, e.g. valgrind), PERFWEEK_QUICK (shorten loops).

set -u
SRC=${PERFWEEK_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${PERFWEEK_BIN:-$SRC/bin}
WRAP=${PERFWEEK_WRAP:-}
export PERFWEEK_LOG=stderr
# Tests preload libfaketime into the programs; a sanitizer build must then
# not insist that its runtime comes first in the library list.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
QUICK=${PERFWEEK_QUICK:-}
TREES=$SRC/tests/fixtures/trees
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/perfweek-test.XXXXXX")
chmod 755 "$SCRATCH"
test_count=0
test_failed=0
cleanup_cmds=""

at_exit() {
	eval "$cleanup_cmds"
	rm -rf "$SCRATCH"
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
}
trap at_exit EXIT

# on_exit CMD: run CMD when the script ends (stop servers, unmount).
on_exit() {
	cleanup_cmds="$1; $cleanup_cmds"
}

ok() {	# ok COND-EXIT-STATUS DESCRIPTION
	test_count=$((test_count + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $test_count - $2"
	else
		echo "not ok $test_count - $2"
		test_failed=$((test_failed + 1))
	fi
}

is() {	# is GOT EXPECTED DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   got:      '$1'"
		echo "#   expected: '$2'"
	fi
}

like() {	# like GOT ERE DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   got:      '$1'"
		echo "#   expected to match: '$2'"
	fi
}

skip_all() {
	echo "1..0 # SKIP $1"
	trap - EXIT
	rm -rf "$SCRATCH"
	exit 0
}

# Run a perfweek program (under $WRAP if set); stderr goes to $SCRATCH/err.
pw() {
	prog=$1
	shift
	$WRAP "$BIN/$prog" "$@" 2>"$SCRATCH/err"
}

# A config file with a scratch database, a fixed host name and no plugins.
write_config() {
	cat > "$SCRATCH/perfweek.conf" <<CONF
[general]
database = $SCRATCH/perfweek.db
host = testhost
busy_timeout_ms = 2000

[collect]
plugin_dir = $SCRATCH/plugins.d
CONF
}

# q SQL: query the scratch database with the sqlite3 command line.
q() {
	sqlite3 -batch -noheader "$SCRATCH/perfweek.db" "$1"
}
