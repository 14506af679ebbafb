#!/bin/sh
# The Debian package installed on this host, only where the run says the
# host is disposable (CI=true, as .ci/run has, or PERFWEEK_TEST_SYSTEM=1;
# root; no perfweek on the host yet): dpkg -i with perfweek/enable
# preseeded true; the units' ExecStart and the cron file's lines run as the
# perfweek user to a report; an upgrade to a rebuilt package with a higher
# version keeps an edited conffile and the history; dpkg -r keeps the
# history; dpkg --purge removes the package's files only, the history kept
# (perfweek/purge_history false, the default) and, after a reinstall,
# removed when it is true.  The host's files are compared before and after,
# file by file.
#
# No systemd runs as PID 1 here: the timers are enabled (their symlinks)
# and verified, their services' commands run by hand; that systemd starts
# them on time is not tested.  The cron lines' guard is run with a
# /run/systemd/system of a private mount namespace.
#
# The host lock (lib.sh) is taken exclusive: t0231 and t0261, which need no
# /etc/perfweek, /var/lib/perfweek or perfweek user on the host, wait.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/e2e/lib-ns.sh"
[ -z "$WRAP" ] || skip_all "installs a package; PERFWEEK_WRAP does not apply"
[ -z "${SANITIZE:-}" ] || skip_all "installs the package from the source, not the sanitizer build: once per make check, in check-e2e"
if [ "${CI:-}" != true ] && [ "${PERFWEEK_TEST_SYSTEM:-}" != 1 ]; then
	skip_all "installs a package system-wide: only where CI=true or PERFWEEK_TEST_SYSTEM=1 says the host is disposable"
fi
[ "$(id -u)" = 0 ] || skip_all "dpkg -i needs root"
for t in dpkg-buildpackage dh lintian debconf-set-selections setpriv flock; do
	command -v $t >/dev/null || skip_all "no $t (.ci/install-deps)"
done
test_host_lock exclusive || skip_all "no host lock"
if dpkg-query -W -f='${Status}' perfweek 2>/dev/null | grep -q installed ||
	[ -e /etc/perfweek ] || [ -e /var/lib/perfweek ] || [ -e /etc/default/perfweek ] ||
	[ -e /etc/cron.d/perfweek ] || getent passwd perfweek >/dev/null ||
	getent group perfweek >/dev/null; then
	skip_all "perfweek is already on this host (package, /etc/perfweek, /var/lib/perfweek or user)"
fi
export DEBIAN_FRONTEND=noninteractive TZ=UTC
CLEAN="env -i HOME=/root LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin"
V=$("$BIN/perfweek-collect" --version | sed 's/^perfweek-collect //')
V2=$V+t2
ARCH=$(dpkg --print-architecture)
host=$(uname -n)

