#!/bin/sh
# The database under attack: a file that is not a database, someone else's
# SQLite file, a read-only database, a locked one, a full disk, and an
# overlapping run.  Each gets a clear message and exit 1; nothing stored is
# ever lost or overwritten.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"
A="--proc-root $TREES/rates-a/proc --sys-root $TREES/rates-a/sys"
B="--proc-root $TREES/rates-b/proc --sys-root $TREES/rates-b/sys"

# Not a database: refused, byte for byte unchanged.
head -c 4096 /dev/urandom > "$SCRATCH/garbage.db"
cp "$SCRATCH/garbage.db" "$SCRATCH/garbage.orig"
pw perfweek-collect $C $A --db "$SCRATCH/garbage.db"; is "$?" 1 "garbage file: exit 1"
like "$(cat "$SCRATCH/err")" "garbage.db': not a perfweek database \(not an SQLite file\)" "garbage file: clear error"
cmp -s "$SCRATCH/garbage.db" "$SCRATCH/garbage.orig"; ok $? "garbage file untouched"

printf 'hello, world\n' > "$SCRATCH/text.db"
pw perfweek-collect $C $A --db "$SCRATCH/text.db"; is "$?" 1 "text file: exit 1"
is "$(cat "$SCRATCH/text.db")" "hello, world" "text file untouched"

sqlite3 "$SCRATCH/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (42);"
pw perfweek-collect $C $A --db "$SCRATCH/other.db"; is "$?" 1 "foreign SQLite database: exit 1"
like "$(cat "$SCRATCH/err")" "other.db': not a perfweek database \(an SQLite database with user_version 0 and no perfweek tables\)" "foreign database: clear error"
is "$(sqlite3 "$SCRATCH/other.db" 'SELECT x FROM t; SELECT count(*) FROM sqlite_master')" \
	"42
1" "foreign database untouched"

# A good database with two snapshots to protect.
pw perfweek-collect $C $A && pw perfweek-collect $C $B
is "$(q 'SELECT count(*) FROM snapshot')" 2 "two snapshots stored"

# Newer schema than this build knows.
cp "$SCRATCH/perfweek.db" "$SCRATCH/newer.db"
sqlite3 "$SCRATCH/newer.db" "PRAGMA user_version = 999"
pw perfweek-collect $C $A --db "$SCRATCH/newer.db"; is "$?" 1 "newer schema: exit 1"
like "$(cat "$SCRATCH/err")" "schema version 999 is newer" "newer schema: clear error"

# Locked: another writer holds a transaction longer than busy_timeout_ms.
sed -i 's/busy_timeout_ms = 2000/busy_timeout_ms = 300/' "$SCRATCH/perfweek.conf"
# The holder keeps its transaction until the collector is done (a program
# under valgrind on a busy machine may take seconds to start).
(echo "BEGIN IMMEDIATE; INSERT INTO meta VALUES (0, 'lock', 'held');"
	while [ ! -e "$SCRATCH/release1" ]; do sleep 0.1; done) |
	sqlite3 "$SCRATCH/perfweek.db" &
holder=$!
sleep 1
pw perfweek-collect $C $B; is "$?" 1 "locked database: exit 1"
like "$(cat "$SCRATCH/err")" "database is locked" "locked database: clear error"
touch "$SCRATCH/release1"
wait $holder
is "$(q 'SELECT count(*) FROM snapshot')" 2 "locked database: nothing half-written"

# An overlapping run: the collector lock is held.
flock "$SCRATCH/perfweek.db.lock" sh -c \
	"while [ ! -e '$SCRATCH/release2' ]; do sleep 0.1; done" &
holder=$!
sleep 0.5
pw perfweek-collect $C $B; is "$?" 1 "overlapping run refused: exit 1"
like "$(cat "$SCRATCH/err")" "another perfweek-collect is still running" "overlapping run: clear error"
touch "$SCRATCH/release2"
wait $holder
pw perfweek-collect $C $B; is "$?" 0 "after the other run ends, collection resumes"
is "$(q 'SELECT count(*) FROM snapshot')" 3 "three snapshots now"

# Read-only for the user the collector runs as.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	chmod 644 "$SCRATCH/perfweek.db"
	chmod 777 "$SCRATCH"	# the lock file can be made, the db not written
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		$WRAP "$BIN/perfweek-collect" $C $B 2>"$SCRATCH/err"
	is "$?" 1 "read-only database: exit 1"
	like "$(cat "$SCRATCH/err")" "readonly database|unable to open|Permission denied" \
		"read-only database: clear error"
	chmod 755 "$SCRATCH"
	is "$(q 'SELECT count(*) FROM snapshot')" 3 "read-only database: unchanged"
else
	ok 0 "# SKIP read-only test needs root and setpriv"
	ok 0 "# SKIP"; ok 0 "# SKIP"
fi

# A full disk: a tiny tmpfs.
mkdir "$SCRATCH/full"
if mount -t tmpfs -o size=400k tmpfs "$SCRATCH/full" 2>/dev/null; then
	on_exit "umount '$SCRATCH/full'"
	# 300 application metrics make each snapshot some 5 KB.
	G=$(seq 1 300 | sed 's/.*/--gauge big.&=&.5/' | tr '\n' ' ')
	n=0
	rc=0
	while [ $n -lt 1000 ]; do
		pw perfweek-collect $C $A --db "$SCRATCH/full/p.db" $G --gauge "n=$n" || { rc=$?; break; }
		n=$((n + 1))
	done
	[ $n -gt 0 ] && [ $n -lt 1000 ]; ok $? "the tiny filesystem fills up after $n snapshots"
	is "$rc" 1 "full disk: exit 1"
	like "$(cat "$SCRATCH/err")" "database or disk is full" "full disk: clear error"
	is "$(sqlite3 "$SCRATCH/full/p.db" 'PRAGMA integrity_check')" ok "full disk: database intact"
	is "$(sqlite3 "$SCRATCH/full/p.db" "SELECT count(*), max(value) FROM v_app_metric WHERE name = 'n'")" "$n|$((n - 1)).0" \
		"full disk: every snapshot stored before is still there"
else
	for i in 1 2 3 4 5; do ok 0 "# SKIP cannot mount a tmpfs here"; done
fi
