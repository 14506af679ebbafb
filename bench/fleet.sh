#!/bin/sh
# bench/fleet.sh - perfweek-report --fleet over 100 hosts, each a week at
# 1-minute resolution in a file of its own, against what it replaces: 100
# runs of the single-host report, in the same run.
#
#   sh bench/fleet.sh [BINDIR]
#
# The files: one week of host "bench" made by bench/mkweek.py (10,080
# snapshots, 4 disks, 6 filesystems, 3 interfaces), copied 100 times under
# the names host-001 ... host-100, cached in $FLEET_CACHE (default
# $TMPDIR/perfweek-bench-fleet) and built once.  hyperfine runs,
# alternately (paired), the fleet report (text, JSON and PDF of the fleet)
# and a shell loop of 100 single-host reports (text, JSON and PDF each);
# GNU time gives the fleet's peak RSS.  Target: the fleet report in at
# most 10 s on a 2-CPU machine.
set -eu
BIN=${1:-bin}
RUNS=${RUNS:-5}
N=${HOSTS:-100}
here=$(cd "$(dirname "$0")" && pwd)
cache=${FLEET_CACHE:-${TMPDIR:-/tmp}/perfweek-bench-fleet}
command -v hyperfine >/dev/null || { echo "bench: hyperfine not found" >&2; exit 1; }
mkdir -p "$cache"
if [ ! -f "$cache/done-$N" ]; then
	rm -f "$cache"/*.db "$cache"/base.db*
	"$BIN/perfweek-collect" -c /dev/null --db "$cache/base.db" \
		--proc-root "$here/../tests/fixtures/trees/rates-a/proc" \
		--sys-root "$here/../tests/fixtures/trees/rates-a/sys" 2>/dev/null || true
	/usr/bin/python3 "$here/mkweek.py" "$cache/base.db" 60 0
	sqlite3 "$cache/base.db" "PRAGMA foreign_keys = OFF; DELETE FROM snapshot WHERE host_id <> (SELECT id FROM host WHERE name = 'bench'); DELETE FROM device WHERE host_id <> (SELECT id FROM host WHERE name = 'bench'); DELETE FROM host WHERE name <> 'bench'; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	i=1
	while [ $i -le "$N" ]; do
		h=$(printf 'host-%03d' $i)
		sqlite3 "$cache/base.db" ".backup $cache/$h.db"
		sqlite3 "$cache/$h.db" "UPDATE host SET name = '$h' WHERE name = 'bench'"
		i=$((i + 1))
	done
	touch "$cache/done-$N"
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/perfweek-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
printf '[report]\ntimezone = UTC\n\n[fleet]\ndatabases = %s/host-*.db\n' "$cache" >"$dir/c.conf"
F="$BIN/perfweek-report -q -c $dir/c.conf --fleet --week 2026-W46 --format text,json,pdf --out $dir/out"
L="sh -c 'for f in $cache/host-*.db; do h=\${f##*/}; $BIN/perfweek-report -q -c $dir/c.conf --db \$f --host \${h%.db} --offline --week 2026-W46 --format text,json,pdf --out $dir/loop || exit 1; done'"
$F || [ $? -eq 3 ]
echo "== host: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
echo "== $N hosts x 10,080 snapshots: the fleet report against $N single-host reports ($RUNS runs each, alternating)"
hyperfine -N -w 1 -r "$RUNS" -i --export-json "$dir/h.json" "$F" "$L" >/dev/null 2>&1
/usr/bin/python3 - "$dir/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print("%-26s %9s %9s %9s %9s" % ("", "wall s", "min s", "user s", "sys s"))
for name, x in zip(("fleet (text,json,pdf)", "100 host reports"), r):
    print("%-26s %9.2f %9.2f %9.2f %9.2f" % (name, x["mean"], x["min"], x["user"], x["system"]))
print("ratio wall %.2f (fleet / loop)" % (r[0]["mean"] / r[1]["mean"]))
PY
echo "== the fleet's peak RSS (GNU time)"
printf 'fleet  %s KiB\n' "$(/usr/bin/time -f %M $F 2>&1 >/dev/null | tail -n 1)"
ls -l "$dir/out" | awk 'NR > 1 { print $5, $9 }'