# manifest: every entry of /etc, /var/lib and the package's /usr paths with its type, mode,
# owner, size and target; /etc's files with their checksum.  Not dpkg's
# and apt's databases, logs and caches (compared by dpkg-query and debconf
# below), nor what changes by itself (/var/lib/systemd's timestamps).
manifest() {
	find /etc /usr/bin /usr/sbin /usr/lib/systemd /usr/lib/sysusers.d /usr/lib/tmpfiles.d \
		/usr/libexec /usr/share/perfweek /usr/share/doc /usr/share/man /usr/share/lintian \
		/var/lib /var/spool /var/mail -xdev \
		\( -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/lib/ucf \
		-o -path /var/lib/systemd/timers -o -path /var/lib/systemd/timesync \
		-o -path /var/lib/systemd/catalog -o -path /var/lib/systemd/coredump \
		-o -path /var/lib/systemd/pstore -o -name '*.pyc' -o -name __pycache__ \) -prune -o \
		-printf '%p %y %m %u:%g %s %l\n' 2>/dev/null | LC_ALL=C sort
	find /etc -xdev -type f -exec md5sum {} + 2>/dev/null | LC_ALL=C sort -k 2
}
# changed BEFORE AFTER: the paths whose entries differ, of those perfweek
# may touch: a name with "perfweek" (its files, the timers' links and
# deb-systemd-helper's state) and the user's files.  Other packages
# installed meanwhile by others on a shared host are not this test's.
changed() {
	diff "$1" "$2" | sed -n -e "s/^[<>] [0-9a-f]\{32\}  \(.*\)/\1/p" \
		-e "s/^[<>] \([^ ]*\) .*/\1/p" | LC_ALL=C sort -u |
		grep -E "perfweek|^/etc/(passwd|group|shadow|gshadow)-?$|^/etc/.pwd.lock$"
}
# The user's files, saved to be restored after userdel (whose backups differ).
ACCT="passwd group shadow gshadow passwd- group- shadow- gshadow-"
mkdir -p "$SCRATCH/etc"
for f in $ACCT; do [ ! -e "/etc/$f" ] || cp -p "/etc/$f" "$SCRATCH/etc/$f"; done
restore() {	# what the test added to the host, taken back out
	if dpkg-query -W -f='${Status}' perfweek 2>/dev/null | grep -q "installed\|config-files\|half"; then
		echo "perfweek perfweek/purge_history boolean true" | debconf-set-selections
		dpkg --purge perfweek >/dev/null 2>&1
	fi
	echo PURGE | debconf-communicate perfweek >/dev/null 2>&1
	rm -rf /var/lib/perfweek /etc/perfweek /etc/default/perfweek /etc/cron.d/perfweek
	if getent passwd perfweek >/dev/null; then
		userdel perfweek 2>/dev/null
		getent group perfweek >/dev/null && groupdel perfweek 2>/dev/null
		backups
	fi
}
backups() {	# the user files' backups as before, or at least without perfweek
	for f in passwd group shadow gshadow; do
		if cmp -s "/etc/$f" "$SCRATCH/etc/$f" && [ -e "$SCRATCH/etc/$f-" ]; then
			cp -p "$SCRATCH/etc/$f-" "/etc/$f-"
		elif [ -e "/etc/$f-" ]; then
			sed -i "/^perfweek:/d" "/etc/$f-"
		fi
	done
}
on_exit restore
manifest >"$SCRATCH/before"

dpkg_() {	# dpkg_ ARGS: dpkg, again while another dpkg holds its lock (60 s)
	i=0
	while :; do
		dpkg "$@" >"$SCRATCH/dpkg.out" 2>&1 && return 0
		grep -q "lock" "$SCRATCH/dpkg.out" && [ $i -lt 60 ] || { cat "$SCRATCH/dpkg.out"; return 1; }
		i=$((i + 1))
		sleep 1
	done
}
status() {
	dpkg-query -W -f='${Version} ${Status}' perfweek 2>/dev/null
}

test_expect_success 'make deb' '
	$CLEAN make -s -C "$SRC" deb DEBDIR="$SCRATCH/deb" >"$SCRATCH/build.log" 2>&1 &&
	test_set_prereq DEB
'
test_expect_success DEB 'dpkg -i, perfweek/enable preseeded true' '
	echo "perfweek perfweek/enable boolean true" | debconf-set-selections &&
	dpkg_ -i "$SCRATCH/deb/perfweek_${V}_$ARCH.deb" &&
	test_is "$(status)" "$V install ok installed" &&
	test_set_prereq INSTALLED
'
test_expect_success INSTALLED 'the perfweek system user, its home /var/lib/perfweek, no login' '
	uid=$(id -u perfweek) && [ "$uid" -lt 1000 ] &&
	test_is "$(getent passwd perfweek | cut -d: -f6,7)" "/var/lib/perfweek:/usr/sbin/nologin"
'
test_expect_success INSTALLED '/var/lib/perfweek: perfweek'\''s, mode 0750' '
	test_is "$(stat -c "%U:%G %a" /var/lib/perfweek)" "perfweek:perfweek 750"
'
test_expect_success INSTALLED '/etc/default/perfweek keeps the answer' '
	test_is "$(grep "^ENABLED=" /etc/default/perfweek)" "ENABLED=\"true\""
'
test_expect_success INSTALLED 'the five timers enabled' '
	test_is "$(cd /etc/systemd/system/timers.target.wants && ls perfweek-*)" "perfweek-alert.timer
