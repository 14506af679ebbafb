#!/bin/sh
# The fleet's figures computed by the store (source_host_stats, host_stats.h)
# from real servers: tests/unit/test_prom_stats.c against a Prometheus
# and a VictoriaMetrics holding a day of two hosts (one with a gap): the
# same figures from both, nineteen requests for all hosts, and CPU busy
# with an overridden share.  Needs the
# unit test built (make unit; PERFWEEK_UNIT names its directory).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-promsrc.sh"
UNIT=${PERFWEEK_UNIT:-$SRC/build/tests}
[ -x "$UNIT/test_prom_stats" ] && test_set_prereq UNITBIN

test_expect_success PROM,UNITBIN 'two hosts in Prometheus: the figures of test_prom_stats' '
	W="$SRC/tests/e2e/prom_week.py $PROM_T0 1440 60" &&
	/usr/bin/python3 $W >"$SCRATCH/h1.om" &&
	/usr/bin/python3 $W --host h2:9100 --gap 100:160 --reboot-at 1000 >"$SCRATCH/h2.om" &&
	prom_start prom "$SCRATCH/h1.om $SCRATCH/h2.om" &&
	CMOCKA_MESSAGE_OUTPUT=TAP PERFWEEK_PROM_URL=$PROM_URL $WRAP "$UNIT/test_prom_stats" >"$SCRATCH/unit.tap" &&
	test_like "$(cat "$SCRATCH/unit.tap")" "^ok 1 - test_host_stats" &&
	grep -qx "ok 2 - test_busy_override" "$SCRATCH/unit.tap" &&
	! grep -q SKIP "$SCRATCH/unit.tap"
'
test_expect_success VM,UNITBIN 'and the same from VictoriaMetrics' '
	/usr/bin/python3 $W --format prom >"$SCRATCH/h1.prom" &&
	/usr/bin/python3 $W --host h2:9100 --gap 100:160 --reboot-at 1000 --format prom >>"$SCRATCH/h1.prom" &&
	vm_start vm "$SCRATCH/h1.prom" &&
	CMOCKA_MESSAGE_OUTPUT=TAP PERFWEEK_PROM_URL=$VM_URL $WRAP "$UNIT/test_prom_stats" >"$SCRATCH/unit.tap" 2>&1 ||
	{ cat "$SCRATCH/unit.tap"; false; }
'
