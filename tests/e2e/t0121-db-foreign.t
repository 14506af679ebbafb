#!/bin/sh
# A file that is not a perfweek database is never changed, not by a byte:
# each program reads it read-only first and refuses it, saying what it is.
# A reader never creates a database: a missing or zero-length file is
# "no perfweek database" (exit 1) for perfweek-report, while the collector,
# which creates the database, initialises it.  An older perfweek schema is
# migrated by a reporter that may write the file and refused, with what to
# do, by one that may not.
. "$(dirname "$0")/lib.sh"
write_config
cat >> "$SCRATCH/perfweek.conf" <<CONF

[report]
min_coverage_pct = 0
output_dir = $SCRATCH/reports
CONF
C="-c $SCRATCH/perfweek.conf"
A="--proc-root $TREES/rates-a/proc --sys-root $TREES/rates-a/sys"
S=$SCRATCH
sum() { sha256sum "$1" | cut -d' ' -f1; }

command -v setpriv >/dev/null && test_set_prereq SETPRIV

test_expect_success 'four files that are not perfweek databases' '
	sqlite3 "$S/uv7.db" "PRAGMA user_version = 7" &&
	sqlite3 "$S/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (42)" &&
	sqlite3 "$S/appid.db" "PRAGMA application_id = 1234; CREATE TABLE t(x)" &&
	printf "hello, world\n" >"$S/text.db" &&
	test_set_prereq FOREIGN
'
what_uv7="an SQLite database with user_version 7 and no perfweek tables"
what_other="an SQLite database with user_version 0 and no perfweek tables"
what_appid="application_id 0x000004d2"
what_text="not an SQLite file"

for f in uv7 other appid text; do
	eval "what=\$what_$f"
	before=$(sum "$S/$f.db" 2>/dev/null)
	for run in "perfweek-report --stdout" "perfweek-collect $A" \
		"perfweek-collect --maintain"; do
		prog=${run%% *}
		test_expect_success FOREIGN "$f: $run: exit 1" '
			test_expect_code 1 pw $run $C --db "$S/$f.db" >/dev/null
		'
		test_expect_success FOREIGN "$f: $run: the message says what the file is" '
			test_is "$(cat "$S/err")" \
				"$prog: cannot use '\''$S/$f.db'\'': not a perfweek database ($what)"
		'
		test_expect_success FOREIGN "$f: $run: not a byte changed" '
			test_is "$(sum "$S/$f.db")" "$before"
		'
	done
	test_expect_success FOREIGN "$f: no -wal or -shm file made beside it" '
		test ! -e "$S/$f.db-wal" && test ! -e "$S/$f.db-shm"
	'
done

# A reader never creates: nothing at the path, or a zero-length file.
test_expect_success 'report from a missing database: exit 1' '
	test_expect_code 1 pw perfweek-report $C --db "$S/none.db" --stdout >/dev/null
'
test_expect_success 'missing database: the message' '
	test_is "$(cat "$S/err")" \
		"perfweek-report: no perfweek database at '\''$S/none.db'\'' (perfweek-collect creates it)"
'
test_expect_success 'missing database: not created' '
	test ! -e "$S/none.db"
'
test_expect_success 'report from a zero-length file: exit 1' '
	: >"$S/empty.db" &&
	test_expect_code 1 pw perfweek-report $C --db "$S/empty.db" --stdout >/dev/null
'
test_expect_success 'zero-length file: the message' '
	test_is "$(cat "$S/err")" \
		"perfweek-report: no perfweek database at '\''$S/empty.db'\'' (perfweek-collect creates it)"
'
test_expect_success 'zero-length file: still zero bytes' '
	test_is "$(wc -c <"$S/empty.db")" 0
'
# The collector, which creates the database, may initialise it.
test_expect_success 'the collector initialises a zero-length file' '
	pw perfweek-collect $C $A --db "$S/empty.db"
'
test_expect_success 'it is a perfweek database with the snapshot' '
	test_is "$(sqlite3 "$S/empty.db" "PRAGMA application_id; SELECT count(*) FROM snapshot")" \
		"1348884324
1"
'

# An older perfweek schema (the first three migrations).
mkold() {
	cat "$SRC"/schema/001_*.sql "$SRC"/schema/002_*.sql "$SRC"/schema/003_*.sql |
		sqlite3 "$1" &&
	sqlite3 "$1" "PRAGMA user_version = 3; PRAGMA application_id = 1348884324;
		INSERT INTO host(name) VALUES ('testhost')"
}
new=$(ls "$SRC"/schema/*.sql | wc -l)
test_expect_success 'a read-only database of schema version 3' '
	mkold "$S/old.db" &&
	chmod 444 "$S/old.db" &&
	before=$(sum "$S/old.db") &&
	test_set_prereq OLD
'
test_expect_success ROOT,SETPRIV,OLD 'a read-only reader and an older schema: exit 1' '
	chmod 755 "$S" &&
	test_expect_code 1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		$WRAP "$BIN/perfweek-report" $C --db "$S/old.db" --stdout \
		>/dev/null 2>"$S/err"
'
test_expect_success ROOT,SETPRIV,OLD 'older schema, read-only: the message says what to do' '
	test_is "$(cat "$S/err")" \
		"perfweek-report: cannot use '\''$S/old.db'\'': schema version 3 is older than this perfweek'\''s $new; run perfweek-collect once to migrate"
'
test_expect_success ROOT,SETPRIV,OLD 'older schema, read-only: not a byte changed' '
	test_is "$(sum "$S/old.db")" "$before"
'
test_expect_success OLD 'a reporter that may write migrates an older schema (a report of no data: 3)' '
	chmod 644 "$S/old.db" &&
	test_expect_code 3 pw perfweek-report $C --db "$S/old.db" --stdout >/dev/null
'
test_expect_success OLD 'older schema: migrated forward' '
	test_is "$(sqlite3 "$S/old.db" "PRAGMA user_version")" "$new"
'
