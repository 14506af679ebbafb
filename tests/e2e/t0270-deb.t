#!/bin/sh
# The Debian package (debian/): "make deb" builds it offline in a copy of
# the tree, lintian --pedantic finds nothing in it and in the source
# package (dpkg-source -b), and its contents, conffiles,
# dependencies, cron file and units are those the package promises.  The
# version is debian/changelog's, and the programs' --version says the same.
#
# The cron file's guard is run in a private mount namespace (root and
# unshare(1)): with /run/systemd/system present (systemd running) a job
# does nothing; without it, ENABLED in /etc/default/perfweek decides.
#
# The system-wide part (t0271-deb-system.t) installs the package for real.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/e2e/lib-ns.sh"
[ -z "$WRAP" ] || skip_all "builds a package; PERFWEEK_WRAP does not apply (make check-e2e runs it)"
[ -z "${SANITIZE:-}" ] || skip_all "builds the package from the source, not the sanitizer build: once per make check, in check-e2e"
for t in dpkg-buildpackage dh lintian dpkg-deb po2debconf; do
	command -v $t >/dev/null || skip_all "no $t (debhelper, dpkg-dev, lintian, po-debconf: .ci/install-deps)"
done
CLEAN="env -i HOME=${HOME:-/root} LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin"
V=$("$BIN/perfweek-collect" --version | sed 's/^perfweek-collect //')
ARCH=$(dpkg --print-architecture)
DEB=$SCRATCH/deb/perfweek_${V}_$ARCH.deb
X=$SCRATCH/x

test_expect_success 'the version is debian/changelog'\''s' '
	test_is "$V" "$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Version)"
'
test_expect_success "README's Install section starts with the package" '
	sed -n "/^## Install/,/^### Other systems: make install/p" "$SRC/README.md" | grep "^    " |
		sed "s/^    //" >"$SCRATCH/readme.txt" &&
	test_is "$(cat "$SCRATCH/readme.txt")" "make deb
sudo apt install ./build/deb/perfweek_*.deb
sudo dpkg-reconfigure perfweek
echo \"perfweek perfweek/enable boolean true\" | sudo debconf-set-selections"
'
test_expect_success 'make deb (dpkg-buildpackage -us -uc -b in a copy of the tree)' '
	$CLEAN make -s -C "$SRC" deb DEBDIR="$SCRATCH/deb" >"$SCRATCH/build.log" 2>&1 &&
	test -s "$DEB" && dpkg-deb -x "$DEB" "$X" &&
	test_set_prereq DEB
'
test_expect_success DEB 'it leaves the tree'\''s build alone and only the package in DEBDIR' '
	test -x "$SRC/bin/perfweek-collect" &&
	test_is "$(cd "$SCRATCH/deb" && ls perfweek_*.deb)" "perfweek_${V}_$ARCH.deb" &&
	test_is "$(cd "$SCRATCH/deb" && ls)" "perfweek-dbgsym_${V}_$ARCH.deb
perfweek_${V}_$ARCH.buildinfo
perfweek_${V}_$ARCH.changes
perfweek_${V}_$ARCH.deb"
'
test_expect_success DEB 'the package'\''s version and its programs'\'' --version' '
	test_is "$(dpkg-deb -f "$DEB" Package Version Architecture)" "Package: perfweek
Version: $V
Architecture: $ARCH" &&
	test_is "$("$X/usr/bin/perfweek-report" --version)" "perfweek-report $V"
'
test_expect_success DEB 'the programs read /etc/perfweek/perfweek.conf' '
	test_like "$("$X/usr/bin/perfweek-collect" --check-config -v 2>&1)" \
		"no /etc/perfweek/perfweek.conf|configuration OK: /etc/perfweek/perfweek.conf"
'
test_expect_success DEB 'lintian --pedantic: nothing (the overrides are in debian/)' '
	lintian --pedantic -I -E "$SCRATCH/deb/perfweek_${V}_$ARCH.changes" \
		>"$SCRATCH/lintian" 2>"$SCRATCH/lintian.err" &&
	test_is "$(cat "$SCRATCH/lintian")" "" &&
	test_is "$(grep -v "running with root privileges" "$SCRATCH/lintian.err")" ""
'
test_expect_success DEB 'the source package (dpkg-source -b): lintian --pedantic finds nothing either' '
	mkdir -p "$SCRATCH/src/perfweek-$V" &&
	(cd "$SRC" && tar --exclude=./build --exclude=./bin --exclude=./.git -cf - .) |
		tar -C "$SCRATCH/src/perfweek-$V" -xf - &&
	(cd "$SCRATCH/src" && dpkg-source -b "perfweek-$V") >"$SCRATCH/source.log" 2>&1 &&
	lintian --pedantic -I -E "$SCRATCH/src/perfweek_$V.dsc" >"$SCRATCH/lintian" 2>"$SCRATCH/lintian.err" &&
	test_is "$(cat "$SCRATCH/lintian")" "" &&
	test_is "$(grep -v "running with root privileges" "$SCRATCH/lintian.err")" ""
