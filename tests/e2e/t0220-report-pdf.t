#!/bin/sh
# The PDF report of a simulated week (tests/simweek.py through the real
# collector): a valid file (qpdf --check, no warning from pdftotext or
# pdffonts: the ToUnicode map rewritten), DejaVu Sans embedded, every
# section heading and the key numbers of page 1 as the JSON of the same
# run has them, "page N of M" on every page, identical bytes on a second
# run, pages that are not blank, US Letter by configuration, and the
# failures: a missing font (exit 2, named file and key, nothing written),
# an output directory that is not one, and a full disk (exit 1, no half
# PDF under the final name, no temporary file left).
. "$(dirname "$0")/lib.sh"
tools=yes
for t in qpdf pdftotext pdffonts pdfinfo pdftoppm; do
	command -v $t >/dev/null || tools=no
done
[ $tools = no ] || test_set_prereq PDFTOOLS
export TZ=UTC
R="-c $SCRATCH/c.conf --db $SCRATCH/w.db --host demo-host --week 2026-W46"
PDF=$SCRATCH/out/perfweek-demo-host-2026-W46.pdf
JS=$SCRATCH/out/perfweek-demo-host-2026-W46.json

test_expect_success FAKETIME 'a simulated week through the real collector' '
	/usr/bin/python3 "$SRC/tests/simweek.py" --bin "$BIN" --db "$SCRATCH/w.db" \
		--start "2026-11-09 00:00" --hours 168 --step-s 300 --scenario known 2>"$SCRATCH/sim.log" &&
	printf "[report]\ntimezone = UTC\noutput_dir = %s/out\n" "$SCRATCH" >"$SCRATCH/c.conf" &&
	test_set_prereq WEEK
'
test_expect_success WEEK 'report with pdf: exit 0' '
	SOURCE_DATE_EPOCH=1794787200 pw perfweek-report $R --format text,json,pdf
'
test_expect_success WEEK 'the PDF is written beside the text and JSON' '
	test -s "$PDF" && test -s "$JS" && test_set_prereq PDF
'
test_expect_success PDF,PDFTOOLS 'qpdf --check passes' '
	qpdf --check "$PDF" >"$SCRATCH/qpdf.out" 2>&1
'

# libharu's own ToUnicode CMap has begincidrange sections, on which
# poppler warns; perfweek writes the map anew (pdf_font.c).
test_expect_success PDF,PDFTOOLS 'pdftotext and pdffonts print no warning on it' '
	pdftotext "$PDF" /dev/null 2>"$SCRATCH/pt.err" &&
	pdffonts "$PDF" >/dev/null 2>"$SCRATCH/pf.err" &&
	test_is "$(cat "$SCRATCH/pt.err" "$SCRATCH/pf.err")" ""
'
test_expect_success PDF 'the ToUnicode map has bfchar entries and no begincidrange' '
	test_is "$(/usr/bin/python3 - "$PDF" <<-\PY
	import re, sys, zlib
	pdf = open(sys.argv[1], "rb").read()
	n = re.search(rb"/ToUnicode (\d+) 0 R", pdf).group(1)
	body = re.search(rb"\n" + n + rb" 0 obj.*?stream\r?\n(.*?)endstream", pdf, re.S).group(1)
	m = zlib.decompress(body)
	print(b"begincidrange" in m, b"<0070> <0070>" in m, b"/CMapType 2" in m)
	PY
	)" "False True True"
'
# Every page's content is deflated at zlib's fastest level by perfweek
# (pdf_deflate.c: a zlib header of 78 01) with one /Filter entry, the
# other streams at libharu's default (78 9C); each decodes to what the
# PDF needs: the pages' drawing operators, the font's TrueType header.
test_expect_success PDF 'the pages deflated at the fastest level, the font at the default' '
	test_is "$(/usr/bin/python3 - "$PDF" <<-\PY
	import re, sys, zlib
	pdf = open(sys.argv[1], "rb").read()
	objs = {m.group(1): m.group(2) for m in re.finditer(rb"\n(\d+) 0 obj\r?\n(.*?)\nendobj", pdf, re.S)}
	def stream(n):
	    d, body = re.match(rb"<<(.*?)>>\s*stream\r?\n(.*)\r?\nendstream", objs[n], re.S).groups()
	    return d, body
	pages = re.findall(rb"/Contents (\d+) 0 R", pdf)
	ok = 0
	for n in pages:
	    d, body = stream(n)
	    ok += (body[:2] == b"\x78\x01" and d.count(b"/Filter") == 1 and
	           b"/FlateDecode" in d and b" Tj" in zlib.decompress(body))
	d, font = stream(re.search(rb"/FontFile2 (\d+) 0 R", pdf).group(1))
	print(len(pages) > 5, ok == len(pages), font[:2] == b"\x78\x9c",
	      zlib.decompress(font)[:4] == b"\x00\x01\x00\x00")
	PY
	)" "True True True True"
