#!/bin/sh
# The PDF report of a simulated week (tests/simweek.py through the real
# collector): a valid file (qpdf --check), DejaVu Sans embedded, every
# section heading and the key numbers of page 1 as the JSON of the same
# run has them, "page N of M" on every page, identical bytes on a second
# run, pages that are not blank, US Letter by configuration, and the
# failures: a missing font (exit 2, named file and key, nothing written),
# an output directory that is not one, and a full disk (exit 1, no half
# PDF under the final name, no temporary file left).
. "$(dirname "$0")/lib.sh"
ls /usr/lib/*/faketime/libfaketime.so.1 >/dev/null 2>&1 || skip_all "libfaketime is not installed"
for t in qpdf pdftotext pdffonts pdfinfo pdftoppm; do
	command -v $t >/dev/null || skip_all "$t is not installed"
done
export TZ=UTC
/usr/bin/python3 "$SRC/tests/simweek.py" --bin "$BIN" --db "$SCRATCH/w.db" \
	--start '2026-11-09 00:00' --hours 168 --step-s 300 --scenario known 2>"$SCRATCH/sim.log"
ok $? "a simulated week through the real collector"
printf '[report]\ntimezone = UTC\noutput_dir = %s/out\n' "$SCRATCH" > "$SCRATCH/c.conf"
R="-c $SCRATCH/c.conf --db $SCRATCH/w.db --host demo-host --week 2026-W46"
SOURCE_DATE_EPOCH=1794787200 pw perfweek-report $R --format text,json,pdf; is "$?" 0 "report with pdf: exit 0"
PDF=$SCRATCH/out/perfweek-demo-host-2026-W46.pdf
JS=$SCRATCH/out/perfweek-demo-host-2026-W46.json
test -s "$PDF"; ok $? "the PDF is written beside the text and JSON"
qpdf --check "$PDF" >"$SCRATCH/qpdf.out" 2>&1; ok $? "qpdf --check passes"

FONTS=$(pdffonts "$PDF" 2>/dev/null)
like "$FONTS" "DejaVuSans,Book +CID TrueType +Identity-H +yes" "DejaVu Sans embedded"
is "$(printf '%s\n' "$FONTS" | grep -c DejaVu)" 1 "by default one font, bold stroked"

pdftotext -enc UTF-8 "$PDF" "$SCRATCH/p.txt" 2>/dev/null
pdftotext -enc UTF-8 -f 1 -l 1 "$PDF" "$SCRATCH/p1.txt" 2>/dev/null
TXT=$(cat "$SCRATCH/p.txt")
missing=""
for h in "Key numbers" "Top findings" "Findings" "CPU" "Memory" "Pressure stalls" \
	"Network" "Disks" "Network interfaces" "Capacity" "Notes" \
	"CPU busy by hour of the week (local time)" \
	"CPU utilisation by kind (stacked)" "Load (1 min) against the CPU count" \
	"Memory and swap used" "Throughput" "Await" "Traffic"; do
	grep -qxF "$h" "$SCRATCH/p.txt" || missing="$missing [$h]"
done
is "$missing" "" "every section and chart heading is in the text"

# Page 1 numbers, formatted from the JSON of the same run.
J() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$JS"; }
M="[m for s in d['resources'] if s['id'] == 'cpu' for m in s['metrics'] if m['id'] == 'cpu_busy_pct'][0]"
MEM="[m for s in d['resources'] if s['id'] == 'memory' for m in s['metrics'] if m['id'] == 'mem_used_pct'][0]"
P1=$(cat "$SCRATCH/p1.txt")
for k in "CPU busy p95:$M['p95']" "CPU busy max:$M['max']" \
	"Memory used max:$MEM['max']" "Data coverage:d['coverage']['pct']"; do
	v=$(J "'%.15g %%' % ${k#*:}")
	# -raw: pdftotext's layout guess joins a narrow "9" and its " %"
	pdftotext -raw -enc UTF-8 -f 1 -l 1 "$PDF" "$SCRATCH/p1raw.txt" 2>/dev/null
	grep -qxF "$v" "$SCRATCH/p1raw.txt" && grep -qxF "${k%%:*}" "$SCRATCH/p1.txt"
	ok $? "page 1 shows ${k%%:*} $v, as in the JSON"
done
is "$(J "$M['p95']")" 9 "and the CPU busy p95 is the known value (iowait not busy)"
like "$P1" "$(J "d['summary']['status']")" "page 1 shows the status"
like "$P1" "$(J "'%d critical, %d warning findings' % (d['summary']['critical'], d['summary']['warning'])")" \
	"page 1 counts the findings"
like "$P1" "1\. CPU saturation \(cpu\)" "page 1 lists the top finding"
like "$P1" "SIMULATED DATA" "page 1 says the data is simulated"
pages=$(pdfinfo "$PDF" 2>/dev/null | awk '/^Pages:/ { print $2 }')
is "$(grep -c "^page [0-9]* of $pages\$" "$SCRATCH/p.txt")" "$pages" "\"page N of $pages\" on each of the $pages pages"
like "$(pdfinfo "$PDF" 2>/dev/null)" "Page size: +595.276 x 841.89 pts \(A4\)" "A4 by default"
like "$(pdfinfo "$PDF" 2>/dev/null)" "CreationDate: +Mon Nov 16 00:00:00 2026 UTC" "creation date from the model, not the clock"

cp "$PDF" "$SCRATCH/a.pdf"
SOURCE_DATE_EPOCH=1794787200 pw perfweek-report $R --format pdf
cmp -s "$PDF" "$SCRATCH/a.pdf"; ok $? "identical bytes on a second run"

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
cpage=$(/usr/bin/python3 -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read(); print(t[:t.index("CPU utilisation by kind")].count("\f") + 1)' "$SCRATCH/p.txt")
i1=$(ink 1); ic=$(ink "$cpage")
test "$i1" -ge 30; ok $? "page 1 is not blank ($i1 per mille ink)"
test "$ic" -ge 30; ok $? "the CPU chart page $cpage is not blank ($ic per mille ink)"

# US Letter by configuration; a bad paper name is a configuration error.
printf '[report]\ntimezone = UTC\npaper = letter\n' > "$SCRATCH/l.conf"
pw perfweek-report -c "$SCRATCH/l.conf" --db "$SCRATCH/w.db" --host demo-host --week 2026-W46 --format pdf --out "$SCRATCH/letter"
like "$(pdfinfo "$SCRATCH"/letter/*.pdf 2>/dev/null)" "Page size: +612 x 792 pts \(letter\)" "paper = letter gives US Letter"
# A bold font file of its own: both faces embedded.
printf '[report]\ntimezone = UTC\npdf_font_bold = /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf\n' > "$SCRATCH/o.conf"
pw perfweek-report -c "$SCRATCH/o.conf" --db "$SCRATCH/w.db" --host demo-host --week 2026-W46 --format pdf --out "$SCRATCH/two"
qpdf --check "$SCRATCH"/two/*.pdf >/dev/null 2>&1; ok $? "a bold font file: qpdf --check passes"
like "$(pdffonts "$SCRATCH"/two/*.pdf 2>/dev/null)" "DejaVuSans-Bold,Bold +CID TrueType +Identity-H +yes" "and DejaVu Sans Bold is embedded too"
printf '[report]\npaper = a3\n' > "$SCRATCH/b.conf"
pw perfweek-report -c "$SCRATCH/b.conf" --db "$SCRATCH/w.db" --check-config --format pdf >/dev/null
is "$?" 2 "paper = a3: exit 2"
is "$(cat "$SCRATCH/err")" "$SCRATCH/b.conf:2: paper must be a4 or letter, not 'a3'" "and says what is allowed, with the line"

# A missing font: exit 2, the file and the key named, nothing written.
printf '[report]\ntimezone = UTC\npdf_font = %s/none/DejaVuSans.ttf\n' "$SCRATCH" > "$SCRATCH/f.conf"
pw perfweek-report -c "$SCRATCH/f.conf" --db "$SCRATCH/w.db" --host demo-host --week 2026-W46 --format text,pdf --out "$SCRATCH/nofont"
is "$?" 2 "missing font: exit 2"
is "$(cat "$SCRATCH/err")" "perfweek-report: cannot read the PDF font '$SCRATCH/none/DejaVuSans.ttf': No such file or directory (set [report] pdf_font)" \
	"one line naming the file and the key"
test ! -e "$SCRATCH/nofont/perfweek-demo-host-2026-W46.pdf"; ok $? "no PDF under the final name"
printf '[report]\npdf_font_bold = /nonexistent.ttf\n' > "$SCRATCH/g.conf"
pw perfweek-report -c "$SCRATCH/g.conf" --db "$SCRATCH/w.db" --format pdf --check-config >/dev/null
is "$?" 2 "missing bold font: --check-config says so (exit 2)"
printf '[report]\npdf_font = %s/c.conf\n' "$SCRATCH" > "$SCRATCH/h.conf"
pw perfweek-report -c "$SCRATCH/h.conf" --db "$SCRATCH/w.db" --format pdf --check-config >/dev/null
is "$?" 2 "a file that is not a font: exit 2"
like "$(cat "$SCRATCH/err")" "cannot read the PDF font '$SCRATCH/c.conf': not a TrueType font with a Unicode map \(set \[report\] pdf_font\)" \
	"and says so"

# An output "directory" that is a file: exit 1, nothing written.
: > "$SCRATCH/notadir"
pw perfweek-report $R --format pdf --out "$SCRATCH/notadir"
is "$?" 1 "output directory is a file: exit 1"
is "$(cat "$SCRATCH/err")" "perfweek-report: cannot write '$SCRATCH/notadir/perfweek-demo-host-2026-W46.pdf': Not a directory" "the error names the file not written"

# A full disk: the write fails half way; no PDF, no temporary file.
mkdir "$SCRATCH/small"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs "$SCRATCH/small" 2>/dev/null; then
	on_exit "umount '$SCRATCH/small'"
	pw perfweek-report $R --format pdf --out "$SCRATCH/small"
	is "$?" 1 "disk full while writing the PDF: exit 1"
	is "$(ls -A "$SCRATCH/small")" "" "no half PDF and no temporary file left"
else
	ok 0 "# SKIP a full disk needs root for a small tmpfs"
	ok 0 "# SKIP a full disk needs root for a small tmpfs"
fi
