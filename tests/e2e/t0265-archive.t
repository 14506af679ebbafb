#!/bin/sh
# The report archive: perfweek-collect --maintain removes report files whose
# period ended more than [report] keep_weeks weeks ago, weeks and ranges
# alike, and leaves everything else in the directory alone (other names,
# symbolic links, directories, recent reports); keep_weeks = 0 keeps all.
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
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

at "2026-11-21 10:00:00" $C --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys"
ok $? "a database to maintain"

mkdir -p "$R/perfweek-h-2026-W38.pdf"
for f in perfweek-h-2026-W46.txt perfweek-h-2026-W46.json perfweek-h-2026-W46.pdf \
	perfweek-h-2026-W43.txt perfweek-h-2026-W42.txt perfweek-h-2026-W42.pdf \
	perfweek-other-host-2026-W40.json perfweek-h-2025-W52.txt \
	perfweek-h-2026-10-01_to_2026-10-20.txt perfweek-h-2026-10-01_to_2026-10-24.txt \
	perfweek-h-2026-09-01_06:00_to_2026-09-01_18:00.json \
	perfweek-h-2026-W40.txt.bak notes-2026-W40.txt perfweek.db; do
	echo "$f" > "$R/$f"
done
echo target > "$SCRATCH/target"
ln -s "$SCRATCH/target" "$R/perfweek-h-2026-W39.txt"

# Saturday 2026-11-21 minus 4 weeks is 2026-10-24: reports of periods that
# ended before that day go, 2026-W43 (to 26 October) stays.
at "2026-11-21 12:00:00" $C --maintain -v
is "$?" 0 "maintenance with keep_weeks = 4: exit 0"
like "$(cat "$SCRATCH/err")" "6 report files older than 4 weeks removed" "it says how many went"
is "$(ls -A "$R" | tr '\n' ' ')" \
	"notes-2026-W40.txt perfweek-h-2026-10-01_to_2026-10-24.txt perfweek-h-2026-W38.pdf perfweek-h-2026-W39.txt perfweek-h-2026-W40.txt.bak perfweek-h-2026-W43.txt perfweek-h-2026-W46.json perfweek-h-2026-W46.pdf perfweek-h-2026-W46.txt perfweek.db " \
	"old weeks and ranges removed; recent reports and everything else kept"
is "$(cat "$SCRATCH/target")" target "a symbolic link's target is untouched"

sed -i 's/^keep_weeks = 4$/keep_weeks = 0/' "$SCRATCH/perfweek.conf"
at "2027-06-01 12:00:00" $C --maintain
is "$?" 0 "maintenance with keep_weeks = 0"
is "$(ls -A "$R" | wc -l)" 10 "keep_weeks = 0 keeps every report"

sed -i 's/^keep_weeks = 0$/keep_weeks = 1/' "$SCRATCH/perfweek.conf"
rm -rf "$R"
at "2027-06-01 12:00:00" $C --maintain
is "$?" 0 "a missing output directory is not an error"
