#!/bin/sh
# demo.sh - what "make demo" runs: a simulated week of history, made through
# the real collector and schema by tests/simweek.py (a daily pattern, a
# saturation episode, a reboot, a filling disk; labelled as simulated in the
# report), then the weekly report of it, as cron would mail it, and where
# the files went.  Needs no configuration.
set -eu
bin=${1:-bin}
dir=build/demo
rm -rf "$dir"
mkdir -p "$dir/reports" "$dir/fs"

# Last week's Monday (UTC), and its ISO week.
ago=$(date -u -d '7 days ago' +%F)
monday=$(date -u -d "$ago -$(( $(date -u -d "$ago" +%u) - 1 )) days" +%F)
week=$(date -u -d "$monday" +%G-W%V)

echo "== perfweek-collect, driven by tests/simweek.py: a simulated week $week"
echo "   (5-minute snapshots of a 4-CPU host; a filling disk needs root for a tmpfs)"
/usr/bin/python3 tests/simweek.py --bin "$bin" --db "$dir/perfweek.db" \
	--start "$monday 00:00" --hours 168 --step-s 300 --scenario demo \
	--fs-dir "$PWD/$dir/fs" 2>&1 | sed 's/^/   /'

printf '[report]\ntimezone = UTC\noutput_dir = %s/reports\n' "$PWD/$dir" > "$dir/perfweek.conf"
echo
echo "== perfweek-report --week $week --stdout (what cron mails on Monday)"
echo
rc=0
"$bin/perfweek-report" -c "$dir/perfweek.conf" --db "$dir/perfweek.db" \
	--host demo-host --week "$week" --stdout --format text,json,pdf || rc=$?
echo
echo "== exit status $rc; the report files:"
ls -l "$dir/reports" | sed -n 's/^.* \([0-9][0-9]*\) [A-Z][a-z][a-z] .* \(perfweek-.*\)$/   \2 (\1 bytes)/p'
echo "   under $dir/reports; the database is $dir/perfweek.db (docs/schema.md has queries)."
