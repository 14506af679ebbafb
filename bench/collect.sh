#!/bin/sh
# bench/collect.sh - one snapshot of perfweek-collect against sysstat's
# collector, in the same run, on this host.
#
#   sh bench/collect.sh [BINDIR]
#
# 1. wall, user and system time per snapshot: hyperfine runs
#    "perfweek-collect" (built-in defaults, an existing database) and
#    "sadc -F -L -S DISK 1 1 FILE" (as Debian's sa1 runs it) alternately;
# 2. peak RSS of one run of each, from GNU time;
# 3. bytes per snapshot: 1,000 snapshots into a new database, checkpointed,
#    file size / 1,000; against the growth of a sadc file by one record;
# 4. 20 snapshots in one process (--interval 0.5 --count 20) against
#    sadc -F -L -S DISK 1 20 FILE, task-clock from perf stat, PAIRS pairs;
# 5. statements, steps, rows and pages written per snapshot (sqlcount.c).
# Figures go to standard output; docs/performance.md records them.
set -eu
BIN=${1:-bin}
SADC=${SADC:-/usr/lib/sysstat/sadc}
RUNS=${RUNS:-300}
PAIRS=${PAIRS:-5}
[ -x "$SADC" ] || { echo "bench: $SADC not found (apt-get install sysstat)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "bench: hyperfine not found" >&2; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/perfweek-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
PW="$BIN/perfweek-collect -c /dev/null --db $dir/pw.db"
SA="$SADC -F -L -S DISK 1 1 $dir/sa.data"
$PW
$SA

echo "== host: $(nproc) CPUs, kernel $(uname -r), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
echo "== one snapshot, $RUNS runs each (hyperfine)"
hyperfine -N -w 20 -r "$RUNS" --export-json "$dir/h.json" "$PW" "$SA" >/dev/null 2>&1
/usr/bin/python3 - "$dir/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print("%-18s %9s %9s %9s %9s" % ("", "wall ms", "user ms", "sys ms", "cpu ms"))
for name, x in zip(("perfweek-collect", "sadc"), r):
    print("%-18s %9.2f %9.2f %9.2f %9.2f" % (name, x["mean"] * 1e3,
          x["user"] * 1e3, x["system"] * 1e3, (x["user"] + x["system"]) * 1e3))
pw, sa = r
print("ratio wall %.2f, cpu %.2f (perfweek / sadc)" % (pw["mean"] / sa["mean"],
      (pw["user"] + pw["system"]) / (sa["user"] + sa["system"])))
PY

echo "== peak RSS (GNU time)"
printf 'perfweek-collect  %s KiB\n' "$(/usr/bin/time -f %M $PW 2>&1 >/dev/null | tail -n 1)"
printf 'sadc              %s KiB\n' "$(/usr/bin/time -f %M $SA 2>&1 >/dev/null | tail -n 1)"

echo "== bytes per snapshot"
"$BIN/perfweek-collect" -c /dev/null --db "$dir/size.db" --interval 0.01 --count 1000
sqlite3 "$dir/size.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
devs=$(sqlite3 "$dir/size.db" "SELECT group_concat(kind || ':' || n, ' ') FROM (SELECT kind, count(*) AS n FROM device GROUP BY kind)")
echo "perfweek-collect  $(( $(stat -c %s "$dir/size.db") / 1000 )) bytes ($devs; 1,000 snapshots)"
rm -f "$dir/sa1" "$dir/sa2"
$SADC -F -L -S DISK 1 1 "$dir/sa1"
$SADC -F -L -S DISK 1 2 "$dir/sa2"
echo "sadc              $(( $(stat -c %s "$dir/sa2") - $(stat -c %s "$dir/sa1") )) bytes (one more record in its file)"

echo "== $PAIRS x 20 snapshots in one process (perf stat -e task-clock, paired)"
# perfweek-collect --interval 0.5 --count 20 against sadc's own
# multi-snapshot mode, sadc -F -L -S DISK 1 20 FILE, alternately; a run of
# one snapshot of each is taken off, so the figure is per further snapshot
# (process start and the schema check are in the one-snapshot figure above).
taskclock() {
	perf stat -x, -e task-clock -o "$dir/perf.txt" "$@" >/dev/null 2>&1
	sed -n 's/^\([0-9.]*\),.*task-clock.*/\1/p' "$dir/perf.txt"
}
if command -v perf >/dev/null; then
	i=0
	: >"$dir/multi.txt"
	while [ "$i" -lt "$PAIRS" ]; do
		p1=$(taskclock $PW --interval 0.5 --count 1)
		p20=$(taskclock $PW --interval 0.5 --count 20)
		s1=$(taskclock $SADC -F -L -S DISK 1 1 "$dir/sa.multi")
		s20=$(taskclock $SADC -F -L -S DISK 1 20 "$dir/sa.multi")
		echo "$p1 $p20 $s1 $s20" >>"$dir/multi.txt"
		i=$((i + 1))
	done
	/usr/bin/python3 - "$dir/multi.txt" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
def med(k): return statistics.median(r[k] for r in rows)
print("%-18s %12s %12s %16s" % ("", "1 snap ms", "20 snaps ms", "per further ms"))
for name, a, b in (("perfweek-collect", 0, 1), ("sadc", 2, 3)):
    print("%-18s %12.2f %12.2f %16.3f" % (name, med(a), med(b), (med(b) - med(a)) / 19))
print("runs (pw 1, pw 20, sadc 1, sadc 20):", "; ".join(" ".join("%.1f" % x for x in r) for r in rows))
print("ratio 20 snapshots %.2f, per further snapshot %.2f (perfweek / sadc)" % (
    med(1) / med(3), (med(1) - med(0)) / (med(3) - med(2))))
PY
else
	echo "bench: perf not found; skipped"
fi

echo "== SQLite work per snapshot (bench/sqlcount.c, LD_PRELOAD)"
if cc -O2 -shared -fPIC -o "$dir/sqlcount.so" "$(dirname "$0")/sqlcount.c" -ldl 2>/dev/null; then
	LD_PRELOAD=$dir/sqlcount.so $PW --interval 0.01 --count 1 2>&1 | grep sqlcount | tail -n 1 >"$dir/c1"
	LD_PRELOAD=$dir/sqlcount.so $PW --interval 0.01 --count 21 2>&1 | grep sqlcount | tail -n 1 >"$dir/c21"
	/usr/bin/python3 - "$dir/c1" "$dir/c21" <<'PY'
import sys
def read(f): return dict(kv.split("=") for kv in open(f).read().split()[1:])
a, b = read(sys.argv[1]), read(sys.argv[2])
print("one snapshot:       " + ", ".join("%s %s" % (k, a[k]) for k in a))
print("per further one:    " + ", ".join("%s %g" % (k, (int(b[k]) - int(a[k])) / 20) for k in a))
PY
else
	echo "bench: no C compiler for bench/sqlcount.c; skipped"
fi
