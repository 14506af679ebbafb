#!/bin/sh
# Gaps are runs of missed snapshots, as long as the missing time; a
# finding's window is as long as the snapshots it covers, never "0 min".
# Snapshots every 16 minutes through the real collector (rates-a and
# rates-b in turn), two of them missed.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
write_config
cat >>"$SCRATCH/perfweek.conf" <<CONF

[report]
timezone = UTC
output_dir = $SCRATCH/out
min_coverage_pct = 0
CONF
C="-c $SCRATCH/perfweek.conf"
# J EXPR: EXPR of the JSON report d ($JS), printed by Python.
J() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$JS"; }
G="d['coverage']['gaps'][0]"
F="[f for f in d['findings'] if f['rule'] == 'fs_used'][0]"
# The last snapshot's /srv at 97 % (fs_used is judged on the latest value).
SRV="INSERT INTO device(host_id, kind, name, fstype)
	SELECT id, 'filesystem', '/srv', 'ext4' FROM host;
     INSERT INTO filesystem SELECT (SELECT max(id) FROM snapshot), d.id,
	1000, 970, 30, 97, 1 FROM device d WHERE d.name = '/srv';"

# 10:00 10:16 10:32 (10:48 11:04 missed) 11:20 11:36; the kernel's uptime
# clock, which interval_s is measured on, moves with them.
test_expect_success FAKETIME 'five snapshots, two missed' '
	cp -r "$TREES/rates-a" "$SCRATCH/tree" &&
	for m in 0 16 32 80 96; do
		ts=$((1794304800 + m * 60)) &&
		printf "%d.00 0.00\n" $((1000 + m * 60)) >"$SCRATCH/tree/proc/uptime" &&
		FAKETIME="@$(date -u -d "@$ts" "+%Y-%m-%d %H:%M:%S")" LD_PRELOAD="$FT" \
			"$BIN/perfweek-collect" $C --proc-root "$SCRATCH/tree/proc" \
			--sys-root "$SCRATCH/tree/sys" || return 1
	done &&
	test "$(q "SELECT count(*) FROM snapshot")" = 5 &&
	q "$SRV" &&
	test_set_prereq SNAPSHOTS
'

test_expect_success SNAPSHOTS 'the report: exit 0' '
	pw perfweek-report $C --from 2026-11-10T10:00 --to 2026-11-10T11:52 \
		--format text,json &&
	JS=$(ls "$SCRATCH"/out/*.json) && TX=$(ls "$SCRATCH"/out/*.txt) &&
	test_set_prereq REPORT
'

test_expect_success REPORT 'one gap, of 32 minutes, at a 16-minute interval' '
	test "$(J "d[\"coverage\"][\"interval_s\"], d[\"coverage\"][\"gap_count\"], d[\"coverage\"][\"gap_minutes\"]")" = "960 1 32"
'

test_expect_success REPORT 'from the first missed snapshot (10:48) to the next stored one: 2 missed, 32 min' '
	test "$(J "$G[\"start\"], $G[\"end\"], $G[\"missed\"], $G[\"minutes\"]")" = \
		"Tue 2026-11-10 10:48 UTC Tue 2026-11-10 11:20 UTC 2 32"
'

test_expect_success REPORT 'the text lists it' '
	grep -qxF "  gap Tue 2026-11-10 10:48 UTC - Tue 2026-11-10 11:20 UTC: 32 min, 2 missed" "$TX"
'

test_expect_success REPORT "a finding on the latest snapshot spans that snapshot's 16 minutes" '
	test "$(J "$F[\"severity\"], $F[\"when\"][\"start\"], $F[\"when\"][\"end\"], $F[\"when\"][\"minutes\"]")" = \
		"CRITICAL Tue 2026-11-10 11:20 UTC Tue 2026-11-10 11:36 UTC 16"
'

test_expect_success REPORT "no '(0 min)' window in the text" '
	test -s "$TX" && ! grep -qF "(0 min)" "$TX"
'
