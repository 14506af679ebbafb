#!/bin/sh
# The fleet's PDF with 40 hosts and awkward names (60 characters, 205
# characters, Chinese and Japanese): a valid file (qpdf --check), page 1
# bounded (the ranking cut with "and N more"), every name whole in the
# host table, the heatmap's rows and days, the same bytes twice.  One
# week of one host is made by the real collector; the other files are
# copies of it under other host names.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/e2e/lib-fleet.sh"
command -v pdftotext >/dev/null && command -v qpdf >/dev/null &&
	test_set_prereq PDFTOOLS
export TZ=UTC
F=$SCRATCH/fleet
PDF=$SCRATCH/out/perfweek-fleet-2026-W46.pdf
LONG=$(printf 'x%.0s' $(seq 1 200))-end
name() {	# name I: the host name of copy I
	case $1 in
	3) echo "数据库服务器-3.例え.jp" ;;
	5) echo "$LONG" ;;
	*) echo "analytics-worker-$1.frankfurt-az2.prod.internal.example.com" ;;
	esac
}
test_expect_success FAKETIME 'forty hosts: one simulated week, copied under forty names' '
	mkdir -p "$F" && fleet_one "$F/base.db" base "2026-11-09 00:00" 168 quiet &&
	for i in $(seq 1 40); do
		cp "$F/base.db" "$F/h$i.db" &&
		sqlite3 "$F/h$i.db" "UPDATE host SET name = '"'"'$(name $i)'"'"'" || exit 1
	done &&
	fleet_config "$SCRATCH/c.conf" && test_set_prereq FLEET
'
DBS=
for i in $(seq 1 40); do DBS="$DBS --db $F/h$i.db"; done
test_expect_success FLEET,PDFTOOLS 'the PDF: exit 0, valid' '
	pw perfweek-report -c "$SCRATCH/c.conf" --fleet --week 2026-W46 $DBS --format pdf &&
	qpdf --check "$PDF" >"$SCRATCH/qpdf" &&
	grep -q "No syntax or stream encoding errors" "$SCRATCH/qpdf" &&
	test_set_prereq PDF
'
test_expect_success PDF 'page 1: the counts, and the ranking cut to the page' '
	pdftotext -f 1 -l 1 "$PDF" "$SCRATCH/p1.txt" &&
	grep -q "^Every host" "$SCRATCH/p1.txt" &&
	grep -q "^40$" "$SCRATCH/p1.txt" &&
	grep -qx "and 22 more (every host in the table at the end)" "$SCRATCH/p1.txt" &&
	grep -q "Right-sizing could remove 40 CPUs and 120 GiB" "$SCRATCH/p1.txt" &&
	grep -qx "page 1 of 9" "$SCRATCH/p1.txt"
'
test_expect_success PDF 'the heatmap: a row per host, the days of the week' '
	pdftotext -f 2 -l 2 -layout "$PDF" "$SCRATCH/p2.txt" &&
	grep -q "CPU busy by host and day" "$SCRATCH/p2.txt" &&
	grep -q "Mon 11-09 .* Sun 11-15" "$SCRATCH/p2.txt" &&
	test "$(grep -c "analytics-worker" "$SCRATCH/p2.txt")" -eq 38
'
test_expect_success PDF 'every name whole in the host table, wrapped, the Chinese and Japanese one drawn' '
	pdftotext -raw -f 7 -l 9 "$PDF" - | tr -d "\n" >"$SCRATCH/tail.txt" &&
	grep -q "$LONG" "$SCRATCH/tail.txt" &&
	grep -q "数据库服务器-3.例え.jp" "$SCRATCH/tail.txt" &&
	grep -q "analytics-worker-40.frankfurt-az2.prod.internal.example.com" "$SCRATCH/tail.txt"
'
test_expect_success PDF 'the same bytes twice' '
	cp "$PDF" "$SCRATCH/first.pdf" &&
	pw perfweek-report -c "$SCRATCH/c.conf" --fleet --week 2026-W46 $DBS --format pdf &&
	cmp "$SCRATCH/first.pdf" "$PDF"
'
