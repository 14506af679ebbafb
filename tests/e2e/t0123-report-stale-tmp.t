#!/bin/sh
# A report killed while writing leaves ".perfweek-HOST-PERIOD.EXT.XXXXXX"
# behind.  The next report run and perfweek-collect --maintain remove such
# files, of exactly that naming and over an hour old; a newer one (a
# concurrent run's) and every other name, link or directory stay.
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
export TZ=UTC
write_config
R=$SCRATCH/reports
printf '\n[report]\ntimezone = UTC\nmin_coverage_pct = 0\noutput_dir = %s\n' "$R" >> "$SCRATCH/perfweek.conf"
C="-c $SCRATCH/perfweek.conf"
for t in "10:00:00 rates-a" "10:01:00 rates-b"; do
	FAKETIME="@2026-11-10 ${t% *}" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
		--proc-root "$TREES/${t#* }/proc" --sys-root "$TREES/${t#* }/sys" || exit 1
done
mkdir "$R"
old() { for f in "$@"; do echo x > "$R/$f"; touch -d '2 hours ago' "$R/$f"; done; }
old .perfweek-testhost-2026-W46.txt.Ab12Cd .perfweek-other-2026-W40.pdf.XyZ789 \
	.perfweek-testhost-2026-W46.txt.abc .perfweek-testhost-2026-W46.txt.Ab12Cd.bak \
	.other-2026-W46.txt.Ab12Cd .perfweek-testhost-2026-W46.csv.Ab12Cd \
	perfweek-testhost-2026-W45.txt
echo x > "$R/.perfweek-testhost-2026-W46.json.Fresh1"
touch -d '50 minutes ago' "$R/.perfweek-testhost-2026-W46.json.Fresh1"
echo target > "$SCRATCH/target"
ln -s "$SCRATCH/target" "$R/.perfweek-testhost-2026-W46.txt.Link12"
touch -h -d '2 hours ago' "$R/.perfweek-testhost-2026-W46.txt.Link12"
mkdir "$R/.perfweek-testhost-2026-W46.pdf.Dir123"
touch -d '2 hours ago' "$R/.perfweek-testhost-2026-W46.pdf.Dir123"

pw perfweek-report $C -v --week 2026-W46 --format text,json
is "$?" 0 "the report: exit 0"
is "$(grep 'stale temporary' "$SCRATCH/err" | sort)" \
	"perfweek-report: removed the stale temporary file '$R/.perfweek-other-2026-W40.pdf.XyZ789'
perfweek-report: removed the stale temporary file '$R/.perfweek-testhost-2026-W46.txt.Ab12Cd'" \
	"it removes the two stale temporary files, and says so"
is "$(ls -A "$R" | sort | tr '\n' ' ')" \
	".other-2026-W46.txt.Ab12Cd .perfweek-testhost-2026-W46.csv.Ab12Cd .perfweek-testhost-2026-W46.json.Fresh1 .perfweek-testhost-2026-W46.pdf.Dir123 .perfweek-testhost-2026-W46.txt.Ab12Cd.bak .perfweek-testhost-2026-W46.txt.Link12 .perfweek-testhost-2026-W46.txt.abc perfweek-testhost-2026-W45.txt perfweek-testhost-2026-W46.json perfweek-testhost-2026-W46.txt " \
	"a newer one, other names, a link and a directory stay"
is "$(cat "$SCRATCH/target")" target "the link's target is untouched"

# --maintain (which trims the archive) removes them too, keep_weeks or not.
old .perfweek-testhost-2026-W46.json.Gone12
touch -d '2 hours ago' "$R/.perfweek-testhost-2026-W46.json.Fresh1"
pw perfweek-collect $C --maintain -v
is "$?" 0 "--maintain: exit 0"
is "$(grep 'stale temporary' "$SCRATCH/err" | sort)" \
	"perfweek-collect: removed the stale temporary file '$R/.perfweek-testhost-2026-W46.json.Fresh1'
perfweek-collect: removed the stale temporary file '$R/.perfweek-testhost-2026-W46.json.Gone12'" \
	"--maintain removes the stale ones, now over an hour old"
[ -e "$R/.perfweek-testhost-2026-W46.txt.abc" ] && [ -L "$R/.perfweek-testhost-2026-W46.txt.Link12" ] &&
	[ -d "$R/.perfweek-testhost-2026-W46.pdf.Dir123" ] && [ -e "$R/perfweek-testhost-2026-W46.txt" ]
ok $? "--maintain leaves the rest alone"
