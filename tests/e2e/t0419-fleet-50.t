#!/bin/sh
# The fleet report of the harness's 50 simulated hosts (tests/prom/fleet.py
# through lib-prom.sh's prom_fleet: each host its own simweek run at
# hourly steps, one SQLite file each): the counts by status equal the
# hosts' own reports, the three hosts that stopped reporting named first
# with their last sample, no host short of data ranked among the healthy,
# right-sizing lists exactly the under-used hosts, the filling disk
# first among the filesystems, a heatmap cell against SQL, and the PDF.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/prom/lib-prom.sh"
export TZ=UTC
PY=/usr/bin/python3
C=$SCRATCH/c.conf
JS=$SCRATCH/out/perfweek-fleet-2026-W46.json
J() { $PY -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$JS"; }

test_expect_success NODE_EXPORTER,FAKETIME 'the fleet builds (or comes from the cache)' '
	prom_fleet && test -s "$PROM_FLEET_HOSTS_FILE" && test_set_prereq FLEET
'
[ "$PROM_FLEET_HOSTS" = 50 ] && [ "$PROM_FLEET_STEP" = 3600 ] && test_set_prereq STANDARD
test_expect_success FLEET,STANDARD 'the fleet report of the directory: exit 3 (hosts short of data)' '
	printf "[report]\ntimezone = UTC\noutput_dir = %s/out\n\n[fleet]\ndatabases = %s/*.db\n" \
		"$SCRATCH" "$PROM_FLEET_DBS" >"$C" &&
	test_expect_code 3 pw perfweek-report -c "$C" --fleet --week 2026-W46 --format text,json,pdf --per-host 2>"$SCRATCH/err" &&
	test_set_prereq REPORT
'
test_expect_success REPORT 'the counts by status are the tally of the hosts'"'"' own reports' '
	for f in "$SCRATCH"/out/perfweek-fleet-[0-9]*-2026-W46.json; do
		$PY -c "import json,sys; print(json.load(open(sys.argv[1]))[\"summary\"][\"status\"])" "$f" || exit 1
	done | sort | uniq -c | awk "{ n = \$1; \$1 = \"\"; sub(/^ /, \"\"); print \$0 \": \" n }" | sort >"$SCRATCH/want" &&
	J "\"\\n\".join(sorted(\"%s: %d\" % (k, v) for k, v in d[\"status_counts\"].items() if v))" >"$SCRATCH/got" &&
	test_cmp "$SCRATCH/want" "$SCRATCH/got" &&
	test_is "$(J "d[\"hosts_total\"]")" 50
'
test_expect_success REPORT 'every host'"'"'s status and finding counts as in its own report' '
	J "\"\\n\".join(\"%s %s %d %d\" % (h[\"host\"], h[\"status\"], h[\"critical\"], h[\"warning\"]) for h in sorted(d[\"hosts\"], key=lambda h: h[\"host\"]))" >"$SCRATCH/got" &&
	for f in "$SCRATCH"/out/perfweek-fleet-[0-9]*-2026-W46.json; do
		$PY -c "import json,sys; d=json.load(open(sys.argv[1])); s=d[\"summary\"]; print(d[\"host\"], s[\"status\"], s[\"critical\"], s[\"warning\"])" "$f" || exit 1
	done >"$SCRATCH/want" &&
	test_cmp "$SCRATCH/want" "$SCRATCH/got"
'
test_expect_success REPORT 'stopped: fleet-04, -09, -14, longest silent first, one step before they stopped' '
	awk "\$3 != \"-\" { print \$1, \$3 - $PROM_FLEET_STEP }" "$PROM_FLEET_HOSTS_FILE" >"$SCRATCH/want" &&
	J "\"\\n\".join(\"%s %d\" % (s[\"host\"], s[\"last_sample_ts\"]) for s in d[\"stopped\"])" >"$SCRATCH/got" &&
	test_cmp "$SCRATCH/want" "$SCRATCH/got" &&
	test_is "$(J "d[\"stopped\"][0][\"last_sample\"], d[\"stopped\"][0][\"status\"]")" \
		"Wed 2026-11-11 17:00 UTC INCOMPLETE"
'
test_expect_success REPORT 'the ranking: by worst finding; no host short of data after a healthy one' '
	J "[h[\"status\"] for h in d[\"hosts\"]]" >"$SCRATCH/st" &&
	$PY - "$JS" <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	sev = {"CRITICAL": 3, "WARNING": 2, "INFO": 1}
	worst = [sev.get((h["top_finding"] or {}).get("severity"), 0) for h in d["hosts"]]
	assert worst == sorted(worst, reverse=True), worst
	first_ok = min(i for i, h in enumerate(d["hosts"]) if h["status"] == "OK")
	assert all(h["status"] not in ("NO DATA", "INCOMPLETE") for h in d["hosts"][first_ok:])
	assert [h["rank"] for h in d["hosts"]] == list(range(1, 51))
	PY
'
test_expect_success REPORT 'right-sizing: exactly the twenty under-used hosts, each 1 CPU and its GiB to keep' '
	awk "\$2 == \"underused\" { print \$1 }" "$PROM_FLEET_HOSTS_FILE" | sort >"$SCRATCH/want" &&
	J "\"\\n\".join(sorted(r[\"host\"] for r in d[\"rightsizing\"][\"hosts\"]))" >"$SCRATCH/got" &&
	test_cmp "$SCRATCH/want" "$SCRATCH/got" &&
	J "\"\\n\".join(\"%s %s %s %s\" % (r[\"host\"], r[\"cpus\"], r[\"cpus_needed\"], r[\"memory_gib_needed\"] == -(-r[\"memory_gib\"] * r[\"mem_used_max_pct\"] // 70)) for r in d[\"rightsizing\"][\"hosts\"])" >"$SCRATCH/rs" &&
	test_is "$(cut -d" " -f2- "$SCRATCH/rs" | sort -u)" "2 1 True" &&
	test_is "$(J "d[\"rightsizing\"][\"cpus_removable\"]")" 20
'
test_expect_success REPORT 'the filling disk of fleet-05 is the first filesystem closest to full' '
	if grep -q " fs$" "$PROM_FLEET_HOSTS_FILE"; then
		test_is "$(J "d[\"filesystems\"][0][\"host\"], d[\"filesystems\"][0][\"days_to_full\"] is not None")" "fleet-05 True"
	else
		test_is "$(J "len(d[\"filesystems\"])")" 0
	fi
'
DAY() { sqlite3 "$PROM_FLEET_DBS/$1.db" "SELECT printf('%g', round(avg(100 - cpu_idle_pct - cpu_iowait_pct), 1)) FROM snapshot WHERE ts >= $2 AND ts < $2 + 86400 AND cpu_idle_pct IS NOT NULL"; }
test_expect_success REPORT 'heatmap: fleet-01 on Tuesday and fleet-09 on Saturday (stopped Friday: none)' '
	test_is "$(J "[h for h in d[\"hosts\"] if h[\"host\"] == \"fleet-01\"][0][\"cpu_busy_by_day\"][1]")" \
		"$(DAY fleet-01 $((PROM_WEEK_START + 86400)))" &&
	test_is "$(J "[h for h in d[\"hosts\"] if h[\"host\"] == \"fleet-09\"][0][\"cpu_busy_by_day\"][5]")" None
'
command -v pdftotext >/dev/null && command -v qpdf >/dev/null && test_set_prereq PDFTOOLS
test_expect_success REPORT,PDFTOOLS 'the PDF: valid, page 1 names the stopped hosts' '
	qpdf --check "$SCRATCH/out/perfweek-fleet-2026-W46.pdf" >/dev/null &&
	pdftotext -raw -f 1 -l 1 "$SCRATCH/out/perfweek-fleet-2026-W46.pdf" "$SCRATCH/p1.txt" &&
	grep -qx "fleet-04 INCOMPLETE Wed 2026-11-11 17:00 UTC" "$SCRATCH/p1.txt" &&
	grep -q "^fleet-14 " "$SCRATCH/p1.txt" &&
	tr "\n" " " <"$SCRATCH/p1.txt" | grep -q "hosts 50 CRITICAL"
'