'
test_expect_success DEB 'the contents (dpkg -c): mode, owner, path' '
	dpkg-deb -c "$DEB" | awk "{ print \$1, \$2, \$6 }" | grep -v "^d" >"$SCRATCH/contents" &&
	cat >"$SCRATCH/expected" <<-EOF &&
	-rw-r--r-- root/root ./etc/cron.d/perfweek
	-rw-r--r-- root/root ./etc/perfweek/perfweek.conf
	-rw-r--r-- root/root ./lib/systemd/system/perfweek-alert.service
	-rw-r--r-- root/root ./lib/systemd/system/perfweek-alert.timer
	-rw-r--r-- root/root ./lib/systemd/system/perfweek-collect.service
	-rw-r--r-- root/root ./lib/systemd/system/perfweek-collect.timer
	-rw-r--r-- root/root ./lib/systemd/system/perfweek-maintain.service
	-rw-r--r-- root/root ./lib/systemd/system/perfweek-maintain.timer
	-rw-r--r-- root/root ./lib/systemd/system/perfweek-probe.service
	-rw-r--r-- root/root ./lib/systemd/system/perfweek-probe.timer
	-rw-r--r-- root/root ./lib/systemd/system/perfweek-report.service
	-rw-r--r-- root/root ./lib/systemd/system/perfweek-report.timer
	-rwxr-xr-x root/root ./usr/bin/perfweek-alert
	-rwxr-xr-x root/root ./usr/bin/perfweek-collect
	-rwxr-xr-x root/root ./usr/bin/perfweek-probe
	-rwxr-xr-x root/root ./usr/bin/perfweek-report
	-rw-r--r-- root/root ./usr/lib/sysusers.d/perfweek.conf
	-rwxr-xr-x root/root ./usr/libexec/perfweek/perfweek-cron
	-rw-r--r-- root/root ./usr/share/doc/perfweek/changelog.gz
	-rw-r--r-- root/root ./usr/share/doc/perfweek/copyright
	-rw-r--r-- root/root ./usr/share/lintian/overrides/perfweek
	-rw-r--r-- root/root ./usr/share/man/man5/perfweek.conf.5.gz
	-rw-r--r-- root/root ./usr/share/man/man8/perfweek-alert.8.gz
	-rw-r--r-- root/root ./usr/share/man/man8/perfweek-collect.8.gz
	-rw-r--r-- root/root ./usr/share/man/man8/perfweek-probe.8.gz
	-rw-r--r-- root/root ./usr/share/man/man8/perfweek-report.8.gz
	-rw-r--r-- root/root ./usr/share/perfweek/templates/fleet.txt.mustache
	-rw-r--r-- root/root ./usr/share/perfweek/templates/report.txt.mustache
	EOF
	test_cmp "$SCRATCH/expected" "$SCRATCH/contents"
'
test_expect_success DEB 'no state directory in the package (the postinst makes it, perfweek'\''s)' '
	! dpkg-deb -c "$DEB" | grep -q "var/lib"
'
test_expect_success DEB 'the conffiles: the configuration and the cron file' '
	dpkg-deb -e "$DEB" "$SCRATCH/control" &&
	test_is "$(sort "$SCRATCH/control/conffiles")" "/etc/cron.d/perfweek
/etc/perfweek/perfweek.conf"
'
test_expect_success DEB 'the configuration is the annotated example' '
	cmp "$SRC/docs/perfweek.conf" "$X/etc/perfweek/perfweek.conf"
'
test_expect_success DEB 'dpkg-shlibdeps'\''s libraries; libinih linked in, not a dependency' '
	deps=$(dpkg-deb -f "$DEB" Depends) &&
	missing="" &&
	for d in libc6 libsqlite3-0 libcurl4 libcjson1 libhpdf libfontconfig1 libfribidi0 fonts-dejavu-core debconf \
		"systemd | systemd-standalone-sysusers"; do
		case "$deps" in *"$d"*) ;; *) missing="$missing [$d]" ;; esac
	done &&
	test_is "$missing" "" &&
	case "$deps" in *inih*) false ;; esac
'
test_expect_success DEB 'the perfweek system user (sysusers), home /var/lib/perfweek' '
	test_is "$(grep -v "^#" "$X/usr/lib/sysusers.d/perfweek.conf")" \
		"u perfweek - \"perfweek performance reports\" /var/lib/perfweek /usr/sbin/nologin"
'
test_expect_success DEB 'maintainer scripts: debconf config and templates, postinst, postrm' '
	test_is "$(cd "$SCRATCH/control" && ls)" "conffiles
