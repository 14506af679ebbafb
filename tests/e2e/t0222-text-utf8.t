#!/bin/sh
# The text report in any script: health check names and an incident's
# description and group in CJK, with accents, combining marks and emoji
# (the names in perfweek.conf, the incident from the local ServiceNow
# server).  The report is valid UTF-8 (iconv accepts it), a cut name ends
# in "…" and never in half a character, and the columns after a name line
# up by display width (checked with Python's unicodedata: East Asian Wide
# and Fullwidth take two columns, combining marks none).
. "$(dirname "$0")/lib.sh"
command -v iconv >/dev/null && test_set_prereq ICONV
export TZ=UTC
PY=/usr/bin/python3
TX=$SCRATCH/reports/perfweek-testhost-2026-W46.txt
JS=$SCRATCH/reports/perfweek-testhost-2026-W46.json

# start SCRIPT NAME ARGS: a server of tests/servers; its port in $PORT
start() {
	script=$1 name=$2
	shift 2
	server_start "$script" "$SCRATCH/$name.port" "$@" &&
	PORT=$(cat "$SCRATCH/$name.port")
}

CJK_NAME='漢字テスト名前チェック長'          # 24 columns: cut
MIX_NAME='café_✅🚀_naïve'                  # 15 columns
COMB_NAME="$(printf 'e\314\201te\314\201_combining')" # e + U+0301: 13
GROUP='運用チーム_グループ_é'                # 21 columns: cut at 16
DESC='漢字の説明 café naïve ✅🚀 データベースの応答が遅い、再起動が必要です。詳細はチケットを参照してください。'

test_expect_success 'HTTP and ServiceNow servers listen' '
	start http_server.py http && HP=$PORT &&
	start snow_server.py snow --count 30 --description "$DESC" --group "$GROUP" \
		--user perf --password pw-t0222 &&
	SP=$PORT &&
	test_set_prereq SERVERS
'

# (9: a port nothing listens on, when a server did not start)
: "${SP:=9}" "${HP:=9}"
write_config
cat >> "$SCRATCH/perfweek.conf" <<CONF

[report]
timezone = UTC
output_dir = $SCRATCH/reports

[servicenow]
instance = http://127.0.0.1:$SP
user = perf
password_file = $SCRATCH/password

[health "$CJK_NAME"]
url = http://127.0.0.1:$HP/page

[health "$MIX_NAME"]
url = http://127.0.0.1:$HP/status/503

[health "$COMB_NAME"]
url = http://127.0.0.1:$HP/page

[health "plain"]
url = http://127.0.0.1:$HP/page
CONF
printf 'pw-t0222\n' > "$SCRATCH/password"
chmod 600 "$SCRATCH/password"
C="-c $SCRATCH/perfweek.conf"
test_expect_success 'names in any script are valid' '
	pw perfweek-probe $C --check-config ||
		{ cat "$SCRATCH/err"; false; }
'

test_expect_success FAKETIME 'two snapshots in 2026-W46' '
	collect_at "2026-11-10 10:00:00" rates-a $C &&
	collect_at "2026-11-10 10:01:00" rates-b $C &&
	test_set_prereq SNAPSHOTS
'
test_expect_success SNAPSHOTS,SERVERS 'one probe run in the week (one check fails: exit 3)' '
	FAKETIME="@2026-11-10 10:00:30" LD_PRELOAD="$FT" "$BIN/perfweek-probe" $C \
		2>"$SCRATCH/err"
	test_is "$?" 3 && test_set_prereq PROBED
'

test_expect_success PROBED 'report: exit 3 (a live check fails)' '
	test_expect_code 3 pw perfweek-report $C --week 2026-W46 --format text,json &&
	test_set_prereq REPORT
'
test_expect_success REPORT,ICONV 'iconv accepts the text report' '
	iconv -f UTF-8 -t UTF-8 "$TX" >/dev/null
'

