#!/bin/sh
# The fleet's configuration and options: [fleet] and [fleet "GROUP"]
# refused with FILE:LINE and exit 2, the options that exclude each
# other, and [fleet] databases as globs: the files they match, a pattern
# that matches nothing, a file that is no database (its hosts are
# missing: exit 3, the others reported).
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/e2e/lib-fleet.sh"
export TZ=UTC
C=$SCRATCH/t.conf

# refused CONF-TEXT MESSAGE: --check-config exits 2 saying MESSAGE
refused() {
	printf "$1" >"$C" &&
	test_expect_code 2 pw perfweek-report -c "$C" --check-config 2>"$SCRATCH/err" &&
	test_is "$(cat "$SCRATCH/err")" "$2"
}
test_expect_success 'a group name with a space' '
	refused "[fleet \"bad name\"]\nhosts = a\n" \
		"$C:1: bad section [fleet \"bad name\"]: write [fleet \"GROUP\"], GROUP of letters, digits, '"'"'.'"'"', '"'"'_'"'"' or '"'"'-'"'"', at most 63 characters"
'
test_expect_success 'a group without hosts' '
	refused "[report]\ntimezone = UTC\n\n[fleet \"web\"]\nto = a@example.org\n" \
		"$C:4: [fleet \"web\"] has no hosts (hosts = web-*, db-1)"
'
test_expect_success 'a group given twice' '
	refused "[fleet \"web\"]\nhosts = w*\n[fleet \"web\"]\nhosts = x\n" \
		"$C:3: section [fleet \"web\"] given twice (first at line 1)"
'
test_expect_success 'a key given twice in a group' '
	refused "[fleet \"web\"]\nhosts = w*\nhosts = x\n" \
		"$C:3: '"'"'hosts'"'"' given twice in [fleet \"web\"] (first at line 2)"
'
test_expect_success 'an unknown key of [fleet], a limit out of range, [fleet] twice' '
	refused "[fleet]\nfoo = 1\n" "$C:2: unknown key '"'"'foo'"'"' in [fleet]" &&
	refused "[fleet]\nunderused_cpu_pct = 200\n" \
		"$C:2: underused_cpu_pct must be a number from 0 to 100, not '"'"'200'"'"'" &&
	refused "[fleet]\nunderused_mem_pct = 30\n[fleet]\n" \
		"$C:3: section [fleet] given twice (first at line 1)"
'
test_expect_success 'a recipient that is not a plain address' '
	refused "[fleet \"web\"]\nhosts = w*\nto = nobody\n" \
		"$C:1: [fleet \"web\"] to: '"'"'nobody'"'"' is not a plain address"
'
test_expect_success 'the options that exclude or need each other' '
	test_expect_code 2 pw perfweek-report --fleet --host x 2>"$SCRATCH/err" &&
	test_is "$(head -1 "$SCRATCH/err")" "perfweek-report: --host and --fleet exclude each other" &&
	test_expect_code 2 pw perfweek-report --per-host 2>"$SCRATCH/err" &&
	test_is "$(head -1 "$SCRATCH/err")" "perfweek-report: --per-host needs --fleet" &&
	test_expect_code 2 pw perfweek-report --db a.db --db b.db 2>"$SCRATCH/err" &&
	test_is "$(head -1 "$SCRATCH/err")" "perfweek-report: --db given twice: several databases need --fleet"
'
test_expect_success FAKETIME 'a central directory: copies of two hosts'"'"' files' '
	mkdir -p "$SCRATCH/in" "$SCRATCH/srv" &&
	fleet_one "$SCRATCH/in/web-2.db" web-2 "2026-11-09 00:00" 168 quiet &&
	fleet_one "$SCRATCH/in/idle-1.db" idle-1 "2026-11-09 00:00" 168 quiet &&
	sqlite3 "$SCRATCH/in/web-2.db" ".backup $SCRATCH/srv/web-2.db" &&
	sqlite3 "$SCRATCH/in/idle-1.db" ".backup $SCRATCH/srv/idle-1.db" &&
	test_set_prereq DIR