'
test_expect_success PDF,PDFTOOLS 'DejaVu Sans embedded' '
	FONTS=$(pdffonts "$PDF" 2>/dev/null) &&
	test_like "$FONTS" "DejaVuSans,Book +CID TrueType +Identity-H +yes"
'
test_expect_success PDF,PDFTOOLS 'by default one font, bold stroked' '
	test_is "$(printf "%s\n" "$FONTS" | grep -c DejaVu)" 1
'
test_expect_success PDF,PDFTOOLS 'the font is a subset with a ToUnicode map' '
	test_like "$FONTS" "DejaVuSans,Book +CID TrueType +Identity-H +yes +yes +yes"
'
# The CIDToGIDMap is written for the code points drawn only: "p" (page
# N of M) has its glyph, U+00C6 (never drawn) none, and the map ends
# well before U+FFFF.
test_expect_success PDF 'the font map covers the code points drawn only' '
	test_is "$(/usr/bin/python3 - "$PDF" <<-\PY
	import re, sys, zlib
	pdf = open(sys.argv[1], "rb").read()
	n = re.search(rb"/CIDToGIDMap (\d+) 0 R", pdf).group(1)
	body = re.search(rb"\n" + n + rb" 0 obj.*?stream\r?\n(.*?)endstream", pdf, re.S).group(1)
	m = zlib.decompress(body)
	gid = lambda cp: int.from_bytes(m[2 * cp:2 * cp + 2], "big") if 2 * cp < len(m) else 0
	print(gid(ord("p")) > 0, gid(0xC6), len(m) < 2 * 0xFFFF)
	PY
	)" "True 0 True"
'

test_expect_success PDF,PDFTOOLS 'the PDF as text' '
	pdftotext -enc UTF-8 "$PDF" "$SCRATCH/p.txt" 2>/dev/null &&
	pdftotext -enc UTF-8 -f 1 -l 1 "$PDF" "$SCRATCH/p1.txt" 2>/dev/null &&
	# -raw: pdftotext'\''s layout guess joins a narrow "9" and its " %"
	pdftotext -raw -enc UTF-8 -f 1 -l 1 "$PDF" "$SCRATCH/p1raw.txt" 2>/dev/null &&
	P1=$(cat "$SCRATCH/p1.txt") &&
	test_set_prereq TEXT
'
test_expect_success TEXT 'every section and chart heading is in the text' '
	missing="" &&
	for h in "Key numbers" "Top findings" "Findings" "CPU" "Memory" "Pressure stalls" \
		"Network" "Disks" "Network interfaces" "Capacity" "Notes" \
		"CPU busy by hour of the week (local time)" \
		"CPU utilisation by kind (stacked)" "Load (1 min) against the CPU count" \
		"Memory and swap used" "Throughput" "Await" "Traffic"; do
		grep -qxF "$h" "$SCRATCH/p.txt" || missing="$missing [$h]"
	done &&
	test_is "$missing" ""
'

# Page 1 numbers, formatted from the JSON of the same run.
J() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$JS"; }
M="[m for s in d['resources'] if s['id'] == 'cpu' for m in s['metrics'] if m['id'] == 'cpu_busy_pct'][0]"
MEM="[m for s in d['resources'] if s['id'] == 'memory' for m in s['metrics'] if m['id'] == 'mem_used_pct'][0]"
for k in "CPU busy p95:$M['p95']" "CPU busy max:$M['max']" \
	"Memory used max:$MEM['max']" "Data coverage:d['coverage']['pct']"; do
	test_expect_success TEXT "page 1 shows ${k%%:*}, as in the JSON" '
		v=$(J "'\''%.15g %%'\'' % ${k#*:}") &&
		echo "the JSON: ${k%%:*} $v" &&
		grep -qxF "$v" "$SCRATCH/p1raw.txt" && grep -qxF "${k%%:*}" "$SCRATCH/p1.txt"
	'
done
test_expect_success PDF 'and the CPU busy p95 is the known value (iowait not busy)' '
	test_is "$(J "$M[\"p95\"]")" 9
'
test_expect_success TEXT 'page 1 shows the status' '
	test_like "$P1" "$(J "d[\"summary\"][\"status\"]")"
