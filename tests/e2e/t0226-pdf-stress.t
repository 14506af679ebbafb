#!/bin/sh
# The PDF of a real estate's week (tests/stressweek.py: a 60-character
# host name, 20 disks, 30 filesystems with long NFS and overlay paths, 7
# interfaces, 40 health checks with outages, 300 open incidents served by
# tests/servers/snow_server.py --records, names in six scripts): a
# bounded number of pages, no text outside the media box, page 1 one
# page with its lists cut to the room and "and N more" with the right N,
# outages merged and capped per check with the count of the rest, the
# busiest devices charted, the rest in one table, the idle ones in one
# line; qpdf and poppler without a warning, the names in six scripts in
# logical order, the fonts embedded as subsets; and the new keys' bad
# values refused with file:line, exit 2.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
tools=yes
for t in pdftotext pdfinfo pdffonts qpdf fc-list; do
	command -v $t >/dev/null || tools=no
done
[ $tools = no ] || test_set_prereq PDFTOOLS
[ -z "$(fc-list ':charset=4e2d 3042' file 2>/dev/null | grep -i '\.tt[fc]')" ] ||
	test_set_prereq CJKFONT
HOST=app-server-frankfurt-production-cluster-07.internal.example1
OUT=$SCRATCH/out
PDF=$OUT/perfweek-$HOST-2026-W46.pdf
JS=$OUT/perfweek-$HOST-2026-W46.json
J() {
	/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

test_expect_success 'the stress week and its incidents' '
	"$BIN/perfweek-collect" -c /dev/null --db "$SCRATCH/s.db" \
		--proc-root "$SRC/tests/fixtures/trees/rates-a/proc" \
		--sys-root "$SRC/tests/fixtures/trees/rates-a/sys" 2>/dev/null &&
	/usr/bin/python3 "$SRC/tests/stressweek.py" "$SCRATCH/s.db" "$SCRATCH/rec.json" >"$SCRATCH/gen.out" &&
	test_is "$(grep -c "" "$SCRATCH/gen.out")" 6 &&
	server_start snow_server.py "$SCRATCH/port" --records "$SCRATCH/rec.json" &&
	echo perf-secret >"$SCRATCH/pw" && chmod 600 "$SCRATCH/pw" &&
	printf "[report]\ntimezone = UTC\noutput_dir = %s\n\n[servicenow]\ninstance = http://127.0.0.1:%s\nuser = perf\npassword_file = %s/pw\n" \
		"$OUT" "$(cat "$SCRATCH/port")" "$SCRATCH" >"$SCRATCH/c.conf" &&
	test_set_prereq DATA
'
R="-c $SCRATCH/c.conf --db $SCRATCH/s.db --host $HOST --week 2026-W46"
test_expect_success DATA 'the report: exit 0' '
	pw perfweek-report $R --format json,pdf && test -s "$PDF" &&
	test_set_prereq PDF
'
test_expect_success PDF,PDFTOOLS 'no more than about 25 pages' '
	pages=$(pdfinfo "$PDF" 2>/dev/null | sed -n "s/^Pages: *//p") &&
	test "$pages" -ge 15 && test "$pages" -le 25
'
test_expect_success PDF,PDFTOOLS 'every word inside the media box' '
	pdftotext -bbox "$PDF" "$SCRATCH/bbox.html" 2>/dev/null &&
	test_is "$(/usr/bin/python3 - "$SCRATCH/bbox.html" <<-\PY
	import re, sys
	html = open(sys.argv[1], encoding="utf-8").read()
	bad = 0
	for page in re.finditer(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>", html, re.S):
	    w, h = float(page.group(1)), float(page.group(2))
	    for m in re.finditer(r"xMin=\"([-\d.]+)\" yMin=\"([-\d.]+)\" xMax=\"([-\d.]+)\" yMax=\"([-\d.]+)\"", page.group(3)):
	        x0, y0, x1, y1 = map(float, m.groups())
	        bad += not (0 <= x0 and 0 <= y0 and x1 <= w and y1 <= h)
	print(bad)
	PY
	)" 0
'
test_expect_success PDF,PDFTOOLS 'qpdf --check passes; pdftotext and pdffonts print no warning' '
	qpdf --check "$PDF" >"$SCRATCH/qpdf.out" 2>&1 &&
	pdftotext -raw -enc UTF-8 "$PDF" "$SCRATCH/raw.txt" 2>"$SCRATCH/pt.err" &&
	pdffonts "$PDF" >"$SCRATCH/fonts" 2>"$SCRATCH/pf.err" &&
	test_is "$(cat "$SCRATCH/pt.err" "$SCRATCH/pf.err")" ""
'
# The check names and mount paths in Chinese, Japanese, Greek and emoji
# as stored; those in Hebrew and Arabic drawn right to left: pdftotext
# gives a line's runs left to right as drawn, each right-to-left word in
# its stored order between U+202B and U+202C, so a name's words appear in
# the reverse of their stored order, each word itself as stored but for
# poppler's lam-alef: the ligature's ToUnicode entry is lam, alef (the
# letters stored), which pdftotext reverses with the glyphs of the word.
test_expect_success PDF,PDFTOOLS,CJKFONT 'every name in the six scripts in logical order, no U+FFFD' '
	test_is "$(/usr/bin/python3 - "$SRC/tests" "$SCRATCH/raw.txt" <<-\PY
	import re, sys
	sys.path.insert(0, sys.argv[1])
	import stressweek as s
	lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
	text = "\n".join(lines)
	rtl = re.compile("[\u0590-\u05ff\u0600-\u06ff]+")
	def marked(line):
	    return re.findall("\u202b([^\u202c]*)\u202c", line)
	def found(name):
	    words = rtl.findall(name)
	    if not words:
	        return name in text
	    want = [re.sub("\u0644([\u0622\u0623\u0625\u0627])", "\\1\u0644", w) for w in words[::-1]]
	    for line in lines:
	        m = marked(line)
	        if any(m[i:i + len(want)] == want for i in range(len(m))):
	            return True
	    return False
	names = [n for n in list(s.CHECKS) + ["/mnt/%s/%s-%d" % (x, x, i) for i, x in enumerate(s.SCRIPTS)]
	         if re.search("[^\x00-\x7f]", n)]
	missing = [n for n in names if not found(n)]
	print(len(names), missing, "\ufffd" in text)
	PY
	)" "30 [] False"
