#!/bin/sh
# The golden outputs: two fixed simulated weeks (tests/golden/run.sh says
# which), made through the real collector and prober and rendered by
# perfweek-report as text, JSON, PDF and a mailed message, come out byte
# for byte as committed in tests/golden (with what tests/golden/mask.py
# masks).  A difference is shown as diff -u.  When a change of the reports
# is intended, "make golden" writes the new files; the diff is reviewed and
# committed with the change (docs/testing.md).
#
# Under valgrind (PERFWEEK_QUICK) only the quiet week is made: the demo
# week's reports are the same code under valgrind, and its 2016 probe runs
# would add minutes to the run (simweek runs the collector and prober
# unwrapped; only the report runs under valgrind).
. "$(dirname "$0")/lib.sh"
command -v pdftotext >/dev/null && test_set_prereq PDFTOTEXT
command -v openssl >/dev/null && test_set_prereq OPENSSL
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null && test_set_prereq AIOSMTPD
[ -x "$BIN/perfweek-probe" ] && test_set_prereq PROBE
GOLD=$SRC/tests/golden
OUT=$SCRATCH/golden
FILES="exit-status message.eml report.json report.pdf.txt report.txt"

# compare WEEK PREREQ: each file as committed, and no other.
compare() {
	for f in $FILES; do
		test_expect_success "$2" "$1: $f as committed" "
			test_cmp \"\$GOLD/$1/$f\" \"\$OUT/$1/$f\""
	done
	test_expect_success "$2" "$1: the files committed are the files made" "
		ls \"\$GOLD/$1\" >\"\$SCRATCH/$1.committed\" &&
		ls \"\$OUT/$1\" >\"\$SCRATCH/$1.made\" &&
		test_cmp \"\$SCRATCH/$1.committed\" \"\$SCRATCH/$1.made\""
}

test_expect_success FAKETIME,PDFTOTEXT,AIOSMTPD \
	'the quiet week: a gap and a reboot, reported and mailed' '
	sh "$GOLD/run.sh" "$BIN" "$OUT" quiet &&
	test_set_prereq QUIET
'
compare quiet QUIET

test_expect_success EXPENSIVE,FAKETIME,PDFTOTEXT,AIOSMTPD,OPENSSL,PROBE \
	'the demo week: health URLs, incidents, reported and mailed' '
	sh "$GOLD/run.sh" "$BIN" "$OUT" demo &&
	test_set_prereq DEMO
'
compare demo DEMO
