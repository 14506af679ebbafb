#!/bin/sh
# perfweek-report --fleet over several SQLite files made by the real
# collector (tests/e2e/lib-fleet.sh): the counts by status, the ranking,
# the hosts that stopped reporting with their last sample, the heatmap's
# cells against the database, right-sizing, the text's lines, the exit
# status 3 for hosts without data, and --per-host.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/e2e/lib-fleet.sh"
export TZ=UTC
F=$SCRATCH/fleet
DBS="--db $F/a.db --db $F/b.db --db $F/c.db --db $F/d.db --db $F/e.db"
R="-c $SCRATCH/c.conf --fleet --week 2026-W46"
JS=$SCRATCH/out/perfweek-fleet-2026-W46.json
TX=$SCRATCH/out/perfweek-fleet-2026-W46.txt
J() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$JS"; }
H() { echo "[h for h in d['hosts'] if h['host'] == '$1'][0]"; }

test_expect_success FAKETIME 'six hosts in five files, through the real collector' '
	mkdir -p "$F" && fleet_sim "$F" && fleet_config "$SCRATCH/c.conf" &&
	test_set_prereq FLEET
'
test_expect_success FLEET 'the fleet report: exit 3, a host without data and one INCOMPLETE named' '
	test_expect_code 3 pw perfweek-report $R $DBS --format text,json 2>"$SCRATCH/err" &&
	grep -qx "perfweek-report: warning: no snapshots of '"'"'old-1'"'"' in 2026-W46" "$SCRATCH/err" &&
	grep -q "of '"'"'batch-1'"'"' in 2026-W46 are stored: INCOMPLETE" "$SCRATCH/err" &&
	test_set_prereq REPORT
'
test_expect_success REPORT 'counts by status' '
	test_is "$(J "d[\"hosts_total\"], d[\"status_counts\"]")" \
		"6 {'"'"'CRITICAL'"'"': 2, '"'"'WARNING'"'"': 0, '"'"'INCOMPLETE'"'"': 1, '"'"'NO DATA'"'"': 1, '"'"'OK'"'"': 2}"
