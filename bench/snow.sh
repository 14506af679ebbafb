#!/bin/sh
# bench/snow.sh - 20,000 ServiceNow incidents paged from the local Table
# API server (tests/servers/snow_server.py) and stored by perfweek-report.
#
#   sh bench/snow.sh [BINDIR]
#
# The query is empty, so every one of the 20,000 generated incidents is in
# the open list (20 pages of 1,000, the page size ServiceNow recommends);
# the period query of 2026-W46 adds the week's. Each timed run starts from
# a copy of an empty database (hyperfine --prepare) and runs the whole
# reporter: fetch, parse, store in one transaction, model, JSON.  The
# server is Python, so the figure includes its time to serve the pages;
# the reporter's own CPU time is the user + sys column.  Target: < 2 s.
set -eu
BIN=${1:-bin}
RUNS=${RUNS:-10}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/perfweek-bench.XXXXXX")
/usr/bin/python3 "$here/../tests/servers/snow_server.py" --count 20000 \
	--user bench --password bench-password --port-file "$dir/port" &
spid=$!
trap 'kill $spid; rm -rf "$dir"' EXIT
while [ ! -s "$dir/port" ]; do sleep 0.1; done
printf 'bench-password\n' > "$dir/pw"
chmod 600 "$dir/pw"
cat > "$dir/c.conf" <<CONF
[general]
host = bench
[report]
timezone = UTC
[servicenow]
instance = http://127.0.0.1:$(cat "$dir/port")
user = bench
password_file = $dir/pw
query =
page_size = 1000
CONF
"$BIN/perfweek-collect" -c "$dir/c.conf" --db "$dir/clean.db" \
	--proc-root "$here/../tests/fixtures/trees/rates-a/proc" \
	--sys-root "$here/../tests/fixtures/trees/rates-a/sys" 2>/dev/null
R="$BIN/perfweek-report -c $dir/c.conf --db $dir/b.db --week 2026-W46 --format json --out $dir/out"
# one run outside the timing, to check what it stored
cp "$dir/clean.db" "$dir/b.db"
$R 2>/dev/null || true
sqlite3 "$dir/b.db" "SELECT 'stored: ' || outcome || ', ' || open_count || ' open, ' || period_count || ' in the period, ' || pages || ' pages, ' || (SELECT count(*) FROM snow_incident) || ' rows' FROM snow_fetch"
hyperfine -N -w 1 -r "$RUNS" --prepare "cp $dir/clean.db $dir/b.db" \
	--export-json "$dir/h.json" -i "$R" >/dev/null 2>&1
/usr/bin/python3 - "$dir/h.json" <<'PY'
import json, sys
x = json.load(open(sys.argv[1]))["results"][0]
print("fetch + store 20,000 incidents: mean %.0f ms, min %.0f, max %.0f "
      "(reporter user %.0f ms, sys %.0f ms)" % (x["mean"] * 1e3,
      x["min"] * 1e3, x["max"] * 1e3, x["user"] * 1e3, x["system"] * 1e3))
PY
cp "$dir/clean.db" "$dir/b.db"
printf 'reporter peak RSS: %s KiB\n' "$(/usr/bin/time -f %M $R 2>&1 >/dev/null | tail -n 1)"
printf 'database after one fetch: %s KiB\n' "$(( $(stat -c %s "$dir/b.db") / 1024 ))"
