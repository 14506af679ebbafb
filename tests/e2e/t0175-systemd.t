#!/bin/sh
# The systemd units of cron/systemd/, installed by "make install-systemd"
# with the paths of a scratch install, pass "systemd-analyze verify"; every
# service runs as perfweek inside the documented sandbox, every timer has
# its service and the schedule of cron/perfweek.
. "$(dirname "$0")/lib.sh"
U=$SRC/cron/systemd
test_expect_success 'units are in cron/systemd' '
	ls "$U"/*.service >/dev/null
'

for s in "$U"/*.service; do
	n=$(basename "$s" .service)
	test_expect_success "$n.service: runs as perfweek in the sandbox" '
		missing="" &&
		for k in User=perfweek Group=perfweek Type=oneshot NoNewPrivileges=yes \
			ProtectSystem=strict ReadWritePaths=/var/lib/perfweek PrivateTmp=yes \
			"ProtectHome=(yes|read-only)" CapabilityBoundingSet= \
			"RestrictAddressFamilies=AF_UNIX" "ExecStart=/usr/local/bin/perfweek-"; do
			grep -Eq "^$k" "$s" || missing="$missing $k"
		done &&
		test_is "$missing" ""
	'
	test_expect_success "$n.timer exists" '
		test -f "$U/$n.timer"
	'
done
test_expect_success 'the collector has no network' '
	grep -q "^RestrictAddressFamilies=AF_UNIX$" "$U/perfweek-collect.service"
'
test_expect_success 'and no private network (it reads /proc/net)' '
	! grep -q "^PrivateNetwork" "$U/perfweek-collect.service"
'
test_expect_success 'the report Mondays at 06:00' '
	test_is "$(sed -n "s/^OnCalendar=//p" "$U/perfweek-report.timer")" "Mon *-*-* 06:00:00"
'
test_expect_success 'a snapshot every minute' '
	test_is "$(sed -n "s/^OnCalendar=//p" "$U/perfweek-collect.timer")" "*-*-* *:*:00"
'
test_expect_success 'the alerts every five minutes, as cron/perfweek runs them' '
	test_is "$(sed -n "s/^OnCalendar=//p" "$U/perfweek-alert.timer")" "*-*-* *:00/5:15" &&
	test_is "$(sed -n "s/^ExecStart=//p" "$U/perfweek-alert.service")" "/usr/local/bin/perfweek-alert -q" &&
	grep -q "^\*/5 \* \* \* \*	perfweek	perfweek-alert -q$" "$SRC/cron/perfweek"
'

command -v systemd-analyze >/dev/null && test_set_prereq SYSTEMD_ANALYZE
# Installed for real (no DESTDIR) under the scratch directory, so that the
# programs named by ExecStart= exist where the units say.  The build under
# test is shared with the tests that run beside this one (make check runs
# them in parallel): its paths.h, which make would rewrite for these
# paths, is left alone (PATHS_H names one in the scratch directory).
O=$(dirname "$BIN")
[ "$BIN" = "$SRC/bin" ] && O=$SRC/build
R=$SCRATCH/root
D=$R/usr/lib/systemd/system
test_expect_success SYSTEMD_ANALYZE 'make install install-systemd into a scratch root' '
	make -s -C "$SRC" install install-systemd B="$BIN" O="$O" PREFIX="$R/usr" \
		SYSCONFDIR="$R/etc" LOCALSTATEDIR="$R/var" \
		PATHS_H="$SCRATCH/paths.h" >"$SCRATCH/make.log" 2>&1 &&
	test_set_prereq INSTALLED
'
test_expect_success INSTALLED 'ExecStart names the installed program' '
	test_is "$(sed -n "s/^ExecStart=//p" "$D/perfweek-report.service")" "$R/usr/bin/perfweek-report -q --mail"
'
test_expect_success INSTALLED 'ReadWritePaths names the state directory' '
	grep -q "^ReadWritePaths=$R/var/lib/perfweek$" "$D/perfweek-collect.service"
'
test_expect_success INSTALLED 'systemd-analyze verify passes' '
	units="" &&
	for f in "$D"/*.service "$D"/*.timer; do
		units="$units $f"
	done &&
	SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no $units >"$SCRATCH/verify" 2>&1
'
test_expect_success INSTALLED 'without a warning' '
	test_is "$(cat "$SCRATCH/verify")" ""
'
