#!/bin/sh
# --maintain over 100 days of history made with libfaketime: hourly rollups
# with the right values, raw snapshots past raw_days removed (only once
# rolled up), rollups, health results and ServiceNow fetches past
# rollup_days removed, replaced fetches removed, idempotent re-runs.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
write_config
printf '[retention]\nraw_days = 30\nrollup_days = 730\n' >> "$SCRATCH/perfweek.conf"
C="-c $SCRATCH/perfweek.conf"
A="--proc-root $TREES/rates-a/proc --sys-root $TREES/rates-a/sys"

at() {	# at "YYYY-MM-DD hh:mm:ss" perfweek-collect args...
	when=$1
	shift
	# In a quick run (valgrind) only maintenance runs under the wrapper.
	w=$WRAP
	[ -n "$QUICK" ] && [ "$*" = "${*%--maintain*}" ] && w=
	FAKETIME="@$when" LD_PRELOAD="$FT" $w "$BIN/perfweek-collect" "$@" 2>>"$SCRATCH/err"
}

days=100
test_expect_success FAKETIME "$days snapshots taken on faked days" '
	d=0 && fails=0 &&
	while [ $d -lt $days ]; do
		day=$(date -u -d "2026-01-01 +$d days" +%F) &&
		{ at "$day 10:00:00" $C $A || fails=$((fails + 1)); } &&
		d=$((d + 1)) || return 1
	done &&
	test_is "$fails" 0 &&
	test_set_prereq HISTORY
'
test_expect_success HISTORY 'the faked clock reached the database' '
	test_is "$(q "SELECT date(min(ts), '\''unixepoch'\''), date(max(ts), '\''unixepoch'\''), count(*) FROM snapshot")" \
		"2026-01-01|2026-04-10|100"
'

test_expect_success HISTORY 'maintenance runs' '
	at "2026-04-11 00:00:00" $C --maintain -v && test_set_prereq MAINTAINED
'
test_expect_success MAINTAINED 'maintenance reports what it did' '
	test_like "$(cat "$SCRATCH/err")" "past retention removed: 70 snapshots, 0 rollups, 0 health results, 0 incident fetches"
'
test_expect_success MAINTAINED 'one rollup per hour with data, with the right value' '
	test_is "$(q "SELECT count(*), min(samples), max(samples), min(avg), max(max) FROM rollup_hour WHERE metric = '\''mem_used_pct'\'' AND device = '\'''\''")" \
		"100|1|1|20.0|20.0"
'
test_expect_success MAINTAINED 'metrics that were all NULL (baselines) are not rolled up' '
	test_is "$(q "SELECT count(*) FROM rollup_hour WHERE metric = '\''disk.await_ms'\''")" 0
'
test_expect_success MAINTAINED 'device metrics are rolled up per device' '
	test_is "$(q "SELECT count(DISTINCT device) FROM rollup_hour WHERE metric = '\''filesystem.used_pct'\''")" 1
'
test_expect_success MAINTAINED 'raw snapshots older than raw_days removed' '
	test_is "$(q "SELECT count(*), date(min(ts), '\''unixepoch'\'') FROM snapshot")" "30|2026-03-12"
'
test_expect_success MAINTAINED 'their rows went with them' '
	test_is "$(q "SELECT (SELECT count(*) FROM disk) || '\'','\'' || (SELECT count(*) FROM netif) || '\'','\'' || (SELECT count(*) FROM filesystem)")" \
		"30,60,30"
'
test_expect_success MAINTAINED 'rollup progress recorded' '
	test_is "$(q "SELECT value FROM meta WHERE key = '\''rollup_through'\''")" \
		"$(date -u -d "2026-04-11 00:00:00" +%s)"
'

