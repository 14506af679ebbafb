# lib.sh - shared by the end-to-end tests (tests/e2e/*.t), which run the
# built programs against a scratch directory and fixture trees, and speak
# TAP for prove(1).  Each test script sources this file first.
#
# Environment: PERFWEEK_BIN (the programs under test, default ./bin),
# PERFWEEK_SRC (the source tree), PERFWEEK_WRAP (a command to run the
# programs under, e.g. valgrind), PERFWEEK_QUICK (shorten loops),
# PERFWEEK_PROGRAMS_ONLY (skip the scripts that run no program under test:
# programs_only_skip below).

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

# programs_only_skip WHAT: skip the script when PERFWEEK_PROGRAMS_ONLY is
# set, for a script that runs no program under test (it builds a copy of
# the tree).  make check-sanitize and check-valgrind set it: they run the
# suite again to run the programs under ASan and UBSan or valgrind, and
# such a script, the same there as in make check-e2e, runs there only.
programs_only_skip() {
	[ -z "${PERFWEEK_PROGRAMS_ONLY:-}" ] ||
		skip_all "$1 and runs no program under test: make check-e2e runs it"
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

# test_host_lock shared|exclusive: a lock on this host's perfweek paths
# (/etc/perfweek, /var/lib/perfweek, /etc/cron.d/perfweek, /usr/bin/perfweek-*,
# the perfweek user), held until the script ends.  Tests that need them
# absent on the host (their mount namespaces add their own) take it shared;
# t0270's system-wide part, which installs the package, takes it exclusive,
# so that a parallel prove never runs them at the same time.
test_host_lock() {
	test_lock_f_=/tmp/perfweek-e2e-host.lock
	[ -e "$test_lock_f_" ] || { : >>"$test_lock_f_" && chmod 0666 "$test_lock_f_"; } 2>/dev/null
	exec 8<"$test_lock_f_" || return 1
	if [ "$1" = exclusive ]; then flock -x 8; else flock -s 8; fi
}

# ---- git-style tests ----------------------------------------------------
# test_expect_success [PREREQS] 'title' 'commands' is one test, as in git's
# t/test-lib.sh.  The commands (chained with &&) run by eval in this shell,
# so what they set stays set for later tests; their output is kept and,
# when they fail, shown on standard error with the commands themselves (so
# prove shows it without -v; the first 200 lines).  They must not exit.
#
# PREREQS is a comma-separated list of names set by test_set_prereq, "!NAME"
# for one that must not be set.  A test whose prerequisites are missing is
# skipped ("ok N - title # SKIP missing NAME"): a missing tool skips only
# the tests that need it.  A setup test ending in "&& test_set_prereq NAME"
# makes the tests that need NAME depend on its success: they are skipped,
# not failed one after another, when it fails.
#
# Set here: FAKETIME when libfaketime is installed ($FT is its path), ROOT
# when running as root, EXPENSIVE unless PERFWEEK_QUICK is set (the
# valgrind run: a test too slow under valgrind declares it).
test_prereqs=" "

test_set_prereq() {	# test_set_prereq NAME
	case $test_prereqs in
	*" $1 "*) ;;
	*) test_prereqs="$test_prereqs$1 " ;;
	esac
}

# test_have_prereq LIST: all of LIST are met; else $test_missing names
# those that are not.
test_have_prereq() {
	test_missing=""
	test_ifs_=$IFS
	IFS=,
	for test_p_ in $1; do
		test_want_=yes
		case $test_p_ in
		!*) test_want_=no ;;
		esac
		case $test_prereqs in
		*" ${test_p_#!} "*) test_set_=yes ;;
		*) test_set_=no ;;
		esac
		[ "$test_set_" = "$test_want_" ] ||
			test_missing="$test_missing${test_missing:+,}$test_p_"
	done
	IFS=$test_ifs_
	[ -z "$test_missing" ]
}

test_eval_() {
	eval "$1"
}

