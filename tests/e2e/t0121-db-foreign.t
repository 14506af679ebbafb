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

sqlite3 "$S/uv7.db" "PRAGMA user_version = 7"
sqlite3 "$S/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (42)"
sqlite3 "$S/appid.db" "PRAGMA application_id = 1234; CREATE TABLE t(x)"
printf 'hello, world\n' > "$S/text.db"
what_uv7="an SQLite database with user_version 7 and no perfweek tables"
what_other="an SQLite database with user_version 0 and no perfweek tables"
what_appid="application_id 0x000004d2"
what_text="not an SQLite file"

for f in uv7 other appid text; do
	eval "what=\$what_$f"
	before=$(sum "$S/$f.db")
	for run in "perfweek-report --stdout" "perfweek-collect $A" \
		"perfweek-collect --maintain"; do
		prog=${run%% *}
		pw $run $C --db "$S/$f.db" >/dev/null
		is "$?" 1 "$f: $run: exit 1"
		is "$(cat "$S/err")" \
			"$prog: cannot use '$S/$f.db': not a perfweek database ($what)" \
			"$f: $run: the message says what the file is"
		is "$(sum "$S/$f.db")" "$before" "$f: $run: not a byte changed"
	done
	[ ! -e "$S/$f.db-wal" ] && [ ! -e "$S/$f.db-shm" ]
	ok $? "$f: no -wal or -shm file made beside it"
done

# A reader never creates: nothing at the path, or a zero-length file.
pw perfweek-report $C --db "$S/none.db" --stdout >/dev/null
is "$?" 1 "report from a missing database: exit 1"
is "$(cat "$S/err")" \
	"perfweek-report: no perfweek database at '$S/none.db' (perfweek-collect creates it)" \
	"missing database: the message"
[ ! -e "$S/none.db" ]; ok $? "missing database: not created"
: > "$S/empty.db"
pw perfweek-report $C --db "$S/empty.db" --stdout >/dev/null
is "$?" 1 "report from a zero-length file: exit 1"
is "$(cat "$S/err")" \
	"perfweek-report: no perfweek database at '$S/empty.db' (perfweek-collect creates it)" \
	"zero-length file: the message"
is "$(wc -c < "$S/empty.db")" 0 "zero-length file: still zero bytes"
# The collector, which creates the database, may initialise it.
pw perfweek-collect $C $A --db "$S/empty.db"; is "$?" 0 "the collector initialises a zero-length file"
is "$(sqlite3 "$S/empty.db" 'PRAGMA application_id; SELECT count(*) FROM snapshot')" \
	"1348884324
1" "it is a perfweek database with the snapshot"

# An older perfweek schema (the first three migrations).
mkold() {
	cat "$SRC"/schema/001_*.sql "$SRC"/schema/002_*.sql "$SRC"/schema/003_*.sql |
		sqlite3 "$1"
	sqlite3 "$1" "PRAGMA user_version = 3; PRAGMA application_id = 1348884324;
		INSERT INTO host(name) VALUES ('testhost')"
}
new=$(ls "$SRC"/schema/*.sql | wc -l)
mkold "$S/old.db"
chmod 444 "$S/old.db"
before=$(sum "$S/old.db")
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$S"
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		$WRAP "$BIN/perfweek-report" $C --db "$S/old.db" --stdout \
		>/dev/null 2>"$S/err"
	is "$?" 1 "a read-only reader and an older schema: exit 1"
	is "$(cat "$S/err")" \
		"perfweek-report: cannot use '$S/old.db': schema version 3 is older than this perfweek's $new; run perfweek-collect once to migrate" \
		"older schema, read-only: the message says what to do"
	is "$(sum "$S/old.db")" "$before" "older schema, read-only: not a byte changed"
else
	for i in 1 2 3; do ok 0 "# SKIP needs root and setpriv"; done
fi
chmod 644 "$S/old.db"
pw perfweek-report $C --db "$S/old.db" --stdout >/dev/null
is "$?" 3 "a reporter that may write migrates an older schema (a report of no data: 3)"
is "$(sqlite3 "$S/old.db" 'PRAGMA user_version')" "$new" "older schema: migrated forward"