'
test_expect_success REPORT 'the ranking: worst finding, then critical and warning counts; no data is never healthy' '
	test_is "$(J "[(h[\"rank\"], h[\"host\"], h[\"status\"]) for h in d[\"hosts\"]]")" \
		"[(1, '"'"'db-1'"'"', '"'"'CRITICAL'"'"'), (2, '"'"'web-1'"'"', '"'"'CRITICAL'"'"'), (3, '"'"'old-1'"'"', '"'"'NO DATA'"'"'), (4, '"'"'batch-1'"'"', '"'"'INCOMPLETE'"'"'), (5, '"'"'idle-1'"'"', '"'"'OK'"'"'), (6, '"'"'web-2'"'"', '"'"'OK'"'"')]"
'
# the last snapshot of a host as the database has it
LAST() { sqlite3 "$F/$1" "SELECT max(ts) FROM snapshot JOIN host ON host.id = host_id WHERE name = '$2'"; }
test_expect_success REPORT 'the hosts that stopped reporting, longest silent first, with their last sample' '
	test_is "$(J "[(s[\"host\"], s[\"last_sample_ts\"]) for s in d[\"stopped\"]]")" \
		"[('"'"'old-1'"'"', $(LAST d.db old-1)), ('"'"'batch-1'"'"', $(LAST c.db batch-1))]" &&
	test_is "$(J "d[\"stopped\"][1][\"last_sample\"]")" "Wed 2026-11-11 23:00 UTC" &&
	test_is "$(J "[h[\"stopped\"] for h in d[\"hosts\"]]")" \
		"[False, False, True, True, False, False]"
'
# The mean CPU busy (100 - idle - iowait) of a host's day, from SQL.
DAY() { sqlite3 "$F/$1" "SELECT printf('%g', round(avg(100 - cpu_idle_pct - cpu_iowait_pct), 1)) FROM snapshot JOIN host ON host.id = host_id WHERE name = '$2' AND ts >= $3 AND ts < $3 + 86400 AND cpu_idle_pct IS NOT NULL"; }
TUE=1794268800
test_expect_success REPORT 'heatmap: web-1 on Tuesday (two saturated hours) and idle-1 on Sunday, as the database says' '
	test_is "$(J "$(H web-1)[\"cpu_busy_by_day\"][1]")" "$(DAY a.db web-1 $TUE)" &&
	test_is "$(J "$(H web-1)[\"cpu_busy_by_day\"][1]")" 16.3 &&
	test_is "$(J "$(H idle-1)[\"cpu_busy_by_day\"][6]")" "$(DAY e.db idle-1 $((TUE + 5 * 86400)))" &&
	test_is "$(J "d[\"heatmap_days\"][1], $(H batch-1)[\"cpu_busy_by_day\"][3], $(H old-1)[\"cpu_busy_by_day\"]")" \
		"Tue 11-10 None [None, None, None, None, None, None, None]"
'
test_expect_success REPORT 'right-sizing: the quiet 2-CPU 8 GiB hosts keep 1 CPU and 5 GiB' '
	test_is "$(J "[(r[\"host\"], r[\"cpus\"], r[\"cpus_needed\"], r[\"cpus_removable\"], r[\"memory_gib\"], r[\"memory_gib_needed\"], r[\"memory_gib_removable\"]) for r in d[\"rightsizing\"][\"hosts\"]]")" \
		"[('"'"'idle-1'"'"', 2, 1, 1, 8, 5, 3), ('"'"'web-2'"'"', 2, 1, 1, 8, 5, 3)]" &&
	test_is "$(J "d[\"rightsizing\"][\"cpus_removable\"], d[\"rightsizing\"][\"memory_gib_removable\"], $(H batch-1)[\"underused\"]")" \
		"2 6 False"
'
test_expect_success REPORT 'right-sizing figures from the host: 2 x p95 / 70 % rounded up, 8 GiB x max / 70 %' '
	test_is "$(J "$(H idle-1)[\"cpu_busy_p95_pct\"] < 20, $(H idle-1)[\"mem_used_p95_pct\"] < 50, -(-8 * $(H idle-1)[\"mem_used_max_pct\"] // 70)")" \
		"True True 5.0"
'
test_expect_success REPORT 'top lists: CPU p95 and retransmits led by db-1' '
	test_is "$(J "[t[\"host\"] for t in d[\"top\"][\"cpu_busy_p95\"][\"hosts\"]][:2], d[\"top\"][\"tcp_retrans_per_s\"][\"hosts\"][0][\"host\"], len(d[\"top\"][\"mem_used_p95\"][\"hosts\"])")" \
		"['"'"'db-1'"'"', '"'"'batch-1'"'"'] db-1 5"
'
test_expect_success REPORT 'the week across the fleet: CPUs and GiB of the hosts with data' '
	test_is "$(J "d[\"totals\"][\"cpus\"], d[\"totals\"][\"memory_gib\"], d[\"totals\"][\"critical_findings\"]")" \
		"12 43.8 9"
'
test_expect_success REPORT 'the text: counts, stopped hosts and the ranked rows' '
	grep -qx "Hosts:     6: 2 CRITICAL, 0 WARNING, 1 INCOMPLETE, 1 NO DATA, 2 OK" "$TX" &&
	grep -qx "  batch-1                    INCOMPLETE  last sample Wed 2026-11-11 23:00 UTC" "$TX" &&
	grep -qx "    2  web-1                  CRITICAL      1    5  CPU saturation" "$TX" &&
	grep -qx "    3  old-1                  NO DATA       1    0  Collector not running" "$TX" &&
	grep -qx "  idle-1                        2       9      1      1       8      5      3" "$TX" &&
	grep -qx "  could be removed: 2 CPUs and 6 GiB on 2 hosts" "$TX"
'
test_expect_success REPORT 'every key of the JSON is documented in docs/fleet-json.md' '
	J "\"\\n\".join(sorted(set(list(d) + list(d[\"hosts\"][0]) + list(d[\"rightsizing\"]) + list(d[\"rightsizing\"][\"hosts\"][0]) + list(d[\"totals\"]) + list(d[\"stopped\"][0]))))" >"$SCRATCH/keys" &&
	test -s "$SCRATCH/keys" &&
	for k in $(cat "$SCRATCH/keys"); do grep -q "\`$k\`" "$SRC/docs/fleet-json.md" || echo "$k"; done >"$SCRATCH/undocumented" &&
	test_is "$(cat "$SCRATCH/undocumented")" ""
'
test_expect_success REPORT 'the same bytes on a second run' '
	cp "$JS" "$SCRATCH/first.json" &&
	test_expect_code 3 pw perfweek-report $R $DBS --format json 2>/dev/null &&
	cmp "$SCRATCH/first.json" "$JS"
'
test_expect_success REPORT '--per-host: each host'"'"'s own report beside the fleet'"'"'s' '
	rm -rf "$SCRATCH/out" &&
	test_expect_code 3 pw perfweek-report $R $DBS --per-host --format json 2>/dev/null &&
	(cd "$SCRATCH/out" && ls) >"$SCRATCH/ls" &&
	test_is "$(tr "\n" " " <"$SCRATCH/ls")" \
		"perfweek-batch-1-2026-W46.json perfweek-db-1-2026-W46.json perfweek-fleet-2026-W46.json perfweek-idle-1-2026-W46.json perfweek-old-1-2026-W46.json perfweek-web-1-2026-W46.json perfweek-web-2-2026-W46.json " &&
	/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[\"summary\"][\"status\"])" \
		"$SCRATCH/out/perfweek-web-1-2026-W46.json" >"$SCRATCH/st" &&
	test_is "$(cat "$SCRATCH/st")" CRITICAL
'
test_expect_success REPORT '--stdout prints the fleet text only' '
	test_expect_code 3 pw perfweek-report $R $DBS --stdout >"$SCRATCH/stdout" 2>/dev/null &&
	test_is "$(head -1 "$SCRATCH/stdout")" "perfweek fleet report: every host"
'

command -v pdftotext >/dev/null && test_set_prereq PDFTOTEXT
test_expect_success REPORT,PDFTOTEXT 'the PDF'"'"'s page 1: the counts, the stopped hosts with their last sample, the ranking' '
	test_expect_code 3 pw perfweek-report $R $DBS --format pdf 2>/dev/null &&
	pdftotext -f 1 -l 1 -raw "$SCRATCH/out/perfweek-fleet-2026-W46.pdf" "$SCRATCH/p1.txt" &&
	tr "\n" " " <"$SCRATCH/p1.txt" | grep -q "hosts 6 CRITICAL 2 WARNING 0 INCOMPLETE 1 NO DATA 1 OK 2 " &&
	grep -qx "batch-1 INCOMPLETE Wed 2026-11-11 23:00 UTC" "$SCRATCH/p1.txt" &&
	grep -qx "3 old-1 NO DATA 1 0 \[CRITICAL\] Collector not running" "$SCRATCH/p1.txt" &&
	pdftotext -f 2 -l 2 -raw "$SCRATCH/out/perfweek-fleet-2026-W46.pdf" "$SCRATCH/p2.txt" &&
	grep -qx "web-1 9 16 9 9 9 9 9" "$SCRATCH/p2.txt"
'
