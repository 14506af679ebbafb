#!/bin/sh
# A reader in the perfweek group, who may read the database and its
# directory but write neither, runs perfweek-report --out DIR: the database
# is opened read-only, the run is not recorded (-vv says so), and the exit
# status is the report's own.  Run as nobody, since root ignores modes.
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
[ "$(id -u)" -eq 0 ] || skip_all "needs root to run as an unprivileged user"
command -v setpriv >/dev/null || skip_all "setpriv is not installed"
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
for t in "10:00:00 rates-a" "10:01:00 rates-b"; do
	FAKETIME="@2026-11-10 ${t% *}" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
		--proc-root "$TREES/${t#* }/proc" --sys-root "$TREES/${t#* }/sys" || exit 1
done
pw perfweek-report $C --week 2026-W46 --out "$S/out" --format json
is "$?" 0 "the owner's report: exit 0, and recorded"
runs() { sqlite3 -readonly "$S/var/perfweek.db" 'SELECT count(*) FROM report_run'; }
is "$(runs)" 1 "one run recorded"
rm -f "$S/out"/*
chmod 755 "$S" "$S/var"
chmod 644 "$S/var/perfweek.db"
chmod 777 "$S/out"
before=$(sha256sum < "$S/var/perfweek.db")
reader() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		$WRAP "$BIN/perfweek-report" "$@" 2>"$S/err"
}

reader $C -vv --week 2026-W46 --out "$S/out" --format json,text
is "$?" 0 "the reader's report: exit 0"
[ -s "$S/out/perfweek-testhost-2026-W46.json" ] && [ -s "$S/out/perfweek-testhost-2026-W46.txt" ]
ok $? "the reader's files are written"
grep -q "^perfweek-report: debug: not recording the report run: '$S/var/perfweek.db' is open read-only$" "$S/err"
ok $? "-vv says the run is not recorded"
is "$(grep -c "cannot\|warning\|error" "$S/err")" 0 "no warning or error"
is "$(sha256sum < "$S/var/perfweek.db")" "$before" "the database is not changed"
is "$(runs)" 1 "still one run recorded"

# The exit status is the report's own: a week without data is NO DATA, 3.
reader $C --week 2026-W40 --stdout >/dev/null
is "$?" 3 "the reader's report of an empty week: exit 3, as the owner's"

# The writers leave the -wal and -shm files in place, with the database's
# mode, since a reader may not create them; while another program holds
# the database open the reader is not disturbed either.
is "$(stat -c %a "$S/var/perfweek.db-shm" "$S/var/perfweek.db-wal" | tr '\n' ' ')" "644 644 " \
	"the -shm and -wal files stay, with the database's mode"
(echo "SELECT count(*) FROM snapshot;"; sleep 3) | sqlite3 "$S/var/perfweek.db" >/dev/null &
holder=$!
sleep 1
reader $C --week 2026-W46 --stdout >/dev/null
is "$?" 0 "the reader's report with the database open elsewhere: exit 0"
is "$(cat "$S/err")" "" "nothing on stderr"
wait $holder


# Without them (a database last closed by another program, as sqlite3 just
# did), the reader is
# told what to do, and the collector's next run puts them back.
rm -f "$S/var/perfweek.db-shm" "$S/var/perfweek.db-wal"
reader $C --week 2026-W46 --stdout >/dev/null
is "$?" 1 "no -wal and -shm files: exit 1"
is "$(cat "$S/err")" "perfweek-report: cannot read '$S/var/perfweek.db': its -wal and -shm files are missing and this user may not create them (run perfweek-collect once: it leaves them in place)" \
	"no -wal and -shm files: the message says what to do"
"$BIN/perfweek-collect" $C --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys"
reader $C --week 2026-W46 --stdout >/dev/null
is "$?" 0 "after a collector run the reader's report works again"

# With [servicenow]: a fetch is stored before it is used, which a reader
# cannot do; the report is made without incidents and says why (exit 3),
# and nothing is sent anywhere.
printf 'secret\n' > "$S/password"; chmod 600 "$S/password"; chown nobody "$S/password"
{ cat "$S/perfweek.conf"; printf '\n[servicenow]\ninstance = http://127.0.0.1:9\nuser = perf\npassword_file = %s/password\n' "$S"; } > "$S/snow.conf"
chmod 644 "$S/snow.conf"
reader -c "$S/snow.conf" --week 2026-W46 --stdout >/dev/null
is "$?" 3 "with [servicenow], read-only: exit 3"
is "$(cat "$S/err")" "perfweek-report: warning: the report has no incidents: not fetched (the database is read-only for this user)" \
	"with [servicenow], read-only: the report says why it has no incidents"
