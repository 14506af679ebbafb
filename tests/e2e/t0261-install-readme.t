#!/bin/sh
# README.md's install, as a new user would do it: the commands of its
# "Install" section, read from README.md and run verbatim (sudo dropped,
# DESTDIR added to make install) in a copy of the source tree: a plain
# "make", then "make install PREFIX=/usr/local SYSCONFDIR=/etc".  Then the
# configuration file the installed programs read, the example copied
# unchanged as perfweek.conf, the cron file's lines run by hand as the
# perfweek user, and report files on disk.
#
# So that the installed programs really find /etc/perfweek/perfweek.conf,
# /var/lib/perfweek and /usr/local/bin without a change to this host, that
# part runs in a private mount namespace (root and unshare(1) needed; it is
# skipped otherwise): /etc and /var/lib are replaced there by tmpfs copies
# whose entries are bind mounts of the real ones, plus perfweek -> the
# DESTDIR's directory (lib-ns.sh); passwd, group, shadow and gshadow are
# copies, so that README's useradd adds the perfweek user to the copies
# only; /var/log is an empty tmpfs (useradd's lastlog) and /usr/local is
# the DESTDIR's.
. "$(dirname "$0")/lib.sh"
# It runs no program of $BIN: under make check-sanitize and check-valgrind,
# which run the suite again for the programs' sake, it would do the same
# work again (lib.sh, PERFWEEK_PROGRAMS_ONLY).
programs_only_skip "builds and installs a copy of the tree"
# /etc/perfweek and /var/lib/perfweek absent on the host (t0270 installs the
# package with the lock held exclusive).
test_host_lock shared
command -v make >/dev/null && test_set_prereq MAKE
# A user types "make" in a shell: the steps run in a clean environment, not
# in that of a make running this test (make check-sanitize passes O=, B= and
# SANITIZE= down, in MAKEFLAGS and as environment variables).
CLEAN="env -i HOME=/root LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin"
T=$SCRATCH/tree
D=$SCRATCH/root
R=$SCRATCH/res
mkdir -p "$T" "$D/etc/perfweek" "$D/var/lib/perfweek" "$D/usr/local" "$R" \
	"$SCRATCH/ns"
test_expect_success 'a copy of the source tree, without its build' '
	(cd "$SRC" && tar --exclude=./build --exclude=./bin --exclude=./.git \
		-cf - .) | tar -C "$T" -xf - &&
	test_set_prereq TREE
'

# The README's commands: the indented lines of "## Install"'s "make
# install" part (the package's come before it, t0270), comments cut.
test_expect_success "README's install commands, in the order this test runs them" '
	sed -n "/^### Other systems: make install/,/^## Configure/p" "$SRC/README.md" | grep "^    " |
		sed -e "s/^    //" -e "s/  *# .*//" >"$SCRATCH/readme.txt" &&
	test_set_prereq README &&
	test_is "$(sed -n 1,8p "$SCRATCH/readme.txt")" "make
sudo make install PREFIX=/usr/local SYSCONFDIR=/etc
sudo useradd --system --home-dir /var/lib/perfweek --shell /usr/sbin/nologin perfweek
sudo make install PREFIX=/usr/local SYSCONFDIR=/etc
sudo cp /etc/perfweek/perfweek.conf.example /etc/perfweek/perfweek.conf
perfweek-collect --check-config
configuration OK: /etc/perfweek/perfweek.conf
sudo make install-cron"
'

# The steps, NAME<TAB>COMMAND: README's lines (not the systemd one, not the
# journal and syslog ones) and this test's own, run by inner.sh in order.
STEPS=$SCRATCH/steps
steps() {
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		cmd=${line#sudo }
		case $cmd in
		"make install"*) cmd="$cmd DESTDIR=$D" ;;
		configuration*|journalctl*|grep*|"make install-systemd"*) continue ;;
		esac
		printf 'readme%d\t%s\n' "$n" "$cmd"
		case $cmd in
		"make install PREFIX"*)
			[ -e "$STEPS.pre" ] && continue
			: >"$STEPS.pre"
			printf 'pre\t%s\n' 'for p in collect report probe; do perfweek-$p --check-config; done'
			;;
		cp*)
			printf 'check\t%s\n' 'for p in report probe; do perfweek-$p --check-config; done'
			printf 'verbose\t%s\n' 'unset PERFWEEK_LOG; perfweek-report -v --check-config'
			printf 'owner\t%s\n' 'stat -c %U:%a /var/lib/perfweek'
			;;
		"make install-cron"*)
			printf 'cron\t%s\n' 'run_cron'
			printf 'dbowner\t%s\n' 'stat -c %U /var/lib/perfweek/perfweek.db'
			;;
		esac
	done <"$SCRATCH/readme.txt" >"$STEPS" &&
	printf 'typo\t%s\n' 'sed -i "/^\\[general\\]/a hots = x" /etc/perfweek/perfweek.conf; perfweek-collect --check-config' >>"$STEPS"
}

