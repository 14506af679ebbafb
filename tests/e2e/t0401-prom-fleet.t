#!/bin/sh
# The fleet of the Prometheus harness (tests/prom/fleet.py through
# lib-prom.sh's prom_fleet): 50 simulated hosts, each its own simweek run
# with a real node_exporter scraped at every step, in a directory of SQLite
# files and in real Prometheus and VictoriaMetrics servers; hosts that
# stopped reporting, under-used hosts, busy hosts and one filling disk.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/prom/lib-prom.sh"
programs_only_skip "it tests the fleet of the Prometheus tests"
export TZ=UTC
PY=/usr/bin/python3
D=$SCRATCH
T0=$PROM_WEEK_START
STEP=$PROM_FLEET_STEP
T1=$((T0 + 168 * 3600 - STEP))

test_expect_success PROMETHEUS,VICTORIA,NODE_EXPORTER,FAKETIME 'the fleet builds (or comes from the cache)' '
	prom_fleet &&
	test -s "$PROM_FLEET_OM" && test -s "$PROM_FLEET_HOSTS_FILE" &&
	test_set_prereq FLEET
'
[ "$PROM_FLEET_HOSTS" = 50 ] && [ "$STEP" = 3600 ] && test_set_prereq STANDARD

test_expect_success FLEET,STANDARD 'hosts.txt: 50 hosts, 10 busy, 20 under-used, 20 steady, 3 stopped' '
	test_is "$(wc -l <"$PROM_FLEET_HOSTS_FILE")" 50 &&
	test_is "$(cut -d" " -f2 "$PROM_FLEET_HOSTS_FILE" | sort | uniq -c | tr -s " " | tr "\n" ";")" " 10 busy; 20 steady; 20 underused;" &&
	test_is "$(awk "\$3 != \"-\" { print \$1, \$3 }" "$PROM_FLEET_HOSTS_FILE" | tr "\n" ";")" \
		"fleet-04 $((T0 + 2 * 86400 + 18 * 3600));fleet-09 $((T0 + 4 * 86400 + 9 * 3600));fleet-14 $((T0 + 5 * 86400 + 21 * 3600));"
'
test_expect_success FLEET,STANDARD 'the SQLite directory: 50 files, each with its one host' '
	test_is "$(ls "$PROM_FLEET_DBS"/*.db | wc -l)" 50 &&
	for f in "$PROM_FLEET_DBS"/*.db; do
		h=$(basename "$f" .db) &&
		test_is "$(sqlite3 "$f" "SELECT group_concat(name) FROM host")" "$h" || return 1
	done
'
test_expect_success FLEET,STANDARD 'the stopped hosts last reported one step before they stopped' '
	awk "\$3 != \"-\" { print \$1, \$3 }" "$PROM_FLEET_HOSTS_FILE" | while read -r h stop; do
		test_is "$(sqlite3 "$PROM_FLEET_DBS/$h.db" "SELECT max(ts) FROM snapshot")" $((stop - STEP)) || exit 1
	done &&
	test_is "$(sqlite3 "$PROM_FLEET_DBS/fleet-10.db" "SELECT max(ts) FROM snapshot")" "$T1"
'
test_expect_success FLEET 'Prometheus starts with the fleet' '
	prom_fleet_prometheus && P=$PROM_URL && test_set_prereq PROM
'
test_expect_success FLEET 'VictoriaMetrics starts with the fleet' '
	prom_fleet_vm && V=$VM_URL && test_set_prereq VM
'

# last URL: "INSTANCE LAST-TS" of node_load1, a line an instance.
last() {
	$PY "$PROM_LIB/compare.py" samples "$1" node_load1 "$T0" "$T1" |
		sed "s/.*instance=\"\([^\"]*\)\".*\t\([0-9]*\)\t.*/\1 \2/" |
		sort -k1,1 -k2,2n | awk "{ l[\$1] = \$2 } END { for (i in l) print i, l[i] }" | sort
}

