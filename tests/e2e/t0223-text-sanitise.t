#!/bin/sh
# Text from outside cannot break or reorder a report's lines: an incident
# title from the local ServiceNow server holding U+2028, a tab, a newline,
# ESC (a terminal colour sequence), U+202E (right-to-left override) and
# two bytes that are not UTF-8.  The database and the JSON keep the text
# as sent but for the invalid bytes, each stored as U+FFFD; the text and
# PDF reports show a space for each control, separator and bidi control,
# and U+FFFD for each invalid byte (docs/report-json.md, utf8.h).
. "$(dirname "$0")/lib.sh"
command -v pdftotext >/dev/null && test_set_prereq PDFTOTEXT
export TZ=UTC
PY=/usr/bin/python3
R=$SCRATCH/reports/perfweek-testhost-2026-W46

# U+2028, tab, ESC, 0xFF 0xFE, newline, U+202E
TITLE=$(printf 'Disk\342\200\250full\tnow\033[31mred\377\376end\\nX\342\200\256evil')
TITLE=$(printf '%s' "$TITLE" | sed 's/\\n/\
/')
test_expect_success 'ServiceNow server listens' '
	{ $PY "$SRC/tests/servers/snow_server.py" --port-file "$SCRATCH/snow.port" \
		--count 30 --description "$TITLE" --user perf --password pw-t0223 \
		>/dev/null 2>&1 & } &&
	on_exit "kill $! 2>/dev/null" &&
	i=0 &&
	while [ ! -s "$SCRATCH/snow.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done &&
	SP=$(cat "$SCRATCH/snow.port") &&
	test -n "$SP" &&
	test_set_prereq SNOW
'

# (9: a port nothing listens on, when a server did not start)
: "${SP:=9}"
write_config
printf 'pw-t0223\n' > "$SCRATCH/password"
chmod 600 "$SCRATCH/password"
cat >> "$SCRATCH/perfweek.conf" <<CONF

[report]
# two snapshots: judged as if the week were covered (min_coverage_pct)
min_coverage_pct = 0
timezone = UTC
output_dir = $SCRATCH/reports

[servicenow]
instance = http://127.0.0.1:$SP
user = perf
password_file = $SCRATCH/password
CONF
C="-c $SCRATCH/perfweek.conf"
test_expect_success FAKETIME 'two snapshots in 2026-W46' '
	collect_at "2026-11-10 10:00:00" rates-a $C &&
	collect_at "2026-11-10 10:01:00" rates-b $C &&
	test_set_prereq SNAPSHOTS
'

test_expect_success SNAPSHOTS,SNOW 'report with the incidents: exit 0' '
	pw perfweek-report $C --week 2026-W46 --format text,json,pdf && test_set_prereq REPORT
'

# Stored: as sent, the invalid bytes as U+FFFD (EF BF BD each).
STORED=$(printf 'Disk\342\200\250full\tnow\033[31mred\357\277\275\357\277\275end\nX\342\200\256evil' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
test_expect_success REPORT 'stored: the controls as sent, each invalid byte as U+FFFD' '
	test_is "$(q "SELECT DISTINCT hex(short_description) FROM snow_incident")" "$STORED"
'
test_expect_success REPORT 'the JSON keeps the stored text' '
	test_is "$($PY -c "import json,sys; print(ascii(json.load(open(sys.argv[1]))[\"incidents\"][\"open\"][0][\"short_description\"]))" "$R.json")" \
		"'\''Disk\\u2028full\\tnow\\x1b[31mred\\ufffd\\ufffdend\\nX\\u202eevil'\''"
'
test_expect_success REPORT 'the JSON is valid UTF-8' '
	$PY -c "import json,sys; json.loads(open(sys.argv[1], \"rb\").read().decode(\"utf-8\"))" "$R.json"
'

WANT="Disk full now [31mred$(printf '\357\277\275\357\277\275')end X evil"
test_expect_success REPORT 'text: each open incident'\''s title on one line, controls as spaces, U+FFFD for bad bytes' '
	test_is "$(grep -c -F "    $WANT" "$R.txt")" 7
'
test_expect_success REPORT 'text: no ESC, tab, U+2028 or U+202E left' '
	test_is "$(LC_ALL=C grep -c -e "$(printf "\033")" -e "$(printf "\342\200\250")" \
		-e "$(printf "\342\200\256")" -e "$(printf "\t")" "$R.txt")" 0
'
test_expect_success REPORT 'text: valid UTF-8' '
	iconv -f UTF-8 -t UTF-8 "$R.txt" >/dev/null
'

test_expect_success REPORT,PDFTOTEXT 'pdftotext reads the PDF' '
	pdftotext -enc UTF-8 "$R.pdf" "$SCRATCH/pdf.txt" 2>/dev/null && test_set_prereq PDFTEXT
'
test_expect_success PDFTEXT 'PDF: the title with spaces and U+FFFD' '
	test_like "$(tr "\n" " " <"$SCRATCH/pdf.txt")" "Disk full now \[31mred$(printf "\357\277\275\357\277\275")end X evil"
'
test_expect_success PDFTEXT 'PDF: no ESC, U+2028 or U+202E' '
	test_is "$(LC_ALL=C grep -c -e "$(printf "\033")" -e "$(printf "\342\200\250")" \
		-e "$(printf "\342\200\256")" "$SCRATCH/pdf.txt")" 0
'
