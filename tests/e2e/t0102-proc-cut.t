#!/bin/sh
# /proc files cut off or damaged: a required value missing is an error
# naming the file (exit 1, nothing stored), an optional source a warning
# (exit 3, the snapshot stored without it).
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"
tree() {	# tree NAME: a copy of the rates-a fixture tree
	rm -rf "$SCRATCH/$1"
	cp -r "$TREES/rates-a" "$SCRATCH/$1"
}
run() {	# run NAME: one snapshot of that tree
	pw perfweek-collect $C --proc-root "$SCRATCH/$1/proc" \
		--sys-root "$SCRATCH/$1/sys"
}
n() { q 'SELECT count(*) FROM snapshot'; }

tree good
run good; is "$?" 0 "the intact tree: exit 0"

tree cut
head -n 1 "$TREES/rates-a/proc/meminfo" >"$SCRATCH/cut/proc/meminfo"
run cut; is "$?" 1 "meminfo cut after MemTotal: exit 1"
is "$(cat "$SCRATCH/err")" "perfweek-collect: cannot parse '$SCRATCH/cut/proc/meminfo': no 'MemFree:' line" \
	"the message names the file and the missing line"
is "$(n)" 1 "nothing stored (no snapshot of 100 % memory used)"

tree noswap
grep -v '^Swap' "$TREES/rates-a/proc/meminfo" >"$SCRATCH/noswap/proc/meminfo"
run noswap; is "$?" 1 "meminfo without its Swap lines: exit 1"
like "$(cat "$SCRATCH/err")" "cannot parse '$SCRATCH/noswap/proc/meminfo': no 'SwapTotal:' line" \
	"names SwapTotal"

tree old
grep -v -e '^MemAvailable' -e '^Cached' "$TREES/rates-a/proc/meminfo" \
	>"$SCRATCH/old/proc/meminfo"
run old; is "$?" 1 "no MemAvailable and no Cached to estimate it from: exit 1"
like "$(cat "$SCRATCH/err")" "no 'Cached:' line" "names Cached"

tree nul
printf 'MemTotal: 1000 kB\nMemFree: 100 kB\n\000MemAvailable: 500 kB\n' \
	>"$SCRATCH/nul/proc/meminfo"
run nul; is "$?" 1 "a NUL byte inside meminfo: exit 1"
is "$(cat "$SCRATCH/err")" "perfweek-collect: cannot parse '$SCRATCH/nul/proc/meminfo': contains a NUL byte" \
	"the message says so"
is "$(n)" 1 "nothing stored"

tree nulstat
{ head -n 1 "$TREES/rates-a/proc/stat"; printf '\000'; tail -n +2 "$TREES/rates-a/proc/stat"; } \
	>"$SCRATCH/nulstat/proc/stat"
run nulstat; is "$?" 1 "a NUL byte inside stat: exit 1"
like "$(cat "$SCRATCH/err")" "cannot parse '$SCRATCH/nulstat/proc/stat': contains a NUL byte" \
	"every reader refuses it"

tree nodisk
: >"$SCRATCH/nodisk/proc/diskstats"
run nodisk; is "$?" 3 "an empty diskstats: stored with something missing, exit 3"
is "$(cat "$SCRATCH/err")" "perfweek-collect: warning: cannot parse '$SCRATCH/nodisk/proc/diskstats': the file is empty; no disk statistics stored" \
	"a warning names the file"
is "$(n) $(q 'SELECT count(*) FROM disk WHERE snapshot_id = (SELECT max(id) FROM snapshot)')" "2 0" \
	"the snapshot is stored, without disk rows"