test_expect_success() {
	test_prereq_=
	if [ $# -eq 3 ]; then
		test_prereq_=$1
		shift
	fi
	if [ $# -ne 2 ]; then
		echo "Bail out! test_expect_success takes [PREREQS] TITLE COMMANDS, not: $*"
		exit 1
	fi
	if [ -n "$test_prereq_" ] && ! test_have_prereq "$test_prereq_"; then
		test_count=$((test_count + 1))
		echo "ok $test_count - $1 # SKIP missing $test_missing"
		return 0
	fi
	test_eval_ "$2" >"$SCRATCH/.test-output" 2>&1 </dev/null
	test_rc_=$?
	ok "$test_rc_" "$1"
	if [ "$test_rc_" -ne 0 ]; then
		{
			echo "# failed: $1 (exit status $test_rc_), commands:"
			printf '%s\n' "$2" | sed 's/^/#   /'
			test_n_=$(wc -l <"$SCRATCH/.test-output")
			if [ "$test_n_" -gt 0 ]; then
				echo "# their output:"
				sed -n 's/^/#   /; 1,200p' "$SCRATCH/.test-output"
			fi
			[ "$test_n_" -le 200 ] || echo "#   ($((test_n_ - 200)) more lines)"
		} >&2
	fi
	return 0
}

# test_cmp EXPECTED ACTUAL: the files are the same; else diff -u shows how
# ACTUAL differs.
test_cmp() {
	diff -u "$1" "$2"
}

# test_is GOT EXPECTED: the strings are equal; else both are shown (on
# standard error, as a failed test's output is).
test_is() {
	[ "$1" = "$2" ] && return 0
	printf "got:      '%s'\nexpected: '%s'\n" "$1" "$2" >&2
	return 1
}

# test_like GOT ERE: GOT matches the extended regular expression ERE.
test_like() {
	printf '%s' "$1" | grep -Eq -- "$2" && return 0
	printf "got:      '%s'\nexpected to match: '%s'\n" "$1" "$2" >&2
	return 1
}

# test_expect_code CODE CMD [ARGS]: CMD exits with status CODE.
test_expect_code() {
	test_want_code_=$1
	shift
	"$@"
	test_code_=$?
	[ "$test_code_" = "$test_want_code_" ] && return 0
	echo "exit status $test_code_, expected $test_want_code_: $*" >&2
	return 1
}

# collect_at 'YYYY-MM-DD HH:MM:SS' TREE ARGS...: one snapshot of the fixture
# tree TREE by perfweek-collect ARGS, with the clock at that time (needs
# FAKETIME).
collect_at() {
	collect_at_t=$1 collect_at_tree=$2
	shift 2
	FAKETIME="@$collect_at_t" LD_PRELOAD="$FT" "$BIN/perfweek-collect" "$@" \
		--proc-root "$TREES/$collect_at_tree/proc" \
		--sys-root "$TREES/$collect_at_tree/sys"
}

# server_start SCRIPT PORTFILE ARGS...: tests/servers/SCRIPT ARGS in the
# background (its output in PORTFILE.log), in this shell so that it is
# stopped when the script ends; true once it has written its port to
# PORTFILE (10 s at most).
server_start() {
	server_script=$1 server_port_file=$2
	shift 2
	/usr/bin/python3 "$SRC/tests/servers/$server_script" \
		--port-file "$server_port_file" "$@" >"$server_port_file.log" 2>&1 &
	on_exit "kill $! 2>/dev/null"
	server_i=0
	while [ ! -s "$server_port_file" ] && [ $server_i -lt 100 ]; do
		sleep 0.1
		server_i=$((server_i + 1))
	done
	test -s "$server_port_file"
}

FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -z "$FT" ] || test_set_prereq FAKETIME
[ "$(id -u)" != 0 ] || test_set_prereq ROOT
[ -n "$QUICK" ] || test_set_prereq EXPENSIVE
