#!/bin/sh
# A sustained finding lists every episode that qualified, not only the
# longest: in the JSON (episodes, episode_count, episode_minutes), the
# evidence, the text and the PDF's findings table.  Tuesday of 2026-W46 at
# one-minute snapshots: CPU busy 97 % for 40 min from 09:00, 60 min from
# 14:00, 30 min from 20:00, and 10 min from 22:00 (shorter than the
# rule's 30 minutes: no episode); 20 % otherwise.
. "$(dirname "$0")/lib.sh"
command -v pdftotext >/dev/null && test_set_prereq PDFTOTEXT
export TZ=UTC
write_config
cat >>"$SCRATCH/perfweek.conf" <<CONF

[report]
timezone = UTC
output_dir = $SCRATCH/out
CONF
C="-c $SCRATCH/perfweek.conf"
J() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
cat >"$SCRATCH/tuesday.py" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
host = con.execute("SELECT id FROM host WHERE name = 'testhost'").fetchone()[0]
t0 = 1794268800  # Tue 2026-11-10 00:00 UTC
hot = [(9 * 60, 40), (14 * 60, 60), (20 * 60, 30), (22 * 60, 10)]
for i in range(1, 24 * 60 + 1):
    busy = 97 if any(s < i <= s + n for s, n in hot) else 20
    con.execute("INSERT INTO snapshot(host_id, ts, interval_s, boot_time, uptime_s, "
                "cpu_count, cpu_user_pct, cpu_system_pct, cpu_iowait_pct, cpu_idle_pct, "
                "mem_total_bytes, mem_available_bytes, mem_used_pct) "
                "VALUES (?, ?, 60, ?, ?, 2, ?, 0, 0, ?, 8589934592, 4294967296, 50)",
                (host, t0 + i * 60, t0 - 86400, 86400 + i * 60, busy, 100 - busy))
con.commit()
PY
F="[f for f in d['findings'] if f['rule'] == 'cpu_busy'][0]"
EPISODES="' '.join('%s/%d/%g' % (e['start'][4:], e['minutes'], e['peak']) for e in $F['episodes'])"

test_expect_success FAKETIME 'the database is made by one snapshot' '
	collect_at "2026-11-09 23:59:00" rates-a $C && test_set_prereq DB
'
test_expect_success DB 'Tuesday'\''s snapshots' '
	/usr/bin/python3 "$SCRATCH/tuesday.py" "$SCRATCH/perfweek.db" && test_set_prereq TUESDAY
'
test_expect_success TUESDAY 'the report: exit 0' '
	pw perfweek-report $C --from 2026-11-10 --to 2026-11-11 --format text,json,pdf &&
	JS=$(ls "$SCRATCH"/out/*.json) && TX=$(ls "$SCRATCH"/out/*.txt) && PDF=$(ls "$SCRATCH"/out/*.pdf) &&
	test_set_prereq REPORT
'
test_expect_success REPORT 'three episodes of 40, 60 and 30 min; the 10-minute one is too short' '
	test_is "$(J "$JS" "$F[\"severity\"], $F[\"episode_count\"], $F[\"episode_minutes\"]")" "CRITICAL 3 130"
'
test_expect_success REPORT 'each episode with its start, minutes and peak' '
	test_is "$(J "$JS" "$EPISODES")" \
		"2026-11-10 09:00 UTC/40/97 2026-11-10 14:00 UTC/60/97 2026-11-10 20:00 UTC/30/97"
'
test_expect_success REPORT 'when is still the longest' '
	test_is "$(J "$JS" "$F[\"when\"][\"start\"], $F[\"when\"][\"minutes\"]")" "Tue 2026-11-10 14:00 UTC 60"
'
test_expect_success REPORT 'the evidence counts them' '
	test_like "$(J "$JS" "$F[\"evidence\"]")" "^CPU busy at or above 95% in 3 episodes, 130 min in all; longest Tue 14:00-15:00, 60 min in a row; "
'
test_expect_success REPORT 'the text lists them' '
	test_like "$(cat "$TX")" "Episodes: 3 in all: Tue 2026-11-10 09:00 UTC \(40 min\), Tue"
'
test_expect_success REPORT,PDFTOTEXT 'and the PDF'\''s findings table' '
	pdftotext -raw "$PDF" - 2>/dev/null | tr "\n" " " >"$SCRATCH/p.txt" &&
	test_like "$(cat "$SCRATCH/p.txt")" "3 episodes, 130 min: Tue 2026-11-10 09:00 UTC \(40 min\)"
'