cat >"$SCRATCH/inner.sh" <<'INNER'
# inner.sh NS D T R STEPS: run the steps (as far as "useradd" if NS is 0),
# each one's stdout, stderr and status in R/NAME.out, .err, .rc.
set -u
NS=$1 D=$2 T=$3 R=$4 STEPS=$5
. "$T/tests/e2e/lib-ns.sh"

run_cron() {	# each job of the installed cron file, as its user
	i=0
	env=$(grep -E '^[A-Z]+=' "$D/etc/cron.d/perfweek")
	grep -E '^[0-9*]' "$D/etc/cron.d/perfweek" | tr '\t' ' ' |
	while read -r m h dom mon dow user cmd; do
		i=$((i + 1))
		echo "$cmd" >"$R/cron$i.cmd"
		# The report line, first without --mail (files only).
		case $cmd in
		*" --mail") job "cron${i}nomail" "$user" "${cmd% --mail}"
			rm -rf /var/lib/perfweek/reports.nomail
			cp -a /var/lib/perfweek/reports /var/lib/perfweek/reports.nomail
			rm -f /var/lib/perfweek/reports/* ;;
		esac
		job "cron$i" "$user" "$cmd"
	done
}

job() {	# job NAME USER COMMAND: as cron would, with the file's variables
		setpriv --reuid="$2" --regid="$2" --init-groups env -i $env \
		HOME=/var/lib/perfweek LOGNAME="$2" /bin/sh -c "$3" \
		</dev/null >"$R/$1.out" 2>"$R/$1.err"
	echo $? >"$R/$1.rc"
}

if [ "$NS" = 1 ]; then
	NSROOT=$(dirname "$R")/ns
	mount -t tmpfs tmpfs "$NSROOT" || exit 1
	ns_replica "$NSROOT" /etc perfweek "$D/etc/perfweek" || exit 1
	ns_replica "$NSROOT" /var/lib perfweek "$D/var/lib/perfweek" || exit 1
	mount -t tmpfs tmpfs /var/log || exit 1
	mount --bind "$D/usr/local" /usr/local || exit 1
fi
export PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
[ "$NS" = 1 ] || PATH=$D/usr/local/bin:$PATH
cd "$T" || exit 1
tab=$(printf '\t')
while IFS="$tab" read -r name cmd; do
	case $cmd in useradd*) [ "$NS" = 1 ] || break ;; esac
	if [ "$cmd" = run_cron ]; then
		run_cron
		continue
	fi
	sh -c "$cmd" </dev/null >"$R/$name.out" 2>"$R/$name.err"
	echo $? >"$R/$name.rc"
done <"$STEPS"
INNER

. "$SRC/tests/e2e/lib-ns.sh"
NS=0
if command -v setpriv useradd >/dev/null && ns_usable "$SCRATCH/ns"; then
	NS=1
	test_set_prereq NS
fi
{ [ "$NS" = 1 ] || [ ! -e /etc/perfweek/perfweek.conf ]; } && test_set_prereq NO_HOST_CONFIG
hostetc=$(ls -a /etc /var/lib | md5sum; getent passwd perfweek)
test_expect_success MAKE,TREE,README 'the steps ran' '
	steps &&
	if [ "$NS" = 1 ]; then
		$CLEAN unshare -m sh "$SCRATCH/inner.sh" 1 "$D" "$T" "$R" "$STEPS"
	else
		$CLEAN sh "$SCRATCH/inner.sh" 0 "$D" "$T" "$R" "$STEPS"
	fi &&
	test_set_prereq RAN
'
res() {	# res NAME: the step's status and output
	cat "$R/$1.rc" "$R/$1.out" 2>/dev/null
}
err() {
	cat "$R/$1.err" 2>/dev/null
}

test_expect_success RAN 'make (plain): exit 0' '
	test_is "$(res readme1 | head -n 1)" 0
'
test_expect_success RAN 'it compiles in /usr/local/etc' '
	test_like "$(res readme1)" "paths.h: SYSCONFDIR=/usr/local/etc "
'
test_expect_success RAN 'make install PREFIX=/usr/local SYSCONFDIR=/etc: exit 0' '
	test_is "$(res readme2 | head -n 1)" 0
'
test_expect_success RAN 'it rewrites paths.h for SYSCONFDIR=/etc' '
	test_like "$(res readme2)" "paths.h: SYSCONFDIR=/etc "
'
test_expect_success RAN 'and rebuilds what includes it' '
	test_like "$(res readme2)" "-o build/common/config.o common/config.c"
'
test_expect_success RAN 'the programs and /etc/perfweek/perfweek.conf.example are installed' '
	test -x "$D/usr/local/bin/perfweek-collect" && test -s "$D/etc/perfweek/perfweek.conf.example"
'
test_expect_success RAN,NO_HOST_CONFIG 'before the cp, the installed programs look for /etc/perfweek/perfweek.conf' '
	n="configuration OK: no /etc/perfweek/perfweek.conf; built-in defaults in force" &&
	test_is "$(res pre)" "0
$n
$n
$n"
'

test_expect_success RAN,NS 'useradd --system ... perfweek (in the namespace'\''s /etc/passwd)' '
	test_is "$(res readme3 | head -n 1)" 0
'
test_expect_success RAN,NS 'the second make install owns the state directory to perfweek' '
	test_like "$(res readme4)" "install -d -o perfweek -g perfweek -m 0750 $D/var/lib/perfweek"
'
test_expect_success RAN,NS '/var/lib/perfweek: perfweek'\''s, mode 0750' '
	test_is "$(res owner)" "0
perfweek:750"
'
test_expect_success RAN,NS 'README'\''s check: the collector reads /etc/perfweek/perfweek.conf' '
	test_is "$(res readme6)" "0
$(sed -n 7p "$SCRATCH/readme.txt")"
'
test_expect_success RAN,NS 'and so do the reporter and the probe' '
	test_is "$(res check)" "0
configuration OK: /etc/perfweek/perfweek.conf
configuration OK: /etc/perfweek/perfweek.conf"
'
test_expect_success RAN,NS '-v logs the file read, on stderr (not a terminal)' '
	test_is "$(err verbose)" "perfweek-report: configuration: /etc/perfweek/perfweek.conf"
'
test_expect_success RAN,NS 'the installed cron file'\''s four jobs' '
	test_is "$(cat "$R"/cron[1-4].cmd 2>/dev/null)" "perfweek-collect -q
perfweek-probe -q
perfweek-collect -q --maintain
perfweek-report -q --mail"
'
test_expect_success RAN,NS 'the collector'\''s job, as perfweek: exit 0, no output' '
	test_is "$(res cron1)$(err cron1)" 0
'
test_expect_success RAN,NS 'the probe'\''s job: exit 0, no output' '
	test_is "$(res cron2)$(err cron2)" 0
'
test_expect_success RAN,NS 'the maintenance job: exit 0, no output' '
	test_is "$(res cron3)$(err cron3)" 0
'
test_expect_success RAN,NS 'the database is perfweek'\''s' '
	test_is "$(res dbowner)" "0
perfweek"
'
# Last week has no snapshots: exit 3 (something missing), files written.
host=$(uname -n)
test_expect_success RAN,NS 'the report'\''s job without --mail: exit 0 or 3' '
	test_like "$(res cron4nomail | head -n 1)" "^[03]$"
'
test_expect_success RAN,NS 'and with -q, no output' '
	test_is "$(sed 1d "$R/cron4nomail.rc"; cat "$R/cron4nomail.out" "$R/cron4nomail.err")" ""
'
test_expect_success RAN,NS 'it writes last week'\''s report files to /var/lib/perfweek/reports' '
	week=$(ls "$D/var/lib/perfweek/reports.nomail" 2>/dev/null | sed -n "s/^perfweek-.*-\([0-9]*-W[0-9]*\)\.txt$/\1/p") &&
	test_is "$(cd "$D/var/lib/perfweek/reports.nomail" 2>/dev/null && ls)" "perfweek-$host-$week.json
perfweek-$host-$week.pdf
perfweek-$host-$week.txt"
'
# The Monday job itself: the example configuration has no [mail] section,
# so nothing is mailed, but the files are written, one line says why and
# the exit status is 3.
test_expect_success RAN,NS 'the Monday job (--mail, no [mail] section): exit 3' '
	test_is "$(res cron4 | head -n 1)" 3
'
test_expect_success RAN,NS 'one line says why nothing was mailed' '
	test_is "$(cat "$R/cron4.out" "$R/cron4.err")" "perfweek-report: mail not sent: --mail needs a [mail] section with url, from and to"
'
test_expect_success RAN,NS 'and the report files are written' '
	test_is "$(cd "$D/var/lib/perfweek/reports" && ls)" "perfweek-$host-$week.json
perfweek-$host-$week.pdf
perfweek-$host-$week.txt"
'
test_expect_success RAN,NS 'README'\''s first-run check: snapshots in the database' '
	test_like "$(sed -n 1p "$R/readme12.out")" "^[1-9][0-9]*[|]"
'
test_expect_success RAN,NS 'README'\''s report_run query: exit 0' '
	test_is "$(res readme13 | head -n 1)" 0
'
test_expect_success RAN,NS 'and report_run records the report run' '
	test_like "$(sed -n 1p "$R/readme13.out")" "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}[|]$week[|][A-Z ]+[|][03][|]/var/lib/perfweek/reports/perfweek-$host-$week.txt$"
'
test_expect_success RAN,NS 'a mistake in /etc/perfweek/perfweek.conf: exit 2' '
	test_is "$(res typo)" 2
'
test_expect_success RAN,NS 'naming the file and line' '
	line=$(($(grep -n "^\[general\]" "$D/etc/perfweek/perfweek.conf.example" | cut -d: -f1) + 1)) &&
	test_like "$(err typo)" "^/etc/perfweek/perfweek.conf:$line: unknown key '\''hots'\'' in \\[general\\]$"
'
test_expect_success RAN,NS 'this host'\''s /etc and /var/lib are unchanged, and it has no user perfweek' '
	test_is "$(ls -a /etc /var/lib | md5sum; getent passwd perfweek)" "$hostetc"
'
