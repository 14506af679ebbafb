#!/bin/sh
# Schema version 6: a file of schema version 5 (made from the real
# migrations 1 to 5) is migrated forward by the collector, keeps its
# rows, and gets the week_summary tables with their keys; a week's
# metric rows go with their week_summary row.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"
A="--proc-root $TREES/rates-a/proc --sys-root $TREES/rates-a/sys"
DB=$SCRATCH/perfweek.db

test_expect_success 'a database of schema version 5 with a host' '
	cat "$SRC"/schema/00[1-5]_*.sql >"$SCRATCH/v5.sql" &&
	sqlite3 "$DB" <"$SCRATCH/v5.sql" &&
	sqlite3 "$DB" "PRAGMA user_version = 5; PRAGMA application_id = 1348884324;
		INSERT INTO host(id, name) VALUES (1, '\''old'\'');" &&
	test_is "$(q "PRAGMA user_version")" 5 &&
	test_set_prereq V5
'

test_expect_success V5 'the collector migrates it to the last version' '
	pw perfweek-collect $C $A &&
	test_is "$(q "PRAGMA user_version")" "$(ls "$SRC"/schema/*.sql | wc -l | tr -d " ")" &&
	test_is "$(q "SELECT group_concat(name, '\'' '\'') FROM host ORDER BY id")" "old testhost" &&
	test_set_prereq V6
'

test_expect_success V6 'week_summary: its columns and key' '
	test_is "$(q "SELECT group_concat(name || '\'':'\'' || pk, '\'' '\'') FROM pragma_table_info('\''week_summary'\'')")" \
		"host_id:1 period_start:2 period_end:0 snapshots:0 last_snapshot_id:0 last_ts:0 coverage_pct:0 config_hash:0 computed_at:0"
'

test_expect_success V6 'week_summary_metric: its columns and key' '
	test_is "$(q "SELECT group_concat(name || '\'':'\'' || pk, '\'' '\'') FROM pragma_table_info('\''week_summary_metric'\'')")" \
		"host_id:1 period_start:2 metric:3 device:4 samples:0 avg:0 p50:0 p95:0 p99:0 max:0 warn_minutes:0 crit_minutes:0"
'

test_expect_success V6 'both are empty after migration' '
	test_is "$(q "SELECT (SELECT count(*) FROM week_summary) || '\'' '\'' || (SELECT count(*) FROM week_summary_metric)")" "0 0"
'

test_expect_success V6 'a week'\''s metric rows go with its summary row' '
	sqlite3 "$DB" "PRAGMA foreign_keys = ON;
		INSERT INTO week_summary VALUES (1, 1767571200, 1768176000, 10, 9, 1767571800, 100, '\''x'\'', 1768176000);
		INSERT INTO week_summary_metric VALUES (1, 1767571200, '\''load1'\'', '\'''\'', 10, 0.5, 0.5, 0.9, 0.99, 1, NULL, NULL);
		INSERT INTO week_summary_metric VALUES (1, 1767571200, '\''disk.await_ms'\'', '\''sda'\'', 10, 2, 1, 5, 9, 10, 0, 0);" &&
	test_is "$(q "SELECT count(*) FROM week_summary_metric")" 2 &&
	sqlite3 "$DB" "PRAGMA foreign_keys = ON; DELETE FROM week_summary WHERE host_id = 1" &&
	test_is "$(q "SELECT count(*) FROM week_summary_metric")" 0
'

test_expect_success V6 'a metric row without its week is refused' '
	! sqlite3 "$DB" "PRAGMA foreign_keys = ON;
		INSERT INTO week_summary_metric VALUES (1, 1, '\''load1'\'', '\'''\'', 1, 1, 1, 1, 1, 1, NULL, NULL);" 2>"$SCRATCH/fkerr" &&
	test_like "$(cat "$SCRATCH/fkerr")" "FOREIGN KEY constraint failed"
'
