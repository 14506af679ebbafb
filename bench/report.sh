#!/bin/sh
# bench/report.sh - perfweek-report on a week of snapshots against a Python
# computation of the same statistics (sqlite3 module, sorted()), in one run.
#
#   sh bench/report.sh [BINDIR]
#
# Three databases: a week at 1-minute resolution (10,080 snapshots), the
# same with the four weeks before it that the reporter reads for its
# comparisons (50,400), and a week at 10 seconds (60,480), each with 4
# disks, 6 filesystems, 3 interfaces (bench/mkweek.py).  hyperfine times
# the report (text and JSON), the report with the PDF as well (text, JSON
# and PDF in one run) and the Python statistics; GNU time gives the peak
# RSS.  The PDF is also timed with a bold font file of its own
# (pdf_font_bold = DejaVuSans-Bold.ttf: two fonts embedded).  Targets for
# text, JSON and PDF together: 150 ms and a PDF under 400 KB for the
# 1-minute week, 1 s and 600 KB at 10 seconds; the PDF's share (the
# report with it less the report without it) no more than 25 ms.
set -eu
BIN=${1:-bin}
RUNS=${RUNS:-20}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/perfweek-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
for run in 60:0 60:4 10:0; do
	step=${run%:*} weeks=${run#*:}
	db=$dir/week$step-$weeks.db
	"$BIN/perfweek-collect" -c /dev/null --db "$db" --proc-root "$here/../tests/fixtures/trees/rates-a/proc" \
		--sys-root "$here/../tests/fixtures/trees/rates-a/sys" 2>/dev/null || true
	/usr/bin/python3 "$here/mkweek.py" "$db" $step $weeks
	printf '[report]\ntimezone = UTC\n' > "$dir/c.conf"
	R="$BIN/perfweek-report -c $dir/c.conf --db $db --host bench --week 2026-W46 --format text,json --out $dir/out"
	RP="$BIN/perfweek-report -c $dir/c.conf --db $db --host bench --week 2026-W46 --format text,json,pdf --out $dir/out"
	printf '[report]\ntimezone = UTC\npdf_font_bold = /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf\n' > "$dir/c1.conf"
	R1="$BIN/perfweek-report -c $dir/c1.conf --db $db --host bench --week 2026-W46 --format text,json,pdf --out $dir/out1"
	P="/usr/bin/python3 $here/stats.py $db"
	echo "== a week every $step s, $weeks weeks before it"
	hyperfine -N -w 2 -r "$RUNS" --export-json "$dir/h.json" "$R" "$RP" "$R1" "$P" >/dev/null 2>&1
	/usr/bin/python3 - "$dir/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for name, x in zip(("perfweek-report (text+json)",
                   "perfweek-report (+pdf)", "  (+pdf, bold font file)",
                   "python statistics"), r):
    print("%-28s %8.1f ms  (user %.1f, sys %.1f)" % (name, x["mean"] * 1e3,
          x["user"] * 1e3, x["system"] * 1e3))
# The PDF's share: the same report with and without it, in this run.
med = lambda x: sorted(x["times"])[len(x["times"]) // 2]
print("%-28s %8.1f ms  (median %.1f, CPU %.1f; target 25 ms)" % (
      "the PDF's share", (r[1]["mean"] - r[0]["mean"]) * 1e3,
      (med(r[1]) - med(r[0])) * 1e3,
      (r[1]["user"] + r[1]["system"] - r[0]["user"] - r[0]["system"]) * 1e3))
PY
	printf '%-28s %8s KiB\n' "perfweek-report peak RSS" "$(/usr/bin/time -f %M $R 2>&1 >/dev/null | tail -n 1)"
	printf '%-28s %8s KiB\n' "  with the PDF" "$(/usr/bin/time -f %M $RP 2>&1 >/dev/null | tail -n 1)"
	printf '%-28s %8s KiB\n' "python peak RSS" "$(/usr/bin/time -f %M $P 2>&1 >/dev/null | tail -n 1)"
	ls -l "$dir/out" "$dir/out1" | awk 'NF > 5 { print "  " $5 " bytes  " $9 }'
done
