#!/bin/sh
# A reader in the perfweek group, who may read the database and its
# directory but write neither, runs perfweek-report --out DIR: the database
# is opened read-only, the run is not recorded (-vv says so), and the exit
# status is the report's own.  Run as nobody, since root ignores modes.
. "$(dirname "$0")/lib.sh"
command -v setpriv >/dev/null && test_set_prereq SETPRIV
export TZ=UTC
S=$SCRATCH
mkdir "$S/var" "$S/out"
cat > "$S/perfweek.conf" <<CONF
[general]
database = $S/var/perfweek.db
host = testhost

[report]
timezone = UTC
min_coverage_pct = 0
CONF
C="-c $S/perfweek.conf"
runs() { sqlite3 -readonly "$S/var/perfweek.db" "SELECT count(*) FROM report_run"; }
reader() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		$WRAP "$BIN/perfweek-report" "$@" 2>"$S/err"
}

test_expect_success FAKETIME 'two snapshots on Tuesday 10 November' '
	collect_at "2026-11-10 10:00:00" rates-a $C &&
	collect_at "2026-11-10 10:01:00" rates-b $C &&
	test_set_prereq SNAPSHOTS
'
test_expect_success SNAPSHOTS 'the owner'\''s report: exit 0, and recorded' '
	pw perfweek-report $C --week 2026-W46 --out "$S/out" --format json
'
test_expect_success SNAPSHOTS 'one run recorded' '
	test_is "$(runs)" 1
'
test_expect_success ROOT,SETPRIV,SNAPSHOTS 'the database readable, not writable, by nobody' '
	rm -f "$S/out"/* &&
	chmod 755 "$S" "$S/var" &&
	chmod 644 "$S/var/perfweek.db" &&
	chmod 777 "$S/out" &&
	before=$(sha256sum <"$S/var/perfweek.db") &&
	test_set_prereq READER
'

test_expect_success READER 'the reader'\''s report: exit 0' '
	reader $C -vv --week 2026-W46 --out "$S/out" --format json,text
'
test_expect_success READER 'the reader'\''s files are written' '
	test -s "$S/out/perfweek-testhost-2026-W46.json" &&
	test -s "$S/out/perfweek-testhost-2026-W46.txt"
'
test_expect_success READER '-vv says the run is not recorded' '
	grep -q "^perfweek-report: debug: not recording the report run: '\''$S/var/perfweek.db'\'' is open read-only$" "$S/err"
'
test_expect_success READER 'no warning or error' '
	test_is "$(grep -c "cannot\|warning\|error" "$S/err")" 0
'
test_expect_success READER 'the database is not changed' '
	test_is "$(sha256sum <"$S/var/perfweek.db")" "$before"
'
test_expect_success READER 'still one run recorded' '
	test_is "$(runs)" 1
'

# The exit status is the report's own: a week without data is NO DATA, 3.
test_expect_success READER 'the reader'\''s report of an empty week: exit 3, as the owner'\''s' '
	test_expect_code 3 reader $C --week 2026-W40 --stdout >/dev/null
'

# The writers leave the -wal and -shm files in place, with the database's
# mode, since a reader may not create them; while another program holds
# the database open the reader is not disturbed either.
test_expect_success READER 'the -shm and -wal files stay, with the database'\''s mode' '
	test_is "$(stat -c %a "$S/var/perfweek.db-shm" "$S/var/perfweek.db-wal" | tr "\n" " ")" "644 644 "
'
test_expect_success READER 'the reader'\''s report with the database open elsewhere: exit 0' '
	{ (echo "SELECT count(*) FROM snapshot;"; sleep 3) | sqlite3 "$S/var/perfweek.db" >/dev/null & } &&
	holder=$! &&
	sleep 1 &&
	reader $C --week 2026-W46 --stdout >/dev/null
'
test_expect_success READER 'nothing on stderr' '
	test_is "$(cat "$S/err")" "" &&
	wait $holder
'

# Without them (a database last closed by another program, as sqlite3 just
# did), the reader is
# told what to do, and the collector's next run puts them back.
test_expect_success READER 'no -wal and -shm files: exit 1' '
	rm -f "$S/var/perfweek.db-shm" "$S/var/perfweek.db-wal" &&
	test_expect_code 1 reader $C --week 2026-W46 --stdout >/dev/null
'
test_expect_success READER 'no -wal and -shm files: the message says what to do' '
	test_is "$(cat "$S/err")" "perfweek-report: cannot read '\''$S/var/perfweek.db'\'': its -wal and -shm files are missing and this user may not create them (run perfweek-collect once: it leaves them in place)"
'
test_expect_success READER 'after a collector run the reader'\''s report works again' '
	"$BIN/perfweek-collect" $C --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
	reader $C --week 2026-W46 --stdout >/dev/null
'

# With [servicenow]: a fetch is stored before it is used, which a reader
# cannot do; the report is made without incidents and says why (exit 3),
# and nothing is sent anywhere.
test_expect_success READER 'with [servicenow], read-only: exit 3' '
	printf "secret\n" >"$S/password" && chmod 600 "$S/password" && chown nobody "$S/password" &&
	{ cat "$S/perfweek.conf" &&
		printf "\n[servicenow]\ninstance = http://127.0.0.1:9\nuser = perf\npassword_file = %s/password\n" "$S"; } >"$S/snow.conf" &&
	chmod 644 "$S/snow.conf" &&
	test_expect_code 3 reader -c "$S/snow.conf" --week 2026-W46 --stdout >/dev/null
'
test_expect_success READER 'with [servicenow], read-only: the report says why it has no incidents' '
	test_is "$(cat "$S/err")" "perfweek-report: warning: the report has no incidents: not fetched (the database is read-only for this user)"
'
