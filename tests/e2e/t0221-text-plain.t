#!/bin/sh
# The text report is plain text: a health check's URL and keyword with
# & " < > (and the live error that quotes the keyword) print as they are,
# with no HTML entity anywhere, in the built-in template and in a user's
# template that uses {{x}}; the same characters stay escaped where HTML
# escaping belongs (the Mustache specification's default, tests/unit).
. "$(dirname "$0")/lib.sh"
export TZ=UTC
PY=/usr/bin/python3

test_expect_success 'HTTP server listens' '
	{ $PY "$SRC/tests/servers/http_server.py" --port-file "$SCRATCH/http.port" \
		>/dev/null 2>&1 & } &&
	on_exit "kill $! 2>/dev/null" &&
	i=0 &&
	while [ ! -s "$SCRATCH/http.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done &&
	P=$(cat "$SCRATCH/http.port") &&
	test -n "$P" &&
	test_set_prereq HTTP
'

URL="http://127.0.0.1:${P:-9}/page?a=1&b=\"2\"&c=<3>"
write_config
cat >> "$SCRATCH/perfweek.conf" <<CONF

[report]
timezone = UTC
output_dir = $SCRATCH/out

[health "amp"]
url = $URL
keyword = x&"y"<z>

[health "bytes"]
url = http://127.0.0.1:${P:-9}/page
keyword = k$(printf '\377\t')v
CONF
C="-c $SCRATCH/perfweek.conf"
from=$(date -u +%F); to=$(date -u -d tomorrow +%F)
test_expect_success HTTP 'the probe: the keywords are missing, exit 3' '
	test_expect_code 3 pw perfweek-probe $C && test_set_prereq PROBED
'
test_expect_success PROBED 'the report: exit 3 (the live check fails)' '
	test_expect_code 3 pw perfweek-report $C --from "$from" --to "$to" --format text,json &&
	TX=$(ls "$SCRATCH"/out/*.txt) && JS=$(ls "$SCRATCH"/out/*.json) &&
	test_set_prereq REPORT
'
test_expect_success REPORT 'the report starts with its title (the template'\''s header comment is closed)' '
	test_like "$(head -n 1 "$TX")" "^perfweek report: testhost, $from"
'
test_expect_success REPORT 'no HTML entity in the text report' '
	test_is "$(grep -c -e "&amp;" -e "&quot;" -e "&lt;" -e "&gt;" -e "&#" "$TX")" 0
'
test_expect_success REPORT 'the URL line, verbatim' '
	test_is "$(grep -Fx "    $URL" "$TX")" "    $URL"
'
test_expect_success REPORT 'the live error quoting the keyword, verbatim' '
	test_is "$(grep -F "now: FAILED: keyword '\''x" "$TX")" "    now: FAILED: keyword '\''x&\"y\"<z>'\'' missing"
'
test_expect_success REPORT 'the JSON holds the same URL' '
	test_is "$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))[\"health\"][\"checks\"][0][\"url\"])" "$JS")" \
		"$URL"
'

# A health error with a byte that is not UTF-8 and a tab (from the
# keyword): the JSON keeps the tab and is valid UTF-8, the text shows a
# space and U+FFFD.
BYTES="import json,sys; d=json.loads(open(sys.argv[1],'rb').read().decode('utf-8')); print(ascii([c['live']['error'] for c in d['health']['checks'] if c['name'] == 'bytes'][0]))"
test_expect_success REPORT 'JSON: valid UTF-8, U+FFFD for the bad byte, the tab kept' '
	test_is "$($PY -c "$BYTES" "$JS")" "\"keyword '\''k\\ufffd\\tv'\'' missing\""
'
test_expect_success REPORT 'text: U+FFFD for the bad byte, a space for the tab' '
	test_is "$(grep -c -F "    now: FAILED: keyword '\''k$(printf "\357\277\275") v'\'' missing" "$TX")" 1
'

# A user's template: {{x}} and {{{x}}} write the same plain text.
test_expect_success REPORT 'a user'\''s template: {{url}} is not escaped either' '
	printf "{{#health.checks}}{{name}}|{{url}}|{{{url}}}|{{&url}}\n{{/health.checks}}" \
		>"$SCRATCH/my.mustache" &&
	pw perfweek-report $C --from "$from" --to "$to" --template "$SCRATCH/my.mustache" \
		--format text --offline
	test_is "$(grep "^amp|" "$TX")" "amp|$URL|$URL|$URL"
'

# A check that passes now while the clock stands still (curl then reports
# no time at all): the text says "ok, status 200" with no "nan ms", the
# PDF "OK 200", the JSON null.  (Exit 3: the period has no snapshot.)
test_expect_success FAKETIME,PROBED 'a live check without a time: no "nan" anywhere' '
	sed "/^keyword = /d" "$SCRATCH/perfweek.conf" >"$SCRATCH/ok.conf" &&
	now=$(date -u "+%Y-%m-%d %H:%M:%S") &&
	FAKETIME="$now" LD_PRELOAD="$FT" $WRAP "$BIN/perfweek-report" -c "$SCRATCH/ok.conf" \
		--from "$from" --to "$to" --format text,json,pdf --out "$SCRATCH/ok" 2>"$SCRATCH/err"
	test $? = 3 && T=$(ls "$SCRATCH"/ok/*.txt) &&
	test_is "$(grep -c "^    now: ok, status 200$" "$T")" 2 &&
	! grep -qi "nan" "$T" &&
	test_is "$($PY -c "import json,sys; print([c[\"live\"][\"total_ms\"] for c in json.load(open(sys.argv[1]))[\"health\"][\"checks\"]])" "$SCRATCH"/ok/*.json)" "[None, None]" &&
	pdftotext -raw "$SCRATCH"/ok/*.pdf - | grep -q "OK 200$" &&
	! pdftotext -raw "$SCRATCH"/ok/*.pdf - | grep -q "OK 200, - ms"
'