'
test_expect_success PDF,PDFTOOLS,CJKFONT 'the fonts: DejaVu Sans, a CJK fallback and Symbola, each embedded as a subset' '
	sed 1,2d "$SCRATCH/fonts" >"$SCRATCH/fonts.list" &&
	test_is "$(grep -cvE "^[A-Z]{6}\+[^ ]+ +CID TrueType +Identity-H +yes +yes +yes" "$SCRATCH/fonts.list")" 0 &&
	grep -qE "^[A-Z]{6}\+DejaVuSans" "$SCRATCH/fonts.list" &&
	grep -qE "^[A-Z]{6}\+Symbola " "$SCRATCH/fonts.list" &&
	grep -vE "DejaVu|Symbola" "$SCRATCH/fonts.list" | grep -qiE "droid|wenquan|wqy|cjk|zenhei"
'
test_expect_success PDF,PDFTOOLS 'page 1 is one page: its summaries on it, the findings next' '
	pdftotext -raw -enc UTF-8 -f 1 -l 1 "$PDF" "$SCRATCH/p1.txt" 2>/dev/null &&
	pdftotext -raw -enc UTF-8 -f 2 -l 2 "$PDF" "$SCRATCH/p2.txt" 2>/dev/null &&
	grep -qxF "Open incidents" "$SCRATCH/p1.txt" &&
	grep -qxF "Health URLs" "$SCRATCH/p1.txt" &&
	test_is "$(sed -n 2p "$SCRATCH/p2.txt")" "Findings"
'
# Health rows on page 1 are the lines with a latency ("30.0 ms").
test_expect_success PDF,PDFTOOLS 'page 1: at most 10 checks, the least available first, and the rest counted' '
	rows=$(grep -cE "[0-9] ms" "$SCRATCH/p1.txt" || :) &&
	test "$rows" -le 10 &&
	grep -qxF "and $((40 - rows)) more (see the section Health URLs and the JSON)" "$SCRATCH/p1.txt" &&
	test_is "$(/usr/bin/python3 - "$SCRATCH/p1.txt" "$JS" <<-\PY
	import json, re, sys
	got = [float(m.group(1)) for m in (re.search(r" ([\d.]+) % [\d.]+ ms ", l)
	       for l in open(sys.argv[1], encoding="utf-8")) if m]
	d = json.load(open(sys.argv[2]))
	want = sorted(c["availability_pct"] for c in d["health"]["checks"])[:len(got)]
	print(len(got) > 0, got == want, all(v < 99.9 for v in got))
	PY
	)" "True True True"