perfweek-collect.timer
perfweek-maintain.timer
perfweek-probe.timer
perfweek-report.timer" &&
	test_is "$(systemctl is-enabled perfweek-report.timer 2>&1)" enabled
'
test_expect_success INSTALLED 'systemd-analyze verify: the installed units, no warning' '
	SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no /lib/systemd/system/perfweek-*.service \
		/lib/systemd/system/perfweek-*.timer >"$SCRATCH/verify" 2>&1 &&
	test_is "$(cat "$SCRATCH/verify")" ""
'
test_expect_success INSTALLED 'perfweek-report reads /etc/perfweek/perfweek.conf' '
	test_is "$(perfweek-report --check-config)" "configuration OK: /etc/perfweek/perfweek.conf"
'

as_perfweek() {	# as_perfweek NAME COMMAND: as cron or systemd would, its rc, out, err
	setpriv --reuid=perfweek --regid=perfweek --init-groups env -i \
		SHELL=/bin/sh PATH=/usr/libexec/perfweek:/usr/bin:/bin HOME=/var/lib/perfweek \
		LOGNAME=perfweek PERFWEEK_LOG=stderr /bin/sh -c "$2" </dev/null \
		>"$SCRATCH/$1.out" 2>"$SCRATCH/$1.err"
	echo $? >"$SCRATCH/$1.rc"
}
res() {
	cat "$SCRATCH/$1.rc" "$SCRATCH/$1.out" "$SCRATCH/$1.err"
}
snapshots() {
	sqlite3 -readonly /var/lib/perfweek/perfweek.db "SELECT count(*) FROM snapshot"
}
execstart() {	# execstart UNIT: its ExecStart= command
	sed -n "s/^ExecStart=//p" "/lib/systemd/system/$1.service"
}
cronjob() {	# cronjob N: the command of the cron file's Nth job line
	grep -E "^[0-9*]" /etc/cron.d/perfweek | sed -n "${1}p" | cut -f 3
}

test_expect_success INSTALLED 'the timers'\'' services: collect, probe, maintain, alert as perfweek, exit 0, silent' '
	as_perfweek collect "$(execstart perfweek-collect)" &&
	as_perfweek probe "$(execstart perfweek-probe)" &&
	as_perfweek maintain "$(execstart perfweek-maintain)" &&
	as_perfweek alert "$(execstart perfweek-alert)" &&
	test_is "$(res collect; res probe; res maintain; res alert)" "0
0
0
0" &&
	test_is "$(snapshots)" 1 &&
	test_set_prereq RAN
'
test_expect_success RAN 'the report service (--mail, no [mail] in the conffile): exit 3, files written' '
	as_perfweek report "$(execstart perfweek-report)" &&
	test_is "$(res report)" "3
perfweek-report: mail not sent: --mail needs a [mail] section with url, from and to" &&
	week=$(ls /var/lib/perfweek/reports | sed -n "s/^perfweek-.*-\([0-9]*-W[0-9]*\)\.txt$/\1/p") &&
	test_is "$(ls /var/lib/perfweek/reports)" "perfweek-$host-$week.json
perfweek-$host-$week.pdf
perfweek-$host-$week.txt" &&
	test_is "$(stat -c %U /var/lib/perfweek/reports/perfweek-$host-$week.pdf)" perfweek
'
test_expect_success RAN 'the cron file'\''s collector line, as perfweek (no systemd here): a snapshot' '
	as_perfweek cron1 "$(cronjob 1)" &&
	test_is "$(res cron1)" 0 &&
	test_is "$(snapshots)" 2
'
test_expect_success RAN 'its probe and maintenance lines: exit 0, silent' '
	as_perfweek cron2 "$(cronjob 2)" && as_perfweek cron3 "$(cronjob 3)" &&
	test_is "$(res cron2; res cron3)" "0
0"
'
test_expect_success RAN 'its Monday line: the report, exit 3 (nothing mailed)' '
	as_perfweek cron4 "$(cronjob 4)" &&
	test_is "$(cat "$SCRATCH/cron4.rc")" 3 &&
	test_is "$(sqlite3 -readonly /var/lib/perfweek/perfweek.db "SELECT count(*) FROM report_run")" 2
