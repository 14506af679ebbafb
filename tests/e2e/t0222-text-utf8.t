#!/bin/sh
# The text report in any script: health check names and an incident's
# description and group in CJK, with accents, combining marks and emoji
# (the names in perfweek.conf, the incident from the local ServiceNow
# server).  The report is valid UTF-8 (iconv accepts it), a cut name ends
# in "…" and never in half a character, and the columns after a name line
# up by display width (checked with Python's unicodedata: East Asian Wide
# and Fullwidth take two columns, combining marks none).
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
command -v iconv >/dev/null || skip_all "iconv is not installed"
export TZ=UTC
PY=/usr/bin/python3
TX=$SCRATCH/reports/perfweek-testhost-2026-W46.txt
JS=$SCRATCH/reports/perfweek-testhost-2026-W46.json

# start SCRIPT NAME ARGS: a server of tests/servers; its port in $PORT
start() {
	script=$1 name=$2
	shift 2
	$PY "$SRC/tests/servers/$script" --port-file "$SCRATCH/$name.port" "$@" \
		>/dev/null 2>&1 &
	on_exit "kill $! 2>/dev/null"
	i=0
	while [ ! -s "$SCRATCH/$name.port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	PORT=$(cat "$SCRATCH/$name.port")
}

CJK_NAME='漢字テスト名前チェック長'          # 24 columns: cut
MIX_NAME='café_✅🚀_naïve'                  # 15 columns
COMB_NAME="$(printf 'e\314\201te\314\201_combining')" # e + U+0301: 13
GROUP='運用チーム_グループ_é'                # 21 columns: cut at 16
DESC='漢字の説明 café naïve ✅🚀 データベースの応答が遅い、再起動が必要です。詳細はチケットを参照してください。'

start http_server.py http
HP=$PORT
start snow_server.py snow --count 30 --description "$DESC" --group "$GROUP" \
	--user perf --password pw-t0222
SP=$PORT
[ -n "$HP" ] && [ -n "$SP" ]; ok $? "HTTP and ServiceNow servers listen"

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
pw perfweek-probe $C --check-config; is "$?" 0 "names in any script are valid"
sed 's/^/# /' "$SCRATCH/err"

FAKETIME="@2026-11-10 10:00:00" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
	--proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
FAKETIME="@2026-11-10 10:01:00" LD_PRELOAD="$FT" "$BIN/perfweek-collect" $C \
	--proc-root "$TREES/rates-b/proc" --sys-root "$TREES/rates-b/sys"
ok $? "two snapshots in 2026-W46"
FAKETIME="@2026-11-10 10:00:30" LD_PRELOAD="$FT" "$BIN/perfweek-probe" $C \
	2>"$SCRATCH/err"
is "$?" 3 "one probe run in the week (one check fails: exit 3)"

pw perfweek-report $C --week 2026-W46 --format text,json
is "$?" 3 "report: exit 3 (a live check fails)"
iconv -f UTF-8 -t UTF-8 "$TX" >/dev/null 2>&1; is "$?" 0 "iconv accepts the text report"

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
$PY "$SCRATCH/cols.py" "$TX" > "$SCRATCH/cols.out" 2>&1
cat "$SCRATCH/cols.out" | sed 's/^/# /'
is "$(sed -n 1p "$SCRATCH/cols.out")" "health header avail at 23: ' avail %'" \
	"health header: the availability column starts at display column 23"
is "$(grep -c '^row .* aligned ' "$SCRATCH/cols.out")" 4 \
	"every health row: its availability field at display column 23"
is "$(grep '^row 漢字' "$SCRATCH/cols.out")" "row 漢字テスト名前チェ… aligned cut" \
	"the CJK name is cut after 9 characters (18 columns) and an ellipsis"
is "$(grep -c '^row .* cut$' "$SCRATCH/cols.out")" 1 "names of 20 columns or fewer are whole"
is "$(grep -c "^  $(printf 'e\314\201te\314\201_combining') " "$TX")" 1 \
	"combining marks stay with their letters"
is "$(grep -c '^incident 運用チーム_グル…  | [A-Za-z0-9-]* | desc width 78 ends …$' "$SCRATCH/cols.out")" 7 \
	"incident rows: the group cut to 16 columns with '…', the item at column 66, the description cut at 78 columns"
is "$(sed -n 's/^incident header //p' "$SCRATCH/cols.out")" \
	"group at 49, item at 66: 'group' 'item'" "incident header: group at 49, item at 66"
is "$($PY -c "import json,sys; d=json.load(open(sys.argv[1])); print(sorted(c['name'] for c in d['health']['checks'])[1] == sys.argv[2], d['incidents']['open'][0]['short_description'] == sys.argv[3])" "$JS" "$COMB_NAME" "$DESC")" \
	"True True" "the JSON keeps the names and the description whole"
