# lib-promsrc.sh - real Prometheus and VictoriaMetrics servers on
# 127.0.0.1 for the tests of the Prometheus-compatible source
# (t0405-t0414), each with a scratch data directory under $SCRATCH,
# stopped when the script ends.  Sourced after lib.sh.
#
# prom_start NAME "OMFILE..." [PROMETHEUS-ARGS...]: backfill each OMFILE
#   with promtool into $SCRATCH/NAME, run prometheus on a free port; sets
#   PROM_URL and PROM_PID.
# vm_start NAME PROMFILE [VM-ARGS...]: run victoria-metrics on a free
#   port and import PROMFILE (/api/v1/import/prometheus); sets VM_URL,
#   VM_PID.  Its -httpAuth.* arguments apply to the import too: set
#   VM_AUTH to curl's -u value for them (PROM_AUTH likewise for
#   prometheus' readiness under --web.config.file).
# silent_start: a server that accepts connections and never answers;
#   sets SILENT_URL.
# The PROM prerequisite is set when prometheus and promtool are
# installed, VM when victoria-metrics is.
command -v prometheus >/dev/null && command -v promtool >/dev/null &&
	test_set_prereq PROM
command -v victoria-metrics >/dev/null && test_set_prereq VM
# the week the tests use: Monday 2025-12-01 00:00 UTC
PROM_T0=1764547200

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_http URL [USER:PASSWORD]: true once URL answers 2xx, within 60 s
# (Prometheus answers /-/ready 503 while it loads its blocks)
wait_http() {
	i=0
	while [ $i -lt 600 ]; do
		curl -sf -o /dev/null -m 1 "$1" ${2:+-u "$2"} && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

prom_start() {
	name=$1 om=$2
	shift 2
	rm -rf "$SCRATCH/$name"
	for f in $om; do
		promtool tsdb create-blocks-from openmetrics "$f" "$SCRATCH/$name" \
			>>"$SCRATCH/$name.promtool" 2>&1 || return 1
	done
	printf 'global:\n  scrape_interval: 1h\n' >"$SCRATCH/$name.yml"
	port=$(free_port) || return 1
	prometheus --config.file="$SCRATCH/$name.yml" \
		--storage.tsdb.path="$SCRATCH/$name" \
		--storage.tsdb.retention.time=3650d \
		--web.listen-address=127.0.0.1:$port "$@" \
		>"$SCRATCH/$name.log" 2>&1 &
	PROM_PID=$!
	on_exit "kill $PROM_PID 2>/dev/null; wait $PROM_PID 2>/dev/null"
	PROM_URL=http://127.0.0.1:$port
	wait_http "$PROM_URL/-/ready" "${PROM_AUTH:-}"
}

vm_start() {
	name=$1 file=$2
	shift 2
	port=$(free_port) || return 1
	victoria-metrics -storageDataPath="$SCRATCH/$name" -retentionPeriod=100y \
		-httpListenAddr=127.0.0.1:$port -search.latencyOffset=0s "$@" \
		>"$SCRATCH/$name.log" 2>&1 &
	VM_PID=$!
	on_exit "kill $VM_PID 2>/dev/null; wait $VM_PID 2>/dev/null"
	VM_URL=http://127.0.0.1:$port
	wait_http "$VM_URL/health" "${VM_AUTH:-}" &&
	curl -sf ${VM_AUTH:+-u "$VM_AUTH"} --data-binary @"$file" \
		"$VM_URL/api/v1/import/prometheus" &&
	curl -sf ${VM_AUTH:+-u "$VM_AUTH"} "$VM_URL/internal/force_flush"
}

silent_start() {
	pf=$SCRATCH/silent.port
	/usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
' "$pf" >/dev/null 2>&1 &
	SILENT_PID=$!
	on_exit "kill $SILENT_PID 2>/dev/null"
	i=0
	while [ ! -s "$pf" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	SILENT_URL=http://127.0.0.1:$(cat "$pf")
}

# prom_config FILE URL [KEY = VALUE ...]: a configuration reading host
# h1:9100 from URL, the reports into $SCRATCH/out
prom_config() {
	f=$1 url=$2
	shift 2
	{
		printf '[general]\ndatabase = %s/pw.db\nhost = h1:9100\n\n' "$SCRATCH"
		printf '[report]\ntimezone = UTC\nmin_coverage_pct = 0\n'
		printf 'output_dir = %s/out\n\n' "$SCRATCH"
		printf '[source]\ntype = prometheus\nurl = %s\n' "$url"
		for kv in "$@"; do printf '%s\n' "$kv"; done
	} >"$f"
}

# J FILE EXPR: a value of a JSON file, printed by Python
J() {
	/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}
