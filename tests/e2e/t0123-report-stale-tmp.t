#!/bin/sh
# A report killed while writing leaves ".perfweek-HOST-PERIOD.EXT.XXXXXX"
# behind.  The next report run and perfweek-collect --maintain remove such
# files, of exactly that naming and over an hour old; a newer one (a
# concurrent run's) and every other name, link or directory stay.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
write_config
R=$SCRATCH/reports
printf '\n[report]\ntimezone = UTC\nmin_coverage_pct = 0\noutput_dir = %s\n' "$R" >> "$SCRATCH/perfweek.conf"
C="-c $SCRATCH/perfweek.conf"
old() { for f in "$@"; do echo x > "$R/$f" && touch -d '2 hours ago' "$R/$f" || return 1; done; }

test_expect_success FAKETIME 'two snapshots on Tuesday 10 November' '
	collect_at "2026-11-10 10:00:00" rates-a $C &&
	collect_at "2026-11-10 10:01:00" rates-b $C &&
	test_set_prereq SNAPSHOTS
'
test_expect_success 'stale and fresh temporary files, other names, a link and a directory' '
	mkdir "$R" &&
	old .perfweek-testhost-2026-W46.txt.Ab12Cd .perfweek-other-2026-W40.pdf.XyZ789 \
		.perfweek-testhost-2026-W46.txt.abc .perfweek-testhost-2026-W46.txt.Ab12Cd.bak \
		.other-2026-W46.txt.Ab12Cd .perfweek-testhost-2026-W46.csv.Ab12Cd \
		perfweek-testhost-2026-W45.txt &&
	echo x >"$R/.perfweek-testhost-2026-W46.json.Fresh1" &&
	touch -d "50 minutes ago" "$R/.perfweek-testhost-2026-W46.json.Fresh1" &&
	echo target >"$SCRATCH/target" &&
	ln -s "$SCRATCH/target" "$R/.perfweek-testhost-2026-W46.txt.Link12" &&
	touch -h -d "2 hours ago" "$R/.perfweek-testhost-2026-W46.txt.Link12" &&
	mkdir "$R/.perfweek-testhost-2026-W46.pdf.Dir123" &&
	touch -d "2 hours ago" "$R/.perfweek-testhost-2026-W46.pdf.Dir123" &&
	test_set_prereq FILES
'

test_expect_success SNAPSHOTS,FILES 'the report: exit 0' '
	pw perfweek-report $C -v --week 2026-W46 --format text,json &&
	test_set_prereq REPORT
'
test_expect_success SNAPSHOTS,FILES 'it removes the two stale temporary files, and says so' '
	test_is "$(grep "stale temporary" "$SCRATCH/err" | sort)" \
		"perfweek-report: removed the stale temporary file '\''$R/.perfweek-other-2026-W40.pdf.XyZ789'\''
perfweek-report: removed the stale temporary file '\''$R/.perfweek-testhost-2026-W46.txt.Ab12Cd'\''"
'
test_expect_success SNAPSHOTS,FILES 'a newer one, other names, a link and a directory stay' '
	test_is "$(ls -A "$R" | sort | tr "\n" " ")" \
		".other-2026-W46.txt.Ab12Cd .perfweek-testhost-2026-W46.csv.Ab12Cd .perfweek-testhost-2026-W46.json.Fresh1 .perfweek-testhost-2026-W46.pdf.Dir123 .perfweek-testhost-2026-W46.txt.Ab12Cd.bak .perfweek-testhost-2026-W46.txt.Link12 .perfweek-testhost-2026-W46.txt.abc perfweek-testhost-2026-W45.txt perfweek-testhost-2026-W46.json perfweek-testhost-2026-W46.txt "
'
test_expect_success FILES 'the link'\''s target is untouched' '
	test_is "$(cat "$SCRATCH/target")" target
'

# --maintain (which trims the archive) removes them too, keep_weeks or not.
test_expect_success SNAPSHOTS,FILES '--maintain: exit 0' '
	old .perfweek-testhost-2026-W46.json.Gone12 &&
	touch -d "2 hours ago" "$R/.perfweek-testhost-2026-W46.json.Fresh1" &&
	pw perfweek-collect $C --maintain -v
'
test_expect_success SNAPSHOTS,FILES '--maintain removes the stale ones, now over an hour old' '
	test_is "$(grep "stale temporary" "$SCRATCH/err" | sort)" \
		"perfweek-collect: removed the stale temporary file '\''$R/.perfweek-testhost-2026-W46.json.Fresh1'\''
perfweek-collect: removed the stale temporary file '\''$R/.perfweek-testhost-2026-W46.json.Gone12'\''"
'
test_expect_success SNAPSHOTS,FILES '--maintain leaves the rest alone' '
	test -e "$R/.perfweek-testhost-2026-W46.txt.abc" &&
	test -L "$R/.perfweek-testhost-2026-W46.txt.Link12" &&
	test -d "$R/.perfweek-testhost-2026-W46.pdf.Dir123" &&
	test -e "$R/perfweek-testhost-2026-W46.txt"
'
