#!/bin/sh
# make install into a scratch root (DESTDIR), then the installed programs,
# with the installed example configuration (only the database and output
# paths given on the command line), collect into a scratch database and
# produce a report; make uninstall then leaves no file behind.
. "$(dirname "$0")/lib.sh"
command -v qpdf >/dev/null && test_set_prereq QPDF
export TZ=UTC
# The build under test (O holds its objects, so make finds it up to date).
# It is shared with the tests that run beside this one (make check runs
# them in parallel): make writes its paths.h in the scratch directory
# instead (PATHS_H), as another make could be writing the build's.
O=$(dirname "$BIN")
[ "$BIN" = "$SRC/bin" ] && O=$SRC/build
D=$SCRATCH/root
M="-s -C $SRC B=$BIN O=$O DESTDIR=$D PREFIX=/usr/local PATHS_H=$SCRATCH/paths.h"

test_expect_success 'make install install-cron install-systemd DESTDIR=... PREFIX=/usr/local' '
	make $M install install-cron install-systemd >"$SCRATCH/make.log" 2>&1 &&
	test_set_prereq INSTALLED
'
test_expect_success INSTALLED 'programs, man pages, example config, template, cron file and units installed' '
	missing="" &&
	for f in usr/local/bin/perfweek-collect usr/local/bin/perfweek-report \
		usr/local/share/man/man8/perfweek-collect.8 usr/local/share/man/man8/perfweek-report.8 \
		usr/local/share/man/man5/perfweek.conf.5 usr/local/etc/perfweek/perfweek.conf.example \
		usr/local/share/perfweek/templates/report.txt.mustache etc/cron.d/perfweek \
		usr/local/share/perfweek/templates/fleet.txt.mustache \
		usr/local/lib/systemd/system/perfweek-report.timer \
		usr/local/bin/perfweek-alert usr/local/share/man/man8/perfweek-alert.8 \
		usr/local/lib/systemd/system/perfweek-alert.timer; do
		[ -s "$D/$f" ] || missing="$missing $f"
	done &&
	test_is "$missing" ""
'
test_expect_success INSTALLED 'the state directory, mode 0750' '
	test_is "$(stat -c %a "$D/var/lib/perfweek")" 750
'
test_expect_success INSTALLED 'programs are executable' '
	test -x "$D/usr/local/bin/perfweek-collect"
'
test_expect_success INSTALLED 'the cron file'\''s PATH holds the installed programs' '
	grep -q "^PATH=/usr/local/bin:" "$D/etc/cron.d/perfweek"
'

# The installed programs, the installed example configuration.
I=$D/usr/local/bin
C="-c $D/usr/local/etc/perfweek/perfweek.conf.example --db $SCRATCH/scratch.db"
test_expect_success INSTALLED 'the installed example config checks' '
	test_is "$($WRAP "$I/perfweek-report" $C --check-config 2>&1)" \
		"configuration OK: $D/usr/local/etc/perfweek/perfweek.conf.example"
'
test_expect_success INSTALLED,FAKETIME 'the installed collector stores two snapshots' '
	FAKETIME="@2026-11-10 10:00:00" LD_PRELOAD="$FT" $WRAP "$I/perfweek-collect" $C \
		--proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
	FAKETIME="@2026-11-10 10:01:00" LD_PRELOAD="$FT" $WRAP "$I/perfweek-collect" $C \
		--proc-root "$TREES/rates-b/proc" --sys-root "$TREES/rates-b/sys" &&
	test_set_prereq SNAPSHOTS
'
host=$(uname -n)
N=$SCRATCH/out/perfweek-$host-2026-W46
test_expect_success SNAPSHOTS 'the installed reporter reports 2026-W46 (two snapshots: INCOMPLETE, exit 3)' '
	test_expect_code 3 $WRAP "$I/perfweek-report" $C --week 2026-W46 --out "$SCRATCH/out" 2>"$SCRATCH/err" &&
	test_set_prereq REPORT
'
test_expect_success REPORT 'the text report is written ([report] formats default)' '
	test -s "$N.txt"
'
test_expect_success REPORT,QPDF 'and the PDF, with the installed font settings' '
	qpdf --check "$N.pdf" >/dev/null 2>&1
'
test_expect_success REPORT 'the JSON report covers the two snapshots' '
	test_is "$(/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d[\"host\"], d[\"coverage\"][\"stored\"])" "$N.json")" \
		"$host 2"
'
test_expect_success REPORT 'the text report names the week' '
	test_like "$(head -n 5 "$N.txt")" "2026-W46"
'

test_expect_success INSTALLED 'make uninstall' '
	make $M uninstall >>"$SCRATCH/make.log" 2>&1
'
test_expect_success INSTALLED 'no file is left behind' '
	test_is "$(find "$D" \( -type f -o -type l \) | sed "s|^$D/||")" ""
'
test_expect_success INSTALLED 'nor a perfweek directory' '
	test_is "$(find "$D" -name "*perfweek*" | sed "s|^$D/||")" ""
'