'
mkdir -p "$SCRATCH/ns"
ns_usable "$SCRATCH/ns" && test_set_prereq NS
test_expect_success RAN,NS 'with systemd running (/run/systemd/system), the cron line does nothing' '
	unshare -m sh -c "mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/system &&
		setpriv --reuid=perfweek --regid=perfweek --init-groups env -i PATH=/usr/libexec/perfweek:/usr/bin:/bin \
		sh -c \"$(cronjob 1)\"" &&
	test_is "$(snapshots)" 2
'

# The upgrade: the tree rebuilt with version $V2 and one more line in the
# shipped configuration; the administrator's edit of it is kept.
T=$SCRATCH/tree
test_expect_success INSTALLED 'the administrator edits /etc/perfweek/perfweek.conf' '
	sed -i "s/^\[general\]$/[general]\n# edited by the administrator\nbusy_timeout_ms = 4000/" /etc/perfweek/perfweek.conf &&
	test_is "$(perfweek-collect --check-config)" "configuration OK: /etc/perfweek/perfweek.conf" &&
	cp /etc/perfweek/perfweek.conf "$SCRATCH/edited.conf" &&
	md5sum /var/lib/perfweek/perfweek.db >"$SCRATCH/db.md5"
'
test_expect_success DEB 'dpkg-buildpackage -us -uc -b: the tree at version '"$V2"', its example changed' '
	mkdir "$T" &&
	(cd "$SRC" && tar --exclude=./build --exclude=./bin --exclude=./.git -cf - .) | tar -C "$T" -xf - &&
	{ printf "perfweek (%s) unstable; urgency=medium\n\n  * A rebuild for the upgrade test.\n\n -- %s  %s\n\n" \
		"$V2" "$(dpkg-parsechangelog -l "$T/debian/changelog" -S Maintainer)" "$(date -R)"; \
	  cat "$T/debian/changelog"; } >"$T/changelog.new" && mv "$T/changelog.new" "$T/debian/changelog" &&
	echo "# $V2" >>"$T/docs/perfweek.conf" &&
	(cd "$T" && $CLEAN DEB_BUILD_OPTIONS=parallel=2 dpkg-buildpackage -us -uc -b) >"$SCRATCH/build2.log" 2>&1 &&
	dpkg --compare-versions "$V2" gt "$V" &&
	test_set_prereq DEB2
'
test_expect_success INSTALLED,DEB2 'dpkg -i the higher version (--force-confold, as a fleet'\''s tool says)' '
	dpkg_ --force-confdef --force-confold -i "$SCRATCH/perfweek_${V2}_$ARCH.deb" &&
	test_is "$(status)" "$V2 install ok installed" &&
	test_set_prereq UPGRADED
'
test_expect_success UPGRADED 'the programs are the new version' '
	test_is "$(perfweek-collect --version)" "perfweek-collect $V2"
'
test_expect_success UPGRADED 'the edited conffile is kept, the new one beside it as .dpkg-dist' '
	cmp "$SCRATCH/edited.conf" /etc/perfweek/perfweek.conf &&
	test_is "$(tail -n 1 /etc/perfweek/perfweek.conf.dpkg-dist)" "# $V2"
'
test_expect_success UPGRADED 'the history is untouched, and the next run adds to it' '
	md5sum -c --quiet "$SCRATCH/db.md5" &&
	as_perfweek cron1b "$(cronjob 1)" &&
	test_is "$(res cron1b)" 0 &&
	test_is "$(snapshots)" 3
'
test_expect_success UPGRADED 'the timers stay enabled' '
	test_is "$(ls /etc/systemd/system/timers.target.wants | grep -c "^perfweek-")" 5
'
test_expect_success UPGRADED 'ENABLED="false" in /etc/default/perfweek, dpkg-reconfigure: the timers disabled' '
	sed -i "s/^ENABLED=.*/ENABLED=\"false\"/" /etc/default/perfweek &&
	dpkg-reconfigure -fnoninteractive perfweek >"$SCRATCH/reconf" 2>&1 &&
	test_is "$(debconf-show perfweek | grep enable)" "* perfweek/enable: false" &&
	test_is "$(grep "^ENABLED=" /etc/default/perfweek)" "ENABLED=\"false\"" &&
	test_is "$(ls /etc/systemd/system/timers.target.wants 2>/dev/null | grep -c "^perfweek-")" 0