'
JS=$SCRATCH/out/perfweek-fleet-2026-W46.json
J() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$JS"; }
test_expect_success DIR '[fleet] databases: a glob, its files in order' '
	fleet_config "$C" "\n[fleet]\ndatabases = $SCRATCH/srv/*.db\n" &&
	pw perfweek-report -c "$C" --fleet --week 2026-W46 --format json &&
	test_is "$(J "[(h[\"host\"], h[\"source\"]) for h in d[\"hosts\"]]")" \
		"[('"'"'idle-1'"'"', '"'"'$SCRATCH/srv/idle-1.db'"'"'), ('"'"'web-2'"'"', '"'"'$SCRATCH/srv/web-2.db'"'"')]"
'
test_expect_success DIR 'worker processes: the same bytes with [fleet] jobs = 1 and 2' '
	fleet_config "$C" "\n[fleet]\ndatabases = $SCRATCH/srv/*.db\njobs = 1\n" &&
	pw perfweek-report -c "$C" --fleet --week 2026-W46 --format json,text &&
	cp "$JS" "$SCRATCH/one.json" &&
	fleet_config "$C" "\n[fleet]\ndatabases = $SCRATCH/srv/*.db\njobs = 2\n" &&
	pw perfweek-report -c "$C" --fleet --week 2026-W46 --format json,text &&
	cmp "$SCRATCH/one.json" "$JS"
'
test_expect_success DIR 'a host in two files: the first file'"'"'s, a warning names both' '
	cp "$SCRATCH/srv/web-2.db" "$SCRATCH/srv/zz.db" &&
	fleet_config "$C" "\n[fleet]\ndatabases = $SCRATCH/srv/*.db\njobs = 2\n" &&
	pw perfweek-report -c "$C" --fleet --week 2026-W46 --format json 2>"$SCRATCH/err" &&
	test_is "$(cat "$SCRATCH/err")" "perfweek-report: warning: host '"'"'web-2'"'"' is in '"'"'$SCRATCH/srv/web-2.db'"'"' and '"'"'$SCRATCH/srv/zz.db'"'"': the first is used" &&
	test_is "$(J "d[\"hosts_total\"], [h[\"source\"] for h in d[\"hosts\"] if h[\"host\"] == \"web-2\"]")" \
		"2 ['"'"'$SCRATCH/srv/web-2.db'"'"']" &&
	rm "$SCRATCH/srv/zz.db"
'
test_expect_success DIR 'a glob that matches nothing: exit 2' '
	fleet_config "$C" "\n[fleet]\ndatabases = $SCRATCH/none/*.db\n" &&
	test_expect_code 2 pw perfweek-report -c "$C" --fleet --week 2026-W46 --format json 2>"$SCRATCH/err" &&
	grep -qx "perfweek-report: \[fleet\] databases: no database matches '"'"'$SCRATCH/none/\*.db'"'"'" "$SCRATCH/err"
'
test_expect_success DIR 'a file that is no database: exit 3, the other hosts reported' '
	echo "not a database" >"$SCRATCH/srv/broken.db" &&
	fleet_config "$C" "\n[fleet]\ndatabases = $SCRATCH/srv/*.db\n" &&
	test_expect_code 3 pw perfweek-report -c "$C" --fleet --week 2026-W46 --format json 2>"$SCRATCH/err" &&
	grep -q "broken.db" "$SCRATCH/err" &&
	test_is "$(J "d[\"hosts_total\"], d[\"status_counts\"][\"OK\"]")" "2 2"
'
test_expect_success DIR 'group_by needs a source that labels its hosts' '
	fleet_config "$C" "\n[fleet]\ngroup_by = team\n" &&
	test_expect_code 2 pw perfweek-report -c "$C" --fleet --db "$SCRATCH/srv/web-2.db" --week 2026-W46 2>"$SCRATCH/err" &&
	test_is "$(cat "$SCRATCH/err")" "perfweek-report: [fleet] group_by = '"'"'team'"'"' needs a source that labels its hosts; with SQLite files use [fleet \"GROUP\"] sections with hosts"
'
