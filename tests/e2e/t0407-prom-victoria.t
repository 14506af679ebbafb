#!/bin/sh
# The same history in a real Prometheus (backfilled with promtool) and a
# real VictoriaMetrics (imported): the two reports agree metric by metric
# (tests/e2e/prom_agree.py: every statistic within 1e-9), with the same
# coverage, gaps, reboots and findings; a day with a gap, a reboot and a
# disk from halfway, and a host busy enough for findings.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-promsrc.sh"
export TZ=UTC
R="--from 2025-12-01 --to 2025-12-02 --format json --offline"
OUT=$SCRATCH/out/perfweek-h2:9100-2025-12-01_to_2025-12-02.json

test_expect_success PROM,VM 'a day with a gap, a reboot and a late disk in both stores' '
	W="$SRC/tests/e2e/prom_week.py $PROM_T0 1440 60 --host h2:9100 --gap 100:160 --reboot-at 1000 --disk2-from 720" &&
	/usr/bin/python3 $W >"$SCRATCH/h2.om" &&
	/usr/bin/python3 $W --format prom >"$SCRATCH/h2.prom" &&
	prom_start prom "$SCRATCH/h2.om" &&
	vm_start vm "$SCRATCH/h2.prom" &&
	prom_config "$SCRATCH/p.conf" "$PROM_URL" "[findings]" "disk_util = 20 25 10" &&
	prom_config "$SCRATCH/v.conf" "$VM_URL" "[findings]" "disk_util = 20 25 10" &&
	test_set_prereq UP
'
test_expect_success UP 'both reports' '
	pw perfweek-report -c "$SCRATCH/p.conf" $R --host h2:9100 &&
	cp "$OUT" "$SCRATCH/prom.json" &&
	pw perfweek-report -c "$SCRATCH/v.conf" $R --host h2:9100 &&
	cp "$OUT" "$SCRATCH/vm.json"
'
test_expect_success UP 'they agree metric by metric, with the same findings' '
	/usr/bin/python3 "$SRC/tests/e2e/prom_agree.py" "$SCRATCH/prom.json" "$SCRATCH/vm.json" >"$SCRATCH/agree" &&
	test_like "$(cat "$SCRATCH/agree")" "^agree: [0-9]+ metrics$" &&
	test_is "$(J "$SCRATCH/vm.json" "[(f[\"rule\"], f[\"severity\"], f[\"device\"]) for f in d[\"findings\"]][:2]")" \
		"[('"'"'disk_util'"'"', '"'"'CRITICAL'"'"', '"'"'sda'"'"'), ('"'"'disk_util'"'"', '"'"'CRITICAL'"'"', '"'"'sdb'"'"')]"
'
test_expect_success UP 'and the agreement check would see a difference' '
	/usr/bin/python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
[m for r in d[\"resources\"] if r[\"id\"] == \"cpu\" for m in r[\"metrics\"]][0][\"avg\"] += 0.001
json.dump(d, open(sys.argv[2], \"w\"))" "$SCRATCH/vm.json" "$SCRATCH/vm2.json" &&
	! /usr/bin/python3 "$SRC/tests/e2e/prom_agree.py" "$SCRATCH/prom.json" "$SCRATCH/vm2.json" >"$SCRATCH/agree2" &&
	test_like "$(cat "$SCRATCH/agree2")" "cpu//cpu_busy_pct avg: 35 != 35.001"
'
