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

command -v setpriv >/dev/null && test_set_prereq SETPRIV

# Not a database: refused, byte for byte unchanged.
test_expect_success 'garbage file: exit 1' '
	head -c 4096 /dev/urandom >"$SCRATCH/garbage.db" &&
	cp "$SCRATCH/garbage.db" "$SCRATCH/garbage.orig" &&
	test_set_prereq GARBAGE &&
	test_expect_code 1 pw perfweek-collect $C $A --db "$SCRATCH/garbage.db"
'
test_expect_success GARBAGE 'garbage file: clear error' '
	test_like "$(cat "$SCRATCH/err")" "garbage.db'\'': not a perfweek database \(not an SQLite file\)"
'
test_expect_success GARBAGE 'garbage file untouched' '
	cmp "$SCRATCH/garbage.db" "$SCRATCH/garbage.orig"
'

test_expect_success 'text file: exit 1' '
	printf "hello, world\n" >"$SCRATCH/text.db" &&
	test_set_prereq TEXT &&
	test_expect_code 1 pw perfweek-collect $C $A --db "$SCRATCH/text.db"
'
test_expect_success TEXT 'text file untouched' '
	test_is "$(cat "$SCRATCH/text.db")" "hello, world"
'

test_expect_success 'foreign SQLite database: exit 1' '
	sqlite3 "$SCRATCH/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (42);" &&
	test_set_prereq OTHER &&
	test_expect_code 1 pw perfweek-collect $C $A --db "$SCRATCH/other.db"
'
test_expect_success OTHER 'foreign database: clear error' '
	test_like "$(cat "$SCRATCH/err")" "other.db'\'': not a perfweek database \(an SQLite database with user_version 0 and no perfweek tables\)"
'
test_expect_success OTHER 'foreign database untouched' '
	test_is "$(sqlite3 "$SCRATCH/other.db" "SELECT x FROM t; SELECT count(*) FROM sqlite_master")" "42
1"
'

# A good database with two snapshots to protect.
test_expect_success 'two snapshots stored' '
	pw perfweek-collect $C $A && pw perfweek-collect $C $B &&
	test_is "$(q "SELECT count(*) FROM snapshot")" 2 &&
	test_set_prereq DB
'

# Newer schema than this build knows.
test_expect_success DB 'newer schema: exit 1' '
	cp "$SCRATCH/perfweek.db" "$SCRATCH/newer.db" &&
	sqlite3 "$SCRATCH/newer.db" "PRAGMA user_version = 999" &&
	test_expect_code 1 pw perfweek-collect $C $A --db "$SCRATCH/newer.db"
'
test_expect_success DB 'newer schema: clear error' '
	test_like "$(cat "$SCRATCH/err")" "schema version 999 is newer"
'

# Locked: another writer holds a transaction longer than busy_timeout_ms.
# The holder keeps its transaction until the collector is done (a program
# under valgrind on a busy machine may take seconds to start).
test_expect_success DB 'another writer holds a transaction' '
	sed -i "s/busy_timeout_ms = 2000/busy_timeout_ms = 300/" "$SCRATCH/perfweek.conf" &&
	{ (echo "BEGIN IMMEDIATE; INSERT INTO meta VALUES (0, '\''lock'\'', '\''held'\'');"
		while [ ! -e "$SCRATCH/release1" ]; do sleep 0.1; done) |
		sqlite3 "$SCRATCH/perfweek.db" & } &&
	holder=$! &&
	sleep 1 &&
	test_set_prereq LOCKED
'
test_expect_success LOCKED 'locked database: exit 1' '
	test_expect_code 1 pw perfweek-collect $C $B
'
test_expect_success LOCKED 'locked database: clear error' '
	test_like "$(cat "$SCRATCH/err")" "database is locked"
'
test_expect_success LOCKED 'locked database: nothing half-written' '
	touch "$SCRATCH/release1" &&
	wait $holder &&
	test_is "$(q "SELECT count(*) FROM snapshot")" 2
'

# An overlapping run: the collector lock is held.
test_expect_success DB 'another run holds the collector lock' '
	{ flock "$SCRATCH/perfweek.db.lock" sh -c \
		"while [ ! -e '\''$SCRATCH/release2'\'' ]; do sleep 0.1; done" & } &&
	holder=$! &&
	sleep 0.5 &&
	test_set_prereq FLOCKED
'
test_expect_success FLOCKED 'overlapping run refused: exit 1' '
	test_expect_code 1 pw perfweek-collect $C $B
'
test_expect_success FLOCKED 'overlapping run: clear error' '
	test_like "$(cat "$SCRATCH/err")" "another perfweek-collect is still running"
'
test_expect_success FLOCKED 'after the other run ends, collection resumes' '
	touch "$SCRATCH/release2" &&
	wait $holder &&
	pw perfweek-collect $C $B
'
test_expect_success FLOCKED 'three snapshots now' '
	test_is "$(q "SELECT count(*) FROM snapshot")" 3
'

# Read-only for the user the collector runs as.
test_expect_success ROOT,SETPRIV,DB 'read-only database: exit 1' '
	chmod 644 "$SCRATCH/perfweek.db" &&
	chmod 777 "$SCRATCH" &&	# the lock file can be made, the db not written
	test_expect_code 1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		$WRAP "$BIN/perfweek-collect" $C $B 2>"$SCRATCH/err"
'
test_expect_success ROOT,SETPRIV,DB 'read-only database: clear error' '
	test_like "$(cat "$SCRATCH/err")" "readonly database|unable to open|Permission denied"
'
test_expect_success ROOT,SETPRIV,DB 'read-only database: unchanged' '
	chmod 755 "$SCRATCH" &&
	test_is "$(q "SELECT count(*) FROM snapshot")" 3
'

# A full disk: a tiny tmpfs.
test_expect_success ROOT 'a tiny tmpfs' '
	mkdir "$SCRATCH/full" &&
	mount -t tmpfs -o size=400k tmpfs "$SCRATCH/full" &&
	on_exit "umount '\''$SCRATCH/full'\''" &&
	test_set_prereq TMPFS
'
# 300 application metrics make each snapshot some 5 KB.
test_expect_success TMPFS 'the tiny filesystem fills up after some snapshots' '
	G=$(seq 1 300 | sed "s/.*/--gauge big.&=&.5/" | tr "\n" " ") &&
	n=0 && rc=0 &&
	while [ $n -lt 1000 ]; do
		pw perfweek-collect $C $A --db "$SCRATCH/full/p.db" $G --gauge "n=$n" || { rc=$?; break; }
		n=$((n + 1))
	done &&
	echo "$n snapshots" &&
	[ $n -gt 0 ] && [ $n -lt 1000 ]
'
test_expect_success TMPFS 'full disk: exit 1' '
	test_is "$rc" 1
'
test_expect_success TMPFS 'full disk: clear error' '
	test_like "$(cat "$SCRATCH/err")" "database or disk is full"
'
test_expect_success TMPFS 'full disk: database intact' '
	test_is "$(sqlite3 "$SCRATCH/full/p.db" "PRAGMA integrity_check")" ok
'
test_expect_success TMPFS 'full disk: every snapshot stored before is still there' '
	test_is "$(sqlite3 "$SCRATCH/full/p.db" "SELECT count(*), max(value) FROM v_app_metric WHERE name = '\''n'\''")" "$n|$((n - 1)).0"
'
