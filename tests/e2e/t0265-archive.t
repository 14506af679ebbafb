#!/bin/sh
# The report archive: perfweek-collect --maintain removes report files whose
# period ended more than [report] keep_weeks weeks ago, weeks and ranges
# alike, and leaves everything else in the directory alone (other names,
# symbolic links, directories, recent reports); keep_weeks = 0 keeps all.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
write_config
R=$SCRATCH/reports
printf '\n[report]\noutput_dir = %s\nkeep_weeks = 4\n' "$R" >> "$SCRATCH/perfweek.conf"
C="-c $SCRATCH/perfweek.conf"
at() {	# at "YYYY-MM-DD hh:mm:ss" perfweek-collect args...
	when=$1
	shift
	FAKETIME="@$when" LD_PRELOAD="$FT" $WRAP "$BIN/perfweek-collect" "$@" 2>"$SCRATCH/err"
}

test_expect_success FAKETIME 'a database to maintain' '
	at "2026-11-21 10:00:00" $C --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
	test_set_prereq DB
'

test_expect_success 'reports old and new, other names, a directory and a link' '
	mkdir -p "$R/perfweek-h-2026-W38.pdf" &&
	for f in perfweek-h-2026-W46.txt perfweek-h-2026-W46.json perfweek-h-2026-W46.pdf \
		perfweek-h-2026-W43.txt perfweek-h-2026-W42.txt perfweek-h-2026-W42.pdf \
		perfweek-other-host-2026-W40.json perfweek-h-2025-W52.txt \
		perfweek-h-2026-10-01_to_2026-10-20.txt perfweek-h-2026-10-01_to_2026-10-24.txt \
		perfweek-h-2026-09-01_06:00_to_2026-09-01_18:00.json \
		perfweek-h-2026-W40.txt.bak notes-2026-W40.txt perfweek.db; do
		echo "$f" >"$R/$f" || return 1
	done &&
	echo target >"$SCRATCH/target" &&
	ln -s "$SCRATCH/target" "$R/perfweek-h-2026-W39.txt" &&
	test_set_prereq FILES
'

# Saturday 2026-11-21 minus 4 weeks is 2026-10-24: reports of periods that
# ended before that day go, 2026-W43 (to 26 October) stays.
test_expect_success DB,FILES 'maintenance with keep_weeks = 4: exit 0' '
	at "2026-11-21 12:00:00" $C --maintain -v && test_set_prereq TRIMMED
'
test_expect_success TRIMMED 'it says how many went' '
	test_like "$(cat "$SCRATCH/err")" "6 report files older than 4 weeks removed"
'
test_expect_success TRIMMED 'old weeks and ranges removed; recent reports and everything else kept' '
	test_is "$(ls -A "$R" | tr "\n" " ")" \
		"notes-2026-W40.txt perfweek-h-2026-10-01_to_2026-10-24.txt perfweek-h-2026-W38.pdf perfweek-h-2026-W39.txt perfweek-h-2026-W40.txt.bak perfweek-h-2026-W43.txt perfweek-h-2026-W46.json perfweek-h-2026-W46.pdf perfweek-h-2026-W46.txt perfweek.db "
'
test_expect_success FILES 'a symbolic link'\''s target is untouched' '
	test_is "$(cat "$SCRATCH/target")" target
'

test_expect_success TRIMMED 'maintenance with keep_weeks = 0' '
	sed -i "s/^keep_weeks = 4\$/keep_weeks = 0/" "$SCRATCH/perfweek.conf" &&
	at "2027-06-01 12:00:00" $C --maintain
'
test_expect_success TRIMMED 'keep_weeks = 0 keeps every report' '
	test_is "$(ls -A "$R" | wc -l)" 10
'

test_expect_success DB 'a missing output directory is not an error' '
	sed -i "s/^keep_weeks = [04]\$/keep_weeks = 1/" "$SCRATCH/perfweek.conf" &&
	rm -rf "$R" &&
	at "2027-06-01 12:00:00" $C --maintain
'