'
test_expect_success PDF,PDFTOOLS 'page 1: the open incidents that fit, and the rest counted' '
	rows=$(grep -cE "^INC00[0-9]+ " "$SCRATCH/p1.txt" || :) &&
	test "$rows" -le 5 &&
	grep -qxF "and $((300 - rows)) more (see the section ServiceNow incidents and the JSON)" "$SCRATCH/p1.txt"
'
test_expect_success PDF,PDFTOOLS 'the incidents section: list_max listed, the rest counted' '
	pdftotext -raw -enc UTF-8 "$PDF" "$SCRATCH/all.txt" 2>/dev/null &&
	test_is "$(J "$JS" "len(d[\"incidents\"][\"open\"]), d[\"incidents\"][\"open_more\"]")" "50 250" &&
	grep -qF "and 250 more (not listed, [servicenow] list_max; the JSON counts them in open_more)" "$SCRATCH/all.txt"
'
# The findings table: the worst [report] findings_max (20), the others
# counted by severity, as the JSON lists them.
more_findings() {	# more_findings JSON SHOWN: the line under the table
	/usr/bin/python3 - "$1" "$2" <<-PY
	import json, sys
	f = json.load(open(sys.argv[1]))["findings"][int(sys.argv[2]):]
	n = [sum(x["severity"] == s for x in f) for s in ("CRITICAL", "WARNING", "INFO")]
	parts = ["%d %s" % (k, s) for k, s in zip(n, ("CRITICAL", "WARNING", "INFO")) if k]
	print("and %d more (%s, see the JSON)" % (len(f), ", ".join(parts)) if f else "")
	PY
}
test_expect_success PDF,PDFTOOLS 'findings: the worst 20 in the table, the others counted by severity' '
	test "$(J "$JS" "len(d[\"findings\"])")" -gt 20 &&
	line=$(more_findings "$JS" 20) &&
	grep -qxF "$line" "$SCRATCH/all.txt" &&
	last=$(J "$JS" "d[\"findings\"][19][\"title\"]") &&
	grep -qF "$last" "$SCRATCH/all.txt"
'
test_expect_success PDF,PDFTOOLS 'capacity: the 10 disks with the least headroom, the others counted' '
	/usr/bin/python3 - "$JS" "$SCRATCH/all.txt" <<-PY >"$SCRATCH/cap.out" &&
	import json, math, re, sys
	disks = json.load(open(sys.argv[1]))["capacity"]["disks"]
	text = open(sys.argv[2]).read()
	key = lambda d: (d["headroom_pct"] is None, d["headroom_pct"] or 0, d["name"])
	want = [d["name"] for d in sorted(disks, key=key)][:10]
	sec = text[text.index("Headroom is how much more load"):]
	got = re.findall(r"^disk (\\S+) ", sec, re.M)[:len(want)]
	print(len(disks) > 10, got == want)
	print("and %d more (disks with more headroom; see the JSON)" % (len(disks) - 10) in sec)
	PY
	printf "True True\nTrue\n" >"$SCRATCH/cap.want" &&
	test_cmp "$SCRATCH/cap.want" "$SCRATCH/cap.out"
'
test_expect_success PDF 'the JSON: outages closer than 15 minutes merged' '
	test_is "$(J "$JS" "sum(1 for c in d[\"health\"][\"checks\"] for a, b in zip(c[\"outages\"], c[\"outages\"][1:]) if b[\"start_ts\"] - a[\"end_ts\"] < 900)")" 0 &&
	test "$(J "$JS" "sum(len(c[\"outages\"]) for c in d[\"health\"][\"checks\"])")" -gt 0
'
test_expect_success PDF,PDFTOOLS 'outages: at most 10 a check, and how many more the JSON has' '
	test_is "$(/usr/bin/python3 - "$JS" "$SCRATCH/all.txt" <<-\PY
	import json, re, sys
	d = json.load(open(sys.argv[1]))
	text = open(sys.argv[2], encoding="utf-8").read()
	want = sorted(len(c["outages"]) - 10 for c in d["health"]["checks"] if len(c["outages"]) > 10)
	got = sorted(int(n) for n in re.findall(r"and (\d+) more \(see the JSON\)", text))
	print(want == got, len(want) > 0)
	PY
	)" "True True"
'
test_expect_success PDF,PDFTOOLS 'devices: the idle in one line, the busiest charted, the others in a table' '
	grep -qxF "idle all week: loop0, loop1" "$SCRATCH/all.txt" &&
	grep -qxF "idle all week: ifb0, ifb1" "$SCRATCH/all.txt" &&
	grep -qxF "The other 15, busiest first by utilisation %" "$SCRATCH/all.txt" &&
	grep -qxF "The other 27, busiest first by space used %" "$SCRATCH/all.txt" &&
	grep -qxF "The other 2, busiest first by rx + tx B/s" "$SCRATCH/all.txt" &&
	test_is "$(grep -c "^Utilisation$" "$SCRATCH/all.txt")" 3
'
# 12 NFS mounts differ in one directory, 8 overlays in a hash: each
# shortened name keeps what tells it from the others.
test_expect_success PDF,PDFTOOLS 'long paths shortened in the middle, what tells them apart kept' '
	test_is "$(grep -E "^/srv…/.*/department-[0-9]+/long-running-simulation-data \(nfs-filer-0[0-2]\..*…/export/vol[0-9]+\) " "$SCRATCH/all.txt" |
		sed "s/ [0-9. ]*$//" | sort -u | wc -l)" 12 &&
	test_is "$(grep -E "^/var/lib/docker/overlay2/[0-9a-f]{8,}…/merged \(overlay\) " "$SCRATCH/all.txt" |
		sed "s/ [0-9. ]*$//" | sort -u | wc -l)" 8
'
test_expect_success DATA 'outage_merge_min = 0 keeps every run of failures in the JSON' '
	sed "s/^\[report\]$/[health]\noutage_merge_min = 0\n\n[report]/" "$SCRATCH/c.conf" >"$SCRATCH/c0.conf" &&
	pw perfweek-report -c "$SCRATCH/c0.conf" --db "$SCRATCH/s.db" --host $HOST --week 2026-W46 \
		--format json --out "$SCRATCH/out0" --offline;
	test $? -le 3 &&
	n0=$(J "$SCRATCH/out0/perfweek-$HOST-2026-W46.json" "sum(len(c[\"outages\"]) for c in d[\"health\"][\"checks\"])") &&
	n15=$(J "$JS" "sum(len(c[\"outages\"]) for c in d[\"health\"][\"checks\"])") &&
	test "$n0" -gt "$n15"
'
# Thursday to Sunday only, Saturday missing: the charts span Thu 12 to
# Sun 15 (no Monday on their axis), Saturday shaded "no data".
test_expect_success DATA,PDFTOOLS 'a partial week: the charts span its days, a day without data shaded' '
	cp "$SCRATCH/s.db" "$SCRATCH/p.db" &&
	/usr/bin/python3 - "$SCRATCH/p.db" <<-\PY &&
	import sqlite3, sys
	con = sqlite3.connect(sys.argv[1])
	w = 1794182400
	gone = "ts < %d OR (ts >= %d AND ts < %d)" % (w + 3 * 86400, w + 5 * 86400, w + 6 * 86400)
	for t in ("disk", "filesystem", "netif"):
	    con.execute("DELETE FROM %s WHERE snapshot_id IN (SELECT id FROM snapshot WHERE %s)" % (t, gone))
	con.execute("DELETE FROM snapshot WHERE " + gone)
	con.commit()
	PY
	pw perfweek-report -c "$SCRATCH/c.conf" --db "$SCRATCH/p.db" --host $HOST --week 2026-W46 \
		--format pdf --out "$SCRATCH/outp" --offline;
	test $? -le 3 &&
	pdftotext -raw -enc UTF-8 "$SCRATCH/outp/perfweek-$HOST-2026-W46.pdf" "$SCRATCH/p.txt" 2>/dev/null &&
	grep -qF "The period has data from Thu 12 to Sun 15 only: the charts span those days" "$SCRATCH/p.txt" &&
	sed -n "/^CPU utilisation by kind/,/^Metric /p" "$SCRATCH/p.txt" >"$SCRATCH/cpu.txt" &&
	grep -qxF "no data" "$SCRATCH/cpu.txt" &&
	grep -qF "Thu 12" "$SCRATCH/cpu.txt" &&
	! grep -qF "Mon 09" "$SCRATCH/cpu.txt"
'
test_expect_success PDF,PDFTOOLS 'a whole week: no day shaded, no such note' '
	sed -n "/^CPU utilisation by kind/,/^Metric /p" "$SCRATCH/all.txt" >"$SCRATCH/cpu.txt" &&
	grep -qF "Mon 09" "$SCRATCH/cpu.txt" &&
	! grep -qxF "no data" "$SCRATCH/cpu.txt" &&
	! grep -qF "The period has data from" "$SCRATCH/all.txt"
'
# Every list at 0: nothing charted, no check on page 1, no outage
# listed, and each says how many there are.
test_expect_success DATA,PDFTOOLS 'the lists at 0: all counted, none drawn' '
	printf "[report]\npage1_checks_max = 0\noutages_max = 0\ndevices_max = 0\nfindings_max = 0\n" >"$SCRATCH/zero.conf" &&
	sed -n "/^\[report\]$/,\$p" "$SCRATCH/c.conf" | sed 1d >>"$SCRATCH/zero.conf" &&
	pw perfweek-report -c "$SCRATCH/zero.conf" --db "$SCRATCH/s.db" --host $HOST --week 2026-W46 \
		--format json,pdf --out "$SCRATCH/outz" --offline;
	test $? -le 3 &&
	pdftotext -raw -enc UTF-8 "$SCRATCH/outz/perfweek-$HOST-2026-W46.pdf" "$SCRATCH/z.txt" 2>/dev/null &&
	grep -qxF "and 40 more (see the section Health URLs and the JSON)" "$SCRATCH/z.txt" &&
	grep -qxF "The other 18, busiest first by utilisation %" "$SCRATCH/z.txt" &&
	grep -qxF "The other 30, busiest first by space used %" "$SCRATCH/z.txt" &&
	test_is "$(grep -c "^Utilisation$" "$SCRATCH/z.txt")" 0 &&
	n=$(J "$SCRATCH/outz/perfweek-$HOST-2026-W46.json" "sum(len(c[\"outages\"]) for c in d[\"health\"][\"checks\"])") &&
	grep -qF "$n outage windows, not listed ([report] outages_max = 0); the JSON lists them." "$SCRATCH/z.txt" &&
	grep -qxF "$(more_findings "$SCRATCH/outz/perfweek-$HOST-2026-W46.json" 0)" "$SCRATCH/z.txt"
'
bad() {
	printf "%s\n" "$@" >"$SCRATCH/bad.conf"
	pw perfweek-report -c "$SCRATCH/bad.conf" --check-config
}
test_expect_success 'a bad list length: file:line, exit 2' '
	test_expect_code 2 bad "[report]" "outages_max = -1" &&
	test_is "$(cat "$SCRATCH/err")" "$SCRATCH/bad.conf:2: outages_max must be an integer from 0 to 10000, not '\''-1'\''" &&
	test_expect_code 2 bad "[report]" "timezone = UTC" "page1_checks_max = many" &&
	test_like "$(cat "$SCRATCH/err")" "bad.conf:3: page1_checks_max must be an integer from 0 to 100" &&
	test_expect_code 2 bad "[report]" "devices_max = 1001" &&
	test_like "$(cat "$SCRATCH/err")" "bad.conf:2: devices_max must be an integer from 0 to 1000" &&
	test_expect_code 2 bad "[health]" "outage_merge_min = 1.5" &&
	test_like "$(cat "$SCRATCH/err")" "bad.conf:2: outage_merge_min must be an integer from 0 to 10080" &&
	test_expect_code 2 bad "[health]" "outage_merge_min = 5" "[health]" "outage_merge_min = 6" &&
	test_like "$(cat "$SCRATCH/err")" "bad.conf:3: section \[health\] given twice"
'
test_expect_success 'good list lengths and a [health] beside [health "NAME"]: configuration OK' '
	bad "[report]" "outages_max = 0" "page1_checks_max = 3" "devices_max = 0" \
		"[health]" "outage_merge_min = 60" \
		"[health \"web\"]" "url = http://127.0.0.1:9/"
'