# A week whose raw snapshots are gone is reported from the rollups.
J="$SCRATCH/rep/perfweek-testhost-2026-W03.json"
ROLLUP_JSON="import json,sys; d=json.load(open(sys.argv[1])); m=[m for s in d['resources'] if s['id'] == 'memory' for m in s['metrics'] if m['id'] == 'mem_used_pct'][0]; print(d['source'], d['coverage']['stored'], m['samples'], m['avg'], 'approximate' in ' '.join(d['notes']))"
test_expect_success MAINTAINED '2026-W03 has no raw snapshot left' '
	test_is "$(q "SELECT count(*) FROM snapshot WHERE ts < strftime('\''%s'\'', '\''2026-01-19'\'')")" 0
'
test_expect_success MAINTAINED 'a report of 2026-W03 from hourly rollups (7 hours: INCOMPLETE, exit 3)' '
	test_expect_code 3 pw perfweek-report -c "$SCRATCH/perfweek.conf" --week 2026-W03 --format json --out "$SCRATCH/rep"
'
test_expect_success MAINTAINED 'source, coverage and values from the rollups, marked approximate' '
	test_is "$(/usr/bin/python3 -c "$ROLLUP_JSON" "$J")" "hourly rollups 7 7 20 True"
'

test_expect_success MAINTAINED 'a second maintenance run' '
	rows=$(q "SELECT count(*) FROM rollup_hour") &&
	at "2026-04-11 00:30:00" $C --maintain
'
test_expect_success MAINTAINED 're-running changes nothing' '
	test_is "$(q "SELECT count(*) FROM rollup_hour")" "$rows"
'

# Health results and incident fetches, as perfweek-probe and
# perfweek-report store them: two checks probed on 2026-01-05 and on
# 2026-03-01; fetches of 2026-W02 (old), two successful fetches of W10 (the
# first replaced by the second), one of W10 with another query (replaced
# by none) and, for W11, a success followed by a failure (the failure
# replaces nothing).
s() { printf "strftime('%%s', '%s')" "$1"; }
FETCHES="INSERT INTO health_check (id, host_id, name, url) VALUES
	(1, 1, 'api', 'https://api.example/health'),
	(2, 1, 'web', 'https://www.example/');
INSERT INTO health_result (check_id, ts, ok) VALUES
	(1, $(s '2026-01-05 10:00'), 1), (2, $(s '2026-01-05 10:00'), 0),
	(1, $(s '2026-03-01 10:00'), 1), (2, $(s '2026-03-01 10:00'), 1);
INSERT INTO snow_fetch (id, host_id, fetched_at, period_start, period_end,
	instance, query, period_query, outcome, pages, demo) VALUES
	(1, 1, $(s '2026-01-12 06:00'), $(s '2026-01-05'), $(s '2026-01-12'), 'https://i', 'q', 'p', 'ok', 1, 0),
	(2, 1, $(s '2026-03-09 06:00'), $(s '2026-03-02'), $(s '2026-03-09'), 'https://i', 'q', 'p', 'ok', 1, 0),
	(3, 1, $(s '2026-03-10 06:00'), $(s '2026-03-02'), $(s '2026-03-09'), 'https://i', 'q', 'p', 'ok', 1, 0),
	(4, 1, $(s '2026-03-16 06:00'), $(s '2026-03-09'), $(s '2026-03-16'), 'https://i', 'q', 'p', 'ok', 1, 0),
	(5, 1, $(s '2026-03-17 06:00'), $(s '2026-03-09'), $(s '2026-03-16'), 'https://i', 'q', 'p', 'failed', 0, 0),
	(6, 1, $(s '2026-03-09 05:00'), $(s '2026-03-02'), $(s '2026-03-09'), 'https://i', 'q2', 'p', 'ok', 1, 0);
INSERT INTO snow_incident (fetch_id, sys_id, number, short_description,
	assignment_group, cmdb_ci, is_open, in_period, raw) VALUES
	(1, 'a', 'INC1', 'x', '', '', 1, 0, '{}'), (1, 'b', 'INC2', 'x', '', '', 1, 0, '{}'),
	(2, 'a', 'INC1', 'x', '', '', 1, 0, '{}'), (3, 'a', 'INC1', 'x', '', '', 1, 0, '{}'),
	(4, 'c', 'INC3', 'x', '', '', 1, 1, '{}');"
