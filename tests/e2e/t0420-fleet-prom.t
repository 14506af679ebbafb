#!/bin/sh
# perfweek-report --fleet from a real Prometheus and a real VictoriaMetrics
# (tests/e2e/prom_week.py's hand-made week of four hosts, three of them
# with a team label): the store computes every host's figures, one query
# per figure for all hosts (20 with [fleet] group_by, 19 without); each
# host's status from its figures against the [findings] limits; one
# report per value of group_by, mailed to its [fleet "VALUE"] to through
# a real SMTP server; --per-host reads each host's series for its own
# report; the configuration errors of the store's fleet.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-promsrc.sh"
. "$SRC/tests/e2e/lib-mail.sh"
export TZ=UTC
PY=/usr/bin/python3
C=$SCRATCH/c.conf
O=$SCRATCH/out
WK="--from 2025-12-01 --to 2025-12-08"
R="-c $C --fleet $WK"
JS=$O/perfweek-fleet-2025-12-01_to_2025-12-08.json
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null && test_set_prereq AIOSMTPD
# G GROUP EXPR: EXPR of a fleet JSON ("" GROUP: every host)
G() { $PY -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" \
	"$O/perfweek-fleet${1:+-$1}-2025-12-01_to_2025-12-08.json"; }
# week HOST TEAM BUSY [ARGS]: a week at 10-minute steps, as OpenMetrics
week() {
	h=$1 team=$2 busy=$3
	shift 3
	$PY "$SRC/tests/e2e/prom_week.py" $PROM_T0 1008 600 --host "$h:9100" \
		${team:+--labels "team=\"$team\""} --busy "$busy" "$@"
}
# conf URL [LINES [SOURCE-LINES]]: the fleet's configuration over the
# store at URL, [report] min_coverage_pct left at its default
conf() {
	printf '[general]\ndatabase = %s/pw.db\n\n[report]\ntimezone = UTC\n' "$SCRATCH" >"$C" &&
	printf 'output_dir = %s\n\n[source]\ntype = prometheus\nurl = %s\n' "$O" "$1" >>"$C" &&
	printf 'step_s = 600\n%b%b' "${3:-}" "${2:-}" >>"$C"
}

test_expect_success PROM 'a week of four hosts in a real Prometheus' '
	week h1 db 35 >"$SCRATCH/h1.om" &&
	week h2 db 92 >"$SCRATCH/h2.om" &&
	week h3 web 12 --gap 900:1008 >"$SCRATCH/h3.om" &&
	$PY "$SRC/tests/e2e/prom_week.py" $PROM_T0 300 600 --host h4:9100 >"$SCRATCH/h4.om" &&
	prom_start prom "$SCRATCH/h1.om $SCRATCH/h2.om $SCRATCH/h3.om $SCRATCH/h4.om" &&
	test_set_prereq UP
'
test_expect_success UP 'the fleet without groups: 19 queries for the four hosts, exit 3 for the short one' '
	conf "$PROM_URL" &&
	{ test_expect_code 3 pw perfweek-report $R --format json,text -v 2>"$SCRATCH/err" || { cat "$SCRATCH/err"; false; }; } &&
	grep -qx "perfweek-report: the figures of 4 hosts in 19 queries to the store" "$SCRATCH/err" &&
	grep -qx "perfweek-report: warning: only 29.8 % of the expected snapshots of '"'"'h4:9100'"'"' in 2025-12-01 to 2025-12-08 are stored: INCOMPLETE" "$SCRATCH/err"
'
test_expect_success UP 'each host: its store figures, rounded as a host report rounds them' '
	test_is "$(G "" "[(h[\"host\"], h[\"cpu_busy_p95_pct\"], h[\"cpu_busy_avg_pct\"], h[\"cpus\"], h[\"memory_gib\"]) for h in sorted(d[\"hosts\"], key=lambda h: h[\"host\"])]")" \
		"[('"'"'h1:9100'"'"', 35, 35, 2, 7.5), ('"'"'h2:9100'"'"', 92, 92, 2, 7.5), ('"'"'h3:9100'"'"', 12, 12, 2, 7.5), ('"'"'h4:9100'"'"', 35, 35, 2, 7.5)]" &&
	test_is "$(G "" "[h[\"store_quantiles\"] for h in d[\"hosts\"]]")" "[True, True, True, True]" &&
	test_is "$(G "" "d[\"hosts\"][0][\"source\"]")" "$PROM_URL"
'
test_expect_success UP 'the verdicts: p95 92 % past the CPU warning limit, the short host INCOMPLETE, never OK' '
	test_is "$(G "" "[(h[\"host\"], h[\"status\"], h[\"top_finding\"] and h[\"top_finding\"][\"title\"]) for h in d[\"hosts\"]]")" \
		"[('"'"'h4:9100'"'"', '"'"'INCOMPLETE'"'"', '"'"'Collector not running'"'"'), ('"'"'h2:9100'"'"', '"'"'WARNING'"'"', '"'"'CPU busy (p95)'"'"'), ('"'"'h1:9100'"'"', '"'"'OK'"'"', None), ('"'"'h3:9100'"'"', '"'"'OK'"'"', None)]" &&
	test_is "$(G "" "[s[\"host\"] for s in d[\"stopped\"]]")" "['"'"'h4:9100'"'"', '"'"'h3:9100'"'"']"
'
test_expect_success UP 'right-sizing from the store: h3 at 12 % keeps 1 of its 2 CPUs' '
	test_is "$(G "" "[(h[\"host\"], h[\"cpus_needed\"], h[\"cpus_removable\"]) for h in d[\"rightsizing\"][\"hosts\"]]")" \
		"[('"'"'h3:9100'"'"', 1, 1)]"
'
test_expect_success UP 'the heatmap from one query of daily means: h4 has three days' '
	test_is "$(G "" "[h[\"cpu_busy_by_day\"] for h in d[\"hosts\"] if h[\"host\"] == \"h4:9100\"][0]")" \
		"[35, 35, 35, None, None, None, None]"
'
test_expect_success UP 'the notes say whose percentiles these are' '
	test_is "$(G "" "[n.startswith(\"Percentiles of hosts read from a Prometheus-compatible store are the store\") for n in d[\"notes\"]].count(True)")" 1 &&
	grep -q "^  - Percentiles of hosts read from a Prometheus-compatible store are the" "$O/perfweek-fleet-2025-12-01_to_2025-12-08.txt"
'
test_expect_success UP,AIOSMTPD 'an SMTP server' '
	smtp_start smtp smtp_server.py && test -n "$port" && test_set_prereq SMTP
'
test_expect_success UP,SMTP 'group_by = team: a report for db and for web, mailed to their own to; one query more' '
	rm -rf "$O" &&
	conf "$PROM_URL" "\n[mail]\nurl = smtp://127.0.0.1:$port\nstarttls = off\nfrom = perfweek@example.org\nto = ops@example.org\n\n[fleet]\ngroup_by = team\n\n[fleet \"db\"]\nto = dba@example.org\n\n[fleet \"ops\"]\nto = nobody@example.org\n" &&
	test_expect_code 3 pw perfweek-report $R --format json,text,pdf --mail -v 2>"$SCRATCH/err" &&
	grep -qx "perfweek-report: the figures of 4 hosts in 20 queries to the store" "$SCRATCH/err" &&
	grep -qx "perfweek-report: 1 of the hosts have no label '"'"'team'"'"': they are in no group'"'"'s report" "$SCRATCH/err" &&
	grep -qx "perfweek-report: warning: \[fleet \"ops\"\]: no host has team=\"ops\"" "$SCRATCH/err" &&
	test_is "$(ls "$O" | tr "\n" " ")" "perfweek-fleet-2025-12-01_to_2025-12-08.json perfweek-fleet-2025-12-01_to_2025-12-08.pdf perfweek-fleet-2025-12-01_to_2025-12-08.txt perfweek-fleet-db-2025-12-01_to_2025-12-08.json perfweek-fleet-db-2025-12-01_to_2025-12-08.pdf perfweek-fleet-db-2025-12-01_to_2025-12-08.txt perfweek-fleet-web-2025-12-01_to_2025-12-08.json perfweek-fleet-web-2025-12-01_to_2025-12-08.pdf perfweek-fleet-web-2025-12-01_to_2025-12-08.txt " &&
	test_set_prereq SENT
'
test_expect_success SENT 'each group holds the hosts of its label value' '
	test_is "$(G db "d[\"group\"], [(h[\"host\"], h[\"group_value\"]) for h in d[\"hosts\"]]")" \
		"db [('"'"'h2:9100'"'"', '"'"'db'"'"'), ('"'"'h1:9100'"'"', '"'"'db'"'"')]" &&
	test_is "$(G web "d[\"group\"], [h[\"host\"] for h in d[\"hosts\"]], d[\"rightsizing\"][\"cpus_removable\"]")" \
		"web ['"'"'h3:9100'"'"'] 1" &&
	test_is "$(G "" "d[\"hosts_total\"], [h[\"group_value\"] for h in d[\"hosts\"]]")" \
		"4 [None, '"'"'db'"'"', '"'"'db'"'"', '"'"'web'"'"']" &&
	grep -qx "perfweek fleet report: group web" "$O/perfweek-fleet-web-2025-12-01_to_2025-12-08.txt"
'
# rcpt N: the recipients and subject of message N
rcpt() {
	$PY - "$SCRATCH/smtp/msg-$1.eml" "$SCRATCH/smtp/msg-$1.json" <<'PY'
import email, email.policy, json, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
print(" ".join(sorted(json.load(open(sys.argv[2]))["rcpt_tos"])), "|", m["Subject"])
PY
}
test_expect_success SENT 'three mails: every host to [mail] to, db to its section, web (no section) to [mail] to' '
	test_is "$(rcpt 1)" "ops@example.org | perfweek fleet 2025-12-01 to 2025-12-08: 1 WARNING, 1 INCOMPLETE, 2 OK" &&
	test_is "$(rcpt 2)" "dba@example.org | perfweek fleet-db 2025-12-01 to 2025-12-08: 1 WARNING, 1 OK" &&
	test_is "$(rcpt 3)" "ops@example.org | perfweek fleet-web 2025-12-01 to 2025-12-08: 1 OK" &&
	test ! -e "$SCRATCH/smtp/msg-4.eml"
'
test_expect_success UP '--per-host: each host with samples gets its own report from its series' '
	rm -rf "$O" && conf "$PROM_URL" &&
	test_expect_code 3 pw perfweek-report $R --format json --per-host 2>"$SCRATCH/err" &&
	test_is "$(ls "$O" | tr "\n" " ")" "perfweek-fleet-2025-12-01_to_2025-12-08.json perfweek-h1:9100-2025-12-01_to_2025-12-08.json perfweek-h2:9100-2025-12-01_to_2025-12-08.json perfweek-h3:9100-2025-12-01_to_2025-12-08.json perfweek-h4:9100-2025-12-01_to_2025-12-08.json " &&
	test_is "$(J "$O/perfweek-h2:9100-2025-12-01_to_2025-12-08.json" "[m[\"max\"] for r in d[\"resources\"] if r[\"id\"] == \"cpu\" for m in r[\"metrics\"] if m[\"id\"] == \"cpu_busy_pct\"][0]")" 92 &&
	test_is "$(J "$O/perfweek-h4:9100-2025-12-01_to_2025-12-08.json" "d[\"summary\"][\"status\"]")" INCOMPLETE
'
test_expect_success UP 'the fleet of a store with --db: exit 2, one line' '
	test_expect_code 2 pw perfweek-report $R --db "$SCRATCH/x.db" 2>"$SCRATCH/err" &&
	test_is "$(cat "$SCRATCH/err")" "perfweek-report: --db names SQLite files: the hosts of a Prometheus-compatible source come from the store (a host'"'"'s incidents from [general] database)"
'
test_expect_success UP 'a selector no host matches: no host, a warning, exit 0 with an empty fleet' '
	rm -rf "$O" &&
	conf "$PROM_URL" "" "selector = {job=\"none\"}\n" &&
	pw perfweek-report $R --format json 2>"$SCRATCH/err" &&
	test_is "$(G "" "d[\"hosts_total\"]")" 0 &&
	grep -q "warning: no host of $PROM_URL has a series matching '"'"'{job=\"none\"}'"'"' in 2025-12-01 to 2025-12-08" "$SCRATCH/err"
'
test_expect_success UP 'the store down: one line, exit 1, no file' '
	rm -rf "$O" &&
	conf "http://127.0.0.1:$(free_port)" &&
	test_expect_code 1 pw perfweek-report $R --format json 2>"$SCRATCH/err" &&
	test_is "$(wc -l <"$SCRATCH/err")" 1 &&
	test ! -e "$O"
'
test_expect_success 'group_by that is not a label name: exit 2 at its line' '
	printf "[fleet]\ngroup_by = te-am\n" >"$SCRATCH/bad.conf" &&
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/bad.conf" --check-config 2>"$SCRATCH/err" &&
	test_is "$(cat "$SCRATCH/err")" "$SCRATCH/bad.conf:2: [fleet] group_by '"'"'te-am'"'"' is not a label name"
'
test_expect_success 'group_by over SQLite files: exit 2, one line' '
	printf "[general]\ndatabase = %s/none.db\n[fleet]\ngroup_by = team\n" "$SCRATCH" >"$SCRATCH/sq.conf" &&
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/sq.conf" --fleet $WK 2>"$SCRATCH/err" &&
	test_is "$(cat "$SCRATCH/err")" "perfweek-report: [fleet] group_by = '"'"'team'"'"' needs a source that labels its hosts; with SQLite files use [fleet \"GROUP\"] sections with hosts"
'
test_expect_success VM 'the same week in a real VictoriaMetrics: the same figures, the same query count' '
	for h in "h1 db 35" "h2 db 92" "h3 web 12 --gap 900:1008"; do
		week $h --format prom || return 1
	done >"$SCRATCH/all.prom" &&
	$PY "$SRC/tests/e2e/prom_week.py" $PROM_T0 300 600 --host h4:9100 --format prom >>"$SCRATCH/all.prom" &&
	vm_start vm "$SCRATCH/all.prom" &&
	rm -rf "$O" && conf "$VM_URL" &&
	test_expect_code 3 pw perfweek-report $R --format json -v 2>"$SCRATCH/err" &&
	grep -qx "perfweek-report: the figures of 4 hosts in 19 queries to the store" "$SCRATCH/err" &&
	test_is "$(G "" "[(h[\"host\"], h[\"status\"], h[\"cpu_busy_p95_pct\"], h[\"coverage_pct\"]) for h in d[\"hosts\"]]")" \
		"[('"'"'h4:9100'"'"', '"'"'INCOMPLETE'"'"', 35, 29.8), ('"'"'h2:9100'"'"', '"'"'WARNING'"'"', 92, 100), ('"'"'h1:9100'"'"', '"'"'OK'"'"', 35, 100), ('"'"'h3:9100'"'"', '"'"'OK'"'"', 12, 89.3)]"
'
