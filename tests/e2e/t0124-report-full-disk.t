#!/bin/sh
# A full disk under the report: the formats that fit are written, the
# message names the final file that could not be (never the temporary
# one), and the exit status is 3 when some files were written, 1 when none
# was.  A full disk under the database: the report is written, the run
# cannot be recorded, exit 3 with a message.  Small tmpfs mounts (root).
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
[ "$(id -u)" -eq 0 ] || skip_all "a full disk needs root for a small tmpfs"
mkdir "$SCRATCH/small" "$SCRATCH/dbfs"
mount -t tmpfs -o size=64k tmpfs "$SCRATCH/small" 2>/dev/null ||
	skip_all "cannot mount a tmpfs here"
on_exit "umount '$SCRATCH/small'"
export TZ=UTC
write_config
printf '\n[report]\ntimezone = UTC\nmin_coverage_pct = 0\n' >> "$SCRATCH/perfweek.conf"
C="-c $SCRATCH/perfweek.conf"
for t in "10:00:00 rates-a" "10:01:00 rates-b"; do
	FAKETIME="@2026-11-10 ${t% *}" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
		--proc-root "$TREES/${t#* }/proc" --sys-root "$TREES/${t#* }/sys" || exit 1
done
O=$SCRATCH/small
N=perfweek-testhost-2026-W46

# 64 KB: the text (6 KB) and the JSON (26 KB) fit, the PDF (110 KB) not.
pw perfweek-report $C --week 2026-W46 --format text,json,pdf --out "$O"
is "$?" 3 "some files written, one not: exit 3"
is "$(cat "$SCRATCH/err")" "perfweek-report: cannot write '$O/$N.pdf': No space left on device" \
	"the message names the final file not written"
is "$(ls -A "$O" | tr '\n' ' ')" "$N.json $N.txt " "the text and the JSON are there, no temporary file"
is "$(q 'SELECT formats, exit_code FROM report_run ORDER BY id DESC LIMIT 1')" "text,json|3" \
	"the run is recorded with the formats written and exit 3"

# Nothing fits: exit 1, each file named.
rm -f "$O"/*
dd if=/dev/zero of="$O/filler" bs=4k 2>/dev/null
pw perfweek-report $C --week 2026-W46 --format text,json --out "$O"
is "$?" 1 "no file written: exit 1"
is "$(cat "$SCRATCH/err")" "perfweek-report: cannot write '$O/$N.txt': No space left on device
perfweek-report: cannot write '$O/$N.json': No space left on device" \
	"both files not written are named"
is "$(ls -A "$O")" "filler" "no half file and no temporary file"

# A full database: the report is written, its run cannot be recorded.
if mount -t tmpfs -o size=512k tmpfs "$SCRATCH/dbfs" 2>/dev/null; then
	on_exit "umount '$SCRATCH/dbfs'"
	cp "$SCRATCH/perfweek.db" "$SCRATCH/dbfs/p.db"
	pw perfweek-collect $C --maintain --db "$SCRATCH/dbfs/p.db"	# -wal, -shm
	dd if=/dev/zero of="$SCRATCH/dbfs/filler" bs=4k 2>/dev/null
	pw perfweek-report $C --db "$SCRATCH/dbfs/p.db" --week 2026-W46 --format json \
		--out "$SCRATCH/out"
	is "$?" 3 "a full database: exit 3"
	is "$(cat "$SCRATCH/err")" \
		"perfweek-report: cannot record the report run in '$SCRATCH/dbfs/p.db': database or disk is full" \
		"a full database: the message says the run was not recorded"
	[ -s "$SCRATCH/out/$N.json" ]; ok $? "a full database: the report is written"
else
	for i in 1 2 3; do ok 0 "# SKIP cannot mount a tmpfs here"; done
fi
