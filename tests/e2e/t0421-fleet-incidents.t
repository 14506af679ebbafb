#!/bin/sh
# The fleet's open incidents by host: two hosts' weeks made by the real
# collector (tests/e2e/lib-fleet.sh), each host's own report fetching the
# open incidents from tests/servers/snow_server.py into its database, then
# the fleet (offline, from the stored fetches): each host's count is the
# open incidents whose cmdb_ci is its name (case ignored) among those its
# own report lists, in the JSON, the text and a PDF section; a list cut at
# [servicenow] list_max gives a floor marked "+" and a note; without
# [servicenow], null and no section.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/e2e/lib-fleet.sh"
export TZ=UTC
F=$SCRATCH/fleet
OUT=$SCRATCH/out
JS=$OUT/perfweek-fleet-2026-W46.json
TX=$OUT/perfweek-fleet-2026-W46.txt
PDF=$OUT/perfweek-fleet-2026-W46.pdf
J() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
tools=yes
for t in pdftotext pdfinfo; do
	command -v $t >/dev/null || tools=no
done
[ $tools = no ] || test_set_prereq PDFTOOLS

# Nine incidents: five open on web-1, one on DB-1 (the case differs from
# the host's name), two open on a host outside the fleet, one resolved on
# web-1.
records() {
	/usr/bin/python3 - "$1" <<-\PY
	import json, sys
	out = []
	for i, (ci, state) in enumerate([("web-1", 1), ("other-9", 2), ("web-1", 2),
	                                 ("DB-1", 1), ("web-1", 3), ("web-1", 1),
	                                 ("other-9", 1), ("web-1", 7), ("web-1", 2)]):
	    out.append({"sys_id": "%032x" % (i + 1), "number": "INC%07d" % (3000 + i),
	                "short_description": "disk latency on %s" % ci,
	                "priority": str(1 + i % 4), "state": str(state),
	                "active": "false" if state == 7 else "true",
	                "opened_at": "2026-11-1%d 08:00:00" % (i % 5),
	                "resolved_at": "2026-11-15 10:00:00" if state == 7 else "",
	                "sys_updated_on": "2026-11-15 10:00:00",
	                "assignment_group": "Linux", "cmdb_ci": ci, "category": "software"})
	json.dump(out, open(sys.argv[1], "w"))
	PY
}

test_expect_success FAKETIME 'two hosts through the real collector, a ServiceNow server' '
	mkdir -p "$F" &&
	fleet_one "$F/a.db" web-1 "2026-11-09 00:00" 168 known &&
	fleet_one "$F/b.db" db-1 "2026-11-09 00:00" 168 quiet &&
	records "$SCRATCH/rec.json" &&
	server_start snow_server.py "$SCRATCH/port" --records "$SCRATCH/rec.json" &&
	echo perf-secret >"$SCRATCH/pw" && chmod 600 "$SCRATCH/pw" &&
	fleet_config "$SCRATCH/c.conf" "[fleet]\ndatabases = $F/*.db\n\n[servicenow]\ninstance = http://127.0.0.1:$(cat "$SCRATCH/port")\nuser = perf\npassword_file = $SCRATCH/pw\n" &&
	test_set_prereq FLEET
