#!/bin/sh
# Days-to-full forecasts that the data supports: a filesystem filling for
# five minutes gives no forecast ([findings] forecast_min_hours, 24), a
# sawtooth of log rotations gives none (its line explains little: R^2
# under forecast_min_r2, 0.5), and a week of clean linear fill gives one
# with the fit's span and R^2 in the evidence.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
write_config
cat >> "$SCRATCH/perfweek.conf" <<CONF

[report]
timezone = UTC
output_dir = $SCRATCH/reports
CONF
C="-c $SCRATCH/perfweek.conf"
J() {	# J FILE EXPR: a value of the JSON report, printed by Python
	/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}
JS=$SCRATCH/reports/perfweek-testhost-2026-W46.json

test_expect_success FAKETIME 'the database is made by one snapshot' '
	collect_at "2026-11-02 09:00:00" rates-a $C && test_set_prereq DB
'

# 2026-W46 every 300 s.  /data fills linearly from 40 % to 80 % over the
# week (40 / 7 = 5.72 points a day; 20 points left: 3.5 days, WARNING);
# /logs climbs 40 points every 6 hours and is rotated back, on a trend of
# 3 points a day (a sawtooth whose line explains about a fifth); /fast exists only in the last 5 minutes, 50 % to 60 %
# (0.3 days to full at that rate, had it been forecast).
cat >"$SCRATCH/w46.py" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
host = con.execute("SELECT id FROM host WHERE name = 'testhost'").fetchone()[0]
def dev(name):
    con.execute("INSERT INTO device(host_id, kind, name, fstype) VALUES (?, 'filesystem', ?, 'ext4')",
                (host, name))
    return con.execute("SELECT id FROM device WHERE host_id = ? AND name = ?", (host, name)).fetchone()[0]
data, logs, fast = dev("/data"), dev("/logs"), dev("/fast")
t0, n, size = 1794182400, 2016, 1 << 30
for i in range(n):
    ts = t0 + i * 300
    sid = con.execute("INSERT INTO snapshot(host_id, ts, interval_s, boot_time, uptime_s, "
                      "cpu_count, cpu_user_pct, cpu_system_pct, cpu_iowait_pct, cpu_idle_pct, "
                      "mem_total_bytes, mem_available_bytes, mem_used_pct) "
                      "VALUES (?, ?, 300, ?, ?, 2, 20, 0, 0, 80, 8589934592, 4294967296, 50)",
                      (host, ts, t0 - 86400, 86400 + i * 300)).lastrowid
    vals = [(data, 40 + 40 * i / (n - 1)), (logs, 20 + 40 * ((i % 72) / 71) + 3 * i * 300 / 86400)]
    if i >= n - 2:
        vals.append((fast, 50 + 0.6 * (i - (n - 2))))
    for d, pct in vals:
        used = int(size * pct / 100)
        con.execute("INSERT INTO filesystem VALUES (?, ?, ?, ?, ?, ?, 1)",
                    (sid, d, size, used, size - used, pct))
con.commit()
PY
test_expect_success DB '2026-W46 with three filesystems' '
	/usr/bin/python3 "$SCRATCH/w46.py" "$SCRATCH/perfweek.db" && test_set_prereq WEEK
'

FINDINGS="[(f['severity'], f['rule'], f['device']) for f in d['findings']]"
FORECASTS="sorted((f['severity'], f['device']) for f in d['findings'] if f['rule'] == 'fs_days_to_full')"
EVIDENCE="[f['evidence'] for f in d['findings'] if f['device'] == '/DEV'][0]"
test_expect_success WEEK 'report: exit 0' '
	pw perfweek-report $C --week 2026-W46 --format text,json && test_set_prereq REPORT
'
test_expect_success REPORT 'only /data gets a forecast' '
	test_is "$(J "$JS" "$FINDINGS")" "[('\''WARNING'\'', '\''fs_days_to_full'\'', '\''/data'\'')]"
'
test_expect_success REPORT 'the evidence states the rate, the span of the fit and R²' '
	test_is "$(J "$JS" "d[\"findings\"][0][\"evidence\"]")" \
		"80.0 % used and growing 5.72 points a day: full in 3.5 days at this week'\''s rate (a linear fit over 167.9 hours of data, R² 1.00)"
'
test_expect_success REPORT 'the text report shows it, in UTF-8' '
	test_like "$(tr -s "\n " "  " <"$SCRATCH/reports/perfweek-testhost-2026-W46.txt")" "full in 3\.5 days at this week'\''s rate \(a linear fit over 167\.9 hours of data, R² 1\.00\)"
'
test_expect_success REPORT 'the notes say what a forecast needs' '
	test_like "$(J "$JS" "\" \".join(d[\"notes\"])")" "only from at least 24 hours of data \(\[findings\] forecast_min_hours\) and when the line explains the trend, R² at least 0\.5"
'

# The thresholds are configuration: with forecast_min_hours = 0.05 (3 min)
# the five minutes of /fast are forecast, CRITICAL; with forecast_min_r2 = 0
# the sawtooth is forecast too.
test_expect_success WEEK 'loosened: five minutes give '\''full in 0.3 days, CRITICAL'\'', the sawtooth a forecast too' '
	cp "$SCRATCH/perfweek.conf" "$SCRATCH/loose.conf" &&
	printf "\n[findings]\nforecast_min_hours = 0.05\nforecast_min_r2 = 0\n" >>"$SCRATCH/loose.conf" &&
	pw perfweek-report -c "$SCRATCH/loose.conf" --week 2026-W46 --format json &&
	test_set_prereq LOOSE &&
	test_is "$(J "$JS" "$FORECASTS")" \
		"[('\''CRITICAL'\'', '\''/fast'\''), ('\''WARNING'\'', '\''/data'\''), ('\''WARNING'\'', '\''/logs'\'')]"
'
test_expect_success LOOSE 'the evidence shows how little data that was' '
	test_like "$(J "$JS" "$(echo "$EVIDENCE" | sed "s|/DEV|/fast|")")" \
		"full in 0\.3 days at this week'\''s rate \(a linear fit over 0\.1 hours of data, R² 1\.00\)"
'
test_expect_success LOOSE 'the sawtooth'\''s line explains little' '
	test_like "$(J "$JS" "$(echo "$EVIDENCE" | sed "s|/DEV|/logs|")")" "R² 0\.[12][0-9]\)$"
'

test_expect_success 'forecast_min_r2 = 1.5: exit 2' '
	cp "$SCRATCH/perfweek.conf" "$SCRATCH/bad.conf" &&
	printf "\n[findings]\nforecast_min_r2 = 1.5\n" >>"$SCRATCH/bad.conf" &&
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/bad.conf" --check-config >/dev/null
'
test_expect_success 'the error names the file, the line and the key' '
	test_like "$(cat "$SCRATCH/err")" "bad.conf:[0-9]+:.*forecast_min_r2"
'