# The columns of the health table and of the incident table, by display
# width; each table prints its verdict per row.
cat > "$SCRATCH/cols.py" <<'PY'
import re, sys, unicodedata
def w(c):
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
def at(line, col):
    """The rest of line from display column col, or None if a character
    straddles it."""
    n = 0
    for i, c in enumerate(line):
        if n == col and w(c) > 0:
            return line[i:]
        n += w(c)
        if n > col:
            return None
    return "" if n == col else None
text = open(sys.argv[1], encoding="utf-8").read().split("\n")
h = text.index("HEALTH URLS")
head = next(i for i in range(h, len(text)) if text[i].startswith("  check "))
print("health header avail at 23:", repr(at(text[head], 23)[:8]))
for line in text[head + 1:]:
    if not line.startswith("  ") or line.startswith("    "):
        if line == "":
            break
        continue
    rest = at(line, 23)
    print("row", line[2:].split()[0] if rest else line,
          "aligned" if rest is not None and re.match(r"^ *[0-9.]+ ", rest[:9])
          and len(rest[:8].strip()) > 0 else "MISALIGNED",
          "cut" if "…" in line else "whole")
i = text.index("INCIDENTS")
head = next(j for j in range(i, len(text)) if text[j].startswith("  number "))
print("incident header group at 49, item at 66:",
      repr(at(text[head], 49)[:5]), repr(at(text[head], 66)[:4]))
for j in range(head + 1, len(text)):
    if not text[j].startswith("  INC"):
        continue
    g, item, desc = at(text[j], 49), at(text[j], 66), text[j + 1]
    print("incident", g[:len(g) - len(item)] if g and item else None,
          "|", item,
          "| desc width", sum(w(c) for c in desc), "ends", desc[-1])
PY
test_expect_success REPORT 'the columns measured by display width' '
	$PY "$SCRATCH/cols.py" "$TX" >"$SCRATCH/cols.out" 2>&1 &&
	test_set_prereq COLS
'
test_expect_success COLS 'health header: the availability column starts at display column 23' '
	cat "$SCRATCH/cols.out" &&
	test_is "$(sed -n 1p "$SCRATCH/cols.out")" "health header avail at 23: '\'' avail %'\''"
'
test_expect_success COLS 'every health row: its availability field at display column 23' '
	cat "$SCRATCH/cols.out" &&
	test_is "$(grep -c "^row .* aligned " "$SCRATCH/cols.out")" 4
'
test_expect_success COLS 'the CJK name is cut after 9 characters (18 columns) and an ellipsis' '
	test_is "$(grep "^row 漢字" "$SCRATCH/cols.out")" "row 漢字テスト名前チェ… aligned cut"
'
test_expect_success COLS 'names of 20 columns or fewer are whole' '
	test_is "$(grep -c "^row .* cut$" "$SCRATCH/cols.out")" 1
'
test_expect_success REPORT 'combining marks stay with their letters' '
	test_is "$(grep -c "^  $(printf "e\314\201te\314\201_combining") " "$TX")" 1
'
test_expect_success COLS 'incident rows: the group cut to 16 columns with '\''…'\'', the item at column 66, the description cut at 78 columns' '
	cat "$SCRATCH/cols.out" &&
	test_is "$(grep -c "^incident 運用チーム_グル…  | [A-Za-z0-9-]* | desc width 78 ends …$" "$SCRATCH/cols.out")" 7
'
test_expect_success COLS 'incident header: group at 49, item at 66' '
	test_is "$(sed -n "s/^incident header //p" "$SCRATCH/cols.out")" \
		"group at 49, item at 66: '\''group'\'' '\''item'\''"
'
WHOLE="import json,sys; d=json.load(open(sys.argv[1])); print(sorted(c['name'] for c in d['health']['checks'])[1] == sys.argv[2], d['incidents']['open'][0]['short_description'] == sys.argv[3])"
test_expect_success REPORT 'the JSON keeps the names and the description whole' '
	test_is "$($PY -c "$WHOLE" "$JS" "$COMB_NAME" "$DESC")" "True True"
'
