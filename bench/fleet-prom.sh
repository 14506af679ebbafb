#!/bin/sh
# bench/fleet-prom.sh - perfweek-report --fleet from a local Prometheus:
# 200 hosts against 20 hosts of the same store, in the same run, with the
# number of HTTP requests of each (it must not grow with the hosts).
#
#   sh bench/fleet-prom.sh [BINDIR]
#
# The store: tests/e2e/prom_week.py's week for hosts b001 ... b200 (every
# counter at a constant rate, 2 CPUs, a disk, a filesystem, an interface)
# at STEP seconds (default 1800), backfilled with promtool into a
# Prometheus on 127.0.0.1 with a scratch data directory, cached in
# $FLEET_PROM_CACHE (default $TMPDIR/perfweek-bench-fleet-prom) and
# compacted once as a running store compacts it, and stopped at the end.
# hyperfine runs, alternately (paired), the fleet
# summary (text, JSON and PDF) of all hosts and of the 20 whose names
# are b001 ... b020 (a selector), RUNS runs each.  Target: 200
# hosts in at most 10 s on a 2-CPU machine, the same request count as 20.
set -eu
BIN=${1:-bin}
RUNS=${RUNS:-5}
N=${HOSTS:-200}
STEP=${STEP:-1800}
here=$(cd "$(dirname "$0")" && pwd)
T0=1764547200 # Monday 2025-12-01 00:00 UTC, prom_week.py's tests' week
cache=${FLEET_PROM_CACHE:-${TMPDIR:-/tmp}/perfweek-bench-fleet-prom}/$N-$STEP
for c in hyperfine prometheus promtool; do
	command -v $c >/dev/null || { echo "bench: $c not found" >&2; exit 1; }
done
if [ ! -f "$cache/done" ]; then
	rm -rf "$cache" && mkdir -p "$cache"
	i=1
	while [ $i -le "$N" ]; do
		/usr/bin/python3 "$here/../tests/e2e/prom_week.py" $T0 \
			$((7 * 86400 / STEP)) "$STEP" \
			--host "$(printf 'b%03d' $i):9100" --busy $((10 + i % 80)) |
			grep -v '^# EOF$'
		i=$((i + 1))
	done >"$cache/all.om"
	echo "# EOF" >>"$cache/all.om"
	# one backfill of all hosts: two-hour blocks of the week, not a
	# week of blocks per host
	promtool tsdb create-blocks-from openmetrics -q "$cache/all.om" \
		"$cache/tsdb" >/dev/null
	rm "$cache/all.om"
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/perfweek-bench.XXXXXX")
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'global:\n  scrape_interval: 1h\n' >"$dir/p.yml"
pid=
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
start() { # start TSDB: a Prometheus on it, ready
	prometheus --config.file="$dir/p.yml" --storage.tsdb.path="$1" \
		--storage.tsdb.retention.time=3650d \
		--web.listen-address=127.0.0.1:$port >"$dir/p.log" 2>&1 &
	pid=$!
	i=0
	until curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready"; do
		i=$((i + 1))
		[ $i -lt 600 ] || { echo "bench: prometheus did not start" >&2; exit 1; }
		sleep 0.1
	done
}
# A store that has run for a while holds compacted blocks, not the
# backfill's 84 two-hour ones: compact the cache once, by running a
# Prometheus on it (it compacts a minute after it starts) until its
# block count has fallen and then not changed for 10 s.
if [ ! -f "$cache/done" ]; then
	start "$cache/tsdb"
	blocks() { curl -sf "http://127.0.0.1:$port/metrics" | sed -n 's/^prometheus_tsdb_blocks_loaded //p'; }
	first=$(blocks) last=$first same=0 t=0
	while [ $same -lt 10 ] && [ $t -lt 300 ]; do
		sleep 1
		t=$((t + 1))
		n=$(blocks)
		if [ "$n" = "$last" ] && [ "$n" != "$first" ]; then
			same=$((same + 1))
		else
			same=0 last=$n
		fi
	done
	kill $pid && wait $pid 2>/dev/null || :
	echo "== the store compacted to $last blocks"
	touch "$cache/done"
fi
cp -r "$cache/tsdb" "$dir/tsdb"
start "$dir/tsdb"
conf() { # conf FILE SELECTOR
	printf '[report]\ntimezone = UTC\n\n[source]\ntype = prometheus\nurl = http://127.0.0.1:%s\nstep_s = %s\nselector = %s\n' \
		"$port" "$STEP" "$2" >"$1"
}
conf "$dir/all.conf" '{job="node"}'
conf "$dir/20.conf" '{job="node",instance=~"b00[1-9]:9100|b01[0-9]:9100|b020:9100"}'
W="--fleet --from 2025-12-01 --to 2025-12-08 --format text,json,pdf"
A="$BIN/perfweek-report -q -c $dir/all.conf $W --out $dir/all"
B="$BIN/perfweek-report -q -c $dir/20.conf $W --out $dir/20"
echo "== host: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1), load $(cut -d' ' -f1-3 /proc/loadavg)"
for c in all 20; do
	$BIN/perfweek-report -v -c "$dir/$c.conf" $W --out "$dir/$c" 2>&1 |
		sed -n "s/^perfweek-report: the figures/$c: the figures/p"
done
echo "== $N hosts x $((7 * 86400 / STEP)) samples at ${STEP} s: the fleet of all against the fleet of 20 ($RUNS runs each, alternating)"
hyperfine -N -w 1 -r "$RUNS" -i --export-json "$dir/h.json" "$A" "$B" >/dev/null 2>&1
/usr/bin/python3 - "$dir/h.json" "$N" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print("%-26s %9s %9s %9s %9s" % ("", "wall s", "min s", "user s", "sys s"))
for name, x in zip(("fleet of %s hosts" % sys.argv[2], "fleet of 20 hosts"), r):
    print("%-26s %9.2f %9.2f %9.2f %9.2f" % (name, x["mean"], x["min"], x["user"], x["system"]))
print("ratio wall %.2f (all / 20)" % (r[0]["mean"] / r[1]["mean"]))
PY
printf 'peak RSS of the fleet of all: %s KiB\n' "$(/usr/bin/time -f %M $A 2>&1 >/dev/null | tail -n 1)"
