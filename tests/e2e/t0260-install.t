#!/bin/sh
# make install into a scratch root (DESTDIR), then the installed programs,
# with the installed example configuration (only the database and output
# paths given on the command line), collect into a scratch database and
# produce a report; make uninstall then leaves no file behind.
. "$(dirname "$0")/lib.sh"
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
export TZ=UTC
# The build under test (O holds its objects, so make finds it up to date).
O=$(dirname "$BIN")
[ "$BIN" = "$SRC/bin" ] && O=$SRC/build
D=$SCRATCH/root
M="-s -C $SRC B=$BIN O=$O DESTDIR=$D PREFIX=/usr/local"

make $M install install-cron install-systemd >"$SCRATCH/make.log" 2>&1
ok $? "make install install-cron install-systemd DESTDIR=... PREFIX=/usr/local"
missing=""
for f in usr/local/bin/perfweek-collect usr/local/bin/perfweek-report \
	usr/local/share/man/man8/perfweek-collect.8 usr/local/share/man/man8/perfweek-report.8 \
	usr/local/share/man/man5/perfweek.conf.5 usr/local/etc/perfweek/perfweek.conf.example \
	usr/local/share/perfweek/templates/report.txt.mustache etc/cron.d/perfweek \
	usr/local/lib/systemd/system/perfweek-report.timer; do
	[ -s "$D/$f" ] || missing="$missing $f"
done
is "$missing" "" "programs, man pages, example config, template, cron file and units installed"
is "$(stat -c %a "$D/var/lib/perfweek")" 750 "the state directory, mode 0750"
[ -x "$D/usr/local/bin/perfweek-collect" ]; ok $? "programs are executable"
grep -q '^PATH=/usr/local/bin:' "$D/etc/cron.d/perfweek"; ok $? "the cron file's PATH holds the installed programs"

# The installed programs, the installed example configuration.
I=$D/usr/local/bin
C="-c $D/usr/local/etc/perfweek/perfweek.conf.example --db $SCRATCH/scratch.db"
out=$($WRAP "$I/perfweek-report" $C --check-config 2>&1)
is "$out" "configuration OK: $D/usr/local/etc/perfweek/perfweek.conf.example" "the installed example config checks"
FAKETIME="@2026-11-10 10:00:00" LD_PRELOAD="$FT" $WRAP "$I/perfweek-collect" $C \
	--proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
FAKETIME="@2026-11-10 10:01:00" LD_PRELOAD="$FT" $WRAP "$I/perfweek-collect" $C \
	--proc-root "$TREES/rates-b/proc" --sys-root "$TREES/rates-b/sys"
ok $? "the installed collector stores two snapshots"
$WRAP "$I/perfweek-report" $C --week 2026-W46 --out "$SCRATCH/out" 2>"$SCRATCH/err"
is "$?" 3 "the installed reporter reports 2026-W46 (two snapshots: INCOMPLETE, exit 3)"
host=$(uname -n)
[ -s "$SCRATCH/out/perfweek-$host-2026-W46.txt" ]; ok $? "the text report is written ([report] formats default)"
qpdf --check "$SCRATCH/out/perfweek-$host-2026-W46.pdf" >/dev/null 2>&1
ok $? "and the PDF, with the installed font settings"
is "$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["host"], d["coverage"]["stored"])' \
	"$SCRATCH/out/perfweek-$host-2026-W46.json")" "$host 2" "the JSON report covers the two snapshots"
like "$(head -n 5 "$SCRATCH/out/perfweek-$host-2026-W46.txt")" "2026-W46" "the text report names the week"

make $M uninstall >>"$SCRATCH/make.log" 2>&1
ok $? "make uninstall"
is "$(find "$D" \( -type f -o -type l \) | sed "s|^$D/||")" "" "no file is left behind"
is "$(find "$D" -name '*perfweek*' | sed "s|^$D/||")" "" "nor a perfweek directory"