'
test_expect_success TEXT 'page 1 counts the findings' '
	test_like "$P1" "$(J "\"%d critical, %d warning findings\" % (d[\"summary\"][\"critical\"], d[\"summary\"][\"warning\"])")"
'
test_expect_success TEXT 'page 1 lists the top finding' '
	test_like "$P1" "1\. CPU saturation \(cpu\)"
'
test_expect_success TEXT 'page 1 says the data is simulated' '
	test_like "$P1" "SIMULATED DATA"
'
test_expect_success TEXT '"page N of M" on each of the M pages' '
	pages=$(pdfinfo "$PDF" 2>/dev/null | awk "/^Pages:/ { print \$2 }") &&
	echo "$pages pages" &&
	test_is "$(grep -c "^page [0-9]* of $pages\$" "$SCRATCH/p.txt")" "$pages"
'
test_expect_success PDF,PDFTOOLS 'A4 by default' '
	test_like "$(pdfinfo "$PDF" 2>/dev/null)" "Page size: +595.276 x 841.89 pts \(A4\)"
'
test_expect_success PDF,PDFTOOLS 'creation date from the model, not the clock' '
	test_like "$(pdfinfo "$PDF" 2>/dev/null)" "CreationDate: +Mon Nov 16 00:00:00 2026 UTC"
'

test_expect_success PDF 'identical bytes on a second run' '
	cp "$PDF" "$SCRATCH/a.pdf" &&
	SOURCE_DATE_EPOCH=1794787200 pw perfweek-report $R --format pdf &&
	cmp "$SCRATCH/a.pdf" "$PDF"
'