'
test_expect_success UPGRADED 'and the cron line does nothing' '
	as_perfweek cron1c "$(cronjob 1)" &&
	test_is "$(res cron1c)" 0 &&
	test_is "$(snapshots)" 3
'

test_expect_success UPGRADED 'dpkg -r' '
	dpkg_ -r perfweek &&
	test_is "$(status)" "$V2 deinstall ok config-files" &&
	test_set_prereq REMOVED
'
test_expect_success REMOVED 'the programs are gone; the conffiles, the history and the user stay' '
	test ! -e /usr/bin/perfweek-collect && test ! -e /usr/libexec/perfweek &&
	cmp "$SCRATCH/edited.conf" /etc/perfweek/perfweek.conf &&
	test -s /etc/cron.d/perfweek &&
	test_is "$(snapshots)" 3 &&
	getent passwd perfweek >/dev/null
'
test_expect_success REMOVED 'the cron line of the removed package does nothing, silently' '
	as_perfweek cron1d "$(cronjob 1)" &&
	test_is "$(cat "$SCRATCH/cron1d.out" "$SCRATCH/cron1d.err")" ""
'
test_expect_success REMOVED 'dpkg --purge (perfweek/purge_history: the default, false)' '
	dpkg_ --purge perfweek &&
	test_is "$(status)" "" &&
	test_set_prereq PURGED
'
test_expect_success PURGED 'the package'\''s files and debconf answers are gone' '
	for p in /etc/perfweek /etc/default/perfweek /etc/cron.d/perfweek /usr/share/perfweek \
		/lib/systemd/system/perfweek-collect.timer /usr/lib/sysusers.d/perfweek.conf; do
		test ! -e "$p" || { echo "left: $p"; return 1; }
	done &&
	test_is "$(debconf-show perfweek 2>&1)" "" &&
	test_is "$(ls /var/lib/dpkg/info | grep "^perfweek\.")" ""
'
test_expect_success PURGED 'compared with before, file by file: only the history and the user (and its files'\''s backups) differ' '
	manifest >"$SCRATCH/purged" &&
	changed "$SCRATCH/before" "$SCRATCH/purged" >"$SCRATCH/changed" &&
	test_is "$(grep -Ev "^/var/lib/perfweek|^/etc/(passwd|group|shadow|gshadow)-$" "$SCRATCH/changed")" "/etc/group
/etc/gshadow
/etc/passwd
/etc/shadow" &&
	test_is "$(snapshots)" 3 &&
	test_is "$(ls /var/lib/perfweek/reports | wc -l)" 3
'

test_expect_success PURGED 'installed again: it goes on with the kept history' '
	dpkg_ -i "$SCRATCH/perfweek_${V2}_$ARCH.deb" &&
	test_is "$(stat -c "%U:%G %a" /var/lib/perfweek)" "perfweek:perfweek 750" &&
	test_is "$(grep "^ENABLED=" /etc/default/perfweek)" "ENABLED=\"false\"" &&
	test_is "$(snapshots)" 3 &&
	test_set_prereq AGAIN
'
test_expect_success AGAIN 'dpkg --purge, perfweek/purge_history true: the history removed' '
	echo "perfweek perfweek/purge_history boolean true" | debconf-set-selections &&
	dpkg_ --purge perfweek &&
	test ! -e /var/lib/perfweek &&
	test_set_prereq PURGED2
'
test_expect_success PURGED2 'the user removed (by the test), the host is as before, file by file' '
	userdel perfweek &&
	! getent group perfweek >/dev/null &&
	for f in passwd group shadow gshadow; do
		cmp "/etc/$f" "$SCRATCH/etc/$f" || return 1
	done &&
	backups &&
	manifest >"$SCRATCH/after" &&
	test_is "$(changed "$SCRATCH/before" "$SCRATCH/after")" ""
'
test_expect_success PURGED2 'no file named perfweek left in the system paths' '
	test_is "$(find /etc /usr /var/lib /var/cache /var/spool /run -xdev -name "*perfweek*" 2>/dev/null)" ""
'
