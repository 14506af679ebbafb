#!/bin/sh
# bench/probe.sh - perfweek-probe on 50 URLs that each answer after 100 ms,
# against curl -Z --parallel-immediate on the same URLs, in the same run.
#
#   sh bench/probe.sh [BINDIR]
#
# The local test server (tests/servers/http_server.py, one thread per
# connection) serves /slow/100?N, 50 distinct URLs; both sides fetch all 50
# at once on fresh connections.  hyperfine runs "perfweek-probe" (storing
# the 50 results in a database, as cron runs it) and "curl -Z
# --parallel-immediate --parallel-max 50" alternately.  The target: 50 URLs
# in no more than 0.15 s wall, i.e. about one response time plus 50 ms.
# Figures go to standard output; docs/performance.md records them.
set -eu
BIN=${1:-bin}
RUNS=${RUNS:-30}
N=${N:-50}
SRC=$(cd "$(dirname "$0")/.." && pwd)
command -v hyperfine >/dev/null || { echo "bench: hyperfine not found" >&2; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/perfweek-bench.XXXXXX")
/usr/bin/python3 "$SRC/tests/servers/http_server.py" --port-file "$dir/port" \
	>/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
i=0
while [ ! -s "$dir/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$dir/port")

urls=""
: > "$dir/pw.conf"
for i in $(seq 1 "$N"); do
	u="http://127.0.0.1:$port/slow/100?$i"
	urls="$urls $u"
	printf '[health "u%02d"]\nurl = %s\n' "$i" "$u" >> "$dir/pw.conf"
done
PW="$BIN/perfweek-probe -c $dir/pw.conf --db $dir/pw.db"
CU="curl -Z --parallel-immediate --parallel-max $N -s --no-progress-meter$(for u in $urls; do printf ' -o /dev/null %s' "$u"; done)"
$PW
$CU

echo "== host: $(nproc) CPUs, kernel $(uname -r), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
echo "== $N URLs answering after 100 ms, $RUNS runs each (hyperfine)"
hyperfine -N -w 3 -r "$RUNS" --export-json "$dir/h.json" "$PW" "$CU" >/dev/null 2>&1
/usr/bin/python3 - "$dir/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print("%-16s %9s %9s %9s %9s %9s" % ("", "mean s", "min s", "max s",
      "user ms", "sys ms"))
for name, x in zip(("perfweek-probe", "curl -Z"), r):
    print("%-16s %9.3f %9.3f %9.3f %9.1f %9.1f" % (name, x["mean"], x["min"],
          x["max"], x["user"] * 1e3, x["system"] * 1e3))
pw = r[0]
print("perfweek-probe: %s (target: mean <= 0.150 s)" %
      ("met" if pw["mean"] <= 0.150 else "NOT met"))
PY
rows=$(sqlite3 "$dir/pw.db" "SELECT count(*), sum(ok), round(max(total_ms), 1) FROM health_result")
echo "== stored: rows|ok|max total_ms = $rows"
