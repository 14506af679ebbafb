#!/bin/sh
# bench/history.sh - what the earlier weeks cost a Monday report: the same
# 1-minute week (10,080 snapshots, 4 disks, 6 filesystems, 3 interfaces;
# bench/mkweek.py) with no earlier weeks, 1, 4 and 12, reported as text,
# JSON and PDF, timed by hyperfine in one run.  The warm-up runs write the
# earlier weeks' summaries (week_summary), as the first Monday report of a
# real install does; the timed runs read them.  Targets (issue "speed
# where users feel it"): with four earlier weeks no more than 1.1x the
# week without and no more than 120 ms, and no growth with the number of
# earlier weeks.  Also timed: the four-week case with its summaries
# deleted before every run (what the first report after an upgrade pays).
#
#   sh bench/history.sh [BINDIR]
set -eu
BIN=${1:-bin}
RUNS=${RUNS:-20}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/perfweek-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
printf '[report]\ntimezone = UTC\n' >"$dir/c.conf"
set --
for weeks in 0 1 4 12; do
	db=$dir/w$weeks.db
	"$BIN/perfweek-collect" -c /dev/null --db "$db" \
		--proc-root "$here/../tests/fixtures/trees/rates-a/proc" \
		--sys-root "$here/../tests/fixtures/trees/rates-a/sys" 2>/dev/null || true
	/usr/bin/python3 "$here/mkweek.py" "$db" 60 $weeks
	set -- "$@" "$BIN/perfweek-report -c $dir/c.conf --db $db --host bench --week 2026-W46 --format text,json,pdf --out $dir/out$weeks"
done
cold="$BIN/perfweek-report -c $dir/c.conf --db $dir/w4.db --host bench --week 2026-W46 --format text,json,pdf --out $dir/outc"
hyperfine -N -w 3 -r "$RUNS" --export-json "$dir/h.json" "$@" >/dev/null 2>&1
hyperfine -w 1 -r "$RUNS" --export-json "$dir/c.json" \
	--prepare "sqlite3 $dir/w4.db 'DELETE FROM week_summary_metric; DELETE FROM week_summary'" \
	"$cold" >/dev/null 2>&1
/usr/bin/python3 - "$dir/h.json" "$dir/c.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
c = json.load(open(sys.argv[2]))["results"][0]
med = lambda x: sorted(x["times"])[len(x["times"]) // 2] * 1e3
base = med(r[0])
for weeks, x in zip((0, 1, 4, 12), r):
    print("%2d earlier weeks, summaries stored  median %6.1f ms  mean %6.1f ms  %.2fx" %
          (weeks, med(x), x["mean"] * 1e3, med(x) / base))
print(" 4 earlier weeks, no summaries       median %6.1f ms  mean %6.1f ms  %.2fx" %
      (med(c), c["mean"] * 1e3, med(c) / base))
PY