config
control
md5sums
postinst
postrm
preinst
prerm
templates"
'
test_expect_success DEB 'the debconf questions: perfweek/enable (default false, as sysstat'\''s), perfweek/purge_history' '
	test_is "$(sed -n "s/^\(Template\|Default\|Description\): //p" "$SCRATCH/control/templates")" \
		"perfweek/enable
false
Collect performance data and report weekly?
perfweek/purge_history
false
Remove perfweek'\''s history and reports?"
'
test_expect_success DEB 'perfweek/enable asked at priority low' '
	grep -q "^db_input low perfweek/enable" "$SCRATCH/control/config"
'
test_expect_success DEB 'debhelper'\''s snippets neither enable nor start the timers: the postinst'\''s own two calls do' '
	test_is "$(grep -c "deb-systemd-invoke" "$SCRATCH/control/postinst")" 2 &&
	test_is "$(grep -c "^	if deb-systemd-helper debian-installed .perfweek-.*timer" "$SCRATCH/control/postinst")" 5
'

# The cron file: the schedule of cron/perfweek, each job behind perfweek-cron.
C=$X/etc/cron.d/perfweek
jobs() {	# jobs FILE: time fields, user and command of each job line
	grep -E "^[0-9*]" "$1" | tr "\t" " " |
		sed "s|command -v perfweek-cron >/dev/null && perfweek-cron ||"
}
test_expect_success DEB 'the cron file: cron/perfweek'\''s five jobs' '
	test_is "$(jobs "$C")" "$(jobs "$SRC/cron/perfweek")" &&
	test_is "$(jobs "$C" | wc -l)" 5
'
test_expect_success DEB 'each through perfweek-cron, which the PATH finds' '
	test_is "$(grep -E "^[0-9*]" "$C" | grep -vc "	perfweek	command -v perfweek-cron >/dev/null && perfweek-cron perfweek-")" 0 &&
	grep -q "^PATH=/usr/libexec/perfweek:/usr/bin:/bin$" "$C"
'

# The units as shipped, their paths moved into the unpacked tree so that
# systemd-analyze finds the programs (no systemd runs as PID 1 here: the
# timers are verified, not run; t0271 runs their services' ExecStart).
command -v systemd-analyze >/dev/null && test_set_prereq SYSTEMD_ANALYZE
test_expect_success DEB 'the units run /usr/bin'\''s programs as perfweek' '
	test_is "$(sed -n "s/^\(ExecStart\|User\|ReadWritePaths\)=//p" "$X/lib/systemd/system/perfweek-report.service")" \
		"perfweek
/usr/bin/perfweek-report -q --mail
/var/lib/perfweek"
'
test_expect_success DEB,SYSTEMD_ANALYZE 'systemd-analyze verify: the units, as shipped, without a warning' '
	mkdir "$SCRATCH/units" &&
	for u in "$X"/lib/systemd/system/*; do
		sed "s|=/usr/bin/|=$X/usr/bin/|" "$u" >"$SCRATCH/units/${u##*/}" || return 1
	done &&
	SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no "$SCRATCH"/units/* >"$SCRATCH/verify" 2>&1 &&
	test_is "$(cat "$SCRATCH/verify")" ""
'

# perfweek-cron in a private mount namespace: /run a tmpfs with or without
# systemd/system, /etc/default a tmpfs holding a scratch perfweek file.
mkdir -p "$SCRATCH/ns"
ns_usable "$SCRATCH/ns" && test_set_prereq NS
cat >"$SCRATCH/guard.sh" <<'GUARD'
# guard.sh X SYSTEMD ENABLED ARGS...: perfweek-cron ARGS with /run/systemd/system
# (SYSTEMD=1) or not, ENABLED="..." in /etc/default/perfweek
set -u
X=$1 sd=$2 en=$3
shift 3
mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /etc/default || exit 99
[ "$sd" = 0 ] || mkdir -p /run/systemd/system
echo "ENABLED=\"$en\"" >/etc/default/perfweek
sh "$X/usr/libexec/perfweek/perfweek-cron" "$@"
GUARD
guard() {	# guard SYSTEMD ENABLED ARGS...: its status and output
	unshare -m sh "$SCRATCH/guard.sh" "$X" "$@" 2>&1
	echo "rc=$?"
}
test_expect_success DEB,NS 'perfweek-cron, systemd running: nothing, exit 0 (the timers do the work)' '
	test_is "$(guard 1 true perfweek-none)" "rc=0"
'
test_expect_success DEB,NS 'no systemd, ENABLED="false": nothing, exit 0' '
	test_is "$(guard 0 false perfweek-none)" "rc=0"
'
test_expect_success DEB,NS 'no systemd, ENABLED="true": the job runs (a program not perfweek'\''s refused, exit 2)' '
	test_is "$(guard 0 true perfweek-none -q)" "perfweek-cron: not a perfweek program: '\''perfweek-none'\''
rc=2"
'
