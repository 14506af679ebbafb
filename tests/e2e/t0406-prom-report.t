#!/bin/sh
# perfweek-report from a real Prometheus (backfilled with promtool from
# tests/e2e/prom_week.py's hand-made history): the exact per-interval
# rates of the known counters, the filesystem and interface filters of
# [collect], coverage 100 % with one sample per step, and the second
# host's day with a gap, a reboot and a disk that appears halfway: a
# gap of the missing minutes, one reboot, no rate at the first sample
# after it, the late disk partly covered (NAN before it, not zeros); a
# period without samples is NO DATA, exit 3, naming the hosts the store
# knows.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-promsrc.sh"
export TZ=UTC
R="--from 2025-12-01 --to 2025-12-02 --format json,text --offline"
JS1=$SCRATCH/out/perfweek-h1:9100-2025-12-01_to_2025-12-02.json
JS2=$SCRATCH/out/perfweek-h2:9100-2025-12-01_to_2025-12-02.json

test_expect_success PROM 'a day of two hosts in a real Prometheus' '
	/usr/bin/python3 "$SRC/tests/e2e/prom_week.py" $PROM_T0 1440 60 >"$SCRATCH/h1.om" &&
	/usr/bin/python3 "$SRC/tests/e2e/prom_week.py" $PROM_T0 1440 60 --host h2:9100 \
		--gap 100:160 --reboot-at 1000 --disk2-from 720 >"$SCRATCH/h2.om" &&
	prom_start prom "$SCRATCH/h1.om $SCRATCH/h2.om" &&
	prom_config "$SCRATCH/c.conf" "$PROM_URL" &&
	test_set_prereq UP
'
test_expect_success UP 'the report of h1: exit 0' '
	pw perfweek-report -c "$SCRATCH/c.conf" $R
'
m() {	# m FILE RESOURCE METRIC FIELD [DEVICE]
	J "$1" "[x for r in d[\"resources\"] if r[\"id\"] == \"$2\" for x in (r.get(\"metrics\") or [m for dv in r.get(\"devices\", []) if dv[\"name\"] == \"${5:-}\" for m in dv[\"metrics\"]]) if x[\"id\"] == \"$3\"][0][\"$4\"]"
}
test_expect_success UP 'the CPU rates are the counters exact per-interval ones' '
	test_is "$(m "$JS1" cpu cpu_busy_pct avg)" 35 &&
	test_is "$(m "$JS1" cpu cpu_user_pct max)" 20 &&
	test_is "$(m "$JS1" cpu cpu_iowait_pct min)" 5 &&
	test_is "$(m "$JS1" cpu cpu_busy_pct samples)" 1439 &&
	test_is "$(m "$JS1" cpu ctxt_per_s avg)" 1000
'
test_expect_success UP 'memory, load, faults and TCP' '
	test_is "$(m "$JS1" memory majfault_per_s avg)" 2 &&
	test_is "$(m "$JS1" cpu load1 samples)" 1440 &&
	test_is "$(m "$JS1" cpu load1 max)" 0.59 &&
	test_is "$(m "$JS1" network tcp_established avg)" 10
'
test_expect_success UP 'the disk: IOPS, await from the time and the operations, utilisation, queue' '
	test_is "$(m "$JS1" disk disk.reads_per_s avg sda)" 10 &&
	test_is "$(m "$JS1" disk disk.await_ms p95 sda)" 3.33 &&
	test_is "$(m "$JS1" disk disk.util_pct avg sda)" 30 &&
	test_is "$(m "$JS1" disk disk.queue_size avg sda)" 0.5
'
test_expect_success UP 'filesystems of [collect] fs_types only, interfaces without lo' '
	test_is "$(J "$JS1" "[dv[\"name\"] for r in d[\"resources\"] if r[\"id\"] == \"filesystem\" for dv in r[\"devices\"]]")" "['"'"'/'"'"']" &&
	test_is "$(J "$JS1" "[dv[\"name\"] for r in d[\"resources\"] if r[\"id\"] == \"netif\" for dv in r[\"devices\"]]")" "['"'"'eth0'"'"']" &&
	test_is "$(m "$JS1" filesystem filesystem.used_pct min /)" 52.6
'
test_expect_success UP 'coverage: every step has its sample' '
	test_is "$(J "$JS1" "d[\"coverage\"][\"pct\"]")" 100 &&
	test_is "$(J "$JS1" "d[\"coverage\"][\"stored\"]")" 1440 &&
	test_is "$(J "$JS1" "d[\"summary\"][\"status\"]")" OK
'
test_expect_success UP 'h2: a gap, a reboot, a disk from halfway' '
	pw perfweek-report -c "$SCRATCH/c.conf" $R --host h2:9100 &&
	test_is "$(J "$JS2" "d[\"coverage\"][\"stored\"]")" 1380 &&
	test_is "$(J "$JS2" "len(d[\"coverage\"][\"gaps\"])")" 1 &&
	test_is "$(J "$JS2" "d[\"coverage\"][\"gaps\"][0][\"minutes\"]")" 60 &&
	test_is "$(J "$JS2" "len(d[\"coverage\"][\"reboots\"])")" 1 &&
	test_is "$(m "$JS2" cpu cpu_busy_pct samples)" 1378 &&
	test_is "$(m "$JS2" cpu cpu_busy_pct max)" 35 &&
	test_is "$(m "$JS2" disk disk.reads_per_s samples sdb)" 718 &&
	test_is "$(m "$JS2" disk disk.reads_per_s avg sdb)" 10
'
test_expect_success UP 'a period without samples: NO DATA, exit 3, the hosts named' '
	test_expect_code 3 pw perfweek-report -c "$SCRATCH/c.conf" --from 2025-12-03 \
		--to 2025-12-04 --format json --offline --host h3:9100 -v &&
	grep -F "no samples of instance=\"h3:9100\" in the period (hosts in the 35 days before its end: h1:9100, h2:9100)" "$SCRATCH/err" ||
	{ cat "$SCRATCH/err"; false; }
'
