#!/bin/sh
# A full disk under the report: the formats that fit are written, the
# message names the final file that could not be (never the temporary
# one), and the exit status is 3 when some files were written, 1 when none
# was.  A full disk under the database: the report is written, the run
# cannot be recorded, exit 3 with a message.  Small tmpfs mounts (root).
. "$(dirname "$0")/lib.sh"
export TZ=UTC
write_config
printf '\n[report]\ntimezone = UTC\nmin_coverage_pct = 0\n' >> "$SCRATCH/perfweek.conf"
C="-c $SCRATCH/perfweek.conf"
O=$SCRATCH/small
N=perfweek-testhost-2026-W46

test_expect_success ROOT 'a 64 KB tmpfs for the report' '
	mkdir "$SCRATCH/small" &&
	mount -t tmpfs -o size=64k tmpfs "$SCRATCH/small" &&
	on_exit "umount '\''$SCRATCH/small'\''" &&
	test_set_prereq SMALL
'
test_expect_success FAKETIME 'two snapshots on Tuesday 10 November' '
	collect_at "2026-11-10 10:00:00" rates-a $C &&
	collect_at "2026-11-10 10:01:00" rates-b $C &&
	test_set_prereq SNAPSHOTS
'

# 64 KB: the text (6 KB) and the JSON (26 KB) fit, the PDF (110 KB) not.
test_expect_success SMALL,SNAPSHOTS 'some files written, one not: exit 3' '
	test_expect_code 3 pw perfweek-report $C --week 2026-W46 --format text,json,pdf --out "$O"
'
test_expect_success SMALL,SNAPSHOTS 'the message names the final file not written' '
	test_is "$(cat "$SCRATCH/err")" "perfweek-report: cannot write '\''$O/$N.pdf'\'': No space left on device"
'
test_expect_success SMALL,SNAPSHOTS 'the text and the JSON are there, no temporary file' '
	test_is "$(ls -A "$O" | tr "\n" " ")" "$N.json $N.txt "
'
test_expect_success SMALL,SNAPSHOTS 'the run is recorded with the formats written and exit 3' '
	test_is "$(q "SELECT formats, exit_code FROM report_run ORDER BY id DESC LIMIT 1")" "text,json|3"
'

# Nothing fits: exit 1, each file named.
test_expect_success SMALL,SNAPSHOTS 'no file written: exit 1' '
	rm -f "$O"/* &&
	{ dd if=/dev/zero of="$O/filler" bs=4k 2>/dev/null; test -s "$O/filler"; } &&
	test_expect_code 1 pw perfweek-report $C --week 2026-W46 --format text,json --out "$O"
'
test_expect_success SMALL,SNAPSHOTS 'both files not written are named' '
	test_is "$(cat "$SCRATCH/err")" "perfweek-report: cannot write '\''$O/$N.txt'\'': No space left on device
perfweek-report: cannot write '\''$O/$N.json'\'': No space left on device"
'
test_expect_success SMALL,SNAPSHOTS 'no half file and no temporary file' '
	test_is "$(ls -A "$O")" "filler"
'

# A full database: the report is written, its run cannot be recorded.
test_expect_success ROOT,SNAPSHOTS 'the database on a full 512 KB tmpfs' '
	mkdir "$SCRATCH/dbfs" &&
	mount -t tmpfs -o size=512k tmpfs "$SCRATCH/dbfs" &&
	on_exit "umount '\''$SCRATCH/dbfs'\''" &&
	cp "$SCRATCH/perfweek.db" "$SCRATCH/dbfs/p.db" &&
	pw perfweek-collect $C --maintain --db "$SCRATCH/dbfs/p.db" &&	# -wal, -shm
	{ dd if=/dev/zero of="$SCRATCH/dbfs/filler" bs=4k 2>/dev/null; test -s "$SCRATCH/dbfs/filler"; } &&
	test_set_prereq DBFULL
'
test_expect_success DBFULL 'a full database: exit 3' '
	test_expect_code 3 pw perfweek-report $C --db "$SCRATCH/dbfs/p.db" --week 2026-W46 --format json \
		--out "$SCRATCH/out"
'
test_expect_success DBFULL 'a full database: the message says the run was not recorded' '
	test_is "$(cat "$SCRATCH/err")" \
		"perfweek-report: cannot record the report run in '\''$SCRATCH/dbfs/p.db'\'': database or disk is full"
'
test_expect_success DBFULL 'a full database: the report is written' '
	test -s "$SCRATCH/out/$N.json"
'