test_expect_success PROM,VM,STANDARD 'both stores: 50 instances, the stopped ones ending where their SQLite files end' '
	for f in "$PROM_FLEET_DBS"/*.db; do
		echo "$(basename "$f" .db):9100 $(sqlite3 "$f" "SELECT max(ts) FROM snapshot")"
	done >"$D/last.want" &&
	last "$P" >"$D/last.p" && last "$V" >"$D/last.v" &&
	test_is "$(wc -l <"$D/last.p")" 50 &&
	test_cmp "$D/last.want" "$D/last.p" &&
	test_cmp "$D/last.want" "$D/last.v"
'
test_expect_success PROM,STANDARD 'a stopped host is down (up 0) from its stop to the end of the week' '
	test_is "$($PY "$PROM_LIB/promq.py" "$P" query "up{instance=\"fleet-09:9100\"}" "$T1" | cut -d" " -f3)" 0 &&
	test_is "$($PY "$PROM_LIB/promq.py" "$P" query "count_over_time((up{instance=\"fleet-09:9100\"} == 0)[604800s:3600s])" "$T1" | cut -d" " -f3)" \
		"$(( (T1 - (T0 + 4 * 86400 + 9 * 3600)) / 3600 + 1 + 6 ))"
'
test_expect_success PROM,VM,STANDARD 'under-used hosts: memory used under 42 % and CPU busy under 15 % all week, in both stores' '
	for u in "$P" "$V"; do
		test_is "$($PY "$PROM_LIB/promq.py" "$u" query "count(max_over_time((1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)[604800s:3600s]) < 0.42)" "$T1" | cut -d" " -f3)" 20 || return 1
	done &&
	for h in $(awk "\$2 == \"underused\" { print \$1 }" "$PROM_FLEET_HOSTS_FILE"); do
		test_is "$(sqlite3 "$PROM_FLEET_DBS/$h.db" "SELECT max(100 - cpu_idle_pct - cpu_iowait_pct) < 15 AND max(mem_used_pct) < 42 FROM snapshot")" 1 || return 1
	done
'
test_expect_success FLEET,STANDARD 'busy hosts: CPU 97 % or more not idle during the saturation, memory 90 % or more used while swapping' '
	for h in $(awk "\$2 == \"busy\" { print \$1 }" "$PROM_FLEET_HOSTS_FILE"); do
		test_is "$(sqlite3 "$PROM_FLEET_DBS/$h.db" "SELECT max(100 - cpu_idle_pct) >= 97 AND max(mem_used_pct) >= 90 FROM snapshot")" 1 || return 1
	done
'
test_expect_success ROOT,PROM,STANDARD 'the filling disk: fleet-05 only, 55 % to 93 % used in SQLite and in Prometheus' '
	test_is "$(awk "\$4 == \"fs\" { print \$1 }" "$PROM_FLEET_HOSTS_FILE")" fleet-05 &&
	test_is "$(sqlite3 "$PROM_FLEET_DBS/fleet-05.db" "SELECT round(min(used_pct)), round(max(used_pct)) FROM filesystem")" "55.0|93.0" &&
	test_is "$($PY "$PROM_LIB/promq.py" "$P" query "count by (instance) (node_filesystem_size_bytes)" "$T1" | cut -d" " -f1)" "instance=\"fleet-05:9100\"" &&
	test_like "$($PY "$PROM_LIB/promq.py" "$P" query "1 - node_filesystem_avail_bytes / node_filesystem_size_bytes" "$T1" | cut -d" " -f3)" "^0\.93"
'
test_expect_success PROM,VM 'a busy host (fleet-01): every per-step figure as its SQLite file has it, in both stores' '
	for u in "$P" "$V"; do
		$PY "$PROM_LIB/compare.py" rates "$u" "$PROM_FLEET_DBS/fleet-01.db" fleet-01 fleet-01:9100 "$T0" "$T1" >"$D/rates" &&
		! grep MISMATCH "$D/rates" &&
		grep -q "^nvme0n1 await_ms 168$" "$D/rates" &&
		grep -q "^eth1 rx_errors_per_s 168$" "$D/rates" &&
		grep -q "^swapout_pages_per_s 168$" "$D/rates" || return 1
	done
'
test_expect_success PROM,VM 'Prometheus and VictoriaMetrics hold the same fleet samples' '
	out=$($PY "$PROM_LIB/compare.py" same "$P" "$V" "{job=\"node\"}" "$T0" "$T1") &&
	echo "$out" &&
	rel=$(echo "$out" | sed "s/.*max_rel //") &&
	$PY -c "import sys; sys.exit(not float(sys.argv[1]) <= 1e-15)" "$rel"
'
test_expect_success PROM,VM 'the servers stop' '
	prom_stop_all &&
	test_is "$(pgrep -f "$SCRATCH/prom/" || :)" ""
'
