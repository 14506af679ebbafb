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
#    file size / 1,000; against the growth of a sadc file by one record.
# Figures go to standard output; docs/performance.md records them.
set -eu
BIN=${1:-bin}
SADC=${SADC:-/usr/lib/sysstat/sadc}
RUNS=${RUNS:-300}
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
