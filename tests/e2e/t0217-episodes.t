#!/bin/sh
# A sustained finding lists every episode that qualified, not only the
# longest: in the JSON (episodes, episode_count, episode_minutes), the
# evidence, the text and the PDF's findings table.  Tuesday of 2026-W46 at
# one-minute snapshots: CPU busy 97 % for 40 min from 09:00, 60 min from
# 14:00, 30 min from 20:00, and 10 min from 22:00 (shorter than the
# rule's 30 minutes: no episode); 20 % otherwise.
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
export TZ=UTC
write_config
cat >>"$SCRATCH/perfweek.conf" <<CONF

[report]
timezone = UTC
output_dir = $SCRATCH/out
CONF
C="-c $SCRATCH/perfweek.conf"
J() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
FAKETIME="@2026-11-09 23:59:00" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
	--proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys"
ok $? "the database is made by one snapshot"
/usr/bin/python3 - "$SCRATCH/perfweek.db" <<'PY'
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
ok $? "Tuesday's snapshots"
pw perfweek-report $C --from 2026-11-10 --to 2026-11-11 --format text,json,pdf
is "$?" 0 "the report: exit 0"
JS=$(ls "$SCRATCH"/out/*.json); TX=$(ls "$SCRATCH"/out/*.txt); PDF=$(ls "$SCRATCH"/out/*.pdf)
F="[f for f in d['findings'] if f['rule'] == 'cpu_busy'][0]"
is "$(J "$JS" "$F['severity'], $F['episode_count'], $F['episode_minutes']")" "CRITICAL 3 130" \
	"three episodes of 40, 60 and 30 min; the 10-minute one is too short"
is "$(J "$JS" "' '.join('%s/%d/%g' % (e['start'][4:], e['minutes'], e['peak']) for e in $F['episodes'])")" \
	"2026-11-10 09:00 UTC/40/97 2026-11-10 14:00 UTC/60/97 2026-11-10 20:00 UTC/30/97" \
	"each episode with its start, minutes and peak"
is "$(J "$JS" "$F['when']['start'], $F['when']['minutes']")" "Tue 2026-11-10 14:00 UTC 60" \
	"when is still the longest"
like "$(J "$JS" "$F['evidence']")" "^CPU busy at or above 95% in 3 episodes, 130 min in all; longest Tue 14:00-15:00, 60 min in a row; " \
	"the evidence counts them"
like "$(cat "$TX")" "Episodes: 3 in all: Tue 2026-11-10 09:00 UTC \(40 min\), Tue" \
	"the text lists them"
if command -v pdftotext >/dev/null; then
	pdftotext -raw "$PDF" - 2>/dev/null | tr '\n' ' ' >"$SCRATCH/p.txt"
	like "$(cat "$SCRATCH/p.txt")" "3 episodes, 130 min: Tue 2026-11-10 09:00 UTC \(40 min\)" \
		"and the PDF's findings table"
fi