'
test_expect_success FLEET 'each host'"'"'s own report fetches and stores the open incidents' '
	for h in a:web-1 b:db-1; do
		pw perfweek-report -c "$SCRATCH/c.conf" --db "$F/${h%%:*}.db" --host ${h#*:} \
			--week 2026-W46 --format json --out "$SCRATCH/host"
		test $? -le 3 || return 1
	done &&
	test_is "$(J "$SCRATCH/host/perfweek-web-1-2026-W46.json" "d[\"incidents\"][\"status\"], len(d[\"incidents\"][\"open\"])")" "ok 8" &&
	test_is "$(sqlite3 "$F/b.db" "SELECT count(*) FROM snow_incident WHERE is_open")" 8
'
test_expect_success FLEET 'the fleet: each host'"'"'s open incidents by cmdb_ci, case ignored' '
	pw perfweek-report -c "$SCRATCH/c.conf" --fleet --week 2026-W46 --format text,json,pdf;
	test $? -le 3 &&
	test_is "$(J "$JS" "sorted((h[\"host\"], h[\"open_incidents\"], h[\"open_incidents_complete\"]) for h in d[\"hosts\"])")" \
		"[('"'"'db-1'"'"', 1, True), ('"'"'web-1'"'"', 5, True)]" &&
	test_is "$(sed -n "/^Open incidents by host/,/^\$/p" "$TX" | sed "s/  */ /g")" \
		"$(printf "Open incidents by host (ServiceNow, cmdb_ci)\n web-1 5 open\n db-1 1 open")" &&
	! grep -qF "are a floor" "$TX" &&
	grep -qx "  could be removed: 1 CPU and 3 GiB on 1 host" "$TX"
'
test_expect_success FLEET,PDFTOOLS 'the PDF: a section of the hosts with open incidents' '
	pdftotext -raw -enc UTF-8 "$PDF" "$SCRATCH/f.txt" 2>/dev/null &&
	sed -n "/^Open incidents by host (ServiceNow, cmdb_ci)\$/,/^Every host\$/p" "$SCRATCH/f.txt" >"$SCRATCH/sec.txt" &&
	grep -qx "web-1 CRITICAL 5" "$SCRATCH/sec.txt" &&
	grep -qx "db-1 [A-Z]* 1" "$SCRATCH/sec.txt" &&
	tr -s " \n" "  " <"$SCRATCH/f.txt" | grep -qF "the rest could be removed: 1 CPU and 3 GiB in all."
'
# list_max = 2: each host's own report lists two of the eight open
# incidents; the fleet counts those of them that name the host, as the
# host's own JSON lists them.
OWN() {	# OWN DB HOST: the host's open incidents in its own list of two
	pw perfweek-report -c "$SCRATCH/c2.conf" --db "$F/$1" --host "$2" --week 2026-W46 \
		--format json --offline --out "$SCRATCH/own" >/dev/null
	J "$SCRATCH/own/perfweek-$2-2026-W46.json" \
		"len(d[\"incidents\"][\"open\"]), sum(i[\"cmdb_ci\"].lower() == \"$2\" for i in d[\"incidents\"][\"open\"])"
}
test_expect_success FLEET 'a list cut at list_max: the count a floor, marked, and a note says why' '
	sed "s/^\[servicenow\]\$/[servicenow]\nlist_max = 2/" "$SCRATCH/c.conf" >"$SCRATCH/c2.conf" &&
	pw perfweek-report -c "$SCRATCH/c2.conf" --fleet --week 2026-W46 --format text,json --out "$SCRATCH/out2";
	test $? -le 3 &&
	web=$(OWN a.db web-1) && db=$(OWN b.db db-1) &&
	test_is "${web%% *}${db%% *}" 22 &&
	test "${web#* }" -lt 5 &&
	test_is "$(J "$SCRATCH/out2/perfweek-fleet-2026-W46.json" "sorted((h[\"host\"], h[\"open_incidents\"], h[\"open_incidents_complete\"]) for h in d[\"hosts\"])")" \
		"[('"'"'db-1'"'"', ${db#* }, False), ('"'"'web-1'"'"', ${web#* }, False)]" &&
	grep -qE "^ +web-1 +${web#* }\+ open\$" "$SCRATCH/out2/perfweek-fleet-2026-W46.txt" &&
	tr -s " \n" "  " <"$SCRATCH/out2/perfweek-fleet-2026-W46.txt" |
		grep -qF "Open incidents with a '"'"'+'"'"' (open_incidents_complete false in the JSON) are a floor"
'
test_expect_success FLEET,PDFTOOLS 'without [servicenow]: null, and no section' '
	fleet_config "$SCRATCH/n.conf" "[fleet]\ndatabases = $F/*.db\n" &&
	pw perfweek-report -c "$SCRATCH/n.conf" --fleet --week 2026-W46 --format text,json,pdf --out "$SCRATCH/out3";
	test $? -le 3 &&
	test_is "$(J "$SCRATCH/out3/perfweek-fleet-2026-W46.json" "[(h[\"open_incidents\"], h[\"open_incidents_complete\"]) for h in d[\"hosts\"]]")" \
		"[(None, None), (None, None)]" &&
	! grep -q "^Open incidents" "$SCRATCH/out3/perfweek-fleet-2026-W46.txt" &&
	pdftotext -raw "$SCRATCH/out3/perfweek-fleet-2026-W46.pdf" - 2>/dev/null | grep -qx "Every host" &&
	! pdftotext -raw "$SCRATCH/out3/perfweek-fleet-2026-W46.pdf" - 2>/dev/null | grep -q "^Open incidents"
'
