#!/bin/sh
# /proc files cut off or damaged: a required value missing is an error
# naming the file (exit 1, nothing stored), an optional source a warning
# (exit 3, the snapshot stored without it).
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"
tree() {	# tree NAME: a copy of the rates-a fixture tree
	rm -rf "$SCRATCH/$1" &&
	cp -r "$TREES/rates-a" "$SCRATCH/$1"
}
run() {	# run NAME: one snapshot of that tree
	pw perfweek-collect $C --proc-root "$SCRATCH/$1/proc" \
		--sys-root "$SCRATCH/$1/sys"
}
n() { q "SELECT count(*) FROM snapshot"; }

test_expect_success 'the intact tree: exit 0' '
	tree good && run good
'

test_expect_success 'meminfo cut after MemTotal: exit 1' '
	tree cut &&
	head -n 1 "$TREES/rates-a/proc/meminfo" >"$SCRATCH/cut/proc/meminfo" &&
	test_set_prereq CUT &&
	test_expect_code 1 run cut
'
test_expect_success CUT 'the message names the file and the missing line' '
	test_is "$(cat "$SCRATCH/err")" "perfweek-collect: cannot parse '\''$SCRATCH/cut/proc/meminfo'\'': no '\''MemFree:'\'' line"
'
test_expect_success CUT 'nothing stored (no snapshot of 100 % memory used)' '
	test_is "$(n)" 1
'

test_expect_success 'meminfo without its Swap lines: exit 1' '
	tree noswap &&
	grep -v "^Swap" "$TREES/rates-a/proc/meminfo" >"$SCRATCH/noswap/proc/meminfo" &&
	test_set_prereq NOSWAP &&
	test_expect_code 1 run noswap
'
test_expect_success NOSWAP 'names SwapTotal' '
	test_like "$(cat "$SCRATCH/err")" "cannot parse '\''$SCRATCH/noswap/proc/meminfo'\'': no '\''SwapTotal:'\'' line"
'

test_expect_success 'no MemAvailable and no Cached to estimate it from: exit 1' '
	tree old &&
	grep -v -e "^MemAvailable" -e "^Cached" "$TREES/rates-a/proc/meminfo" \
		>"$SCRATCH/old/proc/meminfo" &&
	test_set_prereq OLD &&
	test_expect_code 1 run old
'
test_expect_success OLD 'names Cached' '
	test_like "$(cat "$SCRATCH/err")" "no '\''Cached:'\'' line"
'

test_expect_success 'a NUL byte inside meminfo: exit 1' '
	tree nul &&
	printf "MemTotal: 1000 kB\nMemFree: 100 kB\n\000MemAvailable: 500 kB\n" \
		>"$SCRATCH/nul/proc/meminfo" &&
	test_set_prereq NUL &&
	test_expect_code 1 run nul
'
test_expect_success NUL 'the message says so' '
	test_is "$(cat "$SCRATCH/err")" "perfweek-collect: cannot parse '\''$SCRATCH/nul/proc/meminfo'\'': contains a NUL byte"
'
test_expect_success NUL 'nothing stored' '
	test_is "$(n)" 1
'

test_expect_success 'a NUL byte inside stat: exit 1' '
	tree nulstat &&
	{ head -n 1 "$TREES/rates-a/proc/stat" && printf "\000" &&
		tail -n +2 "$TREES/rates-a/proc/stat"; } >"$SCRATCH/nulstat/proc/stat" &&
	test_set_prereq NULSTAT &&
	test_expect_code 1 run nulstat
'
test_expect_success NULSTAT 'every reader refuses it' '
	test_like "$(cat "$SCRATCH/err")" "cannot parse '\''$SCRATCH/nulstat/proc/stat'\'': contains a NUL byte"
'

test_expect_success 'an empty diskstats: stored with something missing, exit 3' '
	tree nodisk &&
	: >"$SCRATCH/nodisk/proc/diskstats" &&
	test_set_prereq NODISK &&
	test_expect_code 3 run nodisk
'
test_expect_success NODISK 'a warning names the file' '
	test_is "$(cat "$SCRATCH/err")" "perfweek-collect: warning: cannot parse '\''$SCRATCH/nodisk/proc/diskstats'\'': the file is empty; no disk statistics stored"
'
test_expect_success NODISK 'the snapshot is stored, without disk rows' '
	test_is "$(n) $(q "SELECT count(*) FROM disk WHERE snapshot_id = (SELECT max(id) FROM snapshot)")" "2 0"
'