# Not blank: page 1 and a chart page (the CPU section) have ink.
ink() {	# ink PAGE: per mille of non-white pixels at 40 dpi
	pdftoppm -r 40 -f "$1" -l "$1" -singlefile "$PDF" "$SCRATCH/page" 2>/dev/null
	/usr/bin/python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
f = d.split(b"\n", 3)
w, h = map(int, f[1].split()); px = f[3][:w * h * 3]
n = sum(1 for i in range(0, len(px), 3) if px[i] < 200 or px[i + 1] < 200 or px[i + 2] < 200)
print(n * 1000 // (w * h))' "$SCRATCH/page.ppm"
}
CPAGE='import sys; t = open(sys.argv[1], encoding="utf-8").read(); print(t[:t.index("CPU utilisation by kind")].count("\f") + 1)'
test_expect_success TEXT 'page 1 is not blank' '
	i1=$(ink 1) &&
	echo "$i1 per mille ink" &&
	test "$i1" -ge 30
'
test_expect_success TEXT 'the CPU chart page is not blank' '
	cpage=$(/usr/bin/python3 -c "$CPAGE" "$SCRATCH/p.txt") &&
	ic=$(ink "$cpage") &&
	echo "page $cpage: $ic per mille ink" &&
	test "$ic" -ge 30
'

# US Letter by configuration; a bad paper name is a configuration error.
test_expect_success WEEK,PDFTOOLS 'paper = letter gives US Letter' '
	printf "[report]\ntimezone = UTC\npaper = letter\n" >"$SCRATCH/l.conf" &&
	pw perfweek-report -c "$SCRATCH/l.conf" --db "$SCRATCH/w.db" --host demo-host --week 2026-W46 --format pdf --out "$SCRATCH/letter" &&
	test_like "$(pdfinfo "$SCRATCH"/letter/*.pdf 2>/dev/null)" "Page size: +612 x 792 pts \(letter\)"
'
# A bold font file of its own: both faces embedded.
test_expect_success WEEK,PDFTOOLS 'a bold font file: qpdf --check passes' '
	printf "[report]\ntimezone = UTC\npdf_font_bold = /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf\n" >"$SCRATCH/o.conf" &&
	pw perfweek-report -c "$SCRATCH/o.conf" --db "$SCRATCH/w.db" --host demo-host --week 2026-W46 --format pdf --out "$SCRATCH/two" &&
	qpdf --check "$SCRATCH"/two/*.pdf >/dev/null 2>&1
'
test_expect_success WEEK,PDFTOOLS 'and DejaVu Sans Bold is embedded too' '
	test_like "$(pdffonts "$SCRATCH"/two/*.pdf 2>/dev/null)" "DejaVuSans-Bold,Bold +CID TrueType +Identity-H +yes +yes +yes"
'
test_expect_success 'paper = a3: exit 2' '
	printf "[report]\npaper = a3\n" >"$SCRATCH/b.conf" &&
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/b.conf" --db "$SCRATCH/w.db" --check-config --format pdf >/dev/null
'
test_expect_success 'and says what is allowed, with the line' '
	test_is "$(cat "$SCRATCH/err")" "$SCRATCH/b.conf:2: paper must be a4 or letter, not '\''a3'\''"
'

# A missing font: exit 2, the file and the key named, nothing written.
test_expect_success WEEK 'missing font: exit 2' '
	printf "[report]\ntimezone = UTC\npdf_font = %s/none/DejaVuSans.ttf\n" "$SCRATCH" >"$SCRATCH/f.conf" &&
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/f.conf" --db "$SCRATCH/w.db" --host demo-host --week 2026-W46 --format text,pdf --out "$SCRATCH/nofont"
'
test_expect_success WEEK 'one line naming the file and the key' '
	test_is "$(cat "$SCRATCH/err")" "perfweek-report: cannot read the PDF font '\''$SCRATCH/none/DejaVuSans.ttf'\'': No such file or directory (set [report] pdf_font)"
'
test_expect_success WEEK 'no PDF under the final name' '
	test ! -e "$SCRATCH/nofont/perfweek-demo-host-2026-W46.pdf"
'
test_expect_success WEEK 'missing bold font: --check-config says so (exit 2)' '
	printf "[report]\npdf_font_bold = /nonexistent.ttf\n" >"$SCRATCH/g.conf" &&
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/g.conf" --db "$SCRATCH/w.db" --format pdf --check-config >/dev/null
'
test_expect_success WEEK 'a file that is not a font: exit 2' '
	printf "[report]\npdf_font = %s/c.conf\n" "$SCRATCH" >"$SCRATCH/h.conf" &&
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/h.conf" --db "$SCRATCH/w.db" --format pdf --check-config >/dev/null
'
test_expect_success WEEK 'and says so' '
	test_like "$(cat "$SCRATCH/err")" "cannot read the PDF font '\''$SCRATCH/c.conf'\'': not a TrueType font with a Unicode map \(set \[report\] pdf_font\)"
'

# An output "directory" that is a file: exit 1, nothing written.
test_expect_success WEEK 'output directory is a file: exit 1' '
	: >"$SCRATCH/notadir" &&
	test_expect_code 1 pw perfweek-report $R --format pdf --out "$SCRATCH/notadir"
'
test_expect_success WEEK 'the error names the file not written' '
	test_is "$(cat "$SCRATCH/err")" "perfweek-report: cannot write '\''$SCRATCH/notadir/perfweek-demo-host-2026-W46.pdf'\'': Not a directory"
'

# A full disk: the write fails half way; no PDF, no temporary file.
test_expect_success ROOT 'a 64 KB tmpfs' '
	mkdir "$SCRATCH/small" &&
	mount -t tmpfs -o size=64k tmpfs "$SCRATCH/small" &&
	on_exit "umount '\''$SCRATCH/small'\''" &&
	test_set_prereq SMALL
'
test_expect_success SMALL,WEEK 'disk full while writing the PDF: exit 1' '
	test_expect_code 1 pw perfweek-report $R --format pdf --out "$SCRATCH/small"
'
test_expect_success SMALL,WEEK 'no half PDF and no temporary file left' '
	test_is "$(ls -A "$SCRATCH/small")" ""
'

# A host name too long for the title line wraps below the subtitle: no
# word of page 1 runs past the page's right edge (A4: 595 pt).
LONGHOST=db-primary-replica-frankfurt-am-main-availability-zone-b-rack-17-node-042
test_expect_success WEEK,PDFTOOLS 'a long host name stays on the page' '
	sqlite3 "$SCRATCH/w.db" "UPDATE host SET name = '\''$LONGHOST'\'' WHERE name = '\''demo-host'\''" &&
	pw perfweek-report -c "$SCRATCH/c.conf" --db "$SCRATCH/w.db" --host "$LONGHOST" \
		--week 2026-W46 --format pdf --out "$SCRATCH/long" --offline &&
	pdftotext -f 1 -l 1 -bbox "$SCRATCH/long/perfweek-$LONGHOST-2026-W46.pdf" "$SCRATCH/long.html" &&
	/usr/bin/python3 -c "
import re, sys
xs = [float(x) for x in re.findall(r\"xMax=\\\"([0-9.]+)\\\"\", open(sys.argv[1]).read())]
print(len(xs), max(xs))
sys.exit(0 if xs and max(xs) <= 595 else 1)" "$SCRATCH/long.html"
'
