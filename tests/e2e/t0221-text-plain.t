#!/bin/sh
# The text report is plain text: a health check's URL and keyword with
# & " < > (and the live error that quotes the keyword) print as they are,
# with no HTML entity anywhere, in the built-in template and in a user's
# template that uses {{x}}; the same characters stay escaped where HTML
# escaping belongs (the Mustache specification's default, tests/unit).
. "$(dirname "$0")/lib.sh"
export TZ=UTC
PY=/usr/bin/python3

$PY "$SRC/tests/servers/http_server.py" --port-file "$SCRATCH/http.port" \
	>/dev/null 2>&1 &
on_exit "kill $! 2>/dev/null"
i=0
while [ ! -s "$SCRATCH/http.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
P=$(cat "$SCRATCH/http.port")
[ -n "$P" ]; ok $? "HTTP server listens"

URL="http://127.0.0.1:$P/page?a=1&b=\"2\"&c=<3>"
write_config
cat >> "$SCRATCH/perfweek.conf" <<CONF

[report]
timezone = UTC
output_dir = $SCRATCH/out

[health "amp"]
url = $URL
keyword = x&"y"<z>

[health "bytes"]
url = http://127.0.0.1:$P/page
keyword = k$(printf '\377\t')v
CONF
C="-c $SCRATCH/perfweek.conf"
pw perfweek-probe $C; is "$?" 3 "the probe: the keywords are missing, exit 3"
from=$(date -u +%F); to=$(date -u -d tomorrow +%F)
pw perfweek-report $C --from "$from" --to "$to" --format text,json
is "$?" 3 "the report: exit 3 (the live check fails)"
TX=$(ls "$SCRATCH"/out/*.txt)
like "$(head -n 1 "$TX")" "^perfweek report: testhost, $from" \
	"the report starts with its title (the template's header comment is closed)"
is "$(grep -c -e '&amp;' -e '&quot;' -e '&lt;' -e '&gt;' -e '&#' "$TX")" 0 \
	"no HTML entity in the text report"
is "$(grep -Fx "    $URL" "$TX")" "    $URL" "the URL line, verbatim"
is "$(grep -F "now: FAILED: keyword 'x" "$TX")" "    now: FAILED: keyword 'x&\"y\"<z>' missing" \
	"the live error quoting the keyword, verbatim"
JS=$(ls "$SCRATCH"/out/*.json)
is "$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))['health']['checks'][0]['url'])" "$JS")" \
	"$URL" "the JSON holds the same URL"

# A health error with a byte that is not UTF-8 and a tab (from the
# keyword): the JSON keeps the tab and is valid UTF-8, the text shows a
# space and U+FFFD.
is "$($PY -c "import json,sys; d=json.loads(open(sys.argv[1],'rb').read().decode('utf-8')); print(ascii([c['live']['error'] for c in d['health']['checks'] if c['name'] == 'bytes'][0]))" "$JS")" \
	"\"keyword 'k\\ufffd\\tv' missing\"" "JSON: valid UTF-8, U+FFFD for the bad byte, the tab kept"
is "$(grep -c -F "    now: FAILED: keyword 'k$(printf '\357\277\275') v' missing" "$TX")" 1 \
	"text: U+FFFD for the bad byte, a space for the tab"

# A user's template: {{x}} and {{{x}}} write the same plain text.
printf '{{#health.checks}}{{name}}|{{url}}|{{{url}}}|{{&url}}\n{{/health.checks}}' \
	> "$SCRATCH/my.mustache"
pw perfweek-report $C --from "$from" --to "$to" --template "$SCRATCH/my.mustache" \
	--format text --offline
is "$(grep '^amp|' "$TX")" "amp|$URL|$URL|$URL" "a user's template: {{url}} is not escaped either"