test_expect_success MAINTAINED 'health results and fetches stored' '
	q "$FETCHES" && test_set_prereq FETCHES
'

test_expect_success FETCHES 'maintenance with a shorter rollup retention' '
	sed -i "s/^rollup_days = 730\$/rollup_days = 50/" "$SCRATCH/perfweek.conf" &&
	: >"$SCRATCH/err" &&
	at "2026-04-11 01:00:00" $C --maintain -v &&
	test_set_prereq SHORTER
'
test_expect_success SHORTER 'rollups older than rollup_days removed' '
	test_is "$(q "SELECT count(*), date(min(hour_ts), '\''unixepoch'\'') FROM rollup_hour WHERE metric = '\''mem_used_pct'\''")" \
		"50|2026-02-20"
'
test_expect_success SHORTER 'health results older than rollup_days removed, of every check' '
	test_is "$(q "SELECT group_concat(check_id || '\''@'\'' || date(ts, '\''unixepoch'\''), '\'' '\'') FROM (SELECT * FROM health_result ORDER BY check_id)")" \
		"1@2026-03-01 2@2026-03-01"
'
test_expect_success SHORTER 'fetches past rollup_days and a replaced fetch removed' '
	test_is "$(q "SELECT group_concat(id, '\'','\'') FROM (SELECT id FROM snow_fetch ORDER BY id)")" "3,4,5,6"
'
test_expect_success SHORTER 'their incidents went with them' '
	test_is "$(q "SELECT group_concat(fetch_id || sys_id, '\'','\'') FROM (SELECT * FROM snow_incident ORDER BY fetch_id)")" "3a,4c"
'
test_expect_success SHORTER 'and maintenance says so' '
	test_like "$(cat "$SCRATCH/err")" "2 health results, 2 incident fetches"
'
test_expect_success SHORTER 'database intact' '
	test_is "$(q "PRAGMA integrity_check")" ok
'
test_expect_success SHORTER 'space reclaimed (no free pages left)' '
	test_is "$(q "PRAGMA freelist_count")" 0
'

# A damaged database: --maintain checks it first (PRAGMA quick_check),
# says so once with how to recover, exits 1 and changes nothing.
test_expect_success HISTORY 'an intact database passes the check' '
	pw perfweek-collect $C --maintain
'
test_expect_success HISTORY 'the snapshot table'\''s root page damaged' '
	q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
	root=$(q "SELECT rootpage FROM sqlite_schema WHERE name = '\''snapshot'\''") &&
	psize=$(q "PRAGMA page_size") &&
	# the b-tree page type byte of the snapshot table root page: 0x00 is none
	printf "\000" | dd of="$SCRATCH/perfweek.db" bs=1 seek=$(( (root - 1) * psize )) \
		conv=notrunc status=none &&
	sum=$(sha256sum <"$SCRATCH/perfweek.db") &&
	test_set_prereq DAMAGED
'
test_expect_success DAMAGED 'a damaged database: --maintain exits 1' '
	test_expect_code 1 pw perfweek-collect $C --maintain
'
test_expect_success DAMAGED 'one line says it is damaged and how to recover' '
	test_like "$(cat "$SCRATCH/err")" "^perfweek-collect: '\''$SCRATCH/perfweek.db'\'' is damaged \(quick_check: .+\); nothing was changed; stop the collector and recover it with: sqlite3 '\''$SCRATCH/perfweek.db'\'' \.recover \| sqlite3 NEW\.db$"
'
test_expect_success DAMAGED 'and only once' '
	test_is "$(wc -l <"$SCRATCH/err")" 1
'
test_expect_success DAMAGED 'the damaged file is left as it was' '
	test_is "$(sha256sum <"$SCRATCH/perfweek.db")" "$sum"
'
