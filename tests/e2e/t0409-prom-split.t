#!/bin/sh
# A week at a 30 s step is 20,160 points a series, more than the 11,000 a
# Prometheus query_range answers: the store refuses one such query, the
# source cuts each into chunks of 11,000 instants (two each) sent
# concurrently, and joins them without a duplicate or a lost sample at
# the seams; the request count is logged: the boot time's raw samples
# (one request a week: the week and the four before it, which are empty)
# and 33 queries (every CPU mode in one, 32 more metrics) of two calls
# each for the week, 71 in all.  VictoriaMetrics, held to the
# same limit (-search.maxPointsPerTimeseries), gives the same figures.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-promsrc.sh"
export TZ=UTC
C=$SCRATCH/c.conf
R="--week 2025-W49 --format json --offline"
OUT=$SCRATCH/out/perfweek-h1:9100-2025-W49.json

test_expect_success PROM 'a week at a 30 s step in Prometheus' '
	/usr/bin/python3 "$SRC/tests/e2e/prom_week.py" $PROM_T0 20160 30 --minimal >"$SCRATCH/w.om" &&
	prom_start prom "$SCRATCH/w.om" &&
	prom_config "$C" "$PROM_URL" "step_s = 30" &&
	test_set_prereq UP
'
test_expect_success UP 'Prometheus refuses the week in one query_range' '
	curl -s "$PROM_URL/api/v1/query_range" --data-urlencode "query=node_load1" \
		-d start=$PROM_T0 -d end=$((PROM_T0 + 604799)) -d step=30 >"$SCRATCH/one.json" &&
	test_like "$(cat "$SCRATCH/one.json")" "exceeded maximum resolution of 11,000 points per timeseries"
'
test_expect_success UP 'the report: every sample once, in two query_range calls a query' '
	pw perfweek-report -c "$C" $R -vv &&
	test_like "$(cat "$SCRATCH/err")" "20162 points a series: 2 query_range calls each" &&
	test_is "$(J "$OUT" "d[\"coverage\"][\"stored\"]")" 20160 &&
	test_is "$(J "$OUT" "d[\"coverage\"][\"pct\"]")" 100 &&
	test_is "$(J "$OUT" "[m[\"samples\"] for r in d[\"resources\"] for m in r.get(\"metrics\", []) if m[\"id\"] == \"ctxt_per_s\"][0]")" 20159 &&
	test_is "$(J "$OUT" "[m[\"avg\"] for r in d[\"resources\"] for m in r.get(\"metrics\", []) if m[\"id\"] == \"ctxt_per_s\"][0]")" 1000 &&
	test_like "$(cat "$SCRATCH/err")" "66 requests to /api/v1/query_range" &&
	test_like "$(cat "$SCRATCH/err")" "source \(http://127.0.0.1:[0-9]+\): 71 HTTP requests"
'
test_expect_success UP,VM 'VictoriaMetrics at the same limit: the same figures' '
	/usr/bin/python3 "$SRC/tests/e2e/prom_week.py" $PROM_T0 20160 30 --minimal --format prom >"$SCRATCH/w.prom" &&
	vm_start vm "$SCRATCH/w.prom" -search.maxPointsPerTimeseries=11000 &&
	cp "$OUT" "$SCRATCH/prom.json" &&
	prom_config "$C" "$VM_URL" "step_s = 30" &&
	pw perfweek-report -c "$C" $R &&
	test_is "$(J "$OUT" "d[\"coverage\"][\"stored\"]")" 20160 &&
	test_is "$(J "$OUT" "[m[\"samples\"] for r in d[\"resources\"] for m in r.get(\"metrics\", []) if m[\"id\"] == \"ctxt_per_s\"][0]")" 20159
'
