#!/bin/sh
# bench/prom.sh - one host's weekly report from a local Prometheus and a
# local VictoriaMetrics, paired in one hyperfine run with the same report
# from SQLite.
#
#   sh bench/prom.sh [BINDIR]
#
# The stores hold a week at 1-minute resolution (10,080 scrapes of
# tests/e2e/prom_week.py's host: 2 CPUs, a disk, a filesystem and two
# interfaces, 76 series), backfilled with promtool and imported into
# VictoriaMetrics; the SQLite file holds a week at 1 minute of
# bench/mkweek.py (4 disks, 6 filesystems, 3 interfaces).  Each report
# is text and JSON of 2025-W49 (SQLite: 2026-W46), the four weeks before
# read too (empty).  hyperfine runs the three alternately, RUNS times;
# the report's own count of HTTP requests is printed.  Target: 1 s from
# Prometheus.
set -eu
BIN=${1:-bin}
RUNS=${RUNS:-10}
here=$(cd "$(dirname "$0")" && pwd)
src=$here/..
dir=$(mktemp -d "${TMPDIR:-/tmp}/perfweek-bench.XXXXXX")
pids=
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$dir"' EXIT
port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
T0=1764547200 # Monday 2025-12-01 00:00 UTC
/usr/bin/python3 "$src/tests/e2e/prom_week.py" $T0 10080 60 >"$dir/w.om"
/usr/bin/python3 "$src/tests/e2e/prom_week.py" $T0 10080 60 --format prom >"$dir/w.prom"
promtool tsdb create-blocks-from openmetrics "$dir/w.om" "$dir/tsdb" >/dev/null
printf 'global:\n  scrape_interval: 1m\n' >"$dir/p.yml"
pp=$(port)
prometheus --config.file="$dir/p.yml" --storage.tsdb.path="$dir/tsdb" \
	--storage.tsdb.retention.time=3650d --web.listen-address=127.0.0.1:$pp \
	>"$dir/p.log" 2>&1 &
pids="$pids $!"
vp=$(port)
victoria-metrics -storageDataPath="$dir/vm" -retentionPeriod=100y \
	-httpListenAddr=127.0.0.1:$vp -search.latencyOffset=0s >"$dir/v.log" 2>&1 &
pids="$pids $!"
for u in "http://127.0.0.1:$pp/-/ready" "http://127.0.0.1:$vp/health"; do
	i=0
	until curl -sf -o /dev/null "$u"; do
		i=$((i + 1)); [ $i -lt 300 ] || { echo "bench: $u not ready" >&2; exit 1; }
		sleep 0.1
	done
done
curl -sf --data-binary @"$dir/w.prom" "http://127.0.0.1:$vp/api/v1/import/prometheus"
curl -sf "http://127.0.0.1:$vp/internal/force_flush"
sleep 2
for x in p:$pp v:$vp; do
	printf '[general]\ndatabase = %s/%s.db\nhost = h1:9100\n[report]\ntimezone = UTC\noutput_dir = %s/out\n[source]\ntype = prometheus\nurl = http://127.0.0.1:%s\n' \
		"$dir" "${x%:*}" "$dir" "${x#*:}" >"$dir/${x%:*}.conf"
done
"$BIN/perfweek-collect" -c /dev/null --db "$dir/s.db" \
	--proc-root "$src/tests/fixtures/trees/rates-a/proc" \
	--sys-root "$src/tests/fixtures/trees/rates-a/sys" 2>/dev/null || true
/usr/bin/python3 "$here/mkweek.py" "$dir/s.db" 60 0
printf '[report]\ntimezone = UTC\noutput_dir = %s/out\n' "$dir" >"$dir/s.conf"
P="$BIN/perfweek-report -c $dir/p.conf --week 2025-W49 --format text,json --offline"
V="$BIN/perfweek-report -c $dir/v.conf --week 2025-W49 --format text,json --offline"
S="$BIN/perfweek-report -c $dir/s.conf --db $dir/s.db --host bench --week 2026-W46 --format text,json --offline"
$P -v 2>&1 | grep 'HTTP requests'
$V -v 2>&1 | grep 'HTTP requests'
echo "== host: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
echo "== prometheus $(prometheus --version 2>&1 | sed -n '1s/^prometheus, version \([^ ]*\).*/\1/p'), victoria-metrics (Debian 12)"
echo "== one host's week at 1 minute, text and JSON, $RUNS runs each (hyperfine)"
hyperfine -N -w 2 -r "$RUNS" --export-json "$dir/h.json" "$P" "$V" "$S" >/dev/null 2>&1
/usr/bin/python3 - "$dir/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print("%-18s %9s %9s %9s %9s %9s" % ("", "mean ms", "min ms", "max ms", "user ms", "sys ms"))
for name, x in zip(("Prometheus", "VictoriaMetrics", "SQLite"), r):
    print("%-18s %9.0f %9.0f %9.0f %9.0f %9.0f" % (name, x["mean"] * 1e3, x["min"] * 1e3,
          x["max"] * 1e3, x["user"] * 1e3, x["system"] * 1e3))
PY
