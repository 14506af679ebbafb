#!/bin/sh
# The systemd units of cron/systemd/, installed by "make install-systemd"
# with the paths of a scratch install, pass "systemd-analyze verify"; every
# service runs as perfweek inside the documented sandbox, every timer has
# its service and the schedule of cron/perfweek.
. "$(dirname "$0")/lib.sh"
U=$SRC/cron/systemd
ls "$U"/*.service >/dev/null 2>&1; ok $? "units are in cron/systemd"

for s in "$U"/*.service; do
	n=$(basename "$s" .service)
	missing=""
	for k in User=perfweek Group=perfweek Type=oneshot NoNewPrivileges=yes \
		ProtectSystem=strict ReadWritePaths=/var/lib/perfweek PrivateTmp=yes \
		'ProtectHome=(yes|read-only)' CapabilityBoundingSet= \
		'RestrictAddressFamilies=AF_UNIX' 'ExecStart=/usr/local/bin/perfweek-'; do
		grep -Eq "^$k" "$s" || missing="$missing $k"
	done
	is "$missing" "" "$n.service: runs as perfweek in the sandbox"
	[ -f "$U/$n.timer" ]; ok $? "$n.timer exists"
done
grep -q '^RestrictAddressFamilies=AF_UNIX$' "$U/perfweek-collect.service"; ok $? "the collector has no network"
! grep -q '^PrivateNetwork' "$U/perfweek-collect.service"; ok $? "and no private network (it reads /proc/net)"
is "$(sed -n 's/^OnCalendar=//p' "$U/perfweek-report.timer")" "Mon *-*-* 06:00:00" "the report Mondays at 06:00"
is "$(sed -n 's/^OnCalendar=//p' "$U/perfweek-collect.timer")" "*-*-* *:*:00" "a snapshot every minute"

command -v systemd-analyze >/dev/null || { echo "# skip: systemd-analyze is not installed"; exit 0; }
# Installed for real (no DESTDIR) under the scratch directory, so that the
# programs named by ExecStart= exist where the units say.
O=$(dirname "$BIN")
[ "$BIN" = "$SRC/bin" ] && O=$SRC/build
R=$SCRATCH/root
make -s -C "$SRC" install install-systemd B="$BIN" O="$O" PREFIX="$R/usr" \
	SYSCONFDIR="$R/etc" LOCALSTATEDIR="$R/var" >"$SCRATCH/make.log" 2>&1
ok $? "make install install-systemd into a scratch root"
D=$R/usr/lib/systemd/system
is "$(sed -n 's/^ExecStart=//p' "$D/perfweek-report.service")" "$R/usr/bin/perfweek-report -q --mail" \
	"ExecStart names the installed program"
grep -q "^ReadWritePaths=$R/var/lib/perfweek$" "$D/perfweek-collect.service"; ok $? "ReadWritePaths names the state directory"
units=""
for f in "$D"/*.service "$D"/*.timer; do
	units="$units $f"
done
# shellcheck disable=SC2086
SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no $units >"$SCRATCH/verify" 2>&1
ok $? "systemd-analyze verify passes"
is "$(cat "$SCRATCH/verify")" "" "without a warning"
